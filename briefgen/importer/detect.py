"""Finding direct quotes and reported speech in an article's text, and guessing who said each.

Language-neutral: the words and marks of each language come from its table (language.py). A guess
always says what it rests on; a quote whose speaker the text does not establish is left out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..markdown import BLOCK_SEPARATOR
from .language import Language, fold_word
from .plaintext import dateline
from .speakers import Speakers, name_runs, tokens

MIN_DIRECT_WORDS = 5  # shorter quoted bits are scare quotes, unless a verb of saying stands beside them
MIN_CLAIM_CHARS = 12


@dataclass(frozen=True)
class Detected:
    start: int
    end: int
    speaker: str
    kind: str
    why: str  # what the guess rests on, for the reviewer


# --- quotations, paragraphs and sentences -------------------------------------------------------

def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for paragraph in text.split(BLOCK_SEPARATOR):
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + len(BLOCK_SEPARATOR)
    return spans


def quote_chains(text: str, table: Language) -> list[list[tuple[int, int]]]:
    """The passages inside quotation marks, one span per paragraph: a quote left open at the end of a
    paragraph goes on in the next one only if that one opens with a quotation mark (news style), else it
    ends with its paragraph."""
    chains: list[list[tuple[int, int]]] = []
    chain: list[tuple[int, int]] = []
    closers = opener = ""
    open_at: int | None = None
    for start, end in paragraphs(text):
        if open_at is not None:
            chain.append((open_at, start - len(BLOCK_SEPARATOR)))
            open_at = None
            if text[start:start + 1] in table.openers:
                open_at, closers, opener = start + 1, table.openers[text[start]], text[start]
            else:
                chains.append(chain)
                chain = []
        index = open_at if open_at is not None else start
        if open_at is None and text[start:start + 1] and text[start] in table.dialogue_dashes:
            open_at, closers, opener, index = start + 1, table.dialogue_dashes, "", start + 1
        depth = 0  # quotation marks of the same kind opened inside the quote: « … « Mettez de l’ordre ! » »
        while index < end:
            char = text[index]
            if open_at is None and char in table.openers and not _is_apostrophe(text, index):
                open_at, closers, opener, depth = index + 1, table.openers[char], char, 0
            elif open_at is not None and char == opener and char not in closers:
                depth += 1
            elif open_at is not None and char in closers and index > open_at and depth:
                depth -= 1
            elif open_at is not None and char in closers and index > open_at:
                chain.append((open_at, index))
                chains.append(chain)
                chain, open_at = [], None
            index += 1
    if open_at is not None:
        chain.append((open_at, len(text)))
    if chain:
        chains.append(chain)
    trimmed = [[_trim(text, s, e) for s, e in c] for c in chains]
    return [[(s, e) for s, e in c if e > s] for c in trimmed if any(e > s for s, e in c)]


def _is_apostrophe(text: str, index: int) -> bool:
    return text[index] in "'’" and index > 0 and text[index - 1].isalnum()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "…"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:…"):
        end -= 1
    return start, end


_SENTENCE_END = re.compile(r"[.!?…]+[\"”»“']?\s+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:e\.g|i\.e|etc|Mr|Ms|Mrs|Dr|Dra|Sr|Sra|St|Gen|Sen|Rep|Gov|No|vs|U\.S|U\.N|"
                           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Dic|Ene|Abr|Ago|Mme|Prof|Nr|bzw|ca))\.$")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, not cut after initials or abbreviations."""
    spans = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        following = text[match.end():match.end() + 2].lstrip("\"“„«»")
        if not following[:1].isupper() and not following[:1].isdigit():
            continue
        if _ABBREVIATION.search(text[begin:match.start() + 1].rstrip("\"”»'")):
            continue
        spans.append((begin, match.end() - (len(match.group(0)) - len(match.group(0).rstrip()))))
        begin = match.end()
    spans.append((begin, end))
    return [(s, e) for s, e in spans if e > s]


# --- who a piece of attribution names -----------------------------------------------------------

