"""A user annotates the same story from two outlets and builds: claims that are the same are
linked both ways ("also reported by"), shown once on expert and topic pages, and where the
outlets disagree — who said it, quoted or paraphrased, in which words — the claim is listed on
/discrepancies/, flagged on both article pages and on the experts' pages, and `briefgen check`
warns about each copy, naming both files and lines.

Fixtures: `same-claims` (two outlets that agree, their quotes written differently) and
`conflict-pair` (two outlets that disagree). The repository's own content is built too."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path
from typing import Callable

import pytest
import yaml

from conftest import (REPO, Document, Element, Fixture, Site, build, copy_fixture, fold, marks_by_claim, parse_html,
                      run_cli, squeeze)

# --------------------------------------------------------------------------- what the fixtures hold

NW = "nordic-wire/geneva-talks"  # same-claims: Nordic Wire, in a subfolder
GS = "gazeta-sul-geneva"  # same-claims: Gazeta Sul

_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _words(quote: str) -> list[str]:
    """The words of a quote, lower case, punctuation and quotation marks left out."""
    return re.findall(r"\w+", unicodedata.normalize("NFC", quote).casefold())


# Claims the same without any `same_as`: (what differs, Nordic Wire's claim, Gazeta Sul's claim,
# a check that the fixture's quotes really differ that way).
MATCHED_BY_WORDS: list[tuple[str, str, str, Callable[[str, str], bool]]] = [
    ("curly-vs-straight-quotes", f"{NW}#red-lines", f"{GS}#red-lines",
     lambda a, b: "‘" in a and "'" in b and a.translate(_STRAIGHT) == b),
    ("letter-case", f"{NW}#verification-first", f"{GS}#verification",
     lambda a, b: a != b and a.casefold() == b.casefold()),
    ("punctuation", f"{NW}#time-not-threats", f"{GS}#time",
     lambda a, b: "," in a and "–" in b and _words(a) == _words(b)),
    ("accents-composed-vs-decomposed", f"{NW}#sem-negociacao", f"{GS}#saying",
     lambda a, b: a != b and unicodedata.normalize("NFC", b) == a and unicodedata.normalize("NFD", a) == b),
    # 4 to 7 words: contained in the other, too short for the fuzzy partial score.
    ("truncated-quote", f"{NW}#first-step", f"{GS}#geneva-first-step",
     lambda a, b: 4 <= len(_words(b)) < 8 and " ".join(_words(b)) in " ".join(_words(a))),
]
# Different statements that share a run of words: not the same claim.
NOT_THE_SAME = (f"{NW}#missiles-not-enlargement", f"{GS}#talk-to-anyone")

BC = "baltic-courier"  # conflict-pair
DD = "danube-daily"  # conflict-pair
# Matched claims whose copies disagree: (code of the warning, Baltic Courier's, Danube Daily's).
CONFLICTS = [
    ("speaker-conflict", f"{BC}#stronger-hand", f"{DD}#stronger-hand"),
    ("kind-conflict", f"{BC}#within-reach", f"{DD}#moratorium-in-reach"),
    ("wording-conflict", f"{BC}#arms-race", f"{DD}#slow-arms-race"),
]
# Matched claims whose copies agree: one direct quote is the first words of the other.
TRUNCATED = (f"{BC}#ten-minutes", f"{DD}#cover-every-missile")
# Linked by same_as: the same words in both texts, one annotator eliding the middle with '…'.
ELIDED = (f"{BC}#keep-talking", f"{DD}#not-wait-forever")

SHEA_SOKOV_WORDS = "Russia has had a better hand in this game"


# --------------------------------------------------------------------------- helpers


def slug_and_id(ref: str) -> tuple[str, str]:
    slug, _, claim_id = ref.partition("#")
    return slug, claim_id


def permalink(ref: str) -> str:
    slug, claim_id = slug_and_id(ref)
    return f"/articles/{slug}/#claim-{claim_id}"


def article_page(ref: str) -> str:
    return f"articles/{slug_and_id(ref)[0]}/index.html"


def claims_by_ref(fixture: Fixture) -> dict[str, dict]:
    """Every claim of the fixture's sidecars as written, by 'slug#id', plus the expert id it credits."""
    result = {}
    for article in fixture.articles.values():
        for claim, raw in zip(article.claims, article.meta["claims"]):
            result[f"{article.slug}#{claim.given_id}"] = {**raw, "expert": claim.speaker, "topics": claim.topics}
    return result


