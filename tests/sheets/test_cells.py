"""One cell's value (civscore.sheets.cells), property-tested: a decimal an
assessor types, whether Excel keeps it as a number (a binary double) or as
text, is read back as that very decimal; a date as text or as an Excel
serial is that date."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civscore.exceptions import AssessmentError
from civscore.messages import use_language
from civscore.sheets.cells import Cell, as_count, as_date, as_number, as_text, as_yes_no

#: What an assessor types: up to 1 000 000 with up to 6 decimal places
#: (at most 13 significant digits, within the 15 a double keeps).
typed = st.decimals(min_value=0, max_value=1_000_000, places=6, allow_nan=False,
                    allow_infinity=False)


def _cell(value: object) -> Cell:
    return Cell(value, "测评表!H7", "sheet.xlsx")


@given(typed)
def test_a_number_kept_as_a_double_reads_as_typed(value: Decimal) -> None:
    assert as_number(_cell(float(value))) == value


@given(typed)
def test_a_number_kept_as_text_reads_as_typed(value: Decimal) -> None:
    assert as_number(_cell(f" {value}分 ")) == value


@given(st.integers(0, 1_000_000))
def test_counts(count: int) -> None:
    assert as_count(_cell(count)) == count
    assert as_count(_cell(f"{count}次")) == count
    assert as_count(_cell(float(count))) == count


@given(st.dates(datetime.date(1900, 3, 1), datetime.date(9999, 12, 31)))
def test_dates_as_text_and_as_serials(day: datetime.date) -> None:
    assert as_date(_cell(day.isoformat())) == day
    assert as_date(_cell(f"{day.year}年{day.month}月{day.day}日")) == day
    serial = (day - datetime.date(1899, 12, 30)).days  # Excel's 1900 date system
    assert as_date(_cell(serial)) == day


def test_a_sum_excel_computed_reads_as_its_shown_digits() -> None:
    assert as_number(_cell(0.1 + 0.2)) == Decimal("0.3")


@pytest.mark.parametrize("value", ["是", "Y", "true", True, "√"])
def test_yes(value: object) -> None:
    assert as_yes_no(_cell(value)) is True


@pytest.mark.parametrize(("function", "value"), [
    (as_number, "三"), (as_number, True), (as_number, datetime.datetime(2024, 1, 1)),
    (as_count, -1), (as_count, 1.5), (as_yes_no, "可能"), (as_date, "明天"), (as_date, 3.5),
    # a date with its time (a TOML file may not give a date-time); text that prints otherwise
    (as_date, datetime.datetime(2011, 6, 30, 15, 45)), (as_text, "甲\u202e乙"),
    (as_text, "a\x07b")])
def test_refused_naming_the_cell(function: object, value: object) -> None:
    with pytest.raises(AssessmentError) as info:
        function(_cell(value))  # type: ignore[operator]
    assert (info.value.source, info.value.path) == ("sheet.xlsx", "测评表!H7")


@pytest.mark.parametrize("typed", ["1_0", "1 5", "1 .5", "0x1", "1,5", "1。5", "Infinity", "nan"])
def test_text_read_only_as_a_file_writes_a_number(typed: str) -> None:
    """``1_0`` and ``1 5`` are typing slips, never 10 or 15."""
    with pytest.raises(AssessmentError) as info:
        as_number(_cell(typed))
    assert repr(typed) in info.value.message


@pytest.mark.parametrize(("typed", "read"), [
    ("+1", Decimal(1)), (".5", Decimal("0.5")), ("1e1", Decimal(10)), ("\u3000２\u3000", 2),
    ("\xa01.5 分 ", Decimal("1.5")), ("-0", Decimal(0)), ("2E+1", Decimal(20))])
def test_numbers_as_text(typed: str, read: Decimal) -> None:
    number = as_number(_cell(typed))
    assert number == read
    assert str(number) == str(read)  # "0", not "-0"; "20", not "2E+1"


def test_a_count_typed_with_a_space_before_its_unit() -> None:
    assert as_count(_cell(" 2 次 ")) == 2


@pytest.mark.parametrize(("value", "serial"), [
    (datetime.datetime(1899, 12, 25), -5), (datetime.datetime(1900, 1, 1), 1),
    (datetime.date(1900, 2, 28), 60)])
def test_a_small_number_in_a_cell_formatted_as_a_date(value: datetime.date,
                                                      serial: int) -> None:
    """openpyxl gives the day of the serial; before 1900-03-01 it is no date
    an assessment has, and the message quotes the number typed."""
    with pytest.raises(AssessmentError) as info:
        as_date(_cell(value))
    assert info.value.message == f"expected a date such as 2024-06-30, found the number {serial}"


def test_yes_no_refused_in_each_language() -> None:
    for lang, text in (("en", "expected 是 or 否 (or yes/no, TRUE/FALSE), found '对'"),
                       ("zh", "应为“是”或“否”（也可填 yes/no、TRUE/FALSE），实为 '对'")):
        with use_language(lang), pytest.raises(AssessmentError) as info:  # type: ignore[arg-type]
            as_yes_no(_cell("对"))
        assert info.value.message == text


@pytest.mark.parametrize(("value", "read"), [("yes", True), ("NO", False), ("TRUE", True),
                                             (False, False), ("否", False)])
def test_yes_no_in_english(value: object, read: bool) -> None:
    assert as_yes_no(_cell(value)) is read


def test_a_date_at_midnight_reads_as_its_day() -> None:
    # what Excel keeps for a date typed without a time
    assert as_date(_cell(datetime.datetime(2011, 6, 30))) == datetime.date(2011, 6, 30)
