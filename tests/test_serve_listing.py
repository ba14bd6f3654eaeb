"""Serve's scan takes the articles' files from the last scan and the paths its watcher reported
saved, without listing the folders again: after any sequence of saves, what it finds is exactly
what listing every folder finds, in the same order, links included."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.engine.scan import Listing, article_files, scan
from briefgen.errors import Diagnostics


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _folders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink())


@pytest.mark.parametrize("seed", range(6))
def test_a_scan_from_reports_finds_what_a_listing_finds(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "project"
    articles = root / "content" / "articles"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "linked.md").write_text("Linked text.\n", encoding="utf-8")
    shared = root / "shared"  # in the project, beside the articles: a linked folder of it is read
    shared.mkdir(parents=True)
    (shared / "s1.md").write_text("Shared text.\n", encoding="utf-8")
    (root / "briefgen.yaml").parent.mkdir(parents=True, exist_ok=True)
    (root / "briefgen.yaml").write_text("title: Listing\n", encoding="utf-8")
    for year in ("2023", "2024"):
        for number in range(3):
            (articles / year).mkdir(parents=True, exist_ok=True)
            (articles / year / f"a{number}.md").write_text(f"Text {number}.\n", encoding="utf-8")
    config = load_config(root, Diagnostics())
    listing = Listing()
    listing.report(set())  # the watcher runs
    scan(config, {}, listing)
    counter = 0

    def new_name(folder: Path, suffix: str = ".md") -> Path:
        nonlocal counter
        counter += 1
        return folder / f"n{counter}{suffix}"

    for step in range(40):
        folders = [articles, *_folders(articles)]
        files = [p for p in _files(articles)]
        reported: set[str] = set()
        operation = rng.choice(["edit", "add", "delete", "add folder", "delete folder", "rename folder",
                                "link", "broken link", "ignored", "folder to file", "folder link", "loop link",
                                "folder link outside"])
        if operation == "edit" and files:
            path = rng.choice(files)
            if not path.is_symlink():
                path.write_text(path.read_text(encoding="utf-8") + "more words\n" * rng.randint(1, 3), encoding="utf-8")
            reported.add(str(path))
        elif operation == "add":
            path = new_name(rng.choice(folders), rng.choice([".md", ".yaml", ".txt"]))
            path.write_text("New.\n", encoding="utf-8")
            reported.add(str(path))
        elif operation == "delete" and files:
            path = rng.choice(files)
            path.unlink()
            reported.add(str(path))
        elif operation == "add folder":
            folder = new_name(rng.choice(folders), "")
            folder.mkdir()
            for _ in range(rng.randint(0, 3)):
                new_name(folder).write_text("In a new folder.\n", encoding="utf-8")
            reported.add(str(folder))  # a watcher may report the folder alone
        elif operation == "delete folder" and len(folders) > 1:
            folder = rng.choice(folders[1:])
            shutil.rmtree(folder)
            reported.add(str(folder))
        elif operation == "rename folder" and len(folders) > 1:
            folder = rng.choice(folders[1:])
            target = new_name(folder.parent, "")
            folder.rename(target)
            reported |= {str(folder), str(target)}
        elif operation == "link":
            path = new_name(rng.choice(folders))
            path.symlink_to(outside / "linked.md")
            reported.add(str(path))
        elif operation in ("folder link", "loop link", "folder link outside"):
            folder = rng.choice(folders)
            path = new_name(folder, "")
            path.symlink_to({"folder link": shared, "loop link": folder, "folder link outside": outside}[operation],
                            target_is_directory=True)
            reported.add(str(path))
        elif operation == "broken link":
            path = new_name(rng.choice(folders))
            path.symlink_to(outside / "missing.md")
            reported.add(str(path))
        elif operation == "ignored":
            path = rng.choice(folders) / f".draft-{step}.swp"
            path.write_text("editor's swap file\n", encoding="utf-8")
            reported.add(str(path))
        elif operation == "folder to file" and len(folders) > 1:
            folder = rng.choice(folders[1:])
            shutil.rmtree(folder)
            folder.write_text("Now a file.\n", encoding="utf-8")
            reported.add(str(folder))
        listing.report(reported)
        found = scan(config, {}, listing)
        links: dict = {}
        listed = article_files(config, links)
        assert list(found.articles.items()) == list(listed.items()), (step, operation, reported)
        assert {p: s for p, s in listing.links.items() if p.startswith(str(articles) + os.sep)} == links, (step, operation)
