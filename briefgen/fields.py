"""Typed reading of one YAML mapping: each key checked, unknown keys reported with a suggestion."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable
from urllib.parse import urlsplit

from .errors import Diagnostics, Location, did_you_mean
from .yamlsrc import YamlList, YamlMap

SLUG = r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?"  # a safe id
SLUG_RE = re.compile(f"^{SLUG}$")


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if value is None:
        return "empty"
    if isinstance(value, bytes):
        return "binary data"
    return "text"


def is_http_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
        parts.port  # raises on a port that is not a number
    except ValueError:  # e.g. an unclosed '[' of an IPv6 host
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_mapping(value: Any, where: Location, what: str, diags: Diagnostics) -> YamlMap | None:
    """The value if it is a mapping, else an error saying what was expected."""
    if isinstance(value, YamlMap):
        return value
    if value is None:
        diags.error("empty", where, f"{what} is empty; expected a mapping of keys")
    else:
        diags.error("wrong-type", where, f"{what} should be a mapping of keys, not {type_name(value)}")
    return None


class Fields:
    """The keys of one mapping, read with type checks; every mistake goes to `diags`."""

    def __init__(self, mapping: YamlMap, diags: Diagnostics, what: str, allowed: Iterable[str]):
        self.mapping = mapping
        self.diags = diags
        self.what = what
        allowed = tuple(allowed)
        for key in mapping:
            if not isinstance(key, str) or key not in allowed:
                diags.error(
                    "unknown-key",
                    mapping.key_loc(key),
                    f"unknown key '{key}' in {what}{did_you_mean(str(key), allowed)}",
                )

    def loc(self, key: str) -> Location:
        return self.mapping.value_loc(key) if key in self.mapping else self.mapping.loc

    def key_loc(self, key: str) -> Location:
        return self.mapping.key_loc(key)

    def _wrong(self, key: str, expected: str) -> None:
        value = self.mapping[key]
        self.diags.error(
            "wrong-type", self.loc(key), f"'{key}' in {self.what} should be {expected}, not {type_name(value)}"
        )

    def _missing(self, key: str) -> None:
        self.diags.error("missing-key", self.mapping.loc, f"{self.what} needs '{key}'")

    def text(self, key: str, required: bool = False) -> str | None:
        """A text value; numbers, dates and booleans are kept exactly as written."""
        value = self.mapping.get(key)
        if value is None:
            if required:
                self._missing(key) if key not in self.mapping else self._wrong(key, "text")
            return None
        if isinstance(value, str):
            text = value.strip()
        elif isinstance(value, (int, float, bool, dt.date)):
            text = str(self.mapping.raw.get(key, value)).strip()
        else:
            self._wrong(key, "text")
            return None
        if required and not text:
            self.diags.error("empty", self.loc(key), f"'{key}' in {self.what} is empty")
            return None
        return text

    def text_list(self, key: str) -> tuple[str, ...]:
        """A list of texts; a single text is taken as a list of one."""
        value = self.mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),) if value.strip() else ()
        if not isinstance(value, YamlList):
            self._wrong(key, "a list")
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                items.append(str(item).strip())
            else:
                self.diags.error(
                    "wrong-type",
                    value.item_loc(index),
                    f"items of '{key}' in {self.what} should be text, not {type_name(item)}",
                )
        return tuple(i for i in items if i)

    def text_list_locs(self, key: str) -> tuple[Location, ...]:
        value = self.mapping.get(key)
        if isinstance(value, YamlList):
            return tuple(value.item_loc(i) for i in range(len(value)))
        return (self.loc(key),)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.mapping.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._wrong(key, "true or false")
            return default
        return value

    def integer(self, key: str, minimum: int = 1) -> int | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(key, "a whole number")
            return None
        if value < minimum:
            self.diags.error("out-of-range", self.loc(key), f"'{key}' in {self.what} should be {minimum} or more")
            return None
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.diags.error(
            "invalid-date", self.loc(key), f"'{key}' in {self.what} should be a date like 2022-01-15, not '{value}'"
        )
        return None

    def url(self, key: str) -> str | None:
        text = self.text(key)
        if text is not None and not is_http_url(text):
            self.diags.error(
                "invalid-url", self.loc(key), f"'{key}' in {self.what} should be an http(s) address, not '{text}'"
            )
            return None
        return text or None

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        text = self.text(key)
        if text is None:
            return default
        if text not in choices:
            self.diags.error(
                "invalid-value",
                self.loc(key),
                f"'{key}' in {self.what} should be one of {', '.join(choices)}, not '{text}'{did_you_mean(text, choices)}",
            )
            return default
        return text


def check_slug(value: Any, where: Location, what: str, diags: Diagnostics) -> str | None:
    """An id that is safe as one URL path segment (lower-case letters, digits, - and _)."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text is None:
        diags.error("invalid-id", where, f"{what} should be text, not {type_name(value)}")
        return None
    if not SLUG_RE.match(text):
        from slugify import slugify  # only to suggest a slug for one that is wrong

        hint = slugify(text)
        suggestion = f" (try '{hint}')" if hint and hint != text else ""
        diags.error(
            "invalid-id",
            where,
            f"{what} '{text}' is not a safe id: use lower-case letters, digits, '-' and '_'{suggestion}",
        )
        return None
    return text
