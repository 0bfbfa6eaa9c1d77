"""``civscore score``: score assessments and write the scorecards."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from civscore.cli.inputs import (
    add_encoding_option,
    input_encoding,
    points_arg,
    read_input,
    rubric_for,
    source_name,
)
from civscore.cli.output import (
    add_bom_option,
    add_output_option,
    emit_stderr,
    format_of_output,
    json_text,
    refuse_input_as_output,
    with_bom,
    write_output,
)
from civscore.cli.status import EXIT_FAILED, EXIT_NOT_ASSESSABLE, EXIT_OK
from civscore.exceptions import AssessmentError, CivscoreError
from civscore.files.loader import assessment_from_dict
from civscore.files.text import build_from_text
from civscore.messages import message
from civscore.model.points import to_text
from civscore.plugins import default_registry
from civscore.results.render import render_csv, render_markdown, render_text
from civscore.sheets.layout import is_workbook

if TYPE_CHECKING:
    from civscore.model import Assessment, Rubric, UnassessedPolicy
    from civscore.plugins import Registry
    from civscore.results import Scorecard
    from civscore.results.fonts import FontChoice

__all__ = ["SCORE_FORMATS", "configure", "run"]

#: What ``civscore score --format`` writes.
SCORE_FORMATS = ("table", "json", "markdown", "csv", "html", "xlsx")

#: The byte-order mark written before CSV, so that Excel reads it as UTF-8.


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore score``."""
    parser.add_argument("assessments", metavar="ASSESSMENT", nargs="+",
                        help="assessment file (TOML or JSON), - for standard input, or a filled "
                             "workbook (.xlsx); it names its rubric as rubric = \"id@version\". "
                             "Several, with --format html or xlsx, make one batch report")
    parser.add_argument("--rubric", metavar="FILE",
                        help="score against this rubric file instead of the installed rubric "
                             "the assessment names")
    parser.add_argument("--format", choices=SCORE_FORMATS,
                        help="table (the default, unless -o names a .html, .xlsx, .json, .md or "
                             ".csv file: then that format), json, markdown, csv (with a UTF-8 "
                             "byte-order mark for Excel), html (a self-contained page to print) "
                             "or xlsx (a workbook of results, a row per unit; give -o FILE)")
    fonts = parser.add_mutually_exclusive_group()
    fonts.add_argument("--font", metavar="FILE",
                       help="with --format html: embed a subset of this Chinese font (.ttf, .otf, "
                            ".ttc, .woff, .woff2) holding the characters the report uses, so it "
                            "shows Chinese on any computer; by default a Chinese font found on "
                            "this computer (fontconfig, then the usual places) is embedded. "
                            "Needs the extra: pip install 'civscore[fonts]'")
    fonts.add_argument("--no-font", action="store_true",
                       help="with --format html: embed no font (a smaller file, which relies on "
                            "the Chinese fonts of the computer it is viewed on)")
    add_bom_option(parser)
    parser.add_argument("--explain", action="store_true",
                        help="add points lost (largest first), the distance to the next level "
                             "and the audit trail (table, markdown, json; html always has them)")
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


def _scored(registry: Registry, path: str, args: argparse.Namespace,
            explain: bool) -> list[Scorecard]:
    """The scorecards of the assessment file ``path`` (``-``: standard input;
    a campaign workbook holds several); a workbook is checked against its
    rubric first, each problem named by its cell."""
    source = source_name(path)
    rubric_encoding = input_encoding(args, "rubric")
    pairs: list[tuple[Assessment, Rubric]] = []
    if is_workbook(path):
        from civscore.sheets.campaign import (  # noqa: PLC0415 (start-up: only a workbook needs it)
            read_filled,
        )

        books = read_filled(path)
        if not books:
            raise CivscoreError(message("cli.no-unit-rows", source=source))
        for book in books:
            rubric = rubric_for(registry, book.assessment, source, args.rubric, rubric_encoding,
                                where=book.locate("$.rubric"))
            book.check(rubric, registry.methods)
            pairs.append((book.assessment, rubric))
    else:
        text = read_input(path, input_encoding(args, "assessment"), AssessmentError)
        assessment = build_from_text(text, lambda data: assessment_from_dict(data, source=source),
                                     source=source, error=AssessmentError)
        pairs.append((assessment, rubric_for(registry, assessment, source, args.rubric,
                                             rubric_encoding)))
    # The rubric's own errors (自身不一致) are among each card's warnings, printed once by run().
    unassessed: UnassessedPolicy | None = "error" if args.require_all else None
    return [registry.score(assessment, rubric, explain=explain, source=source,
                           unassessed=unassessed)
            for assessment, rubric in pairs]


