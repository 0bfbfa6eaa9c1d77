"""``civscore schema``: the JSON Schema of a rubric file, an assessment file
or the scorecard JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civscore.cli.output import add_output_option, write_output
from civscore.cli.status import EXIT_OK
from civscore.files import schemas

if TYPE_CHECKING:
    import argparse

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore schema``."""
    parser.add_argument("kind", choices=schemas.KINDS,
                        help="rubric (rubric TOML), assessment (assessment TOML) or result "
                             "(score --format json)")
    add_output_option(parser)


def run(args: argparse.Namespace) -> int:
    """Write the JSON Schema ``args`` names; returns the exit status."""
    write_output(schemas.render(args.kind), args.output)
    return EXIT_OK
