"""Reading a filled workbook (civscore.sheets.reading): what an assessor
types is read as the TOML assessment would say it, and every bad workbook
is refused with the sheet and cell of the problem.

Cells are worked out by hand from the layout (docs/sheets.md) and
tests/data/cli-rubric.toml: on 测评表 the header is row 2; row 7 is the
rule leadership.plan#vague, row 10 leadership.style, row 11
leadership.review (direct, 2 points, step 0.5), row 19
environment.sanitation.yard (direct, 2 points, no step); column H is
测评结果, I 每次扣分, L 自评分.  On 封面, B3 is 被测评单位 and B5 测评日期.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from workbooks import CLI_ENTRIES, RUBRIC, fill, refused, write_template

from civscore.exceptions import AssessmentError
from civscore.files.loader import load_assessment, load_rubric
from civscore.sheets import read_assessment, read_workbook


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    return fill(write_template(tmp_path / "sheet.xlsx"), CLI_ENTRIES)


def _with(path: Path, entries: dict[tuple[str, str, str], Any]) -> Path:
    return fill(path, entries)


def test_reads_what_was_typed(filled: Path) -> None:
    assessment = load_assessment(filled)
    assert assessment.rubric == "example.full@2024"
    assert (assessment.unit, assessment.period) == ("示例市某局", "2024")
    assert assessment.assessed_on == datetime.date(2024, 12, 1)  # typed as text
    assert assessment.claimed_total == Decimal(12)
    by_path = {f.criterion: f for f in assessment.findings}
    assert by_path["leadership.style"].tier == "fair"  # the dropdown's label
    assert by_path["leadership.review"].points == Decimal("1.5")
    assert by_path["public.satisfaction"].rate == Decimal("92.5")
    assert by_path["environment.sanitation.office"].met is True
    hits = by_path["leadership.plan"].hits
    assert [(h.rule, h.count, h.deduct, h.note) for h in hits] == [
        ("missed-meeting", 4, None, ""), ("vague", 1, Decimal("0.3"), "计划未列出时间表")]
    assert "public" not in by_path  # a group with nothing recorded has no finding
    assert [(b.item, b.count) for b in assessment.bonus] == [
        ("national-honor", 1), ("provincial-honor", 1), ("volunteer", 3)]
    assert [(b.bar, b.date) for b in assessment.bars] == [("accident", datetime.date(2020, 5, 1))]


@pytest.mark.parametrize(("typed", "read"), [
    ("1.5", Decimal("1.5")), ("１.５", Decimal("1.5")), ("1.5分", Decimal("1.5")),
    (" 2 ", Decimal(2)), (1, Decimal(1)), (0.5, Decimal("0.5"))])
def test_numbers_typed_as_text_or_numbers(filled: Path, typed: object, read: Decimal) -> None:
    _with(filled, {("测评表", "leadership.review", "测评结果"): typed})
    finding = {f.criterion: f for f in read_assessment(filled).findings}["leadership.review"]
    assert finding.points == read


@pytest.mark.parametrize(("typed", "read"), [
    ("2024/12/1", datetime.date(2024, 12, 1)), ("2024年12月1日", datetime.date(2024, 12, 1)),
    (datetime.datetime(2024, 12, 1), datetime.date(2024, 12, 1)),
    (45627, datetime.date(2024, 12, 1))])  # an Excel date serial in a cell formatted as a number
def test_dates_typed_as_text_or_serials(filled: Path, typed: object,
                                        read: datetime.date) -> None:
    _with(filled, {("封面", "测评日期", ""): typed})
    assert read_assessment(filled).assessed_on == read


def test_above_the_items_points(filled: Path) -> None:
    _with(filled, {("测评表", "leadership.review", "测评结果"): 3.5})
    error = refused(filled, "测评表!H11", "at most the item's 2 points", "3.5")
    assert str(error) == f"{filled}: 测评表!H11: {error.message}"


def test_off_the_items_step(filled: Path) -> None:
    _with(filled, {("测评表", "leadership.review", "测评结果"): 1.2})
    refused(filled, "测评表!H11", "multiple of 0.5")


def test_text_that_is_no_number(filled: Path) -> None:
    _with(filled, {("测评表", "environment.sanitation.yard", "测评结果"): "两分"})
    refused(filled, "测评表!H19", "expected a number", "两分")


def test_unknown_tier(filled: Path) -> None:
    _with(filled, {("测评表", "leadership.style", "测评结果"): "优秀"})
    refused(filled, "测评表!H10", "unknown tier '优秀'", "较好（1分）")


def test_discretionary_amount_out_of_its_range(filled: Path) -> None:
    _with(filled, {("测评表", "leadership.plan#vague", "每次扣分"): 0.8})
    refused(filled, "测评表!I7")


def test_missing_required_entry(filled: Path) -> None:
    _with(filled, {("测评表", "leadership.style", "测评结果"): None})
    refused(filled, "测评表!H10", "tier")


def test_bad_date(filled: Path) -> None:
    _with(filled, {("封面", "测评日期", ""): "2024-13-01"})
    refused(filled, "封面!B5", "not a day of the calendar")


def test_empty_unit(filled: Path) -> None:
    _with(filled, {("封面", "被测评单位", ""): None})
    refused(filled, "封面!B3", "被测评单位")


def test_formula_without_a_saved_value(filled: Path) -> None:
    _with(filled, {("测评表", "leadership.review", "测评结果"): "=1+0.5"})
    refused(filled, "测评表!H11", "formula =1+0.5", "no computed value")


def test_merged_entry_cells(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["测评表"].merge_cells("H10:H11")
    book.save(filled)
    refused(filled, "测评表!H10:H11", "merged")


def test_added_row_with_entries(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["测评表"]["H25"] = 2
    book.save(filled)
    refused(filled, "测评表!H25", "no 编号")


def test_added_empty_rows_and_columns_are_ignored(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["测评表"]["C25"] = "备注：已核实"
    book["测评表"]["P2"] = "复核人"
    book["测评表"]["P5"] = "张三"
    book.save(filled)
    assert read_assessment(filled, load_rubric(RUBRIC)).unit == "示例市某局"


def test_deleted_row(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["测评表"].delete_rows(11)
    book.save(filled)
    refused(filled, "测评表", "no row for 编号 'leadership.review'", "must not be deleted")


def test_repeated_row(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["测评表"]["A25"] = "leadership.review"
    book.save(filled)
    refused(filled, "测评表!A25", "appears again", "row 11")


def test_unknown_key(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["测评表"]["A11"] = "leadership.reviews"
    book.save(filled)
    refused(filled, "测评表!A11", "unknown 编号 'leadership.reviews'")


def test_deleted_column(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["测评表"].delete_cols(12)  # 自评分
    book.save(filled)
    refused(filled, "测评表!2", "column '自评分' is missing")


def test_moved_columns_are_found_by_header(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    sheet = book["测评表"]
    for row in range(2, sheet.max_row + 1):  # swap 测评结果 (H) and 说明 (M)
        h, m = sheet.cell(row, 8), sheet.cell(row, 13)
        h.value, m.value = m.value, h.value
    sheet.data_validations.dataValidation = []
    book.save(filled)
    findings = {f.criterion: f for f in read_assessment(filled, load_rubric(RUBRIC)).findings}
    assert findings["leadership.review"].points == Decimal("1.5")


def test_deleted_sheet(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    del book["加分"]
    book.save(filled)
    refused(filled, "加分", "no sheet '加分'")


def test_made_for_another_content_of_the_rubric(filled: Path) -> None:
    changed = RUBRIC.read_text(encoding="utf-8").replace('text = "无年度计划", deduct = 1',
                                                         'text = "无年度计划", deduct = 2')
    other = filled.parent / "changed.toml"
    other.write_text(changed, encoding="utf-8")
    with pytest.raises(AssessmentError) as info:
        read_assessment(filled, load_rubric(other))
    assert info.value.path == "civscore!B3"
    assert "rubric changed since" in info.value.message


def test_made_for_another_rubric(filled: Path) -> None:
    other = filled.parent / "other.toml"
    other.write_text(RUBRIC.read_text(encoding="utf-8").replace(
        'version = "2024"', 'version = "2025"'), encoding="utf-8")
    with pytest.raises(AssessmentError) as info:
        read_assessment(filled, load_rubric(other))
    assert info.value.path == "civscore!B2"
    assert "made for rubric 'example.full@2024'" in info.value.message


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    path.write_text("unit = 1\n", encoding="utf-8")
    with pytest.raises(AssessmentError, match="is not an Excel workbook"):
        read_workbook(path)


def test_a_workbook_civscore_did_not_write(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(AssessmentError, match="not a civscore workbook"):
        read_workbook(path)


@pytest.mark.parametrize("typed", [-1, 2_000_000, "-0.5"])
def test_numbers_out_of_bounds(filled: Path, typed: object) -> None:
    _with(filled, {("测评表", "leadership.review", "测评结果"): typed})
    refused(filled, "测评表!H11", "from 0 to 1000000")


def test_counts_are_whole(filled: Path) -> None:
    _with(filled, {("测评表", "leadership.plan#missed-meeting", "测评结果"): 1.5})
    refused(filled, "测评表!H6", "a count")
    _with(filled, {("测评表", "leadership.plan#missed-meeting", "测评结果"): "2次"})
    hits = {f.criterion: f for f in read_assessment(filled).findings}["leadership.plan"].hits
    assert hits[0].count == 2


@pytest.mark.parametrize(("entry", "cell", "words"), [
    (("测评表", "leadership.plan#missed-meeting", "不适用"), "测评表!J6", "takes no 不适用 entry"),
    (("测评表", "leadership.plan#no-plan", "每次扣分"), "测评表!I5", "takes no 每次扣分 entry"),
    (("测评表", "leadership.review", "每次扣分"), "测评表!I11", "takes no 每次扣分 entry"),
    (("测评表", "leadership.study#session", "自评分"), "测评表!L9", "takes no 自评分 entry"),
    (("测评表", "leadership.plan", "测评结果"), "测评表!H4", "scored by its sub-items or rules"),
    (("测评表", "leadership", "测评结果"), "测评表!H3", "scored by its sub-items or rules"),
])
def test_an_entry_where_its_row_takes_none(filled: Path, entry: tuple[str, str, str],
                                           cell: str, words: str) -> None:
    """It would be lost without a word: refused at its cell."""
    _with(filled, {entry: "是" if entry[2] == "不适用" else 1})
    refused(filled, cell, words)


def test_a_rate_typed_as_a_percentage(filled: Path) -> None:
    """Excel keeps ``85%`` typed into a cell as 0.85, formatted ``0%``."""
    book = openpyxl.load_workbook(filled)
    cell = book["测评表"]["H13"]  # public.awareness: above 90% 4 points, at least 80% 2
    cell.value, cell.number_format = 0.925, "0.0%"
    book.save(filled)
    rate = {f.criterion: f for f in read_assessment(filled).findings}["public.awareness"].rate
    assert str(rate) == "92.5"
    cell.value = 1  # 100%
    book.save(filled)
    rate = {f.criterion: f for f in read_assessment(filled).findings}["public.awareness"].rate
    assert str(rate) == "100"


def test_a_rate_as_a_plain_fraction_is_a_percentage_below_one(filled: Path) -> None:
    _with(filled, {("测评表", "public.awareness", "测评结果"): 0.85})  # not formatted as %
    rate = {f.criterion: f for f in read_assessment(filled).findings}["public.awareness"].rate
    assert rate == Decimal("0.85")


def test_merged_cover_cells(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["封面"].merge_cells("B3:B4")  # 被测评单位 over 测评年度
    book.save(filled)
    refused(filled, "封面!B3:B4", "merged")


def test_an_all_or_nothing_item_left_empty_says_what_to_choose(filled: Path) -> None:
    _with(filled, {("测评表", "environment.sanitation.office", "测评结果"): None})
    error = refused(filled, "测评表!H18")
    assert error.message == "choose 是 (met) or 否 (not met)"  # not TOML's "met = true"


def test_a_tiered_item_left_empty_lists_the_dropdowns_labels(filled: Path) -> None:
    """The labels the dropdown shows, not the tier ids (good, fair …) of a TOML file."""
    _with(filled, {("测评表", "leadership.style", "测评结果"): None})
    error = refused(filled, "测评表!H10")
    assert error.message == ("choose a tier from the dropdown: "
                             "好（2分）、较好（1分）、一般（0.5分）、差（0分）")


def test_a_cover_label_copied(filled: Path) -> None:
    """Two 被测评单位 rows: which unit is it?"""
    book = openpyxl.load_workbook(filled)
    book["封面"]["A20"], book["封面"]["B20"] = "被测评单位", "另一单位"
    book.save(filled)
    refused(filled, "封面!A20", "label '被测评单位' appears twice (first in 封面!A3)")


@pytest.mark.parametrize("happened", ["否", None])
def test_a_veto_not_happened_with_a_date_is_refused(tmp_path: Path, happened: str | None) -> None:
    # a date on a veto that did not happen would count for nothing: say so at 是否发生
    entries = {**CLI_ENTRIES, ("一票否决", "criminal-case", "发生日期"): "2024-03-01"}
    if happened is not None:
        entries["一票否决", "criminal-case", "是否发生"] = happened
    path = fill(write_template(tmp_path / "sheet.xlsx"), entries)
    sheet = openpyxl.load_workbook(path)["一票否决"]
    row, column = (next(r for r in range(3, sheet.max_row + 1)
                        if sheet.cell(r, 1).value == "criminal-case"),
                   next(c for c in range(1, sheet.max_column + 1)
                        if sheet.cell(2, c).value == "是否发生"))
    refused(path, f"一票否决!{sheet.cell(row, column).coordinate}", "发生日期")
