"""The last build's articles and corpus as the build state records them, read only where a build
looks: `briefgen build` after an edit of one article of ten thousand reads the few it touches,
not every one (serve keeps its last build in memory instead).

- RecordedArticle stands for an Article: what every build looks at (slug, title, date, language,
  outlet, draft, how many claims and how many cite another) is in its row's columns; its outline
  (url, description, topics, its claims as the pages and data files that list them show them:
  ids, speakers, kinds, topics and words) and then the whole of it (its text, its claims' places
  in it) are read when first asked for.
- RecordedClaim stands for a Claim: its article, id, speaker and topics as recorded, the rest of
  what its article's outline holds read with that, and its place in the text with the whole.
- RecordedEntry stands for an entry of the corpus's indexes (an expert's or a topic's claims, a
  topic's articles: a tuple), read when first looked into; its length known without.

Each gives the values of the object it stands for, checked as read (a value of the wrong type,
or a whole article that disagrees with its columns, is a StateError: the build is then a full
one). `whole()` gives the model's own object."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

if TYPE_CHECKING:
    from ..model import Article, Claim


class StateError(ValueError):
    """The state is not as this briefgen writes it."""


class Source:
    """What recorded objects read from: the state, while the build that made them runs."""

    def outline(self, slug: str) -> dict:
        raise NotImplementedError

    def article(self, slug: str) -> "Article":
        raise NotImplementedError

    def entry(self, key: str) -> list[str]:
        """An entry's items, each its line as recorded (made an item by the entry's `item_of`)."""
        raise NotImplementedError


# The checks of what the state holds as it is read (state.py's too): a value not of its kind is a StateError.
def expect(value: object, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise StateError(f"expected {kind}, found {type(value).__name__}")
    return value


def text_or_none(value: object) -> str | None:
    return None if value is None else expect(value, str)


def texts(value: object) -> tuple[str, ...]:
    if type(value) is not list or not all(type(item) is str for item in value):
        raise StateError("expected a list of texts")
    return tuple(value)


class RecordedArticle:
    """An article as the state records it (see the module's docstring)."""

    __slots__ = ("slug", "title", "published", "language", "outlet", "draft", "claim_count", "citing_count",
                 "told_from", "_source", "_outline", "_whole")

    def __init__(self, source: Source, slug: str, title: str, published: str | None, language: str | None,
                 outlet: str | None, draft: int, claim_count: int, citing_count: int, told_from: str | None):
        # (values of these types: the state's query checks them, for all the rows at once)
        self.slug, self.title, self.language, self.outlet = slug, title, language, outlet
        self.published = dt.date.fromisoformat(published) if published is not None else None
        self.draft, self.claim_count, self.citing_count = bool(draft), claim_count, citing_count
        self.told_from = told_from
        self._source = source
        self._outline: dict | None = None
        self._whole: Article | None = None

    def __getattr__(self, name: str) -> Any:  # what the columns do not hold
        if name in OUTLINE:
            return self.outline()[name]
        return getattr(self.whole(), name)

    def outline(self) -> dict:
        if self._outline is None:
            data = expect(self._source.outline(self.slug), dict)
            try:
                claims = tuple(RecordedClaim.of(self.slug, shape, self) for shape in expect(data["claims"], list))
                outline = {"url": text_or_none(data["url"]), "description": text_or_none(data["description"]),
                           "topics": texts(data["topics"]), "claims": claims}
            except KeyError:
                raise StateError(f"article {self.slug}: an outline without all its fields") from None
            if len(claims) != self.claim_count or sum(1 for c in claims if c.same_as) != self.citing_count:
                raise StateError(f"article {self.slug}: its outline disagrees with its columns")
            self._outline = outline
        return self._outline

    @property
    def citing(self) -> tuple:
        return tuple(claim for claim in self.claims if claim.same_as) if self.citing_count else ()

    def whole(self) -> "Article":
        """The article itself, read whole (once)."""
        if self._whole is None:
            article = self._source.article(self.slug)
            if (article.slug, article.title, article.published, article.language, article.outlet, article.draft,
                    len(article.claims), article.told_from) != (self.slug, self.title, self.published, self.language,
                                                                self.outlet, self.draft, self.claim_count,
                                                                self.told_from):
                raise StateError(f"article {self.slug}: its record disagrees with its columns")
            self._whole = article
        return self._whole

    def claim(self, claim_id: str, whole: bool = True) -> Any:
        """One of its claims: read whole, or as its outline holds it."""
        for claim in self.whole().claims if whole else self.outline()["claims"]:
            if claim.id == claim_id:
                return claim
        raise StateError(f"article {self.slug} has no claim {claim_id} in its record")


OUTLINE = frozenset({"url", "description", "topics", "claims"})


SHAPED = ("number", "kind", "same_as", "quote", "summary", "note")  # what an outline holds of a claim beyond an entry's


class RecordedClaim:
    """A claim as the state records it (see the module's docstring)."""

    __slots__ = ("article", "id", "speaker", "topics", "ref", *SHAPED, "_owner")

    def __init__(self, article: str, claim_id: str, speaker: str, topics: tuple[str, ...], owner: RecordedArticle):
        self.article, self.id, self.speaker, self.topics = article, claim_id, speaker, topics
        self.ref, self._owner = f"{article}#{claim_id}", owner

    @classmethod
    def of(cls, slug: str, shape: object, owner: RecordedArticle) -> "RecordedClaim":
        """A claim of the article `slug` from its recorded shape in the article's outline (claim_shape)."""
        if type(shape) is not list or len(shape) != 9 or type(shape[1]) is not int:
            raise StateError("a claim's shape that is not [id, number, speaker, kind, topics, same_as, quote, summary, note]")
        claim = cls(slug, expect(shape[0], str), expect(shape[2], str), texts(shape[4]), owner)
        claim.number, claim.kind, claim.quote = shape[1], expect(shape[3], str), expect(shape[6], str)
        claim.same_as, claim.summary, claim.note = text_or_none(shape[5]), text_or_none(shape[7]), text_or_none(shape[8])
        return claim

    def __getattr__(self, name: str) -> Any:
        # a claim of an entry has the rest of its shape in its article's outline; every claim its
        # spans and place in its article's whole record
        return getattr(self._owner.claim(self.id, whole=name not in SHAPED), name)


def claim_shape(claim: "Claim") -> list:
    """What a RecordedClaim of an article's outline is made from (the article it stands in aside):
    what the pages and data files that list claims show of one, not its place in the text."""
    return [claim.id, claim.number, claim.speaker, claim.kind, list(claim.topics), claim.same_as,
            claim.quote, claim.summary, claim.note]


def entry_item(claim: "Claim") -> list:
    """What a RecordedClaim of an index entry is made from: what the entry's shape token stands for
    (model.Corpus.shapes), no more."""
    return [claim.article, claim.id, claim.speaker, list(claim.topics)]


class RecordedEntry(Sequence):
    """An entry of the corpus's indexes as the state records it: a tuple, read when first looked
    into. Given `item_of`, what `read` gives is the recorded items as plain data (a line of JSON
    each), each made an item when looked at: an edit that puts its article's claims in the place of their old ones finds
    that place by bisection, and makes only the items it looks at (model.Spliced)."""

    __slots__ = ("key", "count", "_read", "_item_of", "_recorded", "_items")

    def __init__(self, key: str, count: int, read: Callable[[], Any], item_of: Callable[[object], Any] | None = None):
        if type(count) is not int:
            raise StateError("an entry's count that is not a number")
        self.key, self.count, self._read, self._item_of = key, count, read, item_of
        self._recorded: list | None = None
        self._items: tuple | None = None

    def _as_recorded(self) -> list:
        if self._recorded is None:
            recorded = self._read()
            if type(recorded) is not list or len(recorded) != self.count:
                raise StateError(f"entry {self.key}: not a list of {self.count} items")
            self._recorded = recorded
        return self._recorded

    def items(self) -> tuple:
        if self._items is None:
            items = tuple(map(self._item_of, self._as_recorded())) if self._item_of is not None else self._read()
            if len(items) != self.count:
                raise StateError(f"entry {self.key}: {len(items)} items, recorded as {self.count}")
            self._items = items
        return self._items

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __getitem__(self, index):
        if self._items is not None or self._item_of is None:
            return self.items()[index]
        if isinstance(index, slice):
            return tuple(map(self._item_of, self._as_recorded()[index]))
        return self._item_of(self._as_recorded()[index])

    def __iter__(self) -> Iterator:
        return iter(self.items())

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) and not isinstance(other, str) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:  # what a fact's digest is made of: as the tuple's
        return repr(self.items())


