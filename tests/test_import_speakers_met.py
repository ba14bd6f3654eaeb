"""`briefgen import` on short texts shaped like the real articles of benchmarks/real/ where a first import
(an empty registry) missed who speaks (issue 17, point 5): each runs the CLI on a temp project and reads the
sidecar and experts.yaml it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_import_real_world import imported, project  # noqa: F401  (project is a fixture)

FIRST_NAME_A_MONTH = """\
Staatssekretär warnt vor Anschlägen

Im Interview sprach der Staatssekretär im Innenministerium, August Kessler, über die Lage.

Kessler hatte dem Sender gesagt: "Wir müssen mit Anschlägen rechnen, aber alle Behörden sind vorbereitet."
"""

SURNAME_A_MONTH = """\
Prime minister sets a date

Britain will leave the bloc in March, Prime Minister Helen May said on 20 May. "We will not wait any longer \
than that," May told reporters.
"""

ROLE_AFTER_THE_VERB = """\
Polizei sucht Mann in Ministerium

Der Mann soll sich noch in dem Gebäude befinden, erklärte ein Sprecher der Polizei am Abend. Er sei dunkel gekleidet.
"""

ROLE_NAMED_FURTHER_ON = """\
Group stays out of talks

The group is not involved in the talks, the chief executive said on Wednesday.

“We are not involved,” CEO Anna Berg told shareholders.
"""

ROLE_NAMED_BEFORE = """\
Le gouvernement répond

Le porte-parole du gouvernement, Marc Roux, était à Lyon.

Aucune hausse d'impôt n'est prévue, a assuré le porte-parole du gouvernement.
"""

OPENING_MARK_LEFT_OUT = """\
Minister: Wir klären alles auf

Wir werden alles aufklären.“ So reagierte der Minister auf den Vorfall. „Die Behörden sind in Bereitschaft, \
Maßnahmen wurden hochgefahren“, so Innenminister Karl Weber. Derzeit werde ein Verdächtiger vernommen.
"""

A_PARAGRAPH_NAMING_NOBODY_BETWEEN = """\
La alcaldesa confirma las fechas del Carnaval

La alcaldesa de Veracruz, Patricia Lobeira, afirmó que hubo pocos daños por el frente frío.

En entrevista, invitó a la gente a asistir a la fiesta más importante del año.

“La fecha ya no va a poder cambiar durante mi administración”, manifestó.
"""

AN_INSTITUTION_AFTER_ITS_ARTICLE = """\
Le FMI critique le plan

Les baisses d'impôts envisagées par le gouvernement "vont probablement augmenter les inégalités", s'inquiète le \
Fonds monétaire international.

"Il est important que la politique budgétaire reste prudente", écrit aussi le FMI dans sa note.
"""

QUOTED_WORDS_WITH_THE_SUBJECT_LEFT_OUT = """\
El ministerio minimiza la filtración

Fuentes del Ministerio de Hacienda aseguraron que "no hubo ningún error" en el proceso. Sin embargo, calificaron \
como "grave" la filtración.
"""

A_LONG_SENTENCE_OPENS_THE_QUOTE = """\
Le ministre se corrige

Première prise de parole du ministre des Anciens combattants, Paul Ravel, dans l'hémicycle, pour annoncer la \
bonne nouvelle sauf que, quelques instants plus tard, le même Paul Ravel est obligé de rectifier :

« Je m'étais exprimé tout à l'heure. Il n'y a pas, pour le moment, de confirmation officielle ».
"""

ONLY_CIRCUMSTANCES_BEFORE_THE_VERB = """\
El ministro descarta cambios

El ministro de Cultura, Alejandro Ruiz, señaló que el nuevo gabinete jurará el lunes.