def _rendered(cards: list[Scorecard], args: argparse.Namespace) -> str | bytes:
    if args.format == "xlsx":
        from civscore.sheets.results import (  # noqa: PLC0415 (start-up: only --format xlsx)
            results_workbook,
        )

        return results_workbook(cards)
    if args.format == "html":
        from civscore.results import html  # noqa: PLC0415 (start-up: only --format html needs it)

        font: FontChoice = False if args.no_font else args.font
        return (html.render_html(cards[0], font=font) if len(cards) == 1
                else html.render_html_batch(cards, font=font))
    card = cards[0]
    if args.format == "json":
        return json_text(card.to_dict())
    if args.format == "markdown":
        return render_markdown(card, explain=args.explain)
    if args.format == "csv":
        return with_bom(render_csv(card), args)
    return render_text(card, explain=args.explain)


def run(args: argparse.Namespace) -> int:
    """Score the assessments ``args`` names and write the scorecards; returns
    the exit status.  Each file is read once, and every error names it; an
    ``-o`` naming an input is refused before anything is read."""
    inputs = (*args.assessments, args.rubric, args.font)
    refuse_input_as_output(args.output, inputs)
    if args.format is None:
        args.format = format_of_output(args.output, SCORE_FORMATS)
    registry = default_registry()
    explain = args.explain or args.format == "html"
    scored = [(source_name(path), card) for path in args.assessments
              for card in _scored(registry, path, args, explain)]
    if len(scored) > 1 and args.format not in ("html", "xlsx"):
        raise CivscoreError(message("cli.several", n=len(scored)))
    cards = [card for _source, card in scored]
    refs = {card.rubric.hash for card in cards}
    if len(refs) > 1:
        raise CivscoreError(message("cli.several-rubrics", refs=", ".join(sorted(
            {f"{c.rubric.id}@{c.rubric.version}" for c in cards}))))
    text = _rendered(cards, args)
    for warning in _warnings(scored):
        if warning not in getattr(args, "shown_warnings", ()):  # said while scoring
            emit_stderr(f"civscore: warning: {warning}")
    write_output(text, args.output, inputs)
    failed = [(source, reason) for source, card in scored for reason in _failures(card, args)]
    for source, reason in failed:
        emit_stderr(f"civscore: {source}: {reason}")
    if failed:
        return EXIT_FAILED
    if any(card.outcome.status == "not_assessable" for card in cards):
        return EXIT_NOT_ASSESSABLE
    return EXIT_OK


def _warnings(scored: list[tuple[str, Scorecard]]) -> list[str]:
    """The cards' warnings, each card's in order; one every card of a batch
    gives (the rubric's, :func:`civscore.checks.rubric_warnings`) said once,
    and, in a batch, each other one after the file it is about."""
    cards = [card for _source, card in scored]
    shared = set(cards[0].warnings).intersection(*(card.warnings for card in cards[1:]))
    said: list[str] = []
    for source, card in scored:
        for warning in card.warnings:
            if warning in shared:
                if warning not in said:
                    said.append(warning)
            else:
                said.append(f"{source}: {warning}" if len(scored) > 1 else warning)
    return said


def _failures(card: Scorecard, args: argparse.Namespace) -> list[str]:
    """What the ``--fail-*`` options find in ``card``."""
    failed = []
    if args.fail_under is not None and card.total.compared < args.fail_under:
        failed.append(message("score.fail-under", total=to_text(card.total.compared),
                              least=to_text(args.fail_under)))
    if args.fail_on_discrepancy and card.discrepancies:
        paths = ", ".join(f"{d.path} ({d.level})" for d in card.discrepancies)
        failed.append(message("score.fail-discrepancy", n=len(card.discrepancies), paths=paths))
    if args.fail_on_veto and card.outcome.status in ("vetoed", "ineligible"):
        failed.append(message("score.fail-veto", status=card.outcome.status,
                              reasons="; ".join(card.outcome.reasons)))
    return failed
