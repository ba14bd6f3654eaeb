"""A reader filters the table of every claim by speaker, topic, outlet and dates, in the browser:
the rows shown are exactly the matching claims of the whole site (those on other pages of the
table too), the filters stand in the address, and without JavaScript the page is the plain
paginated table. The site is served under a GitHub Pages project path, as published."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from conftest import Fixture, Site, build, serve_site, snapshot

BASE = "/briefings/"
SPEAKERS = {"ana-lima": "Ana Lima", "ben-okafor": "Ben Okafor", "chen-wei": "Chen Wei", "dina-haddad": "Dina Haddad"}
TOPICS = {"trade": "Trade", "ports": "Ports", "energy": "Energy", "labour": "Labour"}
OUTLETS = ["Daily Ledger", "Harbour & <i>Tide</i> News", "Wire Service", None]  # markup in a name stays text
SENTENCES = ("port {n} will reopen soon", "ships {n} will sail at dawn", "cranes {n} are ready to load")
ARTICLES = 200  # 600 claims: two pages of the table (500 rows each)
FIRST_DAY = dt.date(2024, 1, 1)
UNHEARD = ("eve-stone", "Eve Stone"), ("fisheries", "Fisheries")  # an expert and a topic without claims


def _published(n: int) -> dt.date | None:
    return None if n % 17 == 0 else FIRST_DAY + dt.timedelta(days=(n * 7) % 61)


def _write_project(root: Path) -> Path:
    folder = root / "content" / "articles"
    folder.mkdir(parents=True)
    (root / "briefgen.yaml").write_text(f"title: Port briefing\nbase_url: {BASE}\n", encoding="utf-8")
    (root / "content" / "experts.yaml").write_text(
        "".join(f"{k}:\n  name: {v}\n" for k, v in [*SPEAKERS.items(), UNHEARD[0]]), encoding="utf-8")
    (root / "content" / "topics.yaml").write_text(
        "".join(f"{k}:\n  title: {v}\n" for k, v in [*TOPICS.items(), UNHEARD[1]]), encoding="utf-8")
    topic_ids = list(TOPICS)
    speaker_ids = list(SPEAKERS)
    for n in range(ARTICLES):
        lines, claims = [], []
        for i, sentence in enumerate(SENTENCES):
            quote = sentence.format(n=n)
            speaker = speaker_ids[(n + i) % len(speaker_ids)]
            topics = [topic_ids[(n + i) % 4]] + ([topic_ids[(n + 2 * i + 1) % 4]] if (n + i) % 3 == 0 else [])
            topics = list(dict.fromkeys(topics))
            lines.append(f"{SPEAKERS[speaker]} said “{quote}”.")
            claims.append(f"  - id: c{i}\n    speaker: {speaker}\n    quote: {quote}\n    topics: [{', '.join(topics)}]\n")
        (folder / f"a{n:03}.md").write_text(" ".join(lines) + "\n", encoding="utf-8")
        meta = f"title: Port {n}\n"
        outlet = OUTLETS[n % len(OUTLETS)]
        if outlet is not None:
            meta += f"outlet: '{outlet}'\n"
        if (published := _published(n)) is not None:
            meta += f"published: {published.isoformat()}\n"
        (folder / f"a{n:03}.yaml").write_text(meta + "claims:\n" + "".join(claims), encoding="utf-8")
    return root


class Expected:
    """The claims as the project's YAML has them: each by its permalink, with what filters see."""

    def __init__(self, project: Path):
        fixture = Fixture(project)
        self.claims: dict[str, dict] = {}
        for article in fixture.articles.values():
            published = article.meta.get("published")
            for claim in article.claims:
                self.claims[f"{BASE}articles/{article.slug}/#claim-{claim.given_id}"] = {
                    "speaker": claim.speaker, "topics": set(claim.topics), "outlet": article.meta.get("outlet"),
                    "date": published.isoformat() if published else None}

    def matching(self, speaker: str = "", topic: str = "", outlet: str = "", start: str = "", end: str = "") -> set[str]:
        return {url for url, c in self.claims.items()
                if (not speaker or c["speaker"] == speaker) and (not topic or topic in c["topics"])
                and (not outlet or c["outlet"] == outlet)
                and (not start or (c["date"] is not None and c["date"] >= start))
                and (not end or (c["date"] is not None and c["date"] <= end))}

    def dates(self) -> list[str]:
        return sorted({c["date"] for c in self.claims.values() if c["date"]})


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """The project built under BASE and served there: (the site's address, what the YAML says, the site)."""
    project = _write_project(tmp_path_factory.mktemp("claims-filter") / "project")
    build(project, "--quiet")
    site = project / "site"
    assert (site / "data" / "claims.json").is_file()
    with serve_site(site, BASE) as server:
        yield server.base, Expected(project), Site(site, project, BASE)


