"""View objects + Jinja templates → the site's pages as (output path, bytes)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import multiprocessing

import jinja2
from markupsafe import Markup, escape

from .config import SiteConfig
from .errors import BriefgenError, Diagnostic, ERROR, Location, display_path
from .cache import Frame
from .feeds import (SITE_FEED, Feed, claims_feed, expert_feed, feed_of, newest_claims, site_feed, site_feed_context,
                    topic_feed)
from .markdown import Marks, marked_body, render as render_markdown
from .match import Matches
from .model import Article, Corpus, Note
from .sources import files_under
from .structured import TEMPLATE_FUNCTIONS
from .urls import Urls, output_path, site_path
from .write import write_page
from .views import ClaimView, Views, shown_keys, paginate, regroup

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_templates_dir() -> Path:
    """The templates shipped in the wheel, or the repository's own in a source checkout."""
    installed = PACKAGE_DIR / "templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


def template_dirs(config: SiteConfig) -> list[Path]:
    """Where templates are looked up: the project's own first, then the built-in ones."""
    builtin = builtin_templates_dir()
    own = config.templates_dir
    return [own, builtin] if own.is_dir() and own.resolve() != builtin.resolve() else [builtin]


def environment(config: SiteConfig) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(config)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(TEMPLATE_FUNCTIONS)
    return env


class _CardCache:
    """`claim_card` of _macros.html, rendered once per claim and reused on every page showing it."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.cards: dict[tuple, Markup] = {}

    def __call__(self, claim: ClaimView, **options: bool) -> Markup:
        key = (claim.ref, tuple(sorted(options.items())))
        if key not in self.cards:
            self.cards[key] = Markup(self.env.get_template("_macros.html").module.claim_card(claim, **options))
        return self.cards[key]


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, which template, and what the template gets (values
    given as `Lazy` are computed only by the process that renders the page). An article's page
    also names its article, whose body goes in as `body`. In place of a template's name, a
    function given what a template gets can make the page's bytes (a feed)."""

    path: str  # site path, e.g. 'experts/marc-finaud/'
    template: str | Callable[..., bytes]
    context: dict[str, Any]
    article: Article | None = None
    owner: tuple[str, str] = ("page", "")  # what makes it, as pages() is asked for it: ('expert', id), …


@dataclass(frozen=True)
class Rendered:
    path: str  # the file in the site
    data: bytes
    frame: Frame | None = None  # for an article's page
    article: str | None = None  # that article's slug
    owner: tuple[str, str] = ("page", "")
    shows: frozenset[str] = frozenset()  # the articles (slugs) and claims (refs) it shows, when tracked


@dataclass(frozen=True)
class Lazy:
    compute: Callable[[], Any]


def tag_id(claim_id: str) -> str:
    """The id of a claim's tag in its article's page (its mark is "claim-…", its panel entry "panel-…")."""
    return f"tag-{claim_id}"


def claim_tag(claim: ClaimView) -> str:
    """The small note after a marked quote: its number (the permalink), speaker and topics, read
    as "Claim 3, quote by Marc Finaud, on Arms control, INF Treaty" (the words a screen reader
    needs and the eye does not are visually hidden). Its id lets each of the claim's marks name it
    as their description; printed it reads "[Marc Finaud — Arms control, INF Treaty]"."""
    topics = ", ".join(f'<a class="chip topic" href="{escape(t.url)}">{escape(t.title)}</a>' for t in claim.topics)
    if topics:
        topics = f'<span class="sep" aria-hidden="true"> — </span><span class="visually-hidden">on </span>{topics}'
    said = "quote" if claim.kind == "direct" else "paraphrase"
    copies = ", ".join(
        f'<a href="{escape(c.url)}">{escape(c.article.outlet or c.article.title)}</a>' for c in claim.copies
    )
    also = f'<span class="also"> · also reported by {copies}</span>' if copies else ""
    flag = (f' <a class="flag" href="{escape(claim.conflict_url)}">sources disagree</a>'
            if claim.conflict_url else "")
    return (
        f'<span class="claim-tag" id="{escape(tag_id(claim.id))}">'
        f'<a class="claim-num" href="#{escape(claim.anchor)}" title="Permalink to this claim" '
        f'aria-label="Claim {claim.number}">{claim.number}</a> '
        f'<span class="visually-hidden">{said} by </span>'
        f'<a class="chip speaker" href="{escape(claim.speaker.url)}">{escape(claim.speaker.name)}</a>'
        f'{topics}{also}{flag}</span>'
    )


