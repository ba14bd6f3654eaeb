"""Files copied into the site as they are — the theme's assets and the project's static files
(which win over an asset of the same name) — and the two files GitHub Pages reads: `.nojekyll`
and `CNAME`."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..engine.reads import read
from . import Output, Site


def outputs(site: Site) -> Iterator[Output]:
    for path in site.file_names():
        yield Output(path, lambda site, path=path: _copy(path, site.files[path]))
    yield Output(".nojekyll", lambda site: b"")
    if site.config.cname:
        yield Output("CNAME", lambda site: f"{site.config.cname}\n".encode())


def _copy(path: str, source: Path) -> bytes:
    read(f"file:{path}")
    return source.read_bytes()
