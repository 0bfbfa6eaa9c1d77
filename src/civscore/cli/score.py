"""``civscore score``: score an assessment and write the scorecard."""

from __future__ import annotations

import argparse

from civscore.cli.inputs import (
    add_encoding_option,
    input_encoding,
    points_arg,
    read_toml,
    rubric_for,
    source_name,
)
from civscore.cli.output import (
    add_output_option,
    emit_stderr,
    json_text,
    refuse_input_as_output,
    write_output,
)
from civscore.cli.status import EXIT_FAILED, EXIT_NOT_ASSESSABLE, EXIT_OK
from civscore.exceptions import AssessmentError
from civscore.files.loader import assessment_from_dict
from civscore.model.points import to_text
from civscore.plugins import default_registry
from civscore.results.render import render_csv, render_markdown, render_text

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore score``."""
    parser.add_argument("assessment", metavar="ASSESSMENT",
                        help="assessment TOML file, or - for standard input; it names its rubric "
                             "as rubric = \"id@version\"")
    parser.add_argument("--rubric", metavar="FILE",
                        help="score against this rubric file instead of the installed rubric "
                             "the assessment names")
    parser.add_argument("--format", choices=("table", "json", "markdown", "csv"),
                        default="table", help="table (default), json, markdown or csv")
    parser.add_argument("--explain", action="store_true",
                        help="add points lost (largest first), the distance to the next level "
                             "and the audit trail (table, markdown, json)")
    add_output_option(parser)
    add_encoding_option(parser, ("assessment", "rubric"))
    parser.add_argument("--require-all", action="store_true",
                        help="refuse the assessment (exit 2) when an item has no finding (未评), "
                             "whatever the rubric's unassessed policy says; for this run only")
    parser.add_argument("--fail-under", metavar="POINTS", type=points_arg,
                        help="exit 1 when the total is below POINTS (the total the rubric's "
                             "levels compare: raw, or rounded if the rubric says so)")
    parser.add_argument("--fail-on-discrepancy", action="store_true",
                        help="exit 1 when a claimed (自评) figure differs from the computed one")
    parser.add_argument("--fail-on-veto", action="store_true",
                        help="exit 1 when the outcome is vetoed (一票否决) or ineligible "
                             "(不得申报)")


def run(args: argparse.Namespace) -> int:
    """Score the assessment ``args`` names and write the scorecard; returns
    the exit status.  Each file is read once, and every error names it; an
    ``-o`` naming an input is refused before anything is read."""
    inputs = (args.assessment, args.rubric)
    refuse_input_as_output(args.output, inputs)
    registry = default_registry()
    source = source_name(args.assessment)
    data = read_toml(args.assessment, input_encoding(args, "assessment"), AssessmentError)
    assessment = assessment_from_dict(data, source=source)
    rubric = rubric_for(registry, assessment, source, args.rubric,
                        input_encoding(args, "rubric"))
    card = registry.score(assessment, rubric, explain=args.explain, source=source,
                          unassessed="error" if args.require_all else None)
    for finding in registry.check_rubric(rubric):
        if finding.severity == "error":
            emit_stderr(f"civscore: warning: rubric {rubric.ref} is inconsistent, so this "
                        f"score may mislead: {finding.path}: {finding.message} [{finding.code}]")
    if args.format == "json":
        text = json_text(card.to_dict())
    elif args.format == "markdown":
        text = render_markdown(card, explain=args.explain)
    elif args.format == "csv":
        text = render_csv(card)
    else:
        text = render_text(card, explain=args.explain)
    for warning in card.warnings:
        emit_stderr(f"civscore: warning: {warning}")
    write_output(text, args.output, inputs)
    failed = []
    if args.fail_under is not None and card.total.compared < args.fail_under:
        failed.append(f"total {to_text(card.total.compared)} is under {to_text(args.fail_under)}"
                      " (--fail-under)")
    if args.fail_on_discrepancy and card.discrepancies:
        paths = ", ".join(f"{d.path} ({d.level})" for d in card.discrepancies)
        failed.append(f"{len(card.discrepancies)} claimed figure(s) differ from the computed "
                      f"ones: {paths} (--fail-on-discrepancy)")
    if args.fail_on_veto and card.outcome.status in ("vetoed", "ineligible"):
        failed.append(f"the outcome is {card.outcome.status}: {'; '.join(card.outcome.reasons)}"
                      " (--fail-on-veto)")
    for message in failed:
        emit_stderr(f"civscore: {source}: {message}")
    if failed:
        return EXIT_FAILED
    return EXIT_NOT_ASSESSABLE if card.outcome.status == "not_assessable" else EXIT_OK
