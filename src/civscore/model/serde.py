"""Converting between the attrs models and plain data, with key paths.

One mechanism serves the TOML loader (numbers arrive as Decimal or int), the
JSON form of results (numbers travel as strings so that no float ever touches
a point), canonical hashing and the JSON Schemas.  Each class's field types
and ``doc`` metadata are the single source of truth.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal, TypeVar, Union

import attrs

from civscore.exceptions import FileFormatError
from civscore.messages import language, message
from civscore.model.fields import gloss
from civscore.model.labels import CLASS_LABELS
from civscore.model.points import to_text

__all__ = ["MAX_MAGNITUDE", "json_schema", "structure", "structure_problems", "unseen_character",
           "unstructure", "wrong_type"]

T = TypeVar("T")

#: No number in a civscore file may exceed this (points, counts, rates).
MAX_MAGNITUDE = Decimal(1_000_000)


def _table_name(cls: type) -> str:
    """What a message calls the table of ``cls``: its Chinese name in
    Chinese (``测评记录``), else its class name (``Assessment``)."""
    return CLASS_LABELS.get(cls.__name__, cls.__name__) if language() == "zh" else cls.__name__


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return message("found.bool", value=str(value).lower())
    if isinstance(value, (int, Decimal)):
        return message("found.number", value=value)
    if isinstance(value, str):
        return message("found.string", value=repr(value))
    if isinstance(value, dict):
        return message("found.table")
    if isinstance(value, list):
        return message("found.array")
    if isinstance(value, datetime.datetime):
        return message("found.datetime", value=value.isoformat())
    if isinstance(value, datetime.date):
        return message("found.date", value=value.isoformat())
    return message("found.other", value=type(value).__name__)


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    names = {Decimal: "type.number", int: "type.int", str: "type.string", bool: "type.bool",
             datetime.date: "type.date"}
    if tp in names:
        return message(names[tp])
    if origin is Literal:
        return message("type.choice", choices=", ".join(repr(a) for a in typing.get_args(tp)))
    if origin is tuple:
        return message("type.array")
    if origin in (dict, Mapping) or attrs.has(tp):
        return message("type.table")
    return str(tp)


class _SkipError(Exception):
    """Collecting: this value is wrong (recorded); go on with its siblings."""


class _FullError(Exception):
    """Collecting: as many problems as asked for are recorded; stop."""


class _Ctx:
    """How to read scalar values, and which error to raise (or, collecting,
    record in ``problems``, at most ``limit``)."""

    def __init__(self, error: type[FileFormatError], source: str, numbers_as_text: bool,
                 problems: list[FileFormatError] | None = None, limit: int = 0) -> None:
        self.error = error
        self.source = source
        self.numbers_as_text = numbers_as_text
        self.problems = problems
        self.limit = limit

    def fail(self, path: str, message: str, code: str = "wrong-type") -> typing.NoReturn:
        problem = self.error(message, source=self.source, path=path, code=code)
        if self.problems is None:
            raise problem
        self.problems.append(problem)
        if len(self.problems) >= self.limit:
            raise _FullError
        raise _SkipError


#: Characters a text may not hold: control characters but tab and line ends,
#: and the bidirectional overrides, which make printed text read otherwise.
_UNSEEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def wrong_type(expected: type, data: object) -> str:
    """The message of ``data`` given where a value of type ``expected`` belongs
    (``expected true or false, found the number 0``), as the structuring
    says it."""
    return message("serde.expected", expected=_type_name(expected), found=_describe(data))


def unseen_character(text: str) -> str | None:
    """The first character ``text`` may not hold, as ``U+202E`` (a control
    character other than tab and line ends, or a bidirectional override, which
    makes printed text read otherwise); None when there is none."""
    found = _UNSEEN.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def _brief(value: Decimal | int) -> str:
    """A number as an error message shows it: exactly, but one of more than
    twenty digits in scientific notation (``1.000E+400``), not in full."""
    number = Decimal(value)
    return to_text(number) if number.adjusted() < 20 else f"{number:.3E}"


def structure(
    data: Any,
    cls: type[T],
    *,
    error: type[FileFormatError] = FileFormatError,
    source: str = "<mapping>",
    path: str = "$",
    numbers_as_text: bool = False,
) -> T:
    """Build an instance of the attrs class ``cls`` from plain data.

    :param data: nested dicts/lists as :mod:`tomllib` (with
        ``parse_float=Decimal``) or :mod:`json` produce them.
    :param error: the exception class raised on bad data.
    :param source: the file name used in error messages.
    :param numbers_as_text: accept Decimals written as strings (the JSON form).
    :raises FileFormatError: (or ``error``) naming ``source`` and the key path.
    """
    return typing.cast(T, _structure(data, cls, path, _Ctx(error, source, numbers_as_text)))


def structure_problems(
    data: Any,
    cls: type[T],
    *,
    error: type[FileFormatError] = FileFormatError,
    source: str = "<mapping>",
    limit: int = 100,
) -> tuple[T | None, list[FileFormatError]]:
    """Build ``cls`` from ``data`` as :func:`structure` does, but record every
    problem rather than stop at the first: each wrong value, unknown key and
    missing key of the document (a wrong value's insides are not looked
    into), in document order, at most ``limit``.

    :return: (the value, ``[]``) when there is no problem, else (``None``,
        the problems as ``error`` instances, each with its key path and ``code``).
    """
    problems: list[FileFormatError] = []
    ctx = _Ctx(error, source, False, problems, max(limit, 1))
    try:
        value = _structure(data, cls, "$", ctx)
    except (_SkipError, _FullError):
        return None, problems
    return typing.cast(T, value), problems


def _each(items: Iterable[tuple[str, Any]], ctx: _Ctx,
          read: Callable[[str, Any], Any]) -> list[Any]:
    """``read(path, value)`` of every item; collecting, a wrong item is
    recorded and the others are still read (then the whole is wrong)."""
    out: list[Any] = []
    wrong = False
    for path, value in items:
        try:
            out.append(read(path, value))
        except _SkipError:
            wrong = True
    if wrong:
        raise _SkipError
    return out


def _structure(data: Any, tp: Any, path: str, ctx: _Ctx) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if data is None:
            return None
        (inner,) = args
        return _structure(data, inner, path, ctx)
    if tp is Any:
        return _plain(data, path, ctx)
    if attrs.has(tp):
        return _structure_attrs(data, tp, path, ctx)
    if origin is tuple:
        if not isinstance(data, (list, tuple)):
            hint = ""
            if isinstance(data, dict):
                hint = message("serde.array-hint", key=path.rsplit(".", 1)[-1])
            ctx.fail(path, message("serde.expected-array", found=_describe(data)) + hint)
        (inner, _ellipsis) = typing.get_args(tp)
        return tuple(_each(((f"{path}[{i}]", v) for i, v in enumerate(data)), ctx,
                           lambda at, v: _structure(v, inner, at, ctx)))
    if origin is dict:
        if not isinstance(data, dict):
            ctx.fail(path, message("serde.expected-table", found=_describe(data)))
        _key_type, value_type = typing.get_args(tp)
        keys = [str(k) for k in data]
        values = _each(((_join(path, k), v) for k, v in zip(keys, data.values(), strict=True)),
                       ctx, lambda at, v: _structure(v, value_type, at, ctx))
        return dict(zip(keys, values, strict=True))
    if origin is Literal:
        allowed = typing.get_args(tp)
        if data not in allowed or isinstance(data, bool):
            ctx.fail(path, message("serde.expected", expected=_type_name(tp),
                                   found=_describe(data)), "not-a-choice")
        return data
    if tp is Decimal:
        return _decimal(data, path, ctx)
    if tp is bool:
        if not isinstance(data, bool):
            ctx.fail(path, wrong_type(bool, data))
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            ctx.fail(path, message("serde.expected", expected=_type_name(int),
                                   found=_describe(data)))
        if not 0 <= data <= MAX_MAGNITUDE:
            ctx.fail(path, message("serde.int-range", most=MAX_MAGNITUDE, value=_brief(data)),
                     "out-of-range")
        return data
    if tp is str:
        if not isinstance(data, str):
            ctx.fail(path, message("serde.expected-string", found=_describe(data)))
        unseen = unseen_character(data)
        if unseen is not None:
            ctx.fail(path, message("serde.control", char=unseen), "control-character")
        return data
    if tp is datetime.date:
        if isinstance(data, str) and ctx.numbers_as_text:
            try:
                return datetime.date.fromisoformat(data)
            except ValueError:
                ctx.fail(path, message("serde.expected-iso-date", found=_describe(data)),
                         "not-a-date")
        if isinstance(data, datetime.datetime) or not isinstance(data, datetime.date):
            ctx.fail(path, message("serde.expected-date", found=_describe(data)), "not-a-date")
        return data
    raise TypeError(f"civscore cannot structure {tp!r}")  # a programming error, not bad input


def _plain(data: Any, path: str, ctx: _Ctx) -> Any:
    """Free-form values (plugin options): check numbers, keep the rest."""
    if isinstance(data, dict):
        return {str(k): _plain(v, _join(path, str(k)), ctx) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v, f"{path}[{i}]", ctx) for i, v in enumerate(data)]
    if isinstance(data, Decimal) and not data.is_finite():
        ctx.fail(path, message("serde.finite", value=data), "not-finite")
    if isinstance(data, float):
        return _decimal(data, path, ctx)
    return data


def _decimal(data: Any, path: str, ctx: _Ctx) -> Decimal:
    if isinstance(data, bool):
        ctx.fail(path, message("serde.expected-number", found=_describe(data)))
    if isinstance(data, str) and ctx.numbers_as_text:
        try:
            data = Decimal(data)
        except ArithmeticError:
            ctx.fail(path, message("serde.expected-number", found=_describe(data)))
    if isinstance(data, float):
        ctx.fail(path, message("serde.float"), "float")
    if isinstance(data, int):
        data = Decimal(data)
    if not isinstance(data, Decimal):
        hint = message("serde.quotes-hint") if isinstance(data, str) else ""
        ctx.fail(path, message("serde.expected-number", found=_describe(data)) + hint)
    if not data.is_finite():
        ctx.fail(path, message("serde.not-finite", value=data), "not-finite")
    if data < 0 and not ctx.numbers_as_text:
        ctx.fail(path, message("serde.negative", value=to_text(data)), "out-of-range")
    # The bound catches typos in files; a result's derived figures (a rule hit
    # a million times, a large rescale factor) may exceed it.
    if abs(data) > MAX_MAGNITUDE and not ctx.numbers_as_text:
        ctx.fail(path, message("serde.too-big", most=MAX_MAGNITUDE, value=_brief(data)),
                 "out-of-range")
    return data


def _join(path: str, key: str) -> str:
    if key.replace("_", "").replace("-", "").isalnum() and key.isascii():
        return f"{path}.{key}"
    return f'{path}["{key}"]'


def _structure_attrs(data: Any, cls: type, path: str, ctx: _Ctx) -> Any:
    if not isinstance(data, dict):
        ctx.fail(path, message("serde.expected-table", found=_describe(data)))
    fields = attrs.fields_dict(cls)
    hints = _hints(cls)
    wrong = False
    for key in data:
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            hint = message("serde.did-you-mean", close=close[0]) if close else ""
            try:
                ctx.fail(_join(path, str(key)),
                         message("serde.unknown-key", key=key, cls=_table_name(cls), hint=hint,
                                 allowed=", ".join(sorted(fields))), "unknown-key")
            except _SkipError:
                wrong = True
    kwargs: dict[str, Any] = {}
    for name, field in fields.items():
        try:
            if name in data:
                kwargs[name] = _structure(data[name], hints[name], _join(path, name), ctx)
            elif field.default is attrs.NOTHING:
                ctx.fail(path, message("serde.missing-key", key=name,
                                       doc=gloss(field.metadata, language())), "missing-key")
        except _SkipError:
            wrong = True
    if wrong:
        raise _SkipError
    return cls(**kwargs)


def unstructure(obj: Any, *, numbers_as_text: bool = True, skip_defaults: bool = False) -> Any:
    """The plain-data form of an attrs value: dicts, lists, strings, and
    Decimals as canonical text (or kept as Decimal with ``numbers_as_text=False``).

    Keys are in field order; dates become ISO strings when ``numbers_as_text``.
    """
    if attrs.has(type(obj)):
        out: dict[str, Any] = {}
        for field in attrs.fields(type(obj)):
            value = getattr(obj, field.name)
            if skip_defaults and _is_default(field, value):
                continue
            out[field.name] = unstructure(
                value, numbers_as_text=numbers_as_text, skip_defaults=skip_defaults
            )
        return out
    if isinstance(obj, (tuple, list)):
        return [unstructure(v, numbers_as_text=numbers_as_text, skip_defaults=skip_defaults)
                for v in obj]
    if isinstance(obj, dict):
        return {k: unstructure(v, numbers_as_text=numbers_as_text, skip_defaults=skip_defaults)
                for k, v in obj.items()}
    if isinstance(obj, Decimal):
        return to_text(obj) if numbers_as_text else obj
    if isinstance(obj, datetime.date) and numbers_as_text:
        return obj.isoformat()
    return obj


def _is_default(field: attrs.Attribute[Any], value: Any) -> bool:
    default = field.default
    if default is attrs.NOTHING:
        return False
    factory = getattr(default, "factory", None)
    if factory is not None:
        return bool(value == typing.cast(Callable[[], Any], factory)())
    return bool(value == default)


def json_schema(cls: type, *, numbers_as_text: bool, title: str = "") -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for the plain-data form of ``cls``.

    :param numbers_as_text: Decimals as strings (the result JSON) rather than
        numbers (the TOML files).
    """
    defs: dict[str, Any] = {}
    root = _schema(cls, defs, numbers_as_text)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title or cls.__name__,
    }
    schema.update(root)
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


