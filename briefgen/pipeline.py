"""The order of the stages, and the only module that knows it: check() validates, build() also writes."""

from __future__ import annotations

import gc
import multiprocessing
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from . import search
from .cache import ArticleState, Frame
from .config import SiteConfig, load_config
from .exports import ArticleData, TextParts, article_data, data_files, search_records, text_parts
from .errors import BriefgenError, Diagnostic, Diagnostics, Location, display_path
from .load import ArticleFiles, RawProject, load_project
from .match import MatchIndex, Matches, conflict_diagnostics, match_claims
from .model import Corpus
from .render import Rendered, asset_files, render_site, site_files
from .sources import files_under
from .urls import Urls
from .validate import CheckedArticle, Registry, check_article, validate
from .views import Views
from .write import write_site


@dataclass(frozen=True)
class Checked:
    """What validation found: the corpus (complete only when there are no errors) and every problem."""

    config: SiteConfig
    corpus: Corpus
    matches: Matches
    diagnostics: list[Diagnostic]
    match_index: MatchIndex | None = None  # kept when asked for, to match again after an edit

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


@dataclass(frozen=True)
class Built:
    checked: Checked
    output: Path
    files: int
    articles: list[ArticleState]  # for the next build: each article's key, problems and page frame
    other_diagnostics: list[Diagnostic]  # the problems that are not one article's own
    search_rest: list[search.Record]  # the search records that are not articles' (search_records)
    pages: dict[str, Rendered] | None = None  # when tracked: each page's owner and what it shows (no bytes)
    views: Views | None = None  # when tracked: the views the pages were made from
    data: dict[str, ArticleData] | None = None  # when tracked: each article's lines in the data files


def _source_stem(path: str) -> str:
    return path.rsplit(".", 1)[0]


def _article_states(checked: Checked, frames: dict[str, Frame | None], parts: dict[str, TextParts]
                    ) -> tuple[list[ArticleState], list[Diagnostic]]:
    """Each article's own problems (those in its files, found reading and checking it) beside its
    key and frame; the rest (registries, notes, disagreements between sources) apart."""
    stems = {_source_stem(a.location.path): a.slug for a in checked.corpus.articles.values()}
    own: dict[str, list[Diagnostic]] = {slug: [] for slug in stems.values()}
    others = []
    for diagnostic in checked.diagnostics:
        slug = stems.get(_source_stem(diagnostic.location.path))
        if slug is None or diagnostic.code.endswith("-conflict"):
            others.append(diagnostic)
        else:
            own[slug].append(diagnostic)
    states = [ArticleState(a.slug, a.key, own[a.slug], frames.get(a.slug), parts[a.slug])
              for a in checked.corpus.articles.values()]
    return states, others


def _check_output_dir(config: SiteConfig, diags: Diagnostics) -> None:
    """The output folder is replaced whole on every build: it must hold nothing the user wrote."""
    output = config.output_dir
    precious = [config.root, config.content_dir, config.templates_dir, config.static_dir]
    if any(output == p or output in p.parents for p in precious):
        diags.error("output-dir", Location("briefgen.yaml"),
                    f"output_dir '{display_path(output, config.root)}' would replace the project's own files; "
                    "choose a folder of its own, such as 'site'")


Progress = Callable[[str, int, int], None]  # (stage, done, total): for a progress line on a terminal


def _quiet(stage: str, done: int, total: int) -> None:
    pass


PARALLEL_FROM = 200  # articles: fewer are checked in this process (starting workers costs more)
CHUNK = 50  # articles a worker checks at a time


