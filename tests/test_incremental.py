"""Rebuilding after edits is never a different site: after each of a random series of edits, the
build that reuses the last build's state makes exactly the files (and says exactly the warnings)
that a clean build of the same project makes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import build, site_snapshot

EXPERTS = {
    "ana-lima": "Ana Lima", "ben-okafor": "Ben Okafor", "carla-diaz": "Carla Diaz", "trade-office": "Trade Office",
}
TOPICS = {"trade": None, "ports": "trade", "energy": None, "grids": "energy"}
QUOTES = [  # shared by several articles, so that sources agree, and disagree, about who said them
    "the port will reopen before the winter storms arrive",
    "grid prices must fall for the plan to work at all",
    "nobody in the ministry saw the tariff coming this year",
    "the new line doubles what the old one could carry",
    "exports rose faster than anyone in the region expected",
    "the agreement leaves the hardest questions for later",
]
FILLER = ["Officials met again on Monday.", "The talks ran late into the evening.",
          "Analysts expect a slow start.", "Shipping firms were cautious.", "Markets barely moved."]


def _article(rng: random.Random, number: int) -> tuple[str, str]:
    """An article's Markdown and its sidecar: three claims, quoted or paraphrased, among filler."""
    picks = rng.sample(QUOTES, 3)
    speakers = [rng.choice(list(EXPERTS)) for _ in picks]
    paragraphs, claims = [], []
    for index, (quote, speaker) in enumerate(zip(picks, speakers)):
        topic = rng.choice(list(TOPICS))
        paragraphs.append(f"{rng.choice(FILLER)} “{quote[0].upper()}{quote[1:]},” said {EXPERTS[speaker]}.")
        claims.append(f"  - id: c{index}\n    speaker: {speaker}\n    quote: \"{quote}\"\n    topics: [{topic}]\n")
    markdown = f"# Report {number}\n\n" + "\n\n".join(paragraphs) + "\n"
    sidecar = (f"outlet: Outlet {number % 3}\npublished: 2024-0{1 + number % 9}-1{number % 10}\n"
               f"claims:\n{''.join(claims)}")
    return markdown, sidecar


def _write_registries(content: Path, names: dict[str, str], parents: dict[str, str | None]) -> None:
    experts = "".join(f"{eid}:\n  name: {name}\n" + ("  kind: organization\n" if eid == "trade-office" else "")
                      for eid, name in names.items())
    (content / "experts.yaml").write_text(experts, encoding="utf-8")
    topics = "".join(f"{tid}:\n  title: {tid.title()}\n" + (f"  parent: {parent}\n" if parent else "")
                     for tid, parent in parents.items())
    (content / "topics.yaml").write_text(topics, encoding="utf-8")


def _project(root: Path, rng: random.Random) -> Path:
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (root / "briefgen.yaml").write_text("title: Incremental\nbase_url: https://example.org/brief/\n", encoding="utf-8")
    _write_registries(root / "content", EXPERTS, TOPICS)
    for number in range(6):
        markdown, sidecar = _article(rng, number)
        (articles / f"report-{number}.md").write_text(markdown, encoding="utf-8")
        (articles / f"report-{number}.yaml").write_text(sidecar, encoding="utf-8")
    # One long article, so that an expert's and a topic's claims run over more than one page.
    quotes = [f"cargo quota {n} holds steady" for n in range(105)]
    (articles / "digest.md").write_text(
        "# Digest\n\n" + "\n\n".join(f"“{q[0].upper()}{q[1:]},” said Ana Lima." for q in quotes) + "\n",
        encoding="utf-8")
    (articles / "digest.yaml").write_text("outlet: Digest\npublished: 2024-03-01\nclaims:\n" + "".join(
        f"  - id: d{n}\n    speaker: ana-lima\n    quote: \"{q}\"\n    topics: [trade]\n" for n, q in enumerate(quotes)),
        encoding="utf-8")
    (root / "content" / "notes").mkdir()
    (root / "content" / "notes" / "week.md").write_text(
        "---\ntitle: The week\ndate: 2024-02-01\n---\n\nAs {claim: report-0#c1} shows, it is early days.\n",
        encoding="utf-8")
    return root


