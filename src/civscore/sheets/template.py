"""A fill-in workbook (测评表) for a rubric, written with openpyxl.

:func:`workbook_template` writes the sheets of :mod:`civscore.sheets.layout`:
the cover (封面) with the unit, period and dates; the item sheet (测评表),
one row per item with its category, title, 应得分, method and rule texts, and
a row under it for each of its deduction rules and award standards; the
bonus, penalty, veto, bar and gate sheets the rubric has; and the hidden,
protected sheet that names the rubric and its content hash.

Every entry cell carries Excel data validation: a dropdown of tiers, a whole
count per rule or standard, a number within ``[0, points]`` on the item's
step, 是/否 for all-or-nothing, not-applicable and vetoes, a date for bars.
Headers are frozen, columns sized, and each sheet prints on A4 with its
header rows repeated.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from civscore._version import __version__
from civscore.exceptions import AssessmentError, RubricError
from civscore.messages import message
from civscore.model import Assessment, Criterion, Rubric, scaled_item, walk_items
from civscore.model.labels import METHOD_LABELS
from civscore.model.points import ZERO, to_text
from civscore.scoring.plan import rubric_hash
from civscore.sheets import layout
from civscore.sheets.layout import ITEM_COLUMNS, NO, YES, ColumnSet, key_of
from civscore.sheets.prefill import Entries, entries_of
from civscore.sheets.xlsx import keep_text, openpyxl

__all__ = ["COUNT", "DATE", "YES_NO", "Row", "Validation", "Writer", "extra_sheets",
           "workbook_template", "written_rows"]

_HEADER_FILL = "DDE4EE"
_ENTRY_FILL = "FFF7D6"
_RULE_FONT = "555555"


def workbook_template(rubric: Rubric, assessment: Assessment | None = None, *,
                      source: str = "<mapping>") -> bytes:
    """The fill-in workbook for ``rubric``, as the bytes of an ``.xlsx`` file;
    filled in with ``assessment``'s entries when it is given (see
    :mod:`civscore.sheets.prefill`).

    :raises MissingExtraError: when openpyxl (the extra ``xlsx``) is not installed.
    :param source: the file ``assessment`` was read from, for its errors.
    :raises AssessmentError: naming ``source`` and the key path, for an
        assessment of another rubric, or an entry that no cell can hold or
        that names no row of the workbook.
    """
    xl = openpyxl()
    book = xl.Workbook()
    entries = {} if assessment is None else entries_of(rubric, assessment, source)
    writer = Writer(book, rubric, entries)
    writer.cover(book.active)
    writer.items(book.create_sheet(layout.ITEM_SHEET))
    for name, rows in extra_sheets(rubric):
        writer.table(book.create_sheet(name), layout.SHEET_COLUMNS[name], rows)
    writer.meta(book.create_sheet(layout.META_SHEET))
    if writer.entries:
        (sheet, key, header), _value = next(iter(writer.entries.items()))
        column = message("sheet.prefill-column", column=header) if header else ""
        raise AssessmentError(message("sheet.prefill-no-row", key=key, sheet=sheet,
                                      rubric=rubric.ref, column=column), source=source)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def written_rows(rubric: Rubric) -> list[tuple[str, str, str, str]]:
    """The rows the hidden sheet of ``rubric``'s workbook (a unit's or a
    campaign's) lists, in order: sheet, 编号, kind and tier choices.

    :raises MissingExtraError: when openpyxl (the extra ``xlsx``) is not installed.
    :raises RubricError: for a bonus a workbook cannot hold (see :func:`extra_sheets`).
    """
    writer = Writer(openpyxl().Workbook(), rubric, {})
    parts = [(layout.ITEM_SHEET, writer.item_rows()), *extra_sheets(rubric)]
    return [(name, key, kind, choices) for name, rows in parts
            for key, kind, _described, _entries, choices in rows]


#: A row of a table sheet: its 编号, its kind, its described values, and
#: each entry column's validation (header → validation or None).
Row = tuple[str, str, tuple[Any, ...], dict[str, "Validation | None"], str]


class Validation:
    """The data validation of one entry cell (an Excel ``dataValidation``).

    :param kind: ``list``, ``whole``, ``decimal``, ``date`` or ``custom``.
    :param prompt: the input message shown when the cell is selected (Chinese).
    """

    def __init__(self, kind: str, prompt: str, *, formula1: str = "", formula2: str = "",
                 operator: str | None = None) -> None:
        self.kind, self.prompt = kind, prompt
        self.formula1, self.formula2, self.operator = formula1, formula2, operator

    def build(self, xl: Any, cell: str, first: str | None = None) -> Any:
        """The openpyxl ``DataValidation`` for ``cell`` (a cell or a range; a
        formula's ``{cell}`` is the range's ``first`` cell, else ``cell``)."""
        rule = xl.worksheet.datavalidation.DataValidation(
            type=self.kind, operator=self.operator,
            formula1=self.formula1.replace("{cell}", first or cell) or None,
            formula2=self.formula2 or None, allow_blank=True,
            showErrorMessage=True, showInputMessage=True,
            errorTitle="输入有误", error=self.prompt, promptTitle="填写说明", prompt=self.prompt)
        rule.add(cell)
        return rule


YES_NO = Validation("list", f"选择“{YES}”或“{NO}”", formula1=f'"{YES},{NO}"')
COUNT = Validation("whole", "发生次数（整数，不填为0）", operator="greaterThanOrEqual",
                   formula1="0")
DATE = Validation("date", "日期，例如 2024-06-30", operator="greaterThan", formula1="1")


def _between(low: Decimal, high: Decimal, prompt: str) -> Validation:
    return Validation("decimal", prompt, operator="between", formula1=to_text(low),
                      formula2=to_text(high))


def _points_rule(item: Criterion) -> Validation:
    """A number within [0, points], on the item's step when it has one."""
    top = to_text(item.points)
    if item.step is None:
        return _between(ZERO, item.points, f"实得分：0 到 {top} 之间的数")
    step = to_text(item.step)
    return Validation(
        "custom", f"实得分：0 到 {top} 之间、{step} 的整数倍",
        formula1=f"AND(ISNUMBER({{cell}}),{{cell}}>=0,{{cell}}<={top},"
                 f"ABS({{cell}}/{step}-ROUND({{cell}}/{step},0))<1E-9)")


