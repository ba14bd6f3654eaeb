"""Pagefind's index files, written by briefgen itself: the search index's shards.

What this owns: turning the items the search index gives (search_index.article_item's small HTML
documents, "AddFile", and the custom records, "AddRecord") into the files of one Pagefind index,
in the format Pagefind 1.5.2 writes and its browser side (pagefind.js, the wasm.*.pagefind search
and pagefind-ui.js) reads: pagefind-entry.json, pagefind.<hash>.pf_meta, index/*.pf_index word
chunks, fragment/*.pf_fragment (a page's JSON) and filter/*.pf_filter. Not the JavaScript, CSS
and wasm files: those are Pagefind's own (search_index takes them from Pagefind's program).

The format was learnt from the files Pagefind 1.5.2 writes for the same documents (compared by
tests/test_pagefind_files.py) and from reading Pagefind's source; it is not a documented format
and may change in any Pagefind release, so this writes exactly the version FORMAT_VERSION, and is
used only when that is the installed Pagefind program (search_index.writes_own_index; else that
program indexes). What it reads of the HTML is what briefgen writes: the data-pagefind-meta/-filter
<meta> tags of the head, headings (an <h1> weighs 7, <h2>…<h6> 6…2, data-pagefind-weight
overrides), block elements ending sentences, and ids as anchors (sub-results).

Words: the text is split at whitespace (no segmentation of Chinese or Japanese, as the
pagefind[bin] program does not either); a word is lower-cased, keyed without its diacritics (the
form with them kept as a variant of the key) and stemmed with Snowball (PyStemmer; Pagefind has
the same algorithms in Rust, and their stems must agree: the query is stemmed by Pagefind's wasm).
One departure from Pagefind: a word with a letter that has no diacritic to take away, and so
stays in what is searched for ('ø' of 'Støre'; LETTERS), is also keyed with that letter folded
('store'), so that a reader without the letter on their keyboard finds it.
Like Pagefind, a word is indexed without its punctuation, and also as its parts when ASCII
punctuation or a change of case cuts it (the parts share its weight), or else as written.

Incremental: `write_index` returns, beside the files, what to keep for the next write, as plain
text: each page as indexed (its fragment, its words' locations encoded) by a digest of its item,
and each word as its chunk holds it (its encoding, with its pages' numbers and where their entries
start in it). Given that back, it reads and indexes only the pages whose items changed; and when
the pages are those it kept but for a few put in the place of others (an edit of an article), it
changes those pages' entries in the kept words (Postings.put: the other pages' entries are copied
as they are) and joins the words into chunks again. Deterministic: the same items in the same
order give byte-identical files (filter values sorted, gzip without a time stamp), whatever was
kept, and keep the same texts (tests/test_pagefind_files.py checks both over chains of edits)."""

from __future__ import annotations

import base64
import binascii
import bisect
import contextlib
import functools
import gc
import hashlib
import itertools
import json
import re
import string
import unicodedata
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Mapping, NamedTuple
from html import unescape
from html.parser import HTMLParser

import deflate

from ..engine.reads import stop_if_called_off
from . import AS_KEPT
from ..wording import primary

FORMAT_VERSION = "1.5.2"
SIGNATURE = b"pagefind_dcd"
CHUNK_SIZE = 20000  # Pagefind's: a chunk closes once its words' locations (text and meta, plus one a page) reach it
BASE_WEIGHT = 24  # a weight of 1 (Pagefind's weights are kept as 24ths, in a byte)
INCLUDE_CHARACTERS = ["_", "\u203f", "\u2040", "\u2054", "\ufe33", "\ufe34", "\ufe4d", "\ufe4e", "\ufe4f", "\uff3f"]
_KEEP = frozenset(INCLUDE_CHARACTERS)
_SPLIT = frozenset(string.punctuation)  # ASCII punctuation cuts a word into parts
_SPLITTER = re.compile("[" + re.escape("".join(sorted(_SPLIT))) + "]+")
_SENTENCE_END = re.compile(r"\w")
_DIGITS = frozenset("0123456789")
SENTENCE_ELEMENTS = {"p", "td", "div", "ul", "li", "article", "section", "h1", "h2", "h3", "h4", "h5", "h6"}
IGNORED_ELEMENTS = {"head", "script", "noscript", "label", "form", "svg", "footer", "header", "nav", "iframe", "style"}
HEADING_WEIGHTS = {"h1": 7, "h2": 6, "h3": 5, "h4": 4, "h5": 3, "h6": 2}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# The languages whose Snowball stemmer Pagefind uses (and ships a wasm.<language>.pagefind for).
STEMMED = {"ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
           "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
           "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
           "ne": "nepali", "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
           "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish"}


# --- one page: its fragment and its words -------------------------------------------------------

class Page:
    """What Pagefind keeps of one document: its text as words, each with its weight (in order:
    a word's position is its number), its meta and filters, its anchors (sub-results), and its
    fragment (the JSON a result shows)."""

    __slots__ = ("url", "content", "word_count", "filters", "meta", "anchors", "tokens", "fragment")

    def __init__(self, url: str, tokens: list[tuple[str, int]], filters: dict[str, list[str]],
                 meta: dict[str, str], anchors: list[dict]):
        self.url, self.tokens, self.filters, self.meta, self.anchors = url, tokens, filters, meta, anchors
        self.content = " ".join(word.replace("\u200b", "") for word, _ in tokens)
        self.word_count = len(tokens)
        self.fragment = json.dumps({"url": url, "content": self.content, "word_count": self.word_count,
                                    "filters": {k: filters[k] for k in sorted(filters)},
                                    "meta": {k: meta[k] for k in sorted(meta)}, "anchors": anchors},
                                   ensure_ascii=False, separators=(",", ":"))


