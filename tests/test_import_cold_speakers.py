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


# An organisation's name with lower-case words, its acronym in brackets after it: the acronym later stands for it
ACRONYMS = {
    "en": ("Rates may rise\n\nThe pound fell again as the Bank of England (BoE) signalled it was ready to raise "
           "interest rates. \"We will not hesitate to act if prices keep rising,\" the BoE said.\n",
           "Bank of England", ["paraphrase", "direct"]),
    "es": ("El FMI pide prudencia\n\nEl Fondo Monetario Internacional (FMI) publicó su informe anual el martes. El "
           "FMI advirtió que la inflación seguirá alta durante todo el año.\n",
           "Fondo Monetario Internacional", ["paraphrase"]),
    "fr": ("Les militaires promettent des élections\n\nLe Comité pour la transition et la restauration des "
           "institutions (CTRI) a pris le pouvoir mercredi. Le CTRI a assuré que les élections auront lieu dans un "
           "an.\n", "Comité pour la transition et la restauration des institutions", ["paraphrase"]),
}


@pytest.mark.parametrize("language", sorted(ACRONYMS))
def test_an_acronym_in_brackets_stands_for_the_name_before_it(project: Path, language: str) -> None:  # noqa: F811
    # 'The move came as the Bank of England (BoE) signalled it was ready to ramp up interest rates' (ITV)
    text, name, kinds = ACRONYMS[language]
    claims, registry, _ = imported(project, text, "--language", language)
    speaker = name.casefold().replace(" ", "-").replace("é", "e")
    assert [(s, kind) for s, kind, _ in claims] == [(speaker, kind) for kind in kinds], claims
    assert registry[speaker]["name"] == name
    assert "review" not in (project / "content" / "experts.yaml").read_text(encoding="utf-8").split(speaker)[1][:12]


def test_an_acronym_that_does_not_spell_the_name_before_it_is_not_its_short_form(project: Path) -> None:  # noqa: F811
    # 'du président Michel Temer (MDB)': the party, not Temer
    text = ("Temer adia a viagem\n\nO presidente Michel Temer (MDB) adiou a viagem. O MDB afirmou que a decisão "
            "foi tomada pelo presidente.\n")
    claims, registry, _ = imported(project, text, "--language", "pt")
    assert "michel-temer" not in {s for s, _, _ in claims}, claims


# A document ('the statement', 'a nota') stands for who the text says issued it, not for who spoke last
DOCUMENTS = {
    "en": ("Mayor defends budget\n\nMayor Ruth Kane issued a statement on Tuesday. Union leader Tom Price said the "
           "cuts would hurt schools. \"No school will close this year,\" the statement said.\n",
           [("tom-price", "paraphrase", "the cuts would hurt schools"),
            ("ruth-kane", "direct", "No school will close this year")]),
    "pt": ("Ministro explica adiamento\n\nO ministro Paulo Lemos divulgou uma nota oficial sobre o adiamento da obra."
           "\n\nSegundo o jornal \"Diário do Sul\", a obra custaria o dobro do previsto.\n\nSegundo a nota, o "
           "adiamento se deve a problemas no projeto de engenharia.\n",
           [("diario-do-sul", "paraphrase", "a obra custaria o dobro do previsto"),
            ("paulo-lemos", "paraphrase", "o adiamento se deve a problemas no projeto de engenharia")]),
}


@pytest.mark.parametrize("language", sorted(DOCUMENTS))
def test_a_document_stands_for_who_issued_it(project: Path, language: str) -> None:  # noqa: F811
    # 'O presidente Michel Temer divulgou há pouco uma nota oficial … segundo o jornal "Folha de S.Paulo" … Segundo a
    # nota, o motivo …' (Valor): the note is Temer's, not the newspaper's that was quoted last
    text, expected = DOCUMENTS[language]
    assert imported(project, text, "--language", language)[0] == expected


def test_a_document_of_someone_is_theirs_and_a_kind_of_document_is_nobody(project: Path) -> None:  # noqa: F811
    # '« … », a souligné un communiqué de la présidence.' (Le Site Info)
    text = "La présidence dément\n\n« Le président ne se rendra pas à Kiev ce mois-ci », a souligné {}.\n"
    claims, registry, _ = imported(project, text.format("un communiqué de la présidence"), "--language", "fr")
    assert claims == [("la-presidence", "direct", "Le président ne se rendra pas à Kiev ce mois-ci")], claims
    assert registry["la-presidence"]["name"] == "la présidence"
    assert imported(project, text.format("un communiqué de presse"), "--language", "fr")[0] == []


