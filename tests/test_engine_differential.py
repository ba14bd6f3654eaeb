"""Whatever a user edits, and in whatever order, the site a rebuild leaves is the site a clean
build of the same project makes: every file, byte for byte (Pagefind's own filter-file order
aside), and the same warnings — under `briefgen build` and under `briefgen serve`.

Black-box: the project is edited on disk and briefgen is run as a user runs it; nothing of
briefgen is imported, so these tests judge any engine. The sequences of edits are random but
seeded: a failure says its seed, and BRIEFGEN_ENGINE_SEEDS="<seed> …" replays it.

The other engine tests (test_engine_interrupted.py, test_engine_crafted_state.py) use the
project, the editor and the comparison helpers of this file."""

from __future__ import annotations

import itertools
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import REPO, build, cli_env, site_snapshot
from test_article_language import FRENCH  # a real article's passage, with its address
from test_serve import _free_port, get, wait_for

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
OWN_WORDS = ["amber", "basalt", "cobalt", "dune", "ember", "fjord", "granite", "heron", "iris", "juniper",
             "kelp", "lichen", "marrow", "nettle", "oxbow", "pumice", "quartz", "rowan"]  # quotes no other claim has
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


TOPIC_TITLES = {topic: topic.title() for topic in TOPICS}
FOOTERS = [  # what the project's own base.html adds to every page: values of the whole site
    '<p class="site-counts">{{ site.counts.articles }} articles · {{ site.counts.claims }} claims</p>',
    '<p class="site-counts">{{ site.counts.articles }} articles; experts: '
    '{% for expert in site.experts %}{{ expert.name }}{% if not loop.last %}, {% endif %}{% endfor %}</p>',
    '<p class="site-counts">Experts ({{ site.counts.experts }}): '
    '{% for expert in site.experts %}<a href="{{ expert.url }}">{{ expert.name }}</a> {% endfor %}'
    '· {{ site.counts.articles }} articles</p>',
]
ARTICLE_TEMPLATE = {  # the project's own article.html, on top of layout.html or of base.html directly
    "layout": '{% extends "layout.html" %}{% block title %}{{ article.title }}{% endblock %}'
              '{% block inner %}<h1>{{ article.title }}</h1><div class="mine">{{ body }}</div>{% endblock %}\n',
    "base": '{% extends "base.html" %}{% block title %}{{ article.title }}{% endblock %}'
            '{% block content %}<h1>{{ article.title }}</h1><div class="mine">{{ body }}</div>{% endblock %}\n',
}
LAYOUT = ('{% extends "base.html" %}{% block content %}<div class="layout" data-v="VERSION">'
          '{% include "_partial.html" %}{% include "_extra.html" ignore missing %}'
          '{% block inner %}{% endblock %}</div>{% endblock %}\n')
PARTIAL = ('<p class="partial">Partial VERSION: {{ site.counts.claims }} claims by {{ site.counts.experts }} '
           'experts</p>\n')


# --------------------------------------------------------------------------- the project and its edits


def base_template(footer: str) -> str:
    """The built-in base.html (as the repository has it) with `footer` added to its footer."""
    text = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    assert "</footer>" in text, "the built-in base.html has no footer to add to"
    return text.replace("</footer>", f"{footer}\n</footer>", 1)


def write_registries(content: Path, names: dict[str, str], titles: dict[str, str],
                     parents: dict[str, str | None]) -> None:
    experts = "".join(f"{eid}:\n  name: {name}\n" + ("  kind: organization\n" if eid == "trade-office" else "")
                      for eid, name in names.items())
    (content / "experts.yaml").write_text(experts, encoding="utf-8")
    topics = "".join(f"{tid}:\n  title: {titles[tid]}\n" + (f"  parent: {parent}\n" if parent else "")
                     for tid, parent in parents.items())
    (content / "topics.yaml").write_text(topics, encoding="utf-8")


def make_project(root: Path, rng: random.Random, long_article: bool = True, base_override: bool = True) -> Path:
    """Six reports (three claims each) and, with `long_article`, a digest of 105 claims (so that
    an expert's and a topic's lists run over several pages); a note; static files; and the
    project's own templates: a base.html showing site-wide counts in every page's footer, an
    article.html on top of a layout.html that includes a partial."""
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (root / "briefgen.yaml").write_text(
        "title: Engine\ndescription: Briefings for the engine tests\nbase_url: https://example.org/brief/\n",
        encoding="utf-8")
    write_registries(root / "content", dict(EXPERTS), dict(TOPIC_TITLES), dict(TOPICS))
    for number in range(6):
        markdown, sidecar = _article(rng, number)
        (articles / f"report-{number}.md").write_text(markdown, encoding="utf-8")
        (articles / f"report-{number}.yaml").write_text(sidecar, encoding="utf-8")
    if long_article:
        quotes = [f"cargo quota {n} holds steady" for n in range(105)]
        (articles / "digest.md").write_text(
            "# Digest\n\n" + "\n\n".join(f"“{q[0].upper()}{q[1:]},” said Ana Lima." for q in quotes) + "\n",
            encoding="utf-8")
        (articles / "digest.yaml").write_text("outlet: Digest\npublished: 2024-03-01\nclaims:\n" + "".join(
            f"  - id: d{n}\n    speaker: ana-lima\n    quote: \"{q}\"\n    topics: [trade]\n"
            for n, q in enumerate(quotes)), encoding="utf-8")
    (root / "content" / "notes").mkdir()
    (root / "content" / "notes" / "week.md").write_text(
        "---\ntitle: The week\ndate: 2024-02-01\n---\n\nAs {claim: report-0#c1} shows, it is early days.\n",
        encoding="utf-8")
    static = root / "static"
    (static / "extra").mkdir(parents=True)
    (static / "extra" / "notice.txt").write_text("Static notice 0\n", encoding="utf-8")
    (static / "logo.bin").write_bytes(bytes(rng.randrange(256) for _ in range(300)))
    templates = root / "templates"
    templates.mkdir()
    if base_override:
        (templates / "base.html").write_text(base_template(FOOTERS[0]), encoding="utf-8")
    (templates / "article.html").write_text(ARTICLE_TEMPLATE["layout"], encoding="utf-8")
    (templates / "layout.html").write_text(LAYOUT.replace("VERSION", "0"), encoding="utf-8")
    (templates / "_partial.html").write_text(PARTIAL.replace("VERSION", "0"), encoding="utf-8")
    return root


