"""Plain view objects for templates, built once from the Corpus: names, counts and URLs, no loader data."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby

from typing import Callable, Iterable

from markupsafe import Markup

from .engine.reads import read
from .match import ClaimGroup, Matches, words_of
from .model import Article, Claim, Corpus, Expert, Note, month_of, newest_first
from .urls import Urls


def display_date(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else ""


@dataclass(frozen=True)
class ExpertView:
    id: str
    name: str
    url: str
    affiliation: str
    role: str
    kind: str
    aliases: tuple[str, ...]
    homepage: str
    _views: "Views" = field(compare=False, repr=False)

    @property
    def claim_count(self) -> int:
        """How many claims their page lists (a claim that several sources carry counted once)."""
        return self._views.expert_layout(self.id).shown

    @property
    def article_count(self) -> int:
        """In how many articles they have claims."""
        return len({c.article for c in self._views.expert_claims(self.id)})

    @property
    def short_name(self) -> str:
        """How a text names them again: a person by surname ('Finaud', 'von der Leyen'), an organisation in full."""
        surname, particles, _ = _name_parts(self)
        return f"{particles} {surname}".strip()

    @property
    def index_name(self) -> str:
        """The name as an index lists it: 'Finaud, Marc' for a person, an organisation's as it is."""
        return _index_name(self)


@dataclass(frozen=True)
class TopicView:
    id: str
    title: str
    url: str
    description: str
    parent_id: str | None
    _views: "Views" = field(compare=False, repr=False)

    @property
    def claim_count(self) -> int:
        """How many claims its page lists: its own and its subtopics' (each once)."""
        return self._views.topic_layout(self.id).shown

    @property
    def article_count(self) -> int:
        """How many articles its page lists: those on it or on one of its subtopics."""
        return len(self._views.topic_articles(self.id))


@dataclass(frozen=True)
class ArticleView:
    slug: str
    title: str
    url: str
    outlet: str
    source_url: str
    published: str  # ISO date or ''
    published_display: str
    description: str
    language: str
    draft: bool
    topic_ids: tuple[str, ...]
    claim_count: int
    expert_count: int
    _views: "Views" = field(compare=False, repr=False)

    @property
    def topics(self) -> tuple[TopicView, ...]:
        return tuple(self._views.topic(t) for t in self.topic_ids)


@dataclass(frozen=True)
class NoteView:
    slug: str
    title: str
    url: str
    date: str  # ISO date or ''
    date_display: str
    summary: str
    topic_ids: tuple[str, ...]
    citation_count: int
    _views: "Views" = field(compare=False, repr=False)

    @property
    def topics(self) -> tuple[TopicView, ...]:
        return tuple(self._views.topic(t) for t in self.topic_ids)


@dataclass(frozen=True)
class CopyView:
    """Another source's copy of a claim: where it stands and whom it credits."""

    article: ArticleView
    speaker: ExpertView
    kind: str
    url: str


@dataclass(frozen=True)
class ClaimView:
    id: str
    ref: str  # 'article-slug#claim-id'
    anchor: str  # the id of its mark in the article page
    number: int
    quote: str
    kind: str
    summary: str
    note: str
    url: str  # permalink to its place in the source
    speaker_id: str
    topic_ids: tuple[str, ...]
    article_slug: str
    _views: "Views" = field(compare=False, repr=False)

    @property
    def speaker(self) -> ExpertView:
        return self._views.expert(self.speaker_id)

    @property
    def topics(self) -> tuple[TopicView, ...]:
        return tuple(self._views.topic(t) for t in self.topic_ids)

    @property
    def article(self) -> ArticleView:
        return self._views.article(self.article_slug)

    @property
    def copies(self) -> tuple[CopyView, ...]:
        """The same claim in other articles ("also reported by")."""
        return self._views.copies(self.ref)

    @property
    def group(self) -> str:
        """The id of its matched group, '' when it stands alone."""
        group = self._views.group(self.ref)
        return group.id if group else ""

    @property
    def conflicts(self) -> tuple[str, ...]:
        """How the sources disagree about it."""
        group = self._views.group(self.ref)
        return tuple(c.message for c in group.conflicts) if group else ()

    @property
    def conflict_url(self) -> str:
        """Its entry on the discrepancies page, '' without conflicts."""
        group = self._views.group(self.ref)
        return self._views.urls.discrepancy(group.id) if group and group.conflicts else ""


