"""The per-language tables of how news reports attribute speech (languages/<code>.yaml), as regexes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TABLES = Path(__file__).with_name("languages")


def is_title(word: str, table: "Language") -> bool:
    """Whether a folded word is a job title ("mayor", "bundeskanzlerin", "klimaschutzaktivistin", "ministro-chefe",
    "ex-ministro")."""
    return word in table.titles or any(word.endswith(e) and len(word) > len(e) + 2 for e in table.title_endings) or (
        "-" in word and any(part in table.titles for part in word.split("-")))


# Languages told apart from those with a table, so that an article in one of them is read by no table
# rather than by the nearest one (an Italian article is no Portuguese one).
OTHER_LANGUAGES = ("it", "nl", "ca", "ro", "pl", "sv", "da", "nb", "tr", "id", "ru", "cs", "hu", "fi", "el", "uk",
                   "ar", "zh", "ja", "ko", "hi")


def supported() -> tuple[str, ...]:
    """The codes of the languages that have a table."""
    return tuple(sorted(path.stem for path in TABLES.glob("*.yaml")))


def lower_word(word: str) -> str:
    """A word as compared where accents tell words apart (the pronoun "él", the article "el"): case-folded, curly
    apostrophes (and ‘ set for one) straightened."""
    return unicodedata.normalize("NFC", word.casefold().replace("’", "'").replace("‘", "'").rstrip("."))


def fold_word(word: str) -> str:
    """A word as compared: case- and accent-folded, curly apostrophes (and ‘ set for one) straightened."""
    return "".join(c for c in unicodedata.normalize("NFKD", lower_word(word)) if not unicodedata.combining(c))


def _alternatives(words: list[str]) -> str:
    """A regex matching any of `words` as whole words (the longest that fits first), spaces matching any white
    space, an apostrophe either apostrophe ("s'inquiète", "s’inquiète"). The words are laid out as a tree of their common beginnings ("dij(?:eron|o)"), so that a table of a
    thousand word forms costs a few steps a position, not a thousand; a word that goes on comes before its
    shorter beginning ("fügte hinzu" before "fügte"), as in a list sorted longest first."""
    tree: dict = {}
    for word in {w.replace("’", "'") for w in words}:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return r"(?<![\w'’])(?:" + _branches(tree) + r")(?![\w])" if words else r"(?!x)x"


def _branches(node: dict) -> str:
    """The regex of a tree of word beginnings: each next character's branch, the end of a word last."""
    options = [(r"\s+" if char == " " else "['’]" if char == "'" else re.escape(char)) + _branches(child)
               for char, child in sorted(node.items()) if char]
    if "" in node and options:
        options.append("")
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")" if options else ""


def conjugated(lemmas: list, endings: dict[str, list[str]], inseparable: list[str]) -> list[str]:
    """The word forms a table's regular verbs of saying make by its suffix rules (`verb_endings`).

    Each infinitive takes the rule of the longest ending it has (es 'ar': 'explicar' → 'explicó', 'explicaron',
    …): a form replaces that ending. A form with '~' puts something before the rest of the infinitive too
    (de 'ge~t': 'sagen' → 'gesagt'), unless the infinitive opens with one of `inseparable` ('erklären' →
    'erklärt'). A '+' in an infinitive marks a separable prefix (de 'an+kündigen'): a form goes with the prefix
    after it ('kündigte an') and before it ('ankündigte', in a subordinate clause; not the infinitive: 'will
    klarstellen'), and a '~' form takes the prefix before all ('angekündigt'); the verb alone ('kündigte', its
    prefix at the end of the clause) is no form of it, as it is often another verb ('stellte' of
    'fest+stellen'): a table lists it where it is not."""
    forms = []
    for lemma in lemmas:
        prefix, _, verb = lemma.rpartition("+")
        ending = max((e for e in endings if verb.endswith(e)), key=len, default=None)
        if ending is None:
            raise ValueError(f"verb_lemmas: no rule in verb_endings for {lemma!r}")
        stem = verb[:len(verb) - len(ending)] if ending else verb
        for form in endings[ending]:
            if "~" in form:
                before, _, after = form.partition("~")
                if any(verb.startswith(p) for p in inseparable):
                    before = ""
                forms.append(prefix + before + stem + after)
            elif prefix:
                forms.append(f"{stem}{form} {prefix}")
                if stem + form != verb:  # glued, the infinitive is rather one after "will", "muss" than a plural
                    forms.append(prefix + stem + form)
            else:
                forms.append(stem + form)
    return forms


