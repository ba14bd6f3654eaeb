"""Live preview: build, serve the site under its base path, rebuild on every save, reload open browsers.

The livereload package does the serving and the browser side; this module owns what it serves
(`SiteApp`), when it rebuilds (`ProjectWatcher`) and what a broken save shows (`BuildState`)."""

from __future__ import annotations

import errno
import os
import html
import logging
import mimetypes
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import quote

import livereload
import watchfiles
from livereload.handlers import LiveReloadHandler
from livereload.server import LiveScriptContainer
from livereload.watcher import Watcher
from tornado import ioloop, web

from .config import SiteConfig
from .engine.build import Engine
from .engine.scan import Stat, file_version, fingerprint, ignored, input_places, stat_of
from .engine.build import plural
from . import timings
from .errors import BriefgenError, Diagnostic, ERROR, Location, environment_problem, print_all
from .write import check_output_folder

DEFAULT_PORT = 8000
POLL_SECONDS = 0.05  # how often the server looks whether to rebuild or reload
QUIET_MS = 20  # a rebuild starts once the files have been left alone this long: a save being written is not read half-way
MOST_MS = 1000  # … or after this long, if they keep changing
CHECK_SECONDS = 1.0  # how often the server looks at what it is not told of (input folders, linked files)
LISTENING_MS = 1000  # once the system has told of no save this long, it is known to be listening
POLL_WITHOUT_NOTICE_SECONDS = 0.3  # … and at every input, where the system cannot tell of saves
SEARCH_AFTER_SECONDS = 1.0  # the reloaded page and its assets load first: the search index waits this long
# A thread waiting for Python's lock waits at most this long while another thread runs Python: the
# server answers the reloaded page's requests while a rebuild goes on (Python's default: 5 ms).
SWITCH_SECONDS = 0.0005


@dataclass
class BuildState:
    """The outcome of the latest build: where the last good site is, and what is wrong now."""

    site_dir: Path | None = None
    base_path: str = "/"
    problems: tuple[Diagnostic, ...] = ()
    lock: threading.Lock = field(default_factory=threading.Lock)

    def succeeded(self, site_dir: Path, base_path: str, warnings: Iterable[Diagnostic]) -> None:
        with self.lock:
            self.site_dir, self.base_path, self.problems = site_dir, base_path, tuple(warnings)

    def failed(self, problems: Iterable[Diagnostic]) -> None:
        with self.lock:
            self.problems = tuple(problems)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.problems if d.severity == ERROR)


_STYLE = (
    "font:15px/1.5 system-ui,sans-serif;background:#fff4f2;color:#5a0d05;border:2px solid #b3261e;"
    "margin:0;padding:1rem 1.25rem;position:relative;z-index:1000"
)


def error_panel(errors: tuple[Diagnostic, ...]) -> str:
    """The build's errors as an HTML panel: the same lines `briefgen check` prints."""
    lines = "".join(f"<li><code>{html.escape(str(d))}</code></li>" for d in errors)
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    return (
        f'<section id="briefgen-build-error" role="alert" style="{_STYLE}">'
        f"<h2 style=\"margin:0 0 .5rem;font-size:1.1rem\">The last save broke the build ({count}). "
        f"Showing the last good version; fix the file and this page reloads by itself.</h2>"
        f'<ul style="margin:0;padding-left:1.2rem">{lines}</ul></section>'
    )


def error_page(errors: tuple[Diagnostic, ...]) -> bytes:
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error · briefgen</title>"
        f"</head><body>{error_panel(errors)}</body></html>"
    ).encode("utf-8")


LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def _host_name(header: str) -> str:
    """The name of a Host header without its port ('[::1]:8000' → '::1')."""
    if header.startswith("["):
        return header[1:header.find("]")].lower() if "]" in header else header.lower()
    return header.rsplit(":", 1)[0].lower() if header.count(":") == 1 else header.lower()


