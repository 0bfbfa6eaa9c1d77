"""What a command writes: text to stdout (or stderr), even when its encoding
cannot hold Chinese, and files named by ``-o``, written atomically."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, TextIO

from civscore.exceptions import CivscoreError
from civscore.messages import message, os_reason

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from pathlib import Path

__all__ = ["BOM", "FORMAT_OF_SUFFIX", "add_bom_option", "add_output_option", "emit",
           "emit_stderr", "format_of_output", "json_text", "refuse_existing",
           "refuse_input_as_output", "silence_stdout", "standard_stream", "with_bom",
           "write_all_atomic", "write_atomic", "write_output"]


def emit(text: str, stream: TextIO | None = None) -> None:
    """Write text to stdout (or ``stream``); UTF-8 bytes if its encoding cannot
    hold Chinese, so a C locale never turns output into a traceback."""
    if stream is not None:
        _write_text(stream, text)
        return
    stream = sys.stdout
    if stream is None:  # stdout closed (``civscore … >&-``)
        raise CivscoreError(message("cli.stdout-failed", error=message("cli.closed")))
    with _stdout_errors(stream):
        _write_text(stream, text)


def _write_text(stream: TextIO, text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:
        stream.flush()
        stream.buffer.write(text.encode("utf-8"))
    stream.flush()


def _emit_bytes(data: bytes) -> None:
    """A workbook's bytes to stdout, unless stdout is a terminal or closed.

    :raises CivscoreError: as :func:`emit` does, and for a terminal.
    """
    stream = sys.stdout
    if stream is None:
        raise CivscoreError(message("cli.stdout-failed", error=message("cli.closed")))
    if stream.isatty():
        raise CivscoreError(message("cli.workbook-to-terminal"))
    with _stdout_errors(stream):
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()


@contextlib.contextmanager
def _stdout_errors(stream: TextIO) -> Iterator[None]:
    """An error writing to stdout as one :class:`CivscoreError` (a full disk,
    ``> /dev/full``), after which stdout is the null device, so that the
    interpreter's own flush at exit does not fail again; a reader that went
    away (:class:`BrokenPipeError`) is left to :mod:`civscore.cli.app`."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        silence_stdout()
        raise CivscoreError(message("cli.stdout-failed", error=os_reason(exc))) from None


def silence_stdout() -> None:
    """Point stdout at the null device once writing to it failed (a full
    disk, a reader gone), so that the interpreter's flush at exit does not
    fail again; nothing happens when stdout is closed or has no descriptor."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def emit_stderr(message: str) -> None:
    """Write ``message`` and a line end to stderr, as :func:`emit` does."""
    emit(message + "\n", sys.stderr)


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8, line ends as given; bytes as they are) to
    ``path`` so that it appears whole or not at all: a temporary file in the
    same directory, then
    :func:`os.replace`.  An existing file keeps its permissions.

    :raises CivscoreError: naming the path, when it cannot be written.
    """
    write_all_atomic([(path, text)])


def write_all_atomic(outputs: Sequence[tuple[str | Path, str | bytes]]) -> None:
    """Write each ``(path, text)`` of ``outputs`` as :func:`write_atomic`
    does, so that an error leaves none of them written: every target is
    checked (not a directory, its directory exists) and every text written to
    a temporary file before the first is put in place.  A device or pipe
    (``/dev/null``), and the file stdout or stderr is open on
    (:func:`standard_stream`), are written to last, never replaced.

    :raises CivscoreError: naming the first path that cannot be written.
    """
    targets = [(path, _output_file(path), text) for path, text in outputs]
    staged: list[tuple[str | Path, Path, str]] = []
    devices: list[tuple[str | Path, Path, str | bytes, int | None]] = []
    try:
        for path, target, text in targets:
            stream = standard_stream(str(path))
            if (target.exists() and not target.is_file()) or stream is not None:
                devices.append((path, target, text, stream))
            else:
                staged.append((path, target, _staged(path, target, text)))
        while staged:
            path, target, temp = staged[0]
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise CivscoreError(message("cli.cannot-write", path=path,
                                            reason=os_reason(exc))) from None
            staged.pop(0)
    finally:
        for _path, _target, temp in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    for path, target, text, stream in devices:  # a device or pipe is written to, never replaced
        if stream is not None:  # the file stdout or stderr is open on: through the stream
            write_output(text, "-" if stream == 1 else str(path))
            continue
        try:
            with _opened(target.open, text) as handle:
                handle.write(text)
        except OSError as exc:
            raise CivscoreError(message("cli.cannot-write", path=path,
                                        reason=os_reason(exc))) from None


def _staged(path: str | Path, target: Path, text: str | bytes) -> str:
    """``text`` written to a new temporary file beside ``target``, with the
    permissions ``target`` has (or new files get); its name.

    :raises CivscoreError: naming ``path``, when it cannot be written.
    """
    import tempfile  # noqa: PLC0415 (start-up: only -o FILE needs it)

    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise CivscoreError(message("cli.cannot-write", path=path, reason=os_reason(exc))) from None
    try:
        with _opened(functools.partial(os.fdopen, fd), text) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise CivscoreError(message("cli.cannot-write", path=path,
                                        reason=os_reason(exc))) from None
        raise
    return temp


