"""Who a piece of attribution names: a registry expert, a name the text gives, or whom a pronoun or a
left-out subject stands for; never a guess the text does not support."""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .language import Language, fold_word, is_title, lower_word
from .patterns import patterns
from .speakers import Speakers, folded_name, name_runs, tokens


@dataclass
class Context:
    """What attribution needs besides the words: the language, the speakers, where we are."""

    table: Language
    speakers: Speakers
    paragraph: int = 0


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _subject_part(who: str, position: str, table: Language) -> str:
    """The part of an attribution that names the speaker: before the verb, the last comma-part that is
    no aside ("Thomas Pickering, a former under secretary,"); after the verb, the first one."""
    parts = [p.strip() for p in re.split(r"[,(){}\[\]]|\s[–—-]\s", who) if p.strip()]
    if not parts:
        return ""
    if position != "before":  # the first part that names anyone: 'a promis, ému, le président Emmanuel Macron'
        return next((p for p in parts[:3] if any(w[:1].isupper() for w in p.split())), parts[0])
    if len(parts) > 1 and first_word(parts[-1]) in table.relatives and len(tokens(parts[-1])) <= 2:
        runs = name_runs(parts[-2], table)  # '…, Ricardo Sheffield, quien incluso dijo': the name right before the
        # relative; nobody where no name stands there ('recebeu o assessor, que disse')
        return runs[-1][2] if runs and parts[-2].endswith(runs[-1][2]) else ""
    if all(circumstance(p.split(), table) for p in parts[:-1]):
        return parts[-1]  # 'Durante depoimento, ministro disse que …': the circumstances, then the subject
    while len(parts) > 1 and parts[-1][:1].islower() and not _titled_name(parts[-1], table) and (
            first_word(parts[-1]) in table.asides | table.titles
            or any(len(tokens(n)) > 1 for p in parts[:-1] for _, _, n in name_runs(p, table)) and (
                first_word(parts[-1]) not in table.not_names or who.rstrip().endswith(",") and any(
                    is_title(w, table) for _, _, w in tokens(parts[-1])))):
        parts.pop()  # an aside after the name: "X, a former minister,", "X, co-chief investment officer of Y,", "X,
        # the parliamentary secretary to Canada's foreign affairs minister," (set off by commas on both sides)
    skipped = 0
    while (len(parts) > 1 and skipped < 2 and not any(w[:1].isupper() for w in parts[-1].split())
           and not re.search(table.that, parts[-1] + " ", re.I) and not _pronoun_in(parts[-1], table)):
        parts.pop()  # "The US and the bloc, in turn, refused to discuss the issue, saying": the subject further back
        skipped += 1
    if len(parts) > 1 and table.clause_openers:
        subject = _before_object_clause(parts[-2], parts[-1], table)
        if subject is not None:
            return subject
    return parts[-1]


def _before_object_clause(before: str, last: str, table: Language) -> str | None:
    """A name set off by commas after a clause inside the subject ('Les militaires ayant renversé le président
    gabonais, Ali Bongo, ont promis'): it is that clause's object's, not the speaker's; the subject is what
    stands before the clause ('Les militaires'). None where the parts are not so."""
    runs = name_runs(last, table)
    if not runs or runs[0][2] != last.strip():
        return None
    words = tokens(before)
    opener = next((i for i, (_, _, w) in enumerate(words) if w in table.clause_openers), None)
    if opener is None or not any(w in table.titles for _, _, w in words[opener + 1:]):
        return None
    return before[:words[opener][0]].strip()


def _pronoun_in(part: str, table: Language) -> bool:
    words = pronoun_words(part)
    return any(words[i:i + len(p)] == p for p in table.pronouns for i in range(len(words)))


def pronoun_words(part: str) -> tuple[str, ...]:
    """The words of `part` as pronouns are compared with them: accents kept ("El Gobierno" opens with no "él")."""
    return tuple(lower_word(part[s:e]) for s, e, _ in tokens(part))


def _titled_name(part: str, table: Language) -> bool:
    """Whether a part is a title and a name: 'general Rêgo Barros', 'ministro Paulo Guedes'."""
    words = tokens(part)
    return len(words) > 1 and words[0][2] in table.titles and part[words[1][0]:words[1][1]][:1].isupper()


def first_word(text: str) -> str:
    words = tokens(text)
    return words[0][2] if words else ""


def _after_preposition(part: str, words: list[tuple[int, int, str]], start: int, table: Language) -> bool:
    """Whether the word before `start` is a preposition, or an article after one: "a la ministra", "in Paris", "en
    el Día de los Inocentes" name no subject (its accents kept: "A Secretaria" is no "à Secretaria")."""
    before = [part[s:e].casefold() for s, e, _ in words if e <= start]
    if before and before[-1] in table.articles | table.role_articles:
        before.pop()  # "en el Día de los Inocentes": an article between
    return bool(before) and before[-1] in table.prepositions_as_written