def same_as_pairs(fixture: Fixture) -> list[tuple[str, str]]:
    return [(ref, raw["same_as"]) for ref, raw in claims_by_ref(fixture).items() if raw.get("same_as")]


def claim_location(project: Path, ref: str) -> str:
    """'content/articles/<slug>.yaml:LINE:COL' of the claim's entry (its first key), read from the YAML."""
    slug, claim_id = slug_and_id(ref)
    path = f"content/articles/{slug}.yaml"
    root = yaml.compose((project / path).read_text(encoding="utf-8"))
    claims = next(value for key, value in root.value if key.value == "claims")
    for entry in claims.value:
        if any(key.value == "id" and value.value == claim_id for key, value in entry.value):
            return f"{path}:{entry.start_mark.line + 1}:{entry.start_mark.column + 1}"
    raise AssertionError(f"no claim {claim_id!r} in {path}")


def claim_tag(doc: Document, claim_id: str) -> Element:
    """The span.claim-tag right after the last mark of the claim in the article text: its number,
    leading to its card in the claims panel (which says who else reported it and whether they disagree)."""
    marks = marks_by_claim(doc).get(claim_id)
    assert marks, f"claim {claim_id!r} is not marked in the text"
    siblings = [c for c in marks[-1].parent.children if isinstance(c, Element)]
    following = siblings[siblings.index(marks[-1]) + 1:]
    assert following and following[0].tag == "span" and "claim-tag" in following[0].classes, (
        f"no claim tag right after the mark of {claim_id!r}")
    tag = following[0]
    assert tag.find("a", cls="claim-num").get("href") == f"#panel-{claim_id}"
    return tag


def flagged(doc: Document, claim_id: str) -> bool:
    """Whether the number after a claim's quote says its sources disagree (in its class and its name)."""
    number = claim_tag(doc, claim_id).find("a", cls="claim-num")
    disputed = "disputed" in number.classes
    assert disputed == ("sources disagree" in number.get("aria-label", "")), number.attrs
    return disputed


def panel_entry(doc: Document, claim_id: str) -> Element:
    entry = doc.find("li", id=f"panel-{claim_id}")
    assert entry is not None, f"no li#panel-{claim_id} in the claims panel"
    return entry


def assert_leads_to_claim(site: Site, page: str, href: str, ref: str) -> None:
    """The link resolves to the mark of that claim on its article page."""
    target, fragment, why = site.resolve(page, href)
    assert target == article_page(ref), f"{href!r} from {page}: {why or target}"
    mark = site.page(target).find(id=fragment)
    assert mark is not None, f"{href!r}: no element with id {fragment!r} in {target}"
    assert mark.get("data-claim") == slug_and_id(ref)[1]


def assert_reported_by_each_other(site: Site, first: str, second: str) -> None:
    """Each copy's panel entry says 'Also reported by' and links to the other copy."""
    for ref, other in ((first, second), (second, first)):
        page = article_page(ref)
        doc = site.page(page)
        claim_id = slug_and_id(ref)[1]
        in_panel = panel_entry(doc, claim_id).find("p", cls="also")
        assert in_panel is not None, f"{ref}: its panel entry does not say 'Also reported by'"
        assert in_panel.text().strip().startswith("Also reported by")
        copies = [a.get("href") for a in in_panel.find_all("a", cls="copy")]
        assert copies == [permalink(other)], ref
        assert_leads_to_claim(site, page, permalink(other), other)


