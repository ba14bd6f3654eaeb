"""`briefgen serve`: an analyst saves a file and sees the briefing change — or exactly what is wrong."""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import build, site_snapshot, write_long_project

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "urdupoint-2022-01-15-missiles-talks"
BASE = "/briefings/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_for(condition, timeout: float = 15.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Served:
    def __init__(self, root: Path, port: int, process: subprocess.Popen, output: list[str]):
        self.root, self.port, self.process, self.output = root, port, process, output

    def page(self, path: str) -> tuple[int, dict[str, str], str]:
        return get(self.port, path)

    def rebuilds(self) -> int:
        return sum(line.startswith("rebuilt in") for line in self.output)


@pytest.fixture()
def served(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    (root / "briefgen.yaml").write_text("title: Preview\nbase_url: https://org.github.io/briefings/\n",
                                        encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "-C", str(root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        wait_for(lambda: any(line.startswith("serving") for line in output), timeout=60,
                 what="the server to start")
        yield Served(root, port, process, output)
    finally:  # never leave a server running, whatever happened
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(timeout=5)
        process.stdout.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_site_is_served_under_the_base_path(served: Served) -> None:
    status, headers, _ = served.page("/")
    assert status == 302 and headers["Location"] == BASE
    status, _, body = served.page(BASE)
    assert status == 200 and 'href="/briefings/articles/"' in body
    assert "livereload.js" in body  # the page will reload itself
    status, _, body = served.page(f"{BASE}articles/{ARTICLE}/")
    assert status == 200 and 'id="claim-vacuum"' in body
    status, _, body = served.page(f"{BASE}no/such/page/")
    assert status == 404 and "Page not found" in body
    assert served.page("/articles/")[0] == 404  # outside the base path


def test_an_edited_sidecar_shows_within_seconds(served: Served) -> None:
    sidecar = served.root / "content" / "articles" / f"{ARTICLE}.yaml"
    _edit(sidecar, "summary: Russia insists that NATO", "summary: EDITED — Russia insists that NATO")
    wait_for(lambda: "EDITED — Russia insists that NATO" in served.page(f"{BASE}articles/{ARTICLE}/")[2],
             timeout=10, what="the edit to show")


def test_a_broken_save_shows_the_error_and_the_fix_recovers(served: Served) -> None:
    sidecar = served.root / "content" / "articles" / f"{ARTICLE}.yaml"
    original = sidecar.read_text(encoding="utf-8")
    _edit(sidecar, "speaker: marc-finaud", "speaker: marc-finaut")
    article_url = f"{BASE}articles/{ARTICLE}/"
    def error_shown() -> str | None:
        body = served.page(article_url)[2]
        return body if "briefgen-build-error" in body else None

    body = wait_for(error_shown, what="the error page")
    assert f"content/articles/{ARTICLE}.yaml:" in body
    assert "unknown speaker &#x27;marc-finaut&#x27; (did you mean &#x27;marc-finaud&#x27;?)" in body
    status, _, other = served.page(f"{BASE}experts/marc-finaud/")  # the last good site is still there
    assert status == 200 and "claim-card" in other
    assert any("unknown speaker 'marc-finaut'" in line for line in served.output)  # and the terminal says it

    sidecar.write_text(original, encoding="utf-8")
    wait_for(lambda: "briefgen-build-error" not in served.page(article_url)[2], what="the fix to recover")
    assert 'id="claim-vacuum"' in served.page(article_url)[2]


def test_a_deleted_site_is_built_whole_again_on_the_next_save(served: Served) -> None:
    shutil.rmtree(served.root / "site")
    before = served.rebuilds()
    sidecar = served.root / "content" / "articles" / f"{ARTICLE}.yaml"
    _edit(sidecar, "summary: Russia insists that NATO", "summary: AGAIN — Russia insists that NATO")
    wait_for(lambda: served.rebuilds() > before, what="the rebuild")
    assert "AGAIN — Russia insists that NATO" in served.page(f"{BASE}articles/{ARTICLE}/")[2]
    for path in ("", "experts/", "topics/", "claims/", "discrepancies/", "experts/marc-finaud/"):
        assert served.page(f"{BASE}{path}")[0] == 200, path  # every page, not only those the edit touched


@pytest.mark.parametrize("path", [
    "/../../etc/passwd", "/briefings/../../etc/passwd", "/briefings/%2e%2e/%2e%2e/etc/passwd",
    "/briefings/..%2f..%2fetc%2fpasswd", "/briefings/%2E%2E%5C%2E%2E%5Cetc%5Cpasswd",
    "/briefings/%252e%252e/etc/passwd", "/briefings//etc/passwd", "/briefings/articles/../../../etc/passwd",
])
def test_requests_outside_the_site_get_404(served: Served, path: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    connection.putrequest("GET", path, skip_host=False)  # sent as written, not normalised
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    assert response.status == 404, (path, response.status)
    assert "root:" not in body


def _copy_article(source: Path, folder: Path, title: str) -> None:
    folder.mkdir(parents=True)
    (folder / "x.md").write_text((source / f"{ARTICLE}.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "x.yaml").write_text((source / f"{ARTICLE}.yaml").read_text(encoding="utf-8")
                                   .replace("title:", f"title: {title} —", 1), encoding="utf-8")


@pytest.mark.parametrize("swapped", ["content/articles/2024", "content/articles"])
def test_a_folder_swapped_for_another_of_the_same_name_shows_at_once(served: Served, swapped: str) -> None:
    """Serve asks again only for the files saved (and what is under a folder saved): a folder
    of articles swapped for another whose files have the same names shows in the one rebuild the
    swap starts, not only after the check of every input."""
    articles = served.root / "content" / "articles"
    page = f"{BASE}articles/2024/x/"
    _copy_article(articles, articles / "2024", "First")
    wait_for(lambda: "First —" in served.page(page)[2], what="the new folder to show")
    other = served.root / "elsewhere" / "other"
    shutil.copytree(served.root / swapped, other)
    shutil.rmtree(other / (served.root / "content" / "articles" / "2024").relative_to(served.root / swapped))
    _copy_article(articles, other / (articles / "2024").relative_to(served.root / swapped), "Second")
    time.sleep(0.5)  # the rebuild of the first folder's files, if any more, is done
    before = served.rebuilds()
    (served.root / swapped).rename(served.root / "first")
    other.rename(served.root / swapped)
    wait_for(lambda: "Second —" in served.page(page)[2], what="the swapped folder to show")
    time.sleep(0.5)  # serve says it rebuilt just after the pages are written
    assert served.rebuilds() == before + 1, "".join(served.output[-5:])


def test_an_edit_serve_is_not_told_of_shows_all_the_same(served: Served) -> None:
    """An article read through a link from outside the project: no notification tells of an edit
    of the file it points to, and the check of every input finds it."""
    articles, elsewhere = served.root / "content" / "articles", served.root / "elsewhere"
    _copy_article(articles, elsewhere, "Linked")
    for suffix in (".md", ".yaml"):
        (articles / f"linked{suffix}").symlink_to(elsewhere / f"x{suffix}")
    page = f"{BASE}articles/linked/"
    wait_for(lambda: "Linked —" in served.page(page)[2], what="the linked article to show")
    _edit(elsewhere / "x.yaml", "title: Linked —", "title: Edited outside —")
    wait_for(lambda: "Edited outside —" in served.page(page)[2], what="the edit outside to show")


def test_a_folder_made_after_the_start_is_listened_to(served: Served) -> None:
    """The project had no static/ when serve started: a file put there shows, and so does every
    later save of it (serve listens to the new folder, not only looks at it once)."""
    static = served.root / "static"
    static.mkdir()
    (static / "notice.txt").write_text("first version\n", encoding="utf-8")
    wait_for(lambda: served.page(f"{BASE}notice.txt")[2] == "first version\n", what="the new folder's file")
    for number in range(2, 4):
        (static / "notice.txt").write_text(f"version {number}\n", encoding="utf-8")
        wait_for(lambda: served.page(f"{BASE}notice.txt")[2] == f"version {number}\n", what=f"save {number}")


def test_the_content_folder_put_in_place_of_another_is_listened_to(served: Served) -> None:
    """content/ swapped for a copy (a sync tool, a branch checked out): the copy's articles show,
    and a later edit inside the copy shows too."""
    page, content = f"{BASE}articles/{ARTICLE}/", served.root / "content"
    copy = served.root / "content-copy"
    shutil.copytree(content, copy)
    _edit(copy / "articles" / f"{ARTICLE}.yaml", "title:", "title: From the copy —")
    content.rename(served.root / "content-before")
    copy.rename(content)
    wait_for(lambda: "From the copy —" in served.page(page)[2], what="the copy's article")
    time.sleep(2.5)  # serve has looked at its folders since (once a second), and rebuilt if it found them changed
    _edit(content / "articles" / f"{ARTICLE}.yaml", "title: From the copy —", "title: Edited in the copy —")
    wait_for(lambda: "Edited in the copy —" in served.page(page)[2], what="the edit inside the copy")


def test_a_state_changed_behind_serve_is_not_trusted(served: Served) -> None:
    """Serve trusts the build state it wrote without checking it again, only while the file is
    as it left it: a state damaged meanwhile (here, what the pages read is forgotten) is seen,
    and the next save still shows."""
    wait_for(lambda: any(line.startswith("search index and data files updated") for line in served.output)
             or served.rebuilds() == 0, what="the first build's state")
    sidecar = served.root / "content" / "articles" / f"{ARTICLE}.yaml"
    _edit(sidecar, "title:", "title: First edit —")
    page = f"{BASE}articles/{ARTICLE}/"
    wait_for(lambda: "First edit —" in served.page(page)[2], what="the first edit")
    time.sleep(1.5)  # the search index that follows is written
    with sqlite3.connect(served.root / ".briefgen-cache" / "state.sqlite") as db:
        db.execute("DELETE FROM reads")
    _edit(sidecar, "title: First edit —", "title: Second edit —")
    wait_for(lambda: "Second edit —" in served.page(page)[2], what="the second edit")
    assert "Second edit —" in served.page(f"{BASE}articles/")[2]


def test_a_burst_of_saves_makes_one_rebuild(served: Served) -> None:
    articles = served.root / "content" / "articles"
    before = served.rebuilds()
    for path in sorted(articles.glob("*.md")) + [served.root / "content" / "topics.yaml"]:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    wait_for(lambda: served.rebuilds() > before, what="a rebuild")
    time.sleep(1.5)
    assert served.rebuilds() == before + 1


def test_a_save_written_in_steps_is_not_rebuilt_half_way(served: Served) -> None:
    """An editor (or a sync tool) that empties a file, then writes it, with a pause between:
    the preview waits for the file to be left alone, and never reports the half-saved file."""
    sidecar = served.root / "content" / "articles" / f"{ARTICLE}.yaml"
    original = sidecar.read_text(encoding="utf-8")
    for round_number in range(3):
        before = len(served.output)
        with sidecar.open("w", encoding="utf-8") as file:  # emptied on disk now
            file.flush()
            time.sleep(0.02)
            file.write(original.replace("title:", f"title: Step {round_number} —", 1))
        wait_for(lambda: any(line.startswith(("rebuilt in", "not rebuilt")) for line in served.output[before:]),
                 what=f"the rebuild after save {round_number}")
        time.sleep(0.3)
        said = "".join(served.output[before:])
        assert "not rebuilt" not in said and "error" not in said, said


def test_a_reader_never_sees_a_broken_page_during_rebuilds(served: Served) -> None:
    article = served.root / "content" / "articles" / f"{ARTICLE}.md"
    pages = [BASE, f"{BASE}articles/{ARTICLE}/", f"{BASE}experts/", f"{BASE}topics/", f"{BASE}claims/"]
    failures: list[str] = []
    fetched = {"n": 0}
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            for path in pages:
                status, _, body = served.page(path)
                fetched["n"] += 1
                if status != 200 or not body.rstrip().endswith("</html>") or "briefgen-build-error" in body:
                    failures.append(f"{path}: {status}, {len(body)} bytes")

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        original = article.read_text(encoding="utf-8")
        for round_number in range(6):
            before = served.rebuilds()
            article.write_text(original + f"\n\nEdit round {round_number}.\n", encoding="utf-8")
            wait_for(lambda: served.rebuilds() > before, what=f"rebuild {round_number}")
    finally:
        stop.set()
        thread.join()
    assert fetched["n"] > 20
    assert failures == []


def test_ctrl_c_stops_cleanly(served: Served) -> None:
    article = served.root / "content" / "articles" / f"{ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n\nOne more line.\n", encoding="utf-8")
    time.sleep(0.5)  # likely mid-rebuild
    served.process.send_signal(signal.SIGINT)
    assert served.process.wait(timeout=15) == 0
    # no staging folder left behind; the build cache (git-ignored) is kept for the next build
    assert sorted(p.name for p in served.root.iterdir()) == [".briefgen-cache", "briefgen.yaml", "content", "site"]


def test_a_port_in_use_is_a_clear_message(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "briefgen", "-C", str(tmp_path), "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"port {port}" in result.stderr and "already in use" in result.stderr
    assert re.search(r"--port (\d+)", result.stderr) and int(re.search(r"--port (\d+)", result.stderr)[1]) > port
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()  # said before building anything


def test_the_default_port_taken_the_next_free_one_is_used(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    with socket.socket() as taken:
        try:
            taken.bind(("127.0.0.1", 8000))
            taken.listen()
        except OSError:
            pass  # taken already: by something else
        process = subprocess.Popen([sys.executable, "-m", "briefgen", "-C", str(tmp_path), "serve"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            said = [process.stdout.readline()]
            while not said[-1].startswith("serving") and said[-1]:
                said.append(process.stdout.readline())
            moved = re.fullmatch(r"port 8000 is in use: serving on port (\d+) instead", said[0].strip())
            assert moved and int(moved[1]) > 8000, said
            assert said[-1].startswith(f"serving http://127.0.0.1:{moved[1]}/"), said
            def answered() -> bool:
                try:
                    return get(int(moved[1]), "/")[0] == 200
                except OSError:
                    return False
            wait_for(answered, what="the page on the port it moved to")
        finally:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)


@pytest.mark.browser
def test_the_open_page_updates_itself_in_chromium(served: Served) -> None:
    article = served.root / "content" / "articles" / f"{ARTICLE}.md"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{served.port}{BASE}articles/{ARTICLE}/")
        page.wait_for_function("() => window.LiveReload !== undefined", timeout=10000)
        assert "A sentence the analyst just added." not in page.inner_text("article.article-text")
        article.write_text(article.read_text(encoding="utf-8") + "\n\nA sentence the analyst just added.\n",
                           encoding="utf-8")
        page.wait_for_function(
            "() => document.querySelector('article.article-text').innerText.includes('A sentence the analyst just added.')",
            timeout=15000,
        )
        browser.close()


def test_search_made_for_an_older_save_stops_and_is_made_again(tmp_path: Path) -> None:
    """Under serve the search index is made after the pages, in the background; when a newer
    save comes meanwhile, what is being made for the older one stops at once (not at the end of
    the shard, holding the interpreter the rebuild needs), stays marked to be made, and is made
    for the newer save: the site then equals a clean build. (The engine's own interface, as
    serve drives it: a save cannot be timed to land inside the indexing from outside.)"""
    from briefgen.engine.build import Engine

    project = write_long_project(tmp_path / "long", 200, tuple(f"sentence {i} about port q{{n}}x{i}" for i in range(6)))
    engine = Engine(project, base_url="/", keep_in_memory=True)
    engine.update()  # the first build: everything
    article = sorted((project / "content" / "articles").glob("*.md"))[7]
    article.write_text(article.read_text(encoding="utf-8") + "\nA newer sentence about harbours.\n", encoding="utf-8")
    engine.update(pages_written=lambda count, warnings: None)
    assert any(path.startswith("pagefind/") for path in engine.deferred)
    # Asked once before each output begins and once at the end, so the asking that calls it off
    # can only come from inside the making of an output (its loop over the shard's documents).
    deferred = len(engine.deferred)
    asked, inside = [], deferred + 10

    def newer_save_meanwhile() -> bool:
        asked.append(1)
        return len(asked) >= inside

    assert engine.finish(newer_save_meanwhile) == 0
    # … and it stopped there: not the hundred askings more of the rest of the shard's documents
    assert inside <= len(asked) <= inside + deferred + 2
    engine.update(pages_written=lambda count, warnings: None)  # the newer save: the shard is still to be made
    assert engine.finish() > 0
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".briefgen-cache"))
    build(clean, "--base-url", "/")
    assert site_snapshot(project / "site") == site_snapshot(clean / "site")


def test_the_preview_answers_only_as_this_computer_and_only_reads(served: Served) -> None:
    """A page of another site whose name is made to lead to this computer (DNS rebinding) gets
    nothing; nor does any request but GET and HEAD."""
    def ask(method: str, host: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        try:
            connection.request(method, BASE, body=b"x" if method in ("POST", "PUT") else None,
                               headers={"Host": host})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", f"[::1]:{served.port}", "localhost"):
        assert ask("GET", host) == 200, host
    assert ask("HEAD", f"localhost:{served.port}") == 200
    for host in (f"evil.example:{served.port}", "evil.example", f"127.0.0.1.evil.example:{served.port}"):
        assert ask("GET", host) == 421, host
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        assert ask(method, f"127.0.0.1:{served.port}") == 405, method


def test_head_answers_with_the_length_get_sends_and_no_body(served: Served) -> None:
    for path in (BASE, f"{BASE}articles/{ARTICLE}/", f"{BASE}no/such/page/"):
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        try:
            connection.request("GET", path)
            got = connection.getresponse()
            body = got.read()
            connection.request("HEAD", path)
            head = connection.getresponse()
            assert head.read() == b"" and head.status == got.status, path
            assert int(head.getheader("Content-Length")) == len(body) > 0, path
        finally:
            connection.close()


def test_no_drafts_previews_the_site_as_published(tmp_path: Path) -> None:
    shutil.copytree(REPO / "tests" / "fixtures" / "basic" / "content", tmp_path / "content")
    sidecar = tmp_path / "content" / "articles" / "amazonia.yaml"
    sidecar.write_text("draft: true\n" + sidecar.read_text(encoding="utf-8"), encoding="utf-8")
    for flags, shown in (([], True), (["--no-drafts"], False)):
        port = _free_port()
        process = subprocess.Popen([sys.executable, "-m", "briefgen", "-C", str(tmp_path), "serve", "--port", str(port),
                                    *flags], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            line = process.stdout.readline()
            while line and not line.startswith("serving"):
                line = process.stdout.readline()

            def page() -> int | None:
                try:
                    return get(port, "/articles/amazonia/")[0]
                except OSError:
                    return None
            assert wait_for(page, what="the server") == (200 if shown else 404), flags
        finally:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)
