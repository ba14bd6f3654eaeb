"""A reader searches the published site: the /search/ page finds articles and, under an article,
its single claims (sub-results that lead to the marked quote), narrows them by speaker, topic and
outlet, shows what the content says as text, and leads to pages under the site's base path. The
index follows an edit of an article's text, and a build whose index cannot be made fails
clearly and leaves the last site as it was."""

from __future__ import annotations

import functools
import json
import http.server
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, sync_playwright

from conftest import Fixture, build, cli_env, copy_fixture, run_cli, snapshot, write_long_project

BASE = "/briefings/"


class _UnderBasePath(http.server.SimpleHTTPRequestHandler):
    """The site as GitHub Pages serves a project site: every file under the base path, nothing else."""

    def translate_path(self, path: str) -> str:
        inside = "/" + path[len(BASE):] if path.startswith(BASE) else "/.not-in-the-site"
        return super().translate_path(inside)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_UnderBasePath, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser_page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-background-networking"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


@dataclass
class Result:
    address: str
    title: str
    subs: list[tuple[str, str]]  # its sub-results (an article's claims): (address, title) each


RESULT = ".pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link"
SUB_RESULT = ".pagefind-ui__result-nested .pagefind-ui__result-link"


def search(page: Page, base: str, words: str) -> list[Result]:
    """Search from the /search/ page: the results shown (the first five), best first."""
    page.goto(base + "search/")
    page.fill(".pagefind-ui__search-input", words)
    return results(page)


def results(page: Page, fewer_than: int | None = None) -> list[Result]:
    """The results shown, once they are all loaded (and, given `fewer_than`, once there are fewer)."""
    page.wait_for_function(f"""(() => {{
        const said = /^([\\d,]+|No) results? for/.exec(document.querySelector('.pagefind-ui__message')?.textContent);
        const found = !said ? null : said[1] == 'No' ? 0 : Number(said[1].replaceAll(',', ''));
        return found !== null && found < {'Infinity' if fewer_than is None else fewer_than}
            && document.querySelectorAll('{RESULT}').length == Math.min(found, 5); }})()""")
    return [Result(link.get_attribute("href") or "", link.inner_text(),
                   [(sub.get_attribute("href") or "", sub.inner_text())
                    for sub in item.locator(SUB_RESULT).all()])
            for item in page.locator(".pagefind-ui__result").all() for link in [item.locator(RESULT)]]


def result_count(page: Page) -> int:
    message = page.inner_text(".pagefind-ui__message")  # "1,200 results for …"
    return 0 if message.startswith("No results") else int(message.split()[0].replace(",", ""))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_fixture("basic", tmp_path_factory.mktemp("search") / "basic")
    build(project, "--base-url", "https://org.github.io/briefings/")
    return project


@pytest.mark.browser
def test_search_finds_articles_and_single_claims_under_the_base_path(project: Path) -> None:
    fixture = Fixture(project)
    claim = next(c for c in fixture.claims() if c.given_id == "no-deal")
    with served(project / "site") as base, browser_page() as page:
        found = search(page, base, "Geneva")
        addresses = [address for result in found for address in (result.address, *(a for a, _ in result.subs))]
        assert all(address.startswith(BASE) for address in addresses), addresses
        # the article's page, and the claim itself under it, at its place in the article
        article = next(result for result in found if result.address == f"{BASE}articles/{claim.slug}/")
        permalink = f"{BASE}articles/{claim.slug}/#claim-no-deal"
        speaker = fixture.experts[claim.speaker]["name"]
        # titled by its quote, who said it on the line below
        assert (permalink, claim.quote) in article.subs, article
        byline = page.locator(f".pagefind-ui__result-nested:has(a[href='{permalink}']) .search-claim-by")
        assert byline.inner_text().startswith(f"{speaker} · "), byline.inner_text()
        page.click(f"{SUB_RESULT}[href='{permalink}']")
        page.wait_for_url(base + f"articles/{claim.slug}/#claim-no-deal")
        assert page.locator("mark#claim-no-deal").count() == 1  # the link leads to the marked quote


