"""The build cache in .briefgen-cache/: a fingerprint of every input, so an unchanged project is not rebuilt.

It stays cheap to import: a no-op `briefgen build` decides from here, without loading the
Markdown, YAML-validation or template machinery."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import __version__
from .config import SiteConfig

CACHE_DIR = ".briefgen-cache"
STATE_FILE = "last-build.json"
FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent


def _walk(folder: Path, skip: Path, entries: list[str]) -> None:
    try:
        listing = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in listing:
        if entry.name.startswith(".") or Path(entry.path) == skip or entry.name == "__pycache__":
            continue
        try:
            if entry.is_dir():
                _walk(Path(entry.path), skip, entries)
            else:
                stat = entry.stat()
                entries.append(f"{entry.path}\0{stat.st_mtime_ns}\0{stat.st_size}")
        except OSError:
            entries.append(f"{entry.path}\0unreadable")


def fingerprint(config: SiteConfig, options: dict) -> str:
    """A hash of everything a build reads: content, templates, static files, settings, options,
    and briefgen itself (its version and its own files)."""
    entries = [f"format {FORMAT}", f"briefgen {__version__}", json.dumps(options, sort_keys=True, default=str),
               repr(config)]
    for folder in (config.content_dir, config.templates_dir, config.static_dir, PACKAGE_DIR,
                   PACKAGE_DIR.parent / "templates"):
        entries.append(f"[{folder}]")
        _walk(folder, config.output_dir, entries)
    config_file = config.root / "briefgen.yaml"
    if config_file.exists():
        stat = config_file.stat()
        entries.append(f"{config_file}\0{stat.st_mtime_ns}\0{stat.st_size}")
    return hashlib.sha256("\n".join(entries).encode("utf-8", "surrogateescape")).hexdigest()


def _output_marker(output: Path) -> list[int] | None:
    try:
        stat = output.stat()
    except OSError:
        return None
    return [stat.st_ino, stat.st_mtime_ns]


def _state_path(config: SiteConfig) -> Path:
    return config.root / CACHE_DIR / STATE_FILE


def up_to_date(config: SiteConfig, inputs: str) -> dict | None:
    """The last build's record when nothing it read has changed (`inputs` is the fingerprint now)
    and its output is still in place."""
    try:
        state = json.loads(_state_path(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return None  # a foreign or corrupt cache is ignored, never trusted
    if state.get("output") != str(config.output_dir) or state.get("marker") != _output_marker(config.output_dir):
        return None
    return state if state.get("fingerprint") == inputs else None


def record(config: SiteConfig, inputs: str, summary: str, warnings: list[str]) -> None:
    """Remember a successful build: the fingerprint taken before it read anything, and what it said."""
    state = {"format": FORMAT, "fingerprint": inputs, "output": str(config.output_dir),
             "marker": _output_marker(config.output_dir), "summary": summary, "warnings": warnings}
    path = _state_path(config)
    try:
        path.parent.mkdir(exist_ok=True)
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def forget(config: SiteConfig) -> None:
    try:
        _state_path(config).unlink()
    except OSError:
        pass