class _Document(HTMLParser):
    """Reads one of briefgen's HTML documents as Pagefind does: text pieces with their weights,
    sentence ends, anchors (elements with an id), meta and filters."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []  # open elements
        self.pieces: list[tuple[str, int]] = []  # (text, weight) in order; split into words later
        self.meta: dict[str, str] = {}
        self.filters: dict[str, list[str]] = {}
        self.anchors: list[dict] = []  # element, id, piece (where it starts), text
        self.ignore = 0
        self.title: str | None = None

    def _weight(self) -> int:
        for element in reversed(self.stack):
            if element["weight"] is not None:
                return element["weight"]
        return BASE_WEIGHT

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for kind in ("meta", "filter"):
            spec = attrs.get(f"data-pagefind-{kind}")
            if spec is None:
                continue
            match = re.fullmatch(r"\s*([^:\[\]]+)\[(.+)\]\s*", spec)
            if match:
                name, value = match.group(1).strip(), attrs.get(match.group(2)) or ""
            elif ":" in spec:
                name, value = spec.split(":", 1)
            else:
                continue  # a value from the element's text: briefgen does not use it
            if kind == "meta":
                self.meta[name] = value
            else:  # a filter's value is read as HTML once more
                self.filters.setdefault(name, []).append(" ".join(unescape(value).split()))
        if tag in VOID_ELEMENTS:
            return
        weight, explicit = None, "data-pagefind-weight" in attrs
        if explicit:
            try:
                weight = max(0, min(255, round(float(attrs["data-pagefind-weight"]) * BASE_WEIGHT)))
            except ValueError:
                weight = None
        elif tag in HEADING_WEIGHTS:  # an automatic weight, unless inside an explicit one
            inside = [e for e in self.stack if e["weight"] is not None and e["explicit"]]
            weight = inside[-1]["weight"] if inside else HEADING_WEIGHTS[tag] * BASE_WEIGHT
        ignored = tag in IGNORED_ELEMENTS or "data-pagefind-ignore" in attrs
        self.ignore += ignored
        element = {"tag": tag, "weight": weight, "explicit": explicit, "ignored": ignored, "anchor": None}
        self.stack.append(element)
        if self.ignore:
            return
        if tag in SENTENCE_ELEMENTS:
            self.pieces.append((" ", BASE_WEIGHT))
        element["start"] = len(self.pieces)
        if attrs.get("id"):
            element["anchor"] = {"element": tag, "id": attrs["id"], "piece": len(self.pieces), "text": ""}
            self.anchors.append(element["anchor"])

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or not any(e["tag"] == tag for e in self.stack):
            return
        while self.stack:
            element = self.stack.pop()
            if not self.ignore:
                if element["anchor"] is not None:
                    text = "".join(t for t, _ in self.pieces[element["start"]:])
                    element["anchor"]["text"] = " ".join(text.split())
                if element["tag"] in SENTENCE_ELEMENTS:
                    self._end_sentence()
            self.ignore -= element["ignored"]
            if element["tag"] == tag:
                break

    def _end_sentence(self):
        if self.pieces:
            text, weight = self.pieces[-1]
            stripped = text.rstrip()
            if stripped and _SENTENCE_END.match(stripped[-1]):
                self.pieces[-1] = (stripped + ".", weight)
        self.pieces.append((" ", BASE_WEIGHT))

    def handle_data(self, data):
        if self.ignore or not self.stack:
            return
        if self.title is None and self.stack[-1]["tag"] == "h1" and data.strip():
            self.title = " ".join(data.split())
        self.pieces.append((data, self._weight()))


def _tokens(pieces: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], list[int]]:
    """The words of the text (split at whitespace, a word may run across pieces: it takes the
    weight of its first), and for each piece the number of the first word starting in or after it."""
    tokens: list[tuple[str, int]] = []
    starts: list[int] = []
    joined = False  # the last token is not ended yet
    for text, weight in pieces:
        starts.append(len(tokens) - 1 if joined and text and not text[0].isspace() else len(tokens))
        words = text.split()
        if words and joined and not text[0].isspace():
            tokens[-1] = (tokens[-1][0] + words.pop(0), tokens[-1][1])
        tokens.extend((word, weight) for word in words)
        if text:
            joined = not text[-1].isspace() and bool(tokens)
    return tokens, starts


def read_item(item: dict) -> Page:
    """A page from an item of briefgen's: an "AddFile" HTML document or an "AddRecord"."""
    if item["type"] == "AddRecord":
        tokens = [(word, BASE_WEIGHT) for word in item["content"].split()]
        meta = {k: v for k, v in (item.get("meta") or {}).items() if v is not None}
        filters = {k: list(v) for k, v in (item.get("filters") or {}).items()}
        return Page(item["url"], tokens, filters, meta, [])
    document = _Document()
    document.feed(item["file_contents"])
    document.close()
    while document.stack:
        document.handle_endtag(document.stack[-1]["tag"])
    tokens, starts = _tokens(document.pieces)
    anchors = [{"element": a["element"], "id": a["id"], "text": a["text"],
                "location": starts[a["piece"]] if a["piece"] < len(starts) else len(tokens)}
               for a in document.anchors]
    meta = dict(document.meta)
    if "title" not in meta and document.title:
        meta["title"] = document.title
    return Page(item["url"], tokens, document.filters, meta, anchors)


# --- words ---------------------------------------------------------------------------------------

