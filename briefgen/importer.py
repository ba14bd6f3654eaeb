"""`briefgen import`: a plain article → Markdown plus draft annotations of the quotes and speakers it finds.

Detection works on the text a reader sees (the parsed Markdown), so every quote it proposes is
found again by `briefgen check`. Every guess carries a `# review:` comment saying what it rests on."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from slugify import slugify

from .anchor import find_quote, fold
from .markdown import BLOCK_SEPARATOR, parse
from .match import words_of
from .sources import split_front_matter

SPEECH_VERBS = (
    "said", "says", "told", "added", "adding", "noted", "notes", "explained", "warned", "stressed",
    "believes", "thinks", "agrees", "argued", "insisted", "insisting", "emphasized", "emphasizing",
    "emphasised", "claimed", "stated", "wrote", "concluded", "expressed", "described", "called",
    "accused", "maintained", "recalled", "suggested", "predicted", "acknowledged", "admitted",
    "saying", "stating", "noting", "arguing", "warning", "claiming", "urged", "denied",
)
_VERB = r"(?:" + "|".join(SPEECH_VERBS) + r")"
PRONOUNS = ("he", "she", "they", "the expert", "the analyst", "the official", "the spokesperson",
            "the diplomat", "the researcher", "the scholar", "the source")
MIN_DIRECT_WORDS = 5  # shorter quoted bits are scare quotes inside someone's reported words
_OPENING = "\u201c\u201e\u00ab"
_CLOSING = "\u201d\u00bb"
_QUOTES = '"' + _OPENING + _CLOSING
_NAME = r"(?:[A-Z][\w'’.-]*\.?)(?:\s+(?:[A-Z][\w'’.-]*\.?|de|da|van|von|der|al|bin|la|le|del|dos))*"
_ROLE_WORDS = {"President", "Press", "Secretary", "Minister", "Foreign", "Defense", "Defence", "Prime",
               "Spokesperson", "Spokesman", "Spokeswoman", "Ambassador", "General", "Senator", "Professor",
               "Dr.", "Mr.", "Ms.", "Mrs.", "Chancellor", "Deputy", "Director", "Chief", "Head", "Former",
               "US", "U.S.", "UN", "White", "House", "Kremlin", "State", "Department", "Undersecretary"}
_NOT_NAMES = {"The", "A", "An", "However", "But", "And", "If", "In", "On", "At", "After", "Before", "While",
              "Moreover", "Meanwhile", "According", "Another", "This", "That", "These", "Those", "It", "As",
              "Such", "For", "When", "Whether", "Both", "Neither", "Some", "Many", "Experts", "Analysts"}


@dataclass
class Speakers:
    """Who may speak: known experts by name and alias, and those met for the first time."""

    known: dict[str, str]  # folded name or alias → expert id
    organizations: set[str] = field(default_factory=set)  # ids of experts that are not people
    new: dict[str, str] = field(default_factory=dict)  # expert id → name, for experts.yaml
    last: str | None = None  # the last named speaker, for "he said"

    def lookup(self, text: str) -> str | None:
        """The expert named in `text`: a person before an organisation (a person's title often names
        one), then the one named first (the subject comes first)."""
        folded = " " + _fold_name(text) + " "
        best = None
        for name, expert_id in {**self.known, **{_fold_name(n): i for i, n in self.new.items()}}.items():
            position = folded.find(f" {name} ")
            if position != -1:
                rank = (expert_id in self.organizations, position, -len(name))
                if best is None or rank < best[0]:
                    best = (rank, expert_id)
        return best[1] if best else None

    def add(self, name: str) -> str:
        expert_id = slugify(name) or "speaker"
        if expert_id not in self.new:
            self.new[expert_id] = name
            self.known.setdefault(_fold_name(name.split()[-1]), expert_id)
        return expert_id


def _fold_name(text: str) -> str:
    return " ".join(words_of(text))


@dataclass(frozen=True)
class Detected:
    start: int
    end: int
    speaker: str
    kind: str
    why: str  # what the guess rests on, for the reviewer


@dataclass(frozen=True)
class Imported:
    markdown: str
    sidecar: str
    new_experts: dict[str, str]
    claims: tuple[Detected, ...]
    text: str  # the reader-visible text the claims' offsets point into


# --- plain text → Markdown -------------------------------------------------------------------

_MD_LINE_START = re.compile(r"^(\s*)([#>+*=-]|\d+[.)])")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|])")


def _escape(line: str) -> str:
    line = _MD_INLINE.sub(r"\\\1", line)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)


def _is_heading(line: str, following: str | None) -> bool:
    words = line.split()
    return (following is not None and 1 < len(words) <= 12 and not line.rstrip().endswith((".", ":", ",", ";", '"', "”", "?"))
            and len(following) > len(line))


def text_to_markdown(text: str) -> tuple[str, str | None]:
    """Markdown for a plain-text article, and its title (the first line, repeated or not)."""
    lines = [line.strip() for line in text.split("\n")]
    blank_separated = any(not line for line in lines[1:-1]) and sum(1 for line in lines if line) > 2
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
        elif blank_separated:
            current.append(line)
        else:
            paragraphs.append(line)
    if current:
        paragraphs.append(" ".join(current))
    title = paragraphs[0] if paragraphs and len(paragraphs[0].split()) <= 25 else None
    if title is not None:
        paragraphs = paragraphs[1:]
        while paragraphs and paragraphs[0].casefold() == title.casefold():
            paragraphs = paragraphs[1:]
    blocks = []
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        blocks.append(("## " + _escape(paragraph)) if index and _is_heading(paragraph, following) else _escape(paragraph))
    return "\n\n".join(blocks) + "\n", title


# --- finding quotes and reported speech ---------------------------------------------------------

def quote_spans(text: str) -> list[tuple[int, int]]:
    """The spans inside quotation marks; a quote left open runs on into a paragraph that opens
    with a quotation mark (news style), else to the end of its paragraph."""
    spans = []
    open_at: int | None = None
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith(BLOCK_SEPARATOR, index) and open_at is not None:
            following = index + len(BLOCK_SEPARATOR)
            if following < len(text) and text[following] in '"' + _OPENING:
                index = following + 1  # the quote goes on in the next paragraph
                continue
            spans.append((open_at, index))
            open_at = None
        elif char in _QUOTES:
            if open_at is None and char not in _CLOSING:
                open_at = index + 1
            elif open_at is not None and char not in _OPENING:
                spans.append((open_at, index))
                open_at = None
        index += 1
    if open_at is not None:
        spans.append((open_at, len(text)))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "…"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:…"):
        end -= 1
    return start, end


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»']?\s+(?=[\"“„«]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:e\.g|i\.e|etc|Mr|Ms|Mrs|Dr|St|Gen|Sen|Rep|Gov|No|vs|U\.S|U\.N))\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the text, paragraph by paragraph, not cut after initials or abbreviations."""
    spans = []
    offset = 0
    for paragraph in text.split(BLOCK_SEPARATOR):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            if _ABBREVIATION.search(paragraph[:match.start()].rstrip("\"”»'")):
                continue
            spans.append((offset + start, offset + match.start()))
            start = match.end()
        spans.append((offset + start, offset + len(paragraph)))
        offset += len(paragraph) + len(BLOCK_SEPARATOR)
    return [(s, e) for s, e in spans if e > s]


