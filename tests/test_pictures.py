"""The pictures (issue 18, point 7): who speaks about what (an expert × topic matrix) and when (a
timeline of claims by their articles' publication dates), as static SVG with a table of the same
numbers after each.

Their numbers are checked against what the test counts itself from the YAML sidecars; every square
of the matrix leads to a page listing exactly its claims (without a script: its topic's page, at
its expert's section); in Chromium the pictures are visible at 375 px without the page scrolling sideways, in the
theme's colours in both schemes, and axe-core finds nothing on the pages that show them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, Fixture, build, copy_fixture, parse_html, serve_site, write_long_project
from test_accessibility import axe_script, axe_violations  # noqa: F401 (a fixture)

PROJECTS = ["basic", "same-claims", "repository"]  # per month (dates over months), per day, some undated
PICTURE_PAGES = {"home": "", "expert": "experts/nikolai-sokov/", "topic": "topics/arms-control/"}


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, Path]:
    """Each project, built through the CLI: two fixtures and the repository's own content/."""
    built = {}
    for name in PROJECTS:
        root = tmp_path_factory.mktemp("pictures") / name
        if name == "repository":
            shutil.copytree(REPO / "content", root / "content")
        else:
            copy_fixture(name, root)
        build(root, "--quiet")
        built[name] = root
    return built


# --------------------------------------------------------------------------- what the YAML says


def yaml_claims(project: Path) -> list[tuple[str, list[str], dt.date | None]]:
    """(speaker id, topic ids, publication date) of every claim of every published article."""
    fixture = Fixture(project)
    found = []
    for article in fixture.articles.values():
        if article.meta.get("draft"):
            continue
        published = article.meta.get("published")
        date = dt.date.fromisoformat(str(published)) if published else None
        found += [(claim.speaker, claim.topics, date) for claim in article.claims]
    return found


def yaml_pairs(project: Path) -> Counter:
    return Counter((speaker, topic) for speaker, topics, _ in yaml_claims(project) for topic in topics)


def yaml_timeline(claims: list[tuple[str, list[str], dt.date | None]]) -> tuple[dict[str, int], int]:
    """Claims per day ('YYYY-MM-DD'), or per month ('YYYY-MM') when the dates span over 62 days;
    and how many have no date."""
    dates = [date for _, _, date in claims if date]
    by_month = bool(dates) and (max(dates) - min(dates)).days > 62
    per = Counter(date.isoformat()[:7] if by_month else date.isoformat() for date in dates)
    return dict(per), len(claims) - len(dates)


# --------------------------------------------------------------------------- what the pages show


def page(project: Path, path: str):
    return parse_html((project / "site" / path / "index.html").read_text(encoding="utf-8"))


def id_in(href: str, kind: str) -> str:
    return re.fullmatch(rf".*/{kind}/([^/]+)/", urlsplit(href).path).group(1)


def matrix_table(doc) -> dict[tuple[str, str], int]:
    """(expert id, topic id) → count of every non-empty cell of the matrix's table."""
    table = doc.find("table", cls="matrix-table")
    topics = [id_in(th.find("a").get("href"), "topics") for th in table.find("thead").find_all("th")[1:-1]]
    cells = {}
    for row in table.find("tbody").find_all("tr"):
        expert = id_in(row.find("th").find("a").get("href"), "experts")
        for topic, td in zip(topics, row.find_all("td")):
            if td.text().strip():
                cells[expert, topic] = int(td.text())
    return cells


def matrix_squares(doc) -> dict[str, int]:
    """Link → count of every square drawn in the matrix's SVG."""
    return {a.get("href"): int(a.find("text").text()) for svg in doc.find_all("svg", cls="matrix-svg")
            for a in svg.find_all("a")}


def timeline_of(doc) -> tuple[dict[str, int], list[str]]:
    """The timeline's table (date → count) and the titles of its SVG's bars."""
    table = doc.find("table", cls="timeline-table")
    rows = {tr.find("time").get("datetime"): int(tr.find_all("td")[1].text()) for tr in table.find("tbody").find_all("tr")}
    bars = [rect.find("title").text() for rect in doc.find("svg", cls="timeline-svg").find_all("rect", cls="bar")]
    return rows, bars


