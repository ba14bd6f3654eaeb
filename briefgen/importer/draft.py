"""The draft an import writes: the article's Markdown, its sidecar of guessed claims, new experts."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from ..anchor import find_quote, fold
from ..language import detect_language
from ..markdown import headline_end, parse
from ..sources import split_front_matter
from .detect import Detected, detect_claims
from .language import OTHER_LANGUAGES, language, supported
from .plaintext import dateline, text_to_markdown
from .speakers import Speakers


@dataclass(frozen=True)
class Imported:
    markdown: str
    sidecar: str
    new_experts: dict[str, str]
    review: dict[str, str]  # new expert id → what an editor should check (a name of one word, a role)
    claims: tuple[Detected, ...]
    text: str  # the reader-visible text the claims' offsets point into
    language: str | None  # the language whose table was used; None when no table fits


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def article_language(text: str, given: str | None) -> str | None:
    """The language whose table reads the article: the one given (its first part: 'pt-BR' → 'pt'), else the
    one detected among those that have a table."""
    if given:
        return given.split("-")[0].casefold()
    return detect_language(text, supported() + OTHER_LANGUAGES)


def import_article(source: str, is_markdown: bool, speakers: Speakers, origin: str,
                   outlet: str | None = None, published: dt.date | None = None,
                   title: str | None = None, language_code: str | None = None) -> Imported:
    """The Markdown and draft sidecar for an article's text, with the speakers it meets added to `speakers`."""
    if is_markdown:
        markdown = split_front_matter(source).body
        heading = re.search(r"^#\s+(.+)$", markdown, re.M)
        found_title = heading.group(1).strip() if heading else None
    else:
        markdown, found_title = text_to_markdown(source)
    document = parse(markdown)
    text = document.text
    headline = headline_end(document)
    dateline_outlet, dateline_date, _ = dateline(text[headline:].lstrip())
    code = article_language(((found_title or "") + "\n" + text), language_code)
    claims = detect_claims(text, speakers, language(code), headline) if code in supported() else []
    lines = [
        f"# Draft annotations made by `briefgen import` from {origin}.",
        "# Every claim is a guess: check its speaker, where its quote starts and ends, and its kind;",
        "# add topics and summaries; then delete `draft: true` to publish the article.",
        f"title: {_yaml_text(title or found_title or 'Untitled article')}",
    ]
    if code not in supported():
        lines.insert(3, f"# No claims looked for: the article's language ({code or 'not recognised'}) is not one briefgen "
                        f"reads ({', '.join(supported())}); give it with --language if it is one of these.")
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
    return Imported(markdown, "\n".join(lines) + "\n", speakers.new, dict(speakers.review), tuple(claims),
                    text, code if code in supported() else None)


def experts_addition(imported: Imported, origin: str) -> str:
    """YAML entries for speakers met for the first time, to append to experts.yaml."""
    lines = [f"\n# Added by `briefgen import` from {origin}: check names, add affiliation and role."]
    for expert_id, name in imported.new_experts.items():
        review = f"  # review: {imported.review[expert_id]}" if expert_id in imported.review else ""
        lines += [f"{expert_id}:{review}", f"  name: {_yaml_text(name)}"]
        if len(name.split()) > 1 and not review:
            lines.append(f"  aliases: [{_yaml_text(name.split()[-1])}]")
    return "\n".join(lines) + "\n"
