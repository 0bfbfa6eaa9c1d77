"""A campaign's scorecards as one workbook, ready to sort and filter.

:func:`results_workbook` writes the sheet 测评结果, a row per unit ranked by
the total the levels compare (名次; equal totals share a place), with the
points earned in each category, the base total, bonus, penalties, the
adjustment of a total floored at 0 (基本分 + 加分 − 负面清单扣分 + 调整 = 总分), the
total raw and rounded, the level, the outcome and its reasons and the count
of discrepancies; and the sheet 自评与核算不符, a row per discrepancy.
Points are written as exact numbers (never through a binary float).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from civscore.results import Scorecard
from civscore.results.render import FLOOR_LABEL, STATUS_LABELS, rank
from civscore.sheets.xlsx import keep_text, openpyxl

__all__ = ["results_workbook"]


def results_workbook(cards: Sequence[Scorecard]) -> bytes:
    """The results of ``cards`` (scored against one rubric) as ``.xlsx`` bytes.

    :raises MissingExtraError: when openpyxl (the extra ``xlsx``) is not installed.
    :raises ValueError: when ``cards`` is empty or the cards are of different rubrics.
    """
    if not cards:
        raise ValueError("no scorecards to write")
    if len({card.rubric.hash for card in cards}) > 1:
        raise ValueError("the scorecards are of different rubrics")
    xl = openpyxl()
    book = xl.Workbook()
    sheet = book.active
    sheet.title = "测评结果"
    categories = [(c.path, c.title) for c in cards[0].categories]
    header = ["名次", "被测评单位", "测评年度", *(f"{title}" for _path, title in categories),
              "基本分", "加分", "负面清单扣分", FLOOR_LABEL, "总分", "总分（取舍后）", "等次",
              "结果", "原因", "自评总分", "不符项数"]
    sheet.append(header)
    for place, card in rank(cards):
        scores = {c.path: c.score for c in card.categories}
        sheet.append([place, card.unit, card.period,
                      *(scores.get(path) for path, _title in categories),
                      card.base.scaled, card.bonus.total, card.penalties.total,
                      card.total.floor_adjustment, card.total.raw,
                      card.total.rounded, card.outcome.title,
                      STATUS_LABELS[card.outcome.status], "；".join(card.outcome.reasons),
                      card.claimed_total, len(card.discrepancies)])
    _tidy(xl, sheet, len(header))
    found = book.create_sheet("自评与核算不符")
    found.append(["被测评单位", "项目", "层级", "自评", "核算", "差异"])
    for card in cards:
        for d in card.discrepancies:
            found.append([card.unit, d.path, d.level, d.claimed, d.computed, d.difference])
    _tidy(xl, found, 6)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _tidy(xl: Any, sheet: Any, columns: int) -> None:
    """Bold frozen header with a filter, sized columns, A4 landscape."""
    for cell in sheet[1]:
        cell.font = xl.styles.Font(bold=True)
    sheet.freeze_panes = "C2" if sheet.title == "测评结果" else "A2"
    last = xl.utils.get_column_letter(columns)
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 2)}"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            keep_text(cell)
    for index in range(1, columns + 1):
        letter = xl.utils.get_column_letter(index)
        widest = max(len(str(c.value or "")) for c in sheet[letter])
        sheet.column_dimensions[letter].width = min(40, max(8, 2 * widest))
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
