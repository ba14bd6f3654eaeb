"""The repository's example briefing (content/) says only what its sources say.

Every `summary` and `note` of a claim, and every expert's `affiliation` and `role`, is read for
the names it uses — of people, organisations, places, treaties — and each name must be one the
source names where it should:

- a claim's summary: in the claim's passage (see `passage`), or the claim's speaker;
- a claim's note: the same, or the outlet of its article, or the passage, speaker or outlet of
  a claim it is linked to (`same_as` either way, or a `slug#id` written in the note);
- an article's description: in the article, or its outlet;
- an expert's affiliation and role: in the text of an article in which they speak.

A claim's passage, not its whole article: a note must not credit a view to a person the article
names only elsewhere (as one once had Sokov agree with Finaud, whom the article names only in earlier paragraphs).

A name is found without a language model:
- a name or alias of experts.yaml that has a capital letter, wherever it stands;
- a run of capitalised words (`Geneva Center`, `Thomas E. Shea`, `White House Press Secretary`),
  an acronym counting as one (`US`, `NATO`); the first word of a sentence, a field or a quotation
  is not taken as a name unless it is an acronym or starts a name of experts.yaml (so `The`,
  `Since`, `Experts` at a start are not names, but `The White House` still gives `White House`);
- compared with the source with letter case (but not an acronym's), punctuation, possessives and
  quotation marks folded away, as whole words; a name of experts.yaml counts as named where any
  other name or alias of the same entry is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import REPO

CONTENT = REPO / "content"
ARTICLES = CONTENT / "articles"
SEEDS = REPO / "tests" / "fixtures" / "seeds"

# --------------------------------------------------------------------------- folding text

_WORD = re.compile(r"[^\W_][\w’'-]*")
_OPENING_QUOTE = re.compile(r"[\"“‘]$")  # right before a word, a quotation mark opens


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _bare(word: str) -> str:
    """A word without a possessive or a trailing apostrophe or hyphen: Russia's → Russia."""
    word = re.sub(r"[’']s$", "", word)
    return word.rstrip("’'-")


def fold(text: str) -> str:
    """Words only, space-separated, lower case except acronyms (so 'US' is not the pronoun 'us');
    hyphens, punctuation, quotation marks and possessives are gone."""
    text = unicodedata.normalize("NFKC", text)
    words = []
    for match in _WORD.finditer(text):
        for part in re.split(r"[-’']", _bare(match.group())):
            if part:
                words.append(part if _is_acronym(part) else part.casefold())
    return " ".join(words)


def says(scope: str, folded_name: str) -> bool:
    """Whether the folded `scope` holds the folded name as whole words."""
    return bool(folded_name) and f" {folded_name} " in f" {scope} "


# --------------------------------------------------------------------------- the registry

@dataclass(frozen=True)
class Registry:
    experts: dict[str, dict]

    def names_of(self, expert_id: str) -> list[str]:
        """An entry's name and aliases: the capitalised ones are names (not 'experts', 'analysts')."""
        entry = self.experts[expert_id]
        return [n for n in [entry.get("name") or "", *(entry.get("aliases") or [])] if any(c.isupper() for c in n)]

    def resolve(self, speaker: str) -> str:
        """A sidecar's speaker (an id, a name or an alias) as an expert id."""
        if speaker in self.experts:
            return speaker
        found = {eid for eid, e in self.experts.items()
                 for n in [e.get("name") or "", *(e.get("aliases") or [])] if n.casefold() == speaker.casefold()}
        assert len(found) == 1, f"speaker {speaker!r} names {sorted(found) or 'nobody'} in experts.yaml"
        return found.pop()

    def entity_named(self, name: str) -> str | None:
        for eid in self.experts:
            if any(fold(n) == fold(name) for n in self.names_of(eid)):
                return eid
        return None


# --------------------------------------------------------------------------- finding names

@dataclass(frozen=True)
class Name:
    text: str  # as written
    entity: str | None  # the experts.yaml id it is a name of, if any


