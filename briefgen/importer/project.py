"""Writing an import into a project: the article, its draft sidecar, and new speakers in experts.yaml."""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml
from slugify import slugify

from .draft import Imported, experts_addition, import_article
from .speakers import known_speakers

MAX_SLUG = 60


class ImportRefused(Exception):
    """Why nothing was written."""


def slug_for(title: str) -> str:
    """A title's slug: whole words from its start, cut at a word boundary when longer than MAX_SLUG."""
    slug = slugify(title)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG + 1] else slug[:MAX_SLUG]
    return slug


def import_into_project(config, source_path, slug: str | None, outlet: str | None,
                        published: dt.date | None, title: str | None, force: bool,
                        language_code: str | None = None) -> tuple[str, Imported]:
    """Write content/articles/<slug>.md and its draft .yaml, and add new speakers to experts.yaml."""
    from ..errors import BriefgenError, Diagnostics
    from ..load import read_yaml_file
    from ..sources import read_text
    from ..validate import validate_experts

    diags = Diagnostics()
    source = read_text(source_path, str(source_path), diags)
    experts_path = config.content_dir / "experts.yaml"
    raw_experts = read_yaml_file(experts_path, str(experts_path.relative_to(config.root)), diags)
    experts = validate_experts(raw_experts, diags)
    if diags.errors or source is None:
        raise BriefgenError(diags.errors)
    imported = import_article(source, source_path.suffix.lower() in (".md", ".markdown"), known_speakers(experts),
                              source_path.name, outlet, published, title, language_code)
    slug = slug or slug_for(title or _title_of(imported) or source_path.stem)
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9_/-]*[a-z0-9])?", slug) or ".." in slug:
        raise ImportRefused(f"--slug '{slug}' is not a safe name: use lower-case letters, digits and '-'")
    article = config.content_dir / "articles" / f"{slug}.md"
    sidecar = article.with_suffix(".yaml")
    existing = [p for p in (article, sidecar) if p.exists()]
    if existing and not force:
        raise ImportRefused(f"{', '.join(str(p.relative_to(config.root)) for p in existing)} already exists: "
                            "choose another --slug, or pass --force to replace it")
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(imported.markdown, encoding="utf-8")
    sidecar.write_text(imported.sidecar, encoding="utf-8")
    if imported.new_experts:
        _add_experts(experts_path, experts_addition(imported, source_path.name))
    return slug, imported


def _add_experts(experts_path, addition: str) -> None:
    """Append entries to experts.yaml; a registry written as an empty flow mapping (`{}`) loses the `{}`
    first, else the block entries after it would not parse."""
    registry = experts_path.read_text(encoding="utf-8") if experts_path.exists() else ""
    if registry and yaml.safe_load(registry) == {}:
        registry = re.sub(r"^([^#\n]*?)\{\s*\}", r"\1", registry, count=1, flags=re.M)
    if registry and not registry.endswith("\n"):
        registry += "\n"
    experts_path.write_text(registry + addition, encoding="utf-8")


def _title_of(imported: Imported) -> str | None:
    match = re.search(r'^title: (".*")$', imported.sidecar, re.M)
    return json.loads(match.group(1)) if match else None
