"""Who may speak in an article: the registry's experts, the names the text gives, and who spoke last."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from slugify import slugify

from .language import Language, fold_word, is_title

_TOKEN = re.compile(r"[\w][\w'’‘.-]*")


def tokens(text: str) -> list[tuple[int, int, str]]:
    """The words of `text`: (start, end, folded word); a trailing full stop is kept only on initials."""
    found = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        end = match.end()
        while len(word) > 2 and word[-1] in ".-'’‘":
            word, end = word[:-1], end - 1
        found.append((match.start(), end, fold_word(word)))
    return found


def _is_capitalised(word: str) -> bool:
    """'Voss', and 'al-Rashid', 'el-Sisi' (a particle joined by a hyphen), 'd'Estaing', 'l‘Expansion' (an elided one)."""
    joined = re.match(r"^[a-z]{1,3}-(\w)|^[a-z]{1,2}['’‘](\w)", word)
    return word[:1].isupper() or bool(joined and (joined.group(1) or joined.group(2)).isupper())


def name_runs(text: str, table: Language) -> list[tuple[int, int, str]]:
    """The runs of capitalised words that may be a name (start, end, name), job titles and sentence
    openers left out, lower-case particles ("da", "von", "al") kept only between capitalised words."""
    runs = []
    words = tokens(text)
    index = 0
    while index < len(words):
        start, end, folded = words[index]
        word = text[start:end]
        if not _is_capitalised(word) or _not_a_name(text, words, index, table) or _noun_after_article(text, words, index, table):
            index += 1
            continue
        last = index
        probe = index + 1
        while probe < len(words):
            p_start, p_end, p_folded = words[probe]
            between = text[words[probe - 1][1]:p_start]
            if between.strip() or "\n\n" in between.replace(" ", ""):  # a comma, a bracket, a dash or the end of a
                break  # paragraph ends a name ('… by International Monetary Fund' + 'Kwasi Kwarteng is …')
            probe_word = text[p_start:p_end]
            if _is_capitalised(probe_word) and not _not_a_name(text, words, probe, table):
                last = probe
            elif p_folded not in table.particles:
                break
            probe += 1
        first = index
        for inner in range(index, last):  # "Mayor Helena Voss", "Thales CEO Jean-Bernard Levy"; not "Secretaria de …"
            if is_title(words[inner][2], table) and words[inner + 1][2] not in table.particles | table.titles:
                first = inner + 1
        possessive = text[words[last][0]:words[last][1]].endswith(("'s", "’s"))  # "Kwasi Kwarteng’s plans"
        if not possessive and (first < last or not is_title(words[first][2], table)):
            runs.append((words[first][0], words[last][1], text[words[first][0]:words[last][1]]))
        index = last + 1
    return runs


def _not_a_name(text: str, words: list[tuple[int, int, str]], index: int, table: Language) -> bool:
    """Whether a capitalised word is no part of a name: a sentence opener, a weekday, a month — but a month's
    name beside another capitalised word, and no number, is a name ('August Hanning', 'Theresa May'; not
    '20. August Müller', nor 'In May')."""
    folded = words[index][2]
    if folded not in table.months:
        return folded in table.not_names
    beside = [(text[s:e], w) for s, e, w in words[max(0, index - 1):index + 2] if s != words[index][0]]
    return any(w[:1].isdigit() for _, w in beside) or not any(
        _is_capitalised(word) and w not in table.not_names for word, w in beside)


def _noun_after_article(text: str, words: list[tuple[int, int, str]], index: int, table: Language) -> bool:
    """Where nouns are capitalised, a word right after an article is a noun, not a name ('des Senders zu RTL',
    'Die Katholikin Sophie'): the name, if any, starts after it."""
    return (table.nouns_capitalised and index > 0 and words[index - 1][2] in table.articles
            and not text[words[index - 1][1]:words[index][0]].strip())


def short_forms(text: str, table: Language) -> dict[str, str]:
    """Folded acronym → the name it stands for, where the text gives it in brackets right after that name ('the
    Bank of England (BoE)', 'Fondo Monetario Internacional (FMI)', 'Comité pour la transition et la restauration
    des institutions (CTRI)'): the words before the bracket whose initials spell its capitals, each capitalised
    word giving one letter and each lower-case word one or none; acronyms given to two names left out."""
    found: dict[str, set[str]] = {}
    for match in re.finditer(r"\(([A-Z][A-Za-z]*[A-Z])\)", text):
        lead = re.split(r"[.,;:!?()\"“”„«»]", text[max(0, match.start() - 160):match.start()])[-1]
        words = tokens(lead)
        letters = "".join(c for c in match.group(1) if c.isupper()).casefold()
        for first in range(len(words) - 1, max(-1, len(words) - 14), -1):
            word = _past_elision(lead[words[first][0]:words[first][1]])
            if _is_capitalised(word) and words[first][2] not in table.not_names | table.articles and _spells(
                    [_past_elision(lead[s:e]) for s, e, _ in words[first:]], letters):
                found.setdefault(fold_word(match.group(1)), set()).add(" ".join(lead[words[first][0]:].split()))
                break
    return {short: next(iter(names)) for short, names in found.items() if len(names) == 1}


def _past_elision(word: str) -> str:
    """A word without an elided article or preposition before it: 'Afrique' of 'l’Afrique'."""
    return re.sub(r"^\w['’]", "", word)