class Editor:
    """The edits a user makes, each leaving a project that builds; each says what it did."""

    def __init__(self, root: Path, rng: random.Random):
        self.root, self.rng = root, rng
        self.content = root / "content"
        self.articles = self.content / "articles"
        self.templates = root / "templates"
        self.static = root / "static"
        self.names = dict(EXPERTS)
        self.titles = dict(TOPIC_TITLES)
        self.parents = dict(TOPICS)
        self.next_number = 6
        self.next_expert = 0
        self.version = 0  # a number no edit has used yet, so that every edit changes something

    def _new(self) -> int:
        self.version += 1
        return self.version

    def _pick(self, keep_first: bool = False) -> Path:
        mds = sorted(self.articles.glob("*.md"))
        if keep_first:  # report-0 is cited by the note
            mds = [md for md in mds if md.stem != "report-0"] or mds
        return self.rng.choice(mds)

    def _registries(self) -> None:
        write_registries(self.content, self.names, self.titles, self.parents)

    # articles and their sidecars

    def text(self) -> str:
        md = self._pick()
        md.write_text(md.read_text(encoding="utf-8") + f"\n{self.rng.choice(FILLER)} {self._new()}\n", encoding="utf-8")
        return f"text of {md.name}"

    def same_bytes(self) -> str:
        md = self._pick()
        md.write_text(md.read_text(encoding="utf-8"), encoding="utf-8")
        return f"{md.name} saved unchanged"

    @staticmethod
    def _quotes(md: Path) -> list[str]:
        sidecar = md.with_suffix(".yaml").read_text(encoding="utf-8")
        return [part.split('"')[0] for part in sidecar.split('quote: "')[1:]]

    @staticmethod
    def _requote(md: Path, quote: str, new: str) -> None:
        """A claim's quote made `new`, in the article's text and in its sidecar."""
        sidecar = md.with_suffix(".yaml")
        text, claims = md.read_text(encoding="utf-8"), sidecar.read_text(encoding="utf-8")
        md.write_text(text.replace(f"{quote[0].upper()}{quote[1:]},", f"{new[0].upper()}{new[1:]},"), encoding="utf-8")
        sidecar.write_text(claims.replace(f'quote: "{quote}"', f'quote: "{new}"'), encoding="utf-8")

    def quote(self) -> str:
        md = self._pick(keep_first=True)
        quote = self.rng.choice(self._quotes(md))
        self._requote(md, quote, quote.replace(" the ", " that ", 1) if " the " in quote else quote + " soon")
        return f"a quote in {md.name} and its sidecar"

    def quote_shared(self) -> str:
        """A claim's quote made the words of a claim in another article: the two are one claim now."""
        md = self._pick(keep_first=True)
        own = self._quotes(md)
        others = sorted({quote for other in self.articles.glob("*.md") if other != md
                         for quote in self._quotes(other)} - set(own))
        if not others:
            return self.quote()
        new = self.rng.choice(others)
        self._requote(md, self.rng.choice(own), new)
        return f"a quote in {md.name} made another article's: {new!r}"

    def quote_own(self) -> str:
        """A claim's quote made words no other claim has: the copies it had are gone."""
        md = self._pick(keep_first=True)
        new = " ".join(self.rng.sample(OWN_WORDS, 6)) + f" {self._new()}"
        self._requote(md, self.rng.choice(self._quotes(md)), new)
        return f"a quote in {md.name} made words of its own: {new!r}"

    def claim_speaker(self) -> str:
        sidecar = self._pick().with_suffix(".yaml")
        lines = sidecar.read_text(encoding="utf-8").splitlines(keepends=True)
        at = self.rng.choice([i for i, line in enumerate(lines) if line.startswith("    speaker:")])
        speaker = self.rng.choice(sorted(self.names))
        lines[at] = f"    speaker: {speaker}\n"
        sidecar.write_text("".join(lines), encoding="utf-8")
        return f"a claim of {sidecar.name} now by {speaker}"

    def summary(self) -> str:
        sidecar = self._pick().with_suffix(".yaml")
        lines = [line for line in sidecar.read_text(encoding="utf-8").splitlines(keepends=True)
                 if not line.startswith("    summary:")]
        claim = self.rng.choice([i for i, line in enumerate(lines) if line.startswith("  - id:")])
        lines.insert(claim + 1, f"    summary: Summary {self._new()}\n")
        sidecar.write_text("".join(lines), encoding="utf-8")
        return f"a claim's summary in {sidecar.name}"

    def claim_topics(self) -> str:
        sidecar = self._pick().with_suffix(".yaml")
        lines = sidecar.read_text(encoding="utf-8").splitlines(keepends=True)
        at = self.rng.choice([i for i, line in enumerate(lines) if line.startswith("    topics:")])
        lines[at] = f"    topics: [{', '.join(self.rng.sample(sorted(self.parents), 2))}]\n"
        sidecar.write_text("".join(lines), encoding="utf-8")
        return f"a claim's topics in {sidecar.name}"

    def sidecar_title(self) -> str:
        sidecar = self._pick().with_suffix(".yaml")
        lines = [line for line in sidecar.read_text(encoding="utf-8").splitlines(keepends=True)
                 if not line.startswith("title:")]
        sidecar.write_text(f"title: Retitled report {self._new()}\n" + "".join(lines), encoding="utf-8")
        return f"title in {sidecar.name}"

    def sidecar_date(self) -> str:
        sidecar = self._pick().with_suffix(".yaml")
        date = f"2023-{self.rng.randint(1, 12):02}-{self.rng.randint(1, 28):02}"
        sidecar.write_text(re.sub(r"(?m)^published: .*$", f"published: {date}", sidecar.read_text(encoding="utf-8")),
                           encoding="utf-8")
        return f"date in {sidecar.name} now {date}"

    def delete(self) -> str:
        mds = [md for md in sorted(self.articles.glob("*.md")) if md.stem != "report-0"]
        if len(mds) < 2:
            return self.add()
        md = self.rng.choice(mds)
        md.unlink()
        md.with_suffix(".yaml").unlink()
        return f"{md.name} deleted"

    def add(self) -> str:
        markdown, sidecar = _article(self.rng, self.next_number)
        (self.articles / f"report-{self.next_number}.md").write_text(markdown, encoding="utf-8")
        (self.articles / f"report-{self.next_number}.yaml").write_text(sidecar, encoding="utf-8")
        self.next_number += 1
        return f"report-{self.next_number - 1} added"

    def language(self) -> str:
        """An article in another language added, or deleted: a search shard of its own comes or goes."""
        md = self.articles / "ailleurs.md"
        if md.exists():
            md.unlink()
            md.with_suffix(".yaml").unlink()
            return "the article in French deleted (its search shard goes)"
        md.write_text(FRENCH, encoding="utf-8")
        md.with_suffix(".yaml").write_text("title: Nous rebâtirons Notre-Dame\noutlet: Europe 1\n", encoding="utf-8")
        return "an article in French added (a search shard of its own)"

    # registries, notes, settings

    def expert_rename(self) -> str:
        eid = self.rng.choice(sorted(self.names))
        self.names[eid] = f"{self.names[eid].split(' (')[0]} ({self._new()})"
        self._registries()
        return f"expert {eid} renamed {self.names[eid]!r}"

    def expert_add(self) -> str:
        eid = f"new-expert-{self.next_expert}"
        self.next_expert += 1
        self.names[eid] = f"Zoe New {self.next_expert}"
        self._registries()
        return f"expert {eid} added"

    def topic_retitle(self) -> str:
        tid = self.rng.choice(sorted(self.titles))
        self.titles[tid] = f"{tid.title()} {self._new()}"
        self._registries()
        return f"topic {tid} retitled {self.titles[tid]!r}"

    def topic_parent(self) -> str:
        tid = self.rng.choice(["ports", "grids"])
        choices = [p for p in ("trade", "energy", None) if p != self.parents[tid]]
        self.parents[tid] = self.rng.choice(choices)
        self._registries()
        return f"topic {tid} now under {self.parents[tid]}"

    def note(self) -> str:
        note = self.content / "notes" / "week.md"
        cited = self.rng.choice(["c0", "c1", "c2"])
        note.write_text(f"---\ntitle: The week {self._new()}\ndate: 2024-02-01\n---\n\n"
                        f"As {{claim: report-0#{cited}}} shows, it is early days.\n", encoding="utf-8")
        return f"the note, now citing report-0#{cited}"

    def settings(self) -> str:
        version = self._new()
        (self.root / "briefgen.yaml").write_text(
            f"title: Engine {version}\ndescription: Briefings, edition {version}\n"
            "base_url: https://example.org/brief/\n", encoding="utf-8")
        return f"title and description of briefgen.yaml (edition {version})"

    # static files

    def static_file(self) -> str:
        notice = self.static / "extra" / "notice.txt"
        if not notice.exists():
            notice.parent.mkdir(parents=True, exist_ok=True)
            notice.write_text("Static notice again\n", encoding="utf-8")
            return "static/extra/notice.txt added"
        if self.rng.random() < 0.5:
            notice.unlink()
            return "static/extra/notice.txt removed"
        notice.write_text(f"Static notice {self._new()}\n", encoding="utf-8")
        return "static/extra/notice.txt changed"

    def static_binary(self) -> str:
        logo = self.static / "logo.bin"
        if logo.exists() and self.rng.random() < 0.4:
            logo.unlink()
            return "static/logo.bin removed"
        logo.write_bytes(bytes(self.rng.randrange(256) for _ in range(self.rng.randint(1, 400))))
        return "static/logo.bin written"

    def static_over_builtin(self) -> str:
        css = self.static / "assets" / "briefgen.css"
        if css.exists():
            shutil.rmtree(css.parent)
            return "static/assets/briefgen.css (over the built-in one) removed"
        css.parent.mkdir(parents=True)
        css.write_text(f"body {{ color: #{self._new():06x}; }}\n", encoding="utf-8")
        return "static/assets/briefgen.css (over the built-in one) added"

    # the project's templates

    def base_override(self) -> str:
        base = self.templates / "base.html"
        if base.exists():
            base.unlink()
            return "own base.html removed (the built-in one again)"
        base.write_text(base_template(self.rng.choice(FOOTERS)), encoding="utf-8")
        return "own base.html (site-wide counts in the footer) added"

    def base_footer(self) -> str:
        base = self.templates / "base.html"
        footer = self.rng.choice(FOOTERS) + f'<p class="edition">Edition {self._new()}</p>'
        base.write_text(base_template(footer), encoding="utf-8")
        return "footer of own base.html changed"

    def _article_template(self) -> str | None:
        own = self.templates / "article.html"
        if not own.exists():
            return None
        return "layout" if "layout.html" in own.read_text(encoding="utf-8") else "base"

    def chain(self) -> str:
        """layout.html taken out of article.html's chain of templates and deleted, or put back."""
        layout = self.templates / "layout.html"
        if self._article_template() == "layout":
            (self.templates / "article.html").write_text(ARTICLE_TEMPLATE["base"], encoding="utf-8")
            layout.unlink()
            return "layout.html deleted, own article.html extends base.html"
        layout.write_text(LAYOUT.replace("VERSION", str(self._new())), encoding="utf-8")
        (self.templates / "article.html").write_text(ARTICLE_TEMPLATE["layout"], encoding="utf-8")
        return "layout.html restored, own article.html extends it"

    def article_template(self) -> str:
        own = self.templates / "article.html"
        if own.exists():
            own.unlink()
            return "own article.html removed (the built-in one again)"
        kind = "layout" if (self.templates / "layout.html").exists() else "base"
        own.write_text(ARTICLE_TEMPLATE[kind], encoding="utf-8")
        return f"own article.html (extends {kind}.html) added"

    def layout(self) -> str:
        layout = self.templates / "layout.html"
        if not layout.exists():
            return self.chain()
        layout.write_text(LAYOUT.replace("VERSION", str(self._new())), encoding="utf-8")
        return "layout.html edited"

    def partial(self) -> str:
        (self.templates / "_partial.html").write_text(PARTIAL.replace("VERSION", str(self._new())), encoding="utf-8")
        return "_partial.html (included by layout.html) edited"

    def optional_include(self) -> str:
        extra = self.templates / "_extra.html"
        if extra.exists():
            extra.unlink()
            return "_extra.html (included if there) removed"
        extra.write_text(f'<p class="extra">Extra {self._new()}</p>\n', encoding="utf-8")
        return "_extra.html (included if there) added"

    KINDS = ("text", "same_bytes", "quote", "quote_shared", "quote_own", "claim_speaker", "summary", "claim_topics",
             "sidecar_title", "sidecar_date", "delete", "add", "language", "expert_rename", "expert_add", "topic_retitle",
             "topic_parent", "note", "settings", "static_file", "static_binary", "static_over_builtin", "base_override",
             "base_footer", "chain", "article_template", "layout", "partial", "optional_include")

    @classmethod
    def plan(cls, seed: int, part: int, parts: int) -> list[str]:
        """Part `part` of `parts` of every kind of edit, in the random order of `seed`: the parts
        of one seed together make every kind of edit once."""
        return random.Random(seed).sample(cls.KINDS, len(cls.KINDS))[part::parts]

    def apply(self, kind: str) -> str:
        return getattr(self, kind)()