class SiteApp:
    """A WSGI app serving the last good site under its base path; never a file outside it."""

    def __init__(self, state: BuildState, host: str = "127.0.0.1"):
        self.state = state
        # Asked for by another name than this computer's (a page of another site whose name was
        # made to lead here: DNS rebinding), the preview answers nothing; served to the network
        # (--host 0.0.0.0), it answers by whatever name it is reached
        self.hosts = None if host in ("0.0.0.0", "::", "") else frozenset({host.strip("[]").lower(), *LOOPBACK})

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        method, asked = environ.get("REQUEST_METHOD", "GET"), _host_name(environ.get("HTTP_HOST", ""))
        if method not in ("GET", "HEAD"):
            status, headers, body = ("405 Method Not Allowed", [("Allow", "GET, HEAD")],
                                     b"the preview only serves pages: GET and HEAD\n")
        elif self.hosts is not None and asked not in self.hosts:
            status, headers, body = ("421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")],
                                     b"the preview answers only as this computer (localhost, 127.0.0.1)\n")
        else:
            status, headers, body = self.respond(environ.get("PATH_INFO", "/"))
        headers = [*headers, ("Cache-Control", "no-store"), ("Content-Length", str(len(body)))]
        start_response(status, headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def respond(self, path: str) -> tuple[str, list[tuple[str, str]], bytes]:
        with self.state.lock:
            site_dir, base_path, errors = self.state.site_dir, self.state.base_path, self.state.errors
        if site_dir is None:
            return "500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8")], error_page(errors)
        if path in ("", "/") and base_path != "/":
            return "302 Found", [("Location", base_path)], b""
        if not path.startswith(base_path):
            if path + "/" == base_path:
                return "301 Moved Permanently", [("Location", base_path)], b""
            return self.not_found(site_dir, errors)
        target = self.resolve(site_dir, path[len(base_path):])
        if target is None:
            return self.not_found(site_dir, errors)
        if target.is_dir():
            if not path.endswith("/"):
                return "301 Moved Permanently", [("Location", quote(path) + "/")], b""
            target = target / "index.html"
        return self.file(target, "200 OK", errors) or self.not_found(site_dir, errors)

    @staticmethod
    def resolve(site_dir: Path, relative: str) -> Path | None:
        """The file for a path below the base path, or None when it would leave the site."""
        parts = relative.split("/")
        if any(part in ("..", ".") or "\\" in part or "\x00" in part for part in parts):
            return None
        target = site_dir.joinpath(*[p for p in parts if p])
        try:
            resolved = target.resolve()
        except (OSError, RuntimeError):
            return None
        if resolved != site_dir.resolve() and site_dir.resolve() not in resolved.parents:
            return None
        return target if target.exists() else None

    def not_found(self, site_dir: Path, errors: tuple[Diagnostic, ...]) -> tuple[str, list, bytes]:
        page = self.file(site_dir / "404.html", "404 Not Found", errors)
        return page or ("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")], b"not found")

    @staticmethod
    def file(path: Path, status: str, errors: tuple[Diagnostic, ...]) -> tuple[str, list, bytes] | None:
        try:
            body = path.read_bytes()
        except OSError:  # removed by a rebuild since it was found, or a folder
            return None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "application/xml"):
            kind += "; charset=utf-8"
        if errors and kind.startswith("text/html"):
            body = _after_body_tag(body, error_panel(errors).encode("utf-8"))
        return status, [("Content-Type", kind)], body


def _after_body_tag(page: bytes, insert: bytes) -> bytes:
    start = page.find(b"<body")
    end = page.find(b">", start) if start != -1 else -1
    return page[: end + 1] + insert + page[end + 1:] if end != -1 else insert + page


