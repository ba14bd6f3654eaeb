"""One build of a project at a time: a lock on .briefgen-cache/lock (an advisory file lock, let go
of by the system when its holder ends, even killed). A second build waits a little, then says
that another is running."""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from typing import Iterator

from ..config import SiteConfig
from ..errors import BriefgenError, Diagnostic, ERROR, Location
from .scan import CACHE_DIR, make_folder

WAIT_SECONDS = 30.0


@contextmanager
def build_lock(config: SiteConfig, wait: float = WAIT_SECONDS) -> Iterator[None]:
    try:
        make_folder(config.root / CACHE_DIR)
        descriptor = os.open(config.root / CACHE_DIR / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a project we cannot write in keeps no state either: nothing to guard
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
                    raise BriefgenError([Diagnostic(ERROR, "build-running", Location(f"{CACHE_DIR}/lock"),
                                                    "another briefgen build of this project is still running "
                                                    "(or `briefgen serve`); wait for it to finish, then build again")])
                time.sleep(0.1)
        yield
    finally:
        os.close(descriptor)
