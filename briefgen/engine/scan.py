"""What the inputs are and what they look like now, from their sizes and times: which names are no
input (`ignored`), the one walk that lists a folder's inputs (the articles' folder too: a build
lists it once, here, and the loader pairs that listing into articles), the fingerprint a no-op
build compares, which articles' files changed since a build recorded them, and under serve which
of their stats a scan can take from the last one (Listing). Nothing is read but racy files
(changed so lately that a later change could hide behind the same size and time): their content
goes into the fingerprint, as git does with "racily clean" entries. Cheap to import: a no-op
`briefgen build` decides from here and the state's record."""

from __future__ import annotations

import hashlib
import json
import os
import stat as kind
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .. import __version__
from ..language import LIBRARY as LANGUAGE_LIBRARY

if TYPE_CHECKING:  # the settings read files (sources), which are listed from here
    from ..config import SiteConfig

CACHE_DIR = ".briefgen-cache"
FORMAT = 21
PACKAGE_DIR = Path(__file__).resolve().parent.parent

Stat = tuple[int, int]  # (mtime_ns, size)
UNREADABLE: Stat = (0, -1)  # a broken link, anything but a regular file or a folder, a folder that cannot be listed
OUTSIDE: Stat = (0, -2)  # a link whose file or folder is outside the project: not read
NOT_READ = (UNREADABLE, OUTSIDE)


def project_places(config: "SiteConfig") -> tuple[str, ...]:
    """Where the project's inputs may really be (a link elsewhere is OUTSIDE): in the project's
    folder, or in a folder its settings name (content_dir may be a folder beside it)."""
    return tuple(os.path.realpath(place) + os.sep for place in
                 (config.root, config.content_dir, config.templates_dir, config.static_dir))


def linked(path: str, within: tuple[str, ...], above: frozenset[str] = frozenset()) -> Stat | None:
    """What a link among the inputs is: OUTSIDE when it leads out of the places the project's
    inputs may be in (`within`: project_places), UNREADABLE when it leads to a folder it is in
    (or to one of the linked folders `above` it: reading it would never end), None when it is
    read as what it leads to (a file through it, a folder walked)."""
    real = os.path.realpath(path)
    if not (real + os.sep).startswith(within):
        return OUTSIDE
    if os.path.isdir(real):
        here = os.path.realpath(os.path.dirname(path))
        if (here + os.sep).startswith(real + os.sep) or real in above:
            return UNREADABLE
    return None


def unread(path: str, stat: Stat) -> str:
    """Why an input (UNREADABLE or OUTSIDE) is not read, said so that the user can act on it."""
    if stat == OUTSIDE:
        return (f"this link leads outside the project (to {os.path.realpath(path)}): briefgen reads only "
                "files inside the project, so that building it cannot publish anything else; copy the file in")
    if os.path.islink(path) and not os.path.exists(path):
        return "cannot read this file: it is a broken link (or a link that loops)"
    if os.path.islink(path) and os.path.isdir(path):
        return "this link leads to a folder it is in, so reading it would never end: remove it"
    if os.path.isdir(path):
        return "cannot list this folder (permission denied?): its files would be left out; let briefgen read it"
    if os.path.exists(path) and not os.access(path, os.R_OK):
        return "cannot read this file (permission denied): let briefgen read it, or move it out of the project"
    return "cannot read this file: it is not a regular file (a device, a socket or a pipe)"


@dataclass(frozen=True)
class Scan:
    """What the inputs look like now, from their sizes and times (nothing is read)."""

    fingerprint: str  # of every input
    global_key: str  # of every input but the articles' own files
    articles: dict[str, Stat]  # every input under content/articles/ (see article_files)
    racy: frozenset[str] = frozenset()  # of those, the ones changed so lately that a change could yet hide
    racy_global: bool = False  # whether one of the other inputs was: then global_key is not to be trusted later
    code: str = ""  # of briefgen's own code: what an output read was recorded by it
    clock: int = 0  # the file system's time at the scan: a file not older than this could change unseen

    def recorded(self) -> dict[str, Stat]:
        """The articles' files as a later build compares them: a racy one with a size no file has,
        so that it is read again."""
        recorded = dict(self.articles)
        for path in self.racy & recorded.keys():
            recorded[path] = (recorded[path][0], -2)
        return recorded

    def changed_since(self, before: dict[str, Stat]) -> list[str]:
        """The articles' files added, removed or changed since `before` (as recorded then)."""
        return sorted({path for path, _ in before.items() ^ self.articles.items()})  # (compared as sets of pairs)

    @property
    def trusted_global_key(self) -> str:
        """The global key for a later build to compare with: one it never equals when racy."""
        return "racy" if self.racy_global else self.global_key


