"""The whole pipeline: reports parsed, matched to a rubric, and their
assessments built."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs

from civscore.extract.building import report_to_assessment
from civscore.extract.matching import SectionMatch, choose_rubric, match_categories
from civscore.extract.reading import read_report_text
from civscore.extract.reports import Report, parse_reports
from civscore.model import Assessment, Rubric

__all__ = ["Extraction", "extract", "extract_file"]


@attrs.frozen
class Extraction:
    """The result of :func:`extract` for one report.

    ``rubric``, ``match`` and ``assessment`` are ``None`` when no rubric fits;
    ``assessment`` is also ``None`` when the report states no scores.
    """

    report: Report
    rubric: Rubric | None = None
    match: SectionMatch | None = None
    assessment: Assessment | None = None

    @property
    def messages(self) -> tuple[str, ...]:
        """The report's warnings followed by the match's messages."""
        return self.report.warnings + (self.match.messages if self.match else ())


def extract(
    text: str, rubrics: Iterable[Rubric] = (), *, rubric: Rubric | None = None
) -> list[Extraction]:
    """Parse every report in ``text`` and, for each, use ``rubric`` or choose
    among ``rubrics`` (:func:`choose_rubric`), match its sections and, when it
    states scores, build its assessment."""
    choices = tuple(rubrics)
    results: list[Extraction] = []
    for report in parse_reports(text):
        chosen = rubric if rubric is not None else choose_rubric(report, choices)
        if chosen is None:
            results.append(Extraction(report))
            continue
        match = match_categories(report, chosen)
        assessment = report_to_assessment(report, chosen, match) if report.has_scores else None
        results.append(Extraction(report, chosen, match, assessment))
    return results


def extract_file(
    path: str | Path,
    rubrics: Iterable[Rubric] = (),
    *,
    rubric: Rubric | None = None,
    encoding: str | None = None,
) -> list[Extraction]:
    """:func:`read_report_text` then :func:`extract`; raises what they raise."""
    return extract(read_report_text(path, encoding), rubrics, rubric=rubric)
