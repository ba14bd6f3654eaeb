"""The order of the stages, and the only module that knows it: settings → files found →
articles read, parsed and checked (or kept from the last build) → registries, notes and
references checked → matching across sources → (build) outputs made and written. check() runs
the stages up to matching; build() runs them all, through the incremental engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping, Protocol

from .config import SiteConfig, load_config
from .engine.build import plural, without_cycle_collector
from .engine.scan import Stat
from .errors import INFO, Diagnostic, Diagnostics
from .load import ArticleFiles, RawProject, load_project
from .match import Indexed, MatchIndex, Matches, Recorded, Unusable, conflict_diagnostics, match_claims, prepare
from .model import Article, Corpus
from .timings import stage
from .validate import CheckedArticle, Registry, Told, check_article, validate
from .sources import problems_under
from .write import project_files_replaced


@dataclass(frozen=True)
class Checked:
    """What validation found: the corpus (complete only when there are no errors), every problem
    and every info line."""

    config: SiteConfig
    corpus: Corpus
    matches: Matches
    diagnostics: list[Diagnostic]
    registry: Registry | None = None
    # every article as checked (drafts too) with its own problems; those read from their files this time
    articles: dict[str, tuple[Article, list[Diagnostic]]] = field(default_factory=dict)
    reread: frozenset[str] = frozenset()
    index: MatchIndex | None = None  # what matching indexed and found, for the build state to record
    files: dict[str, ArticleFiles] = field(default_factory=dict)  # each article's files, by slug
    # the facts of each article read this time (engine.facts.article_facts), made where it was checked
    facts: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    @property
    def drafts_left_out(self) -> int:
        """The drafts checked but not in the corpus (not asked for)."""
        return len(self.articles) - len(self.corpus.articles) if self.ok else 0

    @property
    def problems(self) -> list[Diagnostic]:
        """The errors and warnings: what `build` says (info lines are `check`'s, never a problem)."""
        return [d for d in self.diagnostics if d.severity != INFO]


Progress = Callable[[str, int, int], None]  # (stage, done, total): for a progress line on a terminal


def quiet(stage: str, done: int, total: int) -> None:
    pass


PARALLEL_FROM = 200  # articles: fewer are checked in this process (starting workers costs more)
CHUNK = 50  # articles a worker checks at a time

# The articles checked by an earlier build, by slug: each with its problems (engine.state.Kept)
Kept = Mapping[str, "KeptArticle"]


class KeptArticle(Protocol):
    article: Article
    diagnostics: list[Diagnostic]
    has_claims: bool  # whether its sidecar holds claims


def check_articles(raw: RawProject, registry: Registry, kept: Kept, checked: dict, diags: Diagnostics,
                   progress: Progress = quiet, workers: int = 1, told: Mapping[str, Told] = {},
                   take: Callable[[dict[str, Indexed]], None] | None = None,
                   facts: dict[str, dict[str, str]] | None = None) -> Iterator[CheckedArticle]:
    """Each article checked, in order: kept from an earlier build when it is in `kept`, else read
    and parsed once — by forked processes in chunks when there are many — its language taken as
    `told` by the check that last read it, when what it was told from is the same. Each valid
    article and its own problems go into `checked`, its facts into `facts`; what matching makes
    of its claims by themselves, made where it was read, is handed to `take` (MatchIndex.take)."""
    reading = [files for files in raw.articles if files[0] not in kept]
    total = len(raw.articles)
    forking = workers > 1 and len(reading) >= PARALLEL_FROM and _can_fork()
    if not forking:
        results: Iterator = map(_check_one, reading)
    else:
        import multiprocessing

        global _FRONT
        _FRONT = (raw.config, registry, told, facts is not None)
        pool = multiprocessing.get_context("fork").Pool(workers)
        results = (result for chunk in pool.imap(_check_chunk, [reading[i:i + CHUNK]
                                                                for i in range(0, len(reading), CHUNK)])
                   for result in chunk)
    _FRONT_LOCAL[:] = [(raw.config, registry, told, facts is not None)]
    try:
        results = iter(results)
        for done, (slug, md, sidecar) in enumerate(raw.articles, start=1):
            if (known := kept.get(slug)) is not None:
                article, problems, has_claims = known.article, known.diagnostics, known.has_claims
            else:
                slug_read, article, has_claims, problems, indexed, own_facts = next(results)
                assert slug_read == slug
                if take is not None:
                    take(indexed)
                if own_facts is not None:
                    facts[slug] = own_facts  # type: ignore[index]
            diags.extend(problems)
            if article is not None:
                checked[slug] = (article, problems)
            progress("reading articles", done, total)
            yield article, has_claims
    finally:
        if forking:
            pool.terminate()


def _can_fork() -> bool:
    import multiprocessing  # (only when there are many articles to read: a twentieth of an edit's imports)

    return "fork" in multiprocessing.get_all_start_methods()


# what checking an article needs besides its files: the settings, the registries, the languages
# told before, and whether its facts are wanted (a build's; `check` has no use for them)
Front = tuple[SiteConfig, Registry, Mapping[str, Told], bool]
_FRONT: Front | None = None  # set before forking, read by workers
_FRONT_LOCAL: list[Front] = []

CheckedOne = tuple[str, Article | None, bool, list[Diagnostic], dict[str, Indexed], dict[str, str] | None]


def _check_one(files: ArticleFiles) -> CheckedOne:
    """An article read and checked, with all that follows from it alone: its problems, what
    matching makes of its claims, its facts (when wanted)."""
    config, registry, told, with_facts = _FRONT_LOCAL[0] if _FRONT_LOCAL else _FRONT  # type: ignore[misc]
    diags = Diagnostics()
    article, has_claims = check_article(files, config, registry, diags, told=told.get(files[0]))
    if article is None:
        return files[0], None, has_claims, diags.items, {}, None
    if with_facts:
        from .engine.facts import article_facts  # (a build's: `check` does without)
    return (files[0], article, has_claims, diags.items, prepare(article, config.language),
            article_facts(article) if with_facts else None)


def _check_chunk(chunk: list[ArticleFiles]) -> list[CheckedOne]:
    _FRONT_LOCAL[:] = [_FRONT]  # type: ignore[list-item]
    return [_check_one(files) for files in chunk]


def settings(root: Path, base_url: str | None = None, output: str | None = None) -> tuple[SiteConfig, Diagnostics]:
    diags = Diagnostics()
    config = load_config(root, diags).with_overrides(base_url=base_url, output_dir=output)
    diags.extend(project_files_replaced(config))
    for folder in (config.templates_dir, config.static_dir):  # what a build would refuse there
        diags.extend(problems_under(folder, config))
    return config, diags


def check(root: Path, base_url: str | None = None, output: str | None = None, include_drafts: bool = False,
          progress: Progress = quiet, workers: int = 1, kept: Kept | None = None,
          recorded: Recorded | None = None, previous: Matches | None = None,
          corpus_before: Corpus | None = None, listing: dict[str, Stat] | None = None,
          told: Mapping[str, Told] | None = None, for_build: bool = False) -> Checked:
    """Load, parse and validate the project: every stage up to rendering. The articles are found
    in the `listing` of their folder that the build's scan made (listed here without one).
    Articles in `kept` (by slug, checked by an earlier build whose registries and settings were
    the same, their files unchanged since) are taken as they are; with the match index that
    build `recorded`, only the claims of the other articles are matched again, and with its
    matches (`previous`, kept in memory by serve) only their groups are checked again for
    disagreements; with the corpus it was made from (`corpus_before`), the corpus is built on
    that one. `told`: by slug, what the language of an article not kept was told from, and the
    language told, by the check that last read it (Article.told_from). `for_build`: with each
    article's facts (Checked.facts), made where it is checked."""
    with without_cycle_collector():
        config, diags = settings(root, base_url, output)
        with stage("find the files, read registries and notes"):
            raw = load_project(config, diags, listing)
        checked: dict[str, tuple[Article, list[Diagnostic]]] = {}
        found = {files[0] for files in raw.articles}
        kept = kept or {}
        if not kept.keys() <= found:
            kept = {slug: value for slug, value in kept.items() if slug in found}
        registry_holder: list[Registry] = []
        # matching's index: built on the one the last build recorded, for an edit; else made whole,
        # its claims indexed as their articles are checked
        index = MatchIndex(recorded if recorded is not None and kept else None, config.language)
        facts: dict[str, dict[str, str]] | None = {} if for_build else None

        def articles(registry: Registry) -> Iterator[CheckedArticle]:
            registry_holder.append(registry)
            return check_articles(raw, registry, kept, checked, diags, progress, workers, told or {}, index.take,
                                  facts)

        with stage(f"check {plural(len(raw.articles) - len(kept), 'article')}, keep {len(kept)}"):
            corpus = validate(raw, articles, diags, include_drafts=include_drafts, previous=corpus_before)
        with stage("match claims across sources"):
            index, matches = _match(corpus, set(kept), index, previous)
            diags.extend(conflict_diagnostics(matches))
        with stage("problems sorted"):
            problems = diags.sorted()
        return Checked(config, corpus, matches, problems,
                       registry_holder[0] if registry_holder else None, checked,
                       frozenset(slug for slug, _, _ in raw.articles if slug not in kept), index,
                       {files[0]: files for files in raw.articles}, facts or {})


def _match(corpus: Corpus, kept: set[str], index: MatchIndex, previous: Matches | None) -> tuple[MatchIndex, Matches]:
    """Match the claims across sources: on the recorded index the `index` holds, for the articles
    kept, or afresh (an article that does not say its language is in the site's)."""
    if index.recorded is not None:
        changed = (corpus.articles.keys() | index.recorded.articles()) - kept
        try:
            index.update(corpus, changed)
            return index, match_claims(corpus, index, previous, changed)
        except Unusable:
            index = MatchIndex(language=index.language)
    index.update(corpus, corpus.articles.keys())
    return index, match_claims(corpus, index)


def build(root: Path, base_url: str | None = None, output: str | None = None, include_drafts: bool = False,
          progress: Progress = quiet, workers: int = 1):
    """Check, then make every output and swap the new site in; on any error write nothing."""
    from .engine.build import Engine

    return Engine(root, base_url, output, include_drafts, workers, progress).update(full=True)
