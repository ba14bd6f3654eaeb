"""A build that dies while writing leaves the previous site exactly as it was, and no debris."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen import pipeline, write

REPO = Path(__file__).resolve().parent.parent


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    pipeline.build(tmp_path)
    return tmp_path


@pytest.mark.parametrize("fail_after", [0, 5, 20])
def test_exception_while_writing_keeps_previous_site(project: Path, fail_after: int, monkeypatch) -> None:
    before = _snapshot(project / "site")
    article = next((project / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\n\nA new closing paragraph.\n", encoding="utf-8")

    calls = {"n": 0}
    real_write_bytes = Path.write_bytes

    def failing_write_bytes(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] > fail_after:
            raise OSError(28, "No space left on device")
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write_bytes)
    with pytest.raises(OSError):
        pipeline.build(project)
    monkeypatch.undo()

    assert _snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name != ".briefgen-cache") == ["content", "site"]


def test_interrupt_at_the_atomic_exchange_keeps_the_previous_site(project: Path, monkeypatch) -> None:
    before = _snapshot(project / "site")

    def interrupted_exchange(first, second):
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "_exchange", interrupted_exchange)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(project)
    monkeypatch.undo()

    assert _snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name != ".briefgen-cache") == ["content", "site"]


def test_interrupt_between_fallback_renames_keeps_a_whole_site(project: Path, monkeypatch) -> None:
    """Where the system cannot exchange folders atomically, two renames are undone on interrupt."""
    before = _snapshot(project / "site")
    real_rename = write.os.rename
    calls = {"n": 0}

    def interrupted_rename(source, target):
        calls["n"] += 1
        if calls["n"] == 2:  # old site moved aside, new one not yet in place
            raise KeyboardInterrupt
        return real_rename(source, target)

    monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    monkeypatch.setattr(write.os, "rename", interrupted_rename)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(project)
    monkeypatch.undo()

    assert _snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name != ".briefgen-cache") == ["content", "site"]


def test_rebuild_replaces_the_site_in_place(project: Path) -> None:
    article = next((project / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\n\nA new closing paragraph.\n", encoding="utf-8")
    pipeline.build(project)
    pages = [p.read_text(encoding="utf-8") for p in (project / "site" / "articles").rglob("index.html")]
    assert any("A new closing paragraph." in page for page in pages)


def test_successful_rebuild_leaves_no_staging_folders(project: Path) -> None:
    pipeline.build(project)
    assert sorted(p.name for p in project.iterdir() if p.name != ".briefgen-cache") == ["content", "site"]
