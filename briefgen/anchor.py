"""Finding a claim's quote in its article's text, forgiving whitespace, quote marks, dashes and case."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property


_FOLD = {
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u301d\u301e\uff02"},
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\uff07`\u00b4"},
    **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
    "\u2026": "...",
}
_DROP = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")
ELLIPSIS = "..."
_GAP_LIMIT = 3000  # how far apart the pieces of an elided quote ("a … b") may stand


@dataclass(frozen=True)
class FoldedText:
    """Text folded for comparison, with the original offset of each folded character."""

    text: str
    origin: tuple[int, ...]  # folded index -> original index; one extra entry for the end

    @cached_property
    def lower(self) -> str:
        return lower(self.text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of folded [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
# each character folded to another one (by a search, not str.translate: that looks up every
# character of a text that is not all ASCII, and an article with one curly quote is not)
_ONE = {c: v for c, v in {**{c: " " for c in _SPACES}, **{k: v for k, v in _FOLD.items() if len(v) == 1}}.items()
        if c != v}
_FOLDED = re.compile("[" + re.escape("".join(_ONE)) + "]")
_EVENTS = re.compile("  +|\u2026|[" + "".join(sorted(_DROP)) + "]")  # after the table: the rare cases


def fold(text: str) -> FoldedText:
    """NFC, one space for any run of white space, straight quotes and hyphens, '...' for '…'."""
    text = unicodedata.normalize("NFC", text)
    translated = _FOLDED.sub(lambda found: _ONE[found.group()], text)
    parts: list[str] = []
    origin: list[int] = []
    last = 0
    for match in _EVENTS.finditer(translated):
        start, end = match.span()
        parts.append(translated[last:start])
        origin.extend(range(last, start))
        token = match.group()
        if token[0] == " ":
            parts.append(" ")
            origin.append(start)
        elif token == "\u2026":
            parts.append(ELLIPSIS)
            origin.extend((start,) * len(ELLIPSIS))
        last = end
    parts.append(translated[last:])
    origin.extend(range(last, len(translated)))
    origin.append(len(text))
    return FoldedText("".join(parts), tuple(origin))


def _is_word(char: str) -> bool:
    return char.isalnum()


def _matches(haystack: str, needle: str, start: int = 0, stop: int | None = None) -> list[int]:
    """Start offsets of `needle` in `haystack` that do not cut a word in two."""
    found = []
    stop = len(haystack) if stop is None else stop
    index = haystack.find(needle, start, stop)
    while index != -1:
        end = index + len(needle)
        cuts_before = index > 0 and _is_word(haystack[index - 1]) and _is_word(needle[0])
        cuts_after = end < len(haystack) and _is_word(haystack[end]) and _is_word(needle[-1])
        if not cuts_before and not cuts_after:
            found.append(index)
        index = haystack.find(needle, index + 1, stop)
    return found


def quote_pieces(quote: str) -> list[str]:
    """The quote's words, split where the analyst elided words with '...' or '…'."""
    folded = fold(quote).text.strip(" ")
    folded = re.sub(r"\[\s*(?:\.\.\.|…)\s*\]", ELLIPSIS, folded)
    pieces = (piece.strip(" ") for piece in folded.split(ELLIPSIS))
    return [piece for piece in pieces if piece]


@dataclass(frozen=True)
class QuoteSearch:
    """Every place a quote stands in a text: each a tuple of (start, end) spans of the original text."""

    places: tuple[tuple[tuple[int, int], ...], ...]


def _trimmed(quote: str) -> str:
    """The quote without the quotation marks and end punctuation analysts often copy along."""
    return quote.strip(" \"'").rstrip(".,;:!? ").strip(" \"'")


def find_quote(text: FoldedText, quote: str) -> QuoteSearch:
    """Where the quote's words stand in the text: as written, then without surrounding marks and
    end punctuation, then as pieces around an ellipsis (in order, close together); each first
    with case as written, then ignoring case."""
    whole = fold(quote).text.strip(" ")
    for needle in dict.fromkeys(n for n in (whole, _trimmed(whole)) if n):
        for haystack, folded_needle in ((text.text, needle), (text.lower, lower(needle))):
            starts = _matches(haystack, folded_needle)
            if starts:
                return QuoteSearch(tuple((text.span(s, s + len(folded_needle)),) for s in starts))
    pieces = quote_pieces(quote)
    if len(pieces) < 2:
        return QuoteSearch(())
    for haystack, needles in ((text.text, pieces), (text.lower, [lower(p) for p in pieces])):
        places = []
        for first in _matches(haystack, needles[0]):
            spans = [(first, first + len(needles[0]))]
            for needle in needles[1:]:
                after = spans[-1][1]
                following = _matches(haystack, needle, after, min(len(haystack), after + _GAP_LIMIT))
                if not following:
                    break
                spans.append((following[0], following[0] + len(needle)))
            if len(spans) == len(needles):
                places.append(tuple(text.span(s, e) for s, e in spans))
        if places:
            return QuoteSearch(tuple(places))
    return QuoteSearch(())


def lower(text: str) -> str:
    """Lower case that keeps every character's offset (a few letters lower to two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def closest_passage(text: FoldedText, quote: str) -> tuple[int, str] | None:
    """The original offset and words of the passage most like the quote, for a hint."""
    needle = lower(fold(quote).text.strip(" "))
    if not needle or not text.text:
        return None
    from rapidfuzz import fuzz  # only a quote that is not found needs it

    alignment = fuzz.partial_ratio_alignment(needle, text.lower, score_cutoff=40)
    if alignment is None:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and _is_word(text.text[start - 1]):
        start -= 1
    while end < len(text.text) and _is_word(text.text[end]):
        end += 1
    return text.origin[start], text.text[start:end].strip()
