"""sitemap.xml lists every page by its full address; robots.txt points to it; a project's own
robots.txt wins."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import REPO, build

BASE = "https://org.github.io/briefings/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _project(root: Path, base_url: str | None) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    (root / "briefgen.yaml").write_text("title: Maps\n" + (f"base_url: {base_url}\n" if base_url else ""),
                                        encoding="utf-8")
    return root


def test_the_sitemap_lists_every_page_by_its_full_address(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", BASE)
    build(project)
    site = project / "site"
    locations = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", NS)]
    folders = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    pages = sorted(BASE if folder == "." else f"{BASE}{folder}/" for folder in folders)
    assert sorted(locations) == pages and len(pages) > 20
    assert all(loc.startswith(BASE) for loc in locations)
    for loc in locations:  # each address is a page that is there
        assert (site / loc[len(BASE):] / "index.html").is_file(), loc
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")


def test_without_a_full_address_there_is_no_sitemap(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", None)
    build(project)
    assert not (project / "site" / "sitemap.xml").exists()
    robots = (project / "site" / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and "Sitemap" not in robots


def test_a_projects_own_robots_txt_is_kept(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", BASE)
    (project / "static").mkdir()
    own = "User-agent: *\nDisallow: /drafts/\n"
    (project / "static" / "robots.txt").write_text(own, encoding="utf-8")
    build(project)
    assert (project / "site" / "robots.txt").read_text(encoding="utf-8") == own
    assert (project / "site" / "sitemap.xml").is_file()
