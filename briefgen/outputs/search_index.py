"""The site's search index: what is searchable, and Pagefind (pagefind[bin]) writing the index.

What is searchable is made from the model, not read back from pages. Each article is given to
Pagefind as a small HTML document of its own (not its page): its title, description and text,
then a heading per claim with who said it and the quote, followed by the claim's summary. The
heading's id is the claim's anchor on the article page, so Pagefind shows a claim as a
sub-result of its article's result, leading to the claim's permalink (its marked quote); the
search page (assets/search.js) titles it by the quote, shortened, with the speaker (the heading
up to ': ', one of the article's speakers), outlet and date on a line below. The
filters the search page offers (speaker, topic, outlet) and what a result shows (title, kind,
outlet, date) are the document's data-pagefind-* attributes. Experts, topics and notes are
custom records (their name or title and text). They are indexed in shards: separate indexes in
`pagefind/0/`, `pagefind/1/`… of the site, which the /search/ page searches as one with
Pagefind's UI. Addresses carry the site's base path.

Each shard is of one language, whose stemmer its words are stemmed with: an article in a language
of its own (declared, or told from its text: language.py) is indexed in that language's shards,
every other page in the site's. Pagefind's JavaScript searches an index in the language it holds
when the search page's is not there, so a word searched is stemmed as each shard's language
stems it.

Who writes a shard's index: briefgen itself (pagefind_files), in the format of the installed
Pagefind when it is the version briefgen knows, with Pagefind's JavaScript, CSS and wasm; else
the Pagefind program (spoken to as `pagefind --service`, the protocol of its Python package,
without that package's polling).

Each shard is an output (a folder of index files) that reads only the facts of its own pages,
holds about 100 articles' worth of them (at most 16 shards), and keeps its pages as indexed for
the next time it is made (Output.keeps): an edit of one article (its text or its claims) indexes
that article's page again and writes the shard's files from the others as kept."""

from __future__ import annotations

import base64
import contextlib
import functools
import importlib
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import threading
import zlib
from html import escape
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from ..errors import BriefgenError, Diagnostic, ERROR, Location
from ..markdown import BLOCK_SEPARATOR
from ..engine.reads import read, stop_if_called_off
from ..views import Views, display_date
from ..wording import primary
from . import Output, Site, kept_or_made, pagefind_files

FOLDER = "pagefind"  # in the site
QUOTATION_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
# What Pagefind is given to index: a request of its service, without the index's id and language
# (added when written): an article as HTML ("AddFile": url, file_contents), another page as a
# custom record ("AddRecord": url, content, meta, filters).
Item = dict


def article_item(views: Views, slug: str) -> Item:
    """An article as a small HTML document for Pagefind (not its page): its title, description and
    text, then a heading per claim (its id the claim's anchor on the page, so that Pagefind's
    sub-result for it is the claim's permalink) with who said it and the quote, then its summary.
    The result's meta and filters are the document's data-pagefind-* attributes."""
    article, claims = views.article_text(slug), views.article_claims(slug)
    date = display_date(article.published) or None  # as the site shows it ('3 May 2024')
    topics = {*(views.topic(t).title for t in article.topics), *(t.title for c in claims for t in c.topics)}
    head = [*(_data("meta", name, value) for name, value in
              (("title", article.title), ("kind", "Article"), ("outlet", article.outlet), ("date", date)) if value),
            *(_data("filter", "speaker", name) for name in sorted({c.speaker.name for c in claims})),
            *(_data("filter", "topic", title) for title in sorted(topics)),
            *([_data("filter", "outlet", article.outlet)] if article.outlet else [])]
    blocks = article.text.split(BLOCK_SEPARATOR)
    if blocks[0] == article.title:  # the text starts with its title, as a heading
        blocks = blocks[1:]
    body = [f"<h1>{escape(article.title)}</h1>", *(f"<p>{escape(p)}</p>" for p in (article.description, *blocks) if p)]
    for claim in claims:  # its words count twice as much as the text's (they stand there too), less than the title's
        # (a direct quote in quotation marks, the ones its sidecar may have put around it left out)
        quote = f"\u201c{claim.quote.strip(QUOTATION_MARKS)}\u201d" if claim.kind == "direct" else claim.quote
        body.append(f'<h2 id="{escape(claim.anchor)}" data-pagefind-weight="2">'
                    f"{escape(claim.speaker.name)}: {escape(quote)}</h2>")
        if claim.summary:
            body.append(f"<p>{escape(claim.summary)}</p>")
    return {"type": "AddFile", "url": views.urls.article(slug), "file_path": None,
            "file_contents": f'<!DOCTYPE html><html><head><meta charset="utf-8">{"".join(head)}</head>'
                             f'<body>{"".join(body)}</body></html>'}