# A body named by its common noun ('laut Polizei', 'police said', 'le parquet de Lyon') speaks as itself; 'laut X'
# inside a sentence stands inside what it reports, so the claim is the whole sentence
INSTITUTIONS = {
    "de": ("Park durchsucht\n\nRund zehn Polizisten haben am Dienstag einen Park durchsucht. Der Mann soll sich laut "
           "Polizei seit Tagen in dem Park versteckt haben.\n",
           ("polizei", "Der Mann soll sich laut Polizei seit Tagen in dem Park versteckt haben"), "Polizei"),
    "en": ("Two men held\n\nTwo men were arrested on Sunday. They had been driving without a licence for years, "
           "police said.\n", ("police", "They had been driving without a licence for years"), "police"),
    "fr": ("Vol de tableaux\n\nTrois tableaux ont été volés dans le musée, a annoncé lundi le parquet de Lyon.\n",
           ("parquet-de-lyon", "Trois tableaux ont été volés dans le musée"), "parquet de Lyon"),
    "es": ("Detenidos dos hombres\n\nDos hombres fueron detenidos el domingo en Sevilla. Ambos conducían sin licencia "
           "desde hacía años, según la policía.\n",
           ("policia", "Ambos conducían sin licencia desde hacía años"), "policía"),
}


@pytest.mark.parametrize("language", sorted(INSTITUTIONS))
def test_a_body_named_by_its_common_noun_speaks_as_itself(project: Path, language: str) -> None:  # noqa: F811
    # 'Die Straftat, um die es geht, soll sich laut Polizei nicht in Potsdam ereignet haben.' (berlin.de), '…,
    # a annoncé lundi le parquet de Paris.' (Tendance Ouest)
    text, (speaker, quote), name = INSTITUTIONS[language]
    claims, registry, _ = imported(project, text, "--language", language)
    assert claims == [(speaker, "paraphrase", quote)], claims
    assert registry[speaker]["name"] == name


# A title the text gives only in an apposition after a name ('Ulrich Manfoumbi, porte-parole du CTRI,') is that
# name's: the title alone later stands for them
APPOSITIONS = {
    "fr": ("Les militaires promettent des élections\n\nLe colonel Paul Ndong, porte-parole du comité de transition, a "
           "lu une déclaration à la télévision.\n\n« Les élections auront lieu dans un an », a souligné le "
           "porte-parole du comité.\n", ("paul-ndong", "direct", "Les élections auront lieu dans un an")),
    "en": ("Budget plan stays\n\nMark Dunne, the chancellor, met investors on Monday.\n\nThe plan will not change, "
           "the chancellor said after the meeting.\n", ("mark-dunne", "paraphrase", "The plan will not change")),
}


@pytest.mark.parametrize("language", sorted(APPOSITIONS))
def test_a_title_in_an_apposition_after_a_name_is_that_names(project: Path, language: str) -> None:  # noqa: F811
    # '… par le colonel Ulrich Manfoumbi Manfoumbi, porte-parole du Comité pour la transition … « … », a souligné le
    # porte-parole du CTRI.' (Yeni Şafak)
    text, claim = APPOSITIONS[language]
    assert imported(project, text, "--language", language)[0] == [claim]


# A name after a title and a word that joins it ('o porta-voz da prefeita Ana Lima', 'a spokesman for Mayor Ruth
# Kane') names whose the role is: the speaker is the role, never that name
ROLE_OF_SOMEONE = {
    "en": ("Mayor stays silent\n\n\"We will not comment on cases before the courts,\" said a spokesman for Mayor Ruth "
           "Kane.\n", "a-spokesman-for-mayor-ruth-kane"),
    "pt": ("Prefeita não comenta\n\n\"Não comentamos casos que estão na Justiça\", disse o porta-voz da prefeita Ana "
           "Lima.\n", "o-porta-voz-da-prefeita-ana-lima"),
    "de": ("Kanzler schweigt\n\n\"Zu laufenden Verfahren äußern wir uns nicht\", sagte ein Sprecher von Bundeskanzler "
           "Karl Weber.\n", "ein-sprecher-von-bundeskanzler-karl-weber"),
}


