"""Each kind of mistake an analyst makes gets one clear message at the right file, line and column.

Every case starts from a small valid project, changes one file, and names the text in that file
where the message must point: the expected line and column are found from that text, so a case
states what the mistake is, not where it happens to fall."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

EXPERTS = """\
ana-lima:
  name: Ana Lima
  affiliation: Port Authority
  aliases: [Lima]
jonas-store:
  name: Jonas Gahr Støre
"""
TOPICS = """\
trade:
  title: Trade
ports:
  title: Ports
  parent: trade
"""
ARTICLE = "Ana Lima said “ports will reopen soon” on Monday.\n\nStøre added that tariffs would fall, and tariffs would fall again.\n"
SIDECAR = """\
title: Ports reopen
outlet: Test Wire
published: 2024-03-01
url: https://example.org/ports
topics: [trade]
claims:
  - id: reopen
    speaker: ana-lima
    quote: "ports will reopen soon"
    topics: [ports]
  - id: tariffs
    speaker: Støre
    quote: "tariffs would fall, and"
"""
BASE = {
    "content/experts.yaml": EXPERTS,
    "content/topics.yaml": TOPICS,
    "content/articles/ports.md": ARTICLE,
    "content/articles/ports.yaml": SIDECAR,
}


@dataclass(frozen=True)
class Mistake:
    """A change to the base project and where its message must point (`at`: text in that file)."""

    name: str
    changes: dict[str, str | bytes | None]
    path: str
    at: str | None
    message: str
    severity: str = "error"
    col_offset: int = 0  # where in `at` the column points, when not at its start


def _replace(file: str, old: str, new: str) -> dict[str, str]:
    assert old in BASE[file], old
    return {file: BASE[file].replace(old, new, 1)}


SIDE = "content/articles/ports.yaml"
MISTAKES = [
    Mistake("malformed yaml", _replace(SIDE, "outlet: Test Wire", "outlet: [Test Wire"), SIDE, None,
            "invalid YAML"),
    Mistake("tab indentation", _replace("content/topics.yaml", "  parent: trade", "\tparent: trade"),
            "content/topics.yaml", "\tparent", "tab character"),
    Mistake("empty experts file", {"content/experts.yaml": ""}, "content/experts.yaml", None, "is empty"),
    Mistake("sidecar not a mapping", {SIDE: "just a line of text\n"}, SIDE, "just a line", "should be a mapping"),
    Mistake("claims as text", _replace(SIDE, "claims:\n", "claims: \"text\"\nx_claims:\n"), SIDE, '"text"',
            "'claims' should be a list"),
    Mistake("number where a list belongs", _replace(SIDE, "topics: [trade]", "topics: 5"), SIDE, "5",
            "'topics' in article 'ports' should be a list"),
    Mistake("unknown key", _replace(SIDE, "    speaker: ana-lima", "    speeker: ana-lima"), SIDE, "speeker",
            "unknown key 'speeker' in claim 1 of article 'ports' (did you mean 'speaker'?)"),
    Mistake("unknown speaker", _replace(SIDE, "speaker: ana-lima", "speaker: ana-lema"), SIDE, "ana-lema",
            "unknown speaker 'ana-lema' (did you mean 'ana-lima'?)"),
    Mistake("unknown topic", _replace(SIDE, "topics: [ports]", "topics: [portz]"), SIDE, "portz",
            "unknown topic 'portz' (did you mean 'ports'?)"),
    Mistake("quote not in text", _replace(SIDE, "ports will reopen soon", "ports will open soon"), SIDE,
            '"ports will open soon"', "quote not found in content/articles/ports.md; the closest passage is at "
            "content/articles/ports.md:1"),
    Mistake("quote found twice", _replace(SIDE, "tariffs would fall, and", "tariffs would fall"), SIDE,
            '"tariffs would fall"', "quote found 2 times in content/articles/ports.md (lines 3, 3)"),
    Mistake("occurrence out of range", _replace(SIDE, '"ports will reopen soon"', '"ports will reopen soon"\n    occurrence: 3'),
            SIDE, "occurrence: 3", "occurrence 3 asked, but the quote stands only 1 time", col_offset=12),
    Mistake("duplicate claim id", _replace(SIDE, "id: tariffs", "id: reopen"), SIDE, "reopen\n    speaker: Støre",
            "claim id 'reopen' is used twice in article 'ports' (first at line 7)"),
    Mistake("duplicate expert id", {"content/experts.yaml": EXPERTS + "ana-lima:\n  name: Other Ana\n"},
            "content/experts.yaml", "ana-lima:\n  name: Other", "duplicate key 'ana-lima' (first at line 1)"),
    Mistake("duplicate topic id", {"content/topics.yaml": TOPICS + "trade:\n  title: Again\n"},
            "content/topics.yaml", "trade:\n  title: Again", "duplicate key 'trade'"),
    Mistake("sidecar without article", {"content/articles/lost.yaml": "title: Lost\n"},
            "content/articles/lost.yaml", None, "annotations without an article"),
    Mistake("article without sidecar", {"content/articles/bare.md": "Just text.\n"}, "content/articles/bare.md",
            None, "article has no annotations", severity="warning"),
    Mistake("not utf-8", {"content/articles/ports.md": "Ana said caf\xe9 “ports will reopen soon”.\n".encode("latin-1", "replace")},
            "content/articles/ports.md", None, "not UTF-8"),
    Mistake("invalid date", _replace(SIDE, "2024-03-01", "2024-02-30"), SIDE, "2024-02-30",
            "'published' in article 'ports' should be a date like 2022-01-15, not '2024-02-30'"),
    Mistake("published and date both", _replace(SIDE, "published: 2024-03-01", "published: 2024-03-01\ndate: 2024-03-02"),
            SIDE, "date: 2024-03-02", "gives both 'published' and 'date'; keep one"),
    Mistake("date in words", _replace(SIDE, "2024-03-01", "March 1st"), SIDE, "March 1st", "should be a date"),
    Mistake("topic cycle", {"content/topics.yaml": TOPICS.replace("trade:\n  title: Trade\n", "trade:\n  title: Trade\n  parent: ports\n")},
            "content/topics.yaml", "trade:", "the topic tree has a cycle"),
    Mistake("unknown parent", _replace("content/topics.yaml", "parent: trade", "parent: trad"),
            "content/topics.yaml", "parent: trad", "parent of topic 'ports' is an unknown topic 'trad' (did you mean 'trade'?)", col_offset=8),
    Mistake("missing experts.yaml", {"content/experts.yaml": None}, "content/experts.yaml", None,
            "content/experts.yaml is missing"),
    Mistake("missing topics.yaml", {"content/topics.yaml": None}, "content/topics.yaml", None,
            "content/topics.yaml is missing"),
    Mistake("id with a path separator", {"content/experts.yaml": EXPERTS + "'a/b':\n  name: Slash\n"},
            "content/experts.yaml", "'a/b'", "expert id 'a/b' is not a safe id"),
    Mistake("id that climbs out", _replace("content/topics.yaml", "ports:", "'..':"), "content/topics.yaml",
            "'..'", "topic id '..' is not a safe id"),
    Mistake("claim id with dots", _replace(SIDE, "id: reopen", "id: ../../x"), SIDE, "../../x",
            "claim id '../../x' is not a safe id"),
    Mistake("article file name not a slug", {"content/articles/Bad Name.md": "x\n", "content/articles/Bad Name.yaml": "title: x\n"},
            "content/articles/Bad Name.md", None, "file name 'Bad Name' is not a safe id"),
    Mistake("article file name with a dot", {"content/articles/ports.v2.md": ARTICLE, "content/articles/ports.v2.yaml": SIDECAR},
            "content/articles/ports.v2.md", None, "file name 'ports.v2' is not a safe id: use lower-case letters, digits, '-' and '_' (try 'ports-v2')"),
    Mistake("note file name with a dot", {"content/notes/week.1.md": "A note.\n"},
            "content/notes/week.1.md", None, "file name 'week.1' is not a safe id"),
    Mistake("url not http", _replace(SIDE, "https://example.org/ports", "javascript:alert(1)"), SIDE,
            "javascript:alert(1)", "'url' in article 'ports' should be an http(s) address"),
    Mistake("expert url not http", {"content/experts.yaml": EXPERTS + "  url: ftp://example.org\n"},
            "content/experts.yaml", "ftp://example.org", "'url' in expert 'jonas-store' should be an http(s) address"),
    Mistake("kind misspelt", _replace(SIDE, "    topics: [ports]", "    topics: [ports]\n    kind: drect"), SIDE,
            "drect", "'kind' in claim 1 of article 'ports' should be one of direct, paraphrase, not 'drect' (did you mean 'direct'?)"),
    Mistake("same_as to nowhere", _replace(SIDE, "    topics: [ports]", "    topics: [ports]\n    same_as: other#claim"), SIDE,
            "- id: reopen", "same_as names a claim that does not exist: 'other#claim'", col_offset=2),
    Mistake("config key misspelt", {"briefgen.yaml": "title: T\nbase_ulr: https://x.org/\n"}, "briefgen.yaml",
            "base_ulr", "unknown key 'base_ulr' in briefgen.yaml (did you mean 'base_url'?)"),
    Mistake("yaml alias bomb", {"content/topics.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))},
            "content/topics.yaml", "a:", "expands to too many values"),
]


def _write(root: Path, files: dict[str, str | bytes | None]) -> None:
    for name, content in files.items():
        path = root / name
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def _position(text: str, at: str, col_offset: int) -> tuple[int, int]:
    index = text.index(at) + col_offset
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", "-C", str(root), "check", *args],
                          capture_output=True, text=True, timeout=60)


def test_the_base_project_is_clean(tmp_path: Path) -> None:
    _write(tmp_path, BASE)
    result = _check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_mistake_is_reported_at_its_place(tmp_path: Path, mistake: Mistake) -> None:
    files = {**BASE, **mistake.changes}
    _write(tmp_path, {k: v for k, v in files.items() if v is not None})
    _write(tmp_path, {k: v for k, v in mistake.changes.items() if v is None})
    result = _check(tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == (1 if mistake.severity == "error" else 0), result.stderr
    if mistake.at is None:
        prefix = f"{mistake.path}:"
    else:
        text = (tmp_path / mistake.path).read_text(encoding="utf-8")
        line, col = _position(text, mistake.at, mistake.col_offset)
        prefix = f"{mistake.path}:{line}:{col}: {mistake.severity}: "
    lines = [line for line in result.stderr.splitlines() if line.startswith(prefix) and mistake.message in line]
    assert lines, f"expected a line starting {prefix!r} with {mistake.message!r}, got:\n{result.stderr}"
    assert all(line.endswith("]") for line in result.stderr.splitlines()[:-1]), result.stderr


def test_problems_come_sorted_by_file_and_line_and_as_json(tmp_path: Path) -> None:
    files = {**BASE, **_replace(SIDE, "speaker: ana-lima", "speaker: nobody")}
    files["content/topics.yaml"] = TOPICS.replace("parent: trade", "parent: nowhere")
    files["content/experts.yaml"] = EXPERTS + "  kind: robot\n"
    _write(tmp_path, files)
    text = _check(tmp_path)
    listed = [line for line in text.stderr.splitlines() if ": error: " in line]
    assert len(listed) == 3
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in listed]
    assert keys == sorted(keys)
    as_json = json.loads(_check(tmp_path, "--format", "json").stdout)
    assert not as_json["ok"]
    assert [f"{d['path']}:{d['line']}:{d['col']}: {d['severity']}: {d['message']} [{d['code']}]"
            for d in as_json["diagnostics"]] == listed


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    _write(tmp_path, {**BASE, "content/articles/bare.md": "Just text.\n"})
    assert _check(tmp_path).returncode == 0
    assert _check(tmp_path, "--strict").returncode == 1


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("kind", ["broken link", "named pipe"])
@pytest.mark.parametrize("where", ["content/articles/2024/gone.md", "content/notes/gone.md"])
def test_unreadable_file_is_reported(tmp_path: Path, kind: str, command: str, where: str) -> None:
    """A broken link or a named pipe among the articles or notes is one clear error at its path
    (not a hang, not a traceback), whether they are listed by check or by a build's scan."""
    _write(tmp_path, BASE)
    run = [sys.executable, "-m", "briefgen", "-C", str(tmp_path), command]
    assert subprocess.run(run, capture_output=True, timeout=120).returncode == 0
    bad = tmp_path / where
    bad.parent.mkdir()
    if kind == "broken link":
        os.symlink(tmp_path / "nowhere.md", bad)
    else:
        os.mkfifo(bad)
    result = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"{where}: error: cannot read this file" in result.stderr
    assert "Traceback" not in result.stderr
    bad.unlink()
    assert subprocess.run(run, capture_output=True, timeout=120).returncode == 0


