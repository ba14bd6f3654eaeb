"""Plain view objects for templates, built once from the Corpus: names, counts and URLs, no loader data."""

from __future__ import annotations

import datetime as dt
import difflib
import weakref
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from .match import Matches, words_of
from .model import Article, Claim, Corpus
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
    claim_count: int
    article_count: int


@dataclass(frozen=True)
class TopicView:
    id: str
    title: str
    url: str
    description: str
    parent_id: str | None
    claim_count: int
    article_count: int


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
    topics: tuple[TopicView, ...]
    claim_count: int
    expert_count: int


@dataclass(frozen=True)
class NoteView:
    slug: str
    title: str
    url: str
    date: str  # ISO date or ''
    date_display: str
    summary: str
    topics: tuple[TopicView, ...]
    citation_count: int


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
    speaker: ExpertView
    topics: tuple[TopicView, ...]
    article: ArticleView
    copies: tuple[CopyView, ...]  # the same claim in other articles ("also reported by")
    group: str  # id of its matched group, '' when it stands alone
    conflicts: tuple[str, ...]  # how the sources disagree about it
    conflict_url: str  # its entry on the discrepancies page, '' without conflicts


@dataclass(frozen=True)
class VariantView:
    """One source's version of a disputed claim, its words marked where they differ from the others."""

    claim: ClaimView
    words: tuple[tuple[str, bool], ...]  # (word, differs from the other versions)


@dataclass(frozen=True)
class DiscrepancyView:
    id: str
    title: str
    conflicts: tuple[str, ...]
    variants: tuple[VariantView, ...]


@dataclass(frozen=True, eq=False)
class Group:
    """Claims under one heading (a topic on an expert page, an expert on a topic page)."""

    title: str
    url: str
    claims: tuple[ClaimView, ...]


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
            frozenset(a.outlet for a in corpus.articles.values() if a.claims and a.outlet))


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


def regroup(grouped: list[tuple["Group", ClaimView]]) -> list["Group"]:
    """Claims that were grouped, then cut into pages, grouped again within their page."""
    return [Group(group.title, group.url, tuple(claim for _, claim in members))
            for group, members in groupby(grouped, key=lambda pair: pair[0])]


@dataclass(frozen=True)
class TreeNode:
    topic: TopicView
    children: tuple["TreeNode", ...]


