"""`briefgen import` on short texts shaped like the French, German and Spanish news articles added to
benchmarks/real/ (issue 17, point 2): each behaviour the importer gained from them, read in process
(no CLI) with an empty registry, as a first import meets it."""

from __future__ import annotations

from briefgen.importer import import_article, known_speakers


def claims(text: str) -> list[tuple[str, str, str]]:
    """(speaker, kind, quote) of each claim drafted from `text`, with nobody known beforehand."""
    imported = import_article(text, False, known_speakers([]), "article.txt")
    return [(c.speaker, c.kind, imported.text[c.start:c.end]) for c in imported.claims]


def test_french_quote_attributed_after_a_verb_with_an_adverb() -> None:
    # '», a encore déclaré le ministre …' (Sputnik Afrique): the adverb between auxiliary and verb
    found = claims("Le ministre présente son plan\n\n"
                   "Le ministre de l'Économie, Paul Ravel, a présenté lundi son plan.\n\n"
                   "« Ce plan ne coûtera rien aux ménages et il sera prêt avant l'été », a encore déclaré "
                   "Paul Ravel.\n")
    assert ("paul-ravel", "direct", "Ce plan ne coûtera rien aux ménages et il sera prêt avant l'été") in found


def test_french_pronoun_after_an_attribution_to_nobody_named_is_not_the_sentence_opening() -> None:
    # 'Cinq Tunisiens … ont été expulsés, a déclaré le ministre. Il s'est dit «…»': the minister is never
    # named, so "Il" stands for nobody we may credit; never for "Trois Belges"
    found = claims("Arrestations à la frontière\n\n"
                   "Trois Belges et deux Italiens ont été arrêtés, a déclaré le ministre lors d'un point presse. "
                   "Il s'est dit «convaincu que d'autres arrestations allaient suivre».\n")
    assert not [c for c in found if "belges" in c[0]], found


def test_french_promise_with_de_reports_the_infinitive() -> None:
    # 'ont promis jeudi de respecter les "engagements …" du pays' (Yeni Şafak): the report keeps its verb
    found = claims("La ministre promet des chiffres\n\n"
                   "La ministre de la Santé, Claire Vidal, a promis mardi de publier les chiffres des hôpitaux "
                   "avant la fin du mois.\n")
    assert found == [("claire-vidal", "paraphrase", "publier les chiffres des hôpitaux avant la fin du mois")]


def test_name_apposed_to_the_object_of_a_clause_in_the_subject_is_no_speaker() -> None:
    # 'Les militaires ayant renversé le président gabonais …, Ali Bongo, ont promis …': not Ali Bongo's words
    found = claims("Les manifestants reviendront\n\n"
                   "Les manifestants ayant interpellé le maire de la ville, Jean Ferrand, ont déclaré qu'ils "
                   "reviendraient samedi devant la mairie avec leurs banderoles.\n")
    assert not [c for c in found if c[0] == "jean-ferrand"], found


def test_spanish_para_after_other_words_names_no_speaker() -> None:
    # 'En declaraciones para Canal N, el titular del Mininter defendió … y precisó que …' (Panamericana):
    # "para" means "according to" only opening a sentence; here it names the channel
    found = claims("Ministro defiende el presupuesto\n\n"
                   "En declaraciones para Radio Sur, el titular de Hacienda defendió el presupuesto y precisó "
                   "que el déficit bajará este año gracias a la recaudación.\n")
    assert not [c for c in found if "radio" in c[0]], found
    spanish_lead = claims("Ministro defiende el presupuesto\n\n"
                          "Para Marta Ruiz, el déficit bajará este año gracias a la recaudación.\n")
    assert spanish_lead == [("marta-ruiz", "paraphrase", "el déficit bajará este año gracias a la recaudación")]


def test_spanish_verb_with_an_object_gives_way_to_a_later_verb_with_a_clause() -> None:
    # 'el titular del Mininter defendió la designación … y precisó que otras entidades …' (Panamericana)
    found = claims("Ministro defiende a su vocero\n\n"
                   "La ministra de Trabajo, Lucía Prado, defendió la designación del nuevo vocero de su cartera y "
                   "precisó que otros ministerios también cuentan con un portavoz oficial.\n")
    assert found == [("lucia-prado", "paraphrase", "otros ministerios también cuentan con un portavoz oficial")]


def test_reported_clause_running_into_a_quote_goes_on_through_it() -> None:
    # 'el presidente del Gobierno asegura que la ministra de Defensa "se acuesta con el uniforme" y la
    # califica de …' (Diario Siglo XXI): one paraphrase with the quoted words in it, not a stub up to the mark,
    # and the quoted words as a direct claim
    found = claims("El alcalde y el concejal\n\n"
                   "El alcalde de Sevilla, Tomás Rubio, asegura que el concejal de Obras \"no ha pisado una obra en "
                   "toda su vida\" y lo califica de vago.\n")
    assert found == [("tomas-rubio", "paraphrase",
                      "el concejal de Obras \"no ha pisado una obra en toda su vida\""),
                     ("tomas-rubio", "direct", "no ha pisado una obra en toda su vida")]  # his own words too


