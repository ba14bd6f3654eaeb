"""Large projects are checked by several processes at once: every problem is still reported, in
order, with its place."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, write_long_project

SENTENCES = ("port {n} reopens in spring", "tariffs on lane {n} fall")


def test_problems_in_a_large_project_are_all_reported_in_order(tmp_path: Path) -> None:
    project = write_long_project(tmp_path / "big", 260, SENTENCES)
    articles = project / "content" / "articles"
    unknown = articles / "a040.yaml"
    unknown.write_text(unknown.read_text(encoding="utf-8").replace("speaker: ana-lima", "speaker: ana-lema", 1),
                       encoding="utf-8")
    missing = articles / "a230.yaml"
    missing.write_text(missing.read_text(encoding="utf-8").replace("port 230 reopens", "port 230 closes", 1),
                       encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    line_of = {path: next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text)
               for path, needle in ((unknown, "ana-lema"), (missing, "port 230 closes"))}
    assert errors[0].startswith(f"content/articles/a040.yaml:{line_of[unknown]}:") and "ana-lema" in errors[0]
    assert errors[1].startswith(f"content/articles/a230.yaml:{line_of[missing]}:") and "quote-not-found" in errors[1]
    assert len(errors) == 2

