"""Opening a workbook (civscore.sheets.book) a careless program or a hostile
sender made: each is refused naming the file or the cell, never with a
traceback, and a sheet whose last cell is far down reads as fast as any.

Cells are worked out by hand from the layout (docs/sheets.md) and
tests/data/cli-rubric.toml, as in test_reading.py: on 测评表 the header is
row 2 and row 11 is leadership.review; column H is 测评结果.  The hidden
sheet civscore lists its rows from row 6: row 6 is the item leadership,
row 7 leadership.plan, row 8 its rule no-plan.
"""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from workbooks import CLI_ENTRIES, RUBRIC, fill, refused, write_template

from civscore.exceptions import AssessmentError
from civscore.files.loader import load_assessment, load_rubric
from civscore.sheets import read_assessment
from civscore.sheets.book import MAX_UNZIPPED

#: How an OLE2 compound file starts (an .xls, or an .xlsx saved with a password).
OLE = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    return fill(write_template(tmp_path / "sheet.xlsx"), CLI_ENTRIES)


@pytest.mark.parametrize("name", ["old.xls", "encrypted.xlsx"])
def test_an_old_or_encrypted_excel_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(OLE + bytes(4096))
    with pytest.raises(AssessmentError) as info:
        load_assessment(path)  # an .xls is read as a workbook, not as TOML
    assert info.value.path == "$"
    assert "old Excel file (.xls) or a workbook saved with a password" in info.value.message
    assert "save it as an Excel workbook (.xlsx)" in info.value.message


def test_a_zip_bomb(tmp_path: Path, filled: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    shutil.copy(filled, bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/filler.bin", bytes(MAX_UNZIPPED + 1))  # a few kB zipped
    assert bomb.stat().st_size < 1024 * 1024
    refused(bomb, "$", "unzips to", str(MAX_UNZIPPED))


def test_a_sheet_whose_xml_is_cut_short(tmp_path: Path, filled: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(filled) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data[:100] if info.filename.startswith("xl/worksheets/")
                            else data)
    refused(broken, "$", "is not an Excel workbook (.xlsx) that can be read", "ParseError")


def _replaced(tmp_path: Path, filled: Path, part: str, data: bytes | None) -> Path:
    """``filled`` with its zip member ``part`` replaced by ``data`` (None: removed)."""
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(filled) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
        if data is not None:
            target.writestr(part, data)
    return damaged


@pytest.mark.parametrize(("part", "data"), [
    ("xl/styles.xml", None), ("xl/styles.xml", b"<x"),
])
def test_a_damaged_part_is_refused_as_unreadable(tmp_path: Path, filled: Path, part: str,
                                                 data: bytes | None) -> None:
    error = refused(_replaced(tmp_path, filled, part, data), "$",
                    "is not an Excel workbook (.xlsx) that can be read")
    assert "\n" not in error.message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_or_a_folder_named_xlsx_is_refused_unread(tmp_path: Path) -> None:
    device = tmp_path / "zero.xlsx"
    device.symlink_to("/dev/zero")  # endless: must not be read
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    for path in (device, folder):
        refused(path, "$", "is not a file but a directory or a device")


def test_a_truncated_file(tmp_path: Path, filled: Path) -> None:
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(filled.read_bytes()[: filled.stat().st_size // 2])
    refused(cut, "$", "is not an Excel workbook (.xlsx) that can be read")


def test_a_cell_far_down_does_not_slow_reading(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["测评表"]["N1048000"] = " "  # the last row Excel has, nearly
    book["封面"]["C1048000"] = " "
    book.save(filled)
    start = time.perf_counter()
    read_assessment(filled, load_rubric(RUBRIC))
    assert time.perf_counter() - start < 10  # reading each of a million rows takes minutes


def test_an_entry_column_copied(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    book["测评表"]["P2"] = "测评结果"
    book["测评表"]["P11"] = 2
    book.save(filled)
    refused(filled, "测评表!P2", "column '测评结果' appears twice (first in 测评表!H2)")


@pytest.mark.parametrize(("cell", "value", "where"), [
    ("C7", "direct", "civscore!A7"),  # leadership.plan (deduct) said to be direct
    ("C9", "bogus", "civscore!C9"),  # no such kind
    ("D8", "[[1, 2", "civscore!D8"),  # the tier choices are no JSON
])
def test_the_hidden_sheets_rows_edited(filled: Path, cell: str, value: str,
                                       where: str) -> None:
    book = openpyxl.load_workbook(filled)
    book["civscore"][cell] = value
    book.save(filled)
    refused(filled, where, "hidden sheet", "was edited")


def test_the_hidden_sheets_last_row_deleted(filled: Path) -> None:
    book = openpyxl.load_workbook(filled)
    meta = book["civscore"]
    last = meta.max_row
    meta.delete_rows(last)
    book.save(filled)
    # the gate's row goes: its sheet 前置条件 then has a row no longer listed
    with pytest.raises(AssessmentError) as info:
        read_assessment(filled, load_rubric(RUBRIC))
    assert info.value.path in {f"civscore!A{last}", "前置条件!A3"}, info.value