def _data(kind: str, name: str, value: str) -> str:
    """A meta or filter of the document's result, its value in an attribute. Pagefind (1.5) reads a
    meta's value as HTML once and a filter's twice, and its UI shows a meta's value as text but a
    filter's as HTML: a filter's value is escaped once more than it is read, so that it is kept
    escaped and shown as the text it is."""
    for _ in range(1 if kind == "meta" else 3):
        value = escape(value)
    return f'<meta data-pagefind-{kind}="{name}[content]" content="{value}">'


def _record(url: str, title: str, kind: str, parts: Iterable[str | None]) -> Item:
    return {"type": "AddRecord", "url": url, "content": "\n\n".join(p for p in (title, *parts) if p),
            "meta": {"title": title, "kind": kind}, "filters": {}, "sort": None}


def outputs(site: Site) -> Iterator[Output]:
    """A folder per shard ('pagefind/0/', …), and how many there are. The site's language has
    the first shards; each other language its own after them, in the order of their tags."""
    views, urls, site_language = site.views, site.urls, site.config.language
    own = views.article_languages()
    places = ([("article", slug, urls.article(slug), index_language(own.get(slug), site_language))
               for slug in views.article_slugs()]
              + [("expert", e, urls.expert(e), site_language) for e in views.expert_ids()]
              + [("topic", t, urls.topic(t), site_language) for t in views.topic_ids()]
              + [("note", n, urls.note(n), site_language) for n in views.note_slugs()])
    by_language: dict[str, list[tuple[str, str, str]]] = {site_language: []}
    for kind, key, url, language in places:
        by_language.setdefault(language, []).append((kind, key, url))

    def shard(site: Site, members: list[tuple[str, str]], language: str,
              kept: dict[str, str]) -> tuple[dict[str, bytes], dict[str, str]]:
        _read_places(site.views)
        items, kept_members = [], {}
        site.facts_ahead(key for kind, key in members if kind == "article")
        for kind, key in members:
            stop_if_called_off()
            items.append(_member(site, kind, key, kept, kept_members))
        files, keep = index_folder(items, language, kept)
        return files, {**keep, **kept_members}

    # briefgen writes the index files, and Pagefind's own files are outputs of their own (made
    # again only when the language or Pagefind change); else Pagefind's program writes them all.
    writes_own = writes_own_index()
    number = 0
    for language in [site_language, *sorted(by_language.keys() - {site_language})]:
        for members in _cut(by_language[language]):
            folder = f"{FOLDER}/{number}/"
            yield Output(folder, lambda site, kept, members=members, language=language:
                         shard(site, members, language, kept), later=True, keeps=True)
            # (Pagefind's JavaScript and CSS are the same in every language, and a wasm's name says
            # its language: a file at one of these paths is the same whatever language its shard is in)
            for name in pagefind_files.static_names(language) if writes_own else ():
                yield Output(folder + name, lambda site, name=name, language=language:
                             pagefind_static_file(language, name), later=True)
            number += 1
    def shard_count(site: Site) -> bytes:
        _read_places(site.views)
        return json.dumps({"shards": number}).encode()

    yield Output(f"{FOLDER}/{SHARDS_FILE}", shard_count, later=True)


def _read_places(views: Views) -> None:
    """Read what the shards, how many there are and which pages each holds, follow from: the
    lists of everything searchable, and the languages of the articles (the site's: read by every
    output). A shard, and the file that counts them, are made from what was listed with these."""
    views.article_slugs(), views.expert_ids(), views.topic_ids(), views.note_slugs(), views.article_languages()


def index_language(language: str | None, site_language: str) -> str:
    """The language a page is indexed in, whose stemmer its words and a search's are stemmed
    with: an article's own language when it is another than the site's (its first part: 'pt-BR'
    → 'pt'), else the site's."""
    if language is None or primary(language) == primary(site_language):
        return site_language
    return primary(language)


