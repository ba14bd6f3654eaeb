"""Shared helpers: fixture projects copied to a temp dir, the CLI run as a user runs it,
and a tiny HTML tree built with the standard library's html.parser (no grepping)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES = TESTS_DIR / "fixtures"
REPO = TESTS_DIR.parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a wheel and installs it in a fresh venv (network to PyPI)")
    config.addinivalue_line("markers", "browser: loads pages in Chromium (/usr/bin/chromium; the accessibility "
                                       "tests also npm, of Node.js)")


# What the browser tests need beyond Python, and the system's packages that give it
NEEDED = {"chromium": ("/usr/bin/chromium", ["chromium"]), "npm": ("npm", ["nodejs", "npm"])}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that use Chromium are marked `browser`; when some are to run, what they need is
    installed first — through apt-get, when it is there and may be used (as root, unless
    BRIEFGEN_TEST_INSTALL=0) — or the run stops at once, saying what to install."""
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
    selected = [item for item in items if item.get_closest_marker("browser")]
    if not selected:
        return
    wanted = ["chromium"] + (["npm"] if any("axe_script" in getattr(i, "fixturenames", ()) for i in selected) else [])
    missing = [name for name in wanted if shutil.which(NEEDED[name][0]) is None]
    if not missing:
        return
    packages = [package for name in missing for package in NEEDED[name][1]]
    may_install = (shutil.which("apt-get") is not None and os.geteuid() == 0
                   and os.environ.get("BRIEFGEN_TEST_INSTALL", "1") != "0")
    if may_install:
        print(f"\ninstalling {', '.join(packages)} for the browser tests (apt-get; BRIEFGEN_TEST_INSTALL=0 to stop it)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        installed = (subprocess.run(["apt-get", "update", "-qq"], env=env).returncode == 0 and subprocess.run(
            ["apt-get", "install", "-y", "-qq", *packages], env=env, stdout=subprocess.DEVNULL).returncode == 0)
        if installed and all(shutil.which(NEEDED[name][0]) for name in missing):
            return
    pytest.exit(f"the browser tests ({len(selected)}) need {' and '.join(missing)}, which this machine lacks: install "
                f"{' '.join(packages)} (Debian/Ubuntu: sudo apt-get install {' '.join(packages)}), or leave them "
                "out with -m 'not browser'", returncode=4)


# --------------------------------------------------------------------------- projects and the CLI


def copy_fixture(name: str, dest: Path) -> Path:
    """A fresh copy of tests/fixtures/<name> at dest (created), so a test can change it freely."""
    source = FIXTURES / name
    assert source.is_dir(), f"no fixture named {name!r}"
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("expected.txt", "site"))
    return dest


