"""A user publishes to a GitHub project page (https://org.github.io/briefings/): every internal
link and asset of every page starts with /briefings/ and leads to a file of site/."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Site, build, copy_fixture


def _check_under_prefix(site: Site, prefix: str) -> None:
    outside = []
    for rel in site.html_files():
        for attr, ref in site.links(rel):
            if ref.startswith("/") and not ref.startswith(prefix):
                outside.append(f"{rel}: {attr}={ref!r}")
    assert outside == [], "root-relative links outside the base path:\n" + "\n".join(outside)
    assert site.broken_links() == []


@pytest.mark.parametrize("base_url", [
    "https://org.github.io/briefings/",
    "https://org.github.io/briefings",
    "/briefings/",
])
def test_build_with_base_url_option(tmp_path: Path, base_url: str) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    build(project, "--base-url", base_url)
    site = Site(project / "site", base_path="/briefings/")
    _check_under_prefix(site, "/briefings/")
    # And the links are really there, not just absent: the claim permalinks on an expert page.
    doc = site.page("experts/marc-finaud/index.html")
    hrefs = {a.get("href") for a in doc.find_all("a", cls="in-source")}
    assert "/briefings/articles/2024/geneva-round/#claim-hard-part" in hrefs
    stylesheets = [e.get("href") for e in site.page("index.html").find_all("link") if e.get("rel") == "stylesheet"]
    assert stylesheets and all(h.startswith("/briefings/") for h in stylesheets)


def test_build_with_base_url_in_briefgen_yaml(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    config = project / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "base_url: https://org.github.io/briefings/\n",
                      encoding="utf-8")
    build(project)
    site = Site(project / "site", base_path="/briefings/")
    _check_under_prefix(site, "/briefings/")
    expert_links = {a.get("href") for a in site.page("articles/oslo-talks/index.html").find_all("a", cls="speaker")}
    assert "/briefings/experts/jonas-gahr-store/" in expert_links


def test_base_url_option_wins_over_briefgen_yaml(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    config = project / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "base_url: https://org.github.io/other/\n",
                      encoding="utf-8")
    build(project, "--base-url", "https://org.github.io/briefings/")
    _check_under_prefix(Site(project / "site", base_path="/briefings/"), "/briefings/")


def test_without_base_url_links_start_at_the_root(basic_site: Site) -> None:
    for rel in basic_site.html_files():
        for attr, ref in basic_site.links(rel):
            assert not ref.startswith("/briefings/"), f"{rel}: {attr}={ref!r}"
    assert basic_site.broken_links() == []
