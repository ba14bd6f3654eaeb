"""Project files → raw records that keep their source positions (no Markdown, no Jinja yet)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .engine.scan import NOT_READ, OUTSIDE, Stat, article_files, articles_folder, linked, project_places, unread, walk
from .errors import Diagnostic, Diagnostics, Location, display_path
from .fields import SLUG, check_slug
from .sources import SplitText, read_text, split_front_matter
from .yamlsrc import load_yaml

ARTICLE_SUFFIX = ".md"
SIDECAR_SUFFIXES = (".yaml", ".yml")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")  # (in any case: told to be renamed .md)


@dataclass(frozen=True)
class RawFile:
    """A YAML file's parsed value (None when missing, empty or broken) and how to name it."""

    display: str
    value: Any
    exists: bool
    broken: bool = False  # unreadable or invalid YAML, already reported


@dataclass(frozen=True)
class RawArticle:
    """One article: its Markdown split from front matter, and its sidecar, as read."""

    slug: str
    markdown_display: str | None
    text: SplitText | None
    front_matter: RawFile | None  # the YAML between '---' lines at the top, when there is some
    sidecar: RawFile | None


@dataclass(frozen=True)
class RawNote:
    """An analyst's note: Markdown with front matter, citing claims."""

    slug: str
    display: str
    text: SplitText
    front_matter: RawFile | None


ArticleFiles = tuple[str, str, "str | None"]  # (slug, Markdown, sidecar): paths as the scan names them


@dataclass(frozen=True)
class RawProject:
    config: SiteConfig
    experts: RawFile
    topics: RawFile
    articles: list[ArticleFiles]  # found, not read: see read_article
    notes: tuple[RawNote, ...] = ()


def read_yaml_file(path: Path, display: str, diags: Diagnostics) -> RawFile:
    if not path.exists():
        return RawFile(display, None, False)
    errors_before = len(diags.errors)
    text = read_text(path, display, diags)
    value = load_yaml(text, display, diags) if text is not None else None
    return RawFile(display, value, True, broken=len(diags.errors) > errors_before)


def _article_slug(stem: str, display: str, diags: Diagnostics) -> str | None:
    """The slug of a Markdown file: its path in its folder without the extension ('2024/a'), each
    part a safe id (a dot is none: 'a.v2.md' is not taken for 'a', whose files it is not)."""
    if stem.split("/")[0] == PAGES:
        diags.error("reserved-name", Location(display),
                    f"a folder or file named '{PAGES}' at the top of the articles' or notes' folder would take the "
                    f"address of the list's pages ('{PAGES}/2/' is its second page): rename it")
        return None
    if _SLUG_PATH.fullmatch(stem):
        return stem
    checked = [check_slug(part, Location(display), "file name", diags) for part in stem.split("/")]
    return "/".join(checked) if all(checked) else None  # type: ignore[arg-type]


PAGES = "page"  # the lists' pages are at <list>/page/2/, …: no article or note may be there


_SLUG_PATH = re.compile(f"{SLUG}(?:/{SLUG})*")  # a stem each part of which is a safe id


def read_markdown(path: Path, display: str, diags: Diagnostics) -> tuple[SplitText | None, RawFile | None]:
    """A Markdown file's body and its YAML front matter (None when it has none)."""
    full = read_text(path, display, diags)
    if full is None:
        return None, None
    text = split_front_matter(full)
    if text.front_matter is None:
        return text, None
    errors_before = len(diags.errors)
    value = load_yaml(text.front_matter, display, diags, line_offset=text.front_matter_line - 1)
    return text, RawFile(display, value, True, broken=len(diags.errors) > errors_before)


def read_article(files: ArticleFiles, root: Path, diags: Diagnostics) -> RawArticle:
    """One article's Markdown and its sidecar, as read, with what is wrong in them."""
    slug, markdown, sidecar_file = files
    md_path = root / markdown
    text, front_matter = read_markdown(md_path, markdown, diags)
    if sidecar_file is None:
        diags.warning("article-without-sidecar", Location(markdown),
                      f"article has no annotations: add {md_path.stem}.yaml beside it to record its claims")
    sidecar = read_yaml_file(root / sidecar_file, sidecar_file, diags) if sidecar_file else None
    return RawArticle(slug, markdown, text, front_matter, sidecar)


