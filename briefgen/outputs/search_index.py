"""The site's search index: what is searchable, and Pagefind (pagefind[bin]) writing the index.

Records are made from the model, not read back from pages: one per article (its title and
text), note, expert and topic page, and one per claim (its words and summary, found at its
permalink), each with the filters the search page offers: speaker, topic and outlet. The
Pagefind program indexes them (spoken to as `pagefind --service`, the protocol of its Python
package, without that package's polling), in shards: separate indexes in `pagefind/0/`,
`pagefind/1/`… of the site, which the /search/ page searches as one with Pagefind's UI.
Addresses carry the site's base path.

Each shard is an output (a folder of Pagefind's files) that reads only the facts of its own
records, and holds about 150 articles' worth of them (at most 8 shards): an edit of one
article's text indexes one small shard again."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import zlib
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator, Mapping

from ..errors import BriefgenError, Diagnostic, ERROR, Location
from ..model import Article, Claim, Corpus, Expert, Topic
from ..urls import Urls
from ..views import Views
from . import Output, Site

FOLDER = "pagefind"  # in the site
Record = dict  # Pagefind's AddRecord: url, content, meta, filters (language added when written)


def _filters(speakers: Iterable[str], topics: Iterable[str], outlet: str | None) -> dict[str, list[str]]:
    found = {"speaker": sorted(set(speakers)), "topic": sorted(set(topics)), "outlet": [outlet] if outlet else []}
    return {name: values for name, values in found.items() if values}


def article_record(article: Article, experts: Mapping[str, Expert], topics: Mapping[str, Topic], urls: Urls) -> Record:
    """An article's page: its title and description, then its text."""
    meta = {"title": article.title, "kind": "Article"}
    if article.outlet:
        meta["outlet"] = article.outlet
    if article.published:
        meta["date"] = article.published.isoformat()
    topic_ids = {*article.topics, *(t for c in article.claims for t in c.topics)}
    return {"url": urls.article(article.slug), "content": article_content(article), "meta": meta,
            "filters": _filters((experts[c.speaker].name for c in article.claims),
                                (topics[t].title for t in topic_ids), article.outlet)}


def article_content(article: Article) -> str:
    """Its title (unless its text starts with it, as a heading), description and text."""
    title = None if article.text.startswith(article.title) else article.title
    return "\n\n".join(part for part in (title, article.description, article.text) if part)


def claim_record(claim: Claim, article: Article, experts: Mapping[str, Expert], topics: Mapping[str, Topic],
                 urls: Urls) -> Record:
    """A claim at its place in its article: its words and summary, under the name of who said it."""
    speaker = experts[claim.speaker].name
    source = ", ".join(part for part in (article.outlet or article.title,
                                         article.published.isoformat() if article.published else "") if part)
    return {"url": urls.claim(article.slug, claim.id),
            "content": "\n\n".join(part for part in (claim.quote, claim.summary) if part),
            "meta": {"title": f"{speaker} ({source})", "kind": "Claim"},
            "filters": _filters([speaker], (topics[t].title for t in claim.topics), article.outlet)}


def _page_record(url: str, title: str, kind: str, parts: Iterable[str | None]) -> Record:
    return {"url": url, "content": "\n\n".join(p for p in (title, *parts) if p), "meta": {"title": title, "kind": kind},
            "filters": {}}


def outputs(site: Site) -> Iterator[Output]:
    """A folder per shard ('pagefind/0/', …), and how many there are."""
    views, urls, corpus = site.views, site.urls, site.views.corpus
    places = ([("article", slug, urls.article(slug)) for slug in corpus.articles]
              + [("claim", c.ref, urls.claim(c.article, c.id)) for c in corpus.claims()]
              + [("expert", e, urls.expert(e)) for e in corpus.experts]
              + [("topic", t, urls.topic(t)) for t in corpus.topics]
              + [("note", n, urls.note(n)) for n in corpus.notes])
    count = max(1, min(MAX_SHARDS, round(sum(WEIGHT[kind] for kind, _, _ in places) / SHARD_WEIGHT)))
    cut: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    for kind, key, url in places:  # a record's shard follows from its page's address: a claim's is its article's
        cut[zlib.crc32(url.partition("#")[0].encode("utf-8")) % count].append((kind, key))
    def shard(members: list[tuple[str, str]]) -> dict[str, bytes]:
        # Which records a shard holds follows from the lists of everything searchable.
        views.article_slugs(), views.claim_list(), views.expert_ids(), views.topic_ids(), views.note_slugs()
        return write_bundle([_record(views, kind, key) for kind, key in members], site.config.language)

    for number, members in enumerate(cut):
        yield Output(f"{FOLDER}/{number}/", lambda members=members: shard(members))
    yield Output(f"{FOLDER}/{SHARDS_FILE}", lambda: json.dumps({"shards": count}).encode())


