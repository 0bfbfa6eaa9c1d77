"""``civscore review``: the yearly review (复查) of title holders alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civscore.cli.rank import run_command
from civscore.cli.sheets import add_campaign_options

if TYPE_CHECKING:
    import argparse

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore review``."""
    parser.add_argument("assessments", metavar="DIR", nargs="+",
                        help="directories (or files) of the review year's assessments")
    parser.add_argument("--campaign", metavar="FILE", required=True,
                        help="the campaign file (or a shipped campaign's id); its [review] "
                             "gives the rules")
    parser.add_argument("--history", metavar="FILE", required=True,
                        help="the history of titles held (CSV or TOML): who is reviewed, and "
                             "their earlier warnings")
    add_campaign_options(parser, inputs=("assessments", "rubric", "campaign", "history"))


def run(args: argparse.Namespace) -> int:
    """Run ``civscore review``; returns the exit status."""
    return run_command(args, review_only=True)
