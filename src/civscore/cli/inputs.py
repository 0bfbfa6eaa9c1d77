"""What a command names: a rubric (a TOML file or an installed
``id[@version]``), an assessment file, and the rubric an assessment is scored
against."""

from __future__ import annotations

import argparse
import os
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from civscore.exceptions import AssessmentError, RubricError, RubricNotFoundError
from civscore.files.loader import parse_toml, read_text

if TYPE_CHECKING:
    from civscore.model import Assessment, Rubric
    from civscore.plugins import Registry, RubricEntry

__all__ = ["add_encoding_option", "is_assessment", "looks_like_path", "points_arg", "read_toml",
           "resolve_rubric", "rubric_for", "rubric_from_file"]


def add_encoding_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--encoding ENC``, the encoding of the input files."""
    parser.add_argument(
        "--encoding", metavar="ENC",
        help="encoding of the input files, e.g. gb18030 (default: UTF-8, with or without BOM)")


def points_arg(text: str) -> Decimal:
    """An option's points (``--fail-under 85.5``): a finite, non-negative decimal.

    :raises argparse.ArgumentTypeError: anything else (argparse's usage error, exit 2).
    """
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"expected points such as 85 or 85.5, got {text!r}")
    return value


def looks_like_path(arg: str) -> bool:
    """Whether ``arg`` names a file rather than an installed rubric id."""
    return os.path.isfile(arg) or arg.lower().endswith(".toml") or "/" in arg or os.sep in arg


def read_toml(path: str, encoding: str | None) -> dict[str, Any]:
    """The TOML file ``path`` as a mapping, errors naming the file."""
    return parse_toml(read_text(path, encoding=encoding), source=path)


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
    data = read_toml(path, encoding) if data is None else data
    if is_assessment(data):
        raise RubricError(f"is an assessment of {data['rubric']!r}, not a rubric; give a rubric "
                          "file or an installed rubric id", source=path, path="$.rubric")
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
        raise AssessmentError(f"{exc}; or give the rubric file with --rubric FILE",
                              source=source, path="$.rubric") from None