@lru_cache(maxsize=None)
def _patterns(table: Language) -> dict[str, re.Pattern]:
    verb, inverted, that, according = table.verb, table.inverted_verb, table.that, table.according_to
    who = r"(?P<who>[^\"“”„«».!?]{1,160}?)"
    return {
        # after a quote: ', said X.' / ', disse o presidente.' / ', sostuvo.' / ', X said.' / ', according to X'
        "after_verb": re.compile(rf"^[\s,—–-]*(?P<verb>{inverted})\b(?P<who>[^\"“”„«».!?;:]{{0,120}})", re.I),
        "after_subject": re.compile(rf"^[\s,—–-]*{who}\s+(?P<verb>{verb})\b", re.I),
        "after_according": re.compile(rf"^[\s,—–-]*{according}\s+(?P<who>[^\"“”„«».!?;:,]{{2,100}})", re.I),
        # before a quote: 'X said: "' / 'X disse que "' / 'said X: "' / 'Segundo X, "'
        "before_subject": re.compile(rf"{who}\s+(?P<verb>{verb})\b(?P<mid>[^\"“”„«».!?]{{0,60}}?)\s*(?:[:,]\s*)?"
                                     rf"(?:{that})?\s*$", re.I),
        "before_verb": re.compile(rf"(?:^|[,;]\s+)(?P<verb>{inverted})\s+(?P<who>[^\"“”„«»,:.!?]{{2,80}}?)\s*[:,]\s*$", re.I),
        "before_according": re.compile(rf"{according}\s+(?P<who>[^\"“”„«»,.!?]{{2,80}}),\s*$", re.I),
        "before_colon": re.compile(r"^(?P<who>[^\"“”„«».!?]{2,160}?)\s*[:]\s*$"),
        # reported speech, in a sentence without a direct quote
        "according_lead": re.compile(rf"^(?:[^,]{{0,40}}\s)?{table.according_to_at_start}\s+(?P<who>[^,]{{2,100}}?),\s+(?P<claim>.+)$",
                                     re.I | re.S),
        "according_trail": re.compile(rf"^(?P<claim>.+?),\s+{according}\s+(?P<who>[^,]{{2,100}}?)(?:,.*)?$", re.I | re.S),
        "according_mid": re.compile(rf"^.+?,\s+{according}\s+(?P<who>[^,]{{2,100}}?),\s+(?P<claim>.+)$", re.I | re.S),
        "subject_trail": re.compile(rf"^(?P<claim>.+?),[\"”»]?\s+(?P<who>(?:(?!{verb}|{that})[^,]){{2,80}}?"
                                    rf"(?:,[^,]{{2,120}}?,)?)\s+"
                                    rf"(?P<verb>{verb})(?:\s+[^,\s]+){{0,4}}(?:,\s.*)?$", re.I | re.S),
        "verb_trail": re.compile(rf"^(?P<claim>.+?),[\"”»]?\s+(?P<verb>{inverted})\s+(?!{that})"
                                 rf"(?P<who>[^,\s]+(?:\s+[^,\s]+){{0,7}})(?:,.*)?$", re.I | re.S),
        "subject_that": re.compile(rf"^(?P<who>.{{0,160}}?)(?<![\w])(?P<verb>{verb})\b(?P<mid>[^.;:\"“”„«»]{{0,80}}?)"
                                   rf"(?:,\s*|\s+){that}(?P<claim>.+)$", re.I | re.S),
        # 'disse esperar "serenamente" pela decisão', 'a dit comprendre « cette tristesse »'
        "subject_infinitive": re.compile(rf"^(?P<who>.{{2,160}}?)\s+(?P<verb>{verb})\s+(?P<claim>(?:{table.infinitive})\s.+)$",
                                         re.I | re.S),
        "subject_bare": re.compile(rf"^(?P<who>.{{2,160}}?)\s+(?P<verb>{table.object_verb}\s+[^\s,:]+|{verb})\s*[,:]?\s+"
                                   rf"(?P<claim>.+)$", re.I | re.S),
        "subject_verb": re.compile(rf"^(?P<who>[^\"“”„«».!?]{{2,120}}?)\s+(?P<verb>{verb})\b", re.I),
        # an aside inside a quote or a sentence: '… – the note added – …' / '…, disse ele, …'
        "aside": re.compile(rf"\s[–—-]\s*(?:(?P<who>[^–—\"“”„«».!?]{{2,60}}?)\s+(?P<verb>{verb})|"
                            rf"(?P<verb2>{inverted})\s+(?P<who2>[^–—\"“”„«».!?]{{2,60}}?))\s*[–—-]\s", re.I),
        # where a reported clause ends: '… y ha aclarado que …', '… but added that …', '… and urged X to …'
        "and_verb_that": re.compile(rf"(?:;\s*|,?\s+(?:{table.conjunctions})\s+)(?:(?:[^\s,;]+\s+){{0,2}}?"
                                    rf"(?P<verb>{verb})\b\s*(?:[:,]\s*)?(?P<that>{that})?|(?P<that2>{that}))", re.I),
    }


