"""Reported speech `briefgen import` must read the way the press writes it: a verb with its own
preposition before the clause ("informó de que …", "insistieron en que …"), a verb whose subject is
left out right after a quote ('… "nada", ha insistido en que "…"'), and German reported speech
(Konjunktiv I) running on into the next paragraph. Each runs the CLI on a temp project."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_import_real_world import imported, project  # noqa: F401  (a fixture)

SPANISH_REGISTRY = "marta-iriarte:\n  name: Marta Iriarte\n  aliases: [Iriarte]\n"

SPANISH_PREPOSITION = """\
La alcaldesa defiende el tranvía

La alcaldesa de Valdoria, Marta Iriarte, habló este lunes con la prensa sobre el nuevo tranvía.

"El proyecto no tiene marcha atrás y los vecinos lo saben", dijo Iriarte.

Asimismo, informó de que las obras del segundo tramo empezarán en otoño y que el presupuesto está garantizado.
"""

SPANISH_LEFT_OUT = """\
La alcaldesa defiende el tranvía

La alcaldesa de Valdoria, Marta Iriarte, habló este lunes con la prensa sobre el nuevo tranvía.

"El proyecto no tiene marcha atrás y los vecinos lo saben", dijo Iriarte.

Tras aclarar que el Gobierno no había hablado de cancelarlo, y que por tanto no podía "adelantar nada", ha insistido en que "es evidente que las obras del segundo tramo empezarán en otoño".
"""

GERMAN_RUNS_ON = """\
Bürgermeisterin verteidigt die Straßenbahn

„Die Straßenbahn kommt, daran gibt es nichts zu rütteln“, sagte Bürgermeisterin Karin Albers am Montag in Erfurt.

Das Geld dafür sei im Haushalt bereits fest eingeplant. Der Stadtrat stimmt am Donnerstag über den Bau ab.

Die Opposition kritisiert die Kosten seit Monaten.

Die Ausschreibung werde im Frühjahr veröffentlicht.
"""


def test_a_verb_with_its_own_preposition_before_the_clause(project: Path) -> None:  # noqa: F811
    claims, _, _ = imported(project, SPANISH_PREPOSITION, experts=SPANISH_REGISTRY)
    said = [(speaker, kind) for speaker, kind, quote in claims if quote.startswith("las obras del segundo tramo")]
    assert said == [("marta-iriarte", "paraphrase")], claims


def test_a_verb_after_a_quote_and_a_comma_has_its_subject_left_out(project: Path) -> None:  # noqa: F811
    claims, _, _ = imported(project, SPANISH_LEFT_OUT, experts=SPANISH_REGISTRY)
    assert ("marta-iriarte", "direct", "es evidente que las obras del segundo tramo empezarán en otoño") in claims, claims
    assert not [c for c in claims if c[2].startswith("Tras aclarar")], claims  # ', ha insistido en que' names nobody


def test_german_reported_speech_runs_on_into_the_next_paragraph(project: Path) -> None:  # noqa: F811
    claims, _, _ = imported(project, GERMAN_RUNS_ON, experts="karin-albers:\n  name: Karin Albers\n")
    assert ("karin-albers", "paraphrase", "Das Geld dafür sei im Haushalt bereits fest eingeplant") in claims, claims
    # the reporter's own sentences (indicative), and reported speech after them, that the text credits to nobody
    assert [c[2] for c in claims if c[1] == "paraphrase"] == ["Das Geld dafür sei im Haushalt bereits fest eingeplant"]


def test_german_indicative_with_the_letters_of_a_subjunctive_is_no_reported_speech(project: Path) -> None:  # noqa: F811
    """'wurden' (they were) is no 'würden', 'hatten' no 'hätten': umlauts tell the moods apart."""
    text = GERMAN_RUNS_ON.replace("Das Geld dafür sei im Haushalt bereits fest eingeplant.",
                                  "Am Montag wurden die ersten Schienen verlegt.")
    claims, _, _ = imported(project, text, experts="karin-albers:\n  name: Karin Albers\n")
    assert [c[1] for c in claims] == ["direct"], claims


SPANISH_JOINED = """\
La alcaldesa defiende el tranvía

La alcaldesa de Valdoria, Marta Iriarte, habló este lunes con la prensa sobre el nuevo tranvía.

"El proyecto no tiene marcha atrás y los vecinos lo saben", dijo Iriarte.

Respecto de la denuncia de la Asociación Vecinal Norte, dijo que no ha recibido ningún escrito y que, incluso, está dispuesta a reunirse con sus portavoces.
"""

PORTUGUESE_ACCORDING = """\
Prefeitura nega atraso nas obras do metrô

A Prefeitura de Vale Claro divulgou uma nota nesta segunda-feira sobre as obras do metrô.