@pytest.mark.parametrize("language", sorted(ROLE_OF_SOMEONE))
def test_a_name_after_a_role_and_its_link_is_whose_the_role_is_not_the_speaker(project: Path,  # noqa: F811
                                                                               language: str) -> None:
    # 'Conforme declarado pelo porta-voz de Bolsonaro, "casos afetos à Justiça o presidente não comenta".' (A
    # Crítica): the spokesman's words, not Bolsonaro's
    text, role = ROLE_OF_SOMEONE[language]
    claims, _, _ = imported(project, text, "--language", language)
    assert [(speaker, kind) for speaker, kind, _ in claims] == [(role, "direct")], claims


# A name with an elided particle joined to a capitalised word ('d'Estaing', 'de l‘Expansion', the ‘ set for an
# apostrophe as some pages do) goes on through it
ELIDED = {
    "en": ("Paper reports talks\n\nLe Journal de l‘Économie newsletter reported on Monday that the minister had called "
           "several companies.\n", ("le-journal-de-leconomie", "paraphrase", "the minister had called several companies"),
           "Le Journal de l‘Économie"),
    "fr": ("Appel à agir\n\n« Nous devons agir avant la fin de l'année », a déclaré Anne Giscard d'Estaing.\n",
           ("anne-giscard-d-estaing", "direct", "Nous devons agir avant la fin de l'année"), "Anne Giscard d'Estaing"),
}


@pytest.mark.parametrize("language", sorted(ELIDED))
def test_a_name_goes_on_through_an_elided_particle(project: Path, language: str) -> None:  # noqa: F811
    # 'La Lettre de l‘Expansion newsletter reported on Monday that …' (Reuters): not "La Lettre"
    text, claim, name = ELIDED[language]
    claims, registry, _ = imported(project, text, "--language", language)
    assert claims == [claim], claims
    assert registry[claim[0]]["name"] == name


def test_a_person_brought_in_by_a_noun_and_one_name_is_that_name_flagged(project: Path) -> None:  # noqa: F811
    # 'Die Katholikin Sophie zeigte sich hoffnungsvoll, dass der Wiederaufbau gelingt. "Ich werde Ostern in diesem
    # Hoffnung verbringen. …"' (stern): the quote is hers; she is named by one word only, for an editor to check
    text = ("Umzug in der Altstadt\n\nHunderte Menschen sahen dem Umzug zu. Die Rentnerin Hilde stand am Fenster. \"Ich "
            "habe so etwas noch nie gesehen, es war wunderschön.\"\n")
    claims, registry, _ = imported(project, text, "--language", "de")
    assert claims == [("hilde", "direct", "Ich habe so etwas noch nie gesehen, es war wunderschön.")], claims
    experts = (project / "content" / "experts.yaml").read_text(encoding="utf-8")
    assert "hilde:  # review: named by one word only" in experts


def test_a_state_secretary_before_a_name_is_a_title_not_part_of_it(project: Path) -> None:  # noqa: F811
    # '… mit dem Staatssekretär im Bundesinnenministerium, August Hanning, …' (Der Tagesspiegel): the title before
    # a name, or set off before it by a comma, is no part of the name, and alone later stands for it
    quote = "Wir müssen mit Anschlägen rechnen, aber alle Behörden sind vorbereitet"
    before = f"Warnung vor Anschlägen\n\n\"{quote}\", sagte Staatssekretär Paul Hannemann dem Sender.\n"
    claims, registry, _ = imported(project, before, "--language", "de")
    assert claims == [("paul-hannemann", "direct", quote)], claims
    apposed = ("Warnung vor Anschlägen\n\nIm Interview sprach der Staatssekretär im Innenministerium, Paul Hannemann, "
               f"über die Lage.\n\n\"{quote}\", sagte der Staatssekretär.\n")
    assert imported(project, apposed, "--language", "de")[0] == [("paul-hannemann", "direct", quote)]


# An unnamed group named by its common noun, plural article and all ('officials said', 'ont indiqué les autorités')
GROUPS = {
    "en": ("Fire under control\n\nThe fire was under control by Tuesday morning, officials said, and an investigation "
           "is underway.\n", ("officials", "The fire was under control by Tuesday morning")),
    "fr": ("Incendie maîtrisé\n\nL'incendie a été maîtrisé dans la nuit, ont indiqué les autorités.\n",
           ("autorites", "L'incendie a été maîtrisé dans la nuit")),
    "es": ("Incendio controlado\n\nEl incendio fue controlado durante la noche, informaron las autoridades.\n",
           ("autoridades", "El incendio fue controlado durante la noche")),
}


