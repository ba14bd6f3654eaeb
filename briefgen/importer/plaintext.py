"""A plain-text article → Markdown paragraphs and a title; its wire dateline → outlet and date."""

from __future__ import annotations

import datetime as dt
import re

_MD_LINE_START = re.compile(r"^(\s*)([#>+*=-]|\d+[.)])")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|])")


def _escape(line: str) -> str:
    line = _MD_INLINE.sub(r"\\\1", line)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)


def _is_heading(line: str, following: str | None) -> bool:
    """Whether a paragraph is a subheading: a few words, no closing punctuation (nor a dateline's dash:
    'MADRID, 11 Dic. (EUROPA PRESS) -'), a longer paragraph after it."""
    words = line.split()
    return (following is not None and 1 < len(words) <= 12 and len(following) > len(line)
            and not line.rstrip().endswith((".", ":", ",", ";", '"', "”", "?", "-", "–", "—")))


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of a plain text: blank-line separated blocks whose lines are joined when the text
    is hard-wrapped; otherwise every line is a paragraph of its own (captions and page furniture
    on a line of their own stay out of the paragraph before)."""
    lines = [line.strip() for line in text.split("\n")]
    wrapped = _hard_wrapped(lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        if line and wrapped:
            current.append(line)
            continue
        if current:
            paragraphs.append(" ".join(current))
            current = []
        if line:
            paragraphs.append(line)
    return paragraphs


def _hard_wrapped(lines: list[str]) -> bool:
    """Whether the line breaks inside blank-line separated blocks are a wrap: the lines that go on to
    another line of their block fill most of the width (a caption or a share button does not)."""
    going_on = [len(line) for line, following in zip(lines, lines[1:]) if line and following]
    if not going_on:
        return False
    going_on.sort()
    return going_on[len(going_on) // 2] >= 0.75 * max(len(line) for line in lines)


def text_to_markdown(text: str) -> tuple[str, str | None]:
    """Markdown for a plain-text article, and its title: the first line, kept as the text's level-1
    heading (a headline says who said what as often as the text does: "X: 'quote'", "Y confirma que
    …"), and said once where the text repeats it."""
    paragraphs = paragraphs_of(text)
    title = paragraphs[0] if paragraphs and len(paragraphs[0].split()) <= 25 else None
    blocks = []
    if title is not None:
        blocks.append("# " + _escape(title))
        paragraphs = paragraphs[1:]
        while paragraphs and paragraphs[0].casefold() == title.casefold():
            paragraphs = paragraphs[1:]
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        blocks.append(("## " + _escape(paragraph)) if index and _is_heading(paragraph, following) else _escape(paragraph))
    return "\n\n".join(blocks) + "\n", title


# 'MOSCOW (UrduPoint News / Sputnik - 15th January, 2022)', 'PORT ALDER, March 4 (Coastal Ledger) -',
# '(Reuters) -', 'MADRID, 11 Dic. (EUROPA PRESS) -'
DATELINE = re.compile(r"^(?:[A-ZÀ-Þ][A-ZÀ-Þ .,'’-]*?(?:,\s*(?P<when>[^()\n]{1,30}?))?\s*)?"
                      r"\((?P<outlet>[^()\n]{2,60}?)(?:\s+[-–]\s+(?P<date>[^()\n]+))?\)\s*(?:[-–—]\s*)?")


def dateline(text: str) -> tuple[str | None, dt.date | None, int]:
    """Outlet and date from a dateline at the start of `text`, and where the text after it starts."""
    match = DATELINE.match(text)
    if not match or (match.group("date") is None and not match.group(0).rstrip().endswith(("-", "–", "—"))):
        return None, None, 0
    published = None
    date_match = re.search(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})", match.group("date") or "")
    if date_match:
        try:
            published = dt.datetime.strptime(" ".join(date_match.groups()), "%d %B %Y").date()
        except ValueError:
            published = None
    return match.group("outlet").strip(), published, match.end()
