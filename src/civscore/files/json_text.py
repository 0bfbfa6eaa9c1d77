"""Reading a rubric or assessment written as JSON, as the TOML files are read.

The JSON form is the one the shipped JSON Schemas describe: the same keys and
tables as the TOML file, with

- numbers read as exact decimals, mapped as TOML maps them: a number written
  without a fraction or exponent (``2``) is an ``int``, any other (``0.5``,
  ``1e2``) a :class:`~decimal.Decimal` of the digits written — never a binary
  float; ``NaN`` and ``Infinity`` (which :mod:`json` would accept) are refused;
- a date written as a string ``"YYYY-MM-DD"`` in a key that holds a date
  (:data:`DATE_KEYS`), since JSON has no dates;
- a key written twice in one object refused (:mod:`json` would keep the last),
  as TOML refuses it, and so is half of a surrogate pair (``"\\ud800"``
  alone), which is no character.

Every error names the key path and the line and column (:func:`json_places`
works them out from the text, only when there is an error to place).
"""

from __future__ import annotations

import bisect
import datetime
import functools
import json
import re
from decimal import Decimal
from typing import Any

import attrs

from civscore.exceptions import FileFormatError
from civscore.files.toml_errors import deep_nesting_place, key_path_join
from civscore.messages import message

__all__ = ["DATE_KEYS", "JsonPlaces", "json_places", "looks_like_json", "parse_json"]


#: The keys whose string values are read as dates in a JSON file: every
#: field of the model typed as a date (a test holds this to the model).
DATE_KEYS = frozenset({"assessed_on", "date"})

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _RefusedError(Exception):
    """A value :func:`json.loads` must not accept (NaN, a key written twice)."""


def _constant(name: str) -> Any:
    raise _RefusedError(name)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _RefusedError(key)
        out[key] = _date(value) if key in DATE_KEYS else value
    return out


def _date(value: Any) -> Any:
    """``value`` as a date when it is a string ``YYYY-MM-DD`` naming one; else
    as it is (the loader then says what a date must be)."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def looks_like_json(text: str) -> bool:
    """Whether ``text`` is JSON rather than TOML: its first character that is
    not white space is ``{`` (a TOML file cannot start so)."""
    return text.lstrip("\ufeff \t\r\n").startswith("{")


def parse_json(text: str, *, source: str = "<string>", max_depth: int = 32,
               error: type[FileFormatError] = FileFormatError) -> dict[str, Any]:
    """Parse a JSON rubric or assessment with exact decimals.

    :return: the data as :func:`~civscore.files.text.parse_toml` gives it
        (``int``, :class:`~decimal.Decimal`, :class:`datetime.date` for
        :data:`DATE_KEYS`, ``str``, ``bool``, lists and dicts; ``null`` as ``None``).
    :raises FileFormatError: (or ``error``) naming ``source``, with the line
        and column: a syntax error (``not-valid-json``), ``NaN`` or
        ``Infinity`` (``not-finite``, with its key path), a key written twice
        (``duplicate-key``, with its key path), nesting deeper than
        ``max_depth`` (``too-deep``), a document that is not an object
        (``wrong-type``).  Depth within ``max_depth`` is checked by the caller.
    """
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_constant,
                          object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise error(message("file.not-json", error=exc.msg), source=source, code="not-valid-json",
                    line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise error(message("file.too-deep", limit=max_depth,
                            where=deep_nesting_place(text, max_depth + 1)),
                    source=source, code="too-deep") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise error(message("file.not-json", error=exc), source=source,
                    code="not-valid-json") from None
    except _RefusedError:
        places = json_places(text)
        if places.not_finite:
            path = places.not_finite[0]
            line, column = places.at(path) or (None, None)
            raise error(message("file.json-not-finite"),
                        source=source, path=path, code="not-finite", line=line,
                        column=column) from None
        path, offset = places.duplicates[0] if places.duplicates else ("$", 0)
        line, column = places.line_column(offset)
        raise error(message("file.json-duplicate"),
                    source=source, path=path, code="duplicate-key", line=line,
                    column=column) from None
    if _SURROGATE_ESCAPE.search(text):
        _refuse_surrogates(data, text, source, error)
    if not isinstance(data, dict):
        raise error(message("file.json-not-object", found=type(data).__name__),
                    source=source, code="wrong-type", line=1, column=1)
    return data


#: A ``\\uD800``–``\\uDFFF`` escape: half of a surrogate pair, which
#: :mod:`json` leaves in a string alone when its other half is missing.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(data: Any, text: str, source: str,
                       error: type[FileFormatError]) -> None:
    """Refuse a key or string holding half of a surrogate pair (``"\\ud800"``
    alone): it is no character, TOML refuses it, and no output can write it.
    The key path names such a key with the escape written out."""
    stack: list[tuple[Any, str]] = [(data, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                child_path = key_path_join(path, key)
                if _SURROGATE.search(key):
                    _surrogate_error(text, child_path, source, error)
                stack.append((child, child_path))
        elif isinstance(value, list):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(value))
        elif isinstance(value, str) and _SURROGATE.search(value):
            _surrogate_error(text, path, source, error)


def _surrogate_error(text: str, path: str, source: str,
                     error: type[FileFormatError]) -> None:
    line, column = json_places(text).at(path) or (None, None)
    shown = _SURROGATE.sub(lambda half: f"\\u{ord(half.group()):04x}", path)
    raise error(message("file.json-surrogate"), source=source, path=shown,
                code="not-valid-json", line=line, column=column)


@attrs.frozen
class JsonPlaces:
    """Where the keys and values of a JSON text are.

    :ivar offsets: key path → offset (from 0) of the member's key, or of an
        array element's value.
    :ivar line_starts: the offset at which each line starts.
    :ivar duplicates: (key path, offset of the second writing) of each key
        written twice, in text order.
    :ivar not_finite: the key paths of ``NaN``, ``Infinity`` and ``-Infinity``.
    """

    offsets: dict[str, int]
    line_starts: list[int]
    duplicates: list[tuple[str, int]]
    not_finite: list[str]

    def at(self, path: str) -> tuple[int, int] | None:
        """(line, column), from 1, of ``path`` or of the nearest enclosing
        key path that is in the text; ``None`` when none is."""
        while path not in self.offsets:
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                return None
            path = path[:cut]
        return self.line_column(self.offsets[path])

    def line_column(self, offset: int) -> tuple[int, int]:
        """(line, column), from 1, of the character at ``offset``."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_LITERAL = re.compile(r"[^\s,:\]}]+")


