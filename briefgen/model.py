"""The briefing as complete, immutable objects related by id, and the Corpus that indexes them."""

from __future__ import annotations

import bisect
import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

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
    # when its language was told from its text (it declares none): a digest of what was looked at
    # (validate.told_from); a later check of the same finds the same, and need not tell it again
    told_from: str | None = None

    @property
    def claim_count(self) -> int:
        return len(self.claims)

    @cached_property
    def citing(self) -> tuple[Claim, ...]:
        """Its claims that say they are the same as another (`same_as`): found once, looked at by
        every build that keeps the article."""
        return tuple(claim for claim in self.claims if claim.same_as)


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
    # by outlet, how many of its articles hold claims (made from `previous`'s by what changed)
    outlets_with_claims: Mapping[str, int] = field(default_factory=dict, repr=False)
    # 'expert:<id>', 'topic:<id>': a token that stays the same object from one build on `previous`
    # to the next while the entry's claims keep their ids, speakers, topics and order (an edit of a
    # quote or a summary): what is made of that alone (a page's layout, the list's facts) stands
    shapes: Mapping[str, object] = field(default_factory=dict, repr=False)
    # … and one for the lists made of every article (their order, dates, languages and claims' ids);
    # tokens are texts, so that the build state can record them
    lists: str = field(default_factory=lambda: new_token(), repr=False)
    claim_count: int = 0

    @classmethod
    def build(cls, experts: list[Expert], topics: list[Topic], articles: list[Article],
              notes: list[Note] | None = None, previous: "Corpus | None" = None) -> "Corpus":
        """The corpus of these articles. Given the `previous` corpus (serve keeps it between
        saves), an index entry (an expert's or a topic's claims, a topic's articles) that no
        changed article touches is that corpus's own tuple, the same object: what is made from it
        can be known unchanged by identity. An article is unchanged when it is the same object."""
        ordered, in_place = _in_order(articles, previous)
        experts_by_id = {e.id: e for e in sorted(experts, key=lambda e: e.id)}
        topics_by_id = {t.id: t for t in sorted(topics, key=lambda t: t.id)}
        experts_now, topics_now = _frozen(experts_by_id), _frozen(topics_by_id)
        if previous is not None and previous.experts == experts_by_id and previous.topics == topics_by_id:
            # the same registries: the same mappings, so that what is made from them knows it at a glance
            before, experts_now, topics_now = previous, previous.experts, previous.topics
            changed = [a for a in ordered if previous.articles.get(a.slug) is not a]
            changed_slugs = {a.slug for a in changed} | (previous.articles.keys() - {a.slug for a in ordered})
            gone = [previous.articles[slug] for slug in changed_slugs if slug in previous.articles]
        else:  # every entry made anew
            before, changed, changed_slugs, gone = None, ordered, {a.slug for a in ordered}, []
        position = {a.slug: i for i, a in enumerate(ordered)}
        # the articles stand where they stood: an entry's items of a changed article are cut out and
        # put back where they were, the others not looked at
        rank = position.__getitem__ if before is not None and in_place else None

        def claims(articles: list[Article], keys_of: Callable[[Claim], Iterable[str]]) -> list[tuple[Iterable[str], Claim]]:
            return [(keys_of(c), c) for a in articles for c in a.claims]

        shapes = dict(before.shapes) if before else {}

        def claim_entries(kind: str, before: Mapping[str, tuple[Claim, ...]], keys_of: Callable[[Claim], Iterable[str]]):
            index, reshaped = _entries(before, claims(gone, keys_of), claims(changed, keys_of), changed_slugs,
                                       lambda c: position[c.article], lambda c: c.article, rank)
            for key in index:
                if key in reshaped or f"{kind}:{key}" not in shapes:
                    shapes[f"{kind}:{key}"] = new_token()
            return index

        by_expert = claim_entries("expert", before.claims_by_expert if before else {e: () for e in experts_by_id},
                                  lambda c: (c.speaker,))
        by_topic = claim_entries("topic", before.claims_by_topic if before else {t: () for t in topics_by_id},
                                 lambda c: c.topics)
        articles_by_topic, _ = _entries(before.articles_by_topic if before else {t: () for t in topics_by_id},
                                        [(_covered(a), a.slug) for a in gone], [(_covered(a), a.slug) for a in changed],
                                        changed_slugs, position.__getitem__, lambda slug: slug, rank)
        outlets = dict(before.outlets_with_claims) if before else {}
        for articles, step in ((gone, -1), (changed, 1)):
            for article in articles:
                if article.claims and article.outlet:
                    outlets[article.outlet] = outlets.get(article.outlet, 0) + step
        by_slug = {a.slug: a for a in ordered}
        notes_ordered = sorted(notes or [], key=lambda n: (-(n.date or dt.date.min).toordinal(), n.slug))
        notes_by_expert: dict[str, list[str]] = {e: [] for e in experts_by_id}
        notes_by_topic: dict[str, list[str]] = {t: [] for t in topics_by_id}
        for note in notes_ordered:
            cited = [c for ref in note.citations if (c := claim_by_ref(by_slug, ref)) is not None]
            for expert_id in dict.fromkeys(c.speaker for c in cited):
                notes_by_expert[expert_id].append(note.slug)
            for topic_id in dict.fromkeys([*note.topics, *(t for c in cited for t in c.topics)]):
                notes_by_topic[topic_id].append(note.slug)
        return cls(
            experts=experts_now,
            topics=topics_now,
            articles=_frozen(by_slug),
            claims_by_expert=_frozen(by_expert),
            claims_by_topic=_frozen(by_topic),
            articles_by_topic=_frozen(articles_by_topic),
            topic_children=_frozen(topic_children(topics)),
            notes=_frozen({n.slug: n for n in notes_ordered}),
            notes_by_expert=_frozen({k: tuple(v) for k, v in notes_by_expert.items()}),
            notes_by_topic=_frozen({k: tuple(v) for k, v in notes_by_topic.items()}),
            outlets_with_claims=_frozen({outlet: count for outlet, count in outlets.items() if count}),
            shapes=_frozen(shapes),
            lists=before.lists if before is not None and in_place and all(
                a.language == before.articles[a.slug].language
                and [c.id for c in a.claims] == [c.id for c in before.articles[a.slug].claims] for a in changed)
            else new_token(),
            claim_count=(before.claim_count + sum(len(a.claims) for a in changed) - sum(len(a.claims) for a in gone)
                         if before is not None else sum(len(a.claims) for a in ordered)),
        )

    def claims_between(self, start: int, end: int) -> list[Claim]:
        """The claims from the `start`th to before the `end`th, in corpus order (the articles before
        them counted, not looked into)."""
        found: list[Claim] = []
        at = 0
        for article in self.articles.values():
            count = article.claim_count
            if at + count > start and at < end:
                found.extend(article.claims[max(0, start - at):end - at])
            at += count
            if at >= end:
                break
        return found

    def claim(self, ref: str) -> Claim | None:
        return claim_by_ref(self.articles, ref)


