"""Reported speech: the claims of a sentence that reports what someone said without quoting it ("X said that
…", "selon X, …", "laut X …"), each with the span of its reported clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .attribution import (Context, all_role, circumstance, first_word, implied, new_or_known, pronoun_words, speaker_of,
                          titled_as)
from .language import Language, is_title
from .passages import trim
from .patterns import patterns
from .plaintext import dateline
from .speakers import name_runs, tokens

MIN_CLAIM_CHARS = 12


@dataclass(frozen=True)
class Detected:
    start: int
    end: int
    speaker: str
    kind: str
    why: str  # what the guess rests on, for the reviewer


def paraphrases(text: str, span: tuple[int, int], context: Context) -> list[Detected]:
    """Reported speech in one sentence (or the part of one before a quote)."""
    start, end = span
    start += dateline(text[start:end])[2]
    body = text[start:end].rstrip(" .")
    if body.endswith(":") and patterns(context.table)["verb_that"].search(body):
        body = body[:-1].rstrip()  # 'Police released a statement … saying that the two suspects remained in custody:'
    if re.match(r"^[^.!?]{1,40}:\s", body) or body.endswith(":"):
        return []  # a kicker ("Experts: …") or a sentence that opens a quote
    regexes = patterns(context.table)
    names = ["own_view", "according_lead", "according_mid", "according_trail", "subject_trail", "verb_trail",
             "clitic_trail", "subject_that", "subject_infinitive"]
    if context.table.bare_clause:
        names.append("subject_bare")
    if context.table.according_inline:
        names.append("according_inline")
    trails = {name: regexes[name].search(body) for name in ("subject_trail", "verb_trail")}
    if all(trails.values()):  # 'Le Maroc, Roi, gouvernement et peuple, poursuivra sa mobilisation …, a conclu M.
        names.remove(min(trails, key=lambda name: trails[name].start("verb")))  # Benabdellah': the one at the end
    for name in names:
        match = regexes[name].search(body)
        if not match:
            continue
        offset = 0
        while name == "subject_that" and _subordinate(match.group("verb"), match.group("mid"), context.table):
            later = regexes[name].search(body[offset + match.end("verb"):])  # 'defendió la designación … y
            if not later or not re.search(rf"\s(?:{context.table.conjunctions})\s+$",  # precisó que …': the
                                          body[:offset + match.end("verb") + later.start("verb")]):
                break  # verb with no clause of its own gives way to one joined to it by "and" (same subject)
            offset, match = offset + match.end("verb"), later
        if offset:
            match = _Shifted(match, offset, body)
        claim_start, claim_end = match.span("claim")
        if name == "according_inline" and body[:match.start()].strip():
            claim_start = 0  # 'Die Straftat … soll sich laut Polizei nicht in Potsdam ereignet haben': all it reports
        quoted = re.compile(r":\s*[" + "".join(context.table.openers) + "]").search(body, claim_start, claim_end)
        claim_end = quoted.start() if quoted else claim_end  # 'negou que haja divergências: "Não existe briga"'
        if claim_end - claim_start < MIN_CLAIM_CHARS:
            continue
        position = "according" if name.startswith("according") or name == "own_view" else "after" \
            if name == "verb_trail" else "before"
        who = match.group("who")
        if name in ("according_lead", "according_mid"):
            claim_start = _past_apposition(body, claim_start, context.table)
            who = body[match.start("who"):claim_start]
        if name == "subject_that" and _subordinate(match.group("verb"), match.group("mid"), context.table):
            continue  # 'se han expresado así después de que …': no reported clause
        if name == "subject_bare" and context.table.bare_clause == "true" and first_word(
                body[claim_start:claim_end]) in context.table.prepositions and not re.match(
                context.table.object_verb, match.group("verb"), re.I):  # ('accused Russia of …' is one; after a
            continue  # comma, 'sagte …, in Zeiten wie diesen müssten …' may open so) 'Donald Trump responds to British
            # petition', 'responded with threats': no clause
        if name == "subject_bare" and _object_pronoun(body[claim_start:claim_end], context.table):
            continue  # 'Fahmi said this to the media when met …': what he said is "this", said before
        if name == "subject_bare" and _exhortation(body[claim_start:claim_end], context.table):
            continue  # 'It urged Mr Kwarteng to change course': no reported clause
        if name == "subject_bare" and _no_listener(match.group("verb"), context.table):
            continue  # 'Kwarteng urged to "re-evaluate" … by IMF': the one urged is no speaker
        if name == "subject_that" and any(
                earlier and earlier.start("verb") < match.start("verb") for earlier in (
                    regexes["subject_bare"].search(body) if context.table.bare_clause else None,
                    regexes["subject_infinitive"].search(body))):
            continue  # 'He said the blaze was a tragedy but added that …', 'disse esperar X, mas sublinhou que …': the
            # first clause has no 'that'
        if name.endswith("_trail") and first_word(body[claim_start:claim_end]) in context.table.asked:
            continue  # 'Interrogado se a ministra … tem condições …, o primeiro-ministro respondeu': the question
        if name.endswith("_trail") and (all_role(body[claim_start:claim_end], context.table)
                                        or match.group("who").lstrip()[:1] in context.table.openers):
            continue  # 'La députée de Québec solidaire, Manon Massé, s'est dite « accablée »': an apposition
        if name == "subject_trail" and (first_word(who) in context.table.prepositions or any(
                w.casefold() in context.table.reported_mood for w in who.split())):
            continue  # '…, with Madrid immediately vowing to …': no subject; '…, der CDU-Politiker habe sich
            # verleumderisch geäußert': a verb in it, so no subject but the end of a clause
        if name == "verb_trail" and re.match(rf"[^.;:]{{0,120}}?,\s*(?:{context.table.that})",
                                             body[match.end("verb"):] + " ", re.I):
            continue  # 'O porta-voz …, general Rêgo Barros, disse nesta terça-feira, 23, que …': the verb's own clause
        if position == "before" and _asked_whether(who, context.table):
            continue  # 'members wouldn't comment on whether they believe the mayor should resign': a question
        if position == "before" and _negated(who, context.table):
            continue  # 'He did not disclose specific details about …': nothing said
        inverted = _pronoun_after_verb(match, context.table)
        if inverted:  # 'Dem Handelsblatt sagte er, es gehe darum …': the subject after the verb
            who, position = inverted, "after"
        speaker, why = speaker_of(who, context, position, "" if position == "according" else match.group("verb")) \
            if who.strip() else implied(context)
        if not speaker:
            continue
        return [Detected(*trim(text, start + s, start + e), speaker, "paraphrase", f"reported speech, {why}")
                for s, e in _split_clauses(body, claim_start, claim_end, context.table, not position == "according")]
    return []


class _Shifted:
    """A match found in `body[offset:]`, read as one in `body`: its groups' spans shifted, and "who" taking in
    all the words before it."""

    def __init__(self, match: re.Match, offset: int, body: str) -> None:
        self._match, self._offset, self._body = match, offset, body

    def span(self, group: str) -> tuple[int, int]:
        start, end = self._match.span(group)
        return (0 if group == "who" else start + self._offset), end + self._offset

    def start(self, group: str = "who") -> int:
        return self.span(group)[0]

    def end(self, group: str) -> int:
        return self.span(group)[1]

    def group(self, group: str) -> str:
        start, end = self.span(group)
        return self._body[start:end]

    def groupdict(self) -> dict[str, str]:
        return {name: self.group(name) for name in self._match.groupdict()}


def _asked_whether(who: str, table: Language) -> bool:
    """Whether the verb before a clause stands in an indirect question ('… on whether they believe …', '… si cree
    que …', '… ob sie glaube …'): what follows is asked, not said."""
    part = re.split(r"[,;]", who)[-1]  # (not in circumstances: 'cuando le preguntaron si …, dijo')
    return any(w in table.interrogatives for _, _, w in tokens(part)) and not circumstance(part.split(), table)


def _negated(who: str, table: Language) -> bool:
    """Whether the word right before a verb denies it ('did not', "didn't", 'no', 'pas'): a clitic negation
    ("n't") counts at the end of a word."""
    last = tokens(who)[-1:]
    return bool(last) and (last[0][2] in table.negations or any(
        last[0][2].endswith(n) for n in table.negations if n.startswith("n'")))


def _object_pronoun(clause: str, table: Language) -> bool:
    """Whether a clause with no 'that' opens with a pronoun that is the verb's object, a preposition after it:
    'this to the media', 'it to reporters'."""
    words = tokens(clause)[:2]
    return len(words) == 2 and words[0][2] in table.object_pronouns and words[1][2] in table.prepositions


def _pronoun_after_verb(match: re.Match | _Shifted, table: Language) -> str:
    """A pronoun right after the verb, before the clause, where the subject may follow its verb ('Dem
    Handelsblatt sagte er, es gehe …', 'Hoy dijo él que …'), else ""."""
    mid = match.groupdict().get("mid")
    first = tokens(mid or "")[:1]
    return mid[first[0][0]:first[0][1]] if first and pronoun_words(mid)[:1] in table.pronouns else ""


def _exhortation(clause: str, table: Language) -> bool:
    """Whether a clause with no 'that' is rather a verb's object and a preposition ('Mr Kwarteng to change
    course', 'Kwarteng to act'): a preposition among its first three words, after capitalised ones only."""
    words = tokens(clause)[:3]
    return any(w in table.prepositions and all(clause[s:e][:1].isupper() for s, e, _ in words[:i])
               for i, (_, _, w) in enumerate(words) if i)


def _no_listener(verb: str, table: Language) -> bool:
    """Whether a verb that names its listener ('urged Kwarteng') has a preposition in the listener's place:
    it is a passive ('Kwarteng urged to act by the IMF', 'told by police') whose subject did not speak."""
    words = tokens(verb)
    return len(words) > 1 and words[-1][2] in table.prepositions


def _past_apposition(body: str, at: int, table: Language) -> int:
    """Where a reported clause starts past an apposition to its speaker: 'Selon Anne Hidalgo, la maire de Paris,
    les dons …', 'Segundo o ministro, Paulo Guedes, o corte …'."""
    match = re.match(r"([^,]{2,60}),\s+", body[at:])
    if not match:
        return at
    part = match.group(1).strip()
    names = name_runs(part, table)
    if names and names[0][2] == part or any(is_title(w, table) for _, _, w in tokens(part)[:2]):
        return at + match.end()
    return at


def headline_attribution(text: str, sentence: tuple[int, int], context: Context) -> list[Detected]:
    """A headline that ends with who says it, after a colon or a dash ('… to quash sex story - spokesperson',
    '… por FF24: alcaldesa', '…: Ábalos' where known), or opens with job titles and a colon ('Finance Minister:
    Anadolu News Agency circulates rumors'): the rest is their claim — job titles taken as the one name the text gives
    that title."""
    said = text[sentence[0]:sentence[1]]
    match = re.match(r"^(?P<claim>.{12,}?)\s*(?::|\s[-–—])\s+(?P<who>[^\s:–—-]+(?:\s+[^\s:–—-]+){0,2})\s*$", said) \
        or re.match(r"^(?P<who>[^\s:]+(?:\s+[^\s:]+){0,2}):\s+(?P<claim>[^\"“”„«»].{11,})$", said)
    if not match:
        return []
    who, words = match.group("who"), [w for _, _, w in tokens(match.group("who"))]
    titles = [n for n, w in enumerate(words) if is_title(w, context.table)]  # 'Finance Minister: …', '…: alcaldesa',
    if titles and (match.start("who") == 0 or len(words) == 1):  # 'Ministro de Cultura: …'
        name = titled_as(words[:titles[-1] + 1], words[titles[-1] + 1:], context)
        speaker = new_or_known(name, name, context.speakers)[0] if name else None
        why = f'the headline\'s "{who}", the title the text gives {name}'
    elif match.start("who") and any(e - s == len(who) for s, e, _ in context.speakers.lookup(who)):
        speaker, why = speaker_of(who, context, "after")  # '…: Ábalos', known ('Rochester City Council: …' opening
    else:  # a headline is a kicker, a topic's name, more often than who speaks)
        return []
    if not speaker:
        return []
    start, end = trim(text, sentence[0] + match.start("claim"), sentence[0] + match.end("claim"))
    return [Detected(start, end, speaker, "paraphrase", f"a headline's attribution: {why}")]


def reported_mood(text: str, sentence: tuple[int, int], context: Context, opens_paragraph: bool) -> list[Detected]:
    """A sentence in the mood of reported speech ('Er sei dunkel gekleidet.') right after someone's words goes
    on with them: in the same paragraph, or opening the next one (reported speech runs on over paragraphs)."""
    last = context.speakers.last
    said = text[sentence[0]:sentence[1]]
    words = {said[s:e].casefold() for s, e, _ in tokens(said)}  # accents kept: 'wurden' is no 'würden'
    if not last or not words & context.table.reported_mood or not (
            last[0] == context.paragraph or opens_paragraph and last[0] == context.paragraph - 1):
        return []
    start, end = trim(text, sentence[0], sentence[1])
    while end > start and text[end - 1] in ".!?":
        end -= 1
    return [Detected(start, end, last[1], "paraphrase", "reported speech (its mood) going on from the sentence before")]


def _subordinate(verb: str, mid: str, table: Language) -> bool:
    """Whether the words between a verb and 'that' open another clause ('después de que', 'so that'; what a request
    asks for: 'urged opposition politicians to stop issuing statements that …') or are too many to be the verb's
    own ('ha confirmado este martes que' is fine, and so is a preposition alone, the verb's own: 'insistieron en
    que', 'informó de que'; comma-parts saying when or where are not counted)."""
    own = [p for p in mid.split(",") if not (first_word(p) in table.prepositions or re.match(
        rf"\s*(?:{table.when})\b", p, re.I))]  # ', durante depoimento na Comissão de Agricultura da Câmara,'
    words = [w for _, _, w in tokens(mid)]
    return len(tokens(",".join(own))) > 7 or len(words) > 1 and words[-1] in table.prepositions | table.particles or bool(
        re.match(table.request, verb, re.I) and re.search(rf"\s(?:{table.request_lead})\s*\w", mid, re.I))


def _split_clauses(body: str, start: int, end: int, table: Language, after_verb: bool) -> list[tuple[int, int]]:
    """'que A y ha aclarado que B', 'que A y que B' → A and B; a bare 'y que B' only after a verb of saying
    ('De acordo com a nota, A e que B' is one clause that a slip of the pen joined with "que")."""
    pieces: list[tuple[int, int]] = []
    for match in patterns(table)["and_verb_that"].finditer(body, start, end):
        if match.group("that2") and not after_verb:
            continue
        if start is not None:
            pieces.append((start, match.start()))
        start = match.end() if match.group("that") or match.group("that2") or match.group("infinitive") or \
            _bare_clause_after(body, match, end, table) else None  # 'and urged X to': no clause
    if start is not None:
        pieces.append((start, end))
    return [(s, e) for s, e in pieces if e - s >= MIN_CLAIM_CHARS]


def _bare_clause_after(body: str, match: re.Match, end: int, table: Language) -> bool:
    """Whether a verb of saying joined by "and"/"but" opens a clause with no "that", where the table allows one:
    '… but admitted his utterances were unfortunate'; not 'and urged X to …', 'and responded with …'."""
    verb = match.group("verb")
    return bool(verb) and table.bare_clause == "true" and not re.match(table.object_verb, verb, re.I) \
        and first_word(body[match.end():end]) not in table.prepositions


def adding_that(text: str, start: int, end: int, speaker: str, table: Language) -> list[Detected]:
    """Reported speech after a quote's attribution: '"…," he said, adding that it is doubtful …'."""
    match = patterns(table)["adding_that"].search(text, start, end)
    if not match or match.end("claim") - match.start("claim") < MIN_CLAIM_CHARS:
        return []
    if text[match.start("claim"):match.end("claim")].lstrip()[:1] in table.openers:
        return []  # 'affirmant que «les prochaines heures seront difficiles»': a quote, taken as one
    return [Detected(*trim(text, match.start("claim"), match.end("claim")), speaker, "paraphrase",
                     "reported speech after the quote's attribution")]
