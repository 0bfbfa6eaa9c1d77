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
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO

from civscore.exceptions import FileFormatError
from civscore.files.toml_errors import deep_nesting_place, duplicate_key_path, key_path_join

if TYPE_CHECKING:
    from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "check_depth", "decode_text", "parse_toml",
           "read_bytes", "read_stream", "read_text", "utf16_codec"]

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
        raise error("no such file; check the path", source=source) from None
    except IsADirectoryError:
        raise error("is a directory, not a file", source=source) from None
    except OSError as exc:
        raise error(f"cannot be read: {exc.strerror or exc}", source=source) from None


def read_stream(stream: BinaryIO, *, source: str = "<stdin>", encoding: str | None = None,
                error: type[FileFormatError] = FileFormatError) -> str:
    """The text of a binary stream (standard input), as :func:`read_text` reads a file."""
    try:
        raw = _read_limited(stream, source, error)
    except OSError as exc:
        raise error(f"cannot be read: {exc.strerror or exc}", source=source) from None
    return decode_text(raw, source=source, encoding=encoding, error=error)


def _read_limited(handle: BinaryIO, source: str, error: type[FileFormatError]) -> bytes:
    """At most :data:`MAX_FILE_BYTES` of ``handle``; more is an error (and
    ``/dev/zero`` is not read for ever)."""
    raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise error(f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, the most civscore "
                    "reads; a rubric or assessment is far smaller: is it the right file?",
                    source=source)
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
            raise error(f"unknown encoding {encoding!r}; use e.g. 'utf-8', 'utf-16' or "
                        "'gb18030'", source=source) from None
        except UnicodeDecodeError as exc:
            raise error(f"is not valid {encoding} at byte {exc.start}", source=source) from None
    utf16 = utf16_codec(raw)
    if utf16 is not None:
        try:
            return raw.decode(utf16).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise error(f"starts with a UTF-16 byte-order mark but is not UTF-16 (bad byte at "
                        f"offset {exc.start}); save it as UTF-8", source=source) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise error(
                f"is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8",
                source=source,
            ) from None
        raise error(
            "is encoded in GBK/GB18030, not UTF-8; save it as UTF-8 (e.g. `iconv -f gb18030 "
            "-t utf-8`), or read it with encoding 'gb18030' (CLI: --encoding gb18030)",
            source=source,
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
        if path is None:
            raise error(f"is not valid TOML: {exc}", source=source) from None
        raise error(f"is not valid TOML: this key is defined twice ({exc}); keep one of the "
                    "two definitions", source=source, path=path) from None
    except RecursionError:
        raise error(_too_deep(deep_nesting_place(text, MAX_DEPTH)), source=source) from None
    check_depth(data, source=source, error=error)
    return data


def _too_deep(where: str) -> str:
    return (f"tables and arrays nest more than {MAX_DEPTH} levels deep{where}; civscore files "
            "need at most 9: flatten the file")


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
                    raise error(_too_deep(""), source=source, path=child_path)
                stack.append((child, child_path, depth + 1))