def claim_marks(article: Article, views: Views) -> dict[str, Marks]:
    """The marks of each of the article's claims, by claim id."""
    marks = {}
    for claim in article.claims:
        view = views.claims[claim.ref]
        label = escape(f"{view.kind} claim by {view.speaker.name}")
        attrs = (f'class="claim {view.kind}" data-claim="{escape(claim.id)}" '
                 f'aria-describedby="{escape(tag_id(claim.id))}"')
        marks[claim.id] = Marks(first_open=f'<mark id="{escape(view.anchor)}" {attrs} title="{label}">',
                                open=f'<mark {attrs} title="{label}">', close="</mark>", after=claim_tag(view))
    return marks


def article_body(article: Article, marks: dict[str, Marks]) -> str:
    """The article's HTML with every claim's quote marked where it stands in the text."""
    return marked_body(article.body, article.document, [(c.id, c.spans) for c in article.claims], marks)


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


def note_body(note: Note, views: Views) -> Markup:
    citations = {ref: citation_html(views.claims[ref]) for ref in note.citations}
    return Markup(render_markdown(note.document, citations=citations))


CLAIMS_PER_PAGE = 100  # on an expert's or a topic's page
TABLE_ROWS_PER_PAGE = 500  # in the table of every claim
ARTICLES_PER_PAGE = 100  # in the list of articles
ARTICLES_ON_TOPIC_PAGE = 50


def _grouped_pages(base: str, template: str, groups: list, views: Views, context: dict,
                   owner: tuple[str, str]) -> Iterator[Page]:
    """The pages of an expert or a topic: their claims, in groups, cut into pages of CLAIMS_PER_PAGE."""
    flat = [(group, claim) for group in groups for claim in group.claims]
    for path, members, pager in paginate(flat, base, CLAIMS_PER_PAGE, views.urls):
        yield Page(path, template, {**context, "groups": regroup(members), "pager": pager,
                                    "claim_count": len(flat)}, owner=owner)


def _claims_feed(feed: Feed | None, claims: tuple, views: Views, owner: tuple[str, str]) -> Iterator[Page]:
    """The feed of an expert's or a topic's newest claims, when there are feeds."""
    if feed is not None:
        yield Page(feed.path, claims_feed, {"feed": feed, "claims": Lazy(lambda: newest_claims(views, claims))},
                   owner=owner)


def _every(kind: str, key: str) -> bool:
    return True