def cards_by_source(doc: Document) -> dict[str, list[Element]]:
    """The claim cards of an expert or topic page by their 'see in source' link."""
    cards: dict[str, list[Element]] = {}
    for card in doc.find_all("article", cls="claim-card"):
        links = card.find_all("a", cls="in-source")
        assert len(links) == 1, f"a claim card with {len(links)} 'see in source' links"
        cards.setdefault(links[0].get("href"), []).append(card)
    return cards


def assert_each_claim_shown_once(doc: Document, where: str, groups: list[tuple[str, ...]],
                                 listed: set[str]) -> None:
    """The page lists the claims `listed` (by 'slug#id'): one card per matched group that has any of
    them, naming the group's other copies, and one card per claim matched with nothing."""
    cards = cards_by_source(doc)
    on_page = [g for g in groups if listed & set(g)]
    singles = sorted(listed - {ref for g in groups for ref in g})
    for group in on_page:
        shown = [ref for ref in group if permalink(ref) in cards]
        assert len(shown) == 1, f"{where}: the group {group} is shown {len(shown)} times: {shown}"
        assert shown[0] in listed, f"{where}: {shown[0]} does not belong here"
        (card,) = cards[permalink(shown[0])]
        also = card.find("p", cls="also")
        assert also is not None, f"{where}: the card of {shown[0]} does not list its other sources"
        copies = sorted(a.get("href") for a in also.find_all("a", cls="copy"))
        assert copies == sorted(permalink(r) for r in group if r != shown[0]), where
    for ref in singles:
        found = cards.get(permalink(ref), [])
        assert len(found) == 1, f"{where}: {ref} is shown {len(found)} times"
        assert found[0].find("p", cls="also") is None, f"{where}: {ref} is matched with nothing"
    assert sum(len(c) for c in cards.values()) == len(on_page) + len(singles), (
        f"{where}: {sorted(cards)} for {len(on_page)} groups and {len(singles)} single claims")


def assert_pages_show_each_claim_once(site: Site, fixture: Fixture, groups: list[tuple[str, ...]]) -> None:
    claims = claims_by_ref(fixture)
    for expert_id in fixture.experts:
        own = {ref for ref, c in claims.items() if c["expert"] == expert_id}
        assert_each_claim_shown_once(site.page(f"experts/{expert_id}/index.html"), f"expert {expert_id}", groups, own)
    for topic_id in fixture.topics:
        on_topic = {ref for ref, c in claims.items() if topic_id in c["topics"]}
        assert_each_claim_shown_once(site.page(f"topics/{topic_id}/index.html"), f"topic {topic_id}", groups, on_topic)


def discrepancy_of(site: Site, refs: tuple[str, ...]) -> Element:
    """The section of /discrepancies/ whose variants are exactly these claims."""
    doc = site.page("discrepancies/index.html")
    wanted = {permalink(r) for r in refs}
    found = [s for s in doc.find_all("section", cls="discrepancy")
             if {a.get("href") for a in s.find_all("a", cls="in-source")} == wanted]
    assert len(found) == 1, f"{len(found)} sections of /discrepancies/ for {refs}"
    return found[0]


def discrepancy_sources(site: Site) -> list[set[str]]:
    doc = site.page("discrepancies/index.html")
    return [{a.get("href") for a in s.find_all("a", cls="in-source")}
            for s in doc.find_all("section", cls="discrepancy")]


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


def built(tmp_path_factory: pytest.TempPathFactory, name: str) -> tuple[Site, Fixture, str]:
    project = copy_fixture(name, tmp_path_factory.mktemp(name) / "project")
    result = build(project)
    return Site(project / "site", project=project), Fixture(project), result.stderr


# --------------------------------------------------------------------------- same-claims: outlets that agree


@pytest.fixture(scope="module")
def same(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Fixture, str]:
    return built(tmp_path_factory, "same-claims")


@pytest.fixture(scope="module")
def same_groups(same) -> list[tuple[str, ...]]:
    _, fixture, _ = same
    return [(a, b) for _, a, b, _ in MATCHED_BY_WORDS] + same_as_pairs(fixture)


