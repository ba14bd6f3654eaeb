"""Long lists come in pages with stable addresses: no page of a big briefing is huge, and every
claim is still listed once, reachable by following the pages."""

from __future__ import annotations


import pytest

from conftest import Site, run_cli, write_long_project

ARTICLES = 240
SENTENCES = ("port {n} will reopen soon", "ships {n} will sail at dawn", "cranes {n} are ready to load")
CLAIMS = ARTICLES * len(SENTENCES)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = write_long_project(tmp_path_factory.mktemp("long"), ARTICLES, SENTENCES)
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return Site(root / "site")


def _follow_pages(site: Site, first: str) -> list[str]:
    """Page files reached from the first page by its 'next' links."""
    pages, current = [], first
    while current:
        pages.append(current)
        doc = site.page(current)
        following = [a for a in doc.find_all("a") if a.get("rel") == "next"]
        current = following[0].get("href").lstrip("/") + "index.html" if following else ""
    return pages


@pytest.mark.parametrize("first, per_page, items", [
    ("experts/ana-lima/index.html", 100, CLAIMS), ("topics/trade/index.html", 100, CLAIMS),
    ("articles/index.html", 100, ARTICLES), ("claims/index.html", 500, CLAIMS),
])
def test_long_lists_are_split_into_linked_pages_listing_each_item_once(site: Site, first: str, per_page: int,
                                                                        items: int) -> None:
    pages = _follow_pages(site, first)
    assert len(pages) == -(-items // per_page)
    assert pages[1] == first.replace("index.html", "page/2/index.html")  # stable addresses
    listed = []
    for number, page in enumerate(pages, start=1):
        doc = site.page(page)
        if first.startswith("articles"):
            listed += [a.get("href") for a in doc.find_all("a", cls="article-title")]
        elif first.startswith("claims"):
            listed += [row.find("a").get("href") for row in doc.find("tbody").find_all("tr")]
        else:
            listed += [a.get("href") for a in doc.find_all("a", cls="in-source")]
        assert f"(page {number} of {len(pages)})" in doc.find("title").text()
        current = [s for s in doc.find_all("span") if s.get("aria-current") == "page"]
        assert [s.text() for s in current] == [str(number)]
    assert len(listed) == len(set(listed)) == items
    assert site.broken_links() == []


def test_the_claims_table_and_home_page_stay_small(site: Site) -> None:
    sizes = {p: (site.root / p).stat().st_size for p in site.html_files()}
    assert max(sizes.values()) < 200_000, max(sizes.items(), key=lambda item: item[1])
