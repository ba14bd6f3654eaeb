"""How much a build has to do, decided from the last build's state: nothing, the pages of articles
whose text alone changed (splice.py), or everything (pipeline.py). `briefgen build` and `briefgen
serve` both build through here. Cheap to import: the heavy machinery loads only when needed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import cache
from .config import SiteConfig


@dataclass(frozen=True)
class Outcome:
    done: str  # 'nothing' (up to date), 'spliced' (some article pages redone) or 'built' (everything)
    warnings: list[str]
    summary: str  # what the site holds: '2 articles, 42 claims, …'
    files: int  # how many files were written
    built: object | None = None  # pipeline.Built, after a full build
    inputs: cache.Scan | None = None  # the inputs as they were before the build read them


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(corpus) -> str:
    return ", ".join([plural(len(corpus.articles), "article"), plural(len(corpus.claims()), "claim"),
                      plural(len(corpus.experts), "expert"), plural(len(corpus.topics), "topic"),
                      plural(len(corpus.notes), "note")])


def build(config: SiteConfig, root: Path, base_url: str | None, output: str | None, drafts: bool,
          progress=None, workers: int = 1, track: bool = False) -> Outcome:
    """Bring the site up to date with its inputs, doing as little as gives the same site as a full
    build. Raises BriefgenError (and forgets the state) when the content has errors. `track` is
    passed on to a full build (see pipeline.build)."""
    inputs = cache.scan(config, {"drafts": drafts})
    if state := cache.up_to_date(config, inputs.fingerprint):
        return Outcome("nothing", state["warnings"], state["summary"], 0, None, inputs)
    from .splice import rebuild

    if (rebuilt := rebuild(config, inputs)) is not None:
        return Outcome("spliced", [str(d) for d in rebuilt.diagnostics], rebuilt.summary, rebuilt.pages, None, inputs)
    from . import pipeline
    from .errors import BriefgenError

    with pipeline.without_cycle_collector():
        try:
            built = pipeline.build(root, base_url, output, drafts, progress or pipeline._quiet, workers, track)
        except BriefgenError:
            cache.forget(config)
            raise
        warnings = built.checked.diagnostics
        counts = summary(built.checked.corpus)
        cache.record(built.checked.config, inputs, counts, [str(w) for w in warnings], built.other_diagnostics,
                     built.articles, built.search_rest)
    return Outcome("built", [str(w) for w in warnings], counts, built.files, built, inputs)
