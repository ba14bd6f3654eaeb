"""The build cache in .briefgen-cache/: what the last build read and made, so the next one redoes
only what changed.

Two files. `last-build.json` holds a fingerprint of every input (paths, sizes, times) and what
the build printed: an unchanged project is answered from it alone. `state.sqlite` holds, per
input file, its size and time and, per article, a key of everything other pages show of it and
where its body stands in its page (incremental.py uses it when only articles' text changed).
This module stays cheap to import: a no-op `briefgen build` decides from here, without loading
the Markdown, YAML-validation or template machinery.

A cache that is missing, corrupt, from another briefgen or for another output is ignored,
never trusted: the build is then a full one."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import secrets
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from . import __version__
from .config import SiteConfig

CACHE_DIR = ".briefgen-cache"
STATE_FILE = "last-build.json"
DATABASE = "state.sqlite"
FORMAT = 3
PACKAGE_DIR = Path(__file__).resolve().parent

Stat = tuple[int, int]  # (mtime_ns, size); size -1 for a file that cannot be read


@dataclass(frozen=True)
class Scan:
    """What the inputs look like now, from their sizes and times (nothing is read)."""

    fingerprint: str  # of every input
    global_key: str  # of every input but the articles' own files
    articles: dict[str, Stat]  # every file under content/articles/, by path relative to the project
    racy: frozenset[str] = frozenset()  # of those, the ones changed so lately that a change could yet hide
    racy_global: bool = False  # whether one of the other inputs was: then global_key is not to be trusted later

    def recorded(self) -> dict[str, Stat]:
        """The articles' files as a later build compares them: a racy one with a size no file has,
        so that it is read again."""
        return {path: (mtime, -2 if path in self.racy else size) for path, (mtime, size) in self.articles.items()}

    def changed_since(self, before: dict[str, Stat]) -> list[str]:
        """The articles' files added, removed or changed since `before` (as recorded then)."""
        return sorted(path for path in before.keys() | self.articles.keys() if before.get(path) != self.articles.get(path))

    @property
    def trusted_global_key(self) -> str:
        """The global key for a later build to compare with: one it never equals when racy."""
        return "racy" if self.racy_global else self.global_key


RACY_NS = 2_000_000_000  # where the file system's clock cannot be read: the coarsest granularity (FAT's)


def _make_folder(folder: Path) -> None:
    """The cache folder, kept out of git."""
    if not (folder / ".gitignore").is_file():
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")


def _file_clock(config: SiteConfig) -> int:
    """The file system's time now, at its own granularity (from a file made and removed at once).
    A file whose time is not older could be written again unseen (same size, same time): as git
    does with "racily clean" entries, such a file is never trusted to be unchanged."""
    try:
        descriptor, name = tempfile.mkstemp(prefix=".briefgen-clock-", dir=config.root)
    except OSError:
        return time.time_ns() - RACY_NS
    try:
        return os.fstat(descriptor).st_mtime_ns
    finally:
        os.close(descriptor)
        os.unlink(name)


def _walk(folder: str, skip: set[str]) -> Iterator[tuple[str, Stat]]:
    """Every file under `folder` (hidden ones and those under `skip` left out) with its stat."""
    try:
        listing = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in listing:
        if entry.name.startswith(".") or entry.path in skip or entry.name == "__pycache__":
            continue
        try:
            if entry.is_dir():
                yield from _walk(entry.path, skip)
            else:
                stat = entry.stat()
                yield entry.path, (stat.st_mtime_ns, stat.st_size)
        except OSError:
            yield entry.path, (0, -1)


def _stat(path: Path) -> Stat:
    try:
        stat = path.stat()
    except OSError:
        return (0, -1)
    return (stat.st_mtime_ns, stat.st_size)