def _rule_text(item: Criterion) -> str:
    """What the item's method reads, in words (the 测评标准 column)."""
    parts = [" ".join(item.text.split())] if item.text else []
    method = item.method
    if item.criteria:
        parts.append("由子项得分相加" + ("，再按下列扣分标准扣分" if item.rules else ""))
    elif method == "tiered":
        parts.append("档次：" + "；".join(f"{t.title} {to_text(t.points)}分" for t in item.tiers))
    elif method == "direct":
        step = f"，须为{to_text(item.step)}的整数倍" if item.step is not None else ""
        parts.append(f"直接赋分：0 到 {to_text(item.points)} 分{step}")
    elif method == "ratio":
        if item.target is not None and item.deduct_per_point is not None:
            parts.append(f"达到{to_text(item.target)}%得满分，每低1个百分点扣"
                         f"{to_text(item.deduct_per_point)}分")
        else:
            parts.append("比例档次：" + "；".join(
                (f"≥{to_text(b.at_least)}%" if b.at_least is not None
                 else f">{to_text(b.above or ZERO)}%") + f"得{to_text(b.points)}分"
                for b in item.bands))
    elif method == "all_or_nothing":
        parts.append("达标得满分，不达标不得分")
    elif method in ("deduct", "award"):
        parts.append("按下列" + ("扣分标准在“测评结果”填发生次数" if method == "deduct"
                                 else "得分标准在“测评结果”填达到次数"))
    else:
        parts.append(f"插件评分方法 {method}：请用 TOML 测评记录填写")
    return "\n".join(parts)