def _fold(word: str) -> str:
    """The word without its diacritics (what Pagefind keys it by)."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


# Letters that the search does not fold, and briefgen does: Pagefind's JavaScript lower-cases what
# is searched for and takes its combining marks away (NFD), which leaves a letter with no
# decomposition as it is ('støre'). A word with one of these is also indexed as a reader without
# the letter types it ('store'), at the same places, so that either form finds it.
LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                         "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l", "ŋ": "n"})


def _stripped(word: str) -> str:
    return "".join(c for c in word if c.isalnum() or c in _KEEP)


def _lower(c: str) -> bool:  # a letter with a case, in its lower case (not ª or º)
    return c.lower() != c.upper() and c == c.lower()


def _upper(c: str) -> bool:
    return c.lower() != c.upper() and c == c.upper()


def _parts(text: str) -> list[str]:
    """A word's parts, lower-cased: cut at ASCII punctuation and where its case or digits change
    (camelCase, HTTPServer, COP28), as Pagefind cuts them."""
    parts = []
    for piece in _SPLITTER.split(text):
        if not piece:
            continue
        start = 0
        for i in range(1, len(piece)):
            a, b = piece[i - 1], piece[i]
            if ((_lower(a) and _upper(b)) or (_upper(a) and b in _DIGITS) or (a in _DIGITS and _upper(b))
                    or (a in _DIGITS and _lower(b)) or (_lower(a) and b in _DIGITS)
                    or (_upper(a) and _upper(b) and i + 1 < len(piece) and _lower(piece[i + 1]))):
                parts.append(piece[start:i])
                start = i
        parts.append(piece[start:])
    return [part.lower() for part in parts]


def _stemmed(language: str) -> bool:
    """Whether Pagefind stems the language (its tag's first part): it then has a wasm of its own,
    named by the whole tag ('wasm.pt-BR.pagefind')."""
    return primary(language) in STEMMED


class _Words:
    """Turns a word of the text into the index's entries: (key, form, weight), the form the word
    as written (lower-cased) when it differs from its key by its diacritics, else None; a word
    with a letter of LETTERS has a second entry, keyed with that letter folded (its form the word)."""

    def __init__(self, language: str):
        algorithm = STEMMED.get(primary(language))
        if algorithm:
            import Stemmer
            self.stem = Stemmer.Stemmer(algorithm).stemWord
        else:
            self.stem = str
        self.cache: dict[tuple[str, int], list[tuple[str, str | None, int]]] = {}

    def _key(self, word: str) -> tuple[str, str | None]:
        folded = _fold(word)
        return (self.stem(folded), None if folded == word else word)

    def of(self, token: str, weight: int) -> list[tuple[str, str | None, int]]:
        """(key, variant form or None, weight) for each entry a word at this weight makes: the
        word without its punctuation; and, as written, the word itself when nothing cuts it, else
        its parts (longer than a byte), which share its weight."""
        cached = self.cache.get((token, weight))
        if cached is not None:
            return cached
        lower = token.lower()
        stripped = _stripped(lower)
        if not stripped:  # no letter or digit: not a word
            self.cache[(token, weight)] = []
            return []
        parts = _parts(token) if any(c in _SPLIT or _upper(c) for c in token) else [lower]
        words: list[tuple[str, int]] = [(stripped, weight)]
        if parts == [lower]:
            if lower != stripped:
                words.append((lower, weight))
        else:
            kept = [part for part in parts if len(part.encode("utf-8")) > 1]
            if kept != [stripped]:  # (a single part that is the word itself adds nothing)
                words += [(part, weight // len(kept)) for part in kept]
        out = [(*self._key(word), w) for word, w in words]
        out += [(self.stem(more), word, w) for word, w in words
                if not word.isascii() and (more := _fold(word).translate(LETTERS)) != _fold(word)]
        self.cache[(token, weight)] = out
        return out


def page_words(page: Page, words: _Words, meta_fields: list[str]) -> dict[str, dict]:
    """The page's words: key → form (None for the key itself) → (text locations by weight,
    meta locations by field number), positions in order."""
    by_token: dict[tuple[str, int], list[int]] = {}
    for position, token in enumerate(page.tokens):
        positions = by_token.get(token)
        if positions is None:
            by_token[token] = [position]
        else:
            positions.append(position)
    of = words.of
    flat: dict[tuple[str, str | None, int], list[int]] = {}
    for token, positions in by_token.items():
        for entry in of(*token):
            found = flat.get(entry)
            if found is None:
                flat[entry] = positions
            else:
                flat[entry] = found + positions
    entries: dict[str, dict] = {}
    for (key, form, w), positions in flat.items():
        forms = entries.get(key)
        if forms is None:
            entries[key] = {form: ({w: positions}, {})}
        elif form in forms:
            text = forms[form][0]
            text[w] = text[w] + positions if w in text else positions
        else:
            forms[form] = ({w: positions}, {})
    for field_number, field in enumerate(meta_fields):
        value = page.meta.get(field)
        if not value:
            continue
        for position, token in enumerate(value.split()):
            for key, form, _ in of(token, BASE_WEIGHT):
                locations = entries.setdefault(key, {}).setdefault(form, ({}, {}))
                locations[1].setdefault(field_number, []).append(position)
    return entries


# --- CBOR (the subset Pagefind's files use: arrays of definite length, ints, text) ---------------

def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes((major << 5 | n,))
    if n < 0x100:
        return bytes((major << 5 | 24, n))
    if n < 0x10000:
        return bytes((major << 5 | 25,)) + n.to_bytes(2, "big")
    if n < 0x100000000:
        return bytes((major << 5 | 26,)) + n.to_bytes(4, "big")
    return bytes((major << 5 | 27,)) + n.to_bytes(8, "big")


_LOW, _HIGH = -256, 8192  # the ints whose CBOR is looked up: markers, positions, page numbers
_INTS = [_head(1, -1 - n) for n in range(_LOW, 0)] + [_head(0, n) for n in range(_HIGH)]


def _int(n: int) -> bytes:
    if _LOW <= n < _HIGH:
        return _INTS[n - _LOW]
    return _head(0, n) if n >= 0 else _head(1, -1 - n)


def _ints(values: list[int]) -> bytes:
    """A CBOR array of ints."""
    try:
        return _head(4, len(values)) + b"".join([_INTS[v - _LOW] for v in values])
    except IndexError:
        return _head(4, len(values)) + b"".join(map(_int, values))


def _str(text: str) -> bytes:
    data = text.encode("utf-8")
    return _head(3, len(data)) + data


def _array(n: int) -> bytes:
    return _head(4, n)


def cbor(value) -> bytes:
    if isinstance(value, str):
        return _str(value)
    if isinstance(value, int):
        return _int(value)
    if isinstance(value, (list, tuple)):
        return _array(len(value)) + b"".join(cbor(v) for v in value)
    raise TypeError(type(value))


def _runs(groups: dict[int, list[int]]) -> list[int]:
    """Pagefind's encoding of locations: runs of one weight (or meta field), from the lowest, each
    opened by -(weight + 1) and its first position, then differences to the previous position."""
    out: list[int] = []
    for group in (sorted(groups) if len(groups) > 1 else groups):
        positions = groups[group]
        if len(positions) > 1:
            positions.sort()
            out += (-group - 1, positions[0], *[b - a for a, b in zip(positions, positions[1:])])
        else:
            out += (-group - 1, positions[0])
    return out


_EMPTY = _array(0)


def encode_locations(text: dict[int, list[int]], meta: dict[int, list[int]]) -> tuple[bytes, int]:
    """A page's locations of a word, as the end of its CBOR entry (after the page number), and
    their size as Pagefind counts it for its chunks."""
    text_runs = _runs(text)
    if not meta:
        return _ints(text_runs) + _EMPTY, len(text_runs) + 1
    meta_runs = _runs(meta)
    return _ints(text_runs) + _ints(meta_runs), len(text_runs) + len(meta_runs) + 1


COMPRESSION = 6  # libdeflate's level: files 1% larger than Pagefind's best, in a fifteenth of its time


def packed(data: bytes) -> bytes:
    """A file as Pagefind writes it: gzip of its signature and the data, without a time stamp
    (libdeflate's: a third of zlib's time at its level 6, for files no larger)."""
    return deflate.gzip_compress(SIGNATURE + data, COMPRESSION)


_PAGE = _array(3)
_WORD = _array(3)


class Damaged(ValueError):
    """What an earlier write kept is not as it was written: the index is written without it."""


def _parsed(text: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise Damaged("kept text that is not JSON") from None


def _decoded(text: str) -> bytes:
    try:  # (strictly: base64's own `validate` checks with a regular expression, at a tenth of the speed)
        return binascii.a2b_base64(text, strict_mode=True)
    except ValueError:
        raise Damaged("kept text that is not base64") from None


class Postings:
    """The pages a word (or one form of it) is on, as its chunk holds them: `data`, the CBOR array
    of [page number (its difference to the one before), text locations, meta locations]; beside
    it the page numbers, and where each page's entry starts in `data` — so that one page's entry
    is put in or taken out without encoding the others again."""

    __slots__ = ("data", "numbers", "starts")

    def __init__(self, data: bytes, numbers: list[int], starts: list[int]):
        self.data, self.numbers, self.starts = data, numbers, starts

    @classmethod
    def of(cls, entries: list[tuple[int, bytes, int]]) -> "Postings":
        """From (page number, locations encoded, size) in the order of the pages."""
        pieces = [_array(len(entries))]
        previous = 0
        for number, located, _ in entries:
            pieces += (_PAGE, _int(number - previous), located)
            previous = number
        ends = list(itertools.accumulate(map(len, pieces)))
        return cls(b"".join(pieces), [number for number, _, _ in entries], ends[0:-1:3])

    def put(self, number: int, located: bytes | None) -> "Postings":
        """These postings with page `number`'s locations set to `located` (None: the page taken
        out). The entries before it are copied as they are, the one after it gets its difference
        again, those after that are copied as they are."""
        data, numbers, starts = self.data, self.numbers, self.starts
        n, end = len(numbers), len(data)
        i = bisect.bisect_left(numbers, number)
        present = i < n and numbers[i] == number
        if not present and located is None:
            return self
        following = i + 1 if present else i

        def bound(k: int) -> int:  # where entry k starts (the end, for the one after the last)
            return starts[k] if k < n else end

        old_head, head = len(_array(n)), _array(n - present + (located is not None))
        pieces = [head, data[old_head:bound(i)]]
        new_numbers, new_starts = numbers[:i], [s - old_head + len(head) for s in starts[:i]]
        position, previous = len(head) + bound(i) - old_head, numbers[i - 1] if i > 0 else 0
        if located is not None:
            delta = _int(number - previous)
            pieces += (_PAGE, delta, located)
            new_numbers.append(number)
            new_starts.append(position)
            position += 1 + len(delta) + len(located)
            previous = number
        if following < n:
            was = numbers[following - 1] if following > 0 else 0
            start, after = starts[following] + 1 + len(_int(numbers[following] - was)), bound(following + 1)
            delta = _int(numbers[following] - previous)
            pieces += (_PAGE, delta, data[start:after], data[after:])
            new_numbers += numbers[following:]
            new_starts.append(position)
            shift = (position + 1 + len(delta) + after - start) - after  # where the next entry starts now, and did
            new_starts += [s + shift for s in starts[following + 1:]]
        return Postings(b"".join(pieces), new_numbers, new_starts)


class Word:
    """One word of the index: the pages of its key (form None) and of each form of it written
    with diacritics, and its size (what Pagefind counts of it to close a chunk). One taken from an
    earlier write (`of_line`: its line of the kept words) is read no further than its encoding
    unless a page of it changes, and is kept again as the line it was."""

    __slots__ = ("size", "_lists", "_line", "_kept")

    def __init__(self, size: int, lists: dict[str | None, Postings] | None = None):
        self.size, self._lists = size, lists
        self._line: str | None = None  # its line of the kept words, while no page of it changed…
        self._kept: tuple[str, str] = ("", "")  # …and the encoding and postings in that line

    @classmethod
    def of_line(cls, line: str) -> tuple[str, "Word"]:
        """A word and its key from its line of the kept words (Word.line)."""
        fields = line.split("\t")
        if len(fields) != 4 or not (fields[1].isascii() and fields[1].isdigit()):
            raise Damaged("a word of the index that is not as written")
        word = cls(int(fields[1]))
        word._line, word._kept = line, (fields[2], fields[3])
        return fields[0], word

    def _encoding(self, key: str) -> tuple[bytes, list[tuple[str | None, int, Postings]]]:
        """[key, postings, [[form, postings]…]] in CBOR, the forms in the order of their first
        page (Pagefind's; on one page, its order is a hash map's: here the forms' own); and where
        each postings starts in it."""
        lists = self._lists
        direct = lists.get(None)
        forms = sorted((postings.numbers[0], form) for form, postings in lists.items() if form is not None)
        out = [_WORD, _str(key)]
        where = len(_WORD) + len(out[1])
        places = []
        if direct is not None:
            places.append((None, where, direct))
        out += (direct.data if direct is not None else _EMPTY, _array(len(forms)))
        where += len(out[-2]) + len(out[-1])
        for _, form in forms:
            out += (_array(2), _str(form))
            where += len(out[-2]) + len(out[-1])
            places.append((form, where, lists[form]))
            out.append(lists[form].data)
            where += len(out[-1])
        return b"".join(out), places

    def encoded(self, key: str) -> bytes:
        if self._line is not None:
            return _decoded(self._kept[0])
        return self._encoding(key)[0]

    def as_kept(self) -> bool:
        """Whether it is as an earlier write kept it (no page of it changed since)."""
        return self._line is not None

    def line(self, key: str) -> str:
        """The word as plain data, a line of the kept words: its key, its size, its encoding in
        base64, and its postings as JSON text ([form, where they start, their length, the page
        numbers, where their entries start]…), apart by tabs (a key has no white space)."""
        if self._line is None:
            encoded, places = self._encoding(key)
            postings = [[form, where, len(p.data), p.numbers, p.starts] for form, where, p in places]
            self._line = "\t".join((key, str(self.size), base64.b64encode(encoded).decode("ascii"),
                                     json.dumps(postings, ensure_ascii=False, separators=(",", ":"))))
        return self._line

    def lists(self) -> dict[str | None, Postings]:
        """Its postings by form, to be changed (what was kept of it is let go)."""
        if self._lists is None:
            encoding, postings = self._kept
            encoded, places = _decoded(encoding), _parsed(postings)
            self._lists = {}
            for place in places if type(places) is list else [None]:
                if (type(place) is not list or len(place) != 5 or not (place[0] is None or type(place[0]) is str)
                        or type(place[1]) is not int or type(place[2]) is not int or type(place[3]) is not list
                        or type(place[4]) is not list or len(place[3]) != len(place[4]) or not place[3]
                        or not all(type(x) is int for x in (*place[3], *place[4]))
                        or not 0 <= place[1] <= place[1] + place[2] <= len(encoded)):
                    raise Damaged("a word of the index that is not as written")
                form, where, length, numbers, starts = place
                self._lists[form] = Postings(encoded[where:where + length], numbers, starts)
        self._line, self._kept = None, ("", "")
        return self._lists


def _words_of(pages: list["PageIndex"]) -> dict[str, Word]:
    """The words of these pages (numbered in this order)."""
    slots: dict[str, dict[str | None, list]] = {}
    for number, page in enumerate(pages):
        for key, form, located, size in page.entries:
            slot = slots.get(key)
            if slot is None:
                slots[key] = {form: [(number, located, size)]}
            elif form in slot:
                slot[form].append((number, located, size))
            else:
                slot[form] = [(number, located, size)]
    words = {}
    for count, (key, slot) in enumerate(slots.items()):
        if count % 256 == 0:
            stop_if_called_off()
        words[key] = Word(sum(n for entries in slot.values() for _, _, n in entries),
                          {form: Postings.of(entries) for form, entries in slot.items()})
    return words


def _put_page(words: dict[str, Word], number: int, was: list, now: list) -> None:
    """Change page `number`'s entries in these words from `was` to `now` (each a page's entries)."""
    before = {(key, form): (located, size) for key, form, located, size in was}
    after = {(key, form): (located, size) for key, form, located, size in now}
    for place in before.keys() | after.keys():
        old, new = before.get(place), after.get(place)
        if old == new:
            continue
        key, form = place
        word = words.get(key)
        if word is None:
            word = words[key] = Word(0, {})
        lists = word.lists()
        postings = lists[form].put(number, new[0] if new else None) if form in lists else Postings.of(
            [(number, new[0], new[1])] if new else [])
        if postings.numbers:
            lists[form] = postings
        else:
            lists.pop(form, None)
        word.size += (new[1] if new else 0) - (old[1] if old else 0)
        if not lists:
            del words[key]




def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The bounds between two chunks: the last word of one and the first of the next, each cut
    one character after what they share."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


def _hex(data: bytes) -> str:
    """Pagefind's hash of a file: SHA-1, each byte in hexadecimal without a leading zero."""
    return "".join([f"{byte:x}" for byte in hashlib.sha1(data).digest()])


