"""An analyst annotates several outlets' reports of one event, each in its own words, and builds:
the same statement is recognised though the words differ (a spokesman's readout and the
institution's written note, reordered, with a synonym; one remark quoted in different words by
three outlets of one language) and its disagreements are listed on /discrepancies/; a
statement reported in two languages is not matched, but `briefgen check` suggests the pair, with
where both stand, for the analyst to confirm with `same_as` — readers never see a suggestion.
Different statements about the same event (same names, places and dates) stay apart."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import Site, build, run_cli

EXPERTS = {
    "imf": {"name": "International Monetary Fund", "kind": "organization", "aliases": ["IMF"]},
    "imf-spokesperson": {"name": "IMF spokesperson", "kind": "official", "affiliation": "International Monetary Fund"},
    "amlo": {"name": "Andrés Manuel López Obrador", "kind": "official", "aliases": ["López Obrador"]},
    "jose-luis-abalos": {"name": "José Luis Ábalos", "kind": "official", "aliases": ["Ábalos"]},
    "emmanuel-macron": {"name": "Emmanuel Macron", "kind": "official", "aliases": ["Macron"]},
    "port-spokesman": {"name": "Port spokesman", "kind": "official", "affiliation": "Port Authority"},
    "port-authority": {"name": "Port Authority", "kind": "organization"},
    "harbour-master": {"name": "Ines Calder", "role": "Harbour master"},
    "rail-spokeswoman": {"name": "Rail spokeswoman", "kind": "official", "affiliation": "Transport Ministry"},
    "transport-ministry": {"name": "Transport Ministry", "kind": "organization"},
    "palace-spokesman": {"name": "Palace spokesman", "kind": "official"},
    "president-orlov": {"name": "Ivan Orlov", "kind": "official", "aliases": ["Orlov"]},
    "minister-vidal": {"name": "Rosa Vidal", "kind": "official", "aliases": ["Vidal"]},
    "education-spokesman": {"name": "Education spokesman", "kind": "official"},
    "minister-dunne": {"name": "Clare Dunne", "kind": "official", "aliases": ["Dunne"]},
    "mayor-okafor": {"name": "Grace Okafor", "kind": "official", "aliases": ["Okafor"]},
    "health-ministry": {"name": "Health Ministry", "kind": "organization"},
    "council-spokeswoman": {"name": "Council spokeswoman", "kind": "official"},
}

# slug → (language, date, text, claims as (id, speaker, kind, quote))
ARTICLES = {
    # A spokesman's readout, quoted …
    "wire/imf-monitoring": ("en", "2022-09-27", """
        The International Monetary Fund said on Tuesday it was watching Britain's markets.

        "We are closely monitoring recent economic developments in the UK and are engaged with the
        authorities," an IMF spokesperson said in a statement.
        """, [("readout", "imf-spokesperson", "direct",
               "We are closely monitoring recent economic developments in the UK and are engaged with the authorities")]),
    # … and the institution's written note, reported in other words and another order.
    "daily/imf-note": ("en", "2022-09-28", """
        In a written note, the IMF said it was in contact with the British authorities and was
        closely monitoring developments after the mini-budget.
        """, [("note", "imf", "paraphrase",
               "it was in contact with the British authorities and was closely monitoring developments")]),
    # One remark quoted in different words by three outlets of one language.
    "es/infobae-mananeras": ("es", "2020-12-28", """
        López Obrador aclaró que se trataba de una broma.

        "Ya de una vez les digo que sí vamos a seguir teniendo las mañaneras. Solo que hoy es 28 y es
        el Día de los Santos Inocentes", dijo el presidente.
        """, [("broma", "amlo", "direct",
               "Ya de una vez les digo que sí vamos a seguir teniendo las mañaneras. Solo que hoy es 28 y es "
               "el Día de los Santos Inocentes")]),
    "es/mvs-mananeras": ("es", "2020-12-28", """
        El mandatario explicó la broma en su conferencia.

        "Por eso les digo que vamos a continuar teniendo las conferencias mañaneras, nada más que hoy
        es 28, el día de los Santos Inocentes", afirmó López Obrador.
        """, [("broma", "amlo", "direct",
               "Por eso les digo que vamos a continuar teniendo las conferencias mañaneras, nada más que hoy "
               "es 28, el día de los Santos Inocentes")]),
    "es/radio-mananeras": ("es", "2020-12-29", """
        El presidente desmintió el anuncio del fin de sus conferencias.

        "Sí vamos a seguir con las mañaneras, les digo: hoy es 28, Día de los Santos Inocentes",
        señaló López Obrador.
        """, [("broma", "amlo", "direct",
               "Sí vamos a seguir con las mañaneras, les digo: hoy es 28, Día de los Santos Inocentes")]),
    # Two statements about one meeting, with its names, place and date: not the same statement.
    "es/europapress-consejo": ("es", "2018-12-11", """
        Ábalos aseguró que el Consejo de Ministros previsto el próximo 21 de diciembre en Barcelona
        "se va a hacer".
        """, [("se-hara", "jose-luis-abalos", "paraphrase",
               "el Consejo de Ministros previsto el próximo 21 de diciembre en Barcelona \"se va a hacer\"")]),
    "es/libertad-consejo": ("es", "2018-12-11", """
        Ábalos admitió que se podría cancelar la celebración del Consejo de Ministros previsto el
        próximo 21 de diciembre en Barcelona.
        """, [("cancelar", "jose-luis-abalos", "paraphrase",
               "se podría cancelar la celebración del Consejo de Ministros previsto el próximo 21 de diciembre en Barcelona")]),
    # The readout in French, credited to the institution: suggested across languages.
    "fr/imf-note": ("fr", "2022-09-27", """
        Le FMI a déclaré : « Nous surveillons de près les développements économiques récents au
        Royaume-Uni et sommes en contact avec les autorités ».
        """, [("note-fr", "imf", "direct",
               "Nous surveillons de près les développements économiques récents au Royaume-Uni et sommes "
               "en contact avec les autorités")]),
    # A forecast and its denial, in much the same words: not the same statement.
    "wire/imf-forecast": ("en", "2022-10-11", """
        "The British economy will grow next year and inflation will ease," the IMF said.
        """, [("grow", "imf", "direct", "The British economy will grow next year and inflation will ease")]),
    "daily/imf-forecast": ("en", "2022-10-11", """
        The IMF said the British economy would not grow next year and inflation would not ease.
        """, [("not-grow", "imf", "paraphrase", "the British economy would not grow next year and inflation would not ease")]),
    # One remark in two languages.
    "en/ap-notre-dame": ("en", "2019-04-15", """
        Macron spoke outside the cathedral as the fire was brought under control.

        "The worst has been avoided although the battle is not yet totally won," Macron said. "We will
        rebuild the cathedral of Notre-Dame together," he added.
        """, [("worst", "emmanuel-macron", "direct", "The worst has been avoided although the battle is not yet totally won"),
              ("rebuild", "emmanuel-macron", "direct", "We will rebuild the cathedral of Notre-Dame together")]),
    "fr/tva-notre-dame": ("fr", "2019-04-16", """
        Le président s'est exprimé devant la cathédrale.

        « Nous rebâtirons la cathédrale Notre-Dame tous ensemble », a déclaré Emmanuel Macron.
        """, [("rebatir", "emmanuel-macron", "direct", "Nous rebâtirons la cathédrale Notre-Dame tous ensemble")]),
    # Another remark of his that night, which shares with the French one only the name of the place.
    "en/wire-notre-dame": ("en", "2019-04-15", """
        "The fire at Notre-Dame is a terrible tragedy," Macron said.
        """, [("tragedy", "emmanuel-macron", "direct", "The fire at Notre-Dame is a terrible tragedy")]),
    # A spokesman's long readout that says two things, each of them reported apart, in other words, by
    # another outlet and credited to someone else: two statements, never made one through the readout.
    "wire/port-readout": ("en", "2023-03-14", """
        "We are reviewing the dredging contract after the repeated delays, and the harbour safety
        report will be published before the summer," the port's spokesman said.
        """, [("readout", "port-spokesman", "direct",
               "We are reviewing the dredging contract after the repeated delays, and the harbour safety "
               "report will be published before the summer")]),
    "daily/port-dredging": ("en", "2023-03-15", """
        The Port Authority said it was reviewing the dredging contract because of the repeated delays.
        """, [("dredging", "port-authority", "paraphrase",
               "it was reviewing the dredging contract because of the repeated delays")]),
    "weekly/port-safety": ("en", "2023-03-15", """
        "We will publish the safety report on the harbour before the summer holidays," said Ines Calder,
        the harbour master.
        """, [("safety", "harbour-master", "direct",
               "We will publish the safety report on the harbour before the summer holidays")]),
    # A readout, and an article of two shorter statements that both share words with it: the readout
    # is one statement with the closer of the two, the other stays apart.
    "wire/rail-readout": ("en", "2023-06-06", """
        "The ministry will extend the night train service to the coast and cut ticket prices for
        students from September," a rail spokeswoman said.
        """, [("readout", "rail-spokeswoman", "direct",
               "The ministry will extend the night train service to the coast and cut ticket prices for "
               "students from September")]),
    "daily/rail": ("en", "2023-06-07", """
        The Transport Ministry said night trains to the coast would run later as the ministry extends the
        service.

        It added that students would pay less for tickets on night trains.
        """, [("extended", "transport-ministry", "paraphrase",
               "night trains to the coast would run later as the ministry extends the service"),
              ("students", "transport-ministry", "paraphrase", "students would pay less for tickets on night trains")]),
    # A president's remark, given apart by one outlet and inside his spokesman's readout, which quotes
    # it; another outlet gives the remark alone: the same as the remark given apart, not the readout.
    "wire/palace-readout": ("en", "2019-04-23", """
        "The president wants to put an end to this dispute. As for his son, the president stresses he
        will always be at his side. And I open quotation marks for the phrase: he is blood of my
        blood," the palace spokesman said. Orlov had said of his son: "He is blood of my blood."
        """, [("readout", "palace-spokesman", "direct",
               "The president wants to put an end to this dispute. As for his son, the president stresses "
               "he will always be at his side. And I open quotation marks for the phrase: he is blood of my blood"),
              ("blood", "president-orlov", "direct", "He is blood of my blood")]),
    "daily/orlov-son": ("en", "2019-04-24", """
        "He is blood of my blood," Orlov said of his son.
        """, [("blood", "president-orlov", "direct", "He is blood of my blood")]),
    # A minister's motto, which her spokesman's readout quotes, and another outlet quotes her saying:
    # the spokesman is not said to have said her words.
    "wire/motto-readout": ("en", "2021-05-03", """
        "The minister met the unions this morning and asked me to repeat her words: no school left
        behind," her spokesman said.
        """, [("readout", "education-spokesman", "direct",
               "The minister met the unions this morning and asked me to repeat her words: no school left behind")]),
    "daily/motto": ("en", "2021-05-04", """
        "No school left behind," Dunne told teachers in Leeds.
        """, [("motto", "minister-dunne", "direct", "No school left behind")]),
    # A remark quoted whole by two outlets, and shortened, with a few words of the speaker's own before
    # it, by one of them: the three are one statement.
    "wire/vidal-talks": ("en", "2018-12-11", """
        "We have to assess whether the measures taken in good faith achieve a positive result, and what
        the government must always protect is coexistence," Vidal said. Asked again, she said "it is
        obvious that we have to assess whether the measures taken in good faith achieve a positive
        result".
        """, [("whole", "minister-vidal", "direct",
               "We have to assess whether the measures taken in good faith achieve a positive result, and what "
               "the government must always protect is coexistence"),
              ("shortened", "minister-vidal", "direct",
               "it is obvious that we have to assess whether the measures taken in good faith achieve a "
               "positive result")]),
    "daily/vidal-talks": ("en", "2018-12-11", """
        "We have to assess whether the measures taken in good faith achieve a positive result, and what
        the government must always protect is coexistence," the minister said.
        """, [("whole", "minister-vidal", "direct",
               "We have to assess whether the measures taken in good faith achieve a positive result, and what "
               "the government must always protect is coexistence")]),
    # One statement of the mayor's, quoted by two outlets in two excerpts: one ends with ten words that
    # the other begins with.
    "wire/bridge-closed": ("en", "2024-02-02", """
        "We will close the old bridge to cars from Monday because the engineers found cracks in two of
        its pillars," Okafor said.
        """, [("close", "mayor-okafor", "direct",
               "We will close the old bridge to cars from Monday because the engineers found cracks in two of its pillars")]),
    "daily/bridge-ferry": ("en", "2024-02-02", """
        The mayor said the bridge would shut "because the engineers found cracks in two of its pillars, and
        the ferry will run every twenty minutes until the repairs are finished".
        """, [("ferry", "mayor-okafor", "direct",
               "because the engineers found cracks in two of its pillars, and the ferry will run every twenty "
               "minutes until the repairs are finished")]),
    # A ministry's note, quoted whole by one outlet; another gives its last sentence word for word and
    # reports its first clause in other words, with words of its own.
    "wire/clinic-note": ("en", "2024-03-04", """
        "The vaccination centre in the old market hall has been open for 90 days and the ministry has asked
        for 30 more, so there is no urgent reason to close it. Only people who are misinformed would
        spread such an unlikely story," the Health Ministry said in a note.
        """, [("note", "health-ministry", "direct",
               "The vaccination centre in the old market hall has been open for 90 days and the ministry has "
               "asked for 30 more, so there is no urgent reason to close it. Only people who are misinformed "
               "would spread such an unlikely story")]),
    "daily/clinic-note": ("en", "2024-03-04", """
        In a note, the Health Ministry said the ministry asked for another 30 days for the market hall
        vaccination centre, which had opened 90 days ago, while nurses from three hospitals staff it every
        weekend. "Only people who are misinformed would spread such an unlikely story," the note said.
        """, [("extension", "health-ministry", "paraphrase",
               "the ministry asked for another 30 days for the market hall vaccination centre, which had opened "
               "90 days ago, while nurses from three hospitals staff it every weekend"),
              ("story", "health-ministry", "direct", "Only people who are misinformed would spread such an unlikely story")]),
    # A spokeswoman's readout of three plans; another outlet reports the first of them, with words of
    # its own.
    "wire/council-plans": ("en", "2024-09-10", """
        "The council will repair the harbour wall before the storms of autumn, the ferry timetable stays as
        it is, and the fish market moves to the north quay in May," the council's spokeswoman said.
        """, [("plans", "council-spokeswoman", "direct",
               "The council will repair the harbour wall before the storms of autumn, the ferry timetable stays "
               "as it is, and the fish market moves to the north quay in May")]),
    "daily/harbour-wall": ("en", "2024-09-11", """
        The council's spokeswoman said the council would repair the harbour wall before autumn storms,
        because the winter tides had damaged it badly last year and fishermen had complained.
        """, [("wall", "council-spokeswoman", "paraphrase",
               "the council would repair the harbour wall before autumn storms, because the winter tides had "
               "damaged it badly last year and fishermen had complained")]),
}

READOUT, NOTE = "wire/imf-monitoring#readout", "daily/imf-note#note"
BROMA = ("es/infobae-mananeras#broma", "es/mvs-mananeras#broma", "es/radio-mananeras#broma")
CONSEJO = ("es/europapress-consejo#se-hara", "es/libertad-consejo#cancelar")
FORECAST = ("wire/imf-forecast#grow", "daily/imf-forecast#not-grow")
REBUILD_EN, REBUILD_FR, TRAGEDY_EN = "en/ap-notre-dame#rebuild", "fr/tva-notre-dame#rebatir", "en/wire-notre-dame#tragedy"
NOTE_FR = "fr/imf-note#note-fr"
PORT_READOUT, PORT_DREDGING, PORT_SAFETY = "wire/port-readout#readout", "daily/port-dredging#dredging", "weekly/port-safety#safety"
RAIL_READOUT, RAIL_EXTENDED, RAIL_STUDENTS = "wire/rail-readout#readout", "daily/rail#extended", "daily/rail#students"
PALACE_READOUT, BLOOD_APART, BLOOD = "wire/palace-readout#readout", "wire/palace-readout#blood", "daily/orlov-son#blood"
MOTTO_READOUT, MOTTO = "wire/motto-readout#readout", "daily/motto#motto"
CLINIC_NOTE, CLINIC_EXTENSION, CLINIC_STORY = "wire/clinic-note#note", "daily/clinic-note#extension", "daily/clinic-note#story"
COUNCIL_PLANS, HARBOUR_WALL = "wire/council-plans#plans", "daily/harbour-wall#wall"
BRIDGE_CLOSED, BRIDGE_FERRY = "wire/bridge-closed#close", "daily/bridge-ferry#ferry"
VIDAL_WHOLE, VIDAL_SHORTENED, VIDAL_DAILY = "wire/vidal-talks#whole", "wire/vidal-talks#shortened", "daily/vidal-talks#whole"


def write_project(root: Path) -> Path:
    content = root / "content"
    for slug, (language, published, text, claims) in ARTICLES.items():
        path = content / "articles" / slug
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(" ".join(p.split()) for p in textwrap.dedent(text).strip().split("\n\n"))
        path.with_suffix(".md").write_text(body + "\n", encoding="utf-8")
        sidecar = {"title": slug, "outlet": slug.partition("/")[0], "language": language, "published": published,
                   "claims": [{"id": i, "speaker": s, "kind": k, "quote": q} for i, s, k, q in claims]}
        path.with_suffix(".yaml").write_text(yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")
    (content / "experts.yaml").write_text(yaml.safe_dump(EXPERTS, allow_unicode=True), encoding="utf-8")
    (content / "topics.yaml").write_text("{}\n", encoding="utf-8")
    (root / "briefgen.yaml").write_text("title: Other words\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("other-words"))


@pytest.fixture(scope="module")
def site(project: Path) -> Site:
    build(project)
    return Site(project / "site", project=project)


@pytest.fixture(scope="module")
def checked(project: Path, site: Site) -> str:
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def permalink(ref: str) -> str:
    slug, _, claim_id = ref.partition("#")
    return f"/articles/{slug}/#claim-{claim_id}"


def discrepancies(site: Site) -> list[tuple[set[str], str]]:
    """Each section of /discrepancies/: the claims it lists (their permalinks) and its text, casefolded."""
    doc = site.page("discrepancies/index.html")
    return [({a.get("href") for a in s.find_all("a", cls="in-source")}, " ".join(s.text().casefold().split()))
            for s in doc.find_all("section", cls="discrepancy")]


def section_of(site: Site, refs: tuple[str, ...]) -> str:
    wanted = {permalink(ref) for ref in refs}
    found = [text for links, text in discrepancies(site) if links == wanted]
    assert len(found) == 1, f"no one section of /discrepancies/ lists exactly {refs}: {discrepancies(site)}"
    return found[0]


def also_reported_by(site: Site, ref: str) -> list[str]:
    """The links of the claim's 'also reported by' in its article's claims panel."""
    slug, _, claim_id = ref.partition("#")
    entry = site.page(f"articles/{slug}/index.html").find("li", id=f"panel-{claim_id}")
    assert entry is not None, ref
    also = entry.find("p", cls="also")
    return [a.get("href") for a in also.find_all("a", cls="copy")] if also else []


def test_a_readout_credited_to_the_spokesman_and_to_the_written_note_is_one_statement(site) -> None:
    text = section_of(site, (READOUT, NOTE))
    assert "credited to different speakers" in text
    assert "imf spokesperson" in text and "international monetary fund" in text
    assert "a direct quote in one source, a paraphrase in another" in text
    assert "matched in other words: both say" in text  # what the match rests on
    assert all(f"“{word}”" in text for word in ("closely", "monitoring", "authorities"))
    assert also_reported_by(site, READOUT) == [permalink(NOTE)]
    assert also_reported_by(site, NOTE) == [permalink(READOUT)]


def test_one_remark_quoted_in_different_words_by_three_outlets_is_one_statement(site) -> None:
    text = section_of(site, BROMA)
    assert "quoted in different words" in text
    assert "credited to different speakers" not in text
    for ref in BROMA:
        assert sorted(also_reported_by(site, ref)) == sorted(permalink(other) for other in BROMA if other != ref)


@pytest.mark.parametrize("refs", [CONSEJO, FORECAST], ids=["two-statements-about-one-meeting", "a-forecast-and-its-denial"])
def test_different_statements_in_much_the_same_words_stay_apart(site, refs) -> None:
    for ref in refs:
        assert also_reported_by(site, ref) == []
    assert not any(permalink(ref) in links for links, _ in discrepancies(site) for ref in refs)


def test_check_warns_of_the_disagreements_found_in_other_words(checked, project) -> None:
    warned = [line for line in checked.splitlines() if ": warning: " in line]
    for ref in (READOUT, NOTE, *BROMA):
        slug = ref.partition("#")[0]
        assert any(line.startswith(f"content/articles/{slug}.yaml:") for line in warned), (ref, checked)


def suggestions(checked: str) -> dict[str, str]:
    """check's info lines, by the place they stand at ('content/articles/….yaml')."""
    return {line.partition(":")[0]: line for line in checked.splitlines() if ": info: " in line}


