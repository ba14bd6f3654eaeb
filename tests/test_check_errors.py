"""A user makes content mistakes and runs `briefgen check`: each problem is one line
`path:line:col: error: message [code]` pointing at the value at fault, every problem is
reported, the exit code is 1, and never a Python traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_fixture, run_cli

INVALID = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.txt").is_file())
# `path:line:col:` where there is a line and column, else `path:line:` or `path:` (a whole file).
LINE_RE = re.compile(r"^(?P<path>[^:\s][^:]*)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: (?P<severity>error|warning): "
                     r"(?P<message>.+) \[(?P<code>[a-z0-9-]+)\]$")
SUMMARY_RE = re.compile(r"^found \d+ errors?( and \d+ warnings?)?$|^found \d+ warnings?$")


def expected_lines(name: str) -> list[str]:
    text = (FIXTURES / name / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def diagnostics(stderr: str) -> list[re.Match]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    bad = [line for line in lines if not LINE_RE.match(line) and not SUMMARY_RE.match(line)]
    assert bad == [], f"lines not in the 'path:line:col: error: message [code]' format: {bad}"
    return [m for line in lines if (m := LINE_RE.match(line))]


def test_there_are_invalid_fixtures() -> None:
    assert {"invalid-yaml-syntax", "invalid-unknown-speaker", "invalid-unknown-topic",
            "invalid-quote-not-found", "invalid-several-errors"} <= set(INVALID)


@pytest.mark.parametrize("name", INVALID)
def test_check_reports_the_mistake(name: str, tmp_path: Path) -> None:
    project = copy_fixture(name, tmp_path / name)
    result = run_cli("check", cwd=project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    missing = [line for line in expected_lines(name) if line not in result.stderr]
    assert missing == [], f"expected on stderr:\n{missing}\ngot:\n{result.stderr}"
    found = diagnostics(result.stderr)
    assert found and all(m["severity"] == "error" for m in found)
    assert not (project / "site").exists()


@pytest.mark.parametrize("name", INVALID)
def test_line_and_column_point_at_the_value_at_fault(name: str, tmp_path: Path) -> None:
    """Independent of the wording: the position names the very word the message complains about."""
    project = copy_fixture(name, tmp_path / name)
    result = run_cli("check", cwd=project)
    for match in diagnostics(result.stderr):
        if match["line"] is None or match["col"] is None:
            continue
        lines = (project / match["path"]).read_text(encoding="utf-8").splitlines()
        line, col = int(match["line"]), int(match["col"])
        assert 0 < line <= len(lines) + 1, match.group(0)  # a real line of that file
        at = lines[line - 1][col - 1:] if line <= len(lines) else ""
        named = re.match(r"unknown (?:speaker|topic) '([^']+)'", match["message"])
        if named:
            assert at.startswith(named.group(1)), f"{match.group(0)}\npoints at: {at!r}"
        elif match["code"] == "quote-not-found":
            source = lines[line - 1]
            assert "quote:" in source, match.group(0)
            value_col = source.index("quote:") + len("quote:") + 1
            value_col += len(source[value_col - 1:]) - len(source[value_col - 1:].lstrip())
            assert col == value_col, f"{match.group(0)}\npoints at: {at!r}"


@pytest.mark.parametrize("name", INVALID)
def test_check_json_says_the_same(name: str, tmp_path: Path) -> None:
    project = copy_fixture(name, tmp_path / name)
    text = run_cli("check", cwd=project)
    result = run_cli("check", "--format", "json", cwd=project)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    as_json = {(d["path"], d["line"], d["col"], d["severity"], d["message"], d["code"]) for d in report["diagnostics"]}
    as_text = {(m["path"], int(m["line"] or 0), int(m["col"] or 0), m["severity"], m["message"], m["code"])
               for m in diagnostics(text.stderr)}
    assert as_json == as_text


@pytest.mark.parametrize("name", INVALID)
def test_build_refuses_with_the_same_messages(name: str, tmp_path: Path) -> None:
    project = copy_fixture(name, tmp_path / name)
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    missing = [line for line in expected_lines(name) if line not in result.stderr]
    assert missing == [], result.stderr
    assert not (project / "site").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == [], "leftover temporary folders"


def test_check_accepts_a_project_given_with_dash_c(tmp_path: Path) -> None:
    project = copy_fixture("invalid-unknown-speaker", tmp_path / "p")
    result = run_cli("-C", project, "check", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/articles/a.yaml:7:14: error: unknown speaker 'nikolai-sokhov'" in result.stderr


def test_check_is_quiet_and_exits_0_when_all_is_well(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    result = run_cli("check", cwd=project)
    assert result.returncode == 0
    assert diagnostics(result.stderr) == []
    assert "error" not in result.stderr


def test_a_usage_mistake_exits_2(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    result = run_cli("build", "--no-such-option", cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_warnings_do_not_fail_check_unless_strict(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    (project / "content/articles/lonely.md").write_text("# Lonely\n\nNo annotations yet.\n", encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    found = diagnostics(result.stderr)
    assert [(m["path"], m["severity"]) for m in found] == [("content/articles/lonely.md", "warning")]
    strict = run_cli("check", "--strict", cwd=project)
    assert strict.returncode == 1
    assert run_cli("build", "--strict", cwd=project).returncode == 1
    assert not (project / "site").exists()
    assert run_cli("build", cwd=project).returncode == 0
