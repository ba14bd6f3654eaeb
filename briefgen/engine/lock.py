"""One build of a project at a time: a lock on the project's folder itself (an advisory lock, let
go of by the system when its holder ends, even killed; nothing is written for it, so a build that
fails leaves the project as it was). A second build waits a little, then says that another is
running (after 30 s, or BRIEFGEN_LOCK_WAIT seconds)."""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from typing import Iterator

from ..config import SiteConfig
from ..errors import BriefgenError, Diagnostic, ERROR, Location
from .scan import CACHE_DIR

WAIT_SECONDS = 30.0  # by default; BRIEFGEN_LOCK_WAIT sets another (seconds)


def _wait() -> float:
    try:
        return max(0.0, float(os.environ.get("BRIEFGEN_LOCK_WAIT", WAIT_SECONDS)))
    except ValueError:
        return WAIT_SECONDS


@contextmanager
def build_lock(config: SiteConfig, wait: float | None = None) -> Iterator[None]:
    wait = _wait() if wait is None else wait
    try:
        descriptor = os.open(config.root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:  # a project folder that cannot be opened cannot be built either: the build says why
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BriefgenError([Diagnostic(ERROR, "build-running", Location(CACHE_DIR),
                                                    "another briefgen build of this project is still running "
                                                    "(or `briefgen serve`); wait for it to finish, then build again")], usage=True)
                time.sleep(0.1)
        yield
    finally:
        os.close(descriptor)
