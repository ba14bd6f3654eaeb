"""Building again: an unchanged project is not rebuilt, and any change to what a build reads is."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "briefgen", "-C", str(project), "build", *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def rebuilt(project: Path, *args: str) -> bool:
    output = build(project, *args).stdout
    assert ("up to date" in output) != ("built " in output), output
    return "up to date" not in output


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    assert rebuilt(tmp_path)
    return tmp_path


def _article(project: Path) -> Path:
    return sorted((project / "content" / "articles").glob("*.md"))[0]


def test_an_unchanged_project_is_not_rebuilt_and_says_so(project: Path) -> None:
    site_inode = (project / "site").stat().st_ino
    assert not rebuilt(project)
    assert (project / "site").stat().st_ino == site_inode
    again = build(project)
    assert "sources disagree" in again.stderr  # the warnings are still shown
    assert "2 articles" in again.stdout


@pytest.mark.parametrize("change", [
    "article text", "sidecar", "experts", "new template", "static file", "config", "note removed",
])
def test_any_change_to_an_input_rebuilds(project: Path, change: str) -> None:
    content = project / "content"
    if change == "article text":
        article = _article(project)
        article.write_text(article.read_text(encoding="utf-8") + "\nA closing line.\n", encoding="utf-8")
    elif change == "sidecar":
        sidecar = _article(project).with_suffix(".yaml")
        sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("title:", "title: Edited —", 1),
                           encoding="utf-8")
    elif change == "experts":
        experts = content / "experts.yaml"
        experts.write_text(experts.read_text(encoding="utf-8") + "\nnew-person:\n  name: New Person\n",
                           encoding="utf-8")
    elif change == "new template":
        (project / "templates").mkdir()
        (project / "templates" / "404.html").write_text(
            '{% extends "base.html" %}{% block content %}<h1>Lost</h1>{% endblock %}', encoding="utf-8")
    elif change == "static file":
        (project / "static").mkdir()
        (project / "static" / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    elif change == "config":
        (project / "briefgen.yaml").write_text("title: Renamed\n", encoding="utf-8")
    elif change == "note removed":
        next((content / "notes").glob("*.md")).unlink()
    assert rebuilt(project)
    assert not rebuilt(project)


def test_what_is_no_input_is_neither_read_nor_a_change(project: Path) -> None:
    """Hidden files and folders, editor leftovers and caches are no input, wherever they are: a
    save to one rebuilds nothing, and a build that reads everything does not read them (a name
    that is no safe id would fail it) nor publish them."""
    content = project / "content"
    text = _article(project).read_text(encoding="utf-8")
    leftovers = [content / "articles" / name for name in (
        ".draft.md", "~draft.md", "#draft.md#", "draft.md~", ".drafts/a.md", "__pycache__/a.md")]
    leftovers += [content / "notes" / "~note.md", project / "templates" / "#base.html#",
                  project / "static" / "~lock.txt", project / "static" / "robots.txt~"]
    for round in range(2):
        for path in leftovers:
            path.parent.mkdir(exist_ok=True)
            path.write_text(f"{text}\n{round}\n", encoding="utf-8")
        assert not rebuilt(project)
    assert rebuilt(project, "--drafts")  # all read again
    check = subprocess.run([sys.executable, "-m", "briefgen", "-C", str(project), "check"], capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert not [path for path in (project / "site").rglob("*") if "lock" in path.name or path.name.endswith("~")]


def test_a_linked_folder_and_a_linked_file_in_the_project_are_followed(project: Path) -> None:
    """Among the articles, a linked folder whose folder is in the project is read as any other,
    and a linked file through its link; an edit of what they point to rebuilds."""
    articles, elsewhere, source = project / "content" / "articles", project / "elsewhere", _article(project)
    (elsewhere / "folder").mkdir(parents=True)
    for suffix in (".md", ".yaml"):
        (elsewhere / "folder" / f"inner{suffix}").write_text(source.with_suffix(suffix).read_text(encoding="utf-8"),
                                                            encoding="utf-8")
        (elsewhere / f"extra{suffix}").write_text(source.with_suffix(suffix).read_text(encoding="utf-8"),
                                                  encoding="utf-8")
        (articles / f"extra{suffix}").symlink_to(elsewhere / f"extra{suffix}")
    (articles / "linked").symlink_to(elsewhere / "folder", target_is_directory=True)
    assert rebuilt(project)
    assert (project / "site" / "articles" / "extra" / "index.html").is_file()
    assert (project / "site" / "articles" / "linked" / "inner" / "index.html").is_file()
    assert not rebuilt(project)
    for sidecar, page in ((elsewhere / "extra.yaml", "extra"), (elsewhere / "folder" / "inner.yaml", "linked/inner")):
        sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("title:", "title: Edited through a link —", 1),
                           encoding="utf-8")
        assert rebuilt(project)
        assert "Edited through a link" in (project / "site" / "articles" / page / "index.html").read_text(encoding="utf-8")


def test_other_options_or_a_missing_site_rebuild(project: Path) -> None:
    assert rebuilt(project, "--base-url", "https://org.github.io/briefings/")
    assert 'href="/briefings/' in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert rebuilt(project)  # back to the configured base URL
    assert not rebuilt(project)
    assert rebuilt(project, "--drafts")
    shutil.rmtree(project / "site")
    assert rebuilt(project, "--drafts")
    assert (project / "site" / "index.html").is_file()


def test_a_corrupt_or_foreign_cache_is_not_trusted(project: Path) -> None:
    state = project / ".briefgen-cache" / "state.sqlite"
    assert state.is_file()
    state.write_bytes(b"not a database")
    assert rebuilt(project)
    with sqlite3.connect(state) as db:
        db.execute("UPDATE meta SET value = '999' WHERE key = 'format'")
    db.close()
    assert rebuilt(project)
    with sqlite3.connect(state) as db:
        db.execute("UPDATE articles SET data = '{\"slug\": 3}'")
        db.execute("UPDATE meta SET value = 'x' WHERE key = 'fingerprint'")
    db.close()
    assert rebuilt(project)  # a state that does not parse is not used
    assert not rebuilt(project)



def test_a_cache_put_back_after_an_edit_that_wrote_in_subfolders_only_is_not_trusted(tmp_path: Path) -> None:
    """A paragraph added to an article rewrites that article's page in place, in its own folder (none
    of the site folder's own entries): the cache of the build before, put back as a backup keeps it
    (its files' times too) with the edit undone, describes another site than the one there, and the
    next build makes the page as it was again."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content", copy_function=shutil.copyfile)  # files of today
    cache, article = project / ".briefgen-cache", _article(project)
    page = project / "site" / "articles" / article.stem / "index.html"
    before = article.read_text(encoding="utf-8")
    assert rebuilt(project)
    subprocess.run(["cp", "-a", str(cache), str(tmp_path / "backup")], check=True)  # as a backup keeps it
    article.write_text(before + "\nA closing line.\n", encoding="utf-8")
    assert rebuilt(project) and "A closing line." in page.read_text(encoding="utf-8")
    shutil.rmtree(cache)
    subprocess.run(["cp", "-a", str(tmp_path / "backup"), str(cache)], check=True)
    article.write_text(before, encoding="utf-8")
    build(project)
    assert "A closing line." not in page.read_text(encoding="utf-8")


