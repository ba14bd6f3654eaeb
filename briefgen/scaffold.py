"""`briefgen init`: a new project with sample content and a GitHub Pages workflow, never overwriting."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

SCAFFOLD_DIR = Path(__file__).resolve().parent / "scaffold"


class NotEmpty(Exception):
    """The target folder already holds files and --force was not given."""


@dataclass(frozen=True)
class Created:
    written: tuple[str, ...]
    kept: tuple[str, ...]  # files that existed already and were left as they were


def scaffold_files() -> dict[str, Path]:
    """Destination path → packaged source; 'dot-' names become dotfiles ('dot-github' → '.github')."""
    files = {}
    for source in sorted(SCAFFOLD_DIR.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            parts = source.relative_to(SCAFFOLD_DIR).parts
            files["/".join("." + p[4:] if p.startswith("dot-") else p for p in parts)] = source
    return files


def init_project(target: Path, force: bool = False) -> Created:
    if target.exists() and not target.is_dir():
        raise NotEmpty(f"{target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise NotEmpty(f"{target} is not empty: choose a new folder, or pass --force to add the "
                       "missing files (existing files are never overwritten)")
    written, kept = [], []
    for relative, source in scaffold_files().items():
        destination = target / relative
        if destination.exists():
            kept.append(relative)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        written.append(relative)
    return Created(tuple(written), tuple(kept))