def test_the_same_claims_fixture_differs_where_it_says(same, same_groups) -> None:
    """Guard: the quotes of each pair really are written differently, as the test names say, and
    every page of experts and topics has matched claims and claims matched with nothing."""
    _, fixture, _ = same
    claims = claims_by_ref(fixture)
    grouped = {ref for group in same_groups for ref in group}
    for key, name in [("expert", e) for e in fixture.experts] + [("topics", t) for t in fixture.topics]:
        refs = {r for r, c in claims.items() if (c[key] == name if key == "expert" else name in c[key])}
        assert refs & grouped and refs - grouped, f"{key} {name}: both matched and single claims"
    for name, a, b, differs in MATCHED_BY_WORDS:
        assert "same_as" not in claims[a] and "same_as" not in claims[b], name
        assert claims[a]["quote"] != claims[b]["quote"], name
        assert differs(claims[a]["quote"], claims[b]["quote"]), name
    first, second = (_words(claims[r]["quote"]) for r in NOT_THE_SAME)
    runs = {tuple(first[i:i + 4]) for i in range(len(first) - 3)}
    assert any(tuple(second[i:i + 4]) in runs for i in range(len(second) - 3)), "they should share 4 words in a row"
    pairs = same_as_pairs(fixture)
    assert pairs, "a same_as link"
    for ref, other in pairs:
        assert claims[ref]["kind"] == claims[other]["kind"] == "paraphrase"
        assert len(set(_words(claims[ref]["quote"])) & set(_words(claims[other]["quote"]))) <= 2, "other words"


@pytest.mark.parametrize("case", MATCHED_BY_WORDS, ids=[c[0] for c in MATCHED_BY_WORDS])
def test_quotes_written_differently_are_recognised_as_one_claim(same, case) -> None:
    site, _, _ = same
    _, first, second, _ = case
    assert_reported_by_each_other(site, first, second)


def test_same_as_links_paraphrases_in_other_words(same) -> None:
    site, fixture, _ = same
    for ref, other in same_as_pairs(fixture):
        assert_reported_by_each_other(site, ref, other)


def test_different_statements_sharing_a_few_words_stay_apart(same) -> None:
    site, _, _ = same
    for ref in NOT_THE_SAME:
        doc = site.page(article_page(ref))
        claim_id = slug_and_id(ref)[1]
        assert panel_entry(doc, claim_id).find("p", cls="also") is None, ref
    other_links = {a.get("href") for a in site.page(article_page(NOT_THE_SAME[0])).find_all("a")}
    assert permalink(NOT_THE_SAME[1]) not in other_links


def test_outlets_that_agree_raise_no_warning_and_no_discrepancy(same) -> None:
    site, fixture, build_stderr = same
    assert warning_lines(build_stderr) == []
    result = run_cli("check", "--strict", cwd=fixture.project)
    assert result.returncode == 0, result.stderr
    assert warning_lines(result.stderr) == []
    assert discrepancy_sources(site) == []
    assert all(not site.page(f).find_all("a", cls="flag") for f in site.html_files())


def test_expert_and_topic_pages_show_a_claim_reported_twice_once(same, same_groups) -> None:
    site, fixture, _ = same
    assert_pages_show_each_claim_once(site, fixture, same_groups)


def test_a_quote_with_an_ellipsis_is_marked_in_two_pieces(same) -> None:
    site, fixture, _ = same
    elided = {ref: c for ref, c in claims_by_ref(fixture).items() if "…" in c["quote"]}
    assert elided, "the fixture should have a quote with an ellipsis"
    for ref, claim in elided.items():
        doc = site.page(article_page(ref))
        marks = marks_by_claim(doc)[slug_and_id(ref)[1]]
        pieces = [p.strip() for p in claim["quote"].split("…")]
        assert [squeeze(m.text()).casefold() for m in marks] == [squeeze(p).casefold() for p in pieces]
        paragraph = fold(marks[0].block().text())
        between = paragraph[paragraph.index(fold(marks[0].text())) + len(fold(marks[0].text())):
                            paragraph.index(fold(marks[1].text()))]
        assert len(_words(between)) >= 2, "the elided words stand between the pieces, unmarked"
        assert all(w not in _words(" ".join(m.text() for m in marks)) for w in _words(between))