@functools.lru_cache(maxsize=4)
def json_places(text: str) -> JsonPlaces:
    """Where each key path of ``text`` (JSON, ``NaN`` and ``Infinity``
    allowed) is written; iterative, so any depth is safe.  Text that is not
    JSON gives the places up to where it stops being JSON."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    offsets: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    not_finite: list[str] = []
    # Each open container: [path, is_object, keys seen (objects) or next index (arrays)].
    stack: list[list[Any]] = []
    member: str | None = "$"  # the key path of the value that comes next
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\r\n,:":
            if ch == "," and stack and not stack[-1][1]:
                stack[-1][2] += 1
            i += 1
            continue
        top = stack[-1] if stack else None
        if top is not None and not top[1] and ch not in "]":
            member = f"{top[0]}[{top[2]}]"
            offsets.setdefault(member, i)
        if ch in "]}":
            if not stack:  # a bracket closing nothing: the JSON stops here
                break
            stack.pop()
            i += 1
            continue
        if ch == '"':
            found = _STRING.match(text, i)
            if found is None:
                break
            if top is not None and top[1] and member is None:  # a key
                try:
                    key = json.loads(found.group())
                except ValueError:  # a control character in it: the JSON stops here
                    break
                member = key_path_join(top[0], key)
                if key in top[2]:
                    duplicates.append((member, i))
                else:
                    top[2].add(key)
                    offsets.setdefault(member, i)
            else:
                member = None
            i = found.end()
            continue
        if ch in "[{":
            if top is None:
                offsets.setdefault("$", i)
            stack.append([member or "$", ch == "{", set() if ch == "{" else 0])
            member = None
            i += 1
            continue
        found = _LITERAL.match(text, i)
        if found is None:
            break
        if found.group() in ("NaN", "Infinity", "-Infinity") and member is not None:
            not_finite.append(member)
        member = None
        i = found.end()
    return JsonPlaces(offsets, starts, duplicates, not_finite)
