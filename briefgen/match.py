"""Across sources: which claims in different articles are the same claim, and where their copies disagree.

Two claims are the same when a sidecar says so (`same_as`), or when their quotes, folded (case,
punctuation, quotation marks and white space ignored), are equal, one contains the other (at
least MIN_CONTAINED_WORDS words), or are alike by a fuzzy score of at least FUZZY_RATIO (rapidfuzz
`ratio`, 0–100) — or PARTIAL_RATIO for `partial_ratio`, or share a run of SHARED_RUN of its words,
or overlap (one ends with MIN_OVERLAP words or more, half the shorter's, that the other begins
with: two excerpts of one statement), when the shorter has MIN_PARTIAL_WORDS words or more. A
claim is the same words as the closest of the claims of another article only (_closest_words),
and a quote of fewer than QUOTED_WITHIN words inside another speaker's is words that speaker
quotes, not the same claim. Or, in other words, when both articles are of one language and at
most MAX_DAYS_APART days apart, and the quotes — or a clause of the longer and the shorter —
share at least MIN_SHARED_TERMS content terms (wording.terms_of: stems, stop words left out,
synonyms), TERM_OVERLAP of the shorter's or more (see Terms.same). A match in other words is a
guess, kept only where it is the best of both its claims (_best_of_both: a claim is the same in
other words as at most one claim of each other article, and as none where a claim there is the
same words as it, unless that claim is a piece of it: MatchIndex._blocking), and not chained:
groups that matches in other words link are made one only when each two of them are linked
(_join_in_other_words).
Candidates are found through shared runs of SHINGLE words and shared pairs of neighbouring terms
in one week or two neighbouring ones, so a corpus of thousands of articles is not compared pair
by pair; the index of runs is recorded between builds (by the build state), so that an edit
matches again only the claims of the articles whose claims' words (or speakers) it changed, and
groups again only the claims whose links (pairs and `same_as`) it may have changed. Across
languages nothing is matched: suggest_same_as proposes pairs for an analyst to confirm with
`same_as`."""

from __future__ import annotations

import functools
from array import array
import re
import types
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from collections import Counter
from itertools import chain, combinations
from operator import attrgetter
from types import MappingProxyType
from hashlib import blake2b
from typing import Collection, Iterable, Iterator, Mapping, NamedTuple, Protocol


from .anchor import fold, quote_pieces
from .errors import Diagnostic, WARNING
from .model import Article, Claim, Corpus, newest_first
from .wording import names_of, negated, primary, term_of, terms_of

MIN_CONTAINED_WORDS = 4
FUZZY_RATIO = 88
PARTIAL_RATIO = 92
MIN_PARTIAL_WORDS = 8
SHARED_RUN = 0.75  # of the shorter quote's words, a run of them the longer has: the same words
MIN_OVERLAP = 8  # words, and half the shorter quote's: one quote ends with them, the other begins with them
QUOTED_WITHIN = 7  # words: a quote shorter than this inside another speaker's is words that speaker quotes
SHINGLE = 4
MAX_SHINGLE_CLAIMS = 50  # a run of words this common is boilerplate, not evidence
SHORT_QUOTE_WORDS = 12  # quotes this short are scored whenever they share a run
MIN_SHARED_TERMS = 4
MIN_SHARED_WORDS = 3  # of the shared terms, this many at least are no name or number
MIN_SHARED_NEIGHBOURS = 1  # pairs of neighbouring terms two quotes share to be compared by their terms
MAX_DAYS_APART = 7  # the articles of a statement in other words
TERM_OVERLAP = 0.6
SHOWN_WORDS = 8  # of the words a match in other words rests on

_NOT_WORD = re.compile(r"[^\w]+")


def words_of(quote: str) -> tuple[str, ...]:
    """The quote's words, folded: what matching and wording comparison look at."""
    return tuple(w for w in _NOT_WORD.split(fold(quote).text.casefold()) if w)


BREAK = "|"  # among a quote's words as written: where one of its clauses ends
_CLAUSE_END = re.compile(r"[.,;:!?]+(?=[\s\"')\]]|$)")  # a mark that ends a sentence or a clause
_NOT_WORD_NOR_BREAK = re.compile(r"[^\w|]+")


def words_as_written(quote: str) -> tuple[str, ...]:
    """The quote's words as written: folded (see anchor.fold) but for their case, with a BREAK
    where a clause ends (a full stop, comma, semicolon, colon, question or exclamation mark
    before a space; words_of and _folded leave it out)."""
    text = _CLAUSE_END.sub(f" {BREAK} ", fold(quote.replace(BREAK, " ")).text)
    return tuple(w for w in _NOT_WORD_NOR_BREAK.split(text) if w)