@dataclass
class Context:
    """What attribution needs besides the words: the language, the speakers, where we are."""

    table: Language
    speakers: Speakers
    paragraph: int = 0


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _subject_part(who: str, position: str, table: Language) -> str:
    """The part of an attribution that names the speaker: before the verb, the last comma-part that is
    no aside ("Thomas Pickering, a former under secretary,"); after the verb, the first one."""
    parts = [p.strip() for p in re.split(r"[,(){}\[\]]|\s[–—-]\s", who) if p.strip()]
    if not parts:
        return ""
    if position == "after":  # the first part that names anyone: 'a promis, ému, le président Emmanuel Macron'
        return next((p for p in parts[:3] if any(w[:1].isupper() for w in p.split())), parts[0])
    while len(parts) > 1 and parts[-1][:1].islower() and not _titled_name(parts[-1], table) and (
            _first_word(parts[-1]) in table.asides | table.titles
            or _first_word(parts[-1]) not in table.not_names and any(len(tokens(n)) > 1 for p in parts[:-1]
                                                                   for _, _, n in name_runs(p, table))):
        parts.pop()  # an aside after the name: "X, a former minister,", "X, co-chief investment officer of Y,"
    return parts[-1]


def _titled_name(part: str, table: Language) -> bool:
    """Whether a part is a title and a name: 'general Rêgo Barros', 'ministro Paulo Guedes'."""
    words = tokens(part)
    return len(words) > 1 and words[0][2] in table.titles and part[words[1][0]:words[1][1]][:1].isupper()


def _first_word(text: str) -> str:
    words = tokens(text)
    return words[0][2] if words else ""


def _after_preposition(words: list[tuple[int, int, str]], start: int, table: Language) -> bool:
    """Whether the word before `start` is a preposition: "a la ministra", "in Paris" name no subject."""
    before = [w for s, e, w in words if e <= start]
    return bool(before) and before[-1] in table.prepositions


def _apposed(part: str, end: int, name_at: int, table: Language) -> bool:
    """Whether a name follows a title at most two words on, none of them a preposition ("o ministro em Brasília")."""
    gap = [w for _, _, w in tokens(part[end:name_at])] if name_at >= end else None
    return gap is not None and len(gap) <= 2 and not any(w in table.not_names or w in table.particles for w in gap)