class Views:
    """Every view of the corpus, made once and shared by all pages."""

    def __init__(self, corpus: Corpus, matches: Matches, urls: Urls, previous: "Views | None" = None,
                 touched: set[str] = frozenset()):  # type: ignore[assignment]
        """With the `previous` views (of the corpus before some articles or claims changed: `touched`
        holds their slugs and refs), each view that would come out the same is reused, not made again."""
        self.corpus = corpus
        self.matches = matches
        self.urls = urls
        self.experts = {
            e.id: ExpertView(
                id=e.id, name=e.name, url=urls.expert(e.id), affiliation=e.affiliation or "",
                role=e.role or "", kind=e.kind, aliases=e.aliases, homepage=e.url or "",
                claim_count=len(corpus.claims_by_expert[e.id]),
                article_count=len({c.article for c in corpus.claims_by_expert[e.id]}),
            )
            for e in corpus.experts.values()
        }
        self.topics = {
            t.id: TopicView(
                id=t.id, title=t.title, url=urls.topic(t.id), description=t.description or "",
                parent_id=t.parent, claim_count=len(corpus.claims_by_topic[t.id]),
                article_count=len(corpus.articles_by_topic[t.id]),
            )
            for t in corpus.topics.values()
        }
        self.previous = previous
        self.touched = set(touched)
        if previous is not None:  # which experts' and topics' views differ from the previous ones
            self.changed_experts = {k for k, view in self.experts.items() if previous.experts.get(k) != view}
            self.changed_topics = {k for k, view in self.topics.items() if previous.topics.get(k) != view}
        self.articles = {a.slug: self._article(a) for a in corpus.articles.values()}
        self.notes = {
            n.slug: NoteView(
                slug=n.slug, title=n.title, url=urls.note(n.slug), date=n.date.isoformat() if n.date else "",
                date_display=display_date(n.date), summary=n.summary or "",
                topics=tuple(self.topics[t] for t in n.topics), citation_count=len(n.citations),
            )
            for n in corpus.notes.values()
        }
        self.claims = _ClaimViews(self)  # made when first asked for: a page shows few of them

    def _article(self, article: Article) -> ArticleView:
        if (self.previous is not None and article.slug not in self.touched and article.slug in self.previous.articles
                and not self.changed_topics.intersection(article.topics)):
            return self.previous.articles[article.slug]
        return ArticleView(
            slug=article.slug, title=article.title, url=self.urls.article(article.slug),
            outlet=article.outlet or "", source_url=article.url or "",
            published=article.published.isoformat() if article.published else "",
            published_display=display_date(article.published), description=article.description or "",
            language=article.language or "", draft=article.draft,
            topics=tuple(self.topics[t] for t in article.topics),
            claim_count=len(article.claims), expert_count=len({c.speaker for c in article.claims}),
        )

    def _claim(self, claim: Claim) -> ClaimView:
        group = self.matches.group_of.get(claim.ref)
        copies = tuple(
            CopyView(self.articles[other.article], self.experts[other.speaker], other.kind,
                     self.urls.claim(other.article, other.id))
            for other in (self.corpus.claim(ref) for ref in self.matches.others(claim.ref)) if other is not None
        )
        conflicts = tuple(c.message for c in group.conflicts) if group else ()
        return ClaimView(
            id=claim.id, ref=claim.ref, anchor=f"claim-{claim.id}", number=claim.number, quote=claim.quote,
            kind=claim.kind, summary=claim.summary or "", note=claim.note or "",
            url=self.urls.claim(claim.article, claim.id), speaker=self.experts[claim.speaker],
            topics=tuple(self.topics[t] for t in claim.topics), article=self.articles[claim.article],
            copies=copies, group=group.id if group else "", conflicts=conflicts,
            conflict_url=self.urls.discrepancy(group.id) if conflicts and group else "",
        )

    def claims_of(self, claims: tuple[Claim, ...] | list[Claim]) -> list[ClaimView]:
        return [self.claims[c.ref] for c in claims]

    def once_per_group(self, claims: list[ClaimView]) -> list[ClaimView]:
        """Each matched claim once (its newest copy, which lists the others), the rest as they are."""
        seen: set[str] = set()
        result = []
        for claim in claims:
            if claim.group and claim.group in seen:
                continue
            seen.add(claim.group)
            result.append(claim)
        return result

    def discrepancies(self) -> list[DiscrepancyView]:
        """Every matched claim whose sources disagree, each source's words marked where they differ."""
        result = []
        for group in self.matches.conflicted:
            claims = [self.claims[ref] for ref in group.refs]
            words = [quote_words(c.quote) for c in claims]
            differing = differing_words(words)
            title = next((c.summary for c in reversed(claims) if c.summary), claims[-1].quote)
            result.append(DiscrepancyView(
                id=group.id, title=title, conflicts=tuple(c.message for c in group.conflicts),
                variants=tuple(VariantView(c, tuple(zip(w, d))) for c, w, d in zip(claims, words, differing)),
            ))
        return result

    def expert_groups(self, expert_id: str) -> list[Group]:
        """An expert's claims grouped by their first topic (A–Z, untagged last), newest first within
        each; a claim stands once, its other topics shown on it."""
        claims = self.once_per_group(self.claims_of(self.corpus.claims_by_expert[expert_id]))
        by_topic: dict[str | None, list[ClaimView]] = {}
        for claim in claims:
            by_topic.setdefault(claim.topics[0].id if claim.topics else None, []).append(claim)
        ordered = sorted((k for k in by_topic if k), key=lambda k: self.topics[k].title.casefold())
        groups = [Group(self.topics[k].title, self.topics[k].url, tuple(by_topic[k])) for k in ordered]
        if None in by_topic:
            groups.append(Group("Other claims", "", tuple(by_topic[None])))
        return groups

    def topic_groups(self, topic_id: str) -> list[Group]:
        """A topic's claims grouped by expert (A–Z by name), newest first within each."""
        claims = sorted(self.once_per_group(self.claims_of(self.corpus.claims_by_topic[topic_id])),
                        key=lambda c: (c.speaker.name.casefold(), c.speaker.id))
        return [
            Group(speaker.name, speaker.url, tuple(group))
            for speaker, group in groupby(claims, key=lambda c: c.speaker)
        ]

    def topic_tree(self, parent: str | None = None) -> tuple[TreeNode, ...]:
        return tuple(
            TreeNode(self.topics[t], self.topic_tree(t)) for t in self.corpus.topic_children.get(parent, ())
        )

    def topic_path(self, topic_id: str) -> list[TopicView]:
        """The topic's ancestors, root first (for breadcrumbs)."""
        path = []
        parent = self.corpus.topics[topic_id].parent
        while parent is not None:
            path.insert(0, self.topics[parent])
            parent = self.corpus.topics[parent].parent
        return path

    def experts_a_to_z(self) -> list[ExpertView]:
        return sorted(self.experts.values(), key=lambda e: (_sort_name(e), e.id))

    @cached_property
    def claim_filters(self) -> ClaimFilters:
        speakers, topics, outlets = filter_choices(self.corpus)
        return ClaimFilters(
            speakers=tuple(e for e in self.experts_a_to_z() if e.id in speakers),
            topics=tuple(sorted((self.topics[t] for t in topics), key=lambda t: (t.title.casefold(), t.id))),
            outlets=tuple(sorted(outlets, key=lambda o: (o.casefold(), o))),
        )


