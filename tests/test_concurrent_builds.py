"""Builds of one project take turns (a lock on the project's folder): two at once both succeed
and leave the site a clean build gives; one that cannot wait long enough says that another is
running. A build killed while writing leaves its staging folder, which the next build removes."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import copy_fixture, snapshot, write_long_project


def _build(project: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "briefgen", "-C", str(project), "build", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env})



def test_two_builds_at_once_both_succeed_and_leave_a_clean_build_ssnapshot(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "project")
    article = sorted((project / "content" / "articles").rglob("*.md"))[0]
    for round_ in range(4):
        article.write_text(article.read_text(encoding="utf-8") + f"\nRound {round_}.\n", encoding="utf-8")
        builds = [_build(project) for _ in range(2)]
        for build in builds:
            _, err = build.communicate(timeout=120)
            assert build.returncode == 0, err
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".briefgen-cache"))
    assert subprocess.run([sys.executable, "-m", "briefgen", "-C", str(clean), "build", "--quiet"]).returncode == 0
    assert snapshot(project / "site") == snapshot(clean / "site")


def test_a_build_that_cannot_wait_says_another_is_running(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "project")
    first = _build(project)
    first.communicate(timeout=120)
    assert first.returncode == 0
    before = snapshot(project / "site")
    (project / "briefgen.yaml").write_text(
        (project / "briefgen.yaml").read_text(encoding="utf-8").replace("Basic", "Other"), encoding="utf-8")
    held = os.open(project, os.O_RDONLY | os.O_DIRECTORY)  # as a running build holds it
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        started = time.monotonic()
        build = _build(project, BRIEFGEN_LOCK_WAIT="1")
        _, err = build.communicate(timeout=60)
        assert time.monotonic() - started >= 1  # it waited before giving up
    finally:
        os.close(held)
    assert build.returncode == 2, err
    assert "another briefgen build of this project is still running" in err and "Traceback" not in err
    assert snapshot(project / "site") == before


def test_the_staging_folder_of_a_killed_build_is_removed_by_the_next(tmp_path: Path) -> None:
    project = write_long_project(tmp_path / "project", 300, ("Ports must reopen by {n} May.",
                                                              "The levy is {n} percent too high."))
    build = _build(project)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob("project/.site.building-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # well into writing the site
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=60)
    assert list(project.glob(".site.building-*")), "the build was not killed while writing"
    again = _build(project)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert not list(project.glob(".site.*")), "a staging folder left behind"
    assert (project / "site" / "index.html").is_file()
