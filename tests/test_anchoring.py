"""A user quotes an article in the sidecar the way people do — straight quotes for curly ones,
hyphens for dashes, other white space, decomposed accents, across emphasis, links and paragraphs —
builds, and finds exactly those words marked in the article page."""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import (Fixture, Site, build, claim_ids, copy_fixture, fold, marked_text, marks_by_claim,
                      parse_html, squeeze)

OSLO = "articles/oslo-talks/index.html"


def _marks(site: Site, page: str, claim_id: str):
    marks = marks_by_claim(site.page(page)).get(claim_id)
    assert marks, f"no marks for claim {claim_id!r} in {page}"
    return marks


def test_marked_words_are_the_quote_for_every_claim(basic_site: Site) -> None:
    fixture = Fixture(basic_site.project)
    ids = claim_ids(basic_site, fixture)
    for claim in fixture.claims():
        marks = _marks(basic_site, f"articles/{claim.slug}/index.html", ids[(claim.slug, claim.index)])
        assert squeeze(marked_text(marks)) == squeeze(claim.quote), f"{claim.slug}#{ids[(claim.slug, claim.index)]}"


def test_curly_quotes_in_text_match_straight_quotes_in_yaml(basic_site: Site) -> None:
    assert marked_text(_marks(basic_site, OSLO, "first-step")) == "“the talks in Oslo are a first step, not the last one”"
    assert marked_text(_marks(basic_site, OSLO, "host-role")) == "Norway’s role as host is not negotiable"


def test_en_dash_in_text_matches_hyphen_in_yaml(basic_site: Site) -> None:
    assert marked_text(_marks(basic_site, OSLO, "every-month-counts")) == "leaves little room for delay – every month counts"


def test_quote_across_emphasis_a_line_break_and_a_link(basic_site: Site) -> None:
    marks = _marks(basic_site, OSLO, "never-meant")
    assert len(marks) >= 3
    assert marks[0].get("id") == "claim-never-meant"
    assert all("id" not in m.attrs for m in marks[1:])
    assert any(m.parent.tag == "em" and m.text() == "never" for m in marks), "the emphasised word is marked"
    in_link = [m for m in marks if any(a.tag == "a" for a in m.ancestors())]
    assert in_link and all(a.get("href") == "https://example.org" for m in in_link for a in m.ancestors() if a.tag == "a")
    assert "".join(m.text() for m in in_link) == "the Geneva report"
    assert len({id(m.block()) for m in marks}) == 1, "one paragraph"
    assert squeeze(marked_text(marks)) == squeeze("the old treaty was never meant to last forever, as the Geneva report showed")
    # The emphasis and the link themselves are still there, around the marked words.
    doc = basic_site.page(OSLO)
    assert any(e.text() == "never" for e in doc.find_all("em"))
    assert any(a.text() == "the Geneva report" for a in doc.find_all("a", href="https://example.org"))


def test_quote_ending_inside_a_link_keeps_the_link_whole(basic_site: Site) -> None:
    page = "articles/2024/geneva-round/index.html"
    doc = basic_site.page(page)
    assert doc.problems == []
    link = doc.find("a", href="https://example.org/unoda")
    assert link.text() == "the UN disarmament office"
    assert link.find("span", cls="claim-tag") is None, "the claim tag must not be put inside the article's link"
    marks = _marks(basic_site, page, "no-deal")
    assert "".join(m.text() for m in marks if link in m.ancestors()) == "the UN disarmament office"


def test_quote_across_a_paragraph_break(basic_site: Site) -> None:
    marks = _marks(basic_site, OSLO, "verification")
    blocks = []
    for mark in marks:
        if not blocks or mark.block() is not blocks[-1]:
            blocks.append(mark.block())
    assert len(blocks) == 2 and all(b.tag == "p" for b in blocks)
    assert [m.get("id") for m in marks] == ["claim-verification"] + [None] * (len(marks) - 1)
    assert "".join(m.text() for m in marks if m.block() is blocks[0]) == "the parties must agree on verification first."
    assert "".join(m.text() for m in marks if m.block() is blocks[1]) == "They must also agree on who pays for it"


def test_occurrence_picks_the_second_place(basic_site: Site) -> None:
    doc = basic_site.page(OSLO)
    body = doc.find("article", cls="article-text")
    paragraphs = [p for p in body.find_all("p") if "a new regime is needed" in p.text()]
    assert len(paragraphs) == 2
    marks = _marks(basic_site, OSLO, "regime-again")
    assert all(m.block() is paragraphs[1] for m in marks)
    assert not any(m.get("data-claim") == "regime-again" for m in paragraphs[0].find_all("mark"))
    assert marked_text(marks) == "a new regime is needed"


