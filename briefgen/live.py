"""The site as `serve` keeps it between saves.

After a full build it holds the corpus, what matching found, and which articles each page
shows. Saving, adding or deleting articles then re-reads only those articles, re-matches only
their claims, and re-renders only the pages that change: the articles' own, those that show
them or claims matched with theirs, their experts' and topics' pages, and the indexes and lists.
Any other change (a registry, a note, a template, the settings, briefgen itself) and any error
make a full build. Either way the site is the one a full build makes."""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from . import cache, incremental, search
from .config import SiteConfig, load_config
from .errors import BriefgenError, Diagnostic, Diagnostics
from .exports import ArticleData, TextParts, article_data, data_files, search_records, text_parts
from .feeds import SITE_FEED
from .match import MatchIndex, Matches, conflict_diagnostics, match_claims
from .model import Article, Corpus
from .pipeline import Built, Checked, without_cycle_collector
from .render import ARTICLES_PER_PAGE, TABLE_ROWS_PER_PAGE, Page, Rendered, environment, render_site, site_files
from .sources import files_under
from .splice import article_files, read_registry, reread
from .urls import Urls, output_path, site_path
from .validate import Registry
from .views import Views, filter_choices, page_path
from .write import remove_files, replace_files

# Pages made again whenever an article changes as other pages show it: those that show counts,
# and the site's feed of the newest articles.
ALWAYS = ("", "notes/", "experts/", "topics/", SITE_FEED)


@dataclass
class _Last:
    """What the last good build left."""

    scan: cache.Scan
    checked: Checked
    registry: Registry
    own: dict[str, list[Diagnostic]]  # each article's own problems
    others: list[Diagnostic]  # every other problem but the disagreements between sources
    pages: dict[str, Rendered]  # by site file: its owner and the articles it shows
    views: Views | None = None  # those the last update rendered from
    derived: dict[str, "_Derived"] | None = None  # by article: what it puts in the data files and search


@dataclass(frozen=True)
class _Derived:
    """What one article puts in the data files and the search index, kept between saves and made
    again only for the articles that changed."""

    parts: TextParts
    data: ArticleData
    claims: list  # its claims' search records

    @classmethod
    def of(cls, article: Article, corpus: Corpus, urls: Urls) -> "_Derived":
        parts = text_parts(article, corpus.experts, corpus.topics, urls)
        return cls(parts, article_data(article, parts, corpus.experts, corpus.topics, urls),
                   search.claim_records(article, corpus.experts, corpus.topics, urls))


