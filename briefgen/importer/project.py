"""Writing an import into a project: the article, its draft sidecar, and new speakers in experts.yaml."""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from ..new import place_article, slug_for, write_article
from .draft import Imported, experts_addition, import_article
from .speakers import known_speakers


def import_into_project(config, source_path, slug: str | None, outlet: str | None,
                        published: dt.date | None, title: str | None, force: bool,
                        language_code: str | None = None) -> tuple[str, Imported]:
    """Write content/articles/<slug>.md and its draft .yaml (new.place_article: refused as new.ArticleRefused),
    and add new speakers to experts.yaml."""
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
    article, sidecar = place_article(config, slug, force)
    write_article(article, sidecar, imported.markdown, imported.sidecar)
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
