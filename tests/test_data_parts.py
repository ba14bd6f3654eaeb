"""A large briefing's data files: a month of more than 200 articles is cut in parts counted from its
oldest article, there is no single claims.csv, and an edit of one article rewrites only the part
that holds it among the data files (the index too when the parts or their counts change); after
each edit, the site is what a clean build makes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from briefgen.outputs.data_files import PART_ARTICLES, plan
from conftest import build, site_snapshot

JANUARY, DECEMBER, UNDATED = 210, 15, 5  # articles: January 2024 is cut in two parts (10 and 200)


def _dates() -> list[dt.date | None]:
    return ([dt.date(2024, 1, 1 + n % 28) for n in range(JANUARY)] +
            [dt.date(2023, 12, 1 + n) for n in range(DECEMBER)] + [None] * UNDATED)


def _sidecar(project: Path, n: int) -> Path:
    return project / "content" / "articles" / f"a{n:03}.yaml"


def _write_article(project: Path, n: int, date: dt.date | None) -> None:
    quote = f"port {n} will reopen soon"
    (project / "content" / "articles" / f"a{n:03}.md").write_text(f"Ana Lima said “{quote}”.\n", encoding="utf-8")
    published = f"published: {date}\n" if date else ""
    _sidecar(project, n).write_text(f"title: Port {n:03}\n{published}claims:\n  - id: c\n    speaker: ana-lima\n"
                                    f"    quote: {quote}\n    summary: As first written.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("parts") / "project"
    (project / "content" / "articles").mkdir(parents=True)
    (project / "content" / "experts.yaml").write_text("ana-lima:\n  name: Ana Lima\n", encoding="utf-8")
    (project / "content" / "topics.yaml").write_text("trade:\n  title: Trade\n", encoding="utf-8")
    for n, date in enumerate(_dates()):
        _write_article(project, n, date)
    return project


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> Path:
    """The large project, built once: each test edits its own copy."""
    copy = tmp_path / "project"
    shutil.copytree(generated / "content", copy / "content")
    build(copy, "--quiet")
    return copy


def _data_files(project: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every data file with what says it was written again (its inode and time: files are replaced by
    renaming) and its bytes."""
    data = project / "site" / "data"
    return {p.relative_to(data).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(data.rglob("*")) if p.is_file()}


def _rebuilt(project: Path, tmp_path: Path) -> set[str]:
    """Build again after an edit: the data files written (or removed, or added), having checked
    that the whole site is what a clean build of the project makes."""
    before = _data_files(project)
    build(project, "--quiet")
    after = _data_files(project)
    clean = tmp_path / "clean"
    shutil.copytree(project / "content", clean / "content")
    build(clean, "--quiet")
    ours, theirs = site_snapshot(project / "site"), site_snapshot(clean / "site")
    assert ours.keys() == theirs.keys()
    assert [path for path in ours if ours[path] != theirs[path]] == []
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def _parts(project: Path) -> list[tuple[str, int]]:
    index = json.loads((project / "site" / "data" / "claims.json").read_bytes())
    return [(part["part"], part["claims"]) for part in index["parts"]]


def _part_of(project: Path, slug: str) -> str:
    for name, _ in _parts(project):
        claims = json.loads((project / "site" / "data" / "claims" / f"{name}.json").read_bytes())["claims"]
        if any(claim["article"]["slug"] == slug for claim in claims):
            return name
    raise AssertionError(f"{slug} is in no part")


def _files_of(*parts: str) -> set[str]:
    return {f"claims/{part}.json" for part in parts} | {f"claims/{part}.csv" for part in parts} | {
        f"annotations/{part}.jsonld" for part in parts}