RACY_NS = 2_000_000_000  # where the file system's clock cannot be read: the coarsest granularity (FAT's)


def make_folder(folder: Path) -> None:
    """The cache folder, kept out of git."""
    if not (folder / ".gitignore").is_file():
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")


def _file_clock(config: SiteConfig) -> int:
    """The file system's time now, at its own granularity (from a file made and removed at once).
    A file whose time is not older could be written again unseen (same size, same time): as git
    does with "racily clean" entries, such a file is never trusted to be unchanged."""
    folder = config.root / CACHE_DIR  # where a build killed at this moment leaves nothing of its own
    try:
        descriptor, name = tempfile.mkstemp(prefix=".briefgen-clock-", dir=folder if folder.is_dir() else config.root)
    except OSError:
        return time.time_ns() - RACY_NS
    try:
        return os.fstat(descriptor).st_mtime_ns
    finally:
        os.close(descriptor)
        os.unlink(name)


def ignored(name: str) -> bool:
    """Hidden files and folders, editor leftovers (backup~, #autosave#) and Python's caches are no
    input: never read, and a change to them is no change."""
    return name.startswith((".", "#", "~")) or name.endswith("~") or name == "__pycache__"


def walk(folder: str, skip: frozenset[str] = frozenset(), links: dict[str, Stat] | None = None,
         within: tuple[str, ...] = (), _above: frozenset[str] = frozenset(), _linked: bool = False
         ) -> Iterator[tuple[str, Stat]]:
    """Every input under `folder` with its stat, in name order, folders walked in place: `ignored`
    names and the paths in `skip` left out; what cannot be read as a file is UNREADABLE. Nothing
    when there is no `folder`. One os.scandir per folder, one stat per file. A file read through
    a link (its own, or a linked folder's) is put in `links` too, when given. Given the places
    the project's inputs may be in (`within`: project_places), a link that leads elsewhere is
    OUTSIDE and a linked folder inside is walked as any other (one that loops is UNREADABLE);
    without, linked folders are not entered (briefgen's own folders)."""
    if within and not _above and os.path.islink(folder):  # a linked folder asked for by name (serve's saves)
        if (what := linked(folder, within)) is not None:
            yield folder, what
            return
        _linked = True
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not ignored(e.name) and e.path not in skip), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError:
        yield folder, UNREADABLE
        return
    for entry in entries:
        link = entry.is_symlink()
        if link and within:
            if (what := linked(entry.path, within, _above)) is not None:
                yield entry.path, what
                continue
            if os.path.isdir(entry.path):
                yield from walk(entry.path, skip, links, within, _above | {os.path.realpath(folder)}, True)
                continue
        elif entry.is_dir(follow_symlinks=False):
            yield from walk(entry.path, skip, links, within, _above, _linked)
            continue
        try:
            found = _file_stat(entry.stat())
        except OSError:
            found = UNREADABLE
        if found is not None:
            if links is not None and (link or _linked):
                links[entry.path] = found
            yield entry.path, found


def _place(folder: Path) -> Stat:
    """What an input folder's place holds, as far as a build tells: a folder or nothing (0, 0; what
    is in it is walked), or a file in its place (its stat: an error to report)."""
    try:
        stat = os.stat(folder)
    except OSError:
        return (0, 0)
    return (0, 0) if kind.S_ISDIR(stat.st_mode) else (stat.st_mtime_ns, stat.st_size)


def _file_stat(stat: os.stat_result) -> Stat | None:
    """A file's stat as the scan keeps it; None for a folder, UNREADABLE for anything else."""
    if kind.S_ISREG(stat.st_mode):
        return (stat.st_mtime_ns, stat.st_size)
    return None if kind.S_ISDIR(stat.st_mode) else UNREADABLE