def _rule_rows(path: str, item: Criterion, depth: int) -> Iterator[Row]:
    pad = "　" * (depth + 1)
    for rule in item.rules:
        cap = f"，最多扣{to_text(rule.max)}分" if rule.max is not None else ""
        entries: dict[str, Validation | None] = {"测评结果": COUNT, "说明": None}
        if rule.zeroes:
            kind, amount = "rule-zeroes", "出现即本项不得分"
        elif rule.deduct_range is not None:
            low, high = rule.deduct_range
            span = f"{to_text(low)}-{to_text(high)}"
            kind, amount = "rule-range", f"视情况每次扣{span}分，须填每次扣分和说明"
            entries["每次扣分"] = _between(low, high, f"每次扣分：{span}分")
        else:
            kind, amount = "rule", f"每次扣{to_text(rule.deduct or ZERO)}分"
        text = f"{pad}扣分：{' '.join(rule.text.split())}"
        yield (key_of(path, rule.id), kind, ("", text, None, "扣分标准", amount + cap, ""),
               entries, "")
    for std in item.standards:
        cap = f"，最多得{to_text(std.max)}分" if std.max is not None else ""
        yield (key_of(path, std.id), "standard",
               ("", f"{pad}得分：{' '.join(std.text.split())}", None, "得分标准",
                f"每项得{to_text(std.points)}分{cap}", ""),
               {"测评结果": COUNT, "说明": None}, "")


def _item_entries(item: Criterion, choices: str) -> dict[str, Validation | None]:
    """The entry cells of an item's own row."""
    method = None if item.criteria else item.method
    result: Validation | None = None
    if method == "tiered":
        result = Validation("list", "从下拉列表选择档次", formula1=choices)
    elif method == "direct":
        result = _points_rule(item)
    elif method == "ratio":
        result = _between(ZERO, Decimal(100), "实测比例（百分数，0 到 100）")
    elif method == "all_or_nothing":
        result = Validation("list", f"是否达标：选择“{YES}”或“{NO}”", formula1=f'"{YES},{NO}"')
    entries: dict[str, Validation | None] = {} if result is None else {"测评结果": result}
    entries.update({"不适用": YES_NO, "不适用理由": None,
                    "自评分": _between(ZERO, item.points, f"自评分：0 到 {to_text(item.points)}"),
                    "说明": None})
    return entries


def extra_sheets(rubric: Rubric) -> Iterator[tuple[str, list[Row]]]:
    """The bonus, penalty, veto, bar and gate sheets the rubric has.

    :raises RubricError: for a bonus a workbook cannot hold yet: one counted
        by project (``bonus.projects``) or an item scored by judgement
        (``method = "direct"`` or ``"tiered"``); use a TOML assessment.
    """
    if rubric.bonus is not None and rubric.bonus.projects:
        raise RubricError(message("sheet.no-projects"), source=rubric.ref,
                          path="$.bonus.projects")
    for i, item in enumerate(rubric.bonus.items if rubric.bonus is not None else ()):
        if item.method is not None:
            raise RubricError(message("sheet.no-judged", method=item.method), source=rubric.ref,
                              path=f"$.bonus.items[{i}].method")
    if rubric.bonus is not None and rubric.bonus.items:
        yield "加分", [(b.id, "bonus", (b.text, b.points, b.group, b.max_count),
                      {"次数": Validation("whole", f"获得次数（0 到 {b.max_count}）",
                                         operator="between", formula1="0",
                                         formula2=str(b.max_count)), "说明": None}, "")
                     for b in rubric.bonus.items]
    if rubric.penalties:
        yield "负面清单", [(p.id, "penalty", (p.text, p.deduct, p.max),
                         {"次数": COUNT, "说明": None}, "") for p in rubric.penalties]
    if rubric.vetoes:
        yield "一票否决", [(v.id, "veto", (v.text,),
                         {"是否发生": YES_NO, "发生日期": DATE, "说明": None}, "")
                        for v in rubric.vetoes]
    if rubric.bars:
        yield "不得申报", [(b.id, "bar", (b.text, "".join(
            f"{n}{unit}" for n, unit in ((b.lookback_years, "年"), (b.lookback_months, "个月"),
                                         (b.lookback_days, "天")) if n)),
                         {"发生日期": DATE, "说明": None}, "") for b in rubric.bars]
    if rubric.gates:
        yield "前置条件", [(g.id, "gate", (g.text,), {"是否满足": YES_NO}, "")
                        for g in rubric.gates]