def _record(views: Views, kind: str, key: str) -> Record:
    corpus, urls = views.corpus, views.urls
    if kind == "article":
        views.article_claims(key)
        return article_record(views.article_text(key), _named(views, corpus.experts), _named(views, corpus.topics), urls)
    if kind == "claim":
        view = views.claim(key)
        view.article, view.speaker, view.topics
        claim = corpus.claim(key)
        return claim_record(claim, corpus.articles[claim.article], corpus.experts, corpus.topics, urls)
    if kind == "expert":
        e = corpus.experts[key]
        views.expert(key)
        return _page_record(urls.expert(e.id), e.name, "Expert", (e.role, e.affiliation, *e.aliases))
    if kind == "topic":
        t = corpus.topics[key]
        views.topic(key)
        return _page_record(urls.topic(t.id), t.title, "Topic", (t.description,))
    n = views.note_document(key)
    views.note(key)
    return _page_record(urls.note(n.slug), n.title, "Note", (n.summary, n.document.text))


class _named(dict):
    """The experts or topics by id, each look-up read as a fact."""

    def __init__(self, views: Views, things: Mapping):
        super().__init__(things)
        self.views = views

    def __getitem__(self, key: str):
        (self.views.expert if isinstance(super().__getitem__(key), Expert) else self.views.topic)(key)
        return super().__getitem__(key)


class SearchIndexError(BriefgenError):
    pass


def _failure(message: str) -> SearchIndexError:
    return SearchIndexError([Diagnostic(ERROR, "search-index", Location("pagefind"), message)])


def pagefind_program() -> Path:
    """The Pagefind program that pagefind[bin] installs (or PAGEFIND_BINARY_PATH names)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise _failure("the search index needs Pagefind, which is not installed: "
                       "run `pip install 'pagefind[bin]'` (it comes with briefgen)") from None
    program = get_executable()
    if program is None or not os.access(program, os.X_OK):
        where = f" at {program}" if program is not None else ""
        raise _failure(f"the Pagefind program was not found{where}: run `pip install --force-reinstall 'pagefind[bin]'`")
    return Path(program)


# A shard holds about SHARD_WEIGHT articles' worth of Pagefind's work, so that an edit indexes
# little again (a small site: one shard). What a record weighs is Pagefind's time for it beside an
# article's, measured on the benchmark's corpus: a claim's an eighth, an expert's or topic's a
# sixteenth; a note's is taken as an article's.
WEIGHT = {"article": 1.0, "claim": 0.13, "note": 1.0, "expert": 0.06, "topic": 0.06}
SHARD_WEIGHT = 150
MAX_SHARDS = 8  # a search loads every shard's index: a few, not dozens
SHARDS_FILE = "shards.json"  # in the index's folder: how many shards the search page merges
# Pagefind runs at a lower priority: under `serve` it indexes in the background, and a save's
# rebuild should not wait for it.
NICE = ("nice", "-n", "10") if shutil.which("nice") else ()


def write_bundle(records: Iterable[Record], language: str) -> dict[str, bytes]:
    """Index the records with Pagefind: the files of one index (its "bundle"), by path. Raises
    SearchIndexError, saying why, when Pagefind cannot run or fails."""
    program = pagefind_program()
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen([*NICE, str(program), "--service"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=errors,
                                       bufsize=0)  # unbuffered: nothing left to send at the end
        except OSError as exc:
            raise _failure(f"the Pagefind program {program} could not run ({exc.strerror or exc}): "
                           "run `pip install --force-reinstall 'pagefind[bin]'`") from None
        with process:  # its pipes closed and the program waited for, whatever happens
            try:
                return _Service(process).index(records, language)
            except (OSError, ValueError, KeyError) as exc:
                process.kill()
                process.wait()
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

    def index(self, records: Iterable[Record], language: str) -> dict[str, bytes]:
        index_id = self._ask({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
        requests = [{"type": "AddRecord", "index_id": index_id, "language": language, "sort": None, **record}
                    for record in records]
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
            for number, payload in enumerate(payloads, start=first_id):
                stream.write(base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode()) + b",")
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
