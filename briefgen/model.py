"""The briefing as complete, immutable objects related by id, and the Corpus that indexes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from .errors import Location

if TYPE_CHECKING:  # a no-op build reads the state without loading Markdown
    from .markdown import Document

CLAIM_KINDS = ("direct", "paraphrase")
EXPERT_KINDS = ("person", "organization", "official")


@dataclass(frozen=True)
class Expert:
    id: str
    name: str
    affiliation: str | None
    role: str | None
    kind: str
    aliases: tuple[str, ...]
    url: str | None
    location: Location


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str | None
    parent: str | None
    location: Location


@dataclass(frozen=True)
class Claim:
    id: str
    article: str  # slug of the article it stands in
    number: int  # 1-based order of the claim in its article's text
    speaker: str  # expert id
    quote: str
    kind: str
    topics: tuple[str, ...]
    summary: str | None
    note: str | None
    same_as: str | None
    spans: tuple[tuple[int, int], ...]  # where the quote stands in the article's plain text
    location: Location

    @cached_property
    def ref(self) -> str:
        """The claim's reference, as notes and `same_as` cite it: 'article-slug#claim-id'."""
        return f"{self.article}#{self.id}"


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    outlet: str | None
    url: str | None
    published: dt.date | None
    description: str | None
    topics: tuple[str, ...]
    language: str | None
    draft: bool
    claims: tuple[Claim, ...]  # in the order they stand in the text
    document: Document | None  # kept only when its HTML cannot be kept instead (see body)
    location: Location
    body: str | None = None  # its HTML with places for the claims' marks (markdown.body_with_places)
    text: str = ""  # the plain text a reader sees (Document.text): claims' spans stand in it


@dataclass(frozen=True)
class Note:
    """An analyst's note, citing claims by reference ('article-slug#claim-id')."""

    slug: str
    title: str
    date: dt.date | None
    topics: tuple[str, ...]
    summary: str | None
    citations: tuple[str, ...]  # the claims it cites, in order, each once
    document: Document
    location: Location


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


def month_of(article: Article) -> str | None:
    """The month the article was published in, 'YYYY-MM' (None without a date)."""
    return article.published.isoformat()[:7] if article.published else None


def newest_first(article: Article) -> tuple:
    return (-(article.published or dt.date.min).toordinal(), article.title.casefold(), article.slug)


@dataclass(frozen=True)
class Corpus:
    """Everything validated, with indexes built once: claims by expert, by topic, by article."""

    experts: Mapping[str, Expert]
    topics: Mapping[str, Topic]
    articles: Mapping[str, Article]  # newest first
    claims_by_expert: Mapping[str, tuple[Claim, ...]] = field(repr=False)
    claims_by_topic: Mapping[str, tuple[Claim, ...]] = field(repr=False)
    articles_by_topic: Mapping[str, tuple[str, ...]] = field(repr=False)
    topic_children: Mapping[str | None, tuple[str, ...]] = field(repr=False)
    notes: Mapping[str, Note] = field(default_factory=dict)  # newest first
    notes_by_expert: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    notes_by_topic: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, experts: list[Expert], topics: list[Topic], articles: list[Article],
              notes: list[Note] | None = None) -> "Corpus":
        ordered = sorted(articles, key=newest_first)
        by_expert: dict[str, list[Claim]] = {e.id: [] for e in experts}
        by_topic: dict[str, list[Claim]] = {t.id: [] for t in topics}
        articles_by_topic: dict[str, list[str]] = {t.id: [] for t in topics}
        for article in ordered:
            covered = set(article.topics)
            for claim in article.claims:
                by_expert[claim.speaker].append(claim)
                for topic in claim.topics:
                    by_topic[topic].append(claim)
                covered.update(claim.topics)
            for topic in sorted(covered):
                articles_by_topic[topic].append(article.slug)
        children: dict[str | None, list[str]] = {}
        for topic in sorted(topics, key=lambda t: (t.title.casefold(), t.id)):
            children.setdefault(topic.parent, []).append(topic.id)
        claims = {c.ref: c for a in ordered for c in a.claims}
        notes_ordered = sorted(notes or [], key=lambda n: (-(n.date or dt.date.min).toordinal(), n.slug))
        notes_by_expert: dict[str, list[str]] = {e.id: [] for e in experts}
        notes_by_topic: dict[str, list[str]] = {t.id: [] for t in topics}
        for note in notes_ordered:
            cited = [claims[ref] for ref in note.citations if ref in claims]
            for expert_id in dict.fromkeys(c.speaker for c in cited):
                notes_by_expert[expert_id].append(note.slug)
            for topic_id in dict.fromkeys([*note.topics, *(t for c in cited for t in c.topics)]):
                notes_by_topic[topic_id].append(note.slug)
        return cls(
            experts=_frozen({e.id: e for e in sorted(experts, key=lambda e: e.id)}),
            topics=_frozen({t.id: t for t in sorted(topics, key=lambda t: t.id)}),
            articles=_frozen({a.slug: a for a in ordered}),
            claims_by_expert=_frozen({k: tuple(v) for k, v in by_expert.items()}),
            claims_by_topic=_frozen({k: tuple(v) for k, v in by_topic.items()}),
            articles_by_topic=_frozen({k: tuple(v) for k, v in articles_by_topic.items()}),
            topic_children=_frozen({k: tuple(v) for k, v in children.items()}),
            notes=_frozen({n.slug: n for n in notes_ordered}),
            notes_by_expert=_frozen({k: tuple(v) for k, v in notes_by_expert.items()}),
            notes_by_topic=_frozen({k: tuple(v) for k, v in notes_by_topic.items()}),
        )

    def claims(self) -> list[Claim]:
        return [claim for article in self.articles.values() for claim in article.claims]

    def claim(self, ref: str) -> Claim | None:
        slug, _, claim_id = ref.partition("#")
        article = self.articles.get(slug)
        return next((c for c in article.claims if c.id == claim_id), None) if article else None