def speaker_of(who: str, context: Context, position: str) -> tuple[str | None, str]:
    """The expert a piece of attribution names, and why we think so; (None, "") when it names nobody
    we may credit."""
    part = _subject_part(who, position, context.table)
    table, speakers = context.table, context.speakers
    candidates: list[tuple[int, str, object]] = []
    words = tokens(part)
    for start, end, expert_id in speakers.lookup(part):
        following = next((w for s, _, w in words if s > end), None)
        if not (expert_id in speakers.organizations and following in table.titles):  # "US Undersecretary"
            candidates.append((start, "known", expert_id))
    for index in range(len(words)):
        for pronoun in table.pronouns:
            if tuple(w for _, _, w in words[index:index + len(pronoun)]) == pronoun:
                candidates.append((words[index][0], "pronoun", part[words[index][0]:words[index + len(pronoun) - 1][1]]))
    for start, _, name in name_runs(part, table):
        before = [w for s, e, w in words if e <= start]
        single = tokens(name)[0][2] if len(tokens(name)) == 1 else None
        if single and ((before and before[-1] in table.particles)  # not "ministra de Defensa"
                       or single not in speakers.full_names and (table.nouns_capitalised
                                                                 or single not in speakers.mid_sentence)):
            continue  # nor "Naquele", capitalised only where a sentence starts
        candidates.append((start, "name", name))
    candidates = [c for c in candidates if c[1] == "known" or not _after_preposition(words, c[0], table)]
    names_at = [c[0] for c in candidates if c[1] == "name"]
    candidates = [c for c in candidates if c[1] != "pronoun"  # "le président français Emmanuel Macron": the name
                  or not any(_apposed(part, c[0] + len(str(c[2])), at, table) for at in names_at)]
    if not candidates:
        if position == "after" and len(words) <= 6 and not any(c[:1].isupper() for c in part.split()[:1] if c):
            return _implied(context)  # '"…", disse.' / 'aseguró ante una repregunta'
        return None, ""
    def rank(candidate: tuple[int, str, object]) -> tuple[int, int, int, str]:
        start, kind, value = candidate
        order = {"known": 0, "pronoun": 2, "name": 3}[kind] + (kind == "known" and value in speakers.organizations)
        nearest = -start if kind == "name" and position == "before" else start  # a new name: the nearest the verb
        return order, nearest, -len(str(value)), str(value)

    start, kind, value = min(candidates, key=rank)
    if kind == "known":
        return str(value), f'named: "{_shorten(part)}"'
    if kind == "pronoun":
        titled = next((speakers.titled[w] for _, _, w in tokens(str(value)) if w in speakers.titled), None)
        if titled:
            speaker, _ = _new_or_known(titled, titled, speakers)
            if speaker:
                return speaker, f'"{value}" taken as {titled}, so titled earlier in the text'
        speaker, why = _antecedent(context)
        return speaker, f'"{value}" taken as {why}' if speaker else ""
    return _new_or_known(str(value), part, speakers)


def _new_or_known(name: str, part: str, speakers: Speakers) -> tuple[str | None, str]:
    """A name the registry does not know: a surname the text gave in full earlier, or a new speaker."""
    words = tokens(name)
    if len(words) == 1:
        full = speakers.full_names.get(words[0][2])
        if full:
            known = speakers.lookup(full)
            if known:
                return known[0][2], f'"{name}" taken as {full}, named so earlier'
            return speakers.add(full, guessed=False), f'"{name}" taken as {full}, named so earlier; new speaker'
        return speakers.add(name, guessed=True), f'new speaker named by one word only, "{name}": check the full name'
    known = speakers.lookup(name)
    if known:
        return known[0][2], f'named: "{_shorten(part)}"'
    return speakers.add(name, guessed=False), f'new speaker "{name}" from "{_shorten(part)}"'


# --- direct quotes ------------------------------------------------------------------------------

def _aside(text: str, span: tuple[int, int], context: Context) -> tuple[str, str, list[tuple[int, int]]] | None:
    """An attribution set off by dashes inside a span ('… – the note added – …'): its speaker, why, and
    the pieces of the span on either side of it."""
    match = _patterns(context.table)["aside"].search(text, span[0], span[1])
    if not match:
        return None
    who, position = (match.group("who"), "before") if match.group("who") else (match.group("who2"), "after")
    speaker, why = speaker_of(who, context, position)
    if not speaker:
        return None
    pieces = [_trim(text, span[0], match.start()), _trim(text, match.end(), span[1])]
    return speaker, f"{why}, set off by dashes", [(s, e) for s, e in pieces if e > s]


