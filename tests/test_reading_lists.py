"""Issue 18, the reading experience: a reader with two minutes trusts what the lists say.

- /discrepancies/: each disputed claim a box with a neutral heading (who, on what — never one
  version's words), a column per source (outlet and date first), a row per point (said by,
  quoted or paraphrased, the words) lined up across the columns, the disputed point labelled,
  the differing words marked as runs; on a phone (375 px) stacked cards, each labelled with its
  source, nothing wider than the screen.
- Counts: every count a reader sees (home, experts index, topics tree, expert and topic pages,
  article lists) is the number of items the page it links to lists, checked against the
  fixture's YAML counted here (a claim with several topics once; a parent topic with its
  subtopics' claims; a claim two sources carry once).
- The experts index reads as sorted: the names as shown are in A–Z order.

Fixtures: `basic` (a topic tree three deep, claims with several topics), `conflict-pair` (two
outlets carrying the same five claims, three of them disputed)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from conftest import Document, Element, Fixture, Site, build, copy_fixture, serve_site

DATE = "{d.day} {d:%B %Y}"


def built(tmp_path_factory: pytest.TempPathFactory, name: str, edit=None) -> tuple[Site, Fixture]:
    project = copy_fixture(name, tmp_path_factory.mktemp(name) / "project")
    if edit:
        edit(project)
    build(project, "--quiet")
    return Site(project / "site", project=project), Fixture(project)


def two_words_apart(project: Path) -> None:
    """Danube Daily's version of the arms-race claim says 'very probably' where Baltic Courier
    says 'likely': two differing words side by side, to be marked as one run."""
    for name in ("danube-daily.md", "danube-daily.yaml"):
        path = project / "content" / "articles" / name
        text = path.read_text(encoding="utf-8")
        assert "will probably see" in text
        path.write_text(text.replace("will probably see", "will very probably see"), encoding="utf-8")


@pytest.fixture(scope="module")
def basic(tmp_path_factory) -> tuple[Site, Fixture]:
    return built(tmp_path_factory, "basic")


@pytest.fixture(scope="module")
def conflict(tmp_path_factory) -> tuple[Site, Fixture]:
    return built(tmp_path_factory, "conflict-pair", two_words_apart)


# --------------------------------------------------------------------------- what the YAML says


def subtree(fixture: Fixture, topic_id: str) -> set[str]:
    """The topic and every topic under it, as topics.yaml nests them."""
    found = {topic_id}
    while True:
        more = {t for t, raw in fixture.topics.items() if raw.get("parent") in found} - found
        if not more:
            return found
        found |= more


def expected_expert_claims(fixture: Fixture, same: list[set[tuple[str, int]]] = ()) -> dict[str, int]:
    """How many claims each expert has, a claim that several sources carry (`same`: sets of
    (slug, index) of copies) counted once."""
    counts = {}
    for expert_id in fixture.experts:
        keys = set()
        for claim in fixture.claims():
            if claim.speaker == expert_id:
                copies = next((group for group in same if (claim.slug, claim.index) in group), None)
                keys.add(frozenset(copies) if copies else (claim.slug, claim.index))
        counts[expert_id] = len(keys)
    return counts


def expected_topic_counts(fixture: Fixture) -> dict[str, tuple[int, int]]:
    """(claims, articles) of each topic, its subtopics' included, each claim and article once."""
    counts = {}
    for topic_id in fixture.topics:
        under = subtree(fixture, topic_id)
        claims = {(c.slug, c.index) for c in fixture.claims() if under & set(c.topics)}
        articles = {a.slug for a in fixture.articles.values()
                    if under & {*(a.meta.get("topics") or []), *(t for c in a.claims for t in c.topics)}}
        counts[topic_id] = (len(claims), len(articles))
    return counts


# --------------------------------------------------------------------------- what the pages say


def number(text: str, noun: str) -> int:
    found = re.search(rf"(\d+)\s+{noun}s?\b", " ".join(text.split()))
    assert found, f"no count of {noun}s in {text!r}"
    return int(found.group(1))


def cards(site: Site, path: str) -> int:
    """How many claims a page lists (its claim cards)."""
    return len(site.page(path).find_all("article", cls="claim-card"))


