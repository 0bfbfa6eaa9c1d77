"""The file each loaded value was read from, so that errors found later
(when an assessment is scored) still name it.

A value is not changed to remember its file: the name is kept beside it, by
the value's identity, for as long as the value lives.  A copy made with
:func:`attrs.evolve` is a new value and has no file.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

__all__ = ["remember_source", "source_of"]

_SOURCES: dict[int, tuple[weakref.ref[Any], str]] = {}
_LOCK = threading.Lock()


def remember_source(value: Any, source: str) -> None:
    """Remember that ``value`` (a rubric or an assessment) was read from ``source``."""
    key = id(value)

    def forget(_gone: weakref.ref[Any]) -> None:
        with _LOCK:
            entry = _SOURCES.get(key)
            if entry is not None and entry[0] is _gone:
                del _SOURCES[key]

    with _LOCK:
        _SOURCES[key] = (weakref.ref(value, forget), source)


def source_of(value: Any, default: str) -> str:
    """The file ``value`` was read from, or ``default`` when it was not read
    from one (built in code, or a copy)."""
    entry = _SOURCES.get(id(value))
    if entry is not None and entry[0]() is value:
        return entry[1]
    return default
