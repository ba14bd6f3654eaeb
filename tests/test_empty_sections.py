"""Readers see no empty section and no menu entry that leads to nothing (issue 18, point 8): a site
without notes has no Notes page and no Notes in its menu, and one without discrepancies no
Discrepancies entry — until a note or a disagreement comes, when every page's menu gains it, as a
clean build would have it. And every page declares its icon, so no browser asks the host's root for
/favicon.ico."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, Site, build, copy_fixture, serve_site, site_snapshot
from test_engine_differential import clean_build, site_difference


def _menu(site: Site, rel: str) -> list[str]:
    nav = site.page(rel).find("nav", cls="site-nav")
    return [a.text().strip() for a in nav.find_all("a")]


def _discrepancy_count(site: Site) -> int:
    return len(site.page("discrepancies/index.html").find_all("section", cls="discrepancy"))


def test_no_notes_no_notes_page_nor_menu_entry_until_one_comes(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    build(project)
    site = Site(project / "site")
    assert not (project / "site" / "notes").exists()
    disputed = _discrepancy_count(site)
    for rel in site.html_files():
        menu = _menu(site, rel)
        assert "Notes" not in menu, rel
        assert ("Discrepancies" in menu) == bool(disputed), (rel, disputed)
        assert "No notes yet" not in (project / "site" / rel).read_text(encoding="utf-8"), rel
    assert site.broken_links() == []

    notes = project / "content" / "notes"
    notes.mkdir()
    (notes / "first-look.md").write_text("---\ntitle: A first look\ndate: 2024-03-01\n---\n\nWhat the talks tell us.\n",
                                         encoding="utf-8")
    build(project)
    site = Site(project / "site")
    assert all("Notes" in _menu(site, rel) for rel in site.html_files())
    assert (project / "site" / "notes" / "index.html").is_file()
    clean, _ = clean_build(project, tmp_path / "clean")
    ours = site_snapshot(project / "site")
    assert ours == clean, site_difference(ours, clean)


def test_a_site_without_discrepancies_has_no_entry_for_them(tmp_path: Path) -> None:
    project = tmp_path / "calm"
    shutil.copytree(FIXTURES / "notes", project)
    build(project)
    site = Site(project / "site")
    assert _discrepancy_count(site) == 0
    for rel in site.html_files():
        menu = _menu(site, rel)
        assert "Discrepancies" not in menu and "Notes" in menu, (rel, menu)


def test_every_page_declares_its_icon_and_no_browser_asks_the_root_for_one(tmp_path: Path, chromium) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    build(project, "--base-url", "http://127.0.0.1/brief/")
    site = Site(project / "site", base_path="/brief/")
    for rel in site.html_files():
        icons = [e for e in site.page(rel).find_all("link") if e.get("rel") == "icon"]
        assert len(icons) == 1, rel
        target, _, why = site.resolve(rel, icons[0].get("href"))
        assert target and target.endswith(".svg"), (rel, why)
    with serve_site(project / "site", "/brief/") as served:
        page = chromium.new_page()
        asked = []
        page.on("request", lambda request: asked.append(request.url))
        failed = []
        page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
        for path in ("", "articles/oslo-talks/", "experts/"):
            page.goto(served.url(path))
            page.wait_for_load_state("networkidle")
        page.close()
    assert not [url for url in asked if url.endswith("/favicon.ico")], asked
    assert failed == []
