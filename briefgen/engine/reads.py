"""What an output reads while it is made: facts named by keys ('article:slug', 'expert:id',
'template:base.html', 'list:articles', …), recorded at the moment they are read.

Whatever hands an output a piece of the site — the views' look-ups, the site-wide values, the
template loader — calls `read(key)`; the engine runs each output inside `recording()` and keeps
the keys with the output. A value computed once and shared by several outputs (a claim's card)
is kept with the keys read to make it (`Remembered`), and hands them on to every output that
uses it. Nothing is inferred after the fact: an output depends on exactly what it read."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Callable, Generic, Hashable, Iterator, TypeVar


class _Open(threading.local):
    """The reads of the outputs being made in this thread, innermost last (serve makes its search
    index in one thread while the next save's pages are made in another); and what says that
    their making is called off."""

    def __init__(self) -> None:
        self.stack: list[set[str]] = []
        self.called_off: Callable[[], bool] = lambda: False


_open = _Open()

T = TypeVar("T")


def read(key: str) -> None:
    """Say that the output being made reads the fact `key`."""
    if _open.stack:
        _open.stack[-1].add(key)


class CalledOff(Exception):
    """The making of an output was called off: what it would make is not wanted any more (serve:
    a newer save came while its search index was being made)."""


@contextmanager
def unless_called_off(called_off: Callable[[], bool]) -> Iterator[None]:
    """Outputs made in this block stop at their next `stop_if_called_off()` once `called_off()`
    says so (CalledOff)."""
    before, _open.called_off = _open.called_off, called_off
    try:
        yield
    finally:
        _open.called_off = before


def stop_if_called_off() -> None:
    """Said by an output's long loops (the search index's pages and words): stop here if its
    making was called off, so that the thread making it leaves the interpreter to the one that
    builds the newer save."""
    if _open.called_off():
        raise CalledOff


def read_all(keys: set[str] | frozenset[str]) -> None:
    if _open.stack:
        _open.stack[-1].update(keys)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the keys read inside; they count as read by an enclosing recording too."""
    keys: set[str] = set()
    _open.stack.append(keys)
    try:
        yield keys
    finally:
        _open.stack.pop()
        read_all(keys)


class Remembered(Generic[T]):
    """Values computed once and reused, each with what was read to compute it: a reuse reads
    the same facts again, so every output that uses the value depends on them."""

    def __init__(self) -> None:
        self.values: dict[Hashable, tuple[T, frozenset[str]]] = {}
        self.readers: dict[str, set[Hashable]] = {}  # by fact, the values that read it (or did once)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if key in self.values:
            value, keys = self.values[key]
            read_all(keys)
            return value
        with recording() as keys:
            value = compute()
        self.values[key] = (value, frozenset(keys))
        for fact in keys:
            self.readers.setdefault(fact, set()).add(key)
        return value

    def unless_read(self, changed: set[str]) -> "Remembered[T]":
        """The values none of whose facts is in `changed`: what the next build (serve's next
        save) may take as they are. They move there (this one is left empty): the work is that
        of the values that read a changed fact, not of all of them."""
        kept: Remembered[T] = Remembered()
        kept.values, kept.readers = self.values, self.readers
        self.values, self.readers = {}, {}
        for fact in changed:
            for key in kept.readers.pop(fact, ()):
                kept.values.pop(key, None)
        return kept