def _folded(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words as written, casefolded: words_of the quote they were written in."""
    return tuple(w for w in _NOT_WORD.split(" ".join(words).casefold()) if w)


@dataclass(frozen=True)
class Conflict:
    """One way the copies of a claim disagree."""

    kind: str  # "speaker" | "kind" | "wording"
    message: str


@dataclass(frozen=True)
class ClaimGroup:
    """The copies of one claim across articles (refs 'slug#id', in corpus order), their conflicts,
    and the warnings that say them (one per copy): made with the group and kept with it, no part
    of its value."""

    id: str
    refs: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Matches:
    groups: tuple[ClaimGroup, ...]  # by id
    group_of: Mapping[str, ClaimGroup]  # claim ref → its group
    # claim ref → the claim its `same_as` names in another article, which the corpus does not have
    # (a draft's): the link a later build makes when that claim comes
    dangling: Mapping[str, str]
    # claim ref → every claim linked to it, when matches in other words link claims that are not
    # all made one group (see _join_in_other_words): the claims grouped again together
    apart: Mapping[str, tuple[str, ...]]

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


@functools.cache
def _fuzz() -> types.ModuleType:
    from rapidfuzz import fuzz  # (imported when two quotes are compared: an edit of an article's text compares none)

    return fuzz


EQUAL, CONTAINED, ALIKE, APART = 3, 2, 1, 0  # how close two quotes' words are (closeness)


def closeness(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How close two folded quotes' words are: EQUAL, one CONTAINED in the other, ALIKE (alike
    enough by a fuzzy score, sharing a run of words that is most of the shorter: a shortened
    quote with a few words of its own, or overlapping: two excerpts of one statement), or APART."""
    if a == b:
        return EQUAL if a else APART
    shorter, longer = sorted((a, b), key=len)
    if _contains(longer, shorter):
        return CONTAINED
    text_a, text_b = " ".join(a), " ".join(b)
    fuzz = _fuzz()
    if (fuzz.ratio(text_a, text_b, score_cutoff=FUZZY_RATIO)
            or len(shorter) >= MIN_PARTIAL_WORDS and (fuzz.partial_ratio(text_a, text_b, score_cutoff=PARTIAL_RATIO)
                                                      or _share_run(a, b, SHARED_RUN * len(shorter))
                                                      or _overlap(a, b) or _overlap(b, a))):
        return ALIKE
    return APART


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether quote a ends with words that quote b begins with — MIN_OVERLAP of them or more, and
    half the shorter's or more: two outlets' excerpts of one statement, each where the other
    leaves off."""
    least = max(MIN_OVERLAP, (min(len(a), len(b)) + 1) // 2)
    return any(a[-size:] == b[:size] for size in range(least, min(len(a), len(b)) + 1))


def same_quote(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two folded quotes are the same words: equal, contained, or alike enough."""
    return closeness(a, b) != APART


def _share_run(a: tuple[str, ...], b: tuple[str, ...], words: float) -> bool:
    """Whether both quotes have a run of this many words or more (looked for only when as many of
    a's words are b's)."""
    return (sum(map(frozenset(b).__contains__, a)) >= words
            and SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size >= words)


class Part(NamedTuple):
    """The content terms of a quote, or of one of its clauses, and whether it denies what it says."""

    terms: frozenset[str]
    negated: bool

    @classmethod
    def of(cls, words: tuple[str, ...], language: str) -> "Part":
        return cls(frozenset(terms_of(words, language)), negated(words, language))


@dataclass(frozen=True)
class Terms:
    """A quote's content terms in its language (whole, and clause by clause), those of them that
    are names or numbers, and its article's day."""

    language: str
    day: int | None
    whole: Part
    clauses: tuple[Part, ...]  # of a quote of two clauses or more, those of MIN_SHARED_TERMS terms or more
    names: frozenset[str]

    @property
    def terms(self) -> frozenset[str]:
        return self.whole.terms

    @classmethod
    def of(cls, said: Said) -> "Terms":
        clauses = [_folded(clause) for clause in _clauses(said.words)]
        parts = [Part.of(clause, said.language) for clause in clauses] if len(clauses) > 1 else []
        return cls(said.language, said.day, Part.of(_folded(said.words), said.language),
                   tuple(part for part in parts if len(part.terms) >= MIN_SHARED_TERMS),
                   names_of(said.words, said.language))

    def same(self, other: "Terms") -> int:
        """How many terms two quotes of one language share when they say the same in other words,
        else 0: their articles are at most MAX_DAYS_APART days apart (or both undated), and the
        quotes — or a clause of the longer and the shorter quote (a report of one part of a long
        readout, with words of its own) — both deny what they say or neither does, share
        MIN_SHARED_TERMS terms or more, TERM_OVERLAP of the shorter's terms or more, and
        MIN_SHARED_WORDS of them are no name or number (those tell the event, not what was said of
        it). The most they share so."""
        near = (self.day is None and other.day is None) or (
            self.day is not None and other.day is not None and abs(self.day - other.day) <= MAX_DAYS_APART)
        if self.language != other.language or not near:
            return 0
        names = self.names | other.names
        longer, shorter = (self, other) if len(self.terms) > len(other.terms) else (other, self)
        return max((len(shared) for part in (longer.whole, *longer.clauses)
                    if part.negated == shorter.whole.negated
                    and len(shared := part.terms & shorter.terms) >= MIN_SHARED_TERMS
                    and len(shared) >= TERM_OVERLAP * min(len(part.terms), len(shorter.terms))
                    and len(shared - names) >= MIN_SHARED_WORDS), default=0)


def _clauses(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A quote's clauses: the runs of its words as written between BREAKs (none empty)."""
    runs: list[list[str]] = [[]]
    for word in words:
        if word == BREAK:
            runs.append([])
        else:
            runs[-1].append(word)
    return [tuple(run) for run in runs if run]


RUN_BITS = 62  # a run is recorded as a number of this many bits
TERMS_BIT = 1 << (RUN_BITS - 1)  # set in the number of a pair of terms, clear in a run of words's

class Said(NamedTuple):
    """What a claim says, as matching sees it."""

    language: str  # its article's, or the site's: 'pt'
    day: int | None  # the day its article was published (date.toordinal()), if it says
    speaker: str  # the expert id its article credits it to
    words: tuple[str, ...]  # as written (words_as_written), with a BREAK where a clause ends


def said_by(claim: Claim, article: Article, language: str) -> Said:
    """What the claim says, in its article's language (else the site's `language`)."""
    return Said(primary(article.language or language), article.published.toordinal() if article.published else None,
                claim.speaker, words_as_written(claim.quote))


def said_text(said: Said) -> str:
    """What a claim says as one line of text, for the build state: language, day ('-': none),
    speaker (an id: no space), words."""
    return " ".join((said.language, "-" if said.day is None else str(said.day), said.speaker, *said.words))


def said_from_text(text: str) -> Said:
    language, day, speaker, *words = text.split(" ")
    return Said(language, None if day == "-" else int(day), speaker, tuple(words))


class Indexed(NamedTuple):
    """What matching makes of one claim by itself: made where its article is checked (prepare), in
    a worker when there are many, not by the process that matches them all. Its numbers are packed
    (eight bytes each) while they wait for the index: a set of them takes six times the room."""

    said: Said
    words: tuple[str, ...]  # folded
    word_runs: bytes  # packed: runs()
    term_pairs: bytes

    @classmethod
    def of(cls, said: Said) -> "Indexed":
        words = _folded(said.words)
        return cls(said, words, array("Q", _word_runs(words)).tobytes(), array("Q", _term_pairs(said, words)).tobytes())

    @staticmethod
    def runs(packed: bytes) -> list[int]:
        return array("Q", packed).tolist()


def prepare(article: Article, language: str) -> dict[str, Indexed]:
    """What matching makes of each claim of an article (in `language` when it says none), by ref."""
    return {claim.ref: Indexed.of(said_by(claim, article, language)) for claim in article.claims}


def runs_of(said: Said) -> frozenset[int]:
    """The numbers of a quote's runs of SHINGLE words (a shorter quote is one run), and of each two
    different terms of it that stand side by side (in either order) in the week of MAX_DAYS_APART
    days its article's day falls in (undated articles all one week): RUN_BITS - 1 bits of their
    BLAKE2 hash (a pair's: its terms' and week's numbers' exclusive or), the same in every process
    (Python's hash() of text is not), so that the build state can record them; TERMS_BIT set
    tells a pair of terms. Each pair is recorded under its own week only: the claims of articles
    at most MAX_DAYS_APART days apart are in one week or in two neighbouring ones, and the pair of
    the next week is looked up when candidates are found (next_week). Two runs with one number
    only make their claims candidates, judged like any other."""
    return _runs(said, _folded(said.words))


def _runs(said: Said, words: tuple[str, ...]) -> frozenset[int]:
    """runs_of(said), given its folded words."""
    return frozenset(_word_runs(words)).union(_term_pairs(said, words))


def _word_runs(words: tuple[str, ...]) -> list[int]:
    """The numbers of the runs of words of a quote's folded words (see runs_of)."""
    return [int.from_bytes(blake2b(" ".join(words[i:i + SHINGLE]).encode(), digest_size=8).digest(), "big") >> SHIFT
            for i in range(max(1, len(words) - SHINGLE + 1))]


def _term_pairs(said: Said, words: tuple[str, ...]) -> set[int]:
    """The numbers of the pairs of neighbouring terms of a quote, given its folded words (see runs_of)."""
    numbers = [_number_of(f"{said.language} {term}") for term in terms_of(words, said.language)]
    week = _week_number(said.day)
    return {(a ^ b ^ week) | TERMS_BIT for a, b in zip(numbers, numbers[1:]) if a != b}


def _week_number(day: int | None, later: int = 0) -> int:
    """The number of the week a day falls in (or of the `later`th week after it; undated: one
    week, no other after it)."""
    return _number_of("undated") if day is None else _number_of(f"week {day // MAX_DAYS_APART + later}")


def next_week(run: int, day: int | None) -> int | None:
    """The number of the same pair of terms as `run` (a pair of a claim of this day) in the next
    week; None for a run of words, or of an undated claim."""
    if not run & TERMS_BIT or day is None:
        return None
    return run ^ _week_number(day) ^ _week_number(day, 1)


def previous_week(run: int, day: int | None) -> int | None:
    """The number of the same pair of terms as `run` in the week before."""
    if not run & TERMS_BIT or day is None:
        return None
    return run ^ _week_number(day) ^ _week_number(day, -1)


SHIFT = 64 - (RUN_BITS - 1)  # a BLAKE2 number of 64 bits made one of RUN_BITS - 1
_NUMBERS: dict[str, int] = {}


def _number_of(text: str) -> int:
    """The number of a term or a week (see runs_of), made once."""
    number = _NUMBERS.get(text)
    if number is None:
        number = _NUMBERS[text] = int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "big") >> SHIFT
    return number


Pair = tuple[str, str]  # two claim refs, the smaller first


def article_of(ref: str) -> str:
    """The slug of the article a claim ref ('slug#id') names."""
    return ref.partition("#")[0]


def _claims_of(corpus: Corpus, slugs: Iterable[str]) -> Iterator[Claim]:
    """The claims of those of these articles the corpus has."""
    return (claim for slug in slugs if (article := corpus.articles.get(slug)) for claim in article.claims)


class Unusable(Exception):
    """The recorded index cannot be built on: match everything afresh."""


class Recorded(Protocol):
    """The match index an earlier build recorded (the build state's tables), asked only about
    what an edit touched."""

    def articles(self) -> set[str]:
        """The articles whose claims it may hold."""

    def words(self, articles: Iterable[str]) -> dict[str, Said]:
        """The claims it holds of these articles: ref → what it says (language, words as written)."""

    def counts(self, runs: Iterable[int]) -> dict[int, int]:
        """How many of its claims have each of these runs (none: left out)."""

    def sharing(self, runs: Iterable[int]) -> dict[int, list[str]]:
        """The refs of its claims that have each of these runs."""

    def pairs(self, refs: Collection[str]) -> dict[Pair, bool]:
        """The pairs of claims it found the same that have one of these claims, each with whether
        its claims are the same words (else the same in other words)."""


class MatchIndex:
    """Every claim's runs of SHINGLE words, indexed by run, and the pairs of claims found to be the
    same: made whole, or from the index an earlier build `recorded` by indexing again only the
    claims of the articles an edit changed. Candidates are pairs from different articles that
    share a run of words — for longer quotes, at least half the runs of the shorter one (one
    changed word breaks only SHINGLE of them) — or, for matching in other words, a pair of
    neighbouring terms in one week or in two neighbouring ones (each claim's pairs are recorded
    under its own week, and the next week's looked up); not counting runs shared by more than
    MAX_SHINGLE_CLAIMS claims (boilerplate).

    What it holds, for the build state to record: the claims this build indexed (`added`, with
    their words and runs; every claim when it was made whole), the recorded claims it took out
    (`removed`), the pairs it found (`found`) and the recorded pairs it dropped (`dropped`). The
    pairs of claims found the same, recorded and found, are asked of it claim by claim (`pairs`)."""

    def __init__(self, recorded: Recorded | None = None, language: str = "en") -> None:
        self.recorded = recorded
        self.language = language  # the site's: that of an article that does not say its own
        self.prepared: dict[str, Indexed] = {}  # claims as their articles' checks made them (take), by ref
        self.added: dict[str, tuple[Said, frozenset[int]]] = {}
        self.removed: dict[str, frozenset[int]] = {}
        # run → the claim, or the claims, of `added` that have it (a list only for a run claims
        # share: ten thousand articles make about a million runs)
        self.index: dict[int, str | list[str]] = {}
        self.found: dict[Pair, bool] = {}  # pair → whether in the same words (else in other words)
        self.dropped: set[Pair] = set()
        # what the judging of pairs has seen of each claim, made once
        self._seen: dict[str, tuple[Said, int, tuple[str, ...]]] = {}
        self._term_pairs: dict[str, set[int]] = {}  # of the claims indexed by this build
        self._terms_of: dict[str, Terms] = {}

    @property
    def whole(self) -> bool:
        """Whether this build made the whole index (recorded anew) rather than changed a recorded one."""
        return self.recorded is None

    def update(self, corpus: Corpus, changed: Collection[str]) -> None:
        """Index the claims of the corpus's articles `changed`, all of them when nothing is
        recorded, and judge the pairs with a claim of an article whose claims' words or speakers
        changed (all its claims: whether a pair is kept depends on every claim of both its
        articles, see _closest_words and _best_of_both). Raises Unusable when the recorded index cannot be built on —
        a run crossed the boilerplate line with claims kept on both sides of it (the evidence for
        their pair changed), or the record names a claim the corpus does not have."""
        recorded = self.recorded or _NOTHING
        before = recorded.words(changed)
        now = {claim.ref: self._said(claim, corpus) for claim in _claims_of(corpus, changed)}  # (prepared: as made then)
        self.removed = {ref: runs_of(said) for ref, said in before.items() if now.get(ref) != said}
        early = self.added  # a whole index's, taken as their articles were checked: those the corpus has not go
        for ref in [ref for ref, (said, _) in early.items() if now.get(ref) != said]:
            self._unindex(ref, early.pop(ref)[1])
        fresh = {ref: (said, self._indexed(ref, said)) for ref, said in now.items()
                 if before.get(ref) != said and ref not in early}
        self.added = early | fresh
        self._index_added(fresh)
        self.prepared = {}  # (what judging needs of them is kept: _seen, _term_pairs; the rest can go)
        if self.recorded is None:
            judged: Collection[str] = self.added.keys()
            looked: Collection[int] = self.index.keys()
        else:
            touched = {article_of(ref) for ref in chain(self.added, self.removed)}
            judged = {ref for ref in now if article_of(ref) in touched}
            days: dict[int, int | None] = {}  # each run looked at → a day of its week
            for ref in judged:
                runs = self.added[ref][1] if ref in self.added else self._indexed(ref, now[ref])
                day = self._seen[ref][0].day
                for run in runs:
                    days[run] = day
                    if (after := next_week(run, day)) is not None:  # the same pair of terms in the weeks around
                        days.setdefault(after, day + MAX_DAYS_APART)
                        days.setdefault(previous_week(run, day), day - MAX_DAYS_APART)
            looked = days.keys()
        taken = Counter(run for runs in self.removed.values() for run in runs)
        counts = recorded.counts(chain(looked, taken))

        def after(run: int) -> int:  # how many claims have the run once the index is changed
            return counts.get(run, 0) - taken.get(run, 0) + len(self.claims_with(run))

        for run, count in counts.items():  # (the claims of a pair of terms pair with those of the weeks around)
            kept = count - taken.get(run, 0)
            if (kept >= 2 or (run & TERMS_BIT and kept)) and (count > MAX_SHINGLE_CLAIMS) != (after(run) > MAX_SHINGLE_CLAIMS):
                raise Unusable
        whole = self.recorded is None
        # the runs two claims or more may share (made whole: those that two claims or more have)
        evidence = [run for run, entry in self.index.items() if not isinstance(entry, str) and len(entry) <= MAX_SHINGLE_CLAIMS
                    ] if whole else [run for run in looked if 0 < after(run) <= MAX_SHINGLE_CLAIMS]
        members = {run: [ref for ref in refs if ref not in self.removed] for run, refs in recorded.sharing(
            run for run in evidence if counts.get(run, 0) > taken.get(run, 0)).items()}
        if any(corpus.claim(ref) is None for refs in members.values() for ref in refs):
            raise Unusable

        def having(run: int) -> list[str]:  # the claims that have a run, if it is no boilerplate
            found = self.claims_with(run) + members.get(run, [])
            return found if len(found) <= MAX_SHINGLE_CLAIMS else []

        shared: Counter[Pair] = Counter()  # runs of words shared
        neighbours: Counter[Pair] = Counter()  # pairs of terms shared, in one week or two neighbouring ones
        for run in evidence:
            here = having(run)
            counter = neighbours if run & TERMS_BIT else shared
            for a, b in combinations(sorted(here), 2):
                if article_of(a) != article_of(b) and (whole or a in judged or b in judged):
                    counter[(a, b)] += 1
        # the claims of a pair of terms in one week, and those of the same pair in the next week: claim
        # by claim when made whole, else for each pair of terms looked at (with a day of its week)
        weeks = [(ref, said.day, self._term_pairs[ref]) for ref, (said, _) in self.added.items()
                 ] if whole else [(None, day, [run]) for run, day in days.items() if run & TERMS_BIT]
        for ref, day, runs in weeks:
            if day is None:
                continue
            step = _week_number(day) ^ _week_number(day, 1)
            for run in runs:
                if (later := run ^ step) not in looked or not (there := having(later)):
                    continue
                here = having(run) if ref is None else [ref] if len(self.claims_with(run)) <= MAX_SHINGLE_CLAIMS else []
                for a in here:
                    for b in there:
                        if article_of(a) != article_of(b) and (whole or a in judged or b in judged):
                            neighbours[(a, b) if a < b else (b, a)] += 1
        close = {pair for pair, count in neighbours.items() if count >= MIN_SHARED_NEIGHBOURS}
        closeness_of = {pair: words for pair, count in shared.items() if (words := self._same_words(pair, count, corpus))}
        worded = self._closest_words(closeness_of)
        other = {pair: score for pair in close - worded if (score := self._other_words(pair, corpus))}
        blocked = self._blocking({pair: closeness_of[pair] for pair in worded})
        self.found = dict.fromkeys(sorted(worded), True) | dict.fromkeys(sorted(_best_of_both(other, blocked)), False)
        self.dropped = set(recorded.pairs(self.removed.keys() | judged))

    def pairs(self, refs: Collection[str]) -> dict[Pair, bool]:
        """The pairs found the same (recorded and kept, or found by this build) that have one of
        these claims, each with whether its claims are the same words (else the same in other
        words) — claims that every such pair stays among (all the corpus's, or the claims of whole
        groups and of the claims linked to them: Matches.apart): a recorded pair that leaves them
        names a claim the corpus does not have, or was not recorded with the matches built on
        (Unusable)."""
        kept = {pair: words for pair, words in (self.recorded or _NOTHING).pairs(refs).items()
                if pair not in self.dropped}
        if any(ref not in refs for pair in kept for ref in pair):
            raise Unusable
        return kept | {pair: words for pair, words in self.found.items() if pair[0] in refs or pair[1] in refs}

    def take(self, prepared: Mapping[str, Indexed]) -> None:
        """Claims as their article's check made them (prepare), as each article is checked: indexed
        at once when the index is made whole (this process has nothing else to do while the
        workers check the other articles), else kept for update()."""
        if self.recorded is not None:
            self.prepared.update(prepared)
            return
        taken = {ref: (indexed.said, self._indexed(ref, indexed.said, indexed)) for ref, indexed in prepared.items()}
        self.added.update(taken)
        self._index_added(taken)

    def _index_added(self, added: Mapping[str, tuple[Said, frozenset[int]]]) -> None:
        index = self.index
        for ref, (_, runs) in added.items():
            for run in runs:
                entry = index.get(run)
                if entry is None:
                    index[run] = ref
                elif isinstance(entry, str):
                    index[run] = [entry, ref]
                else:
                    entry.append(ref)

    def _unindex(self, ref: str, runs: frozenset[int]) -> None:
        """Take a claim indexed by this build out of the index."""
        index = self.index
        for run in runs:
            entry = index[run]
            if isinstance(entry, str):
                del index[run]
            else:
                entry.remove(ref)
                if len(entry) == 1:
                    index[run] = entry[0]
        self._seen.pop(ref, None)
        self._term_pairs.pop(ref, None)

    def claims_with(self, run: int) -> list[str]:
        """The claims indexed by this build that have a run."""
        entry = self.index.get(run, [])
        return [entry] if isinstance(entry, str) else entry

    def _said(self, claim: Claim, corpus: Corpus) -> Said:
        if (prepared := self.prepared.get(claim.ref)) is not None:
            return prepared.said
        return said_by(claim, corpus.articles[claim.article], self.language)

    def _same_words(self, pair: Pair, shared: int, corpus: Corpus) -> int:
        """How close the words of two claims that share `shared` runs of words are (closeness), when
        they are candidates (at least half the runs of the shorter, as many as an overlap has, or a
        short quote); else APART.
        A quote of fewer than QUOTED_WITHIN words inside a longer quote of another speaker is APART:
        words the longer's speaker quotes (a phrase, a motto: "I quote: ..."), not one statement
        that two sources credit to two people."""
        said_a, runs_a, words_a = self._quoted(pair[0], corpus)
        said_b, runs_b, words_b = self._quoted(pair[1], corpus)
        shortest = min(len(words_a), len(words_b))
        if not (2 * shared >= min(runs_a, runs_b) or shortest <= SHORT_QUOTE_WORDS
                or shared + SHINGLE - 1 >= max(MIN_OVERLAP, shortest / 2)):
            return APART
        close = closeness(words_a, words_b)
        if close == CONTAINED and shortest < QUOTED_WITHIN and said_a.speaker != said_b.speaker:
            return APART
        return close

    def _closest_words(self, worded: Mapping[Pair, int]) -> set[Pair]:
        """Of the pairs of claims of the same words (each with its closeness), those whose shorter
        claim has none closer in the other's article — by closeness, then by length: a short quote
        that an article gives apart and also inside a longer quote (of another speaker, who quotes
        it) is the same as the one given apart, not as the longer quote around it."""
        def rank(ref: str, partner: str, close: int) -> tuple[int, int]:
            return close, -abs(len(self._seen[ref][2]) - len(self._seen[partner][2]))

        closest: dict[tuple[str, str], tuple[int, int]] = {}  # (claim, another article) → its closest there
        for (a, b), close in worded.items():
            for ref, partner in ((a, b), (b, a)):
                key = (ref, article_of(partner))
                closest[key] = max(rank(ref, partner, close), closest.get(key, (APART, 0)))
        kept = set()
        for (a, b), close in worded.items():
            shorter, longer = (a, b) if len(self._seen[a][2]) <= len(self._seen[b][2]) else (b, a)
            if closest[(shorter, article_of(longer))] == rank(shorter, longer, close):
                kept.add((a, b))
        return kept

    def _blocking(self, worded: Mapping[Pair, int]) -> set[tuple[str, str]]:
        """The claims that are the same words as a claim of another article (with that article),
        and so the same in other words as none there (_best_of_both) — but for a claim that
        contains the other's words: a long quote, one of whose sentences the other article gives
        word for word, may have another of them reported there in other words."""
        def piece(part: str, whole: str) -> bool:
            return len(self._seen[part][2]) < len(self._seen[whole][2])

        return {(ref, article_of(partner)) for (a, b), close in worded.items() for ref, partner in ((a, b), (b, a))
                if not (close == CONTAINED and piece(partner, ref))}

    def _other_words(self, pair: Pair, corpus: Corpus) -> int:
        """How many terms two claims that share a pair of neighbouring terms have in common when
        they say the same in other words (Terms.same), else 0."""
        a, b = pair
        terms_a = self._terms(a, self._quoted(a, corpus)[0])
        terms_b = self._terms(b, self._quoted(b, corpus)[0])
        return terms_a.same(terms_b)

    def _quoted(self, ref: str, corpus: Corpus) -> tuple[Said, int, tuple[str, ...]]:
        """What a claim says, how many runs of words it has, and its folded words: indexed by this
        build, or from its quote."""
        if (seen := self._seen.get(ref)) is None:
            claim = corpus.claim(ref)
            assert claim is not None
            self._indexed(ref, self._said(claim, corpus))
            seen = self._seen[ref]
        return seen

    def _indexed(self, ref: str, said: Said, indexed: Indexed | None = None) -> frozenset[int]:
        """The claim's runs, what judging sees of it kept (_quoted)."""
        indexed = indexed or self.prepared.get(ref)
        if indexed is None or indexed.said != said:
            indexed = Indexed.of(said)
        word_runs = frozenset(Indexed.runs(indexed.word_runs))
        term_pairs = self._term_pairs[ref] = set(Indexed.runs(indexed.term_pairs))
        self._seen[ref] = (said, len(word_runs), indexed.words)
        return word_runs.union(term_pairs)

    def _terms(self, ref: str, said: Said) -> Terms:
        if (terms := self._terms_of.get(ref)) is None:
            terms = self._terms_of[ref] = Terms.of(said)
        return terms


class _Nothing:
    """No index recorded: every claim is indexed anew."""

    def articles(self) -> set[str]:
        return set()

    def words(self, articles: Iterable[str]) -> dict[str, Said]:
        return {}

    def counts(self, runs: Iterable[int]) -> dict[int, int]:
        return {}

    def sharing(self, runs: Iterable[int]) -> dict[int, list[str]]:
        return {}

    def pairs(self, refs: Collection[str]) -> dict[Pair, bool]:
        return {}


_NOTHING = _Nothing()


def _best_of_both(other: Mapping[Pair, int], blocked: Collection[tuple[str, str]]) -> set[Pair]:
    """Of the pairs of claims that say the same in other words (`other`: each with how many terms
    its claims share), those that are each claim's best in the other's article: a claim has at
    most one partner in other words in each other article — the one claim there that shares the
    most terms with it, when no other shares as many, and when no claim there is the same words
    as it (`blocked`: (claim, article) of the pairs of the same words, see MatchIndex._blocking).
    One statement is reported once in an article; a long readout that shares terms with several
    shorter statements of another article is matched to one of them at most, and to none when two
    are as close."""
    best: dict[tuple[str, str], tuple[int, list[str]]] = {}  # (claim, another article) → its best there
    for (a, b), score in other.items():
        for ref, partner in ((a, b), (b, a)):
            top = best.get(key := (ref, article_of(partner)))
            if top is None or score > top[0]:
                best[key] = (score, [partner])
            elif score == top[0]:
                top[1].append(partner)
    return {(a, b) for a, b in other
            if all((key := (ref, article_of(partner))) not in blocked and best[key][1] == [partner]
                   for ref, partner in ((a, b), (b, a)))}


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


def _conflicts(copies: list[Claim], corpus: Corpus, language: str, in_other_words: bool) -> tuple[Conflict, ...]:
    """Where the copies disagree; the last says what their match rests on when it is not their words
    nor a same_as (see _resting_on), when they were joined `in_other_words`."""
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
    if conflicts and in_other_words and (shared := _resting_on(copies, corpus, language)):
        last = conflicts.pop()
        conflicts.append(Conflict(last.kind, f"{last.message} (matched in other words: both say {shared})"))
    return tuple(conflicts)


def _resting_on(copies: list[Claim], corpus: Corpus, language: str) -> str:
    """The words a copy shares with another, when it is matched by its terms only (neither the same
    words as another copy's nor linked by a same_as); '' otherwise."""
    linked = {c.ref for c in copies if c.same_as} | {c.same_as for c in copies if c.same_as}
    said = {c.ref: said_by(c, corpus.articles[c.article], language) for c in copies}
    for claim in copies:
        others = [o for o in copies if o is not claim]
        if claim.ref in linked or any(same_quote(_folded(said[claim.ref].words), _folded(said[o.ref].words)) for o in others):
            continue
        terms = {o.ref: Terms.of(said[o.ref]) for o in others}
        mine = Terms.of(said[claim.ref])
        closest = max(others, key=lambda o: len(mine.terms & terms[o.ref].terms))
        shared = mine.terms & terms[closest.ref].terms
        words = dict.fromkeys(word for word in said[claim.ref].words if term_of(word.casefold(), mine.language) in shared)
        return ", ".join(f"“{word}”" for word in list(words)[:SHOWN_WORDS])
    return ""


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


NO_MATCHES = Matches((), MappingProxyType({}), MappingProxyType({}), MappingProxyType({}))


def match_claims(corpus: Corpus, index: MatchIndex | None = None, previous: Matches | None = None,
                 changed: Collection[str] = frozenset()) -> Matches:
    """Group the claims that are the same across articles, and find where copies disagree. With an
    index (already holding the corpus's claims), its pairs are used instead of matching afresh.
    With the `previous` matches — those of the corpus before the articles `changed` changed, whose
    index the given one was built on — only the claims an edit may have regrouped are grouped
    again (see _again): the other groups are kept, and so is a group made again as it was, none of
    whose articles changed, with its disagreements."""
    if index is None:
        index = MatchIndex()
        index.update(corpus, corpus.articles.keys())
    if previous is None or index.whole:
        previous, changed = NO_MATCHES, corpus.articles.keys()
    again, claims = _again(corpus, index, previous, changed)
    dangling = {ref: named for ref, named in previous.dangling.items() if ref not in again}
    union = _UnionFind()
    for ref, claim in claims.items():
        if claim.same_as and article_of(claim.same_as) != claim.article:
            if claim.same_as in claims:  # the corpus has it (and it is grouped again: see _again)
                union.union(ref, claim.same_as)
            else:
                dangling[ref] = claim.same_as
    in_other_words = []
    for pair, words in index.pairs(claims.keys()).items():
        if words:
            union.union(*pair)
        else:
            in_other_words.append(pair)
    apart = {ref: refs for ref, refs in previous.apart.items() if ref not in again}
    apart.update(_join_in_other_words(union, in_other_words))
    # the groups that a pair in other words is in (joined by it, or by their words besides)
    by_terms = {root for a, b in in_other_words if (root := union.find(a)) == union.find(b)}
    members: dict[str, list[Claim]] = {}
    for ref in union.parent:
        members.setdefault(union.find(ref), []).append(claims[ref])
    groups = [group for group in previous.groups if group.refs[0] not in again]
    for root, copies in members.items():
        if len(copies) < 2:  # a claim linked in other words only, and not joined (see _join_in_other_words)
            continue
        copies.sort(key=lambda c: (newest_first(corpus.articles[c.article]), c.number))  # corpus order
        refs = tuple(c.ref for c in copies)
        before = previous.group_of.get(refs[0])
        if before is not None and before.refs == refs and not any(c.article in changed for c in copies):
            groups.append(before)
        else:
            first = copies[-1]  # the earliest source names the group
            conflicts = _conflicts(copies, corpus, index.language, root in by_terms)
            groups.append(ClaimGroup(f"{first.article.replace('/', '-')}--{first.id}", refs, conflicts,
                                     _warnings(copies, conflicts, corpus)))
    groups.sort(key=attrgetter("id"))
    return Matches(tuple(groups), MappingProxyType({ref: g for g in groups for ref in g.refs}),
                   MappingProxyType(dangling), MappingProxyType(apart))


def _join_in_other_words(union: _UnionFind, pairs: Iterable[Pair]) -> dict[str, tuple[str, ...]]:
    """Join the groups of claims (of the same words or same_as: `union`'s) that pairs in other
    words link, without chaining: groups that these pairs link, directly or through one another,
    are made one only when each two of them are linked by a pair of their own; otherwise none of
    them is joined to another (A and B the same in other words, B and C too, do not make A and C
    one statement: an analyst confirms with same_as what matching cannot tell). Returns, for each
    claim of groups left apart, every claim linked to it (Matches.apart)."""
    linked: dict[str, set[str]] = {}  # a group (its root) → the groups linked to it in other words
    for a, b in pairs:
        root_a, root_b = union.find(a), union.find(b)
        if root_a != root_b:
            linked.setdefault(root_a, set()).add(root_b)
            linked.setdefault(root_b, set()).add(root_a)
    seen: set[str] = set()
    left_apart: list[set[str]] = []
    for root in sorted(linked):
        if root in seen:
            continue
        component, todo = {root}, [root]
        while todo:
            for other in linked[todo.pop()] - component:
                component.add(other)
                todo.append(other)
        seen |= component
        if all(len(linked[r]) == len(component) - 1 for r in component):
            for r in component:
                union.union(r, root)
        else:
            left_apart.append(component)
    if not left_apart:
        return {}
    claims_of: dict[str, list[str]] = {}
    for ref in list(union.parent):
        claims_of.setdefault(union.find(ref), []).append(ref)
    apart = {}
    for component in left_apart:
        refs = tuple(sorted(ref for r in component for ref in claims_of[r]))
        apart.update(dict.fromkeys(refs, refs))
    return apart


def _again(corpus: Corpus, index: MatchIndex, previous: Matches,
           changed: Collection[str]) -> tuple[set[str], dict[str, Claim]]:
    """The claims to group again (their refs, claims gone among them), and those of them the
    corpus has, by ref: the claims of the articles `changed` (as they are, and those gone or
    reworded: the index's `removed`), the claims of the pairs found, the claims a changed claim's
    `same_as` names, the claims whose `same_as` named a claim of a changed article that the corpus
    did not have — and every claim of a previous group of one of these. Any other claim has the
    links it had (pairs, and `same_as` either way), all with claims of its previous group: that
    group is as it was."""
    now = {claim.ref: claim for claim in _claims_of(corpus, changed)}
    links = {*now, *index.removed, *chain.from_iterable(index.found),
             *(claim.same_as for claim in now.values() if claim.same_as),
             *(ref for ref, named in previous.dangling.items() if article_of(named) in changed)}
    again = links.union(*(previous.group_of[ref].refs for ref in links & previous.group_of.keys()),
                        *(previous.apart[ref] for ref in links & previous.apart.keys()))
    claims = dict(now)
    for ref in again.difference(now):
        if (claim := corpus.claim(ref)) is not None:
            claims[ref] = claim
    return again, claims


def _warnings(copies: list[Claim], conflicts: tuple[Conflict, ...], corpus: Corpus) -> tuple[Diagnostic, ...]:
    """One warning per copy of a claim whose copies disagree, naming where the other copies stand."""
    if not conflicts:
        return ()
    what = "; ".join(c.message for c in conflicts)
    warnings = []
    for claim in copies:
        others = "; ".join(f"{o.location} ({corpus.experts[o.speaker].name}, {o.kind})" for o in copies if o is not claim)
        warnings.append(Diagnostic(
            WARNING, f"{conflicts[0].kind}-conflict", claim.location,
            f"sources disagree on this claim: {what} — here {corpus.experts[claim.speaker].name} "
            f"({claim.kind}), elsewhere {others}",
        ))
    return tuple(warnings)


def conflict_diagnostics(matches: Matches) -> list[Diagnostic]:
    """One warning per copy of a conflicted claim, naming where the other copies stand."""
    return [warning for group in matches.conflicted for warning in group.warnings]
