"""Placing a TOML error in the file: the key path of a key defined twice, and
the line of nesting that is too deep.

:mod:`tomllib` says where a duplicate key is (``Cannot overwrite a value (at
line 3, column 4)``) but not which key.  :func:`duplicate_key_path` works it
out from the parts of the file that do parse: the table the key is written
in (a probe key appended to the text before it shows where it lands) and the
dotted key on its line.  Both run only after a parse has failed.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

from civscore.messages import message

__all__ = ["deep_nesting_place", "duplicate_key_path", "key_path_join", "toml_places"]

_AT = re.compile(r"\((?:at line (\d+), column \d+|at end of document)\)\s*$")
_DUPLICATE = re.compile(r"^(?:Cannot overwrite a value|Cannot declare .* twice|"
                        r"Cannot redefine namespace|Cannot mutate immutable namespace|"
                        r"Duplicate inline table key '([^']*)')")
_SIMPLE_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KEY_LINE = re.compile(rf"[ \t]*({_SIMPLE_KEY}(?:[ \t]*\.[ \t]*{_SIMPLE_KEY})*)[ \t]*=")
_HEADER_LINE = re.compile(rf"[ \t]*\[\[?[ \t]*({_SIMPLE_KEY}(?:[ \t]*\.[ \t]*{_SIMPLE_KEY})*)")
_PROBE = "civscore-probe-4f1c9a"


def key_path_join(path: str, key: str) -> str:
    """``path.key``, or ``path["key"]`` for a key that is not a plain ASCII
    word (as :mod:`civscore.model.serde` writes key paths)."""
    if key.replace("_", "").replace("-", "").isalnum() and key.isascii():
        return f"{path}.{key}"
    return f'{path}["{key}"]'


def _loads(text: str) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    return data


def _key_parts(dotted: str) -> list[str] | None:
    """The parts of a dotted TOML key as written (``a."b.c"`` → a, b.c)."""
    parsed = _loads(f"{dotted} = 0")
    parts: list[str] = []
    while isinstance(parsed, dict) and len(parsed) == 1:
        key, parsed = next(iter(parsed.items()))
        parts.append(key)
    return parts or None


def _walk(data: Any, keys: list[str], path: str = "$") -> str:
    """The key path of ``keys`` in ``data``, with the last entry of each array
    of tables on the way (the one a header or key adds to)."""
    for key in keys:
        path = key_path_join(path, key)
        data = data.get(key) if isinstance(data, dict) else None
        if isinstance(data, list) and data:
            path = f"{path}[{len(data) - 1}]"
            data = data[-1]
    return path


def _find_probe(data: Any, path: str = "$") -> str | None:
    if isinstance(data, dict):
        if _PROBE in data:
            return path
        for key, value in data.items():
            found = _find_probe(value, key_path_join(path, str(key)))
            if found is not None:
                return found
    elif isinstance(data, list) and data:
        return _find_probe(data[-1], f"{path}[{len(data) - 1}]")
    return None


def duplicate_key_path(text: str, message: str) -> str | None:
    """The key path of the key that :mod:`tomllib`'s ``message`` says is
    defined twice in ``text`` (``$.categories[1].points``), or ``None`` when
    ``message`` is about something else or the path cannot be told."""
    reason = _DUPLICATE.match(message)
    at = _AT.search(message)
    if reason is None or at is None:
        return None
    lines = text.splitlines(keepends=True)
    number = int(at.group(1)) if at.group(1) else len(lines)
    header = _HEADER_LINE.match(lines[number - 1]) if 0 < number <= len(lines) else None
    if header is not None:
        parts = _key_parts(header.group(1))
        earlier = _loads("".join(lines[:number - 1]))
        return None if parts is None or earlier is None else _walk(earlier, parts)
    for start in range(min(number, len(lines)), 0, -1):
        key = _KEY_LINE.match(lines[start - 1])
        if key is None:
            continue
        before = "".join(lines[:start - 1])
        try:
            table = _find_probe(_loads(f"{before}\n{_PROBE} = 0\n"))
        except RecursionError:
            return None
        parts = _key_parts(key.group(1))
        if table is None or parts is None:
            continue
        path = table
        for part in parts:
            path = key_path_join(path, part)
        return key_path_join(path, reason.group(1)) if reason.group(1) else path
    return None


def deep_nesting_place(text: str, limit: int) -> str:
    """``" (line L, column C)"``: where the arrays and inline tables of
    ``text`` first nest more than ``limit`` deep (outside strings and
    comments), or ``""`` when no such place is found."""
    depth, line, line_start, i = 0, 1, 0, 0
    closers = {'"""': '"""', "'''": "'''", '"': '"', "'": "'"}
    while i < len(text):
        ch = text[i]
        opener = next((q for q in closers if text.startswith(q, i)), None)
        if opener is not None:
            end = _string_end(text, i + len(opener), opener)
            if "\n" in text[i:end]:
                line, line_start = line + text.count("\n", i, end), text.rindex("\n", i, end) + 1
            i = end
            continue
        if ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if ch == "\n":
            line, line_start = line + 1, i + 1
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return message("file.at", line=line, column=i - line_start + 1)
        elif ch in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return ""


def _string_end(text: str, i: int, quote: str) -> int:
    """The offset just after the string that ``quote`` opened before ``i``."""
    escapes = quote.startswith('"')
    while i < len(text):
        if escapes and text[i] == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            return i + len(quote)
        if len(quote) == 1 and text[i] == "\n":
            return i
        i += 1
    return i


@functools.lru_cache(maxsize=4)
def toml_places(text: str) -> dict[str, tuple[int, int]]:
    """Key path → (line, column), from 1, of each table header and each
    ``key = value`` line of ``text`` (outside multi-line strings); a key
    inside an inline table or array is not in it, but the key of the line it
    is written on is.  Best effort, for placing an error that has a key path."""
    places: dict[str, tuple[int, int]] = {}
    arrays: dict[str, int] = {}  # array-of-tables path (unindexed last part) → entries
    table = "$"
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        quotes = line.count('"""') + line.count("'''")
        if in_string:
            in_string = quotes % 2 == 0
            continue
        in_string = quotes % 2 == 1
        header = _HEADER_LINE.match(line)
        key = None if header else _KEY_LINE.match(line)
        found = header or key
        parts = _key_parts(found.group(1)) if found else None
        if found is None or parts is None:
            continue
        column = found.start(1) + 1
        if header is not None:
            table = _resolve(parts, arrays, line.lstrip().startswith("[["))
            places.setdefault(table, (number, column))
            continue
        path = table
        for part in parts:
            path = key_path_join(path, part)
        places.setdefault(path, (number, column))
    return places


def _resolve(parts: list[str], arrays: dict[str, int], is_array: bool) -> str:
    """The key path a table header names, counting the entries of arrays of tables."""
    path = "$"
    for i, part in enumerate(parts):
        path = key_path_join(path, part)
        if is_array and i == len(parts) - 1:
            arrays[path] = arrays.get(path, 0) + 1
        if path in arrays:
            path = f"{path}[{arrays[path] - 1}]"
    return path
