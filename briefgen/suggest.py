"""Across languages: pairs of claims that may be one statement, for an analyst to confirm with
`same_as` — info lines of `briefgen check`, never a match shown to readers.

Words of two languages cannot be compared, so a suggestion rests on what a report keeps in any
language: the same speaker, articles of the same days (at most MAX_DAYS apart, when both are
dated), and names, numbers and words of one root (their first ROOT letters: 'national' and
'nationale', 'Talente' and 'talents') in both quotes — MIN_SHARED of them. Candidates come from
the claims of one speaker (the corpus's index by expert), never from every pair of claims; each
claim is given its best suggestion in each other language."""

from __future__ import annotations

from collections.abc import Iterator

from .errors import Diagnostic, INFO
from .match import Matches, words_as_written
from .model import Article, Claim, Corpus
from .wording import plain, primary, stop_words_of

MAX_DAYS = 2
ROOT = 4  # letters: words this long or longer that begin alike share a root
MIN_SHARED = 2


def suggest_same_as(corpus: Corpus, matches: Matches, language: str = "en") -> list[tuple[str, str, tuple[str, ...]]]:
    """The pairs of claims (refs) of articles of different languages that may be one statement,
    not already linked, each with what they share; for each claim, its best in each language."""
    best: dict[tuple[str, str], tuple[int, str, tuple[str, ...]]] = {}
    for claims in corpus.claims_by_expert.values():
        marks = [(claim, _language(corpus.articles[claim.article], language)) for claim in claims]
        marks = [(claim, lang, _marks(claim, lang)) for claim, lang in marks]
        for i, (a, lang_a, marks_a) in enumerate(marks):
            for b, lang_b, marks_b in marks[i + 1:]:
                if lang_a == lang_b or b.ref in matches.others(a.ref) or not _same_days(corpus, a, b):
                    continue
                shared = tuple(sorted(marks_a[root] for root in marks_a.keys() & marks_b.keys()))
                if len(shared) < MIN_SHARED:
                    continue
                for one, other, other_lang in ((a, b, lang_b), (b, a, lang_a)):
                    key = (one.ref, other_lang)
                    if key not in best or len(shared) > best[key][0]:
                        best[key] = (len(shared), other.ref, shared)
    pairs = {}
    for (ref, _), (_, other, shared) in best.items():
        pairs.setdefault(tuple(sorted((ref, other))), shared)
    return [(a, b, shared) for (a, b), shared in sorted(pairs.items())]


def suggestion_lines(corpus: Corpus, matches: Matches, language: str = "en") -> Iterator[Diagnostic]:
    """One info line per suggested pair, at the later claim, naming the other and what they share."""
    for a, b, shared in suggest_same_as(corpus, matches, language):
        here, there = corpus.claim(b), corpus.claim(a)
        assert here is not None and there is not None
        yield Diagnostic(INFO, "same-as-suggestion", here.location,
                         f"perhaps the same statement as {a} in another language ({there.location}): the same "
                         f"speaker, the same days, and both have {', '.join(shared)}; if it is, add "
                         f"'same_as: {a}' to this claim")


def _language(article: Article, site: str) -> str:
    return primary(article.language or site)


def _same_days(corpus: Corpus, a: Claim, b: Claim) -> bool:
    one, other = corpus.articles[a.article].published, corpus.articles[b.article].published
    return one is None or other is None or abs((one - other).days) <= MAX_DAYS


def _marks(claim: Claim, language: str) -> dict[str, str]:
    """What a quote keeps in any language: its numbers, names (a capital after its first word) and
    the roots of its longer words (accents dropped, its language's stop words left out), each with
    the word it is of."""
    stops = stop_words_of(language)
    words = words_as_written(claim.quote)
    return {plain(word.casefold())[:ROOT]: word for n, word in reversed(list(enumerate(words)))
            if word.isdigit() or (len(word) >= ROOT and (n and word[0].isupper() or plain(word.casefold()) not in stops))}