def topic_children(topics: Iterable[Topic]) -> dict[str | None, tuple[str, ...]]:
    """Each topic's children (None: the roots), A–Z by title."""
    children: dict[str | None, list[str]] = {}
    for topic in sorted(topics, key=lambda t: (t.title.casefold(), t.id)):
        children.setdefault(topic.parent, []).append(topic.id)
    return {parent: tuple(ids) for parent, ids in children.items()}


def new_token() -> str:
    """A token no other has (Corpus.shapes, Corpus.lists)."""
    return os.urandom(12).hex()


def claim_by_ref(articles: Mapping[str, Article], ref: str) -> Claim | None:
    """The claim 'article-slug#claim-id' among these articles (by slug), if there is one."""
    slug, _, claim_id = ref.partition("#")
    article = articles.get(slug)
    return next((c for c in article.claims if c.id == claim_id), None) if article else None


def _in_order(articles: list[Article], previous: "Corpus | None") -> tuple[list[Article], bool]:
    """The articles newest first, and whether that is the previous corpus's order: when they are
    its articles, and those that changed stand where they stood (serve's save of one article's
    text or claims)."""
    if previous is not None and len(articles) == len(previous.articles):
        before = previous.articles
        if all(before.get(a.slug) is a or (a.slug in before and newest_first(before[a.slug]) == newest_first(a))
               for a in articles):
            now = {a.slug: a for a in articles}
            return [now[slug] for slug in before], True
    return sorted(articles, key=newest_first), False


