"""Raw records and parsed documents → a complete Corpus, or diagnostics saying what is wrong where."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable

from slugify import slugify

from .anchor import FoldedText, closest_passage, find_quote, fold
from .errors import Diagnostics, Location, did_you_mean
from .fields import Fields, check_mapping, check_slug, type_name
from .config import SiteConfig
from .load import ArticleFiles, RawArticle, RawFile, RawProject, read_article
from .markdown import BLOCK_SEPARATOR, Document, body_with_places, parse
from .notes import validate_note
from .model import CLAIM_KINDS, EXPERT_KINDS, Article, Claim, Corpus, Expert, Topic, claim_by_ref
from .timings import stage
from .wording import primary
from .yamlsrc import YamlList, YamlMap

EXPERT_KEYS = ("name", "affiliation", "role", "kind", "aliases", "url")
TOPIC_KEYS = ("title", "description", "parent")
ARTICLE_KEYS = ("title", "outlet", "url", "published", "description", "topics", "language", "draft", "claims")
_PUBLISHED_ALIASES = {"date": "published"}  # what other site generators call it
CLAIM_KEYS = ("id", "speaker", "quote", "kind", "topics", "summary", "note", "same_as", "occurrence")
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
REF_RE = re.compile(r"^[a-z0-9][a-z0-9_/-]*#[a-z0-9][a-z0-9_-]*$")


def name_key(name: str) -> str:
    """How names compare: case, accents of composition and spacing do not matter."""
    return " ".join(fold(name).text.casefold().split())


def registry_presence(raw: RawFile, what: str, diags: Diagnostics, needed: bool) -> None:
    """What is wrong with a registry that is missing or empty: an error when claims `needed` it."""
    if raw.value is None and not raw.exists and needed:
        diags.error("missing-registry", Location(raw.display), f"{raw.display} is missing: claims need a registry of {what}s")
    elif raw.value is None and raw.exists and not raw.broken:
        report = diags.error if needed else diags.warning
        report("empty", Location(raw.display, 1, 1), f"{raw.display} is empty: no {what} defined")


def _registry(raw: RawFile, what: str, diags: Diagnostics) -> list[tuple[str, YamlMap, Location]]:
    """The (id, mapping, place of the id) entries of experts.yaml or topics.yaml."""
    if raw.value is None:
        return []  # see registry_presence
    mapping = check_mapping(raw.value, Location(raw.display, 1, 1), raw.display, diags)
    entries = []
    for key, value in (mapping or {}).items():
        entry_id = check_slug(key, mapping.key_loc(key), f"{what} id", diags)  # type: ignore[union-attr]
        entry = check_mapping(value, mapping.value_loc(key), f"{what} '{key}'", diags)  # type: ignore[union-attr]
        if entry_id and entry is not None:
            entries.append((entry_id, entry, mapping.key_loc(key)))  # type: ignore[union-attr]
    return entries


def validate_experts(raw: RawFile, diags: Diagnostics) -> list[Expert]:
    experts = []
    for expert_id, entry, where in _registry(raw, "expert", diags):
        fields = Fields(entry, diags, f"expert '{expert_id}'", EXPERT_KEYS)
        name = fields.text("name", required=True) or expert_id
        experts.append(Expert(
            id=expert_id,
            name=name,
            affiliation=fields.text("affiliation"),
            role=fields.text("role"),
            kind=fields.choice("kind", EXPERT_KINDS, "person"),
            aliases=fields.text_list("aliases"),
            url=fields.url("url"),
            location=where,
        ))
    return experts


def validate_topics(raw: RawFile, diags: Diagnostics) -> list[Topic]:
    topics = []
    entries = _registry(raw, "topic", diags)
    known = {topic_id for topic_id, _, _ in entries}
    for topic_id, entry, where in entries:
        fields = Fields(entry, diags, f"topic '{topic_id}'", TOPIC_KEYS)
        parent = fields.text("parent")
        if parent is not None and parent not in known:
            diags.error("unknown-topic", fields.loc("parent"),
                        f"parent of topic '{topic_id}' is an unknown topic '{parent}'{did_you_mean(parent, known)}")
            parent = None
        topics.append(Topic(
            id=topic_id,
            title=fields.text("title", required=True) or topic_id,
            description=fields.text("description"),
            parent=parent,
            location=where,
        ))
    return _break_cycles(topics, diags)


def _break_cycles(topics: list[Topic], diags: Diagnostics) -> list[Topic]:
    """Report every cycle in the topic tree once; its topics are kept, as roots."""
    parents = {t.id: t.parent for t in topics}
    in_cycle: set[str] = set()
    for topic in topics:
        seen: list[str] = []
        current: str | None = topic.id
        while current is not None and current not in seen and current not in in_cycle:
            seen.append(current)
            current = parents.get(current)
        if current is not None and current in seen:
            cycle = seen[seen.index(current):]
            if not in_cycle.intersection(cycle):
                by_id = {t.id: t for t in topics}
                first = min(cycle, key=lambda i: by_id[i].location)
                path = " → ".join(cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first])
                diags.error("topic-cycle", by_id[first].location, f"the topic tree has a cycle: {path}")
            in_cycle.update(cycle)
    return [Topic(t.id, t.title, t.description, None, t.location) if t.id in in_cycle else t for t in topics]


@dataclass(frozen=True)
class Registry:
    """What claims refer to: experts by id, name or alias; topics by id."""

    experts: dict[str, Expert]
    expert_names: dict[str, set[str]]  # id, name and aliases → ids
    surnames: dict[str, set[str]]  # a person's last name → ids, used when names and aliases do not say
    topics: dict[str, Topic]
    topic_titles: dict[str, str]  # folded title → topic id
    experts_file: RawFile
    topics_file: RawFile

    @classmethod
    def build(cls, experts_file: RawFile, topics_file: RawFile, diags: Diagnostics) -> "Registry":
        """The registry of experts.yaml and topics.yaml, their problems in `diags`."""
        experts = validate_experts(experts_file, diags)
        topics = validate_topics(topics_file, diags)
        names: dict[str, set[str]] = {}
        for expert in experts:
            for name in (expert.id, expert.name, *expert.aliases):
                names.setdefault(name_key(name), set()).add(expert.id)
        surnames: dict[str, set[str]] = {}
        for expert in experts:
            words = expert.name.split()
            if expert.kind != "organization" and len(words) > 1:
                surnames.setdefault(name_key(words[-1]), set()).add(expert.id)
        return cls({e.id: e for e in experts}, names, surnames, {t.id: t for t in topics},
                   {name_key(t.title): t.id for t in topics}, experts_file, topics_file)

    def speaker(self, value: str, where: Location, diags: Diagnostics) -> str | None:
        if value in self.experts:
            return value
        ids = self.expert_names.get(name_key(value)) or self.surnames.get(name_key(value), set())
        if len(ids) == 1:
            return next(iter(ids))
        registry = self.experts_file.display
        if ids:
            diags.error("ambiguous-speaker", where,
                        f"speaker '{value}' could be any of {', '.join(sorted(ids))}; give the id")
        elif self.experts_file.broken:
            pass  # the registry's own error says what to fix first
        elif not self.experts:
            diags.error("unknown-speaker", where, f"unknown speaker '{value}': {registry} defines no experts")
        else:
            choices = [name for e in self.experts.values() for name in (e.id, e.name, *e.aliases)]
            diags.error("unknown-speaker", where, f"unknown speaker '{value}'{did_you_mean(value, choices)}"
                        f" — add it to {registry} or fix the spelling")
        return None

    def topic_ids(self, fields: Fields, key: str) -> tuple[str, ...]:
        result = []
        registry = self.topics_file.display
        for value, where in zip(fields.text_list(key), fields.text_list_locs(key)):
            if value in self.topics or name_key(value) in self.topic_titles:
                result.append(value if value in self.topics else self.topic_titles[name_key(value)])
            elif self.topics_file.broken:
                continue  # the registry's own error says what to fix first
            elif not self.topics:
                fields.diags.error("unknown-topic", where, f"unknown topic '{value}': {registry} defines no topics")
            else:
                fields.diags.error("unknown-topic", where,
                                   f"unknown topic '{value}'{did_you_mean(value, self.topics)}"
                                   f" — add it to {registry} or fix the spelling")
        return tuple(dict.fromkeys(result))


def _merged_fields(raw: RawArticle, diags: Diagnostics) -> Fields | None:
    """Front matter and sidecar keys as one mapping; the sidecar wins on conflict."""
    merged = YamlMap()
    merged.key_locs, merged.value_locs, merged.raw = {}, {}, {}
    merged.loc = Location(raw.markdown_display or "", 1, 1)
    sources: list[Any] = []
    if raw.front_matter is not None and raw.front_matter.value is not None:
        sources.append((raw.front_matter.value, f"the front matter of {raw.markdown_display}",
                        Location(raw.markdown_display or "", 2, 1)))
    if raw.sidecar is not None and raw.sidecar.value is not None:
        sources.append((raw.sidecar.value, raw.sidecar.display, Location(raw.sidecar.display, 1, 1)))
    elif raw.sidecar is not None and raw.sidecar.exists and not raw.sidecar.broken:
        diags.warning("empty", Location(raw.sidecar.display, 1, 1), "this annotation file is empty")
    for value, what, start in sources:
        mapping = check_mapping(value, getattr(value, "loc", start), what, diags)
        if mapping is None:
            continue
        for key in mapping:
            name = _PUBLISHED_ALIASES.get(key, key)
            if name != key and name in mapping:
                diags.error("duplicate-key", mapping.key_loc(key),
                            f"{what} gives both '{name}' and '{key}'; keep one")
                continue
            merged[name] = mapping[key]
            merged.key_locs[name] = mapping.key_loc(key)
            merged.value_locs[name] = mapping.value_loc(key)
            if key in mapping.raw:
                merged.raw[name] = mapping.raw[key]
        merged.loc = mapping.loc
    return Fields(merged, diags, f"article '{raw.slug}'", ARTICLE_KEYS)


def _first_heading(document: Document) -> str | None:
    for index, token in enumerate(document.tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return document.tokens[index + 1].content.strip() or None
    return None


_SPLITS = ("the quote begins or ends inside one character of {md} made of several code points (an emoji "
           "sequence, a flag, a letter with a combining accent): quote the whole of it")


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _splits(text: str, at: int) -> bool:
    """Whether a quote's edge at `at` falls inside one user-perceived character: before a combining
    mark, a joiner, a variation selector, an emoji modifier or tag; after a joiner; or between the
    two halves of a flag (regional indicators go in pairs)."""
    if at <= 0 or at >= len(text):
        return False
    after, before = text[at], text[at - 1]
    if (unicodedata.category(after) in ("Mn", "Me", "Mc") or "\u200d" in (before, after)
            or "\ufe00" <= after <= "\ufe0f" or "\U0001f3fb" <= after <= "\U0001f3ff"
            or "\U000e0020" <= after <= "\U000e007f"):
        return True
    if _regional(before) and _regional(after):
        run = len(list(itertools.takewhile(_regional, reversed(text[:at]))))
        return run % 2 == 1
    return False


def _regional(c: str) -> bool:
    return "\U0001f1e6" <= c <= "\U0001f1ff"


def _is_inside_quotation_marks(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands inside quotation marks: the quote carries its own marks,
    or an odd number of marks opens before it in its paragraph."""
    quote = fold(text[start:end]).text.strip()
    if quote.startswith('"') or quote.endswith('"'):
        return True
    paragraph_start = text.rfind(BLOCK_SEPARATOR, 0, start) + 1
    return fold(text[paragraph_start:start]).text.count('"') % 2 == 1