@pytest.fixture
def page(chromium, served):
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    yield page
    context.close()
    assert errors == []


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    _settled(page)


def _settled(page: Page) -> None:
    """Wait until the table shows what the filters ask (the claims are loaded and filtered)."""
    page.wait_for_function("!document.querySelector('.claims-table').hasAttribute('aria-busy')")


VISIBLE_ROWS = """() => Array.from(document.querySelectorAll('.claims-table tbody tr:not(.no-match)'))
    .filter(tr => tr.getClientRects().length > 0)
    .map(tr => { const a = tr.querySelector('td a'); return a ? a.getAttribute('href') : null; })"""

ROW_CELLS = """() => Array.from(document.querySelectorAll('.claims-table tbody tr'))
    .filter(tr => tr.getClientRects().length > 0)
    .map(tr => [tr.className, Array.from(tr.cells).map(td => [td.textContent.trim(),
        Array.from(td.querySelectorAll('a')).map(a => [a.getAttribute('href'), a.textContent]),
        Array.from(td.querySelectorAll('time')).map(t => t.getAttribute('datetime'))])])"""


def _rows(page: Page) -> list[str]:
    return page.evaluate(VISIBLE_ROWS)


def _choose(page: Page, **values: str) -> None:
    """Set filters as a reader does: choose in the selects, type the dates."""
    fields = {"speaker": "#filter-speaker", "topic": "#filter-topic", "outlet": "#filter-outlet",
              "start": "#filter-from", "end": "#filter-to"}
    for name, value in values.items():
        if name in ("start", "end"):
            page.fill(fields[name], value)
        else:
            page.select_option(fields[name], value=value)
        _settled(page)