def _attribute_chain(text: str, chain: list[tuple[int, int]], sentence: tuple[int, int], after_end: int,
                     context: Context) -> tuple[str | None, str, bool]:
    """Who said a quote, why we think so, and whether the attribution stands right beside it."""
    patterns = _patterns(context.table)
    raw_after = text[chain[-1][1]:after_end]
    after = raw_after.lstrip(" \"”»“'’,")
    next_to = bool(re.match(r"^[\s\"”»“'’]*[,—–-]", raw_after))  # '", said X' rather than '" to persist …, X said'
    before = text[sentence[0]:chain[0][0]].rstrip(" \"“„«»'‘")
    tries = [("after", patterns["after_according"].match(after), "after the quote", True),  # '» a promis X'
             ("after", patterns["after_verb"].match(after), "after the quote", True),
             ("before", patterns["after_subject"].match(after), "after the quote", next_to),
             ("before", patterns["before_according"].search(before), "before the quote", True),
             ("before", patterns["before_verb"].search(before), "before the quote", True),
             ("before", patterns["before_subject"].search(before), "before the quote", True),
             ("before", patterns["before_colon"].search(before), "before the quote (a colon, no verb)", True)]
    for position, match, where, beside in tries:
        if match and "mid" in match.groupdict() and len(match.group("mid").split()) > 1:
            beside = False  # 'He said the blaze was a "terrible tragedy"': words of the reported clause between
        if match:
            speaker, why = speaker_of(match.group("who"), context, position)
            if speaker:
                return speaker, f"{why}, {where}", beside
    for piece in chain:
        aside = _aside(text, piece, context)
        if aside:
            return aside[0], aside[1], True
    recent = context.speakers.recent(context.paragraph)
    if recent and context.speakers.last and context.speakers.last[0] == context.paragraph:
        return recent, "no attribution: taken as who spoke just before in this paragraph", False
    if recent and _whole_paragraph(text, chain, context):
        return recent, "no attribution: a paragraph of quotation right after this speaker's words", True
    return None, "", False


def _whole_paragraph(text: str, chain: list[tuple[int, int]], context: Context) -> bool:
    """Whether a quote is all its paragraph holds, and the paragraph before ended with someone's words."""
    start, end = paragraphs(text)[context.paragraph]
    last = context.speakers.last
    return (last is not None and last[0] == context.paragraph - 1 and chain[0][0] - start <= 1
            and not text[chain[-1][1]:end].strip(" \"”»“'’.,"))


def _words(text: str) -> int:
    return len(text.split())


# --- reported speech ----------------------------------------------------------------------------

def _paraphrases(text: str, span: tuple[int, int], context: Context) -> list[Detected]:
    """Reported speech in one sentence (or the part of one before a quote)."""
    start, end = span
    start += dateline(text[start:end])[2]
    body = text[start:end].rstrip(" .")
    if re.match(r"^[^.!?]{1,40}:\s", body) or body.endswith(":"):
        return []  # a kicker ("Experts: …") or a sentence that opens a quote
    patterns = _patterns(context.table)
    names = ["according_lead", "according_mid", "according_trail", "subject_trail", "verb_trail", "subject_that",
             "subject_infinitive"]
    if context.table.bare_clause:
        names.append("subject_bare")
    for name in names:
        match = patterns[name].search(body)
        if not match:
            continue
        claim_start, claim_end = match.span("claim")
        if claim_end - claim_start < MIN_CLAIM_CHARS:
            continue
        position = "after" if name in ("verb_trail", "according_trail", "according_lead", "according_mid") else "before"
        who = match.group("who")
        if name == "subject_that" and _subordinate(match.group("mid"), context.table):
            continue  # 'se han expresado así después de que …': no reported clause
        speaker, why = speaker_of(who, context, position) if who.strip() else _implied(context)
        if not speaker:
            continue
        return [Detected(*_trim(text, start + s, start + e), speaker, "paraphrase", f"reported speech, {why}")
                for s, e in _split_clauses(body, claim_start, claim_end, context.table)]
    return []


def _reported_mood(text: str, sentence: tuple[int, int], context: Context) -> list[Detected]:
    """A sentence in the mood of reported speech ('Er sei dunkel gekleidet.') right after someone's reported
    words in the same paragraph goes on with them."""
    last = context.speakers.last
    words = {w for _, _, w in tokens(text[sentence[0]:sentence[1]])}
    if not last or last[0] != context.paragraph or not words & context.table.reported_mood:
        return []
    start, end = _trim(text, sentence[0], sentence[1])
    while end > start and text[end - 1] in ".!?":
        end -= 1
    return [Detected(start, end, last[1], "paraphrase", "reported speech (its mood) going on from the sentence before")]


def _subordinate(mid: str, table: Language) -> bool:
    """Whether the words between a verb and 'that' open another clause ('después de que', 'so that') or are
    too many to be the verb's own ('ha confirmado este martes que' is fine)."""
    words = [w for _, _, w in tokens(mid)]
    return len(words) > 7 or bool(words) and words[-1] in table.prepositions | table.particles