def subtree(project: Path, topic: str) -> set[str]:
    """The topic and every topic under it, from topics.yaml."""
    parents = {t: (entry or {}).get("parent") for t, entry in
               yaml.safe_load((project / "content" / "topics.yaml").read_text(encoding="utf-8")).items()}
    found = {topic}
    while grown := {t for t, parent in parents.items() if parent in found} - found:
        found |= grown
    return found


def listed_at(project: Path, link: str) -> tuple[str, list[str]]:
    """What the static page a link leads to lists at its anchor, without a script: the expert its
    section is headed by, and the topic links of each claim of that section, over its pages."""
    path, anchor = urlsplit(link).path, urlsplit(link).fragment
    heading = page(project, path.strip("/")).find("h2", id=anchor)
    assert heading is not None, link
    section = next(a for a in heading.ancestors() if a.tag == "section")
    expert = id_in(heading.find("a").get("href"), "experts")
    cards = [[a.get("href") for a in card.find_all("a", cls="topic")] for card in section.find_all("article", cls="claim-card")]
    if (more := section.find("p", cls="continued")) is not None:
        _, rest = listed_at(project, more.find("a").get("href"))
        cards += rest
    return expert, cards


@pytest.mark.parametrize("name", PROJECTS)
def test_each_square_leads_to_exactly_its_claims_without_a_script(projects, name: str) -> None:
    """Every square of the matrix (picture and table, whole and on the home page) leads to its
    topic's page at its expert's claims — a section that lists as many as the square says, each
    on the topic or one under it; the topic's page lists no claim outside the squares of its
    column. Where no claim is carried by several sources, the numbers are the YAML's."""
    project = projects[name]
    whole, home = page(project, "matrix"), page(project, "")
    cells = matrix_table(whole)
    squares = {}
    for link, count in matrix_squares(whole).items():
        topic = re.search(r"/topics/([^/]+)/", urlsplit(link).path).group(1)
        expert, cards = listed_at(project, link)
        assert len(cards) == count, (link, count, cards)
        assert all({id_in(href, "topics") for href in topics} & subtree(project, topic) for topics in cards), link
        squares[expert, topic] = count
    assert cells and squares == cells
    for topic in {topic for _, topic in cells}:
        said = page(project, f"topics/{topic}").find("p", cls="meta").text()
        assert said.startswith(f"{sum(n for (_, t), n in cells.items() if t == topic)} claim"), (topic, said)
    shown = matrix_table(home)  # the experts and topics with most claims: their numbers are the same
    assert shown and all(cells[pair] == count for pair, count in shown.items())
    assert matrix_squares(home).items() <= matrix_squares(whole).items() and len(matrix_squares(home)) == len(shown)
    if name == "basic":
        claims = yaml_claims(project)
        assert cells == {
            (expert, topic): n for expert, topic in {(c[0], t) for c in claims for t in c[1]} | {
                (c[0], parent) for c in claims for parent in yaml_topics(project) if set(c[1]) & subtree(project, parent)}
            if (n := sum(1 for c in claims if c[0] == expert and set(c[1]) & subtree(project, topic)))}


def yaml_topics(project: Path) -> list[str]:
    return list(yaml.safe_load((project / "content" / "topics.yaml").read_text(encoding="utf-8")))


def test_a_square_of_a_topic_in_pages_leads_to_the_page_of_its_claims(tmp_path: Path) -> None:
    """A topic with more claims than a page holds (100): each expert's square leads to the page
    where their claims start, and a section that does not fit goes on to the next page."""
    root = write_long_project(tmp_path / "long", 90, ("port {n} will reopen soon", "ships {n} will sail at dawn"))
    experts = root / "content" / "experts.yaml"
    experts.write_text(experts.read_text(encoding="utf-8") + "ben-okafor:\n  name: Ben Okafor\n"
                       "zoe-young:\n  name: Zoe Young\n", encoding="utf-8")
    for number, sidecar in enumerate(sorted((root / "content" / "articles").glob("*.yaml"))):
        speaker = "ben-okafor" if number < 45 else "zoe-young" if number < 55 else "ana-lima"
        sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("speaker: ana-lima", f"speaker: {speaker}"),
                           encoding="utf-8")
    build(root, "--quiet")
    squares = {listed_at(root, link)[0]: (count, link) for link, count in matrix_squares(page(root, "matrix")).items()}
    assert {expert: count for expert, (count, _) in squares.items()} == {"ana-lima": 70, "ben-okafor": 90, "zoe-young": 20}
    assert all(len(listed_at(root, link)[1]) == count for count, link in squares.values())
    # A–Z by surname: Lima's 70 claims, then Okafor's 90 (from the first page on to the second), Young's 20
    assert [urlsplit(squares[e][1]).path for e in ("ana-lima", "ben-okafor", "zoe-young")] == [
        "/topics/trade/", "/topics/trade/", "/topics/trade/page/2/"]