def _show_all(page: Page) -> None:
    """Press "Show … more" until every matching claim is in the table (the claims are 500 at a time)."""
    more = page.locator(".filter-more button")
    for _ in range(len(page.evaluate(VISIBLE_ROWS)) // 500 + 2):
        if not more.is_visible():
            break
        more.click()
    assert not more.is_visible()


def _order(served) -> list[str]:
    """Every claim in the order of the table, page after page, as the server wrote it."""
    _, _, site = served
    order, number = [], 1
    while (site.root / ("claims/" if number == 1 else f"claims/page/{number}/") / "index.html").is_file():
        doc = site.page("claims/index.html" if number == 1 else f"claims/page/{number}/index.html")
        order += [row.find("a").get("href") for row in doc.find("tbody").find_all("tr")]
        number += 1
    return order


def _check(page: Page, served, expected: set[str]) -> None:
    """The rows shown are the expected claims, once each, in the table's order; and the count says so."""
    _show_all(page)
    rows = _rows(page)
    assert sorted(rows) == sorted(expected)
    assert rows == [url for url in _order(served) if url in expected]
    total = len(served[1].claims)
    claim_word = "claim" if len(expected) == 1 else "claims"
    expect(page.locator(".filter-status")).to_contain_text(f"{len(expected)} {claim_word} of {total} match")
    assert not page.locator("nav.pager").is_visible()


def test_each_filter_shows_exactly_the_matching_claims_of_every_page(page: Page, served) -> None:
    base, expected, _ = served
    _open(page, f"{base}claims/")
    assert page.locator("#claims-filter").is_visible()
    on_first_page = set(_rows(page))
    assert len(on_first_page) == 500 and page.locator("nav.pager").is_visible()
    for name, choices in (("speaker", SPEAKERS), ("topic", TOPICS), ("outlet", [o for o in OUTLETS if o])):
        for choice in choices:
            _open(page, f"{base}claims/")
            _choose(page, **{name: choice})
            matching = expected.matching(**{name: choice})
            assert matching - on_first_page, "some of the matching claims are on the second page"
            _check(page, served, matching)


def test_date_range_includes_both_days_and_combines_with_the_other_filters(page: Page, served) -> None:
    base, expected, _ = served
    dates = expected.dates()
    start, end = dates[3], dates[-4]
    _open(page, f"{base}claims/")
    _choose(page, start=start)
    matching = expected.matching(start=start)
    assert len(matching) > 500  # more than one screenful: shown 500 at a time
    assert len(_rows(page)) == 500
    expect(page.locator(".filter-status")).to_contain_text("the first 500 are shown")
    _check(page, served, matching)

    _choose(page, end=end)
    matching = expected.matching(start=start, end=end)
    shown_dates = {expected.claims[url]["date"] for url in matching}
    assert start in shown_dates and end in shown_dates  # the bounds are inside the range
    assert all(expected.claims[url]["date"] is not None for url in matching)  # undated claims are out
    _check(page, served, matching)

    _open(page, f"{base}claims/")
    _choose(page, end=start)
    _check(page, served, expected.matching(end=start))

    _open(page, f"{base}claims/")
    _choose(page, start=start, end=start)  # one day
    one_day = expected.matching(start=start, end=start)
    assert one_day and {expected.claims[url]["date"] for url in one_day} == {start}
    _check(page, served, one_day)

    _open(page, f"{base}claims/")
    combined = dict(speaker="ben-okafor", topic="ports", outlet=OUTLETS[1], start=dates[1], end=dates[-2])
    _choose(page, **combined)
    matching = expected.matching(**combined)
    assert matching and all(matching < expected.matching(**{k: v}) for k, v in combined.items())
    _check(page, served, matching)

    _choose(page, start=dates[-1], end=dates[0])  # an empty range: no rows, and a message says so
    _check(page, served, set())
    assert page.locator(".claims-table .no-match").is_visible()
    expect(page.locator(".filter-status")).to_contain_text("start date is after the end date")


def test_filters_stand_in_the_address_and_survive_a_reload(page: Page, served) -> None:
    base, expected, _ = served
    _open(page, f"{base}claims/page/2/")
    values = dict(speaker="chen-wei", outlet=OUTLETS[1], start=expected.dates()[2])
    _choose(page, **values)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"speaker": ["chen-wei"], "outlet": [OUTLETS[1]], "from": [values["start"]]}
    assert urlsplit(page.url).path == f"{BASE}claims/page/2/"
    matching = expected.matching(**values)
    _check(page, served, matching)

    page.reload()
    page.wait_for_load_state("load")
    _settled(page)
    assert page.input_value("#filter-speaker") == "chen-wei"
    assert page.input_value("#filter-outlet") == OUTLETS[1]
    assert page.input_value("#filter-from") == values["start"]
    assert page.input_value("#filter-topic") == page.input_value("#filter-to") == ""
    _check(page, served, matching)

    # A shared address opens filtered, on any page of the table; what no field offers is left out.
    shared = f"{base}claims/?topic=energy&to={expected.dates()[-3]}&speaker=nobody"
    _open(page, shared)
    assert page.input_value("#filter-topic") == "energy" and page.input_value("#filter-speaker") == ""
    assert page.evaluate("document.getElementById('filter-speaker').selectedIndex") == 0  # shows "Any speaker"
    _check(page, served, expected.matching(topic="energy", end=expected.dates()[-3]))
    assert parse_qs(urlsplit(page.url).query) == {"topic": ["energy"], "to": [expected.dates()[-3]]}


def test_clear_brings_back_the_page_of_the_table(page: Page, served) -> None:
    base, expected, site = served
    _open(page, f"{base}claims/page/2/")
    own_rows = _rows(page)
    assert own_rows == _order(served)[500:]
    _choose(page, topic="labour", end=expected.dates()[-1])
    assert _rows(page) != own_rows
    page.click(".filter-clear")
    _settled(page)
    assert _rows(page) == own_rows
    assert page.locator("nav.pager").is_visible()
    assert urlsplit(page.url).query == "" and urlsplit(page.url).path == f"{BASE}claims/page/2/"
    assert all(page.input_value(f) == "" for f in ("#filter-speaker", "#filter-topic", "#filter-outlet",
                                                  "#filter-from", "#filter-to"))
    expect(page.locator(".filter-status")).to_contain_text("Filters cleared")
    page.reload()
    page.wait_for_load_state("load")
    assert _rows(page) == own_rows


