"""The site's data files, for people who re-use a briefing's claims elsewhere, in parts so that an
edit of one article rewrites only the part that holds it:

- `data/claims/<part>.json` and `.csv`: the claims of a part's articles with their speaker, kind,
  words, summary, topics, article, outlet, date and permalink; `data/claims.json` lists the parts
  (an index), and `data/claims.csv` holds every claim while the site is small;
- `data/annotations/<part>.jsonld`: the same claims as W3C Web Annotations of their article's text,
  found by their words (TextQuoteSelector: exact, prefix, suffix) and by where they stand
  (TextPositionSelector), an AnnotationPage each; `data/annotations.jsonld` is their
  AnnotationCollection.

A part is a month of articles by publication date ('2022-01'; 'undated' last), newest first as the
site lists them; a month of more than PART_ARTICLES articles is cut in parts of that many counted
from its oldest article ('2022-01-1' the oldest, …), so that a newer article added to the month
changes only its newest part.

The article's text is the plain text a reader sees in its body (Article.text: paragraphs apart by
a blank line, without briefgen's claim labels), the headline first where the Markdown opens with one
(the page shows it as its title); positions count its characters (code points)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import partial
from typing import Iterable, Iterator, Mapping

from ..model import Article, Claim, Expert, Topic
from ..urls import Urls
from ..views import Views
from . import Output, Site, kept_or_made

CLAIMS_JSON, CLAIMS_CSV, ANNOTATIONS = "data/claims.json", "data/claims.csv", "data/annotations.jsonld"
PARTS, PAGES = "data/claims/", "data/annotations/"  # <part>.json and <part>.csv; <part>.jsonld
PART_ARTICLES = 200  # at most in a part; and data/claims.csv is written while the site has at most this many
UNDATED = "undated"
CONTEXT_CHARS = 32  # of text before and after a quote in its TextQuoteSelector
CSV_COLUMNS = ("id", "speaker_id", "speaker_name", "kind", "quote", "summary", "topics", "topic_titles",
               "article", "article_title", "outlet", "date", "permalink", "source_url")

Annotations = tuple[str, ...]  # one article's, in the order of its claims, each a line of JSON


def claim_record(claim: Claim, article: Article, experts: Mapping[str, Expert], topics: Mapping[str, Topic],
                 urls: Urls) -> dict:
    """One claim as data/claims.json gives it (addresses are the site's own, under its base path)."""
    speaker = experts[claim.speaker]
    return {
        "id": claim.ref,
        "speaker": {"id": speaker.id, "name": speaker.name, "url": urls.expert(speaker.id)},
        "kind": claim.kind,
        "quote": claim.quote,
        "summary": claim.summary,
        "topics": [{"id": t, "title": topics[t].title, "url": urls.topic(t)} for t in claim.topics],
        "article": {"slug": article.slug, "title": article.title, "url": urls.article(article.slug),
                    "source_url": article.url},
        "outlet": article.outlet,
        "date": article.published.isoformat() if article.published else None,
        "permalink": urls.claim(article.slug, claim.id),
    }


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _lines(header: str, items: Iterable[str], footer: str) -> bytes:
    """A JSON document with one item per line (readable, and kind to diffs)."""
    return (header + "\n" + ",\n".join(items) + "\n" + footer + "\n").encode("utf-8")


def _csv_rows(records: list[dict], urls: Urls) -> str:
    """Claims as rows of data/claims.csv: topics as ids and titles joined by '; ', full permalinks
    when the site's address is known."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for r in records:
        writer.writerow([r["id"], r["speaker"]["id"], r["speaker"]["name"], r["kind"], r["quote"], r["summary"] or "",
                         "; ".join(t["id"] for t in r["topics"]), "; ".join(t["title"] for t in r["topics"]),
                         r["article"]["slug"], r["article"]["title"], r["outlet"] or "", r["date"] or "",
                         urls.full(r["permalink"]), r["article"]["source_url"] or ""])
    return out.getvalue()


def _targets(article: Article, claim: Claim, source: str) -> dict | list[dict]:
    """Where a claim's words stand in its article's text: a target per piece of them (pieces around an
    ellipsis; one, most often)."""
    text = article.text
    targets = [{"source": source, "selector": [
        {"type": "TextQuoteSelector", "exact": text[start:end],
         "prefix": text[max(0, start - CONTEXT_CHARS):start], "suffix": text[end:end + CONTEXT_CHARS]},
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]} for start, end in claim.spans]
    return targets[0] if len(targets) == 1 else targets


def article_annotations(article: Article, experts: Mapping[str, Expert], topics: Mapping[str, Topic],
                        urls: Urls) -> Annotations:
    """The Web Annotations of one article's claims: who said it (identifying), on which topics
    (tagging), the summary (describing) and the kind of claim (classifying)."""
    source = urls.full(urls.article(article.slug))
    items = []
    for claim in article.claims:
        speaker = experts[claim.speaker]
        body = [{"type": "SpecificResource", "purpose": "identifying",
                 "source": {"id": urls.full(urls.expert(speaker.id)), "label": speaker.name}},
                {"type": "TextualBody", "purpose": "classifying", "value": claim.kind, "format": "text/plain"}]
        body += [{"type": "SpecificResource", "purpose": "tagging",
                  "source": {"id": urls.full(urls.topic(t)), "label": topics[t].title}} for t in claim.topics]
        if claim.summary:
            body.append({"type": "TextualBody", "purpose": "describing", "value": claim.summary,
                         "format": "text/plain"})
        items.append({"id": urls.full(urls.claim(article.slug, claim.id)), "type": "Annotation",
                      "motivation": "identifying", "body": body, "target": _targets(article, claim, source)})
    return tuple(map(_json, items))



# --------------------------------------------------------------------------- the parts


@dataclass(frozen=True)
class Part:
    name: str  # '2022-01'; a month cut in several: '2022-01-1' (its oldest articles), '2022-01-2', …; 'undated'
    month: str | None  # 'YYYY-MM'; None for the articles without a date
    run: int  # which month it is among the site's, newest first (an index in Plan.runs)
    slugs: tuple[str, ...]  # its articles, in the order of the site


@dataclass(frozen=True)
class Plan:
    """The site's articles in parts: each month's articles (a run of consecutive articles in the
    order of the site, which is newest first), and the parts they are cut in."""

    runs: tuple[tuple[str, ...], ...]
    parts: tuple[Part, ...]


def plan(months: Mapping[str | None, list[str]]) -> Plan:
    """The parts of the site's articles, from their months' (Views.month_articles, in the months'
    order: the site's articles stand newest first, model.newest_first, so that each month's are
    next to each other, the undated last)."""
    runs = list(months.items())
    parts = []
    for index, (month, slugs) in enumerate(runs):
        name = month or UNDATED
        if len(slugs) <= PART_ARTICLES:
            parts.append(Part(name, month, index, tuple(slugs)))
            continue
        # counted from the oldest, so that the newest part is the one that is not full: articles
        # added at the newest end of the month change that part only
        count = -(-len(slugs) // PART_ARTICLES)
        head = len(slugs) - (count - 1) * PART_ARTICLES
        cuts = [0, *range(head, len(slugs) + 1, PART_ARTICLES)]
        parts += [Part(f"{name}-{count - n}", month, index, tuple(slugs[start:end]))
                  for n, (start, end) in enumerate(zip(cuts, cuts[1:]))]
    return Plan(tuple(tuple(slugs) for _, slugs in runs), tuple(parts))


def _read_runs(views: Views, plan: Plan, first: int, last: int) -> None:
    """Read what says that the months `first` to `last` of the plan hold the same articles as when it
    was made: the list of months, and each of these months' list of articles. (A part reads its own
    month and the two beside it: the names of its neighbours' parts depend on their sizes.)"""
    months = views.months()
    for month in months[max(0, first):last + 1]:
        views.month_articles(month)


def _part_records(site: Site, part: Part) -> Iterator[list[dict]]:
    """The claims of each article of the part, as data/claims/<part>.json gives them (what they say,
    who said it, on which topics: each read as a fact; the article's text is not)."""
    views = site.views
    experts, topics = views.corpus.experts, views.corpus.topics
    for slug in part.slugs:
        views.article(slug)
        for claim in views.article_claims(slug):
            claim.speaker, claim.topics  # noqa: B018 — read
        article = views.corpus.articles[slug]
        yield [claim_record(claim, article, experts, topics, site.urls) for claim in article.claims]


def part_json(site: Site, plan: Plan, part: Part) -> bytes:
    """data/claims/<part>.json: the part's claims in the order of the table of claims."""
    _read_runs(site.views, plan, part.run - 1, part.run + 1)
    return _lines('{"claims":[', (_json(record) for records in _part_records(site, part) for record in records),
                  "]}")


def part_csv(site: Site, plan: Plan, part: Part) -> bytes:
    _read_runs(site.views, plan, part.run - 1, part.run + 1)
    rows = "".join(_csv_rows(records, site.urls) for records in _part_records(site, part))
    return (",".join(CSV_COLUMNS) + "\r\n" + rows).encode("utf-8")


def claims_csv(site: Site, plan: Plan) -> bytes:
    """data/claims.csv: every claim in one file (written while the site is small)."""
    views = site.views
    views.article_slugs()
    rows = "".join(_csv_rows(records, site.urls) for part in plan.parts for records in _part_records(site, part))
    return (",".join(CSV_COLUMNS) + "\r\n" + rows).encode("utf-8")


def _counts(site: Site, plan: Plan) -> list[int]:
    """How many claims each part holds. Read: the parts (every month's ends, the order of the
    articles) and the list of every claim ('article#id', in order: how many each article has)."""
    views = site.views
    _read_runs(views, plan, 0, len(plan.runs))
    return [sum(views.article_claim_count(slug) for slug in part.slugs) for part in plan.parts]


def claims_index(site: Site, plan: Plan) -> bytes:
    """data/claims.json: the parts, in the order of the table of claims, with how many claims each holds."""
    urls = site.urls
    counts = _counts(site, plan)
    parts = [_json({"part": part.name, "month": part.month, "claims": count,
                    "url": urls.page(f"{PARTS}{part.name}.json"), "csv": urls.page(f"{PARTS}{part.name}.csv")})
             for part, count in zip(plan.parts, counts)]
    header = (f'{{"site":{_json({"title": site.config.title, "url": urls.absolute("")})},'
              f'"count":{sum(counts)},"parts":[')
    return _lines(header, parts, "]}")


def _collection(site: Site) -> dict:
    return {"id": site.urls.absolute(ANNOTATIONS), "label": "Claims in " + site.config.title}


def annotation_collection(site: Site, plan: Plan) -> bytes:
    """data/annotations.jsonld: the AnnotationCollection of every claim, its pages first to last."""
    urls = site.urls
    where = _collection(site)
    collection = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": where["id"], "type": "AnnotationCollection",
                  "label": where["label"], "total": sum(_counts(site, plan))}
    if plan.parts:
        collection["first"] = urls.absolute(f"{PAGES}{plan.parts[0].name}.jsonld")
        collection["last"] = urls.absolute(f"{PAGES}{plan.parts[-1].name}.jsonld")
    return (_json(collection) + "\n").encode("utf-8")


