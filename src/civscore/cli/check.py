"""``civscore check``: the consistency checks of rubrics and assessments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from civscore.cli.inputs import (
    add_encoding_option,
    input_encoding,
    is_assessment,
    looks_like_path,
    read_toml,
    rubric_for,
    rubric_from_file,
)
from civscore.cli.output import emit, emit_stderr, json_text
from civscore.cli.status import EXIT_ERROR, EXIT_FAILED, EXIT_OK
from civscore.exceptions import CivscoreError
from civscore.files.loader import assessment_from_dict
from civscore.model.serde import unstructure
from civscore.plugins import default_registry

if TYPE_CHECKING:
    import argparse

    from civscore.checks import CheckFinding
    from civscore.plugins import Registry

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
               ) -> tuple[str, str, list[CheckFinding]]:
    """(kind, source, findings) of one target."""
    if not looks_like_path(target):
        entry = registry.entry(target)
        return "rubric", entry.ref, registry.check_rubric(entry.rubric)
    encoding = input_encoding(args, "file")
    data = read_toml(target, encoding)
    if not is_assessment(data):
        return "rubric", target, registry.check_rubric(
            rubric_from_file(registry, target, encoding, data))
    assessment = assessment_from_dict(data, source=target)
    rubric = rubric_for(registry, assessment, target, args.rubric,
                        input_encoding(args, "rubric"))
    return "assessment", target, registry.check_assessment(rubric, assessment)


def run(args: argparse.Namespace) -> int:
    """Check every target ``args`` names; returns the exit status."""
    registry = default_registry()
    registry.rubrics()  # load every installed rubric: check reports the broken ones too
    status = EXIT_OK
    report: list[dict[str, Any]] = []
    for target in args.targets:
        try:
            kind, source, findings = _check_one(registry, target, args)
        except CivscoreError as exc:
            emit_stderr(f"civscore: error: {exc}")
            report.append({"target": target, "error": str(exc)})
            status = EXIT_ERROR
            continue
        if any(f.severity == "error" for f in findings) and status == EXIT_OK:
            status = EXIT_FAILED
        report.append({"target": target, "kind": kind, "source": source,
                       "findings": [unstructure(f) for f in findings]})
        if args.format == "text":
            counts = {s: sum(f.severity == s for f in findings)
                      for s in ("error", "warning", "info")}
            lines = [f"{source}: {f}" for f in findings]
            summary = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}"
                                for s, n in counts.items())
            lines.append(f"{source}: {kind}: {summary}")
            emit("\n".join(lines) + "\n")
    if args.format == "json":
        emit(json_text(report))
    return status
