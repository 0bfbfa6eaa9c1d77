"""The ``civscore`` command line (also ``python -m civscore``).

The CLI only wires the library together: it resolves arguments to rubrics
and assessments (installed ids through :func:`civscore.plugins.default_registry`,
or files through the loader), calls the engine, checks, template, diff and
schema functions, and prints what they return.

Each subcommand is a module of this package (:mod:`civscore.cli.score`, …)
with a ``configure`` and a ``run`` function, listed in
:data:`civscore.cli.commands.COMMANDS` and imported only when it runs.
:mod:`civscore.cli.app` builds the parser and turns errors into exit
statuses; :mod:`civscore.cli.inputs` finds the rubric or assessment a
command names; :mod:`civscore.cli.output` writes to stdout and to ``-o``
files; :mod:`civscore.cli.reference` renders the reference in ``docs/cli.md``.
``civscore --version`` is answered by :func:`main` before any of them is
imported.

Exit status (:mod:`civscore.cli.status`, also in ``civscore --help`` and
``docs/cli.md``): 0 success; 1 an error-level finding of ``check`` or a
failed ``--fail-*`` condition of ``score``; 2 a usage error or a bad,
missing or unknown input (the message, ``civscore: error: <file>: <key
path>: <message>``, goes to stderr, never a traceback); 3 ``score`` found
nothing to assess (every item not applicable); 130 interrupted.
"""

from __future__ import annotations

import gc
import sys

from civscore import __version__
from civscore.lazy import lazy_exports

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from civscore.cli.app import build_parser
    from civscore.cli.commands import COMMANDS, Command
    from civscore.cli.diff import render_changes
    from civscore.cli.output import write_atomic
    from civscore.cli.reference import markdown_reference, update_reference
    from civscore.cli.show import render_rubric
    from civscore.cli.status import (
        EXIT_ERROR,
        EXIT_FAILED,
        EXIT_INTERRUPTED,
        EXIT_NOT_ASSESSABLE,
        EXIT_OK,
    )

#: The module each re-exported name comes from, imported the first time the
#: name is used, so that ``civscore --version`` imports none of them.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("COMMANDS", "Command"), "civscore.cli.commands"),
    **dict.fromkeys(("EXIT_ERROR", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_NOT_ASSESSABLE",
                     "EXIT_OK", "EXIT_STATUS_HELP"), "civscore.cli.status"),
    **dict.fromkeys(("markdown_reference", "update_reference"), "civscore.cli.reference"),
    "build_parser": "civscore.cli.app",
    "render_changes": "civscore.cli.diff",
    "render_rubric": "civscore.cli.show",
    "write_atomic": "civscore.cli.output",
    # The error write_atomic and the commands raise, as the single-module CLI had it.
    "CivscoreError": "civscore.exceptions",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``sys.argv`` when ``argv`` is None) and return
    the exit status (see :data:`~civscore.cli.status.EXIT_STATUS_HELP`).

    ``civscore --version`` alone is answered here, before the parser or
    anything else is imported; every other command line goes to
    :func:`civscore.cli.app.main`.
    """
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 1 and args[0] == "--version":
        return _version()
    if argv is None and sys.implementation.name == "cpython":
        # This process is the command: no cyclic collection while the command's
        # modules are imported (they make no garbage); app.main turns it on again.
        gc.disable()
    from civscore.cli import app  # noqa: PLC0415 (not imported for --version)

    return app.main(argv)


def _version() -> int:
    """``civscore --version``: the version on stdout, or one error line (exit 2)
    when stdout is closed or cannot be written."""
    try:
        sys.stdout.write(f"civscore {__version__}\n")
        sys.stdout.flush()
    except BrokenPipeError:
        return 1  # the reader went away (``civscore --version | true``)
    except (AttributeError, OSError) as exc:  # stdout closed (None), or a full disk
        from civscore.cli import app  # noqa: PLC0415 (only on this error)

        return app.stdout_failed(exc if isinstance(exc, OSError) else None)
    return 0


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


__all__ = [
    "COMMANDS",
    "EXIT_ERROR",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_ASSESSABLE",
    "EXIT_OK",
    "Command",
    "build_parser",
    "main",
    "markdown_reference",
    "render_changes",
    "render_rubric",
    "update_reference",
    "write_atomic",
]
