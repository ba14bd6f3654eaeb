"""A reader follows the briefing in a feed reader: Atom feeds of the newest articles, of each
expert's and each topic's newest claims, found from every page; the same content always gives
the same feeds; without the site's full address there are none."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from conftest import Fixture, Site, build, claim_ids, copy_fixture, snapshot, write_long_project

HOST = "https://example.org"
BASE = f"{HOST}/briefings/"
ATOM = "{http://www.w3.org/2005/Atom}"
NO_DATE = "1970-01-01T00:00:00+00:00"
FEED_TYPE = "application/atom+xml"


def _project(root: Path, base_url: str | None = BASE) -> Path:
    project = copy_fixture("basic", root)
    if base_url:
        with (project / "briefgen.yaml").open("a", encoding="utf-8") as settings:
            settings.write(f"base_url: {base_url}\n")
    return project


def _feed(site: Site, path: str) -> ET.Element:
    root = ET.parse(site.root / path).getroot()
    assert root.tag == f"{ATOM}feed", path
    return root


def _links(element: ET.Element) -> dict[str, str]:
    """An Atom element's links by rel (an Atom link without one is the alternate)."""
    return {link.get("rel", "alternate"): link.get("href") for link in element.findall(f"{ATOM}link")}


def _entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def _text(element: ET.Element, tag: str) -> str:
    return element.findtext(f"{ATOM}{tag}") or ""


def _page_file(site: Site, url: str) -> tuple[str, str]:
    """The site file a full address of the site leads to, and its fragment."""
    assert url.startswith(BASE), url
    file, fragment, why = site.resolve("index.html", url.removeprefix(HOST))
    assert file, f"{url}: {why}"
    return file, fragment


def _published(meta: dict) -> str:
    return dt.datetime.combine(meta["published"], dt.time(), dt.timezone.utc).isoformat()