def test_valid_variants_are_accepted(tmp_path: Path) -> None:
    """A BOM, CRLF line endings, curly vs straight quotes, dashes, names, aliases, Cyrillic and accents."""
    experts = EXPERTS + "lula:\n  name: Luiz Inácio Lula da Silva\n  aliases: [Lula]\nlavrov:\n  name: Сергей Лавров\n"
    article = ("\ufeffAna Lima said \"ports will reopen soon\" — on Monday.\r\n\r\n"
               "Støre added that tariffs would fall, and tariffs would fall again.\r\n\r\n"
               "Lula disse que «o comércio vai crescer».\r\n\r\nЛавров заявил: «Переговоры продолжатся».\r\n")
    sidecar = SIDECAR.replace("\n", "\r\n").replace('"ports will reopen soon"', "“ports will reopen soon” - on Monday")
    sidecar = sidecar.replace("published: 2024-03-01", "date: 2024-03-01")  # as other generators call it
    sidecar += ("  - speaker: Lula\r\n    quote: \"o comércio vai crescer\"\r\n"
                "  - speaker: Сергей Лавров\r\n    quote: Переговоры продолжатся\r\n")
    _write(tmp_path, {**BASE, "content/experts.yaml": "\ufeff" + experts, "content/articles/ports.md": article,
                      "content/articles/ports.yaml": "\ufeff" + sidecar})
    result = _check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "4 claims" in result.stdout
