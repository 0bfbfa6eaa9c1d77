"""``civscore schema``: the JSON Schema of a rubric file, an assessment file,
the scorecard JSON or a campaign file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civscore.campaign.loader import campaign_schema
from civscore.cli.output import add_output_option, json_text, write_output
from civscore.cli.status import EXIT_OK
from civscore.files import schemas

if TYPE_CHECKING:
    import argparse

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore schema``."""
    parser.add_argument("kind", choices=(*schemas.KINDS, "campaign"),
                        help="rubric (rubric TOML), assessment (assessment TOML), result "
                             "(score --format json) or campaign (campaign TOML)")
    add_output_option(parser)


def run(args: argparse.Namespace) -> int:
    """Write the JSON Schema ``args`` names; returns the exit status."""
    text = json_text(campaign_schema()) if args.kind == "campaign" else schemas.render(args.kind)
    write_output(text, args.output)
    return EXIT_OK
