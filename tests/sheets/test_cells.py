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
from civscore.sheets.cells import Cell, as_count, as_date, as_number, as_yes_no

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
    (as_count, -1), (as_count, 1.5), (as_yes_no, "可能"), (as_date, "明天"), (as_date, 3.5)])
def test_refused_naming_the_cell(function: object, value: object) -> None:
    with pytest.raises(AssessmentError) as info:
        function(_cell(value))  # type: ignore[operator]
    assert (info.value.source, info.value.path) == ("sheet.xlsx", "测评表!H7")
