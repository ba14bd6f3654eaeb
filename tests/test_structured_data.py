"""Search engines and other programs read who said what from the pages' schema.org data (JSON-LD):
each article page describes its article and quotes each claim; each expert page describes the
expert. The data says exactly what the annotations say, and nothing in it can end its <script>."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Fixture, Site, build, claim_ids, copy_fixture, fold

HOST = "https://example.org"
BASE = f"{HOST}/briefings/"
LD_JSON = "application/ld+json"


def _built(root: Path, base_url: str | None = BASE) -> tuple[Site, Fixture]:
    project = copy_fixture("basic", root)
    if base_url:
        with (project / "briefgen.yaml").open("a", encoding="utf-8") as settings:
            settings.write(f"base_url: {base_url}\n")
    build(project)
    return Site(project / "site", project, "/briefings/" if base_url else "/"), Fixture(project)


def _data(site: Site, rel: str) -> dict:
    """The page's one JSON-LD block, in its <head>, parsed."""
    doc = site.page(rel)
    [block] = doc.find_all("script", type=LD_JSON)
    assert block in doc.find("head").iter()
    return json.loads(block.text())


def _agent_type(expert: dict) -> str:
    return "Organization" if expert.get("kind") == "organization" else "Person"


def test_an_article_page_describes_the_article_and_quotes_its_claims(tmp_path: Path) -> None:
    site, fixture = _built(tmp_path / "p")
    ids = claim_ids(site, fixture)
    for article in fixture.articles.values():
        data = _data(site, article.page)
        assert data["@context"] == "https://schema.org"
        described, *quotations = data["@graph"]
        url = f"{BASE}articles/{article.slug}/"
        meta = article.meta
        assert described["@type"] == "Article" and described["@id"] == described["url"] == url
        assert described["headline"] == meta["title"]
        assert described["datePublished"] == meta["published"].isoformat()
        assert described["publisher"] == {"@type": "Organization", "name": meta["outlet"]}
        assert described["isBasedOn"] == meta["url"]
        assert [t["name"] for t in described["about"]] == [fixture.topics[t]["title"] for t in meta["topics"]]
        assert len(quotations) == len(article.claims)
        by_url = {q["url"]: q for q in quotations}
        for claim in article.claims:
            permalink = f"{url}#claim-{ids[(claim.slug, claim.index)]}"
            quotation = by_url[permalink]
            assert quotation["@type"] == "Quotation" and quotation["@id"] == permalink
            assert fold(quotation["text"]).strip('"') == fold(claim.quote).strip('"')
            assert quotation["isBasedOn"] == {"@id": url}
            expert = fixture.experts[claim.speaker]
            assert quotation["creator"] == {"@type": _agent_type(expert), "@id": f"{BASE}experts/{claim.speaker}/",
                                            "name": expert["name"], "url": f"{BASE}experts/{claim.speaker}/"}
            assert quotation["about"] == [{"@type": "DefinedTerm", "@id": f"{BASE}topics/{t}/",
                                           "name": fixture.topics[t]["title"], "url": f"{BASE}topics/{t}/"}
                                          for t in claim.topics]
            target, fragment, _ = site.resolve(article.page, permalink.removeprefix(HOST))
            assert target == article.page and fragment in site.page(target).ids


def test_an_expert_page_describes_the_expert(tmp_path: Path) -> None:
    site, fixture = _built(tmp_path / "p")
    for expert_id, expert in fixture.experts.items():
        data = _data(site, f"experts/{expert_id}/index.html")
        url = f"{BASE}experts/{expert_id}/"
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == _agent_type(expert) and data["@id"] == data["url"] == url
        assert data["name"] == expert["name"]
        assert data.get("alternateName", []) == expert.get("aliases", [])
        assert data.get("sameAs") == expert.get("url")
        works, role = ("memberOf", "description") if data["@type"] == "Organization" else ("worksFor", "jobTitle")
        assert data.get(works) == ({"@type": "Organization", "name": expert["affiliation"]}
                                   if expert.get("affiliation") else None)
        assert data.get(role) == expert.get("role")


def test_without_the_sites_full_address_the_data_uses_the_pages_own_links(tmp_path: Path) -> None:
    site, fixture = _built(tmp_path / "p", base_url=None)
    for article in fixture.articles.values():
        described, *quotations = _data(site, article.page)["@graph"]
        assert described["url"] == f"/articles/{article.slug}/"
        for quotation in quotations:
            assert site.resolve(article.page, quotation["url"])[0] == article.page
            assert site.resolve(article.page, quotation["creator"]["url"])[0].startswith("experts/")


def test_no_text_can_end_the_script_element(tmp_path: Path) -> None:
    hostile = "</script><script>alert(1)</script> <!-- & -->"
    project = tmp_path / "p"
    (project / "content" / "articles").mkdir(parents=True)
    (project / "content" / "experts.yaml").write_text(
        f"eve:\n  name: 'Eve {hostile}'\n  role: '{hostile}'\n  aliases: ['{hostile}']\n", encoding="utf-8")
    (project / "content" / "topics.yaml").write_text(f"bad:\n  title: 'Bad {hostile}'\n", encoding="utf-8")
    (project / "content" / "articles" / "a.md").write_text("Eve said “all is well” & left.\n", encoding="utf-8")
    (project / "content" / "articles" / "a.yaml").write_text(
        f"title: 'Title {hostile}'\noutlet: '{hostile}'\ntopics: [bad]\nclaims:\n"
        f"  - speaker: eve\n    quote: all is well\n    summary: '{hostile}'\n", encoding="utf-8")
    build(project)
    site = Site(project / "site", project)
    for rel, names in [("articles/a/index.html", ("headline", "publisher")), ("experts/eve/index.html", ("name",))]:
        [block] = site.page(rel).find_all("script", type=LD_JSON)
        raw = block.text()
        assert not set("<>&") & set(raw), rel  # written as \\u003c, \\u003e and \\u0026
        data = json.loads(raw)
        found = data["@graph"][0] if "@graph" in data else data
        assert all(hostile in json.dumps(found[name], ensure_ascii=False) for name in names), rel
    assert _data(site, "articles/a/index.html")["@graph"][1]["description"] == hostile
