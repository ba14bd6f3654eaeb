"""A long build shows how far it has come on a terminal, and stays quiet in logs, pipes and --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_long_project


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_long_project(tmp_path_factory.mktemp("big"), 240, ("ports {n} will reopen soon",))


def _in_a_terminal(args: list[str]) -> str:
    """What a user sees running the command in a terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(leader)
    assert process.returncode == 0, seen.decode(errors="replace")
    return seen.decode(errors="replace")


def test_a_long_build_shows_progress_on_a_terminal(big_project: Path) -> None:
    shown = _in_a_terminal([sys.executable, "-m", "briefgen", "-C", str(big_project), "build", "--drafts"])
    assert "reading articles" in shown and "rendering pages" in shown
    assert "240/240" in shown
    assert "\r\x1b[Kbuilt " in shown  # the progress line is cleared before the summary


def test_quiet_on_a_terminal_and_off_a_terminal(big_project: Path) -> None:
    quiet = _in_a_terminal([sys.executable, "-m", "briefgen", "-C", str(big_project), "build", "--quiet"])
    assert "rendering pages" not in quiet
    piped = subprocess.run([sys.executable, "-m", "briefgen", "-C", str(big_project), "build"],
                           capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0
    assert "rendering" not in piped.stderr + piped.stdout and "\r" not in piped.stderr
