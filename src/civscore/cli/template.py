"""``civscore template``: a blank assessment for a rubric, as commented TOML
or as a fill-in Excel workbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civscore.cli.inputs import add_encoding_option, input_encoding, resolve_rubric
from civscore.cli.output import (
    add_output_option,
    refuse_existing,
    refuse_input_as_output,
    write_output,
)
from civscore.cli.status import EXIT_OK
from civscore.exceptions import CivscoreError
from civscore.files.loader import load_assessment
from civscore.files.template import assessment_template
from civscore.messages import message
from civscore.plugins import default_registry
from civscore.scoring import require_weighted
from civscore.sheets.campaign import campaign_template
from civscore.sheets.template import workbook_template

if TYPE_CHECKING:
    import argparse

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore template``."""
    parser.add_argument("rubric", metavar="RUBRIC",
                        help="an installed rubric id[@version], or a rubric TOML file")
    parser.add_argument("--format", choices=("toml", "xlsx"), default="toml",
                        help="toml (default): commented TOML; xlsx: an Excel workbook to fill "
                             "in (needs the extra: pip install 'civscore[xlsx]'; give -o FILE)")
    parser.add_argument("--from", dest="prefill", metavar="ASSESSMENT",
                        help="with --format xlsx: fill the workbook in with this assessment's "
                             "entries (a TOML or .xlsx assessment)")
    parser.add_argument("--batch", action="store_true",
                        help="with --format xlsx: a batch-entry workbook, a row per unit (and "
                             "assessor); 'civscore score' scores every row, 'civscore panel' "
                             "combines a unit's rows")
    add_output_option(parser)
    parser.add_argument("--force", action="store_true",
                        help="overwrite the -o FILE when it exists (without it, an existing "
                             "file, which may be a filled-in assessment, is refused)")
    add_encoding_option(parser, ("rubric", "from"))


def run(args: argparse.Namespace) -> int:
    """Write the blank assessment of the rubric ``args`` names (commented
    TOML, or a workbook); returns the exit status.  An ``-o`` naming an input
    is refused before anything is read; a rubric of indicators without points
    is refused (it is scored only through an overlay that weights it), and
    so is an ``-o`` naming an existing file, unless ``--force``."""
    inputs = (args.rubric, args.prefill)
    refuse_input_as_output(args.output, inputs)
    rubric, _entry = resolve_rubric(default_registry(), args.rubric,
                                    input_encoding(args, "rubric"))
    require_weighted(rubric)  # indicators without points: nothing an assessor could fill in
    content: str | bytes
    if args.batch:
        if args.format != "xlsx" or args.prefill is not None:
            raise CivscoreError(message("cli.batch-format"))
        content = campaign_template(rubric)
    elif args.format == "xlsx":
        filled = (None if args.prefill is None
                  else load_assessment(args.prefill, encoding=input_encoding(args, "from")))
        content = workbook_template(rubric, filled, source=args.prefill or "<mapping>")
    else:
        if args.prefill is not None:
            raise CivscoreError(message("cli.from-format"))
        content = assessment_template(rubric)
    if not args.force:  # the inputs' errors first, then this, before anything is written
        refuse_existing(args.output)
    write_output(content, args.output, inputs)
    return EXIT_OK