def _opening(words: list[str]) -> str:
    """A regex matching any of `words` opening a phrase, with the space after it (none after an elision: "qu'")."""
    return r"(?:" + "|".join(re.escape(w) + ("" if w.endswith(("'", "’")) else r"\s+") for w in words) + ")" \
        if words else r"(?!x)x"


@dataclass(frozen=True, eq=False)  # one object per language: hashed by identity
class Language:
    """How one language reports speech: its quotation marks, verbs of saying and the words around names."""

    code: str
    openers: dict[str, str]  # opening mark → the marks that may close it
    dialogue_dashes: str  # dashes that open a quotation when they open a paragraph
    verb: str  # regex: a verb of saying, with an auxiliary before it if any ("ha dicho", "has said")
    object_verb: str  # regex: a verb of saying whose next word is the listener ("told reporters")
    request: str  # regex: a verb asking someone to act ("urged", "exhortó"), with an auxiliary before it if any
    request_lead: str  # regex: the word before what is asked ("to", "a", "de"), or "" where the table has none
    conjunctions: str  # regex: "and", "but" joining a second reported clause
    conjunction_words: frozenset[str]  # the same, folded words
    inverted_verb: str  # regex: a verb of saying that may have its subject after it ("said X", not "told X")
    clitic_verb: str  # regex: a verb of saying with its subject in it ("a-t-elle précisé", "estime-t-il")
    that: str  # regex: the word opening a reported clause, with the space after it
    newcomer: str  # regex: a word opening a noun phrase about someone not met yet ("a", "his"), with its space
    infinitive: str  # regex: a verb in the infinitive, opening a reported clause ("disse esperar …")
    attributive: tuple[str, ...]  # words (as written, lower case) after which a verb form is an adjective ("his alleged …")
    interrogatives: frozenset[str]  # folded words opening an indirect question ("whether"): a verb after one says nothing
    asked: frozenset[str]  # folded participles of asking that open a question put to the speaker ("Interrogado se …")
    negations: frozenset[str]  # folded words that, right before a verb of saying, deny it was said ("did not say")
    object_pronouns: frozenset[str]  # folded pronouns that may be a verb of saying's object ("said this to …")
    gerund: str  # regex: a verb form that takes the subject of its sentence ("saying", "afirmando", "affirmant")
    infinitive_lead: str  # regex: a word that may stand before that infinitive ("a promis de respecter …"), or ""
    when: str  # regex: when it was said, between the verb and a clause with no "that" ("said on Monday …")
    bare_clause: str  # a reported clause may follow its verb with no "that": "" no, "comma" after a comma, "true" yes
    back_reference: str  # regex: words opening a sentence that stand for the sentence before as what was said, with the space after
    as_said: str  # regex: "as" before a verb of saying after a quote ('”, tal como han trasladado fuentes oficiales')
    according_to: str  # regex: "according to", "segundo", "laut" …
    according_inline: bool  # "laut X" may need no comma after the name ("sollen laut Kröger … fertig sein")
    own_view: str  # regex: "in his view", opening a sentence: what follows is the view of whom the text is about
    according_to_at_start: str  # regex: the same, and words that mean it only opening a sentence ("Para X, …")
    pronouns: frozenset[tuple[str, ...]]  # words (lower_word: accents kept) that stand for the speaker named just before
    asides: frozenset[str]  # folded first words of an aside after a name ("a former …")
    relatives: frozenset[str]  # folded relative pronouns: "X met Y, who said": Y said it
    clause_openers: frozenset[str]  # folded words opening a clause inside a subject ("ayant", "who"): a name after it is no speaker
    subordinators: frozenset[str]  # folded words opening a clause of time, cause or concession ("cuando", "when")
    connective: str  # regex: the same, as written
    connectives: frozenset[str]  # folded words that open a sentence and name nobody: "Además, aseguró que …"
    titles: frozenset[str]  # folded job titles, dropped from the front of a name
    title_endings: tuple[str, ...]  # folded endings of compound job titles ("…sprecherin")
    prepositions: frozenset[str]  # folded prepositions
    prepositions_as_written: frozenset[str]  # the same, case-folded only: pt "à" is no article "a"
    particles: frozenset[str]  # folded lower-case words inside a name ("da", "von")
    not_names: frozenset[str]  # folded capitalised words that are no name (sentence openers, weekdays, months)
    months: frozenset[str]  # folded month names: a name beside another capitalised word ("August Hanning")
    nouns_capitalised: bool  # a capitalised word alone is no name
    subject_left_out: bool  # a verb may have its subject left out: "Invitó a la gente …" is about who spoke last
    articles: frozenset[str]  # folded articles: where nouns are capitalised, the word after one is a noun
    role_articles: frozenset[str]  # folded articles that open a speaker named by a role alone ("a spokesman")
    role_links: frozenset[str]  # folded words that join a role to what it is of ("a spokesman for the council")
    reported_mood: frozenset[str]  # verb forms, case-folded only (würden is no wurden), that keep a sentence in reported speech
    documents: frozenset[str]  # folded nouns of what a speaker issues ("statement", "nota"): it stands for its issuer
    institutions: frozenset[str]  # folded nouns of bodies that speak as themselves ("police", "Staatsanwaltschaft")
    offices: frozenset[str]  # folded nouns of bodies that speak as themselves with what they are of ("ministry of …")
    clause_elisions: tuple[str, ...]  # folded elided words that open a clause ("s'", "qu'"): a role's words end before one


