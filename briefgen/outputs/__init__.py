"""What a site is made of: every kind of output registers here, each in its own module, and says
which files it makes from the site's views (`outputs(site)`). The engine asks each for its
outputs, and makes those whose recorded reads changed; an output module never sees the engine.

An Output is a file of the site and the function that makes its bytes from the site — or, for a
path ending in '/', a folder and the function that makes its files (the search index's shards).
Whatever `make` reads of the site (views, site-wide values, templates, files) is recorded as it
is read; and so is what listing the outputs read (the lists of articles, experts, topics and
notes, the pages an expert's claims take, the settings, the static files' names): while none of
that changed, `serve` keeps the list of outputs from one save to the next, and makes them from
the site of the save (`make(site)`), never from the one they were listed with.
An output may keep texts from one making to the next (`keeps`), by key: `make(site, kept)` is
given what it kept last time (a Mapping of texts, each read from the state when asked for; empty,
or texts not as it wrote them, which it must ignore; the engine's, engine.state.KeptTexts, also
reads several at once, `read_ahead(keys)`, and says which facts changed since, `changed`) and
returns its data with what to keep: texts
by key, or AS_KEPT for a text to keep as it was without reading it (the engine stores only the
texts that changed, and forgets the keys not returned). What it makes must not depend on it, only how fast: a search shard keeps each page as
indexed, and indexes again only those that changed. A piece of an output made from facts of its
own (a shard's item for an article, a data file's annotations of one article) is kept with the
facts it read (`kept_or_made`), and made again only when one of them changed.
An output no reader's page waits for (the search index, the data files) says so (`later`):
`serve` makes it after the browser has reloaded the pages."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet, Callable, Iterable, Iterator, Mapping, NamedTuple, TypeVar

from ..config import SiteConfig
from ..engine.reads import Remembered, read, read_all, recording
from ..urls import Urls
from ..views import Views


class Output(NamedTuple):
    path: str  # in the site: 'experts/x/index.html'; a folder 'pagefind/0/' when `make` gives files
    make: Callable[..., bytes | dict[str, bytes]]  # make(site); make(site, kept) → (data, to keep) if it keeps
    later: bool = False  # made after the pages under serve: no page shows it
    keeps: bool = False  # it keeps texts from one making to the next (a search shard: its pages as indexed)


@dataclass
class Site:
    """What every output is made from: the settings, the views of the content, the theme's and the
    project's files, and what the other outputs are (the sitemap lists the pages)."""

    config: SiteConfig
    views: Views
    templates: dict[str, Path]  # by name ('base.html'), the project's own winning over the theme's
    files: dict[str, Path]  # copied into the site as they are: the theme's assets, the project's static files
    remembered: Remembered = field(default_factory=Remembered)  # values several outputs share
    pages: list[str] = field(default_factory=list)  # every page file of the site, once the outputs are known
    # the hash of each fact as the build knows it (None: not known); set by the engine
    fact: Callable[[str], str | None] = lambda key: None
    # said of the articles whose facts an output is about to ask for (by `fact`), that the engine
    # may read them at once
    facts_ahead: Callable[[Iterable[str]], None] = lambda slugs: None
    # the facts changed since the output at this path kept its texts, when the engine knows them
    changed: Callable[[str], AbstractSet[str] | None] = lambda path: None

    def facts_digest(self, keys: list[str]) -> str | None:
        """A digest of these facts' hashes as they are now (None if one is not known): what an
        output may keep beside what it made from them, to know later that they are as they were."""
        hashes = [self.fact(key) for key in keys]
        if any(h is None for h in hashes):
            return None
        return hashlib.blake2b(repr(list(zip(keys, hashes))).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    @property
    def urls(self) -> Urls:
        return self.views.urls

    def page_files(self) -> list[str]:
        read("list:outputs")
        return self.pages

    def file_names(self) -> list[str]:
        """The names of the files copied into the site as they are (the theme's and the project's)."""
        read("list:files")
        return sorted(self.files)


T = TypeVar("T")


class _AsKept:
    def __repr__(self) -> str:
        return "AS_KEPT"


AS_KEPT = _AsKept()  # what an output keeps (Output.keeps) under a key whose text is to stay as it was kept


def kept_or_made(site: Site, kept: Mapping[str, str], kept_now: dict[str, str], name: str,
                 make: Callable[[], T], data: Callable[[T], str | list[str]], shape: type = str
                 ) -> tuple[str | list[str], T | None]:
    """A piece of an output that keeps texts (Output.keeps), as plain data of its `shape` (a text,
    or a list of texts): `data` of what `make` makes. When it was kept, under `name`, with the facts it read,
    and those are as they are now, its data is taken as kept (those facts read again) and nothing
    is made: (its data, None). Else it is made, what it reads recorded: (its data, what was made).
    Either way what to keep of it goes into `kept_now`. When `kept` says which facts changed since
    it was kept (KeptTexts.changed), those are compared with what it read, without the digest."""
    try:
        was, reads, facts = json.loads(kept[name])
        changed = getattr(kept, "changed", None)
        known = (type(was) is shape and (shape is str or all(type(w) is str for w in was))
                 and type(reads) is list and all(type(r) is str for r in reads) and facts is not None
                 and (changed.isdisjoint(reads) if changed is not None else facts == site.facts_digest(reads)))
    except (KeyError, TypeError, ValueError, RecursionError):
        known = False
    if known:
        read_all(set(reads))
        kept_now[name] = kept[name]
        return was, None
    with recording() as reads:
        made = make()
    reads = sorted(reads | {"settings"})  # (as every output reads)
    now = data(made)
    kept_now[name] = json.dumps([now, reads, site.facts_digest(reads)], ensure_ascii=False)
    return now, made


def has_full_address(urls: Urls) -> bool:
    return urls.base_url.startswith(("http://", "https://"))


def kinds() -> list[Callable[[Site], Iterator[Output]]]:
    """Every kind of output, in the order the site lists them. A new kind: its module, and a line here."""
    from . import (article_pages, charts, data_files, expert_pages, feeds, list_pages, note_pages, search_index,
                   sitemap, static_files, topic_pages)

    return [list_pages.outputs, note_pages.outputs, article_pages.outputs, expert_pages.outputs,
            topic_pages.outputs, charts.outputs, feeds.outputs, static_files.outputs, sitemap.outputs, data_files.outputs,
            search_index.outputs]


def tool_facts() -> dict[str, str]:
    """What outputs are made with beside the content, as facts ('tool:…'): the programs whose
    version changes what they make (the search index: Pagefind's)."""
    from . import search_index

    return {"tool:pagefind": search_index.program_identity()}


def every_output(site: Site) -> tuple[dict[str, Output], set[str]]:
    """The site's outputs by path, and what listing them read; two that claim one path are
    refused (write.OutputPathError)."""
    from ..write import OutputPathError, check_relative

    found: dict[str, Output] = {}
    with recording() as reads:
        read("settings")  # the addresses and whether there are feeds, a sitemap, a CNAME
        for kind in kinds():
            for output in kind(site):
                check_relative(output.path)
                if output.path in found:
                    raise OutputPathError(f"the page '{output.path}' would overwrite another page or file of the site")
                found[output.path] = output
    site.pages = [path for path in found if path.endswith(".html")]
    return found, reads
