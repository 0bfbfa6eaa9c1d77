"""A campaign workbook: one sheet (批量录入) with a row per unit, for entering
a whole campaign at once, read back into one assessment per unit.

Its columns are the entries of the one-unit workbook (:mod:`civscore.sheets.template`):
the cover's fields, then for each item, rule, standard, bonus, penalty,
veto, bar and gate the entries of :func:`civscore.sheets.layout.campaign_entries`
(notes are left to the one-unit workbook, except a discretionary rule's).
Row 1 holds each column's key (``测评表|leadership.review|测评结果``), by which
the reader finds it; row 2 its Chinese label; units start at row 3.  The
hidden sheet is the one-unit workbook's, marked as a campaign's.

Each unit's assessment is read by the one-unit workbook's reader
(:class:`~civscore.sheets.reading.Reader`), so a campaign row is read and
refused exactly as a workbook is, each problem named by its cell.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from civscore.exceptions import AssessmentError
from civscore.messages import message
from civscore.model import Rubric
from civscore.sheets import layout
from civscore.sheets.book import Book, Meta, Sheet, opened
from civscore.sheets.cells import Cell, as_text, is_empty
from civscore.sheets.reading import FilledWorkbook, Reader, SheetRows, UnreadCellsError
from civscore.sheets.template import DATE, Row, Validation, Writer, extra_sheets
from civscore.sheets.xlsx import openpyxl

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["UNITS", "campaign_template", "read_campaign", "read_filled"]

#: How many unit rows a campaign workbook has validations for.
UNITS = 200
_FIRST = 3


def _column_key(sheet: str, key: str, header: str) -> str:
    return f"{sheet}|{key}|{header}"


def _columns(writer: Writer, rubric: Rubric) -> list[tuple[str, str, Validation | None]]:
    """(key, label, validation) of each column after the cover's."""
    parts: list[tuple[str, Row]] = [(layout.ITEM_SHEET, r) for r in writer.item_rows()]
    parts += [(name, r) for name, rows in extra_sheets(rubric) for r in rows]
    columns = []
    for sheet, (key, kind, described, entries, choices) in parts:
        writer.rows.append((sheet, key, kind, choices))
        title = " ".join(str(described[1 if sheet == layout.ITEM_SHEET else 0]).split())
        for header in layout.campaign_entries(kind):
            if header in entries:
                shown = "次数" if kind.startswith(("rule", "standard")) and header == "测评结果" \
                    else header
                columns.append((_column_key(sheet, key, header), f"{title}·{shown}",
                                entries[header]))
    return columns


def campaign_template(rubric: Rubric, units: int = UNITS) -> bytes:
    """The campaign workbook of ``rubric``: a row per unit, ``units`` rows
    with validations, as the bytes of an ``.xlsx`` file.

    :raises MissingExtraError: when openpyxl (the extra ``xlsx``) is not installed.
    """
    xl = openpyxl()
    book = xl.Workbook()
    writer = Writer(book, rubric, {})
    sheet = book.active
    sheet.title = layout.CAMPAIGN_SHEET
    cover: list[tuple[str, str, Validation | None]] = [
        (_column_key(layout.COVER_SHEET, label, ""), label, DATE if key == "assessed_on" else None)
        for label, key in layout.COVER_FIELDS if key and key != "notes"]
    last = _FIRST + units - 1
    grey, bold = xl.styles.Font(color="888888", size=8), xl.styles.Font(bold=True)
    for column, (key, label, rule) in enumerate([*cover, *_columns(writer, rubric)], start=1):
        letter = xl.utils.get_column_letter(column)
        sheet.cell(1, column, key).font = grey
        head = sheet.cell(2, column, label)
        head.font, head.alignment = bold, xl.styles.Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = 14 if column > 2 else 20
        if rule is not None:
            sheet.add_data_validation(rule.build(xl, f"{letter}{_FIRST}:{letter}{last}",
                                                 f"{letter}{_FIRST}"))
        if rule is DATE:
            for row in range(_FIRST, last + 1):
                sheet.cell(row, column).number_format = "yyyy-mm-dd"
    sheet.row_dimensions[2].height = 60
    sheet.freeze_panes = "C3"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:2"
    writer.meta(book.create_sheet(layout.META_SHEET), layout.CAMPAIGN)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _Row:
    """One entry row of the campaign sheet, as the reader asks for it."""

    def __init__(self, sheet: Sheet, number: int, part: str, key: str,
                 columns: dict[str, int]) -> None:
        self.sheet, self.number, self.part, self.key = sheet, number, part, key
        self.columns = columns

    def ref(self, header: str) -> str:
        column = self.columns.get(_column_key(self.part, self.key, header))
        return (f"{layout.CAMPAIGN_SHEET}!{self.number}" if column is None
                else self.sheet.ref(self.number, column))

    def cell(self, header: str) -> Cell:
        column = self.columns.get(_column_key(self.part, self.key, header))
        if column is None:  # an entry a campaign has no column for: empty
            return Cell(None, self.ref(header), self.sheet.book.source)
        return self.sheet.cell(self.number, column)