def _name(prefix: str, full: str, taken: set, step: int) -> str:
    """A file's name: its hash cut to 7 characters, longer (by `step`, as Pagefind lengthens it
    for that kind of file) while another file of its kind has that name."""
    n = 7
    while f"{prefix}_{full[:n]}" in taken and n < len(full):
        n += step
    name = f"{prefix}_{full[:n]}"
    taken.add(name)
    return name


# --- one page as the index keeps it, and as the build state keeps it ----------------------------

class PageIndex:
    """What the index holds of one page: its fragment (hash and file), word count, filters, the
    names of its meta fields, and its words' entries (key, form or None, locations encoded as
    CBOR, their size), encoded for the meta fields' numbering of its index. One taken from an
    earlier write keeps the texts it was kept as, and reads its entries only when asked for."""

    __slots__ = ("fragment_hash", "fragment_file", "word_count", "filters", "meta_names", "_entries", "_kept")

    def __init__(self, fragment_hash: str, fragment_file: bytes, word_count: int, filters: dict[str, list[str]],
                 meta_names: list[str], entries: list[tuple[str, str | None, bytes, int]] | None,
                 kept: Callable[[], str | None] | None = None):
        self.fragment_hash, self.fragment_file, self.word_count = fragment_hash, fragment_file, word_count
        self.filters, self.meta_names, self._entries, self._kept = filters, meta_names, entries, kept

    @property
    def entries(self) -> list[tuple[str, str | None, bytes, int]]:
        if self._entries is None:
            text = self._kept() if self._kept is not None else None
            if text is None:
                raise Damaged("a page of the index whose entries are not kept")
            self._entries = _entries_of(_parsed(text))
        return self._entries

    def texts(self) -> tuple[str, str | object]:
        """The page as plain data: its fragment file in base64, and its entries as JSON text (the
        locations in base64, the entries' keys, lengths in those locations and sizes in lists of
        their own, and the forms of those that have one — a variant: few do — by their number);
        for one taken from what was kept, AS_KEPT (its texts stay as they are)."""
        if self._kept is not None:
            return AS_KEPT, AS_KEPT
        keys, forms, located, sizes = zip(*self.entries) if self.entries else ((), (), (), ())
        entries = [base64.b64encode(b"".join(located)).decode("ascii"), keys,
                   [[n, form] for n, form in enumerate(forms) if form is not None], [len(d) for d in located], sizes]
        return (base64.b64encode(self.fragment_file).decode("ascii"),
                json.dumps(entries, ensure_ascii=False, separators=(",", ":")))

    def summary(self) -> list:
        """What the kept header holds of the page: its fragment's hash, word count, filters, meta fields."""
        return [self.fragment_hash, self.word_count, self.filters, self.meta_names]