@pytest.mark.parametrize("language", sorted(GROUPS))
def test_an_unnamed_group_named_by_its_common_noun_speaks_as_itself(project: Path, language: str) -> None:  # noqa: F811
    # 'The fire was under control by Tuesday morning, officials said, …' (Christian Today)
    text, (speaker, quote) = GROUPS[language]
    assert imported(project, text, "--language", language)[0] == [(speaker, "paraphrase", quote)]


# An office speaks as itself with what it is of ('a assessoria da Presidência', 'le ministère de l'Intérieur'), not
# alone ('le ministère' may be one the text named before)
OFFICES = {
    "pt": ("Planalto nega\n\nEm nota, a assessoria da Presidência nega que a mudança na agenda tenha ligação com o "
           "inquérito.\n", ("assessoria-da-presidencia", "a mudança na agenda tenha ligação com o inquérito")),
    "fr": ("Les fermetures\n\nTrois commissariats seront fermés, a annoncé le ministère de l'Intérieur.\n",
           ("ministere-de-l-interieur", "Trois commissariats seront fermés")),
}


@pytest.mark.parametrize("language", sorted(OFFICES))
def test_an_office_with_what_it_is_of_speaks_as_itself(project: Path, language: str) -> None:  # noqa: F811
    # 'Em nota, a assessoria da Presidência nega que mudança na agenda tenha ligação com o inquérito …' (BNews)
    text, (speaker, quote) = OFFICES[language]
    assert imported(project, text, "--language", language)[0] == [(speaker, "paraphrase", quote)]
    alone = text.replace(" de l'Intérieur", "").replace(" da Presidência", "")
    assert imported(project, alone, "--language", language)[0] == []


# A name in quotation marks in the subject of a verb of saying is the speaker, whole ('"RTL aktuell" hatte …
# berichtet'), not a word of it
QUOTED_NAMES = {
    "de": ("Gespräche gescheitert\n\nBerlin - \"Radio aktuell\" hatte unter Berufung auf Kreise der Regierung "
           "berichtet, die Gespräche seien gescheitert.\n", ("radio-aktuell", "die Gespräche seien gescheitert")),
    "fr": ("Le ministre partirait\n\nMardi soir, le quotidien « Le Journal du soir » a révélé que le ministre allait "
           "quitter le gouvernement avant l'été.\n",
           ("le-journal-du-soir", "le ministre allait quitter le gouvernement avant l'été")),
    "en": ("Minister to quit\n\nOn Tuesday the newspaper \"The Evening post\" reported that the minister would leave "
           "the government before the summer.\n",
           ("the-evening-post", "the minister would leave the government before the summer")),
}


@pytest.mark.parametrize("language", sorted(QUOTED_NAMES))
def test_a_name_in_quotation_marks_is_the_speaker(project: Path, language: str) -> None:  # noqa: F811
    # 'Berlin - "RTL aktuell" hatte unter Berufung auf nicht näher bezeichnete "zuverlässige Kreise" berichtet,
    # Attentäter bereiteten sich derzeit "auf eine Einreise …" vor' (Der Tagesspiegel)
    text, (speaker, quote) = QUOTED_NAMES[language]
    assert imported(project, text, "--language", language)[0] == [(speaker, "paraphrase", quote)]


def test_a_definite_role_with_what_it_is_of_is_that_role_not_who_spoke_last(project: Path) -> None:  # noqa: F811
    # '"RTL aktuell" hatte … berichtet, … Der Sprecher des Innenministeriums verwies darauf, dass …' (Der
    # Tagesspiegel): the ministry's spokesman, not the broadcaster quoted before
    text = ("Écoles fermées\n\n« Nous fermerons trois écoles à la rentrée », a dit Paul Martin. Le porte-parole de la "
            "mairie a ajouté que les travaux commenceraient en mars.\n")
    assert imported(project, text, "--language", "fr")[0] == [
        ("paul-martin", "direct", "Nous fermerons trois écoles à la rentrée"),
        ("le-porte-parole-de-la-mairie", "paraphrase", "les travaux commenceraient en mars")]