def _apposed(part: str, end: int, name_at: int, table: Language) -> bool:
    """Whether a name follows a title at most two words on, none of them a preposition ("o ministro em Brasília")."""
    gap = [w for _, _, w in tokens(part[end:name_at])] if name_at >= end else None
    return gap is not None and len(gap) <= 2 and not any(w in table.not_names or w in table.particles for w in gap)


ONE_WORD = "named by one word only in the article; give the full name"
ROLE = "named by a role only in the article; give the name, or keep the office as the speaker"


def speaker_of(who: str, context: Context, position: str, verb: str = "") -> tuple[str | None, str]:
    """The expert a piece of attribution names, and why we think so; (None, "") when it names nobody
    we may credit. `position` is where the attribution stands: "before" its verb, "after" it, or "according"
    (after "according to", which always names someone). A gerund after a comma ('X, Gilberto Carvalho, saiu em
    defesa do ministro do Desenvolvimento, Indústria e Comércio, afirmando que') and a verb joined by "and" after
    other clauses ('Así, el Gobierno salió … en defensa de la ministra …, tras las grabaciones … con el comisario
    José Villarejo y reafirmó que') have the subject of the sentence, not the last name before them."""
    if position == "before" and (verb and who.rstrip().endswith(",") and re.fullmatch(
            context.table.gerund, verb.split()[-1], re.I) or re.search(
            rf"\s(?:{context.table.conjunctions})\s*$", who, re.I) and len(tokens(who)) > 3):
        return _sentence_subject(who, context)
    if position == "before" and _circumstances_only(who, context.table):
        return implied(context)  # 'Además, en diálogo con Radio Nacional dijo que …': the subject left out
    if position == "after":  # '"…", ha afirmado para aclarar que el Gobierno está …': the subject after the verb
        who = re.split(rf"(?:^|\s){context.table.that}", who + " ", maxsplit=1, flags=re.I)[0]  # is before a clause
    part = _subject_part(_without_asides(who, context), position, context.table)
    if position != "before":  # 'a annoncé lundi le parquet de Paris': the speaker after when it spoke
        part = re.sub(rf"^(?:{context.table.when})\s+", "", part, flags=re.I)
    speaker, why = _named_or_implied(part, context, position)
    if speaker:
        return speaker, why
    role = _role(part, context)
    if role:
        return context.speakers.add(role, ROLE, role=True), f'new speaker named by a role only, "{role}"'
    institution = _institution(part, context.table)
    if institution:
        return context.speakers.add(institution, ROLE, role=True), f'new speaker "{institution}", a body named as such'
    issuer = _issuer_named(part, context.table)
    if issuer:
        return context.speakers.add(issuer, ROLE, role=True), f'new speaker "{issuer}", who issued "{shorten(part)}"'
    return _definite_role(part, context)


def _sentence_subject(who: str, context: Context) -> tuple[str | None, str]:
    """Who the words before a sentence's later verb name as its subject: the first name in its first part that is
    no circumstance ('Macron met Scholz in Paris, saying'), else the name in apposition to that part ('A prefeita
    de Vale Claro, Ana Lima, saiu …')."""
    parts = [p.strip() for p in who.split(",") if p.strip()]
    while len(parts) > 1 and circumstance(parts[0].split(), context.table):
        parts.pop(0)  # 'En el Día de los Inocentes, el Presidente, Andrés Manuel López Obrador inició …, afirmando'
    first = re.split(rf"\s(?:{context.table.conjunctions})\s*$", parts[0], flags=re.I)[0] if parts else ""
    apposed = 1
    while apposed < len(parts) and any(name == parts[apposed] for _, _, name in name_runs(parts[apposed], context.table)):
        apposed += 1
    if apposed > 1 and any(is_title(w, context.table) for _, _, w in tokens(first)[:2]):
        speaker, why = speaker_of(", ".join(parts[:apposed]), context, "before")  # a name in apposition to a role
        if speaker:  # ('A prefeita de Vale Claro, Ana Lima,'), not to whom the subject speaks of ('el Gobierno salió
            return speaker, why  # en defensa de la ministra de Justicia, Dolores Delgado,')
    span = _role_span(first, context.table)  # 'O ministro atendeu a pedido do partido Rede Sustentabilidade e
    if span and (first[span[0][1][0]:span[0][1][1]].islower() or context.table.nouns_capitalised):  # entendeu
        words, _, end = span  # que': the job title it opens with (not 'The US and the bloc')
        speaker, why = speaker_of(first[words[0][0]:words[end - 1][1]], context, "before")
        if speaker:
            return speaker, why
    return speaker_of(first, context, "after") if first else (None, "")


def _without_asides(who: str, context: Context) -> str:
    """Words of attribution without what stands in brackets right after a full name, unless it is a short form the
    text gives that name ('the Bank of England (BoE)'): a party, an age ('Finanzminister Christian Lindner (FDP)
    betonte')."""
    def aside(match: re.Match) -> str:
        runs = name_runs(who[:match.start()], context.table)
        after_name = bool(runs) and runs[-1][1] == len(who[:match.start()].rstrip()) and len(tokens(runs[-1][2])) > 1
        short = fold_word(match.group(1).strip()) in context.speakers.short_forms
        return "" if after_name and not short else match.group(0)
    return re.sub(r"\s*\(([^()]*)\)", aside, who)


