"""How long an edited sidecar takes to show in the browser under `briefgen serve`.

Usage: python benchmarks/serve_edit.py [--articles 10000] [--rounds 5] [--seed 1] [--idle]
                                       [--briefgen "briefgen"] [--work /tmp/briefgen-bench]

On the corpus of run.py (made once into WORK), starts `briefgen serve`, opens one article's page
in Chromium (playwright, /usr/bin/chromium), and each round rewrites the summary of that article's
first claim in its sidecar, then times how long until the open page shows the new summary (by
the browser's clock, at the load event of the page that holds it): the watcher noticing the save,
the rebuild, and the browser's reload. Rounds are a second apart, so a save may come while serve
still brings the search index up to date after the last one (as when someone saves again at
once); with --idle each save waits until it is done (as when someone reads the page before the
next edit). Prints each round and the median, min and max, with the rebuild times serve itself
reported."""

from __future__ import annotations

import argparse
import re
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import clean, prepare  # noqa: E402

SUMMARY = re.compile(r'^(    summary: ).*$', re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float, what: str, pause=lambda: time.sleep(0.05)):
    """`condition()`'s first true result, looked at after each `pause()` (the browser's events are
    taken during a pause of the page's: page.wait_for_timeout)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        pause()
    sys.exit(f"timed out waiting for {what}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--briefgen", default="briefgen", help='the command to run (default "briefgen")')
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefgen-bench")
    parser.add_argument("--idle", action="store_true",
                        help="before each save, wait until serve has brought the search index up to date "
                             "(default: save again 1 s after the page showed, while it may still be indexing)")
    args = parser.parse_args(argv)

    project = prepare(args.work, args.articles, args.seed)
    clean(project)
    sidecars = sorted((project / "content" / "articles").rglob("*.yaml"))
    sidecar = sidecars[len(sidecars) // 2]
    original = sidecar.read_text(encoding="utf-8")
    assert SUMMARY.search(original), f"no claim summary in {sidecar}"
    slug = sidecar.relative_to(project / "content" / "articles").with_suffix("").as_posix()
    port = free_port()
    command = shlex.split(args.briefgen) + ["-C", str(project), "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(iter(server.stdout.readline, "")), daemon=True).start()
    times, rebuilds = [], []
    try:
        started = time.monotonic()
        wait_for(lambda: any(line.startswith("serving") for line in output), 900, "serve's first build")
        print(f"serve: first build of {args.articles:,} articles in {time.monotonic() - started:.1f} s", flush=True)
        url = next(line.split()[1] for line in output if line.startswith("serving")) + f"articles/{slug}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-background-networking"])
            page = browser.new_page()
            # each page load reports its text and the time of its load event, by the browser's clock
            # (the wall clock here too): what a reader sees, without a poll that a reload interrupts
            loads: list[tuple[float, str]] = []
            page.expose_function("briefgenBenchLoaded", lambda at, text: loads.append((at / 1000, text)))
            page.add_init_script("addEventListener('load', () => "
                                 "briefgenBenchLoaded(Date.now(), document.body ? document.body.innerText : ''))")
            page.goto(url)
            page.wait_for_function("() => window.LiveReload !== undefined || document.readyState === 'complete'")
            time.sleep(1)  # the page's livereload socket connects
            for round_number in range(1, args.rounds + 1):
                marker = f"Edited in round {round_number} at {time.time():.0f}"
                done = sum(line.startswith(("rebuilt", "not rebuilt")) for line in output)
                edited = SUMMARY.sub(lambda m: f'{m.group(1)}"{marker}"', original, count=1)
                start = time.time()
                sidecar.write_text(edited, encoding="utf-8")
                shown = wait_for(lambda: next((at for at, text in loads if marker in text), None), 120,
                                 "the edited page to load", lambda: page.wait_for_timeout(20))
                elapsed = shown - start
                wait_for(lambda: sum(line.startswith(("rebuilt", "not rebuilt")) for line in output) > done, 60,
                         "serve's report")
                report = [line.strip() for line in output if line.startswith(("rebuilt", "not rebuilt"))][-1]
                times.append(elapsed)
                rebuilds.append(report)
                print(f"round {round_number}: shown in the browser after {elapsed:.3f} s (serve: {report})", flush=True)
                time.sleep(1)
                if args.idle:
                    wait_for(lambda: any(line.startswith("search index and data files") for line in output[done:]),
                             300, "the search index to catch up")
            browser.close()
    finally:
        sidecar.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    print(f"edited sidecar shown in the browser, {args.articles:,} articles: median {statistics.median(times):.3f} s, "
          f"min {min(times):.3f} s, max {max(times):.3f} s over {len(times)} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
