"""Files copied into the site as they are — the theme's assets and the project's static files
(which win over an asset of the same name) — and the two files GitHub Pages reads: `.nojekyll`
and `CNAME`."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..engine.reads import read
from . import Output, Site


def outputs(site: Site) -> Iterator[Output]:
    for path, source in sorted(site.files.items()):
        yield Output(path, lambda path=path, source=source: _copy(path, source))
    yield Output(".nojekyll", lambda: b"")
    if site.config.cname:
        yield Output("CNAME", lambda: f"{site.config.cname}\n".encode())


def _copy(path: str, source: Path) -> bytes:
    read(f"file:{path}")
    return source.read_bytes()