def _name_in(text: str) -> str | None:
    """The most name-like run of capitalised words in `text` (a person's name, titles cut off)."""
    best = None
    for match in re.finditer(_NAME, text):
        words = [w for w in match.group(0).split() if w not in _NOT_NAMES]
        while words and words[0] in _ROLE_WORDS:
            words = words[1:]
        if len(words) >= 2 and (best is None or len(words) > len(best)):
            best = words
    return " ".join(best[-3:]) if best else None


def _speaker(who: str, speakers: Speakers) -> tuple[str | None, str]:
    """The expert a piece of attribution names, and why we think so."""
    who = who.strip(" ,")
    lowered = who.casefold()
    if any(re.search(rf"(?:^|\s){re.escape(p)}$", lowered) for p in PRONOUNS) or lowered in PRONOUNS:
        if speakers.last:
            return speakers.last, f'"{who}" taken as the last named speaker'
        return None, ""
    known = speakers.lookup(_subject(who)) or speakers.lookup(who)
    if known:
        speakers.last = known
        return known, f'named: "{_shorten(who)}"'
    name = _name_in(who)
    if name:
        expert_id = speakers.add(name)
        speakers.last = expert_id
        return expert_id, f'new speaker "{name}" from "{_shorten(who)}"'
    return None, ""


