"""Every kind of page fits a phone's screen (375 px) and a desktop's (1280 px) with a usable
navigation, and an article prints as a briefing on at most 4 A4 pages: no site navigation, each
quote led by its speaker, then the claims without their quotes, the original's address on paper,
black on white.

The screenshots (every page type at 375 and 1280 px, in the light and the dark scheme) and the
printed PDF are kept; the run's summary says where."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pypdf import PdfReader

from conftest import EXAMPLE_SOURCE_URL, PAGE_TYPES, SCREENSHOTS, build, serve_site, write_long_project

WIDTHS = (375, 1280)
ARTICLE = PAGE_TYPES["article"]
MIN_TARGET = 24  # px: the smallest tap target WCAG 2.2 (2.5.8) allows


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    folder = tmp_path_factory.mktemp("screenshots")
    request.config.stash[SCREENSHOTS] = folder
    return folder


@pytest.fixture()
def open_page(chromium):
    """A new tab of the given width, closed after the test."""
    pages = []

    def open_page(width: int = 1280, **media: str):
        page = chromium.new_page(viewport={"width": width, "height": 800})
        page.emulate_media(**media)
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


def squeeze(text: str) -> str:
    """Text as compared across line breaks of a printed page: no white space, ligatures undone."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def nav_links(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('nav.site-nav a')].map(a => {
        const box = a.getBoundingClientRect();
        return {text: a.textContent, left: box.left, right: box.right, top: box.top, bottom: box.bottom};
    })""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_fits_the_screen_with_its_navigation(open_page, example_site, screenshots, page_type: str,
                                                        width: int, scheme: str) -> None:
    page = open_page(width, color_scheme=scheme)
    page.goto(example_site.url(PAGE_TYPES[page_type]))
    page.screenshot(path=screenshots / f"{page_type}-{width}-{scheme}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth"), (
        f"{page_type} scrolls sideways at {width} px")
    links = nav_links(page)
    assert len(links) >= 6
    for link in links:  # each on the screen, big enough to tap, none over another
        assert 0 <= link["left"] and link["right"] <= width, link
        assert link["bottom"] - link["top"] >= MIN_TARGET, link
    for number, one in enumerate(links):
        for other in links[number + 1:]:
            apart = (one["right"] <= other["left"] or other["right"] <= one["left"]
                     or one["bottom"] <= other["top"] or other["bottom"] <= one["top"])
            assert apart, (one, other)


def test_the_navigation_works_on_a_phone(open_page, example_site) -> None:
    page = open_page(375)
    page.goto(example_site.url())
    sections = [link["text"] for link in nav_links(page)]
    for section in sections:
        page.get_by_role("navigation", name="Site").get_by_role("link", name=section, exact=True).click()
        current = page.locator("nav.site-nav a[aria-current]")
        assert current.count() == 1 and current.text_content() == section
        assert page.get_by_role("heading", level=1).is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_claims_panel_stands_beside_the_text_on_a_desktop_and_after_it_on_a_phone(
        open_page, example_site, width: int) -> None:
    page = open_page(width)
    page.goto(example_site.url(ARTICLE))
    text = page.locator("article.article-text").bounding_box()
    panel = page.locator("aside.claims-panel").bounding_box()
    if width >= 1024:
        assert panel["x"] >= text["x"] + text["width"]
    else:
        assert panel["y"] >= text["y"] + text["height"] and panel["width"] >= 0.8 * text["width"]


def test_an_article_prints_as_a_briefing(open_page, example_site, screenshots) -> None:
    page = open_page(media="print", color_scheme="dark")  # a reader in the dark scheme prints black on white too
    page.goto(example_site.url(ARTICLE))
    page.screenshot(path=screenshots / "article-print.png", full_page=True)
    pdf = screenshots / "article.pdf"
    page.pdf(path=str(pdf), format="A4")

    for selector in (".skip-link", ".site-header", ".site-nav", ".site-footer"):
        assert not page.locator(selector).is_visible(), f"{selector} is printed"
    colours = page.evaluate("[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]

    claims = page.evaluate("""() => [...document.querySelectorAll('article.article-text mark.claim[id]')].map(mark => {
        const card = document.getElementById('panel-' + mark.dataset.claim);
        return {who: mark.previousElementSibling && mark.previousElementSibling.classList.contains('who')
                     ? mark.previousElementSibling.textContent : null,
                quote: mark.textContent, speaker: card.querySelector('.speaker').textContent,
                summary: card.querySelector('.summary') ? card.querySelector('.summary').textContent : '',
                number: card.querySelector('.claim-num').textContent};
    })""")
    assert len(claims) >= 20
    after = page.evaluate("getComputedStyle(document.querySelector('a.source-link'), '::after').content")
    assert "attr(href)" in after or EXAMPLE_SOURCE_URL in after, after

    reader = PdfReader(pdf)
    assert len(reader.pages) <= 4, f"the seeds' longer article prints on {len(reader.pages)} A4 pages"
    printed = squeeze("".join(sheet.extract_text() for sheet in reader.pages))
    assert squeeze(EXAMPLE_SOURCE_URL) in printed, "the original article's address is not printed"
    position, unquoted = 0, re.sub("[\"“”«»„]", "", printed).upper()
    for claim in claims:  # every quote led by its speaker, in the order of the text
        assert claim["who"] and claim["who"] in claim["speaker"], claim
        words = squeeze(claim["who"]) + squeeze(" ".join(claim["quote"].split()[:4]))
        found = unquoted.find(re.sub("[\"“”«»„]", "", words).upper(), position)
        assert found >= 0, f"{claim['who']} is not printed before {claim['quote'][:40]!r}"
        position = found
    listed = unquoted[position:]
    for claim in claims:  # then the claims, compact: who said each, not its quote again
        assert squeeze(claim["speaker"]).upper() in listed, claim["speaker"]
        opening = squeeze(" ".join(claim["quote"].split()[:8]))
        if len(claim["quote"].split()) >= 8 and opening not in squeeze(claim["summary"]):
            assert printed.count(opening) == 1, f"printed twice: {claim['quote'][:40]!r}"
    for navigation in ("Skip to content", "built with briefgen", "Articles Notes Experts Topics Claims"):
        assert squeeze(navigation) not in printed, f"{navigation!r} is printed"


def test_a_long_list_prints_without_its_pager(tmp_path, open_page) -> None:
    project = write_long_project(tmp_path, 101, ("port {n} will reopen soon",))
    build(project, "--quiet")
    with serve_site(project / "site") as served:
        screen = open_page()
        screen.goto(served.url("articles/"))
        assert screen.locator("nav.pager").is_visible()
        paper = open_page(media="print")
        paper.goto(served.url("articles/"))
        assert paper.locator("nav.pager").count() == 1 and not paper.locator("nav.pager").is_visible()
        assert paper.locator(".article-item").first.is_visible()
