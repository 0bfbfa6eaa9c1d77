"""Reading a civscore file's bytes into TOML data, within limits.

Every loader (rubric, assessment, overlay, and the command line) reads its
file through :func:`read_text` and :func:`parse_toml`, so the limits here
hold for all of them (``docs/refuses.md``):

- a file is at most :data:`MAX_FILE_BYTES` long;
- its bytes are UTF-8 (with or without a byte-order mark) or UTF-16 (with or
  without one); GBK/GB18030 is recognised and refused with a message saying
  how to convert it, unless the encoding is named;
- its tables and arrays nest at most :data:`MAX_DEPTH` deep;
- a TOML error names the line and column, and a key defined twice names its
  key path too (:mod:`civscore.files.toml_errors`).
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from civscore.exceptions import FileFormatError
from civscore.files.toml_errors import (
    deep_nesting_place,
    duplicate_key_path,
    key_path_join,
    toml_places,
)
from civscore.messages import message, os_reason

if TYPE_CHECKING:
    from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "build_from_text",
    "check_depth",
    "decode_text",
    "parse_document",
    "parse_toml",
    "place_of",
    "read_bytes",
    "read_stream",
    "read_text",
    "syntax_of",
    "utf16_codec",
]

T = TypeVar("T")

#: The largest file a loader reads, in bytes (8 MiB).  The largest rubric
#: shipped is under 10 KiB, a 2,000-item rubric about 0.5 MiB.
MAX_FILE_BYTES = 8 * 1024 * 1024

#: How deep tables and arrays may nest in a file (the document itself not
#: counted).  A rubric needs 9 at most: categories → a category → criteria →
#: a criterion → criteria → a sub-item → rules → a rule → deduct_range.
MAX_DEPTH = 32


def read_text(path: str | Path, *, encoding: str | None = None,
              error: type[FileFormatError] = FileFormatError) -> str:
    """The text of ``path``, decoded by :func:`decode_text`.

    :param encoding: ``None`` to detect UTF-8 or UTF-16; or any Python codec
        name such as ``"gb18030"``.
    :raises FileFormatError: (or ``error``) when the file is missing, is a
        directory, cannot be read, is larger than :data:`MAX_FILE_BYTES`, or
        does not decode (see :func:`decode_text`).
    """
    raw = read_bytes(path, error=error)
    return decode_text(raw, source=str(path), encoding=encoding, error=error)


def read_bytes(path: str | Path, *, error: type[FileFormatError] = FileFormatError) -> bytes:
    """The bytes of ``path``, at most :data:`MAX_FILE_BYTES` of them.

    :raises FileFormatError: (or ``error``) naming the file, when it is
        missing, is a directory, cannot be read or is larger than the limit
        (read no further, so ``/dev/zero`` is refused too).
    """
    source = str(path)
    try:
        with open(path, "rb") as handle:
            return _read_limited(handle, source, error)
    except FileNotFoundError:
        raise error(message("file.no-such-file"), source=source, code="no-such-file") from None
    except IsADirectoryError:
        raise error(message("file.directory"), source=source, code="no-such-file") from None
    except OSError as exc:
        raise error(message("file.unreadable", reason=os_reason(exc)), source=source,
                    code="unreadable") from None


def read_stream(stream: BinaryIO, *, source: str = "<stdin>", encoding: str | None = None,
                error: type[FileFormatError] = FileFormatError) -> str:
    """The text of a binary stream (standard input), as :func:`read_text` reads a file."""
    try:
        raw = _read_limited(stream, source, error)
    except OSError as exc:
        raise error(message("file.unreadable", reason=os_reason(exc)), source=source,
                    code="unreadable") from None
    return decode_text(raw, source=source, encoding=encoding, error=error)


def _read_limited(handle: BinaryIO, source: str, error: type[FileFormatError]) -> bytes:
    """At most :data:`MAX_FILE_BYTES` of ``handle``; more is an error (and
    ``/dev/zero`` is not read for ever)."""
    raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise error(message("file.too-large", mib=MAX_FILE_BYTES // (1024 * 1024)),
                    source=source, code="too-large")
    return raw


def utf16_codec(raw: bytes) -> str | None:
    """``"utf-16"`` when ``raw`` starts with a UTF-16 byte-order mark,
    ``"utf-16-le"`` or ``"utf-16-be"`` when it has none but is UTF-16 text
    (its NUL bytes, the high bytes of ASCII characters, sit at odd or at even
    offsets, and it decodes without a NUL character), else ``None``.

    UTF-8 text holds no NUL bytes, so this is never true of it.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(raw) < 2 or len(raw) % 2 or b"\x00" not in raw:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    # ASCII puts its NULs on one side; a CJK character U+xx00 (一) its on the other.
    codec = "utf-16-le" if odd > 2 * even else "utf-16-be" if even > 2 * odd else None
    if codec is None:
        return None
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else codec