class LiveSite:
    def __init__(self, root: Path, base_url: str | None):
        self.root, self.base_url = root, base_url
        self.last: _Last | None = None
        self.env: jinja2.Environment | None = None
        self.search: list[list[search.Record]] | None = None  # the shards of the search index, when known

    def config(self) -> SiteConfig:
        return load_config(self.root, Diagnostics()).with_overrides(base_url=self.base_url)

    def build(self, workers: int = 1) -> incremental.Outcome:
        """Bring the site up to date; raises BriefgenError when the content has errors."""
        gc.unfreeze()
        with without_cycle_collector():
            outcome = self._build(workers)
        if outcome.done == "built":
            gc.collect()  # what the last state left in cycles (templates), once per full build
        # What is kept lives as long as the server: the cycle collector need not walk it again.
        gc.freeze()
        return outcome

    def _build(self, workers: int) -> incremental.Outcome:
        self.search = None  # unknown, until a build says
        config = self.config()
        if self.last is not None and (config.output_dir / "index.html").is_file():  # the site is still there
            scan = cache.scan(config, {"drafts": True})
            if scan.fingerprint == self.last.scan.fingerprint:
                return incremental.Outcome("nothing", self._warnings(self.last), self._summary(), 0, None, scan)
            if scan.global_key == self.last.scan.trusted_global_key:
                outcome = self._update(config, scan)
                if outcome is not None:
                    return outcome
            self.last = self.env = None
        try:
            outcome = incremental.build(config, self.root, self.base_url, None, True, workers=workers, track=True)
        except BaseException:
            self.last = None
            raise
        if isinstance(outcome.built, Built) and outcome.inputs is not None:
            self._keep(outcome.built, outcome.inputs)
        return outcome

    def _keep(self, built: Built, scan: cache.Scan) -> None:
        own = {state.slug: state.diagnostics for state in built.articles}
        others = [d for d in built.other_diagnostics if not d.code.endswith("-conflict")]
        self.last = _Last(scan, built.checked, read_registry(built.checked.config), own, others, built.pages or {},
                          built.views, self._derived(built))
        self.search = search.shards(search_records((state.parts for state in built.articles), built.search_rest))
        self.env = environment(built.checked.config)
        for name in self.env.list_templates(filter_func=lambda name: name.endswith(".html")):
            self.env.get_template(name)  # compiled now, not on the first save

    @staticmethod
    def _derived(built: Built) -> dict[str, "_Derived"]:
        corpus, urls = built.checked.corpus, Urls(built.checked.config.base_path, built.checked.config.base_url)
        assert built.data is not None
        return {state.slug: _Derived(state.parts, built.data[state.slug],
                                     search.claim_records(corpus.articles[state.slug], corpus.experts, corpus.topics, urls))
                for state in built.articles}

    def _summary(self) -> str:
        assert self.last is not None
        return incremental.summary(self.last.checked.corpus)

    @staticmethod
    def _warnings(last: _Last) -> list[str]:
        return [str(d) for d in last.checked.diagnostics]

    def _update(self, config: SiteConfig, scan: cache.Scan) -> incremental.Outcome | None:
        last = self.last
        assert last is not None
        files = article_files(config, scan.changed_since(last.scan.recorded()))
        if files is None:
            return None
        old = last.checked.corpus
        fresh: dict[str, Article] = {}
        own = dict(last.own)
        for slug, (md, sidecar) in files.items():
            if md is None:
                own.pop(slug, None)
                continue
            article, problems = reread(config, last.registry, slug, md, sidecar)  # type: ignore[arg-type]
            if article is None and any(p.severity == "error" for p in problems):
                raise BriefgenError(problems)  # said at once; the last good state stays for the fix
            if article is None:
                return None
            fresh[slug], own[slug] = article, problems
        # From here on the kept state is changed (matching updates its index): if anything fails,
        # the next build is a full one.
        self.last = None
        gone = {slug for slug, (md, _) in files.items() if md is None}
        articles = [fresh.get(slug, article) for slug, article in old.articles.items() if slug not in gone]
        articles += [article for slug, article in fresh.items() if slug not in old.articles]
        corpus = Corpus.build(list(old.experts.values()), list(old.topics.values()), articles, list(old.notes.values()))
        if not _references_hold(corpus):
            return None
        matches, index = self._match(last, corpus, set(files))
        diagnostics = sorted([*last.others, *(d for ds in own.values() for d in ds), *conflict_diagnostics(matches, corpus)],
                             key=Diagnostic.sort_key)
        rekeyed = {slug for slug in files if slug not in fresh or slug not in old.articles
                   or fresh[slug].key != old.articles[slug].key}
        touched = _touched(old, corpus, rekeyed) | _regrouped(last.checked.matches, matches)
        wanted = _Wanted(last, old, corpus, matches, rekeyed, touched, set(fresh))
        urls = Urls(config.base_path, config.base_url)
        views = Views(corpus, matches, urls, last.views, touched)
        if last.views is not None:
            last.views.previous = None  # only the last views are reused from: no chain of them all
        self.env = self.env or environment(config)  # its templates have not changed since the full build
        rendered = {page.path: page for page in render_site(corpus, matches, config, views=views, wanted=wanted,
                                                            keep=wanted.keep, track=True, env=self.env)}
        stale = wanted.stale(rendered, corpus)
        cache.forget(config)  # the command line's state does not know of changes made here
        pages = {path: page for path, page in last.pages.items() if path not in stale}
        pages.update({path: replace(page, data=b"") for path, page in rendered.items()})
        written = {path: page.data for path, page in rendered.items()}
        if pages.keys() != last.pages.keys():  # pages came or went: the sitemap says so
            written.update(site_files(pages, urls, files_under(config.static_dir)))
        derived = {slug: _Derived.of(article, corpus, urls) if slug in fresh or slug not in (last.derived or {})
                   else last.derived[slug] for slug, article in corpus.articles.items()}
        written.update(data_files((d.data for d in derived.values()), config.title, urls))
        replace_files(config.output_dir, {path: data for path, data in written.items()
                                          if _differs(config.output_dir / path, data)})
        remove_files(config.output_dir, stale)
        checked = Checked(config, corpus, matches, diagnostics, index)
        self.last = _Last(scan, checked, last.registry, own, last.others, pages, views, derived)
        claims = [record for d in derived.values() for record in d.claims]
        self.search = search.shards(search_records((d.parts for d in derived.values()),
                                                   claims + search.page_records(corpus, urls)))
        return incremental.Outcome("spliced", [str(d) for d in diagnostics], incremental.summary(corpus), len(rendered),
                                   None, scan)

    @staticmethod
    def _match(last: _Last, corpus: Corpus, slugs: set[str]) -> tuple[Matches, MatchIndex]:
        index = last.checked.match_index
        old = last.checked.corpus
        removed = [c.ref for slug in slugs if slug in old.articles for c in old.articles[slug].claims]
        added = [c for slug in slugs if slug in corpus.articles for c in corpus.articles[slug].claims]
        if index is None or not index.replace(removed, added):
            index = MatchIndex()
            index.add_all(corpus.claims())
        return match_claims(corpus, index, last.checked.matches, slugs), index


