"""The pages of analysts' notes, each citation of a claim shown as an attributed quote."""

from __future__ import annotations

from typing import Iterator

from markupsafe import Markup, escape

from ..markdown import render as render_markdown
from ..views import ClaimView, Views
from . import Output, Site
from .html import page


def outputs(site: Site) -> Iterator[Output]:
    for slug in site.views.note_slugs():
        def context(site: Site, slug: str = slug) -> dict:
            views = site.views
            return {"note": views.note(slug), "body": note_body(slug, views),
                    "claims": [views.claim(ref) for ref in views.note_document(slug).citations
                               if views.corpus.claim(ref) is not None]}
        yield page(f"notes/{slug}/", "note.html", context)


def citation_html(claim: ClaimView) -> tuple[str, str, str]:
    """A cited claim in a note: inline as a short quote, alone in its paragraph as a block quote,
    each with speaker, outlet, date and a link to its place in the source; and inline without
    links, for a citation inside a link's text."""
    article = claim.article
    source = escape(article.outlet or article.title) + (f", {escape(article.published_display)}"
                                                        if article.published_display else "")
    lang = f' lang="{escape(article.language)}"' if article.language else ""
    quote = escape(claim.quote)
    speaker = f'<a class="chip speaker" href="{escape(claim.speaker.url)}">{escape(claim.speaker.name)}</a>'
    flag = (f' <a class="flag" href="{escape(claim.conflict_url)}">sources disagree</a>'
            if claim.conflict_url else "")
    inline = (f'<q class="citation"{lang}>{quote}</q> ({speaker}, '
              f'<a class="in-source" href="{escape(claim.url)}">{source}</a>){flag}')
    marks = ("“", "”") if claim.kind == "direct" else ("", "")
    block = (
        f'<figure class="citation {escape(claim.kind)}"><blockquote{lang}><p>{marks[0]}{quote}{marks[1]}</p>'
        f'</blockquote><figcaption>{speaker} {"quoted" if claim.kind == "direct" else "paraphrased"} in '
        f'<a href="{escape(article.url)}">{escape(article.title)}</a> ({source}) · '
        f'<a class="in-source" href="{escape(claim.url)}">see in source</a>{flag}</figcaption></figure>'
    )
    plain = (f'<q class="citation"{lang}>{quote}</q> ({escape(claim.speaker.name)}, {source})')
    return inline, block, plain


def note_body(slug: str, views: Views) -> Markup:
    note = views.note_document(slug)
    citations = {ref: citation_html(views.claim(ref)) for ref in note.citations}
    return Markup(render_markdown(note.document, citations=citations))
