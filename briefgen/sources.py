"""Reading project files as text: UTF-8 with or without BOM, any line ending, front matter split off."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .engine.scan import NOT_READ, OUTSIDE, project_places, unread, walk
from .errors import ERROR, BriefgenError, Diagnostic, Diagnostics, Location, display_path

if TYPE_CHECKING:
    from .config import SiteConfig

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


def files_under(folder: Path, config: SiteConfig | None = None) -> dict[str, Path]:
    """Every file below `folder` that is an input (see scan.walk), by its relative path. A folder
    of the project's (`config` given) may not hold what cannot be read or links out of the
    project (problems_under): BriefgenError, naming each; briefgen's own folders hold neither."""
    found, problems = _walked(folder, config)
    if problems:
        raise BriefgenError(problems)
    return found


def problems_under(folder: Path, config: SiteConfig) -> list[Diagnostic]:
    """What a build would refuse in a folder of the project's templates or static files: a file
    or folder that cannot be read, a link out of the project (`check` says them too)."""
    return _walked(folder, config)[1]


def _walked(folder: Path, config: SiteConfig | None) -> tuple[dict[str, Path], list[Diagnostic]]:
    cut = len(str(folder)) + 1
    found = dict(walk(str(folder), within=project_places(config) if config else ()))
    problems = [Diagnostic(ERROR, "outside-project" if stat == OUTSIDE else "unreadable",
                           Location(display_path(Path(path), config.root if config else folder)), unread(path, stat))
                for path, stat in found.items() if stat in NOT_READ]
    return {path[cut:]: Path(path) for path, stat in found.items() if stat not in NOT_READ}, problems