def _circumstances_only(who: str, table: Language) -> bool:
    """Whether the words before a verb, opening a sentence in a language that may leave its subject out, are only
    connectives and phrases opened by a preposition ('Además, en diálogo con Radio Nacional'), or nothing but a
    comma after a quote ('… "adelantar nada", ha insistido en que'): they name no subject. (Not words after a
    quote: '"serenamente" pela decisão de Bruxelas, mas sublinhou'.)"""
    parts = [p.split() for p in re.split(r"[,;]", who) if p.strip()]
    return table.subject_left_out and (not parts or parts[0][0][:1].isupper() and all(
        circumstance(p, table) for p in parts))


def circumstance(words: list[str], table: Language) -> bool:
    """Whether the words of a comma-part name no subject: a phrase a preposition opens ('en diálogo con Radio
    Nacional'; as written: pt "a" is no preposition "à"), a clause a subordinating word opens ('cuando le preguntaron
    si fue detenido'), or connectives only ('Además')."""
    return words[0].casefold() in table.prepositions_as_written or fold_word(words[0]) in table.subordinators or all(
        w in table.connectives for _, _, w in tokens(" ".join(words)))


def _role_span(part: str, table: Language, heads: frozenset[str] | None = None, bare: bool = False
               ) -> tuple[list[tuple[int, int, str]], int, int] | None:
    """Where a part opening with an article (none if `bare`) and a title (or one of `heads`: a document, an
    institution) names a role: its words, where its title ends and where the role ends, with what it is of ('le
    porte-parole du CTRI', 'a spokesman for the council', 'un communiqué de la présidence', bare: 'fuentes de La
    Moncloa'); None if it opens otherwise."""
    words, head = tokens(part), 0 if bare else 1
    if len(words) <= head or not bare and words[0][2] not in table.role_articles or not (
            words[head][2] in heads if heads is not None else is_title(words[head][2], table)):
        return None
    end = head + 1
    while end < len(words) and is_title(words[end][2], table):  # 'le Premier ministre'
        end += 1
    titled_end = end
    articles = table.articles | table.role_articles
    # after a definite article only the words that join a name join ('le porte-parole du CTRI'): 'the chief
    # executive of …' is mostly named further on
    links = table.role_links if _newcomer(part, table) else table.role_links & (table.particles | table.articles)
    ends = articles | table.prepositions | table.not_names | table.role_links  # 'el martes', 'on Tuesday', 'mardi'
    while end + 1 < len(words) and words[end][2] in links:  # what it is of: 'der Polizei', 'de la mairie'
        end += 1
        while end + 1 < len(words) and words[end][2] in articles:
            end += 1
        end += 1
        while end < len(words) and words[end][2] not in ends and not words[end][2].startswith(table.clause_elisions):
            end += 1  # "the teachers' union", 'la policía nacional'; not 'le maire de Québec s’est rendu
    return words, titled_end, end


def all_role(part: str, table: Language) -> bool:
    """Whether a part is a role and nothing else ('La députée de Québec solidaire'): an apposition, no claim."""
    span = _role_span(part, table)
    return span is not None and span[2] == len(span[0])


def _newcomer(part: str, table: Language) -> bool:
    """Whether a part opens with a word that brings in someone not met yet ('a', 'un', 'ein')."""
    return re.match(table.newcomer, part, re.I) is not None


def _role(part: str, context: Context) -> str | None:
    """A speaker named only by a role, nobody named for it: a title after an article that brings someone in
    ('said a spokesman', 'erklärte ein Sprecher der Polizei'), or a definite one with what it is of ('a indiqué
    le porte-parole du CTRI'), as the text words it; not a definite title alone ('le ministre', 'the chief
    executive …') nor a title the text gives a name, which may stand for someone named elsewhere."""
    span = _role_span(part, context.table)
    if span is None:
        return None
    words, titled_end, end = span
    if end == titled_end and not _newcomer(part, context.table) or titled_as(
            [w for _, _, w in words[1:titled_end]], [w for _, _, w in words[titled_end:end]], context):
        return None
    return part[words[0][0]:words[end - 1][1]]


def _institution(part: str, table: Language) -> str | None:
    """A body that speaks as itself, named by its common noun (each table's institutions), alone or after a
    definite article, with what it is of: 'laut Polizei', 'selon la police', 'a annoncé lundi le parquet de Paris';
    or an office only with what it is of ('a assessoria da Presidência', 'le ministère de l'Intérieur', not 'le
    ministère', which may be one named before) — as the text words it, without that article."""
    words = tokens(part)
    bare = _role_span(part, table, table.institutions, bare=True)  # 'laut Polizei', 'según fuentes de La Moncloa'
    if bare:
        return part[words[0][0]:words[bare[2] - 1][1]]
    if _newcomer(part, table):
        return None
    span = _role_span(part, table, table.institutions) or _role_span(part, table, table.offices)
    if span is None or span[1] == span[2] and words[1][2] in table.offices:
        return None
    return part[words[1][0]:words[span[2] - 1][1]]


