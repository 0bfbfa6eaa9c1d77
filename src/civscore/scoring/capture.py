"""What a plugin prints, kept off standard output.

A plugin that prints while it is imported, while its hooks run or while its
scoring method runs must not corrupt machine-readable output
(``civscore score --format json``, CSV).  :func:`captured` collects what
the current thread writes to :data:`sys.stdout` meanwhile, so that the
caller can report it as a warning naming the plugin.

Only the calling thread's writes are collected: while a capture is active,
``sys.stdout`` is a router that sends each write to the capture of the
thread that makes it, or, for a thread capturing nothing, to the stream that
was there before.  So a host serving requests on several threads keeps its
own output while a plugin is called on one of them.  What a plugin writes
around :data:`sys.stdout` (to file descriptor 1, or to ``sys.__stdout__``)
is not seen.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from civscore.messages import message

__all__ = ["captured", "chatter", "excerpt"]

_LOCK = threading.Lock()
_LOCAL = threading.local()


class _Router(io.TextIOBase):
    """``sys.stdout`` while a capture is active (see the module's description)."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target
        self.users = 0

    def write(self, text: str) -> int:
        buffer: io.StringIO | None = getattr(_LOCAL, "buffer", None)
        if buffer is not None:
            return buffer.write(text)
        return self.target.write(text)

    def flush(self) -> None:
        if getattr(_LOCAL, "buffer", None) is None:
            self.target.flush()

    def writable(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:  # encoding, isatty … of the real stream
        return getattr(self.target, name)


_router: _Router | None = None


def _enter() -> None:
    global _router  # noqa: PLW0603 (one router per process, installed while in use)
    with _LOCK:
        if _router is None:
            _router = _Router(sys.stdout)
            sys.stdout = _router
        _router.users += 1


def _leave() -> None:
    global _router  # noqa: PLW0603
    with _LOCK:
        if _router is None:
            return
        _router.users -= 1
        if _router.users <= 0:
            if sys.stdout is _router:
                sys.stdout = _router.target
            _router = None


@contextmanager
def captured() -> Iterator[io.StringIO]:
    """Collect what this thread writes to ``sys.stdout`` inside the ``with``
    block; yields the buffer it goes to.  Nested captures each get their own."""
    buffer = io.StringIO()
    outer = getattr(_LOCAL, "buffer", None)
    _enter()
    _LOCAL.buffer = buffer
    try:
        yield buffer
    finally:
        _LOCAL.buffer = outer
        _leave()


def excerpt(text: str, limit: int = 200) -> str:
    """``text`` as a warning quotes it: stripped, ``repr``-quoted (so that a
    newline shows as ``\\n``), shortened to about ``limit`` characters."""
    text = text.strip()
    if len(text) > limit:
        text = text[:limit] + "…"
    return repr(text)


def chatter(who: str, when: str, text: str) -> str:
    """The warning that ``who`` (``civscore plugin 'x' (civscore-x 0.1)``)
    printed ``text`` to standard output ``when`` (``while loading``, ``in
    civscore_rubrics`` …)."""
    return message("guard.printed", who=who, when=when, text=excerpt(text))
