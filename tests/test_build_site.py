"""A user builds the basic project and reads the site: every claim marked in its article,
no broken link anywhere, expert and topic pages listing exactly the right claims, and the
same bytes on every build."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, Fixture, Site, build, claim_ids, cli_env, copy_fixture, marks_by_claim, run_cli, site_snapshot, snapshot


@pytest.fixture(scope="module")
def fixture(basic_site: Site) -> Fixture:
    assert basic_site.project is not None
    return Fixture(basic_site.project)


@pytest.fixture(scope="module")
def ids(basic_site: Site, fixture: Fixture) -> dict[tuple[str, int], str]:
    return claim_ids(basic_site, fixture)


def test_the_fixture_exercises_what_it_should(fixture: Fixture) -> None:
    """Guard against the fixture quietly losing the cases the other tests rely on."""
    claims = fixture.claims()
    assert "2024/geneva-round" in fixture.articles
    assert any(c.given_id is None for c in claims)
    assert any(c.occurrence == 2 for c in claims)
    assert any(a.meta.get("language") == "pt" for a in fixture.articles.values())
    assert any(t.get("parent") for t in fixture.topics.values())
    speakers = [c["speaker"] for a in fixture.articles.values() for c in a.meta["claims"]]
    assert any(s in fixture.experts for s in speakers), "a speaker given by id"
    assert any(s == e["name"] for s in speakers for e in fixture.experts.values()), "a speaker given by name"
    assert any(s in (e.get("aliases") or []) for s in speakers for e in fixture.experts.values()), "by alias"


def test_site_has_the_pages_of_the_spec(basic_site: Site, fixture: Fixture) -> None:
    files = set(basic_site.files())
    expected = {"index.html", "articles/index.html", "experts/index.html", "topics/index.html",
                "claims/index.html", "404.html", ".nojekyll"}
    expected |= {a.page for a in fixture.articles.values()}
    expected |= {f"experts/{e}/index.html" for e in fixture.experts}
    expected |= {f"topics/{t}/index.html" for t in fixture.topics}
    assert expected <= files, f"missing: {sorted(expected - files)}"


def test_article_in_a_subfolder_gets_its_path_as_slug(basic_site: Site) -> None:
    doc = basic_site.page("articles/2024/geneva-round/index.html")
    assert doc.find("h1").text() == "Geneva round ends without a deal"
    listed = {a.get("href") for a in basic_site.page("articles/index.html").find_all("a")}
    assert "/articles/2024/geneva-round/" in listed


def test_every_claim_of_every_sidecar_is_marked_in_its_article(basic_site: Site, fixture: Fixture,
                                                               ids: dict) -> None:
    for article in fixture.articles.values():
        doc = basic_site.page(article.page)
        groups = marks_by_claim(doc)
        expected = {ids[(c.slug, c.index)] for c in article.claims}
        assert set(groups) == expected, f"{article.slug}: marked {sorted(groups)}, sidecar has {sorted(expected)}"
        for claim in article.claims:
            claim_id = ids[(claim.slug, claim.index)]
            marks = groups[claim_id]
            with_id = [m for m in marks if "id" in m.attrs]
            assert [m.get("id") for m in with_id] == [f"claim-{claim_id}"], (
                f"{article.slug}#{claim_id}: the id must be on the first mark only, got {with_id}")
            assert marks[0] is with_id[0]
            assert "claim" in marks[0].classes
            if claim.kind:
                assert all(claim.kind in m.classes for m in marks), f"{claim_id}: kind {claim.kind} not on its marks"


def test_each_claim_is_led_by_its_speaker_and_its_number_opens_its_card(basic_site: Site, fixture: Fixture,
                                                                       ids: dict) -> None:
    """Each quote is led by its speaker's name and followed by its number, a link to its card
    (named for screen readers: "Claim 3, quoted by …"); the card links to the speaker and the topics."""
    for article in fixture.articles.values():
        doc = basic_site.page(article.page)
        tags = doc.find_all("span", cls="claim-tag")
        by_claim = {}
        for tag in tags:
            number = tag.find("a", cls="claim-num")
            assert number is not None, f"{article.slug}: a claim tag without its number"
            by_claim.setdefault(number.get("href"), []).append(number)
        for claim in article.claims:
            claim_id = ids[(claim.slug, claim.index)]
            found = by_claim.get(f"#panel-{claim_id}", [])
            assert len(found) == 1, f"{article.slug}#{claim_id}: {len(found)} claim tags"
            name = fixture.experts[claim.speaker]["name"]
            assert name in found[0].get("aria-label", ""), found[0].attrs
            mark = doc.find("mark", id=f"claim-{claim_id}")
            siblings = mark.parent.children
            cue = next(c for c in reversed(siblings[:siblings.index(mark)]) if not isinstance(c, str) or c.strip(" “\"«„'‘"))
            assert not isinstance(cue, str) and "who" in cue.classes and cue.text() in name, (claim_id, cue)
            if " da " in name:  # a surname keeps its particle, as a text names the person again
                assert cue.text() == name[name.index(" da ") + 1:], (claim_id, cue.text())
            card = doc.find("li", id=f"panel-{claim_id}")
            hrefs = [a.get("href") for a in card.find_all("a")]
            assert f"/experts/{claim.speaker}/" in hrefs and f"#claim-{claim_id}" in hrefs
            assert {h for h in hrefs if h.startswith("/topics/")} == {f"/topics/{t}/" for t in claim.topics}


def test_claims_panel_lists_the_claims_in_text_order(basic_site: Site, fixture: Fixture, ids: dict) -> None:
    for article in fixture.articles.values():
        doc = basic_site.page(article.page)
        panel = doc.find("aside", cls="claims-panel")
        assert panel is not None
        in_panel = [a.get("href") for a in panel.find_all("a", cls="claim-num")]
        in_text = [f"#claim-{claim_id}" for claim_id in marks_by_claim(doc)]
        assert in_panel == in_text
        assert len(in_panel) == len(article.claims)


def test_every_internal_link_resolves(basic_site: Site) -> None:
    assert basic_site.broken_links() == []


def test_every_page_is_well_formed_with_unique_ids(basic_site: Site) -> None:
    for rel in basic_site.html_files():
        doc = basic_site.page(rel)
        assert doc.problems == [], f"{rel}: {doc.problems}"
        duplicates = [i for i, n in Counter(doc.ids).items() if n > 1]
        assert duplicates == [], f"{rel}: duplicate ids {duplicates}"


def test_every_page_is_reachable_from_the_home_page(basic_site: Site) -> None:
    seen, todo = {"index.html"}, ["index.html"]
    while todo:
        rel = todo.pop()
        for _, ref in basic_site.links(rel):
            target, _, _ = basic_site.resolve(rel, ref)
            if target and target.endswith(".html") and target not in seen:
                seen.add(target)
                todo.append(target)
    unreachable = set(basic_site.html_files()) - seen - {"404.html"}
    assert unreachable == set()


def _in_source_links(doc) -> set[str]:
    cards = doc.find_all("article", cls="claim-card")
    links = set()
    for card in cards:
        in_source = card.find_all("a", cls="in-source")
        assert len(in_source) == 1, f"a claim card with {len(in_source)} 'see in source' links"
        links.add(in_source[0].get("href"))
    return links


def _listed_claim_links(doc) -> set[str]:
    """Claims a page lists: each card's place in its source, and the copies of it in other sources
    that credit the same speaker (a claim matched across sources is shown once, with its copies)."""
    links = _in_source_links(doc)
    for card in doc.find_all("article", cls="claim-card"):
        for also in card.find_all("p", cls="also"):
            links |= {a.get("href") for a in also.find_all("a", cls="copy") if "other-speaker" not in a.get("class")}
    return links


def test_expert_pages_list_exactly_the_claims_of_that_speaker(basic_site: Site, fixture: Fixture,
                                                              ids: dict) -> None:
    for expert_id, expert in fixture.experts.items():
        doc = basic_site.page(f"experts/{expert_id}/index.html")
        expected = {f"/articles/{c.slug}/#claim-{ids[(c.slug, c.index)]}"
                    for c in fixture.claims() if c.speaker == expert_id}
        assert _in_source_links(doc) == expected, expert_id
        assert doc.find("h1").text().strip() == expert["name"]


def _under(fixture: Fixture, topic_id: str) -> set[str]:
    """The topic and its subtopics, all the way down: what its page lists the claims and articles of."""
    found = {topic_id}
    while more := {t for t, raw in fixture.topics.items() if raw.get("parent") in found} - found:
        found |= more
    return found


def test_topic_pages_list_exactly_the_claims_on_that_topic(basic_site: Site, fixture: Fixture,
                                                           ids: dict) -> None:
    for topic_id in fixture.topics:  # its subtopics' too, as a section's page lists its subsections' stories
        doc = basic_site.page(f"topics/{topic_id}/index.html")
        expected = {f"/articles/{c.slug}/#claim-{ids[(c.slug, c.index)]}"
                    for c in fixture.claims() if _under(fixture, topic_id) & set(c.topics)}
        assert _in_source_links(doc) == expected, topic_id


def test_topic_pages_list_the_articles_that_cover_the_topic(basic_site: Site, fixture: Fixture) -> None:
    for topic_id, topic in fixture.topics.items():
        doc = basic_site.page(f"topics/{topic_id}/index.html")
        aside = doc.find("aside")
        listed = {a.get("href") for a in aside.find_all("a", cls="article-title")} if aside else set()
        under = _under(fixture, topic_id)
        expected = {f"/articles/{a.slug}/" for a in fixture.articles.values()
                    if under & {*(a.meta.get("topics") or []), *(t for c in a.claims for t in c.topics)}}
        assert listed == expected, topic_id


def test_topic_pages_show_their_place_in_the_tree(basic_site: Site, fixture: Fixture) -> None:
    for topic_id, topic in fixture.topics.items():
        doc = basic_site.page(f"topics/{topic_id}/index.html")
        hrefs = {a.get("href") for a in doc.find_all("a")}
        parent = topic.get("parent")
        if parent:
            assert f"/topics/{parent}/" in hrefs, f"{topic_id}: no link to its parent {parent}"
        for child_id, child in fixture.topics.items():
            if child.get("parent") == topic_id:
                assert f"/topics/{child_id}/" in hrefs, f"{topic_id}: no link to its subtopic {child_id}"
    index = basic_site.page("topics/index.html")
    assert {a.get("href") for a in index.find_all("a")} >= {f"/topics/{t}/" for t in fixture.topics}


def test_expert_index_lists_every_expert_with_a_link(basic_site: Site, fixture: Fixture) -> None:
    doc = basic_site.page("experts/index.html")
    links = {a.get("href"): a.text().strip() for a in doc.find("main").find_all("a")}
    for expert_id, expert in fixture.experts.items():  # listed surname first: 'Finaud, Marc'
        words = expert["name"].split()
        shown = expert["name"] if expert.get("kind") == "organization" else f"{words[-1]}, {' '.join(words[:-1])}"
        assert shown in links.get(f"/experts/{expert_id}/", ""), expert_id


def test_portuguese_article_text_carries_its_language(basic_site: Site, fixture: Fixture) -> None:
    for article in fixture.articles.values():
        text = basic_site.page(article.page).find("article", cls="article-text")
        if "language" in article.meta:
            assert text.get("lang") == article.meta["language"], article.slug
        else:
            assert text.get("lang") in (None, "en"), article.slug
    root = basic_site.page("articles/amazonia/index.html").find("html")
    assert root.get("lang") == "en"
    text = basic_site.page("articles/amazonia/index.html").find("article", cls="article-text")
    assert "proteção da floresta amazônica" in text.text()


def test_sidecar_wins_over_front_matter(basic_site: Site) -> None:
    doc = basic_site.page("articles/oslo-talks/index.html")
    header = doc.find("header", cls="article-header")
    assert header.find("h1").text() == "Oslo talks open a new chapter"
    assert "Example Times" in header.text()
    assert "Front Matter Times" not in header.text()


def test_two_builds_are_identical(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    first, second = tmp_path / "first", tmp_path / "second"
    build(project, "--output", first, env=cli_env(PYTHONHASHSEED="1"))
    build(project, "--output", second, env=cli_env(PYTHONHASHSEED="2"))
    a, b = site_snapshot(first), site_snapshot(second)
    assert sorted(a) == sorted(b)
    different = [path for path in a if a[path] != b[path]]
    assert different == []
    assert not (project / "site").exists(), "--output must not write the default site/ as well"


def test_builds_of_the_same_content_in_different_folders_are_identical(tmp_path: Path) -> None:
    one = copy_fixture("basic", tmp_path / "one" / "basic")
    two = copy_fixture("basic", tmp_path / "elsewhere" / "another name")
    build(one)
    build(two, env=cli_env(PYTHONHASHSEED="3"))
    assert site_snapshot(one / "site") == site_snapshot(two / "site")


def test_rebuilding_over_an_existing_site_gives_the_same_bytes(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    build(project)
    before = snapshot(project / "site")
    build(project)
    assert snapshot(project / "site") == before


def test_check_passes_on_the_valid_project(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr
    assert not (project / "site").exists(), "check must not write the site"


def _claims_by_href(fixture: Fixture, ids: dict) -> dict:
    return {f"/articles/{c.slug}/#claim-{ids[(c.slug, c.index)]}": c for c in fixture.claims()}


def _published(fixture: Fixture, slug: str) -> str:
    return str(fixture.articles[slug].meta.get("published", ""))


def test_expert_pages_group_claims_by_topic_newest_first(basic_site: Site, fixture: Fixture, ids: dict) -> None:
    by_href = _claims_by_href(fixture, ids)
    for expert_id in fixture.experts:
        doc = basic_site.page(f"experts/{expert_id}/index.html")
        for group in doc.find_all("section", cls="group"):
            heading = group.find("h2")
            topic_link = heading.find("a")
            cards = [by_href[a.get("href")] for a in group.find_all("a", cls="in-source")]
            assert cards, f"{expert_id}: an empty group {heading.text()!r}"
            if topic_link is not None:
                topic_id = topic_link.get("href").strip("/").split("/")[-1]
                assert all(topic_id in c.topics for c in cards), f"{expert_id}: group {topic_id}"
            else:
                assert all(not c.topics for c in cards), f"{expert_id}: untagged group holds tagged claims"
            dates = [_published(fixture, c.slug) for c in cards]
            assert dates == sorted(dates, reverse=True), f"{expert_id}, {heading.text()!r}: not newest first"


def test_topic_pages_group_claims_by_expert(basic_site: Site, fixture: Fixture, ids: dict) -> None:
    by_href = _claims_by_href(fixture, ids)
    for topic_id in fixture.topics:
        doc = basic_site.page(f"topics/{topic_id}/index.html")
        speakers_seen = []
        for group in doc.find_all("section", cls="group"):
            expert_href = group.find("h2").find("a").get("href")
            expert_id = expert_href.strip("/").split("/")[-1]
            cards = [by_href[a.get("href")] for a in group.find_all("a", cls="in-source")]
            assert cards and all(c.speaker == expert_id for c in cards), f"{topic_id}: group of {expert_id}"
            speakers_seen.append(expert_id)
        assert len(speakers_seen) == len(set(speakers_seen)), f"{topic_id}: an expert in two groups"


def test_indexes_count_what_the_pages_list(basic_site: Site, fixture: Fixture, ids: dict) -> None:
    experts = basic_site.page("experts/index.html")
    for row in experts.find("table").find_all("tr")[1:]:
        cells = row.find_all("td")
        expert_id = cells[0].find("a").get("href").strip("/").split("/")[-1]
        expected = sum(c.speaker == expert_id for c in fixture.claims())
        assert cells[-1].text().strip() == str(expected), expert_id
        assert cells[1].text().strip() == (fixture.experts[expert_id].get("affiliation") or "")
    topics = basic_site.page("topics/index.html")
    for link in topics.find("main").find_all("a"):
        topic_id = link.get("href").strip("/").split("/")[-1]
        count = link.parent.find("span", cls="count")
        listed = _in_source_links(basic_site.page(f"topics/{topic_id}/index.html"))
        assert count.text().split()[0] == str(len(listed)), f"{topic_id}: {count.text()!r} vs {len(listed)} listed"


def test_article_index_is_newest_first_with_claim_counts(basic_site: Site, fixture: Fixture) -> None:
    doc = basic_site.page("articles/index.html")
    items = doc.find_all("li", cls="article-item")
    slugs = [i.find("a", cls="article-title").get("href").strip("/").split("/", 1)[1] for i in items]
    assert sorted(slugs) == sorted(fixture.articles)
    dates = [_published(fixture, s) for s in slugs]
    assert dates == sorted(dates, reverse=True)
    for item, slug in zip(items, slugs):
        count = len(fixture.articles[slug].claims)
        assert f"{count} claim" in item.find("p", cls="meta").text(), slug


def test_drafts_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    articles = project / "content/articles"
    (articles / "draft-piece.md").write_text("# Draft piece\n\nMarc Finaud said the draft words are secret.\n",
                                             encoding="utf-8")
    (articles / "draft-piece.yaml").write_text(
        "title: Draft piece\ndraft: true\ntopics: [energy]\nclaims:\n  - id: secret\n    speaker: marc-finaud\n"
        '    quote: "the draft words are secret"\n    topics: [energy]\n', encoding="utf-8")
    build(project)
    site = Site(project / "site")
    assert not (site.root / "articles/draft-piece").exists()
    everywhere = "".join((site.root / rel).read_text(encoding="utf-8") for rel in site.html_files())
    assert "draft-piece" not in everywhere and "the draft words are secret" not in everywhere
    assert site.broken_links() == []

    build(project, "--drafts", "--output", tmp_path / "with-drafts")
    with_drafts = Site(tmp_path / "with-drafts")
    assert marks_by_claim(with_drafts.page("articles/draft-piece/index.html")).keys() == {"secret"}
    assert "/articles/draft-piece/#claim-secret" in _in_source_links(
        with_drafts.page("experts/marc-finaud/index.html"))
    assert with_drafts.broken_links() == []


def test_the_repository_own_content_builds_with_every_claim_marked(tmp_path: Path) -> None:
    """The repo root is itself a project: its seed articles build, every claim marked, no broken link."""
    project = tmp_path / "repo-content"
    shutil.copytree(REPO / "content", project / "content")
    build(project)
    site = Site(project / "site")
    fixture = Fixture(project)
    ids = claim_ids(site, fixture)
    assert len(ids) == len(fixture.claims()) > 0
    for article in fixture.articles.values():
        assert set(marks_by_claim(site.page(article.page))) == {ids[(c.slug, c.index)] for c in article.claims}
    assert site.broken_links() == []
    for expert_id in fixture.experts:
        expected = {f"/articles/{c.slug}/#claim-{ids[(c.slug, c.index)]}"
                    for c in fixture.claims() if c.speaker == expert_id}
        assert _listed_claim_links(site.page(f"experts/{expert_id}/index.html")) == expected, expert_id


def test_article_pages_show_source_metadata_and_link_to_the_original(basic_site: Site, fixture: Fixture) -> None:
    for article in fixture.articles.values():
        header = basic_site.page(article.page).find("header", cls="article-header")
        assert header.find("h1").text() == article.meta["title"]
        assert article.meta["outlet"] in header.text()
        times = [t.get("datetime") for t in header.find_all("time")]
        assert times == [str(article.meta["published"])], article.slug
        assert article.meta["url"] in {a.get("href") for a in header.find_all("a")}, article.slug
        topic_links = {a.get("href") for a in header.find_all("a", cls="topic")}
        assert topic_links == {f"/topics/{t}/" for t in article.meta.get("topics", [])}, article.slug