class RecordedLayout(RecordedEntry):
    """A page's layout (views.Layout) as the state records it: how many claims it shows known
    without reading it."""

    __slots__ = ("shown",)

    def __init__(self, key: str, count: int, shown: int, read: Callable[[], tuple]):
        super().__init__(key, count, read)
        if type(shown) is not int:
            raise StateError("a layout's count that is not a number")
        self.shown = shown


def whole(article: "Article") -> "Article":
    """The model's article for one that may be recorded."""
    return article.whole() if isinstance(article, RecordedArticle) else article


def _item(line: str) -> object:
    """An item of an entry from its line as the state records it (the item in JSON)."""
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        raise StateError("an entry's item that is not JSON") from None


def entry_claim(articles: Mapping[str, Any], line: str) -> "RecordedClaim":
    """One claim of an entry from its line in the state: [slug, id, speaker, topics] (entry_item;
    checked inline: an entry holds thousands)."""
    item = _item(line)
    if type(item) is not list or len(item) != 4:
        raise StateError("an entry's claim that is not [slug, id, speaker, topics]")
    slug, claim_id, speaker, topics = item
    owner = articles.get(slug)
    if (type(owner) is not RecordedArticle or type(claim_id) is not str or type(speaker) is not str
            or type(topics) is not list or not all(type(t) is str for t in topics)):
        raise StateError("an entry's claim of the wrong shape, or of an article not recorded")
    return RecordedClaim(slug, claim_id, speaker, tuple(topics), owner)


def entry_slug(line: str) -> str:
    return expect(_item(line), str)
