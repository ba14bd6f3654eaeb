"""`briefgen publish`: commit the built site to a GitHub Pages branch with ghp-import and push it."""

from __future__ import annotations

import contextlib
import re
import subprocess
from pathlib import Path

import ghp_import

from .config import SiteConfig
from .engine.build import plural


class PublishError(Exception):
    """Why nothing was published."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def check_repository(root: Path, remote: str) -> Path:
    """The repository's top folder; refuses a folder outside git or a remote that does not exist."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise PublishError(f"{root} is not inside a git repository: run `git init` and add a remote first")
    remotes = _git(root, "remote").stdout.split()
    if remote not in remotes:
        known = f" (this repository has: {', '.join(remotes)})" if remotes else " (this repository has none)"
        raise PublishError(f"there is no git remote named '{remote}'{known}; "
                           f"add one with `git remote add {remote} URL` or pass --remote")
    if not _git(root, "config", "user.email").stdout.strip():
        raise PublishError("git does not know who you are, so it cannot commit the site: run "
                           "`git config user.name \"Your Name\"` and `git config user.email you@example.org`")
    return Path(top.stdout.strip())


def pages_url(config: SiteConfig, remote_url: str) -> str | None:
    """Where the site will be: base_url when set, else what GitHub makes of the remote's address."""
    if config.base_url.startswith(("http://", "https://")):
        return config.base_url
    match = re.search(r"github\.com[:/]([^/]+)/([^/]+?)(?:\.git)?/?$", remote_url)
    if not match:
        return None
    owner, repo = match.groups()
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{repo}/"


def check_branch(top: Path, remote: str, branch: str) -> None:
    """Refuse to publish over commits of the local `branch` that `remote` does not have: the
    publishing commit is made on top of the remote's branch (ghp-import moves the local branch
    there first), so those would no longer be reachable. A local branch behind the remote's, or
    one the remote does not have yet, is fine."""
    fetched = _git(top, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    local = _git(top, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").stdout.strip()
    theirs = _git(top, "rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{branch}").stdout.strip()
    if fetched.returncode != 0 and _git(top, "ls-remote", "--exit-code", remote).returncode not in (0, 2):
        raise PublishError(f"cannot reach the remote '{remote}' (git: {fetched.stderr.strip() or 'no answer'}); "
                           "check your connection and your access to it, then publish again")
    if not local or not theirs or local == theirs or _is_ancestor(top, local, theirs):
        return
    ahead = _git(top, "rev-list", "--count", f"{theirs}..{local}").stdout.strip()
    state = ("has diverged from" if not _is_ancestor(top, theirs, local) else "is ahead of")
    raise PublishError(
        f"your local branch '{branch}' {state} '{remote}/{branch}' ({plural(int(ahead or 0), 'commit')} that '{remote}' "
        f"does not have): publishing would leave them unreachable. Keep them with `git push {remote} {branch}` (after a "
        f"merge, if they diverged), or drop them with `git branch -f {branch} {remote}/{branch}`; then publish again")


def _is_ancestor(top: Path, older: str, newer: str) -> bool:
    return _git(top, "merge-base", "--is-ancestor", older, newer).returncode == 0


def uncommitted(config: SiteConfig, top: Path) -> list[str]:
    """The project's inputs with changes not committed (what the published site is built from,
    as they are now)."""
    places = [str(place) for place in (config.content_dir, config.templates_dir, config.static_dir,
                                        config.root / "briefgen.yaml") if place.exists()]
    status = _git(top, "status", "--porcelain", "--untracked-files=all", "--", *places)
    return [line[3:] for line in status.stdout.splitlines() if line.strip()]


def publish_site(config: SiteConfig, top: Path, site_dir: Path, remote: str, branch: str,
                 message: str) -> tuple[str | None, bool]:
    """Commit `site_dir` as the whole content of `branch` and push it to `remote` (the repository
    at `top` checked by check_repository and check_branch), unless it is as the branch already
    holds it (then no commit is made, and nothing pushed). The URL the site will be at, and
    whether anything was pushed."""
    before = _git(top, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").stdout.strip()
    try:
        with contextlib.chdir(top):
            ghp_import.ghp_import(str(site_dir), mesg=message, remote=remote, branch=branch, push=False,
                                  nojekyll=True, cname=config.cname)
    except ghp_import.GhpError as exc:
        raise PublishError(f"git refused: {exc.message}") from None
    made = _git(top, "rev-parse", f"refs/heads/{branch}").stdout.strip()
    parent = _git(top, "rev-parse", "--verify", "--quiet", f"{made}^").stdout.strip()
    if parent and _git(top, "rev-parse", f"{made}^{{tree}}").stdout == _git(top, "rev-parse", f"{parent}^{{tree}}").stdout:
        _git(top, "update-ref", f"refs/heads/{branch}", parent, made)  # the same site: no commit
        made = parent
    theirs = _git(top, "rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{branch}").stdout.strip()
    pushed = made != theirs
    if pushed:
        push = _git(top, "push", "--quiet", remote, f"refs/heads/{branch}:refs/heads/{branch}")
        if push.returncode != 0:
            if before:
                _git(top, "update-ref", f"refs/heads/{branch}", before)
            raise PublishError(f"pushing to '{remote}' failed ({(push.stderr.strip().splitlines() or ['no answer'])[-1]}); "
                               "check your access to the remote and try again")
    return pages_url(config, _git(top, "remote", "get-url", remote).stdout.strip()), pushed
