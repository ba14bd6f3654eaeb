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


def _candidate_pairs(claims: list[Claim], folded: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Pairs of claims from different articles that share a run of words — for longer quotes, at
    least half the runs of the shorter one (one changed word breaks only SHINGLE of them), so
    pairs that merely share a phrase are not scored at all."""
    runs = {c.ref: _runs(folded[c.ref]) for c in claims}
    index: dict[tuple[str, ...], list[Claim]] = {}
    for claim in claims:
        for run in runs[claim.ref]:
            index.setdefault(run, []).append(claim)
    shared: Counter[tuple[str, str]] = Counter()
    for sharing in index.values():
        if len(sharing) > MAX_SHINGLE_CLAIMS:
            continue
        for a, b in combinations(sharing, 2):
            if a.article != b.article:
                shared[(a.ref, b.ref) if a.ref < b.ref else (b.ref, a.ref)] += 1
    return sorted(pair for pair, count in shared.items()
                  if 2 * count >= min(len(runs[pair[0]]), len(runs[pair[1]]))
                  or min(len(folded[pair[0]]), len(folded[pair[1]])) <= SHORT_QUOTE_WORDS)


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


def match_claims(corpus: Corpus) -> Matches:
    """Group the claims that are the same across articles, and find where copies disagree."""
    claims = corpus.claims()
    by_ref = {c.ref: c for c in claims}
    folded = {c.ref: words_of(c.quote) for c in claims}
    union = _UnionFind()
    for claim in claims:
        if claim.same_as and claim.same_as in by_ref and by_ref[claim.same_as].article != claim.article:
            union.union(claim.ref, claim.same_as)
    for a, b in _candidate_pairs(claims, folded):
        if union.find(a) != union.find(b) and same_quote(folded[a], folded[b]):
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
        groups.append(ClaimGroup(group_id, tuple(c.ref for c in copies), _conflicts(copies, corpus)))
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
