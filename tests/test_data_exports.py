"""Someone re-uses a briefing's claims: /data/claims.json, /data/claims.csv and
/data/annotations.jsonld hold every claim as the project's YAML says it, with permalinks that
lead to the marked quote, and Web Annotations whose selectors find the quote in the article."""

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


def _page_of(site: Site, address: str):
    """The page a site address (with the base path, maybe a #fragment) leads to, and the fragment."""
    path, _, fragment = address.partition("#")
    assert path.startswith("/briefings/"), address
    return site.page(path[len("/briefings/"):] + "index.html"), fragment


def _reader_text(element: Element) -> str:
    """The text of an element as a reader reads it, without briefgen's labels after each quote."""
    return "".join(c if isinstance(c, str) else "" if "claim-tag" in c.classes else _reader_text(c)
                   for c in element.children)


def test_claims_json_holds_every_claim_as_the_yaml_says(built) -> None:
    fixture, site = built
    records = json.loads(_data(site, "claims.json"))["claims"]
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


def test_claims_csv_is_the_same_claims_as_a_spreadsheet(built) -> None:
    _, site = built
    records = json.loads(_data(site, "claims.json"))["claims"]
    rows = list(csv.DictReader(io.StringIO(_data(site, "claims.csv").decode("utf-8"), newline="")))
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    for row, record in zip(rows, records):
        assert row["quote"] == record["quote"] and row["summary"] == (record["summary"] or "")
        assert row["speaker_id"] == record["speaker"]["id"] and row["speaker_name"] == record["speaker"]["name"]
        assert row["topics"].split("; ") == [t["id"] for t in record["topics"]]
        assert row["article"] == record["article"]["slug"] and row["outlet"] == (record["outlet"] or "")
        assert row["date"] == (record["date"] or "")
        assert row["permalink"] == "https://org.github.io" + record["permalink"]  # full, to click in a spreadsheet


def test_annotations_find_each_quote_in_its_article(built) -> None:
    fixture, site = built
    collection = json.loads(_data(site, "annotations.jsonld"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["first"]["type"] == "AnnotationPage" and len(items) == len(fixture.claims())
    texts: dict[str, dict[int, str]] = {}  # per article, its text as the annotations spell it out
    records = {r["id"]: r for r in json.loads(_data(site, "claims.json"))["claims"]}
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
        body = squeeze(fold(_reader_text(page.find("article", cls="article-text"))))
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
    records = json.loads((project / "site" / "data" / "claims.json").read_bytes())["claims"]
    assert records and all(r["permalink"].startswith("/articles/") for r in records)
    rows = list(csv.DictReader(io.StringIO((project / "site" / "data" / "claims.csv").read_text(encoding="utf-8"))))
    assert [row["permalink"] for row in rows] == [r["permalink"] for r in records]