_DECIMAL_TEXT = r"^-?[0-9]+(\.[0-9]+)?$"


def _schema(tp: Any, defs: dict[str, Any], as_text: bool, meta: Mapping[str, Any] = {}) -> Any:
    origin = typing.get_origin(tp)
    doc = {"description": meta["doc"]} if "doc" in meta else {}
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        if as_text:  # the JSON form writes None as null; TOML simply omits the key
            return {"anyOf": [_schema(inner, defs, as_text), {"type": "null"}], **doc}
        return _schema(inner, defs, as_text, meta)
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = _hints(tp)
            props = {f.name: _schema(hints[f.name], defs, as_text, f.metadata)
                     for f in attrs.fields(tp)}
            required = [f.name for f in attrs.fields(tp)
                        if f.default is attrs.NOTHING and "omitted_when" not in f.metadata]
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().split("\n\n")[0],
                "properties": props,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}", **doc}
    if origin is tuple:
        (inner, _e) = typing.get_args(tp)
        return {"type": "array", "items": _schema(inner, defs, as_text), **doc}
    if origin is dict:
        _k, value = typing.get_args(tp)
        items = {} if value is Any else _schema(value, defs, as_text)
        return {"type": "object", "additionalProperties": items or True, **doc}
    if origin is Literal:
        return {"enum": list(typing.get_args(tp)), **doc}
    if tp is Decimal:
        bound = {"maximum": 100} if meta.get("kind") == "rate" else {}
        if meta.get("kind") == "fraction":
            bound = {"maximum": 1}
        if as_text:
            return {"type": "string", "pattern": _DECIMAL_TEXT, **doc}
        return {"type": "number", "minimum": 0, **(bound or {"maximum": 1_000_000}), **doc}
    if tp is int:
        return {"type": "integer", "minimum": 0, "maximum": meta.get("max", 1_000_000), **doc}
    if tp is bool:
        return {"type": "boolean", **doc}
    if tp is str:
        return {"type": "string", **doc}
    if tp is datetime.date:
        return {"type": "string", "format": "date", **doc}
    if tp is Any:
        return doc or True
    raise TypeError(f"no schema for {tp!r}")
