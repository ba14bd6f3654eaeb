"""A reader with two minutes searches the site: a claim found under its article reads as its
quote (shortened), with who said it, the outlet and the date below, and a name is found whether
or not the reader types its accents ("Store" finds Støre, "Lopez" López, "Sao Paulo" São Paulo,
"muller" Müller), the result showing it as written. The search page with results passes axe in
both colour schemes."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import build
from test_accessibility import axe_script, axe_violations  # noqa: F401 (a fixture)
from test_search import BASE, results, served

EXPERTS = """\
jonas-gahr-store:
  name: Jonas Gahr Støre
ana-lopez:
  name: Ana López
thomas-muller:
  name: Thomas Müller
"""
LONG_QUOTE = ("ready to host the next round of talks in Oslo as soon as both delegations agree on an agenda "
              "for the verification regime")
ARTICLES = {  # slug: (title, outlet, date, text, speaker, quote)
    "oslo": ("Norway offers to host the next round", "NRK", "2024-05-03",
             f"Jonas Gahr Støre said Norway was “{LONG_QUOTE}”.", "jonas-gahr-store", LONG_QUOTE),
    "water": ("São Paulo plans new water plants", "Folha", "2024-06-10",
              "The mayor of São Paulo, Ana López, said the city “will open three treatment plants before the "
              "rains”.", "ana-lopez", "will open three treatment plants before the rains"),
    "budget": ("Berlin budget talks stall", "Example Post", "2024-07-21",
               "Finance minister Thomas Müller said the budget “cannot grow again this year”.", "thomas-muller",
               "cannot grow again this year"),
}
SPEAKERS = {"jonas-gahr-store": "Jonas Gahr Støre", "ana-lopez": "Ana López", "thomas-muller": "Thomas Müller"}
DATES = {"2024-05-03": "3 May 2024", "2024-06-10": "10 June 2024", "2024-07-21": "21 July 2024"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("reading") / "project"
    articles = project / "content" / "articles"
    articles.mkdir(parents=True)
    (project / "briefgen.yaml").write_text("title: Accents\nlanguage: en\n", encoding="utf-8")
    (project / "content" / "experts.yaml").write_text(EXPERTS, encoding="utf-8")
    (project / "content" / "topics.yaml").write_text("politics:\n  title: Politics\n", encoding="utf-8")
    for slug, (title, outlet, date, text, speaker, quote) in ARTICLES.items():
        (articles / f"{slug}.md").write_text(text + "\n", encoding="utf-8")
        (articles / f"{slug}.yaml").write_text(
            f"title: {title}\noutlet: {outlet}\npublished: {date}\nclaims:\n"
            f"  - id: said\n    speaker: {speaker}\n    quote: \"{quote}\"\n    kind: direct\n"
            f"    topics: [politics]\n", encoding="utf-8")
    build(project, "--base-url", BASE)
    return project / "site"


def search(page: Page, base: str, words: str):
    page.goto(base + "search/?q=" + words.replace(" ", "+"))
    return results(page)


@pytest.mark.browser
@pytest.mark.parametrize("words, slug", [("Store", "oslo"), ("Lopez", "water"), ("muller", "budget")])
def test_a_claim_is_found_without_accents_and_reads_as_its_quote(chromium, site: Path, words: str, slug: str) -> None:
    title, outlet, date, _, speaker, quote = ARTICLES[slug]
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    with served(site) as base:
        found = search(page, base, words)
        article = next(result for result in found if result.address == f"{BASE}articles/{slug}/")
        assert article.title == title
        permalink = f"{BASE}articles/{slug}/#claim-said"
        claim = page.locator(f".pagefind-ui__result-nested:has(.pagefind-ui__result-link[href='{permalink}'])")
        link = claim.locator(".pagefind-ui__result-link")
        shown = link.inner_text()
        # its title is its quote, shortened (at a word, marked) when it is long
        if len(quote) > 100:
            assert shown.startswith("\u201c") and shown.endswith("\u2026\u201d") and len(shown) <= 100, shown
            assert quote.startswith(shown[1:-2].rstrip()), shown
        else:
            assert shown == f"\u201c{quote}\u201d"
        # … who said it, the outlet and the date below it, as written (accents and all)
        byline = claim.locator(".search-claim-by")
        assert byline.inner_text() == f"{SPEAKERS[speaker]} · {outlet} · {DATES[date]}"
        assert byline.bounding_box()["y"] >= link.bounding_box()["y"] + link.bounding_box()["height"] - 1
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("words, slug, written", [("Sao Paulo", "water", ["São", "Paulo"]), ("Store", "oslo", ["Støre"]),
                                                  ("Støre", "oslo", ["Støre"]), ("MULLER", "budget", ["Müller"])])
def test_a_name_is_found_without_its_accents_and_shown_as_written(chromium, site: Path, words: str, slug: str,
                                                                  written: list[str]) -> None:
    page = chromium.new_page()
    with served(site) as base:
        found = search(page, base, words)
        number = [result.address for result in found].index(f"{BASE}articles/{slug}/")  # (its speaker's page too)
        assert found[number].title == ARTICLES[slug][0]
        excerpt = page.locator(".pagefind-ui__result").nth(number).locator(".pagefind-ui__result-excerpt").first
        marked = {word.strip(",.:") for word in excerpt.locator("mark").all_inner_texts()}
        assert marked == set(written), marked
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_page_with_results_passes_axe(chromium, site: Path, axe_script, scheme: str) -> None:  # noqa: F811
    page = chromium.new_page(viewport={"width": 375, "height": 800})
    page.emulate_media(color_scheme=scheme)
    with served(site) as base:
        search(page, base, "Store")
        page.wait_for_selector(".search-claim-by")  # a claim's line, below its quote
        violations = axe_violations(page, axe_script)
    assert not violations, "\n".join(violations)
    page.close()


@pytest.mark.browser
def test_on_a_phone_the_first_result_is_on_the_first_screen(chromium, site: Path) -> None:
    """At 375 × 667 the filters stand in one row of buttons, so that the count of results and the
    first result show without scrolling; a filter opened takes the row."""
    page = chromium.new_page(viewport={"width": 375, "height": 667})
    with served(site) as base:
        search(page, base, "Store")
        first = page.locator(".pagefind-ui__result").first.bounding_box()
        assert first["y"] < 667, first
        filters = [b.bounding_box() for b in page.locator(".pagefind-ui__filter-block").all()]
        assert len(filters) >= 2 and len({round(box["y"]) for box in filters}) == 1, filters
        page.locator(".pagefind-ui__filter-name").first.click()
        assert page.locator(".pagefind-ui__filter-block").first.bounding_box()["width"] > 300
    page.close()
