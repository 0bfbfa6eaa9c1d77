"""What a command names: a rubric (a TOML or JSON file, or an installed
``id[@version]``), an assessment file, and the rubric an assessment is scored
against."""

from __future__ import annotations

import argparse
import os
import sys
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from civscore.exceptions import AssessmentError, FileFormatError, RubricError, RubricNotFoundError
from civscore.files.loader import is_campaign
from civscore.files.text import build_from_text, read_stream, read_text
from civscore.messages import message
from civscore.model.serde import MAX_MAGNITUDE

if TYPE_CHECKING:
    from collections.abc import Callable

    from civscore.model import Assessment, Rubric
    from civscore.plugins import Registry, RubricEntry

__all__ = ["STDIN", "add_encoding_option", "input_encoding", "is_assessment", "looks_like_path",
           "points_arg", "read_input", "resolve_rubric", "rubric_for", "rubric_from_file",
           "source_name", "whole_arg"]

#: What errors name standard input as (the argument ``-``).
STDIN = "<stdin>"


def add_encoding_option(parser: argparse.ArgumentParser, inputs: tuple[str, ...]) -> None:
    """Add ``--encoding [INPUT=]ENC``, repeatable: ``ENC`` alone is the
    encoding of every input file, ``INPUT=ENC`` of the one input named
    (``inputs``: the command's, e.g. ``("assessment", "rubric")``), which
    wins over ``ENC`` alone.  Read with :func:`input_encoding`; an unknown
    ``INPUT`` is a usage error."""

    def encoding_arg(text: str) -> tuple[str | None, str]:
        name, equals, encoding = text.rpartition("=")
        if not equals:
            return None, text
        if name not in inputs or not encoding:
            raise argparse.ArgumentTypeError(message("cli.encoding-arg", inputs=", ".join(inputs),
                                                     last=inputs[-1], given=text))
        return name, encoding

    parser.add_argument(
        "--encoding", metavar="[INPUT=]ENC", action="append", default=[], type=encoding_arg,
        help="encoding of the input files, e.g. gb18030 (default: UTF-8 or UTF-16, with or "
             f"without BOM); INPUT=ENC for one input only ({', '.join(inputs)}), e.g. "
             f"--encoding {inputs[-1]}=gbk; may be repeated")


def input_encoding(args: argparse.Namespace, name: str) -> str | None:
    """The encoding ``--encoding`` gives the input ``name``: its own
    (``name=ENC``), else the one for every input, else ``None`` (detect);
    the last given wins."""
    given: list[tuple[str | None, str]] = args.encoding
    own = [encoding for input_name, encoding in given if input_name == name]
    every = [encoding for input_name, encoding in given if input_name is None]
    chosen = own or every
    return chosen[-1] if chosen else None


def points_arg(text: str) -> Decimal:
    """An option's points (``--fail-under 85.5``): a decimal from 0 to
    :data:`~civscore.model.serde.MAX_MAGNITUDE` (a file's bound), written as
    in a file (no ``_`` between digits).

    :raises argparse.ArgumentTypeError: anything else (argparse's usage error, exit 2).
    """
    try:
        value = Decimal(text) if "_" not in text else Decimal("NaN")
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not 0 <= value <= MAX_MAGNITUDE:
        raise argparse.ArgumentTypeError(message("cli.points-arg", given=text))
    return value


def whole_arg(least: int, most: int) -> Callable[[str], int]:
    """An option's whole number from ``least`` to ``most`` (``--trim 1``),
    written as in a file (digits only), as :func:`points_arg` reads points.

    :raises argparse.ArgumentTypeError: (from the parser it returns) anything
        else: argparse's usage error, exit 2.
    """

    def parse(text: str) -> int:
        value = int(text) if text.strip().isdigit() and text.isascii() else least - 1
        if not least <= value <= most:
            raise argparse.ArgumentTypeError(message("cli.whole-arg", least=least, most=most,
                                                     given=text))
        return value

    return parse


def looks_like_path(arg: str) -> bool:
    """Whether ``arg`` names a file rather than an installed rubric id."""
    return (os.path.isfile(arg) or arg.lower().endswith((".toml", ".json")) or "/" in arg
            or os.sep in arg)


def source_name(path: str) -> str:
    """What errors call the input ``path``: :data:`STDIN` for ``-``."""
    return STDIN if path == "-" else path


def read_input(path: str, encoding: str | None,
               error: type[FileFormatError] = FileFormatError) -> str:
    """The text of the input file ``path`` (standard input for ``-``), read
    within the limits of :mod:`civscore.files.text`; parse it with
    :func:`~civscore.files.text.build_from_text` (TOML or JSON).

    :raises FileFormatError: (or ``error``) naming the file (:func:`source_name`).
    """
    if path == "-":
        if sys.stdin is None:  # closed (``civscore score - <&-``)
            raise error(message("file.unreadable", reason=message("cli.closed")), source=STDIN,
                        code="unreadable")
        return read_stream(sys.stdin.buffer, source=STDIN, encoding=encoding, error=error)
    return read_text(path, encoding=encoding, error=error)


#: Top-level keys only an assessment has.
ASSESSMENT_KEYS = frozenset({"findings", "unit", "period", "assessed_on", "claimed_total"})


def is_assessment(data: dict[str, Any]) -> bool:
    """An assessment names its rubric as ``rubric = "id@version"``; a file
    that does not, has none of a rubric's ``id`` and ``categories`` and has
    a key only an assessment has (``findings``, ``unit`` …) is an assessment
    too, whose missing ``rubric`` the loader then names."""
    if isinstance(data.get("rubric"), str):
        return True
    return "id" not in data and "categories" not in data and not ASSESSMENT_KEYS.isdisjoint(data)


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
    if is_campaign(data):
        raise RubricError(message("loader.is-campaign", what=message("loader.a-rubric")),
                          source=path, path="$.award", code="not-a-rubric")
    if is_assessment(data):
        if "rubric" in data:
            raise RubricError(message("cli.not-a-rubric", rubric=repr(data["rubric"])),
                              source=path, path="$.rubric", code="not-a-rubric")
        key = min(ASSESSMENT_KEYS.intersection(data))
        raise RubricError(message("cli.not-a-rubric-unnamed", key=key), source=path,
                          path=f"$.{key}", code="not-a-rubric")
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
               rubric_file: str | None, encoding: str | None, *, where: str = "$.rubric",
               ) -> Rubric:
    """The rubric an assessment is scored against: ``--rubric`` or the installed one it names.

    :param where: where the assessment names its rubric (a workbook's ``civscore!B2``).
    :raises AssessmentError: naming ``source`` and ``where``, when the rubric
        it names is not installed.
    """
    if rubric_file is not None:
        return rubric_from_file(registry, rubric_file, encoding)
    try:
        return registry.get(assessment.rubric)
    except RubricNotFoundError as exc:
        raise AssessmentError(message("cli.give-rubric", error=exc), source=source,
                              path=where, code="unknown-rubric") from None
