"""The site's data files, for people who re-use a briefing's claims elsewhere:

- `data/claims.json` and `data/claims.csv`: every claim with its speaker, kind, words, summary,
  topics, article, outlet, date and permalink;
- `data/annotations.jsonld`: every claim as a W3C Web Annotation of its article's text, found by
  its words (TextQuoteSelector: exact, prefix, suffix) and by where they stand (TextPositionSelector).

The article's text is the plain text a reader sees in its body (Article.text: paragraphs apart by
a blank line, without briefgen's claim labels); positions count its characters (code points).
All of it is made from the model; each file reads every claim, its article, speaker and topics."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable, Iterator, Mapping

from ..model import Article, Claim, Expert, Topic
from ..urls import Urls
from . import Output, Site

CLAIMS_JSON, CLAIMS_CSV, ANNOTATIONS = "data/claims.json", "data/claims.csv", "data/annotations.jsonld"
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


def annotations_jsonld(lines: Iterable[str], title: str, urls: Urls) -> bytes:
    """data/annotations.jsonld: an AnnotationCollection of every claim, one annotation per line."""
    where = urls.absolute(ANNOTATIONS)
    header = ('{"@context":"http://www.w3.org/ns/anno.jsonld",'
              f'"id":{_json(where)},"type":"AnnotationCollection","label":{_json("Claims in " + title)},'
              f'"first":{{"id":{_json(where + "#page-1")},"type":"AnnotationPage","items":[')
    return _lines(header, lines, "]}}")


def outputs(site: Site) -> Iterator[Output]:
    yield Output(CLAIMS_JSON, lambda: claims_json(site))
    yield Output(CLAIMS_CSV, lambda: claims_csv(site))
    yield Output(ANNOTATIONS, lambda: annotations(site))


def _records(site: Site) -> Iterator[tuple[Article, list[dict]]]:
    """Each article, newest first, with its claims as data/claims.json gives them (what they say,
    who said it, on which topics: each read as a fact; the article's text is not)."""
    views = site.views
    experts, topics = views.corpus.experts, views.corpus.topics
    for slug in views.article_slugs():
        views.article(slug)
        for claim in views.article_claims(slug):
            claim.speaker, claim.topics  # noqa: B018 — read
        article = views.corpus.articles[slug]
        yield article, [claim_record(claim, article, experts, topics, site.urls) for claim in article.claims]


def claims_json(site: Site) -> bytes:
    """Every claim in the order of the table of claims (newest article first, then text order)."""
    urls = site.urls
    header = f'{{"site":{_json({"title": site.config.title, "url": urls.absolute("")})},"claims":['
    return _lines(header, (_json(record) for _, records in _records(site) for record in records), "]}")


def claims_csv(site: Site) -> bytes:
    rows = "".join(_csv_rows(records, site.urls) for _, records in _records(site))
    return (",".join(CSV_COLUMNS) + "\r\n" + rows).encode("utf-8")


def annotations(site: Site) -> bytes:
    views = site.views
    lines = []
    for slug in views.article_slugs():
        for claim in views.article_claims(slug):
            claim.speaker, claim.topics  # noqa: B018 — read
        lines.extend(article_annotations(views.article_text(slug), views.corpus.experts, views.corpus.topics,
                                         site.urls))
    return annotations_jsonld(lines, site.config.title, site.urls)