def index_page(page: Page, words: _Words, meta_fields: list[str]) -> PageIndex:
    fragment = page.fragment.encode("utf-8")
    entries = [(key, form, *encode_locations(*locations))
               for key, forms in page_words(page, words, meta_fields).items() for form, locations in forms.items()]
    return PageIndex(_hex(fragment), packed(fragment), page.word_count, page.filters, sorted(page.meta), entries)


def _entries_of(data: object) -> list[tuple[str, str | None, bytes, int]]:
    """A page's entries from the plain data of PageIndex.texts; Damaged when not of that shape."""
    if type(data) is not list or len(data) != 5:
        raise Damaged("a page of the index that is not as written")
    blob, keys, variants, lengths, sizes = data
    if (type(blob) is not str or not all(type(v) is list and len(v) == len(keys) for v in (keys, lengths, sizes))
            or not all(type(key) is str for key in keys)
            or not all(type(n) is int and n > 0 for n in lengths) or not all(type(n) is int for n in sizes)
            or type(variants) is not list or not all(type(v) is list and len(v) == 2 and type(v[0]) is int
                                                    and 0 <= v[0] < len(keys) and type(v[1]) is str for v in variants)):
        raise Damaged("a page of the index that is not as written")
    forms: list[str | None] = [None] * len(keys)
    for number, form in variants:
        forms[number] = form
    located = _decoded(blob)
    ends = list(itertools.accumulate(lengths))
    if (ends[-1] if ends else 0) != len(located):
        raise Damaged("a page of the index that is not as written")
    pieces = [located[start:end] for start, end in zip([0, *ends], ends)]
    return list(zip(keys, forms, pieces, sizes))


