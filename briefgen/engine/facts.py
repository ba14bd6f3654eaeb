"""The facts a project defines, each a key (see views.Views) and a hash of its value: what an
output may read, and what the engine compares between builds to know what changed.

An article's own facts (`article_facts`) follow from its files alone, given the settings and
registries: the engine keeps them with the article and makes them again only when it reads the
article again. Every other fact (`site_facts`: the registries, notes, and the lists and counts
made from all articles, what matching found) is made again at every build and compared; they
are small (ids, not texts). Template and static files are facts of their content (`file_facts`)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator, Mapping

from ..match import Matches
from ..model import Article, Corpus, month_of
from ..views import Layout, filter_choices


def digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def article_facts(article: Article) -> dict[str, str]:
    """The article as other pages show it, its text (with where its quotes stand), and each claim
    (an article the site leaves out, a draft, has none). (What its language was told from, no page
    shows: its language is what they show.)"""
    itself = replace(article, claims=(), document=None, body=None, text="", told_from=None)
    facts = {f"article:{article.slug}": digest((itself, len(article.claims), sorted({c.speaker for c in article.claims}))),
             f"text:{article.slug}": digest((article.body, article.text, [c.spans for c in article.claims]))}
    for claim in article.claims:
        facts[f"claim:{claim.ref}"] = digest(replace(claim, spans=(), location=None))
    return facts


class Memo:
    """Facts made from the same inputs as the last time are taken as they were then: `serve` keeps
    one between saves (Corpus.build and Views keep what an edit did not touch as the same
    objects, so most inputs are known the same at a glance); a build starts with an empty one."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[tuple, dict[str, str]]] = {}
        self.used: set[str] = set()
        self.file_digests: dict[Path, tuple[tuple[int, int, int, int], str]] = {}  # by file: its version, its digest
        self.saved: dict[str, dict[str, str]] = {}  # the facts the build state holds for each entry, by name

    def facts(self, name: str, inputs: tuple, make: Callable[[], dict[str, str]]) -> dict[str, str]:
        self.used.add(name)
        entry = self.entries.get(name)
        if entry is None or not _same(entry[0], inputs):
            entry = (inputs, make())
        # kept with the inputs as they are now, even when only equal to those before (after a
        # build that read every article again): the next save finds them the same at a glance
        self.entries[name] = (inputs, entry[1])
        return entry[1]

    @classmethod
    def recorded(cls, facts: Mapping[str, dict[str, str]], corpus: Corpus, matches: Matches,
                 layout_of: Callable[[str, str], Layout]) -> "Memo":
        """The memo of the last build as the state records it: the `facts` of each entry, by name,
        with the inputs they were made from — those of the corpus and matches the state records,
        read back (a layout read only if looked into)."""
        memo = cls()
        for name, inputs, _ in memo_entries(corpus, matches, layout_of):
            if name in facts:
                memo.entries[name] = (inputs, facts[name])
        memo.saved = dict(facts)
        return memo

    def forget_unused(self) -> None:
        """Drop what this build did not ask for (a removed expert's, a group no longer there)."""
        self.entries = {name: entry for name, entry in self.entries.items() if name in self.used}
        self.used = set()


def _same(before: tuple, now: tuple) -> bool:
    return len(before) == len(now) and all(a is b or a == b for a, b in zip(before, now))


def site_facts(corpus: Corpus, matches: Matches, settings: object,
               layout_of: Callable[[str, str], Layout], memo: Memo | None = None) -> dict[str, str]:
    """Every fact but the articles' own: small values, made again at every build, or taken from
    the `memo` when made from the same inputs (`layout_of` gives the layout of an expert's or a
    topic's page: views.Views.layout_of)."""
    memo = memo or Memo()
    facts = {"settings": digest(settings)}
    for name, inputs, make in memo_entries(corpus, matches, layout_of):
        facts.update(memo.facts(name, inputs, make))
    facts["topic-tree"] = digest(sorted(corpus.topic_children.items(), key=lambda item: item[0] or ""))
    for note in corpus.notes.values():
        facts[f"note:{note.slug}"] = digest(replace(note, document=None, location=None))
        facts[f"note-text:{note.slug}"] = digest(note.document.tokens)
    facts["list:notes"] = digest(list(corpus.notes))
    facts["list:experts"] = digest(list(corpus.experts))
    facts["list:topics"] = digest(list(corpus.topics))
    facts["discrepancies"] = digest(matches.conflicted)
    facts["filters"] = digest([sorted(choices) for choices in filter_choices(corpus)])
    memo.forget_unused()
    return facts