def check_articles(raw: RawProject, registry: Registry, diags: Diagnostics, progress: Progress = _quiet,
                   workers: int = 1) -> Iterator[CheckedArticle]:
    """Each article read, parsed once and checked, in order; with several workers, forked
    processes do it for chunks of articles and hand back the checked ones (light: their HTML,
    not their parse trees) with their problems."""
    total = len(raw.articles)
    if workers <= 1 or total < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for done, files in enumerate(raw.articles, start=1):
            yield check_article(files, raw.config, registry, diags)
            progress("reading articles", done, total)
        return
    global _FRONT
    _FRONT = (raw.config, registry)
    chunks = [raw.articles[i:i + CHUNK] for i in range(0, total, CHUNK)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        done = 0
        for checked, problems in pool.imap(_check_chunk, chunks):
            diags.extend(problems)
            yield from checked
            done += len(checked)
            progress("reading articles", done, total)


_FRONT: tuple[SiteConfig, Registry] | None = None  # set before forking, read by workers


def _check_chunk(chunk: list[ArticleFiles]) -> tuple[list[CheckedArticle], list[Diagnostic]]:
    assert _FRONT is not None
    config, registry = _FRONT
    diags = Diagnostics()
    return [check_article(files, config, registry, diags) for files in chunk], diags.items


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """A build makes millions of objects that all live until it ends: Python's cycle collector,
    run as often as usual, would walk them again and again to free little (half the time of a
    10,000-article build). It runs rarely instead, so that the garbage cycles parsing leaves are
    still freed."""
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, 100, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


GC_THRESHOLD = 200_000  # new objects between collections of the youngest generation (Python: 700)


def check(root: Path, base_url: str | None = None, output: str | None = None,
          include_drafts: bool = False, progress: Progress = _quiet, workers: int = 1) -> Checked:
    """Load, parse and validate the project: every stage up to rendering."""
    with without_cycle_collector():
        return _check(root, base_url, output, include_drafts, progress, workers=workers)


def _check(root: Path, base_url: str | None, output: str | None, include_drafts: bool,
           progress: Progress, keep_index: bool = False, workers: int = 1) -> Checked:
    diags = Diagnostics()
    config = load_config(root, diags).with_overrides(base_url=base_url, output_dir=output)
    _check_output_dir(config, diags)
    raw = load_project(config, diags)
    corpus = validate(raw, lambda registry: check_articles(raw, registry, diags, progress, workers), diags,
                      include_drafts=include_drafts)
    index = MatchIndex()
    index.add_all(corpus.claims())
    matches = match_claims(corpus, index)
    diags.extend(conflict_diagnostics(matches, corpus))
    return Checked(config, corpus, matches, diags.sorted(), index if keep_index else None)


def build(root: Path, base_url: str | None = None, output: str | None = None,
          include_drafts: bool = False, progress: Progress = _quiet, workers: int = 1,
          track: bool = False) -> Built:
    """Check, then render every page and swap the new site in; on any error write nothing. With
    `track`, also say what each page shows, and keep what matching found (for serve's rebuilds)."""
    with without_cycle_collector():
        return _build(root, base_url, output, include_drafts, progress, workers, track)


def _build(root: Path, base_url: str | None, output: str | None, include_drafts: bool,
           progress: Progress, workers: int, track: bool) -> Built:
    checked = _check(root, base_url, output, include_drafts, progress, keep_index=track, workers=workers)
    if not checked.ok:
        raise BriefgenError(checked.diagnostics)
    config = checked.config
    frames: dict[str, Frame | None] = {}
    tracked: dict[str, Rendered] = {}

    views = Views(checked.corpus, checked.matches, Urls(config.base_path, config.base_url))

    files = {**asset_files(config), **files_under(config.static_dir)}
    corpus = checked.corpus
    parts = {a.slug: text_parts(a, corpus.experts, corpus.topics, views.urls) for a in corpus.articles.values()}
    rest = search.other_records(corpus, views.urls)
    data = {a.slug: article_data(a, parts[a.slug], corpus.experts, corpus.topics, views.urls)
            for a in corpus.articles.values()}

    def pages(staging: Path) -> Iterator[tuple[str, bytes | None]]:
        made = []
        for page in render_site(checked.corpus, checked.matches, config, progress, workers, views, track=track,
                                write_into=staging):
            if page.article is not None:
                frames[page.article] = page.frame
            if track:
                tracked[page.path] = page
            made.append(page.path)
            yield page.path, None
        yield from site_files(made, views.urls, files).items()
        yield from data_files(data.values(), config.title, views.urls).items()
        search.write_index(search.shards(search_records(parts.values(), rest)), staging / search.FOLDER,
                           config.language)
        yield from ((f"{search.FOLDER}/{name}", None) for name in files_under(staging / search.FOLDER))
        yield ".nojekyll", b""
        if config.cname:
            yield "CNAME", f"{config.cname}\n".encode()

    count = write_site(pages, files, config.output_dir)
    return Built(checked, config.output_dir, count, *_article_states(checked, frames, parts), rest,
                 tracked if track else None, views if track else None, data if track else None)