class ProjectWatcher(Watcher):
    """Tells livereload when to reload: after a rebuild that followed a burst of saves has finished.

    The operating system tells of saves in the input folders (watchfiles: inotify and its kin),
    so that an idle server does no work. Once the system is known to listen, the files are all
    looked at once more, unasked (a quiet rebuild, which finds nothing changed unless a save came
    before it listened): the first save is then told of like any other, and its rebuild looks at
    the saved files alone (Listing) instead of every article's (0.2 s at 10,000 articles). Now and
    then (CHECK_SECONDS) it looks at what it is not told of, a stat each: an input folder made,
    removed or put in another's place (then it listens to the folders as they are now), and a
    change in a file read through a link. Where the system cannot tell of saves, it compares the
    fingerprint of every input instead."""

    def __init__(self, fingerprint: Callable[[], str], rebuild: Callable[[Callable[[], None], bool], str | None],
                 places: Callable[[], list[Path]], ignored: Callable[[str], bool],
                 report: Callable[[set[str] | None], None], links: Callable[[], dict[str, Stat]]):
        """`rebuild(pages_written, quiet)` calls pages_written once the pages can be reloaded (and
        says nothing, when `quiet`, if nothing changed); `report` is told the paths saved before
        the rebuild they start (None before one that the check starts: a save was missed, or
        there are no notifications). `places()`: where the inputs are now; `links()`: the files
        read through links, with the stats the last build took."""
        super().__init__()
        self.report = report
        self.pages_ready = threading.Event()
        self.reloaded = False
        self.fingerprint = fingerprint
        self.rebuild = rebuild
        self.built = fingerprint()
        self.worker: threading.Thread | None = None
        self.finished = threading.Event()
        self.saved = threading.Event()
        self.listening_now = threading.Event()  # set: the system listens from now on (see _listen)
        self.places, self.links, self.ignored = places, links, ignored
        self.listening = True
        self.watching: tuple[tuple, ...] = ()  # the places listened to, as they were then
        self.quiet = threading.Event()  # set: the listener of places no longer there stops
        self.checked_at = time.monotonic()
        self.loop: ioloop.IOLoop | None = None  # the server's, once it has started
        self.poll: Callable[[], None] = lambda: None
        self._listen_to_places()

    def _listen_to_places(self) -> bool:
        """Listen to the input places as they are now, unless those are the ones listened to.
        Whether they were other (a folder made, removed or put in another's place)."""
        places = self.places()
        now = tuple(_identity(place) for place in places)
        if now == self.watching:
            return False
        self.quiet.set()
        self.quiet, self.watching = threading.Event(), now
        threading.Thread(target=self._listen, args=([p for p in places if p.exists()], self.quiet),
                         name="briefgen-watch", daemon=True).start()
        return True

    def _listen(self, folders: list[Path], quiet: threading.Event) -> None:
        try:
            told = False
            for changes in watchfiles.watch(*folders, watch_filter=lambda change, path: not self.ignored(path),
                                            debounce=MOST_MS, step=QUIET_MS, stop_event=quiet,
                                            rust_timeout=LISTENING_MS, yield_on_timeout=True, raise_interrupt=False):
                if quiet.is_set():
                    return
                if not changes:  # nothing saved for a while: it listens, and has from before
                    if not told:
                        told = True
                        self.report(set())  # saves are told of from now on …
                        self.listening_now.set()  # … and one look at every file makes the listing whole
                        self._wake()
                    continue
                self.report({path for _, path in changes})
                self.saved.set()
                self._wake()
        except Exception:  # no notifications here (a file system without them): compare fingerprints often
            if not quiet.is_set():
                self.listening = False
                self.report(None)

    def _unseen_change(self) -> bool:
        """Whether something changed that no notification tells of."""
        if not self.listening:
            return self.fingerprint() != self.built
        return self._listen_to_places() or any(stat_of(Path(path)) != stat for path, stat in self.links().items())

    def start(self, callback: Callable[[], None]) -> bool:
        self.loop, self.poll = ioloop.IOLoop.current(), callback
        ioloop.PeriodicCallback(callback, POLL_SECONDS * 1000).start()
        return True

    def _wake(self) -> None:
        """Have the server look at once (from any thread), not at its next poll: a save starts
        its rebuild, and rebuilt pages reload, without waiting for the clock."""
        if self.loop is not None:
            self.loop.add_callback(self.poll)

    def _pages_ready(self) -> None:
        self.pages_ready.set()
        self._wake()

    def _run(self, quiet: bool = False) -> None:
        try:
            self.built = self.rebuild(self._pages_ready, quiet) or self.fingerprint()
        finally:
            self.finished.set()
            self._wake()

    def examine(self) -> tuple[str | None, None]:
        if self.pages_ready.is_set():
            self.pages_ready.clear()
            self.reloaded = True
            return "*", None  # the pages are rebuilt: reload now, never before
        if self.finished.is_set():
            self.finished.clear()
            self.worker = None
            reloaded, self.reloaded = self.reloaded, False
            return (None if reloaded else "*"), None  # the rebuild is done
        if self.worker is not None:
            return None, None
        if self.saved.is_set():  # the build itself sees what changed, if anything did
            self.saved.clear()
            self.listening_now.clear()  # (this rebuild looks at every file too)
            self._begin_rebuild()
            return None, None
        if self.listening_now.is_set():
            self.listening_now.clear()
            self._begin_rebuild(quiet=True)
            return None, None
        if time.monotonic() - self.checked_at >= (CHECK_SECONDS if self.listening else POLL_WITHOUT_NOTICE_SECONDS):
            self.checked_at = time.monotonic()
            if self._unseen_change():
                self.report(None)
                self._begin_rebuild()
        return None, None

    def _begin_rebuild(self, quiet: bool = False) -> None:
        self.worker = threading.Thread(target=self._run, args=(quiet,), name="briefgen-rebuild")
        self.worker.start()

    def wait(self) -> None:
        self.quiet.set()
        if self.worker is not None:
            self.worker.join()