def assert_well_formed_with_no_broken_link(site) -> None:
    for rel in site.html_files():
        doc = site.page(rel)
        assert doc.problems == [], f"{rel}: {doc.problems}"
        assert len(doc.ids) == len(set(doc.ids)), f"{rel}: duplicate ids"
    assert site.broken_links() == []


def test_every_page_of_the_same_claims_site_is_well_formed_and_every_link_resolves(same) -> None:
    assert_well_formed_with_no_broken_link(same[0])


# --------------------------------------------------------------------------- conflict-pair: outlets that disagree


@pytest.fixture(scope="module")
def conflict(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Fixture, str]:
    return built(tmp_path_factory, "conflict-pair")


@pytest.fixture(scope="module")
def conflict_check(conflict):
    _, fixture, _ = conflict
    return run_cli("check", cwd=fixture.project)


def test_the_conflict_fixture_disagrees_where_it_says(conflict) -> None:
    _, fixture, _ = conflict
    claims = claims_by_ref(fixture)
    (_, *speaker), (_, *kind), (_, *wording) = CONFLICTS
    a, b = (claims[r] for r in speaker)
    assert a["expert"] != b["expert"] and a["kind"] == b["kind"] == "direct" and _words(a["quote"]) == _words(b["quote"])
    a, b = (claims[r] for r in kind)
    assert a["expert"] == b["expert"] and {a["kind"], b["kind"]} == {"direct", "paraphrase"}
    a, b = (claims[r] for r in wording)
    assert a["expert"] == b["expert"] and a["kind"] == b["kind"] == "direct"
    assert len(_words(a["quote"])) == len(_words(b["quote"])) and _words(a["quote"]) != _words(b["quote"])
    a, b = (claims[r] for r in TRUNCATED)
    assert a["expert"] == b["expert"] and a["kind"] == b["kind"] == "direct"
    assert " ".join(_words(b["quote"])) in " ".join(_words(a["quote"])) and len(_words(b["quote"])) >= 4
    a, b = (claims[r] for r in ELIDED)
    assert b["same_as"] == ELIDED[0] and a["expert"] == b["expert"] and a["kind"] == b["kind"] == "direct"
    pieces = [" ".join(_words(p)) for p in b["quote"].split("…")]
    full = " ".join(_words(a["quote"]))
    assert len(pieces) == 2 and full.startswith(pieces[0]) and full.endswith(pieces[1])


