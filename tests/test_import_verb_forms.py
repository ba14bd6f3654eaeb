"""`briefgen import` knows a language's verbs of saying in all the forms news uses (issue 17): each table
gives the verbs as infinitives and the suffix rules that make their third-person forms — singular and
plural, past, present, perfect with its auxiliary, imperfect — so a form no list spelled out is read too
('recalcaba', 'ha reivindicado', 'puntualizaron'; 'a réitéré', 'tempère'; 'entgegnete', 'bemängelten';
'maintains', 'reckon'). A form that is more often another word is left out on purpose ('comunicado',
'report'). Each runs the CLI on a temp project, as test_import_real_world does."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_real_world import imported, project  # noqa: F401 (a fixture)

SPANISH = """\
La alcaldesa defiende el tranvía

La alcaldesa de Valdoria, Marta Iriarte, recalcaba este lunes que el tranvía estará listo antes del verano.

Iriarte ha reivindicado que la ciudad necesita el tranvía.

"Las obras no se van a parar", puntualizaron Jon Sáez y Ana Gil, concejales de la oposición.
"""

PORTUGUESE = """\
Prefeita defende o bonde

A prefeita de Valdora, Marta Irineu, frisa que o bonde estará pronto antes do verão.

"O projeto não tem volta e os moradores sabem disso", salientava Irineu.

Os vereadores Paulo Reis e Ana Lima sublinharam que as obras durariam mais um ano.
"""

FRENCH = """\
Le maire défend la piscine

Le maire de Cerville, Paul Annequin, a réitéré mardi que la piscine ouvrirait au printemps.

« Nous tiendrons nos engagements envers toutes les familles », tempère Paul Annequin.

Les adjoints Luc Marin et Rose Dubois soulignaient que les travaux coûteraient moins que prévu.
"""

GERMAN = """\
Bürgermeisterin verteidigt Radwege

Bürgermeisterin Jana Kröger entgegnete am Montag, die Radwege würden die Innenstadt sicherer machen.

„Wir bauen weiter, Strecke für Strecke“, erwiderte Kröger.

Die Stadträte Tom Berg und Lea Wolf bemängelten, die Stadt plane zu wenig.
"""

ENGLISH = """\
Union backs the strike

Union leader Maria Kent maintains that the strike will go ahead on Monday.

"We have waited long enough for a fair offer," Kent reckons.

Shop stewards Joe Hill and Ann Lee affirm that the members voted for it.
"""


@pytest.mark.parametrize("text, singular, plural", [
    (SPANISH, [("marta-iriarte", "paraphrase", "el tranvía estará listo antes del verano"),
               ("marta-iriarte", "paraphrase", "la ciudad necesita el tranvía")],
     [("direct", "Las obras no se van a parar")]),
    (PORTUGUESE, [("marta-irineu", "paraphrase", "o bonde estará pronto antes do verão"),
                  ("marta-irineu", "direct", "O projeto não tem volta e os moradores sabem disso")],
     [("paraphrase", "as obras durariam mais um ano")]),
    (FRENCH, [("paul-annequin", "paraphrase", "la piscine ouvrirait au printemps"),
              ("paul-annequin", "direct", "Nous tiendrons nos engagements envers toutes les familles")],
     [("paraphrase", "les travaux coûteraient moins que prévu")]),
    (GERMAN, [("jana-kroger", "paraphrase", "die Radwege würden die Innenstadt sicherer machen"),
              ("jana-kroger", "direct", "Wir bauen weiter, Strecke für Strecke")],
     [("paraphrase", "die Stadt plane zu wenig")]),
    (ENGLISH, [("maria-kent", "paraphrase", "the strike will go ahead on Monday"),
               ("maria-kent", "direct", "We have waited long enough for a fair offer")],
     [("paraphrase", "the members voted for it")]),
], ids=["es", "pt", "fr", "de", "en"])
def test_verb_forms_no_list_spelled_out_are_read(project: Path, text: str, singular: list, plural: list) -> None:
    """Preterite, imperfect, present and perfect forms in the singular, and a plural (two speakers: whom
    the claim is credited to is not asked here, only that it is found)."""
    claims, _, _ = imported(project, text)
    found = [(s, k, q.rstrip(".")) for s, k, q in claims]
    assert found[:len(singular)] == singular, claims
    assert [(k, q) for _, k, q in found[len(singular):]] == plural, claims


@pytest.mark.parametrize("text", [
    "El ministro responde\n\nEl ministro Pablo Ortega envió un comunicado que nadie leyó en la sede del partido.\n",
    "O ministro responde\n\nO ministro Paulo Ortega enviou um comunicado que ninguém leu na sede do partido.\n",
    "Le maire répond\n\nLe maire Paul Annequin a entendu la critique que les habitants ont faite.\n",
    "The mayor replies\n\nMayor Ana Ruiz read the report that the council had written.\n",
], ids=["es comunicado", "pt comunicado", "fr critique", "en report"])
def test_a_form_left_out_on_purpose_is_no_verb(project: Path, text: str) -> None:
    """'comunicado' (of 'comunicar'), 'critique' (of 'critiquer'), 'report' (the plural present of 'report')
    are more often nouns: the tables leave them out (verbs_left_out), so a noun and a "that" after it
    report nothing."""
    claims, _, _ = imported(project, text)
    assert claims == []
