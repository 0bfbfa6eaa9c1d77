"""``civscore check``: the consistency checks of rubrics and assessments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from civscore.cli.inputs import (
    add_encoding_option,
    input_encoding,
    is_assessment,
    looks_like_path,
    read_input,
    rubric_for,
    rubric_from_file,
)
from civscore.cli.output import emit, emit_stderr, json_text
from civscore.cli.status import EXIT_ERROR, EXIT_FAILED, EXIT_OK
from civscore.exceptions import CivscoreError, FileFormatError, RubricError
from civscore.files.loader import assessment_from_dict, is_campaign
from civscore.files.problems import FileProblem
from civscore.files.text import build_from_text
from civscore.messages import message
from civscore.model.serde import unstructure
from civscore.plugins import default_registry
from civscore.sheets.campaign import read_filled
from civscore.sheets.reading import UnreadCellsError, is_workbook

if TYPE_CHECKING:
    import argparse

    from civscore.checks import CheckFinding
    from civscore.plugins import Registry
    from civscore.sheets.reading import FilledWorkbook

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore check``."""
    parser.add_argument("targets", metavar="FILE_OR_ID", nargs="+",
                        help="rubric files, assessment files (they name rubric = \"id@version\") "
                             "or installed rubric ids")
    parser.add_argument("--rubric", metavar="FILE",
                        help="score assessments against this rubric file instead of the "
                             "installed rubric they name")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or json")
    add_encoding_option(parser, ("file", "rubric"))


def _check_one(registry: Registry, target: str, args: argparse.Namespace,
               ) -> list[tuple[str, str, list[CheckFinding]]]:
    """(kind, source, findings) of one target (of each unit of a campaign workbook)."""
    if not looks_like_path(target):
        entry = registry.entry(target)
        return [("rubric", entry.ref, registry.check_rubric(entry.rubric))]
    if is_workbook(target):
        return [_check_workbook(registry, book, args)
                for book in read_filled(target, every_error=True)]
    return [build_from_text(read_input(target, input_encoding(args, "file")),
                            lambda data: _check_data(registry, target, data, args),
                            source=target)]


def _check_data(registry: Registry, target: str, data: dict[str, Any], args: argparse.Namespace,
                ) -> tuple[str, str, list[CheckFinding]]:
    if is_campaign(data):
        raise RubricError(message("loader.is-campaign",
                                  what=message("loader.rubric-or-assessment")),
                          source=target, path="$.award", code="campaign-file")
    if not is_assessment(data):
        return "rubric", target, registry.check_rubric(
            rubric_from_file(registry, target, input_encoding(args, "file"), data))
    assessment = assessment_from_dict(data, source=target)
    rubric = rubric_for(registry, assessment, target, args.rubric,
                        input_encoding(args, "rubric"))
    return "assessment", target, registry.check_assessment(rubric, assessment)


def _check_workbook(registry: Registry, book: FilledWorkbook, args: argparse.Namespace,
                    ) -> tuple[str, str, list[CheckFinding]]:
    """A filled workbook's findings, each key path replaced by its cell."""
    rubric = rubric_for(registry, book.assessment, book.source, args.rubric,
                        input_encoding(args, "rubric"), where=book.locate("$.rubric"))
    book.check_made_for(rubric)
    findings = [attrs.evolve(f, path=book.locate(f.path))
                for f in registry.check_assessment(rubric, book.assessment)]
    return "assessment", f"{book.source} ({book.assessment.unit})", findings


def _problem(exc: CivscoreError) -> dict[str, Any]:
    """The error of a file as data (``problem``: as
    :meth:`civscore.FileProblem.to_dict`; and ``problems``, each of them,
    for a workbook's unreadable cells), for ``--format json``."""
    if not isinstance(exc, FileFormatError):
        return {}
    each = exc.errors if isinstance(exc, UnreadCellsError) else ()
    return {"problem": FileProblem.from_error(exc).to_dict(),
            **({"problems": [FileProblem.from_error(e).to_dict() for e in each]} if each else {})}


def run(args: argparse.Namespace) -> int:
    """Check every target ``args`` names; returns the exit status."""
    registry = default_registry()
    registry.rubrics()  # load every installed rubric: check reports the broken ones too
    status = EXIT_OK
    report: list[dict[str, Any]] = []
    for target in args.targets:
        try:
            checked = _check_one(registry, target, args)
        except CivscoreError as exc:
            for each in exc.errors if isinstance(exc, UnreadCellsError) else (exc,):
                emit_stderr(f"civscore: error: {each}")
            report.append({"target": target, "error": str(exc), **_problem(exc)})
            status = EXIT_ERROR
            continue
        for one in checked:
            status = _report(target, one, args=args, report=report, status=status)
    if args.format == "json":
        emit(json_text(report))
    return status


def _report(target: str, checked: tuple[str, str, list[CheckFinding]], *,
            args: argparse.Namespace, report: list[dict[str, Any]], status: int) -> int:
    """Print (text) or record (json) one target's findings; the new status."""
    kind, source, findings = checked
    if any(f.severity == "error" for f in findings) and status == EXIT_OK:
        status = EXIT_FAILED
    report.append({"target": target, "kind": kind, "source": source,
                   "findings": [unstructure(f) for f in findings]})
    if args.format == "text":
        counts = {s: sum(f.severity == s for f in findings)
                  for s in ("error", "warning", "info")}
        lines = [f"{source}: {message('check.' + f.severity)}: {f.path}: {f.message} "
                 f"[{f.code}]" for f in findings]
        summary = message(
            "check.summary", kind=message(f"check.{kind}"),
            errors=message("check.errors", n=counts["error"],
                           s="" if counts["error"] == 1 else "s"),
            warnings=message("check.warnings", n=counts["warning"],
                             s="" if counts["warning"] == 1 else "s"),
            infos=message("check.infos", n=counts["info"]))
        lines.append(f"{source}: {summary}")
        emit("\n".join(lines) + "\n")
    return status
