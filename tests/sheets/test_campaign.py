"""The campaign workbook (civscore.sheets.campaign): a row per unit, read
back into one assessment per unit that scores as the unit's own workbook or
TOML does; each problem named by its cell on 批量录入."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from workbooks import ASSESSMENT, CLI_ENTRIES, RUBRIC

import civscore
from civscore.exceptions import AssessmentError
from civscore.files.loader import load_assessment, load_rubric
from civscore.sheets import campaign_template, read_campaign
from civscore.sheets.campaign import read_filled
from civscore.sheets.reading import UnreadCellsError


def _write(path: Path, units: list[dict[str, Any]]) -> Path:
    """A campaign workbook with ``units`` (their ``CLI_ENTRIES``-style
    entries) typed in, a row each, by the column keys of row 1."""
    path.write_bytes(campaign_template(load_rubric(RUBRIC), units=5))
    book = openpyxl.load_workbook(path)
    sheet = book["批量录入"]
    columns = {sheet.cell(1, c).value: c for c in range(1, sheet.max_column + 1)}
    for row, entries in enumerate(units, start=3):
        for (part, key, header), value in entries.items():
            if header == "说明" and not key.endswith("#vague"):
                continue  # only a discretionary rule's note has a column
            sheet.cell(row, columns[f"{part}|{key}|{header}"]).value = value
    book.save(path)
    return path


def test_columns_and_validations(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.xlsx", [])
    sheet = openpyxl.load_workbook(path)["批量录入"]
    keys = [c.value for c in sheet[1]]
    assert keys[:5] == ["封面|被测评单位|", "封面|测评年度|", "封面|测评日期|", "封面|测评人|",
                        "封面|自评总分|"]
    assert "测评表|leadership.plan#vague|每次扣分" in keys
    assert "测评表|leadership.plan|测评结果" not in keys  # a deduction item: counts per rule
    column = keys.index("测评表|leadership.review|测评结果") + 1
    letter = openpyxl.utils.get_column_letter(column)
    assert sheet.cell(2, column).value == "民主评议·测评结果"
    rules = [dv for dv in sheet.data_validations.dataValidation
             if f"{letter}3:{letter}7" in str(dv.sqref)]
    assert len(rules) == 1
    assert f"{letter}3<=2" in rules[0].formula1  # relative to the first unit's cell
    assert sheet.freeze_panes == "C3"


def test_every_unit_scores_as_its_toml(tmp_path: Path) -> None:
    second = {**CLI_ENTRIES, ("封面", "被测评单位", ""): "第二单位",
              ("测评表", "leadership.review", "测评结果"): 2}
    books = read_campaign(_write(tmp_path / "c.xlsx", [CLI_ENTRIES, {}, second]))
    assert [b.assessment.unit for b in books] == ["示例市某局", "第二单位"]  # empty row skipped
    rubric = load_rubric(RUBRIC)
    for book in books:
        book.check(rubric)
    cards = list(civscore.score_many(rubric, (b.assessment for b in books)))
    assert cards[0].to_dict() == civscore.score(rubric, load_assessment(ASSESSMENT)).to_dict()
    assert cards[1].total.raw == Decimal("11.7")  # leadership.review 1.5 → 2: 11.2 + 0.5


def test_problems_are_named_by_their_cell(tmp_path: Path) -> None:
    bad = {**CLI_ENTRIES, ("测评表", "leadership.review", "测评结果"): 3.5}
    path = _write(tmp_path / "c.xlsx", [CLI_ENTRIES, bad])
    sheet = openpyxl.load_workbook(path)["批量录入"]
    column = [c.value for c in sheet[1]].index("测评表|leadership.review|测评结果") + 1
    cell = f"批量录入!{openpyxl.utils.get_column_letter(column)}4"  # the second unit's row
    book = read_campaign(path)[1]
    with pytest.raises(AssessmentError, match="at most the item's 2 points") as info:
        book.check(load_rubric(RUBRIC))
    assert info.value.path == cell


def test_every_unreadable_cell_of_every_unit_row(tmp_path: Path) -> None:
    """Read for ``civscore check``, a campaign workbook names each cell that
    cannot be read, in every unit row (a blank unit too), not only the
    first; read otherwise, it stops at the first."""
    text = {**CLI_ENTRIES, ("测评表", "leadership.review", "测评结果"): "一分半"}
    blank = {**CLI_ENTRIES, ("封面", "被测评单位", ""): None}
    path = _write(tmp_path / "c.xlsx", [text, CLI_ENTRIES, blank, text])
    keys = [c.value for c in openpyxl.load_workbook(path)["批量录入"][1]]
    review = openpyxl.utils.get_column_letter(keys.index("测评表|leadership.review|测评结果") + 1)
    with pytest.raises(UnreadCellsError) as info:
        read_filled(path, every_error=True)
    assert [e.path for e in info.value.errors] == [f"批量录入!{review}3", "批量录入!A5",
                                                   f"批量录入!{review}6"]
    with pytest.raises(AssessmentError) as first:
        read_filled(path)
    assert not isinstance(first.value, UnreadCellsError)
    assert first.value.path == f"批量录入!{review}3"


def test_a_row_without_its_unit(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.xlsx", [{("测评表", "leadership.review", "测评结果"): 1}])
    with pytest.raises(AssessmentError, match="被测评单位 is empty") as info:
        read_campaign(path)
    assert info.value.path == "批量录入!A3"


def test_a_deleted_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.xlsx", [CLI_ENTRIES])
    book = openpyxl.load_workbook(path)
    book["批量录入"].delete_cols(6)
    book.save(path)
    with pytest.raises(AssessmentError, match="is missing from row 1") as info:
        read_campaign(path)
    assert info.value.path == "批量录入!1"


def test_a_column_copied(tmp_path: Path) -> None:
    """Row 1's key of column F copied into a column of its own at the end."""
    path = _write(tmp_path / "c.xlsx", [CLI_ENTRIES])
    book = openpyxl.load_workbook(path)
    sheet = book["批量录入"]
    last = sheet.max_column + 1
    sheet.cell(1, last).value = sheet["F1"].value
    book.save(path)
    with pytest.raises(AssessmentError, match=r"appears twice \(first in 批量录入!F1\)") as info:
        read_campaign(path)
    assert info.value.path == f"批量录入!{sheet.cell(1, last).coordinate}"


