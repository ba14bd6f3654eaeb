"""The pictures: who speaks about what (an expert × topic matrix) and when (a timeline of claims
by their articles' publication dates), drawn at build time as static SVG — no chart library, no
script in the reader's browser — and the page of the whole matrix.

This module owns the drawing; the numbers come from views.Views (claims_per_pair,
claims_per_date, each reading the facts they are made of), and the templates show each picture
with a table of the same numbers right after it (_macros.html: matrix_figure, timeline_figure).
The SVG holds no colour of its own: its marks carry classes (briefgen.css, section 10e, gives
them the theme's colours in both schemes) and its text is `currentColor`. Sizes are in CSS pixels
at the size drawn, so that text stays legible on a phone; a picture wider than the screen scrolls
inside its own box."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from typing import Iterable, Iterator

from markupsafe import Markup, escape

from ..model import Claim
from ..views import MatrixCell, MatrixRow, MatrixView, TimelineBar, TimelineView, TopicView, Views
from . import Output, Site
from .html import group_urls, page

MATRIX_PAGE = "matrix/"
HOME_EXPERTS, HOME_TOPICS = 10, 8  # the home page's matrix: the experts and topics with most claims
CHAR = 7.2  # the width of a character of 12px sans text, at most about (wide letters, capitals): room for labels


def outputs(site: Site) -> Iterator[Output]:
    yield page(MATRIX_PAGE, "matrix.html", lambda site: {"matrix": matrix(site.views)})


# --------------------------------------------------------------------------- the matrix

CELL_W, CELL_H, GAP = 36, 24, 2
BLOCK_ROWS = 25  # rows of experts under one line of topics: a picture that fits a printed sheet
NAME_CHARS, TITLE_CHARS = 22, 24  # labels longer than this are cut (the table gives them whole)


def matrix(views: Views, experts: int | None = None, topics: int | None = None) -> MatrixView:
    """The matrix of the experts and topics with claims, most claims first (A–Z among equals); at
    most `experts` rows and `topics` columns (None: all). Each cell counts the claims its topic's
    page lists under its expert (views.claims_per_pair), and leads there."""
    counts = views.claims_per_pair()
    per_expert, per_topic = Counter(), Counter()
    for (expert_id, topic_id), count in counts.items():
        per_expert[expert_id] += count
        per_topic[topic_id] += count
    expert_views = sorted((views.expert(e) for e in per_expert), key=lambda e: (-per_expert[e.id], e.index_name.casefold(), e.id))
    topic_views = sorted((views.topic(t) for t in per_topic), key=lambda t: (-per_topic[t.id], t.title.casefold(), t.id))
    shown_topics = tuple(topic_views[:topics])
    links = {topic.id: group_urls(views.urls, f"topics/{topic.id}/", views.topic_layout(topic.id), "expert")
             for topic in shown_topics}
    rows = []
    for expert in expert_views[:experts]:
        cells = tuple(MatrixCell(topic, counts[expert.id, topic.id], links[topic.id].get(expert.id, ""))
                      for topic in shown_topics)
        rows.append(MatrixRow(expert, cells, sum(cell.claim_count for cell in cells)))
    complete = len(rows) == len(expert_views) and len(shown_topics) == len(topic_views)
    return MatrixView(shown_topics, tuple(rows), _matrix_svg(shown_topics, rows), len(expert_views), len(topic_views),
                      complete, views.urls.page(MATRIX_PAGE))


def _matrix_svg(topics: tuple[TopicView, ...], rows: list[MatrixRow]) -> Markup:
    """Rows of experts, columns of topics (their titles slanted above), a shaded square with its
    count where an expert spoke on a topic, a link to those claims: a picture per BLOCK_ROWS rows,
    each with the topics above it — a reader far down a long matrix still sees which column is
    which, and a printed sheet holds a picture whole. Drawn to weigh little, for the whole matrix
    has thousands of squares: a row is a group placed once, each square one shape used again
    (`use`), placed by its x alone; what is the same for every square (where its count stands, the
    count's colour on a dark square) is said once, in the stylesheet."""
    if not rows or not topics:
        return Markup("")
    left = round(min(NAME_CHARS, max(len(r.expert.name) for r in rows)) * CHAR + 10)
    title_width = min(TITLE_CHARS, max(len(t.title) for t in topics)) * CHAR
    top = round(title_width * math.sin(math.radians(40))) + 12
    grid_w = len(topics) * (CELL_W + GAP)
    width = round(left + grid_w + title_width * math.cos(math.radians(40)))
    highest = max(cell.claim_count for row in rows for cell in row.cells) or 1
    labels = "".join(f'<text class="axis-label" transform="translate({left + x * (CELL_W + GAP) + CELL_W // 2} {top - 6}) '
                     f'rotate(-40)">{escape(_cut(topic.title, TITLE_CHARS))}</text>' for x, topic in enumerate(topics))
    out = []
    for first in range(0, len(rows), BLOCK_ROWS):
        block = rows[first:first + BLOCK_ROWS]
        height = top + len(block) * (CELL_H + GAP) + 4
        shown = f", experts {first + 1} to {first + len(block)} of {len(rows)}" if len(rows) > BLOCK_ROWS else ""
        out.append(f'<svg class="chart-svg matrix-svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
                   f'role="group" aria-label="Claims by expert and topic{shown}">')
        if not first:  # the square, drawn by every picture of the page
            out.append(f'<defs><rect id="sq" y="{-CELL_H // 2}" width="{CELL_W}" height="{CELL_H}"/></defs>')
        out.append(labels)
        for y, row in enumerate(block):  # placed at the middle of the row's height, where the texts stand
            out.append(f'<g transform="translate({left} {top + y * (CELL_H + GAP) + CELL_H // 2})">'
                       f'<rect class="row-band" y="{-CELL_H // 2}" width="{grid_w - GAP}" height="{CELL_H}"/>'
                       f'<text class="name" x="-8">{escape(_cut(row.expert.name, NAME_CHARS))}</text>')
            for x, cell in enumerate(row.cells):
                if cell.claim_count:
                    level = math.ceil(5 * math.sqrt(cell.claim_count / highest))
                    tx = x * (CELL_W + GAP)
                    out.append(f'<a href="{escape(cell.url)}"><title>{escape(row.expert.name)}, '
                               f'{escape(cell.topic.title)}: {_claims(cell.claim_count)}</title>'
                               f'<use href="#sq" class="q{level}" x="{tx}"/>'
                               f'<text x="{tx + CELL_W // 2}">{cell.claim_count}</text></a>')
            out.append("</g>")
        out.append("</svg>")
    return Markup("".join(out))


# --------------------------------------------------------------------------- the timeline

DAYS_AT_MOST = 62  # a span of dates longer than this is drawn per month
PLOT_W, PLOT_H = 300, 96  # the bars' room, about: the picture fits a phone (a few bars kept narrow, many made thinner)


def timeline(views: Views, claims: Iterable[Claim] | None = None) -> TimelineView:
    """The timeline of these claims (None: every claim). Dates further apart than a few months are
    drawn per month whatever their days, from the months alone (views.claims_per_month: an
    article's other edits leave the picture as it was); else the days decide."""
    claims = None if claims is None else tuple(claims)
    months = views.claims_per_month(claims)
    dated = sorted(month for month, count in months.items() if month and count)  # a dated article without claims: none
    if not dated:
        return TimelineView((), False, 0, months[None], Markup(""))
    if (_months_apart(dated[0], dated[-1]) - 1) * 28 + 1 > DAYS_AT_MOST:  # the fewest days between them
        by_month, undated = True, months[None]
        per_bin = Counter({dt.date.fromisoformat(f"{month}-01"): count for month, count in months.items() if month and count})
    else:
        dates, undated = views.claims_per_date(claims)
        by_month = (max(dates) - min(dates)).days > DAYS_AT_MOST
        per_bin = Counter()
        for date, count in dates.items():
            if count:
                per_bin[date.replace(day=1) if by_month else date] += count
    slots = list(_slots(min(per_bin), max(per_bin), by_month))
    bars = tuple(TimelineBar(_key(d, by_month), _label(d, by_month), per_bin[d]) for d in slots if per_bin[d])
    return TimelineView(bars, by_month, sum(per_bin.values()), undated,
                        _timeline_svg([(d, per_bin[d]) for d in slots], by_month))


def _months_apart(first: str, last: str) -> int:
    """How many months from one 'YYYY-MM' to another."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])


def _slots(first: dt.date, last: dt.date, by_month: bool) -> Iterator[dt.date]:
    """Every day (or first of a month) from the first to the last, those without claims too."""
    day = first.replace(day=1) if by_month else first
    while day <= last:
        yield day
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) if by_month else day + dt.timedelta(days=1)


def _key(date: dt.date, by_month: bool) -> str:
    return date.isoformat()[:7] if by_month else date.isoformat()


def _label(date: dt.date, by_month: bool) -> str:
    return f"{date:%b %Y}" if by_month else f"{date.day} {date:%b %Y}"


def _timeline_svg(slots: list[tuple[dt.date, int]], by_month: bool) -> Markup:
    """Bars on a time axis: gridlines at round counts, labelled on the left; the first and last
    day or month under the axis; each bar's count above it when there is room."""
    step = max(3, min(48, PLOT_W // len(slots)))
    highest = max(count for _, count in slots)
    ticks = _ticks(highest)
    scale = ticks[-1]
    left = len(str(scale)) * CHAR + 10
    top, bottom = 18, 22
    plot_w = len(slots) * step
    width = round(max(left + plot_w + 8, left + 2 * len(_label(slots[0][0], by_month)) * CHAR + 16))
    height = top + PLOT_H + bottom
    first, last = _label(slots[0][0], by_month), _label(slots[-1][0], by_month)
    total = sum(count for _, count in slots)
    busiest = max(slots, key=lambda slot: slot[1])
    described = (f"{_claims(total)} {'from ' + first + ' to ' + last if first != last else 'on ' + first}; "
                 f"the most, {busiest[1]}, {'in' if by_month else 'on'} {_label(busiest[0], by_month)}.")
    out = [f'<svg class="chart-svg timeline-svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="Claims per {"month" if by_month else "day"}: {escape(described)}">']
    for tick in ticks:
        y = top + PLOT_H - PLOT_H * tick / scale
        out.append(f'<line class="{"baseline" if tick == 0 else "gridline"}" x1="{left}" x2="{left + plot_w}" '
                   f'y1="{y:.1f}" y2="{y:.1f}"/><text class="axis-label" x="{left - 6:.0f}" y="{y:.1f}" '
                   f'text-anchor="end" dominant-baseline="central">{tick}</text>')
    bar_w = max(2, round(step * 0.75))
    for index, (date, count) in enumerate(slots):
        if not count:
            continue
        h = PLOT_H * count / scale
        x = left + index * step + (step - bar_w) / 2
        out.append(f'<rect class="bar" x="{x:.1f}" y="{top + PLOT_H - h:.1f}" width="{bar_w}" height="{h:.1f}">'
                   f'<title>{_label(date, by_month)}: {_claims(count)}</title></rect>')
        if step >= 20:
            out.append(f'<text class="value" x="{x + bar_w / 2:.1f}" y="{top + PLOT_H - h - 4:.1f}">{count}</text>')
    out.append(f'<text class="axis-label" x="{left}" y="{height - 5}">{first}</text>')
    if last != first:
        out.append(f'<text class="axis-label" x="{left + plot_w}" y="{height - 5}" text-anchor="end">{last}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _ticks(highest: int) -> list[int]:
    """Round counts from 0 past the highest, two to four steps of 1, 2 or 5 times a power of ten."""
    step = 1
    while -(-highest // step) > 4:
        step = next(s * 10 ** e for e in range(10) for s in (1, 2, 5) if s * 10 ** e > step)
    return list(range(0, -(-highest // step) * step + 1, step))


def _claims(count: int) -> str:
    return f"{count} claim{'s' if count != 1 else ''}"


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"