def decode_text(raw: bytes, *, source: str = "<string>", encoding: str | None = None,
                error: type[FileFormatError] = FileFormatError) -> str:
    """``raw`` decoded: with ``encoding`` when given, else as UTF-8 (a BOM
    dropped) or UTF-16 (:func:`utf16_codec`).

    :raises FileFormatError: (or ``error``) naming ``source``: an unknown
        encoding, bytes that do not decode, or GBK/GB18030 text (saying how to
        convert it or read it as it is).
    """
    if encoding is not None:
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise error(message("file.unknown-encoding", encoding=encoding), source=source,
                        code="unknown-encoding") from None
        except UnicodeDecodeError as exc:
            raise error(message("file.not-in-encoding", encoding=encoding, offset=exc.start),
                        source=source,
                        code="not-decodable") from None
    utf16 = utf16_codec(raw)
    if utf16 is not None:
        try:
            return raw.decode(utf16).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise error(message("file.bad-utf16", offset=exc.start), source=source,
                        code="not-decodable") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw.startswith(b"PK\x03\x04"):  # a zip: a workbook or a .docx, not text
            raise error(message("file.zip"), source=source, code="not-decodable") from None
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise error(
                message("file.not-utf8", offset=exc.start),
                source=source, code="not-decodable",
            ) from None
        raise error(
            message("file.gb18030"),
            source=source, code="gb18030",
        ) from None


def parse_toml(text: str, *, source: str = "<string>",
               error: type[FileFormatError] = FileFormatError) -> dict[str, Any]:
    """Parse TOML text with exact decimals, and check its depth (:func:`check_depth`).

    :raises FileFormatError: (or ``error``) with the line and column of a
        syntax error, and the key path of a key defined twice or of tables
        and arrays nested deeper than :data:`MAX_DEPTH`.
    """
    try:
        data: dict[str, Any] = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        path = duplicate_key_path(text, str(exc))
        line, column = _toml_place(exc)
        if path is None:
            raise error(message("file.not-toml", error=exc), source=source, code="not-valid-toml",
                        line=line, column=column) from None
        raise error(message("file.toml-duplicate", error=exc), source=source, path=path,
                    code="duplicate-key",
                    line=line, column=column) from None
    except RecursionError:
        raise error(_too_deep(deep_nesting_place(text, MAX_DEPTH)), source=source,
                    code="too-deep") from None
    check_depth(data, source=source, error=error)
    return data


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)\s*$")


def _toml_place(exc: Exception) -> tuple[int | None, int | None]:
    """The line and column a TOML parser's error names, if it names them."""
    at = _TOML_AT.search(str(exc))
    return (int(at.group(1)), int(at.group(2))) if at else (None, None)