def write_long_project(root: Path, articles: int, sentences: tuple[str, ...]) -> Path:
    """A project of many short articles by one speaker on one topic, each sentence ('… {n} …') a claim."""
    folder = root / "content" / "articles"
    folder.mkdir(parents=True)
    (root / "content" / "experts.yaml").write_text("ana-lima:\n  name: Ana Lima\n", encoding="utf-8")
    (root / "content" / "topics.yaml").write_text("trade:\n  title: Trade\n", encoding="utf-8")
    for number in range(articles):
        quotes = [sentence.format(n=number) for sentence in sentences]
        (folder / f"a{number:03}.md").write_text(" ".join(f"Ana Lima said “{q}”." for q in quotes) + "\n",
                                                 encoding="utf-8")
        claims = "".join(f"  - speaker: ana-lima\n    quote: {q}\n    topics: [trade]\n" for q in quotes)
        (folder / f"a{number:03}.yaml").write_text(
            f"title: Port {number}\npublished: 2024-01-01\nclaims:\n{claims}", encoding="utf-8")
    return root


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFGEN", "PYTEST"))}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def run_cli(*args: str | os.PathLike, cwd: Path, env: dict[str, str] | None = None,
            executable: list[str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run briefgen as a user would, in `cwd`; returns the finished process with text output."""
    command = (executable or [sys.executable, "-m", "briefgen"]) + [str(a) for a in args]
    return subprocess.run(command, cwd=cwd, env=env or cli_env(), capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def run_in(project: Path, *args: str | os.PathLike, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`briefgen ARGS` run in the project's folder, whatever it ends with."""
    return run_cli(*args, cwd=project, timeout=timeout)


def build(project: Path, *args: str | os.PathLike, **kwargs) -> subprocess.CompletedProcess[str]:
    """`briefgen build` that must succeed."""
    result = run_cli("build", *args, cwd=project, **kwargs)
    assert result.returncode == 0, f"build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> "Site":
    """The basic fixture, built once for the tests that only read its site."""
    project = copy_fixture("basic", tmp_path_factory.mktemp("basic-built") / "basic")
    build(project)
    return Site(project / "site", project=project)


# --------------------------------------------------------------------------- a tiny HTML tree

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCKS = {"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "pre",
          "figcaption", "article", "section", "div", "aside", "header", "footer", "main", "body"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    parent: "Element | None" = None
    children: list["Element | str"] = field(default_factory=list)
    line: int = 0

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self) -> Iterator["Element"]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Element"]:
        found = []
        for element in self.iter():
            if tag is not None and element.tag != tag:
                continue
            if cls is not None and cls not in element.classes:
                continue
            if any(element.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            found.append(element)
        return found

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> "Element | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def ancestors(self) -> Iterator["Element"]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def block(self) -> "Element | None":
        """The nearest block-level ancestor (the paragraph a mark stands in)."""
        return next((a for a in self.ancestors() if a.tag in BLOCKS), None)

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.stack[-1],
                          line=self.getpos()[0])
        if tag == "a" and any(e.tag == "a" for e in self.stack):
            self.problems.append(f"line {element.line}: <a> inside <a>")
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag == tag:
            self.stack.pop()
            return
        open_tags = [e.tag for e in self.stack]
        self.problems.append(f"line {self.getpos()[0]}: </{tag}> closes while <{open_tags[-1]}> is open")
        if tag in open_tags:
            while self.stack[-1].tag != tag:
                self.stack.pop()
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Document:
    root: Element
    problems: list[str]

    def find_all(self, *args, **kwargs) -> list[Element]:
        return self.root.find_all(*args, **kwargs)

    def find(self, *args, **kwargs) -> Element | None:
        return self.root.find(*args, **kwargs)

    @cached_property
    def ids(self) -> list[str]:
        return [e.attrs["id"] for e in self.root.iter() if "id" in e.attrs]


def parse_html(text: str) -> Document:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    unclosed = [e.tag for e in builder.stack[1:]]
    problems = builder.problems + ([f"unclosed at end: {unclosed}"] if unclosed else [])
    return Document(builder.root, problems)


# --------------------------------------------------------------------------- a built site


class Site:
    """A built site/ folder: its files, its parsed pages, and how its links resolve."""

    def __init__(self, root: Path, project: Path | None = None, base_path: str = "/"):
        self.root = root
        self.project = project
        self.base_path = base_path
        self._pages: dict[str, Document] = {}

    def files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file())

    def html_files(self) -> list[str]:
        return [f for f in self.files() if f.endswith(".html")]

    def page(self, rel: str) -> Document:
        if rel not in self._pages:
            self._pages[rel] = parse_html((self.root / rel).read_text(encoding="utf-8"))
        return self._pages[rel]

    def url_of(self, rel: str) -> str:
        """The URL a page is served at: 'experts/x/index.html' → '<base>experts/x/'."""
        if rel == "index.html":
            return self.base_path
        if rel.endswith("/index.html"):
            return self.base_path + rel[: -len("index.html")]
        return self.base_path + rel

    def links(self, rel: str) -> list[tuple[str, str]]:
        """(attribute, value) of every href and src in the page."""
        return [(name, e.attrs[name]) for e in self.page(rel).root.iter()
                for name in ("href", "src") if e.attrs.get(name) is not None]

    def resolve(self, rel: str, ref: str) -> tuple[str | None, str, str]:
        """Where an internal link of page `rel` leads: (site file or None, fragment, why not).

        External links (a scheme or a host) give ('', '', '')."""
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            return "", "", ""
        url = urljoin(self.url_of(rel), ref)
        target = urlsplit(url)
        path = unquote(target.path)
        if not path.startswith(self.base_path):
            return None, target.fragment, f"{path!r} is outside the base path {self.base_path!r}"
        inside = path[len(self.base_path):]
        candidates = [inside + "index.html"] if inside == "" or inside.endswith("/") else [inside, inside + "/index.html"]
        for candidate in candidates:
            if (self.root / candidate).is_file():
                return candidate, unquote(target.fragment), ""
        return None, target.fragment, f"no file {candidates[0]!r} in site/"

    def broken_links(self) -> list[str]:
        """Every internal href/src of every page that leads to no file, or to no element with that id."""
        broken = []
        for rel in self.html_files():
            for attr, ref in self.links(rel):
                if ref.startswith("mailto:"):
                    continue
                target, fragment, why = self.resolve(rel, ref)
                if target == "":
                    continue
                if target is None:
                    broken.append(f"{rel}: {attr}={ref!r}: {why}")
                elif fragment and target.endswith(".html") and fragment not in self.page(target).ids:
                    broken.append(f"{rel}: {attr}={ref!r}: no element with id {fragment!r} in {target}")
        return broken

    def snapshot(self) -> dict[str, bytes]:
        return snapshot(self.root)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (hidden ones too) by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def site_snapshot(site: Path) -> dict[str, bytes]:
    """A built site's files, to compare two builds: every file by its bytes, but of the search index
    what does not depend on the order in which Pagefind happens to write its filters (its filter
    files, and the names of the files that list them, differ between two builds of one site)."""
    files = {}
    for path, data in snapshot(site).items():
        inside = re.sub(r"^pagefind/\d+/", "pagefind/", path)  # the same in every shard of the index
        if inside.startswith(("pagefind/filter/", "pagefind/pagefind.")) and not inside.endswith(".js"):
            continue
        if inside == "pagefind/pagefind-entry.json":
            languages = json.loads(data)["languages"]
            data = json.dumps({language: index["page_count"] for language, index in languages.items()}).encode()
        files[path] = data
    return files


