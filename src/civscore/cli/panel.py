"""``civscore panel``: combine several assessors' assessments of one unit."""

from __future__ import annotations

import argparse

from civscore.campaign.loader import MAX_PLACES
from civscore.campaign.panel import combine_panel
from civscore.campaign.render import panel_dict, render_panel
from civscore.campaign.rules import PanelRule
from civscore.cli.inputs import input_encoding, points_arg, whole_arg
from civscore.cli.output import (
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
    given_rubrics,
    read_sheets,
)
from civscore.cli.status import EXIT_OK
from civscore.exceptions import CampaignError, CivscoreError
from civscore.plugins import default_registry

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore panel``."""
    parser.add_argument("assessments", metavar="ASSESSMENT", nargs="+",
                        help="the assessment files of one unit (or directories of them), one "
                             "per assessor; role = \"…\" in each gives its role")
    parser.add_argument("--campaign", metavar="FILE",
                        help="take the panel rule ([panel]) from this campaign file")
    parser.add_argument("--method", choices=("mean", "median", "trimmed"),
                        help="without --campaign: mean (default), median or trimmed")
    parser.add_argument("--trim", type=whole_arg(1, 1000), default=1,
                        help="trimmed: drop this many highest and lowest (default 1)")
    parser.add_argument("--small", choices=("error", "mean", "closest-pair"), default="mean",
                        help="trimmed, too few assessors: error, mean (default) or closest-pair")
    parser.add_argument("--per", choices=("total", "item"), default="total",
                        help="combine totals (default) or each item")
    parser.add_argument("--places", type=whole_arg(0, MAX_PLACES), default=2,
                        help="decimal places of the combined total (default 2, 四舍五入)")
    parser.add_argument("--diverge", type=points_arg, metavar="POINTS",
                        help="flag an assessor more than POINTS from the median")
    add_campaign_options(parser)


def run(args: argparse.Namespace) -> int:
    """Combine the assessments ``args`` names and write the panel; returns the exit status.
    An ``-o`` naming an input is refused before anything is read."""
    files = assessment_files(args.assessments)
    inputs = (*files, *args.rubric, args.campaign)
    refuse_input_as_output(args.output, inputs)
    if args.format is None:
        args.format = format_of_output(args.output, TEXT_FORMATS)
    registry = default_registry()
    if args.campaign is not None:
        rule = campaign_for(registry, args.campaign, input_encoding(args, "campaign")).panel
    else:
        rule = PanelRule(method=args.method or "mean", trim=args.trim, small=args.small,
                         per=args.per, places=args.places, diverge=args.diverge)
    rubrics = given_rubrics(registry, args.rubric, input_encoding(args, "rubric"))
    sheets = read_sheets(registry, files, rubrics,
                         input_encoding(args, "assessments"))
    first = sheets[0].card.rubric
    ref = f"{first.id}@{first.version}"
    rubric = rubrics.get(ref) or registry.get(ref)
    try:
        panel = combine_panel(sheets, rule, rubric)
    except CampaignError as exc:
        if args.campaign is not None or not exc.path.startswith("$.panel."):
            raise
        # the rule came from the options: name the option, not a campaign file's key
        option = "--" + exc.path.removeprefix("$.panel.").partition(".")[0].partition("[")[0]
        raise CivscoreError(f"{option}: {exc.message}") from None
    text = json_text(panel_dict(panel)) if args.format == "json" else \
        with_bom(render_panel(panel, args.format), args)
    write_output(text, args.output, inputs)
    return EXIT_OK
