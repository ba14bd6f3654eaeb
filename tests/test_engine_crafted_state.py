"""The state briefgen keeps between builds (everything under .briefgen-cache/) is plain data that
it checks, never code it runs, and never trusted beyond what it can check: whatever is put in it
— a pickle, marshalled code, YAML or JSON that names Python objects, Python source, random
bytes, huge numbers, values of the wrong type, garbage for a whole file, the cache of another
project folder or of another briefgen — the next `briefgen build` runs no code of it, exits 0,
and makes exactly the site (and says exactly the warnings) of a clean build, with or without an
edit since.

Black-box: the files are found and changed as they are on disk, whatever their layout; each
crafted cell or value that could run code names its own marker file, so a failure says which
one ran."""

from __future__ import annotations

import base64
import itertools
import json
import marshal
import os
import pickle
import random
import re
import shutil
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import run_cli, site_snapshot
from test_engine_differential import (QUOTES, Editor, clean_build, copy_inputs, make_project, site_difference,
                                     warnings_difference, warnings_of)

SEED = 601
CACHE = ".briefgen-cache"
KINDS = ("pickle", "pickle-text", "marshal", "yaml", "python", "json-class", "random-bytes", "huge-int",
         "huge-negative", "huge-real", "wrong-text", "null", "empty", "path")
# Files a crafted path points at ('path'): briefgen must neither remove nor change them. Relative
# ones from the site folder, or from the project; the last one outside the project.
VICTIMS = ("../briefgen.yaml", "../content/experts.yaml", "content/topics.yaml", "../../outside.txt")


class RunsCommand:
    """Pickled, an object whose unpickling runs a shell command."""

    def __init__(self, command: str):
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def _label(*parts: object) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", ".".join(str(p) for p in parts))[:150]


def cell_payload(kind: str, marker: Path, unique: int, rng: random.Random) -> object:
    """A value for an SQLite cell; `unique` keeps it apart from the other rows' (unique keys)."""
    command = f"touch {marker}"
    code = f"__import__('os').system({command!r})"
    return {
        "pickle": lambda: pickle.dumps(RunsCommand(command)),
        "pickle-text": lambda: pickle.dumps(RunsCommand(command), protocol=0).decode("latin-1"),
        "marshal": lambda: marshal.dumps(compile(code, "<cache>", "exec")),
        "yaml": lambda: f"!!python/object/apply:os.system [{command!r}]",
        "python": lambda: code,
        "json-class": lambda: json.dumps({"__class__": "os.system", "__args__": [command], "py/object": "os.system",
                                          "py/reduce": [{"py/function": "os.system"}, {"py/tuple": [command]}]}),
        "random-bytes": lambda: rng.randbytes(rng.randint(1, 200)),
        "huge-int": lambda: 2 ** 63 - 1 - unique,
        "huge-negative": lambda: -(2 ** 63) + unique,
        "huge-real": lambda: 1.0e308 - unique * 1e292,
        "wrong-text": lambda: f"not what was here {unique}",
        "null": lambda: None,
        "empty": lambda: b"",
        "path": lambda: VICTIMS[unique % len(VICTIMS)] if unique % 5 else str(marker.parent.parent / "outside.txt"),
    }[kind]()


def json_payload(kind: str, marker: Path, unique: int, rng: random.Random) -> object:
    """The same kinds as a JSON value."""
    value = cell_payload(kind, marker, unique, rng)
    if kind in ("pickle", "marshal"):
        return base64.b64encode(value).decode("ascii")
    if kind == "json-class":
        return json.loads(value)
    if kind == "random-bytes":
        return value.decode("latin-1")
    if kind in ("huge-int", "huge-negative"):
        return (10 ** 400) * (1 if kind == "huge-int" else -1)
    if kind == "empty":
        return []
    return value


FILE_GARBAGE = {  # a whole file replaced: any file so, a JSON file so too
    "random bytes": lambda marker, rng: rng.randbytes(3000),
    "a pickle": lambda marker, rng: pickle.dumps(RunsCommand(f"touch {marker}")),
}
JSON_FILE_GARBAGE = {
    "YAML naming os.system": lambda marker, rng: f"!!python/object/apply:os.system ['touch {marker}']\n".encode(),
    "JSON nested 100,000 deep": lambda marker, rng: b"[" * 100_000 + b"]" * 100_000,
}
ALL_AT_ONCE = ("pickle", "json-class", "null")  # the kinds every value of a JSON file is made at once