def annotation_page(site: Site, kept: dict[str, str], plan: Plan, index: int) -> tuple[bytes, dict[str, str]]:
    """data/annotations/<part>.jsonld: an AnnotationPage of the collection, with its neighbours
    (`prev` newer, `next` older). No `startIndex`: it would count the claims of every newer part, so
    a claim added to a new article would rewrite every page; data/claims.json gives each part's count.
    Each article's annotations are kept with the facts they read: an edit makes those of its own
    article again, not those of the part's other articles."""
    views, urls, part = site.views, site.urls, plan.parts[index]
    _read_runs(views, plan, part.run - 2, part.run + 2)  # the neighbours' names depend on their months' sizes
    page = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": urls.absolute(f"{PAGES}{part.name}.jsonld"),
            "type": "AnnotationPage", "partOf": _collection(site)}
    if index > 0:
        page["prev"] = urls.absolute(f"{PAGES}{plan.parts[index - 1].name}.jsonld")
    if index + 1 < len(plan.parts):
        page["next"] = urls.absolute(f"{PAGES}{plan.parts[index + 1].name}.jsonld")
    def annotations(slug: str) -> Annotations:
        for claim in views.article_claims(slug):
            claim.speaker, claim.topics  # noqa: B018 — read
        return article_annotations(views.article_text(slug), views.corpus.experts, views.corpus.topics, urls)

    lines: list[str] = []
    kept_now: dict[str, str] = {}
    site.facts_ahead(part.slugs)
    for slug in part.slugs:
        kept_lines, _ = kept_or_made(site, kept, kept_now, f"article:{slug}", partial(annotations, slug), list,
                                     shape=list)
        lines.extend(kept_lines)
    return _lines(_json(page)[:-1] + ',"items":[', lines, "]}"), kept_now


def outputs(site: Site) -> Iterator[Output]:
    views = site.views
    views.article_slugs()  # the parts follow from the articles' order and months
    parts = plan({month: views.month_articles(month) for month in views.months()})
    yield Output(CLAIMS_JSON, partial(claims_index, plan=parts), later=True)
    if len(site.views.corpus.articles) <= PART_ARTICLES:
        yield Output(CLAIMS_CSV, partial(claims_csv, plan=parts), later=True)
    yield Output(ANNOTATIONS, partial(annotation_collection, plan=parts), later=True)
    for index, part in enumerate(parts.parts):
        yield Output(f"{PARTS}{part.name}.json", partial(part_json, plan=parts, part=part), later=True)
        yield Output(f"{PARTS}{part.name}.csv", partial(part_csv, plan=parts, part=part), later=True)
        yield Output(f"{PAGES}{part.name}.jsonld", partial(annotation_page, plan=parts, index=index), later=True,
                     keeps=True)
