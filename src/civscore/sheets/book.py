"""A workbook opened for reading: its sheets, their tables and cells, with
every problem named by its cell (``测评表!H7``).

The workbook is opened twice by openpyxl: once for the values Excel saved
with it (a formula's cached result) and once for the formulas, so that a
formula with no saved result is reported as such rather than read as empty.
"""

from __future__ import annotations

import json
import os
import stat
from typing import TYPE_CHECKING, Any

from civscore.exceptions import AssessmentError
from civscore.messages import message, os_reason
from civscore.scoring.arguments import require
from civscore.sheets import layout
from civscore.sheets.cells import Cell, as_text, is_empty
from civscore.sheets.xlsx import openpyxl

if TYPE_CHECKING:
    from pathlib import Path

    from civscore.sheets.layout import ColumnSet

__all__ = ["MAX_BYTES", "Book", "Meta", "Sheet", "TableRow", "opened"]

#: The largest workbook read (bytes): a filled rubric is a few hundred kB.
MAX_BYTES = 8 * 1024 * 1024
#: The most its parts may hold once unzipped (bytes): a sheet of 100 000
#: rows is about 10 MB; more is a zip bomb, not an assessment.
MAX_UNZIPPED = 64 * 1024 * 1024
#: How an OLE2 compound file starts: an old Excel .xls, or an .xlsx saved
#: with a password (Excel encrypts it into one).
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
#: How far down a table's header row is looked for.
_HEADER_SEARCH = 10


class Meta:
    """What the hidden sheet says: the rubric, its hash and each row's kind.

    ``rows`` maps (sheet, 编号) to (kind, tier choices as ``{label or id: id}``);
    ``campaign`` is true for a campaign workbook (a row per unit);
    ``written`` holds each row as written (its row number, then sheet,
    编号, kind and choices), to compare with what the rubric gives.
    """

    def __init__(self, ref: str, digest: str,
                 rows: dict[tuple[str, str], tuple[str, dict[str, str]]], *,
                 campaign: bool = False,
                 written: list[tuple[int, tuple[str, str, str, str]]] | None = None) -> None:
        self.ref, self.hash, self.rows, self.campaign = ref, digest, rows, campaign
        self.written = written or []

    def keys(self, sheet: str) -> list[str]:
        """The 编号 of ``sheet``'s rows, in the order written."""
        return [key for name, key in self.rows if name == sheet]


