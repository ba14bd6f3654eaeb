"""A reader's browser never runs script smuggled into content: every payload shows as text."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

MARKER = "__briefgen_xss"
PAYLOADS = [
    f"<script>window.{MARKER}=1;console.log('{MARKER}')</script>",
    f"<img src=x onerror=\"window.{MARKER}=1;alert(1)\">",
    f"\"><svg onload=\"window.{MARKER}=1;alert(1)\">",
    "{{ 7*7 }}{% raw %}",
]
PAYLOAD = " ".join(PAYLOADS)


def _yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _write_project(root: Path, allow_html: bool) -> None:
    p = _yaml_string(PAYLOAD)
    (root / "content" / "articles").mkdir(parents=True)
    (root / "briefgen.yaml").write_text(
        f"title: {p}\ndescription: {p}\nallow_html: {str(allow_html).lower()}\n", encoding="utf-8")
    (root / "content" / "experts.yaml").write_text(
        f"evil:\n  name: {_yaml_string('Eve ' + PAYLOAD)}\n  affiliation: {p}\n  role: {p}\n"
        f"  aliases: [{p}]\n  url: {_yaml_string('https://example.org/?q=' + PAYLOAD)}\n",
        encoding="utf-8",
    )
    (root / "content" / "topics.yaml").write_text(
        f"bad:\n  title: {_yaml_string('Topic ' + PAYLOAD)}\n  description: {p}\n", encoding="utf-8"
    )
    body = (
        f"Eve said \"{PAYLOAD}\" loudly.\n\n"
        f"[click me](javascript:window.{MARKER}=1) and <a href=\"javascript:window.{MARKER}=1\">raw</a>\n\n"
        f"<script>window.{MARKER}=1</script>\n\n"
        f"<p>Harmless <em id=\"kept\">emphasis</em> <img src=\"x\" onerror=\"window.{MARKER}=1\"></p>\n"
    )
    (root / "content" / "articles" / "attack.md").write_text(body, encoding="utf-8")
    (root / "content" / "articles" / "attack.yaml").write_text(
        f"title: {p}\noutlet: {p}\ndescription: {p}\n"
        f"url: {_yaml_string('https://example.org/?q=' + PAYLOAD)}\ntopics: [bad]\n"
        f"claims:\n  - speaker: evil\n    quote: {_yaml_string(PAYLOADS[-1]) if allow_html else p}\n    topics: [bad]\n    summary: {p}\n    note: {p}\n",
        encoding="utf-8",
    )


@pytest.fixture(params=[False, True], ids=["html-as-text", "allow_html-sanitised"])
def served_site(tmp_path: Path, request):
    allow_html = request.param
    _write_project(tmp_path, allow_html)
    result = subprocess.run([sys.executable, "-m", "briefgen", "-C", str(tmp_path), "build", "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    yield f"http://127.0.0.1:{server.server_address[1]}/", pages, allow_html
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_no_payload_runs_on_any_page(served_site) -> None:
    base, pages, allow_html = served_site
    assert len(pages) >= 8
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        page = browser.new_page()
        dialogs: list[str] = []
        console: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: console.append(message.text))
        for path in pages:
            page.goto(base + path)
            page.wait_for_load_state("load")
            for link in page.locator("a").all():  # clicking a javascript: link must not run it either
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith("javascript:"), (path, href)
            assert page.evaluate(f"typeof window.{MARKER}") == "undefined", path
            text = page.inner_text("body")
            if path.startswith("articles/attack/"):
                assert "{{ 7*7 }}" in text and "49" not in text, path
                if allow_html:  # harmless markup kept, the rest removed
                    assert page.locator("article.article-text em#kept").count() == 1
                else:  # raw HTML shows as the text it is
                    assert "<script>" in text and "onerror=" in text and "<em id=" in text, path
        browser.close()
    assert dialogs == []
    assert not [m for m in console if MARKER in m]
