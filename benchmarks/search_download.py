"""What a search costs the reader's browser: the bytes Chromium fetches to open /search/ and to
show the results of each query, on a built site (`briefgen build` first).

    python benchmarks/search_download.py PROJECT [--query WORDS ...]

Serves PROJECT/site under its base path on 127.0.0.1, opens the search page in Chromium
(/usr/bin/chromium, driven by playwright), types each query into a fresh page and waits for
its results; every response's body and headers are summed (Chromium's own count). Needs
playwright and chromium; imports nothing of briefgen."""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

QUERIES = ["tariff", "glacier budget"]
DONE = """(() => { const said = /^([\\d,]+|No) results? for/.exec(
    document.querySelector('.pagefind-ui__message')?.textContent); return said !== null; })()"""


def base_path(project: Path) -> str:
    """The path part of base_url in briefgen.yaml ('/' without one)."""
    text = (project / "briefgen.yaml").read_text(encoding="utf-8")
    found = re.search(r"^base_url:\s*['\"]?(?:https?://[^/\s'\"]+)?(/[^\s'\"]*)?", text, re.M)
    path = (found.group(1) if found else None) or "/"
    return path if path.endswith("/") else path + "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    base = "/"

    def translate_path(self, path: str) -> str:
        inside = path[len(self.base) - 1:] if path.startswith(self.base) else "/__outside__"
        return super().translate_path(inside)

    def log_message(self, *args: object) -> None:
        pass


def fetched(page: Page, action) -> tuple[int, int]:
    """The bytes and responses fetched while `action` runs."""
    sizes: list[int] = []

    def finished(request) -> None:
        size = request.sizes()
        sizes.append(size["responseBodySize"] + size["responseHeadersSize"])

    page.on("requestfinished", finished)
    try:
        action()
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", finished)
    return sum(sizes), len(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--query", action="append", help=f"words to search for (default: {QUERIES})")
    args = parser.parse_args()
    site, base = args.project / "site", base_path(args.project)
    handler = type("Handler", (_Handler,), {"base": base})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}{base}search/"
    shards = (site / "pagefind" / "shards.json").read_text(encoding="utf-8").strip()
    print(f"{args.project}: {shards}")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-background-networking"])
            for words in args.query or QUERIES:
                page = browser.new_context().new_page()  # a fresh cache for each query
                opened, count = fetched(page, lambda: page.goto(address))
                searched, answers = fetched(page, lambda: (page.fill(".pagefind-ui__search-input", words),
                                                           page.wait_for_function(DONE)))
                print(f"  {words!r}: the page {opened / 1024:.0f} KB ({count} responses), "
                      f"the query {searched / 1024:.0f} KB ({answers} responses), "
                      f"together {(opened + searched) / 1024:.0f} KB")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
