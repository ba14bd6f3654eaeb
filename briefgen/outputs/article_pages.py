"""The page of each article: its headline and text with every claim's quote marked where it stands,
led by its speaker's name and followed by its number, and its claims' cards beside it (at the height
of their marks where assets/article.js places them)."""

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
            body = article_body(article, claim_marks(claims))
            headline, text = split_headline(body)  # a template that shows no headline apart shows the body whole
            return {"article": views.article(slug), "claims": claims, "body": Markup(body),
                    "headline": Markup(headline) if headline is not None else None, "text": Markup(text)}
        yield page(f"articles/{slug}/", "article.html", context)


def tag_id(claim_id: str) -> str:
    """The id of a claim's tag in its article's page (its mark is "claim-…", its card "panel-…")."""
    return f"tag-{claim_id}"


def card_id(claim_id: str) -> str:
    """The id of a claim's card in the claims beside the text (or below it, on a phone)."""
    return f"panel-{claim_id}"


def speaker_cue(claim: ClaimView) -> str:
    """Who speaks, where the quote starts ('Finaud'): shown on narrow screens, and on paper, where no
    card stands level with the quote (hidden from screen readers: the mark names its claim)."""
    return f'<span class="who" aria-hidden="true">{escape(claim.speaker.short_name)}</span>'


def claim_tag(claim: ClaimView) -> str:
    """The small tag after a marked quote: its number, a link to its card (beside the text on wide
    screens, opened in place on a phone by assets/article.js, else the list after the text), read as
    "Claim 3, quoted by Marc Finaud". A flag marks a claim its sources disagree on; the rest (topics,
    other sources, the disagreement) is on the card."""
    said = "quoted" if claim.kind == "direct" else "paraphrased"
    disputed = " disputed" if claim.conflict_url else ""
    return (
        f'<span class="claim-tag" id="{escape(tag_id(claim.id))}">'
        f'<a class="claim-num{disputed}" href="#{escape(card_id(claim.id))}" data-claim="{escape(claim.id)}" '
        f'aria-label="Claim {claim.number}, {said} by {escape(claim.speaker.name)}'
        f'{", sources disagree" if disputed else ""}">{claim.number}</a></span>'
    )


def claim_marks(claims: list[ClaimView]) -> dict[str, Marks]:
    """The marks of each of the article's claims, by claim id: led by its speaker cue, followed by its tag."""
    marks = {}
    for claim in claims:
        label = escape(f"{'quoted' if claim.kind == 'direct' else 'paraphrased'}: {claim.speaker.name}")
        attrs = (f'class="claim {claim.kind}" data-claim="{escape(claim.id)}" '
                 f'aria-describedby="said-{escape(claim.id)} about-{escape(claim.id)}"')  # its card, but its number
        marks[claim.id] = Marks(first_open=f'<mark id="{escape(claim.anchor)}" {attrs} title="{label}">',
                                open=f'<mark {attrs} title="{label}">', close="</mark>", after=claim_tag(claim),
                                lead=speaker_cue(claim))
    return marks


def article_body(article: Article, marks: dict[str, Marks]) -> str:
    """The article's HTML with every claim's quote marked where it stands in the text."""
    return marked_body(article.body, article.document, [(c.id, c.spans) for c in article.claims], marks)
