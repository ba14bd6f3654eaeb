"""The state kept between builds in .briefgen-cache/state.sqlite, as plain data only: text and
numbers in SQLite columns, JSON inside some of them — never pickled objects, nothing that names
code to run. What it holds: each article's files as last seen (size, time), each article as
checked (its fields and claims as JSON, its plain text apart, its problems, its facts), the
hash of every other fact, every output with the facts it read (and the texts it keeps for its
next making, Output.keeps: a search shard's pages as indexed, in JSON), and the match index (each
claim's language, day and words, its runs of words and pairs of terms by number, the pairs of
claims found the same, each marked as the same words or the same in other words), which an
edit's build reads only where the edit touched it.

Read back, everything is checked for type and shape; a state that does not parse, comes from
another briefgen or another project or output folder, or says it was left in the middle of
writing the site (`incomplete`, set before an incremental build writes and cleared once it has
recorded what it wrote) is discarded: the build is then a full one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from pathlib import Path
import threading
from functools import partial
from typing import TYPE_CHECKING, AbstractSet, Callable, Collection, Iterable, Iterator, Mapping, NamedTuple

from .. import __version__
from ..config import SiteConfig
from ..errors import Diagnostic, Location
from ..timings import stage
from .recorded import (RecordedArticle, RecordedEntry, RecordedLayout, Source, StateError, claim_shape, entry_claim,
                       entry_item, entry_slug, whole)
from .recorded import expect as _expect, text_or_none as _text_or_none, texts as _texts
from .scan import CACHE_DIR, FORMAT, Scan, Stat, file_version, make_folder, output_marker

if TYPE_CHECKING:
    from ..model import Article, Corpus
    from ..match import Matches, MatchIndex, Pair, Said
    from ..views import Layout, Views
    from .facts import Memo
    from .build import Made

DATABASE = "state.sqlite"


def location_data(location: Location) -> list:
    return [location.path, location.line, location.col]


def location_of(data: object) -> Location:
    if type(data) is not list or len(data) != 3 or type(data[0]) is not str or type(data[1]) is not int \
            or type(data[2]) is not int:
        raise StateError("a location that is not [path, line, column]")
    return Location(*data)


def diagnostic_data(d: Diagnostic) -> list:
    return [d.severity, d.code, location_data(d.location), d.message]


def diagnostic_of(data: object) -> Diagnostic:
    severity, code, location, message = _expect(data, list)  # type: ignore[misc]
    if severity not in ("error", "warning", "info"):
        raise StateError("unknown severity")
    return Diagnostic(severity, _expect(code, str), location_of(location), _expect(message, str))  # type: ignore[arg-type]


def _all_of_type(db: sqlite3.Connection, table: str, **columns: str) -> None:
    """That every row of a table read whole holds values of these types in these columns (SQLite's
    names: 'text', 'integer', 'text null': a text or none): one query SQLite answers from its
    index, not a check in Python of each of tens of thousands of values. (STRICT tables refuse a
    value of another type, but a file made by another program may hold one.)"""
    wrong = " OR ".join(f"typeof({column}) NOT IN ({', '.join(repr(t) for t in kinds.split())})"
                        for column, kinds in columns.items())
    if db.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {wrong})").fetchone()[0]:
        raise StateError(f"a value of the wrong type in the table {table}")


def _diagnostics(data: object) -> list[Diagnostic]:
    if data == "[]":
        return []
    return [diagnostic_of(d) for d in _expect(json.loads(_expect(data, str)), list)]  # type: ignore


def _facts_data(data: object) -> dict[str, str]:
    value = _expect(json.loads(_expect(data, str)), dict)  # type: ignore[arg-type]
    if not all(type(v) is str for v in value.values()):  # (a JSON object's keys are texts)
        raise StateError("a fact's hash that is not a text")
    return value  # type: ignore[return-value]


def article_row(slug: str, k: Kept) -> tuple:
    """An article's row: what every build reads of it (its columns, its problems), its facts, its
    outline, all of it as checked and its text (see recorded.RecordedArticle)."""
    a = whole(k.article)
    outline = {"url": a.url, "description": a.description, "topics": list(a.topics),
               "claims": [claim_shape(c) for c in a.claims]}
    return (slug, a.title, a.published.isoformat() if a.published else None, a.language, a.outlet, int(a.draft),
            len(a.claims), len(a.citing), a.told_from, json.dumps([diagnostic_data(d) for d in k.diagnostics], ensure_ascii=False),
            json.dumps(k.facts), json.dumps(outline, ensure_ascii=False), json.dumps(article_data(a), ensure_ascii=False),
            a.text)


def corpus_data(corpus: Corpus) -> str:
    """What State.corpus reads back besides the indexes' entries."""
    return json.dumps({
        "order": list(corpus.articles), "lists": corpus.lists, "outlets": dict(corpus.outlets_with_claims),
        "claims": corpus.claim_count,
        "notes": {f"{kind}:{key}": list(slugs) for kind, index in (("expert", corpus.notes_by_expert),
                                                                   ("topic", corpus.notes_by_topic))
                  for key, slugs in index.items() if slugs},
        "experts": [[e.id, e.name, e.affiliation, e.role, e.kind, list(e.aliases), e.url, location_data(e.location)]
                    for e in corpus.experts.values()],
        "topics": [[t.id, t.title, t.description, t.parent, location_data(t.location)] for t in corpus.topics.values()]},
        ensure_ascii=False)


def corpus_entries(corpus: Corpus) -> Iterator[tuple[str, str, Collection]]:
    """The corpus's indexes' entries as the state records them: key, token (Corpus.shapes), items."""
    for kind, index in (("expert", corpus.claims_by_expert), ("topic", corpus.claims_by_topic)):
        for key, claims in index.items():
            yield f"{kind}:{key}", corpus.shapes[f"{kind}:{key}"], claims
    for key, slugs in corpus.articles_by_topic.items():
        yield f"articles:{key}", "", slugs


