"""For crawlers: `sitemap.xml` (the full address of every page, when base_url is a full
address) and `robots.txt` pointing to it — unless the project's static files have their own."""

from __future__ import annotations

from typing import Iterator

from markupsafe import escape

from ..urls import site_path
from . import Output, Site, has_full_address


def outputs(site: Site) -> Iterator[Output]:
    names = site.file_names()
    if "robots.txt" not in names:
        yield Output("robots.txt", robots)
    if has_full_address(site.urls) and "sitemap.xml" not in names:
        yield Output("sitemap.xml", sitemap)


def sitemap(site: Site) -> bytes:
    """Every page of the site (its 404 page aside), in order."""
    locations = sorted(site.urls.absolute(site_path(file)) for file in site.page_files() if file.endswith("index.html"))
    entries = "".join(f"  <url><loc>{escape(location)}</loc></url>\n" for location in locations)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n').encode("utf-8")


def robots(site: Site) -> bytes:
    """Every page may be crawled; and where the sitemap is, when the site's full address is known."""
    where = f"\nSitemap: {site.urls.absolute('sitemap.xml')}\n" if has_full_address(site.urls) else ""
    return f"User-agent: *\nAllow: /\n{where}".encode("utf-8")