De acordo com a nota, as obras estão dentro do prazo e que o consórcio pediu mais 60 dias para a segunda fase.
"""


def test_a_phrase_opened_by_a_compound_preposition_leaves_the_subject_out(project: Path) -> None:  # noqa: F811
    claims, _, _ = imported(project, SPANISH_JOINED, experts=SPANISH_REGISTRY)
    reported = [c for c in claims if c[1] == "paraphrase"]
    assert reported == [("marta-iriarte", "paraphrase", "no ha recibido ningún escrito"),
                        ("marta-iriarte", "paraphrase", "incluso, está dispuesta a reunirse con sus portavoces")], claims


def test_a_bare_and_that_splits_only_a_clause_a_verb_of_saying_opened(project: Path) -> None:  # noqa: F811
    claims, _, _ = imported(project, PORTUGUESE_ACCORDING)
    reported = [quote for _, kind, quote in claims if kind == "paraphrase"]
    assert reported == ["as obras estão dentro do prazo e que o consórcio pediu mais 60 dias para a segunda fase"], claims


ENGLISH_ASKED = """\
Watchdog warns harbour board

The Harbour Watchdog said on Monday it was “watching closely” the port's accounts and urged the board to “publish every contract”.
"""

SPANISH_ASKED = """\
La alcaldesa responde a la oposición

Asimismo, Iriarte se refirió a la moción de censura que prepara la oposición y exhortó a los concejales a "leer el proyecto".
"""

PORTUGUESE_INFINITIVE_THEN_THAT = """\
Prefeita defende o metrô