def find_articles(config: SiteConfig, diags: Diagnostics, listing: dict[str, Stat] | None = None) -> list[ArticleFiles]:
    """Every article's files, paired from the `listing` of the articles' folder (the build's scan's;
    else listed here, the same way); problems with names and pairs go to `diags`. Nothing is read.
    The same names as the last time (serve's saves that add or remove no file) give the same
    articles and problems, taken as they were."""
    if listing is None:
        listing = article_files(config)
    names = (articles_folder(config), tuple(listing), frozenset((p, stat) for p, stat in listing.items() if stat in NOT_READ))
    if _FOUND and _FOUND[0] == names:
        diags.extend(_FOUND[2])
        return list(_FOUND[1])
    found = Diagnostics()
    articles = _pair_articles(config, found, listing)
    _FOUND[:] = [names, articles, found.items]
    diags.extend(found.items)
    return list(articles)


_FOUND: list = []  # the last names find_articles was given, the articles and problems it found


def _pair_articles(config: SiteConfig, diags: Diagnostics, listing: dict[str, Stat]) -> list[ArticleFiles]:
    inside = len(articles_folder(config)) + 1
    markdown: dict[str, str] = {}
    sidecars: dict[str, str] = {}
    for path, stat in listing.items():
        if stat in NOT_READ:
            _unreadable(path, config.root / path, stat, diags)
            continue
        stem, dot, extension = path[inside:].rpartition(".")
        suffix = dot + extension
        if _misnamed(path, path, diags):
            continue
        if suffix == ARTICLE_SUFFIX:
            markdown[stem] = path
        elif suffix in SIDECAR_SUFFIXES:
            if stem in sidecars:
                diags.error(
                    "duplicate-sidecar",
                    Location(path),
                    f"two annotation files for one article: {os.path.basename(sidecars[stem])} and "
                    f"{os.path.basename(path)}; keep one",
                )
                continue
            sidecars[stem] = path
    articles: list[ArticleFiles] = []
    for stem in sorted(markdown.keys() | sidecars.keys()):
        md_path, sidecar_path = markdown.get(stem), sidecars.get(stem)
        if md_path is None:
            assert sidecar_path is not None
            diags.error(
                "sidecar-without-article",
                Location(sidecar_path),
                f"annotations without an article: there is no {os.path.basename(stem)}{ARTICLE_SUFFIX} beside this file",
            )
            continue
        slug = _article_slug(stem, md_path, diags)
        if slug is None:
            continue
        articles.append((slug, md_path, sidecar_path))
    return articles


def _misnamed(path: str, display: str, diags: Diagnostics, sidecars: bool = True) -> bool:
    """A Markdown or YAML file under a name briefgen does not read ('a.MD', 'a.markdown', 'a.YML'):
    an error, not a file left out in silence."""
    stem, dot, extension = os.path.basename(path).rpartition(".")
    suffix = dot + extension
    if suffix != ARTICLE_SUFFIX and suffix.lower() in MARKDOWN_SUFFIXES:
        right = ARTICLE_SUFFIX
    elif sidecars and suffix not in SIDECAR_SUFFIXES and suffix.lower() in SIDECAR_SUFFIXES:
        right = SIDECAR_SUFFIXES[0]
    else:
        return False
    diags.error("not-read", Location(display), f"briefgen reads text from '{ARTICLE_SUFFIX}' files and claims from "
                f"'{SIDECAR_SUFFIXES[0]}' ones, and would leave this one out: rename it {stem}{right}")
    return True


def _unreadable(display: str, path: Path, stat: Stat, diags: Diagnostics) -> None:
    """An input that is not read (scan.NOT_READ): a link out of the project, a folder that
    cannot be listed, a broken link, a socket (reading it would fail or hang)."""
    diags.error("outside-project" if stat == OUTSIDE else "unreadable", Location(display), unread(str(path), stat))


def load_notes(config: SiteConfig, diags: Diagnostics) -> tuple[RawNote, ...]:
    notes_dir = str(config.content_dir / "notes")
    notes = []
    for path, stat in walk(notes_dir, within=project_places(config)):
        display = display_path(Path(path), config.root)
        if stat in NOT_READ:
            _unreadable(display, Path(path), stat, diags)
            continue
        if not path.endswith(ARTICLE_SUFFIX):
            _misnamed(path, display, diags, sidecars=False)
            continue
        slug = _article_slug(path[len(notes_dir) + 1:-len(ARTICLE_SUFFIX)], display, diags)
        text, front_matter = read_markdown(Path(path), display, diags)
        if slug is not None and text is not None:
            notes.append(RawNote(slug, display, text, front_matter))
    return tuple(notes)