def articles_folder(config: SiteConfig) -> str:
    """The articles' folder as the scan names it and its files (and as the user knows them):
    relative to the project, or in full when it is elsewhere."""
    folder, root = str(config.content_dir / "articles"), f"{config.root}{os.sep}"
    return folder[len(root):] if folder.startswith(root) else folder


def article_files(config: SiteConfig, links: dict[str, Stat] | None = None, under: str | None = None) -> dict[str, Stat]:
    """Every input under the articles' folder (or the folder `under` it; the site left out) with
    its stat, by path as `articles_folder` names it ('content/articles/2024/a.md'), in name order;
    linked files also in `links`, by their full paths."""
    folder = str(config.content_dir / "articles")
    cut = len(folder) - len(articles_folder(config))
    return {path[cut:]: stat for path, stat in walk(under or folder, frozenset({str(config.output_dir)}), links,
                                                    project_places(config))}


def input_places(config: SiteConfig) -> list[Path]:
    """Where a project's inputs are: the folders a build reads (whether they are there or not)
    and the settings file."""
    return [config.content_dir, config.templates_dir, config.static_dir, config.root / "briefgen.yaml"]


class Listing:
    """The articles' files as the last scan found them, and the paths serve's watcher reported
    saved since that scan began: the next scan looks again at those only (a file's stat, a
    folder's files), and takes the others as they were, without listing the articles' folders
    again. Trusted only while the watcher is known to run (it has reported a save, and not given
    up, since that scan began). A change it is not told of, in a file a link points to, serve's
    periodic look at the linked files (`links`, with the stats the scan took) finds, and reports
    as 'any path'. Without reports, every scan lists every folder."""

    MOST = 100  # paths reported: with more, all stats are asked for again

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.files: dict[str, Stat] = {}
        self.saved: set[str] | None = None  # None: not known
        self.watched = False
        self.links: dict[str, Stat] = {}  # the inputs read through a link, by full path, as the last scan found them

    def report(self, paths: Iterable[str] | None) -> None:
        """The watcher saw these paths saved (None: it cannot tell which, or stopped watching)."""
        with self.lock:
            self.watched = paths is not None
            self.saved = None if paths is None or self.saved is None else self.saved | set(paths)

    def begin(self, config: SiteConfig, links: dict[str, Stat]) -> dict[str, Stat] | None:
        """At the start of a scan: the articles' files now, from the last scan's and what was
        saved since, their linked files put in `links`; None when the scan must list them all."""
        with self.lock:
            saved, self.saved = self.saved, (set() if self.watched else None)
            files, self.files = self.files, {}  # the scan that failed before end() leaves none
        folder = str(config.content_dir / "articles")
        if saved is None or len(saved) > self.MOST or any(f"{folder}{os.sep}".startswith(f"{path}{os.sep}") for path in saved):
            return None  # not known, too many, or the articles' folder itself (or one above it) saved
        cut, site = len(folder) - len(articles_folder(config)), str(config.output_dir)
        saved = {path for path in saved if path.startswith(folder + os.sep) and not path.startswith(site + os.sep)
                 and path != site and not any(ignored(part) for part in path[len(folder) + 1:].split(os.sep))}
        gone = tuple(path + os.sep for path in saved if path[cut:] not in files)  # folders, or new files
        now = {name: stat for name, stat in files.items() if not (folder[:cut] + name).startswith(gone)} if gone else dict(files)
        links.update((path, stat) for path, stat in self.links.items()
                     if path.startswith(folder + os.sep) and not path.startswith(gone))
        added = False  # a name the listing did not have: then put in the order a listing gives
        places = project_places(config)
        for path in saved:
            name = path[cut:]
            links.pop(path, None)
            try:
                found = _file_stat(os.stat(path))
            except OSError:  # not there any more (or a broken link)
                found = UNREADABLE if os.path.islink(path) else None
            what = linked(path, places) if os.path.islink(path) else None
            if what is not None:
                found = what  # as walk finds it: out of the project, or a folder it is in (neither read)
            if found is None:
                now.pop(name, None)
                if os.path.isdir(path):
                    under = article_files(config, links, path)
                    added = added or bool(under.keys() - now.keys())
                    now.update(under)
                continue
            added = added or name not in now
            now[name] = found
            if os.path.islink(path) and what is None:
                links[path] = found
        return dict(sorted(now.items(), key=lambda item: item[0].split(os.sep))) if added else now

    def end(self, files: dict[str, Stat], links: dict[str, Stat]) -> None:
        self.files, self.links = files, links


