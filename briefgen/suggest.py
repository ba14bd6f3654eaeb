"""Across languages: pairs of claims that may be one statement, for an analyst to confirm with
`same_as` — info lines of `briefgen check`, never a match shown to readers.

Words of two languages cannot be compared, so a suggestion rests on what a report keeps in any
language: the same speaker or organisation (an expert's affiliation, an organisation's name),
articles of the same days (at most MAX_DAYS apart, when both are
dated), and names, numbers and words of one root (their first ROOT letters: 'national' and
'nationale', 'Talente' and 'talents'; words joined by hyphens one word) in both quotes —
MIN_SHARED of them. Candidates come from
the claims of one speaker or organisation (the corpus's index by expert), in two languages and
within the days, never from every pair of claims; each
claim is given its best suggestion in each other language."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import combinations

from .errors import Diagnostic, INFO
from .anchor import fold
from .match import Matches
from .model import Article, Claim, Corpus
from .wording import plain, primary, stop_words_of

MAX_DAYS = 2
ROOT = 4  # letters: words this long or longer that begin alike share a root
MIN_SHARED = 2


def suggest_same_as(corpus: Corpus, matches: Matches, language: str = "en") -> list[tuple[str, str, tuple[str, ...]]]:
    """The pairs of claims (refs) of articles of different languages that may be one statement,
    not already linked, each with what they share; for each claim, its best in each language, and
    one pair of two groups of claims."""
    best: dict[tuple[str, str], tuple[tuple[int, int, str], str, tuple[str, ...]]] = {}
    for claims in _by_voice(corpus).values():
        by_language: dict[str, list[Claim]] = {}
        for claim in claims:
            by_language.setdefault(_language(corpus.articles[claim.article], language), []).append(claim)
        if len(by_language) < 2:
            continue
        days = {lang: _by_day(corpus, group) for lang, group in by_language.items()}
        marks = {claim.ref: _marks(claim, lang) for lang, group in by_language.items() for claim in group}
        for lang_a, lang_b in combinations(sorted(by_language), 2):
            for a in by_language[lang_a]:
                for b in _near(days[lang_b], corpus.articles[a.article].published):
                    shared = tuple(sorted(marks[a.ref][root] for root in marks[a.ref].keys() & marks[b.ref].keys()))
                    if len(shared) < MIN_SHARED or b.ref in matches.others(a.ref):
                        continue
                    gap = _days_apart(corpus, a, b)
                    for one, other, other_lang in ((a, b, lang_b), (b, a, lang_a)):
                        key, rank = (one.ref, other_lang), (-len(shared), gap, other.ref)  # the most shared, the nearest
                        if key not in best or rank < best[key][0]:
                            best[key] = (rank, other.ref, shared)
    pairs = {tuple(sorted((ref, other))): (rank[:2], shared) for (ref, _), (rank, other, shared) in best.items()}
    suggested, joined = [], set()
    for (a, b), (_, shared) in sorted(pairs.items(), key=lambda item: (item[1][0], item[0])):  # the best first
        groups = tuple(sorted(group.id if (group := matches.group_of.get(ref)) else ref for ref in (a, b)))
        if groups not in joined:  # one suggestion for two claims grouped with others
            joined.add(groups)
            suggested.append((a, b, shared))
    return sorted(suggested)


def _days_apart(corpus: Corpus, a: Claim, b: Claim) -> int:
    one, other = corpus.articles[a.article].published, corpus.articles[b.article].published
    return abs((one - other).days) if one and other else MAX_DAYS + 1


def _by_voice(corpus: Corpus) -> dict[str, list[Claim]]:
    """The claims of each speaker, and of each organisation with everyone who speaks for it (an
    expert's affiliation, or an organisation's own name)."""
    voices: dict[str, list[Claim]] = {}
    for expert_id, claims in corpus.claims_by_expert.items():
        expert = corpus.experts[expert_id]
        organisation = expert.affiliation or (expert.name if expert.kind == "organization" else None)
        for voice in (f"expert {expert_id}", f"organisation {organisation.casefold()}" if organisation else None):
            if voice:
                voices.setdefault(voice, []).extend(claims)
    return voices


Dated = tuple[list[int], list[Claim], list[Claim]]  # the dated claims' days in order, those claims, the undated


def _by_day(corpus: Corpus, claims: list[Claim]) -> Dated:
    dated = sorted((day.toordinal(), n) for n, claim in enumerate(claims)
                   if (day := corpus.articles[claim.article].published))
    undated = [claim for claim in claims if not corpus.articles[claim.article].published]
    return [day for day, _ in dated], [claims[n] for _, n in dated], undated


def _near(claims: Dated, day: dt.date | None) -> list[Claim]:
    """The claims of articles at most MAX_DAYS from this day (all of them without a day), and the undated."""
    days, dated, undated = claims
    if day is None:
        return dated + undated
    return dated[bisect_left(days, day.toordinal() - MAX_DAYS):bisect_right(days, day.toordinal() + MAX_DAYS)] + undated


def suggestion_lines(corpus: Corpus, matches: Matches, language: str = "en") -> Iterator[Diagnostic]:
    """One info line per suggested pair, at the later claim, naming the other and what they share."""
    for a, b, shared in suggest_same_as(corpus, matches, language):
        here, there = corpus.claim(b), corpus.claim(a)
        assert here is not None and there is not None
        yield Diagnostic(INFO, "same-as-suggestion", here.location,
                         f"perhaps the same statement as {a} in another language ({there.location}): the same "
                         f"speaker or organisation, the same days, and both have {', '.join(shared)}; if it is, add "
                         f"'same_as: {a}' to this claim")


def _language(article: Article, site: str) -> str:
    return primary(article.language or site)


_HYPHENED = re.compile(r"\w+(?:-\w+)*")  # a word, or words joined by hyphens: one name ('Notre-Dame'), one verb ('re-evaluate')


def _marks(claim: Claim, language: str) -> dict[str, str]:
    """What a quote keeps in any language: its numbers, names (a capital after its first word) and
    the roots of its longer words (accents dropped, its language's stop words left out), each with
    the word it is of; words joined by hyphens are one word ('Notre-Dame': one name, not two;
    're-evaluate' and 'réévaluer': one root)."""
    stops = stop_words_of(language)
    words = _HYPHENED.findall(fold(claim.quote).text)
    return {plain(word.replace("-", "").casefold())[:ROOT]: word for n, word in reversed(list(enumerate(words)))
            if word.isdigit() or (len(word) >= ROOT and (n and word[0].isupper() or plain(word.casefold()) not in stops))}
