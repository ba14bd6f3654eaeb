"""Which language a text is written in, told by py3langid: an article's, when it does not declare
one, and an imported article's, to choose the table that reads it. The library (and numpy, and its
model) load only when a text is asked about: a build that checks no article never loads them.

An article's language is accepted only when the library is sure of it: its paragraphs are told
one by one, those it gives a probability of at least SURE count, and one language must hold at
least SHARE of their characters, which must be at least LEAST. Measured on the 77 articles of
benchmarks/real/ and the seeds (benchmarks/language_accuracy.py): each whole article told right,
all its counted characters in its language; of their first 40 to 320 characters, none told wrong
at 0.9; the halves of two articles of two languages put together, one language held at most 0.76
of the counted characters."""

from __future__ import annotations

from functools import cache
from typing import Iterable

LIBRARY = "py3langid"
SURE = 0.9  # the probability at which a paragraph's language counts (py3langid's, calibrated on length)
SHARE = 0.8  # of the counted characters, the least that one language must hold: less is a mixed text
LEAST = 200  # counted characters, at least: a shorter text is not told (too short)
AT_MOST = 2000  # characters looked at, from the start: enough to tell, and a bounded time (about a millisecond)
NO_LANGUAGE = "zxx"  # py3langid's answer for what is no language (numbers, symbols)


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # numpy and the model (half a second), when asked

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_of(paragraphs: Iterable[str]) -> str | None:
    """The language (its ISO 639 code: 'pt') of a text given as its paragraphs, title first; None
    when the text is too short to tell, the library unsure, or it is in two languages."""
    counted: dict[str, int] = {}
    seen = 0
    for paragraph in paragraphs:
        if seen >= AT_MOST:
            break
        part = paragraph[:AT_MOST - seen]
        seen += len(part)
        found, probability = _identifier().classify(part)
        if probability >= SURE and found != NO_LANGUAGE:
            counted[found] = counted.get(found, 0) + len(part)
    total = sum(counted.values())
    best = max(counted, key=counted.__getitem__, default=None)
    return best if best is not None and total >= LEAST and counted[best] >= SHARE * total else None


def detect_language(text: str, among: Iterable[str]) -> str | None:
    """The ISO 639-1 code of the language of `text`, the likeliest of `among`, or None when the
    text gives no clue (no letters)."""
    if not any(character.isalpha() for character in text):
        return None
    wanted = set(among)
    return next((code for code, _ in _identifier().rank(text) if code in wanted), None)