def test_a_remark_in_two_languages_is_suggested_to_the_analyst_not_shown_to_readers(site, checked) -> None:
    line = suggestions(checked)["content/articles/fr/tva-notre-dame.yaml"]  # at the claim: file:line:col
    assert line.startswith("content/articles/fr/tva-notre-dame.yaml:")
    assert f"same_as: {REBUILD_EN}" in line and "content/articles/en/ap-notre-dame.yaml:" in line
    assert "info" not in checked.splitlines()[-2] and "warning" in checked.splitlines()[-2]  # not counted as a problem
    assert also_reported_by(site, REBUILD_EN) == [] and also_reported_by(site, REBUILD_FR) == []
    assert not any(permalink(REBUILD_EN) in links or permalink(REBUILD_FR) in links for links, _ in discrepancies(site))


def test_a_readout_in_two_languages_is_suggested_across_the_spokesman_and_the_institution(site, checked) -> None:
    assert set(suggestions(checked)) == {"content/articles/fr/tva-notre-dame.yaml", "content/articles/wire/imf-monitoring.yaml"}
    line = suggestions(checked)["content/articles/wire/imf-monitoring.yaml"]
    assert f"same_as: {NOTE_FR}" in line and "speaker or organisation" in line
    assert also_reported_by(site, NOTE_FR) == []