def test_decomposed_accents_in_yaml_match_composed_text(basic_site: Site) -> None:
    page = "articles/amazonia/index.html"
    text = marked_text(_marks(basic_site, page, "obrigacao"))
    assert text == "a proteção da floresta amazônica não é uma opção, é uma obrigação"
    assert unicodedata.is_normalized("NFC", text)


def test_claims_without_id_get_an_id_of_their_own(basic_site: Site) -> None:
    fixture = Fixture(basic_site.project)
    ids = claim_ids(basic_site, fixture)
    derived = [ids[(c.slug, c.index)] for c in fixture.claims() if c.given_id is None]
    assert len(derived) >= 2
    for claim_id in derived:
        assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", claim_id), f"{claim_id!r} is not a clean URL fragment"


def _id_of(site: Site, page: str, quote: str, exclude: set[str] = frozenset()) -> str:
    groups = marks_by_claim(site.page(page))
    found = [cid for cid, marks in groups.items() if cid not in exclude and squeeze(marked_text(marks)) == squeeze(quote)]
    assert len(found) == 1, (quote, found)
    return found[0]


def test_derived_id_is_stable_when_other_claims_are_added_or_moved(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    build(project)
    site = Site(project / "site")
    before = _id_of(site, OSLO, "for the whole region")
    before_pt = _id_of(site, "articles/amazonia/index.html", "já começou, mas ainda é tímida")

    sidecar = project / "content/articles/oslo-talks.yaml"
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    data["claims"].reverse()
    data["claims"].insert(0, {"speaker": "marc-finaud", "quote": "Observers expect a long process"})
    data["claims"].append({"speaker": "jonas-gahr-store", "quote": "The 2023–2024 calendar"})
    sidecar.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(project)
    site = Site(project / "site")
    assert _id_of(site, OSLO, "for the whole region") == before
    assert _id_of(site, "articles/amazonia/index.html", "já começou, mas ainda é tímida") == before_pt
    new = {_id_of(site, OSLO, "Observers expect a long process"), _id_of(site, OSLO, "The 2023-2024 calendar")}
    assert before not in new and len(new) == 2


def test_two_claims_without_id_on_the_same_words_get_distinct_ids(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    sidecar = project / "content/articles/oslo-talks.yaml"
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    data["claims"] = [c for c in data["claims"] if c.get("id") != "regime-again"]
    data["claims"] += [
        {"speaker": "Lula", "quote": "a new regime is needed", "occurrence": 2},
        {"speaker": "Lula", "quote": "a new regime is needed", "occurrence": 1},
    ]
    sidecar.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(project)
    site = Site(project / "site")
    doc = site.page(OSLO)
    paragraphs = [p for p in doc.find("article", cls="article-text").find_all("p") if "a new regime is needed" in p.text()]
    ids_in = [{m.get("data-claim") for m in p.find_all("mark")} for p in paragraphs]
    assert len(ids_in[0]) == 1 and len(ids_in[1]) == 2, ids_in  # the second also holds "for the whole region"
    first = ids_in[0].pop()
    second = (ids_in[1] - {_id_of(site, OSLO, "for the whole region")}).pop()
    assert first != second
    # Listing the two claims the other way round changes nothing.
    data["claims"][-2:] = data["claims"][-2:][::-1]
    sidecar.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = (project / "site" / OSLO).read_bytes()
    build(project)
    assert (project / "site" / OSLO).read_bytes() == before


def test_derived_id_never_clashes_with_an_id_given_to_another_claim(tmp_path: Path) -> None:
    """The analyst names a claim's id after its words; a claim without id on the first of those
    words must get some other id, not make the build fail with 'used twice'."""
    project = copy_fixture("basic", tmp_path / "basic")
    sidecar = project / "content/articles/oslo-talks.yaml"
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    data["claims"] = [c for c in data["claims"] if c.get("id") != "regime-again" and c["quote"] != "for the whole region"]
    data["claims"] += [
        {"id": "a-new-regime-is-needed", "speaker": "Lula", "quote": "a new regime is needed for the whole region"},
        {"speaker": "Lula", "quote": "a new regime is needed", "occurrence": 1},
    ]
    sidecar.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(project)
    site = Site(project / "site")
    given_marks = _marks(site, OSLO, "a-new-regime-is-needed")
    assert marked_text(given_marks) == "a new regime is needed for the whole region"
    derived = _id_of(site, OSLO, "a new regime is needed", exclude={"a-new-regime-is-needed"})
    assert derived != "a-new-regime-is-needed"


def test_overlapping_and_nested_claims_are_all_marked(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    sidecar = project / "content/articles/oslo-talks.yaml"
    with sidecar.open("a", encoding="utf-8") as out:
        out.write('\n  - id: inner\n    speaker: jonas-gahr-store\n    quote: "a first step"\n'
                  '\n  - id: straddle\n    speaker: jonas-gahr-store\n'
                  '    quote: "not the last one\\" and that Norway\'s role"\n')
    build(project)
    site = Site(project / "site")
    doc = site.page(OSLO)
    assert doc.problems == []
    assert marked_text(_marks(site, OSLO, "inner")) == "a first step"
    assert marked_text(_marks(site, OSLO, "straddle")) == "not the last one” and that Norway’s role"
    assert marked_text(_marks(site, OSLO, "first-step")) == "“the talks in Oslo are a first step, not the last one”"
    assert marked_text(_marks(site, OSLO, "host-role")) == "Norway’s role as host is not negotiable"
    for claim_id in ("inner", "straddle", "first-step", "host-role"):
        assert doc.ids.count(f"claim-{claim_id}") == 1
    assert site.broken_links() == []


# --------------------------------------------------------------------------- any spelling of the quote

SENTENCE = ("Støre said the “pre‑war” order – as he put it – is “gone for good”, "
            "and Norway’s café diplomacy won’t bring it back.")
QUOTED = SENTENCE[len("Støre said "):-1]  # what the claim marks, as the article writes it

VARIANTS = {
    " ": [" ", "  ", "\n", "\t", " \n "],
    "“": ['"', "“", "”"], "”": ['"', "“", "”"],
    "’": ["'", "’", "‘"],
    "‑": ["-", "‑", "–", "—", "‐"], "–": ["-", "–", "—", "‑"],
    "é": ["é", "e\u0301"],
}


@st.composite
def spellings(draw) -> str:
    """The quote as an analyst may type it: each space, quote mark, dash and accent spelled anyhow."""
    quote = "".join(draw(st.sampled_from(VARIANTS[c])) if c in VARIANTS else c for c in QUOTED)
    return draw(st.sampled_from(["", " ", "\n"])) + quote + draw(st.sampled_from(["", " "]))


@st.composite
def articles(draw) -> tuple[str, str]:
    """The article sentence as some outlet may print it (any quote marks, dashes, accents), its
    source lines wrapped at any space; with the words a claim on it must mark."""
    words = []
    for word in SENTENCE.split(" "):
        words.append("".join(draw(st.sampled_from(VARIANTS[c])) if c in VARIANTS and c != " " else c for c in word))
    text = words[0]
    for word in words[1:]:
        # a line starting with '- ' would be a list item, not the same sentence
        newline = draw(st.booleans()) and not word.startswith("-")
        text += ("\n" if newline else " ") + word
    quoted = " ".join(words[2:])[:-1]
    return text, quoted


@settings(max_examples=12, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote=spellings(), article=articles())
def test_any_spelling_of_the_quote_marks_the_same_words(quote: str, article: tuple[str, str]) -> None:
    sentence, quoted = article
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        (project / "content/articles").mkdir(parents=True)
        (project / "content/experts.yaml").write_text("jonas-gahr-store:\n  name: Jonas Gahr Støre\n", encoding="utf-8")
        (project / "content/topics.yaml").write_text("diplomacy:\n  title: Diplomacy\n", encoding="utf-8")
        (project / "content/articles/a.md").write_text(f"# A\n\nIntro.\n\n{sentence}\n", encoding="utf-8")
        (project / "content/articles/a.yaml").write_text(
            f"title: A\nclaims:\n  - id: q\n    speaker: jonas-gahr-store\n    quote: {json.dumps(quote)}\n",
            encoding="utf-8")
        build(project, "--quiet")
        doc = parse_html((project / "site/articles/a/index.html").read_text(encoding="utf-8"))
        marks = marks_by_claim(doc)["q"]
        # The marks hold the article's own characters (curly quotes, dashes), all of them, nothing else.
        assert re.sub(r"\s+", "", "".join(m.text() for m in marks)) == re.sub(r"\s+", "", unicodedata.normalize("NFC", quoted))
        assert fold(marked_text(marks)).replace(" ", "") == fold(quote).replace(" ", "")
