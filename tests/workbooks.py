"""Workbooks for the tests of civscore.sheets and of the CLI: a rubric's
fill-in workbook written to a file, and cells filled in by a program as an
assessor would fill them in Excel (found by 编号 and header, never by
position)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from civscore.exceptions import AssessmentError
from civscore.files.loader import load_rubric
from civscore.model import Rubric
from civscore.sheets import read_assessment
from civscore.sheets.template import workbook_template

DATA = Path(__file__).resolve().parent / "data"
RUBRIC = DATA / "cli-rubric.toml"
ASSESSMENT = DATA / "cli-assessment.toml"

#: (sheet, 编号 — or the cover's label —, header — "" on the cover —)
Where = tuple[str, str, str]


def write_template(path: Path, rubric: Rubric | None = None) -> Path:
    """The fill-in workbook of ``rubric`` (default: tests/data/cli-rubric.toml) at ``path``."""
    path.write_bytes(workbook_template(rubric or load_rubric(RUBRIC)))
    return path


def locate(sheet: Any, key: str, header: str) -> tuple[int, int]:
    """(row, column) of the cell of ``key`` under ``header`` (cover: label, value)."""
    if not header:
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == key)
        return row, 2
    columns = {sheet.cell(2, c).value: c for c in range(1, sheet.max_column + 1)}
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == key)
    return row, columns[header]


def fill(path: Path, entries: dict[Where, Any]) -> Path:
    """Type ``entries`` into the workbook at ``path`` with openpyxl and save it."""
    book = openpyxl.load_workbook(path)
    for (name, key, header), value in entries.items():
        sheet = book[name]
        sheet.cell(*locate(sheet, key, header)).value = value
    book.save(path)
    return path


def refused(path: Path, where: str, *words: str) -> AssessmentError:
    """The error reading the workbook at ``path`` against tests/data/cli-rubric.toml
    raises, checked to name ``path`` and ``where`` (a cell, a sheet or ``$``)
    and to say each of ``words``."""
    with pytest.raises(AssessmentError) as info:
        read_assessment(path, load_rubric(RUBRIC))
    assert (info.value.source, info.value.path) == (str(path), where), info.value
    for word in words:
        assert word in info.value.message, info.value.message
    return info.value


#: tests/data/cli-assessment.toml, as an assessor types it into the workbook.
CLI_ENTRIES: dict[Where, Any] = {
    ("封面", "被测评单位", ""): "示例市某局",
    ("封面", "测评年度", ""): "2024",
    ("封面", "测评日期", ""): "2024-12-01",
    ("封面", "自评总分", ""): 12,
    ("测评表", "leadership", "自评分"): 5,
    ("测评表", "leadership.plan#missed-meeting", "测评结果"): 4,
    ("测评表", "leadership.plan#vague", "测评结果"): 1,
    ("测评表", "leadership.plan#vague", "每次扣分"): 0.3,
    ("测评表", "leadership.plan#vague", "说明"): "计划未列出时间表",
    ("测评表", "leadership.study#session", "测评结果"): 3,
    ("测评表", "leadership.style", "测评结果"): "较好（1分）",
    ("测评表", "leadership.review", "测评结果"): 1.5,
    ("测评表", "public.awareness", "测评结果"): 85,
    ("测评表", "public.satisfaction", "测评结果"): 92.5,
    ("测评表", "environment.sanitation#litter", "测评结果"): 1,
    ("测评表", "environment.sanitation.office", "测评结果"): "是",
    ("测评表", "environment.sanitation.yard", "测评结果"): 1,
    ("加分", "national-honor", "次数"): 1,
    ("加分", "provincial-honor", "次数"): 1,
    ("加分", "volunteer", "次数"): 3,
    ("负面清单", "complaint", "次数"): 1,
    ("不得申报", "accident", "发生日期"): "2020-05-01",
}
