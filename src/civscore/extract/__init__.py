"""Extracting point statements from narrative work reports (工作总结 / 汇报).

Units that apply for or hold a 文明单位 title hand in prose reports.  Some of
them state, for each category of the rubric, the points allotted (应得分) and
earned (实得分), and an overall claim for the whole unit
(``我局应得分100分，实得分为98分``).  This module turns such text into data:

1. :func:`read_report_text` reads a file: UTF-8 (with or without BOM) or
   GB18030 text, detected or named, or a ``.docx`` document (needs the
   ``docx`` extra: ``pip install civscore[docx]``).
2. :func:`split_reports` cuts a file holding several reports (``第一篇``,
   ``第二篇`` …) into its reports; :func:`parse_report` /
   :func:`parse_reports` find each report's sections (``(一)`` / ``（一）`` and
   ``一、``), their titles and every statement of points.
3. :func:`match_categories` pairs the report's sections with a rubric's
   categories (by order and title similarity), :func:`choose_rubric` picks
   the best fitting rubric among several.
4. :func:`report_to_assessment` builds an :class:`~civscore.model.Assessment`
   (each earned figure becomes a ``direct`` score and the unit's claim) and
   :func:`assessment_to_toml` writes it as an assessment file.

:func:`extract` and :func:`extract_file` run the whole pipeline.

Only numbers tied to a point keyword (应得分, 实得分, 满分, 得分, 自评得分,
自查得分, 自评总分 …) are read: a year (``2010年``), a head count
(``27人``), a rate (``上线率48.8%``) or an exam score (``600分以上``) never
is.  All points are :class:`decimal.Decimal`.  Offsets and line numbers in the
results refer to the text with line ends normalised to ``\\n``.
"""

from __future__ import annotations

from civscore.extract.building import assessment_to_toml, report_to_assessment
from civscore.extract.consistency import ConsistencyFinding, consistency_report
from civscore.extract.matching import (
    MIN_FIT,
    STRONG_SIMILARITY,
    TITLE_SIMILARITY,
    CategoryMatch,
    SectionMatch,
    choose_rubric,
    match_categories,
    title_similarity,
)
from civscore.extract.numbers import parse_chinese_number, parse_number
from civscore.extract.pipeline import Extraction, extract, extract_file
from civscore.extract.reading import MissingDependencyError, read_docx_text, read_report_text
from civscore.extract.reports import Report, parse_report, parse_reports, split_reports
from civscore.extract.sections import ReportSection
from civscore.extract.statements import PointStatement

__all__ = [
    "MIN_FIT",
    "STRONG_SIMILARITY",
    "TITLE_SIMILARITY",
    "CategoryMatch",
    "ConsistencyFinding",
    "Extraction",
    "MissingDependencyError",
    "PointStatement",
    "Report",
    "ReportSection",
    "SectionMatch",
    "assessment_to_toml",
    "choose_rubric",
    "consistency_report",
    "extract",
    "extract_file",
    "match_categories",
    "parse_chinese_number",
    "parse_number",
    "parse_report",
    "parse_reports",
    "read_docx_text",
    "read_report_text",
    "report_to_assessment",
    "split_reports",
    "title_similarity",
]