class _ClaimViews(dict):
    """Claim views by ref, each made the first time it is looked up."""

    def __init__(self, views: Views):
        super().__init__()
        self.views = weakref.ref(views)  # not a cycle: views are let go of at once when replaced

    def __missing__(self, ref: str) -> ClaimView:
        views = self.views()
        claim = views.corpus.claim(ref) if views is not None else None
        if claim is None:
            raise KeyError(ref)
        view = self[ref] = self._reused(claim) or views._claim(claim)
        return view

    def _reused(self, claim: Claim) -> ClaimView | None:
        """The previous views' view of the claim, when nothing it shows has changed."""
        views = self.views()
        if views is None or views.previous is None or claim.article in views.touched or claim.ref in views.touched:
            return None
        old = views.previous.claims.get(claim.ref)  # only one made already: get() makes none
        if (old is None or claim.speaker in views.changed_experts or views.changed_topics.intersection(claim.topics)
                or views.articles[claim.article] is not old.article):
            return None
        if any(c.article.slug in views.touched or c.article is not views.articles[c.article.slug]
               or c.speaker.id in views.changed_experts for c in old.copies):
            return None
        return old


def shown_keys(value: object, found: set[str] | None = None) -> set[str]:
    """What a page's context shows of the content: the slug of every article and the ref of every
    claim whose data it holds — what it depends on besides the registries and the settings."""
    found = set() if found is None else found
    if isinstance(value, ArticleView):
        found.add(value.slug)
    elif isinstance(value, ClaimView):
        found.add(value.ref)
        found.add(value.article.slug)
        found.update(copy.article.slug for copy in value.copies)
    elif isinstance(value, Group):
        for claim in value.claims:
            shown_keys(claim, found)
    elif isinstance(value, DiscrepancyView):
        for variant in value.variants:
            shown_keys(variant.claim, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            shown_keys(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            shown_keys(item, found)
    return found


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


def _sort_name(expert: ExpertView) -> str:
    """People sort by surname, organisations by their full name."""
    words = expert.name.split()
    if expert.kind != "organization" and len(words) > 1:
        return f"{words[-1]} {' '.join(words[:-1])}".casefold()
    return expert.name.casefold()