def test_found_rows_are_written_as_the_server_writes_them(page: Page, served) -> None:
    base, expected, _ = served
    _open(page, f"{base}claims/")
    server_rows = {row[1][0][1][0][0]: row for row in page.evaluate(ROW_CELLS)}
    _choose(page, outlet=OUTLETS[1])  # a name with markup in it: shown as the text it is
    found = page.evaluate(ROW_CELLS)
    on_both = [row for row in found if row[1][0][1][0][0] in server_rows]
    assert len(on_both) > 10
    assert all(row == server_rows[row[1][0][1][0][0]] for row in on_both)
    assert any(row[1][3][0] == OUTLETS[1] for row in found)
    assert page.locator(".claims-table i").count() == 0
    dated = [row[1][4] for row in found if row[1][4][2]]  # dates written as on every other page: '3 May 2024'
    assert dated and all(text == f"{(d := dt.date.fromisoformat(iso)).day} {d:%B %Y}" for text, _, [iso] in dated)


def test_the_filters_work_from_the_keyboard_and_are_labelled(page: Page, served) -> None:
    base, expected, _ = served
    _open(page, f"{base}claims/")
    for field, label in (("#filter-speaker", "Speaker"), ("#filter-topic", "Topic"), ("#filter-outlet", "Outlet"),
                         ("#filter-from", "From"), ("#filter-to", "To")):
        assert page.locator(f"label[for='{field[1:]}']").inner_text().strip() == label
    expect(page.get_by_label("Speaker")).to_be_visible()
    status = page.locator(".filter-status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"

    page.focus("#filter-speaker")
    page.keyboard.press("ArrowDown")  # the first speaker, A–Z by surname
    _settled(page)
    first = page.input_value("#filter-speaker")
    assert first == min(SPEAKERS, key=lambda k: SPEAKERS[k].split()[-1])
    _check(page, served, expected.matching(speaker=first))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-topic"
    for _ in range(12):  # on through the outlet and the dates (each date input has its parts) to Clear
        if page.evaluate("document.activeElement.classList.contains('filter-clear')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('filter-clear')")
    page.keyboard.press("Enter")
    _settled(page)
    assert page.input_value("#filter-speaker") == ""
    assert len(_rows(page)) == 500 and page.locator("nav.pager").is_visible()


def test_when_the_claims_cannot_be_loaded_the_page_stays_the_plain_table(page: Page, served) -> None:
    base, expected, _ = served
    page.route("**/data/claims.json", lambda route: route.abort())
    _open(page, f"{base}claims/page/2/?speaker=ana-lima")
    assert _rows(page) == _order(served)[500:]
    assert page.locator("nav.pager").is_visible()
    expect(page.locator(".filter-status")).to_contain_text("could not be loaded")
    page.unroute("**/data/claims.json")
    _choose(page, topic="trade")  # asked again on the next change
    _check(page, served, expected.matching(speaker="ana-lima", topic="trade"))


def test_when_a_part_of_the_claims_cannot_be_loaded_the_page_stays_the_plain_table(page: Page, served) -> None:
    base, expected, site = served
    parts = json.loads((site.root / "data" / "claims.json").read_bytes())["parts"]
    assert len(parts) > 1  # the claims come in parts, a month each
    page.route(f"**{parts[1]['url']}", lambda route: route.abort())
    _open(page, f"{base}claims/?speaker=ana-lima")
    assert _rows(page) == _order(served)[:500]
    expect(page.locator(".filter-status")).to_contain_text("could not be loaded")
    page.unroute(f"**{parts[1]['url']}")
    # a part that does not hold what the index says (a site published half-way): not a silent gap
    page.route(f"**{parts[0]['url']}", lambda route: route.fulfill(json={"claims": []}))
    _choose(page, topic="trade")
    expect(page.locator(".filter-status")).to_contain_text("could not be loaded")
    assert _rows(page) == _order(served)[:500]
    page.unroute(f"**{parts[0]['url']}")
    _choose(page, topic="ports")  # asked again on the next change
    _check(page, served, expected.matching(speaker="ana-lima", topic="ports"))


@pytest.mark.parametrize("path, first, last", [("claims/", 0, 500), ("claims/page/2/", 500, None)])
def test_without_javascript_the_page_is_the_plain_table(chromium, served, path: str, first: int,
                                                        last: int | None) -> None:
    base, expected, site = served
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}{path}?speaker=ana-lima")  # a filtered address, without script: the whole page
    rows = _rows(page)
    order = _order(served)
    assert rows == order[first:last]
    assert sorted(order) == sorted(expected.claims)  # every claim is on one of the pages
    assert not page.locator("#claims-filter").is_visible()
    assert not page.get_by_label("Speaker").is_visible()
    assert page.locator("nav.pager").is_visible()
    context.close()