class Editor:
    """Random edits of the kinds a user makes, each leaving a project that builds."""

    def __init__(self, root: Path, rng: random.Random):
        self.root, self.rng = root, rng
        self.articles = root / "content" / "articles"
        self.names = dict(EXPERTS)
        self.parents = dict(TOPICS)
        self.next_number = 6

    def _pick(self, keep_first: bool = False) -> Path:
        mds = sorted(self.articles.glob("*.md"))
        if keep_first:
            mds = [md for md in mds if md.stem != "report-0"] or mds
        return self.rng.choice(mds)

    def text(self) -> str:
        md = self._pick()
        md.write_text(md.read_text(encoding="utf-8") + f"\n{self.rng.choice(FILLER)} {self.rng.random():.6f}\n",
                      encoding="utf-8")
        return f"text of {md.name}"

    def same_bytes(self) -> str:
        md = self._pick()
        md.write_text(md.read_text(encoding="utf-8"), encoding="utf-8")
        return f"{md.name} saved unchanged"

    def sidecar_comment(self) -> str:
        sidecar = self._pick().with_suffix(".yaml")
        sidecar.write_text(sidecar.read_text(encoding="utf-8") + f"# checked {self.rng.random():.4f}\n",
                           encoding="utf-8")
        return f"comment in {sidecar.name}"

    def quote(self) -> str:
        md = self._pick(keep_first=True)
        sidecar = md.with_suffix(".yaml")
        text, claims = md.read_text(encoding="utf-8"), sidecar.read_text(encoding="utf-8")
        quote = self.rng.choice(claims.split('quote: "')[1:]).split('"')[0]
        new = quote.replace(" the ", " that ", 1) if " the " in quote else quote + " soon"
        text = text.replace(f"{quote[0].upper()}{quote[1:]},", f"{new[0].upper()}{new[1:]},")
        md.write_text(text, encoding="utf-8")
        sidecar.write_text(claims.replace(f'quote: "{quote}"', f'quote: "{new}"'), encoding="utf-8")
        return f"a quote in {md.name}"

    def speaker(self) -> str:
        eid = self.rng.choice([e for e in self.names if e != "trade-office"])
        self.names[eid] = self.names[eid] + " Jr"
        _write_registries(self.root / "content", self.names, self.parents)
        return f"speaker {eid} renamed"

    def parent(self) -> str:
        self.parents["ports"] = "energy" if self.parents["ports"] == "trade" else "trade"
        _write_registries(self.root / "content", self.names, self.parents)
        return f"ports now under {self.parents['ports']}"

    def delete(self) -> str:
        md = self._pick(keep_first=True)
        if md.stem == "report-0":
            return "nothing deleted"
        md.unlink()
        md.with_suffix(".yaml").unlink()
        return f"{md.name} deleted"

    def add(self) -> str:
        markdown, sidecar = _article(self.rng, self.next_number)
        (self.articles / f"report-{self.next_number}.md").write_text(markdown, encoding="utf-8")
        (self.articles / f"report-{self.next_number}.yaml").write_text(sidecar, encoding="utf-8")
        self.next_number += 1
        return f"report-{self.next_number - 1} added"

    def template(self) -> str:
        own = self.root / "templates" / "article.html"
        if own.exists():
            shutil.rmtree(own.parent)
            return "own article template removed"
        own.parent.mkdir()
        own.write_text('{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>'
                       '<div class="mine">{{ body }}</div>{% endblock %}', encoding="utf-8")
        return "own article template added"

    def summary(self) -> str:
        sidecar = self._pick().with_suffix(".yaml")
        lines = [line for line in sidecar.read_text(encoding="utf-8").splitlines(keepends=True)
                 if not line.startswith("    summary:")]
        claim = self.rng.choice([i for i, line in enumerate(lines) if line.startswith("  - id:")])
        lines.insert(claim + 1, f"    summary: Summary {self.rng.random():.4f}\n")
        sidecar.write_text("".join(lines), encoding="utf-8")
        return f"a claim's summary in {sidecar.name}"

    def claim_topics(self) -> str:
        sidecar = self._pick().with_suffix(".yaml")
        lines = sidecar.read_text(encoding="utf-8").splitlines(keepends=True)
        claim = self.rng.choice([i for i, line in enumerate(lines) if line.startswith("    topics:")])
        lines[claim] = f"    topics: [{', '.join(self.rng.sample(list(TOPICS), 2))}]\n"
        sidecar.write_text("".join(lines), encoding="utf-8")
        return f"a claim's topics in {sidecar.name}"

    def title(self) -> str:
        md = self._pick()
        text = md.read_text(encoding="utf-8")
        md.write_text(text.replace("# Report", f"# Report {self.rng.randint(1, 9)}", 1), encoding="utf-8")
        return f"title of {md.name}"

    def random_edit(self) -> str:
        edits = [self.text] * 5 + [self.same_bytes, self.sidecar_comment, self.summary, self.claim_topics] * 2 + [
            self.quote, self.speaker, self.parent, self.delete, self.add, self.template, self.title]
        return self.rng.choice(edits)()