def pages(corpus: Corpus, views: Views, wanted: Callable[[str, str], bool] = _every) -> Iterator[Page]:
    """The pages of the site, in a fixed order; long lists in pages with stable addresses. All of
    them, or those `wanted` by kind and key: ('article', slug), ('expert', id), ('topic', id),
    ('note', slug), and ('page', site path) for the lists and indexes."""
    notes = list(views.notes.values())
    articles = list(views.articles.values())
    feeds = has_full_address(views.urls)  # a feed holds full addresses
    if wanted("page", ""):
        yield Page("", "index.html", {"articles": articles[:10], "notes": notes[:5]}, owner=("page", ""))
    if feeds and wanted("page", SITE_FEED):
        yield Page(SITE_FEED, site_feed, site_feed_context(views), owner=("page", SITE_FEED))
    if wanted("page", "notes/"):
        yield Page("notes/", "notes.html", {"notes": notes}, owner=("page", "notes/"))
    for note in corpus.notes.values():
        if wanted("note", note.slug):
            yield Page(f"notes/{note.slug}/", "note.html", {
                "note": views.notes[note.slug], "body": Lazy(lambda note=note: note_body(note, views)),
                "claims": views.claims_of([c for ref in note.citations if (c := corpus.claim(ref)) is not None]),
            }, owner=("note", note.slug))
    for path, items, pager in paginate(articles, "articles/", ARTICLES_PER_PAGE, views.urls):
        if wanted("page", path):
            yield Page(path, "articles.html", {"articles": items, "pager": pager}, owner=("page", path))
    for article in corpus.articles.values():
        if wanted("article", article.slug):
            yield Page(f"articles/{article.slug}/", "article.html", {
                "article": views.articles[article.slug],
                "marks": Lazy(lambda article=article: claim_marks(article, views)),
                "claims": views.claims_of(article.claims),
            }, article, ("article", article.slug))
    if wanted("page", "experts/"):
        yield Page("experts/", "experts.html", {"experts": views.experts_a_to_z()}, owner=("page", "experts/"))
    for expert in views.experts.values():
        if wanted("expert", expert.id):
            base = f"experts/{expert.id}/"
            feed = expert_feed(expert, base, views.urls) if feeds else None
            yield from _grouped_pages(base, "expert.html", views.expert_groups(expert.id), views, {
                "expert": expert, "notes": [views.notes[s] for s in corpus.notes_by_expert[expert.id]], "feed": feed,
            }, ("expert", expert.id))
            yield from _claims_feed(feed, corpus.claims_by_expert[expert.id], views, ("expert", expert.id))
    if wanted("page", "topics/"):
        yield Page("topics/", "topics.html", {"tree": views.topic_tree()}, owner=("page", "topics/"))
    for topic in views.topics.values():
        if not wanted("topic", topic.id):
            continue
        covering = corpus.articles_by_topic[topic.id]
        base = f"topics/{topic.id}/"
        feed = topic_feed(topic, base, views.urls) if feeds else None
        yield from _grouped_pages(base, "topic.html", views.topic_groups(topic.id), views, {
            "topic": topic,
            "ancestors": views.topic_path(topic.id),
            "subtopics": [node.topic for node in views.topic_tree(topic.id)],
            "articles": [views.articles[s] for s in covering[:ARTICLES_ON_TOPIC_PAGE]],
            "more_articles": max(0, len(covering) - ARTICLES_ON_TOPIC_PAGE),
            "notes": [views.notes[s] for s in corpus.notes_by_topic[topic.id]],
            "feed": feed,
        }, ("topic", topic.id))
        yield from _claims_feed(feed, corpus.claims_by_topic[topic.id], views, ("topic", topic.id))
    claims = corpus.claims()
    for path, items, pager in paginate(claims, "claims/", TABLE_ROWS_PER_PAGE, views.urls):
        if wanted("page", path):
            yield Page(path, "claims.html", {"claims": views.claims_of(items), "pager": pager,
                                             "claim_count": len(claims), "filters": views.claim_filters},
                       owner=("page", path))
    if wanted("page", "discrepancies/"):
        yield Page("discrepancies/", "discrepancies.html", {"discrepancies": views.discrepancies()},
                   owner=("page", "discrepancies/"))
    if wanted("page", "search/"):
        yield Page("search/", "search.html", {}, owner=("page", "search/"))
    if wanted("page", "404.html"):
        yield Page("404.html", "404.html", {}, owner=("page", "404.html"))


def render_site(corpus: Corpus, matches: Matches, config: SiteConfig,
                progress: Callable[[str, int, int], None] | None = None,
                workers: int = 1, views: Views | None = None,
                wanted: Callable[[str, str], bool] = _every, keep: Callable[[Page], bool] | None = None,
                track: bool = False, env: jinja2.Environment | None = None,
                write_into: Path | None = None) -> Iterator[Rendered]:
    """Render every page (or those `wanted`, see pages(), that `keep` keeps), one at a time; a template mistake
    becomes a diagnostic naming the template and line. With several workers, forked processes
    render their share of the pages from the same views (inherited, not copied) and hand back
    the bytes — or, given a folder to `write_into`, write them there and hand back the rest (no
    bytes go between processes then). With `track`, each page says which articles and claims it shows."""
    urls = Urls(config.base_path, config.base_url)
    views = views or Views(corpus, matches, urls)
    env = env or environment(config)
    env.globals["claim_card_once"] = _CardCache(env)  # cards of these views only
    site = {
        "title": config.title, "description": config.description, "language": config.language,
        "counts": {"articles": len(corpus.articles), "claims": sum(len(a.claims) for a in corpus.articles.values()),
                   "experts": len(corpus.experts), "topics": len(corpus.topics),
                   "discrepancies": len(matches.conflicted), "notes": len(corpus.notes)},
        "topic_tree": views.topic_tree(),
        "experts": views.experts_a_to_z(),
        "feed": feed_of("", config.title, config.description, urls) if has_full_address(urls) else None,
    }
    total = len(corpus.articles) + len(corpus.experts) + len(corpus.topics) + len(corpus.notes) + 9  # about

    def share(worker: int) -> Iterator[Rendered]:
        chosen = pages(corpus, views, wanted)
        for index, page in enumerate(chosen if keep is None else filter(keep, chosen)):
            if index % workers == worker:
                if progress and worker == 0:
                    progress("rendering pages", min(index + 1, total), total)
                rendered = _render_page(env, page, site, urls, config, track)
                if write_into is not None:
                    write_page(write_into, rendered.path, rendered.data)
                    rendered = replace(rendered, data=b"")  # its bytes are in the site folder already
                yield rendered

    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from share(0)
        return
    global _SHARE
    _SHARE = share
    with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
        others = [pool.apply_async(_render_share, (worker,)) for worker in range(1, workers)]
        yield from share(0)
        for result in others:
            yield from result.get()


