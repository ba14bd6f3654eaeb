"""`briefgen init`: a new project with sample content and a GitHub Pages workflow, never overwriting."""

from __future__ import annotations

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


SAMPLE = "content/articles/"  # the sample article: left out by `init --empty`
REGISTRIES = ("content/experts.yaml", "content/topics.yaml")  # their sample entries: commented out by it
KEEP = "content/articles/.gitkeep"  # so that git keeps the empty articles' folder (a dotfile: no input)


def _as_example(text: str) -> str:
    """A registry with its entries turned into a commented example."""
    return "".join(line if line.startswith("#") else f"# {line}" if line.strip() else line
                   for line in text.splitlines(keepends=True))


def init_project(target: Path, force: bool = False, empty: bool = False) -> Created:
    """Write the files of a new project that are not there yet; `empty`: without the sample
    article, the registries' entries given as commented examples."""
    if target.exists() and not target.is_dir():
        raise NotEmpty(f"{target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise NotEmpty(f"{target} is not empty: choose a new folder, or pass --force to add the "
                       "missing files (existing files are never overwritten)")
    files: dict[str, bytes] = {relative: source.read_bytes() for relative, source in scaffold_files().items()
                               if not (empty and relative.startswith(SAMPLE))}
    if empty:
        files.update({name: _as_example(files[name].decode("utf-8")).encode("utf-8") for name in REGISTRIES})
        files[KEEP] = b""
    written, kept = [], []
    for relative, data in files.items():
        destination = target / relative
        if destination.exists():
            kept.append(relative)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        written.append(relative)
    return Created(tuple(written), tuple(kept))
