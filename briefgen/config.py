"""briefgen.yaml → a frozen SiteConfig, with command-line overrides applied."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from .errors import Diagnostics, Location
from .fields import Fields, check_mapping, is_http_url
from .sources import read_text
from .yamlsrc import load_yaml

CONFIG_FILE = "briefgen.yaml"

CONFIG_KEYS = (
    "title", "description", "base_url", "language", "content_dir", "templates_dir",
    "static_dir", "output_dir", "allow_html", "cname",
)


@dataclass(frozen=True)
class SiteConfig:
    """Site settings; every path is absolute, every key has a default."""

    root: Path
    title: str = "Briefings"
    description: str = ""
    base_url: str = ""
    language: str = "en"
    content_dir: Path = Path("content")
    templates_dir: Path = Path("templates")
    static_dir: Path = Path("static")
    output_dir: Path = Path("site")
    allow_html: bool = False
    cname: str | None = None

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/'."""
        path = urlsplit(self.base_url).path if self.base_url else "/"
        path = "/" + path.strip("/")
        return path if path == "/" else path + "/"

    def with_overrides(self, base_url: str | None = None, output_dir: str | None = None) -> "SiteConfig":
        config = self
        if base_url is not None:
            config = replace(config, base_url=base_url)
        if output_dir is not None:
            config = replace(config, output_dir=(Path.cwd() / output_dir).resolve())
        return config


SHAPES = {  # what a setting must look like, and what to write instead
    "language": (re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*"),
                 "should be a language tag such as 'en', 'fr' or 'pt-BR'"),
    "cname": (re.compile(r"(?=.{1,253}\Z)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"),
              "should be a domain name only, such as 'briefings.example.org' (no https://, no path, no spaces)"),
}


def base_url_problem(value: str) -> str | None:
    """Why a base_url cannot be used, or None when it can."""
    if is_http_url(value) and (urlsplit(value).username is not None or urlsplit(value).password is not None):
        return ("base_url holds a user name or password, which every page of the site would publish: "
                "remove the part before '@'")
    if (value.startswith("/") and not value.startswith("//") and not any(c.isspace() for c in value)) \
            or is_http_url(value):
        return None
    return f"base_url should be a full http(s) address like https://org.github.io/briefings/ or a path like /briefings/, not '{value}'"


def load_config(root: Path, diags: Diagnostics) -> SiteConfig:
    """Read briefgen.yaml if there is one; problems go to `diags`, defaults fill the gaps."""
    root = root.resolve()
    defaults = SiteConfig(root=root)
    path = root / CONFIG_FILE
    values: dict = {}
    if path.exists():
        text = read_text(path, CONFIG_FILE, diags)
        data = load_yaml(text, CONFIG_FILE, diags) if text is not None else None
        mapping = check_mapping(data, Location(CONFIG_FILE, 1, 1), CONFIG_FILE, diags) if data is not None else None
        if mapping is not None:
            fields = Fields(mapping, diags, CONFIG_FILE, CONFIG_KEYS)
            for key in ("title", "description", "language", "cname"):
                if (text_value := fields.text(key)) is not None:
                    if key in SHAPES and not SHAPES[key][0].fullmatch(text_value):
                        diags.error(f"invalid-{key}", fields.loc(key), f"{key} '{text_value}': {SHAPES[key][1]}")
                    else:
                        values[key] = text_value
            if (base_url := fields.text("base_url")) is not None:
                if problem := base_url_problem(base_url):
                    diags.error("invalid-url", fields.loc("base_url"), problem)
                else:
                    values["base_url"] = base_url
            for key in ("content_dir", "templates_dir", "static_dir", "output_dir"):
                if (dir_value := fields.text(key)) is not None:
                    values[key] = Path(dir_value)
            values["allow_html"] = fields.boolean("allow_html", False)
    config = replace(defaults, **values)
    return replace(
        config,
        content_dir=(root / config.content_dir).resolve(),
        templates_dir=(root / config.templates_dir).resolve(),
        static_dir=(root / config.static_dir).resolve(),
        output_dir=(root / config.output_dir).resolve(),
    )