# --------------------------------------------------------------------------- the files of the cache


def cache_files(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


def is_sqlite(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(16) == b"SQLite format 3\x00"


def json_of(path: Path) -> object | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def columns(database: Path) -> list[tuple[str, str]]:
    """(table, column) of every table of an SQLite file."""
    db = sqlite3.connect(database)
    try:
        tables = [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return [(table, row[1]) for table in tables for row in db.execute(f'PRAGMA table_info("{table}")')]
    finally:
        db.close()


Choose = Callable[[str, str, int, object], object]  # (table, column, row, value) → the new value (or the same)


def craft_database(database: Path, choose: Choose) -> int:
    """Every row of every table written again with the values `choose` gives; a value the table
    refuses (a unique key, a type) is left as it was. How many cells were changed."""
    db = sqlite3.connect(database)
    changed = 0
    try:
        with db:
            for table in sorted({table for table, _ in columns(database)}):
                names = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
                rows = db.execute(f'SELECT * FROM "{table}"').fetchall()
                db.execute(f'DELETE FROM "{table}"')
                insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(names))})'
                for index, row in enumerate(rows):
                    new = [choose(table, name, index, value) for name, value in zip(names, row)]
                    try:
                        db.execute(insert, new)
                        changed += sum(a is not b for a, b in zip(new, row))
                        continue
                    except (sqlite3.Error, OverflowError):
                        pass
                    try:
                        rowid = db.execute(insert, row).lastrowid  # then one cell at a time
                    except sqlite3.Error:  # its key now another row's: the row goes (a crafted state too)
                        continue
                    for name, value, old in zip(names, new, row):
                        if value is old:
                            continue
                        for value in (value, 2 ** 62 + index):  # a rowid key takes only numbers: one far off
                            try:
                                db.execute(f'UPDATE "{table}" SET "{name}" = ? WHERE rowid = ?', (value, rowid))
                                changed += 1
                                break
                            except (sqlite3.Error, OverflowError):
                                pass
    finally:
        db.close()
    return changed


def json_container(value: object) -> object | None:
    """The JSON object or array a cell's text holds, if it holds one."""
    try:
        document = json.loads(value) if isinstance(value, (str, bytes)) else None
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return document if isinstance(document, (dict, list)) and document else None


def holds_json(database: Path, table: str, column: str) -> bool:
    db = sqlite3.connect(database)
    try:
        return any(json_container(value) is not None for (value,) in db.execute(f'SELECT "{column}" FROM "{table}"'))
    finally:
        db.close()


def json_places(value: object, path: tuple = ()) -> Iterator[tuple]:
    """The path of every value in a JSON document (the first item of a list standing for the others)."""
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from json_places(item, path + (key,))
    elif isinstance(value, list) and value:
        yield from json_places(value[0], path + (0,))


def json_replace(document: object, path: tuple, new: object) -> object:
    if not path:
        return new
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[path[0]] = json_replace(copy[path[0]], path[1:], new)
    return copy


def json_leaves_replaced(document: object, new: Callable[[tuple], object], path: tuple = ()) -> object:
    if isinstance(document, dict):
        return {key: json_leaves_replaced(item, new, path + (key,)) for key, item in document.items()}
    if isinstance(document, list):
        return [json_leaves_replaced(item, new, path + (index,)) for index, item in enumerate(document)]
    return new(path)


# --------------------------------------------------------------------------- a project to craft states in


def markers_of(cache: Path) -> Path:
    """Where the crafted values of a project's cache say to leave a file when they run."""
    return cache.parent.parent / "markers"


