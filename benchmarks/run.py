"""briefgen's speed benchmark: full build, no-op rebuild, one-article-edit rebuild and peak memory.

Usage: python benchmarks/run.py [--articles 1000 10000] [--runs 5] [--warmup 1] [--seed 1]
                                [--briefgen "briefgen"] [--work /tmp/briefgen-bench] [--keep]
                                [--json FILE]

For each N, a synthetic project of N articles is generated once with corpus.py (beside this file)
into WORK/n<N>-seed<S>/ and reused by later runs while its corpus.json still matches. Then each
round measures, with `briefgen build --quiet` run as a child process:

  full    site/ and .briefgen-cache/ deleted first: everything from nothing
  no-op   again, nothing changed
  edit    the first sentence of one article rewritten (another article each round, restored
          right after): what one save costs

Each measure is the wall time (time.monotonic around the child) and its peak memory: the
ru_maxrss that os.wait4 reports, the largest resident set of the build process or of any worker
it waited for (not their sum), in MiB. The first --warmup rounds are not counted. Every build is
checked: it must exit 0, a full build must write site/index.html, and the edited sentence must
appear on the edited article's page. A failing build stops the benchmark with its stderr.

Prints a table per N (median, min and max over the counted rounds) and, last, one line of JSON
with every sample (also written to --json FILE). Without --keep, site/ and the cache are removed
after each N; the generated corpora are kept in WORK either way."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

CACHE_DIRS = (".briefgen-cache",)
MEASURES = (("full", "full build"), ("noop", "no-op rebuild"), ("edit", "one-article edit"))


class BenchmarkError(Exception):
    """A build failed or did not do what it should: the message says what, with its stderr."""


@dataclass
class Series:
    """The counted samples of one measure."""

    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)


def stats(values: list[float], digits: int) -> dict:
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "samples": [round(v, digits) for v in values]}


def timed_build(command: list[str], project: Path) -> tuple[float, float]:
    """Run one build in `project`: (wall seconds, peak resident MiB). Raise BenchmarkError if it fails."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a long stderr cannot block the child
        started = time.monotonic()
        child = subprocess.Popen([*command, "build", "--quiet"], cwd=project,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting
        if child.returncode != 0:
            errors.seek(0)
            text = errors.read().decode("utf-8", errors="replace")
            lines = text.splitlines()
            kept = [line for line in lines if ": warning: " not in line]
            if len(kept) < len(lines):  # the errors are what stopped it; warnings only bury them
                kept.append(f"[{len(lines) - len(kept)} warning lines left out]")
            text = "\n".join(kept[-300:])
            raise BenchmarkError(f"{shlex.join(command)} build --quiet failed in {project} "
                                 f"(exit code {child.returncode}):\n{text}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def clean(project: Path) -> None:
    for name in ("site", *CACHE_DIRS):
        shutil.rmtree(project / name, ignore_errors=True)


def prepare(work: Path, articles: int, seed: int) -> Path:
    """The generated project for (articles, seed), made now unless WORK already holds it."""
    project = work / f"n{articles}-seed{seed}"
    wanted = {"articles": articles, "seed": seed, "version": corpus.VERSION}
    try:
        made = json.loads((project / "corpus.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        made = {}
    if {key: made.get(key) for key in wanted} == wanted:
        print(f"corpus: {articles:,} articles (seed {seed}) already in {project}", flush=True)
        return project
    clean(project)
    (project / "corpus.json").unlink(missing_ok=True)
    print(f"corpus: generating {articles:,} articles (seed {seed}) into {project} ...", end=" ", flush=True)
    info = corpus.generate(project, articles, seed, force=True)
    print(f"{info['seconds']} s", flush=True)
    return project


def edit_target(sources: list[Path], round_number: int) -> Path:
    """A different article each round, spread over the corpus."""
    return sources[(len(sources) // 3 + round_number * 7919) % len(sources)]


def measure(command: list[str], project: Path, runs: int, warmup: int) -> tuple[dict[str, Series], int]:
    """Run the rounds on one project: the counted series by measure, and the number of HTML pages."""
    articles_dir = project / "content" / "articles"
    sources = sorted(articles_dir.rglob("*.md"))
    series = {key: Series() for key, _ in MEASURES}
    pages = 0
    for round_number in range(warmup + runs):
        counted = round_number >= warmup
        label = f"round {round_number - warmup + 1}/{runs}" if counted else f"warm-up {round_number + 1}/{warmup}"
        print(f"  {label}:", end="", flush=True)
        results = {}

        clean(project)
        results["full"] = timed_build(command, project)
        if not (project / "site" / "index.html").is_file():
            raise BenchmarkError(f"the full build exited 0 but wrote no site/index.html in {project}")
        if not pages:
            pages = sum(1 for _ in (project / "site").rglob("*.html"))

        results["noop"] = timed_build(command, project)
        if not (project / "site" / "index.html").is_file():
            raise BenchmarkError(f"after the no-op rebuild there is no site/index.html in {project}")

        source = edit_target(sources, round_number)
        marker = f"Benchmark edit {round_number + 1} rewrote this sentence."
        original = source.read_bytes()
        try:
            source.write_text(corpus.rewrite_first_sentence(original.decode("utf-8"), marker), encoding="utf-8")
            results["edit"] = timed_build(command, project)
        finally:
            source.write_bytes(original)
        slug = source.relative_to(articles_dir).with_suffix("").as_posix()
        page = project / "site" / "articles" / slug / "index.html"
        if not page.is_file() or marker not in page.read_text(encoding="utf-8"):
            raise BenchmarkError(f"after editing {source.relative_to(project)}, {page.relative_to(project)} "
                                 f"does not show the new sentence: the rebuild missed the change")

        for key, _ in MEASURES:
            seconds, peak = results[key]
            print(f"  {key} {seconds:.2f} s {peak:.0f} MiB", end="", flush=True)
            if counted:
                series[key].seconds.append(seconds)
                series[key].peak_mib.append(peak)
        print(flush=True)
    return series, pages


def table(articles: int, seed: int, runs: int, warmup: int, pages: int, series: dict[str, Series]) -> str:
    rows = [f"{articles:,} articles (seed {seed}), {pages:,} HTML pages: "
            f"{runs} run{'s' if runs != 1 else ''} after {warmup} warm-up",
            f"  {'':28}{'median':>9}{'min':>9}{'max':>9}"]
    for key, title in MEASURES:
        values = series[key].seconds
        rows.append(f"  {title + ', s':28}{statistics.median(values):9.2f}{min(values):9.2f}{max(values):9.2f}")
    for key, title in MEASURES:
        values = series[key].peak_mib
        rows.append(f"  {'peak memory, ' + key + ', MiB':28}{statistics.median(values):9.0f}"
                    f"{min(values):9.0f}{max(values):9.0f}")
    return "\n".join(rows)


def describe(command: list[str]) -> dict:
    """What was measured on what: for comparing results over time."""
    try:
        version = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except OSError:
        version = ""
    try:
        commit = subprocess.run(["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
                                capture_output=True, text=True, timeout=60).stdout.strip()
    except OSError:
        commit = ""
    return {"briefgen": shlex.join(command), "version": version, "commit": commit,
            "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--runs", type=int, default=5, help="counted rounds per N (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="rounds run first and not counted (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--briefgen", default="briefgen", help='the command to run (default "briefgen")')
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefgen-bench")
    parser.add_argument("--keep", action="store_true", help="leave the last built site/ in each project")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the JSON result line to FILE")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or min(args.articles) < 1:
        parser.error("--runs and every N must be at least 1, --warmup at least 0")
    command = shlex.split(args.briefgen)
    if not command or not shutil.which(command[0]):
        parser.error(f"cannot find the briefgen command {args.briefgen!r}")

    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set: an editable install of briefgen (pip install -e) then "
              "compiles its modules at every run (0.04 s of a no-op); time a regular install (pip install .)",
              file=sys.stderr, flush=True)
    result = {**describe(command), "seed": args.seed, "runs": args.runs, "warmup": args.warmup, "results": []}
    tables = []
    try:
        for articles in args.articles:
            project = prepare(args.work, articles, args.seed)
            series, pages = measure(command, project, args.runs, args.warmup)
            if not args.keep:
                clean(project)
            tables.append(table(articles, args.seed, args.runs, args.warmup, pages, series))
            print("\n" + tables[-1] + "\n", flush=True)
            entry = {"articles": articles, "pages": pages}
            for key, _ in MEASURES:
                entry[f"{key}_s"] = stats(series[key].seconds, 3)
                entry[f"{key}_peak_mib"] = stats(series[key].peak_mib, 1)
            result["results"].append(entry)
    except BenchmarkError as exc:
        print(f"\nbenchmark stopped: {exc}", file=sys.stderr)
        return 1
    line = json.dumps(result)
    if args.json:
        args.json.write_text(line + "\n", encoding="utf-8")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