def _references_hold(corpus: Corpus) -> bool:
    """Whether every `same_as` and every note's citation still names a claim (else: a full build,
    which reports the broken reference)."""
    refs = {c.ref for c in corpus.claims()}
    return (all(c.same_as is None or c.same_as in refs for c in corpus.claims())
            and all(ref in refs for note in corpus.notes.values() for ref in note.citations))


def _touched(old: Corpus, new: Corpus, slugs: set[str]) -> set[str]:
    """What changed in these articles as other pages show it: an article's slug when anything
    about the article itself did (then all its claims' refs too), else the refs of its claims
    that changed (where they stand in the text and in the sidecar aside)."""
    touched: set[str] = set()
    for slug in slugs:
        before, after = old.articles.get(slug), new.articles.get(slug)
        was, now = ({c.ref: replace(c, spans=(), location=None) for c in article.claims} if article else {}
                    for article in (before, after))
        if before is None or after is None or _itself(before) != _itself(after):
            touched.add(slug)
            touched.update(was.keys() | now.keys())
        else:
            touched.update(ref for ref in was.keys() | now.keys() if was.get(ref) != now.get(ref))
    return touched


def _itself(article: Article) -> tuple:
    """An article apart from its claims, with what its view counts of them."""
    return (replace(article, claims=(), document=None), len(article.claims),
            frozenset(c.speaker for c in article.claims))


def _regrouped(before: Matches, after: Matches) -> set[str]:
    """The claims (refs) whose group of copies, or their disagreements, changed."""
    def key(matches: Matches, ref: str) -> tuple | None:
        group = matches.group_of.get(ref)
        return (group.id, group.refs, group.conflicts) if group else None
    return {ref for ref in before.group_of.keys() | after.group_of.keys() if key(before, ref) != key(after, ref)}


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


