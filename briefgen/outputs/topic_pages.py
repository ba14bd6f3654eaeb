"""The pages of each topic: the claims on it grouped by expert, in pages, and the articles that cover it."""

from __future__ import annotations

from typing import Iterator

from . import Output, Site, charts, has_full_address
from .html import grouped_pages

ARTICLES_ON_TOPIC_PAGE = 50


def outputs(site: Site) -> Iterator[Output]:
    for topic_id in site.views.topic_ids():
        def context(site: Site, topic_id: str = topic_id) -> dict:
            from .feeds import topic_feed

            views = site.views
            topic = views.topic(topic_id)
            covering = views.topic_articles(topic_id)
            return {
                "topic": topic,
                "ancestors": views.topic_path(topic_id),
                "subtopics": [node.topic for node in views.topic_tree(topic_id)],
                "articles": [views.article(s) for s in covering[:ARTICLES_ON_TOPIC_PAGE]],
                "more_articles": max(0, len(covering) - ARTICLES_ON_TOPIC_PAGE),
                "notes": views.topic_notes(topic_id),
                "timeline": charts.timeline(views, views.listed_claims(views.topic_layout(topic_id))),
                "feed": topic_feed(topic, f"topics/{topic_id}/", site.urls) if has_full_address(site.urls) else None,
            }
        yield from grouped_pages(site, f"topics/{topic_id}/", "topic.html",
                                 lambda views, topic_id=topic_id: views.topic_layout(topic_id), "expert", context)
