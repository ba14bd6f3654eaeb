"""Finding direct quotes and reported speech in an article's text, and guessing who said each.

Language-neutral: the words and marks of each language come from its table (language.py). A guess
always says what it rests on; a quote whose speaker the text does not establish is left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .attribution import (Context, antecedent, first_word, full_names, full_roles, note_issuer, note_subject,
                          speaker_of, subject_speaker, titled_names)
from .language import Language, fold_word
from .passages import paragraphs, quote_chains, sentence_end, sentences, trim
from .patterns import patterns
from .reported import Detected, adding_that, headline_attribution, paraphrases, reported_mood
from .speakers import Speakers, name_runs, short_forms, tokens


MIN_DIRECT_WORDS = 5  # shorter quoted bits are scare quotes, unless a verb of saying stands beside them
_MARKS = " \"“”„«»'‘’.,!?…"  # around a quote: its marks and its sentence's punctuation


def _aside(text: str, span: tuple[int, int], context: Context) -> tuple[str, str, list[tuple[int, int]]] | None:
    """An attribution set off by dashes inside a span ('… – the note added – …'), or an incise with its subject in
    the verb ('« …, a-t-elle indiqué. … »'): its speaker, why, and the pieces of the span on either side of it."""
    match = patterns(context.table)["aside"].search(text, span[0], span[1])
    if not match:
        return None
    who, position = (match.group("who"), "before") if match.group("who") else (match.group("who2") or "", "after")
    speaker, why = speaker_of(who, context, position)
    if not speaker:
        return None
    pieces = [trim(text, span[0], match.start()), trim(text, match.end(), span[1])]
    return speaker, f"{why}, set off by dashes", [(s, e) for s, e in pieces if e > s]


def _attribute_chain(text: str, chain: list[tuple[int, int]], sentence: tuple[int, int], after_end: int,
                     context: Context) -> tuple[str | None, str, bool, bool]:
    """Who said a quote, why we think so, whether the attribution stands right beside it, and whether it follows
    the quote."""
    regexes = patterns(context.table)
    raw_after = text[chain[-1][1]:after_end]
    after = raw_after.lstrip(" \"”»“'’,")
    next_to = bool(re.match(r"^[\s\"”»“'’]*[,—–-]", raw_after))  # '", said X' rather than '" to persist …, X said'
    before = text[sentence[0]:chain[0][0]].rstrip(" \"“„«»'‘")
    if not before and _introduced(text, sentence, context):  # read in the paragraph it stands in
        before, context = _introduced(text, sentence, context), replace(context, paragraph=context.paragraph - 1)
    verb_after = regexes["after_verb"].match(after)
    left_out = [("after", verb_after, "after the quote", True)]  # '… diz esperar o momento certo: "…", declarou': a
    # verb after the quote with its subject left out has the subject of the quote's own sentence, if it names one
    if verb_after and verb_after.group("who").strip(" ,"):
        left_out = []
    tries = [("according", regexes["after_according"].match(after), "after the quote", True),
             *([] if left_out else [("after", verb_after, "after the quote", True)]),
             ("before", next_to and regexes["after_subject"].match(after), "after the quote", True),
             ("before", regexes["before_request"].search(before), "before the quote, asked for", True),
             ("before", regexes["before_according"].search(before), "before the quote", True),
             ("before", regexes["before_verb"].search(before), "before the quote", True),
             ("before", regexes["before_subject"].search(before), "before the quote", True),
             ("before", regexes["before_colon"].search(before), "before the quote (a colon, no verb)", True),
             *left_out,
             ("according", regexes["according_lead"].search(before), "opening the sentence", False)]  # 'Para Salas,
    # la sola divulgación de esta confesión ha hecho que “el proceso se empiece a viciar”'
    named_another = False  # '"…," said a spokesman for the union': someone new, not whoever spoke before
    for position, match, where, beside in tries:
        if match and "mid" in match.groupdict() and len(match.group("mid").split()) > 1 and not before.endswith(":"):
            beside = False  # 'He said the blaze was a "terrible tragedy"': words of the reported clause between
        if match:
            who = match.group("who")
            if where.startswith("before") and re.search(rf"\s(?:{context.table.conjunctions})\s*$", who, re.I):
                who = before[:match.end("who")]  # 'the IMF said it was “…” developments and urged Mr Kwarteng to':
                # the whole sentence before the verb, whose subject a verb after "and" shares
            speaker, why = speaker_of(who, context, position, match.groupdict().get("verb") or "")
            if speaker:
                return speaker, f"{why}, {where}", beside, where.startswith("after")
            named_another = named_another or where == "after the quote" and beside and bool(
                re.match(context.table.newcomer, match.group("who").strip(" ,"), re.I))
    for piece in chain:
        aside = _aside(text, piece, context)
        if aside:
            return aside[0], aside[1], True, False
    speakers = context.speakers
    recent = speakers.recent(context.paragraph)
    if named_another or regexes["attribution_inside"].search(after):  # '… des «priorités …» des organisations
        return None, "", False, False  # djihadistes, a souligné Emmanuel Macron': the sentence's speaker, not the last
    if speakers.subject and speakers.subject[0] == context.paragraph:
        speaker, why = antecedent(context)  # whom the sentence before is about: 'Greta Thunberg forderte …'
        return speaker, f"no attribution: taken as {why}", False, False
    if recent and speakers.last and speakers.last[0] == context.paragraph:
        return recent, "no attribution: taken as who spoke just before in this paragraph", False, False
    if recent and _whole_paragraph(text, chain, context):
        return recent, "no attribution: a paragraph of quotation right after this speaker's words", True, False
    return None, "", False, False


def _introduced(text: str, sentence: tuple[int, int], context: Context) -> str:
    """The sentence that introduces a paragraph opening with a quote, when the paragraph before ends with it
    and a colon ('Voss said:' / 'a-t-il déclaré :'); else ""."""
    spans = paragraphs(text)
    if context.paragraph == 0 or sentence[0] != spans[context.paragraph][0]:
        return ""
    start, end = spans[context.paragraph - 1]
    last = sentences(text, start, end)[-1] if end > start else (start, end)
    return text[last[0]:last[1]] if text[start:end].rstrip().endswith(":") else ""


def _whole_paragraph(text: str, chain: list[tuple[int, int]], context: Context) -> bool:
    """Whether a quote is all its paragraph holds, and the paragraph before ended with someone's words."""
    start, end = paragraphs(text)[context.paragraph]
    last = context.speakers.last
    return (last is not None and last[0] == context.paragraph - 1 and chain[0][0] - start <= 1
            and not text[chain[-1][1]:end].strip(" \"”»“'’.,"))


