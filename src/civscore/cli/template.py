"""``civscore template``: a blank assessment for a rubric."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civscore.cli.inputs import add_encoding_option, input_encoding, resolve_rubric
from civscore.cli.output import add_output_option, refuse_input_as_output, write_output
from civscore.cli.status import EXIT_OK
from civscore.files.template import assessment_template
from civscore.plugins import default_registry

if TYPE_CHECKING:
    import argparse

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore template``."""
    parser.add_argument("rubric", metavar="RUBRIC",
                        help="an installed rubric id[@version], or a rubric TOML file")
    add_output_option(parser)
    add_encoding_option(parser, ("rubric",))


def run(args: argparse.Namespace) -> int:
    """Write the blank assessment of the rubric ``args`` names; returns the
    exit status.  An ``-o`` naming the rubric file is refused before it is read."""
    refuse_input_as_output(args.output, (args.rubric,))
    rubric, _entry = resolve_rubric(default_registry(), args.rubric,
                                    input_encoding(args, "rubric"))
    write_output(assessment_template(rubric), args.output, (args.rubric,))
    return EXIT_OK