Además, en diálogo con Radio Sur dijo que no le sorprendió la renuncia del ministro de Agricultura.
"""


def test_a_month_beside_another_name_is_a_name_and_a_date_is_not(project: Path) -> None:  # noqa: F811
    # '… mit dem Staatssekretär im Bundesinnenministerium, August Hanning, … Hanning hatte … gesagt: "…"'
    # (Der Tagesspiegel): "August" is his first name here, as "May" is Theresa May's; "20 May" is a date
    claims, registry, _ = imported(project, FIRST_NAME_A_MONTH)
    assert claims == [("august-kessler", "direct",
                       "Wir müssen mit Anschlägen rechnen, aber alle Behörden sind vorbereitet.")], claims
    assert registry["august-kessler"]["name"] == "August Kessler"
    assert imported(project, SURNAME_A_MONTH)[0] == [
        ("helen-may", "paraphrase", "Britain will leave the bloc in March"),
        ("helen-may", "direct", "We will not wait any longer than that")]


def test_a_speaker_brought_in_by_a_role_alone_is_that_role_flagged_for_review(project: Path) -> None:  # noqa: F811
    # '…, erklärte ein Sprecher der Polizei am späten Montagabend. Er sei dunkel gekleidet.' (Berliner Morgenpost):
    # nobody is named, the text's own words for the speaker are the speaker, for an editor to check
    claims, registry, _ = imported(project, ROLE_AFTER_THE_VERB)
    assert claims == [("ein-sprecher-der-polizei", "paraphrase", "Der Mann soll sich noch in dem Gebäude befinden"),
                      ("ein-sprecher-der-polizei", "paraphrase", "Er sei dunkel gekleidet")], claims
    assert registry["ein-sprecher-der-polizei"]["name"] == "ein Sprecher der Polizei"
    assert "aliases" not in registry["ein-sprecher-der-polizei"]  # not "Polizei": the police is someone else
    experts = (project / "content" / "experts.yaml").read_text(encoding="utf-8")
    assert "ein-sprecher-der-polizei:  # review: named by a role only" in experts


# A role brought in after the verb in each language, what it is of in its words, then when it spoke: the role
# is the speaker up to what it is of, never the day ('el martes' had become part of a Spanish speaker's name)
ROLES_IN_EACH_LANGUAGE = {
    "en": ("Council delays the bridge vote\n\nThe vote on the new bridge will wait until the spring, a spokesman "
           "for the council said on Tuesday. \"We need more time to read the report,\" he said.\n",
           "a-spokesman-for-the-council"),
    "fr": ("La mairie reporte le vote sur le pont\n\nLe vote sur le nouveau pont attendra le printemps, a déclaré "
           "un porte-parole de la mairie mardi. « Nous avons besoin de plus de temps pour lire le rapport », "
           "a-t-il ajouté.\n", "un-porte-parole-de-la-mairie"),
    "es": ("El ayuntamiento aplaza la votación del puente\n\nLa votación sobre el nuevo puente esperará hasta la "
           "primavera, dijo un portavoz del ayuntamiento el martes. \"Necesitamos más tiempo para leer el "
           "informe\", añadió.\n", "un-portavoz-del-ayuntamiento"),
    "pt": ("Prefeitura adia votação da ponte\n\nA votação sobre a nova ponte vai esperar até a primavera, disse "
           "um porta-voz da prefeitura na terça-feira. \"Precisamos de mais tempo para ler o relatório\", "
           "acrescentou.\n", "um-porta-voz-da-prefeitura"),
}


@pytest.mark.parametrize("language", sorted(ROLES_IN_EACH_LANGUAGE))
def test_a_role_is_the_speaker_with_what_it_is_of_and_not_when_it_spoke(project: Path, language: str) -> None:  # noqa: F811
    text, role = ROLES_IN_EACH_LANGUAGE[language]
    claims, registry, _ = imported(project, text, "--language", language)
    assert [(speaker, kind) for speaker, kind, _ in claims] == [(role, "paraphrase"), (role, "direct")], claims
    experts = (project / "content" / "experts.yaml").read_text(encoding="utf-8")
    assert f"{role}:  # review: named by a role only" in experts
    assert "aliases" not in registry[role]


def test_a_role_that_may_stand_for_someone_named_elsewhere_is_no_new_speaker(project: Path) -> None:  # noqa: F811
    # 'Thales is not involved …, the chief executive of Europe’s largest defence electronics group said'
    # (Reuters), its CEO named only further on: a definite article and a title alone make no speaker, nor does
    # a title the text gives a name
    assert imported(project, ROLE_NAMED_FURTHER_ON)[0] == [("anna-berg", "direct", "We are not involved")]
    assert [c[0] for c in imported(project, ROLE_NAMED_BEFORE)[0]] in ([], ["marc-roux"])


def test_a_quote_whose_opening_mark_was_left_out_ends_at_its_closing_mark(project: Path) -> None:  # noqa: F811
    # 'Wir werden nicht eher ruhen bis das vollständig aufgeklärt ist.“ Das ist die Ansage, … „Die
    # Sicherheitsbehörden … hochgefahren“, so de Maizière.' (Business Insider): the first “ closes, it opens
    # nothing; read as an opening mark it had swallowed the next quote and hidden its speaker
    claims, _, _ = imported(project, OPENING_MARK_LEFT_OUT)
    assert claims == [("karl-weber", "direct", "Die Behörden sind in Bereitschaft, Maßnahmen wurden hochgefahren"),
                      ("karl-weber", "paraphrase", "Derzeit werde ein Verdächtiger vernommen")], claims


def test_a_paragraph_that_names_nobody_goes_on_about_who_spoke_last(project: Path) -> None:  # noqa: F811
    # '… Patricia Lobeira, afirmó que … / En entrevista, … invitó a la gente … / “…”, manifestó.' (Abriendo
    # Brecha): a quote two paragraphs on is hers, the paragraph between speaks of nobody else
    claims, _, _ = imported(project, A_PARAGRAPH_NAMING_NOBODY_BETWEEN)
    assert claims == [("patricia-lobeira", "paraphrase", "hubo pocos daños por el frente frío"),
                      ("patricia-lobeira", "direct",
                       "La fecha ya no va a poder cambiar durante mi administración")], claims
    someone_between = A_PARAGRAPH_NAMING_NOBODY_BETWEEN.replace("invitó a la gente", "el gobernador Luis Roca invitó "
                                                                "a la gente")
    assert [c[0] for c in imported(project, someone_between)[0]] == ["patricia-lobeira"]


def test_a_name_after_the_article_that_opens_the_attribution_is_a_name(project: Path) -> None:  # noqa: F811
    # '…, s'inquiète le Fonds monétaire international.', '…, écrit aussi le FMI' (RTBF): "le" is an article
    # here, not a name's particle ('Le Pen'); the one word capitalised is the speaker, flagged for its full name
    claims, registry, _ = imported(project, AN_INSTITUTION_AFTER_ITS_ARTICLE)
    assert ("fonds", "direct", "vont probablement augmenter les inégalités") in claims, claims
    assert registry["fonds"]["name"] == "Fonds"
    assert claims[-1] == ("fmi", "direct", "Il est important que la politique budgétaire reste prudente"), claims


def test_quoted_words_in_a_sentence_whose_subject_is_left_out_are_of_who_spoke_last(project: Path) -> None:  # noqa: F811
    # '«Se ha tomado como un chascarrillo», insistieron las mismas fuentes … Sin embargo, calificaron como "un
    # hecho grave" la filtración.' (Diario Siglo XXI): a sentence about nobody else, its verb's subject left out
    claims, _, _ = imported(project, QUOTED_WORDS_WITH_THE_SUBJECT_LEFT_OUT)
    assert claims[-1] == ("fuentes-del-ministerio-de-hacienda", "direct", "grave"), claims


def test_a_long_sentence_ending_with_a_colon_opens_the_next_paragraphs_quote(project: Path) -> None:  # noqa: F811
    # '…, quelques instants plus tard, le même Kader Arif est obligé de rectifier : / « Je m’étais exprimé … »'
    # (PressAfrik): the sentence before the colon is over 160 characters; its last part names the speaker
    claims, _, _ = imported(project, A_LONG_SENTENCE_OPENS_THE_QUOTE)
    assert claims == [("paul-ravel", "direct", "Je m'étais exprimé tout à l'heure. Il n'y a pas, pour le moment, "
                                               "de confirmation officielle")], claims


def test_only_connectives_and_circumstances_before_the_verb_leave_its_subject_out(project: Path) -> None:  # noqa: F811
    # 'Además, en diálogo con Radio Nacional dijo que no le sorprendió …' (Trome): no subject before the verb,
    # so it is who the text is about, not the radio
    claims, _, _ = imported(project, ONLY_CIRCUMSTANCES_BEFORE_THE_VERB)
    assert claims == [("alejandro-ruiz", "paraphrase", "el nuevo gabinete jurará el lunes"),
                      ("alejandro-ruiz", "paraphrase", "no le sorprendió la renuncia del ministro de Agricultura")]