@dataclass
class _ClaimContext:
    raw: RawArticle
    document: Document
    folded: FoldedText
    registry: Registry
    diags: Diagnostics

    def md_line(self, offset: int) -> int:
        assert self.raw.text is not None
        return self.document.line_of(offset) + self.raw.text.body_line

    def locate(self, quote: str, occurrence: int | None, where: Location,
               occurrence_where: Location) -> tuple[tuple[int, int], ...] | None:
        md = self.raw.markdown_display
        if not any(unicodedata.category(c)[0] in "LN" for c in quote):
            self.diags.error("quote-without-words", where,
                             f"a quote should be words of the article; '{_shorten(quote)}' holds none")
            return None
        places = find_quote(self.folded, quote).places
        if not places:
            hint = closest_passage(self.folded, quote)
            hint_text = (f"; the closest passage is at {md}:{self.md_line(hint[0])}: \"{_shorten(hint[1])}\""
                         if hint else "")
            source, words = _spaced(self.raw.text.body) if self.raw.text is not None else "", _spaced(quote)
            if (at := source.find(words)) >= 0:  # in the file, but not so in the text it shows
                if _splits(source, at) or _splits(source, at + len(words)):
                    self.diags.error("quote-splits-character", where, _SPLITS.format(md=md))
                    return None
                hint_text = ("; these words are in the file but not in the text it shows: they stand in a code "
                             "block or a link's address, which are no part of the article's text")
            self.diags.error("quote-not-found", where, f"quote not found in {md}{hint_text}")
            return None
        text = self.document.text
        if any(_splits(text, start) or _splits(text, end) for spans in places for start, end in (spans[0], spans[-1])):
            self.diags.error("quote-splits-character", where, _SPLITS.format(md=md))
            return None
        if occurrence is None and len(places) > 1:
            lines = ", ".join(str(self.md_line(p[0][0])) for p in places)
            self.diags.error("quote-ambiguous", where,
                             f"quote found {len(places)} times in {md} (lines {lines}): "
                             f"add 'occurrence: N' to pick one, or quote more words")
            return None
        if occurrence is not None and occurrence > len(places):
            self.diags.error("occurrence-out-of-range", occurrence_where,
                             f"occurrence {occurrence} asked, but the quote stands only {len(places)} "
                             f"time{'s' if len(places) > 1 else ''} in {md}")
            return None
        return places[(occurrence or 1) - 1]


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _claims(raw: RawArticle, fields: Fields, ctx: _ClaimContext) -> list[Claim]:
    value = fields.mapping.get("claims")
    if value is None:
        return []
    if not isinstance(value, YamlList):
        ctx.diags.error("wrong-type", fields.loc("claims"),
                        f"'claims' should be a list of claims (each starting with '- '), not {type_name(value)}")
        return []
    pending = []
    given: dict[str, Location] = {}  # ids the sidecar gives, in file order
    for index, item in enumerate(value):
        entry = check_mapping(item, value.item_loc(index), f"claim {index + 1} of article '{raw.slug}'", ctx.diags)
        if entry is None:
            continue
        claim_fields = Fields(entry, ctx.diags, f"claim {index + 1} of article '{raw.slug}'", CLAIM_KEYS)
        speaker_text = claim_fields.text("speaker", required=True)
        speaker = ctx.registry.speaker(speaker_text, claim_fields.loc("speaker"), ctx.diags) if speaker_text else None
        topics = ctx.registry.topic_ids(claim_fields, "topics")
        quote = claim_fields.text("quote", required=True)
        occurrence = claim_fields.integer("occurrence")
        spans = (ctx.locate(quote, occurrence, claim_fields.loc("quote"), claim_fields.loc("occurrence"))
                 if quote else None)
        kind = claim_fields.choice("kind", CLAIM_KINDS, "")
        given_id = check_slug(entry["id"], claim_fields.loc("id"), "claim id", ctx.diags) if "id" in entry else None
        same_as = claim_fields.text("same_as")
        if same_as is not None and not REF_RE.match(same_as):
            ctx.diags.error("invalid-reference", claim_fields.loc("same_as"),
                            f"same_as should name a claim as 'article-slug#claim-id', not '{same_as}'")
            same_as = None
        if given_id is not None and given_id in given:
            ctx.diags.error("duplicate-id", claim_fields.loc("id"),
                            f"claim id '{given_id}' is used twice in article '{raw.slug}' "
                            f"(first at line {given[given_id].line})")
            continue
        if given_id is not None:
            given[given_id] = claim_fields.loc("id")
        if speaker is None or spans is None or quote is None or ("id" in entry and given_id is None):
            continue
        if not kind:
            inside = _is_inside_quotation_marks(ctx.document.text, spans[0][0], spans[-1][1])
            kind = "direct" if inside else "paraphrase"
        pending.append((spans, given_id, dict(
            speaker=speaker, quote=quote, kind=kind, topics=topics, summary=claim_fields.text("summary"),
            note=claim_fields.text("note"), same_as=same_as, spans=spans, location=entry.loc,
        ), claim_fields))
    pending.sort(key=lambda p: p[0])  # claims are numbered in the order they stand in the text
    claims: list[Claim] = []
    taken = set(given)
    for spans, given_id, values, claim_fields in pending:
        claim_id = given_id or _derived_id(values["quote"], taken)
        taken.add(claim_id)
        claims.append(Claim(id=claim_id, article=raw.slug, number=len(claims) + 1, **values))
    return claims


