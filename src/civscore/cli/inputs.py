"""What a command names: a rubric (a TOML or JSON file, or an installed
``id[@version]``), an assessment file, and the rubric an assessment is scored
against."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from civscore.exceptions import AssessmentError, RubricError, RubricNotFoundError
from civscore.files.text import build_from_text, read_text
from civscore.messages import message

if TYPE_CHECKING:
    import argparse

    from civscore.model import Assessment, Rubric
    from civscore.plugins import Registry, RubricEntry

__all__ = ["add_encoding_option", "is_assessment", "looks_like_path",
           "resolve_rubric", "rubric_for", "rubric_from_file"]


def add_encoding_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--encoding ENC``, the encoding of the input files."""
    parser.add_argument(
        "--encoding", metavar="ENC",
        help="encoding of the input files, e.g. gb18030 (default: UTF-8, with or without BOM)")


def looks_like_path(arg: str) -> bool:
    """Whether ``arg`` names a file rather than an installed rubric id."""
    return (os.path.isfile(arg) or arg.lower().endswith((".toml", ".json")) or "/" in arg
            or os.sep in arg)


def is_assessment(data: dict[str, Any]) -> bool:
    """An assessment names its rubric as ``rubric = "id@version"``."""
    return isinstance(data.get("rubric"), str)


def rubric_from_file(registry: Registry, path: str, encoding: str | None,
                     data: dict[str, Any] | None = None) -> Rubric:
    """A rubric file (or an overlay on an installed rubric), refusing an
    assessment; the file is read once (``data``: its content, when read already).

    :raises FileFormatError: naming the file, when it cannot be read or parsed.
    :raises RubricError: naming the file, when it is an assessment or not a valid rubric.
    """
    if data is None:
        return build_from_text(read_text(path, encoding=encoding),
                               lambda read: rubric_from_file(registry, path, encoding, read),
                               source=path)
    if is_assessment(data):
        raise RubricError(message("cli.not-a-rubric", rubric=repr(data["rubric"])), source=path,
                          path="$.rubric", code="not-a-rubric")
    return registry.rubric_from_dict(data, source=path)


def resolve_rubric(registry: Registry, arg: str,
                   encoding: str | None) -> tuple[Rubric, RubricEntry | None]:
    """A rubric from a file path or an installed ``id[@version]``, with its
    registry entry when it is installed."""
    if looks_like_path(arg):
        return rubric_from_file(registry, arg, encoding), None
    entry = registry.entry(arg)
    return entry.rubric, entry


def rubric_for(registry: Registry, assessment: Assessment, source: str,
               rubric_file: str | None, encoding: str | None) -> Rubric:
    """The rubric an assessment is scored against: ``--rubric`` or the installed one it names.

    :raises AssessmentError: naming ``source``, when the rubric it names is not installed.
    """
    if rubric_file is not None:
        return rubric_from_file(registry, rubric_file, encoding)
    try:
        return registry.get(assessment.rubric)
    except RubricNotFoundError as exc:
        raise AssessmentError(message("cli.give-rubric", error=exc), source=source,
                              path="$.rubric", code="unknown-rubric") from None