@pytest.mark.browser
def test_filters_narrow_results_by_speaker_topic_and_outlet(project: Path) -> None:
    """A filter keeps the articles that have its value: for a speaker, those holding a claim of
    theirs; for a topic, those on it or holding a claim on it; for an outlet, its articles. (Claims
    are sub-results of their article, so a filter narrows the articles, and the claims shown under
    one are those that match the words.)"""
    fixture = Fixture(project)
    claims = fixture.claims()
    outlet = {slug: a.meta.get("outlet") for slug, a in fixture.articles.items()}
    article_topics = {slug: set(a.meta.get("topics") or []) for slug, a in fixture.articles.items()}
    cases = [  # the filter, a value, and which articles have it
        ("Speaker", fixture.experts["marc-finaud"]["name"],
         {c.slug for c in claims if c.speaker == "marc-finaud"}),
        ("Topic", fixture.topics["arms-control"]["title"],
         {c.slug for c in claims if "arms-control" in c.topics}
         | {slug for slug, topics in article_topics.items() if "arms-control" in topics}),
        ("Outlet", "Example Wire", {slug for slug in fixture.articles if outlet[slug] == "Example Wire"}),
    ]
    with served(project / "site") as base, browser_page() as page:
        for name, value, slugs in cases:
            assert slugs and slugs != set(fixture.articles), name  # the case narrows
            search(page, base, "the")
            everything = result_count(page)
            panel = page.locator(".pagefind-ui__filter-panel")
            panel.get_by_text(name, exact=True).click()
            panel.get_by_label(value).check()
            shown = results(page, fewer_than=everything)
            allowed = {f"{BASE}articles/{slug}/" for slug in slugs}
            assert shown and all(result.address in allowed for result in shown), (name, shown)
            assert any(result.subs for result in shown), name  # … with the claims that match, under each
            assert all(address.startswith(result.address + "#claim-") for result in shown for address, _ in result.subs)


@pytest.mark.browser
def test_what_the_content_says_is_shown_as_text_and_runs_nothing(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    name, outlet, title = ('Marc <img src=x onerror="window.injected=1"> Finaud & Co',
                           "Wire & <b onmouseover=x>Sons</b>", "Geneva <script>window.injected=2</script> round")
    experts = project / "content" / "experts.yaml"
    experts.write_text(experts.read_text(encoding="utf-8").replace("name: Marc Finaud", f"name: {json.dumps(name)}"),
                       encoding="utf-8")
    sidecar = project / "content" / "articles" / "2024" / "geneva-round.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8")
                       .replace("outlet: Example Wire", f"outlet: {json.dumps(outlet)}")
                       .replace("title: Geneva round ends without a deal", f"title: {json.dumps(title)}"),
                       encoding="utf-8")
    build(project, "--base-url", BASE)
    with served(project / "site") as base, browser_page() as page:
        found = search(page, base, "verification")
        article = next(result for result in found if result.address == f"{BASE}articles/2024/geneva-round/")
        assert article.title == title
        assert any(sub_title == "\u201cverification is the hard part, not the numbers\u201d"
                   for _, sub_title in article.subs), article
        bylines = page.locator(".search-claim-by").all_inner_texts()
        assert f"{name} · {outlet} · 2 March 2024" in bylines, bylines
        tags = page.locator(".pagefind-ui__result-tag").all_inner_texts()
        assert f"Outlet: {outlet}" in [tag.strip() for tag in tags], tags
        labels = [label.strip() for label in page.locator(".pagefind-ui__filter-label").all_text_contents()]
        assert any(label.startswith(f"{name} (") for label in labels), labels  # the filters' values, as typed
        assert any(label.startswith(f"{outlet} (") for label in labels), labels
        assert page.evaluate("window.injected") is None


@pytest.mark.browser
def test_the_search_page_without_javascript_points_to_the_browsable_lists(project: Path) -> None:
    with served(project / "site") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-background-networking"])
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(base + "search/")
        text = page.inner_text("main")
        assert "needs JavaScript" in text
        assert page.locator(f"main a[href='{BASE}claims/']").count() == 1
        browser.close()


def test_every_page_links_to_search(project: Path) -> None:
    for page in (project / "site").rglob("index.html"):
        assert f'href="{BASE}search/"' in page.read_text(encoding="utf-8"), page