_SHARE: Callable[[int], Iterator[Rendered]] | None = None  # set before forking, read by workers


def _render_share(worker: int) -> list[Rendered]:
    assert _SHARE is not None
    return list(_SHARE(worker))


BODY_PLACE = "\x00"  # where an article's body goes while its page is rendered: no template writes it


def _render_page(env: jinja2.Environment, page: Page, site: dict, urls: Urls, config: SiteConfig,
                 track: bool = False) -> Rendered:
    context = {k: v.compute() if isinstance(v, Lazy) else v for k, v in page.context.items()}
    shows = frozenset(shown_keys(context)) if track else frozenset()
    if callable(page.template):
        return Rendered(output_path(page.path), page.template(site=site, urls=urls, **context), owner=page.owner,
                        shows=shows)
    if page.article is not None:
        context["body"] = Markup(BODY_PLACE)
    try:
        template = env.get_template(page.template)
        html = template.render(site=site, urls=urls, page_path=page.path, **context)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(exc, exc.filename, exc.lineno, config) from None
    except (jinja2.TemplateError, TypeError, AttributeError) as exc:
        raise _template_error(exc, *_template_frame(exc), config) from None
    path = output_path(page.path)
    if page.article is None:
        return Rendered(path, html.encode("utf-8"), owner=page.owner, shows=shows)
    body = article_body(page.article, context["marks"]).encode("utf-8")
    parts = html.split(BODY_PLACE)
    if len(parts) != 2:  # the template left the body out, or wrote it twice
        return Rendered(path, body.join(part.encode("utf-8") for part in parts), None, page.article.slug,
                        page.owner, shows=shows)
    before, after = (part.encode("utf-8") for part in parts)
    data = before + body + after
    frame = Frame(path, len(before), len(before) + len(body), len(data), context["marks"])
    return Rendered(path, data, frame, page.article.slug, page.owner, shows=shows)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a rendering traceback."""
    filename = line = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html") or name.endswith(".xml"):
            filename, line = name, tb.tb_lineno
        tb = tb.tb_next
    return filename, line


def _template_error(exc: BaseException, filename: str | None, line: int | None, config: SiteConfig) -> BriefgenError:
    where = display_path(Path(filename), config.root) if filename else "templates"
    message = getattr(exc, "message", None) or str(exc)
    return BriefgenError([Diagnostic(ERROR, "template", Location(where, line or 0, 0), f"template error: {message}")])


def sitemap(files: Iterable[str], urls: Urls) -> bytes:
    """sitemap.xml: the full address of every page of the site (its 404 page aside), in order."""
    locations = sorted(urls.absolute(site_path(file)) for file in files if file.endswith("index.html"))
    entries = "".join(f"  <url><loc>{escape(location)}</loc></url>\n" for location in locations)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n').encode("utf-8")


def robots(urls: Urls) -> bytes:
    """robots.txt: every page may be crawled, and where the sitemap is (when the site's full
    address is known: a sitemap lists full addresses only)."""
    where = f"\nSitemap: {urls.absolute('sitemap.xml')}\n" if has_full_address(urls) else ""
    return f"User-agent: *\nAllow: /\n{where}".encode("utf-8")


def has_full_address(urls: Urls) -> bool:
    return urls.base_url.startswith(("http://", "https://"))


def site_files(page_files: Iterable[str], urls: Urls, static: dict[str, Path]) -> dict[str, bytes]:
    """The files made from the list of pages: sitemap.xml (with a full base_url) and robots.txt,
    unless the project's static/ has its own."""
    made = {"robots.txt": robots(urls)}
    if has_full_address(urls):
        made["sitemap.xml"] = sitemap(page_files, urls)
    return {name: data for name, data in made.items() if name not in static}


def asset_files(config: SiteConfig) -> dict[str, Path]:
    """The theme's assets ('assets/…'), a project's own templates/assets overriding by name."""
    files: dict[str, Path] = {}
    for folder in reversed(template_dirs(config)):
        files.update({f"assets/{name}": path for name, path in files_under(folder / "assets").items()})
    return files