def detect_claims(text: str, speakers: Speakers, table: Language, headline_end: int = 0) -> list[Detected]:
    """Direct quotes and reported speech in the text, in order, each with a guessed speaker; the text's first
    `headline_end` characters are its headline."""
    speakers.alone = {tokens(name)[0][2] for _, _, name in name_runs(text, table) if len(tokens(name)) == 1}
    speakers.full_names = full_names(text, table, speakers.alone)
    speakers.short_forms = short_forms(text, table)
    speakers.titles_given, speakers.title_words = titled_names(text, table)
    speakers.titled = {title: next(iter(names)) for title, names in speakers.titles_given.items() if len(names) == 1}
    speakers.roles = full_roles(text, table)
    speakers.mid_sentence = {fold_word(m.group(1)) for m in re.finditer(r"(?<=[\w,;)] )(\w[\w'’-]*)", text)
                             if m.group(1)[:1].isupper()}
    reader = _Reader(text, table, quote_chains(text, table), paragraphs(text))
    for index, (p_start, p_end) in enumerate(reader.spans):
        context = Context(table, speakers, index)
        unclaimed = None  # the sentence before in this paragraph, if it made no claim
        for sentence in sentences(text, p_start, p_end):
            if unclaimed and reader.back_reference(sentence, unclaimed, context):
                unclaimed = None
                continue  # 'Das antwortete sie lachend auf eine Frage …': the sentence before is what she said
            unclaimed = None
            if sentence[0] >= reader.taken_until:  # not a sentence of a quote already taken
                before = len(reader.detected)
                claimed = reader.direct_quotes(sentence, context)
                found = (not claimed and sentence[1] <= headline_end and reader.headline(sentence, context)) or \
                    reader.reported_speech(sentence, claimed, context) or reader.subjects_words(sentence, claimed, context)
                if not claimed and not found:
                    note_subject(text, sentence, context)
                    unclaimed = sentence
                note_issuer(text, sentence, reader.detected[before:], context)
    return sorted(reader.detected, key=lambda d: d.start)


