"""The pages that list and count: home, the lists of notes and articles, the indexes of experts
and topics, the table of every claim, the discrepancies, search and the 404 page."""

from __future__ import annotations

from typing import Iterator

from ..views import paginate
from . import Output, Site, charts
from .html import page

ARTICLES_PER_PAGE = 100  # in the list of articles
TABLE_ROWS_PER_PAGE = 500  # in the table of every claim


def outputs(site: Site) -> Iterator[Output]:
    urls = site.urls
    yield page("", "index.html", lambda site: {
        "articles": [site.views.article(s) for s in site.views.article_slugs()[:10]],
        "notes": [site.views.note(s) for s in site.views.note_slugs()[:5]],
        "matrix": charts.matrix(site.views, charts.HOME_EXPERTS, charts.HOME_TOPICS),
        "timeline": charts.timeline(site.views)})
    if site.views.note_slugs():  # no notes, no page of them (nor a menu entry: base.html)
        yield page("notes/", "notes.html", lambda site: {"notes": [site.views.note(s) for s in site.views.note_slugs()]})
    for number, (path, _, _) in enumerate(paginate(site.views.article_slugs(), "articles/", ARTICLES_PER_PAGE, urls)):
        def articles(site: Site, number: int = number) -> dict:
            views = site.views
            _, slugs, pager = paginate(views.article_slugs(), "articles/", ARTICLES_PER_PAGE, site.urls)[number]
            return {"articles": [views.article(s) for s in slugs], "pager": pager}
        yield page(path, "articles.html", articles)
    yield page("experts/", "experts.html", lambda site: {"experts": site.views.experts_a_to_z()})
    yield page("topics/", "topics.html", lambda site: {"tree": site.views.topic_tree()})
    for number, (path, _, _) in enumerate(paginate(range(site.views.claim_count()), "claims/",
                                                    TABLE_ROWS_PER_PAGE, urls)):
        def table(site: Site, number: int = number) -> dict:
            views = site.views
            count = views.claim_count()
            _, rows, pager = paginate(range(count), "claims/", TABLE_ROWS_PER_PAGE, site.urls)[number]
            return {"claims": views.claims_of(views.claims_between(rows.start, rows.stop)), "pager": pager,
                    "claim_count": count, "filters": views.claim_filters()}
        yield page(path, "claims.html", table)
    yield page("discrepancies/", "discrepancies.html", lambda site: {"discrepancies": site.views.discrepancies()})
    yield page("search/", "search.html", lambda site: {})
    yield page("404.html", "404.html", lambda site: {})