def _derived_id(quote: str, taken: set[str]) -> str:
    """A stable id from the quote's first words: the same quote gets the same id every build."""
    base = slugify(quote, max_length=40, word_boundary=True) or "claim"
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


def validate_article(raw: RawArticle, document: Document, registry: Registry, diags: Diagnostics,
                     site_language: str, detect: bool = True, told: Told | None = None) -> Article | None:
    """The article, or None when it cannot be read; an article that declares no language is in
    the one its text is told to be in (unless `detect` is False: its language is known), or, when
    what is looked at of its text is as it was when an earlier check told it (`told`: what that
    check's article has, told_from and language), the one told then."""
    fields = _merged_fields(raw, diags)
    if fields is None or raw.text is None:
        return None
    title = fields.text("title") or _first_heading(document)
    broken = any(f is not None and f.broken for f in (raw.sidecar, raw.front_matter))
    if not title and raw.sidecar is not None and not broken:
        diags.error("missing-key", Location(raw.sidecar.display, 1, 1),
                    f"article '{raw.slug}' needs a title: add 'title:' to {raw.sidecar.display}")
    language = fields.text("language")
    if language is not None and not LANGUAGE_RE.match(language):
        diags.error("invalid-language", fields.loc("language"),
                    f"language should be a language tag like 'en' or 'pt-BR', not '{language}'")
        language = None
    told_from = None
    if language is None and detect:
        language, told_from = _told_language(raw, Location(raw.markdown_display or raw.slug, raw.text.body_line, 1),
                                             [title or "", *document.text.split(BLOCK_SEPARATOR)], site_language,
                                             diags, told)
    ctx = _ClaimContext(raw, document, fold(document.text), registry, diags)
    article = Article(
        slug=raw.slug,
        title=title or raw.slug,
        outlet=fields.text("outlet"),
        url=fields.url("url"),
        published=fields.date("published"),
        description=fields.text("description"),
        topics=registry.topic_ids(fields, "topics"),
        language=language,
        draft=fields.boolean("draft", False),
        claims=tuple(_claims(raw, fields, ctx)),
        document=document,
        location=Location(raw.markdown_display or raw.slug),
        text=document.text,
        told_from=told_from,
    )
    body = body_with_places(document, [(claim.id, claim.spans) for claim in article.claims])
    return article if body is None else replace(article, document=None, body=body)