def memo_entries(corpus: Corpus, matches: Matches, layout_of: Callable[[str, str], Layout]
                 ) -> Iterator[tuple[str, tuple, Callable[[], dict[str, str]]]]:
    """The facts made of many claims or articles, as the memo keeps them: each entry's name, the
    inputs it is made from, and how to make it. An expert's and a topic's facts are made of its
    list's shape (Corpus.shapes: not the claims' words), its notes and its page's layout; the
    lists of every article (Corpus.lists: made again from every article only when their token is
    another); a group's of the group."""
    refs = lambda claims: [c.ref for c in claims]  # noqa: E731
    for expert in corpus.experts.values():
        key = expert.id
        shape, notes, layout = corpus.shapes[f"expert:{key}"], corpus.notes_by_expert[key], layout_of("expert", key)
        yield f"expert:{key}", (expert, shape, notes, layout), lambda expert=expert, key=key, notes=notes, layout=layout: {
            f"expert:{key}": digest(replace(expert, location=None)),
            f"expert-claims:{key}": digest(refs(corpus.claims_by_expert[key])),
            f"expert-notes:{key}": digest(notes),
            f"expert-layout:{key}": digest(layout)}
    for topic in corpus.topics.values():
        key = topic.id
        shape, articles = corpus.shapes[f"topic:{key}"], corpus.articles_by_topic[key]
        notes, layout = corpus.notes_by_topic[key], layout_of("topic", key)
        yield f"topic:{key}", (topic, shape, articles, notes, layout), \
            lambda topic=topic, key=key, articles=articles, notes=notes, layout=layout: {
                f"topic:{key}": digest(replace(topic, location=None)),
                f"topic-claims:{key}": digest(refs(corpus.claims_by_topic[key])),
                f"topic-articles:{key}": digest(articles),
                f"topic-notes:{key}": digest(notes),
                f"topic-layout:{key}": digest(layout)}
    yield "lists", (corpus.lists,), lambda: _list_facts(corpus)
    for group in matches.groups:
        yield f"group:{group.id}", (group,), lambda group=group: dict.fromkeys(
            (f"group:{ref}" for ref in group.refs), digest(group))


def _list_facts(corpus: Corpus) -> dict[str, str]:
    """The lists made from every article: the articles, those of each month, the languages of
    those that have their own, the claims."""
    return {
        "list:articles": digest(list(corpus.articles)), **_month_facts(corpus),
        "list:languages": digest([(slug, article.language) for slug, article in corpus.articles.items()
                                  if article.language]),
        "list:claims": digest([(slug, tuple(claim.id for claim in article.claims))
                               for slug, article in corpus.articles.items()])}


def _month_facts(corpus: Corpus) -> dict[str, str]:
    months: dict[str | None, list[str]] = {}
    for slug, article in corpus.articles.items():
        months.setdefault(month_of(article), []).append(slug)
    facts = {f"list:month:{month or 'undated'}": digest(slugs) for month, slugs in months.items()}
    facts["list:months"] = digest([(month, len(slugs)) for month, slugs in months.items()])
    return facts


ARTICLE_FACTS = ("article", "text", "claim")  # the kinds of facts kept with their article ('claim:<slug>#<id>')


def lookup(facts: Mapping[str, str], articles: Mapping[str, object]) -> Callable[[str], str | None]:
    """The hash of a fact by its key: among the site's `facts`, or its article's own (`articles`:
    state.Kept by slug); None when there is no such fact."""
    def fact(key: str) -> str | None:
        value = facts.get(key)
        kind, _, rest = key.partition(":")
        if value is None and kind in ARTICLE_FACTS and (kept := articles.get(rest.partition("#")[0])) is not None:
            value = kept.facts.get(key)  # type: ignore[attr-defined]
        return value
    return fact


def changed(before: dict[str, str], now: dict[str, str]) -> set[str]:
    """The keys of the facts that differ (or are in one only)."""
    return {key for key in before.keys() | now.keys() if before.get(key) != now.get(key)}


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def file_facts(prefix: str, files: dict[str, Path], memo: Memo | None = None, clock: int = 0) -> dict[str, str]:
    """A fact per file, of its content: 'template:<name>', 'static:<path>'. With serve's `memo`,
    a file whose version (device, inode, size, time) is the one read at an earlier save, and was
    older than that save's scan `clock` (Scan.clock: not "racily clean"), is not read again (a
    folder of images is not read whole at every save)."""
    return {f"{prefix}:{name}": _file_digest(path, memo, clock) for name, path in files.items()}


def _file_digest(path: Path, memo: Memo | None, clock: int) -> str:
    try:
        stat = path.stat()
        version = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        known = memo.file_digests.get(path) if memo is not None else None
        if known is not None and known[0] == version:
            return known[1]
        digest = content_digest(path.read_bytes())
    except OSError:
        return "unreadable"
    if memo is not None and stat.st_mtime_ns < clock:
        memo.file_digests[path] = (version, digest)
    return digest