@pytest.mark.parametrize("code, first, second", CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_discrepancies_page_lists_the_disagreement(conflict, code, first, second) -> None:
    site, fixture, _ = conflict
    claims = claims_by_ref(fixture)
    section = discrepancy_of(site, (first, second))
    assert section.get("id"), "each discrepancy needs an id to link to"
    variants = section.find_all("article", cls="variant")
    assert len(variants) == 2
    by_source = {v.find("a", cls="in-source").get("href"): v for v in variants}
    for ref in (first, second):
        variant = by_source[permalink(ref)]
        assert_leads_to_claim(site, "discrepancies/index.html", permalink(ref), ref)
        speaker = variant.find("a", cls="speaker")
        expert = claims[ref]["expert"]
        assert speaker.get("href") == f"/experts/{expert}/"
        assert speaker.text().strip() == fixture.experts[expert]["name"]
        assert claims[ref]["kind"] in variant.classes
    if code == "speaker-conflict":
        described = section.find("ul", cls="conflicts").text()
        for ref in (first, second):
            assert fixture.experts[claims[ref]["expert"]]["name"] in described


def test_differing_words_are_marked_only_where_the_wording_differs(conflict) -> None:
    site, fixture, _ = conflict
    claims = claims_by_ref(fixture)
    for code, first, second in CONFLICTS:
        section = discrepancy_of(site, (first, second))
        for ref, other in ((first, second), (second, first)):
            variant = next(v for v in section.find_all("article", cls="variant")
                           if v.find("a", cls="in-source").get("href") == permalink(ref))
            marked = {w for span in variant.find_all("span", cls="diff") for w in _words(span.text())}
            if code == "wording-conflict":
                assert marked == set(_words(claims[ref]["quote"])) - set(_words(claims[other]["quote"])), ref
            else:
                assert marked == set(), f"{code}: the words are the same, yet {marked} are marked"


@pytest.mark.parametrize("code, first, second", CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_both_article_pages_flag_the_disagreement(conflict, code, first, second) -> None:
    site, _, _ = conflict
    target = f"/discrepancies/#{discrepancy_of(site, (first, second)).get('id')}"
    for ref in (first, second):
        page = article_page(ref)
        doc = site.page(page)
        claim_id = slug_and_id(ref)[1]
        assert flagged(doc, claim_id), ref
        conflict_note = panel_entry(doc, claim_id).find("p", cls="conflict")
        assert conflict_note is not None, f"{ref}: the panel does not say the sources disagree"
        assert [a.get("href") for a in conflict_note.find_all("a")] == [target]
        resolved, fragment, why = site.resolve(page, target)
        assert resolved == "discrepancies/index.html" and fragment in site.page(resolved).ids, why
    assert_reported_by_each_other(site, first, second)


@pytest.mark.parametrize("code, first, second", CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_the_experts_concerned_see_the_disagreement_on_their_pages(conflict, code, first, second) -> None:
    site, fixture, _ = conflict
    claims = claims_by_ref(fixture)
    target = f"/discrepancies/#{discrepancy_of(site, (first, second)).get('id')}"
    concerned = {claims[first]["expert"], claims[second]["expert"]}
    for expert_id in fixture.experts:
        doc = site.page(f"experts/{expert_id}/index.html")
        flagged = [a for p in doc.find_all("p", cls="conflict") for a in p.find_all("a") if a.get("href") == target]
        if expert_id in concerned:
            assert len(flagged) == 1, f"{expert_id}: {len(flagged)} flags for {target}"
            card = next(a for a in flagged[0].ancestors() if a.tag == "article")
            in_source = card.find("a", cls="in-source").get("href")
            assert in_source in {permalink(r) for r in (first, second) if claims[r]["expert"] == expert_id}
        else:
            assert flagged == [], f"{expert_id} has nothing to do with {target}"


@pytest.mark.parametrize("code, first, second", CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_check_warns_about_each_copy_naming_both_places(conflict, conflict_check, code, first, second) -> None:
    _, fixture, _ = conflict
    assert conflict_check.returncode == 0, conflict_check.stderr
    assert "Traceback" not in conflict_check.stderr
    claims = claims_by_ref(fixture)
    lines = warning_lines(conflict_check.stderr)
    for ref, other in ((first, second), (second, first)):
        here, there = claim_location(fixture.project, ref), claim_location(fixture.project, other)
        name, other_name = (fixture.experts[claims[r]["expert"]]["name"] for r in (ref, other))
        pattern = re.compile(
            rf"^{re.escape(here)}: warning: sources disagree on this claim: (?P<what>.+) — "
            rf"here {re.escape(name)} \({claims[ref]['kind']}\), "
            rf"elsewhere {re.escape(there)} \({re.escape(other_name)}, {claims[other]['kind']}\) \[{code}\]$")
        matching = [line for line in lines if pattern.match(line)]
        assert len(matching) == 1, f"expected one warning like\n{pattern.pattern}\ngot:\n" + "\n".join(lines)
        if code == "speaker-conflict":
            what = pattern.match(matching[0])["what"]
            assert name in what and other_name in what


def test_check_strict_fails_on_disagreements(conflict, conflict_check) -> None:
    _, fixture, _ = conflict
    result = run_cli("check", "--strict", cwd=fixture.project)
    assert result.returncode == 1
    assert set(warning_lines(result.stderr)) == set(warning_lines(conflict_check.stderr)) != set()


def test_build_publishes_despite_disagreements_and_says_so(conflict, conflict_check) -> None:
    site, _, build_stderr = conflict
    assert (site.root / "discrepancies" / "index.html").is_file()
    assert set(warning_lines(build_stderr)) == set(warning_lines(conflict_check.stderr)) != set()


@pytest.mark.parametrize("pair", ["truncated", "elided"])
def test_an_excerpt_is_the_same_claim_not_a_disagreement(conflict, conflict_check, pair: str) -> None:
    """One outlet prints fewer words, or an annotator leaves out the middle with '…' as the README
    allows: the sources do not disagree, so nothing is listed, flagged or warned."""
    refs = TRUNCATED if pair == "truncated" else ELIDED
    site, fixture, _ = conflict
    assert_reported_by_each_other(site, *refs)
    assert {permalink(r) for r in refs} not in discrepancy_sources(site)
    for ref in refs:
        doc = site.page(article_page(ref))
        assert not flagged(doc, slug_and_id(ref)[1]), ref
        assert panel_entry(doc, slug_and_id(ref)[1]).find("p", cls="conflict") is None, ref
        here = claim_location(fixture.project, ref)
        assert [line for line in warning_lines(conflict_check.stderr) if line.startswith(here + ":")] == []


def test_a_disputed_claim_is_shown_once_on_expert_and_topic_pages(conflict) -> None:
    site, fixture, _ = conflict
    groups = [(a, b) for _, a, b in CONFLICTS] + [TRUNCATED, ELIDED]
    assert_pages_show_each_claim_once(site, fixture, groups)


def test_every_page_of_the_conflict_site_is_well_formed_and_every_link_resolves(conflict) -> None:
    assert_well_formed_with_no_broken_link(conflict[0])


# --------------------------------------------------------------------------- the repository's own content


def test_the_repository_content_lists_who_said_russia_had_the_better_hand(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    result = build(project)
    site, fixture = Site(project / "site", project=project), Fixture(project)
    copies = [ref for ref, c in claims_by_ref(fixture).items() if SHEA_SOKOV_WORDS in c["quote"]]
    speakers = {claims_by_ref(fixture)[ref]["expert"] for ref in copies}
    names = {fixture.experts[s]["name"] for s in speakers}
    assert len(copies) == 2 and names == {"Thomas E. Shea", "Nikolai Sokov"}, (copies, names)
    section = discrepancy_of(site, tuple(copies))
    assert {a.text().strip() for a in section.find_all("a", cls="speaker")} == names
    for ref in copies:
        here = claim_location(project, ref)
        assert any(line.startswith(f"{here}: warning: ") and line.endswith("[speaker-conflict]")
                   for line in warning_lines(result.stderr)), here
        doc = site.page(article_page(ref))
        assert flagged(doc, slug_and_id(ref)[1]), ref
        conflict_note = panel_entry(doc, slug_and_id(ref)[1]).find("p", cls="conflict")
        assert [a.get("href") for a in conflict_note.find_all("a")] == [f"/discrepancies/#{section.get('id')}"]
    assert site.broken_links() == []


def test_a_draft_s_claims_are_matched_only_when_drafts_are_built(tmp_path: Path) -> None:
    """A draft is checked with the others (its claims indexed for matching as it is read), but
    left out of the site: it disagrees with no published source, until drafts are built."""
    project = copy_fixture("conflict-pair", tmp_path / "project")
    sidecar = project / "content" / "articles" / "danube-daily.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("topics: [arms-control]\nclaims:",
                                                                   "topics: [arms-control]\ndraft: true\nclaims:", 1),
                       encoding="utf-8")
    published = run_cli("check", cwd=project)
    assert published.returncode == 0 and "sources disagree" not in published.stderr, published.stderr
    built = build(project)
    assert "sources disagree" not in built.stderr
    listed = parse_html((project / "site" / "discrepancies" / "index.html").read_text(encoding="utf-8"))
    assert not [a for a in listed.find_all("a") if "danube-daily" in a.attrs.get("href", "")]
    with_drafts = build(project, "--drafts")
    assert "sources disagree" in with_drafts.stderr and "danube-daily.yaml" in with_drafts.stderr
