"""The layout of a civscore workbook: its sheets, their columns and the
hidden sheet that ties a workbook to its rubric.

The writer (:mod:`civscore.sheets.template`) and the reader
(:mod:`civscore.sheets.reading`) share these names, so that what one writes
the other finds.  The reader finds each column by its header text, never by
its position, so columns may be moved (but not deleted or renamed).
"""

from __future__ import annotations

import os
from typing import Final

__all__ = [
    "BAR_COLUMNS",
    "BONUS_COLUMNS",
    "CAMPAIGN",
    "CAMPAIGN_SHEET",
    "CHOICES_SHEET",
    "COVER_FIELDS",
    "COVER_SHEET",
    "GATE_COLUMNS",
    "ITEM_COLUMNS",
    "ITEM_SHEET",
    "LAYOUT",
    "META_SHEET",
    "NO",
    "PENALTY_COLUMNS",
    "ROW_KINDS",
    "SHEET_COLUMNS",
    "VETO_COLUMNS",
    "WORKBOOK",
    "WORKBOOK_SUFFIXES",
    "YES",
    "ColumnSet",
    "campaign_entries",
    "is_workbook",
    "item_entries",
    "key_of",
]

#: File name endings read as workbooks (an old ``.xls`` is refused as one,
#: saying to save it as ``.xlsx``, rather than read as a TOML file).
WORKBOOK_SUFFIXES: Final = (".xlsx", ".xlsm", ".xls")


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names an Excel workbook (``.xlsx``, ``.xlsm``, or an old ``.xls``)."""
    return str(path).lower().endswith(WORKBOOK_SUFFIXES)


#: The version of this layout, written on the hidden sheet.
LAYOUT: Final = 1

#: What the hidden sheet's A1 says of a workbook: one unit's, or a campaign's.
WORKBOOK: Final = "civscore workbook"
CAMPAIGN: Final = "civscore campaign"
#: The campaign sheet: a row per unit.
CAMPAIGN_SHEET: Final = "批量录入"

#: The hidden, protected sheet that names the rubric (``id@version``), its
#: content hash and every row the reader expects, with its kind.
META_SHEET: Final = "civscore"
#: The hidden sheet that holds the dropdown lists of tiers.
CHOICES_SHEET: Final = "选项"
#: The header sheet: the unit, the period, the dates.
COVER_SHEET: Final = "封面"
#: The item sheet: one row per item, with rows for its rules and standards.
ITEM_SHEET: Final = "测评表"

YES: Final = "是"
NO: Final = "否"

#: The cover sheet's fields: label in column A, value in column B, and the
#: assessment key each fills.
COVER_FIELDS: Final = (
    ("测评体系", ""),
    ("被测评单位", "unit"),
    ("测评年度", "period"),
    ("测评日期", "assessed_on"),
    ("测评人", "assessor"),
    ("自评总分", "claimed_total"),
    ("说明", "notes"),
    ("测评角色", "role"),
)


class ColumnSet:
    """The headers of one sheet's table: the descriptive ones the template
    writes, and the entry columns the assessor fills and the reader reads.

    :param described: headers of the columns that describe the rubric.
    :param entries: headers of the entry columns, in the order they are written.
    :param widths: column widths (characters) by header.
    """

    def __init__(self, described: tuple[str, ...], entries: tuple[str, ...],
                 widths: dict[str, int]) -> None:
        self.described = described
        self.entries = entries
        self.headers = ("编号", *described, *entries)
        self.widths = widths

    def width(self, header: str) -> int:
        """The width of the column ``header`` (characters; 12 when not set)."""
        return self.widths.get(header, 12)


ITEM_COLUMNS: Final = ColumnSet(
    ("测评项目", "测评内容", "应得分", "评分方法", "测评标准", "测评方法"),
    ("测评结果", "每次扣分", "不适用", "不适用理由", "自评分", "说明"),
    {"编号": 22, "测评项目": 14, "测评内容": 30, "应得分": 8, "评分方法": 10,
     "测评标准": 44, "测评方法": 10, "测评结果": 12, "每次扣分": 10, "不适用": 8,
     "不适用理由": 20, "自评分": 8, "说明": 24},
)
BONUS_COLUMNS: Final = ColumnSet(
    ("加分条件", "分值", "组", "最多次数"), ("次数", "说明"),
    {"编号": 18, "加分条件": 48, "分值": 8, "组": 10, "说明": 30},
)
PENALTY_COLUMNS: Final = ColumnSet(
    ("负面清单条目", "每次扣分", "最多扣分"), ("次数", "说明"),
    {"编号": 18, "负面清单条目": 48, "说明": 30},
)
VETO_COLUMNS: Final = ColumnSet(
    ("否决情形",), ("是否发生", "发生日期", "说明"),
    {"编号": 18, "否决情形": 48, "发生日期": 14, "说明": 30},
)
BAR_COLUMNS: Final = ColumnSet(
    ("不得申报情形", "回溯期"), ("发生日期", "说明"),
    {"编号": 18, "不得申报情形": 48, "发生日期": 14, "说明": 30},
)
GATE_COLUMNS: Final = ColumnSet(
    ("前置条件",), ("是否满足",),
    {"编号": 18, "前置条件": 60},
)

#: Every table sheet by name, with its columns, in the order of the workbook.
SHEET_COLUMNS: Final = {
    ITEM_SHEET: ITEM_COLUMNS,
    "加分": BONUS_COLUMNS,
    "负面清单": PENALTY_COLUMNS,
    "一票否决": VETO_COLUMNS,
    "不得申报": BAR_COLUMNS,
    "前置条件": GATE_COLUMNS,
}


#: The entries of an item sheet's row by its kind: a rule's or standard's
#: row takes a count (and a discretionary rule's the amount); an item scored
#: by its sub-items or rules, or by a plugin, takes no 测评结果.
_ITEM_ENTRIES: Final = {
    "rule": ("测评结果", "说明"), "rule-zeroes": ("测评结果", "说明"),
    "standard": ("测评结果", "说明"), "rule-range": ("测评结果", "每次扣分", "说明"),
    **dict.fromkeys(("group", "plugin", "deduct", "award"),
                    ("不适用", "不适用理由", "自评分", "说明")),
    **dict.fromkeys(("tiered", "direct", "ratio", "all_or_nothing"),
                    ("测评结果", "不适用", "不适用理由", "自评分", "说明")),
}
#: Every kind of row the hidden sheet may name.
ROW_KINDS: Final = frozenset((*_ITEM_ENTRIES, "bonus", "penalty", "veto", "bar", "gate"))


def item_entries(kind: str) -> tuple[str, ...]:
    """The entry headers a row of ``kind`` takes on the item sheet (the
    yellow cells the template writes)."""
    return _ITEM_ENTRIES[kind]


def key_of(path: str, entry: str = "") -> str:
    """The 编号 of a row: an item's dotted path, or ``path#id`` for the row
    of one of its rules or standards."""
    return f"{path}#{entry}" if entry else path


#: The entries a campaign sheet has a column for, by row kind (notes are
#: left to the per-unit workbook, except a discretionary rule's, which is required).
_CAMPAIGN_ENTRIES: Final = {
    "rule": ("测评结果",), "rule-zeroes": ("测评结果",), "standard": ("测评结果",),
    "rule-range": ("测评结果", "每次扣分", "说明"),
    "deduct": ("不适用", "不适用理由", "自评分"), "award": ("不适用", "不适用理由", "自评分"),
    "group": ("不适用", "不适用理由", "自评分"), "plugin": ("不适用", "不适用理由", "自评分"),
    "bonus": ("次数",), "penalty": ("次数",), "veto": ("是否发生", "发生日期"),
    "bar": ("发生日期",), "gate": ("是否满足",),
}


def campaign_entries(kind: str) -> tuple[str, ...]:
    """The entry headers a row of ``kind`` has columns for on a campaign sheet."""
    return _CAMPAIGN_ENTRIES.get(kind, ("测评结果", "不适用", "不适用理由", "自评分"))