def test_two_remarks_in_two_languages_that_share_only_a_hyphenated_name_are_not_suggested(checked) -> None:
    """'Notre-Dame' is one name, not the two words 'Notre' and 'Dame': the name of the place every
    remark of that night has is not enough to suggest that two remarks are one."""
    assert not any(TRAGEDY_EN in line or "en/wire-notre-dame.yaml" in line for line in suggestions(checked).values())


def test_a_suggestion_confirmed_with_same_as_links_the_two_and_is_no_longer_suggested(tmp_path) -> None:
    project = write_project(tmp_path)
    sidecar = project / "content" / "articles" / "fr" / "tva-notre-dame.yaml"
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    data["claims"][0]["same_as"] = REBUILD_EN
    sidecar.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 0 and "tva-notre-dame.yaml" not in "".join(suggestions(result.stderr)), result.stderr
    build(project)
    site = Site(project / "site", project=project)
    assert also_reported_by(site, REBUILD_FR) == [permalink(REBUILD_EN)]


def test_a_long_readout_does_not_make_two_unrelated_statements_one(site) -> None:
    """The readout says the same in other words as each report (each is the other's best), but the
    two reports share nothing: matches in other words are not chained, so none of the three is
    made one statement with another — the analyst links them with same_as if they are."""
    for ref, other in ((PORT_DREDGING, PORT_SAFETY), (PORT_SAFETY, PORT_DREDGING)):
        assert permalink(other) not in also_reported_by(site, ref)
    assert not any({permalink(PORT_DREDGING), permalink(PORT_SAFETY)} <= links for links, _ in discrepancies(site))
    assert also_reported_by(site, PORT_READOUT) == []


