"""A user installs the released wheel in a fresh virtual environment and builds a project that
has no templates of its own: the built-in templates and assets must ship inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, Site, build, cli_env, copy_fixture, marks_by_claim, run_cli, site_snapshot


def _run(command: list[str | os.PathLike], cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 900) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env or _clean_env(), capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _clean_env() -> dict[str, str]:
    """No trace of the development install: no PYTHONPATH, no user site, no virtualenv leaking in."""
    env = cli_env()
    for key in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(key, None)
    env["PYTHONNOUSERSITE"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_builds_a_project_without_templates(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, REPO], cwd=tmp_path)
    wheels = list(dist.glob("briefgen-*.whl"))
    assert len(wheels) == 1, wheels
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "briefgen/templates/base.html" in names
    assert "briefgen/templates/assets/briefgen.css" in names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    _run([python, "-m", "pip", "install", "--quiet", wheels[0]], cwd=tmp_path)
    where = _run([python, "-c", "import briefgen; print(briefgen.__file__)"], cwd=tmp_path).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), f"imported from {where}, not from the venv"

    project = copy_fixture("basic", tmp_path / "project")
    assert not (project / "templates").exists()
    result = run_cli("build", cwd=project, env=_clean_env(), executable=[str(bin_dir / "briefgen")], timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site = Site(project / "site")
    assert (site.root / "index.html").is_file()
    assert (site.root / "assets/briefgen.css").is_file()
    assert marks_by_claim(site.page("articles/oslo-talks/index.html"))
    assert site.broken_links() == []

    # The installed wheel and the development checkout build the very same site.
    reference = copy_fixture("basic", tmp_path / "reference")
    build(reference)
    assert site_snapshot(site.root) == site_snapshot(reference / "site")

    # And it checks like the development version does.
    check = run_cli("check", cwd=project, env=_clean_env(), executable=[str(bin_dir / "briefgen")])
    assert check.returncode == 0, check.stderr

    # A new project made by the installed `init` builds with the installed `build`.
    made = run_cli("init", "fresh", cwd=tmp_path, env=_clean_env(), executable=[str(bin_dir / "briefgen")])
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "fresh" / ".github/workflows/pages.yml").is_file()
    fresh = run_cli("build", cwd=tmp_path / "fresh", env=_clean_env(), executable=[str(bin_dir / "briefgen")])
    assert fresh.returncode == 0, fresh.stderr


@pytest.mark.slow
def test_init_names_the_briefgen_that_made_it_and_that_requirement_installs_it(tmp_path: Path) -> None:
    """Installed from a repository at a commit, briefgen's `init` writes that repository and
    commit into the project's requirements.txt, which installs the same briefgen elsewhere."""
    commit = _run(["git", "-C", REPO, "rev-parse", "HEAD"], cwd=tmp_path).stdout.strip()
    pythons = []
    for name in ("maker", "reader"):
        _run([sys.executable, "-m", "venv", tmp_path / name], cwd=tmp_path)
        pythons.append(tmp_path / name / ("Scripts" if os.name == "nt" else "bin"))
    _run([pythons[0] / "python", "-m", "pip", "install", "--quiet", f"briefgen @ git+file://localhost{REPO}@{commit}"],
         cwd=tmp_path)
    made = run_cli("init", "brief", cwd=tmp_path, env=_clean_env(), executable=[str(pythons[0] / "briefgen")])
    assert made.returncode == 0, made.stderr
    requirement = (tmp_path / "brief" / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert requirement == f"briefgen @ git+file://localhost{REPO}@{commit}"
    assert "GitHub's machines cannot reach" in made.stderr  # a file:// repository: said, with what to write

    _run([pythons[1] / "python", "-m", "pip", "install", "--quiet", "-r", tmp_path / "brief" / "requirements.txt"],
         cwd=tmp_path)
    version = _run([pythons[1] / "briefgen", "--version"], cwd=tmp_path).stdout.strip()
    assert version == _run([pythons[0] / "briefgen", "--version"], cwd=tmp_path).stdout.strip()
    origin = _run([pythons[1] / "python", "-c", "from importlib.metadata import distribution; "
                   "print(distribution('briefgen').read_text('direct_url.json'))"], cwd=tmp_path).stdout
    assert commit in origin


@pytest.mark.slow
def test_the_release_builds_and_passes_twine_check(tmp_path: Path) -> None:
    import yaml

    _run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", tmp_path / "dist", REPO], cwd=tmp_path)
    built = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert len(built) == 2 and sum(n.endswith(".whl") for n in built) == sum(n.endswith(".tar.gz") for n in built) == 1
    _run([sys.executable, "-m", "twine", "check", "--strict", *sorted((tmp_path / "dist").iterdir())], cwd=tmp_path)
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["tags"] == ["v*"]  # (YAML 1.1 reads the key `on` as true)
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"]["id-token"] == "write"
    assert any(step.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for step in publish["steps"])
