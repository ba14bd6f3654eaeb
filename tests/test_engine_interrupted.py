"""A build killed at any moment (SIGKILL, so nothing of briefgen gets to clean up) leaves nothing
that the next build takes for done: the next `briefgen build` exits 0 with exactly the site of a
clean build, and leaves no debris beside it. And no page of the site is ever read half written,
while a build runs or after one was killed.

Black-box, like test_engine_differential.py, whose project, editor and comparisons it uses: one
series of edits and kills is made once for the module, and each test judges one side of it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import cli_env, run_cli, site_snapshot
from test_engine_differential import (Editor, clean_build_later, history, make_project, site_difference,
                                     warnings_difference, warnings_of)

SEED = int(os.environ.get("BRIEFGEN_ENGINE_SEEDS", "501").split()[0])
EDITS = ("text", "summary", "base_footer")  # an article's text, its sidecar, a template every page uses
KILLS = 10


def complete(page: bytes) -> bool:
    return page.rstrip().endswith(b"</html>")


class PageReader(threading.Thread):
    """Reads every HTML file of a site folder, again and again, and keeps what it read incomplete."""

    PAUSE = 0.002  # after every other read: a reader, not a load on the machine that slows the builds down

    def __init__(self, site: Path):
        super().__init__(daemon=True)
        self.site = site
        self.stopping = threading.Event()
        self.reads = 0
        self.torn: list[str] = []
        self.moment = "before the first edit"  # what the builds are at, for the report

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                pages = list(self.site.rglob("*.html"))
            except OSError:  # the folder changed while listed
                continue
            for page in pages:
                try:
                    data = page.read_bytes()
                except OSError:  # gone meanwhile: not a half-written page
                    continue
                self.reads += 1
                if self.reads % 2 == 0:
                    time.sleep(self.PAUSE)
                if not complete(data):
                    self.torn.append(f"{page.relative_to(self.site)} read with {len(data)} bytes, ending "
                                     f"{data[-60:]!r} ({self.moment})")

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)


@dataclass
class Kills:
    """What happened in the series of kills."""

    rounds: list[str] = field(default_factory=list)  # what each kill interrupted
    hits: int = 0  # kills that found the build still running
    wrong: list[str] = field(default_factory=list)  # the next build did not make a clean build's site
    torn: list[str] = field(default_factory=list)  # pages found or read incomplete
    debris: list[str] = field(default_factory=list)  # what the builds left in the project
    reads: int = 0


def _build_timed(project: Path) -> float:
    started = time.monotonic()
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - started


@pytest.fixture(scope="module")
def kills(tmp_path_factory: pytest.TempPathFactory) -> Kills:
    root = tmp_path_factory.mktemp("killed")
    rng = random.Random(SEED)
    project = make_project(root / "project", rng)
    inputs = sorted(p.name for p in project.iterdir())
    clean_later = clean_build_later(project, root / "clean")
    assert run_cli("build", cwd=project).returncode == 0
    clean, _ = clean_later()
    assert all(complete(data) for path, data in clean.items() if path.endswith(".html")), \
        "a clean build makes an HTML file that does not end with </html>: the check of pages is no check"
    editor = Editor(project, rng)
    record = Kills()
    reader = PageReader(project / "site")
    reader.start()
    try:
        took = {}  # how long a build takes after each kind of edit
        for kind in EDITS:
            editor.apply(kind)
            took[kind] = _build_timed(project)
        done: list[str] = []
        for number in range(1, KILLS + 1):
            kind = rng.choice(EDITS)
            done.append(editor.apply(kind))
            delay = rng.uniform(0, took[kind])
            reader.moment = f"kill {number}, after {done[-1]}"
            process = subprocess.Popen([sys.executable, "-m", "briefgen", "build"], cwd=project, env=cli_env(),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(delay)
            running = process.poll() is None
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the build and whatever it started
            except ProcessLookupError:
                pass
            process.wait()
            record.hits += running
            what = (f"kill {number} (seed {SEED}): {delay:.3f} s into a build after {done[-1]} that takes about "
                    f"{took[kind]:.2f} s ({'still running' if running else 'already done'}); edits so far: "
                    f"{history(done)}")
            record.rounds.append(what)
            site = project / "site"
            for page in sorted(site.rglob("*.html")):
                data = page.read_bytes()
                if not complete(data):
                    record.torn.append(f"{page.relative_to(site)} left with {len(data)} bytes after {what}")
            reader.moment = f"the build after kill {number}"
            clean_later = clean_build_later(project, root / "clean")
            again = run_cli("build", cwd=project)
            clean, clean_stderr = clean_later()
            if again.returncode != 0 or "Traceback" in again.stderr:
                record.wrong.append(f"{what}\nthe next build failed ({again.returncode}):\n{again.stderr[-2000:]}")
            elif (ours := site_snapshot(site)) != clean:
                record.wrong.append(f"{what}\nthe next build exited 0, but its site is not what a clean build makes:\n"
                                    f"{site_difference(ours, clean)}")
            elif warnings_of(again.stderr) != warnings_of(clean_stderr):
                record.wrong.append(f"{what}\nthe next build's warnings are not a clean build's: "
                                    f"{warnings_difference(again.stderr, clean_stderr)}")
            left = sorted(set(p.name for p in project.iterdir()) - {*inputs, "site", ".briefgen-cache"})
            if left:
                record.debris.append(f"after the build that followed kill {number}: {left}")
    finally:
        reader.stop()
    record.torn.extend(reader.torn)
    record.reads = reader.reads
    return record


def test_after_a_killed_build_the_next_build_makes_what_a_clean_build_makes(kills: Kills) -> None:
    assert kills.hits >= 3, f"only {kills.hits} of {KILLS} kills found the build running:\n" + "\n".join(kills.rounds)
    assert not kills.wrong, f"{len(kills.wrong)} of {KILLS} kills:\n" + "\n\n".join(kills.wrong)


def test_no_page_is_ever_read_half_written(kills: Kills) -> None:
    assert kills.reads > 1000, f"only {kills.reads} pages were read while building"
    assert not kills.torn, f"{len(kills.torn)} incomplete pages:\n" + "\n".join(kills.torn[:20])


def test_a_killed_build_leaves_no_debris_after_the_next_build(kills: Kills) -> None:
    assert not kills.debris, ("the project holds more than its files, site/ and .briefgen-cache/:\n"
                              + "\n".join(kills.debris) + "\nthe kills:\n" + "\n".join(kills.rounds))