def _issuer_named(part: str, table: Language) -> str | None:
    """Who issued a document, where the attribution names it by the document and what it is of ('a souligné un
    communiqué de la présidence', 'said a statement from the ministry'): what it is of, as the text words it, if
    an article or a name opens it (not 'un communiqué de presse', a kind of document)."""
    span = _role_span(part, table, table.documents)
    if span is None or span[2] <= span[1] + 1:
        return None
    words, head_end, end = span
    issuer = part[words[head_end + 1][0]:words[end - 1][1]]
    return issuer if words[head_end + 1][2] in table.role_articles or issuer[:1].isupper() else None


def _definite_role(part: str, context: Context) -> tuple[str | None, str]:
    """Whom a definite article and a title alone stand for ('a déclaré le ministre', 'the chancellor said'): the
    one name the text gives that title; else the one role with that title the text spells out in full ('le
    ministre de l'Intérieur'); else, where the text names nobody in full, that role itself, flagged; else nobody
    (the title may be someone's the text names in other words: 'Emmanuel Macron … a déclaré le président')."""
    bare = context.table.subject_left_out and part.strip()[:1].islower() and len(tokens(part)) == 1
    span = _role_span(part, context.table, bare=bare)  # bare: 'Durante depoimento, ministro disse que …' (a
    if span is None or _newcomer(part, context.table) or span[1] != span[2]:  # subtitle's short style)
        return None, ""
    words, titled_end, _ = span
    role, speakers = part[words[0][0]:words[titled_end - 1][1]], context.speakers
    head = 0 if bare else 1
    title = tuple(w for _, _, w in words[head:titled_end])
    name = titled_as(list(title), [], context)
    if name:
        return new_or_known(name, name, speakers)[0], f'"{role}" taken as {name}, so titled in the text'
    if title in speakers.roles:
        full = speakers.roles[title]
        return (speakers.add(full, ROLE, role=True), f'"{role}" taken as "{full}", so named in the text') if full \
            else (None, "")
    if speakers.titles_given or speakers.full_names:  # a job title, not 'the US', 'the Russian' (capitalised where
        written = part[words[head][0]:words[head][1]]  # nouns are not): like a pronoun ('Patricia Lobeira afirmó … La
        speaker, why = _person_antecedent(context) if written[:1].islower() or context.table.nouns_capitalised \
            else (None, "")
        return (speaker, f'"{role}" taken as {why}') if speaker else (None, "")  # edil enfatizó que …')
    return speakers.add(role, ROLE, role=True), f'new speaker named by a role only, "{role}"'


def full_roles(text: str, table: Language) -> dict[tuple[str, ...], str | None]:
    """Folded title → the one role with that title the text spells out with what it is of ('le ministre de
    l'Intérieur', 'un porte-parole de la mairie'); None for a title the text gives several such roles."""
    found: dict[tuple[str, ...], set[str]] = {}
    for start, _, word in tokens(text):
        if word in table.role_articles:
            part = re.split(r"[,.;:!?()\"“”„«»]", text[start:start + 120])[0]
            span = _role_span(part, table)
            if span and span[2] > span[1]:
                words, titled_end, end = span
                found.setdefault(tuple(w for _, _, w in words[1:titled_end]), set()).add(
                    " ".join(part[:words[end - 1][1]].split()))
    return {title: next(iter(roles)) if len({r.casefold() for r in roles}) == 1 else None
            for title, roles in found.items()}


def _named_or_implied(part: str, context: Context, position: str) -> tuple[str | None, str]:
    """The expert an attribution's subject part names, or whom it leaves out or a pronoun stands for."""
    candidates = _candidates(part, context)
    first = tokens(part)[:1]
    if position == "after" and first and pronoun_words(part)[:1] in context.table.pronouns and first[0][0] == 0:
        speaker, why = antecedent(context)  # '“…”, sagte sie auf eine Frage von Burkhard Jung': the pronoun right
        return speaker, f'"{part[:first[0][1]]}" taken as {why}' if speaker else ""  # after the verb is its subject
    if not candidates:
        words = part.split()
        if position == "before" and words and all(w in context.table.connectives for _, _, w in tokens(part)):
            return implied(context)  # 'Además, aseguró que …', 'Moreover, he …': an opener, the subject left out
        if (position == "after" and len(words) <= 6 and not (words and words[0][:1].isupper())
                and not _newcomer(part, context.table)):  # not '», said a spokesman for the union'
            return implied(context)  # '"…", disse.' / 'aseguró ante una repregunta'
        return None, ""
    speakers = context.speakers

    def rank(candidate: tuple[int, str, str]) -> tuple[int, int, int, str]:
        start, kind, value = candidate
        order = {"known": 0, "pronoun": 2, "name": 3}[kind] + (kind == "known" and value in speakers.organizations)
        nearest = -start if kind == "name" and position == "before" else start  # a new name: the nearest the verb
        return order, nearest, -len(value), value

    span = _role_span(part, context.table)
    role_of = [w for _, _, w in span[0][span[1]:span[2]]] if span else []  # what a pronoun's title is of
    for _, kind, value in sorted(candidates, key=rank):  # a title that stands for nobody yet gives way to the name
        if kind == "known":  # after it: 'a annoncé la présidente de la Commission européenne Ursula von der Leyen'
            return value, f'named: "{shorten(part)}"'
        if kind == "name":
            return new_or_known(value, part, speakers)
        if tokens(value)[-1][2] in context.table.documents and speakers.issuer:
            named, is_id = speakers.issuer
            return (named if is_id else new_or_known(named, named, speakers)[0]), \
                f'"{value}" taken as {named}, who the text says issued it'
        titled = titled_as([w for _, _, w in tokens(value)], role_of, context)
        if titled:
            speaker, _ = new_or_known(titled, titled, speakers)
            if speaker:
                return speaker, f'"{value}" taken as {titled}, so titled earlier in the text'
        if _role(part, context):  # 'Der Sprecher des Innenministeriums verwies darauf': what the role is of
            continue  # says who it is, not who spoke last
        speaker, why = antecedent(context) if len(tokens(value)) == 1 else _person_antecedent(context)
        if speaker or len(tokens(value)) == 1:  # 'he told Reuters': no Reuters for a "he" that stands for nobody
            return speaker, f'"{value}" taken as {why}' if speaker else ""
    return None, ""