class Book:
    """An ``.xlsx`` file opened for reading.

    :raises AssessmentError: naming the file, when it is not a workbook openpyxl
        reads: larger than :data:`MAX_BYTES`, unzipping to more than
        :data:`MAX_UNZIPPED`, an old ``.xls`` or a workbook saved with a
        password, not a zip, or a zip whose parts are damaged.
    :raises MissingExtraError: when openpyxl is not installed.
    """

    def __init__(self, path: str | Path) -> None:
        import zipfile  # noqa: PLC0415 (start-up: only reading a workbook needs it)

        xl = openpyxl()
        self.source = str(path)
        self._check_file(path, zipfile)
        try:
            self.values = xl.load_workbook(path, data_only=True)
            self.formulas = xl.load_workbook(path, data_only=False)
        except Exception as exc:  # a damaged part may fail anywhere in openpyxl
            said = " ".join(str(exc).split()) or type(exc).__name__
            raise AssessmentError(message("sheet.not-xlsx", error=f"{type(exc).__name__}: "
                                                                  f"{said[:200]}"),
                                  source=self.source) from None

    def _check_file(self, path: str | Path, zipfile: Any) -> None:
        """Refuse, before openpyxl reads it, a file too large, an old or
        encrypted Excel file, or a zip that unzips to too much."""
        try:
            status = os.stat(path)
            if not stat.S_ISREG(status.st_mode):  # a directory, or a device with no end
                raise AssessmentError(message("sheet.not-a-file"), source=self.source)
            size = status.st_size
            with open(path, "rb") as file:
                head = file.read(len(_OLE_MAGIC))
        except OSError as exc:
            raise AssessmentError(message("sheet.unreadable", reason=os_reason(exc)),
                                  source=self.source) from None
        if size > MAX_BYTES:
            raise AssessmentError(message("sheet.too-large", size=size, most=MAX_BYTES),
                                  source=self.source)
        if head == _OLE_MAGIC:
            raise AssessmentError(message("sheet.ole"), source=self.source)
        if not zipfile.is_zipfile(path):
            return  # openpyxl says what it is not
        try:
            with zipfile.ZipFile(path) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return
        if unzipped > MAX_UNZIPPED:
            raise AssessmentError(message("sheet.unzips-large", size=unzipped,
                                          most=MAX_UNZIPPED), source=self.source)

    def error(self, where: str, text: str) -> AssessmentError:
        """An error saying ``text``, naming this workbook and ``where`` (a sheet or a cell)."""
        return AssessmentError(text, source=self.source, path=where)

    def sheet(self, name: str, *, required: bool = True) -> Sheet | None:
        """The sheet ``name``; ``None`` when it is missing and not ``required``.

        :raises AssessmentError: when a required sheet is missing.
        """
        if name not in self.values.sheetnames:
            if not required:
                return None
            raise self.error(name, message("sheet.no-sheet", name=name,
                                           sheets=", ".join(self.values.sheetnames)))
        return Sheet(self, name)

    def meta(self) -> Meta:
        """The hidden sheet's rubric, hash and rows.

        :raises AssessmentError: when the workbook has none (it was not written
            by ``civscore template --format xlsx``) or it is damaged.
        """
        sheet = self.sheet(layout.META_SHEET, required=False)
        if sheet is None:
            raise self.error("$", message("sheet.no-meta", name=layout.META_SHEET))
        head = {as_text(sheet.cell(row, 1)): sheet.cell(row, 2) for row in range(1, 5)}
        what = as_text(sheet.cell(1, 1))
        layout_cell = head.get(what) if what in (layout.WORKBOOK, layout.CAMPAIGN) else None
        if layout_cell is None or as_text(layout_cell) != str(layout.LAYOUT):
            raise self.error(f"{layout.META_SHEET}!B1",
                             message("sheet.layout", layout=layout.LAYOUT))
        ref, digest = (as_text(head[k]) if k in head else "" for k in ("rubric", "hash"))
        if "@" not in ref or not digest:
            raise self.error(f"{layout.META_SHEET}!B2", message("sheet.meta-lost"))
        rows: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
        written: list[tuple[int, tuple[str, str, str, str]]] = []
        for row in sheet.used_rows(6):
            name, key, kind, choices = (as_text(sheet.cell(row, c)) for c in range(1, 5))
            if kind not in layout.ROW_KINDS:
                raise self.error(sheet.ref(row, 3), message("sheet.meta-row"))
            rows[(name, key)] = (kind, self._tiers(sheet, row, choices))
            written.append((row, (name, key, kind, choices)))
        return Meta(ref, digest, rows, campaign=what == layout.CAMPAIGN, written=written)

    def _tiers(self, sheet: Sheet, row: int, choices: str) -> dict[str, str]:
        """The tier ids of a meta row's ``[[id, label], …]`` by label, title and id."""
        try:
            pairs = json.loads(choices) if choices else []
            tiers: dict[str, str] = {}
            for ident, label in pairs:
                tiers[label] = ident
                tiers[label.split("（")[0]] = ident
                tiers[ident] = ident
        except (ValueError, TypeError, AttributeError):
            raise self.error(sheet.ref(row, 4), message("sheet.meta-row")) from None
        return tiers


class TableRow:
    """One data row of a table sheet: its number, its 编号 and its cells by header."""

    def __init__(self, sheet: Sheet, number: int, key: str, columns: dict[str, int]) -> None:
        self.sheet, self.number, self.key, self._columns = sheet, number, key, columns

    def cell(self, header: str) -> Cell:
        """The cell under ``header`` in this row."""
        return self.sheet.cell(self.number, self._columns[header])

    def ref(self, header: str) -> str:
        """``sheet!A1`` of the cell under ``header``."""
        return self.sheet.ref(self.number, self._columns[header])


