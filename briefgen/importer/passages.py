"""Where a text's paragraphs, sentences and quotations are: the spans the rest of the importer reads."""

from __future__ import annotations

import re

from ..markdown import BLOCK_SEPARATOR
from .language import Language


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for paragraph in text.split(BLOCK_SEPARATOR):
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + len(BLOCK_SEPARATOR)
    return spans


def quote_chains(text: str, table: Language) -> list[list[tuple[int, int]]]:
    """The passages inside quotation marks, one span per paragraph: a quote left open at the end of a
    paragraph goes on in the next one if that one opens with the same quotation mark (news style), or if it, or
    one of the next two after paragraphs with no quotation marks, ends with a closing mark it never opened (a
    statement quoted over paragraphs, reopened nowhere); else it ends with its paragraph."""
    chains: list[list[tuple[int, int]]] = []
    chain: list[tuple[int, int]] = []
    closers = opener = ""
    open_at: int | None = None
    spans = paragraphs(text)
    for number, (start, end) in enumerate(spans):
        if open_at is not None:
            closing = _attribution_inside(text, open_at, start - len(BLOCK_SEPARATOR), table)
            chain.append((open_at, closing or start - len(BLOCK_SEPARATOR)))
            open_at = None
            if text[start:start + 1] == opener and closing is None:  # reopened with the same mark
                open_at, closers, opener = start + 1, table.openers[text[start]], text[start]
            elif closing is None and _closed_later(text, spans[number:number + 3], closers, table):
                open_at = start  # not reopened, but closed at the end of this paragraph or one after it
            else:
                chains.append(chain)
                chain = []
        index = open_at if open_at is not None else start
        if open_at is None and text[start:start + 1] and text[start] in table.dialogue_dashes:
            open_at, closers, opener, index = start + 1, table.dialogue_dashes, "", start + 1
        depth = 0  # quotation marks of the same kind opened inside the quote: « … « Mettez de l’ordre ! » »
        while index < end:
            char = text[index]
            if open_at is None and _closes_unopened(text, start, index, table):  # 'Wir werden … ist.“ Das ist …'
                chains.append([(start, index)])
            elif open_at is None and char in table.openers and not _is_apostrophe(text, index):
                open_at, closers, opener, depth = index + 1, table.openers[char], char, 0
            elif open_at is not None and char == opener and char not in closers and not depth and (
                    ended := _attribution_inside(text, open_at, index, table)) is not None:  # '“En un gobierno …,
                chains.append(chain + [(open_at, ended)])  # dijo el titular. “Se le ha asignado …”': the first left
                chain, open_at = [], index + 1  # open, a second opened
            elif open_at is not None and char == opener and char not in closers:
                depth += 1
            elif open_at is not None and char in closers and index > open_at and depth:
                depth -= 1
            elif open_at is not None and char in closers and index > open_at:
                chain.append((open_at, index))
                chains.append(chain)
                chain, open_at = [], None
            index += 1
    if open_at is not None:
        chain.append((open_at, _attribution_inside(text, open_at, len(text), table) or len(text)))
    if chain:
        chains.append(chain)
    trimmed = [[trim(text, s, e) for s, e in c] for c in chains]
    return [[(s, e) for s, e in c if e > s] for c in trimmed if any(e > s for s, e in c)]


def _closed_later(text: str, spans: list[tuple[int, int]], closers: str, table: Language) -> bool:
    """Whether, of these paragraphs, the first with quotation marks has just one, a closing mark ending it after
    the end of a sentence ('… Crime Stoppers hotline 800-8477."')."""
    marks = set(table.openers) | set("".join(table.openers.values()))
    for start, end in spans:
        body = text[start:end].rstrip()
        found = [i for i in range(start, start + len(body)) if text[i] in marks and not _is_apostrophe(text, i)]
        if found:
            last = start + len(body) - 1
            return found == [last] and text[last] in closers and text[last - 1:last] in (".", "!", "?", "…")
    return False


def _closes_unopened(text: str, start: int, index: int, table: Language) -> bool:
    """Whether the paragraph's first quotation mark, at `index`, closes a quote whose opening mark was left out:
    a closing mark right after the end of a sentence, a space after it ('Wir werden … aufgeklärt ist.“ Das ist
    die Ansage'); the quote is then the paragraph up to it."""
    if not (text[index - 1:index] in (".", "!", "?", "…") and text[index + 1:index + 2].isspace()):
        return False  # (looked at first: this is asked of every character outside a quote)
    closers = "".join(table.openers.values())
    return text[index] in closers and not (set(table.openers) | set(closers)) & set(text[start:index])


def _attribution_inside(text: str, start: int, end: int, table: Language) -> int | None:
    """Where a quote left open ends when its paragraph attributes it (its closing mark forgotten):
    '“We will strike until they listen, said Rui Costa.' ends before ', said'."""
    from .patterns import patterns  # (patterns.py imports this module)
    found = patterns(table)["attribution_inside"].search(text[start:end])
    return start + found.start() if found else None


def _is_apostrophe(text: str, index: int) -> bool:
    return text[index] in "'’" and index > 0 and text[index - 1].isalnum()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "…"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:…"):
        end -= 1
    return start, end


_SENTENCE_END = re.compile(r"[.!?…]+[\"”»“']?\s+")
# Titles shortened before a name ('Mr. Lee', 'M. Guermazi'): their period ends no sentence, nor a speaker's name.
TITLE_ABBREVIATIONS = ("Mr", "Ms", "Mrs", "Dr", "Dra", "Sr", "Sra", "Mme", "Prof", "St", "Gen", "Sen", "Rep", "Gov")
_ABBREVIATION = re.compile(rf"(?:\b[A-Z]|\b(?:e\.g|i\.e|etc|{'|'.join(TITLE_ABBREVIATIONS)}|No|vs|U\.S|U\.N|"
                           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Dic|Ene|Abr|Ago|Nr|bzw|ca))\.$")


_ORDINAL_DATE = re.compile(r"(?<![\d.])\d{1,2}\.$")
_MONTH = re.compile(r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, not cut after initials or abbreviations."""
    spans = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        following = text[match.end():match.end() + 3].lstrip("\"“„«» ")  # '… cathédrale. « Nous'
        if not following[:1].isupper() and not following[:1].isdigit():
            continue
        if _ABBREVIATION.search(text[begin:match.start() + 1].rstrip("\"”»'")):
            continue
        if _ORDINAL_DATE.search(text[begin:match.start() + 1]) and _MONTH.match(text, match.end()):
            continue  # a German date: 'am 20. April'
        spans.append((begin, match.end() - (len(match.group(0)) - len(match.group(0).rstrip()))))
        begin = match.end()
    spans.append((begin, end))
    return [(s, e) for s, e in spans if e > s]


def sentence_end(text: str, position: int, spans: list[tuple[int, int]]) -> int:
    """The end of the sentence `position` is in."""
    p_start, p_end = next(((s, e) for s, e in spans if s <= position <= e), (position, len(text)))
    return next((e for s, e in sentences(text, p_start, p_end) if s <= position <= e), p_end)