def _candidates(part: str, context: Context) -> list[tuple[int, str, str]]:
    """Who a part of an attribution may name, each as (where, "known" | "pronoun" | "name", id or words)."""
    table, speakers = context.table, context.speakers
    words = tokens(part)
    candidates: list[tuple[int, str, str]] = []
    for start, end, expert_id in speakers.lookup(part):
        following = next(((s, w) for s, _, w in words if s > end), None)
        if not (following and following[1] in table.titles and not part[end:following[0]].strip()):
            candidates.append((start, "known", expert_id))  # not whose title it is: "US Undersecretary", "Thales CEO X"
    kept = pronoun_words(part)
    for index in range(len(words)):
        for pronoun in table.pronouns:
            if kept[index:index + len(pronoun)] == pronoun:
                candidates.append((words[index][0], "pronoun", part[words[index][0]:words[index + len(pronoun) - 1][1]]))
    for start, _, name in name_runs(part, table):
        if _role_owner(words, start, table):
            start, name = past_owner(start, name, table, speakers.alone)
        before = [w for s, e, w in words if e <= start]
        single = tokens(name)[0][2] if len(tokens(name)) == 1 else None
        # a word after a particle is no name ("ministra de Defensa"), but a surname with its particle is ("de
        # Maizière"), and so is a word after an article that follows no particle ('écrit aussi le FMI'; not 'de la
        # Moncloa')
        opened_by_article = before[-1:] and before[-1] in table.role_articles and not (
            before[-2:-1] and before[-2] in table.particles | table.prepositions)
        if single and ((before and before[-1] in table.particles and not opened_by_article
                        and not _ends_full_name(part[:start].rstrip().rsplit(None, 1)[-1] + " " + name, speakers))
                       or single not in speakers.full_names | speakers.short_forms.keys() and (table.nouns_capitalised
                                                                 or single not in speakers.mid_sentence)):
            continue  # nor "Naquele", capitalised only where a sentence starts
        if single and re.match(rf"\s+(?:{table.conjunctions})\s+(?:[A-ZÀ-Þ][\w'’-]*\s+){{0,3}}?(?i:{_title_words(table)})\b",
                               part[start + len(name):]):
            continue  # 'Communications and Digital Minister Fahmi Fadzil': a word of a title
        candidates.append((start, "name", name))
    quoted = _quoted_name(part, table)
    if quoted and not any(c[1] == "known" for c in candidates):  # the name, not a word of it
        candidates = [c for c in candidates if not quoted[0] <= c[0] < quoted[0] + len(quoted[2])] + [quoted]
    candidates = [c for c in candidates if (c[1] == "known" or not _after_preposition(part, words, c[0], table))
                  and not (c[1] != "pronoun" and _role_owner(words, c[0], table))]
    names_at = [c[0] for c in candidates if c[1] == "name"]
    return [c for c in candidates if c[1] != "pronoun"  # "le président français Emmanuel Macron": the name
            or not any(_apposed(part, c[0] + len(c[2]), at, table) for at in names_at)]


def past_owner(start: int, name: str, table: Language, alone: set[str]) -> tuple[int, str]:
    """A run of capitalised words after a role that opens with what the role is of and ends with a name ('ministre
    de l’Intérieur Gérald Darmanin', 'ministra de Justicia Pilar Llop'): the name, its first name and surname, where
    the text also gives the surname alone ('M. Darmanin'); not a title ('a spokesman for Mayor Ruth Kane') nor a
    body ('del Banco Central Europeo')."""
    words = tokens(name)
    first = len(words) - 2
    while first > 1 and words[first][2] in table.particles:
        first -= 1  # 'Ursula von der Leyen'
    if (len(words) < 3 or words[-1][2] not in alone or is_title(words[0][2], table)
            or any(w in table.particles | table.articles | table.not_names for _, _, w in words[:first + 1])):
        return start, name  # what the role is of, in capitalised words, then the name ('Justicia Pilar Llop')
    return start + words[first][0], name[words[first][0]:]