def test_a_large_month_is_cut_in_parts_from_its_oldest_article(project: Path) -> None:
    assert JANUARY > PART_ARTICLES
    assert _parts(project) == [("2024-01-2", JANUARY - PART_ARTICLES), ("2024-01-1", PART_ARTICLES),
                               ("2023-12", DECEMBER), ("undated", UNDATED)]
    assert not (project / "site" / "data" / "claims.csv").exists()  # more than 200 articles: the parts only
    newest = json.loads((project / "site" / "data" / "claims" / "2024-01-2.json").read_bytes())["claims"]
    assert {claim["date"] for claim in newest} == {"2024-01-28", "2024-01-27"}


def test_an_edited_summary_rewrites_only_the_part_that_holds_the_article(project: Path, tmp_path: Path) -> None:
    part = _part_of(project, "a005")
    assert part == "2024-01-1"
    sidecar = _sidecar(project, 5)
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("As first written.", "Said again."),
                       encoding="utf-8")
    assert _rebuilt(project, tmp_path) == _files_of(part)


def test_an_edited_text_rewrites_only_the_annotations_of_its_part(project: Path, tmp_path: Path) -> None:
    text = project / "content" / "articles" / "a220.md"
    text.write_text("In December, " + text.read_text(encoding="utf-8"), encoding="utf-8")
    assert _rebuilt(project, tmp_path) == {"annotations/2023-12.jsonld"}  # the quote's place moved


def test_an_article_moved_to_the_next_month_moves_to_its_part(project: Path, tmp_path: Path) -> None:
    # The newest December article becomes the oldest of January: the order of the articles stays
    # the same, but January now holds 211, one more in each of its parts' files.
    sidecar = _sidecar(project, JANUARY + DECEMBER - 1)
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("2023-12-15", "2024-01-01"), encoding="utf-8")
    changed = _rebuilt(project, tmp_path)
    assert _parts(project)[:3] == [("2024-01-2", 11), ("2024-01-1", 200), ("2023-12", DECEMBER - 1)]
    assert changed == _files_of("2024-01-2", "2024-01-1", "2023-12") | {"claims.json"}


def test_a_new_article_of_the_newest_day_changes_only_the_newest_part(project: Path, tmp_path: Path) -> None:
    _write_article(project, 900, dt.date(2024, 1, 28))
    assert _rebuilt(project, tmp_path) == _files_of("2024-01-2") | {"claims.json", "annotations.jsonld"}


def test_an_article_of_a_new_month_adds_a_part_and_links_it(project: Path, tmp_path: Path) -> None:
    _write_article(project, 901, dt.date(2024, 2, 3))
    changed = _rebuilt(project, tmp_path)
    assert _parts(project)[0] == ("2024-02", 1)
    # the page that was first now has a page before it
    assert changed == _files_of("2024-02") | {"claims.json", "annotations.jsonld", "annotations/2024-01-2.jsonld"}


def _months(*months: tuple[str | None, int]) -> dict[str | None, list[str]]:
    """The articles of each month, as the site's views give them (newest first)."""
    return {month: [f"{month}-{n}" for n in range(count)] for month, count in months}


@pytest.mark.parametrize("size, parts", [
    (PART_ARTICLES, [("2024-01", PART_ARTICLES)]),
    (PART_ARTICLES + 1, [("2024-01-2", 1), ("2024-01-1", PART_ARTICLES)]),
    (2 * PART_ARTICLES + 50, [("2024-01-3", 50), ("2024-01-2", PART_ARTICLES), ("2024-01-1", PART_ARTICLES)]),
])
def test_the_parts_of_a_month(size: int, parts: list[tuple[str, int]]) -> None:
    found = plan(_months(("2024-01", size), (None, 3)))
    assert [(p.name, len(p.slugs)) for p in found.parts] == [*parts, ("undated", 3)]
    assert [slug for p in found.parts for slug in p.slugs] == [f"2024-01-{n}" for n in range(size)] + [
        f"None-{n}" for n in range(3)]  # every article once, in the order of the site
    assert os.path.commonprefix([p.month or "" for p in found.parts[:-1]]) == "2024-01"