def page_of(href: str) -> str:
    return href.strip("/") + "/index.html" if href.strip("/") else "index.html"


def tree_counts(doc: Document) -> dict[str, str]:
    """The topic tree's count text of each topic, by its link."""
    tree = doc.find("ul", cls="topic-tree")
    assert tree is not None
    return {li.find("a").get("href"): li.find("span", cls="count").text() for li in tree.find_all("li")}


def fold(text: str) -> str:
    """For comparing names as a reader does: accents and case aside."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


# --------------------------------------------------------------------------- counts


def test_every_expert_count_is_what_their_page_lists(basic, conflict) -> None:
    pairs = conflict[1]
    baltic, danube = pairs.articles["baltic-courier"], pairs.articles["danube-daily"]
    same = [{("baltic-courier", a.index), ("danube-daily", b.index)} for a, b in zip(baltic.claims, danube.claims)]
    for (site, fixture), copies in ((basic, []), (conflict, same)):
        expected = expected_expert_claims(fixture, copies)
        index = {tr.find("a").get("href"): int(tr.find("td", cls="num").text())
                 for tr in site.page("experts/index.html").find("tbody").find_all("tr")}
        home = {li.find("a").get("href"): int(re.match(r"\d+", li.find("span", cls="count").text()).group())
                for li in site.page("index.html").find("ul", cls="plain").find_all("li")}
        for expert_id, count in expected.items():
            path = f"experts/{expert_id}/index.html"
            meta = site.page(path).find("header", cls="profile").find("p", cls="meta").text()
            assert number(meta, "claim") == count == cards(site, path), (expert_id, meta)
            assert index[f"/experts/{expert_id}/"] == count, expert_id
            if count:
                assert home[f"/experts/{expert_id}/"] == count, expert_id
    assert expected_expert_claims(conflict[1], same)["pavel-dvorak"] == 2  # three copies, two claims


def assert_tree_counts(doc: Document, fixture: Fixture, where: str) -> None:
    """The topic tree of a page: each topic's counts those of its page, a parent’s said to include its subtopics’."""
    counts = tree_counts(doc)
    for topic_id, (claims, articles) in expected_topic_counts(fixture).items():
        text = counts[f"/topics/{topic_id}/"]
        assert (number(text, "claim"), number(text, "article")) == (claims, articles), (where, topic_id, text)
        has_children = any(raw.get("parent") == topic_id for raw in fixture.topics.values())
        assert ("subtopics included" in text) == has_children, (where, topic_id, text)


def test_every_topic_count_is_what_its_page_lists_subtopics_included(basic) -> None:
    site, fixture = basic
    expected = expected_topic_counts(fixture)
    assert expected["security"][0] > sum(1 for c in fixture.claims() if "security" in c.topics)  # children count
    assert_tree_counts(site.page("topics/index.html"), fixture, "topics index")
    for topic_id, (claims, articles) in expected.items():
        path = f"topics/{topic_id}/index.html"
        doc = site.page(path)
        meta = doc.find("header", cls="profile").find("p", cls="meta").text()
        assert (number(meta, "claim"), number(meta, "article")) == (claims, articles), (topic_id, meta)
        assert cards(site, path) == claims, topic_id
        aside = doc.find("aside").find("ul", cls="article-list")
        assert (len(aside.find_all("li", cls="article-item")) if aside else 0) == articles, topic_id
    # a claim with several topics is listed (and counted) once on each of its topics' pages
    several = [c for c in fixture.claims() if len(c.topics) > 1]
    assert several
    for claim in several:
        for topic_id in claim.topics:
            quotes = [fold(card.find("blockquote").text())
                      for card in site.page(f"topics/{topic_id}/index.html").find_all("article", cls="claim-card")]
            words = fold(claim.quote).strip('"“”').split()[:4]
            assert sum(" ".join(words) in " ".join(q.split()) for q in quotes) == 1, (topic_id, claim.quote)


