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
    note: str | None = None  # what to change in the requirements it wrote (installed_requirement)


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


REQUIREMENTS = "requirements.txt"  # what the project's Pages workflow installs: made here, not copied


def installed_requirement() -> tuple[str, str | None]:
    """The requirement that installs exactly this briefgen (PEP 610's direct_url.json says where it
    came from), and what to change when GitHub's machines cannot install it from there (None when
    they can): the same version from the package index; the same repository and commit; or, from
    a folder of this computer, a note."""
    import json
    from importlib.metadata import PackageNotFoundError, distribution

    from . import __version__

    try:
        dist = distribution("briefgen")
        origin = json.loads(dist.read_text("direct_url.json") or "null")
        version = dist.version
    except (PackageNotFoundError, ValueError):
        origin, version = {"url": "", "dir_info": {}}, __version__
    if not isinstance(origin, dict):  # from a package index
        return f"briefgen=={version}", None
    url = str(origin.get("url", ""))
    local = not url.startswith(("https://", "http://", "ssh://", "git@"))
    if url.startswith("file:///"):  # (as older pip reads a requirement's address: with a host)
        url = "file://localhost/" + url[len("file:///"):]
    if isinstance(origin.get("vcs_info"), dict):
        vcs = origin["vcs_info"]
        requirement = f"briefgen @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}"
        subdirectory = origin.get("subdirectory")
        requirement += f"#subdirectory={subdirectory}" if subdirectory else ""
    elif isinstance(origin.get("archive_info"), dict) and not local:
        requirement = f"briefgen @ {url}"
    else:
        requirement, local = f"briefgen=={version}", True
    if not local:
        return requirement, None
    return requirement, (f"this briefgen was installed from {url or 'a folder of this computer'}, which GitHub's "
                         f"machines cannot reach: in {REQUIREMENTS}, name where its code is published instead — a "
                         "released version (briefgen==X.Y.Z) or a repository and commit "
                         "(briefgen @ git+https://github.com/OWNER/briefgen@COMMIT)")


def requirements_text() -> tuple[bytes, str | None]:
    """requirements.txt of a new project, and the note to say at `init` (installed_requirement)."""
    requirement, note = installed_requirement()
    lines = ["# What the GitHub Actions workflow installs to build the site: the briefgen that made",
             "# this project (`briefgen init`), so that the site builds there as it does here."]
    if note:
        lines += [f"# CHANGE THIS: {line}" if i == 0 else f"#   {line}"
                  for i, line in enumerate(_wrapped(note))]
    return ("\n".join([*lines, requirement]) + "\n").encode("utf-8"), note


def _wrapped(text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, 86)


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
    files[REQUIREMENTS], note = requirements_text()
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
    return Created(tuple(written), tuple(kept), note if REQUIREMENTS in written else None)
