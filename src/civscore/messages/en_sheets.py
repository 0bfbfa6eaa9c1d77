"""The English catalogue, continued: Excel workbooks read and written;
:mod:`civscore.messages.en` holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Excel workbooks, read and written (sheets)
    "sheet.not-a-file": "is not a file but a directory or a device; give the workbook's file",
    "sheet.unreadable": "cannot read the workbook: {reason}",
    "sheet.too-large": "the workbook is {size} bytes, more than the {most} civscore reads; is it "
                       "the right file?",
    "sheet.not-xlsx": "is not an Excel workbook (.xlsx) that can be read ({error}); save it from "
                      "Excel or LibreOffice as .xlsx",
    "sheet.no-sheet": "the workbook has no sheet {name!r} (it has: {sheets}); sheets must not be "
                      "renamed or deleted",
    "sheet.no-meta": "has no hidden sheet {name!r} naming its rubric, so it is not a civscore "
                     "workbook; write one with 'civscore template RUBRIC --format xlsx -o "
                     "FILE.xlsx'",
    "sheet.layout": "this civscore reads workbook layout {layout}; write the workbook again with "
                    "this civscore's 'civscore template'",
    "sheet.meta-lost": "the hidden sheet lost its rubric reference or hash; use a fresh template",
    "sheet.formula": "holds the formula {formula} but no computed value was saved with it (the "
                     "program that wrote the file does not calculate); open and save it in Excel "
                     "or LibreOffice, or type the value",
    "sheet.no-column": "column {column!r} is missing from the header row (it has: {found}); "
                       "columns may be moved but not deleted or renamed",
    "sheet.no-key": "row {row} has entries but no 编号, so civscore cannot tell which item it "
                    "belongs to; fill entries only in the template's rows",
    "sheet.unknown-key": "unknown 编号 {key!r}: this workbook's rubric has no such row; do not "
                         "edit the 编号 column or add rows",
    "sheet.key-twice": "编号 {key!r} appears again (first in row {row}); delete the copy",
    "sheet.key-missing": "no row for 编号 {key!r}: rows must not be deleted (an item with nothing "
                         "to record is left empty)",
    "sheet.no-header": "no header row with a 编号 column in its first {rows} rows; use a fresh "
                       "template",
    "sheet.merged": "these cells are merged, but each row needs its own entry; unmerge them "
                    "(取消单元格合并) and fill each cell",
    "sheet.number": "expected a number, found {found}",
    "sheet.number-text": "expected a number such as 3.5, found the text {found}",
    "sheet.number-range": "expected a number from 0 to {most}, found {found}",
    "sheet.count": "expected a count (a whole number, 0 or more), found {found}",
    "sheet.date-number": "expected a date such as 2024-06-30, found the number {found}",
    "sheet.no-such-day": "{found} is not a day of the calendar",
    "sheet.date-time": "expected a date, found the date and time {found}; give the date alone",
    "sheet.date": "expected a date such as 2024-06-30, found {found}",
    "sheet.other-rubric": "this workbook was made for rubric {made!r}, not {ref!r}; write a "
                          "workbook for {ref} with 'civscore template'",
    "sheet.other-hash": "this workbook was made for another content of {ref} ({made}; the rubric "
                        "now has {now}): the rubric changed since; write a new workbook with "
                        "'civscore template' and copy the entries across",
    "sheet.is-campaign": "is a campaign workbook (a row per unit), where one unit's workbook or "
                         "assessment belongs (give campaign workbooks to civscore score, panel "
                         "or rank; in Python, read one with civscore.sheets.read_campaign)",
    "sheet.is-unit": "is the workbook of one unit, not a campaign's; read it with read_workbook",
    "sheet.no-label": "the label {label!r} is missing from column A; use a fresh template",
    "sheet.no-unit": "被测评单位 is empty; fill in the unit's name",
    "sheet.unknown-tier": "unknown tier {tier!r}; choose one of the dropdown's: {tiers}",
    "sheet.no-entry": "this item takes no entry here: it is scored by its sub-items or rules "
                      "below, or by a plugin's method (use a TOML assessment)",
    "sheet.deduct-no-count": "每次扣分 is given but 测评结果 (the count) is empty or 0; give the "
                             "count",
    "sheet.date-no-yes": "发生日期 is given; choose {yes} here (or clear the date)",
    "sheet.campaign-column": "the column {column!r} is missing from row 1; columns may be moved "
                             "but not deleted, and row 1 must not be edited",
    "sheet.prefill-other": "is an assessment of {named!r}, not of {ref!r}",
    "sheet.prefill-options": "a plugin method's options have no cell in a workbook",
    "sheet.prefill-bar-twice": "bar {bar!r} is recorded twice; a workbook has one date per bar",
    "sheet.prefill-amounts": "hits of rule {rule!r} with different amounts share one row of a "
                             "workbook",
    "sheet.prefill-no-row": "{key!r} is not a row of sheet {sheet} in the workbook of "
                            "{rubric}{column}",
    "sheet.prefill-column": " (column {column})",
    "sheet.no-projects": "a workbook cannot hold bonus counted by project yet; fill in a TOML "
                         "assessment (civscore template RUBRIC)",
    "sheet.no-judged": "a workbook cannot hold a bonus item scored by judgement (method "
                       "{method!r}) yet; fill in a TOML assessment (civscore template RUBRIC)",
    "sheet.needs-extra": "Excel workbooks (.xlsx) need the optional extra 'xlsx' (openpyxl); "
                         "install it with: {hint}",
    "sheet.ole": "is an old Excel file (.xls) or a workbook saved with a password, which "
                 "civscore cannot read; in Excel or WPS, save it as an Excel workbook (.xlsx) "
                 "without a password",
    "sheet.unzips-large": "the workbook unzips to {size} bytes, more than the {most} civscore "
                          "reads; it is no filled assessment (a damaged or malicious file?)",
    "sheet.meta-row": "this row of the hidden sheet civscore does not match the rubric's "
                      "workbook (the hidden sheet was edited); write a new workbook with "
                      "'civscore template' and copy the entries across",
    "sheet.column-twice": "column {column!r} appears twice (first in {first}); delete the copy",
    "sheet.not-an-entry": "this row takes no {column} entry (the cell is not a yellow entry "
                          "cell), so it would not count; clear it, or enter it in the row of "
                          "the item it belongs to",
    "sheet.yes-no": "expected {yes} or {no} (or yes/no, TRUE/FALSE), found {found}",
    "sheet.choose-met": "choose {yes} (met) or {no} (not met)",
    "sheet.choose-tier": "choose a tier from the dropdown: {tiers}",
    "sheet.formula-error": "the formula {formula} gives the error {found}; correct the "
                           "formula or type the value",
    "sheet.label-twice": "the label {label!r} appears twice (first in {first}); delete the "
                         "copy",
}