@dataclass
class _Reader:
    """The claims found so far in one text, read sentence by sentence."""

    text: str
    table: Language
    chains: list[list[tuple[int, int]]]
    spans: list[tuple[int, int]]  # the paragraphs
    detected: list[Detected] = field(default_factory=list)
    taken_until: int = 0  # the end of the last direct quote taken

    def direct_quotes(self, sentence: tuple[int, int], context: Context) -> list[list[tuple[int, int]]]:
        """The quotes opening in a sentence that someone is found to have said, added as direct claims."""
        text, claimed = self.text, []
        for chain in (c for c in self.chains if sentence[0] <= c[0][0] < sentence[1] and c[0][0] >= self.taken_until):
            speaker, why, beside, follows = _attribute_chain(text, chain, sentence,
                                                             sentence_end(text, chain[-1][1], self.spans), context)
            short = _words_of(text, chain) < MIN_DIRECT_WORDS and not _whole_sentence(text, sentence, chain)
            if not speaker or short and (not beside or _inside_reported_clause(text, sentence, chain, self.table)
                                         or _name_like(text[chain[0][0]:chain[-1][1]], self.table)):
                continue
            claimed.append(chain)
            for piece in chain:
                aside = _aside(text, piece, context)
                for s, e in (aside[2] if aside and aside[0] == speaker else [piece]):
                    self.detected.append(Detected(s, e, speaker, "direct", why))
            if follows:
                self.detected.extend(self._completed_by_quote(sentence, chain, speaker, why, claimed))
            context.speakers.credit(context.paragraph, speaker)
            self.taken_until = max(self.taken_until, chain[-1][1])
            if not short:
                self.detected.extend(adding_that(text, chain[-1][1], sentence_end(text, chain[-1][1], self.spans),
                                                  speaker, self.table))
        return claimed

    def _completed_by_quote(self, sentence: tuple[int, int], chain: list[tuple[int, int]], speaker: str, why: str,
                            claimed: list[list[tuple[int, int]]]) -> list[Detected]:
        """A statement begun in the writer's words and ended in the speaker's, attributed after the quote ('Les
        fortes baisses d'impôts envisagées "vont probablement augmenter les inégalités", s'inquiète le FMI'): the
        whole of it is a paraphrase, and quoted words earlier in it are the speaker's too. Not where the words
        before the quote are an attribution or a circumstance set off by punctuation ('Lundi, « … », a dit X'), nor
        where they are only a word or two ('Des « … »': the quote says it all), nor where the sentence goes on to
        another quote ('Rendant hommage à la « … », M. Macron a dit comprendre « … »')."""
        text, table = self.text, self.table
        lead = text[sentence[0]:chain[0][0]].rstrip(" " + "".join(table.openers))
        relative = lead.endswith(",") and len(lead.split()) >= 6 and first_word(text[chain[0][0]:chain[0][1]]) in \
            table.relatives  # '… la fermeture définitive du site, « qui interviendra mi-mai »'
        if (len(chain) > 1 or len(lead.split()) < 3 or not (lead[-1].isalnum() or relative)
                or patterns(table)["verb"].search(lead)
                or any(chain[-1][1] < c[0][0] < sentence[1] for c in self.chains)):
            return []
        end = _past_closing_mark(text, chain[-1][1], table)
        earlier = [c for c in self.chains if sentence[0] <= c[0][0] and c[-1][1] <= chain[0][0] and c not in claimed]
        claimed.extend(earlier)
        return [Detected(*trim(text, sentence[0], end), speaker, "paraphrase", f"{why}, the quote ending a statement"),
                *(Detected(s, e, speaker, "direct", f"quoted words inside reported speech; {why}")
                  for c in earlier for s, e in c)]

    def back_reference(self, sentence: tuple[int, int], before: tuple[int, int], context: Context) -> list[Detected]:
        """A sentence that says who said the one before it ('Das antwortete sie lachend auf eine Frage …', 'That
        is what the minister told reporters'): that one is their claim, added."""
        match = patterns(self.table)["back_reference"].match(self.text, sentence[0], sentence[1])
        speaker, why = speaker_of(match.group("who"), context, "after") if match else (None, "")
        if not speaker:
            return []
        start, end = trim(self.text, *before)
        while end > start and self.text[end - 1] in ".!?":
            end -= 1
        found = [Detected(start, end, speaker, "paraphrase", f"the sentence after says so: {why}")]
        context.speakers.credit(context.paragraph, speaker)
        self.detected.extend(found)
        return found

    def headline(self, sentence: tuple[int, int], context: Context) -> list[Detected]:
        """A headline's claim of someone it names at its end ('…: alcaldesa'), added."""
        found = headline_attribution(self.text, sentence, context)
        for claim in found:
            context.speakers.credit(context.paragraph, claim.speaker)
        self.detected.extend(found)
        return found

    def subjects_words(self, sentence: tuple[int, int], claimed: list[list[tuple[int, int]]],
                       context: Context) -> list[Detected]:
        """A few words in quotation marks in a sentence with no verb of saying, that opens with a person (or a
        pronoun for one): that person's words ('Rêgo Barros tratou o tema como uma "pretensa discussão"'), unless
        they are a name or a title."""
        text = self.text
        if patterns(self.table)["verb"].search(text[sentence[0]:sentence[1]]):
            return []  # '…, quien incluso dijo que "extrañará" …': someone else may say them
        pieces = [(s, e) for chain in self.chains if sentence[0] <= chain[0][0] < sentence[1] and len(chain) == 1
                  and chain not in claimed
                  and _words_of(text, chain) < MIN_DIRECT_WORDS for s, e in chain
                  if not _name_like(text[s:e], self.table)]
        speaker, why = subject_speaker(text, sentence, context) if pieces else (None, "")
        if not speaker:
            return []
        found = [Detected(s, e, speaker, "direct", f"quoted words in a sentence about {why}") for s, e in pieces]
        self.detected.extend(found)
        context.speakers.credit(context.paragraph, speaker)
        return found

    def _quotes_in_reported_shape(self, found: list[Detected], claimed: list[list[tuple[int, int]]],
                                  context: Context) -> list[Detected]:
        """Reported speech that is only a quote ('"We will fight it," Reyes said.', 'Pour X, « … »') is that
        quote: a direct claim, taken once. The rest is returned."""
        text, kept = self.text, []
        for claim in found:
            words = text[claim.start:claim.end].strip(_MARKS)
            chain = next((c for c in self.chains if len(c) == 1 and text[c[0][0]:c[0][1]].strip(_MARKS) == words), None)
            if chain is None:
                kept.append(claim)
            elif chain not in claimed:
                claimed.append(chain)
                self.detected.append(Detected(*chain[0], claim.speaker, "direct", claim.why))
                context.speakers.credit(context.paragraph, claim.speaker)
        return kept

    def _through_quote(self, claim: Detected, chain: list[tuple[int, int]], sentence: tuple[int, int]) -> Detected:
        """A reported clause that runs into a quote ('asegura que la ministra de Defensa "se acuesta con el
        uniforme" y la califica …') goes on through it, to the next conjunction, semicolon, comma or the
        sentence's end, and through the quotes a conjunction joins to it ('que o ministro "já foi muito claro" e "tem
        respondido …"'); the quotes are then part of it, and direct claims too. A clause that is all quote
        ('affirmant que «…»') is left as it is."""
        text, table = self.text, self.table
        between = text[claim.end:chain[0][0]]
        if len(chain) > 1 or claim.end > chain[0][0] or between.strip(" " + "".join(table.openers)):
            return claim
        stops = re.compile(rf"[;.!?]|,\s|\s(?:{table.conjunctions})\s")
        while True:
            stop = stops.search(text, min(_past_closing_mark(text, chain[-1][1], table), sentence[1]), sentence[1])
            chain = next((c for c in self.chains if stop and stop.group(0).strip(" ,;.!?") and len(c) == 1
                          and c[0][0] - stop.end() in (0, 1)), None)
            if not chain:
                break
        end = trim(text, claim.start, stop.start() if stop else sentence[1])[1]
        return replace(claim, end=end, why=claim.why + ", going on through the quote it runs into")

    def reported_speech(self, sentence: tuple[int, int], claimed: list[list[tuple[int, int]]],
                        context: Context) -> list[Detected]:
        """The reported speech of a sentence (of the part before its quotes, if it has long ones), added."""
        text, table = self.text, self.table
        if any(s - 3 < sentence[0] < e for chain in self.chains if chain not in claimed for s, e in chain):
            return []  # a sentence inside or opening with a quotation nobody was found to have said: someone's words
        if all(_words_of(text, chain) < MIN_DIRECT_WORDS for chain in claimed):  # a few quoted words at most
            opens = any(sentence[0] == start for start, _ in self.spans)
            found = paraphrases(text, sentence, context) or reported_mood(text, sentence, context, opens)
            found = self._quotes_in_reported_shape(found, claimed, context)
        else:
            lead = (sentence[0], claimed[0][0][0])
            found = paraphrases(text, lead, context) if _has_that_clause(text[lead[0]:lead[1]], table) or patterns(
                table)["according_lead"].search(text[lead[0]:lead[1]]) else []  # 'Para Salas, la sola divulgación …
            # ha hecho que “el proceso se empiece a viciar”': the words before the quote are reported too
            found = [self._through_quote(claim, claimed[0], sentence) for claim in found]
        for claim in found:
            context.speakers.credit(context.paragraph, claim.speaker)
        self.detected.extend(found)
        self.detected.extend(_quoted_words(found, self.chains, claimed))
        return found