def _antecedent(context: Context) -> tuple[str | None, str]:
    """Whom a pronoun or a left-out subject stands for: the one the sentence before is about, else who spoke
    last in this paragraph or the one before; and how to say so."""
    speakers = context.speakers
    if speakers.subject and speakers.subject[0] == context.paragraph:
        _, named, is_id = speakers.subject
        return (named if is_id else _new_or_known(named, named, speakers)[0]), f"{named}, whom the sentence before is about"
    recent = speakers.recent(context.paragraph)
    return (recent, "who spoke just before") if recent else (None, "")


def _implied(context: Context) -> tuple[str | None, str]:
    speaker, why = _antecedent(context)
    return (speaker, f"the subject left out: taken as {why}") if speaker else (None, "")


def _split_clauses(body: str, start: int, end: int, table: Language) -> list[tuple[int, int]]:
    """'que A y ha aclarado que B' → A and B."""
    pieces: list[tuple[int, int]] = []
    for match in _patterns(table)["and_verb_that"].finditer(body, start, end):
        if start is not None:
            pieces.append((start, match.start()))
        if match.group("that2") and not table.and_that_splits:
            continue  # 'que A y que B' is one claim where the table says so
        start = match.end() if match.group("that") or match.group("that2") else None  # 'and urged X to': no clause
    if start is not None:
        pieces.append((start, end))
    return [(s, e) for s, e in pieces if e - s >= MIN_CLAIM_CHARS]


# --- the whole text -----------------------------------------------------------------------------

def _full_names(text: str, table: Language) -> dict[str, str]:
    """Surname → the full name the text gives for it, when only one full name has that surname."""
    found: dict[str, set[str]] = {}
    for _, _, name in name_runs(text, table):
        words = tokens(name)
        if len(words) > 4:  # "Farmers Welfare Narendra Singh Tomar": the last three words
            name = name[words[-3][0]:]
        if len(words) >= 2:
            found.setdefault(words[-1][2], set()).add(" ".join(name.split()))
    return {surname: next(iter(names)) for surname, names in found.items() if len(names) == 1}


def _titled(text: str, table: Language) -> dict[str, str]:
    """Job title → the full name the text gives it ("el presidente Andrés Manuel López Obrador", "a vocera de la
    Presidencia, Gabriela Cerruti"), for the titles the text gives to one name only."""
    found: dict[str, set[str]] = {}
    for start, _, name in name_runs(text, table):
        if len(tokens(name)) < 2:
            continue
        lead = re.split(r"[.!?;:\"“”«»]", text[max(0, start - 60):start])[-1]
        words = tokens(lead)[-5:]
        for index in range(len(words) - 1, -1, -1):
            start_of, end_of, word = words[index]
            if word in table.titles:  # the nearest title: "la vocera de la Presidencia, Gabriela Cerruti"
                found.setdefault(word, set()).add(" ".join(name.split()))
                break
            if not (lead[start_of:end_of][:1].isupper() or word in table.particles | table.prepositions):
                break  # "la portavoz informó que Alberto Fernández": a verb between
    return {title: next(iter(names)) for title, names in found.items() if len(names) == 1}