def test_a_long_readout_is_one_statement_with_the_closest_statement_of_another_article_only(site) -> None:
    text = section_of(site, (RAIL_READOUT, RAIL_EXTENDED))
    assert "credited to different speakers" in text and "matched in other words: both say" in text
    assert also_reported_by(site, RAIL_STUDENTS) == []
    assert also_reported_by(site, RAIL_READOUT) == [permalink(RAIL_EXTENDED)]


def test_an_edit_that_takes_away_a_link_in_other_words_joins_what_it_kept_apart(tmp_path) -> None:
    """Built, then one report of the readout reworded so that it no longer says the same, and built
    again from the recorded state: the readout and the other report are now one statement, as a
    build from nothing makes them."""
    project = write_project(tmp_path / "edited")
    build(project)
    text = project / "content" / "articles" / "weekly" / "port-safety.md"
    sidecar = text.with_suffix(".yaml")
    quote = "We will publish the safety report on the harbour before the summer holidays"
    text.write_text(text.read_text(encoding="utf-8").replace(quote, "Ships must wait for the tide"), encoding="utf-8")
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace(quote, "Ships must wait for the tide"), encoding="utf-8")
    build(project)
    edited = Site(project / "site", project=project)
    assert also_reported_by(edited, PORT_READOUT) == [permalink(PORT_DREDGING)]
    section_of(edited, (PORT_READOUT, PORT_DREDGING))
    fresh = tmp_path / "fresh"
    shutil.copytree(project / "content", fresh / "content")
    shutil.copy(project / "briefgen.yaml", fresh / "briefgen.yaml")
    build(fresh)
    assert discrepancies(Site(fresh / "site", project=fresh)) == discrepancies(edited)


