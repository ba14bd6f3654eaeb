"""What a statement says, word by word, in its language: a quote's content terms — its words with
the language's stop words left out, each reduced to its Snowball stem (PyStemmer), accents
dropped, and a synonym replaced by the word it stands for (the small tables of synonyms.yaml) —
so that two outlets' reports of one statement in other words share their terms. Words of a
language without a stemmer are only folded."""

from __future__ import annotations

import hashlib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Callable

import Stemmer
import stop_words
import yaml

# BCP 47 primary language subtags → the Snowball algorithm of PyStemmer
STEMMERS = {"ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek", "en": "english",
            "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french", "hu": "hungarian", "id": "indonesian",
            "it": "italian", "lt": "lithuanian", "nl": "dutch", "no": "norwegian", "nb": "norwegian",
            "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
            "sv": "swedish", "tr": "turkish"}

CAPITALISED_NOUNS = {"de", "lb"}  # languages that write every noun with a capital

SYNONYMS = Path(__file__).with_name("synonyms.yaml")


def identity() -> str:
    """What terms are made with: the libraries' versions and the synonyms' table. A build state
    recorded with other terms is not built on (engine/state.py)."""
    table = hashlib.sha256(SYNONYMS.read_bytes()).hexdigest()[:16]
    return f"PyStemmer {Stemmer.version()}, stop-words {stop_words.get_version()}, synonyms {table}"


def primary(language: str) -> str:
    """The language a tag names, without its region or script: 'pt-BR' → 'pt'."""
    return language.partition("-")[0].casefold()


def terms_of(words: tuple[str, ...], language: str) -> tuple[str, ...]:
    """The content terms of a quote's folded words (see match.words_of) in a language ('pt'), in
    their order."""
    return tuple(filter(None, map(_term_maker(language), words)))


def term_of(word: str, language: str) -> str:
    """A folded word's term ('' for a stop word)."""
    return _term_maker(language)(word)


def names_of(words: tuple[str, ...], language: str) -> frozenset[str]:
    """The terms of a quote's words, as written (case kept), that are names or numbers: a number,
    or a word written with a capital after the first word (no name is told by its capital in a
    language that writes every noun with one: German). What two reports of one event share, but
    not what tells one statement of it from another."""
    term = _term_maker(language)
    capitals = language not in CAPITALISED_NOUNS
    return frozenset(term(word.casefold()) for n, word in enumerate(words)
                     if word.isdigit() or (capitals and n and word[:1].isupper())) - {""}


@cache
def _term_maker(language: str) -> Callable[[str], str]:
    """The function from a folded word to its term ('' for a stop word), remembering every word's."""
    stem = Stemmer.Stemmer(STEMMERS[language]).stemWord if language in STEMMERS else str
    stops = stop_words_of(language)
    synonyms = _synonyms().get(language, {})
    known: dict[str, str] = {}

    def term(word: str) -> str:
        found = known.get(word)
        if found is None:
            bare = plain(word)
            found = "" if bare in stops and not word.isdigit() else plain(stem(word))
            found = known[word] = synonyms.get(found, found)
        return found

    return term


@cache
def stop_words_of(language: str) -> frozenset[str]:
    """The language's stop words (of the stop-words package), folded and without their accents."""
    try:
        return frozenset(plain(word.casefold()) for word in stop_words.get_stop_words(language))
    except stop_words.StopWordError:  # no list for this language
        return frozenset()


def plain(word: str) -> str:
    """The word without its accents."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def negated(words: tuple[str, ...], language: str) -> bool:
    """Whether a quote's folded words deny what they say: one of them is a negation of the
    language (synonyms.yaml)."""
    negations = _tables()["negations"].get(language, ())
    return any(plain(word) in negations for word in words)


@cache
def _tables() -> dict:
    """synonyms.yaml, its negations folded and without accents."""
    tables = yaml.load(SYNONYMS.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    tables["negations"] = {language: frozenset(plain(word.casefold()) for word in words)
                           for language, words in tables["negations"].items()}
    return tables


@cache
def _synonyms() -> dict[str, dict[str, str]]:
    """language → the stem of a synonym → the stem it stands for, from synonyms.yaml (each entry a
    list of words of one meaning; the first is the one the others stand for)."""
    found: dict[str, dict[str, str]] = {}
    for language, entries in _tables()["synonyms"].items():
        stem = Stemmer.Stemmer(STEMMERS[language]).stemWord
        found[language] = {plain(stem(word.casefold())): plain(stem(entry[0].casefold()))
                           for entry in entries for word in entry[1:]}
    return found