def assert_timelines_match_the_yaml(project: Path) -> None:
    """The timeline of the home page (every claim of the YAML, every source's copy), and of every
    expert's and topic's page (the claims that page lists, each once), by the YAML's dates."""
    claims = yaml_claims(project)
    fixture = Fixture(project)
    pages = {"": claims}
    for path in [f"experts/{e}" for e in {c[0] for c in claims}] + [f"topics/{t}" for t in yaml_topics(project)]:
        slugs = [urlsplit(a.get("href")).path.strip("/").removeprefix("articles/")
                 for a in page(project, path).find_all("a", cls="in-source")]
        pages[path] = [("", [], yaml_claims_date(fixture, slug)) for slug in slugs]
    for path, theirs in pages.items():
        expected, undated = yaml_timeline(theirs)
        doc = page(project, path)
        if not expected:
            assert doc.find("svg", cls="timeline-svg") is None, path
            continue
        rows, bars = timeline_of(doc)
        assert rows == expected, path
        assert [int(re.search(r": (\d+) claims?$", bar).group(1)) for bar in bars] == [n for _, n in sorted(expected.items())], path
        said = doc.find("svg", cls="timeline-svg").parent.parent.find("p", cls="meta").text()
        assert said.startswith(f"{sum(expected.values())} claim"), (path, said)
        assert (f"{undated} more in articles without a date" in said) == bool(undated), (path, said)
        if path:  # as many as the page says it lists
            listed = number_in(doc.find("header", cls="profile").find("p", cls="meta").text())
            assert sum(expected.values()) + undated == listed, (path, listed)


def yaml_claims_date(fixture: Fixture, slug: str) -> dt.date | None:
    published = fixture.articles[slug].meta.get("published")
    return dt.date.fromisoformat(str(published)) if published else None


def number_in(text: str) -> int:
    return int(re.search(r"(\d+) claims?", text).group(1))


@pytest.mark.parametrize("name", PROJECTS)
def test_the_timelines_count_the_claims_of_each_date(projects, name: str) -> None:
    assert_timelines_match_the_yaml(projects[name])


@pytest.mark.parametrize("moves", [
    [("2023-08-08", "2024-02-20")],  # to another month: the months decide (they are far apart)
    [("2023-08-08", "2024-03-01"), ("2024-01-15", "2024-03-02")],  # all within two days: now the days decide
    [("2024-03-02", "")],  # no date any more
])
def test_a_date_edited_redraws_the_timelines_on_a_rebuild(tmp_path: Path, moves) -> None:
    """A rebuild after an article's date changes draws what the YAML now says (what each timeline
    read of the articles is recorded, and the engine makes it again)."""
    project = copy_fixture("basic", tmp_path / "basic")
    build(project, "--quiet")
    for before, after in moves:
        sidecar = next(path for path in (project / "content" / "articles").rglob("*.yaml")
                       if f"published: {before}" in path.read_text(encoding="utf-8"))
        text = sidecar.read_text(encoding="utf-8")
        sidecar.write_text(text.replace(f"published: {before}\n", f"published: {after}\n" if after else ""),
                           encoding="utf-8")
    build(project, "--quiet")
    assert_timelines_match_the_yaml(project)



def write_monthly_project(root: Path, months: int) -> Path:
    """One speaker, one topic, an article a month (the oldest first), one claim in each."""
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (root / "content" / "experts.yaml").write_text("ana-lima:\n  name: Ana Lima\n", encoding="utf-8")
    (root / "content" / "topics.yaml").write_text("trade:\n  title: Trade\n", encoding="utf-8")
    for number in range(months):
        quote = f"exports rose in month {number} of the plan"
        (articles / f"report-{number}.md").write_text(f"# Report {number}\n\n“{quote.capitalize()},” said Ana Lima.\n",
                                                      encoding="utf-8")
        (articles / f"report-{number}.yaml").write_text(
            f"published: {2020 + number // 12}-{1 + number % 12:02d}-10\nclaims:\n"
            f"  - speaker: ana-lima\n    quote: \"{quote}\"\n    topics: [trade]\n", encoding="utf-8")
    return root