# --------------------------------------------------------------------------- clean builds and comparisons


def copy_inputs(project: Path, dest: Path) -> Path:
    """The project's own files (not its site, nor its hidden files: briefgen's cache, its files of a
    moment) at `dest`, made anew."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(project, dest, ignore=lambda folder, names: [  # and what briefgen makes there for a moment
        n for n in names if Path(folder) == project and (n == "site" or n.startswith("."))])
    return dest


def clean_build(project: Path, scratch: Path, *options: str) -> tuple[dict[str, bytes], str]:
    """What a first build of the project as it is now makes: its site, and what it says on stderr."""
    return clean_build_later(project, scratch, *options)()


def clean_build_later(project: Path, scratch: Path, *options: str) -> Callable[[], tuple[dict[str, bytes], str]]:
    """clean_build() of the project as it is now, running while the caller does something else
    (another build): call what it returns for the result."""
    copy_inputs(project, scratch)
    done: dict[str, object] = {}

    def run() -> None:
        try:
            done["result"] = build(scratch, *options)
        except BaseException as exc:  # handed over to the caller
            done["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def result() -> tuple[dict[str, bytes], str]:
        thread.join()
        if "error" in done:
            raise done["error"]
        return site_snapshot(scratch / "site"), done["result"].stderr

    return result


def warnings_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if ": warning: " in line or ": error: " in line]


def warnings_difference(ours: str, clean: str) -> str:
    """How the warnings of a build's stderr differ from a clean build's, for a person."""
    here, there = warnings_of(ours), warnings_of(clean)
    missing = [w for w in there if w not in here]
    extra = [w for w in here if w not in there]
    if not missing and not extra:
        return f"the same {len(here)} warnings, in another order or number"
    return (f"{len(missing)} of a clean build's warnings not said: {[w[:200] for w in missing[:3]]}; "
            f"{len(extra)} said that a clean build does not say: {[w[:200] for w in extra[:3]]}")


def _excerpt(text: str, at: int) -> str:
    return repr(text[max(0, at - 70):at + 70])


def first_difference(ours: bytes, clean: bytes) -> str:
    """Where two versions of a file part, with the text around it."""
    at = next((i for i, (a, b) in enumerate(zip(ours, clean)) if a != b), min(len(ours), len(clean)))
    try:
        ours_text, clean_text = ours.decode("utf-8"), clean.decode("utf-8")
    except UnicodeDecodeError:
        return f"{len(ours)} bytes here, {len(clean)} in a clean build; they part at byte {at}"
    at = len(ours[:at].decode("utf-8", "ignore"))
    line = clean_text.count("\n", 0, at) + 1
    return f"line {line}: clean {_excerpt(clean_text, at)}\n{' ' * (8 + len(str(line)))}here  {_excerpt(ours_text, at)}"


def site_difference(ours: dict[str, bytes], clean: dict[str, bytes], show: int = 4) -> str:
    """How a site differs from a clean build's, for a person: which files, and the first differing text."""
    missing = sorted(clean.keys() - ours.keys())
    extra = sorted(ours.keys() - clean.keys())
    different = sorted(p for p in ours.keys() & clean.keys() if ours[p] != clean[p])
    said = []
    for what, paths in (("missing (a clean build makes them)", missing), ("extra (a clean build does not make them)",
                                                                           extra), ("different", different)):
        if paths:
            said.append(f"{len(paths)} {what}: {', '.join(paths[:12])}{' …' if len(paths) > 12 else ''}")
    for path in different[:show]:
        said.append(f"  {path}: {first_difference(ours[path], clean[path])}")
    return "\n".join(said) or "no difference"


