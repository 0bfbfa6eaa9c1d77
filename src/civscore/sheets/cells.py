"""The value of one workbook cell as the assessment needs it, or an error
that names the cell (``测评表!H7``).

Workbooks are filled by hand, so what a cell holds is read generously: a
number typed as text (``3.5``, full-width ``３.５``, ``3.5分``), a count
typed as ``2次``, 是/否 as well as TRUE/FALSE, a date typed as text
(``2024-06-30``, ``2024/6/30``, ``2024年6月30日``) or kept as an Excel date
serial.  What cannot be read is refused, never guessed.

Excel stores numbers as binary doubles with 15 significant digits; a number
is read as the decimal of its 15 significant digits, which is what Excel
shows and what the assessor typed (``0.1`` stays ``0.1``; ``=0.1+0.2``
gives ``0.3``).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from civscore.exceptions import AssessmentError
from civscore.messages import message
from civscore.model.serde import unseen_character
from civscore.sheets.layout import NO, YES

__all__ = ["LARGEST", "Cell", "as_count", "as_date", "as_number", "as_text", "as_yes_no",
           "is_empty"]

_TRUE = {YES, "y", "yes", "true", "1", "√", "✓", "达标", "满足", "发生"}
_FALSE = {NO, "n", "no", "false", "0", "×", "✗", "不达标", "不满足", "未发生"}
#: A number as text: digits with a decimal point and exponent, as in a TOML
#: file; no ``_``, no spaces or separators between digits (``1 5`` and
#: ``1,5`` are refused, never read as 15).
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
#: The Excel date serials of 1900-03-01 and 9999-12-31 (the 1900 date system).
_SERIALS = (61, 2958465)
_EPOCH = datetime.date(1899, 12, 30)
_FIRST_DAY = _EPOCH + datetime.timedelta(days=_SERIALS[0])
_NOT_FINITE = {"nan", "inf", "infinity", "snan"}
#: The largest number or count read, as in a TOML file (docs/refuses.md).
LARGEST = 1_000_000


class Cell:
    """One cell's value and where it is.

    :param value: what the cell holds (openpyxl's value: ``None``, ``str``,
        ``int``, ``float``, ``bool``, ``datetime``).
    :param ref: the cell as ``sheet!A1``.
    :param source: the workbook's file name.
    :param number_format: the cell's Excel number format (``0%`` for a
        percentage: Excel keeps ``85%`` typed as 0.85).
    """

    def __init__(self, value: object, ref: str, source: str,
                 number_format: str = "General") -> None:
        self.value, self.ref, self.source = value, ref, source
        self.number_format = number_format

    def with_value(self, value: object) -> Cell:
        """This cell holding ``value`` instead."""
        return Cell(value, self.ref, self.source, self.number_format)

    def error(self, text: str) -> AssessmentError:
        """An :class:`AssessmentError` saying ``text``, naming the workbook and this cell."""
        return AssessmentError(text, source=self.source, path=self.ref)

    def shown(self) -> str:
        """The value as the message quotes it."""
        return repr(self.value) if isinstance(self.value, str) else str(self.value)


def is_empty(value: object) -> bool:
    """Nothing in the cell, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _plain(text: str) -> str:
    """Full-width forms folded (``３.５`` → ``3.5``), spaces removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def as_text(cell: Cell) -> str:
    """The cell as text: a number as its digits (``2024``), a date as ISO text.

    :raises AssessmentError: naming the cell, for a control character or a
        bidirectional override, refused as in a TOML file.
    """
    value = cell.value
    if is_empty(value):
        return ""
    if isinstance(value, float):
        return format(Decimal(format(value, ".15g")), "f")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    text = str(value).strip()
    unseen = unseen_character(text)
    if unseen is not None:
        raise cell.error(message("serde.control", char=unseen))
    return text


def as_number(cell: Cell, unit: str = "分") -> Decimal | None:
    """The cell as an exact decimal (``None`` when empty); ``unit`` may follow
    a number typed as text (``3.5分``, ``92%``).

    :raises AssessmentError: naming the cell, when it holds no number.
    """
    value = cell.value
    if is_empty(value):
        return None
    if isinstance(value, (bool, datetime.date, datetime.time)):
        raise cell.error(message("sheet.number", found=cell.shown()))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(format(value, ".15g"))
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().removesuffix(unit).rstrip()
        if not _NUMBER.match(text):
            infinite = text.lower().lstrip("+-") in _NOT_FINITE
            raise cell.error(message("sheet.number" if infinite else "sheet.number-text",
                                     found=cell.shown()))
        try:
            number = Decimal(text)
        except InvalidOperation:  # an exponent too large for the decimal context
            raise cell.error(message("sheet.number-range", most=LARGEST,
                                     found=cell.shown())) from None
    if not number.is_finite():
        raise cell.error(message("sheet.number", found=cell.shown()))
    if not 0 <= number <= LARGEST:
        raise cell.error(message("sheet.number-range", most=LARGEST, found=cell.shown()))
    if number.is_zero():
        return abs(number)  # -0 typed is 0, not a "-0" in the results
    exponent = number.as_tuple().exponent
    # 1e1 typed is 10, not Decimal("1E+1") printed as such
    return number.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else number


def as_count(cell: Cell) -> int:
    """The cell as a count of occurrences (0 when empty; ``2次`` is 2).

    :raises AssessmentError: naming the cell, for anything but a whole number ≥ 0.
    """
    value = cell.value
    number = as_number(cell.with_value(
        unicodedata.normalize("NFKC", value).strip().removesuffix("次")
        if isinstance(value, str) else value))
    if number is None:
        return 0
    if number < 0 or number != number.to_integral_value():
        raise cell.error(message("sheet.count", found=cell.shown()))
    return int(number)


def as_yes_no(cell: Cell) -> bool | None:
    """The cell as yes (是) or no (否); ``None`` when empty.

    :raises AssessmentError: naming the cell, for anything else.
    """
    value = cell.value
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    text = _plain(str(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise cell.error(message("sheet.yes-no", yes=YES, no=NO, found=cell.shown()))


def as_date(cell: Cell) -> datetime.date | None:
    """The cell as a date; ``None`` when empty.  A date typed as text
    (``2024-06-30``, ``2024/6/30``, ``2024.6.30``, ``2024年6月30日``) and an
    Excel date serial in a cell not formatted as a date are read too.

    :raises AssessmentError: naming the cell, for anything else.
    """
    value = cell.value
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time():  # a TOML file may not give a date-time either
            raise cell.error(message("sheet.date-time", found=value.isoformat(sep=" ")))
        value = value.date()
    if isinstance(value, datetime.date):
        if value < _FIRST_DAY:  # a number below 61 in a cell formatted as a date
            days = (value - _EPOCH).days  # openpyxl adds Excel's 1900-02-29 below 60
            raise cell.error(message("sheet.date-number", found=days - 1 if 1 < days < 60
                                     else days))
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _SERIALS[0] <= value <= _SERIALS[1] and value == int(value):
            return _EPOCH + datetime.timedelta(days=int(value))
        raise cell.error(message("sheet.date-number", found=cell.shown()))
    match = _DATE.match(_plain(str(value)))
    if match is not None:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise cell.error(message("sheet.no-such-day", found=cell.shown())) from None
    raise cell.error(message("sheet.date", found=cell.shown()))
