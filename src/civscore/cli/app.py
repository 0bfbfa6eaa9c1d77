"""The ``civscore`` command after ``--version``: the argument parser, running
the subcommand named, and turning errors into exit statuses
(:mod:`civscore.cli.status`)."""

from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
import warnings
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any

from civscore import __version__
from civscore.cli.commands import COMMANDS
from civscore.cli.output import emit_stderr, silence_stdout
from civscore.cli.status import EXIT_ERROR, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_STATUS_HELP
from civscore.exceptions import CivscoreError
from civscore.messages import (
    LANGUAGES,
    Language,
    language_from_environment,
    message,
    os_reason,
    use_language,
)

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["Parser", "StdoutClosedError", "build_parser", "main", "stdout_failed"]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter that keeps descriptions as written, as wide as the
    terminal (``COLUMNS``, else the terminal's width, else 80, less 2) — the
    width argparse finds with :func:`shutil.get_terminal_size`, found without
    importing :mod:`shutil` and the compression modules it imports, since
    argparse makes a formatter for every argument added."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose help and version are written so that a
    standard output that cannot take them raises :class:`OSError` (argparse's
    own printing ignores it, and the command would end with status 0
    without a word); :func:`main` turns that into one error line."""

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        _write(self.format_help(), file)


class _Version(argparse.Action):
    """``--version`` after other options (``civscore --lang en --version``;
    ``civscore --version`` alone is answered before the parser is built)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default,
                         help=help or "show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        _write(f"civscore {__version__}\n")
        parser.exit()


class StdoutClosedError(OSError):
    """Standard output is closed (``sys.stdout`` is None: ``civscore --help >&-``)."""


def _write(text: str, file: SupportsWrite[str] | None = None) -> None:
    """Write and flush ``text`` to ``file`` (default: stdout).

    :raises OSError: when it cannot be written, or stdout is closed
        (:class:`StdoutClosedError`).
    """
    out = sys.stdout if file is None else file
    if out is None:
        raise StdoutClosedError(errno.EBADF, "closed")
    out.write(text)
    flush = getattr(out, "flush", None)
    if flush is not None:
        flush()


def _terminal_columns() -> int:
    """The columns of :func:`shutil.get_terminal_size` (fallback 80)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
    except (AttributeError, ValueError, OSError):  # closed, detached, not a terminal
        columns = 0
    return columns or 80


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with a subparser for every entry of
    :data:`~civscore.cli.commands.COMMANDS`, each with its arguments (which
    imports the module of every command)."""
    return _parser({command.name for command in COMMANDS})


def _parser(configured: Collection[str], *, only: str | None = None) -> argparse.ArgumentParser:
    """The parser, with the arguments of the ``configured`` commands only:
    ``--help`` lists every command without importing their modules.  With
    ``only``, the one subcommand of that name is added (a command line that
    names it needs no other)."""
    parser = Parser(
        prog="civscore",
        description="Exact, explainable scoring of 文明单位 (civilized unit) assessments "
                    "against locality rubrics.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="the language of findings and messages: zh (default) or en; "
                             "default from LC_ALL, LC_MESSAGES or LANG (en_* gives en)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        if only is not None and command.name != only:
            continue
        child = sub.add_parser(command.name, help=command.help, description=command.description,
                               epilog=command.epilog,
                               formatter_class=HelpFormatter)
        if command.name in configured:
            command.configure(child)
        child.set_defaults(run=command.run)
    return parser


def _named_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names: its first argument that is not an option
    or the value of ``--lang`` (the one option of ``civscore`` itself that
    takes a value)."""
    after_lang = False
    for arg in argv:
        if after_lang:
            after_lang = False
        elif arg == "--lang":
            after_lang = True
        elif not arg.startswith("-"):
            return arg
    return None


def _given_language(argv: Sequence[str]) -> Language:
    """The language ``argv`` asks for (``--lang en``, ``--lang=en``), else
    the locale's: decided before the arguments are parsed, so that an
    option's value refused while parsing (``--encoding``) is said in it."""
    chosen: Language | None = None
    after_lang = False
    for arg in argv:
        value = arg if after_lang else arg.removeprefix("--lang=") if arg.startswith(
            "--lang=") else None
        if value is not None:
            chosen = value if value in LANGUAGES else chosen
        elif arg != "--lang" and not arg.startswith("-"):
            break  # the command: what follows is its own
        after_lang = arg == "--lang" and not after_lang
    return chosen or language_from_environment()


def _only(argv: Sequence[str], named: str | None) -> str | None:
    """The command ``argv`` runs when its parser needs no other subcommand:
    a known command, not after ``-h`` or ``--help``, which list them all."""
    if named is None or named not in {command.name for command in COMMANDS}:
        return None
    before = argv[:list(argv).index(named)]
    return None if {"-h", "--help"} & set(before) else named


def _show_warning(message: Warning | str, *_where: Any, **_kw: Any) -> None:
    """Warnings (a skipped plugin …) as one line, without source locations."""
    emit_stderr(f"civscore: warning: {message}")


def _recording(shown: list[str]) -> Callable[..., None]:
    """:func:`_show_warning` that keeps what it said in ``shown`` and says
    each text once (a plugin's broken ``validate`` is met by the loader and
    by the checks alike)."""

    def show(said: Warning | str, *_where: Any, **_kw: Any) -> None:
        if str(said) in shown:
            return
        shown.append(str(said))
        _show_warning(said)

    return show


def stdout_failed(error: OSError | None, lang: Language | None = None) -> int:
    """The error of ``civscore --version`` or ``--help`` when stdout cannot
    take it (``error``; None or :class:`StdoutClosedError` when it is
    closed), in ``lang`` (default: the locale's); exit status 2.  Stdout
    becomes the null device, so that the interpreter's flush at exit does
    not fail again."""
    silence_stdout()
    with use_language(lang or _given_language([])):
        said = (message("cli.closed") if error is None or isinstance(error, StdoutClosedError)
                else os_reason(error))
        emit_stderr("civscore: error: " + message("cli.stdout-failed", error=said))
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``sys.argv`` when ``argv`` is None) and return
    the exit status (see :data:`~civscore.cli.status.EXIT_STATUS_HELP`)."""
    try:
        given = sys.argv[1:] if argv is None else argv
        named = _named_command(given)
        lang = _given_language(given)
        parser = _parser(set() if named is None else {named}, only=_only(given, named))
        try:
            with use_language(lang):
                args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version, or a usage error (status 2)
            return exc.code if isinstance(exc.code, int) else EXIT_ERROR
        except BrokenPipeError:
            raise  # the reader went away (``civscore --help | head``): below
        except OSError as exc:  # the help or version could not be written
            return stdout_failed(exc, lang)
        finally:
            if argv is None and sys.implementation.name == "cpython":
                # This process is the command, and its modules are imported: the
                # cyclic GC need not go through them again, during the run and
                # when the interpreter exits (about a tenth of the CPU time of
                # `civscore score`).  civscore.cli.main turned it off meanwhile.
                gc.freeze()
                gc.enable()
        with use_language(args.lang or lang), \
                warnings.catch_warnings():
            shown: list[str] = []  # a command need not say these again (a card's warnings)
            warnings.showwarning = _recording(shown)
            args.shown_warnings = shown
            try:
                status: int = args.run(args)
            except CivscoreError as exc:
                emit_stderr(f"civscore: error: {exc}")
                return EXIT_ERROR
        return status
    except KeyboardInterrupt:
        emit_stderr("civscore: " + message("cli.interrupted"))
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``civscore show x | head``): stop quietly.
        silence_stdout()
        return EXIT_FAILED
