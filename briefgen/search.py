"""The site's search index: what is searchable, and Pagefind (pagefind[bin]) writing the index.

Records are made from the model, not read back from pages: one per article (its title and
text), note, expert and topic page, and one per claim (its words and summary, found at its
permalink), each with the filters the search page offers: speaker, topic and outlet. The
Pagefind program indexes them (spoken to as `pagefind --service`, the protocol of its Python
package, without that package's polling), in shards: separate indexes in `pagefind/0/`,
`pagefind/1/`… of the site, which the /search/ page searches as one with Pagefind's UI.
Addresses carry the site's base path.

An article's record is the only one its text changes: `article_record` makes it from the
article alone, so a build that redoes one article's page can redo its record too."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import zlib
from contextlib import nullcontext
from pathlib import Path
from typing import Callable, ContextManager, Iterable, Mapping

from .errors import BriefgenError, Diagnostic, ERROR, Location
from .model import Article, Claim, Corpus, Expert, Topic
from .urls import Urls
from .sources import files_under
from .write import remove_files, replace_files, replace_folder, safe_relative

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


def claim_records(article: Article, experts: Mapping[str, Expert], topics: Mapping[str, Topic],
                  urls: Urls) -> list[Record]:
    return [claim_record(claim, article, experts, topics, urls) for claim in article.claims]


def other_records(corpus: Corpus, urls: Urls) -> list[Record]:
    """Every record but the articles': claims, then experts, topics and notes."""
    return [record for article in corpus.articles.values()
            for record in claim_records(article, corpus.experts, corpus.topics, urls)] + page_records(corpus, urls)


def page_records(corpus: Corpus, urls: Urls) -> list[Record]:
    """The records of experts', topics' and notes' pages."""
    records = [_page_record(urls.expert(e.id), e.name, "Expert", (e.role, e.affiliation, *e.aliases))
               for e in corpus.experts.values()]
    records += [_page_record(urls.topic(t.id), t.title, "Topic", (t.description,)) for t in corpus.topics.values()]
    records += [_page_record(urls.note(n.slug), n.title, "Note", (n.summary, n.document.text))
                for n in corpus.notes.values()]
    return records


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


RECORDS_PER_SHARD = 4000  # Pagefind needs about 60 KB of memory a record while it indexes
MAX_SHARDS = 8  # a search loads every shard's index: a few, not dozens
SHARDS_FILE = "shards.json"  # in the index's folder: how many shards the search page merges
PARALLEL = 2  # shards indexed at once
# Pagefind runs at a lower priority: under `serve` it indexes in the background, and a save's
# rebuild should not wait for it.
NICE = ("nice", "-n", "10") if shutil.which("nice") else ()


def shards(records: list[Record]) -> list[list[Record]]:
    """The records cut into shards: separate Pagefind indexes that the search page searches as
    one. A record's shard follows from its address, so an edit of one article's text changes one
    shard; and Pagefind, which holds a whole index in memory while it writes it, holds a shard."""
    count = max(1, min(MAX_SHARDS, -(-len(records) // RECORDS_PER_SHARD)))
    cut: list[list[Record]] = [[] for _ in range(count)]
    for record in records:
        cut[zlib.crc32(record["url"].encode("utf-8")) % count].append(record)
    return cut


def write_index(cut: list[list[Record]], folder: Path, language: str) -> None:
    """Index every shard into `folder` (shard i into folder/i/), two at a time, and say how many
    there are. Raises SearchIndexError, saying why, when Pagefind cannot run or fails."""
    _in_parallel(lambda i: write_bundle(cut[i], folder / str(i), language), range(len(cut)))
    (folder / SHARDS_FILE).write_text(json.dumps({"shards": len(cut)}), encoding="utf-8")


def update_index(site: Path, before: list[list[Record]], after: list[list[Record]], language: str,
                 still_wanted: Callable[[], ContextManager[bool]] = lambda: nullcontext(True)) -> None:
    """Index again, in an existing site, the shards whose records changed (all of them when their
    number did); each shard replaces its old one whole, if `still_wanted` then (see replace_folder)."""
    redo = [i for i in range(len(after)) if len(before) != len(after) or before[i] != after[i]]

    def redo_shard(i: int) -> None:
        replace_folder(site, f"{FOLDER}/{i}", lambda shard: write_bundle(after[i], shard, language), still_wanted)

    _in_parallel(redo_shard, redo)
    if len(before) != len(after):
        with still_wanted() as wanted:
            if wanted:
                replace_files(site, {f"{FOLDER}/{SHARDS_FILE}": json.dumps({"shards": len(after)}).encode()})
                remove_files(site, [f"{FOLDER}/{i}/{name}" for i in range(len(after), len(before))
                                    for name in files_under(site / FOLDER / str(i))])


def _in_parallel(work: Callable[[int], object], items: Iterable[int]) -> None:
    """work(item) for every item, PARALLEL at a time; the first error is raised once all stopped.
    The threads are daemons (unlike a ThreadPoolExecutor's), so that stopping `serve` while it
    indexes in the background does not wait for Pagefind."""
    waiting, errors, lock = list(items), [], threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not waiting or errors:
                    return
                item = waiting.pop(0)
            try:
                work(item)
            except BaseException as exc:  # handed to the caller
                with lock:
                    errors.append(exc)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(min(PARALLEL, len(waiting)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def write_bundle(records: Iterable[Record], folder: Path, language: str) -> int:
    """Index the records with Pagefind and write its files (one index, its "bundle") into
    `folder`; the number of records. Raises SearchIndexError, saying why, when Pagefind cannot
    run or fails."""
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
                return _Service(process).index(records, folder, language)
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

    def index(self, records: Iterable[Record], folder: Path, language: str) -> int:
        index_id = self._ask({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
        requests = [{"type": "AddRecord", "index_id": index_id, "language": language, "sort": None, **record}
                    for record in records]
        requests.append({"type": "GetFiles", "index_id": index_id})
        sender = threading.Thread(target=self._send, args=(requests, 2), daemon=True)
        sender.start()
        for _ in requests:
            reply = self._reply()
        sender.join()
        for file in reply["files"]:  # written here: Pagefind's own writing may not be done when it replies
            destination = folder / safe_relative(file["path"])
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(base64.b64decode(file["content"]))
        return len(requests) - 1

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