def names_in(text: str, registry: Registry) -> list[Name]:
    """The names `text` uses (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", text)
    found: list[Name] = []
    covered: list[tuple[int, int]] = []
    # 1. names and aliases of the registry, longest first, wherever they stand
    spellings = sorted({(n, eid) for eid in registry.experts for n in registry.names_of(eid)},
                       key=lambda pair: -len(pair[0]))
    for spelling, eid in spellings:
        for match in re.finditer(rf"(?<!\w){re.escape(spelling)}(?!\w)", text):
            span = match.span()
            if any(a <= span[0] and span[1] <= b for a, b in covered):
                continue
            covered.append(span)
            found.append(Name(spelling, eid))
    # 2. runs of capitalised words, a sentence's first word left out unless it is an acronym
    run: list[tuple[re.Match, bool]] = []  # (word, taken as part of a name)

    def close() -> None:
        words = [token for token, taken in run if taken]
        run.clear()
        if not words:
            return
        start, end = words[0].start(), words[-1].end()
        if not any(a <= start and end <= b for a, b in covered):
            name = _bare(text[start:end])
            found.append(Name(name, registry.entity_named(name)))

    previous: re.Match | None = None
    for token in _WORD.finditer(text):
        word = token.group()
        gap = text[previous.end() if previous else 0:token.start()]
        after_initial = (previous is not None and len(previous.group()) == 1 and previous.group().isupper()
                         and gap.strip() == ".")  # Thomas E. Shea
        starts_sentence = (previous is None or bool(_OPENING_QUOTE.search(gap))
                           or (bool(re.search(r"[.!?:;]", gap)) and not after_initial))
        if word[0].isupper():
            if not (run and run[-1][0] is previous and (gap.isspace() or after_initial)):
                close()
            taken = (bool(run) or not starts_sentence or _is_acronym(word)
                     or any(a == token.start() for a, _ in covered))  # a name of experts.yaml starts here
            run.append((token, taken))
        else:
            close()
        previous = token
    close()
    return found


# --------------------------------------------------------------------------- the example content

@dataclass
class Article:
    slug: str
    meta: dict
    blocks: list[tuple[int, str]]  # (heading level, 0 for a paragraph; its text)

    @property
    def text(self) -> str:
        return "\n\n".join(block for _, block in self.blocks)

    def claim(self, claim_id: str) -> dict:
        return next(c for c in self.meta.get("claims") or [] if c.get("id") == claim_id)


def _plain(markdown: str) -> str:
    """Markdown's inline markup away: links keep their words, emphasis marks go."""
    markdown = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`]+", "", markdown)


def read_article(md: Path) -> Article:
    text = md.read_text(encoding="utf-8")
    meta: dict = {}
    if text.startswith("---\n"):
        front, _, text = text[4:].partition("\n---\n")
        meta.update(yaml.safe_load(front) or {})
    sidecar = md.with_suffix(".yaml")
    if sidecar.exists():
        meta.update(yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {})
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        heading = re.match(r"(#{1,6})\s+(.*)", block)
        blocks.append((len(heading.group(1)), _plain(heading.group(2))) if heading else (0, _plain(block)))
    return Article(md.relative_to(ARTICLES).with_suffix("").as_posix(), meta, blocks)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry(yaml.safe_load((CONTENT / "experts.yaml").read_text(encoding="utf-8")) or {})


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    found = {a.slug: a for a in map(read_article, sorted(ARTICLES.rglob("*.md")))}
    assert found, "the example content has no article"
    return found


def passage(article: Article, claim: dict) -> str:
    """Where a claim stands: the block(s) its quote spans and the block before them (what 'he', 'the
    expert', 'the findings' there refer back to); for a quote in a sub-heading, the heading and its
    section."""
    words_of = [fold(text).split() for _, text in article.blocks]
    flat = [(i, w) for i, words in enumerate(words_of) for w in words]
    sequence = [w for _, w in flat]
    # words left out with ... or … : each piece is found in turn
    pieces = [fold(p).split() for p in re.split(r"\.\.\.|…", claim["quote"])]
    pieces = [p for p in pieces if p]
    hits = []
    for start in range(len(sequence)):
        position, spanned = start, set()
        for piece in pieces:
            while position + len(piece) <= len(sequence) and sequence[position:position + len(piece)] != piece:
                if piece is pieces[0]:
                    position = len(sequence)  # the first piece must start at `start`
                position += 1
            if position + len(piece) > len(sequence):
                break
            spanned |= {flat[k][0] for k in range(position, position + len(piece))}
            position += len(piece)
        else:
            hits.append(spanned)
    occurrence = claim.get("occurrence") or 1
    assert len(hits) >= occurrence, f"{article.slug}#{claim.get('id')}: quote not found in the text"
    spanned = sorted(hits[occurrence - 1])
    first, last = spanned[0], spanned[-1]
    level = article.blocks[first][0]
    if level:
        last = first
        while last + 1 < len(article.blocks) and not (0 < article.blocks[last + 1][0] <= level):
            last += 1
    elif first > 0:
        first -= 1
    return "\n\n".join(text for _, text in article.blocks[first:last + 1])


# --------------------------------------------------------------------------- the checks

@dataclass
class Scope:
    texts: list[str]
    entities: set[str]  # experts.yaml ids whose names all count as named

    def names(self, name: Name, registry: Registry) -> bool:
        folded = fold("\n".join(self.texts))
        if says(folded, fold(name.text)):
            return True
        if name.entity is None:
            return False
        if name.entity in self.entities:
            return True
        return any(says(folded, fold(n)) for n in registry.names_of(name.entity))


def unnamed(text: str, scope: Scope, registry: Registry) -> list[str]:
    """The names of `text` that `scope` does not name."""
    return sorted({n.text for n in names_in(text, registry) if not scope.names(n, registry)})


def claim_scope(article: Article, claim: dict, registry: Registry) -> Scope:
    return Scope([passage(article, claim)], {registry.resolve(claim["speaker"])})


def linked_claims(articles: dict[str, Article], article: Article, claim: dict) -> list[tuple[Article, dict]]:
    """The claims a claim is linked to: its same_as, those whose same_as is it, and the slug#id its note cites."""
    refs = set()
    if claim.get("same_as"):
        refs.add(claim["same_as"])
    refs |= set(re.findall(r"[\w/-]+#[\w-]+", claim.get("note") or ""))
    for other in articles.values():
        for c in other.meta.get("claims") or []:
            if c.get("same_as") == f"{article.slug}#{claim.get('id')}":
                refs.add(f"{other.slug}#{c.get('id')}")
    found = []
    for ref in sorted(refs):
        slug, _, claim_id = ref.partition("#")
        assert slug in articles, f"{article.slug}#{claim.get('id')}: links to {ref}, an article that is not there"
        found.append((articles[slug], articles[slug].claim(claim_id)))
    return found


def note_scope(articles: dict[str, Article], article: Article, claim: dict, registry: Registry) -> Scope:
    scope = claim_scope(article, claim, registry)
    scope.texts.append(article.meta.get("outlet") or "")
    for other, linked in linked_claims(articles, article, claim):
        scope.texts += [passage(other, linked), other.meta.get("outlet") or ""]
        scope.entities.add(registry.resolve(linked["speaker"]))
    return scope


def problems_of_claims(articles: dict[str, Article], registry: Registry) -> list[str]:
    problems = []
    for article in articles.values():
        if article.meta.get("description"):
            whole = Scope([article.text, article.meta.get("outlet") or ""], set())
            for name in unnamed(str(article.meta["description"]), whole, registry):
                problems.append(f"content/articles/{article.slug}.yaml, description: {name!r} is not in the article")
        for claim in article.meta.get("claims") or []:
            where = f"content/articles/{article.slug}.yaml, claim {claim.get('id')}"
            if claim.get("summary"):
                for name in unnamed(claim["summary"], claim_scope(article, claim, registry), registry):
                    problems.append(f"{where}, summary: {name!r} is neither in the claim's passage nor its speaker")
            if claim.get("note"):
                for name in unnamed(claim["note"], note_scope(articles, article, claim, registry), registry):
                    problems.append(f"{where}, note: {name!r} is neither in the claim's passage, its speaker, "
                                    "its outlet nor a claim it is linked to")
    return problems


def articles_where_they_speak(articles: dict[str, Article], registry: Registry, expert_id: str) -> list[Article]:
    return [a for a in articles.values()
            if any(registry.resolve(c["speaker"]) == expert_id for c in a.meta.get("claims") or [])]


def problems_of_experts(articles: dict[str, Article], registry: Registry) -> list[str]:
    problems = []
    for expert_id, entry in registry.experts.items():
        speaking = articles_where_they_speak(articles, registry, expert_id)
        scope = Scope([a.text for a in speaking], set())
        for key in ("affiliation", "role"):
            if entry.get(key):
                for name in unnamed(str(entry[key]), scope, registry):
                    problems.append(f"content/experts.yaml, {expert_id}, {key}: {name!r} is named by no article "
                                    f"in which they speak ({', '.join(a.slug for a in speaking) or 'none'})")
    return problems


def test_summaries_and_notes_name_only_what_their_source_names(articles, registry) -> None:
    problems = problems_of_claims(articles, registry)
    assert not problems, "\n".join(problems)


def test_experts_are_described_only_with_names_their_articles_give(articles, registry) -> None:
    problems = problems_of_experts(articles, registry)
    assert not problems, "\n".join(problems)


def test_the_check_sees_the_names_it_must(articles, registry) -> None:
    """The checks above are not vacuous: in every claim's note, a remark that credits the view to a
    person of experts.yaml whom the claim's passage does not name is caught, and so is an
    organisation no article names given as an expert's affiliation."""
    planted = 0
    for article in articles.values():
        for claim in article.meta.get("claims") or []:
            scope = note_scope(articles, article, claim, registry)
            for expert_id, entry in registry.experts.items():
                if entry.get("kind", "person") != "person" or expert_id in scope.entities:
                    continue
                if any(says(fold("\n".join(scope.texts)), fold(n)) for n in registry.names_of(expert_id)):
                    continue
                surname = registry.names_of(expert_id)[-1]
                remark = f'The article says the speaker "agrees" with {surname} here.'
                assert unnamed(remark, scope, registry) == [surname], (article.slug, claim.get("id"), remark)
                planted += 1
    assert planted, "no claim could be given a name from elsewhere"
    everything = Scope([a.text for a in articles.values()], set())
    invented = "Ministry of Example Affairs (former)"
    assert unnamed(invented, everything, registry), "an affiliation no article names must be caught"


def test_each_example_article_keeps_its_sources_headline(articles) -> None:
    """The title is the source's headline, labels such as 'ANALYSIS - ' included (letter case aside)."""
    for slug, article in articles.items():
        seed = SEEDS / f"{slug}.txt"
        if not seed.exists():
            continue
        headline = seed.read_text(encoding="utf-8").splitlines()[0].strip()
        assert article.meta.get("title", "").casefold() == headline.casefold(), (
            f"{slug}: title {article.meta.get('title')!r}, the source's headline is {headline!r}")