def test_the_site_feed_lists_the_newest_articles(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    build(project)
    site, fixture = Site(project / "site", project, "/briefings/"), Fixture(project)
    feed = _feed(site, "feed.xml")
    assert _text(feed, "id") == f"{BASE}feed.xml"
    assert _links(feed) == {"self": f"{BASE}feed.xml", "alternate": BASE}
    assert _text(feed, "title") == "Basic Briefings"
    newest = sorted(fixture.articles.values(), key=lambda a: a.meta["published"], reverse=True)
    entries = _entries(feed)
    assert [_text(e, "title") for e in entries] == [a.meta["title"] for a in newest]
    assert _text(feed, "updated") == _published(newest[0].meta)  # the newest article's date, not the clock
    for entry, article in zip(entries, newest):
        assert _text(entry, "id") == _links(entry)["alternate"] == f"{BASE}articles/{article.slug}/"
        assert _page_file(site, _text(entry, "id"))[0] == article.page
        assert _text(entry, "published") == _text(entry, "updated") == _published(article.meta)
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == article.meta["outlet"]
        summary = _text(entry, "summary")
        claims = len(article.meta["claims"])
        assert f"{claims} claim{'s' if claims != 1 else ''} by " in summary
        for speaker in {c.speaker for c in article.claims}:
            assert fixture.experts[speaker]["name"] in summary
        labels = [c.get("label") for c in entry.findall(f"{ATOM}category")]
        assert labels == [fixture.topics[t]["title"] for t in article.meta["topics"]]


def test_each_expert_and_topic_has_a_feed_of_their_newest_claims(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    build(project)
    site, fixture = Site(project / "site", project, "/briefings/"), Fixture(project)
    ids = claim_ids(site, fixture)
    permalinks = {key: f"{BASE}articles/{key[0]}/#claim-{claim_id}" for key, claim_id in ids.items()}
    subjects = [("experts", expert_id, lambda c, e=expert_id: c.speaker == e) for expert_id in fixture.experts]
    subjects += [("topics", topic_id, lambda c, t=topic_id: bool(set(c.topics) & _subtree(fixture, t)))
                 for topic_id in fixture.topics]  # a topic's claims, and those of the topics under it
    for folder, key, about in subjects:
        feed = _feed(site, f"{folder}/{key}/feed.xml")
        assert _links(feed) == {"self": f"{BASE}{folder}/{key}/feed.xml", "alternate": f"{BASE}{folder}/{key}/"}
        claims = [c for c in fixture.claims() if about(c)]
        entries = _entries(feed)
        assert sorted(_text(e, "id") for e in entries) == sorted(permalinks[(c.slug, c.index)] for c in claims)
        listed = [a.get("href") for a in site.page(f"{folder}/{key}/index.html").find_all("a", cls="in-source")]
        assert sorted(urlsplit(_text(e, "id"))._replace(scheme="", netloc="").geturl() for e in entries) == sorted(listed)
        dates = [_text(e, "published") for e in entries]
        assert dates == sorted(dates, reverse=True)  # newest first
        assert _text(feed, "updated") == (dates[0] if dates else NO_DATE)
        for entry in entries:
            claim = next(c for c in claims if permalinks[(c.slug, c.index)] == _text(entry, "id"))
            file, fragment = _page_file(site, _links(entry)["alternate"])
            assert file == fixture.articles[claim.slug].page and fragment in site.page(file).ids
            speaker = fixture.experts[claim.speaker]["name"]
            assert _text(entry, "title").startswith(f"{speaker}: ")
            assert entry.findtext(f"{ATOM}author/{ATOM}name") == speaker
            assert _text(entry, "published") == _published(fixture.articles[claim.slug].meta)
            assert [c.get("label") for c in entry.findall(f"{ATOM}category")] == [
                fixture.topics[t]["title"] for t in claim.topics]


def _subtree(fixture: Fixture, topic: str) -> set[str]:
    """The topic and every topic under it."""
    found = {topic}
    while grown := {t for t, entry in fixture.topics.items() if entry.get("parent") in found} - found:
        found |= grown
    return found


def test_every_page_links_its_feeds_and_each_link_leads_to_one(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    build(project)
    site = Site(project / "site", project, "/briefings/")
    for rel in site.html_files():
        doc = site.page(rel)
        feeds = doc.find("head").find_all("link", rel="alternate", type=FEED_TYPE)
        assert len(feeds) == len(doc.find_all("link", type=FEED_TYPE)), f"{rel}: a feed link outside <head>"
        targets = []
        for link in feeds:
            assert link.get("title"), rel
            target, _, why = site.resolve(rel, link.get("href"))
            assert target, f"{rel}: {why}"
            _feed(site, target)
            targets.append(target)
        subject = re.match(r"(experts|topics)/[^/]+/", rel)  # an expert's or a topic's page, or one of its pages
        assert targets == ["feed.xml", *([f"{subject[0]}feed.xml"] if subject else [])], rel
    for rel, feed in [("index.html", "feed.xml"), ("experts/marc-finaud/index.html", "experts/marc-finaud/feed.xml"),
                      ("topics/security/index.html", "topics/security/feed.xml")]:
        visible = site.page(rel).find("a", cls="feed-link")
        assert visible is not None and visible.text() == "Feed", rel
        assert site.resolve(rel, visible.get("href"))[0] == feed


def test_the_same_content_gives_the_same_feeds(tmp_path: Path) -> None:
    first, second = _project(tmp_path / "first"), _project(tmp_path / "second")
    build(first)
    build(second)
    feeds = {path: data for path, data in snapshot(first / "site").items() if path.endswith("feed.xml")}
    assert len(feeds) == 1 + len(Fixture(first).experts) + len(Fixture(first).topics)
    assert feeds == {path: data for path, data in snapshot(second / "site").items() if path.endswith("feed.xml")}
    shutil.rmtree(first / "site")
    shutil.rmtree(first / ".briefgen-cache", ignore_errors=True)
    build(first)
    assert all((first / "site" / path).read_bytes() == data for path, data in feeds.items())


def test_a_feed_holds_the_newest_fifty_in_the_order_of_the_pages(tmp_path: Path) -> None:
    project = write_long_project(tmp_path / "p", 60, ("the port handled {n} ships",))
    (project / "briefgen.yaml").write_text(f"title: Ports\nbase_url: {BASE}\n", encoding="utf-8")
    build(project)
    site = Site(project / "site", project, "/briefings/")
    for page, feed, cls in [("articles/index.html", "feed.xml", "article-title"),
                            ("experts/ana-lima/index.html", "experts/ana-lima/feed.xml", "in-source"),
                            ("topics/trade/index.html", "topics/trade/feed.xml", "in-source")]:
        listed = [a.get("href") for a in site.page(page).find_all("a", cls=cls)]
        entries = [urlsplit(_text(entry, "id")) for entry in _entries(_feed(site, feed))]
        assert len(listed) == 60 and len(entries) == 50, feed
        assert [entry.path + (f"#{entry.fragment}" if entry.fragment else "") for entry in entries] == listed[:50]


def test_undated_articles_and_markup_and_control_characters_in_names(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "content" / "articles").mkdir(parents=True)
    (project / "briefgen.yaml").write_text(f"title: Tom & <Jerry>\nbase_url: {BASE}\n", encoding="utf-8")
    (project / "content" / "experts.yaml").write_text("acme:\n  name: Acme & <Sons>\n  kind: organization\n",
                                                      encoding="utf-8")
    (project / "content" / "topics.yaml").write_text("trade:\n  title: Trade & <tariffs>\n", encoding="utf-8")
    (project / "content" / "articles" / "a.md").write_text(  # a control character XML cannot hold in the title
        "# Prices\x0b & <margins>\n\nAcme said “prices <will> fall & rise”.\n", encoding="utf-8")
    (project / "content" / "articles" / "a.yaml").write_text(
        "claims:\n  - speaker: acme\n    quote: \"prices <will> fall & rise\"\n"
        "    topics: [trade]\n", encoding="utf-8")
    build(project)
    site = Site(project / "site", project, "/briefings/")
    for path in ("feed.xml", "experts/acme/feed.xml", "topics/trade/feed.xml"):
        feed = _feed(site, path)
        assert _text(feed, "updated") == NO_DATE  # nothing has a date: a fixed one, never the clock
        [entry] = _entries(feed)
        assert _text(entry, "published") == _text(entry, "updated") == NO_DATE
    assert _text(_feed(site, "feed.xml"), "title") == "Tom & <Jerry>"
    assert _text(_entries(_feed(site, "feed.xml"))[0], "title") == "Prices & <margins>"
    claim = _entries(_feed(site, "experts/acme/feed.xml"))[0]
    assert _text(claim, "title") == "Acme & <Sons>: “prices <will> fall & rise”"
    assert [c.get("label") for c in claim.findall(f"{ATOM}category")] == ["Trade & <tariffs>"]


def test_without_the_sites_full_address_there_are_no_feeds(tmp_path: Path) -> None:
    for base_url in (None, "/briefings/"):
        project = _project(tmp_path / f"p{bool(base_url)}", base_url)
        build(project)
        site = Site(project / "site", project, base_url or "/")
        assert not [f for f in site.files() if f.endswith("feed.xml")]
        for rel in site.html_files():
            doc = site.page(rel)
            assert not doc.find_all("link", type=FEED_TYPE), rel
            assert doc.find("a", cls="feed-link") is None, rel
