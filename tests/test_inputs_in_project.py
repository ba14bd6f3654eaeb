"""What a build reads is the project's: a missing or misplaced content folder is an error, not a
smaller site; a link that leads out of the project is refused, naming the link, wherever it is
(articles, sidecars, notes, templates, static files; a file or a folder), so that building a
project never publishes a file of the machine it is built on; links inside it are followed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_fixture, run_in, snapshot




@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = copy_fixture("basic", tmp_path / "project")
    assert run_in(root, "build").returncode == 0
    return root


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    """A file and a folder of the machine's, outside the project."""
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.md").write_text("root:x:0:0:the secret\n", encoding="utf-8")
    return tmp_path / "private" / "secret.md"


def _first_article(project: Path) -> Path:
    return sorted((project / "content" / "articles").rglob("*.md"))[0]


def _refused(project: Path, where: str, code: str, before: dict[str, bytes]) -> str:
    for command in ("build", "check"):
        result = run_in(project, command)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert f"{where}: error:" in result.stderr and f"[{code}]" in result.stderr, (command, result.stderr)
    assert snapshot(project / "site") == before  # the last good site, untouched
    return result.stderr


@pytest.mark.parametrize("what", ["missing", "a file"])
def test_an_articles_folder_missing_or_a_file_is_an_error_not_an_empty_site(project: Path, what: str) -> None:
    before = snapshot(project / "site")
    articles = project / "content" / "articles"
    for path in sorted(articles.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    articles.rmdir()
    if what == "a file":
        articles.write_text("", encoding="utf-8")
    said = _refused(project, "content/articles", "no-content", before)
    assert ("is a file" in said) == (what == "a file")


def test_a_content_dir_that_is_not_a_project_s_is_an_error(project: Path, tmp_path: Path) -> None:
    before = snapshot(project / "site")
    elsewhere = tmp_path / "not-content"
    (elsewhere / "somewhere").mkdir(parents=True)
    (project / "briefgen.yaml").write_text(
        (project / "briefgen.yaml").read_text(encoding="utf-8") + f"content_dir: '{elsewhere}'\n", encoding="utf-8")
    _refused(project, f"{elsewhere}/articles", "no-content", before)


def test_an_empty_articles_folder_is_a_warning(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "project")
    for path in (project / "content" / "articles").iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    result = run_in(project, "build")
    assert result.returncode == 0
    assert "content/articles: warning: no articles yet" in result.stderr


@pytest.mark.parametrize("place", ["article", "sidecar", "note", "template", "static file", "registry"])
def test_a_link_out_of_the_project_is_refused_naming_it(project: Path, secret: Path, place: str) -> None:
    before = snapshot(project / "site")
    article = _first_article(project)
    link = {"article": article.parent / "leak.md",
            "sidecar": article.with_suffix(".yaml"),
            "note": project / "content" / "notes" / "leak.md",
            "template": project / "templates" / "base.html",
            "static file": project / "static" / "leak.txt",
            "registry": project / "content" / "experts.yaml"}[place]
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    said = _refused(project, link.relative_to(project).as_posix(), "outside-project", before)
    assert str(secret) in said  # where it leads, so the user sees why
    assert not any(b"the secret" in data for data in snapshot(project / "site").values())


@pytest.mark.parametrize("place", ["content/articles/leaked", "static/leaked", "templates/leaked"])
def test_a_linked_folder_out_of_the_project_is_refused(project: Path, secret: Path, place: str) -> None:
    before = snapshot(project / "site")
    link = project / place
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret.parent, target_is_directory=True)
    _refused(project, place, "outside-project", before)


def test_a_linked_articles_folder_out_of_the_project_is_refused(project: Path, secret: Path) -> None:
    before = snapshot(project / "site")
    articles = project / "content" / "articles"
    articles.rename(project / "kept-articles")
    articles.symlink_to(secret.parent, target_is_directory=True)
    _refused(project, "content/articles", "outside-project", before)


def test_links_inside_the_project_are_followed_and_a_loop_is_an_error(project: Path) -> None:
    article = _first_article(project)
    shared = project / "shared" / "more"
    shared.mkdir(parents=True)
    for suffix in (".md", ".yaml"):
        (shared / f"copy{suffix}").write_bytes(article.with_suffix(suffix).read_bytes())
    (project / "content" / "articles" / "linked").symlink_to(project / "shared", target_is_directory=True)
    (project / "static").mkdir(exist_ok=True)
    (project / "static" / "notes.txt").symlink_to(project / "briefgen.yaml")
    result = run_in(project, "build")
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "articles" / "linked" / "more" / "copy" / "index.html").is_file()
    assert (project / "site" / "notes.txt").read_bytes() == (project / "briefgen.yaml").read_bytes()

    before = snapshot(project / "site")
    (shared / "loop").symlink_to(project / "shared", target_is_directory=True)
    said = _refused(project, "content/articles/linked/more/loop", "unreadable", before)
    assert "never end" in said


@pytest.mark.parametrize("place", ["content", "content/articles", "content/articles/2024", "content/articles/oslo-talks.yaml",
                                   "content/notes", "static/pictures", "templates/partials"])
def test_what_cannot_be_read_is_an_error_naming_it(project: Path, place: str) -> None:
    """Run in a user namespace of its own (`unshare --user`), where even root is refused what the
    permissions refuse, as any user is."""
    before = snapshot(project / "site")
    path = project / place
    if not path.exists():
        path.mkdir(parents=True)
        (path / "file.txt").write_text("x\n", encoding="utf-8")
    elif path.is_file():  # saved anew, by someone who let nobody else read it
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    path.chmod(0)
    try:
        for command in ("build", "check"):
            result = subprocess.run(["unshare", "--user", sys.executable, "-m", "briefgen", "-C", str(project),
                                     command], capture_output=True, text=True, timeout=120)
            assert result.returncode == 1, (command, result.stderr)
            assert f"{place}: error: cannot " in result.stderr and "[unreadable]" in result.stderr, result.stderr
            assert "Traceback" not in result.stderr
    finally:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert snapshot(project / "site") == before


@pytest.mark.parametrize("place", ["content/notes", "templates", "static"])
def test_a_folder_that_is_a_file_is_an_error_naming_it(project: Path, place: str) -> None:
    before = snapshot(project / "site")
    (project / place).write_text("not a folder\n", encoding="utf-8")
    assert "is a file, not a folder" in _refused(project, place, "no-content", before)