_APPOSITIVE = re.compile(r"^(?:a|an|the former|former|one of|who|head|chief|director|senior|adjunct|ex-)\b", re.I)


def _subject(who: str) -> str:
    """The part of an attribution that names the speaker: in 'After the meeting, the US and allies'
    the last clause; in 'Thomas Pickering, a former under secretary,' the name before the aside."""
    parts = [p.strip() for p in who.strip(" ,").split(",") if p.strip()]
    while len(parts) > 1 and _APPOSITIVE.match(parts[-1]):
        parts.pop()
    return parts[-1] if parts else who


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


_AFTER = re.compile(rf"^\W*(?P<who>[^.!?]{{0,120}}?)\s+(?P<verb>{_VERB})\b", re.I)
_AFTER_INVERTED = re.compile(rf"^\W*(?P<verb>{_VERB})\s+(?P<who>[^,.!?]{{2,80}})", re.I)
_BEFORE = re.compile(rf"(?P<who>[^.!?\"“]{{2,160}}?)\s+(?P<verb>{_VERB})(?:\s+\w+)?(?:\s+that)?\s*[,:]?\s*$", re.I)
_BEFORE_INVERTED = re.compile(rf"\b(?P<verb>{_VERB})\s+(?P<who>[^,:.!?\"“]{{2,80}}?)\s*[:,]?\s*$", re.I)
_ADDING = re.compile(r",\s*adding that\s+(?P<claim>.+?)[.!?]?$", re.I | re.S)


def _attribute_quote(text: str, span: tuple[int, int], sentence_end: int, speakers: Speakers,
                     sentence_start: int) -> tuple[str | None, str]:
    after = text[span[1]:sentence_end].lstrip(" \"”»,")
    before = text[sentence_start:span[0]].rstrip(" \"“„«")
    for where, pattern in (("after", _AFTER.match(after)), ("after", _AFTER_INVERTED.match(after)),
                           ("before", _BEFORE.search(before)), ("before", _BEFORE_INVERTED.search(before))):
        if pattern:
            speaker, why = _speaker(pattern.group("who"), speakers)
            if speaker:
                return speaker, f"{why} {where} the quote"
    if speakers.last:
        return speakers.last, "no attribution found: the last named speaker"
    return None, ""


_REPORTED = [
    re.compile(r"^.+?,\s+according to (?P<who>[^,]+),\s+(?P<claim>.{20,})$", re.S),
    re.compile(r"^(?P<claim>.{20,}?),\s+according to (?P<who>[^,.]+)", re.S),
    re.compile(r"^According to (?P<who>[^,]+),\s+(?P<claim>.{20,})$", re.S),
    re.compile(rf"^(?P<claim>.{{20,}}?),[\"”»]?\s+(?P<who>[^,]{{2,80}}?)(?:,[^,]{{2,120}}?,)?\s+{_VERB}"
               rf"(?:\s+\w+)?\.?$", re.S),
    re.compile(rf"^(?P<who>.{{2,160}}?)\s+{_VERB}(?:\s+(?:\w+\s+)?that|,|:)?\s+(?P<claim>.{{20,}})$", re.S),
]
_TRAILING_ATTRIBUTION = re.compile(rf"(?:,?\s+and)?\s+{_VERB}(?:\s+\w+)?(?:\s+that)?\s*[,:]?\s*$", re.I)