@dataclass(frozen=True)
class VariantView:
    """One source's version of a disputed claim, its words marked where they differ from the others."""

    claim: ClaimView
    words: tuple[tuple[str, bool], ...]  # (word, differs from the other versions)

    @property
    def runs(self) -> tuple[tuple[str, bool], ...]:
        """Its quote as runs of words that differ from the other versions or not: (text, differs)."""
        return tuple((" ".join(word for word, _ in run), differs)
                     for differs, run in groupby(self.words, key=lambda pair: pair[1]))


@dataclass(frozen=True)
class DiscrepancyView:
    id: str
    title: str  # neutral: who and on what, never one version's words
    conflicts: tuple[str, ...]
    disputed: tuple[str, ...]  # what the sources differ on: 'speaker', 'kind', 'wording' (in that order)
    variants: tuple[VariantView, ...]  # oldest source first


@dataclass(frozen=True, eq=False)
class Group:
    """Claims under one heading (a topic on an expert page, an expert on a topic page)."""

    title: str
    url: str
    claims: tuple[ClaimView, ...]  # those on this page
    anchor: str  # its id on the page (group_anchor)
    total: int  # its claims on all pages
    earlier: bool  # some of them are on the page before
    later: bool  # some of them are on the page after


def group_anchor(kind: str, key: str) -> str:
    """The id of a group on its page, the same on every build: 'on-<topic id>' on an expert's page
    ('other' for their claims without a topic), 'by-<expert id>' on a topic's."""
    return f"{'on' if kind == 'topic' else 'by'}-{key}" if key else "other"


@dataclass(frozen=True)
class ClaimFilters:
    """What the table of every claim can be filtered by: each speaker, topic and outlet with claims."""

    speakers: tuple[ExpertView, ...]  # A–Z
    topics: tuple[TopicView, ...]  # A–Z by title
    outlets: tuple[str, ...]  # A–Z


def filter_choices(corpus: Corpus) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The ids of the speakers and topics with claims, and the outlets of the articles with claims:
    what ClaimFilters lists (a page showing it changes when this does)."""
    return (frozenset(k for k, claims in corpus.claims_by_expert.items() if claims),
            frozenset(k for k, claims in corpus.claims_by_topic.items() if claims),
            frozenset(corpus.outlets_with_claims))


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list stands among its pages."""

    number: int  # 1-based
    urls: tuple[str, ...]  # of every page, first to last

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def previous(self) -> str:
        return self.urls[self.number - 2] if self.number > 1 else ""

    @property
    def next(self) -> str:
        return self.urls[self.number] if self.number < self.count else ""


def page_path(base: str, number: int) -> str:
    """Stable addresses for the pages of a list: 'experts/x/', then 'experts/x/page/2/', …"""
    return base if number == 1 else f"{base}page/{number}/"