# A definite role alone in a text that names people, none of them with that title, stands like a pronoun for the
# one the sentence before is about, or who spoke just before ('La alcaldesa …, Patricia Lobeira, … La edil enfatizó')
ROLE_FOR_WHO_SPOKE = {
    "en": ("Budget is fair\n\nRuth Kane, who has run the state since 2019, spoke to reporters on Monday. The budget is "
           "fair to every school, the governor said.\n", [("ruth-kane", "paraphrase", "The budget is fair to every school")]),
    "es": ("La alcaldesa confirma el Carnaval\n\nLa alcaldesa de Veracruz, Patricia Lobeira, afirmó que hubo pocos "
           "daños por el frente frío. La edil enfatizó que ha habido un buen trabajo con el gobierno del Estado.\n",
           [("patricia-lobeira", "paraphrase", "hubo pocos daños por el frente frío"),
            ("patricia-lobeira", "paraphrase", "ha habido un buen trabajo con el gobierno del Estado")]),
}


@pytest.mark.parametrize("language", sorted(ROLE_FOR_WHO_SPOKE))
def test_a_definite_role_alone_stands_for_whom_the_text_is_about(project: Path, language: str) -> None:  # noqa: F811
    text, expected = ROLE_FOR_WHO_SPOKE[language]
    assert imported(project, text, "--language", language)[0] == expected


def test_a_capitalised_word_after_the_article_is_no_job_title_standing_for_who_spoke(project: Path) -> None:  # noqa: F811
    # '…, the US …' in a report on talks had become whoever spoke before (a seed of content/)
    text = ("Talks stall\n\nSenator Ann Lee said the talks had failed again. Moscow still wants written guarantees, "
            "the Russian said.\n")
    assert [c[0] for c in imported(project, text, "--language", "en")[0]] == ["ann-lee"]


# A title with what it is of ('o ministro da Saúde') is the name the text gives that title only if the text gives
# it with the same words ('O ministro da Economia, Paulo Guedes'); else another role, never that name
TITLE_WITH_WHAT_IT_IS_OF = {
    "pt": ("Governo anuncia medidas\n\nO ministro da Economia, Paulo Guedes, esteve em Brasília. O ministro da Saúde "
           "disse que a vacinação começa em março. O ministro da Economia disse que o déficit vai cair.\n",
           [("o-ministro-da-saude", "paraphrase", "a vacinação começa em março"),
            ("paulo-guedes", "paraphrase", "o déficit vai cair")]),
    "fr": ("La croissance tient\n\n« Nous ne céderons pas sur l'essentiel de ce texte », a martelé le Premier ministre "
           "Gabriel Attal. Interrogé par France Info, le ministre de l'Économie a assuré que la croissance resterait "
           "positive.\n",
           [("gabriel-attal", "direct", "Nous ne céderons pas sur l'essentiel de ce texte"),
            ("le-ministre-de-l-economie", "paraphrase", "la croissance resterait positive")]),
}


@pytest.mark.parametrize("language", sorted(TITLE_WITH_WHAT_IT_IS_OF))
def test_a_title_with_what_it_is_of_is_only_the_name_given_it_so(project: Path, language: str) -> None:  # noqa: F811
    text, expected = TITLE_WITH_WHAT_IT_IS_OF[language]
    assert imported(project, text, "--language", language)[0] == expected


def test_a_verb_with_its_own_clause_after_a_comma_is_no_trailing_attribution(project: Path) -> None:  # noqa: F811
    # 'El presidente del Gobierno, Pedro Sánchez, aseguró este martes que …' had made 'El presidente del Gobierno,
    # Pedro Sánchez' a claim, its speaker "left out"
    text = ("El Gobierno defiende el presupuesto\n\nEl presidente del Gobierno, Pedro Sánchez, aseguró este martes que "
            "los presupuestos \"son los más sociales de la historia\".\n")
    assert imported(project, text, "--language", "es")[0] == [
        ("pedro-sanchez", "paraphrase", "los presupuestos \"son los más sociales de la historia\""),
        ("pedro-sanchez", "direct", "son los más sociales de la historia")]


# Unnamed sources are a speaker as the text names them, with what they are of ('fuentes de La Moncloa')
SOURCES = {
    "es": ("Sin cambios en el Gabinete\n\nSegún fuentes de La Moncloa, no habrá cambios en el Gabinete antes del "
           "verano.\n", ("fuentes-de-la-moncloa", "no habrá cambios en el Gabinete antes del verano"),
           "fuentes de La Moncloa"),
    "en": ("Talks resume\n\nThe talks will resume next week, sources said on Friday.\n",
           ("sources", "The talks will resume next week"), "sources"),
}