def _paraphrases(text: str, sentence: tuple[int, int], speakers: Speakers) -> list[Detected]:
    raw = text[sentence[0]:sentence[1]]
    body = raw.rstrip(" .")
    if body.endswith(":") or re.match(r"^[^.!?]{1,40}:\s", body):
        return []  # a heading or a kicker ("Experts: …"), not reported speech
    for pattern in _REPORTED:
        match = pattern.search(body)
        if not match:
            continue
        speaker, why = _speaker(match.group("who"), speakers)
        if not speaker:
            continue
        start = sentence[0] + match.start("claim")
        end = sentence[0] + match.end("claim")
        start, end = _trim(text, start, end)
        return [Detected(start, end, speaker, "paraphrase", f"reported speech, {why}")]
    return []


def detect_claims(text: str, speakers: Speakers) -> list[Detected]:
    """Direct quotes and reported speech in the text, in order, each with a guessed speaker."""
    quotes = [s for s in quote_spans(text) if len(text[s[0]:s[1]].split()) >= MIN_DIRECT_WORDS]
    all_sentences = sentences(text)
    detected: list[Detected] = []
    for sentence in all_sentences:
        inside = [q for q in quotes if sentence[0] <= q[0] < sentence[1]]
        if any(q[0] < sentence[0] < q[1] for q in quotes):
            continue  # a sentence of a quote already taken
        if not inside:
            detected.extend(_paraphrases(text, sentence, speakers))
            continue
        lead = text[sentence[0]:inside[0][0]].rstrip(" \"“„«")
        cut = _TRAILING_ATTRIBUTION.search(lead)
        if cut and cut.start() > 0:  # "The Embassy called on … and stressed that": more reported speech
            detected.extend(_paraphrases(text, (sentence[0], sentence[0] + cut.start()), speakers))
        for quote in inside:
            end_of_sentence = next((s[1] for s in all_sentences if s[0] <= quote[1] <= s[1]), sentence[1])
            speaker, why = _attribute_quote(text, quote, end_of_sentence, speakers, sentence[0])
            if not speaker:
                continue
            detected.append(Detected(quote[0], quote[1], speaker, "direct", why))
            adding = _ADDING.search(text[quote[1]:end_of_sentence])
            if adding:
                start, end = _trim(text, quote[1] + adding.start("claim"), quote[1] + adding.end("claim"))
                detected.append(Detected(start, end, speaker, "paraphrase", "reported speech after 'adding that'"))
    return detected


# --- the draft sidecar ----------------------------------------------------------------------------

def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _dateline(text: str) -> tuple[str | None, dt.date | None]:
    """Outlet and date from a dateline such as 'MOSCOW (UrduPoint News / Sputnik - 15th January, 2022)'."""
    match = re.match(r"^[A-Z][A-Z .,'-]+\((?P<outlet>[^()]+?)\s+-\s+(?P<date>[^()]+)\)", text)
    if not match:
        return None, None
    date_match = re.search(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})", match.group("date"))
    published = None
    if date_match:
        try:
            published = dt.datetime.strptime(" ".join(date_match.groups()), "%d %B %Y").date()
        except ValueError:
            published = None
    return match.group("outlet").strip(), published


def import_article(source: str, is_markdown: bool, speakers: Speakers, origin: str,
                   outlet: str | None = None, published: dt.date | None = None,
                   title: str | None = None) -> Imported:
    """The Markdown and draft sidecar for an article's text, with the speakers it meets added to `speakers`."""
    if is_markdown:
        split = split_front_matter(source)
        markdown = split.body
        heading = re.search(r"^#\s+(.+)$", markdown, re.M)
        found_title = heading.group(1).strip() if heading else None
    else:
        markdown, found_title = text_to_markdown(source)
    document = parse(markdown)
    text = document.text
    dateline_outlet, dateline_date = _dateline(text)
    claims = detect_claims(text, speakers)
    lines = [
        f"# Draft annotations made by `briefgen import` from {origin}.",
        "# Every claim is a guess: check its speaker, where its quote starts and ends, and its kind;",
        "# add topics and summaries; then delete `draft: true` to publish the article.",
        f"title: {_yaml_text(title or found_title or 'Untitled article')}",
    ]
    if outlet or dateline_outlet:
        lines.append(f"outlet: {_yaml_text(outlet or dateline_outlet or '')}")
    if published or dateline_date:
        lines.append(f"published: {(published or dateline_date).isoformat()}")  # type: ignore[union-attr]
    lines += ["draft: true", "topics: []", "claims:" if claims else "claims: []"]
    folded = fold(text)
    for claim in claims:
        quote = text[claim.start:claim.end]
        places = find_quote(folded, quote).places
        occurrence = next((i for i, p in enumerate(places, 1) if p[0][0] == claim.start), 1)
        lines += [
            f"  - speaker: {claim.speaker}  # review: {claim.why}",
            f"    quote: {_yaml_text(' '.join(quote.split()))}",
            f"    kind: {claim.kind}  # review",
        ]
        if len(places) > 1:
            lines.append(f"    occurrence: {occurrence}")
    return Imported(markdown, "\n".join(lines) + "\n", speakers.new, tuple(claims), text)


