"""``civscore whatif``: the least effort for one assessment to reach the next
level or a given total."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civscore.campaign.render import render_whatif
from civscore.campaign.whatif import what_if
from civscore.cli.inputs import add_encoding_option, input_encoding, points_arg, rubric_for
from civscore.cli.output import (
    add_bom_option,
    add_output_option,
    format_of_output,
    json_text,
    refuse_input_as_output,
    with_bom,
    write_output,
)
from civscore.cli.sheets import TEXT_FORMATS
from civscore.cli.status import EXIT_OK
from civscore.files.loader import load_assessment
from civscore.model.serde import unstructure
from civscore.plugins import default_registry
from civscore.sheets.layout import is_workbook

if TYPE_CHECKING:
    import argparse

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore whatif``."""
    parser.add_argument("assessment", metavar="ASSESSMENT", help="one unit's assessment file")
    parser.add_argument("--rubric", metavar="FILE",
                        help="score against this rubric file instead of the installed one")
    parser.add_argument("--target", metavar="POINTS", type=points_arg,
                        help="the total to reach, e.g. a campaign's cut line (default: the "
                             "next level's threshold)")
    parser.add_argument("--format", choices=TEXT_FORMATS,
                        help="table (the default, unless -o names a .json, .md or .csv file: "
                             "then that format), json, markdown or csv (with a UTF-8 "
                             "byte-order mark for Excel)")
    add_bom_option(parser)
    add_output_option(parser)
    add_encoding_option(parser, ("assessment", "rubric"))


def run(args: argparse.Namespace) -> int:
    """Run ``civscore whatif``; returns the exit status.  An ``-o`` naming an
    input is refused before anything is read."""
    inputs = (args.assessment, args.rubric)
    refuse_input_as_output(args.output, inputs)
    if args.format is None:
        args.format = format_of_output(args.output, TEXT_FORMATS)
    registry = default_registry()
    if is_workbook(args.assessment):  # checked against its rubric, each problem named by its cell
        from civscore.sheets.reading import read_workbook  # noqa: PLC0415 (start-up)

        book = read_workbook(args.assessment)
        assessment = book.assessment
        rubric = rubric_for(registry, assessment, args.assessment, args.rubric,
                            input_encoding(args, "rubric"), where=book.locate("$.rubric"))
        book.check(rubric, registry.methods)
    else:
        assessment = load_assessment(args.assessment, encoding=input_encoding(args, "assessment"))
        rubric = rubric_for(registry, assessment, args.assessment, args.rubric,
                            input_encoding(args, "rubric"))
    result = what_if(rubric, assessment, target=args.target, source=args.assessment,
                     methods=registry.methods)
    text = json_text(unstructure(result)) if args.format == "json" else \
        with_bom(render_whatif(result, args.format), args)
    write_output(text, args.output, inputs)
    return EXIT_OK