def test_a_failed_build_is_retried_after_the_fix(project: Path) -> None:
    sidecar = _article(project).with_suffix(".yaml")
    original = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(original.replace("speaker:", "speeker:", 1), encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "briefgen", "-C", str(project), "build"],
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1
    sidecar.write_text(original, encoding="utf-8")
    os.utime(sidecar, ns=(1, 1))  # even with an old timestamp, the last build did not succeed
    assert rebuilt(project)


def test_an_edit_of_one_text_indexes_that_article_alone(project: Path, tmp_path: Path) -> None:
    """An edit makes its article's shard of the search index again from the shard's other pages as
    they were indexed: the Pagefind program is not asked to index (it only says its version), and
    of Pagefind's own files (its JavaScript, CSS and wasm) none is written again."""
    from briefgen.outputs.search_index import pagefind_program

    runs = tmp_path / "pagefind-runs"
    counting = tmp_path / "pagefind"
    counting.write_text(f'#!/bin/sh\necho "$@" >> "{runs}"\nexec "{pagefind_program()}" "$@"\n', encoding="utf-8")
    counting.chmod(0o755)
    shard = project / "site" / "pagefind" / "0"
    before = {p.name: p.stat().st_mtime_ns for p in shard.iterdir() if p.is_file()}
    article = _article(project)
    article.write_text(article.read_text(encoding="utf-8") + "\nA closing line.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefgen", "-C", str(project), "build"], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PAGEFIND_BINARY_PATH": str(counting)})
    assert result.returncode == 0, result.stderr
    assert runs.read_text(encoding="utf-8").split("\n")[:-1] == ["--version"]
    after = {p.name: p.stat().st_mtime_ns for p in shard.iterdir() if p.is_file()}
    written = {name for name in after if before.get(name) != after[name]}
    assert written and all(name.startswith("pagefind.") or name == "pagefind-entry.json" for name in written), written
    assert "pagefind.js" in after and "pagefind.js" not in written