def assert_same_site(site: Path, clean: dict[str, bytes], context: str) -> None:
    ours = site_snapshot(site)
    if ours != clean:
        raise AssertionError(f"{context}\nthe site is not what a clean build makes:\n{site_difference(ours, clean)}")


def history(done: list[str]) -> str:
    return "; ".join(f"{n}. {what}" for n, what in enumerate(done, 1))


def seeds(default: str) -> list[int]:
    return [int(s) for s in os.environ.get("BRIEFGEN_ENGINE_SEEDS", default).split()]


def seeded_parts(default: str, parts: int) -> list:
    """(seed, part, parts) for each seed and part, named '<seed>-<part>of<parts>'."""
    return [pytest.param(seed, part, parts, id=f"{seed}-{part + 1}of{parts}")
            for seed in seeds(default) for part in range(parts)]


# --------------------------------------------------------------------------- under `briefgen build`


@pytest.mark.parametrize("seed, part, parts", seeded_parts("301", 3))
def test_random_edits_under_build_make_what_a_clean_build_makes(tmp_path: Path, seed: int, part: int,
                                                                parts: int) -> None:
    """The kinds of edit of a seed, in three sequences (each with one more edit of a random kind)."""
    rng = random.Random(f"{seed}-{part}")
    project = make_project(tmp_path / "project", rng)
    build(project)
    editor = Editor(project, rng)
    done: list[str] = []
    for kind in Editor.plan(seed, part, parts) + [rng.choice(Editor.KINDS)]:
        done.append(editor.apply(kind))
        assert_rebuilt_as_clean(project, tmp_path / "clean", f"seed {seed}, part {part + 1} of {parts} (replay: "
                                f"BRIEFGEN_ENGINE_SEEDS={seed}), after the edits {history(done)}")


def assert_rebuilt_as_clean(project: Path, scratch: Path, context: str) -> None:
    """`briefgen build` of the project as it is now makes the site, and says the warnings, of a clean build."""
    clean_later = clean_build_later(project, scratch)
    rebuilt = build(project)
    clean, clean_stderr = clean_later()
    assert_same_site(project / "site", clean, context)
    assert warnings_of(rebuilt.stderr) == warnings_of(clean_stderr), (
        f"{context}\nthe warnings differ from a clean build's: {warnings_difference(rebuilt.stderr, clean_stderr)}")


