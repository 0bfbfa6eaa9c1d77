"""Reading report files: UTF-8, UTF-16 and GB18030 (GBK, GB2312) text,
detected or named, and ``.docx`` documents (with python-docx)."""

from __future__ import annotations

import codecs
import importlib
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from civscore.exceptions import CivscoreError, FileFormatError
from civscore.files.text import read_bytes, utf16_codec
from civscore.messages import message, os_reason

__all__ = ["MAX_DOCX_RATIO", "MAX_DOCX_XML_BYTES", "MissingDependencyError", "normalise_text",
           "read_docx_text", "read_report_text"]

#: The most XML a ``.docx`` may hold once uncompressed (``document.xml``,
#: styles, headers … together; photos are not counted): 64 MiB.  A report of
#: a hundred pages holds a few MiB; more is a zip bomb, which python-docx
#: would parse whole into memory.
MAX_DOCX_XML_BYTES: Final = 64 * 1024 * 1024
#: The most a part of a ``.docx`` above 1 MiB may grow when uncompressed:
#: Word's XML compresses about tenfold, a zip bomb a thousandfold.
MAX_DOCX_RATIO: Final = 100
_RATIO_FROM: Final = 1024 * 1024


class MissingDependencyError(CivscoreError, ImportError):
    """An optional dependency is not installed (e.g. python-docx for ``.docx``)."""


def normalise_text(text: str) -> str:
    """``text`` without a leading BOM and with line ends normalised to ``\\n``."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decode_error(exc: UnicodeDecodeError) -> str:
    bad = exc.object[exc.start:exc.start + 1]
    return message("read.bad-byte", byte=bad.hex(), offset=exc.start, reason=exc.reason)


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
            f"{path}: " + message("read.needs-docx")
        ) from exc
    _check_docx_size(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types
        raise FileFormatError(
            message("read.bad-docx", error=f"{type(exc).__name__}: {exc}"),
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


def _check_docx_size(path: str | Path) -> None:
    """Refuse a ``.docx`` whose parts, uncompressed, exceed
    :data:`MAX_DOCX_XML_BYTES` or :data:`MAX_DOCX_RATIO`, before any is
    uncompressed; a file that is not a ZIP archive is left to python-docx.

    :raises FileFormatError: naming the file and the part.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    mib = 1024 * 1024
    xml = [p for p in parts if p.filename.endswith((".xml", ".rels"))]
    if sum(p.file_size for p in xml) > MAX_DOCX_XML_BYTES:
        largest = max(xml, key=lambda p: p.file_size)
        raise FileFormatError(
            message("read.docx-too-large", part=largest.filename,
                    mib=sum(p.file_size for p in xml) // mib, most=MAX_DOCX_XML_BYTES // mib),
            source=str(path), code="too-large")
    for part in parts:
        if part.file_size > _RATIO_FROM and part.file_size > MAX_DOCX_RATIO * part.compress_size:
            raise FileFormatError(
                message("read.docx-ratio", part=part.filename, mib=part.file_size // mib,
                        ratio=part.file_size // max(part.compress_size, 1), most=MAX_DOCX_RATIO),
                source=str(path), code="too-large")


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
        ``.docx`` is not held to it, since its photos may make it larger, but
        to :data:`MAX_DOCX_XML_BYTES` and :data:`MAX_DOCX_RATIO`).
    """
    path = Path(path)
    source = str(path)
    if path.suffix.lower() == ".docx":  # photos make them large: not held to the text limit
        try:
            directory, exists = path.is_dir(), path.exists()
        except OSError as exc:  # a name too long …
            raise FileFormatError(message("file.unreadable", reason=os_reason(exc)),
                                  source=source, code="unreadable") from None
        if directory:
            raise FileFormatError(message("file.directory"), source=source, code="no-such-file")
        if not exists:
            raise FileFormatError(message("file.no-such-file"), source=source,
                                  code="no-such-file")
        return read_docx_text(path)
    data = read_bytes(path)
    if data.startswith(b"PK\x03\x04"):
        return read_docx_text(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileFormatError(
            message("read.doc"),
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
            message("read.unknown-encoding", encoding=encoding), source=source,
            code="unknown-encoding"
        ) from exc
    codec = "utf-8-sig" if name == "utf-8" else name
    try:
        return normalise_text(data.decode(codec))
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            message("read.not-in-encoding", encoding=encoding, error=_decode_error(exc)),
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
                    message("read.bad-bom", codec=codec, error=_decode_error(exc)),
                    source=source,
                ) from exc
    utf16 = utf16_codec(data)  # without a byte-order mark: told by where its NUL bytes are
    if utf16 is not None:
        return normalise_text(data.decode(utf16))
    if b"\x00" in data:
        raise FileFormatError(
            message("read.nul"),
            source=source,
        )
    try:
        return normalise_text(data.decode("utf-8"))
    except UnicodeDecodeError as utf8_error:
        try:
            return normalise_text(data.decode("gb18030"))
        except UnicodeDecodeError as gb_error:
            raise FileFormatError(
                message("read.neither", utf8=_decode_error(utf8_error),
                        gb18030=_decode_error(gb_error)),
                source=source,
            ) from gb_error