def _digest(lines: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def scan(config: SiteConfig, options: dict) -> Scan:
    """Stat everything a build reads: content, templates, static files, settings, options, and
    briefgen itself (its version and its own files)."""
    articles_dir = str(config.content_dir / "articles")
    skip = {str(config.output_dir), articles_dir}
    others: list[tuple[str, Stat]] = []
    for folder in (config.content_dir, config.templates_dir, config.static_dir, PACKAGE_DIR,
                   PACKAGE_DIR.parent / "templates"):
        others.append((f"[{folder}]", (0, 0)))
        others.extend(_walk(str(folder), skip))
    settings = config.root / "briefgen.yaml"
    others.append((str(settings), _stat(settings)))
    prefix = len(str(config.root)) + 1 if articles_dir.startswith(f"{config.root}{os.sep}") else 0
    articles = {path[prefix:]: stat for path, stat in _walk(articles_dir, skip)}
    racy_from = _file_clock(config)
    racy = frozenset(path for path, (mtime, _) in articles.items() if mtime >= racy_from)
    global_key = _digest([f"format {FORMAT}", f"briefgen {__version__}", json.dumps(options, sort_keys=True, default=str),
                          repr(config), *(f"{path}\0{mtime}\0{size}" for path, (mtime, size) in others)])
    racy_global = [path for path, (mtime, _) in others if mtime >= racy_from]
    # A racy file's content goes into the fingerprint, so that an unseen change still changes it.
    fingerprint = _digest([global_key, *(f"{path}\0{mtime}\0{size}" for path, (mtime, size) in articles.items()),
                           *(_content(path) for path in racy_global),
                           *(_content(str(config.root / path)) for path in sorted(racy))])
    return Scan(fingerprint, global_key, articles, racy, bool(racy_global))


def _content(path: str) -> str:
    try:
        with open(path, "rb") as file:
            return f"{path}\0{hashlib.sha256(file.read()).hexdigest()}"
    except OSError:
        return f"{path}\0unreadable"


def fingerprint(config: SiteConfig, options: dict) -> str:
    return scan(config, options).fingerprint


def _output_marker(output: Path) -> list[int] | None:
    try:
        stat = output.stat()
    except OSError:
        return None
    return [stat.st_ino, stat.st_mtime_ns]


def _state_path(config: SiteConfig) -> Path:
    return config.root / CACHE_DIR / STATE_FILE


def _read_record(config: SiteConfig) -> dict | None:
    try:
        state = json.loads(_state_path(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT or state.get("version") != __version__:
        return None
    if state.get("output") != str(config.output_dir) or state.get("marker") != _output_marker(config.output_dir):
        return None
    return state


def up_to_date(config: SiteConfig, inputs: str) -> dict | None:
    """The last build's record when nothing it read has changed (`inputs` is the fingerprint now)
    and its output is still in place."""
    state = _read_record(config)
    return state if state is not None and state.get("fingerprint") == inputs else None


def _write_record(config: SiteConfig, state: dict) -> None:
    path = _state_path(config)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state), encoding="utf-8")
    os.replace(temporary, path)


@dataclass(frozen=True)
class Frame:
    """Where an article's body stands in its rendered page, and how its claims are marked there:
    all that an edit of the article's text alone needs to redo its page."""

    page: str  # the page's file in the site, e.g. 'articles/foo/index.html'
    body_start: int  # byte offsets of the body in the page
    body_end: int
    size: int
    marks: dict  # claim id → markdown.Marks


@dataclass(frozen=True)
class ArticleState:
    """What the next build needs to know of one published article."""

    slug: str
    key: str  # of everything about it that pages other than its own show (see incremental.article_key)
    diagnostics: list  # what reading and checking it found
    frame: Frame | None  # None when its page cannot be redone by splicing in a new body
    parts: object = None  # exports.TextParts: what its text puts in the data files and the search index


class State:
    """The last build's state (state.sqlite), open for the next build to read and update."""

    def __init__(self, config: SiteConfig, record: dict, db: sqlite3.Connection):
        self.config, self.record, self.db = config, record, db

    @classmethod
    def open(cls, config: SiteConfig) -> "State | None":
        record = _read_record(config)
        path = config.root / CACHE_DIR / DATABASE
        if record is None or not path.is_file():
            return None
        try:
            db = sqlite3.connect(path)
            token = db.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()
        except sqlite3.Error:
            return None
        if token is None or token[0] != record.get("token"):
            db.close()
            return None
        return cls(config, record, db)

    @property
    def global_key(self) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'global'").fetchone()
        return row[0] if row else None

    def files(self) -> dict[str, Stat]:
        return {path: (mtime, size) for path, mtime, size in self.db.execute("SELECT path, mtime, size FROM files")}

    def article(self, slug: str) -> ArticleState | None:
        row = self.db.execute("SELECT key, diagnostics, frame, parts FROM articles WHERE slug = ?", (slug,)).fetchone()
        if row is None:
            return None
        try:
            return ArticleState(slug, row[0], pickle.loads(row[1]), pickle.loads(row[2]), pickle.loads(row[3]))
        except Exception:  # a cache we cannot read is not trusted
            return None

    def parts(self) -> dict[str, object]:
        """Every article's TextParts by slug, in the order of the site (newest first)."""
        return {slug: pickle.loads(blob) for slug, blob in
                self.db.execute("SELECT slug, parts FROM articles ORDER BY position")}

    def blob(self, key: str) -> object | None:
        row = self.db.execute("SELECT value FROM blobs WHERE key = ?", (key,)).fetchone()
        try:
            return pickle.loads(row[0]) if row else None
        except Exception:  # a cache we cannot read is not trusted
            return None

    def keep_blob(self, key: str, value: object) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO blobs VALUES (?, ?)", (key, pickle.dumps(value)))

    def diagnostics(self, skip: set[str]) -> list:
        """Every problem the last build reported, but those of the articles in `skip`."""
        found = list(self.blob("diagnostics") or [])
        for slug, blob in self.db.execute("SELECT slug, diagnostics FROM articles"):
            if slug not in skip:
                found.extend(pickle.loads(blob))
        return found

    def update(self, scan: Scan, changed: Iterable[str], articles: list[ArticleState], warnings: list[str]) -> None:
        """After an incremental build: the files that changed as they are now, and the articles it redid."""
        with self.db:
            recorded = scan.recorded()
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", [(p, *recorded[p]) for p in changed])
            self.db.executemany("UPDATE articles SET key = ?, diagnostics = ?, frame = ?, parts = ? WHERE slug = ?",
                                [(*row[1:4], row[5], row[0]) for row in _article_rows(articles)])
        self.db.close()
        record = {**self.record, "fingerprint": scan.fingerprint, "warnings": warnings,
                  "marker": _output_marker(self.config.output_dir)}
        try:
            _write_record(self.config, record)
        except OSError:
            pass


def _file_rows(scan: Scan) -> Iterator[tuple[str, int, int]]:
    return ((path, mtime, size) for path, (mtime, size) in scan.recorded().items())


def _article_rows(articles: list[ArticleState]) -> Iterator[tuple]:
    return ((a.slug, a.key, pickle.dumps(a.diagnostics), pickle.dumps(a.frame), position, pickle.dumps(a.parts))
            for position, a in enumerate(articles))


def record(config: SiteConfig, scan: Scan, summary: str, warnings: list[str],
           diagnostics: list | None = None, articles: list[ArticleState] | None = None,
           search_rest: list | None = None) -> None:
    """Remember a successful build: the inputs as scanned before it read anything, what it said,
    and (for incremental builds) the state of each article (in the site's order), every other
    problem it found and the search records that are not articles'."""
    folder = config.root / CACHE_DIR
    token = secrets.token_hex(8)
    state = {"format": FORMAT, "version": __version__, "fingerprint": scan.fingerprint, "token": token,
             "output": str(config.output_dir), "marker": _output_marker(config.output_dir),
             "summary": summary, "warnings": warnings}
    try:
        _make_folder(folder)
        database = folder / DATABASE
        database.unlink(missing_ok=True)
        if articles is not None:
            temporary = folder / f"{DATABASE}.tmp"
            temporary.unlink(missing_ok=True)
            db = sqlite3.connect(temporary)
            with db:
                db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
                db.execute("CREATE TABLE blobs (key TEXT PRIMARY KEY, value BLOB)")
                db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, mtime INTEGER, size INTEGER)")
                db.execute("CREATE TABLE articles (slug TEXT PRIMARY KEY, key TEXT, diagnostics BLOB, frame BLOB, "
                           "position INTEGER, parts BLOB)")
                db.executemany("INSERT INTO meta VALUES (?, ?)", [("token", token), ("global", scan.trusted_global_key)])
                db.executemany("INSERT INTO blobs VALUES (?, ?)", [("diagnostics", pickle.dumps(diagnostics or [])),
                                                                   ("search-rest", pickle.dumps(search_rest or []))])
                db.executemany("INSERT INTO files VALUES (?, ?, ?)", _file_rows(scan))
                db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", _article_rows(articles))
            db.close()
            os.replace(temporary, database)
        _write_record(config, state)
    except (OSError, sqlite3.Error):
        forget(config)  # a cache that cannot be written only costs time


def forget(config: SiteConfig) -> None:
    for name in (STATE_FILE, DATABASE):
        try:
            (config.root / CACHE_DIR / name).unlink()
        except OSError:
            pass