def article_data(a: Article) -> dict:
    """An article as checked, without its HTML (made again from its file when its page is)."""
    return {"slug": a.slug, "title": a.title, "outlet": a.outlet, "url": a.url,
            "published": a.published.isoformat() if a.published else None, "description": a.description,
            "topics": list(a.topics), "language": a.language, "told_from": a.told_from, "draft": a.draft,
            "location": location_data(a.location),
            "text": _text_digest(a.text), "claims": [
                {"id": c.id, "number": c.number, "speaker": c.speaker, "quote": c.quote, "kind": c.kind,
                 "topics": list(c.topics), "summary": c.summary, "note": c.note, "same_as": c.same_as,
                 "spans": [list(span) for span in c.spans], "location": location_data(c.location)}
                for c in a.claims]}


def _text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _checked_text(text: object, digest: object) -> str:
    """An article's text as its column holds it, if it is the text its data was recorded with."""
    if type(text) is not str or _text_digest(text) != digest:
        raise StateError("an article's text is not the one recorded with it")
    return text


def article_of(data: object, text: object) -> Article:
    """An article read back from article_data() and its text (a column of its own: no JSON to
    parse), every value checked for its type (inline: this runs for every article kept by a rebuild)."""
    from ..model import Article, Claim  # not for a build that finds nothing changed: imported when needed

    d = _expect(data, dict)
    slug = _expect(d["slug"], str)  # type: ignore[index]
    published = _text_or_none(d["published"])  # type: ignore[index]
    claims = []
    for c in _expect(d["claims"], list):  # type: ignore[index]
        if type(c) is not dict:
            raise StateError("a claim that is not a mapping")
        spans = tuple((s, e) for s, e in c["spans"])
        texts = (c["id"], c["speaker"], c["quote"], c["kind"])
        optional = (c["summary"], c["note"], c["same_as"])
        if (not all(type(t) is str for t in texts) or not all(o is None or type(o) is str for o in optional)
                or type(c["number"]) is not int or not all(type(n) is int for span in spans for n in span)):
            raise StateError("a claim's field of the wrong type")
        claims.append(Claim(texts[0], slug, c["number"], texts[1], texts[2], texts[3], _texts(c["topics"]),
                            *optional, spans, location_of(c["location"])))
    return Article(
        slug=slug, title=_expect(d["title"], str), outlet=_text_or_none(d["outlet"]), url=_text_or_none(d["url"]),  # type: ignore
        published=dt.date.fromisoformat(published) if published else None,
        description=_text_or_none(d["description"]), topics=_texts(d["topics"]),  # type: ignore[index]
        language=_text_or_none(d["language"]), told_from=_text_or_none(d["told_from"]),  # type: ignore[index]
        draft=bool(_expect(d["draft"], bool)), claims=tuple(claims),  # type: ignore[index]
        document=None, location=location_of(d["location"]), text=_checked_text(text, d["text"]))  # type: ignore


# The tables are STRICT: SQLite itself refuses a value of another type, so a state holds text,
# numbers and JSON text only. A state whose schema is not exactly this one is not used.
SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT",
    "CREATE TABLE files (path TEXT PRIMARY KEY, mtime INTEGER NOT NULL, size INTEGER NOT NULL) STRICT",
    # (what every build reads of every article first: SQLite then reads no row past its first page…)
    "CREATE TABLE articles (slug TEXT PRIMARY KEY, title TEXT NOT NULL, published TEXT, language TEXT, "
    "outlet TEXT, draft INTEGER NOT NULL, claims INTEGER NOT NULL, citing INTEGER NOT NULL, told_from TEXT, "
    "diagnostics TEXT NOT NULL, "
    "facts TEXT NOT NULL, outline TEXT NOT NULL, data TEXT NOT NULL, text TEXT NOT NULL) STRICT",
    # (…and an index of those first columns: a row takes a page, the index a fortieth of it)
    "CREATE INDEX articles_listed ON articles (slug, title, published, language, outlet, draft, claims, citing, "
    "told_from, diagnostics)",
    "CREATE TABLE groups (id TEXT PRIMARY KEY, refs TEXT NOT NULL, conflicts TEXT NOT NULL, warnings TEXT NOT NULL) "
    "STRICT",
    "CREATE TABLE layouts (key TEXT PRIMARY KEY, count INTEGER NOT NULL, shown INTEGER NOT NULL, "
    "layout TEXT NOT NULL) STRICT",
    "CREATE TABLE memo (name TEXT PRIMARY KEY, facts TEXT NOT NULL) STRICT",
    "CREATE TABLE entries (key TEXT PRIMARY KEY, token TEXT NOT NULL, count INTEGER NOT NULL, items TEXT NOT NULL) "
    "STRICT",
    "CREATE TABLE facts (key TEXT PRIMARY KEY, hash TEXT NOT NULL) STRICT",
    "CREATE TABLE outputs (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, files TEXT, "
    "stale INTEGER NOT NULL DEFAULT 0) STRICT",
    "CREATE TABLE kept (output TEXT NOT NULL, key TEXT NOT NULL, length INTEGER NOT NULL, value TEXT NOT NULL) STRICT",
    "CREATE UNIQUE INDEX kept_by_key ON kept (output, key)",
    # (what an output kept, and how long each text is, read without the texts: a shard's take 4,000 pages)
    "CREATE INDEX kept_lengths ON kept (output, key, length)",
    "CREATE TABLE keys (id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL) STRICT",
    "CREATE TABLE reads (key INTEGER NOT NULL, output INTEGER NOT NULL, PRIMARY KEY (key, output)) "
    "WITHOUT ROWID, STRICT",
    "CREATE INDEX reads_by_output ON reads (output)",
    "CREATE TABLE match_claims (id INTEGER PRIMARY KEY, ref TEXT UNIQUE NOT NULL, words TEXT NOT NULL) STRICT",
    "CREATE TABLE match_runs (run INTEGER NOT NULL, claim INTEGER NOT NULL, PRIMARY KEY (run, claim)) "
    "WITHOUT ROWID, STRICT",
    "CREATE TABLE match_pairs (a TEXT NOT NULL, b TEXT NOT NULL, words INTEGER NOT NULL, PRIMARY KEY (a, b)) "
    "WITHOUT ROWID, STRICT",
)
# An entry's items as recorded: a line each, its JSON (an edit reads the few it looks at, not 3,000)
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
CACHE_KIB = 65536  # SQLite's page cache (2 MiB by default): the index of runs is written in no key's order


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False)  # recorded articles are read by the threads outputs are made in
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db


