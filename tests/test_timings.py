"""`briefgen build --timings` (or BRIEFGEN_TIMINGS=1): a table of the build's stages, each with its
wall time, the processor time spent in it and the peak memory so far, so that where a build goes
can be seen without a profiler."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import cli_env, copy_fixture, run_cli, write_long_project

ROW = re.compile(r"^(?P<indent> *)(?P<name>\S.*?)\s+(?P<seconds>\d+\.\d{3})\s+(?P<cpu>\d+\.\d{2})\s+(?P<peak>\d+)$")


def _table(stderr: str) -> list[tuple[int, str, float, float, int]]:
    """The rows of the timings table in what a build said: (depth, stage, seconds, CPU seconds, MiB)."""
    lines = stderr.splitlines()
    header = [n for n, line in enumerate(lines) if line.split() == ["stage", "seconds", "CPU", "s", "peak", "MiB"]]
    assert len(header) == 1, stderr
    rows = []
    for line in lines[header[0] + 1:]:
        found = ROW.match(line)
        assert found, f"not a row of the table: {line!r}"
        rows.append((len(found["indent"]) // 2, found["name"], float(found["seconds"]), float(found["cpu"]),
                     int(found["peak"])))
    return rows


def test_a_full_build_then_a_no_op_say_where_their_time_went(tmp_path: Path) -> None:
    project = write_long_project(tmp_path / "long", 240, ("Ports in {n} reopened after the storm, officials said.",))
    full = run_cli("build", "--timings", cwd=project)
    assert full.returncode == 0, full.stderr
    rows = _table(full.stderr)
    top, *stages = rows
    assert top[:2] == (0, "build") and all(depth >= 1 for depth, *_ in stages)
    names = [name for _, name, *_ in rows]
    for expected in ("scan the inputs", "check 240 articles, keep 0", "match claims across sources",
                     "make and write", "record the state"):
        assert any(name.startswith(expected) for name in names), (expected, names)
    # a new site's state is recorded while its outputs are made: what the check found among them
    making = names.index(next(name for name in names if name.startswith("make and write")))
    assert rows[making + 1][:2] == (2, "the articles") and (2, "the match index") in [row[:2] for row in rows]
    # a stage's time is within its build's, and the stages under one add up to no more than it
    assert all(seconds <= top[2] + 0.01 for _, _, seconds, _, _ in stages)
    direct = [seconds for depth, _, seconds, _, _ in stages if depth == 1]
    assert sum(direct) <= top[2] + 0.05
    # the memory column only grows, down the stages in the order they started
    peaks = [peak for *_, peak in rows[1:]]
    assert peaks == sorted(peaks) and top[4] >= peaks[-1] > 0
    # 240 articles are checked by workers: their processor time is counted in the check's
    check = next(row for row in rows if row[1].startswith("check 240"))
    assert check[3] > 0

    article = project / "content" / "articles" / "a007.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA paragraph added.\n", encoding="utf-8")
    edit = run_cli("build", "--timings", cwd=project)
    assert edit.returncode == 0, edit.stderr
    edited = [row[:2] for row in _table(edit.stderr)]
    assert (1, "check 1 article, keep 239") in edited and (2, "what each output read and keeps") in edited

    nothing = run_cli("build", "--timings", cwd=project)
    assert nothing.returncode == 0, nothing.stderr
    quick = [name for _, name, *_ in _table(nothing.stderr)]
    assert "scan the inputs" in quick and not any(name.startswith("make and write") for name in quick)


def test_the_environment_variable_asks_for_the_table_and_without_it_there_is_none(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "project")
    plain = run_cli("build", cwd=project)
    assert plain.returncode == 0 and "peak MiB" not in plain.stderr + plain.stdout
    asked = run_cli("build", cwd=project, env={**cli_env(), "BRIEFGEN_TIMINGS": "1"})
    assert asked.returncode == 0, asked.stderr
    assert _table(asked.stderr)[0][1] == "build"