@lru_cache(maxsize=None)
def _title_words(table: Language) -> str:
    return "|".join(sorted((re.escape(w) for w in table.titles), key=len, reverse=True))


def _quoted_name(part: str, table: Language) -> tuple[int, str, str] | None:
    """A name in quotation marks in the subject of a verb of saying ('"RTL aktuell" hatte … berichtet', 'le
    quotidien « Le Journal du soir » a révélé'): a few words, the first capitalised; as a candidate (where, "name",
    its words)."""
    opening = "".join(re.escape(mark) for mark in table.openers)
    closing = "".join(re.escape(mark) for mark in set("".join(table.openers.values())))
    match = re.search(rf"[{opening}]\s*([^{opening}{closing}]{{2,60}}?)\s*[{closing}]", part)
    if not match or not match.group(1)[:1].isupper() or len(match.group(1).split()) > 4:
        return None
    return match.start(1), "name", match.group(1)


def _role_owner(words: list[tuple[int, int, str]], start: int, table: Language) -> bool:
    """Whether the name at `start` follows a title and a word that joins it to whose it is ('o porta-voz de
    Bolsonaro', 'a spokesman for Mayor Ruth Kane', 'der Sprecher von Merz'): it names whose the role is, not the
    speaker."""
    before = [w for _, e, w in words if e <= start]
    while before and (before[-1] in table.articles | table.role_articles or is_title(before[-1], table)):
        before.pop()  # 'a spokesman for Mayor Ruth Kane'
    if before and before[-1] in table.conjunction_words:  # 'Minister of Culture and Islamic Guidance Abbas Salehi'
        before.pop()
        for _ in range(3):
            if len(before) > 1 and before[-1] not in table.role_links:
                before.pop()
    return len(before) > 1 and before[-1] in table.role_links and is_title(before[-2], table)


def _ends_full_name(words: str, speakers: Speakers) -> bool:
    """Whether a particle and a surname ('de Maizière') end the full name the text gives for that surname."""
    surname = tokens(words)[-1][2]
    full = speakers.full_names.get(surname)
    return bool(full) and folded_name(full)[-len(tokens(words)):] == folded_name(words)


def new_or_known(name: str, part: str, speakers: Speakers) -> tuple[str | None, str]:
    """A name the registry does not know: a surname the text gave in full earlier, or a new speaker."""
    words = tokens(name)
    if len(words) == 1 and words[0][2] in speakers.short_forms:  # 'the Bank of England (BoE) … the BoE said'
        full = speakers.short_forms[words[0][2]]
        known = speakers.lookup(full)
        speaker = known[0][2] if known else speakers.add(full, short=name)
        return speaker, f'"{name}" taken as {full}, so the text gives it'
    if len(words) == 1:
        full = speakers.full_names.get(words[0][2])
        if full:
            known = speakers.lookup(full)
            if known:
                return known[0][2], f'"{name}" taken as {full}, named so earlier'
            return speakers.add(full), f'"{name}" taken as {full}, named so earlier; new speaker'
        return speakers.add(name, ONE_WORD), f'new speaker named by one word only, "{name}": check the full name'
    known = speakers.lookup(name)
    if known:
        return known[0][2], f'named: "{shorten(part)}"'
    return speakers.add(name), f'new speaker "{name}" from "{shorten(part)}"'


def antecedent(context: Context) -> tuple[str | None, str]:
    """Whom a pronoun or a left-out subject stands for: the one the sentence before is about (in this paragraph, or
    ending the one before if nobody has spoken since and they are a speaker already met), else who spoke last in
    this paragraph or the one before; and how to say so."""
    speakers = context.speakers
    if speakers.subject and (speakers.subject[0] == context.paragraph or
                             speakers.subject[0] == context.paragraph - 1 and speakers.subject[2]):
        _, named, is_id = speakers.subject
        if not named:  # someone the sentence before brings in without a name we may credit: nobody to take
            return None, ""
        return (named if is_id else new_or_known(named, named, speakers)[0]), f"{named}, whom the sentence before is about"
    recent = speakers.recent(context.paragraph)
    return (recent, "who spoke just before") if recent else (None, "")


def _person_antecedent(context: Context) -> tuple[str | None, str]:
    """Whom a role ('the minister', 'the chief executive') stands for: as a pronoun does, but never an organisation
    ('Thales is not involved …, the chief executive of Europe's largest defence electronics group said')."""
    speaker, why = antecedent(context)
    return (None, "") if speaker in context.speakers.organizations else (speaker, why)


def implied(context: Context) -> tuple[str | None, str]:
    speaker, why = antecedent(context)
    return (speaker, f"the subject left out: taken as {why}") if speaker else (None, "")