def stat_of(path: Path) -> Stat:
    try:
        stat = path.stat()
    except OSError:
        return UNREADABLE
    return (stat.st_mtime_ns, stat.st_size)


def library_folders() -> list[Path]:
    """Where the libraries are installed whose results are kept with each checked article (the
    language told from an article's text: language.py), found without importing them: their files
    are inputs, so that another version checks every article again (none is kept)."""
    import importlib.util

    spec = importlib.util.find_spec(LANGUAGE_LIBRARY)
    return [Path(folder) for folder in (spec.submodule_search_locations or [])] if spec else []


def _digest(lines: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def scan(config: SiteConfig, options: dict, listing: Listing | None = None) -> Scan:
    """Stat everything a build reads: content, templates, static files, settings, options, and
    briefgen itself (its version and its own files, and those of the library that tells an
    article's language); the articles' files but those the `listing` knows (serve)."""
    skip = frozenset({str(config.output_dir), str(config.content_dir / "articles")})
    others: list[tuple[str, Stat]] = []
    links: dict[str, Stat] = {}
    places = project_places(config)
    for folder, within in ((config.content_dir, places), (config.templates_dir, places), (config.static_dir, places),
                           *((folder, ()) for folder in (PACKAGE_DIR, PACKAGE_DIR.parent / "templates",
                                                         *library_folders()))):
        others.append((f"[{folder}]", _place(folder)))
        others.extend(walk(str(folder), skip, links, within))
    settings = config.root / "briefgen.yaml"
    others.append((str(settings), stat_of(settings)))
    articles = listing.begin(config, links) if listing else None
    if articles is None:
        articles = article_files(config, links)
    if listing:
        listing.end(articles, links)
    racy_from = _file_clock(config)
    racy = frozenset(path for path, (mtime, _) in articles.items() if mtime >= racy_from)
    global_key = _digest([f"format {FORMAT}", f"briefgen {__version__}", json.dumps(options, sort_keys=True, default=str),
                          repr(config), *(f"{path}\0{mtime}\0{size}" for path, (mtime, size) in others)])
    racy_global = [path for path, (mtime, _) in others if mtime >= racy_from]
    # A racy file's content goes into the fingerprint, so that an unseen change still changes it.
    fingerprint = _digest([global_key, *(f"{path}\0{mtime}\0{size}" for path, (mtime, size) in articles.items()),
                           *(_content(path) for path in racy_global),
                           *(_content(str(config.root / path)) for path in sorted(racy))])
    package = str(PACKAGE_DIR)
    code = _digest([f"format {FORMAT}", f"briefgen {__version__}", *(f"{path}\0{mtime}\0{size}" for path, (mtime, size)
                                                                     in others if path.startswith(package)
                                                                     and path.endswith(".py"))])
    return Scan(fingerprint, global_key, articles, racy, bool(racy_global), code, racy_from)


def _content(path: str) -> str:
    try:
        with open(path, "rb") as file:
            return f"{path}\0{hashlib.sha256(file.read()).hexdigest()}"
    except OSError:
        return f"{path}\0unreadable"


def fingerprint(config: SiteConfig, options: dict) -> str:
    return scan(config, options).fingerprint


def file_version(path: Path) -> tuple[int, int, int, int] | None:
    """What tells a file or folder from another put in its place, and from another version of
    it: its device, inode, size and time (None when it is not there)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


# In every output folder: briefgen made it. A full build writes it into the folder it swaps in, an
# incremental one puts a new one in its place before it writes anything else (SITE_MARK_TEXT).
SITE_MARK = ".briefgen-site"
SITE_MARK_TEXT = (b"This folder is made by briefgen, which replaces it whole at each build:\n"
                  b"keep no files of your own in it.\n")


def output_marker(output: Path) -> list[int] | None:
    """What tells that the output folder is still the one a build made and no build wrote since (not
    replaced, deleted, nor changed in place: a state put back from an earlier build describes another
    site): the versions of the folder and of its mark, which every build that writes renews."""
    version, mark = file_version(output), file_version(output / SITE_MARK)
    return None if version is None or mark is None else [*version, *mark]