class Sheet:
    """One sheet of a :class:`Book`."""

    def __init__(self, book: Book, name: str) -> None:
        self.book, self.name = book, name
        self.values, self.formulas = book.values[name], book.formulas[name]
        self.max_row = self.values.max_row

    def ref(self, row: int, column: int) -> str:
        """``sheet!A1`` of a cell."""
        return f"{self.name}!{openpyxl().utils.get_column_letter(column)}{row}"

    def cell(self, row: int, column: int) -> Cell:
        """The cell's saved value.

        :raises AssessmentError: naming the cell, for a formula whose result
            was not saved with the workbook, or is an error (``#DIV/0!``).
        """
        saved = self.values.cell(row, column)
        value: Any = saved.value
        if saved.data_type == "e":
            raise self.book.error(self.ref(row, column), message(
                "sheet.formula-error", formula=self.formulas.cell(row, column).value,
                found=value))
        if value is None:
            formula = self.formulas.cell(row, column).value
            if isinstance(formula, str) and formula.startswith("="):
                raise self.book.error(
                    self.ref(row, column), message("sheet.formula", formula=formula))
        return Cell(value, self.ref(row, column), self.book.source, saved.number_format)

    def used_rows(self, first: int) -> list[int]:
        """The numbers of the rows from ``first`` down that hold a cell, in
        order: a sheet whose last cell is far down (``A1048576``) is read
        as fast as one without it."""
        # openpyxl keeps the cells it read by (row, column); there is no public view of it.
        cells = (*self.values._cells, *self.formulas._cells)
        return sorted({row for row, _column in cells if row >= first})

    def used_columns(self, row: int) -> list[int]:
        """The numbers of the columns of ``row`` that hold a cell, in order."""
        cells = self.values._cells
        return sorted(column for number, column in cells if number == row)

    def table(self, columns: ColumnSet, keys: list[str]) -> list[TableRow]:
        """The sheet's data rows, one per expected 编号 ``keys``, in sheet order.

        :raises AssessmentError: naming the cell or row, when a column is
            missing, an entry cell is merged with another, a row was added with
            entries, a 编号 is unknown or repeated, or an expected row is missing.
        """
        header_row, found = self._header(columns.entries)
        missing = [h for h in columns.headers if h not in found]
        if missing:
            raise self.book.error(f"{self.name}!{header_row}", message(
                "sheet.no-column", column=missing[0], found=", ".join(found)))
        self.refuse_merged(header_row, [found[h] for h in columns.entries])
        expected, seen = set(keys), dict[str, int]()
        rows = []
        for number in self.used_rows(header_row + 1):
            row = TableRow(self, number, "", found)
            key = as_text(row.cell("编号"))
            if not key:
                filled = [h for h in columns.entries if not is_empty(row.cell(h).value)]
                if filled:
                    raise self.book.error(row.ref(filled[0]), message("sheet.no-key",
                                                                      row=number))
                continue
            if key not in expected:
                raise self.book.error(row.ref("编号"), message("sheet.unknown-key", key=key))
            if key in seen:
                raise self.book.error(row.ref("编号"), message("sheet.key-twice", key=key,
                                                               row=seen[key]))
            seen[key] = number
            rows.append(TableRow(self, number, key, found))
        absent = [key for key in keys if key not in seen]
        if absent:
            raise self.book.error(self.name, message("sheet.key-missing", key=absent[0]))
        return rows

    def _header(self, entries: tuple[str, ...]) -> tuple[int, dict[str, int]]:
        for row in range(1, min(self.max_row, _HEADER_SEARCH) + 1):
            found: dict[str, int] = {}
            for column in self.used_columns(row):
                text = as_text(Cell(self.values.cell(row, column).value, "", ""))
                if text in found and text in entries:
                    raise self.book.error(self.ref(row, column), message(
                        "sheet.column-twice", column=text,
                        first=self.ref(row, found[text])))
                if text:
                    found.setdefault(text, column)
            if "编号" in found:
                return row, found
        raise self.book.error(self.name, message("sheet.no-header", rows=_HEADER_SEARCH))

    def refuse_merged(self, header_row: int, entry_columns: list[int]) -> None:
        """Refuse entry cells below ``header_row`` merged with others.

        :raises AssessmentError: naming the merged range.
        """
        for merged in self.values.merged_cells.ranges:
            if merged.max_row <= header_row:
                continue
            if any(merged.min_col <= c <= merged.max_col for c in entry_columns):
                raise self.book.error(f"{self.name}!{merged.coord}", message("sheet.merged"))


def opened(path: str | Path) -> tuple[Book, Meta]:
    """The workbook at ``path`` and what its hidden sheet says.

    :raises AssessmentError: when it is not a civscore workbook that can be read.
    :raises MissingExtraError: when openpyxl (the extra ``xlsx``) is not installed.
    :raises TypeError: when ``path`` is not a ``str`` or a path.
    """
    require(path, "path", (str, os.PathLike))
    book = Book(path)
    return book, book.meta()
