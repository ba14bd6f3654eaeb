"""Where a problem is (Location), what it is (Diagnostic), and the collector that gathers them."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"
INFO = "info"  # no problem: a hint for the analyst (check prints it; nothing fails on it)


@dataclass(frozen=True, order=True)
class Location:
    """A place in a project file; line and column are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the project, with its place and a short code for tools."""

    severity: str
    code: str
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.code}]"

    def sort_key(self) -> tuple:
        return (self.location.path, self.location.line, self.location.col, self.severity, self.message)

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "path": self.location.path,
            "line": self.location.line,
            "col": self.location.col,
            "message": self.message,
        }


@dataclass
class Diagnostics:
    """Collects every problem of a run, so users fix them all in one pass."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, location: Location, message: str) -> None:
        self.items.append(Diagnostic(ERROR, code, location, message))

    def warning(self, code: str, location: Location, message: str) -> None:
        self.items.append(Diagnostic(WARNING, code, location, message))

    def info(self, code: str, location: Location, message: str) -> None:
        self.items.append(Diagnostic(INFO, code, location, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=Diagnostic.sort_key)


class BriefgenError(Exception):
    """Raised once, with every diagnostic, when the project cannot be built: because of its
    content or templates (exit 1), or (`usage`) of how it was called or of the machine it runs on
    — a folder it may not replace, a full disk (exit 2)."""

    def __init__(self, diagnostics: list[Diagnostic], usage: bool = False):
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        self.usage = usage
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self):  # crosses from a rendering worker to the parent whole
        return (BriefgenError, (self.diagnostics, self.usage))


def environment_problem(exc: Exception, place: Path | None = None) -> str | None:
    """What a failure of the machine (a full disk, a folder it may not write, a read-only disk)
    means and what to do, naming the file or folder (`place` when the failure does not say);
    None for a failure that is not of the machine's (a bug of ours)."""
    import errno
    import sqlite3

    if isinstance(exc, sqlite3.OperationalError):  # the build state (.briefgen-cache)
        text = str(exc)
        code = (errno.ENOSPC if "full" in text else errno.EROFS if "readonly" in text
                else errno.EACCES if "unable to open" in text else None)
        if code is None:
            return None
        exc, place = OSError(code, os.strerror(code)), Path(".briefgen-cache")
    if not isinstance(exc, OSError):
        return None
    what = {errno.ENOSPC: "the disk is full: free some space, then run again",
            errno.EDQUOT: "your disk quota is used up: free some space, then run again",
            errno.EROFS: "it is on a read-only disk: run where briefgen may write, or choose another output folder",
            errno.EACCES: "permission denied: let briefgen read and write there, or choose another output folder",
            errno.EPERM: "not permitted: let briefgen write there, or choose another output folder",
            errno.EMFILE: "too many files are open at once: raise the limit (`ulimit -n`), then run again",
            }.get(exc.errno or 0, "the system refused it: check the disk and the folder, then run again")
    where = exc.filename if exc.filename is not None else place
    return f"{where}: {exc.strerror or exc} — {what}" if where is not None else f"{exc.strerror or exc} — {what}"


class UsageError(Exception):
    """A mistake in how a command was called (exit code 2), not in the content."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when none is close."""
    import difflib  # only when something is misspelt

    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def display_path(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the project when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def print_all(lines: list[str]) -> None:
    """Print these lines (a build's warnings, problems) on stderr in one write: a large project has thousands."""
    if lines:
        sys.stderr.write("".join(f"{line}\n" for line in lines))
        sys.stderr.flush()