def experts_addition(new_experts: dict[str, str], origin: str) -> str:
    """YAML entries for speakers met for the first time, to append to experts.yaml."""
    lines = [f"\n# Added by `briefgen import` from {origin}: check names, add affiliation and role."]
    for expert_id, name in new_experts.items():
        lines += [f"{expert_id}:", f"  name: {_yaml_text(name)}"]
        if len(name.split()) > 1:
            lines.append(f"  aliases: [{_yaml_text(name.split()[-1])}]")
    return "\n".join(lines) + "\n"


# --- into the project ---------------------------------------------------------------------------

class ImportRefused(Exception):
    """Why nothing was written."""


def known_speakers(experts: list) -> Speakers:
    """Who may speak: folded id, name, aliases and (for people) surname → expert id, ambiguous
    ones left out."""
    candidates: dict[str, set[str]] = {}
    for expert in experts:
        names = [expert.id.replace("-", " "), expert.name, *expert.aliases]
        if expert.kind != "organization" and len(expert.name.split()) > 1:
            names.append(expert.name.split()[-1])
        for name in names:
            candidates.setdefault(_fold_name(name), set()).add(expert.id)
    known = {name: next(iter(ids)) for name, ids in candidates.items() if len(ids) == 1 and name}
    return Speakers(known, {e.id for e in experts if e.kind == "organization"})


def import_into_project(config, source_path, slug: str | None, outlet: str | None,
                        published: dt.date | None, title: str | None, force: bool) -> tuple[str, Imported]:
    """Write content/articles/<slug>.md and its draft .yaml, and append new speakers to experts.yaml."""
    from .errors import BriefgenError, Diagnostics
    from .load import read_yaml_file
    from .sources import read_text
    from .validate import validate_experts

    diags = Diagnostics()
    source = read_text(source_path, str(source_path), diags)
    experts_path = config.content_dir / "experts.yaml"
    raw_experts = read_yaml_file(experts_path, str(experts_path.relative_to(config.root)), diags)
    experts = validate_experts(raw_experts, diags)
    if diags.errors or source is None:
        raise BriefgenError(diags.errors)
    imported = import_article(source, source_path.suffix.lower() in (".md", ".markdown"), known_speakers(experts),
                              source_path.name, outlet, published, title)
    slug = slug or slugify(title or _title_of(imported) or source_path.stem, max_length=60, word_boundary=True)
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9_/-]*[a-z0-9])?", slug) or ".." in slug:
        raise ImportRefused(f"--slug '{slug}' is not a safe name: use lower-case letters, digits and '-'")
    article = config.content_dir / "articles" / f"{slug}.md"
    sidecar = article.with_suffix(".yaml")
    existing = [p for p in (article, sidecar) if p.exists()]
    if existing and not force:
        raise ImportRefused(f"{', '.join(str(p.relative_to(config.root)) for p in existing)} already exists: "
                            "choose another --slug, or pass --force to replace it")
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(imported.markdown, encoding="utf-8")
    sidecar.write_text(imported.sidecar, encoding="utf-8")
    if imported.new_experts:
        with experts_path.open("a", encoding="utf-8") as registry:
            registry.write(experts_addition(imported.new_experts, source_path.name))
    return slug, imported


def _title_of(imported: Imported) -> str | None:
    match = re.search(r'^title: (".*")$', imported.sidecar, re.M)
    return json.loads(match.group(1)) if match else None