# --------------------------------------------------------------------------- what the fixture says

_QUOTES = {**{c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb"}, **{c: "'" for c in "\u2018\u2019\u201a\u201b"}}
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}


def fold(text: str) -> str:
    """Text as the spec compares quotes: NFC, one space per white-space run, straight quotes, hyphens."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(_QUOTES.get(c, _DASHES.get(c, c)) for c in text)
    return re.sub(r"\s+", " ", text).strip()


def squeeze(text: str) -> str:
    """fold() without any white space at all: for comparing text cut into several marks."""
    return re.sub(r"\s+", "", fold(text))


def name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass
class FixtureClaim:
    slug: str
    index: int  # position in the sidecar's list
    given_id: str | None
    speaker: str  # the expert id the sidecar's speaker (id, name or alias) stands for
    topics: list[str]
    quote: str
    occurrence: int | None
    kind: str | None


@dataclass
class FixtureArticle:
    slug: str
    meta: dict
    claims: list[FixtureClaim]

    @property
    def page(self) -> str:
        return f"articles/{self.slug}/index.html"


class Fixture:
    """What a project's YAML says, read with pyyaml: the expectations of the tests."""

    def __init__(self, project: Path):
        self.project = project
        content = project / "content"
        self.experts: dict[str, dict] = load_yaml(content / "experts.yaml") or {}
        self.topics: dict[str, dict] = load_yaml(content / "topics.yaml") or {}
        self.articles: dict[str, FixtureArticle] = {}
        for sidecar in sorted((content / "articles").rglob("*.yaml")):
            slug = sidecar.relative_to(content / "articles").with_suffix("").as_posix()
            meta = load_yaml(sidecar) or {}
            claims = [
                FixtureClaim(slug, i, c.get("id"), self.speaker_id(c["speaker"]), list(c.get("topics") or []),
                             c["quote"], c.get("occurrence"), c.get("kind"))
                for i, c in enumerate(meta.get("claims") or [])
            ]
            self.articles[slug] = FixtureArticle(slug, meta, claims)

    def speaker_id(self, value: str) -> str:
        if value in self.experts:
            return value
        matches = {expert_id for expert_id, e in self.experts.items()
                   for name in [e.get("name", ""), *(e.get("aliases") or [])] if name_key(name) == name_key(value)}
        assert len(matches) == 1, f"the fixture's speaker {value!r} names {matches or 'nobody'}"
        return matches.pop()

    def claims(self) -> list[FixtureClaim]:
        return [c for a in self.articles.values() for c in a.claims]


# --------------------------------------------------------------------------- claims as marked in a page


def marks_by_claim(doc: Document) -> dict[str, list[Element]]:
    """The <mark> elements of the article text by their data-claim, in document order."""
    body = doc.find("article", cls="article-text") or doc.root
    result: dict[str, list[Element]] = {}
    for mark in body.find_all("mark"):
        if "data-claim" in mark.attrs:
            result.setdefault(mark.attrs["data-claim"], []).append(mark)
    return result


def marked_text(marks: list[Element]) -> str:
    """The words inside a claim's marks (not the name of who says a quote nested in it): pieces in one
    block joined as they are, blocks by a space."""
    text = ""
    previous_block = None
    for mark in marks:
        block = mark.block()
        if previous_block is not None and block is not previous_block:
            text += " "
        text += _quoted_words(mark)
        previous_block = block
    return text


def _quoted_words(element: Element) -> str:
    return "".join(c if isinstance(c, str) else "" if "who" in c.classes else _quoted_words(c) for c in element.children)


def claim_ids(site: Site, fixture: Fixture) -> dict[tuple[str, int], str]:
    """The id of every claim of every sidecar: the given one, or the one its marks carry."""
    ids: dict[tuple[str, int], str] = {}
    for article in fixture.articles.values():
        groups = marks_by_claim(site.page(article.page))
        given = {c.given_id for c in article.claims if c.given_id}
        for claim in article.claims:
            if claim.given_id:
                ids[(claim.slug, claim.index)] = claim.given_id
                continue
            candidates = [cid for cid, marks in groups.items()
                          if cid not in given and squeeze(marked_text(marks)) == squeeze(claim.quote)]
            assert len(candidates) == 1, (
                f"{article.slug}: claim {claim.index + 1} has no id, and {len(candidates)} marked "
                f"passages match its quote {claim.quote!r}: {candidates}")
            ids[(claim.slug, claim.index)] = candidates[0]
    return ids


# --------------------------------------------------------------------------- the example site in a browser

EXAMPLE_BASE = "/brief/"
EXAMPLE_ARTICLE = "urdupoint-2022-01-15-missiles-talks"
EXAMPLE_SOURCE_URL = "https://www.example.org/world/2022/01/15/missiles-talks.html"
PAGE_TYPES = {  # one page of every kind, in the repository's own example project, by its path under the base
    "home": "",
    "articles": "articles/",
    "article": f"articles/{EXAMPLE_ARTICLE}/",
    "experts": "experts/",
    "expert": "experts/nikolai-sokov/",
    "topics": "topics/",
    "topic": "topics/arms-control/",
    "claims": "claims/",
    "discrepancies": "discrepancies/",
    "notes": "notes/",
    "note": "notes/what-experts-expect-from-the-talks/",
    "search": "search/",
    "404": "no-such-page/",  # answered with 404.html, as GitHub Pages does
}
SCREENSHOTS = pytest.StashKey[Path]()  # where the screenshots of a run went, said at its end


@dataclass
class ServedSite:
    root: Path  # the site folder
    base: str  # its address: http://127.0.0.1:<port><base path>

    def url(self, path: str = "") -> str:
        return self.base + path


@contextlib.contextmanager
def serve_site(root: Path, base_path: str = "/") -> Iterator[ServedSite]:
    """Serve a built site over HTTP on 127.0.0.1 as GitHub Pages does: under its base path, and
    every missing page answered with 404.html and status 404."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            path = urlsplit(path).path
            inside = path[len(base_path) - 1:] if path.startswith(base_path) else "/.outside-the-base-path"
            return super().translate_path(inside)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code != 404:
                return super().send_error(code, message, explain)
            body = (root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(root, f"http://127.0.0.1:{server.server_address[1]}{base_path}")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The repository's own example project (content/: two annotated articles, a note, three
    discrepancies), its first article given the address of its original, built under /brief/
    and served."""
    project = tmp_path_factory.mktemp("example") / "project"
    shutil.copytree(REPO / "content", project / "content")
    sidecar = project / "content" / "articles" / f"{EXAMPLE_ARTICLE}.yaml"
    text = sidecar.read_text(encoding="utf-8")
    assert "\npublished:" in text and "\nurl:" not in text
    sidecar.write_text(text.replace("\npublished:", f"\nurl: {EXAMPLE_SOURCE_URL}\npublished:", 1), encoding="utf-8")
    build(project, "--base-url", EXAMPLE_BASE, "--quiet")
    with serve_site(project / "site", EXAMPLE_BASE) as served:
        yield served


@pytest.fixture(scope="module")
def chromium():
    """Chromium as installed on the system (no `playwright install`), one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-background-networking"])
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    folder = config.stash.get(SCREENSHOTS, None)
    if folder is not None:
        terminalreporter.write_line(f"screenshots (every page type at 375 and 1280 px in both schemes, the printed article): {folder}")