@pytest.mark.parametrize("seed", seeds("501"))
def test_claims_made_one_and_apart_across_articles_under_build(tmp_path: Path, seed: int) -> None:
    """Sidecar quotes edited (with the article's text) so that a claim becomes the same as a claim
    in another article — its copies, groups and disagreements appear — or takes words no other
    claim has, and its copies are gone: again and again, each time the site of a clean build."""
    rng = random.Random(seed)
    project = make_project(tmp_path / "project", rng, long_article=False)
    build(project)
    editor = Editor(project, rng)
    done: list[str] = []
    for _ in range(8):
        done.append(editor.apply(rng.choice(["quote_shared", "quote_shared", "quote_own"])))
        assert_rebuilt_as_clean(project, tmp_path / "clean", f"seed {seed} (replay: BRIEFGEN_ENGINE_SEEDS={seed}), "
                                f"after the edits {history(done)}")


PHRASE = "the minister told reporters"


def write_one_claim(articles: Path, name: str, speaker: str, topic: str, quote: str, published: str) -> None:
    """An article `name` with one claim: `quote`, said by `speaker` on `topic`."""
    (articles / f"{name}.md").write_text(
        f"# {name.title()}\n\nIn the harbour town: “{quote[0].upper()}{quote[1:]},” said {EXPERTS[speaker]}.\n",
        encoding="utf-8")
    (articles / f"{name}.yaml").write_text(
        f"published: {published}\nclaims:\n  - id: said\n    speaker: {speaker}\n    quote: \"{quote}\"\n"
        f"    topics: [{topic}]\n", encoding="utf-8")


def write_phrase_article(articles: Path, number: int, quote: str = PHRASE) -> None:
    """An article with one claim, `quote` (by default the phrase every such article quotes)."""
    write_one_claim(articles, f"brief-{number}", ("ana-lima", "ben-okafor")[number % 2], "trade", quote,
                    f"2024-01-{1 + number % 28:02}")


def test_a_phrase_quoted_by_ever_more_articles_under_build(tmp_path: Path) -> None:
    """Fifty articles quote the same four words, and articles quoting them are added, deleted or
    requoted until more than fifty do, then fewer, then more: so many copies make the words
    boilerplate rather than one claim, which changes what every copy is matched with. After each
    edit, the site of a clean build."""
    project = make_project(tmp_path / "project", random.Random(7), long_article=False)
    articles = project / "content" / "articles"
    for number in range(50):
        write_phrase_article(articles, number)
    build(project)

    def delete(*numbers: int) -> None:
        for number in numbers:
            (articles / f"brief-{number}.md").unlink()
            (articles / f"brief-{number}.yaml").unlink()

    edits = [
        ("brief-50 added: 51 articles quote the phrase", lambda: write_phrase_article(articles, 50)),
        ("brief-50 deleted: 50 again", lambda: delete(50)),
        ("brief-3 quotes other words: 49", lambda: Editor._requote(articles / "brief-3.md", PHRASE, "a port plan")),
        ("brief-51 and brief-52 added: 51", lambda: [write_phrase_article(articles, n) for n in (51, 52)]),
        ("brief-3 quotes the phrase again: 52", lambda: Editor._requote(articles / "brief-3.md", "a port plan", PHRASE)),
        ("brief-0, brief-51 and brief-52 deleted: 49", lambda: delete(0, 51, 52)),
    ]
    done: list[str] = []
    for what, edit in edits:
        edit()
        done.append(what)
        assert_rebuilt_as_clean(project, tmp_path / "clean", f"after the edits {history(done)}")


def set_same_as(md: Path, claim_id: str, ref: str | None) -> None:
    """The article's claim `claim_id` said in its sidecar to be the same as the claim `ref`
    ('slug#id'), or (None) no longer said to be the same as any."""
    sidecar = md.with_suffix(".yaml")
    lines, inside = [], False
    for line in sidecar.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("  - id:"):
            inside = line == f"  - id: {claim_id}\n"
            lines.append(line)
            if inside and ref:
                lines.append(f"    same_as: {ref}\n")
        elif not (inside and line.startswith("    same_as:")):
            lines.append(line)
    sidecar.write_text("".join(lines), encoding="utf-8")


def regrouping_edits(project: Path, rng: random.Random) -> list[Callable[[], str]]:
    """Edits that change which claims are copies of one another (each says what it did): a claim
    taken out of a group of three or more, two groups joined by a `same_as`, the article it names
    edited and the claim it names reworded, an article whose claims are copies deleted, the
    claim with the `same_as` given another article's words, the `same_as` taken away, an article
    added that quotes what others do, the article the `same_as` named deleted."""
    articles = project / "content" / "articles"
    editor = Editor(project, rng)
    md = lambda slug: articles / f"{slug}.md"  # noqa: E731
    quotes = lambda slug: Editor._quotes(md(slug))  # noqa: E731  (claim c<n> quotes the n-th)
    reports = sorted(path.stem for path in articles.glob("report-*.md") if path.stem != "report-0")  # the note cites it
    link: dict[str, str] = {}

    def own_words() -> str:
        return " ".join(rng.sample(OWN_WORDS, 6)) + f" {editor._new()}"

    def out_of_a_big_group() -> str:
        quoting = {quote: [slug for slug in reports if quote in quotes(slug)] for quote in QUOTES}
        quote = max(QUOTES, key=lambda q: len(quoting[q]))
        slug = rng.choice(quoting[quote])
        Editor._requote(md(slug), quote, own_words())
        return f"{slug}'s copy of {quote!r} (one of {len(quoting[quote])}) given words of its own"

    def join_by_same_as() -> str:
        source, target = next((a, b) for a, b in itertools.permutations(rng.sample(reports, len(reports)), 2)
                              if set(quotes(b)) - set(quotes(a)))
        reports[:] = [source, target, *(slug for slug in reports if slug not in (source, target))]
        number = next(n for n, quote in enumerate(quotes(target)) if quote not in quotes(source))
        link.update(source=source, target=target, ref=f"{target}#c{number}")
        set_same_as(md(source), "c0", link["ref"])
        return f"{source}#c0 said the same as {link['ref']}"

    def target_text() -> str:
        path = md(link["target"])
        path.write_text(path.read_text(encoding="utf-8") + f"\nMore later {editor._new()}.\n", encoding="utf-8")
        return f"the text of {link['target']} (which the same_as names) edited"

    def target_reworded() -> str:
        number = int(link["ref"].rpartition("#c")[2])
        Editor._requote(md(link["target"]), quotes(link["target"])[number], own_words())
        return f"{link['ref']} (which the same_as names) given words of its own"

    def delete_another() -> str:
        slug = reports.pop()
        md(slug).unlink()
        md(slug).with_suffix(".yaml").unlink()
        return f"{slug} deleted"

    def source_reworded() -> str:
        own = quotes(link["source"])
        other = rng.choice(sorted({q for slug in reports[2:] for q in quotes(slug)} - set(own)) or QUOTES)
        Editor._requote(md(link["source"]), own[0], other)
        return f"{link['source']}#c0 (with the same_as) given the words {other!r}"

    def unlink() -> str:
        set_same_as(md(link["source"]), "c0", None)
        return f"the same_as of {link['source']}#c0 taken away"

    def add() -> str:
        return editor.add()

    def delete_target() -> str:
        md(link["target"]).unlink()
        md(link["target"]).with_suffix(".yaml").unlink()
        return f"{link['target']} (which the same_as named) deleted"

    return [out_of_a_big_group, join_by_same_as, target_text, target_reworded, delete_another, source_reworded,
            unlink, add, delete_target]