def _past_closing_mark(text: str, end: int, table: Language) -> int:
    """Where the words of a quote ending at `end` end with their closing mark: after '…",', '… »', '… in town,"'."""
    mark = re.compile(rf"[,.!?…]*\s?[{re.escape(''.join(table.openers.values()))}]+").match(text, end)
    return mark.end() if mark else end


def _whole_sentence(text: str, sentence: tuple[int, int], chain: list[tuple[int, int]]) -> bool:
    """Whether a quote is all its sentence says ('… », a dit le ministre. « Nous le pouvons. »'): someone's
    words, however few, not a scare quote."""
    return not text[sentence[0]:chain[0][0]].strip(_MARKS) and not text[chain[-1][1]:sentence[1]].strip(_MARKS)


def _name_like(words: str, table: Language) -> bool:
    """Whether quoted words are a name or a title: 'Memórias do Cárcere', 'Quién es Quién'."""
    return all(w[:1].isupper() or fold_word(w) in table.particles | table.prepositions
               for w in re.findall(r"\w+", words))


def _words_of(text: str, chain: list[tuple[int, int]]) -> int:
    return sum(len(text[s:e].split()) for s, e in chain)


def _quoted_words(paraphrases: list[Detected], chains: list[list[tuple[int, int]]],
                  claimed: list[list[tuple[int, int]]]) -> list[Detected]:
    """The words in quotation marks inside reported speech ('he has a “credible plan”'), as direct claims of
    the same speaker."""
    return [Detected(s, e, claim.speaker, "direct", f"quoted words inside reported speech; {claim.why}")
            for claim in paraphrases for chain in chains if chain not in claimed
            for s, e in chain if claim.start <= s and e <= claim.end]


def _inside_reported_clause(text: str, sentence: tuple[int, int], chain: list[tuple[int, int]],
                            table: Language) -> bool:
    """A short quote inside a sentence of reported speech is part of that paraphrase; not one after a colon
    ('negou que haja divergências: "Não existe briga nenhuma"'), nor the words someone asked for ('… que se vienen
    impulsando y exhortó a los congresistas a "informarse más"'), nor those right after a verb of saying of their
    own ('… serão divulgados e chamou de "boato" os dados')."""
    before = text[sentence[0]:chain[0][0]]
    lead = before.rstrip(" \"“„«'‘")
    return (bool(re.search(table.that, before, re.I)) and chain[0][0] - sentence[0] > 40
            and not lead.endswith(":") and not patterns(table)["before_request"].search(lead)
            and not re.search(rf"(?:^|\s)(?:{table.that})$", lead + " ", re.I)  # 'dijo que “es falso”': all of it
            and not re.search(rf"\s(?:{table.verb})$", lead, re.I))  # '… e chamou de "boato" os dados': its own verb


def _has_that_clause(lead: str, table: Language) -> bool:
    return bool(patterns(table)["verb_that"].search(lead))