class Lab:
    """A project whose cache is crafted again and again: before each crafting a build from no
    cache, then the crafted cache, a build with no edit, the same crafted cache, an article
    edited (or edited back: its text, and a quote that makes one of its claims the same as
    claims of other articles) and a build."""

    def __init__(self, root: Path, clean: list | None = None):
        self.root = root
        self.markers = markers_of(root / "project" / CACHE)
        self.markers.mkdir(parents=True)
        self.project = make_project(root / "project", random.Random(SEED), long_article=False)
        self.cache = self.project / CACHE
        self.article = self.project / "content" / "articles" / "report-1.md"
        self.versions = [self._files(), self._edited()]
        self.clean = clean or []  # the site and stderr of a clean build, unedited and edited
        for version in self.versions:
            self._write(version)
            if not clean:
                self.clean.append(clean_build(self.project, root / "clean"))
        self.state = 1
        (root / "outside.txt").write_text("A file of the user's, outside the project.\n", encoding="utf-8")
        self.kept = self.victims()

    def victims(self) -> dict[Path, bytes]:
        """The files a crafted path points at, with their bytes."""
        paths = [((self.project if v.startswith("content") else self.project / "site") / v).resolve() for v in VICTIMS]
        return {path: path.read_bytes() for path in paths}

    def _build(self, what: str) -> list[str]:
        result = run_cli("build", cwd=self.project)
        problems = []
        for victim, data in self.kept.items():
            if not victim.is_file() or victim.read_bytes() != data:
                problems.append(f"{what}: {victim} (a crafted path pointed at it) was removed or changed")
                victim.parent.mkdir(parents=True, exist_ok=True)
                victim.write_bytes(data)
        ran = sorted(p.name for p in self.markers.iterdir())
        if ran:
            problems.append(f"{what}: CODE FROM THE CACHE RAN (markers {ran})")
            for marker in self.markers.iterdir():
                marker.unlink()
        if result.returncode != 0 or "Traceback" in result.stderr:
            problems.append(f"{what}: the build failed ({result.returncode}): {result.stderr.strip()[-600:]}")
            return problems
        site, stderr = self.clean[self.state]
        ours = site_snapshot(self.project / "site")
        if ours != site:
            problems.append(f"{what}: the site is not a clean build's:\n{site_difference(ours, site, show=2)}")
        if warnings_of(result.stderr) != warnings_of(stderr):
            problems.append(f"{what}: the warnings are not a clean build's: "
                            f"{warnings_difference(result.stderr, stderr)}")
        return problems

    def fresh(self) -> None:
        """A build from no cache: the cache is then the one briefgen writes for the project as it is."""
        shutil.rmtree(self.cache, ignore_errors=True)
        assert run_cli("build", cwd=self.project).returncode == 0

    def _files(self) -> tuple[str, str]:
        return (self.article.read_text(encoding="utf-8"), self.article.with_suffix(".yaml").read_text(encoding="utf-8"))

    def _write(self, version: tuple[str, str]) -> None:
        self.article.write_text(version[0], encoding="utf-8")
        self.article.with_suffix(".yaml").write_text(version[1], encoding="utf-8")

    def _edited(self) -> tuple[str, str]:
        """The article with a line more, and one of its quotes made one that other articles have
        (which claims are the same across articles changes): read, edited, and put back."""
        original = self._files()
        ours = Editor._quotes(self.article)
        Editor._requote(self.article, ours[0], next(quote for quote in QUOTES if quote not in ours))
        markdown, sidecar = self._files()
        self._write(original)
        return markdown + "\nOne more line, for the edit.\n", sidecar

    def edit(self) -> None:
        self.state = 1 - self.state
        self._write(self.versions[self.state])

    def trial(self, what: str, craft: Callable[[Path], int]) -> list[str]:
        """The builds after `craft` changed the cache (it says how many values it changed)."""
        self.fresh()
        changed = craft(self.cache)
        if not changed:  # a value of this kind fits nowhere there: nothing to judge
            return [f"{what}: {NOTHING}"]
        crafted = self.root / "crafted"
        shutil.rmtree(crafted, ignore_errors=True)
        shutil.copytree(self.cache, crafted)
        problems = self._build(f"{what}, no edit")
        shutil.rmtree(self.cache, ignore_errors=True)
        shutil.copytree(crafted, self.cache)
        self.edit()
        return problems + self._build(f"{what}, then {self.article.name} edited")


class Labs:
    """Two labs, so that two trials run at once."""

    def __init__(self, root: Path):
        first = Lab(root / "lab0")
        self.free = [first, Lab(root / "lab1", first.clean)]  # the same project: the same clean builds
        self.lock = threading.Lock()

    def run(self, trials: list[tuple[str, Callable[[Path], int]]]) -> list[str]:
        def one(trial: tuple[str, Callable[[Path], int]]) -> list[str]:
            with self.lock:
                lab = self.free.pop()
            try:
                return lab.trial(*trial)
            finally:
                with self.lock:
                    self.free.append(lab)

        with ThreadPoolExecutor(len(self.free)) as pool:
            return [problem for problems in pool.map(one, trials) for problem in problems]

    def files(self) -> list[Path]:
        lab = self.free[0]
        lab.fresh()
        return [p.relative_to(lab.cache) for p in cache_files(lab.cache)]