def test_claims_regrouped_under_build(tmp_path: Path) -> None:
    """Claims taken out of groups, groups joined and parted by `same_as`, articles with copies
    deleted and added: after each edit, the site of a clean build."""
    rng = random.Random(11)
    project = make_project(tmp_path / "project", rng, long_article=False)
    build(project)
    done: list[str] = []
    for edit in regrouping_edits(project, rng):
        done.append(edit())
        assert_rebuilt_as_clean(project, tmp_path / "clean", f"after the edits {history(done)}")


def test_the_footer_count_follows_an_added_article_under_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", random.Random(5), long_article=False)
    build(project)
    Editor(project, random.Random(5)).add()
    build(project)
    clean, _ = clean_build(project, tmp_path / "clean")
    assert_same_site(project / "site", clean, "after an article was added")
    stale = [path for path in sorted(clean) if path.endswith(".html")
             and "7 articles" not in (project / "site" / path).read_text(encoding="utf-8")]
    assert not stale, f"pages whose footer does not count the new article: {stale}"


# --------------------------------------------------------------------------- under `briefgen serve`


class Server:
    """`briefgen serve` of a project, its output read line by line. After each build serve says
    its warnings, then a line that begins 'built' or 'rebuilt' (or 'not rebuilt' when it failed)."""

    def __init__(self, project: Path):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "-C", str(project), "serve", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", env=cli_env())
        self.output: list[str] = []
        self.reader = threading.Thread(target=lambda: self.output.extend(iter(self.process.stdout.readline, "")),
                                       daemon=True)
        self.reader.start()
        wait_for(lambda: any(line.startswith("serving") for line in self.output) or self.process.poll() is not None,
                 timeout=60, what="serve to start")
        assert self.process.poll() is None, "serve stopped:\n" + "".join(self.output)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=5)
        self.process.stdout.close()

    def builds_since(self, start: int) -> list[tuple[bool, list[str]]]:
        """The builds serve finished since output line `start`: whether each succeeded, with what it warned."""
        finished, said = [], []
        for line in self.output[start:]:
            # What the search indexer says, from a thread of its own, may land inside another line.
            line = re.sub(r"search index and data files updated in [\d.]+s|the search index and data files were not updated.*", "",
                          line)
            if re.match(r"(re)?built\b", line):
                finished.append((True, warnings_of("".join(said))))
                said = []
            elif re.match(r"not (re)?built\b", line):
                finished.append((False, warnings_of("".join(said))))
                said = []
            else:
                said.append(line)
        return finished

    def tail(self, start: int) -> str:
        """The last lines serve printed since line `start`, its many warnings counted rather than shown."""
        lines = self.output[start:]
        warned = len(warnings_of("".join(lines)))
        shown = [line if len(line) < 200 else line[:200] + " …\n" for line in lines if not warnings_of(line)][-12:]
        return "".join(shown) + (f"(and {warned} lines of warnings)\n" if warned else "")


QUIET_SECONDS = 5


def _snapshot_now(site: Path) -> dict[str, bytes] | None:
    try:
        return site_snapshot(site)
    except (OSError, ValueError):  # a file went, or was half read, while serve swapped part of the site
        return None


def settle(server: Server, project: Path, start: int, clean: dict[str, bytes], clean_stderr: str,
           context: str, timeout: float = 20, may_stay_silent: bool = False) -> None:
    """Wait until the served site is a clean build's and serve's last build said the clean build's
    warnings; fail with what differs when that does not come within `timeout` seconds."""
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"{context}: serve stopped ({server.process.returncode}):\n{server.tail(start)}")
        builds = server.builds_since(start)
        said = builds and builds[-1] == (True, warnings_of(clean_stderr))
        # after a save that changes no file's bytes, a serve that rebuilds nothing and says nothing is right too
        silent = may_stay_silent and not builds and time.monotonic() - started > QUIET_SECONDS
        if (said or silent) and _snapshot_now(project / "site") == clean:
            return
        time.sleep(0.1)
    ours = _snapshot_now(project / "site") or {}
    builds = server.builds_since(start)
    problems = []
    if ours != clean:
        problems.append(f"the served site is not what a clean build makes:\n{site_difference(ours, clean)}")
    if not builds:
        problems.append("serve finished no build after the edit")
    elif not builds[-1][0]:
        problems.append(f"serve's last build failed: {builds[-1][1][:3]}")
    elif builds[-1][1] != warnings_of(clean_stderr):
        problems.append(f"serve's last build warned otherwise: "
                        f"{warnings_difference(chr(10).join(builds[-1][1]), clean_stderr)}")
    raise AssertionError(f"{context}, within {timeout:.0f} s:\n" + "\n".join(problems)
                         + f"\nserve said:\n{server.tail(start)}")


