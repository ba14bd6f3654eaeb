"""Someone re-uses a briefing's claims: /data/claims.json lists the parts (a month of articles
each) that hold every claim as the project's YAML says it, with permalinks that lead to the marked
quote, in the order of the table of claims; /data/claims.csv and the parts' CSV files hold the same
rows; /data/annotations.jsonld is a W3C AnnotationCollection whose pages, linked first to last,
hold every claim once as a Web Annotation whose selectors find the quote in the article.
(tests/test_data_parts.py: a large site's months cut in parts, and what an edit rewrites.)"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Element, Fixture, Site, build, copy_fixture, fold, marked_text, marks_by_claim, squeeze

BASE_URL = "https://org.github.io/briefings/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Fixture, Site]:
    project = copy_fixture("basic", tmp_path_factory.mktemp("exports") / "basic")
    build(project, "--base-url", BASE_URL)
    return Fixture(project), Site(project / "site", project=project, base_path="/briefings/")


def _data(site: Site, name: str) -> bytes:
    return (site.root / "data" / name).read_bytes()


def _file(site: Site, address: str) -> bytes:
    """A file of the site by its address (the site's own, or full)."""
    path = address.removeprefix("https://org.github.io").removeprefix(site.base_path)
    assert not path.startswith(("/", "http")), address
    return (site.root / path).read_bytes()


def _index(site: Site) -> dict:
    return json.loads(_data(site, "claims.json"))


def _claims(site: Site) -> list[dict]:
    """Every claim, from the parts the index lists, in its order; each part holds as many as it says."""
    records = []
    for part in _index(site)["parts"]:
        claims = json.loads(_file(site, part["url"]))["claims"]
        assert len(claims) == part["claims"], part
        records += claims
    return records


def _pages(site: Site) -> tuple[dict, list[dict]]:
    """The AnnotationCollection, and its pages from first to last by their `next` links."""
    collection = json.loads(_data(site, "annotations.jsonld"))
    pages, address = [], collection.get("first")
    while address:
        page = json.loads(_file(site, address))
        assert page["id"] == address and len(pages) < 100
        pages.append(page)
        address = page.get("next")
    return collection, pages


def _page_of(site: Site, address: str):
    """The page a site address (with the base path, maybe a #fragment) leads to, and the fragment."""
    path, _, fragment = address.partition("#")
    assert path.startswith("/briefings/"), address
    return site.page(path[len("/briefings/"):] + "index.html"), fragment


def _reader_text(element: Element) -> str:
    """The text of an element as a reader reads it, without briefgen's labels before and after each quote."""
    return "".join(c if isinstance(c, str) else "" if {"claim-tag", "who"} & c.classes else _reader_text(c)
                   for c in element.children)


def test_claims_json_holds_every_claim_as_the_yaml_says(built) -> None:
    fixture, site = built
    records = _claims(site)
    assert len(records) == len(fixture.claims())
    assert len({r["id"] for r in records}) == len(records)
    by_quote = {(c.slug, fold(c.quote)): c for c in fixture.claims()}
    for record in records:
        claim = by_quote[(record["article"]["slug"], fold(record["quote"]))]
        meta = fixture.articles[claim.slug].meta
        assert record["speaker"]["id"] == claim.speaker
        assert record["speaker"]["name"] == fixture.experts[claim.speaker]["name"]
        assert [t["id"] for t in record["topics"]] == claim.topics
        assert [t["title"] for t in record["topics"]] == [fixture.topics[t]["title"] for t in claim.topics]
        assert record["kind"] == (claim.kind or record["kind"]) and record["kind"] in ("direct", "paraphrase")
        assert record["outlet"] == meta.get("outlet")
        assert record["date"] == (str(meta["published"]) if meta.get("published") else None)
        assert record["article"]["title"] == meta["title"]
        assert record["article"]["source_url"] == meta.get("url")
        if claim.given_id:
            assert record["id"] == f"{claim.slug}#{claim.given_id}"
        # every address leads to a page of the site; the permalink to the marked quote
        page, anchor = _page_of(site, record["permalink"])
        marks = marks_by_claim(page)
        assert anchor and page.find(id=anchor) is not None, record["permalink"]
        assert squeeze(fold(marked_text(marks[anchor.removeprefix("claim-")]))) == squeeze(fold(record["quote"]))
        for address in (record["speaker"]["url"], record["article"]["url"], *(t["url"] for t in record["topics"])):
            _page_of(site, address)


def _table_order(site: Site) -> list[str]:
    """The permalinks of every claim in the order of the table of claims, page after page."""
    order, number = [], 1
    while (site.root / (page := "claims/" if number == 1 else f"claims/page/{number}/") / "index.html").is_file():
        order += [row.find("a").get("href") for row in site.page(page + "index.html").find("tbody").find_all("tr")]
        number += 1
    return order


def test_the_parts_are_months_newest_first_in_the_order_of_the_table(built) -> None:
    fixture, site = built
    index = _index(site)
    assert index["site"] == {"title": "Basic Briefings", "url": BASE_URL}
    names = [part["part"] for part in index["parts"]]
    assert names == ["2024-03", "2024-01", "2023-08"]  # the fixture's months, newest first
    records = _claims(site)
    assert index["count"] == len(records) == len(fixture.claims())
    assert [r["permalink"] for r in records] == _table_order(site)
    for part in index["parts"]:
        assert part["url"] == f"/briefings/data/claims/{part['part']}.json"
        assert part["csv"] == f"/briefings/data/claims/{part['part']}.csv"
        claims = json.loads(_file(site, part["url"]))["claims"]
        assert claims and all(r["date"][:7] == part["month"] == part["part"] for r in claims)
    # no other file: the folder holds the parts the index lists
    assert sorted(p.name for p in (site.root / "data" / "claims").iterdir()) == sorted(
        f"{name}.{ext}" for name in names for ext in ("json", "csv"))
    assert sorted(p.name for p in (site.root / "data" / "annotations").iterdir()) == sorted(
        f"{name}.jsonld" for name in names)


def _csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_claims_csv_is_the_same_claims_as_a_spreadsheet(built) -> None:
    _, site = built
    records = _claims(site)
    rows = _csv(_data(site, "claims.csv"))  # a small site: every claim in one file too
    parts = [_file(site, part["csv"]) for part in _index(site)["parts"]]
    assert len({data.split(b"\r\n", 1)[0] for data in parts}) == 1  # one header
    assert [row for data in parts for row in _csv(data)] == rows
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    for row, record in zip(rows, records):
        assert row["quote"] == record["quote"] and row["summary"] == (record["summary"] or "")
        assert row["speaker_id"] == record["speaker"]["id"] and row["speaker_name"] == record["speaker"]["name"]
        assert row["topics"].split("; ") == [t["id"] for t in record["topics"]]
        assert row["article"] == record["article"]["slug"] and row["outlet"] == (record["outlet"] or "")
        assert row["date"] == (record["date"] or "")
        assert row["permalink"] == "https://org.github.io" + record["permalink"]  # full, to click in a spreadsheet


def test_the_annotation_pages_are_linked_first_to_last_and_hold_every_claim_once(built) -> None:
    _, site = built
    collection, pages = _pages(site)
    where = BASE_URL + "data/annotations.jsonld"
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["id"] == where
    assert collection["label"] == "Claims in Basic Briefings"
    names = [part["part"] for part in _index(site)["parts"]]  # the same parts as the claims'
    assert [page["id"] for page in pages] == [f"{BASE_URL}data/annotations/{name}.jsonld" for name in names]
    assert collection["first"] == pages[0]["id"] and collection["last"] == pages[-1]["id"]
    for number, page in enumerate(pages):
        assert page["@context"] == "http://www.w3.org/ns/anno.jsonld" and page["type"] == "AnnotationPage"
        assert page["partOf"]["id"] == where
        assert page.get("prev") == (pages[number - 1]["id"] if number else None)
        assert page.get("next") == (pages[number + 1]["id"] if number + 1 < len(pages) else None)
    items = [item for page in pages for item in page["items"]]
    permalinks = ["https://org.github.io" + r["permalink"] for r in _claims(site)]
    assert [item["id"] for item in items] == permalinks  # each once, in the order of the table
    assert collection["total"] == len(items)


def test_annotations_find_each_quote_in_its_article(built) -> None:
    fixture, site = built
    _, pages = _pages(site)
    items = [item for page in pages for item in page["items"]]
    assert len(items) == len(fixture.claims())
    texts: dict[str, dict[int, str]] = {}  # per article, its text as the annotations spell it out
    records = {r["id"]: r for r in _claims(site)}
    for item in items:
        assert item["type"] == "Annotation" and item["id"].startswith(BASE_URL + "articles/")
        slug_and_id = item["id"][len(BASE_URL + "articles/"):].replace("/#claim-", "#")
        record = records[slug_and_id]
        purposes = {(b["purpose"], b.get("value") or b["source"]["label"]) for b in item["body"]}
        assert ("identifying", record["speaker"]["name"]) in purposes
        assert {("tagging", t["title"]) for t in record["topics"]} <= purposes
        target = item["target"] if isinstance(item["target"], list) else [item["target"]]
        assert all(t["source"] == BASE_URL + "articles/" + record["article"]["slug"] + "/" for t in target)
        selectors = [{s["type"]: s for s in t["selector"]} for t in target]
        exact = " ".join(s["TextQuoteSelector"]["exact"] for s in selectors)
        assert squeeze(fold(exact)) == squeeze(fold(record["quote"]))
        page, _ = _page_of(site, record["article"]["url"])
        body = squeeze(fold(_reader_text(page.find("h1"))  # the headline the text opens with, if it does
                            + _reader_text(page.find("article", cls="article-text"))))
        for s in selectors:
            quote, position = s["TextQuoteSelector"], s["TextPositionSelector"]
            assert position["end"] - position["start"] == len(quote["exact"])
            assert squeeze(fold(quote["prefix"] + quote["exact"] + quote["suffix"])) in body  # as the reader sees it
            spelled = texts.setdefault(record["article"]["slug"], {})
            for offset, char in enumerate(quote["prefix"] + quote["exact"] + quote["suffix"],
                                          start=position["start"] - len(quote["prefix"])):
                assert spelled.setdefault(offset, char) == char, "two annotations place different text at one position"


def test_data_files_are_written_without_a_full_address_too(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    build(project)
    site = Site(project / "site", project=project)
    index = _index(site)
    assert index["site"]["url"] == "/" and index["parts"][0]["url"] == f"/data/claims/{index['parts'][0]['part']}.json"
    records = _claims(site)
    assert records and all(r["permalink"].startswith("/articles/") for r in records)
    rows = _csv(_data(site, "claims.csv"))
    assert [row["permalink"] for row in rows] == [r["permalink"] for r in records]
    collection, pages = _pages(site)
    assert collection["id"] == "/data/annotations.jsonld" and collection["first"] == "/data/annotations/2024-03.jsonld"
    assert [item["id"] for page in pages for item in page["items"]] == [r["permalink"] for r in records]
