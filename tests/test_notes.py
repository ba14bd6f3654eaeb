"""A user writes analyst notes in content/notes/*.md that cite claims with `{claim: slug#id}` and
builds: a citation alone in its paragraph becomes an attributed block quote, one inside a sentence
an inline quote, both linking to the claim's place in its source; notes are listed on the home
page, on /notes/, on the pages of the experts they quote and of the topics they touch, and
nowhere else; drafts are left out. Citing a claim that does not exist, or a note without front
matter or a title, is an error at its file (and line and column), and nothing is built.

Fixtures: `notes` (two articles, two notes and a draft) and `invalid-note-*`."""

from __future__ import annotations

import difflib
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import Element, Fixture, Site, build, copy_fixture, fold, marks_by_claim, run_cli, snapshot, squeeze

CITATION = re.compile(r"\{claim:\s*([^{}\s]+)\s*\}")


# --------------------------------------------------------------------------- what a note says


@dataclass
class FixtureNote:
    slug: str
    path: Path
    front: dict
    body: str
    block_citations: list[str]  # cited alone in a paragraph
    inline_citations: list[tuple[str, str]]  # (ref, the words of its sentence before the citation)

    @property
    def url(self) -> str:
        return f"/notes/{self.slug}/"

    @property
    def citations(self) -> list[str]:
        return self.block_citations + [ref for ref, _ in self.inline_citations]


def read_note(path: Path, notes_dir: Path) -> FixtureNote:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    blocks, inline = [], []
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    for paragraph in paragraphs:
        found = list(CITATION.finditer(paragraph))
        if len(found) == 1 and found[0].group(0) == paragraph:
            blocks.append(found[0].group(1))
        else:
            inline += [(m.group(1), " ".join(paragraph[:m.start()].split())) for m in found]
    slug = path.relative_to(notes_dir).with_suffix("").as_posix()
    return FixtureNote(slug, path, yaml.safe_load(front) or {}, body, blocks, inline)


def notes_of(project: Path) -> list[FixtureNote]:
    notes_dir = project / "content" / "notes"
    return [read_note(p, notes_dir) for p in sorted(notes_dir.rglob("*.md"))]


def claims_by_ref(fixture: Fixture) -> dict[str, dict]:
    result = {}
    for article in fixture.articles.values():
        for claim, raw in zip(article.claims, article.meta["claims"]):
            result[f"{article.slug}#{claim.given_id}"] = {**raw, "expert": claim.speaker, "topics": claim.topics,
                                                         "article": article.meta}
    return result


def permalink(ref: str) -> str:
    slug, _, claim_id = ref.partition("#")
    return f"/articles/{slug}/#claim-{claim_id}"


def links_in(element: Element | None) -> set[str]:
    return {a.get("href") for a in element.find_all("a")} if element is not None else set()


def notes_section_links(site: Site, page: str) -> set[str]:
    """The notes a page lists in its notes section."""
    sections = site.page(page).find_all("section", cls="notes")
    return {href for s in sections for href in links_in(s) if href.startswith("/notes/")}


# --------------------------------------------------------------------------- the notes fixture, built