def parse_document(text: str, *, source: str = "<string>", syntax: str | None = None,
                   error: type[FileFormatError] = FileFormatError) -> dict[str, Any]:
    """Parse a rubric or assessment written in TOML or in JSON.

    :param syntax: ``"toml"`` or ``"json"``; ``None`` to go by the suffix of
        ``source`` (``.json``, ``.toml``) and else by the text itself
        (:func:`~civscore.files.json_text.looks_like_json`).
    :return: the data, numbers as ``int`` and :class:`~decimal.Decimal` whichever
        the syntax (see :func:`parse_toml` and
        :func:`~civscore.files.json_text.parse_json`).
    :raises FileFormatError: (or ``error``) as those two do.
    """
    syntax = syntax_of(text, source) if syntax is None else syntax
    if syntax == "json":
        from civscore.files.json_text import parse_json  # noqa: PLC0415 (only JSON files need it: start-up)

        data = parse_json(text, source=source, max_depth=MAX_DEPTH, error=error)
        check_depth(data, source=source, error=error)
        return data
    if syntax != "toml":
        raise ValueError(f"syntax must be 'toml', 'json' or None, not {syntax!r}")
    return parse_toml(text, source=source, error=error)


def syntax_of(text: str, source: str) -> str:
    """``"json"`` or ``"toml"``: by the suffix of ``source`` (``.json``,
    ``.toml``), else by the text (:func:`~civscore.files.json_text.looks_like_json`)."""
    suffix = source.rsplit(".", 1)[-1].lower() if "." in source else ""
    if suffix in ("json", "toml"):
        return suffix
    from civscore.files.json_text import looks_like_json  # noqa: PLC0415 (only files named neither .toml nor .json need it: start-up)

    return "json" if looks_like_json(text) else "toml"


def build_from_text(text: str, build: Callable[[dict[str, Any]], T], *, source: str,
                    syntax: str | None = None,
                    error: type[FileFormatError] = FileFormatError) -> T:
    """``build(data)`` of the document ``text`` (:func:`parse_document`), an
    error it raises for ``source`` placed at the line and column of its key
    path (or of the nearest key path above it written in the text).

    :raises FileFormatError: (or ``error``) as :func:`parse_document`, for
        a document with no keys (empty, or only comments: code ``empty``),
        or what ``build`` raises.
    """
    syntax = syntax_of(text, source) if syntax is None else syntax
    data = parse_document(text, source=source, syntax=syntax, error=error)
    if not data:  # no file civscore reads is an empty table: not "missing key 'rubric'"
        raise error(message("file.empty"), source=source, code="empty")
    try:
        return build(data)
    except FileFormatError as exc:
        if exc.line is not None or exc.source != source:
            raise
        line, column = place_of(text, syntax, exc.path) or (None, None)
        raise exc.placed(line, column) from None


def place_of(text: str, syntax: str, path: str) -> tuple[int, int] | None:
    """(line, column), from 1, where ``path`` (or the nearest key path above
    it) is written in ``text`` of ``syntax`` (``"json"`` or ``"toml"``)."""
    if syntax == "json":
        from civscore.files.json_text import json_places  # noqa: PLC0415 (only JSON files need it: start-up)

        return json_places(text).at(path)
    places = toml_places(text)
    while path not in places:
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return places[path]


def _too_deep(where: str) -> str:
    return message("file.too-deep", limit=MAX_DEPTH, where=where)


def check_depth(data: Any, *, source: str = "<mapping>",
                error: type[FileFormatError] = FileFormatError) -> None:
    """Refuse ``data`` (parsed TOML or JSON) whose tables and arrays nest
    more than :data:`MAX_DEPTH` deep, naming the key path of the first too
    deep; iterative, so that no depth can exhaust the stack.

    :raises FileFormatError: (or ``error``) naming ``source`` and the key path.
    """
    stack: list[tuple[Any, str, int]] = [(data, "$", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict):
            children = [(key_path_join(path, str(k)), v) for k, v in value.items()]
        elif isinstance(value, (list, tuple)):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            continue
        for child_path, child in children:
            if isinstance(child, (dict, list, tuple)):
                if depth + 1 > MAX_DEPTH:
                    raise error(_too_deep(""), source=source, path=child_path, code="too-deep")
                stack.append((child, child_path, depth + 1))