def test_an_old_article_moved_to_another_month_redraws_the_timelines(tmp_path: Path) -> None:
    """The oldest of twelve articles moves a month on, still the oldest: none of the pages shows
    it but for the pictures (the home page lists the ten newest), whose rebuild must redraw it."""
    project = write_monthly_project(tmp_path / "monthly", 12)
    build(project, "--quiet")
    sidecar = project / "content" / "articles" / "report-0.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("published: 2020-01-10", "published: 2020-01-31"),
                       encoding="utf-8")
    build(project, "--quiet")
    assert_timelines_match_the_yaml(project)  # (the same month: nothing to redraw)
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("published: 2020-01-31", "published: 2020-02-01"),
                       encoding="utf-8")
    build(project, "--quiet")
    assert_timelines_match_the_yaml(project)
    assert timeline_of(page(project, ""))[0]["2020-02"] == 2

def test_the_pictures_are_static_and_coloured_by_the_theme(projects) -> None:
    """No script on the pages that show them (JSON-LD is data), and no colour of their own in the
    SVG: the theme's classes and currentColor."""
    project = projects["repository"]
    for path in ["", "matrix", *PICTURE_PAGES.values()]:
        text = (project / "site" / path / "index.html").read_text(encoding="utf-8")
        assert re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", text) == [], path
        svgs = re.findall(r"<svg.*?</svg>", text, re.S)
        assert svgs, path
        for svg in svgs:
            assert not re.search(r"\s(on\w+|fill|stroke|style|color)=", svg), (path, svg[:200])


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def served(projects):
    with serve_site(projects["repository"] / "site") as site:
        yield site


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pictures_fit_a_phone_in_both_schemes(chromium, served, scheme: str) -> None:
    """At 375 px the page does not scroll sideways (a wide picture scrolls in its own box), each
    picture is shown, and its marks take the theme's colours: dark on light, light on dark."""
    context = chromium.new_context(viewport={"width": 375, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    for name, path in {**PICTURE_PAGES, "matrix": "matrix/"}.items():
        tab.goto(served.url(path))
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow == 0, (name, scheme, overflow)
        for svg in tab.locator("svg.chart-svg").all():
            svg.scroll_into_view_if_needed()
            assert svg.is_visible(), name
            box = svg.bounding_box()
            assert box["x"] >= 0 and box["width"] > 30 and box["height"] > 30, (name, box)
        marks = tab.evaluate("""() => [...document.querySelectorAll('svg.chart-svg .bar, svg.matrix-svg .q5')]
            .map(mark => getComputedStyle(mark).fill)""")
        assert marks, name
        text = tab.evaluate("getComputedStyle(document.querySelector('svg.chart-svg text.value, svg.matrix-svg a text')).fill")
        assert text in (tab.evaluate("getComputedStyle(document.body).color"),
                        tab.evaluate("getComputedStyle(document.body).backgroundColor")), (name, text)
        for fill in marks:
            assert (luminance(fill) < 0.2) if scheme == "light" else (luminance(fill) > 0.3), (name, scheme, fill)
    context.close()


@pytest.mark.parametrize("name", ["expert", "topic"])
def test_on_a_wide_screen_the_timeline_stands_beside_the_header(chromium, served, name: str) -> None:
    """At 1280 × 900 an expert's or a topic's timeline is beside the page's header, not above the
    claims: the first claim starts on the first screen."""
    tab = chromium.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(served.url(PICTURE_PAGES[name]))
    header, picture = tab.locator("header.profile").bounding_box(), tab.locator("svg.timeline-svg").bounding_box()
    assert picture["x"] >= header["x"] + header["width"] and picture["y"] < header["y"] + header["height"], (header, picture)
    assert tab.locator(".claim-card").first.bounding_box()["y"] < 900
    tab.close()


def luminance(css: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", css)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", [*PICTURE_PAGES, "matrix"])
def test_axe_finds_nothing_on_the_pages_with_pictures(chromium, served, axe_script, name: str, scheme: str) -> None:
    """With the tables of numbers open too."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(served.url({**PICTURE_PAGES, "matrix": "matrix/"}[name]))
    assert tab.locator("svg.chart-svg").count() >= 1
    tab.evaluate("document.querySelectorAll('details.chart-data').forEach(d => d.open = true)")
    violations = axe_violations(tab, axe_script)
    assert not violations, f"{name}, {scheme}:\n" + "\n".join(violations)
    context.close()


# --------------------------------------------------------------------------- on paper

A4_WIDTH, A4_HEIGHT = 673, 986  # CSS px inside the printed page's margins (1.6 cm and 1.8 cm, the stylesheet's)


def write_many_experts_project(root: Path, experts: int, topics: int) -> Path:
    """Each expert in an article of their own, with two claims on two of the topics."""
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (root / "content" / "experts.yaml").write_text(
        "".join(f"e{n:02}:\n  name: Ada Speaker{n:02}\n" for n in range(experts)), encoding="utf-8")
    (root / "content" / "topics.yaml").write_text(
        "".join(f"t{n}:\n  title: Topic number {n} of the briefing\n" for n in range(topics)), encoding="utf-8")
    for n in range(experts):
        quotes = [f"harbour {n} opens in spring", f"tolls {n} will fall soon"]
        (articles / f"a{n:02}.md").write_text(" ".join(f"Ada Speaker{n:02} said “{q}”." for q in quotes) + "\n",
                                              encoding="utf-8")
        (articles / f"a{n:02}.yaml").write_text(f"title: Report {n}\npublished: 2024-01-{1 + n % 28:02}\nclaims:\n" + "".join(
            f"  - speaker: e{n:02}\n    quote: {q}\n    topics: [t{(n + k) % topics}]\n" for k, q in enumerate(quotes)),
            encoding="utf-8")
    return root


def test_the_pictures_print_whole_in_black_on_white(chromium, tmp_path: Path) -> None:
    """Printed from the dark scheme: black and greys on white, no picture wider than the sheet
    nor cut across two sheets (a matrix of more experts than a sheet holds is drawn in several
    pictures, each on one sheet, every expert printed once), and no folded table of numbers."""
    project = write_many_experts_project(tmp_path / "many", 60, 12)
    build(project, "--quiet")
    with serve_site(project / "site") as site:
        for path in ("matrix/", "", "topics/t0/"):
            tab = chromium.new_page(viewport={"width": A4_WIDTH, "height": A4_HEIGHT})
            tab.emulate_media(media="print", color_scheme="dark")
            tab.goto(site.url(path))
            assert tab.evaluate("[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]") \
                == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], path
            boxes = [svg.bounding_box() for svg in tab.locator("svg.chart-svg").all()]
            assert boxes and all(box["x"] >= 0 and box["x"] + box["width"] <= A4_WIDTH + 0.5 and box["height"] <= A4_HEIGHT
                                 for box in boxes), (path, boxes)
            assert not tab.locator(".chart-data").first.is_visible(), path
            if path == "matrix/":
                marks = tab.evaluate("""() => ['.q5', '.q5 + text', '.name'].map(s =>
                    getComputedStyle(document.querySelector('svg.matrix-svg ' + s)).fill)""")
                assert marks == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(51, 51, 51)"], marks
                blocks = tab.evaluate("""() => [...document.querySelectorAll('svg.matrix-svg')]
                    .map(svg => [...svg.querySelectorAll('text.name')].map(t => t.textContent))""")
                pdf = tmp_path / "matrix.pdf"
                tab.pdf(path=str(pdf), format="A4")
            tab.close()
    assert len(blocks) == 3 and sorted(sum(blocks, [])) == [f"Ada Speaker{n:02}" for n in range(60)]
    sheets = [re.sub(r"\s+", " ", sheet.extract_text()) for sheet in PdfReader(pdf).pages]
    for names in blocks:  # each picture on one sheet, whole
        on = [number for number, text in enumerate(sheets) if any(name in text for name in names)]
        assert len(set(on)) == 1 and all(name in sheets[on[0]] for name in names), (names, on)