def test_a_remark_is_the_same_as_the_remark_given_apart_not_the_readout_that_quotes_it(site) -> None:
    """The readout's words contain the remark, but the readout's article gives the remark apart too:
    the remark of the other outlet is that one, and no outlet is said to credit it to the spokesman."""
    assert also_reported_by(site, BLOOD) == [permalink(BLOOD_APART)]
    assert also_reported_by(site, PALACE_READOUT) == []
    assert not any(permalink(PALACE_READOUT) in links for links, _ in discrepancies(site))


def test_a_remark_shortened_with_a_few_words_of_its_own_is_the_same_statement(site) -> None:
    """Most of the shortened quote is a run of the whole one's words: though its article quotes the
    remark whole as well, the shortened quote is one statement with both."""
    assert sorted(also_reported_by(site, VIDAL_DAILY)) == sorted(map(permalink, (VIDAL_WHOLE, VIDAL_SHORTENED)))
    text = section_of(site, (VIDAL_WHOLE, VIDAL_SHORTENED, VIDAL_DAILY))
    assert "quoted in different words" in text and "credited to different speakers" not in text


def test_a_short_remark_inside_another_speakers_readout_is_words_he_quotes_not_a_disagreement(site) -> None:
    """Four words of the minister's inside her spokesman's readout: he quotes her; no source
    credits her words to him, and readers are not told the sources disagree."""
    assert also_reported_by(site, MOTTO) == [] and also_reported_by(site, MOTTO_READOUT) == []
    assert not any(permalink(MOTTO) in links for links, _ in discrepancies(site))