def read_registries(config: SiteConfig, diags: Diagnostics) -> tuple[RawFile, RawFile]:
    """content/experts.yaml and content/topics.yaml, as read (not when they lead out of the project)."""
    registries = []
    for name in ("experts.yaml", "topics.yaml"):
        path, display = config.content_dir / name, display_path(config.content_dir / name, config.root)
        if path.is_symlink() and linked(str(path), project_places(config)) == OUTSIDE:
            _unreadable(display, path, OUTSIDE, diags)
            registries.append(RawFile(display, None, True, broken=True))
        else:
            registries.append(_read_registry(path, display, diags))
    return tuple(registries)  # type: ignore[return-value]


def _read_registry(path: Path, display: str, diags: Diagnostics) -> RawFile:
    """A registry as read_yaml_file reads it; parsed again only when its bytes are not those it
    was last parsed from (serve's saves of articles leave the registries as they were)."""
    try:
        data: bytes | None = path.read_bytes()
    except OSError:
        data = None
    known = _REGISTRIES.get(path)
    if data is None or known is None or known[0] != (display, data):
        found = Diagnostics()
        known = _REGISTRIES[path] = ((display, data), read_yaml_file(path, display, found), found.items)
    diags.extend(known[2])
    return known[1]


_REGISTRIES: dict[Path, tuple[tuple[str, bytes | None], RawFile, list[Diagnostic]]] = {}  # by path: as last parsed


def load_project(config: SiteConfig, diags: Diagnostics, listing: dict[str, Stat] | None = None) -> RawProject:
    """Read the registries and notes, and find the articles (read one by one later, so that their
    raw forms need not all be kept at once) from the `listing` of their folder, when the build's
    scan made one; all problems go to `diags`."""
    if not _check_content_folders(config, diags):  # nothing there can be read: said once, not once a file
        nothing = RawFile(display_path(config.content_dir, config.root), None, False, broken=True)
        return RawProject(config=config, experts=nothing, topics=nothing, articles=[])
    experts, topics = read_registries(config, diags)
    articles = find_articles(config, diags, listing)
    if not articles and (config.content_dir / "articles").is_dir() and not diags.errors:
        diags.warning("no-articles", Location(articles_folder(config)),
                      "no articles yet: put each article here as a Markdown file (.md) with its claims "
                      "in a YAML file of the same name beside it")
    return RawProject(config=config, experts=experts, topics=topics, articles=articles, notes=load_notes(config, diags))


def _check_content_folders(config: SiteConfig, diags: Diagnostics) -> bool:
    """The content folder and its articles' folder are there, are folders and can be listed: a
    build without them would publish a site that lost every article, and say nothing. False when
    they cannot be read at all."""
    for folder, what in ((config.content_dir, "content folder"), (config.content_dir / "articles", "articles' folder")):
        shown = display_path(folder, config.root)
        if not os.path.lexists(folder):
            hint = ("is this a briefgen project? (`briefgen init DIR` creates one; `content_dir` in "
                    "briefgen.yaml names another)" if folder == config.content_dir else
                    "a briefgen project keeps its articles there; create it (empty, if you have none yet)")
            diags.error("no-content", Location(shown), f"there is no {what} {shown}: {hint}")
            return folder != config.content_dir  # (without articles, the registries are still read)
        if not os.path.isdir(folder):
            diags.error("no-content", Location(shown), f"the {what} {shown} is a file, not a folder")
            return folder != config.content_dir
        try:
            with os.scandir(folder) as listing:
                next(listing, None)
        except OSError as exc:
            diags.error("unreadable", Location(shown), f"cannot list the {what} {shown} ({exc.strerror}): "
                        "let briefgen read it")
            return False
    for folder, what in ((config.content_dir / "notes", "notes' folder"), (config.templates_dir, "templates' folder"),
                         (config.static_dir, "static files' folder")):  # (these may be missing)
        if folder.exists() and not folder.is_dir():
            shown = display_path(folder, config.root)
            diags.error("no-content", Location(shown), f"the {what} {shown} is a file, not a folder: "
                        "its files would be left out; make it a folder, or remove it")
    return True
