"""The site's data files, for people who re-use a briefing's claims elsewhere:

- `data/claims.json` and `data/claims.csv`: every claim with its speaker, kind, words, summary,
  topics, article, outlet, date and permalink;
- `data/annotations.jsonld`: every claim as a W3C Web Annotation of its article's text, found by
  its words (TextQuoteSelector: exact, prefix, suffix) and by where they stand (TextPositionSelector).

The article's text is the plain text a reader sees in its body (Article.text: paragraphs apart by
a blank line, without briefgen's claim labels); positions count its characters (code points).
All of it is made from the model, so a build can redo one article's annotations from that
article alone (`retarget`) when only its text changed."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Iterable, Mapping

from .model import Article, Claim, Expert, Topic
from .search import Record, article_content, article_record
from .urls import Urls

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


def retarget(annotations: Annotations, article: Article) -> Annotations:
    """An article's annotations after an edit of its text alone (same claims, in the same order)."""
    items = []
    for line, claim in zip(annotations, article.claims):
        item = json.loads(line)
        target = item["target"]
        source = (target if isinstance(target, dict) else target[0])["source"]
        items.append({**item, "target": _targets(article, claim, source)})
    return tuple(map(_json, items))


def annotations_jsonld(lines: Iterable[str], title: str, urls: Urls) -> bytes:
    """data/annotations.jsonld: an AnnotationCollection of every claim, one annotation per line."""
    where = urls.absolute(ANNOTATIONS)
    header = ('{"@context":"http://www.w3.org/ns/anno.jsonld",'
              f'"id":{_json(where)},"type":"AnnotationCollection","label":{_json("Claims in " + title)},'
              f'"first":{{"id":{_json(where + "#page-1")},"type":"AnnotationPage","items":[')
    return _lines(header, lines, "]}}")


@dataclass(frozen=True)
class ArticleData:
    """An article's lines in the three data files, written out once (serve keeps them between
    saves, and makes them again only for the articles that changed)."""

    claims: tuple[str, ...]  # its claims, as lines of data/claims.json
    csv: str  # … as rows of data/claims.csv
    annotations: tuple[str, ...]  # … as lines of data/annotations.jsonld


def article_data(article: Article, parts: "TextParts", experts: Mapping[str, Expert], topics: Mapping[str, Topic],
                 urls: Urls) -> ArticleData:
    records = [claim_record(claim, article, experts, topics, urls) for claim in article.claims]
    return ArticleData(tuple(map(_json, records)), _csv_rows(records, urls), parts.annotations)


def data_files(data: Iterable[ArticleData], title: str, urls: Urls) -> dict[str, bytes]:
    """The three data files, by site path: every claim in the order of the table of claims
    (newest article first, then text order)."""
    data = list(data)
    header = f'{{"site":{_json({"title": title, "url": urls.absolute("")})},"claims":['
    return {CLAIMS_JSON: _lines(header, (line for d in data for line in d.claims), "]}"),
            CLAIMS_CSV: (",".join(CSV_COLUMNS) + "\r\n" + "".join(d.csv for d in data)).encode("utf-8"),
            ANNOTATIONS: annotations_jsonld((line for d in data for line in d.annotations), title, urls)}


@dataclass(frozen=True)
class TextParts:
    """What an article's text puts in files other than its own page: its claims' annotations and
    its search record (kept per article, so that an edit of one text redoes only its own)."""

    annotations: Annotations
    record: Record


def text_parts(article: Article, experts: Mapping[str, Expert], topics: Mapping[str, Topic], urls: Urls) -> TextParts:
    return TextParts(article_annotations(article, experts, topics, urls), article_record(article, experts, topics, urls))


def retext(parts: TextParts, article: Article) -> TextParts:
    """An article's parts after an edit of its text alone (nothing else about it changed)."""
    return TextParts(retarget(parts.annotations, article), {**parts.record, "content": article_content(article)})


def search_records(parts: Iterable[TextParts], rest: list[Record]) -> list[Record]:
    """What the search index holds, in order: the articles' records, then the others (search.other_records)."""
    return [*(p.record for p in parts), *rest]
