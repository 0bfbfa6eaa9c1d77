"""``civscore extract``: the claimed scores of a narrative work report,
checked and written as an assessment."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from civscore import extract
from civscore.cli.inputs import add_encoding_option, input_encoding, resolve_rubric
from civscore.cli.output import (
    emit,
    emit_stderr,
    json_text,
    refuse_existing,
    refuse_input_as_output,
    write_all_atomic,
)
from civscore.cli.status import EXIT_FAILED, EXIT_OK
from civscore.cli.values import value_text
from civscore.exceptions import CivscoreError
from civscore.messages import message
from civscore.model.points import to_text
from civscore.model.serde import unstructure
from civscore.plugins import default_registry
from civscore.results.render import table

if TYPE_CHECKING:
    import argparse

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore extract``."""
    parser.add_argument("report", metavar="REPORT",
                        help="a work report (工作总结/汇报): UTF-8 or GB18030 text, or .docx "
                             "(needs: pip install civscore[docx])")
    parser.add_argument("--rubric", metavar="RUBRIC",
                        help="match against this rubric (installed id[@version] or a TOML "
                             "file); default: the installed rubric that fits best")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or json")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the assessment built from the report to FILE; when the file "
                             "holds several reports that state scores, report N goes to "
                             "FILE with '-N' before its suffix; '-' writes the one assessment to "
                             "stdout and the summary to stderr")
    parser.add_argument("--force", action="store_true",
                        help="overwrite an -o file that exists (without it, an existing file, "
                             "which may be an assessment edited since, is refused)")
    add_encoding_option(parser, ("report", "rubric"))


def _extraction_outputs(path: str | None, scored: Sequence[int]) -> dict[int, str]:
    """Report index → the file its assessment goes to (``-``: stdout).

    :raises CivscoreError: ``-`` and several reports that state scores.
    """
    if path is None or not scored:
        return {}
    if len(scored) == 1:
        return {scored[0]: path}
    if path == "-":
        raise CivscoreError(message("extract.several-to-stdout",
                                    reports=", ".join(map(str, scored))))
    target = Path(path)
    return {i: str(target.with_name(f"{target.stem}-{i}{target.suffix}")) for i in scored}


def _extraction_text(found: extract.Extraction, checks: Sequence[extract.ConsistencyFinding],
                     written: str | None) -> str:
    report = found.report
    head = message("extract.report", index=report.index, title=report.title)
    facts = [message("extract.unit", unit=report.unit) if report.unit else "",
             message("extract.period", period=report.period) if report.period else ""]
    lines = [head + ("  " + "  ".join(f for f in facts if f) if any(facts) else "")]
    if not report.has_scores:
        lines.append(message("extract.no-scores"))
        return "\n".join(lines) + "\n"
    if found.rubric is None or found.match is None:
        lines.append(message("extract.no-rubric"))
    else:
        lines.append(message("extract.rubric", ref=found.rubric.ref, title=found.rubric.title))
        header = tuple(message("extract.header").split("|"))
        rows = [(m.category_title, _short(m.section.label), value_text(m.section.allotted),
                 to_text(m.points), value_text(m.section.earned),
                 message("extract.by-title" if m.by == "title" else "extract.by-order"))
                for m in found.match.matches]
        lines.extend("  " + line for line in table(header, rows))
    lines.append(message("extract.overall", allotted=value_text(report.overall_allotted),
                         earned=value_text(report.overall_earned)))
    if checks:
        lines.append(message("extract.consistency"))
        lines.extend(f"    {'✓' if c.ok else '✗'} [{c.code}] {c.message}" for c in checks)
    lines.extend(message("extract.note", message=m) for m in found.messages)
    if written:
        lines.append(message("extract.written", path=written))
    return "\n".join(lines) + "\n"


def _short(text: str, size: int = 16) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def run(args: argparse.Namespace) -> int:
    """Extract the claims of the report ``args`` names, check them and write
    them as assessments if asked; returns the exit status."""
    inputs = (args.report, args.rubric)
    refuse_input_as_output(args.output, inputs)
    registry = default_registry()
    text = extract.read_report_text(args.report, input_encoding(args, "report"))
    if args.rubric is not None:
        rubric, _entry = resolve_rubric(registry, args.rubric, input_encoding(args, "rubric"))
        found = extract.extract(text, rubric=rubric)
    else:
        found = extract.extract(text, [e.rubric for e in registry.rubrics()])
    checks = [extract.consistency_report(f, registry.methods) for f in found]
    scored = [f.report.index for f in found if f.assessment is not None]
    outputs = _extraction_outputs(args.output, scored)
    for output in outputs.values():  # every one before the first is written
        refuse_input_as_output(output, inputs)
        if not args.force:
            refuse_existing(output)
    if not found:  # an empty file, or one of blank lines: said, not left silent
        emit_stderr(f"{args.report}: " + message("extract.nothing"))
    texts = {f.report.index: extract.assessment_to_toml(f.assessment)
             for f in found if f.assessment is not None and f.report.index in outputs}
    if args.output == "-":
        emit("".join(texts.values()))
    else:
        write_all_atomic([(outputs[i], text) for i, text in texts.items()])
    summary = sys.stderr if args.output == "-" else None  # stdout holds the assessment
    if args.format == "json":
        data = [{
            "report": f.report.index, "title": f.report.title, "unit": f.report.unit,
            "period": f.report.period, "has_scores": f.report.has_scores,
            "rubric": f.rubric.ref if f.rubric else None,
            "overall_allotted": _json_points(f.report.overall_allotted),
            "overall_earned": _json_points(f.report.overall_earned),
            "sections": [{"category": m.category, "section": m.section.label,
                          "allotted": _json_points(m.section.allotted),
                          "earned": _json_points(m.section.earned),
                          "rubric_points": to_text(m.points), "matched_by": m.by}
                         for m in (f.match.matches if f.match else ())],
            "consistency": [unstructure(c) for c in check],
            "messages": list(f.messages),
            "assessment_file": outputs.get(f.report.index),
        } for f, check in zip(found, checks, strict=True)]
        emit(json_text(data), summary)
    else:
        shown = {i: "<stdout>" if path == "-" else path for i, path in outputs.items()}
        emit("\n".join(_extraction_text(f, check, shown.get(f.report.index))
                        for f, check in zip(found, checks, strict=True)), summary)
    return EXIT_OK if scored else EXIT_FAILED


def _json_points(value: Decimal | None) -> str | None:
    return None if value is None else to_text(value)
