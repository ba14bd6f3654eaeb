"""The regexes of attribution ("…", said X / X disse que … / segundo X, …), built from a language's table."""

from __future__ import annotations

import re
from functools import lru_cache

from .language import Language
from .passages import TITLE_ABBREVIATIONS


@lru_cache(maxsize=None)
def patterns(table: Language) -> dict[str, re.Pattern]:
    """The named regexes for one language (cached: one set per table)."""
    verb, inverted, that, according = table.verb, table.inverted_verb, table.that, table.according_to
    # 'que' as a word, also where the text ends: ', ha insistido en que' before a quote opens a clause, names nobody
    that_word = that.replace(r"\s+", r"\b")
    # after the verb of a trailing attribution, a phrase a preposition opens: ', X said in a statement on Monday'
    preposition = "|".join(sorted((re.escape(p) for p in table.prepositions_as_written), key=len, reverse=True))
    not_attributive = "".join(rf"(?<!\b{re.escape(w)}\s)" for w in table.attributive)
    article = "|".join(sorted(table.articles | table.role_articles, key=len, reverse=True)) or "(?!x)x"
    # a period after a title's abbreviation does not end a speaker's name: '», a ajouté M. Guermazi'
    after_title = "|".join(r"(?<=\b" + title + ")" for title in TITLE_ABBREVIATIONS)
    dot = rf"(?-i:(?:(?<=\b[A-Z])|{after_title})\.)"
    who = rf"(?P<who>(?:[^\"“”„«».!?]|{dot}){{1,160}}?)"
    return {
        # after a quote: ', said X.' / ', disse o presidente.' / ', sostuvo.' / ', X said.' / ', according to X'
        # (or after "as": '”, tal como han trasladado en los últimos días fuentes oficiales')
        "after_verb": re.compile(rf"^[\s,—–-]*(?:(?:{table.as_said})\s+)?(?P<verb>{inverted})\b(?P<who>(?:[^\"“”„«».!?;:]|{dot}){{0,120}})", re.I),
        "after_subject": re.compile(rf"^[\s,—–-]*{who}\s+(?P<verb>{verb})\b", re.I),
        "after_according": re.compile(rf"^[\s,—–-]*{according}\s+(?P<who>[^\"“”„«».!?;:,]{{2,100}})", re.I),
        # before a quote: 'X said: "' / 'X disse que "' / 'said X: "' / 'Segundo X, "'
        # (the verb nearest the quote: '… cuando le preguntaron si fue detenido dijo que "…"')
        "before_subject": re.compile(rf"{who}\s+(?P<verb>{verb})\b(?P<mid>(?:(?!\s(?:{verb})\b)[^\"“”„«».!?]){{0,60}}?)\s*(?:[:,]\s*)?"
                                     rf"(?:{that})?\s*$", re.I),
        "before_verb": re.compile(rf"(?:^|[,;]\s+)(?P<verb>{inverted})\s+(?P<who>[^\"“”„«»,:.!?]{{2,80}}?)\s*[:,]\s*$", re.I),
        "before_according": re.compile(rf"{according}\s+(?P<who>[^\"“”„«»,.!?]{{2,80}}),\s*$", re.I),
        # 'It urged Mr Kwarteng to “re-evaluate …”', 'exhortó a los congresistas a "informarse más"': the words
        # asked for are the asker's (someone asked between, so no passive: 'Kwarteng urged to 're-evaluate'')
        "before_request": re.compile(rf"{who}\s+(?P<verb>{table.request})\b(?P<listener>[^\"“”„«».!?:;]{{2,80}}?)\s*"
                                     rf"(?:{table.request_lead})\s*$", re.I),
        "before_colon": re.compile(r"^(?P<who>[^\"“”„«».!?]{2,300}?)\s*[:]\s*$"),
        # reported speech, in a sentence without a direct quote
        # 'Ce lundi, selon X, …' may open with a few words; 'Para X, …' / 'Pour X, …' only at the very start
        # ('En declaraciones para Canal N, el ministro …' names the channel, not a speaker)
        "according_lead": re.compile(rf"^(?:(?:[^,]{{0,40}}\s)?{according}|{table.according_to_at_start})\s+"
                                     rf"(?P<who>[^,]{{2,100}}?),\s+(?P<claim>.+)$", re.I | re.S),
        # 'Im Herbst sollen laut Kröger die Radwege fertig sein' (no comma after the name, where the table says so)
        # ('nach Angaben der Staatsanwaltschaft wurden …': an article may open the name)
        "according_inline": re.compile(rf"(?:^|\s)(?i:{according})\s+(?P<who>(?:(?i:{article})\s+)?"
                                       rf"[A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ][\w'’-]*){{0,2}})"
                                       rf"\s+(?P<claim>[^,]{{12,}})$", re.S),
        # 'En su criterio, en las redes sociales se está "exagerando"': the view of whom the text is about
        "own_view": re.compile(rf"^(?:{table.own_view})\s*,?\s+(?P<who>)(?P<claim>.+)$", re.I | re.S),
        "according_trail": re.compile(rf"^(?P<claim>.+?),\s+{according}\s+(?P<who>[^,]{{2,100}}?)(?:,.*)?$", re.I | re.S),
        "according_mid": re.compile(rf"^.+?,\s+{according}\s+(?P<who>[^,]{{2,100}}?),\s+(?P<claim>.+)$", re.I | re.S),
        "subject_trail": re.compile(rf"^(?P<claim>.+?),[\"”»]?\s+(?P<who>(?:(?!{verb}|{that})[^,]){{2,80}}?"
                                    rf"(?:,[^,]{{2,120}}?,)?)\s+"
                                    rf"(?P<verb>{verb})(?!\s+(?:{that_word})(?!\w))(?:(?:\s+[^,\s]+){{0,4}}|\s+(?:{preposition})\s[^,]{{0,60}})"
                                    rf"(?:,\s.*)?$", re.I | re.S),
        # (no "that" among the words after the verb: 'X, aseguró este martes que …', '…, pero descartó que fuera de
        # gravedad' give the verb its own clause)
        # '…, avait-elle précisé.': the subject in the verb
        "clitic_trail": re.compile(rf"^(?P<claim>.+?),[\"”»]?\s+(?P<verb>{table.clitic_verb})(?P<who>)\s*$", re.I | re.S),
        "verb_trail": re.compile(rf"^(?P<claim>.+?),[\"”»]?\s+(?P<verb>{inverted})\s+(?!{that_word})"
                                 rf"(?P<who>[^,\s]+(?:\s+(?!{that_word})[^,\s]+){{0,11}})(?:,.*)?$", re.I | re.S),
        "subject_that": re.compile(rf"^(?P<who>.{{0,160}}?)(?<![\w])(?P<verb>{verb})\b(?P<mid>(?:(?!\s(?:{verb})\b)[^.;:\"“”„«»]){{0,120}}?)"
                                   rf"(?:,\s*|\s+)(?:{that}|{that_word},\s*)(?P<claim>.+)$", re.I | re.S),  # 'que, apesar de …'

        # 'disse esperar "serenamente" pela decisão', 'a dit comprendre « cette tristesse »'
        # 'ont promis jeudi de respecter …' reports 'respecter …' where the table gives a word before the infinitive
        "subject_infinitive": re.compile(rf"^(?P<who>.{{2,160}}?)\s+(?P<verb>{verb})\s+(?:(?:{table.connective})\s+)?"
                                         rf"(?:(?:(?:{table.when})\s+)?{table.infinitive_lead})?"
                                         rf"(?P<claim>(?:{table.infinitive})\s.+)$", re.I | re.S),
        # (not a form after a word that makes it an adjective: 'his alleged extramarital affair')
        "subject_bare": re.compile(rf"^(?P<who>.{{2,160}}?)\s+{not_attributive}(?P<verb>{table.object_verb}\s+[^\s,:]+|{verb})"
                                   + (r"(?P<mid>[^,.:]{0,60}),\s+" if table.bare_clause == "comma" else r"\s*[,:]?\s+")
                                   + rf"(?:(?:{table.when})\s+)?(?P<claim>.+)$", re.I | re.S),  # not 'on Monday
        # a sentence that says who said the one before it: 'Das antwortete sie lachend auf eine Frage …'
        "back_reference": re.compile(rf"{table.back_reference}(?P<verb>{inverted})\b(?P<who>[^.!?;:]{{2,100}})", re.I),
        "subject_verb": re.compile(rf"^(?P<who>(?:[^\"“”„«».!?]|{dot}){{2,120}}?)\s+(?P<verb>{verb})\b", re.I),
        # an aside inside a quote or a sentence: '… – the note added – …' / '…, disse ele, …'
        "aside": re.compile(rf"\s[–—-]\s*(?:(?P<who>[^–—\"“”„«».!?]{{2,60}}?)\s+(?P<verb>{verb})|"
                            rf"(?P<verb2>{inverted})\s+(?P<who2>[^–—\"“”„«».!?]{{2,60}}?))\s*[–—-]\s|"
                            rf",\s+{table.clitic_verb}[.,]\s", re.I),  # '« …, a-t-elle indiqué. … »': an incise
        # a verb of saying anywhere; one with a "that" after it ('a lead that reports speech')
        "verb": re.compile(verb, re.I),
        "verb_that": re.compile(rf"{verb}\b[^\"“„«]*?(?:,\s*|\s+){that}\S", re.I),
        # where a quote left open ends when its paragraph attributes it: '“We will strike …, said Rui Costa.'
        "attribution_inside": re.compile(rf"[,;]\s+(?:{inverted})\s+[^,.!?]{{2,80}}[.!?]?\s*$|"
                                         rf"[,;]\s+[^,.!?\"“”«»]{{2,60}}?\s+(?:{verb})[.!?]?\s*$", re.I),
        # reported speech after a quote's attribution: '"…," he said, adding that …', '… "…" e acrescentando que …'
        "adding_that": re.compile(rf"(?:,\s+|\s+(?:{table.conjunctions})\s+)(?:[^\s,]+\s+){{0,2}}?(?:{verb})\s*,?\s*"
                                  rf"(?:{that})(?P<claim>.+?)[.!?]?\s*$",
                                  re.I | re.S),
        # where a reported clause ends: '… y ha aclarado que …', '… but added that …', '… and urged X to …'
        # (or a comma before a verb and "that": '…, soulignant que …', '…, adding that …', '…, aunque dijo también
        # que …'; or before a verb, connectives only between: '…, además negó haber sido detenido')
        "and_verb_that": re.compile(rf"(?:;\s*|,?\s+(?:{table.conjunctions})\s+|,\s+(?=(?:{verb})\s*,?\s*(?:{that}))|"
                                    rf",\s+(?=(?:(?:{table.connective})\s+){{1,2}}(?:{verb})\b))"
                                    rf"(?:(?:[^\s,;]+\s+){{0,2}}?(?P<verb>{verb})\b(?:(?:\s+[^\s,;]+){{0,2}}?\s*(?:[:,]\s*)?"
                                    rf"(?P<that>{that})|\s+(?=(?P<infinitive>(?:{table.infinitive})\s)))?"
                                    rf"|(?P<that2>{that_word}[,\s]*))", re.I),
    }