KEYS = {"quotes", "dialogue_dash", "verbs", "verb_lemmas", "verb_endings", "inseparable_prefixes", "irregular_verbs",
        "verbs_left_out", "object_verbs", "request_verbs", "request_lead", "inverted_only", "auxiliaries", "subject_clitics", "conjunctions",
        "that", "newcomers", "infinitive", "gerund", "attributive", "interrogatives", "asked", "negations", "object_pronouns", "infinitive_lead", "when", "bare_clause", "according_to", "as_said", "back_reference",
        "according_to_inline", "according_to_at_start", "own_view", "pronouns", "asides", "relatives", "clause_openers", "connectives", "subordinators", "titles", "title_endings",
        "prepositions", "particles", "not_names", "months", "nouns_capitalised", "subject_left_out", "articles", "role_articles", "role_links", "reported_mood",
        "documents", "institutions", "offices", "clause_elisions"}


@lru_cache(maxsize=None)
def language(code: str) -> Language:
    """The table of a supported language."""
    path = TABLES / f"{code}.yaml"
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every word a string: "No" is no boolean
    unknown = set(raw) - KEYS
    if unknown:  # a table is the project's own data: a typo in it is a bug, not a user's mistake
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}; known: {sorted(KEYS)}")

    def words(key: str) -> list[str]:
        return raw.get(key) or []

    def folded(key: str) -> frozenset[str]:
        return frozenset(fold_word(w) for w in words(key))

    clitics = rf"(?:{'|'.join(re.escape(c) for c in words('subject_clitics'))})"
    subject_in = rf"{clitics}(?![\w-])"  # 'a-t-il': the subject in the verb
    clitic = rf"{clitics}?(?![\w-])" if words("subject_clitics") else ""
    auxiliaries = _alternatives(words("auxiliaries"))
    with_subject = rf"{auxiliaries}{subject_in}\s+(?:{_alternatives(words('connectives'))}\s+)?"  # 'avait-elle alors'
    auxiliary = rf"(?:{with_subject}|{auxiliaries}\s+)?"  # 'a-t-il déclaré', 'a déclaré'
    irregular = raw.get("irregular_verbs") or {}
    made = conjugated(words("verb_lemmas"), raw.get("verb_endings") or {}, words("inseparable_prefixes"))
    left_out = {w.casefold() for w in words("verbs_left_out")}
    verbs = [w for w in words("verbs") + made + [f for forms in irregular.values() for f in forms or []]
             if w.casefold() not in left_out]
    said = _alternatives(sorted(set(verbs) - set(words("object_verbs"))) + words("inverted_only"))  # 'said X'
    requests = [f for lemma in words("request_verbs")
                for f in (irregular.get(lemma) or ([lemma] if " " in lemma else conjugated(
                    [lemma], raw.get("verb_endings") or {}, words("inseparable_prefixes"))))
                if f.casefold() not in left_out]  # a phrase ("called on") is a form as it stands
    return Language(
        code=code,
        openers={opening: closing for opening, closing in raw["quotes"]},
        dialogue_dashes="".join(words("dialogue_dash")),
        verb=auxiliary + _alternatives(verbs) + clitic,  # 'estime-t-il'
        object_verb=auxiliary + _alternatives(words("object_verbs")) + clitic,
        request=auxiliary + _alternatives(requests) + clitic if requests else r"(?!x)x",
        request_lead=raw.get("request_lead") or r"(?!x)x",
        conjunctions=_alternatives(words("conjunctions")),
        conjunction_words=folded("conjunctions"),
        inverted_verb=auxiliary + said + clitic,
        clitic_verb=rf"(?:{with_subject}{said}|{said}{subject_in})" if words("subject_clitics") else r"(?!x)x",
        that=_opening(words("that")),
        newcomer=_opening(words("newcomers")),
        infinitive=raw.get("infinitive") or r"(?!x)x",
        infinitive_lead=raw.get("infinitive_lead") or "",
        gerund=raw.get("gerund") or r"(?!x)x",
        attributive=tuple(words("attributive")),
        interrogatives=folded("interrogatives"),
        negations=folded("negations"),
        asked=folded("asked"),
        object_pronouns=folded("object_pronouns"),
        when=raw.get("when") or r"(?!x)x",
        bare_clause="" if raw.get("bare_clause", "false") == "false" else raw["bare_clause"],
        according_to=_alternatives(words("according_to")),
        back_reference=_opening(words("back_reference")),
        as_said=_alternatives(words("as_said")) if words("as_said") else r"(?!x)x",
        according_inline=raw.get("according_to_inline") == "true",
        own_view=_alternatives(words("own_view")) if words("own_view") else r"(?!x)x",
        according_to_at_start=_alternatives(words("according_to") + words("according_to_at_start")),
        pronouns=frozenset(tuple(lower_word(w) for w in p.split()) for p in words("pronouns")),
        asides=folded("asides"),
        relatives=folded("relatives"),
        connectives=folded("connectives"),
        connective=_alternatives(words("connectives")),
        subordinators=folded("subordinators"),
        clause_openers=folded("clause_openers"),
        titles=folded("titles"),
        title_endings=tuple(fold_word(w) for w in words("title_endings")),
        prepositions=folded("prepositions"),
        prepositions_as_written=frozenset(w.casefold() for w in words("prepositions")),
        particles=folded("particles"),
        not_names=folded("not_names") | folded("months"),
        months=folded("months"),
        nouns_capitalised=raw.get("nouns_capitalised") == "true",
        subject_left_out=raw.get("subject_left_out") == "true",
        articles=folded("articles"),
        role_articles=folded("role_articles"),
        role_links=folded("role_links"),
        reported_mood=frozenset(w.casefold() for w in words("reported_mood")),
        documents=folded("documents"),
        institutions=folded("institutions"),
        offices=folded("offices"),
        clause_elisions=tuple(fold_word(w) for w in words("clause_elisions")),
    )
