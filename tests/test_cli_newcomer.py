"""The command line as a newcomer from Hugo or MkDocs expects it: options before or after the
command, a new article from templates a project can change, an empty project to start from,
help that says what a command does with examples, and drafts that are said to be left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_fixture, run_in

COMMANDS = ("build", "check", "serve", "init", "publish", "new", "import")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_s_help_says_what_it_does_with_examples(tmp_path: Path, command: str) -> None:
    result = run_in(tmp_path, command, "--help")
    assert result.returncode == 0
    usage, description = result.stdout.split("\n\n")[:2]
    assert usage.startswith(f"usage: briefgen {command}") and description.strip().endswith(".")
    examples = result.stdout.split("examples:\n", 1)[1]
    assert f"briefgen {command}" in examples


def test_project_and_debug_options_go_before_or_after_the_command(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "project")
    for args in (["-C", str(project), "check"], ["check", "-C", str(project)], ["check", "--project", str(project)],
                 ["--debug", "check", "-C", str(project)], ["check", "-C", str(project), "--debug"]):
        result = run_in(tmp_path, *args)
        assert result.returncode == 0 and result.stdout.startswith("ok: 3 articles"), (args, result.stderr)
    assert run_in(tmp_path, "build", "-C", str(project), "--quiet").returncode == 0
    assert (project / "site" / "index.html").is_file()


def test_an_empty_project_then_a_new_article_then_its_draft_said_left_out(tmp_path: Path) -> None:
    created = run_in(tmp_path, "init", "brief", "--empty")
    assert created.returncode == 0, created.stderr
    project = tmp_path / "brief"
    assert not [p for p in (project / "content" / "articles").iterdir() if not p.name.startswith(".")]
    assert 'briefgen new "' in created.stdout
    assert run_in(project, "check").returncode == 0

    made = run_in(project, "new", "Ports reopen: what the minister said", "--outlet", "Example Wire",
                  "--published", "2024-05-06")
    assert made.returncode == 0, made.stderr
    text = project / "content" / "articles" / "ports-reopen-what-the-minister-said.md"
    sidecar = text.with_suffix(".yaml")
    assert text.is_file() and sidecar.is_file() and "(a draft)" in made.stdout
    written = sidecar.read_text(encoding="utf-8")
    assert 'title: "Ports reopen: what the minister said"' in written and 'outlet: "Example Wire"' in written
    assert "published: 2024-05-06" in written and "draft: true" in written

    checked = run_in(project, "check")
    assert checked.returncode == 0, checked.stderr  # no claims yet: the empty registries are no error
    assert "1 draft left out (--drafts to include them)" in checked.stdout
    built = run_in(project, "build")
    assert built.returncode == 0 and "1 draft left out" in built.stdout, built.stderr
    assert not (project / "site" / "articles" / "ports-reopen-what-the-minister-said").exists()
    with_drafts = run_in(project, "build", "--drafts")
    assert with_drafts.returncode == 0 and "left out" not in with_drafts.stdout
    assert (project / "site" / "articles" / "ports-reopen-what-the-minister-said" / "index.html").is_file()

    again = run_in(project, "new", "Ports reopen: what the minister said")
    assert again.returncode == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert sidecar.read_text(encoding="utf-8") == written  # untouched
    assert run_in(project, "new", "Ports reopen: what the minister said", "--force").returncode == 0


def test_a_project_s_own_templates_make_its_new_articles(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "project")
    (project / "templates").mkdir()
    (project / "templates" / "new-article.yaml").write_text(
        "title: {{ title | tojson }}\noutlet: Our desk\npublished: {{ published }}\ndraft: true\n"
        "# house style: every claim gets a summary\nclaims: []\n", encoding="utf-8")
    made = run_in(project, "new", "Desk note", "--slug", "2024/desk-note")
    assert made.returncode == 0, made.stderr
    sidecar = project / "content" / "articles" / "2024" / "desk-note.yaml"
    assert "outlet: Our desk" in sidecar.read_text(encoding="utf-8") and "house style" in sidecar.read_text(encoding="utf-8")
    assert "Paste the text" in sidecar.with_suffix(".md").read_text(encoding="utf-8")  # briefgen's own for the text

    (project / "templates" / "new-article.md").write_text("Intro.\n\n{{ no_such_value }}\n", encoding="utf-8")
    broken = run_in(project, "new", "Another")
    assert broken.returncode == 1 and broken.stderr.startswith("templates/new-article.md:3: error: template error")
    assert not (project / "content" / "articles" / "another.md").exists()

    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("Not the project's.\n", encoding="utf-8")
    (project / "templates" / "new-article.md").unlink()
    (project / "templates" / "new-article.md").symlink_to(elsewhere)
    outside = run_in(project, "new", "Another")
    assert outside.returncode == 1 and "templates/new-article.md" in outside.stderr, outside.stderr
    assert "outside the project" in outside.stderr and "Traceback" not in outside.stderr
    assert not (project / "content" / "articles" / "another.md").exists()


@pytest.mark.parametrize("slug", ["../outside", "Capital", "a//b", "dash-"])
def test_a_new_article_s_name_must_be_safe(tmp_path: Path, slug: str) -> None:
    project = copy_fixture("basic", tmp_path / "project")
    result = run_in(project, "new", "Title", "--slug", slug)
    assert result.returncode == 2 and "not a safe name" in result.stderr
    assert not (tmp_path / "outside.md").exists()


def test_init_in_a_complete_project_says_there_is_nothing_to_add(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "brief").returncode == 0
    again = run_in(tmp_path, "init", "brief", "--force")
    assert again.returncode == 0 and "nothing to add" in again.stdout and "(0 files)" not in again.stdout


def test_init_from_a_folder_says_what_to_change_in_the_requirements(tmp_path: Path) -> None:
    """This briefgen is installed from a folder (the development checkout): GitHub's machines
    cannot install it from there, and init says so, in the file and on the terminal."""
    made = run_in(tmp_path, "init", "brief")
    assert made.returncode == 0
    lines = (tmp_path / "brief" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1].startswith("briefgen==") and any("CHANGE THIS" in line for line in lines[:-1])
    assert "note: this briefgen was installed from" in made.stderr and "git+https://github.com/" in made.stderr
    assert "CHANGE THIS" in (tmp_path / "brief" / "README.md").read_text(encoding="utf-8")


def test_the_readme_lists_every_module_of_briefgen() -> None:
    """The developers' map in the README names each module as it is (a module added or renamed
    shows here)."""
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Developing briefgen", 1)[1].split("```", 2)[1]
    modules = sorted(p.relative_to(REPO / "briefgen") for p in (REPO / "briefgen").rglob("*.py")
                     if p.name not in ("__init__.py", "__main__.py") and "__pycache__" not in p.parts)
    assert modules
    missing = [str(m) for m in modules if m.name not in block]
    assert not missing, f"modules the README's map does not name: {missing}"
