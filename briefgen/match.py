"""Across sources: which claims in different articles are the same claim, and where their copies disagree.

Two claims are the same when a sidecar says so (`same_as`), or when their quotes, folded (case,
punctuation, quotation marks and white space ignored), are equal, one contains the other (at
least MIN_CONTAINED_WORDS words), or are alike by a fuzzy score of at least FUZZY_RATIO (rapidfuzz
`ratio`, 0–100) — or PARTIAL_RATIO for `partial_ratio` when the shorter has MIN_PARTIAL_WORDS
words or more. Candidates are found through shared runs of SHINGLE words, so a corpus of
thousands of articles is not compared pair by pair."""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections import Counter
from itertools import combinations
from types import MappingProxyType
from typing import Mapping

from rapidfuzz import fuzz

from .anchor import fold, quote_pieces
from .errors import Diagnostic, WARNING
from .model import Claim, Corpus

MIN_CONTAINED_WORDS = 4
FUZZY_RATIO = 88
PARTIAL_RATIO = 92
MIN_PARTIAL_WORDS = 8
SHINGLE = 4
MAX_SHINGLE_CLAIMS = 50  # a run of words this common is boilerplate, not evidence
SHORT_QUOTE_WORDS = 12  # quotes this short are scored whenever they share a run

_NOT_WORD = re.compile(r"[^\w]+")


def words_of(quote: str) -> tuple[str, ...]:
    """The quote's words, folded: what matching and wording comparison look at."""
    return tuple(w for w in _NOT_WORD.split(fold(quote).text.casefold()) if w)


@dataclass(frozen=True)
class Conflict:
    """One way the copies of a claim disagree."""

    kind: str  # "speaker" | "kind" | "wording"
    message: str


@dataclass(frozen=True)
class ClaimGroup:
    """The copies of one claim across articles (refs 'slug#id', in corpus order), and their conflicts."""

    id: str
    refs: tuple[str, ...]
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True)
class Matches:
    groups: tuple[ClaimGroup, ...]
    group_of: Mapping[str, ClaimGroup]  # claim ref → its group

    def others(self, ref: str) -> tuple[str, ...]:
        group = self.group_of.get(ref)
        return tuple(r for r in group.refs if r != ref) if group else ()

    @property
    def conflicted(self) -> tuple[ClaimGroup, ...]:
        return tuple(g for g in self.groups if g.conflicts)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    if len(shorter) < MIN_CONTAINED_WORDS or len(shorter) > len(longer):
        return False
    return f" {' '.join(shorter)} " in f" {' '.join(longer)} "


def same_quote(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two folded quotes are the same words: equal, contained, or alike enough."""
    if a == b:
        return bool(a)
    shorter, longer = sorted((a, b), key=len)
    if _contains(longer, shorter):
        return True
    text_a, text_b = " ".join(a), " ".join(b)
    if fuzz.ratio(text_a, text_b, score_cutoff=FUZZY_RATIO):
        return True
    return (len(shorter) >= MIN_PARTIAL_WORDS
            and bool(fuzz.partial_ratio(text_a, text_b, score_cutoff=PARTIAL_RATIO)))


def _runs(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {words[i:i + SHINGLE] for i in range(max(1, len(words) - SHINGLE + 1))}


class MatchIndex:
    """Every claim's folded words and runs of SHINGLE words, indexed by run, and the pairs of
    claims found to be the same: kept by `serve`, so that changing a few articles re-matches only
    their claims. Candidates are pairs from different articles that share a run — for longer
    quotes, at least half the runs of the shorter one (one changed word breaks only SHINGLE of
    them) — not counting runs shared by more than MAX_SHINGLE_CLAIMS claims (boilerplate).

    A run is kept as its hash, and the index holds a run's one claim as it is (a list only for a
    run that claims share): ten thousand articles make over a million runs."""

    def __init__(self) -> None:
        self.words: dict[str, tuple[str, ...]] = {}
        self.runs: dict[str, frozenset[int]] = {}
        self.article: dict[str, str] = {}
        self.index: dict[int, str | list[str]] = {}  # run → the claim, or the claims, that have it
        self.same: set[tuple[str, str]] = set()  # pairs (a < b) whose quotes are the same claim

    def sharing(self, run: int) -> list[str]:
        entry = self.index.get(run, [])
        return [entry] if isinstance(entry, str) else entry

    def _is_candidate(self, a: str, b: str, shared: int) -> bool:
        return (2 * shared >= min(len(self.runs[a]), len(self.runs[b]))
                or min(len(self.words[a]), len(self.words[b])) <= SHORT_QUOTE_WORDS)

    def _judge(self, pairs: Counter[tuple[str, str]]) -> None:
        for (a, b), shared in pairs.items():
            if self._is_candidate(a, b, shared) and same_quote(self.words[a], self.words[b]):
                self.same.add((a, b))

    def add_all(self, claims: list[Claim]) -> None:
        """Index every claim of a corpus and judge every candidate pair."""
        self._insert(claims)
        shared: Counter[tuple[str, str]] = Counter()
        for sharing in self.index.values():
            if isinstance(sharing, str) or len(sharing) > MAX_SHINGLE_CLAIMS:
                continue
            for a, b in combinations(sorted(sharing), 2):
                if self.article[a] != self.article[b]:
                    shared[(a, b)] += 1
        self._judge(shared)

    def _insert(self, claims: list[Claim]) -> None:
        index = self.index
        for claim in claims:
            ref = claim.ref
            self.words[ref] = words = words_of(claim.quote)
            self.runs[ref] = runs = frozenset(map(hash, _runs(words)))
            self.article[ref] = claim.article
            for run in runs:
                entry = index.get(run)
                if entry is None:
                    index[run] = ref
                elif isinstance(entry, str):
                    index[run] = [entry, ref]
                else:
                    entry.append(ref)

    def _remove(self, ref: str, run: int) -> None:
        entry = self.index[run]
        if isinstance(entry, str):
            del self.index[run]
            return
        entry.remove(ref)
        if len(entry) == 1:
            self.index[run] = entry[0]

    def replace(self, removed: list[str], added: list[Claim]) -> bool:
        """Take out the claims `removed` (refs) and put in `added`, judging only pairs with an
        added claim. False (the index is then unusable) when a run crossed the boilerplate line,
        which changes the evidence for pairs of other claims: match everything again."""
        before: dict[int, int] = {}
        for ref in removed:
            for run in self.runs.pop(ref):
                before.setdefault(run, len(self.sharing(run)))
                self._remove(ref, run)
            del self.words[ref], self.article[ref]
        gone = set(removed)
        self.same = {pair for pair in self.same if pair[0] not in gone and pair[1] not in gone}
        for claim in added:
            for run in map(hash, _runs(words_of(claim.quote))):
                before.setdefault(run, len(self.sharing(run)))
        self._insert(added)
        if any((count > MAX_SHINGLE_CLAIMS) != (len(self.sharing(run)) > MAX_SHINGLE_CLAIMS)
               for run, count in before.items()):
            return False
        shared: Counter[tuple[str, str]] = Counter()
        new = {claim.ref for claim in added}
        for claim in added:
            for run in self.runs[claim.ref]:
                sharing = self.sharing(run)
                if len(sharing) > MAX_SHINGLE_CLAIMS:
                    continue
                for other in sharing:
                    if self.article[other] != claim.article and (other not in new or other > claim.ref):
                        shared[(claim.ref, other) if claim.ref < other else (other, claim.ref)] += 1
        self._judge(shared)
        return True


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _conflicts(copies: list[Claim], corpus: Corpus) -> tuple[Conflict, ...]:
    conflicts = []
    speakers = sorted({c.speaker for c in copies})
    if len(speakers) > 1:
        names = [corpus.experts[s].name for s in speakers]
        conflicts.append(Conflict("speaker", f"credited to different speakers ({', '.join(names)})"))
    kinds = {c.kind for c in copies}
    if len(kinds) > 1:
        conflicts.append(Conflict("kind", "a direct quote in one source, a paraphrase in another"))
    direct = [c for c in copies if c.kind == "direct"]
    if any(not _excerpt(a, b) and not _excerpt(b, a) for a, b in combinations(direct, 2)):
        conflicts.append(Conflict("wording", "quoted in different words"))
    return tuple(conflicts)


def _excerpt(part: Claim, whole: Claim) -> bool:
    """Whether `part`'s words are an excerpt of `whole`'s: the same run of words, or its pieces
    around an analyst's '…' standing in the same order."""
    words = " " + " ".join(words_of(whole.quote)) + " "
    position = 0
    for piece in quote_pieces(part.quote):
        found = words.find(" " + " ".join(words_of(piece)) + " ", position)
        if found == -1:
            return False
        position = found + 1
    return True