def test_stray_cells_far_off_are_ignored_fast(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.xlsx", [CLI_ENTRIES])
    book = openpyxl.load_workbook(path)
    book["批量录入"]["C1048000"] = " "
    book["批量录入"]["XFD1"] = " "
    book.save(path)
    start = time.perf_counter()
    assert [unit.assessment.unit for unit in read_campaign(path)] == ["示例市某局"]
    assert time.perf_counter() - start < 10  # each of a million rows read takes minutes


def test_cli_scores_every_row(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    done = subprocess.run([sys.executable, "-m", "civscore", "template", str(RUBRIC),
                           "--format", "xlsx", "--batch", "-o", str(path)],
                          capture_output=True, encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    second = {**CLI_ENTRIES, ("封面", "被测评单位", ""): "第二单位"}
    _write(path, [CLI_ENTRIES, second])
    out = tmp_path / "results.xlsx"
    proc = subprocess.run([sys.executable, "-m", "civscore", "score", str(path), "--rubric",
                           str(RUBRIC), "--format", "xlsx", "-o", str(out)],
                          capture_output=True, encoding="utf-8", timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = list(openpyxl.load_workbook(out)["测评结果"].iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["示例市某局", "第二单位"]
    table = subprocess.run([sys.executable, "-m", "civscore", "--lang", "zh", "score", str(path),
                            "--rubric", str(RUBRIC)], capture_output=True, encoding="utf-8",
                           timeout=120, check=False)
    assert table.returncode == 2
    assert "给出了 2 份测评记录" in table.stderr
    assert "（--format html 或 xlsx）" in table.stderr
    assert "Traceback" not in proc.stderr + table.stderr


def test_a_row_per_assessor_makes_a_panel(tmp_path: Path) -> None:
    """Two assessors of one unit, a row each: civscore panel combines them.
    By hand: 11.2 (tests/data/cli-assessment.toml) and 11.2 + 0.5 = 11.7
    (民主评议 2 instead of 1.5); their mean 11.45."""
    first = {**CLI_ENTRIES, ("封面", "测评人", ""): "甲", ("封面", "测评角色", ""): "测评组"}
    second = {**CLI_ENTRIES, ("封面", "测评人", ""): "乙", ("封面", "测评角色", ""): "测评组",
              ("测评表", "leadership.review", "测评结果"): 2}
    path = _write(tmp_path / "panel.xlsx", [first, second])
    assert [(b.assessment.assessor, b.assessment.role) for b in read_campaign(path)] == [
        ("甲", "测评组"), ("乙", "测评组")]
    proc = subprocess.run([sys.executable, "-m", "civscore", "panel", str(path), "--rubric",
                           str(RUBRIC), "--format", "json"],
                          capture_output=True, encoding="utf-8", timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    panel = json.loads(proc.stdout)
    assert [(a["assessor"], a["total"]) for a in panel["assessors"]] == [("甲", "11.2"),
                                                                         ("乙", "11.7")]
    assert panel["roles"][0]["raw"] == "11.45"


def test_a_panel_problem_of_a_workbook_row_is_named_by_its_cell(tmp_path: Path) -> None:
    # the same assessor in two rows: refused at the second row's 测评人 cell
    twice = {**CLI_ENTRIES, ("封面", "测评人", ""): "甲", ("封面", "测评角色", ""): "测评组"}
    path = _write(tmp_path / "twice.xlsx", [twice, twice])
    proc = subprocess.run([sys.executable, "-m", "civscore", "panel", str(path), "--rubric",
                           str(RUBRIC)], capture_output=True, encoding="utf-8", timeout=120,
                          check=False)
    assert proc.returncode == 2
    where = [b.cells["$.assessor"] for b in read_campaign(path)]
    assert where[0] != where[1]
    assert proc.stderr.startswith(f"civscore: error: {path}: {where[1]}: ")
    assert f"{path} {where[0]}" in proc.stderr  # the other row, by its cell
