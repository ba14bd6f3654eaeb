"""A problem of the machine (a full disk, a read-only folder) or of a template's own logic is the
user's to act on, not a bug of briefgen's: a message naming the file or folder and what to do,
exit 2 (the machine) or 1 (a template), no traceback, and the last good site left as it was.
The disks are small tmpfs mounted in a mount namespace of the test's own (`unshare`), which
needs no root."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_fixture, run_in, snapshot




def _on_small_disk(mount: Path, options: str, then: str, project: Path) -> subprocess.CompletedProcess:
    """`briefgen build --output <mount>/site` with a tmpfs of these options at `mount` (and `then`,
    a shell command, run after mounting)."""
    mount.mkdir()
    build = shlex.join([sys.executable, "-m", "briefgen", "-C", str(project), "build", "--output", str(mount / "site")])
    script = f"mount -t tmpfs -o {options} tmpfs {shlex.quote(str(mount))} && {then} && {build}"
    return subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", script],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_fixture("basic", tmp_path / "project")


def _machine_problem(result: subprocess.CompletedProcess, where: Path | str, what: str, *or_where: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "bug in briefgen" not in result.stderr
    assert any(f"briefgen: error: {place}: " in result.stderr for place in (where, *or_where)), result.stderr
    assert what in result.stderr, result.stderr
    assert "not built: the previous site, if any, is unchanged" in result.stderr


def test_a_full_disk_is_said_with_the_folder_and_what_to_do(project: Path, tmp_path: Path) -> None:
    result = _on_small_disk(tmp_path / "small", "size=64k", "true", project)
    _machine_problem(result, tmp_path / "small" / "site", "the disk is full: free some space")


def test_a_read_only_output_folder_is_said_with_the_folder(project: Path, tmp_path: Path) -> None:
    mount = tmp_path / "read-only"
    result = _on_small_disk(mount, "size=4m", f"mount -o remount,ro {shlex.quote(str(mount))}", project)
    _machine_problem(result, mount / "site", "read-only")


def test_a_read_only_project_is_said_and_its_site_kept(project: Path) -> None:
    assert run_in(project, "build").returncode == 0
    before = snapshot(project / "site")
    settings = project / "briefgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("Basic", "Changed"), encoding="utf-8")
    # the project's folder made read-only in a mount namespace of the test's own (bound on itself)
    place = shlex.quote(str(project))
    build = shlex.join([sys.executable, "-m", "briefgen", "-C", str(project), "build"])
    result = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c",
                             f"mount --bind {place} {place} && mount -o remount,bind,ro {place} && {build}"],
                            capture_output=True, text=True, timeout=120)
    _machine_problem(result, project / "site", "read-only", ".briefgen-cache")  # (the state is written first)
    assert snapshot(project / "site") == before


@pytest.mark.parametrize("template, line, said", [
    ("{{ 1 / 0 }}", 2, "ZeroDivisionError: division by zero"),
    ("{{ [1, 2][5] }}", 2, "no element 5"),
    ("{% include 'index.html' %}", 2, "without end"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", 2, "unsafe"),
    ("{{ range(10 ** 9) | list }}", 2, "MAX_RANGE"),
    ("{{ site.title | no_such_filter }}", 2, "no_such_filter"),
])
def test_a_template_s_own_failure_names_its_file_and_line(project: Path, template: str, line: int, said: str) -> None:
    assert run_in(project, "build").returncode == 0
    before = snapshot(project / "site")
    (project / "templates").mkdir()
    (project / "templates" / "index.html").write_text(f"first line\n{template}\n", encoding="utf-8")
    result = run_in(project, "build")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "bug in briefgen" not in result.stderr
    assert result.stderr.startswith(f"templates/index.html:{line}: error: template error:"), result.stderr
    assert said in result.stderr
    assert snapshot(project / "site") == before


def test_a_template_that_is_not_utf8_names_its_file_and_line(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "index.html").write_bytes("first line\nsecond: caf\u00e9\n".encode("latin-1"))
    result = run_in(project, "build")
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("templates/index.html:2: error: template error: this template is not UTF-8 text")


def test_a_disk_that_fills_during_an_edit_s_build_leaves_no_debris_and_the_next_build_repairs(
        project: Path, tmp_path: Path) -> None:
    """The site on a small disk, built; the disk then filled, an article edited: the build that
    cannot write says so (exit 2) and leaves no half-written file; once there is room again, the
    next build gives what a clean build gives."""
    mount = tmp_path / "disk"
    mount.mkdir()
    site = mount / "site"
    build = shlex.join([sys.executable, "-m", "briefgen", "-C", str(project), "build", "--output", str(site)])
    article = sorted((project / "content" / "articles").rglob("*.md"))[0]
    edit = f"printf '\\n\\nA paragraph added while the disk was full.\\n' >> {shlex.quote(str(article))}"
    m = shlex.quote(str(mount))
    script = (f"mount -t tmpfs -o size=16m tmpfs {m} && {build} >/dev/null && "
              f"(dd if=/dev/zero of={m}/filler bs=4k 2>/dev/null; true) && {edit} && "
              f"{{ {build}; echo \"full: $?\"; }} && "
              f"find {m}/site -name '.*.new' | sed 's/^/debris: /' && rm {m}/filler && "
              f"{{ {build} >/dev/null; echo \"room: $?\"; }} && cp -r {m}/site {shlex.quote(str(tmp_path / 'kept'))}")
    result = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", script],
                            capture_output=True, text=True, timeout=300)
    assert "full: 2" in result.stdout, (result.stdout, result.stderr)
    assert "the disk is full" in result.stderr and f"briefgen: error: {site}/" in result.stderr, result.stderr
    assert "debris:" not in result.stdout and "Traceback" not in result.stderr
    assert "room: 0" in result.stdout, (result.stdout, result.stderr)
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".briefgen-cache"))
    assert run_in(clean, "build", "--quiet").returncode == 0
    kept, made = snapshot(tmp_path / "kept"), snapshot(clean / "site")
    assert kept == made