def _check_same_as(articles: list[Article], diags: Diagnostics) -> None:
    """Each `same_as` names a claim of the project (looked up by its article: no set of every claim)."""
    citing = [claim for article in articles for claim in article.citing]
    by_slug = {a.slug: a for a in articles} if citing else {}
    for claim in citing:
        if claim_by_ref(by_slug, claim.same_as) is None:
            refs = (c.ref for a in articles for c in a.claims)
            diags.error("unknown-claim", claim.location,
                        f"same_as names a claim that does not exist: '{claim.same_as}'"
                        f"{did_you_mean(claim.same_as, refs)}")


CheckedArticle = tuple["Article | None", bool]  # an article as checked (None: not valid), and whether it has claims


Told = tuple[str, "str | None"]  # what an article's language was told from (Article.told_from), and that language


def _told_language(raw: RawArticle, text_start: Location, paragraphs: list[str], site_language: str,
                   diags: Diagnostics, before: Told | None) -> tuple[str | None, str]:
    """The language the text of an article that declares none is told to be in (language.py),
    when it is not the site's, said at the text's start as an info line with how to declare it;
    None when it is the site's or cannot be told (too short, unsure, mixed): the article is then
    in the site's. With it, what it was told from: a digest of the site's language and what
    language.py looks at of the text — when that is `before`'s, the language told then is taken
    (the library and its model are not loaded: an edit further down an article, or of its claims)."""
    from .language import language_of, looked_at

    parts = looked_at(paragraphs)
    told_from = hashlib.blake2b("\0".join([site_language, *parts]).encode("utf-8", "surrogatepass"),
                                digest_size=16).hexdigest()
    if before is not None and before[0] == told_from:
        told = before[1]
    else:
        told = language_of(parts)
        if told == primary(site_language):
            told = None
    if told is None:
        return None, told_from
    where = raw.sidecar.display if raw.sidecar is not None else f"the front matter of {raw.markdown_display}"
    diags.info("language-detected", text_start,
               f"the text reads as '{told}', not the site's language '{site_language}': its page and the search "
               f"take it as '{told}'; to confirm it or correct it, declare 'language: {told}' (or the right tag) "
               f"in {where}")
    return told, told_from