def _spells(words: list[str], letters: str) -> bool:
    """Whether the initials of `words` spell `letters`: each capitalised word gives one, a lower-case one or none."""
    if not words:
        return not letters
    initial = words[0][:1].casefold()
    takes = bool(letters) and fold_word(initial) == letters[0] and _spells(words[1:], letters[1:])
    return takes or not _is_capitalised(words[0]) and _spells(words[1:], letters)


def folded_name(name: str) -> tuple[str, ...]:
    return tuple(word for _, _, word in tokens(name))


@dataclass
class Speakers:
    """Who may speak: known experts by name and alias, those met for the first time, and who spoke last."""

    known: dict[tuple[str, ...], str]  # folded name or alias → expert id
    organizations: set[str] = field(default_factory=set)  # ids of experts that are not people
    new: dict[str, str] = field(default_factory=dict)  # expert id → name, for experts.yaml
    review: dict[str, str] = field(default_factory=dict)  # new expert id → what an editor should check
    full_names: dict[str, str] = field(default_factory=dict)  # folded surname → the full name the text gives
    short_forms: dict[str, str] = field(default_factory=dict)  # folded acronym → the name it stands for
    mid_sentence: set[str] = field(default_factory=set)  # folded words the text capitalises inside a sentence
    alone: set[str] = field(default_factory=set)  # folded names the text gives as one word ('Mme Wilson-Raybould')
    titled: dict[str, str] = field(default_factory=dict)  # folded job title → the one name the text gives it
    titles_given: dict[str, set[str]] = field(default_factory=dict)  # folded job title → the names the text gives it
    title_words: dict[str, set[str]] = field(default_factory=dict)  # name → folded words the text gives with its titles
    roles: dict[tuple[str, ...], str | None] = field(default_factory=dict)  # folded title → the one role the
    # text spells out with it ('le ministre de l'Intérieur'), None where it spells out several
    last: tuple[int, str] | None = None  # (paragraph, expert id) of the last claim
    subject: tuple[int, str, bool] | None = None  # (paragraph, id or name, is an id) of whom a sentence opened with
    issuer: tuple[str, bool] | None = None  # (id or name, is an id) of who the text last said issued a document

    def lookup(self, text: str) -> list[tuple[int, int, str]]:
        """The experts named in `text`: (start, end, id), longest names first where they overlap."""
        words = tokens(text)
        lengths = sorted({len(name) for name in self.known}, reverse=True)
        found = []
        index = 0
        while index < len(words):
            for length in lengths:
                key = tuple(w for _, _, w in words[index:index + length])
                if len(key) == length and key in self.known:
                    found.append((words[index][0], words[index + length - 1][1], self.known[key]))
                    index += length - 1
                    break
            index += 1
        return found

    def add(self, name: str, review: str = "", role: bool = False, short: str = "") -> str:
        """The id of a speaker met for the first time, named `name` (a person's name, or a role or a name with a
        short form as the text words it: met again only by those words, or by that short form); `review` says
        what an editor should check."""
        expert_id = slugify(name) or "speaker"
        if expert_id not in self.new:
            self.new[expert_id] = name
            if review:
                self.review[expert_id] = review
            for key in [folded_name(name), folded_name(short)] if role or short else _keys(name, person=True):
                if key:
                    self.known.setdefault(key, expert_id)
        return expert_id

    def credit(self, paragraph: int, expert_id: str) -> None:
        self.last = (paragraph, expert_id)
        self.subject = None  # who spoke is now the one named last

    def carry(self, paragraph: int) -> None:
        """A paragraph that names nobody goes on about who spoke last: their words may still follow."""
        recent = self.recent(paragraph)
        if recent:
            self.last = (paragraph, recent)

    def recent(self, paragraph: int) -> str | None:
        """Who spoke last, if in this paragraph or the one before: no further (a quote further on is
        rather left out than credited to someone who spoke long before)."""
        if self.last and self.last[0] >= paragraph - 1:
            return self.last[1]
        return None


def _keys(name: str, person: bool) -> list[tuple[str, ...]]:
    """The folded forms a name is met by: whole, and for a person the surname, later parts of the name
    ("Lula" of "Luiz Inácio Lula da Silva", "López Obrador") and initials ("AMLO")."""
    words = folded_name(name)
    keys = [words]
    if person and len(words) > 1:
        keys += [words[i:j] for i in range(1, len(words)) for j in range(i + 1, len(words) + 1)
                 if len(words[i]) > 3 and len(words[j - 1]) > 3]
        initials = "".join(w[0] for w in words if len(w) > 3)
        if len(initials) >= 3:
            keys.append((initials,))
    return keys


def known_speakers(experts: list) -> Speakers:
    """Who may speak: folded id, name, aliases and (for people) the parts of their name → expert id,
    ambiguous ones left out."""
    candidates: dict[tuple[str, ...], set[str]] = {}
    for expert in experts:
        keys = [folded_name(expert.id.replace("-", " ")), *_keys(expert.name, expert.kind != "organization"),
                *(folded_name(alias) for alias in expert.aliases)]
        for key in keys:
            if key:
                candidates.setdefault(key, set()).add(expert.id)
    known = {key: next(iter(ids)) for key, ids in candidates.items() if len(ids) == 1}
    return Speakers(known, {e.id for e in experts if e.kind == "organization"})