def refuse_input_as_output(path: str | None, inputs: Iterable[str | None]) -> None:
    """Refuse an output file ``path`` (``-o``) that is one of the command's
    ``inputs`` (``None`` and ``-``, standard input, are skipped), before
    anything is written: the same file by its resolved path (a symbolic
    link, ``./a.toml``) or by its identity (device and inode: a hard link).
    Only a regular file can be lost so; ``-o /dev/null`` beside an input
    ``/dev/null`` is allowed.

    :raises CivscoreError: naming both, saying what to do.
    """
    if path is None or path == "-":
        return
    for name in inputs:
        if name is None or name == "-" or not os.path.isfile(name):
            continue
        try:
            same = (os.path.realpath(path) == os.path.realpath(name)
                    or (os.path.exists(path) and os.path.samefile(path, name)))
        except (OSError, ValueError):
            same = False
        if same:
            raise CivscoreError(f"{path}: " + message("cli.output-is-input", name=name))


def refuse_existing(path: str | None) -> None:
    """Refuse an output file ``path`` (``-o``) that already exists as a
    regular file, before anything is read or written: a blank form written
    over it would lose what was filled in (``civscore template``; its
    ``--force`` skips this).  Standard output (``-``) and devices such as
    ``/dev/null`` are not refused.

    :raises CivscoreError: naming the file, saying what to do.
    """
    if (path is not None and path != "-" and os.path.isfile(path)
            and standard_stream(path) is None):
        raise CivscoreError(message("cli.template-exists", path=path))


def _output_file(path: str | Path) -> Path:
    """The file ``-o path`` writes (through a symbolic link), checked to be
    neither a directory nor in a missing one.

    :raises CivscoreError: naming ``path``: a directory, a missing directory,
        or a name the system refuses (too long, a loop of links …).
    """
    from pathlib import Path  # noqa: PLC0415 (start-up: only -o FILE needs it)

    try:
        link = Path(path).is_symlink()
        if link and os.path.exists(path) and not os.path.isfile(path):
            link = False  # a link to a device or pipe (/dev/stdout): written through the link
        target = Path(path).resolve() if link else Path(path)
        directory, parent = target.is_dir(), target.parent.is_dir()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links
        raise CivscoreError(message("cli.cannot-write", path=path,
                                    reason=os_reason(exc))) from None
    if directory:
        raise CivscoreError(message("cli.write-directory", path=path))
    written = os.fspath(path)
    if written.endswith(("/", os.sep)) or os.path.basename(written) in (".", ".."):
        # pathlib drops the ending, and would write the file it names ("a.toml/")
        raise CivscoreError(message("cli.write-dir-name", path=path))
    if not parent:
        raise CivscoreError(message("cli.no-directory", path=path))
    return target


def _opened(opener: Callable[..., IO[Any]], data: str | bytes) -> IO[Any]:
    """``opener`` called to write ``data``: binary for bytes, else UTF-8 text."""
    if isinstance(data, bytes):
        return opener("wb")
    return opener("w", encoding="utf-8", newline="")


def write_output(text: str | bytes, path: str | None, inputs: Iterable[str | None] = ()) -> None:
    """``text`` to stdout when ``path`` (the ``-o`` option) is absent or ``-``,
    else to the file ``path`` with :func:`write_atomic`, unless it is one of
    the command's ``inputs`` (:func:`refuse_input_as_output`).

    :raises CivscoreError: when ``path`` is an input or cannot be written, and
        for bytes (a workbook) to a terminal, and for an empty ``path``.
    """
    if path == "":
        raise CivscoreError(message("cli.output-empty"))
    stream = None if path is None or path == "-" else standard_stream(path)
    if path is None or path == "-" or stream == 1:
        if isinstance(text, bytes):  # a workbook: to a file or a pipe, never to a terminal
            _emit_bytes(text)
            return
        emit(text)
    elif stream == 2:
        if isinstance(text, bytes):
            raise CivscoreError(message("cli.workbook-to-terminal"))
        emit(text, sys.stderr)
    else:
        refuse_input_as_output(path, inputs)
        write_atomic(path, text)


def standard_stream(path: str) -> int | None:
    """1 or 2 when ``path`` names the file this process's stdout or stderr
    is open on (``-o /dev/stdout``, a shell's ``>> log.txt``): it is written
    through that stream, never replaced (which would lose what the shell
    appends to it) nor reopened (which would empty it); else None."""
    try:
        named = os.stat(path)
    except (OSError, ValueError):
        return None
    for fd in (1, 2):
        try:
            open_on = os.fstat(fd)
        except OSError:
            continue
        if (named.st_dev, named.st_ino) == (open_on.st_dev, open_on.st_ino):
            return fd
    return None


def json_text(data: Any) -> str:
    """``data`` as indented JSON with Chinese kept as is, and a final line end."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


#: The UTF-8 byte-order mark CSV output starts with, so that Excel on Chinese
#: Windows reads it as UTF-8 (``--no-bom`` leaves it out).
BOM = "\ufeff"


def add_bom_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--no-bom``, read by :func:`with_bom`."""
    parser.add_argument("--no-bom", action="store_true",
                        help="with --format csv: leave out the byte-order mark")


def with_bom(text: str, args: argparse.Namespace) -> str:
    """``text`` with the byte-order mark in front when ``args`` ask for CSV
    and not ``--no-bom``."""
    return BOM + text if args.format == "csv" and not args.no_bom else text


#: The format an ``-o`` file's extension asks for when ``--format`` is not given.
FORMAT_OF_SUFFIX = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".json": "json",
                    ".md": "markdown", ".csv": "csv"}


def format_of_output(output: str | None, formats: Sequence[str]) -> str:
    """The format of a command given no ``--format``: what the ``-o`` file's
    extension says (``report.html``: html) when the command writes it
    (``formats``), else ``table``."""
    suffix = os.path.splitext(output or "")[1].lower()
    chosen = FORMAT_OF_SUFFIX.get(suffix, "table")
    return chosen if chosen in formats else "table"


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE``, read by :func:`write_output`."""
    parser.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE instead of stdout, atomically: it appears whole or not at all")
