"""Reading report files: UTF-8, UTF-16 and GB18030 (GBK, GB2312) text,
detected or named, and ``.docx`` documents (with python-docx)."""

from __future__ import annotations

import codecs
import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from civscore.exceptions import CivscoreError, FileFormatError
from civscore.files.text import read_bytes, utf16_codec

__all__ = ["MissingDependencyError", "normalise_text", "read_docx_text", "read_report_text"]


class MissingDependencyError(CivscoreError, ImportError):
    """An optional dependency is not installed (e.g. python-docx for ``.docx``)."""


def normalise_text(text: str) -> str:
    """``text`` without a leading BOM and with line ends normalised to ``\\n``."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decode_error(exc: UnicodeDecodeError) -> str:
    bad = exc.object[exc.start:exc.start + 1]
    return f"byte 0x{bad.hex()} at offset {exc.start} ({exc.reason})"


def read_docx_text(path: str | Path) -> str:
    """The text of a ``.docx`` document: paragraphs one a line, table rows with
    cells separated by tabs, in document order.

    Needs python-docx (imported only when called).

    :raises MissingDependencyError: python-docx is not installed; install it
        with ``pip install civscore[docx]``.
    :raises FileFormatError: the file is not a readable ``.docx`` document.
    """
    try:
        docx: Any = importlib.import_module("docx")
    except ImportError as exc:
        raise MissingDependencyError(
            f"{path}: reading .docx files needs python-docx, which is not installed; "
            "install it with: pip install civscore[docx]  "
            "(or save the report as UTF-8 text)"
        ) from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types
        raise FileFormatError(
            f"not a readable .docx document ({type(exc).__name__}: {exc}); "
            "open it in Word or WPS and save it again as .docx, or save it as UTF-8 text",
            source=str(path),
        ) from exc
    blocks: Iterable[Any]
    if hasattr(document, "iter_inner_content"):
        blocks = document.iter_inner_content()
    else:  # pragma: no cover - python-docx < 1.0
        blocks = document.paragraphs
    lines: list[str] = []
    for block in blocks:
        if hasattr(block, "rows"):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = str(cell.text).strip()
                    if not cells or cells[-1] != text:  # merged cells repeat
                        cells.append(text)
                lines.append("\t".join(cells))
        else:
            lines.append(str(block.text))
    return normalise_text("\n".join(lines))


def read_report_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a report file as text with ``\\n`` line ends and no BOM.

    A ``.docx`` file (recognised by its suffix or its ZIP signature) is read
    with :func:`read_docx_text`; ``encoding`` is then ignored.  Otherwise the
    bytes are decoded with ``encoding`` when given (``"utf-8"`` also accepts a
    BOM), else detected: a UTF-8 or UTF-16 BOM, UTF-16 without one, then
    strict UTF-8, then GB18030 (which covers GBK and GB2312).

    :raises FileFormatError: (``source`` is the file name) the bytes do not
        decode with the named or any detected encoding, the encoding name is
        unknown, or the file is binary (e.g. a legacy ``.doc``).  The message
        names the offending byte and says which encoding to pass.
    :raises MissingDependencyError: a ``.docx`` file and no python-docx.
    :raises FileFormatError: also when the file is missing, a directory,
        cannot be read, or is larger than
        :data:`~civscore.files.text.MAX_FILE_BYTES` (8 MiB; a file named
        ``.docx`` is not held to it, since its photos may make it larger).
    """
    path = Path(path)
    source = str(path)
    if path.suffix.lower() == ".docx":  # photos make them large: not held to the text limit
        return read_docx_text(path)
    data = read_bytes(path)
    if data.startswith(b"PK\x03\x04"):
        return read_docx_text(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileFormatError(
            "this is a legacy Word (.doc) or other OLE file, which civscore cannot read; "
            "save it as .docx (pip install civscore[docx]) or as UTF-8 text",
            source=source,
        )
    if encoding is not None:
        return _decode_as(data, encoding, source)
    return _decode_detected(data, source)


def _decode_as(data: bytes, encoding: str, source: str) -> str:
    """``data`` decoded with the encoding named (``"utf-8"`` also accepts a BOM).

    :raises FileFormatError: the name is unknown or the bytes do not decode.
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise FileFormatError(
            f"unknown encoding {encoding!r}; use e.g. 'utf-8' or 'gb18030'", source=source
        ) from exc
    codec = "utf-8-sig" if name == "utf-8" else name
    try:
        return normalise_text(data.decode(codec))
    except UnicodeDecodeError as exc:
        hint = ("try encoding='gb18030' (GBK/GB2312 text) or 'utf-8', or omit the "
                "encoding to detect it")
        raise FileFormatError(
            f"cannot decode the file as {encoding}: {_decode_error(exc)}; {hint}",
            source=source,
        ) from exc


def _decode_detected(data: bytes, source: str) -> str:
    """``data`` decoded by its BOM (UTF-8, UTF-16), else as UTF-16 without a
    BOM (:func:`civscore.files.text.utf16_codec`), else as strict UTF-8, else
    as GB18030.

    :raises FileFormatError: none of these decodes it, or it holds NUL bytes.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return normalise_text(data.decode(codec))
            except UnicodeDecodeError as exc:
                raise FileFormatError(
                    f"the file starts with a {codec} byte-order mark but does not decode as "
                    f"{codec}: {_decode_error(exc)}; re-save it as UTF-8 or pass the right "
                    "encoding",
                    source=source,
                ) from exc
    utf16 = utf16_codec(data)  # without a byte-order mark: told by where its NUL bytes are
    if utf16 is not None:
        return normalise_text(data.decode(utf16))
    if b"\x00" in data:
        raise FileFormatError(
            "the file holds NUL bytes, so it is not UTF-8 or GB18030 text (a binary or "
            "UTF-16 file without a byte-order mark?); save the report as UTF-8 text or "
            ".docx, or pass encoding='utf-16-le'",
            source=source,
        )
    try:
        return normalise_text(data.decode("utf-8"))
    except UnicodeDecodeError as utf8_error:
        try:
            return normalise_text(data.decode("gb18030"))
        except UnicodeDecodeError as gb_error:
            raise FileFormatError(
                "the file is neither UTF-8 nor GB18030 text (as UTF-8: "
                f"{_decode_error(utf8_error)}; as GB18030: {_decode_error(gb_error)}); "
                "pass the encoding it was saved in, e.g. encoding='big5', or re-save it "
                "as UTF-8",
                source=source,
            ) from gb_error