def check_article(files: ArticleFiles, config: SiteConfig, registry: Registry, diags: Diagnostics,
                  detect: bool = True, told: Told | None = None) -> CheckedArticle:
    """One article read, its Markdown parsed once, and checked (its language told from its text
    when it declares none, unless `detect` is False: an article read again only for its HTML)."""
    raw = read_article(files, config.root, diags)
    has_claims = raw.sidecar is not None and isinstance(raw.sidecar.value, dict) and bool(raw.sidecar.value.get("claims"))
    if raw.text is None:
        return None, has_claims
    document = parse(raw.text.body, config.allow_html)
    return validate_article(raw, document, registry, diags, config.language, detect, told), has_claims


def validate(raw: RawProject, check_articles: Callable[[Registry], Iterable[CheckedArticle]], diags: Diagnostics,
             include_drafts: bool = False, previous: Corpus | None = None) -> Corpus:
    """Check everything; return the corpus of what is valid (callers stop on any error). The
    articles are checked by `check_articles` against the registry (see pipeline.check_articles:
    one at a time, or several at once), and kept only as checked. The corpus is built on the
    `previous` one when given (see Corpus.build)."""
    with stage("the registries"):
        registry = Registry.build(raw.experts, raw.topics, diags)
    experts, topics = list(registry.experts.values()), list(registry.topics.values())
    checked, needed = [], False
    with stage("the articles, read or kept"):
        for article, has_claims in check_articles(registry):
            needed = needed or has_claims
            if article is not None:
                checked.append(article)
    with stage("checks across articles, notes"):
        registry_presence(raw.experts, "expert", diags, needed)
        registry_presence(raw.topics, "topic", diags, needed)
        _check_same_as(checked, diags)
        published = [a for a in checked if include_drafts or not a.draft]
        by_slug = {a.slug: a for a in published}
        notes = [note for raw_note in raw.notes
                 if (note := validate_note(raw_note, by_slug, registry.topic_ids, raw.config.allow_html, diags))
                 is not None]
    with stage("the corpus"):
        return Corpus.build(experts, topics, published, notes, previous)