@dataclass
class Built:
    site: Site
    fixture: Fixture
    notes: list[FixtureNote]
    claims: dict[str, dict]

    @property
    def published(self) -> list[FixtureNote]:
        return [n for n in self.notes if not n.front.get("draft")]

    @property
    def drafts(self) -> list[FixtureNote]:
        return [n for n in self.notes if n.front.get("draft")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = copy_fixture("notes", tmp_path_factory.mktemp("notes") / "project")
    build(project)
    fixture = Fixture(project)
    return Built(Site(project / "site", project=project), fixture, notes_of(project), claims_by_ref(fixture))


def test_the_notes_fixture_exercises_what_it_should(built: Built) -> None:
    notes = built.notes
    assert any(n.block_citations for n in built.published) and any(n.inline_citations for n in built.published)
    assert built.drafts and all(n.citations for n in built.drafts)
    assert any(not n.front.get("date") and not n.front.get("topics") for n in built.published), "a note with a title only"
    quotes = [built.claims[ref]["quote"] for n in notes for ref in n.citations]
    assert any("…" in q for q in quotes), "a cited quote with an ellipsis"
    assert any("’" in q for q in quotes), "a cited quote with a curly mark"
    assert any(unicodedata.normalize("NFD", q) != q for q in quotes), "a cited quote with accents"
    cited_experts = {built.claims[ref]["expert"] for n in built.published for ref in n.citations}
    assert set(built.fixture.experts) - cited_experts, "an expert no published note cites"
    drafted = {built.claims[ref]["expert"] for n in built.drafts for ref in n.citations}
    assert drafted - cited_experts, "an expert only a draft note cites"


def test_each_note_has_its_page_and_drafts_have_none(built: Built) -> None:
    for note in built.published:
        doc = built.site.page(f"notes/{note.slug}/index.html")
        assert doc.find("h1").text().strip() == note.front["title"]
    for note in built.drafts:
        assert not (built.site.root / "notes" / note.slug).exists()


def test_a_citation_alone_in_a_paragraph_is_an_attributed_block_quote(built: Built) -> None:
    site = built.site
    for note in built.published:
        page = f"notes/{note.slug}/index.html"
        doc = site.page(page)
        for ref in note.block_citations:
            claim = built.claims[ref]
            figures = [f for f in doc.find_all("figure", cls="citation") if permalink(ref) in links_in(f)]
            assert len(figures) == 1, f"{note.slug}: {len(figures)} block quotes citing {ref}"
            figure = figures[0]
            quoted = figure.find("blockquote").text().strip()
            assert fold(quoted).strip('"') == fold(claim["quote"]), f"{ref}: {quoted!r}"
            speaker = figure.find("a", cls="speaker")
            assert speaker.get("href") == f"/experts/{claim['expert']}/"
            assert speaker.text().strip() == built.fixture.experts[claim["expert"]]["name"]
            caption = figure.find("figcaption").text()
            assert claim["article"]["outlet"] in caption
            article_page = site.page(f"articles/{ref.partition('#')[0]}/index.html")
            date_shown = article_page.find("header", cls="article-header").find("time").text().strip()
            assert date_shown and date_shown in caption, f"{ref}: the date {date_shown!r} is not in {caption!r}"
            assert [a.get("href") for a in figure.find_all("a", cls="in-source")] == [permalink(ref)]
            language = claim["article"].get("language")
            if language:
                assert figure.find("blockquote").get("lang") == language
            target, fragment, why = site.resolve(page, permalink(ref))
            assert target and site.page(target).find(id=fragment).get("data-claim") == ref.partition("#")[2], why


def test_a_citation_inside_a_sentence_is_an_inline_quote(built: Built) -> None:
    site = built.site
    for note in built.published:
        doc = site.page(f"notes/{note.slug}/index.html")
        for ref, words_before in note.inline_citations:
            claim = built.claims[ref]
            quotes = [q for q in doc.find_all("q", cls="citation") if fold(q.text()) == fold(claim["quote"])]
            assert len(quotes) == 1, f"{note.slug}: {len(quotes)} inline quotes of {ref}"
            paragraph = quotes[0].parent
            assert paragraph.tag == "p", f"{ref}: the inline quote should stand in the sentence's paragraph"
            assert fold(paragraph.text()).startswith(fold(words_before)), paragraph.text()
            assert [a.get("href") for a in paragraph.find_all("a", cls="in-source")] == [permalink(ref)]
            assert f"/experts/{claim['expert']}/" in links_in(paragraph)
            assert not [f for f in doc.find_all("figure") if permalink(ref) in links_in(f)], ref


def test_a_cited_quote_with_an_ellipsis_is_marked_in_two_pieces_in_its_article(built: Built) -> None:
    for ref, claim in built.claims.items():
        if "…" not in claim["quote"]:
            continue
        slug, _, claim_id = ref.partition("#")
        doc = built.site.page(f"articles/{slug}/index.html")
        marks = marks_by_claim(doc)[claim_id]
        pieces = [p.strip() for p in claim["quote"].split("…")]
        assert [squeeze(m.text()) for m in marks] == [squeeze(p) for p in pieces]
        text = fold(marks[0].block().text())
        gap = text[text.index(fold(marks[0].text())) + len(fold(marks[0].text())):text.index(fold(marks[1].text()))]
        assert gap.strip(" ,"), "the words the ellipsis leaves out stand between the two marks"


def test_notes_are_listed_on_the_home_page_and_the_notes_index(built: Built) -> None:
    home = notes_section_links(built.site, "index.html")
    index = links_in(built.site.page("notes/index.html").find("main"))
    for note in built.published:
        assert note.url in home, f"{note.slug} is not on the home page"
        assert note.url in index, f"{note.slug} is not on /notes/"
    for note in built.drafts:
        assert note.url not in home | index, f"the draft {note.slug} is listed"
    assert "/notes/" in links_in(built.site.page("index.html").root), "the home page links to /notes/"


def test_notes_appear_on_the_pages_of_the_experts_and_topics_they_cite(built: Built) -> None:
    for expert_id in built.fixture.experts:
        listed = notes_section_links(built.site, f"experts/{expert_id}/index.html")
        expected = {n.url for n in built.published if any(built.claims[r]["expert"] == expert_id for r in n.citations)}
        assert listed == expected, f"expert {expert_id}"
    for topic_id in built.fixture.topics:
        listed = notes_section_links(built.site, f"topics/{topic_id}/index.html")
        expected = {n.url for n in built.published
                    if topic_id in (n.front.get("topics") or [])
                    or any(topic_id in built.claims[r]["topics"] for r in n.citations)}
        assert listed == expected, f"topic {topic_id}"


def test_every_page_of_the_notes_site_is_well_formed_and_every_link_resolves(built: Built) -> None:
    for rel in built.site.html_files():
        doc = built.site.page(rel)
        assert doc.problems == [], f"{rel}: {doc.problems}"
        assert len(doc.ids) == len(set(doc.ids)), f"{rel}: duplicate ids"
    assert built.site.broken_links() == []


# --------------------------------------------------------------------------- notes with mistakes


def test_citing_a_claim_that_does_not_exist_is_an_error_at_the_citation(tmp_path: Path) -> None:
    project = copy_fixture("invalid-note-unknown-claim", tmp_path / "project")
    refs = set(claims_by_ref(Fixture(project)))
    (note,) = notes_of(project)
    text = note.path.read_text(encoding="utf-8")
    wrong = [m for m in CITATION.finditer(text) if m.group(1) not in refs]
    assert len(wrong) == 1 and [m for m in CITATION.finditer(text) if m.group(1) in refs], "one good, one wrong"
    offset = wrong[0].start()
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    cited = wrong[0].group(1)
    (close,) = difflib.get_close_matches(cited, sorted(refs), n=1)  # the nearest spelling
    expected = (f"content/notes/{note.slug}.md:{line}:{col}: error: this note cites a claim that does not exist: "
                f"'{cited}' (did you mean '{close}'?) [unknown-claim]")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert expected in result.stderr.splitlines(), f"expected\n{expected}\ngot\n{result.stderr}"
    assert "Traceback" not in result.stderr
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert expected in result.stderr.splitlines()
    assert not (project / "site").exists()


@pytest.mark.parametrize("name", ["invalid-note-without-front-matter", "invalid-note-without-title"])
def test_a_note_without_a_title_is_an_error_naming_the_file(tmp_path: Path, name: str) -> None:
    project = copy_fixture(name, tmp_path / "project")
    (note,) = (project / "content" / "notes").glob("*.md")
    text = note.read_text(encoding="utf-8")
    if name.endswith("front-matter"):
        assert not text.startswith("---")
    else:
        assert "title" not in yaml.safe_load(text.split("---\n")[1])
    path = f"content/notes/{note.name}"
    for command in ("check", "build"):
        result = run_cli(command, cwd=project)
        assert result.returncode == 1, f"{command}: {result.stderr}"
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert errors and all(line.startswith(path + ":") for line in errors), result.stderr
    assert not (project / "site").exists()


def test_a_broken_note_keeps_the_previous_site(tmp_path: Path) -> None:
    project = copy_fixture("notes", tmp_path / "project")
    build(project)
    before = snapshot(project / "site")
    broken = next((copy_fixture("invalid-note-unknown-claim", tmp_path / "broken") / "content" / "notes").glob("*.md"))
    shutil.copy(broken, project / "content" / "notes" / broken.name)
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "[unknown-claim]" in result.stderr
    assert snapshot(project / "site") == before


def test_a_citation_shown_as_code_is_not_the_place_of_the_error(tmp_path: Path) -> None:
    """A note that documents the syntax in `code` is not blamed for it; the real citation is."""
    project = copy_fixture("notes", tmp_path / "project")
    note = project / "content" / "notes" / "syntax.md"
    note.write_text("---\ntitle: Syntax\n---\n\nWrite `{claim: oslo-briefing#nope}` to cite.\n\n"
                    "Then {claim: oslo-briefing#nope} fails.\n", encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "content/notes/syntax.md:7:6: error: this note cites a claim that does not exist" in result.stderr
    assert "syntax.md:5:" not in result.stderr


def test_a_citation_inside_a_link_brings_no_link_of_its_own(tmp_path: Path) -> None:
    project = copy_fixture("notes", tmp_path / "project")
    (project / "content" / "notes" / "linked.md").write_text(
        "---\ntitle: Linked\n---\n\nSee [what she said, {claim: oslo-briefing#host-role}](https://example.org).\n",
        encoding="utf-8")
    build(project)
    page = Site(project / "site").page("notes/linked/index.html")
    outer = [a for a in page.find_all("a") if a.get("href") == "https://example.org"]
    assert len(outer) == 1
    assert outer[0].find("q", cls="citation") is not None
    assert len(outer[0].find_all("a")) == 1  # itself only: no link nested inside