def edits_under_serve(server: Server, project: Path, scratch: Path, edits: list[tuple[str, Callable[[], object]]],
                      relies_on: Callable[[str, dict[str, bytes]], None] = lambda what, clean: None) -> None:
    """Save each edit while serve runs; after each, the served site must become what a clean
    build makes (`relies_on` checks, on that clean build, what the test relies on)."""
    done: list[str] = []
    for what, edit in edits:
        start = len(server.output)
        edit()
        done.append(what)
        clean, clean_stderr = clean_build(project, scratch, "--drafts")
        relies_on(what, clean)
        settle(server, project, start, clean, clean_stderr, f"under serve, after the edits {history(done)}")


@pytest.mark.parametrize("seed, part, parts", seeded_parts("401", 2))
def test_random_edits_under_serve_make_what_a_clean_build_makes(tmp_path: Path, seed: int, part: int,
                                                                parts: int) -> None:
    """The kinds of edit of a seed, in two sequences, each saved while serve runs."""
    rng = random.Random(f"{seed}-{part}")
    project = make_project(tmp_path / "project", rng, long_article=False)
    server = Server(project)
    try:
        clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
        settle(server, project, 0, clean, clean_stderr, "the first build of serve")
        editor = Editor(project, rng)
        done: list[str] = []
        for kind in Editor.plan(seed, part, parts):
            start = len(server.output)
            done.append(editor.apply(kind))
            clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
            settle(server, project, start, clean, clean_stderr,
                   f"seed {seed}, part {part + 1} of {parts} (replay: BRIEFGEN_ENGINE_SEEDS={seed}), under serve, "
                   f"after the edits {history(done)}", may_stay_silent=kind == "same_bytes")
    finally:
        server.stop()


def test_claims_regrouped_under_serve(tmp_path: Path) -> None:
    """The edits of test_claims_regrouped_under_build, saved while serve runs (which keeps the
    last build's groups, and groups again only the claims an edit may have regrouped)."""
    rng = random.Random(12)
    project = make_project(tmp_path / "project", rng, long_article=False)
    server = Server(project)
    try:
        clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
        settle(server, project, 0, clean, clean_stderr, "the first build of serve")
        done: list[str] = []
        for edit in regrouping_edits(project, rng):
            start = len(server.output)
            done.append(edit())
            clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
            settle(server, project, start, clean, clean_stderr, f"under serve, after the edits {history(done)}")
    finally:
        server.stop()


def test_the_footer_count_follows_an_added_article_under_serve(tmp_path: Path) -> None:
    """A project's base.html shows the number of articles in every page's footer: an article
    added while serve runs shows in the count of every page, on disk and as served."""
    project = make_project(tmp_path / "project", random.Random(6), long_article=False)
    (project / "templates" / "article.html").unlink()  # the built-in article page, with the counting base.html
    server = Server(project)
    try:
        clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
        settle(server, project, 0, clean, clean_stderr, "the first build of serve")
        start = len(server.output)
        Editor(project, random.Random(6)).add()
        clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
        pages = sorted(path for path in clean if path.endswith(".html"))
        assert all("7 articles" in clean[path].decode("utf-8") for path in pages)  # what the test relies on
        try:
            settle(server, project, start, clean, clean_stderr, "under serve, after an article was added")
        finally:
            stale = []
            for path in pages:
                address = "/brief/" + (path[: -len("index.html")] if path.endswith("index.html") else path)
                status, _, body = get(server.port, address)
                if status == 200 and "7 articles" not in body:
                    stale.append(address)
            assert not stale, f"served pages whose footer does not count the added article: {stale}"
    finally:
        server.stop()


