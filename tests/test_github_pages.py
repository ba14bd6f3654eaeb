"""Publishing on GitHub Pages: a site that works under a project path, `init`'s workflow, `publish`."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "Test Analyst", "GIT_AUTHOR_EMAIL": "analyst@example.org",
                "GIT_COMMITTER_NAME": "Test Analyst", "GIT_COMMITTER_EMAIL": "analyst@example.org"}


def briefgen(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=120)


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **GIT_IDENTITY})
    assert result.returncode == 0, result.stderr
    return result.stdout


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "fast")  # our own server: linkchecker may skip its politeness delay
        super().end_headers()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.links += [v for k, v in attrs if k in ("href", "src") and v]


@pytest.fixture()
def served_under_subpath(tmp_path: Path):
    """The repository's content built for https://org.github.io/briefings/, served at /briefings/."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    (project / "briefgen.yaml").write_text("title: Pages\nbase_url: https://org.github.io/wrong/\n"
                                           "cname: briefing.example.org\n", encoding="utf-8")
    www = tmp_path / "www"
    result = briefgen("-C", str(project), "build", "--base-url", "https://org.github.io/briefings/",
                      "--output", str(www / "briefings"))
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", www / "briefings", tmp_path
    server.shutdown()
    server.server_close()


def test_linkchecker_finds_no_broken_link_under_the_subpath(served_under_subpath) -> None:
    origin, _, tmp_path = served_under_subpath
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nthreads=4\nmaxrequestspersecond=1000\n[filtering]\ncheckextern=1\n[AnchorCheck]\n", encoding="utf-8")
    os.chmod(tmp_path, 0o755)
    os.chmod(config, 0o644)
    result = subprocess.run(
        [shutil.which("linkchecker", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
         or "linkchecker", "-f", str(config), "--check-extern", "--ignore-url", r"^https?://(?!127\.0\.0\.1)",
         "--no-status", "-o", "text", f"{origin}/briefings/"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors found" in result.stdout, result.stdout
    checked = re.search(r"(\d+) links in (\d+) URLs checked", result.stdout)
    assert checked and int(checked.group(2)) > 50, result.stdout  # it really walked the site


def test_every_link_stays_under_the_base_path(served_under_subpath) -> None:
    _, site, _ = served_under_subpath
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if link.startswith(("http://", "https://", "mailto:", "#")):
                continue
            assert link.startswith("/briefings/"), (page, link)


def test_404_page_works_from_any_depth(served_under_subpath) -> None:
    origin, site, _ = served_under_subpath
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in html
    parser = _Links()
    parser.feed(html)
    assert parser.links
    for depth_url in (f"{origin}/briefings/missing", f"{origin}/briefings/a/b/c/d/missing.html"):
        for link in (link for link in parser.links if not link.startswith("#")):
            with urllib.request.urlopen(urljoin(depth_url, link)) as response:  # GitHub serves 404.html there
                assert response.status == 200, (depth_url, link)


def test_pages_files_are_in_the_site(served_under_subpath) -> None:
    _, site, _ = served_under_subpath
    assert (site / ".nojekyll").is_file()
    assert (site / "CNAME").read_text(encoding="utf-8").strip() == "briefing.example.org"
    assert (site / "404.html").is_file()


def test_no_cname_file_without_cname(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    assert briefgen("-C", str(tmp_path), "build").returncode == 0
    assert not (tmp_path / "site" / "CNAME").exists()


def test_init_creates_a_project_that_builds_as_it_is(tmp_path: Path) -> None:
    result = briefgen("init", "brief", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "brief"
    for name in ("briefgen.yaml", ".gitignore", "README.md", ".github/workflows/pages.yml",
                 "content/experts.yaml", "content/topics.yaml"):
        assert (project / name).is_file(), name
    assert list((project / "content" / "articles").glob("*.md"))
    assert "site/" in (project / ".gitignore").read_text(encoding="utf-8").split()
    assert "#" in (project / "briefgen.yaml").read_text(encoding="utf-8")  # commented for the analyst
    check = briefgen("check", cwd=project)
    assert check.returncode == 0 and check.stderr == "", check.stderr
    assert briefgen("build", cwd=project).returncode == 0
    pages = list((project / "site").rglob("index.html"))
    assert any('<mark id="claim-' in p.read_text(encoding="utf-8") for p in pages)


def test_init_workflow_builds_with_briefgen_and_deploys_with_official_actions(tmp_path: Path) -> None:
    assert briefgen("init", str(tmp_path / "brief")).returncode == 0
    workflow = yaml.safe_load((tmp_path / "brief" / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"] == "pages"
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    for action in ("actions/checkout", "actions/setup-python", "actions/configure-pages",
                   "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses, action
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact") \
        < uses.index("actions/deploy-pages")
    configure = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages"))
    build = next(s for s in steps if "briefgen build" in s.get("run", ""))
    assert f"steps.{configure['id']}.outputs.base_url" in build["run"] and "--base-url" in build["run"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert steps.index(install) < steps.index(build)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site" and upload["with"]["include-hidden-files"] is True
    deploy_job = next(job for job in workflow["jobs"].values()
                      if any(s.get("uses", "").startswith("actions/deploy-pages") for s in job["steps"]))
    assert deploy_job["environment"]["name"] == "github-pages"
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in on and "workflow_dispatch" in on


def test_init_refuses_a_non_empty_folder_and_never_overwrites(tmp_path: Path) -> None:
    project = tmp_path / "brief"
    project.mkdir()
    (project / "README.md").write_text("my own notes\n", encoding="utf-8")
    refused = briefgen("init", str(project))
    assert refused.returncode == 2 and "not empty" in refused.stderr
    assert sorted(p.name for p in project.iterdir()) == ["README.md"]
    forced = briefgen("init", str(project), "--force")
    assert forced.returncode == 0, forced.stderr
    assert (project / "README.md").read_text(encoding="utf-8") == "my own notes\n"
    assert "kept your README.md" in forced.stderr
    assert (project / "briefgen.yaml").is_file()


@pytest.fixture()
def repository(tmp_path: Path) -> tuple[Path, Path]:
    """A briefing project in a git repository whose 'origin' is a bare repository on disk."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    assert briefgen("init", str(tmp_path / "brief")).returncode == 0
    project = tmp_path / "brief"
    git(project, "init", "--quiet")
    git(project, "config", "user.name", "Test Analyst")
    git(project, "config", "user.email", "analyst@example.org")
    git(project, "remote", "add", "origin", str(remote))
    return project, remote


def _branch_files(remote: Path, branch: str = "gh-pages") -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", branch).split())


def test_publish_pushes_exactly_the_built_site(repository) -> None:
    project, remote = repository
    (project / "briefgen.yaml").write_text("title: Pub\ncname: briefing.example.org\n", encoding="utf-8")
    result = briefgen("publish", cwd=project)
    assert result.returncode == 0, result.stderr
    built = {p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*") if p.is_file()}
    assert _branch_files(remote) == built
    assert {".nojekyll", "CNAME", "404.html", "index.html"} <= built
    assert "gh-pages" in result.stdout

    article = next((project / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    again = briefgen("publish", "--message", "Second edition", cwd=project)
    assert again.returncode == 0, again.stderr
    log = git(remote, "log", "--format=%s", "gh-pages").splitlines()
    assert log == ["Second edition", "Publish briefing"]


def test_publish_says_where_the_site_will_be(repository) -> None:
    project, _ = repository
    git(project, "remote", "add", "github", "git@github.com:my-org/briefings.git")
    url = subprocess.run(["git", "remote", "get-url", "github"], cwd=project, capture_output=True, text=True).stdout
    assert "my-org" in url
    from briefgen.config import SiteConfig
    from briefgen.publish import pages_url

    assert pages_url(SiteConfig(root=project), url.strip()) == "https://my-org.github.io/briefings/"
    assert pages_url(SiteConfig(root=project), "https://github.com/my-org/my-org.github.io") == "https://my-org.github.io/"
    assert pages_url(SiteConfig(root=project, base_url="https://brief.example.org/"), url) == "https://brief.example.org/"


def test_publish_refuses_when_the_build_fails(repository) -> None:
    project, remote = repository
    sidecar = next((project / "content" / "articles").glob("*.yaml"))
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("speaker: Finaud", "speaker: Finod"),
                       encoding="utf-8")
    result = briefgen("publish", cwd=project)
    assert result.returncode == 1
    assert "unknown speaker 'Finod'" in result.stderr and "not published" in result.stderr
    assert git(remote, "branch", "--list").strip() == ""


def test_publish_refuses_outside_git_and_without_the_remote(tmp_path: Path, repository) -> None:
    assert briefgen("init", str(tmp_path / "loose")).returncode == 0
    loose = briefgen("publish", cwd=tmp_path / "loose")
    assert loose.returncode == 1 and "not inside a git repository" in loose.stderr
    project, remote = repository
    missing = briefgen("publish", "--remote", "upstream", cwd=project)
    assert missing.returncode == 1 and "no git remote named 'upstream'" in missing.stderr
    assert not (project / "site").exists()  # refused before building anything
    assert git(remote, "branch", "--list").strip() == ""


def _commit_on(project: Path, branch: str, message: str) -> str:
    """A commit of the branch's own tree made on the local branch (as by hand), its id."""
    tree = git(project, "rev-parse", f"{branch}^{{tree}}").strip()
    commit = git(project, "commit-tree", tree, "-p", branch, "-m", message).strip()
    git(project, "update-ref", f"refs/heads/{branch}", commit)
    return commit


def _commit_content(project: Path) -> None:
    git(project, "add", "-A", "content", "briefgen.yaml")
    git(project, "commit", "--quiet", "-m", "content")


def test_publish_never_leaves_a_local_commit_unreachable(repository) -> None:
    project, remote = repository
    _commit_content(project)
    assert briefgen("publish", cwd=project).returncode == 0
    published = git(remote, "rev-parse", "gh-pages").strip()

    mine = _commit_on(project, "gh-pages", "a fix made by hand, not pushed")
    article = next((project / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    refused = briefgen("publish", cwd=project)
    assert refused.returncode == 1, refused.stderr
    assert "ahead of 'origin/gh-pages'" in refused.stderr and "git push origin gh-pages" in refused.stderr
    assert git(project, "rev-parse", "gh-pages").strip() == mine  # kept
    assert git(remote, "rev-parse", "gh-pages").strip() == published  # nothing pushed

    # diverged: the remote moved on (published from another clone) while the local commit waits
    other = project.parent / "other-clone"
    git(project.parent, "clone", "--quiet", "--branch", "gh-pages", str(remote), str(other))
    (other / "extra.txt").write_text("from elsewhere\n", encoding="utf-8")
    git(other, "add", "extra.txt")
    git(other, "commit", "--quiet", "-m", "published elsewhere")
    git(other, "push", "--quiet", "origin", "gh-pages")
    diverged = briefgen("publish", cwd=project)
    assert diverged.returncode == 1 and "has diverged from 'origin/gh-pages'" in diverged.stderr
    assert git(project, "rev-parse", "gh-pages").strip() == mine

    # once the local commit is dropped by the user's choice, publishing builds on the remote's history
    git(project, "branch", "-f", "gh-pages", "origin/gh-pages")
    again = briefgen("publish", "--message", "Third", cwd=project)
    assert again.returncode == 0, again.stderr
    assert git(remote, "log", "--format=%s", "gh-pages").splitlines()[:2] == ["Third", "published elsewhere"]


def test_publish_pushes_nothing_when_the_site_is_unchanged_and_says_what_is_uncommitted(repository) -> None:
    project, remote = repository
    first = briefgen("publish", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "note: publishing changes not committed to git (" in first.stderr  # nothing is committed yet
    _commit_content(project)
    log = git(remote, "log", "--format=%H", "gh-pages").splitlines()

    same = briefgen("publish", "--message", "Nothing new", cwd=project)
    assert same.returncode == 0, same.stderr
    assert "nothing to publish" in same.stdout and "note:" not in same.stderr
    assert git(remote, "log", "--format=%H", "gh-pages").splitlines() == log
    assert git(project, "rev-parse", "gh-pages").strip() == log[0]  # no commit made locally either

    sidecar = next((project / "content" / "articles").glob("*.yaml"))
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("title: ", "title: Edited — ", 1), encoding="utf-8")
    edited = briefgen("publish", "--message", "Edited", cwd=project)
    assert edited.returncode == 0, edited.stderr
    assert sidecar.name in edited.stderr and "not committed" in edited.stderr
    assert git(remote, "log", "--format=%s", "gh-pages").splitlines()[0] == "Edited"
