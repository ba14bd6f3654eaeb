"""A headline says who said what as often as the text does ("Voss: 'The ferries will run'", "Ábalos
confirma que habrá Consejo de Ministros en Barcelona"): `briefgen import` keeps it as the text's
level-1 heading, drafts the claims in it, and the article page shows that heading, marks and all, as
its one headline. And what a headline's shape must not fool: a passive ("X urged to … by Y"), a
company before its officer's title ("Thales CEO Jean-Bernard Levy"), a title before a surname
("Innenminister de Maizière"). Each runs the CLI on a temp project."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import parse_html
from test_import import briefgen
from test_import_real_world import imported, project  # noqa: F401  (a fixture)

HEADLINE_QUOTE = """\
Mayor Voss: "The ferries will run again on Friday, whatever the weather"

PORT ALDER, March 4 (Coastal Ledger) - The harbour reopened on Tuesday after a week of storms.

Mayor Helena Voss told reporters that the crossings had been checked twice by the coastguard.
"""

SPANISH_HEADLINE = """\
Ábalos confirma que habrá Consejo de Ministros en Barcelona tras cuestionar su conveniencia

MADRID, 11 Dic. (EUROPA PRESS) -

El ministro de Fomento, José Luis Ábalos, ha confirmado este martes que el Consejo de Ministros previsto en Barcelona se va a hacer.
"""


def test_a_claim_in_the_headline_is_drafted(project: Path) -> None:  # noqa: F811
    claims, _, _ = imported(project, SPANISH_HEADLINE, experts="jose-luis-abalos:\n  name: José Luis Ábalos\n"
                                                              "  aliases: [Ábalos]\n")
    assert ("jose-luis-abalos", "paraphrase", "habrá Consejo de Ministros en Barcelona tras cuestionar su conveniencia") \
        in claims or ("jose-luis-abalos", "paraphrase", "habrá Consejo de Ministros en Barcelona") in claims, claims
    sidecar = yaml.safe_load((project / "content" / "articles" / "piece.yaml").read_text(encoding="utf-8"))
    assert sidecar["title"].startswith("Ábalos confirma")
    assert sidecar["outlet"] == "EUROPA PRESS"  # the dateline is read after the headline


def test_the_page_shows_the_headline_once_with_its_claim_marked(project: Path) -> None:  # noqa: F811
    claims, registry, _ = imported(project, HEADLINE_QUOTE)
    assert ("helena-voss", "direct", "The ferries will run again on Friday, whatever the weather") in claims, claims
    article = project / "content" / "articles" / "piece.md"
    assert article.read_text(encoding="utf-8").startswith("# Mayor Voss: ")
    sidecar_path = project / "content" / "articles" / "piece.yaml"
    sidecar_path.write_text(sidecar_path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    result = briefgen("build", cwd=project)
    assert result.returncode == 0, result.stderr
    page = parse_html((project / "site" / "articles" / "piece" / "index.html").read_text(encoding="utf-8"))
    assert not page.problems, page.problems
    headings = page.find_all("h1")
    assert len(headings) == 1, headings  # the headline stands once, as the page's title
    mark = headings[0].find("mark")
    assert mark is not None and "The ferries will run again" in mark.text()
    assert "Mayor Voss" in headings[0].text()
    assert "whatever the weather" not in page.find(cls="article-text").text()  # not again in the text


def test_a_passive_headline_names_no_speaker(project: Path) -> None:  # noqa: F811
    text = ("Kwasi Kwarteng urged to 're-evaluate' mini-budget by International Monetary Fund\n\n"
            "The chancellor met bankers on Wednesday.\n")
    claims, registry, _ = imported(project, text)
    assert not [c for c in claims if c[0] == "kwasi-kwarteng"], claims


def test_a_company_before_its_officers_title_is_not_the_speaker(project: Path) -> None:  # noqa: F811
    text = ("Thales says not involved in Alstom Transport issue\n\n"
            "PARIS, May 14 (Reuters) - Thales is not involved in talks on the transport business, its chief said.\n\n"
            "A newsletter reported on Monday that the minister had called companies such as Thales.\n\n"
            "“We are not involved in this dossier,” Thales CEO Jean-Bernard Levy told the annual shareholder meeting.\n")
    claims, _, _ = imported(project, text)
    assert ("thales", "paraphrase", "not involved in Alstom Transport issue") in claims, claims
    assert ("jean-bernard-levy", "direct", "We are not involved in this dossier") in claims, claims


def test_a_title_before_a_surname_does_not_hide_the_full_name(project: Path) -> None:  # noqa: F811
    text = ("Innenminister de Maizière: Wir werden nicht ruhen\n\n"
            "Das ist die Ansage, mit welcher der deutsche Innenminister Thomas de Maizière dem Vorfall entgegentritt. "
            "„Die Sicherheitsbehörden des Bundes sind involviert und in Bereitschaft“, so de Maizière.\n")
    claims, registry, _ = imported(project, text)
    assert [c[0] for c in claims if c[2].startswith("Die Sicherheitsbehörden")] == ["thomas-de-maiziere"], claims
    assert "thomas-de-maiziere" in registry


def test_a_template_of_the_project_that_shows_only_the_body_keeps_the_headline_s_claims(project: Path) -> None:  # noqa: F811
    """A project's own article.html written before `headline` existed: `{{ body }}` is the whole text, so
    the claim in the headline keeps its mark (the target of its permalinks)."""
    imported(project, HEADLINE_QUOTE)
    sidecar_path = project / "content" / "articles" / "piece.yaml"
    sidecar_path.write_text(sidecar_path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "article.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>{{ body }}{% endblock %}',
        encoding="utf-8")
    result = briefgen("build", cwd=project)
    assert result.returncode == 0, result.stderr
    page = parse_html((project / "site" / "articles" / "piece" / "index.html").read_text(encoding="utf-8"))
    marks = [m for m in page.find_all("mark") if m.get("id")]
    assert any("The ferries will run again" in m.text() for m in marks), marks


@pytest.mark.parametrize("text, expected", [
    # 'Mantashe didn't mean he paid journos to quash sex story - spokesperson' (EWN)
    ("Harbour levy will not rise - spokesperson\n\nThe council's spokesperson Lena Ortiz said on Monday the levy "
     "would stay at two per cent.\n",
     ("lena-ortiz", "paraphrase", "Harbour levy will not rise")),
    # 'Sin afectaciones graves en Veracruz por FF24: alcaldesa' (Abriendo Brecha)
    ("Sin daños graves en el puerto: alcaldesa\n\nLa alcaldesa de Valdoria, Marta Iriarte, afirmó que el temporal "
     "no causó daños graves.\n",
     ("marta-iriarte", "paraphrase", "Sin daños graves en el puerto")),
], ids=["en-dash-role", "es-colon-role"])
def test_a_headline_ending_in_a_role_is_that_persons_claim(project: Path, text: str, expected: tuple) -> None:  # noqa: F811
    claims, _, _ = imported(project, text)
    assert claims[0] == expected, claims


def test_a_headline_ending_in_a_role_nobody_in_the_text_holds_is_nobodys(project: Path) -> None:  # noqa: F811
    # "Canada recognizes 'a united Spain': official" (The Peninsula): no one in the text is called "official"
    text = "Harbour levy will not rise: official\n\nThe harbour levy stays at two per cent this year.\n"
    claims, _, _ = imported(project, text)
    assert claims == [], claims


def test_a_headline_opening_with_a_job_title_and_a_colon(project: Path) -> None:  # noqa: F811
    # 'Finance Minister: Anadolu News Agency circulates rumors' (Egypt Independent); a kicker that names a body
    # ('Rochester City Council: There are still a lot of unanswered questions', WROC) says nobody spoke
    text = ("Harbour Minister: the levy will not rise this year\n\nHarbour Minister Lena Ortiz denied on Sunday "
            "that the levy would rise.\n")
    claims, _, _ = imported(project, text)
    assert claims[0] == ("lena-ortiz", "paraphrase", "the levy will not rise this year"), claims
    kicker = "Harbour Council: many questions are still open\n\nThe Harbour Council met on Monday.\n"
    claims, _, _ = imported(project, kicker, experts="harbour-council:\n  name: Harbour Council\n  kind: organization\n")
    assert claims == [], claims
