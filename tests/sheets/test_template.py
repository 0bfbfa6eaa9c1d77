"""The fill-in workbook of a rubric (civscore.sheets.template), opened with
openpyxl and checked as Excel would show it: sheets, headers, validations,
print setup, and the hidden sheet that ties it to its rubric.

The expected cells are worked out from tests/data/cli-rubric.toml and the
layout (docs/sheets.md): the item sheet's header is row 2 and its items
start at row 3, in rubric order, each followed by a row per rule or
standard; column H is 测评结果.
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import openpyxl
import pytest
from workbooks import ASSESSMENT, RUBRIC, write_template

from civscore.exceptions import MissingExtraError
from civscore.files.loader import load_assessment, load_rubric
from civscore.scoring import rubric_hash
from civscore.sheets import read_assessment
from civscore.sheets.template import workbook_template


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    return openpyxl.load_workbook(write_template(tmp_path_factory.mktemp("t") / "t.xlsx"))


def _validation(sheet: openpyxl.worksheet.worksheet.Worksheet, cell: str) -> object:
    found = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, f"{cell}: {found}"
    return found[0]


def test_sheets_in_order_and_the_hidden_one(book: openpyxl.Workbook) -> None:
    visible = [s.title for s in book.worksheets if s.sheet_state == "visible"]
    assert visible == ["封面", "测评表", "加分", "负面清单", "一票否决", "不得申报", "前置条件"]
    meta = book["civscore"]
    assert meta.sheet_state == "veryHidden"
    assert meta.protection.sheet
    assert meta["B2"].value == "example.full@2024"
    assert meta["B3"].value == rubric_hash(load_rubric(RUBRIC))


def test_item_rows_in_rubric_order_with_rule_rows(book: openpyxl.Workbook) -> None:
    sheet = book["测评表"]
    assert [c.value for c in sheet[2]] == [
        "编号", "测评项目", "测评内容", "应得分", "评分方法", "测评标准", "测评方法",
        "测评结果", "每次扣分", "不适用", "不适用理由", "自评分", "说明"]
    keys = [sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)]
    assert keys == [
        "leadership", "leadership.plan", "leadership.plan#no-plan",
        "leadership.plan#missed-meeting", "leadership.plan#vague", "leadership.study",
        "leadership.study#session", "leadership.style", "leadership.review", "public",
        "public.awareness", "public.satisfaction", "environment", "environment.sanitation",
        "environment.sanitation#litter", "environment.sanitation.office",
        "environment.sanitation.yard"]
    assert [sheet["C11"].value, sheet["D11"].value, sheet["E11"].value] == [
        "\u3000民主评议", 2, "直接赋分"]
    assert sheet["F6"].value == "每次扣0.5分，最多扣1.5分"
    assert sheet["B3"].value == "领导班子"
    assert sheet["G11"].value == "材料审核"  # inherited from the category


def test_entry_validations(book: openpyxl.Workbook) -> None:
    sheet = book["测评表"]
    tiers = _validation(sheet, "H10")  # leadership.style
    assert tiers.type == "list"
    assert tiers.formula1 == "'选项'!$A$1:$A$4"
    assert [book["选项"].cell(r, 1).value for r in range(1, 5)] == [
        "好（2分）", "较好（1分）", "一般（0.5分）", "差（0分）"]
    step = _validation(sheet, "H11")  # leadership.review: 0 to 2 on a step of 0.5
    assert step.type == "custom"
    assert "H11<=2" in step.formula1
    assert "H11/0.5" in step.formula1
    rate = _validation(sheet, "H13")  # public.awareness
    assert (rate.type, rate.formula1, rate.formula2) == ("decimal", "0", "100")
    met = _validation(sheet, "H18")  # environment.sanitation.office
    assert (met.type, met.formula1) == ("list", '"是,否"')
    count = _validation(sheet, "H6")  # the missed-meeting rule
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    amount = _validation(sheet, "I7")  # vague: 视情况 0.1 to 0.5 each
    assert (amount.type, amount.formula1, amount.formula2) == ("decimal", "0.1", "0.5")
    not_applicable = _validation(sheet, "J11")
    assert not_applicable.formula1 == '"是,否"'
    claimed = _validation(sheet, "L11")
    assert (claimed.formula1, claimed.formula2) == ("0", "2")
    assert all(dv.showErrorMessage and dv.prompt for dv in sheet.data_validations.dataValidation)
    bonus = _validation(book["加分"], "F5")  # volunteer, at most twice
    assert (bonus.type, bonus.formula1, bonus.formula2) == ("whole", "0", "2")
    assert _validation(book["不得申报"], "D3").type == "date"
    assert _validation(book["封面"], "B5").type == "date"  # 测评日期


def test_print_setup_and_frozen_panes(book: openpyxl.Workbook) -> None:
    sheet = book["测评表"]
    assert sheet.freeze_panes == "D3"
    assert sheet.page_setup.paperSize == 9  # A4 in OOXML (ECMA-376, ST_PaperSize)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["F"].width == 44
    assert book["封面"].page_setup.orientation == "portrait"


def test_without_openpyxl_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'civscore\[xlsx\]'"):
        workbook_template(load_rubric(RUBRIC))


def test_plugin_rubrics_write_a_workbook(tmp_path: Path) -> None:
    """Every installed rubric gets a workbook whose hidden sheet lists its rows."""
    from civscore.plugins import default_registry

    registry = default_registry()
    for entry in registry.rubrics():
        path = tmp_path / f"{entry.rubric.id}.xlsx"
        path.write_bytes(workbook_template(entry.rubric))
        meta = openpyxl.load_workbook(path)["civscore"]
        assert meta["B2"].value == entry.rubric.ref


def test_an_assessment_with_a_text_like_a_formula_goes_through_the_workbook(
        tmp_path: Path) -> None:
    """A unit and a note starting with ``=`` are written as text, and read back as such."""
    rubric = load_rubric(RUBRIC)
    assessment = attrs.evolve(load_assessment(ASSESSMENT), unit="=1+1", notes="=SUM(A1:A9)")
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_template(rubric, assessment))
    cover = openpyxl.load_workbook(path)["封面"]
    assert (cover["B3"].data_type, cover["B8"].data_type) == ("s", "s")
    read = read_assessment(path, rubric)
    assert (read.unit, read.notes) == ("=1+1", "=SUM(A1:A9)")
