"""Every kind of page passes axe-core in the light and the dark colour scheme, and every claim can
be reached and heard: by keyboard, and by a screen reader through the words of its tag."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import PAGE_TYPES, TESTS_DIR

AXE_VERSION = "^4.10"
NODE_DIR = TESTS_DIR / ".node"  # git-ignored
# every rule axe runs by default, and the one it leaves out (target size, WCAG 2.2 AA)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
ARTICLE = PAGE_TYPES["article"]


@pytest.fixture(scope="session")
def axe_script():
    """axe-core's browser script, installed with npm into tests/.node/ the first time it is needed."""
    script = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("the accessibility tests install axe-core with npm, and npm (Node.js) is not on PATH",
                        pytrace=False)
        command = [npm, "install", "--prefix", str(NODE_DIR), f"axe-core@{AXE_VERSION}", "--no-audit", "--no-fund"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if result.returncode != 0 or not script.is_file():
            pytest.fail(f"could not install axe-core: `{' '.join(command)}` exited {result.returncode}\n"
                        f"{result.stdout}\n{result.stderr}", pytrace=False)
    return script


@pytest.fixture()
def page(chromium):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def axe_violations(page, axe_script) -> list[str]:
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
                f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"][:5])
            for v in results["violations"]]


def background_luminance(page) -> float:
    """Relative luminance (0 black … 1 white) of the page's background."""
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)")
    linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_violation(page, example_site, axe_script, page_type: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    response = page.goto(example_site.url(PAGE_TYPES[page_type]))
    assert response is not None and response.status == (404 if page_type == "404" else 200)
    luminance = background_luminance(page)  # the scheme is really the one asked for
    assert luminance > 0.8 if scheme == "light" else luminance < 0.05, (scheme, luminance)
    violations = axe_violations(page, axe_script)
    assert not violations, f"{page_type} page, {scheme} scheme:\n" + "\n".join(violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_claim_opened_by_its_number_or_its_permalink_stays_readable(page, example_site, axe_script, scheme: str) -> None:
    """A quote's number, by keyboard, gives the focus to its card, lit up with its quote; a link to
    the quote from another page highlights it (:target): those colours pass too."""
    page.emulate_media(color_scheme=scheme)
    page.goto(example_site.url(ARTICLE))
    number = page.locator(".claim-tag a.claim-num").first
    claim = number.get_attribute("data-claim")
    number.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"panel-{claim}"
    assert page.evaluate(f"document.querySelector('mark#claim-{claim}').classList.contains('active')")
    violations = axe_violations(page, axe_script)
    assert not violations, "\n".join(violations)
    page.goto(example_site.url(ARTICLE) + f"#claim-{claim}")
    assert page.evaluate("document.querySelector(':target').tagName") == "MARK"
    violations = axe_violations(page, axe_script)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_landmarks_and_a_working_skip_link(page, example_site, page_type: str) -> None:
    page.goto(example_site.url(PAGE_TYPES[page_type]))
    if page_type == "search":  # its search box is made by a script: the reader tabs once it is there
        page.wait_for_selector(".pagefind-ui__search-input")
    for role, name in [("banner", None), ("navigation", "Site"), ("main", None), ("contentinfo", None)]:
        assert page.get_by_role(role, name=name).count() == 1, f"{page_type}: one {role} landmark"
    assert page.get_by_role("heading", level=1).count() == 1

    page.keyboard.press("Tab")  # the first stop is the skip link, shown on the screen
    skip = page.evaluate("({cls: document.activeElement.className, text: document.activeElement.textContent,"
                         " top: document.activeElement.getBoundingClientRect().top})")
    assert skip["cls"] == "skip-link" and skip["text"] == "Skip to content" and skip["top"] >= 0, skip
    page.keyboard.press("Enter")  # moves the focus to the main content
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # and the next stop is inside it, past the navigation
    assert page.evaluate("document.activeElement.closest('main') !== null"), page_type


def test_every_link_of_an_article_is_reached_by_tab_and_shows_its_focus(page, example_site) -> None:
    """Tab walks through the page: every claim's number in the text (and every other link) gets the
    focus, each with a visible outline."""
    page.goto(example_site.url(ARTICLE))
    page.evaluate("""() => {
        window.reached = new Set();
        window.unseen = [];
        document.addEventListener('focusin', event => {
            const el = event.target, style = getComputedStyle(el);
            window.reached.add(el);
            if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) window.unseen.push(el.outerHTML);
        });
    }""")
    stops = page.evaluate("document.querySelectorAll('a[href], button, input, select, textarea, [tabindex=\"0\"]')"
                          ".length")
    claims = page.locator(".claims-panel li.panel-claim").count()
    assert claims >= 20
    for _ in range(stops + 1):
        page.keyboard.press("Tab")
    missed = page.evaluate("""() => [...document.querySelectorAll('a[href], button, input, select, textarea')]
        .filter(el => !window.reached.has(el)).map(el => el.outerHTML)""")
    assert missed == [], f"never reached by Tab: {missed[:5]}"
    in_text = page.evaluate("""() => [...document.querySelectorAll('.claim-tag a.claim-num')]
        .filter(el => window.reached.has(el)).length""")
    assert in_text == claims
    assert page.evaluate("window.unseen") == []


def test_every_mark_is_described_by_its_claim(page, example_site) -> None:
    """What a screen reader gets of each marked quote (Chromium's accessibility tree): a mark whose
    description is its claim's card — its speaker, kind, summary and topics, in words; and what the
    eye gets: the speaker's name on the screen, level with the quote (its card beside it)."""
    page.goto(example_site.url(ARTICLE))
    expected = page.evaluate("""() => [...document.querySelectorAll('article.article-text mark.claim')].map(mark => {
        const entry = document.getElementById('panel-' + mark.dataset.claim);
        return {claim: mark.dataset.claim,
                number: entry.querySelector('.claim-num').textContent.trim(),
                speaker: entry.querySelector('.speaker').textContent.trim(),
                kind: entry.classList.contains('direct') ? 'quoted' : 'paraphrased',
                topics: [...entry.querySelectorAll('.chips a')].map(a => a.textContent.trim())};
    })""")
    assert len({mark["claim"] for mark in expected}) >= 20
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "article.article-text mark.claim"})["nodeIds"]
    assert len(nodes) == len(expected)
    for node, mark in zip(nodes, expected):
        accessible = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
        assert accessible["role"]["value"] == "mark" and not accessible.get("ignored"), mark
        description = " ".join(accessible.get("description", {}).get("value", "").split())
        said = f"{mark['speaker']} {mark['kind']}"
        assert description.startswith(said), (mark["claim"], description)
        assert all(topic in description for topic in mark["topics"]), (mark["claim"], description)
    for mark in expected:  # the speaker on the screen, beside the quote
        assert page.locator(f"#panel-{mark['claim']} .speaker").is_visible(), mark["claim"]
