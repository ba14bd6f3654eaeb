"""briefgen never touches what the user wrote, never writes outside the site, and owns up to its bugs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import cli, pipeline

REPO = Path(__file__).resolve().parent.parent


def _tree(folder: Path, skip: str = "site") -> dict[str, bytes]:
    """Every file the user wrote: the output and briefgen's own cache left out."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in (skip, ".briefgen-cache")
    }


def _run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", "-C", str(project), *args],
                          capture_output=True, text=True)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    (root / "briefgen.yaml").write_text("title: Safe\n", encoding="utf-8")
    return root


def test_build_and_check_leave_user_files_untouched(project: Path) -> None:
    before = _tree(project)
    assert _run(project, "check").returncode == 0
    assert _run(project, "build").returncode == 0
    assert _run(project, "build").returncode == 0
    assert _tree(project) == before


@pytest.mark.parametrize("evil_id", ["../../escaped", "..", "a/b", "/etc/passwd", "", "x\\..\\y"])
def test_ids_that_are_paths_are_refused_and_nothing_escapes(project: Path, evil_id: str) -> None:
    experts = project / "content" / "experts.yaml"
    experts.write_text(experts.read_text(encoding="utf-8") + f"\n'{evil_id}':\n  name: Evil\n", encoding="utf-8")
    topics = project / "content" / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + f"\n'{evil_id}':\n  title: Evil\n", encoding="utf-8")
    outside_before = _tree(project.parent, skip="project")
    result = _run(project, "build")
    assert result.returncode == 1
    assert "is not a safe id" in result.stderr or "should be text" in result.stderr
    assert "content/experts.yaml:" in result.stderr and "content/topics.yaml:" in result.stderr
    assert not (project / "site").exists()
    assert _tree(project.parent, skip="project") == outside_before


@pytest.mark.parametrize("output_dir", [".", "content", ".."])
def test_output_dir_that_would_replace_user_files_is_refused(project: Path, output_dir: str) -> None:
    (project / "briefgen.yaml").write_text(f"output_dir: '{output_dir}'\n", encoding="utf-8")
    before = _tree(project, skip="")
    result = _run(project, "build")
    assert result.returncode == 1
    assert "briefgen.yaml" in result.stderr and "output_dir" in result.stderr
    assert _tree(project, skip="") == before


def test_a_bug_of_ours_is_one_line_and_a_traceback_only_with_debug(project: Path, monkeypatch, capsys) -> None:
    def broken_check(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(pipeline, "check", broken_check)
    assert cli.main(["-C", str(project), "check"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "Traceback" not in err and "simulated bug" not in err
    assert len(err.strip().splitlines()) == 1 and "bug" in err and "--debug" in err

    assert cli.main(["--debug", "-C", str(project), "check"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "Traceback" in err and "simulated bug" in err


def test_usage_mistakes_exit_2_with_a_message(project: Path) -> None:
    for args in (["frobnicate"], ["build", "--base-url", "not a url"], [], ["check", "--format", "xml"]):
        result = _run(project, *args)
        assert result.returncode == 2, args
        assert "error" in result.stderr and "Traceback" not in result.stderr