@pytest.mark.browser
def test_an_edit_of_the_text_is_found_after_the_next_build(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    build(project, "--base-url", BASE)
    article = project / "content" / "articles" / "oslo-talks.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nObservers called it a zeppelinesque moment.\n",
                       encoding="utf-8")
    result = build(project, "--base-url", BASE)
    assert "rebuilt 3 files" in result.stdout  # the article's page, the annotations and its search shard
    with served(project / "site") as base, browser_page() as page:
        found = search(page, base, "zeppelinesque")  # … and the index with it
        assert [(result.address, result.subs) for result in found] == [(f"{BASE}articles/oslo-talks/", [])]


@pytest.mark.browser
@pytest.mark.parametrize("language, queries", [("pt-BR", ["continuar", "negociacoes"]), ("pl", ["negociações"])])
def test_a_site_in_a_regional_or_unstemmed_language_is_searched(tmp_path: Path, language: str, queries: list[str]) -> None:
    """The index is read by Pagefind's search for the site's language tag as it is written: a
    regional one (pt-BR: Portuguese stems, 'continuar' finds 'continuam', a word is found without
    its accents), or one Pagefind does not stem (pl: the word as written). (The search page
    speaks the site's language: the results are read from the page, not from its message.)"""
    project = copy_fixture("basic", tmp_path / "basic")
    settings = project / "briefgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", f"language: {language}"),
                        encoding="utf-8")
    article = project / "content" / "articles" / "oslo-talks.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nAs negociações continuam em Brasília.\n",
                       encoding="utf-8")
    build(project, "--base-url", BASE)
    with served(project / "site") as base, browser_page() as page:
        for words in queries:
            page.goto(base + "search/")
            page.fill(".pagefind-ui__search-input", words)
            page.locator(RESULT).first.wait_for()
            assert [link.get_attribute("href") for link in page.locator(RESULT).all()] == [f"{BASE}articles/oslo-talks/"], words


@pytest.mark.parametrize("program", ["missing", "broken"])
def test_a_build_whose_index_cannot_be_made_fails_and_keeps_the_last_site(tmp_path: Path, program: str) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    build(project)
    before = snapshot(project / "site")
    fake = tmp_path / "pagefind"
    if program == "broken":  # runs, but is not Pagefind
        fake.write_text("#!/bin/sh\necho 'segmentation fault' >&2\nexit 139\n", encoding="utf-8")
        fake.chmod(0o755)
    article = project / "content" / "articles" / "oslo-talks.md"
    for change in ("text", "title"):  # an edit of the text alone, and a full build
        if change == "text":
            article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        else:
            sidecar = article.with_suffix(".yaml")
            sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("title: Oslo", "title: Renamed Oslo", 1),
                               encoding="utf-8")
        result = run_cli("build", cwd=project, env=cli_env(PAGEFIND_BINARY_PATH=str(fake)))
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert "pagefind" in result.stderr.lower() and "search" in result.stderr.lower(), result.stderr
        assert snapshot(project / "site") == before  # no half-made site, nothing lost


@pytest.mark.browser
def test_a_large_site_is_searched_across_the_shards_of_its_index(tmp_path: Path) -> None:
    """Over about 150 articles the index is cut in shards (of about 100 articles), so that an edit
    of one text redoes one small shard: the search page searches them as one."""
    project = write_long_project(tmp_path / "long", 400, tuple(f"sentence {i} about port q{{n}}x{i}" for i in range(10)))
    build(project, "--base-url", BASE)
    index = project / "site" / "pagefind"
    count = json.loads((index / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert count >= 2 and all((index / str(i) / "pagefind-entry.json").is_file() for i in range(count))
    picked = [3, 71, 150, 222, 289, 333, 377, 399]
    before = {i: snapshot(index / str(i)) for i in range(count)}
    article = project / "content" / "articles" / "a150.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA quixotic harbour master retired.\n",
                       encoding="utf-8")
    assert "rebuilt 3 files" in build(project, "--base-url", BASE).stdout
    after = {i: snapshot(index / str(i)) for i in range(count)}
    assert sum(before[i] != after[i] for i in range(count)) == 1  # the shard of that article alone
    with served(project / "site") as base, browser_page() as page:
        for n in picked:  # articles in every shard are found, with the claim that has the words
            found = search(page, base, f"q{n}x4")
            assert any(result.address == f"{BASE}articles/a{n:03}/"
                       and any(address.startswith(f"{result.address}#claim-") for address, _ in result.subs)
                       for result in found), (n, found)
        assert [result.address for result in search(page, base, "quixotic")] == [f"{BASE}articles/a150/"]
