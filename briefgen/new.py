"""`briefgen new "Title"`: a new article's two files — its text and its sidecar — from templates a
project may override (templates/new-article.md and .yaml; briefgen's own in briefgen/archetypes/),
and the one way an article's files are placed in a project (`import` writes its own through it)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .config import SiteConfig

ARCHETYPES = Path(__file__).resolve().parent / "archetypes"
NAMES = ("new-article.md", "new-article.yaml")
MAX_SLUG = 60


class ArticleRefused(Exception):
    """Why no article was written."""


def slug_for(title: str) -> str:
    """A title's slug: whole words from its start, cut at a word boundary when longer than MAX_SLUG."""
    from slugify import slugify

    slug = slugify(title)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG + 1] else slug[:MAX_SLUG]
    return slug


def place_article(config: SiteConfig, slug: str, force: bool) -> tuple[Path, Path]:
    """Where an article of this slug goes (its text, its sidecar): refused when the slug is not a
    safe name, or when either file is there and not `force`."""
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9_/-]*[a-z0-9])?", slug) or ".." in slug or "//" in slug:
        raise ArticleRefused(f"--slug '{slug}' is not a safe name: use lower-case letters, digits and '-'")
    article = config.content_dir / "articles" / f"{slug}.md"
    sidecar = article.with_suffix(".yaml")
    existing = [p for p in (article, sidecar) if p.exists()]
    if existing and not force:
        raise ArticleRefused(f"{', '.join(str(p.relative_to(config.root)) for p in existing)} already exists: "
                             "choose another --slug, or pass --force to replace it")
    return article, sidecar


def write_article(article: Path, sidecar: Path, text: str, annotations: str) -> None:
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(text, encoding="utf-8")
    sidecar.write_text(annotations, encoding="utf-8")


def new_article(config: SiteConfig, title: str, slug: str | None, outlet: str | None, url: str | None,
                published: dt.date | None, force: bool) -> tuple[Path, Path]:
    """Write a new article's files from the templates (the project's first); their paths. A
    template that fails is a BriefgenError naming it."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from .errors import BriefgenError, Diagnostic, ERROR, Location, display_path
    from .outputs.html import template_frame
    from .sources import files_under

    slug = slug or slug_for(title)
    if not slug:
        raise ArticleRefused(f"the title '{title}' gives no name for the article's files: pass --slug")
    article, sidecar = place_article(config, slug, force)
    env = SandboxedEnvironment(loader=jinja2.FileSystemLoader([str(config.templates_dir), str(ARCHETYPES)]),
                               undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    values = {"title": title, "slug": slug, "outlet": outlet, "url": url,
              "published": (published or dt.date.today()).isoformat()}
    own = files_under(config.templates_dir, config)  # the project's (a link out of it refused, as by build)
    made = []
    for name in NAMES:
        where = own.get(name, ARCHETYPES / name)
        try:
            made.append(env.get_template(name).render(**values).lstrip("\n"))
        except (jinja2.TemplateError, UnicodeDecodeError, ValueError, TypeError) as exc:
            line = getattr(exc, "lineno", None) or template_frame(exc, (name,))[1] or 0
            raise BriefgenError([Diagnostic(ERROR, "template", Location(display_path(where, config.root), line),
                                            f"template error: {exc}")]) from None
    write_article(article, sidecar, *made)
    return article, sidecar