@pytest.fixture(scope="module")
def labs(tmp_path_factory: pytest.TempPathFactory) -> Labs:
    return Labs(tmp_path_factory.mktemp("crafted"))


NOTHING = "nothing in the cache could be changed so"


def _judged(problems: list[str], trials: int) -> list[str]:
    """The problems, once sure that the trials changed something: those that could not are no problem."""
    vacuous = [p for p in problems if p.endswith(NOTHING)]
    assert len(vacuous) < trials, f"none of the {trials} crafted caches could be made: {vacuous[:3]}"
    return [p for p in problems if not p.endswith(NOTHING)]


def _report(problems: list[str], trials: int) -> str:
    ran = [p for p in problems if "CODE FROM THE CACHE RAN" in p]
    return (f"{len(problems)} problems in {trials} crafted caches ({len(ran)} ran code):\n" + "\n".join(ran + [
        p for p in problems if p not in ran]))


def _databases(labs: Labs) -> list[Path]:
    lab = labs.free[0]
    lab.fresh()
    return [p.relative_to(lab.cache) for p in cache_files(lab.cache) if is_sqlite(p)]


# --------------------------------------------------------------------------- the tests


def test_the_cache_holds_files_to_craft(labs: Labs) -> None:
    """What the other tests craft: if briefgen keeps no state at all, they judge nothing."""
    assert labs.files(), "a build left nothing in .briefgen-cache/"


def test_crafted_sqlite_cells_run_no_code_and_change_nothing(labs: Labs) -> None:
    """Each table in turn: the first row of each of its columns a pickle that would run a command,
    the other rows the other kinds of crafted value one after the other (marshalled code, YAML,
    Python source, JSON naming classes, random bytes, huge numbers, wrong types); then every cell
    of every table at once, of every kind."""
    others = [kind for kind in KINDS if kind != "pickle"]
    trials = []
    for database in _databases(labs):
        tables = sorted({table for table, _ in columns(labs.free[0].cache / database)})
        for number, table in enumerate(tables):
            def craft(cache: Path, database=database, table=table, number=number) -> int:
                markers = markers_of(cache)
                rng = random.Random(SEED + number)
                return craft_database(cache / database, lambda t, c, row, value: cell_payload(
                    kind := "pickle" if row == 0 else others[(row + number) % len(others)],
                    markers / _label(database, t, c, row, kind), row, rng) if t == table else value)
            trials.append((f"{database}: every column of {table} a pickle, then crafted values of every kind", craft))

        def everything(cache: Path, database=database, kinds=KINDS) -> int:
            markers = markers_of(cache)
            rng = random.Random(SEED)
            counter = iter(range(10 ** 9))
            return craft_database(cache / database, lambda t, c, row, value: cell_payload(
                kind := kinds[next(counter) % len(kinds)], markers / _label(database, t, c, row, kind), row, rng))
        trials.append((f"{database}: every cell crafted, of every kind", everything))
    assert trials, "no SQLite file in the cache"
    problems = _judged(labs.run(trials), len(trials))
    assert not problems, _report(problems, len(trials))


