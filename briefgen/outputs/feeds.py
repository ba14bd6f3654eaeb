"""Atom feeds, written with feedgen: the whole site's (its newest articles, `feed.xml`), each
expert's (their newest claims, `experts/<id>/feed.xml`) and each topic's (`topics/<id>/feed.xml`).

A feed holds full addresses, so there are feeds only when base_url is a full http(s) address
(as for the sitemap). They show nothing of the clock: every date is an article's, and a feed or
entry without any is dated NO_DATE, so the same content gives the same bytes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from ..model import Claim
from ..urls import Urls
from ..views import ArticleView, ClaimView, ExpertView, TopicView, Views
from . import Output, Site, has_full_address
from .html import SITE_FEED

if TYPE_CHECKING:
    from feedgen.entry import FeedEntry

# feedgen (and the lxml and dateutil it brings) is imported when a feed is written: a rebuild
# that writes none does not pay for it.
FEED_ENTRIES = 50  # the newest; the pages show the rest
TITLE_QUOTE = 80  # characters of a claim's words in its entry's title
NO_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
ATOM = "application/atom+xml"
# the characters XML 1.0 cannot hold: control characters but tab and newlines, surrogates, U+FFFE and U+FFFF
# (named as they are, not as the complement of those it can: that class takes 10 ms to compile)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Feed:
    """A feed as pages link to it, and what it is about."""

    title: str
    subtitle: str
    path: str  # in the site: 'experts/x/feed.xml'
    url: str  # root-relative, as pages link: '/briefings/experts/x/feed.xml'
    page: str  # the page it follows, root-relative: '/briefings/experts/x/'


def feed_of(page: str, title: str, subtitle: str, urls: Urls) -> Feed:
    """The feed of the page at site path `page` ('' for the home page, 'experts/x/', …)."""
    return Feed(title, subtitle, page + SITE_FEED, urls.page(page + SITE_FEED), urls.page(page))


def expert_feed(expert: ExpertView, page: str, urls: Urls) -> Feed:
    """The feed of an expert's claims, beside their page at `page`."""
    return feed_of(page, f"Claims by {expert.name}", ", ".join(filter(None, (expert.role, expert.affiliation))), urls)


def topic_feed(topic: TopicView, page: str, urls: Urls) -> Feed:
    """The feed of the claims on a topic, beside its page at `page`."""
    return feed_of(page, f"Claims on {topic.title}", topic.description, urls)


def outputs(site: Site) -> Iterator[Output]:
    if not has_full_address(site.urls):
        return
    yield Output(SITE_FEED, site_feed)
    for expert_id in site.views.expert_ids():
        yield Output(f"experts/{expert_id}/{SITE_FEED}", lambda site, expert_id=expert_id: claims_feed(
            site, expert_feed(site.views.expert(expert_id), f"experts/{expert_id}/", site.urls),
            newest_claims(site.views, site.views.expert_claims(expert_id))))
    for topic_id in site.views.topic_ids():
        yield Output(f"topics/{topic_id}/{SITE_FEED}", lambda site, topic_id=topic_id: claims_feed(
            site, topic_feed(site.views.topic(topic_id), f"topics/{topic_id}/", site.urls),
            newest_claims(site.views, site.views.topic_claims(topic_id))))


def newest_claims(views: Views, claims: Iterable[Claim]) -> list[ClaimView]:
    """The newest of these claims (they come newest first); a claim that several sources carry
    stands once, its newest copy, as on the expert's and topic's pages."""
    return views.newest_once(claims, FEED_ENTRIES)


def site_feed(site: Site) -> bytes:
    """feed.xml (the site's feed, as every page links it): an entry per newest article, linking to
    its page here, with the names of its speakers."""
    views, urls = site.views, site.urls
    feed = feed_of("", site.config.title, site.config.description, urls)
    entries = []
    for slug in views.article_slugs()[:FEED_ENTRIES]:
        article = views.article(slug)
        names = [views.expert(s).name for s in dict.fromkeys(c.speaker_id for c in views.article_claims(slug))]
        counted = f"{article.claim_count} claim{'s' if article.claim_count != 1 else ''}"
        entry = _entry(urls.full(article.url), article.title, article.published,
                       [_source(article), article.description, f"{counted} by {', '.join(names)}." if names else ""],
                       article.topics, urls)
        if article.outlet:
            entry.author(name=_xml(article.outlet))
        entries.append(entry)
    return _write(feed, feed.title, site, entries)


def claims_feed(site: Site, feed: Feed, claims: list[ClaimView]) -> bytes:
    """An expert's or topic's feed: an entry per claim, linking to its place in its article."""
    urls = site.urls
    entries = []
    for claim in claims:
        source = _source(claim.article)
        where = f"In “{claim.article.title}”" + (f" ({source})." if source else ".")
        entry = _entry(urls.full(claim.url), f"{claim.speaker.name}: {_quoted(claim, TITLE_QUOTE)}",
                       claim.article.published, [_quoted(claim), claim.summary, where], claim.topics, urls)
        entry.author(name=_xml(claim.speaker.name), uri=urls.full(claim.speaker.url))
        entries.append(entry)
    return _write(feed, f"{feed.title} · {site.config.title}", site, entries)


def _entry(url: str, title: str, published: str, lines: list[str], topics: tuple[TopicView, ...],
           urls: Urls) -> FeedEntry:
    from feedgen.entry import FeedEntry

    entry = FeedEntry()
    entry.id(url)
    entry.title(_xml(title))
    entry.link(href=url)  # feedgen 1.0 writes an entry's links with their address alone: no second one
    date = _date(published)
    entry.published(date)
    entry.updated(date)
    entry.summary(_xml("\n\n".join(line for line in lines if line)))
    for topic in topics:
        entry.category(term=topic.id, label=_xml(topic.title), scheme=urls.full(urls.topics()))
    return entry


def _write(feed: Feed, title: str, site: Site, entries: list[FeedEntry]) -> bytes:
    from feedgen.feed import FeedGenerator

    urls = site.urls
    generator = FeedGenerator()
    generator.id(urls.full(feed.url))
    generator.title(_xml(title))
    if feed.subtitle:
        generator.subtitle(_xml(feed.subtitle))
    generator.link(href=urls.full(feed.page), rel="alternate", type="text/html")
    generator.link(href=urls.full(feed.url), rel="self", type=ATOM)
    generator.author(name=_xml(site.config.title), uri=urls.full(urls.home()))
    generator.language(site.config.language)
    generator.generator("briefgen")  # not feedgen's default, which names its version
    generator.updated(max((entry.updated() for entry in entries), default=NO_DATE))
    for entry in entries:
        generator.add_entry(entry, order="append")
    return generator.atom_str(pretty=True)


def _date(iso: str) -> dt.datetime:
    """An article's date as the start of that day in UTC; NO_DATE when it has none."""
    return dt.datetime.combine(dt.date.fromisoformat(iso), dt.time(), dt.timezone.utc) if iso else NO_DATE


def _source(article: ArticleView) -> str:
    """'Outlet, 15 January 2022', or what there is of it."""
    return ", ".join(part for part in (article.outlet, article.published_display) if part)


def _quoted(claim: ClaimView, limit: int | None = None) -> str:
    """The claim's words, cut at a word before `limit` characters; in quotation marks when direct."""
    words = claim.quote
    if limit is not None and len(words) > limit:
        words = words[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return f"“{words}”" if claim.kind == "direct" else words


def _xml(text: str) -> str:
    """The text without the characters XML cannot hold (control characters)."""
    return _NOT_XML.sub("", text)
