"""Rendered pages → the output folder: built beside it, checked, then swapped in whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from contextlib import nullcontext
from typing import Callable, ContextManager, Iterable

from .config import SiteConfig
from .engine.scan import SITE_MARK, SITE_MARK_TEXT
from .errors import BriefgenError, Diagnostic, ERROR, Location, display_path




def project_files_replaced(config: SiteConfig) -> list[Diagnostic]:
    """The output folder is replaced whole on every build: it must not be, or hold, the project's
    own folders (a mistake of the settings, that `check` reports too)."""
    output = config.output_dir
    precious = [config.root, config.content_dir, config.templates_dir, config.static_dir]
    if any(output == p or output in p.parents for p in precious):
        return [Diagnostic(ERROR, "output-dir", Location("briefgen.yaml"),
                           f"output_dir '{display_path(output, config.root)}' would replace the project's own "
                           "files; choose a folder of its own, such as 'site'")]
    return []


def check_output_folder(config: SiteConfig) -> None:
    """Refuse (BriefgenError) an output folder a build would replace but that briefgen did not
    make: the project's own (project_files_replaced), one that holds files and no mark of ours,
    or a file. A folder that is not there, or empty, is fine."""
    if problems := project_files_replaced(config):
        raise BriefgenError(problems)
    output = config.output_dir
    shown = display_path(output, config.root.resolve())
    if (output / SITE_MARK).is_file():
        return
    if output.exists() and not output.is_dir():
        problem = "is a file, not a folder; briefgen writes the site into a folder of its own"
    else:
        try:
            found = sorted(entry.name for entry in output.iterdir()) if output.is_dir() else []
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror}); the site needs a folder briefgen can write"
        else:
            if not found:
                return
            shown_files = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
            problem = (f"holds files briefgen did not make ({shown_files}); a build replaces its output "
                       f"folder whole, so it builds only into an empty folder or one it made")
    raise BriefgenError([Diagnostic(ERROR, "output-not-ours", Location(shown),
                                    f"the output folder {problem}. Choose another (output_dir in briefgen.yaml, "
                                    f"or --output), or move what is there away")], usage=True)


class OutputPathError(ValueError):
    """An output path that would leave the output folder, or that two pages claim."""


def safe_relative(path: str) -> PurePosixPath:
    """The page path as a relative path that cannot leave the output folder."""
    return PurePosixPath(check_relative(path))


def check_relative(path: str) -> str:
    """The path (of a file, or of a folder when it ends in '/'), when it is relative and cannot
    leave the output folder; else OutputPathError."""
    wrapped = f"/{path[:-1] if path.endswith('/') else path}/"  # each part between slashes: none empty, '.' or '..'
    if "//" in wrapped or "/./" in wrapped or "/../" in wrapped or "\\" in path or "\0" in path:
        raise OutputPathError(f"refusing to write outside the site folder: '{path}'")
    return path


def _destination(staging: Path, path: str, taken: set[PurePosixPath], what: str) -> Path:
    """Where `path` goes in the staging folder; refuses a path outside it or one already taken."""
    relative = safe_relative(path)
    if relative in taken:
        raise OutputPathError(f"{what} '{path}' would overwrite another page or file of the site")
    taken.add(relative)
    return staging / relative


def in_folder(target: Path, folders: set[Path]) -> Path:
    """The target, its folder made unless `folders` (those made so far, by this process for one
    new site) holds it: a site of a thousand pages in their own folders asks for each once."""
    if target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)
    return target


def write_site(pages: Callable[[Path], Iterable[tuple[str, bytes | None]]], files: dict[str, Path],
               output: Path) -> int:
    """Write every page and copied file into a fresh folder beside `output`, then swap it in.
    `pages(staging)` gives each page's path and bytes, or None for a page already written there.

    On any failure the previous output stays exactly as it was. Returns the number of files."""
    output = output.resolve()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    except OSError as exc:
        raise _naming(exc, output) from None
    try:
        taken: set[PurePosixPath] = set()
        folders: set[Path] = set()
        for path, data in pages(staging):
            destination = _destination(staging, path, taken, "the page")
            if data is not None:
                in_folder(destination, folders).write_bytes(data)
        for path, source in sorted(files.items()):
            shutil.copyfile(source, in_folder(_destination(staging, path, taken, "the static file"), folders))
        _destination(staging, SITE_MARK, taken, "the page").write_bytes(SITE_MARK_TEXT)
        _swap(staging, output)
    except OutputPathError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BriefgenError([Diagnostic(ERROR, "output-path", Location(str(output.name)), str(exc))]) from None
    except OSError as exc:  # a full disk, a folder it may not write
        shutil.rmtree(staging, ignore_errors=True)
        raise _naming(exc, output) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(taken)


def _naming(exc: OSError, output: Path) -> OSError:
    """The failure to write the site, naming the output folder (not the staging folder beside it
    that the user never sees)."""
    return OSError(exc.errno, exc.strerror, str(output))


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    import ctypes  # only a full build swaps folders
    import ctypes.util

    try:
        renameat2 = getattr(ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True), "renameat2", None)
    except OSError:
        return False
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


def _swap(staging: Path, output: Path) -> None:
    """Put `staging` in the place of `output`, so a reader sees the old site or the new one, never
    a mix and, where the system allows, never no site at all."""
    os.chmod(staging, 0o755)
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    os.rmdir(retired)
    os.rename(output, retired)
    try:
        os.rename(staging, output)
    except BaseException:
        os.rename(retired, output)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def replace_files(output: Path, files: dict[str, bytes]) -> None:
    """Write a few files of an existing site in place, each replaced whole in one step (a reader
    sees the old page or the new one)."""
    for path, data in files.items():
        destination = output / safe_relative(path)
        temporary = destination.with_name(f".{destination.name}.new")
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, destination)
        except OSError as exc:  # a full disk: no half-written file left beside the page
            temporary.unlink(missing_ok=True)
            raise OSError(exc.errno, exc.strerror, str(destination)) from None


def replace_folder(output: Path, name: str, fill: Callable[[Path], object],
                   still_wanted: Callable[[], ContextManager[bool]] = lambda: nullcontext(True)) -> None:
    """Make a folder of an existing site anew: `fill` writes it beside the site, and it then
    replaces the old one whole (left as it was when `fill` fails) — if, by then, it is
    `still_wanted` (a context: while it holds, nothing else changes the site)."""
    folder = output / safe_relative(name)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-{folder.name}-", dir=output.parent))
    try:
        fill(staging)
        with still_wanted() as wanted:
            if wanted and output.is_dir():
                folder.parent.mkdir(parents=True, exist_ok=True)
                _swap(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_files(output: Path, paths: Iterable[str]) -> None:
    """Delete pages of an existing site that are no longer made, and the folders they leave empty."""
    for path in paths:
        file = output / safe_relative(path)
        file.unlink(missing_ok=True)
        folder = file.parent
        while folder != output and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def remove_leftovers(output: Path) -> None:
    """The folders that builds killed while writing left beside the output folder (staging and
    retired sites). Called with the project's build lock held, so none is another build's."""
    try:
        beside = list(output.resolve().parent.iterdir())
    except OSError:
        return
    for path in beside:
        if path.name.startswith((f".{output.name}.building-", f".{output.name}.old-")) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
