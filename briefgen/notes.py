"""Analyst notes: front matter checked, every `{claim: slug#id}` they cite checked against the claims."""

from __future__ import annotations

import re
from typing import Callable, Mapping

from .errors import Diagnostics, Location, did_you_mean
from .fields import Fields, check_mapping
from .load import RawNote
from .markdown import CITATION_RE, citations_of, parse
from .model import Article, Note, claim_by_ref

NOTE_KEYS = ("title", "date", "topics", "summary", "draft")


def _citation_places(raw: RawNote) -> dict[str, Location]:
    """Where each cited reference first stands in the note file."""
    places: dict[str, Location] = {}
    body = raw.text.body
    code_free = re.sub(r"(`+)(?:(?!\1).)*?\1", lambda m: " " * len(m.group(0)), body, flags=re.S)
    for match in CITATION_RE.finditer(code_free):
        line_start = body.rfind("\n", 0, match.start()) + 1
        line = raw.text.body_line + body.count("\n", 0, match.start())
        places.setdefault(match.group(1), Location(raw.display, line, match.start() - line_start + 1))
    return places


def validate_note(raw: RawNote, articles: Mapping[str, Article], topic_ids: Callable[[Fields, str], tuple[str, ...]],
                  allow_html: bool, diags: Diagnostics) -> Note | None:
    front = raw.front_matter
    if front is None or front.broken:
        if front is None:
            diags.error("missing-key", Location(raw.display, 1, 1),
                        "a note needs front matter with at least a title: start it with '---', 'title: …', '---'")
        return None
    mapping = check_mapping(front.value, Location(raw.display, 2, 1), f"the front matter of {raw.display}", diags)
    if mapping is None:
        return None
    fields = Fields(mapping, diags, f"note '{raw.slug}'", NOTE_KEYS)
    title = fields.text("title", required=True)
    document = parse(raw.text.body, allow_html, citations=True)
    places = _citation_places(raw)
    citations = tuple(dict.fromkeys(citations_of(document)))
    found = {ref for ref in citations if claim_by_ref(articles, ref) is not None}  # (looked up by article)
    for ref in citations:
        if ref not in found:
            refs = [c.ref for a in articles.values() for c in a.claims]
            diags.error("unknown-claim", places.get(ref, Location(raw.display)),
                        f"this note cites a claim that does not exist: '{ref}'{did_you_mean(ref, refs)}")
    if title is None or fields.boolean("draft", False):
        return None
    return Note(
        slug=raw.slug, title=title, date=fields.date("date"), topics=topic_ids(fields, "topics"),
        summary=fields.text("summary"), citations=tuple(r for r in citations if r in found),
        document=document, location=Location(raw.display),
    )
