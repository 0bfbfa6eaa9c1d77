"""``civscore rank``: run a campaign on a directory of assessments: panels,
terms, the review of title holders, the ranking against the quota, and every
unit's outcome with its reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from civscore.campaign.render import render_result, result_dict
from civscore.campaign.run import run_campaign
from civscore.cli.inputs import input_encoding
from civscore.cli.output import (
    emit_stderr,
    format_of_output,
    json_text,
    refuse_input_as_output,
    with_bom,
    write_output,
)
from civscore.cli.sheets import (
    TEXT_FORMATS,
    add_campaign_options,
    assessment_files,
    campaign_for,
    campaign_rubrics,
    given_rubrics,
    history_for,
    read_sheets,
)
from civscore.cli.status import EXIT_OK
from civscore.exceptions import CampaignError
from civscore.messages import message
from civscore.plugins import default_registry

if TYPE_CHECKING:
    import argparse

__all__ = ["configure", "run", "run_command"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore rank``."""
    parser.add_argument("assessments", metavar="DIR", nargs="+",
                        help="directories (or files) of assessments: every assessor's of every "
                             "unit, for every period of the campaign")
    parser.add_argument("--campaign", metavar="FILE", required=True,
                        help="the campaign file (评选方案: rubric, panel, term, quota, "
                             "review), or the id of a campaign an installed plugin ships")
    parser.add_argument("--history", metavar="FILE",
                        help="the history of titles held (CSV or TOML): holders are reviewed, "
                             "eligibility conditions read it")
    add_campaign_options(parser, inputs=("assessments", "rubric", "campaign", "history"))


def run_command(args: argparse.Namespace, *, review_only: bool = False) -> int:
    """Run the campaign ``args`` names and write its result (``review_only``:
    the reviewed holders alone); returns the exit status.  An ``-o`` naming
    an input is refused before anything is read."""
    files = assessment_files(args.assessments)
    inputs = (*files, *args.rubric, args.campaign, args.history)
    refuse_input_as_output(args.output, inputs)
    if args.format is None:
        args.format = format_of_output(args.output, TEXT_FORMATS)
    registry = default_registry()
    campaign = campaign_for(registry, args.campaign, input_encoding(args, "campaign"))
    if review_only and campaign.review is None:
        raise CampaignError(message("cli.no-review"),
                            source=args.campaign, path="$.review")
    given = given_rubrics(registry, args.rubric, input_encoding(args, "rubric"))
    rubrics = campaign_rubrics(registry, campaign, given, args.campaign)
    sheets = read_sheets(registry, files, rubrics,
                         input_encoding(args, "assessments"))
    history = history_for(args.history, sheets, input_encoding(args, "history"))
    result = run_campaign(campaign, sheets, rubrics, history, source=args.campaign)
    if args.format == "json":
        data = result_dict(result)
        text = json_text(data["review"] if review_only else data)
    else:
        text = with_bom(render_result(result, args.format, review_only=review_only), args)
        if args.format == "csv":  # the rows alone: the notes are said beside them
            for note in result.notes:
                emit_stderr(f"civscore: warning: {note}")
    write_output(text, args.output, inputs)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run ``civscore rank``; returns the exit status."""
    return run_command(args)