def test_the_options_are_every_speaker_topic_and_outlet_with_claims(served) -> None:
    _, expected, site = served
    doc = site.page("claims/page/2/index.html")
    form = doc.find("form", id="claims-filter")
    assert form is not None and "hidden" in form.attrs

    def options(select_id: str) -> list[tuple[str, str]]:
        return [(o.get("value"), o.text()) for o in doc.find("select", id=select_id).find_all("option")]

    # Eve Stone and Fisheries, in the registries without a claim, are not offered.
    assert options("filter-speaker") == [("", "Any speaker")] + sorted(SPEAKERS.items(), key=lambda i: i[1].split()[-1])
    assert options("filter-topic") == [("", "Any topic")] + sorted(TOPICS.items(), key=lambda i: i[1])
    assert options("filter-outlet") == [("", "Any outlet")] + sorted((o, o) for o in OUTLETS if o)
    scripts = [s.get("src") for s in doc.find_all("script")]
    assert scripts == [f"{BASE}assets/claims-filter.js"]
    assert (site.root / "assets" / "claims-filter.js").is_file()
    assert site.broken_links() == []


def test_serve_lists_what_an_edit_on_another_page_of_the_table_adds(tmp_path: Path) -> None:
    """The options are on every page of the table: an article whose claims are on page 2 taking a
    new outlet, speaker or topic changes page 1 too, and `serve` makes it again."""
    from test_engine_differential import Server
    from test_serve import wait_for

    project = _write_project(tmp_path / "project")
    sidecar = project / "content" / "articles" / "a000.yaml"  # undated: its claims are the last ones
    edits = [("outlet: 'Daily Ledger'\n", "outlet: 'Brand New Gazette'\n", "Brand New Gazette"),
             ("  - id: c0\n    speaker: ana-lima\n", "  - id: c0\n    speaker: eve-stone\n", "Eve Stone"),
             ("topics: [energy]", "topics: [fisheries]", "Fisheries")]
    time.sleep(0.05)  # past the file system clock's tick: files saved in the tick of a build are read again
    server = Server(project)

    def builds() -> list[str]:
        return [line for line in server.output if line.startswith(("rebuilt in", "not rebuilt"))]

    try:
        first_page = Site(project / "site", project, BASE).page("claims/index.html")
        assert f"{BASE}articles/a000/#claim-c0" not in {row.find("a").get("href")
                                                        for row in first_page.find("tbody").find_all("tr")}
        for before, after, shown in edits:
            done = len(builds())
            text = sidecar.read_text(encoding="utf-8")
            assert text.count(before) == 1
            sidecar.write_text(text.replace(before, after), encoding="utf-8")
            wait_for(lambda: len(builds()) > done, timeout=60, what=f"the rebuild after {after!r}")
            assert "files;" in builds()[-1], "".join(server.output)
            ours = {k: v for k, v in snapshot(project / "site").items() if k.startswith("claims/")}
            assert shown in ours["claims/index.html"].decode("utf-8")
            clean = tmp_path / "clean"
            shutil.rmtree(clean, ignore_errors=True)
            shutil.copytree(project / "content", clean / "content")
            shutil.copy(project / "briefgen.yaml", clean / "briefgen.yaml")
            build(clean, "--quiet", "--drafts")
            assert ours == {k: v for k, v in snapshot(clean / "site").items() if k.startswith("claims/")}, after
    finally:
        server.stop()  # never left running, whatever happened


def test_on_a_phone_each_claim_shows_who_said_it_and_the_filters_are_compact(page: Page, served) -> None:
    """At 375 px nothing scrolls sideways: each row's speaker, topics, outlet and date stand under
    its words, inside the screen; the filters sit two to a row (the form under 450 px tall)."""
    base, _, _ = served
    page.set_viewport_size({"width": 375, "height": 667})
    _open(page, f"{base}claims/")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    assert page.locator("#claims-filter").bounding_box()["height"] < 450
    for row in page.locator(".claims-table tbody tr").all()[:5]:
        words, speaker = row.locator("td").nth(0).bounding_box(), row.locator("td").nth(1).locator("a").bounding_box()
        assert speaker["x"] >= 0 and speaker["x"] + speaker["width"] <= 375, speaker
        assert speaker["y"] >= words["y"] + words["height"] - 1, (words, speaker)
        assert row.locator("td").nth(4).locator("time").bounding_box()["x"] + 1 < 375