class _Unit:
    """The cells of one unit's row (the ``rows`` of a :class:`Reader`)."""

    def __init__(self, sheet: Sheet, number: int, columns: dict[str, int]) -> None:
        self.sheet, self.number, self.columns = sheet, number, columns

    def cover(self) -> dict[str, Cell]:
        out = {}
        for label, key in layout.COVER_FIELDS:
            if key:
                out[label] = _Row(self.sheet, self.number, layout.COVER_SHEET, label,
                                  self.columns).cell("")
        return out

    def rows(self, name: str, keys: list[str]) -> list[Any]:
        return [_Row(self.sheet, self.number, name, key, self.columns) for key in keys]


def read_filled(path: str | Path, *, every_error: bool = False) -> list[FilledWorkbook]:
    """The assessments of any filled civscore workbook: one for a unit's
    workbook, one per unit row for a campaign's (the workbook is opened once).

    :param every_error: read on past a cell that cannot be read, and name
        every such cell, of every unit row of a campaign's
        (:class:`~civscore.sheets.reading.UnreadCellsError`).
    :raises AssessmentError: naming the workbook and the cell.
    :raises MissingExtraError: when openpyxl (the extra ``xlsx``) is not installed.
    :raises TypeError: when ``path`` is not a ``str`` or a path.
    """
    book, meta = opened(path)
    if meta.campaign:
        return _units(book, meta, every_error=every_error)
    return [Reader(book, meta, SheetRows(book), every_error=every_error).filled()]


def read_campaign(path: str | Path) -> list[FilledWorkbook]:
    """The assessment of each unit row of a filled campaign workbook, in
    row order (rows left wholly empty are skipped), each with its cells.

    :raises AssessmentError: naming the workbook and the cell, as
        :func:`~civscore.sheets.reading.read_workbook` does, or a missing
        column (its key in row 1) or merged entry cells.
    :raises MissingExtraError: when openpyxl (the extra ``xlsx``) is not installed.
    :raises TypeError: when ``path`` is not a ``str`` or a path.
    """
    book, meta = opened(path)
    if not meta.campaign:
        raise book.error(f"{layout.META_SHEET}!A1", message("sheet.is-unit"))
    return _units(book, meta)


def _units(book: Book, meta: Meta, *, every_error: bool = False) -> list[FilledWorkbook]:
    sheet = book.sheet(layout.CAMPAIGN_SHEET)
    assert sheet is not None
    columns: dict[str, int] = {}
    for column in sheet.used_columns(1):
        text = as_text(sheet.cell(1, column))
        if text in columns:
            raise book.error(sheet.ref(1, column), message(
                "sheet.column-twice", column=text, first=sheet.ref(1, columns[text])))
        if text:
            columns[text] = column
    expected = [_column_key(layout.COVER_SHEET, label, "") for label, key in
                layout.COVER_FIELDS if key and key != "notes"]
    expected += [_column_key(name, key, header) for (name, key), (kind, _tiers) in
                 meta.rows.items() for header in layout.campaign_entries(kind)]
    present = [k for k in expected if k in columns]
    missing = [k for k in expected if k not in columns and _needed(k, meta)]
    if missing:
        raise book.error(f"{layout.CAMPAIGN_SHEET}!1", message("sheet.campaign-column",
                                                               column=missing[0]))
    sheet.refuse_merged(2, [columns[k] for k in present])
    units = []
    unread: list[AssessmentError] = []
    for number in sheet.used_rows(_FIRST):
        if all(is_empty(sheet.cell(number, columns[k]).value) for k in present):
            continue
        try:
            units.append(Reader(book, meta, _Unit(sheet, number, columns),
                                every_error=every_error).filled())
        except UnreadCellsError as exc:  # every unit row is read, each bad cell named
            unread.extend(exc.errors)
    if unread:
        raise UnreadCellsError(unread)
    return units


def _needed(key: str, meta: Meta) -> bool:
    """Whether the writer made a column for ``key`` (an item writes only
    the entries its kind takes: a group has no 测评结果)."""
    sheet, ident, header = key.split("|")
    if sheet == layout.COVER_SHEET:
        return True
    kind = meta.rows[(sheet, ident)][0]
    return not (header == "测评结果" and kind in ("group", "plugin", "deduct", "award"))
