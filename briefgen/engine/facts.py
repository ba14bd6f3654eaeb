"""The facts a project defines, each a key (see views.Views) and a hash of its value: what an
output may read, and what the engine compares between builds to know what changed.

An article's own facts (`article_facts`) follow from its files alone, given the settings and
registries: the engine keeps them with the article and makes them again only when it reads the
article again. Every other fact (`site_facts`: the registries, notes, and the lists and counts
made from all articles, what matching found) is made again at every build and compared; they
are small (ids, not texts). Template and static files are facts of their content (`file_facts`)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..match import Matches
from ..model import Article, Corpus, month_of
from ..views import Layout, filter_choices


def digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def article_facts(article: Article) -> dict[str, str]:
    """The article as other pages show it, its text (with where its quotes stand), and each claim."""
    itself = replace(article, claims=(), document=None, body=None, text="")
    facts = {f"article:{article.slug}": digest((itself, len(article.claims), sorted({c.speaker for c in article.claims}))),
             f"text:{article.slug}": digest((article.body, article.text, [c.spans for c in article.claims]))}
    for claim in article.claims:
        facts[f"claim:{claim.ref}"] = digest(replace(claim, spans=(), location=None))
    return facts


def site_facts(corpus: Corpus, matches: Matches, settings: object,
               layout_of: Callable[[str, str], Layout]) -> dict[str, str]:
    """Every fact but the articles' own: small values, made again at every build (`layout_of`
    gives the layout of an expert's or a topic's page: views.Views.layout_of)."""
    facts = {"settings": digest(settings)}
    refs = lambda claims: [c.ref for c in claims]  # noqa: E731
    for expert in corpus.experts.values():
        facts[f"expert:{expert.id}"] = digest(replace(expert, location=None))
        facts[f"expert-claims:{expert.id}"] = digest(refs(corpus.claims_by_expert[expert.id]))
        facts[f"expert-notes:{expert.id}"] = digest(corpus.notes_by_expert[expert.id])
        facts[f"expert-layout:{expert.id}"] = digest(layout_of("expert", expert.id))
    for topic in corpus.topics.values():
        facts[f"topic:{topic.id}"] = digest(replace(topic, location=None))
        facts[f"topic-claims:{topic.id}"] = digest(refs(corpus.claims_by_topic[topic.id]))
        facts[f"topic-articles:{topic.id}"] = digest(corpus.articles_by_topic[topic.id])
        facts[f"topic-notes:{topic.id}"] = digest(corpus.notes_by_topic[topic.id])
        facts[f"topic-layout:{topic.id}"] = digest(layout_of("topic", topic.id))
    facts["topic-tree"] = digest(sorted(corpus.topic_children.items(), key=lambda item: item[0] or ""))
    for note in corpus.notes.values():
        facts[f"note:{note.slug}"] = digest(replace(note, document=None, location=None))
        facts[f"note-text:{note.slug}"] = digest(note.document.tokens)
    facts["list:articles"] = digest(list(corpus.articles))
    months: dict[str | None, list[str]] = {}
    for slug, article in corpus.articles.items():
        months.setdefault(month_of(article), []).append(slug)
    for month, slugs in months.items():
        facts[f"list:month:{month or 'undated'}"] = digest(slugs)
    facts["list:months"] = digest([(month, len(slugs)) for month, slugs in months.items()])
    facts["list:claims"] = digest(refs(corpus.claims()))
    facts["list:notes"] = digest(list(corpus.notes))
    facts["list:experts"] = digest(list(corpus.experts))
    facts["list:topics"] = digest(list(corpus.topics))
    for group in matches.groups:
        value = digest(group)
        for ref in group.refs:
            facts[f"group:{ref}"] = value
    facts["discrepancies"] = digest(matches.conflicted)
    facts["filters"] = digest([sorted(choices) for choices in filter_choices(corpus)])
    return facts


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def file_facts(prefix: str, files: dict[str, Path]) -> dict[str, str]:
    """A fact per file, of its content: 'template:<name>', 'static:<path>'."""
    facts = {}
    for name, path in files.items():
        try:
            facts[f"{prefix}:{name}"] = content_digest(path.read_bytes())
        except OSError:
            facts[f"{prefix}:{name}"] = "unreadable"
    return facts