def test_crafted_json_values_change_nothing(labs: Labs) -> None:
    """Each value of each JSON file in turn made a crafted value (of each kind in turn); then all
    of them at once, for a few kinds. JSON kept in a database's cells: all its values at once,
    their kinds one after the other."""
    lab = labs.free[0]
    lab.fresh()
    documents = {p.relative_to(lab.cache): json_of(p) for p in cache_files(lab.cache)
                 if not is_sqlite(p) and json_of(p) is not None}
    trials = []
    for name, document in documents.items():
        def write(cache: Path, new: object, name=name) -> int:
            (cache / name).write_text(json.dumps(new), encoding="utf-8")
            return 1

        for number, place in enumerate(json_places(document)):
            kind = KINDS[number % len(KINDS)]

            def one(cache: Path, name=name, place=place, kind=kind, write=write, number=number) -> int:
                value = json_payload(kind, markers_of(cache) / _label(name, *place, kind), number, random.Random(SEED))
                return write(cache, json_replace(json_of(cache / name), place, value))
            trials.append((f"{name}: {'/'.join(map(str, place))} made {kind}", one))
        for kind in ALL_AT_ONCE:
            def every(cache: Path, name=name, kind=kind, write=write) -> int:
                rng = random.Random(SEED)
                return write(cache, json_leaves_replaced(json_of(cache / name), lambda place: json_payload(
                    kind, markers_of(cache) / _label(name, *place, kind), 0, rng)))
            trials.append((f"{name}: every value made {kind}", every))
    for database in _databases(labs):  # JSON kept in the cells of a database
        for table, column in columns(lab.cache / database):
            if not holds_json(lab.cache / database, table, column):
                continue
            for offset in (0, len(KINDS) // 2):
                def inside(cache: Path, database=database, table=table, column=column, offset=offset) -> int:
                    numbers = itertools.count(offset)
                    rng = random.Random(SEED)

                    def crafted(place: tuple, row: int) -> object:
                        number = next(numbers)
                        kind = KINDS[number % len(KINDS)]
                        marker = markers_of(cache) / _label(database, table, column, row, *place, kind)
                        return json_payload(kind, marker, number, rng)

                    def choose(t: str, c: str, row: int, value: object) -> object:
                        document = json_container(value) if (t, c) == (table, column) else None
                        if document is None:
                            return value
                        return json.dumps(json_leaves_replaced(document, lambda place: crafted(place, row)))
                    return craft_database(cache / database, choose)
                trials.append((f"{database}: every value of the JSON in {table}.{column} crafted (kinds from "
                               f"{KINDS[offset]} on)", inside))
    assert trials, "no JSON in the cache, in a file or in a database"
    problems = _judged(labs.run(trials), len(trials))
    assert not problems, _report(problems, len(trials))


def test_cache_files_replaced_by_garbage_change_nothing(labs: Labs) -> None:
    trials = []
    lab = labs.free[0]
    for name in labs.files():
        kinds = {**FILE_GARBAGE, **(JSON_FILE_GARBAGE if json_of(lab.cache / name) is not None else {})}
        for garbage, make in kinds.items():
            def craft(cache: Path, name=name, make=make, garbage=garbage) -> int:
                (cache / name).write_bytes(make(markers_of(cache) / _label(name, garbage), random.Random(SEED)))
                return 1
            trials.append((f"{name} replaced by {garbage}", craft))
    problems = _judged(labs.run(trials), len(trials))
    assert not problems, _report(problems, len(trials))


def test_a_dropped_table_or_damaged_pages_change_nothing(labs: Labs) -> None:
    """A state damaged as a disk or a careless tool damages it: each table dropped in turn (the
    builds after it must not fail, nor every later one), and pages of the file overwritten with
    random bytes at random places."""
    trials = []
    for database in _databases(labs):
        for table in sorted({table for table, _ in columns(labs.free[0].cache / database)}):
            def drop(cache: Path, database=database, table=table) -> int:
                db = sqlite3.connect(cache / database)
                db.execute(f'DROP TABLE "{table}"')
                db.commit()
                db.close()
                return 1
            trials.append((f"{database}: table {table} dropped", drop))
        for seed in range(4):
            def damage(cache: Path, database=database, seed=seed) -> int:
                path, rng = cache / database, random.Random(SEED + seed)
                data = bytearray(path.read_bytes())
                for _ in range(8):
                    at = rng.randrange(100, len(data) - 64)  # (the header aside: that is the garbage test's)
                    data[at:at + 64] = rng.randbytes(64)
                path.write_bytes(bytes(data))
                return 1
            trials.append((f"{database}: pages damaged (seed {seed})", damage))
    problems = _judged(labs.run(trials), len(trials))
    assert not problems, _report(problems, len(trials))


def test_a_cache_of_another_briefgen_version_is_discarded(labs: Labs) -> None:
    """Where the cache says which briefgen wrote it, another version's cache is not used: not
    even when the site has been changed since (a page overwritten in place), which a cache that
    is used would take for the site it describes."""
    version = run_cli("--version", cwd=labs.free[0].project).stdout.split()[-1]
    assert re.fullmatch(r"\d+(\.\d+)+\S*", version), version
    problems = []
    for edit in (False, True):
        lab = labs.free[0]
        lab.fresh()
        said = 0
        for path in cache_files(lab.cache):
            if is_sqlite(path):
                said += craft_database(path, lambda t, c, row, value: value.replace(version, "0.0.0+another")
                                       if isinstance(value, str) and version in value else value)
            elif (document := json_of(path)) is not None:
                text = json.dumps(document)
                if f'"{version}"' in text:
                    said += 1
                    path.write_text(text.replace(f'"{version}"', '"0.0.0+another"'), encoding="utf-8")
        assert said, f"no value of the cache says the version of briefgen that wrote it ({version})"
        page = lab.project / "site" / "experts" / "index.html"
        with open(page, "r+b") as file:  # in place: the site folder itself is not touched
            file.write(b"<!-- overwritten by hand -->")
        what = "another version's cache" + (f", then {lab.article.name} edited" if edit else ", no edit")
        if edit:
            lab.edit()
        problems += lab._build(what)
    assert not problems, "\n".join(problems)


def test_a_project_copied_elsewhere_builds_right_there_and_here(labs: Labs, tmp_path: Path) -> None:
    """The whole project (site and cache too) copied to another folder and edited there: both
    the copy and the original, edited otherwise, build their own clean build's site."""
    lab = labs.free[0]
    lab.fresh()
    copy = tmp_path / "copy"
    shutil.copytree(lab.project, copy, symlinks=True)
    problems = []
    there = copy / "content" / "articles" / "report-2.md"
    there.write_text(there.read_text(encoding="utf-8") + "\nWritten in the copy.\n", encoding="utf-8")
    (copy / "templates" / "_partial.html").write_text("<p>The copy's partial</p>\n", encoding="utf-8")
    result = run_cli("build", cwd=copy)
    clean, clean_stderr = clean_build(copy, tmp_path / "clean")
    if result.returncode != 0:
        problems.append(f"the copy: the build failed: {result.stderr[-600:]}")
    elif (ours := site_snapshot(copy / "site")) != clean:
        problems.append(f"the copy: the site is not a clean build's:\n{site_difference(ours, clean)}")
    lab.edit()
    problems += lab._build("the original, after the copy was built")
    assert not problems, "\n".join(problems)


def test_a_cache_put_back_from_an_earlier_build_is_not_trusted(labs: Labs, tmp_path: Path) -> None:
    """The cache of an earlier build kept aside, as a backup keeps it (its files' times too), and
    put back after a later build, the project as it was then: the cache says the site is that of
    these very inputs, but the site is the later build's — the next build does not take its word
    (it makes the clean build's site, not 'up to date')."""
    lab = labs.free[0]
    lab.fresh()
    backup = tmp_path / "backup"
    shutil.copytree(lab.cache, backup)
    lab.edit()
    problems = lab._build("an edit after the backup")
    shutil.rmtree(lab.cache)
    shutil.copytree(backup, lab.cache)
    lab.edit()  # back to the inputs the cache was written for
    problems += lab._build("the earlier cache put back, the edit undone")
    assert not problems, "\n".join(problems)


def test_the_cache_of_another_project_folder_is_not_trusted(labs: Labs, tmp_path: Path) -> None:
    """A copy of the project changed there (an article added, one deleted, a template edited)
    and built; its cache then copied into the original: the original still builds its own site."""
    lab = labs.free[0]
    lab.fresh()
    other = copy_inputs(lab.project, tmp_path / "other")
    articles = other / "content" / "articles"
    shutil.copy(articles / "report-2.md", articles / "report-9.md")
    shutil.copy(articles / "report-2.yaml", articles / "report-9.yaml")
    (articles / "report-3.md").unlink()
    (articles / "report-3.yaml").unlink()
    (other / "templates" / "_partial.html").write_text("<p>The other partial</p>\n", encoding="utf-8")
    assert run_cli("build", cwd=other).returncode == 0
    problems = []
    for edit in (False, True):
        shutil.rmtree(lab.cache)
        shutil.copytree(other / CACHE, lab.cache)
        if edit:
            lab.edit()
        problems += lab._build("the other folder's cache" + (f", then {lab.article.name} edited" if edit else ""))
    assert not problems, "\n".join(problems)