def test_what_serve_makes_after_the_reload_survives_a_quicker_save(tmp_path: Path) -> None:
    """An article added in a new month brings new data files (its month's), which serve makes
    after the page has reloaded, a second later. Saved again before then (its text touched at
    once), they are still made: the site ends as a clean build makes it."""
    project = make_project(tmp_path / "project", random.Random(6), long_article=False)
    server = Server(project)
    try:
        before, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
        settle(server, project, 0, before, clean_stderr, "the first build of serve")
        start = len(server.output)
        added = Editor(project, random.Random(6)).add().split()[0]
        wait_for(lambda: server.builds_since(start), 20, "the pages of the added article")
        markdown = project / "content" / "articles" / f"{added}.md"
        markdown.write_text(markdown.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
        new_data = [path for path in clean.keys() - before.keys() if path.startswith("data/")]
        assert new_data, "the added article's month has no data files of its own"  # what the test relies on
        settle(server, project, start, clean, clean_stderr, "after an added article and a save within the second")
    finally:
        server.stop()


def test_a_claims_topics_put_in_another_order_regroup_its_experts_page_under_serve(tmp_path: Path) -> None:
    """An expert's page groups their claims by each claim's first topic. A claim of an article
    whose claims no other source has (none in a matched group, whose change would remake the
    page's layout anyway) is given a second topic, then the same two topics in the other order —
    the same claims, speakers and topics otherwise, by which serve keeps the page's layout — and
    moves to the other group, as a clean build shows."""
    project = make_project(tmp_path / "project", random.Random(8), long_article=False)
    md = sorted((project / "content" / "articles").glob("*.md"))[0]
    sidecar = md.with_suffix(".yaml")
    claim = re.search(r'quote: "([^"]+)"\n    topics: \[(\w+)\]', sidecar.read_text(encoding="utf-8"))
    assert claim, f"no claim with one topic in {sidecar.name}"  # what the test relies on
    for number, quote in enumerate(Editor._quotes(md)):
        Editor._requote(md, quote, f"{' '.join(OWN_WORDS[number:number + 5])} {number}")
    server = Server(project)
    try:
        clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
        settle(server, project, 0, clean, clean_stderr, "the first build of serve")
        text = sidecar.read_text(encoding="utf-8")
        line = f'quote: "{OWN_WORDS[0]} {OWN_WORDS[1]}'  # the first claim's, whose topic changes
        line = text[text.index(line):].split("\n")[1]
        assert line == f"    topics: [{claim.group(2)}]"
        other = next(topic for topic in TOPICS if topic != claim.group(2))
        for order in ([claim.group(2), other], [other, claim.group(2)]):
            start, before = len(server.output), clean
            at = text.index(line, text.index(f'quote: "{OWN_WORDS[0]} '))
            sidecar.write_text(text[:at] + f"    topics: [{', '.join(order)}]" + text[at + len(line):], encoding="utf-8")
            clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
            assert any(clean[path] != before.get(path) for path in clean if path.startswith("experts/")), \
                "the expert's page is the same either way"  # what the test relies on
            settle(server, project, start, clean, clean_stderr, f"under serve, the claim's topics now {order}")
    finally:
        server.stop()


def test_two_claims_of_one_expert_joined_by_a_third_article_under_serve(tmp_path: Path) -> None:
    """Ana Lima's claims in two articles say different things; a third article (Ben Okafor's
    words, on another topic) quotes both in one sentence, which makes the three one claim, so her
    page and her topic's page show it once — though neither of her articles changed. Then the
    third article quotes only one of them, then is deleted: her pages show both again."""
    dredging, market = "the harbour dredging will finish in spring", "prices at the fish market will stay high"
    project = make_project(tmp_path / "project", random.Random(8), long_article=False)
    articles = project / "content" / "articles"
    write_one_claim(articles, "dredging", "ana-lima", "ports", dredging, "2024-03-02")
    write_one_claim(articles, "market", "ana-lima", "ports", market, "2024-03-04")
    server = Server(project)
    try:
        clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
        settle(server, project, 0, clean, clean_stderr, "the first build of serve")
        edits = [
            ("joined: the third article quotes both",
             lambda: write_one_claim(articles, "joined", "ben-okafor", "energy", f"{dredging} and {market}", "2024-03-06")),
            ("the third article quotes only the dredging",
             lambda: write_one_claim(articles, "joined", "ben-okafor", "energy", f"{dredging} they said", "2024-03-06")),
            ("the third article deleted",
             lambda: [(articles / name).unlink() for name in ("joined.md", "joined.yaml")]),
        ]

        def relies_on(what: str, clean: dict[str, bytes]) -> None:
            if what.startswith("joined"):  # her page shows one of the two
                page = clean["experts/ana-lima/index.html"].decode("utf-8")
                assert (dredging in page.lower()) != (market in page.lower()), "the clean build did not join them"
        edits_under_serve(server, project, tmp_path / "clean", edits, relies_on)
    finally:
        server.stop()


CLAIMS_ON_AN_EXPERTS_PAGE = 100  # what the built-in expert page shows before it adds a page/2/
WORDS = ["lantern", "orchard", "meadow", "copper", "harbour", "willow", "granary", "beacon", "thistle", "quarry",
         "saddle", "ferry", "timber", "cistern", "pasture", "glacier", "furnace", "marble", "canal", "hamlet",
         "spindle", "tannery", "vineyard", "bellows", "cobbler", "dockyard", "embassy", "foundry", "gallery", "hearth"]


def test_pages_pagination_adds_and_removes_under_serve(tmp_path: Path) -> None:
    """Serve keeps the list of the site's pages between saves while nothing it was made from
    changed: Ana Lima has exactly a page's worth of claims; a save of an article's words adds no
    page; a claim of Ben Okafor's credited to her instead adds her page/2/ (no article added or
    removed: only how many pages her claims take tells), and credited back removes it."""
    rng = random.Random(21)
    project = make_project(tmp_path / "project", rng, long_article=False)
    articles = project / "content" / "articles"
    hers = sum(text.count("speaker: ana-lima") for text in
               (path.read_text(encoding="utf-8") for path in articles.rglob("*.yaml")))
    # words no other quote shares in order, nor as many of them as two reports of one statement in
    # other words do (6 of 9): from 120 words, not 30
    quote = lambda: " ".join(rng.sample([w + end for w in WORDS for end in ("", "stone", "field", "gate")], 9))  # noqa: E731
    for number in range(CLAIMS_ON_AN_EXPERTS_PAGE - hers):
        write_one_claim(articles, f"paged-{number}", "ana-lima", "ports", quote(), f"2023-0{1 + number % 9}-11")
    last = quote()
    write_one_claim(articles, "paged-more", "ben-okafor", "ports", last, "2023-02-12")
    clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
    assert "experts/ana-lima/index.html" in clean and "experts/ana-lima/page/2/index.html" not in clean
    server = Server(project)
    try:
        settle(server, project, 0, clean, clean_stderr, "the first build of serve")
        text = articles / "paged-0.md"
        edits = [
            ("an article's words changed", lambda: text.write_text(
                text.read_text(encoding="utf-8") + "\nThe quay was quiet.\n", encoding="utf-8")),
            ("one more claim of hers", lambda: write_one_claim(articles, "paged-more", "ana-lima", "ports", last,
                                                               "2023-02-12")),
            ("that claim his again", lambda: write_one_claim(articles, "paged-more", "ben-okafor", "ports", last,
                                                             "2023-02-12")),
        ]

        def relies_on(what: str, clean: dict[str, bytes]) -> None:
            assert ("experts/ana-lima/page/2/index.html" in clean) == (what == "one more claim of hers"), what
        edits_under_serve(server, project, tmp_path / "clean", edits, relies_on)
    finally:
        server.stop()


def test_the_outlet_filter_follows_a_renamed_outlet_under_serve(tmp_path: Path) -> None:
    """The claims table's outlet filter lists the outlets of the articles with claims: an
    article's outlet renamed while serve runs shows in it (and the old name goes when no other
    article has it); named back, the filter is as before."""
    project = make_project(tmp_path / "project", random.Random(31), long_article=False)
    articles = project / "content" / "articles"
    write_one_claim(articles, "lone", "carla-diaz", "grids", " ".join(random.Random(3).sample(WORDS, 9)), "2024-05-05")
    sidecar = articles / "lone.yaml"
    sidecar.write_text("outlet: Lone Gazette\n" + sidecar.read_text(encoding="utf-8"), encoding="utf-8")
    server = Server(project)
    try:
        clean, clean_stderr = clean_build(project, tmp_path / "clean", "--drafts")
        settle(server, project, 0, clean, clean_stderr, "the first build of serve")
        names = [("Lone Gazette", "Evening Courier"), ("Evening Courier", "Lone Gazette")]

        def relies_on(what: str, clean: dict[str, bytes]) -> None:
            old, new = names[["renamed", "named back"].index(what)]
            table = clean["claims/index.html"].decode("utf-8")
            assert new in table and old not in table
        edits_under_serve(server, project, tmp_path / "clean", [
            (what, lambda old=old, new=new: sidecar.write_text(sidecar.read_text(encoding="utf-8").replace(old, new),
                                                               encoding="utf-8"))
            for what, (old, new) in zip(["renamed", "named back"], names)], relies_on)
    finally:
        server.stop()
