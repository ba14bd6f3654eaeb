"""Redoing the pages of articles whose text alone changed, without a full build.

When the only files that changed since the last build are articles' own (their Markdown or their
sidecar), each changed article is read and checked again on its own. If everything about it that
other pages show is the same as before (its key: title, date, claims, speakers, topics; see
Article.key), only its own page can differ, and only inside its body: the new body is spliced into
the page where the old one stood, with the claims marked as before. Anything else (a new, deleted
or renamed file, a changed claim, a registry, a note, a template, the settings, an error) is left
to the full build, which says None here. The result is the same site a full build makes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import search
from .cache import ArticleState, Frame, Scan, State
from .config import SiteConfig
from .errors import Diagnostic, Diagnostics
from .exports import ANNOTATIONS, annotations_jsonld, retext, search_records
from .fields import SLUG_RE
from .load import _ignored, read_registries
from .markdown import marked_body
from .model import Article
from .urls import Urls
from .validate import Registry, check_article
from .write import replace_files


@dataclass(frozen=True)
class Rebuilt:
    pages: int  # how many pages were written
    diagnostics: list[Diagnostic]  # every problem, as a full build reports them
    summary: str  # the counts of the last full build, which an edit of text does not change


def article_files(config: SiteConfig, paths: list[str]) -> dict[str, tuple[Path | None, Path | None]] | None:
    """The articles that files changed at `paths` (relative to the project) belong to, by slug,
    each with its Markdown and its sidecar as they are now (None: not there). None when one of
    them is not a proper article (a sidecar without its Markdown, two sidecars, a bad name): the
    full build says what is wrong."""
    articles: dict[str, tuple[Path | None, Path | None]] = {}
    articles_dir = config.content_dir / "articles"
    for path in paths:
        inside = (config.root / path).relative_to(articles_dir)
        if any(_ignored(Path(part)) for part in inside.parts):
            continue
        stem = inside.with_suffix("")
        md = articles_dir / stem.with_suffix(".md")
        sidecars = [s for s in (md.with_suffix(".yaml"), md.with_suffix(".yml")) if s.is_file()]
        slug = "/".join(stem.parts)
        if len(sidecars) > 1 or (sidecars and not md.is_file()) or not all(map(SLUG_RE.match, stem.parts)):
            return None
        articles[slug] = (md if md.is_file() else None, sidecars[0] if sidecars else None)
    return articles


def _changed_articles(state: State, scan: Scan, config: SiteConfig) -> tuple[dict[str, tuple[Path | None, Path | None]], list[str]] | None:
    """The articles whose files changed, with their Markdown and sidecar, and the files; None when
    a file was added or removed (the set of articles may have changed)."""
    before = state.files()
    if before.keys() != scan.articles.keys():
        return None
    changed = scan.changed_since(before)
    articles = article_files(config, changed)
    return (articles, changed) if articles is not None else None


def read_registry(config: SiteConfig) -> Registry:
    """The experts and topics, for checking a few articles again (their own problems are on
    record already: the registries have not changed since the last full build)."""
    diags = Diagnostics()
    registry = Registry.build(*read_registries(config, diags), diags)
    return replace(registry, experts_file=replace(registry.experts_file, value=None),
                   topics_file=replace(registry.topics_file, value=None))


def _registry(config: SiteConfig, state: State) -> Registry:
    """The registry, read once after a full build and kept with its state."""
    registry = state.blob("registry")
    if not isinstance(registry, Registry):
        registry = read_registry(config)
        state.keep_blob("registry", registry)
    return registry


def reread(config: SiteConfig, registry: Registry, slug: str, md: Path, sidecar: Path | None
           ) -> tuple[Article | None, list[Diagnostic]]:
    """One article read and checked again on its own, and its own problems (no article when
    there are errors)."""
    diags = Diagnostics()
    article, _ = check_article((slug, md, sidecar), config, registry, diags)
    return (None if diags.errors else article), diags.sorted()


def rebuild(config: SiteConfig, scan: Scan) -> Rebuilt | None:
    """Redo the pages of articles whose text alone changed, in place; None when a full build is needed."""
    state = State.open(config)
    if state is None or state.global_key != scan.global_key:
        return None
    found = _changed_articles(state, scan, config)
    if found is None:
        return None
    changed_articles, changed_files = found
    registry = _registry(config, state) if changed_articles else None
    pages: dict[str, bytes] = {}
    states = []
    redone = {}  # the articles' new TextParts, where their text changed
    exported: dict[str, bytes] = {}  # the data files that change with them
    for slug, (md, sidecar) in changed_articles.items():
        before = state.article(slug)
        if before is None or before.frame is None:
            return None
        article, diagnostics = reread(config, registry, slug, md, sidecar) if md is not None else (None, [])
        if article is None or article.key != before.key:
            return None  # errors, too: the full build reports them with everything they affect
        spliced = _splice(config.output_dir, article, before.frame)
        if spliced is None:
            return None
        data, frame, changed = spliced
        if changed:
            pages[frame.page] = data
        states.append(ArticleState(slug, before.key, diagnostics, frame, retext(before.parts, article)))
        if states[-1].parts != before.parts:
            redone[slug] = states[-1].parts
    if redone:  # the annotations and the search index, of every article with the new texts
        kept = state.parts()
        parts = {**kept, **redone}
        urls = Urls(config.base_path, config.base_url)
        exported[ANNOTATIONS] = annotations_jsonld((line for p in parts.values() for line in p.annotations),
                                                   config.title, urls)
        rest = state.blob("search-rest") or []
        search.update_index(config.output_dir, search.shards(search_records(kept.values(), rest)),
                            search.shards(search_records(parts.values(), rest)), config.language)
    replace_files(config.output_dir, {**pages, **exported})
    diagnostics = sorted(state.diagnostics(skip={s.slug for s in states}) + [d for s in states for d in s.diagnostics],
                         key=Diagnostic.sort_key)
    state.update(scan, changed_files, states, [str(d) for d in diagnostics])
    return Rebuilt(len(pages), diagnostics, state.record.get("summary", ""))


def _splice(output: Path, article: Article, frame: Frame) -> tuple[bytes, Frame, bool] | None:
    """The article's page with its new body where the old one stood; None when the page on disk
    is not the one the last build wrote."""
    try:
        old = (output / frame.page).read_bytes()
    except OSError:
        return None
    if len(old) != frame.size:
        return None
    body = marked_body(article.body, article.document, [(c.id, c.spans) for c in article.claims], frame.marks)
    encoded = body.encode("utf-8")
    data = old[:frame.body_start] + encoded + old[frame.body_end:]
    return data, Frame(frame.page, frame.body_start, frame.body_start + len(encoded), len(data), frame.marks), data != old