class _QuietServer(livereload.Server):
    def _setup_logging(self) -> None:  # briefgen prints its own lines
        logging.getLogger("livereload").setLevel(logging.WARNING)
        logging.getLogger("tornado.access").setLevel(logging.ERROR)

    def get_web_handlers(self, script: str) -> list:
        return [(r".*", web.FallbackHandler, {"fallback": _Pages(self.app, script)})]


class _Pages(LiveScriptContainer):
    """livereload's way of serving the WSGI app (its script put in each page), but that a HEAD
    request is answered with the headers a GET gets — Content-Length the page's — and no body
    (livereload sends the length of the body it sends: 0)."""

    def __call__(self, request: Any) -> None:
        if request.method != "HEAD":
            return super().__call__(request)
        connection, said = request.connection, {}

        class Headers:  # what livereload writes, kept
            def write_headers(self, start_line: Any, headers: Any, chunk: bytes = b"") -> None:
                said.update(start_line=start_line, headers=headers, length=len(chunk or b""))

            def finish(self) -> None:
                pass

        request.method, request.connection = "GET", Headers()
        try:
            super().__call__(request)
        finally:
            request.method, request.connection = "HEAD", connection
        said["headers"]["Content-Length"] = str(said["length"])
        connection.write_headers(said["start_line"], said["headers"], chunk=b"")
        connection.finish()


@dataclass
class Preview:
    root: Path
    base_url: str | None
    drafts: bool = True  # the preview shows the drafts, unless --no-drafts
    state: BuildState = field(default_factory=BuildState)
    builds: int = 0

    def __post_init__(self) -> None:
        self.engine = Engine(self.root, self.base_url, drafts=self.drafts, workers=os.cpu_count() or 1,
                             keep_in_memory=True)
        self.stopping = threading.Event()

    def config(self) -> SiteConfig:
        return self.engine.config()

    def build(self, pages_written: Callable[[], None] = lambda: None, quiet: bool = False) -> str | None:
        """Rebuild; the fingerprint of the inputs it built from, when it knows it. Once the pages
        are in place (before the search index), `pages_written` is called and the pages can reload.
        `quiet`: say nothing when nothing changed (the look the watcher asks for unasked)."""
        started = time.monotonic()
        config = self.config()

        def written(count: int, warnings: list[str]) -> None:
            self.state.succeeded(config.output_dir, config.base_path, ())
            took = time.monotonic() - started
            pages_written()  # the browser reloads while the warnings are said (thousands, in a large project)
            print_all(warnings)
            what = "built" if self.builds == 0 else "rebuilt"
            print(f"{what} in {took:.2f}s ({plural(count, 'file')}; the search index and data files follow)", flush=True)

        try:
            with timings.stage("rebuild"):
                outcome = self.engine.update(written, finishing=quiet)
        except BriefgenError as exc:
            said = self.state.problems == tuple(exc.diagnostics)
            self.state.failed(exc.diagnostics)
            if not (quiet and said):
                _print_problems(exc.diagnostics, "not rebuilt: still serving the last good site")
            return None
        except Exception as exc:  # the machine's (a full disk…), or a bug of ours: keep serving, say so
            said = environment_problem(exc, config.output_dir)
            problem = (Diagnostic(ERROR, "environment", Location("briefgen"), said) if said is not None else
                       Diagnostic(ERROR, "internal", Location("briefgen"), f"internal error, please report it: {exc!r}"))
            self.state.failed([problem])
            _print_problems([problem], "not rebuilt: still serving the last good site")
            return None
        finally:
            timings.report()
        self.state.succeeded(config.output_dir, config.base_path, ())
        if outcome.done == "nothing" and not quiet:
            print_all(outcome.warnings)
            print(f"{'built' if self.builds == 0 else 'rebuilt'} in {time.monotonic() - started:.2f}s (nothing changed)",
                  flush=True)
        self.builds += 1
        if outcome.done != "nothing" and self.engine.deferred:
            threading.Thread(target=self._finish, name="briefgen-search", daemon=True).start()
        return outcome.fingerprint or None

    def _finish(self) -> None:
        """The search index and the data files (Output.later), brought up to date after the
        pages, in the background, once the browser has had time to reload them: a save that comes
        meanwhile is rebuilt at once, and what was made for the older pages is dropped: the
        making stops at once (engine.reads.stop_if_called_off), leaving the interpreter to the
        rebuild. (This thread keeps its priority: at a lower one, the rebuild would wait while it
        holds the interpreter and waits for a core.)"""
        if self.stopping.wait(SEARCH_AFTER_SECONDS):
            return
        started = time.monotonic()
        try:
            written = self.engine.finish(lambda: self.stopping.is_set())
        except BriefgenError as exc:
            _print_problems(exc.diagnostics, "the search index and data files were not updated")
            return
        except OSError as exc:  # the site folder went away meanwhile, the disk is full…
            print(f"the search index and data files were not updated: {exc}", file=sys.stderr, flush=True)
            return
        if written:
            print(f"search index and data files updated in {time.monotonic() - started:.2f}s", flush=True)


