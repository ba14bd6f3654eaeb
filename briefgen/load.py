"""Project files → raw records that keep their source positions (no Markdown, no Jinja yet)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from .config import SiteConfig
from .errors import Diagnostics, Location, display_path
from .fields import SLUG, check_slug
from .sources import SplitText, read_text, split_front_matter
from .yamlsrc import load_yaml

ARTICLE_SUFFIX = ".md"
SIDECAR_SUFFIXES = (".yaml", ".yml")


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


ArticleFiles = tuple[str, Path, "Path | None"]  # (slug, Markdown, sidecar)


@dataclass(frozen=True)
class RawProject:
    config: SiteConfig
    experts: RawFile
    topics: RawFile
    articles: list[ArticleFiles]  # found, not read: see read_article
    notes: tuple[RawNote, ...] = ()


def _ignored(path: Path) -> bool:
    """Hidden files and editor leftovers (backup~, #autosave#) are not content."""
    return _ignored_name(path.name)


def _ignored_name(name: str) -> bool:
    return name.startswith((".", "#", "~")) or name.endswith("~")


def read_yaml_file(path: Path, display: str, diags: Diagnostics) -> RawFile:
    if not path.exists():
        return RawFile(display, None, False)
    errors_before = len(diags.errors)
    text = read_text(path, display, diags)
    value = load_yaml(text, display, diags) if text is not None else None
    return RawFile(display, value, True, broken=len(diags.errors) > errors_before)


def _article_slug(relative: Path, where: Location, diags: Diagnostics) -> str | None:
    """The slug of a Markdown file: its path without extension, each part a safe id."""
    parts = list(relative.with_suffix("").parts)
    checked = [check_slug(part, where, "file name", diags) for part in parts]
    return "/".join(checked) if all(checked) else None  # type: ignore[arg-type]


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


def read_article(slug: str, md_path: Path, sidecar_path: Path | None, root: Path,
                 diags: Diagnostics) -> RawArticle:
    """One article's Markdown and its sidecar, as read, with what is wrong in them."""
    md_display = display_path(md_path, root)
    text, front_matter = read_markdown(md_path, md_display, diags)
    if sidecar_path is None:
        diags.warning("article-without-sidecar", Location(md_display),
                      f"article has no annotations: add {md_path.stem}.yaml beside it to record its claims")
    sidecar = read_yaml_file(sidecar_path, display_path(sidecar_path, root), diags) if sidecar_path else None
    return RawArticle(slug, md_display, text, front_matter, sidecar)


def find_articles(config: SiteConfig, diags: Diagnostics) -> list[ArticleFiles]:
    """Every article's files, paired; problems with names and pairs go to `diags`. Nothing is read."""
    articles_dir = config.content_dir / "articles"
    root = config.root
    if not articles_dir.is_dir():
        return []
    markdown: dict[str, Path] = {}
    sidecars: dict[str, Path] = {}
    for stem, path in _article_folder_files(str(articles_dir), "", root, diags):
        stem, suffix = os.path.splitext(stem)
        if suffix == ARTICLE_SUFFIX:
            markdown[stem] = path
        elif suffix in SIDECAR_SUFFIXES:
            if stem in sidecars:
                diags.error(
                    "duplicate-sidecar",
                    Location(display_path(path, root)),
                    f"two annotation files for one article: {sidecars[stem].name} and {path.name}; keep one",
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
                Location(display_path(sidecar_path, root)),
                f"annotations without an article: there is no {PurePosixPath(stem).name}{ARTICLE_SUFFIX} beside this file",
            )
            continue
        slug = stem if _SLUG_PATH.fullmatch(stem) else _article_slug(PurePosixPath(stem), Location(display_path(md_path, root)), diags)
        if slug is None:
            continue
        articles.append((slug, md_path, sidecar_path))
    return articles


_SLUG_PATH = re.compile(f"{SLUG}(?:/{SLUG})*")  # a stem each part of which is a safe id


def _article_folder_files(folder: str, inside: str, root: Path, diags: Diagnostics) -> Iterator[tuple[str, Path]]:
    """The files under the articles' folder ('2024/a.md' and its path), in name order, folders
    walked in place: hidden files and editor leftovers skipped, linked folders not entered. One
    os.scandir per folder, and no stat where the folder's listing says what a name is (pathlib
    cost seconds over 10,000 articles)."""
    with os.scandir(folder) as listing:
        entries = sorted((entry for entry in listing if not _ignored_name(entry.name)), key=lambda e: e.name)
    for entry in entries:
        name = f"{inside}{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _article_folder_files(entry.path, f"{name}/", root, diags)
        elif entry.is_file():
            yield name, Path(entry.path)
        elif not entry.is_dir():  # a broken link, a socket: reading it would fail or hang
            diags.error("unreadable", Location(display_path(Path(entry.path), root)),
                        "cannot read this file: it is a broken link or not a regular file")


def load_notes(config: SiteConfig, diags: Diagnostics) -> tuple[RawNote, ...]:
    notes_dir = config.content_dir / "notes"
    if not notes_dir.is_dir():
        return ()
    notes = []
    for path in sorted(notes_dir.rglob("*.md")):
        relative = path.relative_to(notes_dir)
        if any(_ignored(Path(part)) for part in relative.parts):
            continue
        display = display_path(path, config.root)
        slug = _article_slug(relative, Location(display), diags)
        text, front_matter = read_markdown(path, display, diags)
        if slug is not None and text is not None:
            notes.append(RawNote(slug, display, text, front_matter))
    return tuple(notes)


def read_registries(config: SiteConfig, diags: Diagnostics) -> tuple[RawFile, RawFile]:
    """content/experts.yaml and content/topics.yaml, as read."""
    return tuple(read_yaml_file(config.content_dir / name, display_path(config.content_dir / name, config.root), diags)
                 for name in ("experts.yaml", "topics.yaml"))  # type: ignore[return-value]


def load_project(config: SiteConfig, diags: Diagnostics) -> RawProject:
    """Read the registries and notes, and find the articles (read one by one later, so that their
    raw forms need not all be kept at once); all problems go to `diags`."""
    root = config.root
    if not config.content_dir.is_dir():
        diags.error(
            "no-content",
            Location(display_path(config.content_dir, root)),
            "no content folder here: is this a briefgen project? (`briefgen init DIR` creates one)",
        )
    experts, topics = read_registries(config, diags)
    return RawProject(
        config=config,
        experts=experts,
        topics=topics,
        articles=find_articles(config, diags),
        notes=load_notes(config, diags),
    )