def detect_claims(text: str, speakers: Speakers, table: Language) -> list[Detected]:
    """Direct quotes and reported speech in the text, in order, each with a guessed speaker."""
    speakers.full_names = _full_names(text, table)
    speakers.titled = _titled(text, table)
    speakers.mid_sentence = {fold_word(m.group(1)) for m in re.finditer(r"(?<=[\w,;)] )(\w[\w'’-]*)", text)
                             if m.group(1)[:1].isupper()}
    chains = quote_chains(text, table)
    detected: list[Detected] = []
    taken_until = 0  # the end of the last direct quote taken: sentences inside it are no more
    spans = paragraphs(text)
    for index, (p_start, p_end) in enumerate(spans):
        context = Context(table, speakers, index)
        all_sentences = sentences(text, p_start, p_end)
        for sentence in all_sentences:
            if sentence[0] < taken_until:
                continue
            claimed = []
            for chain in (c for c in chains if sentence[0] <= c[0][0] < sentence[1] and c[0][0] >= taken_until):
                after_end = _sentence_end(text, chain[-1][1], spans)
                speaker, why, beside = _attribute_chain(text, chain, sentence, after_end, context)
                words = sum(_words(text[s:e]) for s, e in chain)
                if not speaker or (words < MIN_DIRECT_WORDS and not beside):
                    continue
                if words < MIN_DIRECT_WORDS and _inside_reported_clause(text, sentence, chain, table):
                    continue
                claimed.append(chain)
                for piece in chain:
                    aside = _aside(text, piece, context)
                    for s, e in (aside[2] if aside and aside[0] == speaker else [piece]):
                        detected.append(Detected(s, e, speaker, "direct", why))
                speakers.credit(index, speaker)
                taken_until = max(taken_until, chain[-1][1])
            short_only = all(sum(_words(text[s:e]) for s, e in chain) < MIN_DIRECT_WORDS for chain in claimed)
            if short_only:  # no quote, or only a few quoted words that may sit inside reported speech
                found = _paraphrases(text, sentence, context) or _reported_mood(text, sentence, context)
                if found and claimed and not table.quoted_words_are_claims:
                    inside = {(s, e) for chain in claimed for s, e in chain
                              if any(c.start <= s and e <= c.end for c in found)}
                    detected = [d for d in detected if (d.start, d.end) not in inside]  # part of the paraphrase
            else:
                lead_end = claimed[0][0][0]
                found = _paraphrases(text, (sentence[0], lead_end), context) if _has_that_clause(
                    text[sentence[0]:lead_end], table) else []
            for claim in found:
                speakers.credit(index, claim.speaker)
            detected.extend(found)
            if table.quoted_words_are_claims:
                detected.extend(_quoted_words(found, chains, claimed))
            if not claimed and not found:
                _note_subject(text, sentence, context)
    return sorted(detected, key=lambda d: d.start)


def _quoted_words(paraphrases: list[Detected], chains: list[list[tuple[int, int]]],
                  claimed: list[list[tuple[int, int]]]) -> list[Detected]:
    """The words in quotation marks inside reported speech ('he has a “credible plan”'), as direct claims of
    the same speaker."""
    return [Detected(s, e, claim.speaker, "direct", f"quoted words inside reported speech; {claim.why}")
            for claim in paraphrases for chain in chains if chain not in claimed
            for s, e in chain if claim.start <= s and e <= claim.end]


def _note_subject(text: str, sentence: tuple[int, int], context: Context) -> None:
    """Remember the person a sentence without claims opens with ("Mr Macron was at the site"), for a "he
    said" in the next one."""
    speakers, table = context.speakers, context.table
    opening = text[sentence[0]:sentence[1]][:80]
    speaking = _patterns(table)["subject_verb"].match(text[sentence[0]:sentence[1]])
    if speaking:  # 'En su conferencia semanal, la vocera de Casa Rosada negó cambios': whoever is before the verb
        opening = _subject_part(speaking.group("who"), "before", table)
    titled = [speakers.titled[w] for _, _, w in tokens(opening)[:4] if w in speakers.titled]
    known = [i for s, _, i in speakers.lookup(opening) if (s <= 4 or speaking) and i not in speakers.organizations]
    runs = [n for s, _, n in name_runs(opening, table) if (s <= 4 or speaking) and len(tokens(n)) > 1]
    speakers.subject = ((context.paragraph, known[0], True) if known
                        else (context.paragraph, (titled + runs)[0], False) if titled or runs else None)


def _sentence_end(text: str, position: int, spans: list[tuple[int, int]]) -> int:
    """The end of the sentence `position` is in."""
    p_start, p_end = next(((s, e) for s, e in spans if s <= position <= e), (position, len(text)))
    return next((e for s, e in sentences(text, p_start, p_end) if s <= position <= e), p_end)


def _inside_reported_clause(text: str, sentence: tuple[int, int], chain: list[tuple[int, int]],
                            table: Language) -> bool:
    """A short quote inside a sentence of reported speech is part of that paraphrase."""
    return bool(re.search(table.that, text[sentence[0]:chain[0][0]], re.I)) and chain[0][0] - sentence[0] > 40


def _has_that_clause(lead: str, table: Language) -> bool:
    return bool(re.search(rf"{table.verb}\b[^\"“„«]*?(?:,\s*|\s+){table.that}\S", lead, re.I))