def _print_problems(problems: Iterable[Diagnostic], closing: str) -> None:
    problems = list(problems)
    print_all([str(problem) for problem in problems])
    if problems and closing:
        print(closing, file=sys.stderr, flush=True)


class PortInUse(Exception):
    pass


def serve(root: Path, host: str, port: int | None, open_browser: bool, base_url: str | None = None,
          drafts: bool = True) -> None:
    """Build, then serve and rebuild until Ctrl-C. The port is looked at before building (at
    10,000 articles that takes a while): when the default one is taken, the next free one is
    used, and said; a port asked for that is taken is PortInUse, naming the next free one."""
    sys.setswitchinterval(SWITCH_SECONDS)
    preview = Preview(root.resolve(), base_url, drafts)
    check_output_folder(preview.config())  # before serving anything
    free = free_port(host, port or DEFAULT_PORT)
    if port is not None and free != port:
        raise PortInUse(f"port {port} on {host} is already in use: stop the other server, or serve on the next "
                        f"free port with --port {free}")
    if port is None and free != DEFAULT_PORT:
        print(f"port {DEFAULT_PORT} is in use: serving on port {free} instead", flush=True)
    port = free
    preview.build()
    config = preview.config()
    listing = preview.engine.listing
    watcher = ProjectWatcher(lambda: fingerprint(preview.config(), {"drafts": drafts}), preview.build,
                             lambda: input_places(preview.config()), lambda path: _not_input(path, config),
                             listing.report, lambda: listing.links)
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # reload after every rebuild, however close together
    server = _QuietServer(app=SiteApp(preview.state, host), watcher=watcher)
    base_path = preview.state.base_path if preview.state.site_dir else preview.config().base_path
    url = f"http://{host}:{port}{base_path}"
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        print(f"serving {url} — press Ctrl-C to stop", flush=True)
        server.serve(port=port, host=host, debug=False, open_url_delay=0.5 if open_browser else None,
                     restart_delay=0)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} on {host} is already in use: stop the other server or pass --port") from None
        raise
    finally:
        preview.stopping.set()  # the search index in the background is not written any more
        watcher.wait()  # a rebuild in progress finishes, so no staging folder is left behind


def free_port(host: str, port: int, tries: int = 20) -> int:
    """`port`, or the first after it that is free on `host` (as the server will bind it)."""
    for candidate in range(port, min(port + tries, 65536)):
        try:
            with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Tornado binds
                probe.bind((host, candidate))
            return candidate
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    raise PortInUse(f"port {port} on {host} and the {tries - 1} after it are in use: stop the other server "
                    "or pass --port")


def _identity(place: Path) -> tuple:
    """What tells a file or folder from another put in its place later, whatever is saved in it."""
    version = file_version(place)
    return (str(place),) if version is None else (str(place), *version[:2])


def _not_input(path: str, config: SiteConfig) -> bool:
    """Saves that need no rebuild: the site itself, and what is no input (scan.ignored: hidden
    files, editors' swap files and backups)."""
    file = Path(path)
    if file.is_relative_to(config.output_dir):
        return True
    parts = file.relative_to(config.root).parts if file.is_relative_to(config.root) else (file.name,)
    return any(ignored(part) for part in parts)


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