def full_names(text: str, table: Language, alone: set[str]) -> dict[str, str]:
    """Surname → the full name the text gives for it, when only one full name has that surname; `alone`: the
    names the text gives as one word."""
    found: dict[str, set[str]] = {}
    for start, _, name in name_runs(text, table):
        lead = text[max(0, start - 80):start]
        if _role_owner(tokens(lead), len(lead), table):  # 'la ministre de la Justice Jody Wilson-Raybould'
            name = past_owner(start, name, table, alone)[1]
        words = tokens(name)
        if len(words) > 4:  # "Farmers Welfare Narendra Singh Tomar": the last three words
            name = name[words[-3][0]:]
        if len(words) >= 2:
            found.setdefault(words[-1][2], set()).add(" ".join(name.split()))
    untitled = {surname: {n for n in names if not is_title(tokens(n)[0][2], table)} or names  # 'Innenminister de
                for surname, names in found.items()}  # Maizière' is Thomas de Maizière, with his title
    return {surname: next(iter(names)) for surname, names in untitled.items() if len(names) == 1}


def titled_names(text: str, table: Language) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Job title → the full names the text gives it ("el presidente Andrés Manuel López Obrador", "a vocera de la
    Presidencia, Gabriela Cerruti"), or after a name, in an apposition ("Ulrich Manfoumbi, porte-parole du CTRI",
    "Kwasi Kwarteng, the chancellor,"). And name → the folded words the text gives with its titles ("porte-parole",
    "du", "gouvernement")."""
    found: dict[str, set[str]] = {}
    described: dict[str, set[str]] = {}  # a title in an apposition after a name
    given: dict[str, set[str]] = {}
    for start, end, name in name_runs(text, table):
        name = " ".join(name.split())
        apposition = re.match(r"\s*,\s*([^,.!?;:\"“”«»()]{2,80})", text[end:])
        after = [w for _, _, w in tokens(apposition.group(1))] if apposition and len(tokens(name)) > 1 else []
        while after and after[0] in table.articles | table.role_articles:
            after.pop(0)
        if after and after[0] in table.titles:
            described.setdefault(after[0], set()).add(name)
            given.setdefault(name, set()).update(after)
        lead = re.split(r"[.!?;:\"“”«»]", text[max(0, start - 80):start])[-1]
        words = tokens(lead)[-8:]
        if len(tokens(name)) < 2 or words and words[-1][2] in table.particles | table.prepositions:
            continue  # "o porta-voz da Presidência da República": the office, not the person
        apposed = lead.rstrip().endswith(",")  # "O porta-voz do governo, Rui Pedrosa": any office before the comma
        titled = False
        for start_of, end_of, word in reversed(words):  # "O porta-voz da Presidência da República, general Rêgo Barros"
            if word in table.titles:
                found.setdefault(word, set()).add(name)
                titled = True
            elif titled and word in table.role_links and "," not in lead[end_of:]:
                break  # "o porta-voz da prefeita Ana Lima": the title before "da" is someone else's, whose she is
            elif not (apposed or lead[start_of:end_of][:1].isupper() or word in table.particles | table.prepositions):
                break  # "la portavoz informó que Alberto Fernández": a verb between
            given.setdefault(name, set()).add(word)
    return {title: described.get(title, set()) | found.get(title, set()) for title in described.keys() | found.keys()}, \
        given


def titled_as(title: list[str], of: list[str], context: Context) -> str | None:
    """The one name the text gives a role's title, if the text gives it that title with what the role is of
    ('le porte-parole du gouvernement' → 'Le porte-parole du gouvernement, Marc Roux'; not 'le ministre de
    l'Économie' → 'le Premier ministre Gabriel Attal')."""
    table, speakers = context.table, context.speakers
    name = next((speakers.titled[w] for w in title if w in speakers.titled), None)
    joining = table.articles | table.role_articles | table.role_links | table.particles
    return name if name and {w for w in of if w not in joining} <= speakers.title_words.get(name, set()) else None


def note_issuer(text: str, sentence: tuple[int, int], found: list, context: Context) -> None:
    """Remember who issues a document a sentence speaks of ('Michel Temer divulgou uma nota', 'the IMF said in a
    statement', '« … », a souligné un communiqué de la présidence'): whom its claims are credited to, else the
    person it opens with; a document named later ('a nota', 'the statement') stands for them."""
    if not any(w in context.table.documents for _, _, w in tokens(text[sentence[0]:sentence[1]])):
        return
    subject = (found[0].speaker, True) if found else sentence_subject(text, sentence, context)
    if subject and subject[0]:
        context.speakers.issuer = subject


def sentence_subject(text: str, sentence: tuple[int, int], context: Context) -> tuple[str, bool] | None:
    """The person a sentence opens with ("Mr Macron was at the site"), as (expert id, True) or (name, False): the
    first after the circumstances it opens with ('Tras conocer su convalecencia, el secretario … fue consultado'),
    else one named in them ('Wenn Bundeskanzlerin Angela Merkel … sein könnte, würde sie …')."""
    start, parts = sentence[0], text[sentence[0]:sentence[1]].split(",")
    while len(parts) > 1 and parts[0].split() and circumstance(parts[0].split(), context.table):
        start += len(parts.pop(0)) + 1
    return (start > sentence[0] and _opening_subject(text[start:sentence[1]], context)) or \
        _opening_subject(text[sentence[0]:sentence[1]], context)


def _opening_subject(words: str, context: Context) -> tuple[str, bool] | None:
    speakers, table = context.speakers, context.table
    opening = words[:80]
    speaking = patterns(table)["subject_verb"].match(words)
    if speaking:  # 'En su conferencia semanal, la vocera de Casa Rosada negó cambios': whoever is before the verb
        opening = _subject_part(_without_asides(speaking.group("who"), context), "before", table)
    titled = [speakers.titled[w] for _, _, w in tokens(opening)[:4] if w in speakers.titled]
    known = [i for s, _, i in speakers.lookup(opening) if (s <= 4 or speaking) and i not in speakers.organizations]
    runs = [n for s, _, n in name_runs(opening, table) if (s <= 4 or speaking) and len(tokens(n)) > 1
            and not _after_preposition(opening, tokens(opening), s, table)]  # not 'Am Pariser Platz …'
    if known or titled or runs:
        return (known[0], True) if known else ((titled + runs)[0], False)
    words = tokens(opening)
    run = next((name for s, _, name in name_runs(opening, table) if len(words) > 2 and s == words[2][0]), None)
    if table.articles and run and words[0][2] in table.articles:  # 'Die Katholikin Sophie zeigte sich …', 'Der
        known = speakers.lookup(run)  # Gesundheitsexperte Janosch Dahmen sieht …': a noun and a name after it
        return (known[0][2], True) if known else (run, False)
    return None


def subject_speaker(text: str, sentence: tuple[int, int], context: Context) -> tuple[str | None, str]:
    """Who a sentence is about, when it opens with a person or with a pronoun for one, and how to say so."""
    subject = sentence_subject(text, sentence, context)
    if subject and not subject[0]:
        return None, ""  # someone brought in without a name we may credit
    if subject:
        return (subject[0] if subject[1] else new_or_known(subject[0], subject[0], context.speakers)[0]), subject[0]
    first = tokens(text[sentence[0]:sentence[1]])[:1]
    if first and pronoun_words(text[sentence[0]:sentence[1]])[:1] in context.table.pronouns:
        speaker, why = antecedent(context)
        return speaker, f'"{text[sentence[0] + first[0][0]:sentence[0] + first[0][1]]}" taken as {why}'
    if _subject_left_out(text[sentence[0]:sentence[1]], context):  # 'Sin embargo, calificaron como "…"'
        speaker, why = antecedent(context)
        return speaker, f"its subject left out, taken as {why}"
    return None, ""


def note_subject(text: str, sentence: tuple[int, int], context: Context) -> None:
    """Remember the person a sentence without claims opens with, for a "he said" in the next one; a sentence
    that names nobody keeps whom its paragraph is about ('Paul Martin arrive. Il a déclaré :')."""
    speakers = context.speakers
    if patterns(context.table)["verb_trail"].search(text[sentence[0]:sentence[1]].rstrip(" .")):
        speakers.subject = None  # '« … » / X …, a déclaré le ministre.' with nobody we may credit: whoever the
        return  # sentence opens with did not say it, so no later "il" stands for them ('Cinq Tunisiens … ont été
        # expulsés, a déclaré le ministre. Il s'est dit …')
    subject = sentence_subject(text, sentence, context)
    same_paragraph = speakers.subject if speakers.subject and speakers.subject[0] == context.paragraph else None
    speakers.subject = (context.paragraph, *subject) if subject else same_paragraph
    words = text[sentence[0]:sentence[1]]
    if not subject and _subject_left_out(words, context):
        speakers.carry(context.paragraph)  # 'En entrevista, invitó a la gente …': still about who spoke last


def _subject_left_out(sentence: str, context: Context) -> bool:
    """Whether a sentence's verb has its subject left out, where the language allows it: it names nobody, and its
    first comma-part that opens with no preposition nor connective ('En entrevista, en el Congreso local, invitó
    a la gente …') opens with no article, pronoun or other word that is no verb ('Las lluvias …', 'Él …')."""
    table = context.table
    if not table.subject_left_out or _names_anyone(sentence, context):
        return False
    for part in sentence.split(","):
        first = first_word(part)
        if first not in table.prepositions | table.connectives:
            return bool(first) and first not in table.not_names and pronoun_words(part)[:1] not in table.pronouns
    return False


def _names_anyone(sentence: str, context: Context) -> bool:
    """Whether a sentence names anyone: a known speaker, a name of two words or more, a surname the text gives in
    full, a title the text gives a name."""
    speakers = context.speakers
    return bool(speakers.lookup(sentence)) or any(
        len(tokens(name)) > 1 or folded_name(name)[0] in speakers.full_names for _, _, name in name_runs(sentence, context.table)
    ) or any(w in speakers.titled for _, _, w in tokens(sentence))