def _readable(method):
    """A reading of the state: anything it finds that is not as written is a StateError."""
    def read(self, *args, **named):
        try:
            return method(self, *args, **named)
        except StateError:
            raise
        except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeError) as exc:
            raise StateError(f"the build state does not read back: {exc!r}") from None
    read.__doc__ = method.__doc__
    return read


class Kept:
    """One checked article as the state keeps it: the article (as recorded, or as checked), its
    problems, whether its sidecar holds claims, and its facts (read from the state when asked for)."""

    __slots__ = ("article", "diagnostics", "has_claims", "_facts")

    def __init__(self, article: Article, diagnostics: list[Diagnostic], facts: dict[str, str] | Callable[[], dict[str, str]],
                 has_claims: bool | None = None):
        self.article, self.diagnostics, self._facts = article, diagnostics, facts
        self.has_claims = bool(article.claims) if has_claims is None else has_claims

    @property
    def facts(self) -> dict[str, str]:
        if callable(self._facts):
            self._facts = self._facts()
        return self._facts


class Recorded(NamedTuple):
    """What the state records of the last build, as objects (read back by State.corpus,
    State.matches, State.layout and State.memo, or serve's last): the next build's record writes
    only what is not these."""

    corpus: "Corpus"
    matches: "Matches"
    views: "Views"


KEPT_AT_ONCE = 4096  # characters: a kept text no longer is read when asked for (one query each)…
KEPT_WHOLE = 2 ** 21  # …unless what the output kept is no longer than this in all (a data file's articles)


