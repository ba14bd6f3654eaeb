"""`briefgen import` with an empty registry (a cold import): the speaker must be found in the text itself, on short
texts shaped like the real articles of benchmarks/real/ where a cold import missed who speaks (issue 17). Where the
text does not establish a speaker, nobody is credited. Each runs the CLI on a temp project and reads the sidecar
and experts.yaml it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_import_real_world import imported, project  # noqa: F401  (project is a fixture)

# A definite role alone ('le ministre'), the text spelling that role out in full elsewhere ('le ministre de la
# Santé'), or naming nobody with any title: the role is the speaker, flagged for review
DEFINITE_ROLE_ALONE = {
    "fr": ("Trois centres fermés\n\nTrois centres d'accueil seront fermés d'ici l'été, a annoncé le ministre lors "
           "d'un point presse. Il s'est dit « convaincu que d'autres fermetures suivront ».\n\n« Nous n'avons pas le "
           "choix, le budget ne le permet plus », a ajouté le ministre de la Santé.\n",
           "le-ministre-de-la-sante", ["paraphrase", "direct", "direct"]),
    "en": ("Ferry service to resume\n\nThe ferry service to the islands will resume next month, the minister said "
           "on Friday. \"We have repaired the engines and trained new crews,\" she added.\n",
           "the-minister", ["paraphrase", "direct"]),
    "de": ("Schulen bleiben geschlossen\n\nDie Schulen bleiben bis Montag geschlossen, sagte der Minister am Abend. "
           "Die Lage werde täglich neu bewertet.\n", "der-minister", ["paraphrase", "paraphrase"]),
}


@pytest.mark.parametrize("language", sorted(DEFINITE_ROLE_ALONE))
def test_a_definite_role_alone_is_the_role_the_text_gives_it(project: Path, language: str) -> None:  # noqa: F811
    # '…, a déclaré le ministre lors d'une conférence de presse. Il s'est dit «certain …» … », a encore déclaré le
    # ministre de l'Intérieur.' (Sputnik): nobody named, the role in the text's words is the speaker
    text, role, kinds = DEFINITE_ROLE_ALONE[language]
    claims, registry, _ = imported(project, text, "--language", language)
    assert [(speaker, kind) for speaker, kind, _ in claims] == [(role, kind) for kind in kinds], claims
    experts = (project / "content" / "experts.yaml").read_text(encoding="utf-8")
    assert f"{role}:  # review: named by a role only" in experts


def test_a_definite_role_alone_that_may_be_either_of_two_is_nobody(project: Path) -> None:  # noqa: F811
    two_ministers = DEFINITE_ROLE_ALONE["fr"][0].replace(
        "lors d'un point presse.", "lors d'un point presse. Le ministre des Finances était présent.")
    claims, _, _ = imported(project, two_ministers, "--language", "fr")
    assert claims == [("le-ministre-de-la-sante", "direct", "Nous n'avons pas le choix, le budget ne le permet plus")], \
        claims


def test_a_definite_role_alone_is_the_one_the_text_gives_that_title(project: Path) -> None:  # noqa: F811
    # 'The chancellor sought to reassure City investors …' (ITV), Chancellor Kwasi Kwarteng named before
    text = ("Budget plan stays\n\nChancellor Mark Dunne met investors on Monday.\n\nThe plan will not change, "
            "the chancellor said after the meeting.\n")
    assert imported(project, text, "--language", "en")[0] == [("mark-dunne", "paraphrase", "The plan will not change")]
