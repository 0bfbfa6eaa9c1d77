"""A batch's results as a workbook (civscore.sheets.results): a row per
unit, ranked, with totals per category, the level, the outcome and the
discrepancies.  Figures by hand from tests/data/cli-assessment.toml (its
comment): leadership 4.2, public 3.5, environment 2.5; base 10.2, bonus 2,
penalty 1, total 11.2 → 文明单位; claimed 5 for leadership and 12 in all."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from workbooks import ASSESSMENT, CLI_ENTRIES, RUBRIC, fill, write_template

import civscore
from civscore.files.loader import load_assessment, load_rubric
from civscore.sheets.results import results_workbook


def test_a_row_per_unit_ranked(tmp_path: Path) -> None:
    rubric = load_rubric(RUBRIC)
    assessment = load_assessment(ASSESSMENT)
    better = attrs.evolve(assessment, unit="第二单位", findings=tuple(
        attrs.evolve(f, points=Decimal(2)) if f.criterion == "leadership.review" else f
        for f in assessment.findings))  # 1.5 → 2: total 11.7
    path = tmp_path / "results.xlsx"
    path.write_bytes(results_workbook(list(civscore.score_many(rubric, [assessment, better]))))
    book = openpyxl.load_workbook(path)
    sheet = book["测评结果"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["名次", "被测评单位", "测评年度", "领导班子", "群众满意", "内外环境",
                       "基本分",
                       "加分", "负面清单扣分", "调整（总分低于0分，按0分计）", "总分",
                       "总分（取舍后）", "等次", "结果", "原因",
                       "自评总分", "不符项数"]
    assert rows[1][:2] == [1, "第二单位"]
    assert rows[1][3] == 4.7
    # 10.2 + 2 − 1 + 0 = 11.2: nothing floored.
    assert rows[2] == [2, "示例市某局", "2024", 4.2, 3.5, 2.5, 10.2, 2, 1, 0, 11.2, 11.2,
                       "文明单位", "达标", None, 12, 2]
    assert sheet.auto_filter.ref == "A1:Q3"
    assert sheet.freeze_panes == "C2"
    found = [[c.value for c in row] for row in book["自评与核算不符"].iter_rows()]
    assert ["示例市某局", "leadership", "category", 5, 4.2, 0.8] in found


def test_a_floored_total_has_its_adjustment_in_a_column() -> None:
    rubric = load_rubric(RUBRIC)
    harsh = attrs.evolve(rubric.penalties[0], deduct=Decimal(20), max=None)
    rubric = attrs.evolve(rubric, penalties=(harsh,))
    card = civscore.score(rubric, attrs.evolve(load_assessment(ASSESSMENT), rubric=rubric.ref))
    book = openpyxl.load_workbook(io.BytesIO(results_workbook([card])))
    header, row = ([c.value for c in r] for r in book["测评结果"].iter_rows())
    # The one complaint takes 20: 10.2 + 2 − 20 = −7.8, raised by 7.8 to 0.
    figures = dict(zip(header, row, strict=True))
    assert [figures[k] for k in ("基本分", "加分", "负面清单扣分", "调整（总分低于0分，按0分计）",
                                 "总分")] == [10.2, 2, 20, 7.8, 0]


def test_cli_batch_workbook(tmp_path: Path) -> None:
    import subprocess
    import sys

    sheet = fill(write_template(tmp_path / "sheet.xlsx"), CLI_ENTRIES)
    out = tmp_path / "results.xlsx"
    proc = subprocess.run([sys.executable, "-m", "civscore", "score", str(ASSESSMENT), str(sheet),
                           "--rubric", str(RUBRIC), "--format", "xlsx", "-o", str(out)],
                          capture_output=True, encoding="utf-8", timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = list(openpyxl.load_workbook(out)["测评结果"].iter_rows(values_only=True))
    assert [row[:2] for row in rows[1:]] == [(1, "示例市某局"), (1, "示例市某局")]


def test_refuses_mixed_rubrics() -> None:
    card = civscore.score(load_rubric(RUBRIC), load_assessment(ASSESSMENT))
    other = attrs.evolve(card, rubric=attrs.evolve(card.rubric, hash="sha256:0"))
    with pytest.raises(ValueError, match="different rubrics"):
        results_workbook([card, other])


def test_a_unit_named_like_a_formula_stays_text() -> None:
    """A unit ``=1+1`` is written as that text: Excel would run a formula,
    and a workbook of results must show what the assessment says."""
    assessment = attrs.evolve(load_assessment(ASSESSMENT), unit="=1+1", period="=A1")
    card = civscore.score(load_rubric(RUBRIC), assessment)
    sheet = openpyxl.load_workbook(io.BytesIO(results_workbook([card])))["测评结果"]
    assert [(c.value, c.data_type) for c in (sheet["B2"], sheet["C2"])] == [
        ("=1+1", "s"), ("=A1", "s")]