def match_claims(corpus: Corpus, index: MatchIndex | None = None, previous: Matches | None = None,
                 changed: set[str] = frozenset()) -> Matches:  # type: ignore[assignment]
    """Group the claims that are the same across articles, and find where copies disagree. With an
    index (already holding the corpus's claims), its pairs are used instead of matching afresh;
    with the `previous` matches, a group none of whose articles `changed` keeps its disagreements."""
    claims = corpus.claims()
    if index is None:
        index = MatchIndex()
        index.add_all(claims)
    by_ref = {c.ref: c for c in claims}
    union = _UnionFind()
    for claim in claims:
        if claim.same_as and claim.same_as in by_ref and by_ref[claim.same_as].article != claim.article:
            union.union(claim.ref, claim.same_as)
    for a, b in sorted(index.same):
        union.union(a, b)
    members: dict[str, list[Claim]] = {}
    for claim in claims:  # corpus order: newest article first
        if claim.ref in union.parent:
            members.setdefault(union.find(claim.ref), []).append(claim)
    groups = []
    for copies in members.values():
        if len({c.article for c in copies}) < 2:
            continue
        first = copies[-1]  # the earliest source names the group
        group_id = f"{first.article.replace('/', '-')}--{first.id}"
        refs = tuple(c.ref for c in copies)
        before = previous.group_of.get(refs[0]) if previous is not None else None
        if before is not None and before.refs == refs and not any(c.article in changed for c in copies):
            groups.append(before)
        else:
            groups.append(ClaimGroup(group_id, refs, _conflicts(copies, corpus)))
    groups.sort(key=lambda g: g.id)
    return Matches(tuple(groups), MappingProxyType({ref: g for g in groups for ref in g.refs}))


def conflict_diagnostics(matches: Matches, corpus: Corpus) -> list[Diagnostic]:
    """One warning per copy of a conflicted claim, naming where the other copies stand."""
    diagnostics = []
    for group in matches.conflicted:
        copies = [corpus.claim(ref) for ref in group.refs]
        for claim in copies:
            assert claim is not None
            others = "; ".join(
                f"{o.location} ({corpus.experts[o.speaker].name}, {o.kind})" for o in copies if o is not None and o is not claim
            )
            what = "; ".join(c.message for c in group.conflicts)
            diagnostics.append(Diagnostic(
                WARNING, f"{group.conflicts[0].kind}-conflict", claim.location,
                f"sources disagree on this claim: {what} — here {corpus.experts[claim.speaker].name} "
                f"({claim.kind}), elsewhere {others}",
            ))
    return diagnostics