def test_german_question_word_opening_a_sentence_is_no_part_of_a_name() -> None:
    # 'Was Merkel besonders interessiere, seien …' (RND) had made a speaker "Was Merkel"
    found = claims("Bürgermeisterin für einen Tag\n\n"
                   "Berlin. Wenn Bundeskanzlerin Angela Merkel einen Tag lang Bürgermeisterin wäre, würde sie zuerst "
                   "die Schulen besuchen. Das sagte sie am Mittwoch.\n\n"
                   "Am Abend hielte sie einen Empfang für möglich. Was Merkel besonders interessiere, seien die "
                   "Finanzen der Stadt. „Ich könnte mich gut beschäftigen“, sagte Merkel.\n")
    assert found == [("angela-merkel", "paraphrase", "Wenn Bundeskanzlerin Angela Merkel einen Tag lang Bürgermeisterin "
                      "wäre, würde sie zuerst die Schulen besuchen"),  # 'Das sagte sie': the sentence before is hers
                     ("angela-merkel", "direct", "Ich könnte mich gut beschäftigen")]


def test_french_speaker_after_the_verb_with_a_title_abbreviation() -> None:
    # '», a ajouté M. Guermazi' (L'Économiste Maghrébin): the period of "M." does not end the attribution
    found = claims("Grève à l'usine\n\n"
                   "« Les ouvriers sont en grève depuis deux semaines déjà », a déploré Mohamed Guermazi.\n\n"
                   "« Des réunions ont été tenues avec le syndicat sans aucun résultat », a ajouté M. Guermazi.\n")
    assert ("mohamed-guermazi", "direct",
            "Des réunions ont été tenues avec le syndicat sans aucun résultat") in found


def test_french_selon_ses_dires_and_a_second_clause_after_a_comma() -> None:
    # 'Selon ses dires, les protestataires ont bloqué …, soulignant que les PV … l'attestent'
    found = claims("Grève à l'usine\n\n"
                   "« Les ouvriers sont en grève depuis deux semaines déjà », a déploré Mohamed Guermazi.\n\n"
                   "Selon ses dires, les grévistes ont bloqué les portes de l'usine toute la journée, soulignant "
                   "que les constats des huissiers le prouvent.\n")
    assert found[1:] == [("mohamed-guermazi", "paraphrase", "les grévistes ont bloqué les portes de l'usine toute la journée"),
                         ("mohamed-guermazi", "paraphrase", "les constats des huissiers le prouvent")]


def test_german_noun_after_an_article_is_no_name() -> None:
    # 'Hanning hatte nach Angaben des Senders zu RTL gesagt: "…"' (Der Tagesspiegel) made a speaker
    # "Senders zu RTL" and gave it the article's other claims
    found = claims("Keine neuen Hinweise\n\n"
                   "Klaus Hanning hatte nach Angaben des Senders zu RTL gesagt: \"Wir müssen "
                   "mit Anschlägen rechnen, aber wir tun alles Erdenkliche dagegen.\"\n")
    assert [c[0] for c in found] == ["klaus-hanning"], found


def test_german_date_with_an_ordinal_does_not_end_the_sentence() -> None:
    # 'verwies darauf, dass es lediglich am 20. April … gegeben habe' was cut at "20."
    found = claims("Keine neuen Hinweise\n\n"
                   "\"Dafür gibt es keinen neuen Anlass\", sagte Ministeriumssprecher Peter Lang. Lang verwies "
                   "darauf, dass es lediglich am 20. April eine konkrete Warnung gegeben habe.\n")
    assert ("peter-lang", "paraphrase", "es lediglich am 20. April eine konkrete Warnung gegeben habe") in found


def test_german_person_brought_in_by_a_noun_and_one_name_takes_no_earlier_speakers_quote() -> None:
    # 'Am Pariser Platz St. Michel versammelten sich … Die Katholikin Sophie zeigte sich hoffnungsvoll …
    # "…"' (stern): neither the square nor the president who spoke before, but the woman the sentence brings in
    found = claims("Macron verspricht Wiederaufbau\n\n"
                   "\"Wir werden die Kathedrale wieder aufbauen\", sagte Präsident Emmanuel Macron am Abend. "
                   "Am Pariser Platz St. Michel versammelten sich Hunderte Menschen. Die Rentnerin Claire zeigte "
                   "sich hoffnungsvoll. \"Mein Herz schmerzt, aber ich bin froh, denn das hier ist ein Zeichen.\"\n")
    assert found == [("emmanuel-macron", "direct", "Wir werden die Kathedrale wieder aufbauen"),
                     ("claire", "direct", "Mein Herz schmerzt, aber ich bin froh, denn das hier ist ein Zeichen.")], found


def test_surname_with_its_particle_stands_for_the_full_name() -> None:
    # '„…“, so de Maizière.' (Business Insider): "de" before the surname is part of the name given in full
    found = claims("Innenminister äußert sich\n\n"
                   "Das ist die Ansage, mit welcher Innenminister Thomas de Maizière dem Vorfall entgegentritt. "
                   "„Die Sicherheitsbehörden des Bundes sind involviert und in Bereitschaft“, so de Maizière.\n")
    assert found == [("thomas-de-maiziere", "direct",
                      "Die Sicherheitsbehörden des Bundes sind involviert und in Bereitschaft")]