def _cut(places: list[tuple[str, str, str]]) -> list[list[tuple[str, str]]]:
    """The pages of one language in shards of about SHARD_WEIGHT articles' worth (at most
    MAX_SHARDS; at least one), each page's shard following from its address."""
    count = max(1, min(MAX_SHARDS, round(sum(WEIGHT[kind] for kind, _, _ in places) / SHARD_WEIGHT)))
    cut: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    for kind, key, url in places:
        cut[zlib.crc32(url.encode("utf-8")) % count].append((kind, key))
    return cut


def _member(site: Site, kind: str, key: str, kept: dict[str, str], kept_now: dict[str, str]) -> pagefind_files.Member:
    """A page of a shard: the digest of its item, and how to make the item — made now, unless it
    was kept with facts that are as they were (its page indexed then is taken as it is: the item
    is made only if that page is not kept)."""
    digest, item = kept_or_made(site, kept, kept_now, f"member:{kind}:{key}", lambda: _item(site.views, kind, key),
                                pagefind_files.item_digest)
    return pagefind_files.Member(digest, (lambda: item) if item is not None else lambda: _item(site.views, kind, key))


def _item(views: Views, kind: str, key: str) -> Item:
    corpus, urls = views.corpus, views.urls
    if kind == "article":
        return article_item(views, key)
    if kind == "expert":
        e = corpus.experts[key]
        views.expert(key)
        return _record(urls.expert(e.id), e.name, "Expert", (e.role, e.affiliation, *e.aliases))
    if kind == "topic":
        t = corpus.topics[key]
        views.topic(key)
        return _record(urls.topic(t.id), t.title, "Topic", (t.description,))
    n = views.note_document(key)
    views.note(key)
    return _record(urls.note(n.slug), n.title, "Note", (n.summary, n.document.text))


def index_folder(items: list[pagefind_files.Member], language: str, kept: dict[str, str]
                 ) -> tuple[dict[str, bytes], dict[str, str]]:
    """The files of one shard's folder, and what to keep for the next time it is made: its index
    files written by briefgen (pagefind_files) when it writes the format of the installed
    Pagefind; else all of Pagefind's files, by its program (nothing kept)."""
    if not writes_own_index():
        return write_bundle([member.make() for member in items], language), {}
    return pagefind_files.write_index(items, language, kept)


def writes_own_index() -> bool:
    """Whether briefgen writes the index files itself: the Pagefind program (whose JavaScript and
    wasm read them, and stem what is searched for) is the one whose format it writes, and
    PyStemmer stems as it does."""
    read("tool:pagefind")
    return program_identity() == OWN_FORMAT and pagefind_files.stems_as_pagefind()


OWN_FORMAT = f"pagefind {pagefind_files.FORMAT_VERSION}"  # what that program says it is (not pagefind_extended)


@functools.lru_cache(maxsize=None)
def program_identity() -> str:
    """The Pagefind program as it names itself ('pagefind 1.5.2'); '' when it cannot say
    (indexing then says why)."""
    try:
        said = subprocess.run([str(pagefind_program()), "--version"], capture_output=True, text=True, timeout=60)
    except (SearchIndexError, OSError, subprocess.SubprocessError):
        return ""
    return said.stdout.strip() if said.returncode == 0 else ""


def pagefind_static_file(language: str, name: str) -> bytes:
    """One of Pagefind's JavaScript, CSS and wasm files for an index in this language."""
    read("tool:pagefind")
    try:
        return _pagefind_static_files(language)[name]
    except KeyError:
        raise _failure(f"Pagefind did not write its file {name}: run `pip install --force-reinstall "
                       "'pagefind[bin]'`") from None


@functools.lru_cache(maxsize=None)
def _pagefind_static_files(language: str) -> dict[str, bytes]:
    """Pagefind's files for a language, as its program writes them (asked once a process, with
    an index of one record)."""
    return write_bundle([_record("/", "search", "Page", ())], language)


class SearchIndexError(BriefgenError):
    pass


def _failure(message: str) -> SearchIndexError:
    return SearchIndexError([Diagnostic(ERROR, "search-index", Location("pagefind"), message)])