A prefeita Ana Lima disse esperar "com calma" a decisão do tribunal, mas sublinhou que as obras continuam dentro do prazo.
"""


@pytest.mark.parametrize("text, experts, expected", [
    # 'the IMF said it was “closely monitoring” developments and urged Mr Kwarteng to “re-evaluate the tax measures”'
    # (ITV): what was asked for is the asker's, who is the subject of the sentence's first verb
    (ENGLISH_ASKED, "harbour-watchdog:\n  name: Harbour Watchdog\n  kind: organization\n",
     ("harbour-watchdog", "direct", "publish every contract")),
    # 'exhortó a los congresistas de la República a "informarse más"' (Panamericana), after a relative "que"
    (SPANISH_ASKED, SPANISH_REGISTRY, ("marta-iriarte", "direct", "leer el proyecto")),
], ids=["en-and-urged", "es-exhorto"])
def test_the_words_someone_asked_for_are_the_askers(project: Path, text: str, experts: str, expected: tuple) -> None:  # noqa: F811
    claims, _, _ = imported(project, text, experts=experts)
    assert expected in claims, claims


def test_an_infinitive_clause_before_a_that_clause_is_a_claim_too(project: Path) -> None:  # noqa: F811
    # 'António Costa disse esperar "serenamente" pela decisão de Bruxelas, mas sublinhou que Portugal fez …' (RTP)
    claims, _, _ = imported(project, PORTUGUESE_INFINITIVE_THEN_THAT, experts="ana-lima:\n  name: Ana Lima\n")
    reported = [quote for speaker, kind, quote in claims if kind == "paraphrase" and speaker == "ana-lima"]
    assert reported == ['esperar "com calma" a decisão do tribunal', "as obras continuam dentro do prazo"], claims


def test_a_phrase_a_preposition_opens_is_no_reported_clause(project: Path) -> None:  # noqa: F811
    # 'How Donald Trump responds to British petition to ban him', 'The Trump Organization … responded with threats
    # and lessons in morality on Tuesday' (CS Monitor): what follows the verb is no clause anyone said
    text = ("How the mayor responds to the petition against the levy\n\nMayor Dana Roy responded with a long "
            "letter on Tuesday, after the council announced a vote on the levy.\n\nThe council has accused Roy of "
            "hiding the costs of the new harbour.\n")
    claims, _, _ = imported(project, text, experts="dana-roy:\n  name: Dana Roy\n")
    assert [c for c in claims if c[0] == "dana-roy"] == [], claims


def test_a_pronoun_object_or_a_request_is_no_reported_clause(project: Path) -> None:  # noqa: F811
    # 'Fahmi said this to the media when met after …'; 'He urged opposition politicians to stop issuing statements
    # that will confuse the public' (Harapan Daily): neither "this to the media" nor "will confuse the public" was said
    text = ("Mayor rejects rumours\n\nMayor Dana Roy said the rumours about the port were false. Roy said this to the "
            "media after a council meeting. She urged the councillors to stop issuing statements that will confuse "
            "the public.\n")
    claims, _, _ = imported(project, text, experts="dana-roy:\n  name: Dana Roy\n")
    quotes = [quote for _, _, quote in claims]
    assert "the rumours about the port were false" in quotes, claims
    assert not [q for q in quotes if q.startswith("this to") or q.startswith("will confuse")], claims


@pytest.mark.parametrize("text, experts, unwanted", [
    # 'Catalan lawmakers sharply escalated the political crisis …, with Madrid immediately vowing to …' (Peninsula)
    ("Port strike spreads\n\nDock workers stopped work in three more ports, with Valdoria immediately vowing to "
     "open talks.\n", "valdoria:\n  name: Valdoria\n  kind: organization\n", "Dock workers stopped work"),
    # 'Moskau hatte Schockenhoff … abgelehnt und erklärt, der CDU-Politiker habe sich mehrfach verleumderisch
    # geäußert.' (LKZ): the verb at the end belongs to the reported clause
    ("Streit um Beauftragten\n\nDie Stadt hatte den Beauftragten abgelehnt und erklärt, der Politiker habe sich "
     "mehrfach abfällig geäußert.\n", "karin-albers:\n  name: Karin Albers\n", "Die Stadt hatte den Beauftragten"),
    # 'O porta-voz da Presidência da República, general Rêgo Barros, disse nesta terça-feira, 23, que …' (A Crítica)
    ("Porta-voz fala\n\nO porta-voz da prefeitura, Rui Pedrosa, disse nesta terça-feira, 23, que as obras seguem.\n",
     "rui-pedrosa:\n  name: Rui Pedrosa\n", "O porta-voz da prefeitura"),
], ids=["en-with-absolute", "de-clause-final-verb", "pt-date-before-que"])
def test_a_trailing_verb_that_is_no_attribution(project: Path, text: str, experts: str, unwanted: str) -> None:  # noqa: F811
    claims, _, _ = imported(project, text, experts=experts)
    assert not [c for c in claims if c[2].startswith(unwanted)], claims


def test_a_verb_joined_by_and_after_other_clauses_has_the_sentences_subject(project: Path) -> None:  # noqa: F811
    # 'Así, el Gobierno salió este viernes de nuevo en defensa de la ministra de Justicia, Dolores Delgado, tras las
    # grabaciones … con el comisario José Villarejo y reafirmó que "…"' (Qué!): the Government, not Villarejo
    text = ("El Gobierno defiende a la ministra\n\nAsí, el Gobierno salió en defensa de la ministra, Marta Iriarte, "
            "tras sus charlas con el empresario Luis Pardo y reafirmó que la ministra seguirá en su puesto.\n")
    registry = "gobierno:\n  name: Gobierno de Valdoria\n  kind: organization\n  aliases: [el Gobierno]\n" + SPANISH_REGISTRY
    claims, _, _ = imported(project, text, experts=registry)
    assert claims == [("gobierno", "paraphrase", "la ministra seguirá en su puesto")], claims


def test_reported_clauses_joined_by_a_comma_and_a_connective_or_although(project: Path) -> None:  # noqa: F811
    # 'negó haber consumido bebidas alcohólicas …, además negó haber sido detenido por la Policía, aunque dijo también
    # que eso debe ser respondido por las autoridades correspondientes' (Radio Fides): three claims
    text = ("La alcaldesa niega la multa\n\nLa alcaldesa de Valdoria, Marta Iriarte, negó haber aparcado en la plaza "
            "mayor, además negó haber recibido una multa, aunque dijo también que eso debe ser aclarado por la policía "
            "local.\n")
    claims, _, _ = imported(project, text, experts=SPANISH_REGISTRY)
    assert [quote for _, _, quote in claims] == ["haber aparcado en la plaza mayor", "haber recibido una multa",
                                                 "eso debe ser aclarado por la policía local"], claims


def test_in_his_view_opens_the_view_of_whom_the_text_is_about(project: Path) -> None:  # noqa: F811
    # 'En su criterio en las redes sociales se está “exagerando” por lo que no lo acepta.' (Radio Fides)
    text = ("La alcaldesa responde\n\nLa alcaldesa de Valdoria, Marta Iriarte, negó haber recibido una multa.\n\n"
            "En su criterio, en las redes sociales se está exagerando el asunto.\n")
    claims, _, _ = imported(project, text, experts=SPANISH_REGISTRY)
    assert ("marta-iriarte", "paraphrase", "en las redes sociales se está exagerando el asunto") in claims, claims


def test_the_question_put_to_a_speaker_is_not_what_they_said(project: Path) -> None:  # noqa: F811
    # 'Interrogado se a ministra da Agricultura tem condições para continuar nas suas funções, …, o primeiro-ministro
    # respondeu com um "sim".' (TSF)
    text = ("Prefeita mantém secretário\n\nInterrogado se o secretário de Obras tem condições para continuar no cargo, "
            "o prefeito Rui Costa respondeu com poucas palavras.\n")
    claims, _, _ = imported(project, text, experts="rui-costa:\n  name: Rui Costa\n")
    assert not [c for c in claims if c[2].startswith("Interrogado")], claims


def test_a_name_apposed_to_the_object_is_not_the_subject(project: Path) -> None:  # noqa: F811
    # 'Así, el Gobierno salió … en defensa de la ministra de Justicia, Dolores Delgado, tras las grabaciones … y
    # reafirmó que' (Qué!), the Government unknown: Delgado is whom it defends, so nobody is credited
    text = ("El Gobierno defiende a la ministra\n\nAsí, el Gobierno salió en defensa de la ministra de Obras, Marta "
            "Iriarte, tras sus charlas con un empresario y reafirmó que la ministra seguirá en su puesto.\n")
    claims, _, _ = imported(project, text, experts=SPANISH_REGISTRY)
    assert not [c for c in claims if c[0] == "marta-iriarte"], claims




