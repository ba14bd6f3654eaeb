"""Reading project files as text: UTF-8 with or without BOM, any line ending, front matter split off."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .engine.scan import UNREADABLE, walk
from .errors import Diagnostics, Location

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def read_text(path: Path, display: str, diags: Diagnostics) -> str | None:
    """The file's text with '\\n' line endings, or None after reporting why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        diags.error("unreadable", Location(display), f"cannot read this file: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(
            "not-utf8",
            Location(display, line, col),
            f"this file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class SplitText:
    """A Markdown file cut into its YAML front matter and its body, with the lines they start on."""

    front_matter: str | None
    front_matter_line: int  # 1-based line of the first front-matter line
    body: str
    body_line: int  # 1-based line of the first body line


def split_front_matter(text: str) -> SplitText:
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return SplitText(None, 0, text, 1)
    body_line = text[: match.end()].count("\n") + 1
    return SplitText(match.group(1) or "", 2, text[match.end():], body_line)


def files_under(folder: Path) -> dict[str, Path]:
    """Every file below `folder` that is an input and can be read (see scan.walk), by its relative path."""
    cut = len(str(folder)) + 1
    return {path[cut:]: Path(path) for path, stat in walk(str(folder)) if stat != UNREADABLE}