class _Wanted:
    """Which pages to render again after some articles changed (see pages() for the kinds)."""

    def __init__(self, last: _Last, old: Corpus, new: Corpus, matches: Matches, changed: set[str],
                 touched: set[str], reread: set[str]):
        """`changed`: the articles whose key changed (or that came or went); `touched`: what changed
        of them as other pages show it, and the claims whose copies changed (see _touched);
        `reread`: every article read again (its own page is made again)."""
        self.last = last
        self.articles = reread & new.articles.keys()
        self.shown = {path for path, page in last.pages.items() if page.shows & touched}  # show what changed
        self.owners = {last.pages[path].owner for path in self.shown}
        slugs = {key.partition("#")[0] for key in touched}
        versions = [a for s in slugs for a in (old.articles.get(s), new.articles.get(s)) if a]
        before, after = last.checked.matches, matches
        # Experts and topics whose lists of claims (as their pages lay them out), notes or articles
        # changed: all their pages, which may be more or fewer.
        self.experts = {e for e in {c.speaker for a in versions for c in a.claims}
                        if _layout(old.claims_by_expert.get(e, ()), before, "topic")
                        != _layout(new.claims_by_expert.get(e, ()), after, "topic")
                        or old.notes_by_expert.get(e) != new.notes_by_expert.get(e)}
        topics = {t for t in {t for a in versions for t in (*a.topics, *(t for c in a.claims for t in c.topics))}
                  if _layout(old.claims_by_topic.get(t, ()), before, "speaker")
                  != _layout(new.claims_by_topic.get(t, ()), after, "speaker")
                  or old.articles_by_topic.get(t) != new.articles_by_topic.get(t)
                  or old.notes_by_topic.get(t) != new.notes_by_topic.get(t)}
        for topic in list(topics):  # a topic's page lists its subtopics with their counts
            parent = new.topics[topic].parent
            while parent is not None and parent not in topics:
                topics.add(parent)
                parent = new.topics[parent].parent
        self.topics = topics
        self.lists = set(ALWAYS) if changed else set()
        if [(g.id, g.refs, g.conflicts) for g in last.checked.matches.conflicted] != \
                [(g.id, g.refs, g.conflicts) for g in matches.conflicted]:
            self.lists.add("discrepancies/")  # else only if it shows a claim that changed
        self.lists |= _changed_pages("articles/", list(old.articles), list(new.articles), ARTICLES_PER_PAGE)
        self.lists |= _changed_pages("claims/", [c.ref for c in old.claims()], [c.ref for c in new.claims()],
                                     TABLE_ROWS_PER_PAGE)
        if changed and filter_choices(old) != filter_choices(new):  # every page of the table lists them
            self.lists.update(_page_paths("claims/", sum(len(a.claims) for a in new.articles.values()),
                                          TABLE_ROWS_PER_PAGE))
        self.list_paths = {*ALWAYS, "discrepancies/", "404.html", "search/", *_page_paths("articles/", len(new.articles), ARTICLES_PER_PAGE),
                           *_page_paths("claims/", sum(len(a.claims) for a in new.articles.values()), TABLE_ROWS_PER_PAGE)}

    def __call__(self, kind: str, key: str) -> bool:
        """Whether to make the pages of this owner (pages() asks)."""
        if kind == "article":
            return key in self.articles or (kind, key) in self.owners
        if kind == "page":
            return key in self.lists or (kind, key) in self.owners
        if kind == "expert" and key in self.experts or kind == "topic" and key in self.topics:
            return True
        return (kind, key) in self.owners

    def _whole(self, kind: str, key: str) -> bool:
        """Whether all pages of this expert or topic are made again (its list of claims changed)."""
        return key in (self.experts if kind == "expert" else self.topics)

    def keep(self, page: Page) -> bool:
        """Whether to render this page of a wanted owner: all pages of an article, a changed list,
        or an expert or topic whose claims changed; of the rest, those that show a touched article."""
        kind, key = page.owner
        return (kind == "article" or kind == "page" and key in self.lists
                or kind in ("expert", "topic") and self._whole(kind, key) or output_path(page.path) in self.shown)

    def stale(self, rendered: dict[str, Rendered], new: Corpus) -> set[str]:
        """Files of the last build that no page makes any more."""
        # Owners all of whose pages were made again (not experts or topics of which only the pages
        # showing a change were): their pages not made this time are gone.
        redone = {page.owner for page in rendered.values()
                  if page.owner[0] not in ("expert", "topic") or self._whole(*page.owner)}
        stale = set()
        for path, page in self.last.pages.items():
            kind, key = page.owner
            if path in rendered:
                continue
            if (page.owner in redone or kind == "article" and key not in new.articles
                    or kind == "page" and site_path(path) not in self.list_paths):
                stale.add(path)
        return stale


def _layout(claims: tuple, matches: Matches, by: str) -> list[tuple]:
    """What decides where claims stand on an expert's page (grouped by first topic) or a topic's
    (grouped by speaker), matched copies shown once."""
    return [(c.ref, c.topics[:1] if by == "topic" else c.speaker,
             group.id if (group := matches.group_of.get(c.ref)) else None) for c in claims]


def _page_paths(base: str, count: int, per_page: int) -> list[str]:
    return [page_path(base, n) for n in range(1, max(1, -(-count // per_page)) + 1)]


def _changed_pages(base: str, before: list[str], after: list[str], per_page: int) -> set[str]:
    """The pages of a paginated list whose items changed (all of them when the count of pages did)."""
    paths = _page_paths(base, len(after), per_page)
    if len(paths) != len(_page_paths(base, len(before), per_page)):
        return set(paths)
    return {path for n, path in enumerate(paths)
            if before[n * per_page:(n + 1) * per_page] != after[n * per_page:(n + 1) * per_page]}