def _clean_build(project: Path, scratch: Path, *options: str) -> tuple[dict[str, bytes], str]:
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    for name in ("content", "templates", "briefgen.yaml"):
        source = project / name
        if source.is_dir():
            shutil.copytree(source, scratch / name)
        elif source.is_file():
            shutil.copy(source, scratch / name)
    result = build(scratch, *options)
    return site_snapshot(scratch / "site"), result.stderr


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_rebuild_exactly_what_a_clean_build_makes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    project = _project(tmp_path / "project", rng)
    build(project)
    editor = Editor(project, rng)
    spliced = 0
    for step in range(12):
        what = editor.random_edit()
        incremental = build(project)
        spliced += "rebuilt " in incremental.stdout
        if what.startswith("text of"):  # the fast path: that article's page alone is redone
            assert "rebuilt 3 files" in incremental.stdout, f"step {step} ({what}): {incremental.stdout}"
        clean, clean_warnings = _clean_build(project, tmp_path / "clean")
        ours = site_snapshot(project / "site")
        assert ours.keys() == clean.keys(), f"step {step} ({what}): files differ"
        different = [path for path in ours if ours[path] != clean[path]]
        assert not different, f"step {step} ({what}): {different} differ from a clean build"
        assert incremental.stderr == clean_warnings, f"step {step} ({what}): the warnings differ"
    assert spliced, "no edit was rebuilt from the last build's state"  # the fast path was exercised


def test_a_corrupt_state_is_discarded(tmp_path: Path) -> None:
    project = _project(tmp_path / "project", random.Random(7))
    build(project)
    (project / ".briefgen-cache" / "state.sqlite").write_bytes(b"not a database at all" * 50)
    md = project / "content" / "articles" / "report-1.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = build(project)
    assert "built " in result.stdout and "rebuilt" not in result.stdout  # a full build, not a splice
    clean, _ = _clean_build(project, tmp_path / "clean")
    assert site_snapshot(project / "site") == clean


def _site_is(site: Path, expected: dict[str, bytes]) -> bool:
    try:
        return site_snapshot(site) == expected
    except OSError:  # a file went while the site was read: serve is swapping in a part of it
        return False


@pytest.mark.parametrize("seed", [int(s) for s in os.environ.get("BRIEFGEN_TEST_SEEDS", "11 12").split()])
def test_serve_rebuilds_exactly_what_a_clean_build_makes(tmp_path: Path, seed: int) -> None:
    """The same random edits under `briefgen serve`, which keeps the site in memory between saves."""
    from test_serve import _free_port, wait_for

    rng = random.Random(seed)
    project = _project(tmp_path / "project", rng)
    time.sleep(0.05)  # past the file system clock's tick: files saved in the tick of a build are read again
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "-C", str(project), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        wait_for(lambda: any(line.startswith("serving") for line in output), timeout=60, what="serve to start")
        editor = Editor(project, rng)
        partial = 0
        for step in range(16):
            done = sum(line.startswith(("rebuilt in", "not rebuilt")) for line in output)
            what = editor.random_edit()
            wait_for(lambda: sum(line.startswith(("rebuilt in", "not rebuilt")) for line in output) > done,
                     timeout=60, what=f"the rebuild after step {step} ({what})")
            last = [line for line in output if line.startswith(("rebuilt in", "not rebuilt"))][-1]
            assert last.startswith("rebuilt in"), "".join(output)
            partial += "files;" in last or "file;" in last
            if what.startswith("text of"):  # its page and the annotations; the search index follows
                assert "(2 files;" in last, f"step {step} ({what}): {last}"
            clean, _ = _clean_build(project, tmp_path / "clean", "--drafts")
            # the pages are made at once; the search index follows in the background
            try:
                wait_for(lambda: _site_is(project / "site", clean), timeout=60, what="the same site")
            except AssertionError:
                ours = site_snapshot(project / "site")
                assert ours.keys() == clean.keys(), f"step {step} ({what}): {sorted(ours.keys() ^ clean.keys())}"
                different = [path for path in ours if ours[path] != clean[path]]
                raise AssertionError(f"step {step} ({what}): {different} differ from a clean build\n"
                                     + "".join(output[-20:])) from None
        assert partial, "serve never rebuilt only some pages"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)
        reader.join(timeout=5)
        process.stdout.close()