class Writer:
    """Writes the sheets of one workbook and remembers every row for the
    hidden sheet."""

    def __init__(self, book: Any, rubric: Rubric, entries: Entries) -> None:
        self.xl = openpyxl()
        self.book, self.rubric = book, rubric
        #: the values still to write (each is removed when written)
        self.entries = dict(entries)
        self.rows: list[tuple[str, str, str, str]] = []  # sheet, 编号, kind, choices
        self.choices = book.create_sheet(layout.CHOICES_SHEET)
        self.choices.sheet_state = "hidden"

    def cover(self, sheet: Any) -> None:
        """The cover sheet: label in column A, entry in column B."""
        styles = self.xl.styles
        sheet.title = layout.COVER_SHEET
        sheet["A1"] = "测评记录"
        sheet["A1"].font = styles.Font(bold=True, size=14)
        for row, (label, key) in enumerate(layout.COVER_FIELDS, start=2):
            sheet.cell(row, 1, label).font = styles.Font(bold=True)
            value = sheet.cell(row, 2)
            if not key:
                value.value = f"{self.rubric.title}（{self.rubric.ref}）"
                continue
            value.fill = styles.PatternFill("solid", fgColor=_ENTRY_FILL)
            value.value = self.entries.pop((layout.COVER_SHEET, label, ""), None)
            keep_text(value)
            if key == "assessed_on":
                value.number_format = "yyyy-mm-dd"
                sheet.add_data_validation(DATE.build(self.xl, value.coordinate))
            elif key == "claimed_total":
                sheet.add_data_validation(_between(ZERO, Decimal(1000000), "自评总分").build(
                    self.xl, value.coordinate))
        notes = ["填写说明：在浅黄色单元格中填写；不要增删行列，不要改动“编号”列。",
                 "测评表：每个测评项目一行，其下为扣分标准、得分标准各一行，在“测评结果”列填写次数、档次、分数、比例或是/否。",
                 "不适用的项目：在“不适用”列选“是”，并填写理由。填好后运行 civscore score 本文件。"]
        if self.rubric.provenance == "illustrative":
            notes.append("注意：该测评体系的分值是示意性的（illustrative），不是任何地区的正式分值。")
        for offset, text in enumerate(notes):
            sheet.cell(len(layout.COVER_FIELDS) + 3 + offset, 1, text)
        sheet.column_dimensions["A"].width = 14
        sheet.column_dimensions["B"].width = 60
        self._print_setup(sheet, portrait=True)

    def items(self, sheet: Any) -> None:
        """The item sheet: a row per item, then one per rule and standard."""
        self.table(sheet, ITEM_COLUMNS, self.item_rows(), freeze="D3")

    def item_rows(self) -> list[Row]:
        """The item sheet's rows: a row per item, then one per rule and
        standard (a tiered item's labels go on the hidden choices sheet)."""
        rows: list[Row] = []
        for place in walk_items(self.rubric):
            item = scaled_item(self.rubric, place.item)
            formula = labels = ""
            if item.is_leaf and item.method == "tiered":
                formula, labels = self._choices(item)
            kind = "group" if item.criteria else (
                item.method if item.method in METHOD_LABELS else "plugin")
            method = ("子项相加" if item.criteria
                      else METHOD_LABELS.get(item.method or "", "插件方法"))
            rows.append((place.path, kind,
                         (item.title if place.depth == 0 else "", "　" * place.depth + item.title,
                          item.points, method, _rule_text(item), place.evidence),
                         _item_entries(item, formula), labels))
            rows.extend(_rule_rows(place.path, item, place.depth))
        return rows

    def _choices(self, item: Criterion) -> tuple[str, str]:
        """The tier labels written on the hidden choices sheet: the range a
        dropdown lists, and the ``[[tier id, label], …]`` the reader maps back."""
        column = self.choices.max_column + (1 if self.choices["A1"].value is not None else 0)
        labels = []
        for row, tier in enumerate(item.tiers, start=1):
            label = f"{tier.title}（{to_text(tier.points)}分）"
            self.choices.cell(row, column, label)
            labels.append([tier.id, label])
        letter = self.xl.utils.get_column_letter(column)
        return (f"'{layout.CHOICES_SHEET}'!${letter}$1:${letter}${len(item.tiers)}",
                json.dumps(labels, ensure_ascii=False))

    def table(self, sheet: Any, columns: ColumnSet, rows: list[Row], freeze: str = "B3") -> None:
        """A table sheet: a title row, the header row, then ``rows``."""
        styles = self.xl.styles
        sheet["A1"] = f"{self.rubric.title}（{self.rubric.ref}）{sheet.title}"
        sheet["A1"].font = styles.Font(bold=True, size=13)
        for col, header in enumerate(columns.headers, start=1):
            cell = sheet.cell(2, col, header)
            cell.font = styles.Font(bold=True)
            cell.fill = styles.PatternFill("solid", fgColor=_HEADER_FILL)
            cell.alignment = styles.Alignment(horizontal="center", vertical="center")
            letter = self.xl.utils.get_column_letter(col)
            sheet.column_dimensions[letter].width = columns.width(header)
        index = {h: i for i, h in enumerate(columns.headers, start=1)}
        wrap = styles.Alignment(wrap_text=True, vertical="top")
        for number, (key, kind, described, entries, choices) in enumerate(rows, start=3):
            sheet.cell(number, 1, key)
            for col, value in enumerate(described, start=2):
                cell = sheet.cell(number, col, value)
                keep_text(cell)
                cell.alignment = wrap
                if kind.startswith(("rule", "standard")):
                    cell.font = styles.Font(color=_RULE_FONT)
            for header, rule in entries.items():
                cell = sheet.cell(number, index[header])
                cell.fill = styles.PatternFill("solid", fgColor=_ENTRY_FILL)
                cell.value = self.entries.pop((sheet.title, key, header), None)
                keep_text(cell)
                if rule is DATE:
                    cell.number_format = "yyyy-mm-dd"
                if rule is not None:
                    sheet.add_data_validation(rule.build(self.xl, cell.coordinate))
            self.rows.append((sheet.title, key, kind, choices))
        sheet.freeze_panes = freeze
        sheet.auto_filter.ref = f"A2:{self.xl.utils.get_column_letter(len(columns.headers))}2"
        self._print_setup(sheet, portrait=False)

    def _print_setup(self, sheet: Any, *, portrait: bool) -> None:
        """A4, fitted to the page width, the header rows repeated on every page."""
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "portrait" if portrait else "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if not portrait:
            sheet.print_title_rows = "1:2"
        sheet.print_options.gridLines = True
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"

    def meta(self, sheet: Any, label: str = layout.WORKBOOK) -> None:
        """The hidden, protected sheet naming the rubric, its hash and every
        row; ``label`` (A1) says what kind of workbook it is."""
        sheet.append([label, layout.LAYOUT])
        sheet.append(["rubric", self.rubric.ref])
        sheet.append(["hash", rubric_hash(self.rubric)])
        sheet.append(["civscore", __version__])
        sheet.append(["sheet", "编号", "kind", "choices"])
        for row in self.rows:
            sheet.append(list(row))
        sheet.sheet_state = "veryHidden"
        sheet.protection.sheet = True
