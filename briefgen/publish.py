"""`briefgen publish`: commit the built site to a GitHub Pages branch with ghp-import and push it."""

from __future__ import annotations

import contextlib
import re
import subprocess
from pathlib import Path

import ghp_import

from .config import SiteConfig


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


def publish_site(config: SiteConfig, site_dir: Path, remote: str, branch: str, message: str) -> str | None:
    """Commit `site_dir` as the whole content of `branch` and push it to `remote`; returns the URL."""
    top = check_repository(config.root, remote)
    _git(top, "fetch", "--quiet", remote, f"{branch}:refs/remotes/{remote}/{branch}")  # absent at first: fine
    try:
        with contextlib.chdir(top):
            ghp_import.ghp_import(str(site_dir), mesg=message, remote=remote, branch=branch, push=True,
                                  nojekyll=True, cname=config.cname)
    except ghp_import.GhpError as exc:
        raise PublishError(f"git refused: {exc.message}") from None
    except subprocess.CalledProcessError as exc:
        raise PublishError(f"pushing to '{remote}' failed (git exit {exc.returncode}); "
                           "check your access to the remote and try again") from None
    return pages_url(config, _git(top, "remote", "get-url", remote).stdout.strip())
