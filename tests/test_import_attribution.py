"""`briefgen import` on the attribution shapes of real news (issue 17, point 2): each case is a short text
shaped like a real article, imported through the CLI into a temp project, and fails if its rule goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import_real_world import imported, project  # noqa: F401  (project is a fixture)

CASES = {
    # a sentence may end before a French opening guillemet and its space; a quote that is a whole sentence
    # is someone's words however short, not a scare quote
    "guillemets-with-spaces": (
        "Le président promet\n\nEmmanuel Macron est arrivé mardi devant la cathédrale. « Nous rebâtirons "
        "Notre-Dame, plus belle encore », a-t-il déclaré. « Nous le pouvons. »\n",
        [("emmanuel-macron", "direct", "Nous rebâtirons Notre-Dame, plus belle encore"),
         ("emmanuel-macron", "direct", "Nous le pouvons.")]),
    # an apposition to the speaker of "selon X, …" is no part of what X said, and may be the name itself;
    # reported speech that is only a quote is that quote, a direct claim
    "apposition-after-according": (
        "Notre-Dame\n\nSelon Anne Hidalgo, la maire de Paris, les dons affluent déjà de toute la France.\n\n"
        "Pour le recteur de la cathédrale, Patrick Chauvet, « c'est un drame pour tous les croyants ».\n",
        [("anne-hidalgo", "paraphrase", "les dons affluent déjà de toute la France"),
         ("patrick-chauvet", "direct", "c'est un drame pour tous les croyants")]),
    # someone brought in after the verb ("said a spokesman") or by "according to" is not the one who spoke before
    "no-left-out-subject-for-a-newcomer": (
        "Budget\n\nMayor Helena Voss said the budget was fair to every school. \"It will close three schools in the "
        "east of the city,\" said a spokesman for the teachers' union. The deficit will halve next year, according "
        "to officials.\n",
        [("helena-voss", "paraphrase", "the budget was fair to every school")]),
    # an article that folds like a preposition ("A" / "à") does not hide the name after it
    "article-is-no-preposition": (
        "Viagem adiada\n\nA Secretaria de Comunicação da Presidência justificou que o adiamento da viagem foi "
        "causado pelo calendário eleitoral do país.\n",
        [("secretaria-de-comunicacao-da-presidencia", "paraphrase",
          "o adiamento da viagem foi causado pelo calendário eleitoral do país")]),
    # "it" stands for the institution that spoke just before
    "it-for-an-institution": (
        "Harbour\n\nThe Harbour Board said on Monday that the north pier would close for repairs. It warned the "
        "repairs would cost more than the council expected.\n",
        [("harbour-board", "paraphrase", "the north pier would close for repairs"),
         ("harbour-board", "paraphrase", "the repairs would cost more than the council expected")]),
    # a French verb with its subject after it: 'a-t-elle réagi', 'tranche-t-il'
    "french-inverted-subject": (
        "Chantier\n\nMarie Dupont a visité le chantier mardi. « Quel courage », a-t-elle réagi."
        "\n\nPaul Martin était là aussi. « Avant l'hiver », tranche-t-il.\n",
        [("marie-dupont", "direct", "Quel courage"), ("paul-martin", "direct", "Avant l'hiver")]),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_who_said_what_in_real_attribution_shapes(project: Path, text: str, expected: list) -> None:  # noqa: F811
    claims, _, _ = imported(project, text)
    assert claims == expected