def test_every_count_of_the_home_page_and_the_article_lists_is_what_its_page_lists(basic) -> None:
    site, fixture = basic
    assert_tree_counts(site.page("index.html"), fixture, "home")
    stats = {li.find("a").get("href"): int(li.find("strong").text())
             for li in site.page("index.html").find("ul", cls="stats").find_all("li")}
    assert stats["/experts/"] == len(site.page("experts/index.html").find("tbody").find_all("tr")) == len(fixture.experts)
    assert stats["/topics/"] == len(site.page("topics/index.html").find("main").find_all("li")) == len(fixture.topics)
    assert stats["/claims/"] == len(fixture.claims())
    assert stats["/articles/"] == len(site.page("articles/index.html").find_all("li", cls="article-item"))
    for listing in ("index.html", "articles/index.html"):
        items = site.page(listing).find_all("li", cls="article-item")
        assert items
        for item in items:
            href = item.find("a", cls="article-title").get("href")
            slug = href.strip("/").removeprefix("articles/")
            page = site.page(page_of(href))
            listed = [li for li in page.find_all("li") if (li.get("id") or "").startswith("panel-")]
            shown = number(item.find("p", cls="meta").text(), "claim")
            assert shown == len(fixture.articles[slug].claims) == len(listed), (listing, slug)


# --------------------------------------------------------------------------- the experts list


def test_the_experts_list_reads_as_sorted(basic) -> None:
    site, fixture = basic
    for path, rows in (("experts/index.html", lambda doc: doc.find("tbody").find_all("a")),
                       ("index.html", lambda doc: doc.find("ul", cls="plain").find_all("a"))):
        shown = [" ".join(a.text().split()) for a in rows(site.page(path))]
        assert shown == sorted(shown, key=lambda name: fold(name.replace(",", ""))), (path, shown)
    shown = [a.text() for a in site.page("experts/index.html").find("tbody").find_all("a")]
    assert "Finaud, Marc" in shown  # a person: surname first
    assert "UN Office for Disarmament Affairs" in shown  # an organisation: as it is named


def test_the_experts_on_a_topic_page_read_as_sorted(basic) -> None:
    """A topic's page groups its claims by expert in the order and with the names of the index."""
    site, fixture = basic
    index = [" ".join(a.text().split()) for a in site.page("experts/index.html").find("tbody").find_all("a")]
    grouped = 0
    for topic_id in fixture.topics:
        doc = site.page(f"topics/{topic_id}/index.html")
        shown = [" ".join(s.find("h2").find("a").text().split()) for s in doc.find_all("section", cls="group")]
        assert shown == [name for name in index if name in shown], (topic_id, shown)
        grouped += len(shown) > 1
    assert grouped  # some page has several experts to order


# --------------------------------------------------------------------------- discrepancies


def sections(site: Site) -> list[Element]:
    found = site.page("discrepancies/index.html").find_all("section", cls="discrepancy")
    assert found
    return found


def test_each_discrepancy_is_a_column_per_source_with_outlet_and_date_first(conflict) -> None:
    site, fixture = conflict
    articles = {a.meta["title"]: a.meta for a in fixture.articles.values()}
    assert len(sections(site)) == 3
    for section in sections(site):
        variants = section.find_all("article", cls="variant")
        assert len(variants) == 2
        dates = []
        for variant in variants:
            header = next(c for c in variant.children if isinstance(c, Element))
            assert header.tag == "header", "the source comes first in each column"
            meta = articles[header.find("a").text().strip()]
            lines = [p.text().strip() for p in header.find_all("p")]
            assert lines[:2] == [meta["outlet"], DATE.format(d=meta["published"])]
            assert meta["outlet"] in variant.get("aria-label")  # a card says whose it is
            dates.append(meta["published"])
            points = [p for p in variant.children if isinstance(p, Element) and "point" in p.classes]
            assert [sorted(p.classes - {"point", "differs"}) for p in points] == [["speaker"], ["kind"], ["wording"]]
        assert dates == sorted(dates), "oldest source first"


CONFLICT_POINTS = {  # the claim (Baltic Courier's id) → the point its sources dispute
    "stronger-hand": "speaker", "within-reach": "kind", "arms-race": "wording"}


