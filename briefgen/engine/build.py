"""The one build loop, run by `briefgen build` (its state on disk) and by `briefgen serve` (which
keeps its articles in memory between saves, and the same state on disk):

1. scan the inputs; unchanged since the state's record → nothing to do;
2. check the project, keeping the articles whose files did not change (all are read again when
   the settings, the registries or briefgen itself did);
3. work out every fact, and compare with the state: the facts that changed;
4. list every output; make those that are new or read a changed fact (all, without a state or
   a site), recording what each reads;
5. write them: a full build into a fresh folder swapped in whole, recording its state as the
   outputs are made (Recording); an incremental one file by file, each renamed over its place,
   between a mark in the state that it has begun and the record of what it wrote — a build
   killed in between leaves the mark, and the next one is full.

Outputs no page waits for (the search index, the data files: Output.later) are made last: `serve`
reloads the browser before."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple

from typing import TYPE_CHECKING

from ..config import SiteConfig, load_config
from ..errors import BriefgenError, Diagnostic, Diagnostics, ERROR, Location
from ..timings import stage
from ..write import check_output_folder, remove_leftovers
from .lock import build_lock
from .reads import CalledOff, recording, unless_called_off
from .scan import SITE_MARK, SITE_MARK_TEXT, Listing, Scan, Stat, articles_folder, scan
from .recorded import whole
from .state import Kept, Recorded, State, StateError, forget, leave, state_file_version

if TYPE_CHECKING:
    from .. import pipeline
    from ..model import Article
    from ..outputs import Output, Site
    from .facts import Memo

# The machinery of a build that does something (Markdown, YAML checks, Jinja, matching) is
# imported when one does: a no-op build answers from the scan and the state's record alone.


@dataclass(frozen=True)
class Outcome:
    done: str  # 'nothing' (up to date), 'updated' (some outputs made again) or 'built' (everything)
    warnings: list[str]
    summary: str  # what the site holds: '2 articles, 42 claims, …'
    files: int  # how many files were written
    fingerprint: str = ""  # of the inputs as they were before the build read them


@dataclass(frozen=True)
class Listed:
    """The site's outputs as listed once, with what listing them read (each fact's hash then):
    the same while those facts are (serve lists them again only when one changed)."""

    outputs: "dict[str, Output]"
    read: dict[str, str | None]
    pages: list[str]  # the page files among them
    pages_digest: str

    def holds(self, facts: dict[str, str]) -> bool:
        return all(facts.get(key) == value for key, value in self.read.items())


def _told(recorded: "Mapping[str, Kept]", kept: "Mapping[str, Kept]") -> dict[str, tuple[str, str | None]]:
    """Of the articles the last build checked that are read again, those whose language was told
    from their text: what from, and the language told (Article.told_from: a column of the
    state's, no article read whole for it)."""
    return {slug: (article.told_from, article.language) for slug in recorded.keys() - kept.keys()
            if (article := recorded[slug].article).told_from is not None}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(corpus, drafts_left_out: int = 0) -> str:
    said = ", ".join([plural(len(corpus.articles), "article"), plural(corpus.claim_count, "claim"),
                      plural(len(corpus.experts), "expert"), plural(len(corpus.topics), "topic"),
                      plural(len(corpus.notes), "note")])
    if drafts_left_out:
        said += f"; {plural(drafts_left_out, 'draft')} left out (--drafts to include them)"
    return said


class Engine:
    """Builds one project's site, again and again (serve keeps one; build makes one per run)."""

    def __init__(self, root: Path, base_url: str | None = None, output: str | None = None, drafts: bool = False,
                 workers: int = 1, progress: "pipeline.Progress | None" = None, keep_in_memory: bool = False):
        self.root, self.base_url, self.output, self.drafts = root, base_url, output, drafts
        self.workers, self.progress = workers, progress or (lambda stage, done, total: None)
        self.keep_in_memory = keep_in_memory
        self.kept: dict[str, Kept] | None = None  # serve: the articles of the last build, with their HTML
        self.kept_key: str | None = None  # … and the state's global key they were checked under
        # serve: the last update's site (its views: the corpus and matches the next update builds
        # on), its outputs, and the outputs it left to finish()
        self.site: "Site | None" = None
        self.outputs: "dict[str, Output]" = {}
        self.listed: Listed | None = None  # serve: the outputs as last listed, with the facts that listing read
        self.deferred: set[str] = set()
        self.generation = 0  # updates so far: finish() writes nothing made for an older one
        self.memo: "Memo | None" = None  # serve: the site's facts, by what they were made from
        self.facts: dict[str, str] | None = None  # serve: the facts the last update recorded
        self.code = ""
        self.listing = Listing()  # serve's watcher reports the saves to it
        # serve: the state file as this engine last left it, and the articles' files it recorded
        # then — while the file is as it was left, the state is the one written, and need not be
        # checked or read again for those
        self.left: tuple[int, int, int, int] | None = None
        self.recorded: dict[str, Stat] | None = None

    def config(self) -> SiteConfig:
        return load_config(self.root, Diagnostics()).with_overrides(base_url=self.base_url, output_dir=self.output)

    def update(self, pages_written: Callable[[int, list[str]], None] | None = None, full: bool = False,
               finishing: bool = False) -> Outcome:
        """Bring the site up to date. Raises BriefgenError (the site and the state left as they
        were) when the content has errors. Given `pages_written`, the outputs no page waits for
        (Output.later: the search index, the data files) are left to finish(), and it is called
        once the others are in place, with how many were made and the warnings.
        `full`: make everything, whatever the state says. `finishing`: the outputs the last
        update left to finish() are being made (serve's look unasked): with no input changed,
        there is nothing to do, and that finish() goes on."""
        with build_lock(self.config()), without_cycle_collector():
            outcome = self._update(pages_written, full, finishing)
            if outcome.done != "nothing":
                self._leave(self.config())
            if outcome.done == "built" and self.keep_in_memory:
                set_aside_what_is_kept()
            return outcome

    def _update(self, pages_written: Callable[[int, list[str]], None] | None, full: bool,
                finishing: bool = False) -> Outcome:
        config = self.config()
        check_output_folder(config)
        remove_leftovers(config.output_dir)
        with stage("scan the inputs"):
            inputs = scan(config, {"drafts": self.drafts}, self.listing)
        with stage("open the state"):
            state = None if full else State.open(config, inputs.code)
        try:
            return self._with_state(config, inputs, state, pages_written, finishing)
        except StateError:  # a state that disagrees with itself: build without it
            if state is not None:
                state.close()
            forget(config)
            self.kept = None
            return self._with_state(config, inputs, None, pages_written)
        finally:
            if state is not None:
                state.close()

    def _with_state(self, config: SiteConfig, inputs: Scan, state: State | None,
                    pages_written: Callable[[int, list[str]], None] | None, finishing: bool = False) -> Outcome:
        site_there = (config.output_dir / "index.html").is_file()
        if state is not None and (not site_there or not state.valid_for(inputs)):
            state = None
        if state is not None and state.meta.get("fingerprint") == inputs.fingerprint and (
                (finishing and self.deferred) or not state.stale_outputs()):
            said, warnings = state.record()
            return Outcome("nothing", warnings, said, 0, inputs.fingerprint)
        with stage("load the build's code"):
            from .. import pipeline, outputs, views  # noqa: F401

        return self._build(config, inputs, state, pages_written)

    def _build(self, config: SiteConfig, inputs: Scan, state: State | None,
               pages_written: Callable[[int, list[str]], None] | None) -> Outcome:
        from .. import pipeline
        from ..outputs import Site, every_output, tool_facts
        from ..outputs.html import asset_files, template_files
        from ..sources import files_under
        from ..urls import Urls
        from ..views import Views
        from ..write import OutputPathError
        from . import facts as fact

        self.generation += 1  # (a finish() of the last update's stops: what it makes is made again)
        self.deferred = set()
        if self.keep_in_memory and self.memo is None:
            self.memo = fact.Memo()
        with stage("articles kept from the state"):
            kept, before, recorded = self._kept(config, state, inputs)
        previous = self.site if kept and self.kept is not None else None
        previous_state = previous is not None and self._as_left(config)  # the state is that site's record
        self.site = None
        with stage("the corpus and matches as recorded"):
            # serve builds on the corpus and matches it keeps; build on those the state records,
            # read as needed (with kept articles: the same registries and settings)
            if previous is not None:
                before_recorded = Recorded(previous.views.corpus, previous.views.matches, previous.views)
            elif state is not None and kept and not self.keep_in_memory:
                corpus_before = state.corpus({slug: k.article for slug, k in recorded.items()})
                matches_before = state.matches()
                before_recorded = Recorded(corpus_before, matches_before, Views(
                    corpus_before, matches_before, Urls(config.base_path, config.base_url), recorded_layouts=state.layout))
            else:
                before_recorded = None
            memo = (self.memo if self.keep_in_memory else fact.Memo() if before_recorded is None else
                    fact.Memo.recorded(state.memo(), before_recorded.corpus, before_recorded.matches,  # type: ignore
                                       before_recorded.views.layout_of))
            if before_recorded is not None and not self.keep_in_memory:
                gc.freeze()  # what was read of the last build lives as long as this one: no collection walks it
        checked = pipeline.check(self.root, self.base_url, self.output, self.drafts, self.progress, self.workers,
                                 kept=kept,
                                 recorded=state.match_index() if state is not None else None,
                                 previous=before_recorded.matches if before_recorded else None,
                                 corpus_before=before_recorded.corpus if before_recorded else None,
                                 listing=inputs.articles, told=_told(recorded, kept), for_build=True)
        if not checked.ok:
            raise BriefgenError(checked.problems)
        corpus, matches = checked.corpus, checked.matches
        # every article as checked: those kept as they were, those read again with their facts
        articles = dict(kept) if kept.keys() <= checked.articles.keys() else \
            {slug: k for slug, k in kept.items() if slug in checked.articles}
        for slug in sorted(checked.reread & checked.articles.keys()):
            article, problems = checked.articles[slug]
            articles[slug] = Kept(article, problems, checked.facts[slug] if slug in corpus.articles else {})
        urls = Urls(config.base_path, config.base_url)
        with stage("views, templates and static files"):
            views = Views(corpus, matches, urls, body_of=lambda article: self._body(article, checked),
                          previous=before_recorded.views if before_recorded else None)
            templates = template_files(config)
            files = {**asset_files(config), **files_under(config.static_dir, config)}
            site = Site(config, views, templates, files)
        with stage("facts"):
            with stage("the site's"):
                facts = fact.site_facts(corpus, matches, repr(config), views.layout_of, memo)
            # serve: the state holds the facts of the last save, which it kept
            old_facts = (self.facts if previous_state and self.facts is not None
                         else state.facts() if state is not None else {})
            with stage("template and static files, tools"):
                if state is not None and state.meta.get("global") == inputs.trusted_global_key:
                    # every file but the articles' as the state's build saw it (size, time; none
                    # racily clean): their contents' facts as it recorded them, not read again
                    facts.update((key, value) for key, value in old_facts.items() if key.startswith(FILE_FACTS))
                else:
                    facts.update({**fact.file_facts("template", templates, self.memo, inputs.clock),
                                  **fact.file_facts("file", files, self.memo, inputs.clock)})
                facts.update({"list:files": fact.digest(sorted(files)), **tool_facts()})
        with stage("list the outputs"):
            listed = self.listed if self.listed is not None and self.listed.holds(facts) else None
            if listed is None:
                try:
                    found, reads = every_output(site)
                except OutputPathError as exc:
                    raise BriefgenError([Diagnostic(ERROR, "output-path", Location(config.output_dir.name),
                                                    str(exc))]) from None
                listed = Listed(found, {key: facts.get(key) for key in reads}, site.pages, fact.digest(site.pages))
            outputs, site.pages = listed.outputs, listed.pages
            facts["list:outputs"] = listed.pages_digest
            site.fact = fact.lookup(facts, articles)
            site.facts_ahead = state.facts_ahead if state is not None else site.facts_ahead
        if state is None:
            wanted, gone = list(outputs), set()
        else:
            # An article's facts change only with the article: compared for those not kept.
            changed = fact.changed(old_facts, facts).union(*(
                fact.changed(before.get(slug, {}), articles[slug].facts if slug in articles else {})
                for slug in before.keys() | (articles.keys() - kept.keys())))
            if previous_state:  # values shared by pages (claims' cards) that read none of what changed
                site.remembered = previous.remembered.unless_read(changed)
            # serve: what the state records as made is what the last save listed
            made_before = set(self.outputs) if previous_state else state.output_paths()
            stale = state.stale_outputs()
            redo = state.outputs_reading(changed) | (outputs.keys() - made_before) | stale
            wanted, gone = [path for path in outputs if path in redo], made_before - outputs.keys()
            # what an output kept was kept with the facts the state records, but for those left stale
            site.changed = lambda path: None if path in stale else changed
        warnings = [str(d) for d in checked.problems]
        # a full build records its state as it makes its outputs (see Recording); another after
        recording = None if state is not None else Recording(config, inputs.code, lambda record: record.record_checked(
            inputs, articles, set(checked.reread), corpus, matches, views, memo, None, facts, {}, checked.index))
        with stage(f"make and write {len(wanted)} outputs"):
            made = self._write(site, [outputs[path] for path in wanted], gone, state,
                               (lambda count: pages_written(count, warnings)) if pages_written else None, recording)
        said = summary(corpus, checked.drafts_left_out)
        with stage("record the state"):
            if recording is not None:
                recording.end(inputs, said, warnings)
            else:
                try:
                    # what the state records of the last build, as objects: the record writes what differs
                    as_recorded = before_recorded if previous is None or previous_state else None
                    state.save(inputs, articles, set(checked.reread), corpus, matches, views, memo, as_recorded, facts,
                               old_facts, made, gone, said, warnings, checked.index, self.deferred)
                except (OSError, sqlite3.Error):  # a state that cannot be written only costs time: the next build is full
                    forget(config)
        views.previous = None  # its layouts are taken: the views of every earlier save can go
        if self.keep_in_memory:
            self.kept, self.kept_key, self.recorded = articles, inputs.trusted_global_key, inputs.recorded()
            self.site, self.outputs, self.code, self.listed = site, outputs, inputs.code, listed
            self.facts = facts
        count = len(made) if state else sum(len(m.files) if m.files else 1 for m in made.values())
        return Outcome("built" if state is None else "updated", warnings, said, count, inputs.fingerprint)

    def _leave(self, config: SiteConfig) -> None:
        """Note the state file as this engine leaves it, having written it and closed it (beside it,
        for the next build to trust it; serve, in memory too)."""
        self.left = leave(config)

    def _as_left(self, config: SiteConfig) -> bool:
        """Whether the state file is as this engine left it: written by no one else since."""
        return self.left is not None and self.left == state_file_version(config)

    def _kept(self, config: SiteConfig, state: State | None, inputs: Scan
              ) -> tuple[dict[str, Kept], dict[str, dict[str, str]], dict[str, Kept]]:
        """The articles an earlier build checked whose files have not changed since (none when the
        settings, the registries or briefgen changed); the facts the others had then; and every
        article the last build checked, by slug."""
        if state is None:
            return {}, {}, {}
        if state.meta.get("global") != inputs.trusted_global_key:
            return {}, state.article_facts(), {}
        if self.recorded is not None and self._as_left(config):
            recorded = state.recorded_files = self.recorded
        else:
            recorded = state.files()
        changed = inputs.changed_since(recorded)
        if self.kept is not None and self.kept_key == inputs.trusted_global_key:
            articles = self.kept
        else:
            articles = state.articles(whole=self.keep_in_memory)
        inside = len(articles_folder(config)) + 1
        touched = {os.path.splitext(path[inside:])[0] for path in changed}  # 'content/articles/a/b.yaml' → 'a/b'
        kept = dict(articles)  # (a copy, then the touched taken out: no look at each of thousands)
        for slug in touched:
            kept.pop(slug, None)
        return kept, {slug: articles[slug].facts for slug in touched if slug in articles}, articles

    def _body(self, article: Article, checked: pipeline.Checked) -> Article:
        """The article with its HTML: as checked, or with the HTML of its file read again (an
        article kept from the state has none; its language, told when it was checked, is not
        told again)."""
        article = whole(article)
        if article.body is not None or article.document is not None:
            return article
        if self.kept is not None and article.slug in self.kept:
            known = self.kept[article.slug].article
            if known.body is not None or known.document is not None:
                return known
        from ..validate import check_article

        again, _ = check_article(checked.files[article.slug], checked.config, checked.registry, Diagnostics(),
                                 detect=False)
        if again is None:
            raise StateError(f"article {article.slug} could not be read again")
        return replace(article, body=again.body, document=again.document)

    def _write(self, site: Site, wanted: list[Output], gone: set[str], state: State | None,
               pages_written: Callable[[int], None] | None, recording: "Recording | None" = None) -> dict[str, Made]:
        """Make the wanted outputs and put them in the site; what each read, by path (a new site's
        outputs: what they read and keep given to its `recording`, their files only)."""
        from ..write import remove_files, replace_files, write_site

        config = site.config
        made: dict[str, Made] = {}
        if state is None:
            assert recording is not None

            def fill(staging: Path):
                for path, result in make_outputs(wanted, site, self.workers, staging, self.progress):
                    recording.add(path, result)
                    made[path] = Made(set(), result.files)
                    yield path, None
            try:
                write_site(fill, {}, config.output_dir)
            except BaseException:
                recording.drop()
                raise
            if pages_written:
                pages_written(len(made))
            return made
        quick = {o.path: o for o in wanted if not o.later}
        later = {o.path: o for o in wanted if o.later}
        data: dict[str, bytes | dict[str, bytes]] = {}
        beside = [] if pages_written else list(later.values())  # serve: those later are made by finish()
        kept_data = state.kept((o.path for o in (*quick.values(), *beside) if o.keeps), site.changed)
        with stage("pages and files, search index and data files"):  # all made before any is written
            for path, (output_data, reads, kept) in make_beside(site, quick.values(), beside, kept_data):
                data[path] = output_data
                made[path] = Made(reads, None, kept)
        state.begin()  # from here until the state records what was written, an interruption means a full build
        replace_files(config.output_dir, {SITE_MARK: SITE_MARK_TEXT})  # a new mark: a site no earlier state describes
        _put_files(config.output_dir, {path: data[path] for path in quick})
        remove_files(config.output_dir, [path for path in gone if not path.endswith("/")])
        for path in gone:
            if path.endswith("/"):
                shutil.rmtree(config.output_dir / path, ignore_errors=True)
        if pages_written:
            pages_written(len(quick))
            self.deferred = set(later)  # made by finish(), after this build: serve reloads the page first
            return made
        made.update(self._put_later(config.output_dir, {path: (made[path], data[path]) for path in later}, state))
        return made

    def _put_later(self, site: Path, made: dict[str, tuple[Made, bytes | dict[str, bytes]]],
                   state: State) -> dict[str, Made]:
        """Put the outputs made after the pages in the site: the folders (a new one is put in
        whole), then the files — some are in those folders (Pagefind's own files in a search
        shard's), and some point to them (the count of the shards)."""
        folders = {path: self._put_folder(site, path, data, state)
                   for path, (_, data) in made.items() if isinstance(data, dict)}
        _put_files(site, {path: data for path, (_, data) in made.items() if isinstance(data, bytes)})
        return {path: m._replace(files=folders[path]) if path in folders else m for path, (m, _) in made.items()}

    def _put_folder(self, site: Path, path: str, files: dict[str, bytes], state: State) -> dict[str, str]:
        """Put a folder output's files in the site: only the changed ones when the state knows
        what the folder holds, else a new folder swapped in whole. The hashes of its files."""
        from ..write import replace_folder

        before = state.folder_files(path)
        if before:
            return self._update_folder(site, path, files, before)
        replace_folder(site, path.rstrip("/"), lambda folder: _fill(folder, files))
        return file_hashes(files)

    def finish(self, cancelled: Callable[[], bool] = lambda: False) -> int:
        """Make the outputs the last update deferred (serve's search index and data files) from
        that update's views, without holding the build lock while they are made; write them and record them
        unless another update came meanwhile, or `cancelled()` says to stop. How many were written."""
        site, outputs, deferred, generation = self.site, self.outputs, self.deferred, self.generation
        if site is None or not deferred:
            return 0
        reading = State.open(site.config, self.code)  # read only, for what the outputs kept (it only saves time)
        made: dict[str, tuple[Made, bytes | dict[str, bytes]]] = {}
        try:
            kept_data = reading.kept(deferred) if reading is not None else {}
            for path, (data, reads, kept) in make_beside(site, [], [outputs[path] for path in sorted(deferred)],
                                                          kept_data, lambda: cancelled() or self.generation != generation):
                made[path] = (Made(reads, None, kept), data)
        finally:
            if reading is not None:
                reading.close()
        if cancelled() or self.generation != generation:
            return 0
        with build_lock(site.config):
            if self.generation != generation or cancelled():
                return 0
            state = State.open(site.config, self.code)
            if state is None:
                return 0
            try:
                state.begin()
                state.record_outputs(self._put_later(site.config.output_dir, made, state))
            finally:
                state.close()
                self._leave(site.config)
            self.deferred = set()
        return len(made)

    @staticmethod
    def _update_folder(site: Path, path: str, files: dict[str, bytes], before: dict[str, str]) -> dict[str, str]:
        """Bring a folder of the site (a search shard) to these files, writing only those that
        changed: new names first, then the files that point to them (replaced in one step each),
        then the names no longer there removed — a reader sees the old set or the new one."""
        from ..write import remove_files, replace_files

        hashes = file_hashes(files)
        changed = [name for name in files if before.get(name) != hashes[name] or not (site / path / name).is_file()]
        replace_files(site, {path + name: files[name] for name in changed if name not in before})
        replace_files(site, {path + name: files[name] for name in changed if name in before})
        remove_files(site, [path + name for name in before.keys() - files.keys()])
        return hashes


class Recording:
    """The state of a new site, recorded as its outputs are made, in one transaction: what the
    check found (`checked`, given the state) with the first batch — once the workers are forked —
    then the outputs a batch at a time. This process records while it makes its share of the
    outputs, and the workers, taking the next output as each is free, make more meanwhile: the
    record costs the build half its time. A state that cannot be written only costs time: it is
    dropped (the next build is full), and so is one of a build that failed."""

    def __init__(self, config: SiteConfig, code: str, checked: "Callable[[State], None]"):
        self.config, self.checked = config, checked
        self.batch: dict[str, Made] = {}
        try:
            self.state: State | None = State.create(config, code)
        except (OSError, sqlite3.Error):
            self.drop()

    def add(self, path: str, made: Made) -> None:
        self.batch[path] = made
        if len(self.batch) >= BATCH:
            self._record()

    def _record(self) -> None:
        try:
            if self.state is not None:
                if self.checked is not None:
                    self.checked(self.state)
                    self.checked = None
                self.state.record_made(self.batch)
        except (OSError, sqlite3.Error):
            self.drop()
        self.batch = {}

    def end(self, scan: Scan, said: str, warnings: list[str]) -> None:
        """Record the rest and what the build said; commit."""
        self._record()
        if self.state is None:
            return
        try:
            with self.state.db:
                self.state.record_end(scan, said, warnings)
            self.state.close()
        except (OSError, sqlite3.Error):
            self.drop()

    def drop(self) -> None:
        if getattr(self, "state", None) is not None:
            self.state.close()  # type: ignore[union-attr]
        self.state = None
        forget(self.config)


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """A build makes millions of objects that all live until it ends, and serve keeps millions
    from one build to the next: Python's cycle collector, run as often as usual, would walk them
    again and again to free little (half the time of a 10,000-article build; 0.7 s in the scan of
    every other save under serve). It runs rarely instead, from the scan on, so that the garbage
    cycles parsing leaves are still freed."""
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, 100, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


FILE_FACTS = ("template:", "file:")  # the facts of the templates' and the copied files' contents
GC_THRESHOLD = 200_000  # new objects between collections of the youngest generation (Python: 700)


def set_aside_what_is_kept() -> None:
    """After serve's full build: free its garbage cycles, then set every object alive aside from
    later collections (gc.freeze) — the checked articles and what was made of them, which serve
    keeps. Else the first collection of an older generation, in the middle of a later save,
    walks them all (1.7 s at 10,000 articles, seen in the first save after the start). A later
    full build sets aside again, what was set aside before included."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _fill(folder: Path, files: dict[str, bytes], folders: set[Path] | None = None) -> None:
    """Write a folder output's files into a new folder (`folders`: those made so far, see in_folder)."""
    from ..write import in_folder

    folders = set() if folders is None else folders
    for name, data in files.items():
        in_folder(folder / name, folders).write_bytes(data)


def _put_files(site: Path, files: dict[str, bytes]) -> None:
    """Write these files of the site, each beside its place and renamed over it, but those
    already as they should be."""
    from ..write import replace_files

    replace_files(site, {path: data for path, data in files.items() if _differs(site / path, data)})


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


def make(output: Output, site: Site, kept_data: "Mapping[str, Mapping[str, str]]" = {}
         ) -> tuple[bytes | dict[str, bytes], set[str], "OutputKept | None"]:
    """An output's bytes (or files) made from the site, the facts it read, and what it keeps for
    its next making (Output.keeps), given what it kept before (by path)."""
    with recording() as reads:
        if output.keeps:
            before = kept_data.get(output.path, {})
            data, after = output.make(site, before)
            kept = OutputKept.between(before, after)
        else:
            data, kept = output.make(site), None
    reads.add("settings")
    return data, reads, kept


def make_beside(site: Site, here: Iterable[Output], beside: Iterable[Output], kept_data: "Mapping[str, Mapping[str, str]]",
                cancelled: Callable[[], bool] = lambda: False
                ) -> Iterator[tuple[str, tuple[bytes | dict[str, bytes], set[str], object]]]:
    """Make outputs, those `beside` in threads while those `here` are made in this one: one that
    waits for a program of its own (Pagefind's, when it indexes a search shard) leaves this
    thread the core. A few at a time (each such program takes its own memory). The outputs by
    path, with what each read and keeps (given what they kept before, by path); `cancelled()`
    stops what has not begun, and what is being made beside at its next stop_if_called_off().
    (Made in forked processes instead, an edit's search shard took longer than in a thread: the
    child's copies of the pages it touches, and its files sent back whole.)"""
    beside = list(beside)
    if not beside:
        for output in here:
            yield output.path, make(output, site, kept_data)
        return
    with ThreadPoolExecutor(max_workers=BESIDE) as pool:
        def make_unless_called_off(output: Output):
            try:
                with unless_called_off(cancelled):
                    return None if cancelled() else make(output, site, kept_data)
            except CalledOff:
                return None

        pending = [(output.path, pool.submit(make_unless_called_off, output)) for output in beside]
        try:
            for output in here:
                yield output.path, make(output, site, kept_data)
            for path, future in pending:
                if (result := future.result()) is not None:
                    yield path, result
        finally:
            for _, future in pending:
                future.cancel()


BESIDE = 2  # outputs made at once in threads: one per core


class Made(NamedTuple):
    """What the engine records of an output it made."""

    reads: set[str]  # the facts it read
    files: "dict[str, str] | None"  # a folder's files, with their hashes
    kept: "OutputKept | None" = None  # what it keeps for its next making (Output.keeps)


class OutputKept(NamedTuple):
    """How what an output keeps (Output.keeps) changed with its making: the keys it no longer
    keeps, and the texts it keeps that are new or not as they were."""

    gone: list[str]
    texts: dict[str, str]

    @classmethod
    def between(cls, before: "Mapping[str, str]", after: "Mapping[str, str | object]") -> "OutputKept":
        """From what the output was given (KeptTexts: the texts read of it) and what it keeps now
        (AS_KEPT: the text as it was)."""
        from ..outputs import AS_KEPT

        given = getattr(before, "given", before)
        return cls(sorted(before.keys() - after.keys()),
                   {key: value for key, value in after.items()  # type: ignore[misc]
                    if value is not AS_KEPT and given.get(key) != value})


def file_hashes(files: dict[str, bytes]) -> dict[str, str]:
    from .facts import content_digest

    return {name: content_digest(data) for name, data in files.items()}


def _write_made(staging: Path, output: Output, site: Site, folders: set[Path]) -> Made:
    """Make an output and write it into the staging folder of a new site (`folders`: those of it
    this process made so far)."""
    from ..write import in_folder

    data, reads, kept = make(output, site)
    if isinstance(data, dict):
        _fill(staging / output.path, data, folders)
        return Made(reads, file_hashes(data), kept)
    in_folder(staging / output.path, folders).write_bytes(data)
    return Made(reads, None, kept)


def heaviest_first(outputs: list[Output]) -> list[Output]:
    """The outputs in the order to hand them out: those that take longest first (a search shard
    takes a few hundred pages' time; the data files a few), so that the last ones, a page each,
    even out the workers' shares."""
    return sorted(outputs, key=lambda o: (not o.path.endswith("/"), not o.later))


# set before forking, read by the workers: the outputs, the site, the staging folder, the folders
# made in it so far (each process its own), and the number of the next output to make (shared:
# each process takes the next one as it is free)
_SHARE: "tuple[list[Output], Site, Path, set[Path], object] | None" = None
BATCH = 50  # outputs a worker makes before it sends them back (what waits to be sent stays small)


def _take(following) -> int:
    with following.get_lock():
        taken = following.value
        following.value += 1
    return taken


def _make_next(batch: int = BATCH) -> list[tuple[str, Made]]:
    """The next outputs not taken yet, made and written, up to `batch` of them (fewer: none is left)."""
    assert _SHARE is not None
    outputs, site, staging, folders, following = _SHARE
    made = []
    while len(made) < batch and (taken := _take(following)) < len(outputs):
        made.append((outputs[taken].path, _write_made(staging, outputs[taken], site, folders)))
    return made


def make_outputs(outputs: list[Output], site: Site, workers: int, staging: Path, progress: "pipeline.Progress"):
    """Make every output into the staging folder, in forked workers (one per core) when there are
    many: each takes the next output not yet taken, the longest first, from the same views
    (inherited, not copied) and writes its own files; this process is one of them, and takes
    what the others made a batch at a time."""
    import multiprocessing

    global _SHARE
    total = len(outputs)
    if workers <= 1 or total < 200 or "fork" not in multiprocessing.get_all_start_methods():
        folders: set[Path] = set()
        for index, output in enumerate(outputs, start=1):
            yield output.path, _write_made(staging, output, site, folders)
            progress("rendering pages", index, total)
        return
    context = multiprocessing.get_context("fork")
    following = context.Value("l", 0)
    _SHARE = (heaviest_first(outputs), site, staging, set(), following)
    try:
        with context.Pool(workers - 1) as pool:
            # two batches asked of each worker at a time: it starts the next while this process,
            # busy with an output of its own, has not yet seen that the last one is done
            pending = [pool.apply_async(_make_next) for _ in range(2 * (workers - 1))]
            while pending:
                done = [result for result in pending if result.ready()]
                if not done and following.value >= total:  # none left to take here: wait for a worker
                    done = pending[:1]
                for result in done:
                    pending.remove(result)
                    made = result.get()
                    yield from made
                    if len(made) == BATCH:  # (fewer: none was left)
                        pending.append(pool.apply_async(_make_next))
                if following.value < total:
                    yield from _make_next(1)
                progress("rendering pages", min(following.value, total), total)
    finally:
        _SHARE = None
    progress("rendering pages", total, total)
