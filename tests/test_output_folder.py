"""A build replaces its output folder whole, so it replaces only a folder it made (one holding its
mark) or an empty one: whatever the way the folder is named (output_dir, --output, a symlink),
a folder of the user's, or a file, is refused with a message naming it, and left as it was."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from conftest import copy_fixture, run_in, snapshot




def _users_folder(folder: Path) -> Path:
    (folder / "drafts").mkdir(parents=True)
    (folder / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (folder / "drafts" / "memo.md").write_text("# memo\n", encoding="utf-8")
    return folder


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_fixture("basic", tmp_path / "project")


def _refused(result: subprocess.CompletedProcess, named: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{named}: error: the output folder"), first
    assert "[output-not-ours]" in first


def test_a_folder_of_the_users_named_by_output_dir_is_refused_and_left_as_it_was(project: Path) -> None:
    docs = _users_folder(project / "docs")
    before = snapshot(docs)
    (project / "briefgen.yaml").write_text(
        (project / "briefgen.yaml").read_text(encoding="utf-8") + "output_dir: docs\n", encoding="utf-8")
    result = run_in(project, "build")
    _refused(result, "docs")
    assert "notes.txt" in result.stderr  # what it holds, so the user knows which folder is meant
    assert snapshot(docs) == before


def test_a_folder_of_the_users_named_by_output_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    elsewhere = _users_folder(tmp_path / "elsewhere")
    before = snapshot(elsewhere)
    result = run_in(project, "build", "--output", str(elsewhere))
    _refused(result, elsewhere.as_posix())
    assert snapshot(elsewhere) == before
    assert not any(p.name.startswith(".elsewhere.") for p in tmp_path.iterdir())  # no staging left beside it


def test_a_symlinked_output_folder_is_judged_by_where_it_leads(project: Path, tmp_path: Path) -> None:
    users = _users_folder(tmp_path / "users-folder")
    before = snapshot(users)
    (project / "site").symlink_to(users, target_is_directory=True)
    _refused(run_in(project, "build"), users.as_posix())
    assert snapshot(users) == before

    # a link to an empty folder: the site is built there, and the link stays a link
    (project / "site").unlink()
    empty = tmp_path / "empty"
    empty.mkdir()
    (project / "site").symlink_to(empty, target_is_directory=True)
    assert run_in(project, "build").returncode == 0
    assert (project / "site").is_symlink() and (empty / "index.html").is_file()


def test_an_existing_file_as_the_output_is_refused_and_kept(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("keep me\n", encoding="utf-8")
    result = run_in(project, "build", "--output", str(out))
    _refused(result, out.as_posix())
    assert "is a file" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "project"]


def test_a_folder_briefgen_made_is_rebuilt_and_an_empty_one_is_used(project: Path) -> None:
    (project / "site").mkdir()
    assert run_in(project, "build").returncode == 0
    assert (project / "site" / ".briefgen-site").is_file()
    (project / "briefgen.yaml").write_text(
        (project / "briefgen.yaml").read_text(encoding="utf-8").replace("Basic", "Other"), encoding="utf-8")
    assert run_in(project, "build").returncode == 0
    assert "Other Briefings" in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert run_in(project, "build", "--output", "site").returncode == 0  # named either way
    # the mark is what makes it ours: once it is gone, the folder is the user's
    (project / "site" / ".briefgen-site").unlink()
    _refused(run_in(project, "build"), "site")


def test_serve_refuses_a_folder_of_the_users_before_serving(project: Path) -> None:
    docs = _users_folder(project / "docs")
    before = snapshot(docs)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (project / "briefgen.yaml").write_text(
        (project / "briefgen.yaml").read_text(encoding="utf-8") + "output_dir: docs\n", encoding="utf-8")
    result = run_in(project, "serve", "--port", str(port), timeout=60)
    _refused(result, "docs")
    assert snapshot(docs) == before