@pytest.mark.parametrize("language", sorted(SOURCES))
def test_unnamed_sources_are_a_speaker_as_named(project: Path, language: str) -> None:  # noqa: F811
    # 'Según fuentes de La Moncloa, …' (the gold README: anonymous sources are a speaker as named)
    text, (speaker, quote), name = SOURCES[language]
    claims, registry, _ = imported(project, text, "--language", language)
    assert claims == [(speaker, "paraphrase", quote)], claims
    assert registry[speaker]["name"] == name


def test_a_party_in_brackets_after_a_name_is_an_aside(project: Path) -> None:  # noqa: F811
    # 'Finanzminister Christian Lindner (FDP) betonte, …': the bracket had been taken for the subject, naming nobody
    text = "Haushalt\n\nFinanzminister Christian Lindner (FDP) betonte, die Schuldenbremse werde eingehalten.\n"
    assert imported(project, text, "--language", "de")[0] == [
        ("christian-lindner", "paraphrase", "die Schuldenbremse werde eingehalten")]


def test_according_to_without_a_comma_may_name_a_body_after_its_article(project: Path) -> None:  # noqa: F811
    # 'Die Straftat … soll sich laut Polizei nicht in Potsdam ereignet haben' (berlin.de), with an article
    text = "Festnahmen\n\nNach Angaben der Staatsanwaltschaft wurden drei Verdächtige festgenommen.\n"
    assert imported(project, text, "--language", "de")[0] == [
        ("staatsanwaltschaft", "paraphrase", "wurden drei Verdächtige festgenommen")]


def test_a_name_ends_with_its_paragraph(project: Path) -> None:  # noqa: F811
    # 'Kwasi Kwarteng urged to 're-evaluate' mini-budget by International Monetary Fund' + 'Kwasi Kwarteng is
    # facing …' (ITV): the headline's last words and the next paragraph's first are two names, not one, so "Mr
    # Kwarteng" later is the full name the text gives
    text = ("Port levy criticised by Harbour Users Council\n\nRhona Tallis is facing pressure to drop the levy.\n\n"
            "Ms Tallis said the levy would pay for the new breakwater and would end in five years.\n")
    claims, registry, _ = imported(project, text, "--language", "en")
    assert claims == [("rhona-tallis", "paraphrase", "the levy would pay for the new breakwater and would end in five years")], claims
    assert registry["rhona-tallis"]["name"] == "Rhona Tallis", registry


def test_council_member_is_a_title_not_part_of_a_name(project: Path) -> None:  # noqa: F811
    # '“…,” said Council Member Malik Evans.' then '“…,” said Council Member Michael Patterson.' (WROC): two people,
    # neither named "Council Member"
    text = ("Council asks for answers\n\n“There are still a lot of unanswered questions,” said Council Member Rhona "
            "Tallis.\n\n“We are all working through this together,” said Council Member Idris Mensah.\n")
    claims, registry, _ = imported(project, text, "--language", "en")
    assert [speaker for speaker, _, _ in claims] == ["rhona-tallis", "idris-mensah"], claims
    assert registry["rhona-tallis"]["name"] == "Rhona Tallis", registry


@pytest.mark.parametrize("text, speaker", [
    # 'Claims that … are mere speculation, said Communications and Digital Minister Fahmi Fadzil.' (Harapan Daily)
    ("Port deal mere speculation\n\nClaims that the port will be sold are mere speculation, said Transport and "
     "Harbours Minister Rhona Tallis.\n", "rhona-tallis"),
    # 'Se acaban las mañaneras, dice AMLO en el Día de los Inocentes' (MVS): the day is no speaker
    ("Se acaban las conferencias, dice Iriarte en el Día de los Inocentes\n\nLa alcaldesa de Valdoria, Marta "
     "Iriarte, dijo que no habrá más conferencias.\n", "marta-iriarte"),
], ids=["title-words-joined-by-and", "name-after-preposition-and-article"])
def test_words_of_a_title_or_after_a_preposition_are_no_speaker(project: Path, text: str, speaker: str) -> None:  # noqa: F811
    claims, _, _ = imported(project, text)
    assert claims and {s for s, _, _ in claims} == {speaker}, claims
