"""The pages of each expert: everything they said across sources, grouped by topic, in pages."""

from __future__ import annotations

from typing import Iterator

from . import Output, Site, charts, has_full_address
from .html import grouped_pages


def outputs(site: Site) -> Iterator[Output]:
    for expert_id in site.views.expert_ids():
        def context(site: Site, expert_id: str = expert_id) -> dict:
            from .feeds import expert_feed

            views = site.views
            expert = views.expert(expert_id)
            return {"expert": expert, "notes": views.expert_notes(expert_id),
                    "timeline": charts.timeline(views, views.listed_claims(views.expert_layout(expert_id))),
                    "feed": expert_feed(expert, f"experts/{expert_id}/", site.urls)
                    if has_full_address(site.urls) else None}
        yield from grouped_pages(site, f"experts/{expert_id}/", "expert.html",
                                 lambda views, expert_id=expert_id: views.expert_layout(expert_id), "topic", context)
