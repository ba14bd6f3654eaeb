"""A user builds, then breaks something and builds again: the build fails with exit 1 and the
previous site/ stays byte for byte as it was — no file changed, added or removed, no debris."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

from conftest import build, copy_fixture, run_cli, snapshot


def _edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def _write(path: str, text: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        file = project / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return apply


def _delete(path: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        (project / path).unlink()
    return apply


BREAKAGES = {
    "yaml-syntax": _edit("content/articles/oslo-talks.yaml", "  - id: first-step\n", "  - id: first-step\n     bad: [\n"),
    "unknown-speaker": _edit("content/articles/2024/geneva-round.yaml", "speaker: marc-finaud", "speaker: marc-finod"),
    "unknown-topic": _edit("content/articles/amazonia.yaml", "topics: [amazon]", "topics: [amazonas]"),
    "quote-not-found": _edit("content/articles/oslo-talks.yaml", "every month counts", "every week counts"),
    "article-text-changed": _edit("content/articles/2024/geneva-round.md", "the hard part", "the difficult part"),
    "missing-experts": _delete("content/experts.yaml"),
    "template-error": _write("templates/topic.html",
                             '{% extends "base.html" %}{% block content %}{{ topic.no_such_field }}{% endblock %}'),
    "static-file-collides-with-a-page": _write("static/articles/index.html", "<p>mine</p>"),
    "template-syntax": _write("templates/article.html", '{% extends "base.html" %}{% block content %}{% if %}'),
}


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_failed_build_leaves_previous_site_untouched(tmp_path: Path, breakage: str) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    build(project)
    site = project / "site"
    before = snapshot(site)
    dirs_before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir())
    inode_before = site.stat().st_ino
    leftovers_before = _leftovers(project)

    BREAKAGES[breakage](project)
    result = run_cli("build", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr

    assert snapshot(site) == before
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()) == dirs_before
    assert site.stat().st_ino == inode_before, "site/ was replaced"
    assert _leftovers(project) == leftovers_before, "temporary folders left behind"


def test_failed_build_into_output_folder_leaves_it_untouched(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    out = tmp_path / "public"
    build(project, "--output", out)
    before = snapshot(out)
    BREAKAGES["quote-not-found"](project)
    result = run_cli("build", "--output", out, cwd=project)
    assert result.returncode == 1
    assert snapshot(out) == before
    assert not (project / "site").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["basic", "public"], "temporary folders left behind"


def test_failed_first_build_writes_nothing(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    BREAKAGES["unknown-speaker"](project)
    before = sorted(os.listdir(project))
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert sorted(os.listdir(project)) == before


def test_user_files_in_the_project_are_never_touched(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    sources = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    build(project)
    BREAKAGES["yaml-syntax"](project)
    changed = project / "content/articles/oslo-talks.yaml"
    sources[changed] = changed.read_bytes()
    run_cli("build", cwd=project)
    assert {p: p.read_bytes() for p in sources} == sources