# --- the files of an index -----------------------------------------------------------------------

@contextlib.contextmanager
def _no_collection():
    """Python's cycle collector paused: an index is millions of small objects, none in a cycle,
    and the collector's passes over them took a third of a write at 1,000 articles (more at
    10,000)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def index_files(pages: list[PageIndex], words: dict[str, Word], meta_fields: list[str], language: str
                ) -> dict[str, bytes]:
    """The files of one index of these pages (numbered in this order) and their words, by path in
    its folder: pagefind-entry.json, the pf_meta, index/ (the words, in chunks), fragment/ and filter/."""
    lang = language
    files: dict[str, bytes] = {}
    taken: set[str] = set()
    page_entries = []
    for page in pages:
        name = _name(lang, page.fragment_hash, taken, 1)
        files[f"fragment/{name}.pf_fragment"] = page.fragment_file
        page_entries.append([name, page.word_count])
    chunk_entries, chunk, size = [], [], 0
    taken = set()
    compressing = ThreadPoolExecutor(max_workers=1)  # gzip (which lets go of the GIL) beside the encoding
    compressed: list[tuple[str, Future]] = []

    def close_chunk():
        data = _array(1) + _array(len(chunk)) + b"".join(encoded for _, encoded in chunk)
        name = _name(lang, _hex(data), taken, 2)
        compressed.append((f"index/{name}.pf_index", compressing.submit(packed, data)))
        chunk_entries.append([chunk[0][0], chunk[-1][0], name])

    try:
        for key in sorted(words):
            if len(chunk) % 256 == 0:
                stop_if_called_off()
            word = words[key]
            chunk.append((key, word.encoded(key)))
            size += word.size
            if size >= CHUNK_SIZE:  # Pagefind's: a chunk closes once the locations it holds reach it
                close_chunk()
                chunk, size = [], 0
        if chunk:
            close_chunk()
        files.update((path, future.result()) for path, future in compressed)
    finally:
        compressing.shutdown(cancel_futures=True)
    for left, right in zip(chunk_entries, chunk_entries[1:]):
        to, right[0] = _prefixes(left[1], right[0])
        if to >= left[0]:  # (Pagefind 1.5.2 keeps the last word whole when its cut would sort before the chunk's first)
            left[1] = to
    filters: dict[str, dict[str, list[int]]] = {}
    for number, page in enumerate(pages):
        for name, values in page.filters.items():
            for value in values:
                numbers = filters.setdefault(name, {}).setdefault(value, [])
                if not numbers or numbers[-1] != number:
                    numbers.append(number)
    filter_entries, taken = [], set()
    for name in sorted(filters):
        data = cbor([name, [[value, filters[name][value]] for value in sorted(filters[name])]])
        file_name = _name(lang, _hex(data), taken, 2)
        files[f"filter/{file_name}.pf_filter"] = packed(data)
        filter_entries.append([name, file_name])
    meta = cbor([FORMAT_VERSION, page_entries, chunk_entries, filter_entries, [], meta_fields])
    meta_name = f"{lang}_{_hex(meta)[:len(lang) + 8]}"
    files[f"pagefind.{meta_name}.pf_meta"] = packed(meta)
    files["pagefind-entry.json"] = json.dumps(
        {"version": FORMAT_VERSION,
         "languages": {lang: {"hash": meta_name, "wasm": lang if _stemmed(lang) else None, "page_count": len(pages)}},
         "include_characters": INCLUDE_CHARACTERS}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files


@functools.lru_cache(maxsize=None)
def _words(language: str) -> _Words:
    return _Words(language)


KEPT = f"pagefind {FORMAT_VERSION}, kept index 9"  # what write_index keeps
# The kept entries: the header (what the pages were indexed for, and each page in order), each
# page's fragment and entries (by its item's digest), and the words in pieces (named in the header by
# their digests).
_HEADER, _FRAGMENT, _ENTRIES, _WORDS = "", "fragment:", "page:", "words:"


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def item_digest(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


class Member(NamedTuple):
    """An item to index, made only if it must be: its digest (item_digest) when it is known
    without making it, and how to make it."""

    digest: str | None
    make: Callable[[], dict]


class _Before(NamedTuple):
    """What an earlier write kept, read: its pages by digest (and in order), the meta fields they
    were indexed for, and its words (None: not kept) with their pieces (the keys of each, and its
    digest, by number)."""

    pages: dict[str, PageIndex]
    order: list[str]
    meta_fields: object
    words: dict[str, Word] | None
    pieces: dict[int, tuple[list[str], str]]


_NOTHING = _Before({}, [], None, None, {})


def write_index(items: list[dict | Member], language: str, kept: object
                ) -> tuple[dict[str, bytes], dict[str, str | object]]:
    """The index files for the items, and what to keep for the next write (plain text by key).
    `kept` is what an earlier write kept (anything else — None, another language or format, text
    not of its shape — is ignored): the pages whose items are unchanged are taken from it, not
    read and indexed again; and when the pages are those it kept but for a few put in the place of
    others (an edit), only their words are changed among the kept words. An item whose digest is
    known (a Member) is made only when its page is not kept."""
    members = [item if isinstance(item, Member) else Member(None, lambda item=item: item) for item in items]
    with _no_collection():
        made: dict[int, dict] = {}

        def item_of(number: int) -> dict:
            if number not in made:
                made[number] = members[number].make()
            return made[number]

        digests = [member.digest or item_digest(item_of(number)) for number, member in enumerate(members)]
        try:
            return _write(digests, item_of, language, _kept_index(kept, language))
        except Damaged:
            return _write(digests, item_of, language, _NOTHING)


def _write(digests: list[str], item_of: Callable[[int], dict], language: str, before: _Before
           ) -> tuple[dict[str, bytes], dict[str, str | object]]:
    fresh: dict[str, Page] = {}

    def read_items() -> None:  # those not kept, nor read yet
        for number, digest in enumerate(digests):
            if digest not in before.pages and digest not in fresh:
                stop_if_called_off()
                item = item_of(number)
                digests[number] = digest = item_digest(item)  # (as made, whatever was known)
                fresh[digest] = read_item(item)

    read_items()
    meta_fields = sorted({name for digest in digests for name in
                          (before.pages[digest].meta_names if digest in before.pages else fresh[digest].meta)})
    if before.pages and before.meta_fields != meta_fields:  # another numbering of the meta fields: every page again
        before = _NOTHING
        read_items()
    words = _words(language)
    pages = {}
    for digest in digests:
        stop_if_called_off()
        pages[digest] = before.pages[digest] if digest in before.pages else index_page(fresh[digest], words, meta_fields)
    ordered = [pages[digest] for digest in digests]
    index_words = _spliced(before, digests, pages)
    if index_words is None:
        index_words = _words_of(ordered)
    files = index_files(ordered, index_words, meta_fields, language)
    keep: dict[str, str | object] = {}
    pieces: list[list[str]] = [[] for _ in range(WORD_PIECES)]
    for key in sorted(index_words):
        pieces[_piece(key)].append(key)
    piece_digests = []
    for n, keys in enumerate(pieces):
        # a piece whose words are those kept, each as it was kept, is kept as it was
        if n in before.pieces and before.pieces[n][0] == keys and all(index_words[key].as_kept() for key in keys):
            keep[f"{_WORDS}{n}"] = AS_KEPT
            piece_digests.append(before.pieces[n][1])
        else:
            text = "\n".join([index_words[key].line(key) for key in keys])
            piece_digests.append(_digest(text))
            keep[f"{_WORDS}{n}"] = f"{piece_digests[-1]}\n{text}"
    keep[_HEADER] = json.dumps({"format": KEPT, "language": language, "meta_fields": meta_fields,
                                "pages": [[digest, *pages[digest].summary()] for digest in digests],
                                "words": piece_digests}, ensure_ascii=False, separators=(",", ":"))
    for digest, page in pages.items():
        keep[_FRAGMENT + digest], keep[_ENTRIES + digest] = page.texts()
    return files, keep


def _spliced(before: _Before, digests: list[str], pages: dict[str, PageIndex]) -> dict[str, Word] | None:
    """The words of these pages from the kept words, when the pages are those kept but for a few
    put in the place of others (an edit of a page: its words are changed, no other); None when
    they are not (pages added, taken out or moved, many changed, or no words kept)."""
    if before.words is None or len(before.order) != len(digests):
        return None
    changed = [number for number, (was, now) in enumerate(zip(before.order, digests)) if was != now]
    if len(changed) > max(1, len(digests) // 8):
        return None
    words = dict(before.words)
    try:
        for number in changed:
            stop_if_called_off()
            _put_page(words, number, before.pages[before.order[number]].entries, pages[digests[number]].entries)
    except (Damaged, IndexError, KeyError):
        return None
    return words


def _kept_index(kept: object, language: str) -> _Before:
    """What an earlier write kept, read (its pages' entries and its words only as far as they are
    used); nothing when it is not for this language and format."""
    try:
        header = json.loads(kept[_HEADER]) if isinstance(kept, Mapping) and isinstance(kept.get(_HEADER), str) else None
    except ValueError:
        header = None
    if (not isinstance(header, dict) or header.get("format") != KEPT or header.get("language") != language
            or type(header.get("pages")) is not list):
        return _NOTHING
    pages, order = {}, []
    for page in header["pages"]:
        if not (type(page) is list and len(page) == 5 and type(page[0]) is str and type(page[1]) is str
                and type(page[2]) is int and type(page[3]) is dict and type(page[4]) is list
                and all(type(v) is list and all(type(x) is str for x in v) for v in page[3].values())
                and all(type(n) is str for n in page[4])):
            return _NOTHING
        digest, fragment_hash, word_count, filters, meta_names = page
        fragment = kept.get(_FRAGMENT + digest)
        order.append(digest)
        if type(fragment) is str and _ENTRIES + digest in kept:
            pages[digest] = PageIndex(fragment_hash, _decoded(fragment), word_count, filters, meta_names, None,
                                      functools.partial(kept.get, _ENTRIES + digest))
    words, pieces = _kept_words(kept, header.get("words"))
    return _Before(pages, order, header.get("meta_fields"), words, pieces)


def _kept_words(kept: Mapping, digests: object) -> tuple[dict[str, Word] | None, dict[int, tuple[list[str], str]]]:
    """The kept words and their pieces, when each piece is the one the header names (by its
    digest, its first line): not pieces of another write than the pages'."""
    if type(digests) is not list or len(digests) != WORD_PIECES:
        return None, {}
    names = [f"{_WORDS}{n}" for n in range(WORD_PIECES)]
    read_ahead = getattr(kept, "read_ahead", None)
    if read_ahead is not None:
        read_ahead(names)
    words: dict[str, Word] = {}
    pieces = {}
    for n, name in enumerate(names):
        text = kept.get(name)
        if type(text) is not str:
            return None, {}
        digest, _, body = text.partition("\n")
        if digest != digests[n]:
            return None, {}
        found = dict(map(Word.of_line, body.split("\n"))) if body else {}
        words.update(found)
        pieces[n] = (list(found), digest)
    return words, pieces


WORD_PIECES = 256  # the kept words are in pieces, by their keys' hash: an edit writes again those it changed


def _piece(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % WORD_PIECES


STEMMER_VERSIONS = ("3.1.",)  # PyStemmer's, whose stems were seen to be those of Pagefind's wasm


@functools.lru_cache(maxsize=None)
def stems_as_pagefind() -> bool:
    """Whether the installed PyStemmer is one whose stems are those of Pagefind's wasm (which
    stems the words searched for): the writer is to be used only then."""
    import Stemmer

    return Stemmer.version().startswith(STEMMER_VERSIONS)


STATIC_FILES = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-worker.js", "pagefind-highlight.js",
                "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-component-ui.js",
                "pagefind-component-ui.css")


def static_names(language: str) -> list[str]:
    """The names of Pagefind's own browser files (its JavaScript, CSS and wasm) in an index of
    this language: the wasm of the language if Pagefind stems it, and the one for any other."""
    return [*STATIC_FILES, *([f"wasm.{language}.pagefind"] if _stemmed(language) else []), "wasm.unknown.pagefind"]
