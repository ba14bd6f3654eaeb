"""The one place that turns a page of the site into its output path and its URL under base_url."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

_AS_IT_IS = re.compile(r"[A-Za-z0-9/#\-_.~]*\Z").match  # a path that quoting leaves as it is (most)


class Urls:
    """URLs are root-relative under the base path ('/briefings/experts/x/'), so every page links
    right whether the site is served at '/' or under a GitHub Pages project path."""

    def __init__(self, base_path: str, base_url: str = ""):
        self.base_path = base_path
        self.base_url = base_url
        parts = urlsplit(base_url)
        # scheme://host of an http(s) base_url, which a root-relative URL is joined to: what urljoin
        # gives it, without urljoin's work (a hundred thousand URLs a thousand articles)
        self._origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None

    def page(self, path: str) -> str:
        """URL of a site path such as 'experts/marc-finaud/' or 'assets/briefgen.css'."""
        return self.base_path + (path if _AS_IT_IS(path) else quote(path, safe="/#-_.~"))

    def absolute(self, path: str) -> str:
        """Full URL of a site path (for feeds and sitemaps); root-relative when no base_url host is known."""
        return self.full(self.page(path))

    def full(self, url: str) -> str:
        """A root-relative URL of the site ('/briefings/experts/x/') as a full one, when the host is known."""
        if not self.base_url.startswith(("http://", "https://")):
            return url
        if self._origin is not None and url.startswith("/") and not url.startswith("//") and "/." not in url:
            return self._origin + url
        return urljoin(self.base_url, url)

    # The site's pages, by what they show.
    def home(self) -> str:
        return self.page("")

    def articles(self) -> str:
        return self.page("articles/")

    def article(self, slug: str) -> str:
        return self.page(f"articles/{slug}/")

    def claim(self, slug: str, claim_id: str) -> str:
        return self.page(f"articles/{slug}/") + f"#claim-{claim_id}"

    def experts(self) -> str:
        return self.page("experts/")

    def expert(self, expert_id: str) -> str:
        return self.page(f"experts/{expert_id}/")

    def topics(self) -> str:
        return self.page("topics/")

    def topic(self, topic_id: str) -> str:
        return self.page(f"topics/{topic_id}/")

    def claims(self) -> str:
        return self.page("claims/")

    def notes(self) -> str:
        return self.page("notes/")

    def note(self, slug: str) -> str:
        return self.page(f"notes/{slug}/")

    def discrepancies(self) -> str:
        return self.page("discrepancies/")

    def discrepancy(self, group_id: str) -> str:
        return self.page("discrepancies/") + f"#{group_id}"

    def asset(self, name: str) -> str:
        return self.page(f"assets/{name}")


def output_path(url_path: str) -> str:
    """The file that serves a site path: 'experts/x/' → 'experts/x/index.html'."""
    return url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path


def site_path(file: str) -> str:
    """The site path a file serves: 'experts/x/index.html' → 'experts/x/' (output_path undone)."""
    return file[: -len("index.html")] if file == "index.html" or file.endswith("/index.html") else file