def test_the_disputed_point_is_marked_and_the_differing_words_as_runs(conflict) -> None:
    site, fixture = conflict
    for section in sections(site):
        links = {a.get("href") for a in section.find_all("a", cls="in-source")}
        claim_id = next(i for i in CONFLICT_POINTS if f"/articles/baltic-courier/#claim-{i}" in links)
        disputed = CONFLICT_POINTS[claim_id]
        for variant in section.find_all("article", cls="variant"):
            marked = {sorted(p.classes - {"point", "differs"})[0] for p in variant.find_all("div", cls="differs")}
            assert marked == {disputed}, (claim_id, marked)
            assert "differs" in variant.find("div", cls=disputed).find("span", cls="point-label").text()
        runs = [" ".join(s.text().split()) for s in section.find_all("span", cls="diff")]
        if disputed == "wording":
            assert sorted(runs) == ["likely", "very probably"], runs  # one mark for two words side by side
        else:
            assert runs == [], runs


def test_a_discrepancy_heading_names_who_and_what_not_one_version(conflict) -> None:
    site, fixture = conflict
    names = {e["name"] for e in fixture.experts.values()}
    titles = {t["title"] for t in fixture.topics.values()}
    for section in sections(site):
        heading = " ".join(section.find("h2").text().split())
        for quote in section.find_all("blockquote"):
            words = re.findall(r"\w+", fold(quote.text()))
            spans = {" ".join(words[i:i + 4]) for i in range(len(words) - 3)}
            assert not any(span in " ".join(re.findall(r"\w+", fold(heading))) for span in spans), heading
        speakers = {a.text().strip() for a in section.find_all("a", cls="speaker")}
        assert speakers <= names and all(name in heading for name in speakers), heading
        assert any(title in heading for title in titles), heading
        if len(speakers) > 1:
            assert " or " in heading, heading  # neither is taken for the one who said it


def versions_layout(chromium, site: Site, width: int, scheme: str = "light") -> dict:
    with serve_site(site.root) as served:
        page = chromium.new_page(viewport={"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme)
        page.goto(served.url("discrepancies/"))
        found = page.evaluate("""() => ({
            scrollWidth: document.documentElement.scrollWidth,
            boxes: [...document.querySelectorAll('section.discrepancy')].map(section =>
                [...section.querySelectorAll('article.variant')].map(variant => {
                    const box = variant.getBoundingClientRect();
                    const label = (variant.querySelector('.version-source .outlet') || variant).getBoundingClientRect();
                    const rows = [...variant.querySelectorAll('.point')].map(p => Math.round(p.getBoundingClientRect().top));
                    const pointLabel = variant.querySelector('.point-label');
                    return {left: box.left, top: box.top, right: box.right, bottom: box.bottom, rows,
                            labelShown: label.width > 0 && label.top >= box.top && label.bottom <= box.bottom,
                            pointLabelShown: !!pointLabel && pointLabel.getBoundingClientRect().width > 2};
                })),
        })""")
        page.close()
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_each_source_is_a_card_of_its_own(chromium, conflict, scheme) -> None:
    site, _ = conflict
    found = versions_layout(chromium, site, 375, scheme)
    assert found["scrollWidth"] <= 375
    for boxes in found["boxes"]:
        assert all(b["labelShown"] and b["pointLabelShown"] for b in boxes), "each card says its source and points"
        assert len({round(b["left"]) for b in boxes}) == 1, "cards stacked, not side by side"
        assert all(a["bottom"] <= b["top"] for a, b in zip(boxes, boxes[1:])), "one card under the other"
        assert all(b["right"] <= 375 for b in boxes)


def test_on_a_wide_screen_the_sources_are_columns_and_the_points_rows(chromium, conflict) -> None:
    site, _ = conflict
    found = versions_layout(chromium, site, 1280)
    assert found["scrollWidth"] <= 1280
    for boxes in found["boxes"]:
        assert len(boxes[0]["rows"]) == 3, "said by, quoted or paraphrased, the words"
        assert len({round(b["top"]) for b in boxes}) == 1, "the sources side by side"
        assert all(a["right"] <= b["left"] for a, b in zip(boxes, boxes[1:]))
        assert all(b["rows"] == boxes[0]["rows"] for b in boxes), "each point on one row across the sources"
