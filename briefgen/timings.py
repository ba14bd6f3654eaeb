"""Where a build's time goes, stage by stage, for `briefgen build --timings` (or BRIEFGEN_TIMINGS=1):
each stage's wall time, the processor time spent in it (by this process and by the workers it
waited for: more than the wall time when both cores worked), and the peak memory of the process
(and of its finished workers) when it ended. A stage is a `with stage("name"):` block; nested
stages are printed indented under the one that holds them, in the order they started. Off unless
asked for: `stage` then costs nothing but a check."""

from __future__ import annotations

import os
import resource
import sys
import time
from contextlib import contextmanager
from typing import Iterator, TextIO

_on = os.environ.get("BRIEFGEN_TIMINGS", "") not in ("", "0")
_depth = 0
_lines: list[tuple[int, int, str, float, float, float]] = []  # (order started, depth, stage, seconds, CPU seconds, peak MiB)


def enable() -> None:
    global _on
    _on = True


def enabled() -> bool:
    return _on


def _peak_mib() -> float:
    """The largest resident set so far of this process, and of any worker it waited for."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes on macOS, in KiB elsewhere
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return max(own, workers) / (1 << 20)


def _cpu_seconds() -> float:
    """User and system time so far of this process and of the workers it waited for."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


@contextmanager
def stage(name: str) -> Iterator[None]:
    global _depth
    if not _on:
        yield
        return
    order, depth, started, cpu = len(_lines), _depth, time.perf_counter(), _cpu_seconds()
    _lines.append((order, depth, name, 0.0, 0.0, 0.0))
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        _lines[order] = (order, depth, name, time.perf_counter() - started, _cpu_seconds() - cpu, _peak_mib())


def report(out: TextIO = sys.stderr) -> None:
    """Print the stages timed so far (in the order they started), then forget them."""
    if not _on or not _lines:
        return
    print(f"{'stage':<48} {'seconds':>8} {'CPU s':>7} {'peak MiB':>9}", file=out)
    for _, depth, name, seconds, cpu, peak in _lines:
        print(f"{'  ' * depth + name:<48} {seconds:8.3f} {cpu:7.2f} {peak:9.0f}", file=out)
    _lines.clear()