def paginate(items: list, base: str, per_page: int, urls: Urls) -> list[tuple[str, list, Pager]]:
    """(site path, items, pager) for each page of a list; an empty list still has its one page."""
    count = max(1, -(-len(items) // per_page))
    page_urls = tuple(urls.page(page_path(base, n)) for n in range(1, count + 1))
    return [(page_path(base, n), items[(n - 1) * per_page:n * per_page], Pager(n, page_urls))
            for n in range(1, count + 1)]


@dataclass(frozen=True)
class TreeNode:
    topic: TopicView
    children: tuple["TreeNode", ...]


class Layout(tuple):
    """The groups of claims on an expert's or a topic's page: (heading, id of what groups them,
    refs) each."""

    __slots__ = ()

    @property
    def shown(self) -> int:
        """How many claims the page shows."""
        return sum(len(refs) for _, _, refs in self)


def _once_per_group(claims: tuple[Claim, ...], matches: Matches) -> list[Claim]:
    """Each matched claim once (its newest copy, which lists the others), the rest as they are."""
    seen: set[str] = set()
    shown = []
    group_of = matches.group_of
    for claim in claims:
        group = group_of.get(claim.ref)
        if group is not None:
            if group.id in seen:
                continue
            seen.add(group.id)
        shown.append(claim)
    return shown


def expert_layout(corpus: Corpus, matches: Matches, expert_id: str) -> Layout:
    """An expert's claims grouped by their first topic (A–Z, untagged last), newest first within
    each; a claim stands once, its other topics shown on it. (Made from the model alone: the
    engine keeps it as the fact 'expert-layout:<id>', so that a page of it reads only the claims
    it shows.)"""
    by_topic: dict[str | None, list[str]] = {}
    for claim in _once_per_group(corpus.claims_by_expert[expert_id], matches):
        by_topic.setdefault(claim.topics[0] if claim.topics else None, []).append(claim.ref)
    ordered = sorted((k for k in by_topic if k), key=lambda k: corpus.topics[k].title.casefold())
    layout = [(corpus.topics[k].title, k, tuple(by_topic[k])) for k in ordered]
    if None in by_topic:
        layout.append(("Other claims", "", tuple(by_topic[None])))
    return Layout(layout)


def subtopics_of(corpus: Corpus, topic_id: str) -> list[str]:
    """The topic and every topic under it, the topic first."""
    found = [topic_id]
    for topic in found:
        found.extend(corpus.topic_children.get(topic, ()))
    return found


def claims_on_topic(corpus: Corpus, topic_id: str) -> tuple[Claim, ...]:
    """The claims of a topic as its page, its feed and its timeline take them: those on it or on a
    topic under it, newest first, each once (every source's copy)."""
    subtree = subtopics_of(corpus, topic_id)
    if len(subtree) == 1:
        return corpus.claims_by_topic[topic_id]
    merged = {c.ref: c for topic in subtree for c in corpus.claims_by_topic[topic]}.values()
    return tuple(sorted(merged, key=lambda c: (newest_first(corpus.articles[c.article]), c.number)))


def topic_layout(corpus: Corpus, matches: Matches, topic_id: str) -> Layout:
    """The claims on a topic or on a topic under it grouped by expert (A–Z as the experts' index
    sorts and names them: 'Finaud, Marc'), newest first within each (a claim stands once)."""
    by_speaker: dict[str, list[str]] = {}
    for claim in _once_per_group(claims_on_topic(corpus, topic_id), matches):
        by_speaker.setdefault(claim.speaker, []).append(claim.ref)
    ordered = sorted(by_speaker, key=lambda speaker: (_sort_name(corpus.experts[speaker]), speaker))
    return Layout((_index_name(corpus.experts[speaker]), speaker, tuple(by_speaker[speaker])) for speaker in ordered)


class Views:
    """The site as templates and outputs see it: every look-up says which fact it reads
    (engine.reads), and each view is made once and shared by all outputs. Fact keys:
    'expert:<id>', 'topic:<id>', 'article:<slug>', 'text:<slug>', 'claim:<ref>', 'group:<ref>',
    'note:<slug>', 'note-text:<slug>', the lists 'expert-claims:<id>', 'expert-notes:<id>',
    'topic-claims:<id>', 'topic-articles:<id>', 'topic-notes:<id>', 'topic-tree', 'list:articles',
    'list:claims', 'list:languages', 'list:notes', 'list:experts', 'list:topics', 'discrepancies',
    'filters'
    (engine.facts says what each holds)."""

    def __init__(self, corpus: Corpus, matches: Matches, urls: Urls,
                 body_of: Callable[[Article], Article] = lambda article: article, previous: "Views | None" = None,
                 recorded_layouts: Callable[[str, str], Layout] | None = None):
        """`body_of` gives an article with its body, when the corpus holds it without. The
        `previous` views (serve's of the last save, or those the build state records) lend the
        layouts whose inputs are the same. Views of what the build state records take their
        layouts from it (`recorded_layouts`, read as they are looked into)."""
        self.corpus = corpus
        self.matches = matches
        self.urls = urls
        self.body_of = body_of
        self.previous = previous
        self.recorded_layouts = recorded_layouts
        self._experts: dict[str, ExpertView] = {}
        self._topics: dict[str, TopicView] = {}
        self._articles: dict[str, ArticleView] = {}
        self._notes: dict[str, NoteView] = {}
        self._claims: dict[str, ClaimView] = {}
        self._months: dict[str | None, list[str]] | None = None
        self._languages: dict[str, str] | None = None
        self._layouts: dict[tuple[str, str], Layout] = {}
        self._article_months: dict[str, str | None] | None = None  # slug → month, for the timelines

    # One thing each, by its id.
    def expert(self, expert_id: str) -> ExpertView:
        read(f"expert:{expert_id}")
        if (view := self._experts.get(expert_id)) is None:
            e = self.corpus.experts[expert_id]
            view = self._experts[expert_id] = ExpertView(
                id=e.id, name=e.name, url=self.urls.expert(e.id), affiliation=e.affiliation or "",
                role=e.role or "", kind=e.kind, aliases=e.aliases, homepage=e.url or "", _views=self)
        return view

    def topic(self, topic_id: str) -> TopicView:
        read(f"topic:{topic_id}")
        if (view := self._topics.get(topic_id)) is None:
            t = self.corpus.topics[topic_id]
            view = self._topics[topic_id] = TopicView(
                id=t.id, title=t.title, url=self.urls.topic(t.id), description=t.description or "",
                parent_id=t.parent, _views=self)
        return view

    def article(self, slug: str) -> ArticleView:
        read(f"article:{slug}")
        if (view := self._articles.get(slug)) is None:
            a = self.corpus.articles[slug]
            view = self._articles[slug] = ArticleView(
                slug=a.slug, title=a.title, url=self.urls.article(a.slug), outlet=a.outlet or "",
                source_url=a.url or "", published=a.published.isoformat() if a.published else "",
                published_display=display_date(a.published), description=a.description or "",
                language=a.language or "", draft=a.draft, topic_ids=a.topics, claim_count=len(a.claims),
                expert_count=len({c.speaker for c in a.claims}), _views=self)
        return view

    def article_text(self, slug: str) -> Article:
        """The article with its plain text (the data files and the search index are made of it)."""
        read(f"text:{slug}")
        read(f"article:{slug}")
        return self.corpus.articles[slug]

    def article_body(self, slug: str) -> Article:
        """The article with its HTML too, for its own page."""
        return self.body_of(self.article_text(slug))

    def article_claims(self, slug: str) -> list[ClaimView]:
        read(f"article:{slug}")
        return self.claims_of(self.corpus.articles[slug].claims)

    def note(self, slug: str) -> NoteView:
        read(f"note:{slug}")
        if (view := self._notes.get(slug)) is None:
            n = self.corpus.notes[slug]
            view = self._notes[slug] = NoteView(
                slug=n.slug, title=n.title, url=self.urls.note(n.slug), date=n.date.isoformat() if n.date else "",
                date_display=display_date(n.date), summary=n.summary or "", topic_ids=n.topics,
                citation_count=len(n.citations), _views=self)
        return view

    def note_document(self, slug: str) -> Note:
        read(f"note-text:{slug}")
        return self.corpus.notes[slug]

    def claim(self, ref: str) -> ClaimView:
        read(f"claim:{ref}")
        if (view := self._claims.get(ref)) is None:
            c = self.corpus.claim(ref)
            if c is None:
                raise KeyError(ref)
            view = self._claims[ref] = ClaimView(
                id=c.id, ref=c.ref, anchor=f"claim-{c.id}", number=c.number, quote=c.quote, kind=c.kind,
                summary=c.summary or "", note=c.note or "", url=self.urls.claim(c.article, c.id),
                speaker_id=c.speaker, topic_ids=c.topics, article_slug=c.article, _views=self)
        return view

    def claims_of(self, claims: Iterable[Claim]) -> list[ClaimView]:
        return [self.claim(c.ref) for c in claims]

    def group(self, ref: str) -> ClaimGroup | None:
        """The claim's matched copies and their disagreements."""
        read(f"group:{ref}")
        return self.matches.group_of.get(ref)

    def copies(self, ref: str) -> tuple[CopyView, ...]:
        copies = []
        for other in self.matches.others(ref) if self.group(ref) else ():
            claim = self.claim(other)
            copies.append(CopyView(claim.article, claim.speaker, claim.kind, claim.url))
        return tuple(copies)

    # Lists, and what is counted from them.
    def article_slugs(self) -> list[str]:
        """Every article, newest first."""
        read("list:articles")
        return list(self.corpus.articles)

    def month_articles(self, month: str | None) -> list[str]:
        """The articles of one month ('YYYY-MM'; None: those without a date), newest first."""
        read(f"list:month:{month or 'undated'}")
        return self._by_month().get(month, [])

    def months(self) -> list[str | None]:
        """The months the articles were published in, newest first (None last: the undated)."""
        read("list:months")
        return list(self._by_month())

    def _by_month(self) -> dict[str | None, list[str]]:
        if self._months is None:
            self._months = {}
            for slug, article in self.corpus.articles.items():
                self._months.setdefault(month_of(article), []).append(slug)
        return self._months

    def article_languages(self) -> dict[str, str]:
        """The articles that have a language of their own, declared or told from their text (the
        others are in the site's): slug → language tag."""
        read("list:languages")
        if self._languages is None:
            self._languages = {slug: a.language for slug, a in self.corpus.articles.items() if a.language}
        return self._languages

    def claim_count(self) -> int:
        read("list:claims")
        return self.corpus.claim_count

    def claims_between(self, start: int, end: int) -> list[Claim]:
        """The claims of the table from the `start`th to before the `end`th."""
        read("list:claims")
        return self.corpus.claims_between(start, end)

    def article_claim_count(self, slug: str) -> int:
        """How many claims an article has (as the list of every claim says)."""
        read("list:claims")
        return self.corpus.articles[slug].claim_count

    def note_slugs(self) -> list[str]:
        read("list:notes")
        return list(self.corpus.notes)

    def expert_ids(self) -> list[str]:
        read("list:experts")
        return list(self.corpus.experts)

    def topic_ids(self) -> list[str]:
        read("list:topics")
        return list(self.corpus.topics)

    def expert_claims(self, expert_id: str) -> tuple[Claim, ...]:
        read(f"expert-claims:{expert_id}")
        return self.corpus.claims_by_expert[expert_id]

    def topic_claims(self, topic_id: str) -> tuple[Claim, ...]:
        """The claims of a topic and of the topics under it, newest first (claims_on_topic)."""
        read("topic-tree")
        subtree = subtopics_of(self.corpus, topic_id)
        for topic in subtree:
            read(f"topic-claims:{topic}")
        claims = claims_on_topic(self.corpus, topic_id)
        if len(subtree) > 1:
            for slug in {c.article for c in claims}:
                read(f"article:{slug}")  # their order is their dates'
        return claims

    def listed_claims(self, layout: Layout) -> list[Claim]:
        """The claims an expert's or a topic's page lists (its layout), each once: what its
        timeline counts, so that the two say the same number."""
        return [self.corpus.claim(ref) for _, _, refs in layout for ref in refs]

    def topic_articles(self, topic_id: str) -> tuple[str, ...]:
        """The articles on a topic or on a topic under it, newest first."""
        read("topic-tree")
        subtree = subtopics_of(self.corpus, topic_id)
        for topic in subtree:
            read(f"topic-articles:{topic}")
        if len(subtree) == 1:
            return self.corpus.articles_by_topic[topic_id]
        slugs = {slug for topic in subtree for slug in self.corpus.articles_by_topic[topic]}
        for slug in slugs:
            read(f"article:{slug}")  # their order is their dates'
        return tuple(sorted(slugs, key=lambda slug: newest_first(self.corpus.articles[slug])))

    def expert_notes(self, expert_id: str) -> list[NoteView]:
        read(f"expert-notes:{expert_id}")
        return [self.note(s) for s in self.corpus.notes_by_expert[expert_id]]

    def topic_notes(self, topic_id: str) -> list[NoteView]:
        read(f"topic-notes:{topic_id}")
        return [self.note(s) for s in self.corpus.notes_by_topic[topic_id]]

    def newest_once(self, claims: Iterable[Claim], count: int) -> list[ClaimView]:
        """The first `count` of these claims (they come newest first), a claim that several
        sources carry standing once (its newest copy); only the claims looked at are read."""
        seen: set[str] = set()
        result: list[ClaimView] = []
        for claim in claims:
            view = self.claim(claim.ref)
            if view.group and view.group in seen:
                continue
            seen.add(view.group)
            result.append(view)
            if len(result) == count:
                break
        return result

    def discrepancies(self) -> list[DiscrepancyView]:
        """Every matched claim whose sources disagree, each source's words marked where they differ."""
        read("discrepancies")
        result = []
        for group in self.matches.conflicted:
            claims = [self.claim(ref) for ref in reversed(group.refs)]
            words = [quote_words(c.quote) for c in claims]
            differing = differing_words(words)
            kinds = {c.kind for c in group.conflicts}
            result.append(DiscrepancyView(
                id=group.id, title=neutral_title(claims), conflicts=tuple(c.message for c in group.conflicts),
                disputed=tuple(kind for kind in ("speaker", "kind", "wording") if kind in kinds),
                variants=tuple(VariantView(c, tuple(zip(w, d))) for c, w, d in zip(claims, words, differing)),
            ))
        return result

    def discrepancy_count(self) -> int:
        read("discrepancies")
        return len(self.matches.conflicted)

    def expert_layout(self, expert_id: str) -> Layout:
        """How an expert's page lays out their claims (see expert_layout)."""
        read(f"expert-layout:{expert_id}")
        return self.layout_of("expert", expert_id)

    def topic_layout(self, topic_id: str) -> Layout:
        """How a topic's page lays out its claims (see topic_layout)."""
        read(f"topic-layout:{topic_id}")
        return self.layout_of("topic", topic_id)

    def layout_of(self, kind: str, key: str) -> Layout:
        """The layout of an expert's or a topic's page, made once (the engine hashes it as a fact;
        a page reads it through expert_layout or topic_layout)."""
        if (kind, key) not in self._layouts:
            if self.recorded_layouts is not None:
                self._layouts[(kind, key)] = self.recorded_layouts(kind, key)
            elif self._same_layout_inputs(kind, key):
                self._layouts[(kind, key)] = self.previous.layout_of(kind, key)  # type: ignore[union-attr]
            else:
                make = expert_layout if kind == "expert" else topic_layout
                self._layouts[(kind, key)] = make(self.corpus, self.matches, key)
        return self._layouts[(kind, key)]

    def layouts(self) -> dict[tuple[str, str], Layout]:
        """The layouts made or lent so far, by (kind, key)."""
        return self._layouts

    def _same_layout_inputs(self, kind: str, key: str) -> bool:
        """Whether the previous views' layout of this page was made from the same inputs: the same
        registries and claims of the same shape (Corpus.build keeps both when unchanged) — a topic's
        and its subtopics' —, and no claim of it in a group that changed."""
        if self.previous is None:
            return False
        before, now = self.previous.corpus, self.corpus
        if before.experts is not now.experts or before.topics is not now.topics:
            return False
        keys = subtopics_of(now, key) if kind == "topic" else [key]  # a topic's page lists its subtopics' claims too
        return all(before.shapes.get(f"{kind}:{k}") == now.shapes[f"{kind}:{k}"] and k not in self._regrouped[kind]
                   for k in keys)

    @cached_property
    def _regrouped(self) -> dict[str, set[str]]:
        """The experts and topics with a claim in a group that is not the same object as before
        (match_claims keeps a group that did not change), now or in the previous views."""
        before, now = self.previous.matches.groups, self.matches.groups  # type: ignore[union-attr]
        kept = {id(g) for g in before} & {id(g) for g in now}
        found: dict[str, set[str]] = {"expert": set(), "topic": set()}
        for views, groups in ((self.previous, before), (self, now)):
            for group in groups:
                if id(group) not in kept:
                    for claim in filter(None, map(views.corpus.claim, group.refs)):  # type: ignore[union-attr]
                        found["expert"].add(claim.speaker)
                        found["topic"].update(claim.topics)
        return found

    def groups(self, layout: Layout, kind: str, whole: Layout | None = None) -> list[Group]:
        """The groups of a layout, or of the slice of the `whole` layout that one page shows, with
        their claims' views; `kind` says what groups them: 'topic' (an expert's page) or 'expert'
        (a topic's page)."""
        complete = {key: refs for _, key, refs in (whole if whole is not None else layout)}
        return [Group(title, self.urls.topic(key) if key and kind == "topic" else self.urls.expert(key) if key else "",
                      tuple(self.claim(ref) for ref in refs), group_anchor(kind, key), len(complete[key]),
                      refs[0] != complete[key][0], refs[-1] != complete[key][-1])
                for title, key, refs in layout]

    def topic_tree(self, parent: str | None = None) -> tuple[TreeNode, ...]:
        read("topic-tree")
        return tuple(
            TreeNode(self.topic(t), self.topic_tree(t)) for t in self.corpus.topic_children.get(parent, ())
        )

    def topic_path(self, topic_id: str) -> list[TopicView]:
        """The topic's ancestors, root first (for breadcrumbs)."""
        read("topic-tree")
        path = []
        parent = self.corpus.topics[topic_id].parent
        while parent is not None:
            path.insert(0, self.topic(parent))
            parent = self.corpus.topics[parent].parent
        return path

    def experts_a_to_z(self) -> list[ExpertView]:
        return sorted((self.expert(e) for e in self.expert_ids()), key=lambda e: (_sort_name(e), e.id))

    def claim_filters(self) -> ClaimFilters:
        read("filters")
        speakers, topics, outlets = filter_choices(self.corpus)
        return ClaimFilters(
            speakers=tuple(e for e in self.experts_a_to_z() if e.id in speakers),
            topics=tuple(sorted((self.topic(t) for t in topics), key=lambda t: (t.title.casefold(), t.id))),
            outlets=tuple(sorted(outlets, key=lambda o: (o.casefold(), o))),
        )


    # The numbers the pictures show (outputs/charts.py draws them).
    def claims_per_pair(self) -> Counter[tuple[str, str]]:
        """How many claims each expert made on each topic, by (expert id, topic id), as the topic's
        page lists them under the expert: the topic's and its subtopics' claims, a claim counted
        under each of its topics and standing once when several sources carry it."""
        counts: Counter[tuple[str, str]] = Counter()
        for topic_id in self.topic_ids():
            for _, expert_id, refs in self.topic_layout(topic_id):
                counts[expert_id, topic_id] = len(refs)
        return counts

    def claims_per_month(self, claims: Iterable[Claim] | None = None) -> Counter[str | None]:
        """How many of these claims (None: every claim) stand in articles of each month ('YYYY-MM';
        None: without a date). Reads the lists of those months' articles, not the articles: an
        article's title or description edited leaves it as it was."""
        if self._article_months is None:
            self._article_months = {slug: month for month, slugs in self._by_month().items() for slug in slugs}
        months: Counter[str | None] = Counter()
        for slug, count in self._claims_per_article(claims).items():
            months[self._article_months[slug]] += count
        for month in months:
            read(f"list:month:{month or 'undated'}")
        return months

    def claims_per_date(self, claims: Iterable[Claim] | None = None) -> tuple[Counter[dt.date], int]:
        """How many of these claims (None: every claim) stand in articles of each publication date,
        and how many in articles without one; reads the articles they stand in."""
        dates: Counter[dt.date] = Counter()
        undated = 0
        for slug, count in self._claims_per_article(claims).items():
            read(f"article:{slug}")
            published = self.corpus.articles[slug].published
            if published is None:
                undated += count
            else:
                dates[published] += count
        return dates, undated

    def _claims_per_article(self, claims: Iterable[Claim] | None) -> dict[str, int]:
        """How many of these claims each article holds (None: every claim, as the list of claims says)."""
        if claims is None:
            read("list:claims")
            return {slug: article.claim_count for slug, article in self.corpus.articles.items()}
        return Counter(claim.article for claim in claims)


def neutral_title(claims: list[ClaimView]) -> str:
    """A disputed claim's heading that takes no source's side: its speakers ('A or B') and
    topics ('on X and Y'), never one version's words."""
    speakers = list(dict.fromkeys(c.speaker.name for c in claims))
    topics = list(dict.fromkeys(t.title for c in claims for t in c.topics))
    return _listed(speakers, "or") + (f" on {_listed(topics, 'and')}" if topics else "")


def _listed(items: list[str], conjunction: str) -> str:
    """'A', 'A or B', 'A, B or C'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def quote_words(quote: str) -> tuple[str, ...]:
    """The quote's words as written, for showing side by side."""
    return tuple(quote.split())


def differing_words(versions: list[tuple[str, ...]]) -> list[tuple[bool, ...]]:
    """For each version, which of its words are not matched in every other version."""
    folded = [[" ".join(words_of(word)) for word in version] for version in versions]
    result = []
    for index, words in enumerate(folded):
        differs = [False] * len(words)
        for other_index, other in enumerate(folded):
            if other_index == index:
                continue
            matcher = difflib.SequenceMatcher(a=words, b=other, autojunk=False)
            for tag, start, end, _, _ in matcher.get_opcodes():
                if tag != "equal":
                    for position in range(start, end):
                        differs[position] = differs[position] or bool(words[position])
        result.append(tuple(differs))
    return result


def _name_parts(expert: ExpertView | Expert) -> tuple[str, str, str]:
    """(surname, the lower-case particles before it, given names) of a person ('Leyen', 'von der',
    'Ursula'; 'Silva', 'da', 'Luiz Inácio Lula'); an organisation's or a one-word name whole."""
    words = expert.name.split()
    if expert.kind == "organization" or len(words) < 2:
        return expert.name, "", ""
    start = len(words) - 1
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    return words[-1], " ".join(words[start:-1]), " ".join(words[:start])


def _sort_name(expert: ExpertView | Expert) -> str:
    """People sort by surname, organisations by their full name."""
    surname, particles, given = _name_parts(expert)
    return f"{surname} {given} {particles}".strip().casefold()


def _index_name(expert: ExpertView | Expert) -> str:
    """The name as an index lists it: 'Finaud, Marc' for a person, an organisation's as it is."""
    surname, particles, given = _name_parts(expert)
    return f"{surname}, {given} {particles}".strip() if given else surname


# The pictures: what outputs/charts.py draws, with the numbers of the table behind each.

@dataclass(frozen=True)
class MatrixCell:
    """How many claims one expert made on one topic, and where they are listed."""

    topic: TopicView
    claim_count: int
    url: str  # the topic's page, where it lists this expert's claims; '' when there are none


@dataclass(frozen=True)
class MatrixRow:
    """One expert's row of the matrix."""

    expert: ExpertView
    cells: tuple[MatrixCell, ...]  # one per topic of the matrix, in its order
    total: int  # their claims on the topics shown


@dataclass(frozen=True)
class MatrixView:
    """Who speaks about what: experts (rows, most claims first) × topics (columns, likewise)."""

    topics: tuple[TopicView, ...]
    rows: tuple[MatrixRow, ...]
    svg: Markup  # the picture; the rows and cells are its numbers
    expert_count: int  # experts with a claim on a topic, shown or not
    topic_count: int  # topics with a claim, shown or not
    complete: bool  # every such expert and topic is shown
    url: str  # the page of the whole matrix


@dataclass(frozen=True)
class TimelineBar:
    """The claims of one day or month."""

    date: str  # 'YYYY-MM-DD', or 'YYYY-MM' for a month
    label: str  # '15 Jan 2022', or 'Jan 2022'
    claim_count: int


@dataclass(frozen=True)
class TimelineView:
    """Claims by the publication date of their articles: per day over two months or less, else per month."""

    bars: tuple[TimelineBar, ...]  # the days or months with claims, oldest first
    by_month: bool
    total: int  # claims drawn
    undated: int  # claims in articles without a date, not drawn
    svg: Markup  # the picture ('' without dated claims)