def _covered(article: Article) -> tuple[str, ...]:
    """The topics an article is listed under: its own and its claims'."""
    return tuple(sorted({*article.topics, *(t for c in article.claims for t in c.topics)}))


def _entries(before: Mapping[str, tuple], gone: list[tuple[Iterable[str], Any]], added: list[tuple[Iterable[str], Any]],
             changed_slugs: set[str], order: Callable[[Any], Any], slug_of: Callable[[Any], str],
             rank: Callable[[str], int] | None = None) -> tuple[dict[str, tuple], set[str]]:
    """An index (key → items in corpus order) made from the one `before`: an entry that an item
    of a changed or removed article touched, as it was (`gone`) or as it is (`added`, each with
    its keys), is made again — its items of unchanged articles kept, the new ones put in their
    places; every other entry is the same tuple. Given the `rank` of each article (when they all
    stand where they stood in `before`), a changed article's items are found by bisection and
    replaced where they stand, the entry's other items not looked at. Also the keys of the
    entries made again whose items are not those before in the same order, as _shape sees them."""
    touched: dict[str, list] = {}
    slugs: dict[str, set[str]] = {}
    for keys, item in gone:
        for key in keys:
            touched.setdefault(key, [])
            slugs.setdefault(key, set()).add(slug_of(item))
    for keys, item in added:
        for key in keys:
            touched.setdefault(key, []).append(item)
            slugs.setdefault(key, set()).add(slug_of(item))
    index = dict(before)
    reshaped: set[str] = set()
    for key, items in touched.items():
        entry = before.get(key, ())
        if rank is None:
            kept = [item for item in entry if slug_of(item) not in changed_slugs]
            index[key] = tuple(sorted(kept + items, key=order))
            reshaped.add(key)
            continue
        items.sort(key=order)
        for slug in slugs[key]:
            place = rank(slug)
            start = bisect.bisect_left(entry, place, key=lambda item: rank(slug_of(item)))
            end = bisect.bisect_right(entry, place, lo=start, key=lambda item: rank(slug_of(item)))
            now = [item for item in items if slug_of(item) == slug]
            if list(map(_shape, entry[start:end])) != list(map(_shape, now)):
                reshaped.add(key)
            entry = _spliced(entry, start, end, now)
        index[key] = entry
    return index, reshaped


class Spliced(Sequence):
    """An entry with the items between `start` and `end` of another (`base`, one read when looked
    into: engine.recorded.RecordedEntry) put in place by `now`, the others looked up in `base`
    only when looked at: an edit of an article whose expert has 3,000 claims makes none of them."""

    __slots__ = ("base", "start", "end", "now")

    def __init__(self, base: Sequence, start: int, end: int, now: tuple):
        self.base, self.start, self.end, self.now = base, start, end, now

    def __len__(self) -> int:
        return len(self.base) - (self.end - self.start) + len(self.now)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index < self.start:
            return self.base[index]
        if index < self.start + len(self.now):
            return self.now[index - self.start]
        return self.base[index - len(self.now) + (self.end - self.start)]

    def __iter__(self):
        items = tuple(self.base)
        return iter((*items[:self.start], *self.now, *items[self.end:]))

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) and not isinstance(other, str) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:  # as the tuple's (what a fact's digest is made of)
        return repr(tuple(self))


def _spliced(entry: Sequence, start: int, end: int, now: list) -> Sequence:
    """The entry with its items from `start` to `end` replaced by `now`: a tuple, unless the entry
    is read only when looked into (then a Spliced, which reads no more of it than is looked at)."""
    if isinstance(entry, tuple) or isinstance(entry, Spliced):
        return (*entry[:start], *now, *entry[end:])
    return Spliced(entry, start, end, tuple(now))


def _shape(item: Any) -> Any:
    """What an index's item is to the lists and layouts made of it: a claim's reference, speaker
    and topics (not its words); an article's slug."""
    return item if isinstance(item, str) else (item.ref, item.speaker, item.topics)