class KeptTexts(Mapping[str, str]):
    """What one output kept (Output.keeps): its keys and short texts, read at once, and each longer
    text read from the state when asked for (an edit's search shard reads few of its thousand
    pages' entries). `given`: the texts read, which an output that keeps one as it is hands back.
    `changed`: the facts changed since the texts were kept, when the engine knows them (None)."""

    def __init__(self, state: "State", path: str, keys: frozenset[str], given: dict[str, str],
                 changed: "AbstractSet[str] | None" = None):
        self._state, self._path, self._keys, self.given, self.changed = state, path, keys, given, changed

    def __getitem__(self, key: str) -> str:
        if key not in self.given:
            text = self._state.kept_texts(self._path, [key]).get(key) if key in self._keys else None
            if text is None:
                raise KeyError(key)
            self.given[key] = text
        return self.given[key]

    def read_ahead(self, keys: Iterable[str]) -> None:
        """Read these texts at once (those not read yet): one query, not one a text."""
        wanted = [key for key in keys if key in self._keys and key not in self.given]
        self.given.update(self._state.kept_texts(self._path, wanted))

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class State(Source):
    """The last build's state, open for the next build to read and update; what its recorded
    articles and corpus read (recorded.Source), from any thread."""

    def __init__(self, config: SiteConfig, db: sqlite3.Connection, meta: dict[str, str]):
        self.config, self.db, self.meta = config, db, meta
        self.lock = threading.Lock()
        self.recorded_files: dict[str, Stat] | None = None  # its files as read (files()) or known to be
        self._facts_wanted: set[str] = set()  # articles whose facts are soon asked for (facts_ahead): read together
        self._facts_read: dict[str, object] = {}  # and those read so, not asked for yet
        self._articles_read: Collection[str] | None = None  # the slugs of the articles, once articles() read them
        self._key_ids: dict[str, int] = {}  # the ids of the facts' keys recorded by this build, by key

    @classmethod
    def open(cls, config: SiteConfig, code: str) -> "State | None":
        """The state, if it is there and was written for this project by this briefgen (`code`:
        Scan.code — what each output read was recorded by the code that made it), its match index
        with the same terms (wording.identity)."""
        path = config.root / CACHE_DIR / DATABASE
        if not path.is_file():
            return None
        try:
            db = _connect(path)
            meta = {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}
        except sqlite3.Error:
            return None
        from ..wording import identity  # PyStemmer and stop-words, imported once a state is there to open

        expected = {"format": str(FORMAT), "version": __version__, "project": str(config.root.resolve()),
                    "output": str(config.output_dir), "incomplete": "0", "code": code, "wording": identity()}
        if any(meta.get(key) != value for key, value in expected.items()) or not left_as_written(config):
            db.close()
            return None
        return cls(config, db, meta)

    @classmethod
    def create(cls, config: SiteConfig, code: str) -> "State":
        """A new, empty state (the old one, if any, removed)."""
        from ..wording import identity

        make_folder(config.root / CACHE_DIR)
        forget(config)
        db = _connect(config.root / CACHE_DIR / DATABASE)
        with db:
            db.executescript(";\n".join(SCHEMA) + ";")
            db.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("format", str(FORMAT)), ("version", __version__), ("project", str(config.root.resolve())),
                ("output", str(config.output_dir)), ("incomplete", "1"), ("code", code), ("wording", identity())])
        return cls(config, db, {})

    # Reading.
    @_readable
    def valid_for(self, scan: Scan) -> bool:
        """Whether the output folder is still the one this state describes."""
        try:
            return json.loads(self.meta.get("marker", "null")) == output_marker(self.config.output_dir)
        except ValueError:
            return False

    @_readable
    def record(self) -> tuple[str, list[str]]:
        """What the last build said: its summary and its warnings."""
        warnings = json.loads(self.meta.get("warnings", "[]"))
        return _expect(self.meta.get("summary", ""), str), list(_texts(warnings))  # type: ignore[return-value]

    @_readable
    def files(self) -> dict[str, Stat]:
        _all_of_type(self.db, "files", path="text", mtime="integer", size="integer")
        self.recorded_files = dict((p, (m, s)) for p, m, s in self.db.execute("SELECT path, mtime, size FROM files"))
        return self.recorded_files

    @_readable
    def articles(self, whole: bool = False) -> dict[str, Kept]:
        """Every article the state records, by slug: as RecordedArticles, read as needed, or (`whole`:
        for serve, which keeps them in memory) each read whole now."""
        if whole:
            kept = self._whole_articles()
            self._articles_read = frozenset(kept)
            return kept
        _all_of_type(self.db, "articles", slug="text", title="text", published="text null", language="text null",
                     outlet="text null", draft="integer", claims="integer", citing="integer", told_from="text null",
                     diagnostics="text")
        kept = {}
        for slug, title, published, language, outlet, draft, claims, citing, told_from, diagnostics in self.db.execute(
                "SELECT slug, title, published, language, outlet, draft, claims, citing, told_from, diagnostics "
                "FROM articles"):
            article = RecordedArticle(self, slug, title, published, language, outlet, draft, claims, citing, told_from)
            kept[slug] = Kept(article, _diagnostics(diagnostics), lambda slug=slug: self._facts_of(slug), claims > 0)
        self._articles_read = frozenset(kept)
        return kept

    def _whole_articles(self) -> dict[str, Kept]:
        kept = {}
        for slug, data, text, diagnostics, facts in self.db.execute(
                "SELECT slug, data, text, diagnostics, facts FROM articles"):
            article = article_of(json.loads(_expect(data, str)), text)  # type: ignore[arg-type]
            if article.slug != slug:
                raise StateError("an article under another name")
            kept[slug] = Kept(article, _diagnostics(diagnostics), _facts_data(facts))
        return kept

    def _row(self, query: str, key: str) -> tuple:
        """The one row a query finds by its key (from any thread); a StateError if there is none."""
        with self.lock:
            row = self.db.execute(query, (key,)).fetchone()
        if row is None:
            raise StateError(f"nothing recorded for {key}")
        return row

    @_readable
    def _facts_of(self, slug: str) -> dict[str, str]:
        """An article's facts (for its Kept), read with those of the articles said to be soon
        asked for (facts_ahead): one query for them all, not one an article."""
        with self.lock:
            text = self._facts_read.pop(slug, None)
            if text is None:
                wanted, self._facts_wanted = [slug, *(self._facts_wanted - {slug})], set()
                for chunk in _chunks(wanted):
                    self._facts_read.update(self.db.execute(
                        f"SELECT slug, facts FROM articles WHERE slug IN ({','.join('?' * len(chunk))})", chunk))
                text = self._facts_read.pop(slug, None)
        if text is None:
            raise StateError(f"nothing recorded for {slug}")
        return _facts_data(text)

    def facts_ahead(self, slugs: Iterable[str]) -> None:
        """Say that the facts of these articles are soon asked for: they are read with the next."""
        with self.lock:
            self._facts_wanted.update(slugs)

    # What recorded articles and entries read (recorded.Source).
    @_readable
    def outline(self, slug: str) -> dict:
        return json.loads(_expect(self._row("SELECT outline FROM articles WHERE slug = ?", slug)[0], str))  # type: ignore

    @_readable
    def article(self, slug: str) -> Article:
        data, text = self._row("SELECT data, text FROM articles WHERE slug = ?", slug)
        article = article_of(json.loads(_expect(data, str)), text)  # type: ignore[arg-type]
        if article.slug != slug:
            raise StateError("an article under another name")
        return article

    @_readable
    def entry(self, key: str) -> list[str]:
        text = _expect(self._row("SELECT items FROM entries WHERE key = ?", key)[0], str)
        return text.split("\n") if text else []  # type: ignore[union-attr]

    @_readable
    def layout(self, kind: str, key: str) -> RecordedLayout:
        """An expert's or a topic's layout (views.Layout) as recorded, read when looked into."""
        count, shown = self._row("SELECT count, shown FROM layouts WHERE key = ?", f"{kind}:{key}")
        return RecordedLayout(f"{kind}:{key}", count, shown, lambda: self._layout(f"{kind}:{key}"))

    @_readable
    def _layout(self, key: str) -> "Layout":
        from ..views import Layout

        (layout,) = self._row("SELECT layout FROM layouts WHERE key = ?", key)
        return Layout((_expect(title, str), _expect(name, str), _texts(refs))  # type: ignore[misc]
                      for title, name, refs in _expect(json.loads(layout), list))  # type: ignore[union-attr]

    @_readable
    def memo(self) -> dict[str, dict[str, str]]:
        """The facts of each entry of the last build's memo (facts.Memo), by name."""
        return {_expect(name, str): _facts_data(facts)  # type: ignore[misc]
                for name, facts in self.db.execute("SELECT name, facts FROM memo")}

    @_readable
    def matches(self) -> "Matches":
        """The matches the last build found, as recorded (match_claims's `previous`)."""
        from ..match import ClaimGroup, Conflict, Matches

        groups = []
        for group_id, refs, conflicts, warnings in self.db.execute(
                "SELECT id, refs, conflicts, warnings FROM groups ORDER BY id"):
            found = [Conflict(_expect(kind, str), _expect(message, str))  # type: ignore[arg-type]
                     for kind, message in _expect(json.loads(conflicts), list)]  # type: ignore
            groups.append(ClaimGroup(_expect(group_id, str), _texts(json.loads(refs)), tuple(found),  # type: ignore
                                     tuple(_diagnostics(warnings))))
        recorded = _expect(json.loads(_expect(self.meta.get("matches"), str)), dict)  # type: ignore[arg-type]
        dangling = {_expect(k, str): _expect(v, str) for k, v in _expect(recorded["dangling"], dict).items()}  # type: ignore
        apart = {_expect(k, str): _texts(v) for k, v in _expect(recorded["apart"], dict).items()}  # type: ignore
        return Matches(tuple(groups), {ref: g for g in groups for ref in g.refs}, dangling, apart)  # type: ignore

    @_readable
    def corpus(self, articles: Mapping[str, RecordedArticle]) -> "Corpus":
        """The corpus the last build made, as recorded, for the next to be built on (Corpus.build's
        `previous`): its articles those given (every one the state records, by slug), its
        indexes' entries read as they are looked into."""
        from ..model import Corpus, Expert, Topic, topic_children

        recorded = _expect(json.loads(_expect(self.meta.get("corpus"), str)), dict)  # type: ignore[arg-type]
        order = _texts(recorded["order"])  # type: ignore[index]
        experts = [Expert(*(_expect(f, (str, type(None))) for f in e[:5]), _texts(e[5]), _text_or_none(e[6]),  # type: ignore
                          location_of(e[7])) for e in _expect(recorded["experts"], list)]  # type: ignore[index]
        topics = [Topic(*(_expect(f, (str, type(None))) for f in t[:4]), location_of(t[4]))  # type: ignore
                  for t in _expect(recorded["topics"], list)]  # type: ignore[index]
        outlets = _expect(recorded["outlets"], dict)  # type: ignore[index]
        if any(type(k) is not str or type(v) is not int for k, v in outlets.items()):  # type: ignore[union-attr]
            raise StateError("outlets' counts that are not numbers")
        by_kind: dict[str, dict[str, RecordedEntry]] = {"expert": {}, "topic": {}, "articles": {}}
        shapes = {}
        for key, token, count in self.db.execute("SELECT key, token, count FROM entries"):
            kind, _, name = _expect(key, str).partition(":")  # type: ignore[union-attr]
            item_of = entry_slug if kind == "articles" else partial(entry_claim, articles)
            by_kind[kind][name] = RecordedEntry(key, count, partial(self.entry, key), item_of)  # type: ignore[arg-type]
            if kind != "articles":
                shapes[key] = _expect(token, str)
        expert_ids, topic_ids = {e.id for e in experts}, {t.id for t in topics}
        if (by_kind["expert"].keys() != expert_ids or by_kind["topic"].keys() != topic_ids
                or by_kind["articles"].keys() != topic_ids or set(order) - articles.keys()):
            raise StateError("the recorded corpus disagrees with its articles or its registries")
        notes = {_expect(k, str): _texts(v) for k, v in _expect(recorded["notes"], dict).items()}  # type: ignore
        return Corpus(experts={e.id: e for e in sorted(experts, key=lambda e: e.id)},
                      topics={t.id: t for t in sorted(topics, key=lambda t: t.id)},
                      articles={slug: articles[slug] for slug in order}, claims_by_expert=by_kind["expert"],
                      claims_by_topic=by_kind["topic"], articles_by_topic=by_kind["articles"],
                      topic_children=topic_children(topics), outlets_with_claims=outlets,  # type: ignore
                      shapes=shapes, lists=_expect(recorded["lists"], str),  # type: ignore[index]
                      claim_count=_expect(recorded["claims"], int),  # type: ignore[index,arg-type]
                      notes_by_expert={e: notes.get(f"expert:{e}", ()) for e in expert_ids},
                      notes_by_topic={t: notes.get(f"topic:{t}", ()) for t in topic_ids})

    @_readable
    def article_facts(self) -> dict[str, dict[str, str]]:
        """Each article's facts, by slug (without the rest of what is kept of it)."""
        return {_expect(slug, str): _facts_data(facts)  # type: ignore[misc]
                for slug, facts in self.db.execute("SELECT slug, facts FROM articles")}

    @_readable
    def facts(self) -> dict[str, str]:
        """The facts of the site but the articles' own (those are kept with each article)."""
        return {_expect(k, str): _expect(v, str) for k, v in self.db.execute("SELECT key, hash FROM facts")}  # type: ignore

    @_readable
    def output_paths(self) -> set[str]:
        from ..write import check_relative

        paths = {_expect(path, str) for (path,) in self.db.execute("SELECT path FROM outputs")}
        for path in paths:
            check_relative(path)  # a path that leaves the site is no output of ours: ValueError
        return paths  # type: ignore[return-value]

    @_readable
    def folder_files(self, path: str) -> dict[str, str]:
        """The files a folder output was last written with, and their hashes."""
        row = self.db.execute("SELECT files FROM outputs WHERE path = ?", (path,)).fetchone()
        found = _expect(json.loads(_expect(row[0], str)), dict) if row and row[0] is not None else {}
        return {_expect(k, str): _expect(v, str) for k, v in found.items()}  # type: ignore[union-attr]

    def kept(self, paths: Iterable[str], changed: "Callable[[str], AbstractSet[str] | None]" = lambda path: None
             ) -> "dict[str, KeptTexts]":
        """What these outputs kept for their next making (Output.keeps), by path: their keys, each
        text read when asked for (what an output keeps only saves time: it checks what it reads back),
        and the facts changed since (`changed(path)`, when known)."""
        found: dict[str, KeptTexts] = {}
        try:
            with self.lock:
                for path in paths:
                    (total,) = self.db.execute("SELECT sum(length) FROM kept WHERE output = ?", (path,)).fetchone()
                    at_once = KEPT_AT_ONCE if type(total) is int and total > KEPT_WHOLE else KEPT_WHOLE
                    rows = self.db.execute("SELECT key, CASE WHEN length <= ? THEN value END FROM kept "
                                           "WHERE output = ?", (at_once, path)).fetchall()
                    found[path] = KeptTexts(self, path, frozenset(key for key, _ in rows),
                                            {key: text for key, text in rows if type(text) is str}, changed(path))
        except sqlite3.Error:
            return {}
        return found

    def kept_texts(self, path: str, keys: list[str]) -> dict[str, str]:
        """These texts that an output kept, those there are (none when the state cannot be read)."""
        found = {}
        try:
            with self.lock:
                for chunk in _chunks(keys):
                    found.update(self.db.execute(f"SELECT key, value FROM kept WHERE output = ? AND key IN "
                                                 f"({','.join('?' * len(chunk))})", [path, *chunk]))
        except sqlite3.Error:
            return {}
        return {key: text for key, text in found.items() if type(text) is str}

    @_readable
    def stale_outputs(self) -> set[str]:
        """The outputs a build left to be made later (serve's search index), not made since."""
        return {_expect(path, str) for (path,) in self.db.execute("SELECT path FROM outputs WHERE stale = 1")}  # type: ignore

    @_readable
    def outputs_reading(self, keys: Iterable[str]) -> set[str]:
        """The outputs that read any of these facts."""
        keys, found = list(keys), set()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            found.update(_expect(path, str) for (path,) in self.db.execute(  # type: ignore[misc]
                "SELECT DISTINCT outputs.path FROM keys JOIN reads ON reads.key = keys.id "
                f"JOIN outputs ON outputs.id = reads.output WHERE keys.key IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def match_index(self) -> "RecordedIndex":
        return RecordedIndex(self.db, self._articles_read)

    # Writing: begin() before the site is touched, then save() records what was done.
    def begin(self) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('incomplete', '1')")

    def save(self, scan: Scan, articles: dict[str, Kept], reread: set[str], corpus: Corpus, matches: "Matches",
             views: "Views", memo: "Memo | None", recorded: "Recorded | None", facts: dict[str, str],
             old_facts: dict[str, str], made: "dict[str, Made]", gone: set[str],
             summary: str, warnings: list[str], index: "MatchIndex",
             deferred: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        """Record a build in one transaction: what its check found (record_checked), the outputs it
        made, those `gone` and those `deferred` (record_made), and what it said (record_end)."""
        with self.db:  # (committed at its end: what "record the state" takes beyond the stages below)
            self.record_checked(scan, articles, reread, corpus, matches, views, memo, recorded, facts, old_facts, index)
            with stage("what each output read and keeps"):
                self.record_made(made, gone, deferred)
            self.record_end(scan, summary, warnings)

    def record_checked(self, scan: Scan, articles: dict[str, Kept], reread: set[str], corpus: Corpus,
                       matches: "Matches", views: "Views", memo: "Memo | None", recorded: "Recorded | None",
                       facts: dict[str, str], old_facts: dict[str, str], index: "MatchIndex") -> None:
        """Record what a build's check found: the inputs as scanned, the articles (those `reread`
        anew), the corpus, the matches, the layouts and the memo (what differs from what the state
        records: `recorded`), the facts, and what matching changed in its `index` — in the
        transaction open (committed by the caller, with record_end's mark)."""
        db = self.db
        files = scan.recorded()
        before = self.recorded_files if self.recorded_files is not None else self.files()
        db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in before.keys() - files.keys()])
        db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                       [(p, m, s) for p, (m, s) in files.items() if before.get(p) != (m, s)])
        with stage("the articles"):
            known = {slug for (slug,) in db.execute("SELECT slug FROM articles")}
            db.executemany("DELETE FROM articles WHERE slug = ?", [(s,) for s in known - articles.keys()])
            db.executemany(f"INSERT OR REPLACE INTO articles VALUES ({', '.join('?' * 14)})", [
                article_row(slug, k) for slug, k in articles.items() if slug in reread or slug not in known])
        with stage("the corpus, matches, layouts and memo"):
            self._record_corpus(corpus, recorded.corpus if recorded is not None else None)
            self._record_matches(matches, recorded.matches if recorded is not None else None)
            self._record_layouts(views, recorded.views if recorded is not None else None)
            if memo is not None:
                self._record_memo(memo, recorded is not None)
        db.executemany("DELETE FROM facts WHERE key = ?", [(k,) for k in old_facts.keys() - facts.keys()])
        db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?)",
                       [(k, v) for k, v in facts.items() if old_facts.get(k) != v])
        with stage("the match index"):
            self.match_index().record(index)

    def record_made(self, made: "dict[str, Made]", gone: Collection[str] = (), deferred: Collection[str] = ()) -> None:
        """Record outputs `made` (what each read, a folder's files), those `gone`, and those
        `deferred` (made later: they stay stale until recorded by record_outputs) — in the
        transaction open. A full build records its outputs so, a batch at a time as they are made."""
        db = self.db
        for path in gone:
            db.execute("DELETE FROM kept WHERE output = ?", (path,))
            row = db.execute("SELECT id FROM outputs WHERE path = ?", (path,)).fetchone()
            if row is not None:
                db.execute("DELETE FROM reads WHERE output = ?", row)
                db.execute("DELETE FROM outputs WHERE id = ?", row)
        self._record_outputs(made)
        for path in deferred:
            if not db.execute("SELECT 1 FROM reads JOIN outputs ON outputs.id = reads.output WHERE outputs.path = ?",
                              (path,)).fetchone():  # a new one: every output reads the settings
                self._record_outputs({path: ({"settings"}, None, None)})
            # (marked after: recording what an output read clears its mark, as for one made)
            db.execute("UPDATE outputs SET stale = 1 WHERE path = ?", (path,))

    def record_end(self, scan: Scan, summary: str, warnings: list[str]) -> None:
        """Record what the build said, and that it ended (the caller commits)."""
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [
            ("fingerprint", scan.fingerprint), ("global", scan.trusted_global_key),
            ("marker", json.dumps(output_marker(self.config.output_dir))), ("summary", summary),
            ("warnings", json.dumps(warnings, ensure_ascii=False))])
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('incomplete', '0')")

    def _record_corpus(self, corpus: Corpus, before: Corpus | None) -> None:
        """Record the corpus: its entries but those that are as in the corpus the state records
        (`before`: read back by corpus(), or serve's last) — an expert's or a topic's claims of
        the same shape token (which stands for all that is recorded of them), a topic's articles
        the same object."""
        db = self.db
        entries = list(corpus_entries(corpus))
        recorded = {key: (token, items) for key, token, items in corpus_entries(before)} if before is not None else {}
        known = {key for (key,) in db.execute("SELECT key FROM entries")}

        def as_recorded(key: str, token: str, items: Collection) -> bool:
            was = recorded.get(key)
            return key in known and was is not None and (was[1] is items or bool(token) and was[0] == token)

        db.executemany("DELETE FROM entries WHERE key = ?", [(key,) for key in known - {key for key, _, _ in entries}])
        db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", [
            (key, token, len(items), "\n".join(map(_LINE, items if key.startswith("articles:") else
                                                  map(entry_item, items))))
            for key, token, items in entries if not as_recorded(key, token, items)])
        db.execute("INSERT OR REPLACE INTO meta VALUES ('corpus', ?)", (corpus_data(corpus),))

    def _record_matches(self, matches: "Matches", before: "Matches | None") -> None:
        """Record the matches: the groups but those that are the same objects as in the matches
        the state records (`before`)."""
        db = self.db
        recorded = {g.id: g for g in before.groups} if before is not None else {}
        known = {group_id for (group_id,) in db.execute("SELECT id FROM groups")}
        db.executemany("DELETE FROM groups WHERE id = ?", [(i,) for i in known - {g.id for g in matches.groups}])
        db.executemany("INSERT OR REPLACE INTO groups VALUES (?, ?, ?, ?)", [
            (g.id, json.dumps(g.refs, ensure_ascii=False), json.dumps([[c.kind, c.message] for c in g.conflicts],
                                                                        ensure_ascii=False),
             json.dumps([diagnostic_data(d) for d in g.warnings], ensure_ascii=False))
            for g in matches.groups if not (recorded.get(g.id) is g and g.id in known)])
        db.execute("INSERT OR REPLACE INTO meta VALUES ('matches', ?)", (json.dumps(
            {"dangling": dict(matches.dangling), "apart": {k: list(v) for k, v in matches.apart.items()}},
            ensure_ascii=False),))

    def _record_layouts(self, views: "Views", before: "Views | None") -> None:
        db = self.db
        layouts, recorded = views.layouts(), before.layouts() if before is not None else {}
        if before is None:
            db.execute("DELETE FROM layouts")
        db.executemany("INSERT OR REPLACE INTO layouts VALUES (?, ?, ?, ?)", [
            (f"{kind}:{key}", len(layout), layout.shown, json.dumps(list(layout), ensure_ascii=False))
            for (kind, key), layout in layouts.items() if recorded.get((kind, key)) is not layout])
        db.executemany("DELETE FROM layouts WHERE key = ?",
                       [(f"{kind}:{key}",) for kind, key in recorded.keys() - layouts.keys()])

    def _record_memo(self, memo: "Memo", as_recorded: bool) -> None:
        """Record the memo's entries whose facts are not those recorded (memo.saved, when the
        state holds them: `as_recorded`)."""
        db = self.db
        saved = memo.saved if as_recorded else {}
        if not as_recorded:
            db.execute("DELETE FROM memo")
        now = {name: facts for name, (_, facts) in memo.entries.items()}
        db.executemany("INSERT OR REPLACE INTO memo VALUES (?, ?)",
                       [(name, json.dumps(facts)) for name, facts in now.items() if saved.get(name) is not facts])
        db.executemany("DELETE FROM memo WHERE name = ?", [(name,) for name in saved.keys() - now.keys()])
        memo.saved = now

    def record_outputs(self, made: "dict[str, Made]") -> None:
        """Record outputs made after the build that left them stale, and clear the mark of an
        interrupted build."""
        with self.db:
            self._record_outputs(made)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('incomplete', '0')")

    def _record_outputs(self, made: "dict[str, Made]") -> None:
        """Record outputs made: their files, what they keep, and what they read — as a change of
        what each read before (an edit's shard reads thousands of facts, nearly all as before)."""
        db = self.db
        outputs, before = {}, {}
        for path, (keys, files, kept) in made.items():
            db.execute("INSERT OR IGNORE INTO outputs (path) VALUES (?)", (path,))
            db.execute("UPDATE outputs SET files = ?, stale = 0 WHERE path = ?",
                       (None if files is None else json.dumps(files), path))
            if kept is None:
                db.execute("DELETE FROM kept WHERE output = ?", (path,))
            else:  # only the texts that changed
                db.executemany("DELETE FROM kept WHERE output = ? AND key = ?", [(path, key) for key in kept.gone])
                db.executemany("INSERT OR REPLACE INTO kept VALUES (?, ?, ?, ?)",
                               [(path, key, len(value), value) for key, value in kept.texts.items()])
            (outputs[path],) = db.execute("SELECT id FROM outputs WHERE path = ?", (path,)).fetchone()
            before[path] = dict(db.execute("SELECT keys.key, keys.id FROM reads JOIN keys ON keys.id = reads.key "
                                           "WHERE reads.output = ?", (outputs[path],)))
            db.executemany("DELETE FROM reads WHERE key = ? AND output = ?",
                           [(before[path][key], outputs[path]) for key in before[path].keys() - keys])
        ids = self._key_ids  # (those known from the batches before: a full build records its outputs in batches)
        new = sorted({key for path, m in made.items() for key in m[0] if key not in before[path] and key not in ids})
        db.executemany("INSERT OR IGNORE INTO keys (key) VALUES (?)", [(key,) for key in new])
        if len(new) > 5000:  # a full build's: all of them, in one pass
            ids.update(db.execute("SELECT key, id FROM keys"))
        else:  # an edit's: those it needs, not the hundred thousand others
            for chunk in _chunks(new):
                ids.update(db.execute(f"SELECT key, id FROM keys WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        for path, (keys, _, _) in made.items():
            db.executemany("INSERT INTO reads VALUES (?, ?)",
                           [(ids[key], outputs[path]) for key in keys if key not in before[path]])

    def close(self) -> None:
        self.db.close()


MANY_CLAIMS = 250  # more claims than this have all pairs read (a look-up takes each ref twice, in 500 parameters at most)


def _chunks(values: Iterable, size: int = 500) -> Iterator[list]:
    """Values in lists of at most `size`: as many as one query's parameters may be."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


class RecordedIndex:
    """The match index as the state records it (match.Recorded): what each claim says (its language,
    its article's day, its speaker and its words, joined by spaces: match.said_text), its runs by
    run number, the pairs of claims found the same (and whether in the same words). Read only
    where an edit touched it, and checked as read: a claim's runs are those of its words."""

    def __init__(self, db: sqlite3.Connection, articles: Collection[str] | None = None):
        self.db, self._articles = db, articles

    @_readable
    def articles(self) -> set[str]:
        if self._articles is not None:  # (as State.articles read them)
            return set(self._articles)
        return {_expect(slug, str) for (slug,) in self.db.execute("SELECT slug FROM articles")}  # type: ignore[misc]

    @_readable
    def words(self, articles: Iterable[str]) -> dict[str, "Said"]:
        from ..match import runs_of, said_from_text

        found: dict[str, Said] = {}
        for slug in articles:  # its claims' refs are 'slug#…': from 'slug#' up to 'slug$'
            for claim, ref, text in self.db.execute(
                    "SELECT id, ref, words FROM match_claims WHERE ref >= ? AND ref < ?", (f"{slug}#", f"{slug}$")):
                said = said_from_text(_expect(text, str))  # type: ignore[arg-type]
                runs = runs_of(said)
                (count,) = self.db.execute(f"SELECT COUNT(*) FROM match_runs WHERE claim = ? AND run IN "
                                           f"({','.join('?' * len(runs))})", (claim, *runs)).fetchone()
                if count != len(runs):
                    raise StateError("a claim's recorded runs are not those of its words")
                found[_expect(ref, str)] = said  # type: ignore[index]
        return found

    @_readable
    def counts(self, runs: Iterable[int]) -> dict[int, int]:
        return {_expect(run, int): _expect(count, int)  # type: ignore[misc]
                for chunk in _chunks(set(runs)) for run, count in self.db.execute(
                    f"SELECT run, COUNT(*) FROM match_runs WHERE run IN ({','.join('?' * len(chunk))}) GROUP BY run",
                    chunk)}

    @_readable
    def sharing(self, runs: Iterable[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for chunk in _chunks(set(runs)):
            for run, ref in self.db.execute(  # a run of no claim there is: ref NULL, a StateError
                    "SELECT run, ref FROM match_runs LEFT JOIN match_claims ON match_claims.id = match_runs.claim "
                    f"WHERE run IN ({','.join('?' * len(chunk))})", chunk):
                found.setdefault(_expect(run, int), []).append(_expect(ref, str))  # type: ignore[arg-type]
        return found

    @_readable
    def pairs(self, refs: Collection[str]) -> dict[Pair, bool]:
        """The pairs that have one of these claims, each with whether its claims are the same words:
        looked up, or (many claims) all read and the others left out."""
        refs = set(refs)
        if len(refs) > MANY_CLAIMS:
            rows = self.db.execute("SELECT a, b, words FROM match_pairs")
        else:
            marks = ",".join("?" * len(refs))
            rows = self.db.execute(f"SELECT a, b, words FROM match_pairs WHERE a IN ({marks}) "
                                   f"UNION SELECT a, b, words FROM match_pairs WHERE b IN ({marks})", [*refs, *refs])
        pairs = {(_expect(a, str), _expect(b, str)): _expect(words, int) for a, b, words in rows}
        if any(a >= b for a, b in pairs) or any(words not in (0, 1) for words in pairs.values()):  # type: ignore[operator]
            raise StateError("a pair of claims out of order, or of no kind")
        return {(a, b): bool(words) for (a, b), words in pairs.items() if a in refs or b in refs}  # type: ignore[misc]

    def record(self, index: "MatchIndex") -> None:
        """Record what matching changed: all of the index when it was made whole, else the claims
        it took out and put in and the pairs it dropped and found (numbered after the last claim)."""
        from ..match import said_text

        db = self.db
        if index.whole:
            for table in ("match_claims", "match_runs", "match_pairs"):
                db.execute(f"DELETE FROM {table}")
        else:
            db.executemany("DELETE FROM match_runs WHERE run = ? AND claim = (SELECT id FROM match_claims WHERE ref = ?)",
                           [(run, ref) for ref, runs in index.removed.items() for run in runs])
            db.executemany("DELETE FROM match_claims WHERE ref = ?", [(ref,) for ref in index.removed])
            db.executemany("DELETE FROM match_pairs WHERE a = ? AND b = ?", sorted(index.dropped))
        (first,) = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM match_claims").fetchone()
        ids = {ref: number for number, ref in enumerate(index.added, start=first)}
        db.executemany("INSERT INTO match_claims VALUES (?, ?, ?)",
                       [(ids[ref], ref, said_text(said)) for ref, (said, _) in index.added.items()])
        db.executemany("INSERT INTO match_runs VALUES (?, ?)",
                       [(run, ids[ref]) for ref, (_, runs) in index.added.items() for run in runs])
        db.executemany("INSERT INTO match_pairs VALUES (?, ?, ?)", sorted((a, b, int(words)) for (a, b), words in index.found.items()))


LEFT = "state.left"  # beside the state: its file's version as the briefgen that last wrote it left it


def leave(config: SiteConfig) -> tuple[int, int, int, int] | None:
    """Note the state file's version, once written and closed, beside it; and return it."""
    version = state_file_version(config)
    note = config.root / CACHE_DIR / LEFT
    try:
        if version is None:
            note.unlink(missing_ok=True)
        else:
            temporary = note.with_name(f".{LEFT}.{os.getpid()}")
            temporary.write_text(_version_text(version), encoding="ascii")
            os.replace(temporary, note)
    except OSError:
        pass  # (the next build then trusts no state: a full one)
    return version


def left_as_written(config: SiteConfig) -> bool:
    """Whether the state file is as the briefgen that last wrote it left it: changed by nothing
    else since (another program, a copy of the project, a build killed while it wrote)."""
    try:
        with open(config.root / CACHE_DIR / LEFT, "rb") as note:
            noted = note.read(200)
    except OSError:
        return False
    version = state_file_version(config)
    return version is not None and noted == _version_text(version).encode("ascii")


def _version_text(version: tuple[int, int, int, int]) -> str:
    return " ".join(map(str, version))


def state_file_version(config: SiteConfig) -> tuple[int, int, int, int] | None:
    """What tells the state file from any other version of it (scan.file_version)."""
    return file_version(config.root / CACHE_DIR / DATABASE)


def forget(config: SiteConfig) -> None:
    """Remove the state: the next build is a full one."""
    path = config.root / CACHE_DIR / DATABASE
    for name in (config.root / CACHE_DIR / LEFT, *(f"{path}{suffix}" for suffix in ("", "-journal", "-wal", "-shm"))):
        try:
            os.unlink(name)
        except OSError:
            pass