def test_crediting_the_readout_to_the_minister_makes_her_remark_one_statement_with_it(tmp_path) -> None:
    """Built, then the readout's sidecar credits it to the minister herself (its words unchanged)
    and built again from the recorded state: the remark is an excerpt of her readout, one
    statement, as a build from nothing makes it."""
    project = write_project(tmp_path / "edited")
    build(project)
    sidecar = project / "content" / "articles" / "wire" / "motto-readout.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("education-spokesman", "minister-dunne"),
                       encoding="utf-8")
    build(project)
    edited = Site(project / "site", project=project)
    assert also_reported_by(edited, MOTTO) == [permalink(MOTTO_READOUT)]
    fresh = tmp_path / "fresh"
    shutil.copytree(project / "content", fresh / "content")
    shutil.copy(project / "briefgen.yaml", fresh / "briefgen.yaml")
    build(fresh)
    assert also_reported_by(Site(fresh / "site", project=fresh), MOTTO) == [permalink(MOTTO_READOUT)]


def test_two_excerpts_of_one_statement_that_overlap_are_one_statement(site) -> None:
    """One outlet quotes the start of the mayor's sentence, another its end; the end of the first is
    the start of the second (ten words, half the shorter): one statement, each quote with words of
    its own, credited to one speaker."""
    assert also_reported_by(site, BRIDGE_CLOSED) == [permalink(BRIDGE_FERRY)]
    assert also_reported_by(site, BRIDGE_FERRY) == [permalink(BRIDGE_CLOSED)]
    text = section_of(site, (BRIDGE_CLOSED, BRIDGE_FERRY))
    assert "quoted in different words" in text and "credited to different speakers" not in text


def test_a_report_of_one_clause_of_a_long_readout_with_words_of_its_own_is_the_same_statement(site) -> None:
    """The report shares with the readout as a whole too few of its terms (the readout says two
    more things, the report adds why), but says what the readout's first clause says."""
    assert also_reported_by(site, HARBOUR_WALL) == [permalink(COUNCIL_PLANS)]
    text = section_of(site, (COUNCIL_PLANS, HARBOUR_WALL))
    assert "matched in other words: both say" in text and "“harbour”" in text


def test_a_note_quoted_whole_and_reported_piece_by_piece_is_one_statement(site) -> None:
    """One outlet quotes the note whole; another gives one sentence of it word for word and reports
    a clause of another in other words: both pieces are the note."""
    assert sorted(also_reported_by(site, CLINIC_NOTE)) == sorted(map(permalink, (CLINIC_EXTENSION, CLINIC_STORY)))
    assert permalink(CLINIC_NOTE) in also_reported_by(site, CLINIC_EXTENSION)
    text = section_of(site, (CLINIC_NOTE, CLINIC_EXTENSION, CLINIC_STORY))
    assert "a direct quote in one source, a paraphrase in another" in text
