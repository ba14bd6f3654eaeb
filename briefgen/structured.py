"""schema.org data (JSON-LD) for search engines and other programs: an article's page says what
the article is and quotes each of its claims as a `Quotation`; an expert's page says who they are.

Made from the same views as the pages (never from an article's text, so a page whose text alone
changed keeps its data, as splice.py needs), with full addresses when base_url has one, and
written so that nothing in it can end its <script> element. Templates call the functions of
TEMPLATE_FUNCTIONS."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .urls import Urls
from .views import ArticleView, ClaimView, ExpertView, TopicView

CONTEXT = "https://schema.org"


def article_json_ld(article: ArticleView, claims: list[ClaimView], urls: Urls) -> Markup:
    """The article (headline, date, outlet, original) and each claim as a Quotation of it."""
    url = urls.full(article.url)
    described = _present({
        "@type": "Article", "@id": url, "url": url, "headline": article.title,
        "datePublished": article.published, "description": article.description,
        "publisher": {"@type": "Organization", "name": article.outlet} if article.outlet else None,
        "isBasedOn": article.source_url, "inLanguage": article.language, "about": _terms(article.topics, urls),
    })
    quotations = [_present({
        "@type": "Quotation", "@id": urls.full(claim.url), "url": urls.full(claim.url), "text": claim.quote,
        "creator": _agent(claim.speaker, urls), "isBasedOn": {"@id": url}, "about": _terms(claim.topics, urls),
        "description": claim.summary,
    }) for claim in claims]
    return script({"@context": CONTEXT, "@graph": [described, *quotations]})


def expert_json_ld(expert: ExpertView, urls: Urls) -> Markup:
    """The expert as a Person (an official too) or an Organization: a person's role is their job
    title and they work for their affiliation; an organisation's role describes it, and it is a
    member of its affiliation."""
    role, affiliation = ("description", "memberOf") if expert.kind == "organization" else ("jobTitle", "worksFor")
    return script({"@context": CONTEXT, **_agent(expert, urls), **_present({
        "alternateName": list(expert.aliases), role: expert.role,
        affiliation: {"@type": "Organization", "name": expert.affiliation} if expert.affiliation else None,
        "sameAs": expert.homepage,
    })})


def script(data: dict[str, Any]) -> Markup:
    """A <script type="application/ld+json"> element holding `data`, with '<', '>' and '&' written
    as JSON escapes: no text in it can close the element or open a comment."""
    # (three replaces: a fifteenth of str.translate's time on an article's text)
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _agent(expert: ExpertView, urls: Urls) -> dict[str, Any]:
    url = urls.full(expert.url)
    return {"@type": "Organization" if expert.kind == "organization" else "Person", "@id": url, "name": expert.name,
            "url": url}


def _terms(topics: tuple[TopicView, ...], urls: Urls) -> list[dict[str, str]]:
    return [{"@type": "DefinedTerm", "@id": urls.full(t.url), "name": t.title, "url": urls.full(t.url)}
            for t in topics]


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields that have a value."""
    return {key: value for key, value in fields.items() if value not in ("", None, [])}


TEMPLATE_FUNCTIONS = {"article_json_ld": article_json_ld, "expert_json_ld": expert_json_ld}