def pagefind_program() -> Path:
    """The Pagefind program, found as Pagefind's Python package finds it: the one
    PAGEFIND_BINARY_PATH names, else the one pagefind[bin] installs (its extended build first), else
    one on the PATH. (Not by importing that package's service module, which imports asyncio: a
    tenth of a second in every edit's build.)"""
    program: str | Path | None = os.environ.get("PAGEFIND_BINARY_PATH")
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        if program is not None:
            break
        try:
            program = importlib.import_module(package).get_executable()
        except (ImportError, OSError):
            continue
    program = program or shutil.which("pagefind_extended") or shutil.which("pagefind")
    if program is None and importlib.util.find_spec("pagefind") is None:
        raise _failure("the search index needs Pagefind, which is not installed: "
                       "run `pip install 'pagefind[bin]'` (it comes with briefgen)")
    if program is None or not os.access(program, os.X_OK):
        where = f" at {program}" if program is not None else ""
        raise _failure(f"the Pagefind program was not found{where}: run `pip install --force-reinstall 'pagefind[bin]'`")
    return Path(program)


# A shard holds about SHARD_WEIGHT articles' worth of Pagefind's work, so that an edit indexes
# little again (a small site: one shard). What a page weighs is Pagefind's time for it beside an
# article's (its document, claims included), measured on the benchmark's corpus: an expert's or
# topic's record a sixteenth; a note's is taken as an article's.
WEIGHT = {"article": 1.0, "note": 1.0, "expert": 0.06, "topic": 0.06}
SHARD_WEIGHT = 100
# A search loads a piece of every shard's index for each word (about 25 KB): a few, not dozens
# (at most 16 for a language; a site of many languages has one or more for each).
MAX_SHARDS = 16
SHARDS_FILE = "shards.json"  # in the index's folder: how many shards the search page merges


def write_bundle(items: Iterable[Item], language: str) -> dict[str, bytes]:
    """Index the items with Pagefind: the files of one index (its "bundle"), by path. Raises
    SearchIndexError, saying why, when Pagefind cannot run or fails."""
    program = pagefind_program()
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen([str(program), "--service"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=errors)
        except OSError as exc:
            raise _failure(f"the Pagefind program {program} could not run ({exc.strerror or exc}): "
                           "run `pip install --force-reinstall 'pagefind[bin]'`") from None
        with process:  # its pipes closed and the program waited for, whatever happens
            try:
                return _Service(process).index(items, language)
            except (OSError, ValueError, KeyError) as exc:
                process.kill()
                process.wait()
                # Requests it stopped before taking stay buffered: dropped here (else closing the
                # pipes flushes them again, a BrokenPipeError out of the `with`).
                with contextlib.suppress(OSError):
                    process.stdin.close()
                errors.seek(0)
                said = errors.read().decode("utf-8", "replace").strip()
                raise _failure(f"Pagefind failed while indexing the site ({exc}){': ' + said if said else ''}") from None


class _Service:
    """A conversation with `pagefind --service`: requests and replies are base64 JSON, each
    ended by a comma. A thread sends the requests while replies are read, so neither pipe can
    fill up and stop the other."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.buffer = bytearray()

    def index(self, items: Iterable[Item], language: str) -> dict[str, bytes]:
        index_id = self._ask({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
        requests = [{**item, "index_id": index_id, "language": language} for item in items]
        requests.append({"type": "GetFiles", "index_id": index_id})
        sender = threading.Thread(target=self._send, args=(requests, 2), daemon=True)
        sender.start()
        for _ in requests:
            reply = self._reply()
        sender.join()
        # Asked for, not written by Pagefind: its own writing may not be done when it replies.
        return {str(PurePosixPath(file["path"])): base64.b64decode(file["content"]) for file in reply["files"]}

    def _ask(self, payload: dict) -> dict:
        self._send([payload], 1)
        return self._reply()

    def _send(self, payloads: list[dict], first_id: int) -> None:
        stream = self.process.stdin
        try:
            # Buffered: a write is sent whole even when a signal cuts the system's write short.
            for number, payload in enumerate(payloads, start=first_id):
                stream.write(base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode()) + b",")
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass  # Pagefind stopped: reading its replies says why

    def _reply(self) -> dict:
        searched = 0
        while (end := self.buffer.find(b",", searched)) < 0:
            searched = len(self.buffer)
            chunk = os.read(self.process.stdout.fileno(), 1 << 20)
            if not chunk:
                raise OSError("Pagefind stopped before it was done")
            self.buffer += chunk
        message = bytes(self.buffer[:end])
        del self.buffer[:end + 1]
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise ValueError(payload.get("message", "unknown error"))
        return payload
