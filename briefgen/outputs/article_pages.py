"""The page of each article: its text with every claim's quote marked where it stands, the
marks' tags (number, speaker, topics, other sources), and its claims beside it."""

from __future__ import annotations

from typing import Iterator

from markupsafe import Markup, escape

from ..markdown import Marks, marked_body, split_headline
from ..model import Article
from ..views import ClaimView
from . import Output, Site
from .html import page


def outputs(site: Site) -> Iterator[Output]:
    for slug in site.views.article_slugs():
        def context(site: Site, slug: str = slug) -> dict:
            views = site.views
            article = views.article_body(slug)
            claims = views.article_claims(slug)
            headline, body = split_headline(article_body(article, claim_marks(claims)))
            return {"article": views.article(slug), "claims": claims,
                    "headline": Markup(headline) if headline is not None else None, "body": Markup(body)}
        yield page(f"articles/{slug}/", "article.html", context)


def tag_id(claim_id: str) -> str:
    """The id of a claim's tag in its article's page (its mark is "claim-…", its panel entry "panel-…")."""
    return f"tag-{claim_id}"


def claim_tag(claim: ClaimView) -> str:
    """The small note after a marked quote: its number (the permalink), speaker and topics, read
    as "Claim 3, quote by Marc Finaud, on Arms control, INF Treaty" (the words a screen reader
    needs and the eye does not are visually hidden). Its id lets each of the claim's marks name it
    as their description; printed it reads "[Marc Finaud — Arms control, INF Treaty]"."""
    topics = ", ".join(f'<a class="chip topic" href="{escape(t.url)}">{escape(t.title)}</a>' for t in claim.topics)
    if topics:
        topics = f'<span class="sep" aria-hidden="true"> — </span><span class="visually-hidden">on </span>{topics}'
    said = "quote" if claim.kind == "direct" else "paraphrase"
    copies = ", ".join(
        f'<a href="{escape(c.url)}">{escape(c.article.outlet or c.article.title)}</a>' for c in claim.copies
    )
    also = f'<span class="also"> · also reported by {copies}</span>' if copies else ""
    flag = (f' <a class="flag" href="{escape(claim.conflict_url)}">sources disagree</a>'
            if claim.conflict_url else "")
    return (
        f'<span class="claim-tag" id="{escape(tag_id(claim.id))}">'
        f'<a class="claim-num" href="#{escape(claim.anchor)}" title="Permalink to this claim" '
        f'aria-label="Claim {claim.number}">{claim.number}</a> '
        f'<span class="visually-hidden">{said} by </span>'
        f'<a class="chip speaker" href="{escape(claim.speaker.url)}">{escape(claim.speaker.name)}</a>'
        f'{topics}{also}{flag}</span>'
    )


def claim_marks(claims: list[ClaimView]) -> dict[str, Marks]:
    """The marks of each of the article's claims, by claim id."""
    marks = {}
    for claim in claims:
        label = escape(f"{claim.kind} claim by {claim.speaker.name}")
        attrs = (f'class="claim {claim.kind}" data-claim="{escape(claim.id)}" '
                 f'aria-describedby="{escape(tag_id(claim.id))}"')
        marks[claim.id] = Marks(first_open=f'<mark id="{escape(claim.anchor)}" {attrs} title="{label}">',
                                open=f'<mark {attrs} title="{label}">', close="</mark>", after=claim_tag(claim))
    return marks


def article_body(article: Article, marks: dict[str, Marks]) -> str:
    """The article's HTML with every claim's quote marked where it stands in the text."""
    return marked_body(article.body, article.document, [(c.id, c.spans) for c in article.claims], marks)
