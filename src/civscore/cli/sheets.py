"""What the campaign commands (``panel``, ``rank``, ``review``) read: the
assessments (files, or every ``*.toml`` under a directory) scored into
:class:`~civscore.campaign.panel.Sheet` s, the rubrics they are scored
with, the campaign file and the history of titles held."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from civscore.campaign.history import load_history
from civscore.campaign.loader import load_campaign
from civscore.campaign.panel import Sheet
from civscore.cli.inputs import add_encoding_option, looks_like_path, rubric_for, rubric_from_file
from civscore.cli.output import add_bom_option, add_output_option
from civscore.exceptions import CampaignError, CivscoreError, RubricNotFoundError
from civscore.files.loader import load_assessment
from civscore.messages import message
from civscore.sheets.layout import is_workbook

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping, Sequence

    from civscore.campaign.history import History
    from civscore.campaign.rules import Campaign
    from civscore.model import Rubric
    from civscore.plugins import Registry

__all__ = ["ASSESSMENT_SUFFIXES", "TEXT_FORMATS", "add_campaign_options", "assessment_files",
           "campaign_for", "campaign_rubrics", "given_rubrics", "history_for", "read_sheets"]


def add_campaign_options(parser: argparse.ArgumentParser, *, formats: bool = True,
                         inputs: tuple[str, ...] = ("assessments", "rubric", "campaign"),
                         ) -> None:
    """Add ``--rubric FILE`` (repeatable), ``--format``, ``-o`` and ``--encoding``
    (``[INPUT=]ENC``, ``INPUT`` one of ``inputs``)."""
    parser.add_argument("--rubric", metavar="FILE", action="append", default=[],
                        help="score against this rubric file instead of the installed rubric "
                             "the assessments name (repeat for several rubrics)")
    if formats:
        parser.add_argument("--format", choices=TEXT_FORMATS,
                            help="table (the default, unless -o names a .json, .md or .csv "
                                 "file: then that format), json, markdown or csv (with a "
                                 "UTF-8 byte-order mark for Excel)")
        add_bom_option(parser)
    add_output_option(parser)
    add_encoding_option(parser, inputs)


#: What ``panel``, ``rank``, ``review`` and ``whatif`` write (``--format``).
TEXT_FORMATS = ("table", "json", "markdown", "csv")

#: The files of assessments a directory given to ``panel``, ``rank`` … is searched for.
ASSESSMENT_SUFFIXES = frozenset({".toml", ".json", ".xlsx"})


def assessment_files(args: Sequence[str]) -> list[str]:
    """The assessment files ``args`` name: each file as given, and every
    ``*.toml``, ``*.json`` and ``*.xlsx`` under a directory (leaving out the
    lock files ``~$…`` Excel keeps beside a workbook it has open), sorted by
    path.

    :raises CivscoreError: a name that does not exist, or nothing found.
    """
    files: list[str] = []
    seen: dict[str, str] = {}
    for arg in args:
        if os.path.isdir(arg):
            found = sorted(str(p) for p in Path(arg).rglob("*")
                           if p.suffix.lower() in ASSESSMENT_SUFFIXES and p.is_file()
                           and not p.name.startswith("~$"))
            if not found:
                raise CivscoreError(message("cli.no-toml-files", path=arg))
            files += found
        elif os.path.exists(arg):
            files.append(arg)
        else:
            raise CivscoreError(message("cli.no-such-path", path=arg))
    for path in files:
        key = os.path.realpath(path)
        if key in seen:
            raise CivscoreError(message("cli.given-twice", path=path, other=seen[key]))
        seen[key] = path
    return files


def given_rubrics(registry: Registry, files: Sequence[str],
                  encoding: str | None) -> dict[str, Rubric]:
    """The rubrics of ``--rubric FILE`` options, by ``id@version``."""
    rubrics = [rubric_from_file(registry, path, encoding) for path in files]
    return {rubric.ref: rubric for rubric in rubrics}


def read_sheets(registry: Registry, paths: Sequence[str], rubrics: Mapping[str, Rubric],
                encoding: str | None) -> list[Sheet]:
    """Every assessment of ``paths``, scored against the rubric it names
    (from ``rubrics``, else installed), as sheets naming their files.

    :raises AssessmentError: naming the file: not a valid assessment, or an
        unknown rubric.
    """
    sheets = []
    for path in paths:
        if is_workbook(path):  # a unit's workbook, or a campaign's: a row per unit and assessor
            sheets += _workbook_sheets(registry, path, rubrics, encoding)
            continue
        assessment = load_assessment(path, encoding=encoding)
        rubric = rubrics.get(assessment.rubric) or rubric_for(registry, assessment, path, None,
                                                             encoding)
        card = registry.score(assessment, rubric, explain=False, source=path)
        sheets.append(Sheet(card, assessment.assessor, assessment.role, path))
    return sheets


def _workbook_sheets(registry: Registry, path: str, rubrics: Mapping[str, Rubric],
                     encoding: str | None) -> list[Sheet]:
    """The sheets of a filled workbook, each checked against its rubric
    (every problem named by its cell)."""
    from civscore.sheets.campaign import (  # noqa: PLC0415 (start-up: only a workbook needs it)
        read_filled,
    )

    sheets = []
    for book in read_filled(path):
        assessment = book.assessment
        rubric = rubrics.get(assessment.rubric) or rubric_for(
            registry, assessment, path, None, encoding, where=book.locate("$.rubric"))
        book.check(rubric, registry.methods)
        card = registry.score(assessment, rubric, explain=False, source=path)
        cells = {key: book.cells[key] for key in _SHEET_KEYS if key in book.cells}
        sheets.append(Sheet(card, assessment.assessor, assessment.role, path, cells))
    return sheets


#: The key paths a panel's errors name, placed at their cells for a workbook.
_SHEET_KEYS = ("$.unit", "$.period", "$.rubric", "$.assessor", "$.role")


def campaign_rubrics(registry: Registry, campaign: Campaign, given: Mapping[str, Rubric],
                     source: str) -> dict[str, Rubric]:
    """The rubrics ``campaign`` scores with, by ``id@version``: given with
    ``--rubric`` or installed.

    :raises CampaignError: naming the campaign file: a rubric neither given nor installed.
    """
    rubrics = dict(given)
    for ref in campaign.rubrics:
        if ref not in rubrics:
            try:
                rubrics[ref] = registry.get(ref)
            except RubricNotFoundError as exc:
                raise CampaignError(message("cli.give-rubric-file", error=exc),
                                    source=source, path="$.rubric") from None
    return rubrics


def history_for(path: str | None, sheets: Sequence[Sheet],
                encoding: str | None) -> History | None:
    """The history file ``path`` (``None``: none), checked against the sheets' units."""
    if path is None:
        return None
    return load_history(path, encoding=encoding, units={s.card.unit for s in sheets})


def campaign_for(registry: Registry, arg: str, encoding: str | None) -> Campaign:
    """The campaign ``--campaign`` names: a file, or the id of a campaign a
    plugin ships (:meth:`~civscore.plugins.Registry.campaign`)."""
    if looks_like_path(arg):
        return load_campaign(arg, encoding=encoding)
    return registry.campaign(arg)
