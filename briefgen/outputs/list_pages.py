"""The pages that list and count: home, the lists of notes and articles, the indexes of experts
and topics, the table of every claim, the discrepancies, search and the 404 page."""

from __future__ import annotations

from typing import Iterator

from ..views import paginate
from . import Output, Site
from .html import page

ARTICLES_PER_PAGE = 100  # in the list of articles
TABLE_ROWS_PER_PAGE = 500  # in the table of every claim


def outputs(site: Site) -> Iterator[Output]:
    views, urls, corpus = site.views, site.urls, site.views.corpus
    yield page(site, "", "index.html", lambda: {
        "articles": [views.article(s) for s in views.article_slugs()[:10]],
        "notes": [views.note(s) for s in views.note_slugs()[:5]]})
    yield page(site, "notes/", "notes.html", lambda: {"notes": [views.note(s) for s in views.note_slugs()]})
    for number, (path, _, _) in enumerate(paginate(list(corpus.articles), "articles/", ARTICLES_PER_PAGE, urls)):
        def articles(number: int = number) -> dict:
            _, slugs, pager = paginate(views.article_slugs(), "articles/", ARTICLES_PER_PAGE, urls)[number]
            return {"articles": [views.article(s) for s in slugs], "pager": pager}
        yield page(site, path, "articles.html", articles)
    yield page(site, "experts/", "experts.html", lambda: {"experts": views.experts_a_to_z()})
    yield page(site, "topics/", "topics.html", lambda: {"tree": views.topic_tree()})
    claim_count = sum(len(a.claims) for a in corpus.articles.values())
    for number, (path, _, _) in enumerate(paginate(range(claim_count), "claims/", TABLE_ROWS_PER_PAGE, urls)):
        def table(number: int = number) -> dict:
            claims = views.claim_list()
            _, items, pager = paginate(claims, "claims/", TABLE_ROWS_PER_PAGE, urls)[number]
            return {"claims": views.claims_of(items), "pager": pager, "claim_count": len(claims),
                    "filters": views.claim_filters()}
        yield page(site, path, "claims.html", table)
    yield page(site, "discrepancies/", "discrepancies.html", lambda: {"discrepancies": views.discrepancies()})
    yield page(site, "search/", "search.html", dict)
    yield page(site, "404.html", "404.html", dict)
