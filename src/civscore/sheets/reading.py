"""Reading a filled workbook back into the :class:`~civscore.model.Assessment`
an assessment TOML file gives.

:func:`read_workbook` reads every sheet and says, for each key path of the
assessment (``$.findings[3].points``), which cell it came from;
:meth:`FilledWorkbook.check` then checks the assessment against a rubric
with the scoring engine's own checks and names the cell of the first
problem (``测评表!H7: 3.5 is above the item's 3 points``), after refusing a
workbook made for another rubric, or for another content of the same
``id@version`` (the hidden sheet carries the rubric's content hash).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from civscore.exceptions import AssessmentError
from civscore.messages import message
from civscore.model import (
    Assessment,
    BarFinding,
    BonusClaim,
    Finding,
    PenaltyClaim,
    RuleHit,
    StandardHit,
    VetoFinding,
    scaled_item,
    walk_items,
)
from civscore.model.points import to_text
from civscore.scoring.plan import rubric_hash
from civscore.scoring.validate import AssessmentProblem, assessment_problems
from civscore.sheets import layout
from civscore.sheets.book import Book, Meta, opened
from civscore.sheets.cells import (
    Cell,
    as_count,
    as_date,
    as_number,
    as_text,
    as_yes_no,
    is_empty,
)
from civscore.sheets.layout import WORKBOOK_SUFFIXES, is_workbook

if TYPE_CHECKING:
    from pathlib import Path

    from civscore.model import Rubric
    from civscore.scoring.methods import ScoringMethod

__all__ = ["WORKBOOK_SUFFIXES", "FilledWorkbook", "Reader", "SheetRows", "UnreadCellsError",
           "is_workbook", "read_assessment", "read_workbook"]


_ITEM_KEYS = {"tier": "测评结果", "points": "测评结果", "rate": "测评结果", "met": "测评结果",
              "claimed": "自评分", "reason": "不适用理由", "not_applicable": "不适用",
              "note": "说明", "criterion": "编号"}
_HIT_KEYS = {"deduct": "每次扣分", "note": "说明"}


_T = TypeVar("_T")


class UnreadCellsError(AssessmentError):
    """Every cell of a workbook that could not be read (``errors``, each an
    :class:`AssessmentError` naming its cell), for ``civscore check``; the
    error itself is the first of them."""

    def __init__(self, errors: Sequence[AssessmentError]) -> None:
        first = errors[0]
        super().__init__(first.message, source=first.source, path=first.path, code=first.code)
        self.errors = tuple(errors)


@attrs.frozen
class FilledWorkbook:
    """A filled workbook read: the assessment, the rubric the workbook was
    made for (``rubric``: id@version, ``rubric_hash``), for each key path
    of the assessment the cell it came from (``cells``), and the rows the
    hidden sheet lists (``rows``: its row number, then sheet, 编号, kind and
    tier choices)."""

    source: str
    rubric: str
    rubric_hash: str
    assessment: Assessment
    cells: Mapping[str, str]
    rows: tuple[tuple[int, tuple[str, str, str, str]], ...] = ()

    def locate(self, path: str) -> str:
        """The cell (``sheet!A1``) of the longest key path in :attr:`cells`
        that ``path`` starts with; the item sheet when none does."""
        best = ""
        for key in self.cells:
            if (path == key or path.startswith((key + ".", key + "["))) and len(key) > len(best):
                best = key
        return self.cells[best] if best else layout.ITEM_SHEET

    def check(self, rubric: Rubric, methods: Mapping[str, ScoringMethod] | None = None) -> None:
        """Check the workbook and its entries against ``rubric``.

        :param methods: the scoring methods (default: the built-in ones).
        :raises AssessmentError: naming the workbook and the cell, when it was
            made for another rubric (``id@version`` or content hash differ) or
            an entry does not fit (the first problem the engine finds).
        """
        self.check_made_for(rubric)
        for problem in assessment_problems(rubric, self.assessment, methods):
            if problem.severity == "error":
                raise _error(self, self.locate(problem.path), self._worded(rubric, problem))

    def _worded(self, rubric: Rubric, problem: AssessmentProblem) -> str:
        """The engine's message, or in a workbook's words when it speaks of
        TOML (``met = true``, a tiered item's ids): 是/否, the dropdown's labels."""
        if problem.message == message("method.met"):
            return message("sheet.choose-met", yes=layout.YES, no=layout.NO)
        index = problem.path.removeprefix("$.findings[").removesuffix("].tier")
        if index.isdigit() and int(index) < len(self.assessment.findings):
            path = self.assessment.findings[int(index)].criterion
            for place in walk_items(rubric):
                tiers = scaled_item(rubric, place.item).tiers if place.path == path else ()
                ids = ", ".join(t.id for t in tiers)
                if tiers and problem.message == message("method.choose-tier", known=ids):
                    return message("sheet.choose-tier", tiers="、".join(
                        f"{t.title}（{to_text(t.points)}分）" for t in tiers))
        return problem.message

    def check_made_for(self, rubric: Rubric) -> None:
        """Check that the workbook was made for ``rubric``, this very content.

        :raises AssessmentError: naming the hidden sheet's cell, when the
            ``id@version`` or the content hash differ, or its rows are not
            those of the rubric's workbook (the hidden sheet was edited).
        """
        meta = f"{layout.META_SHEET}!B2"
        if rubric.ref != self.rubric:
            raise _error(self, meta, message("sheet.other-rubric", made=self.rubric,
                                             ref=rubric.ref))
        digest = rubric_hash(rubric)
        if digest != self.rubric_hash:
            raise _error(self, f"{layout.META_SHEET}!B3", message(
                "sheet.other-hash", ref=rubric.ref, made=self.rubric_hash, now=digest))
        from civscore.sheets.template import written_rows  # noqa: PLC0415 (start-up: as the writer)

        expected = written_rows(rubric)
        for index, (number, row) in enumerate(self.rows):
            if index >= len(expected) or row != expected[index]:
                raise _error(self, f"{layout.META_SHEET}!A{number}", message("sheet.meta-row"))
        if len(self.rows) < len(expected):
            last = self.rows[-1][0] if self.rows else 5
            raise _error(self, f"{layout.META_SHEET}!A{last + 1}", message("sheet.meta-row"))


def _error(book: FilledWorkbook, where: str, text: str) -> AssessmentError:
    return AssessmentError(text, source=book.source, path=where)


def _rate(cell: Cell) -> Decimal | None:
    """A measured rate in percent: ``92.5``, ``92.5%`` typed as text, or a
    number in a cell formatted as a percentage, which Excel keeps as 0.925
    when ``92.5%`` is typed."""
    rate = as_number(cell, "%")
    if rate is None or not (isinstance(cell.value, (int, float)) and "%" in cell.number_format):
        return rate
    percent = (rate * 100).normalize()  # 0.925 → 92.5, not 92.500
    whole = percent == percent.to_integral_value()
    return percent.quantize(Decimal(1)) if whole else percent  # 100, not 1E+2


def read_assessment(path: str | Path, rubric: Rubric | None = None, *,
                    methods: Mapping[str, ScoringMethod] | None = None) -> Assessment:
    """The assessment a filled workbook holds; checked against ``rubric``
    (see :meth:`FilledWorkbook.check`) when it is given.

    :raises AssessmentError: naming the workbook and the cell.
    :raises MissingExtraError: when openpyxl (the extra ``xlsx``) is not installed.
    :raises TypeError: when ``path`` is not a ``str`` or a path.
    """
    book = read_workbook(path)
    if rubric is not None:
        book.check(rubric, methods)
    return book.assessment


def read_workbook(path: str | Path) -> FilledWorkbook:
    """Read a workbook written by ``civscore template --format xlsx`` and filled in.

    :raises AssessmentError: naming the workbook and the cell of the first
        entry that cannot be read (see :mod:`civscore.sheets.cells`), a
        missing sheet or column, a merged entry cell, an added, repeated or
        deleted row, or a formula with no saved value.
    :raises MissingExtraError: when openpyxl (the extra ``xlsx``) is not installed.
    :raises TypeError: when ``path`` is not a ``str`` or a path.
    """
    book, meta = opened(path)
    if meta.campaign:
        raise book.error(f"{layout.META_SHEET}!A1", message("sheet.is-campaign"))
    return Reader(book, meta, SheetRows(book)).filled()


class SheetRows:
    """Where a one-unit workbook keeps its entries: the cover sheet's column
    B, and a table sheet per part."""

    def __init__(self, book: Book) -> None:
        self.book = book

    def cover(self) -> dict[str, Cell]:
        """The cover's value cell by label.

        :raises AssessmentError: when a label is missing or repeated (which
            of the two would be read?), or a value cell is merged.
        """
        sheet = self.book.sheet(layout.COVER_SHEET)
        assert sheet is not None
        labels: dict[str, int] = {}
        fields = {label for label, key in layout.COVER_FIELDS if key}
        for row in sheet.used_rows(1):
            label = as_text(sheet.cell(row, 1))
            if label in labels and label in fields:
                raise self.book.error(sheet.ref(row, 1), message(
                    "sheet.label-twice", label=label, first=sheet.ref(labels[label], 1)))
            labels.setdefault(label, row)
        sheet.refuse_merged(0, [2])
        cells = {}
        for label, key in layout.COVER_FIELDS:
            if key and label not in labels:
                raise self.book.error(f"{layout.COVER_SHEET}!A", message("sheet.no-label",
                                                                         label=label))
            if key:
                cells[label] = sheet.cell(labels[label], 2)
        return cells

    def rows(self, name: str, keys: list[str]) -> list[Any]:
        """The rows of sheet ``name`` (see :meth:`~civscore.sheets.book.Sheet.table`)."""
        sheet = self.book.sheet(name)
        assert sheet is not None
        return list(sheet.table(layout.SHEET_COLUMNS[name], keys))


class Reader:
    """Reads one unit's entries into an assessment, recording the cell of
    each key path.  ``rows`` gives the cells: :class:`SheetRows` for a
    one-unit workbook, or a row of a campaign sheet
    (:mod:`civscore.sheets.campaign`); each row has ``key``,
    ``cell(header)`` and ``ref(header)``."""

    def __init__(self, book: Book, meta: Meta, rows: Any, *, every_error: bool = False) -> None:
        self.book, self.meta, self.source = book, meta, rows
        self.cells: dict[str, str] = {"$.rubric": f"{layout.META_SHEET}!B2"}
        #: with ``every_error``, the cells that could not be read so far
        self.errors: list[AssessmentError] | None = [] if every_error else None

    def filled(self) -> FilledWorkbook:
        """The assessment and where each of its key paths came from.

        :raises AssessmentError: naming the cell of the first entry that
            cannot be read; :class:`UnreadCellsError`, naming each such cell
            (the cover, then a row's first), when made with ``every_error``.
        """
        fields = self.cover()
        fields["findings"] = tuple(self.findings())
        fields.update(self.extras())  # each row read on its own (every_error)
        if self.errors:
            raise UnreadCellsError(self.errors)
        assessment = Assessment(rubric=self.meta.ref, **fields)
        return FilledWorkbook(self.book.source, self.meta.ref, self.meta.hash, assessment,
                              dict(self.cells), tuple(self.meta.written))

    def cover(self) -> dict[str, Any]:
        """The unit, period, dates and claimed total."""
        cover = self.source.cover()
        fields: dict[str, Any] = {}
        for label, key in layout.COVER_FIELDS:
            if not key:
                continue
            cell = cover[label]
            self.cells[f"$.{key}"] = cell.ref
            read: Callable[[Cell], object] = (as_date if key == "assessed_on" else
                                              as_number if key == "claimed_total" else as_text)
            fields[key] = self._read(read, cell)
        if fields["unit"] == "":  # (None: its cell could not be read, and said so)
            self._fail(self.book.error(self.cells["$.unit"], message("sheet.no-unit")))
        return fields

    def findings(self) -> list[Finding]:
        """A finding per item with anything recorded (every leaf of a built-in method)."""
        rows = self.source.rows(layout.ITEM_SHEET, self.meta.keys(layout.ITEM_SHEET))
        below: dict[str, list[Any]] = {}
        for row in rows:
            if "#" in row.key:
                below.setdefault(row.key.split("#")[0], []).append(row)
        findings: list[Finding] = []
        for row in rows:
            if "#" not in row.key:
                finding = self._finding(row, below.get(row.key, []), len(findings))
                if finding is not None:
                    findings.append(finding)
        return findings

    def _read(self, part: Callable[..., _T], *args: Any) -> _T | None:
        """``part(*args)``; with ``every_error``, an unreadable cell it
        names is kept in :attr:`errors` and gives None, so that reading
        goes on to the next."""
        try:
            return part(*args)
        except AssessmentError as exc:
            self._fail(exc)
            return None

    def _fail(self, error: AssessmentError) -> None:
        """Raise ``error``; with ``every_error``, keep it and go on."""
        if self.errors is None:
            raise error
        self.errors.append(error)

    def _finding(self, row: Any, subrows: list[Any], index: int) -> Finding | None:
        kind, tiers = self.meta.rows[(layout.ITEM_SHEET, row.key)]
        path = f"$.findings[{index}]"
        fields = self._read(self._entries, row, kind, tiers)
        hits, standards = self._subrows(subrows, path)  # each row read, whatever this one holds
        if fields is None:
            return None
        filled = any(fields[k] for k in ("not_applicable", "reason", "note")) or (
            fields["claimed"] is not None) or hits
        if kind in ("group", "plugin") and not filled:
            return None
        for key, header in _ITEM_KEYS.items():
            self.cells[f"{path}.{key}"] = row.ref(header)
        self.cells[path] = row.ref("测评结果")
        return Finding(criterion=row.key, hits=tuple(hits), standards=tuple(standards), **fields)

    def _entries(self, row: Any, kind: str, tiers: Mapping[str, str]) -> dict[str, Any]:
        """An item row's entries, as a finding's fields.

        :raises AssessmentError: naming the first cell that cannot be read.
        """
        fields: dict[str, Any] = {
            "not_applicable": bool(as_yes_no(row.cell("不适用"))),
            "reason": as_text(row.cell("不适用理由")), "claimed": as_number(row.cell("自评分")),
            "note": as_text(row.cell("说明"))}
        self._refuse_unread(row, kind)
        result = row.cell("测评结果")
        if kind == "tiered" and not is_empty(result.value):
            text = as_text(result)
            if text not in tiers:
                raise result.error(message("sheet.unknown-tier", tier=text,
                                           tiers="、".join(t for t in tiers if "（" in t)))
            fields["tier"] = tiers[text]
        elif kind == "direct":
            fields["points"] = as_number(result)
        elif kind == "ratio":
            fields["rate"] = _rate(result)
        elif kind == "all_or_nothing":
            fields["met"] = as_yes_no(result)
        return fields

    @staticmethod
    def _refuse_unread(row: Any, kind: str) -> None:
        """Refuse an entry typed where the row's kind takes none (it would be
        lost): a 测评结果 on an item scored by its sub-items or rules, a 不适用
        on a rule's row, an amount on a rule with a fixed deduction.

        :raises AssessmentError: naming the cell.
        """
        taken = layout.item_entries(kind)
        for header in layout.ITEM_COLUMNS.entries:
            cell = row.cell(header)
            if header not in taken and not is_empty(cell.value):
                if header == "测评结果" and not kind.startswith(("rule", "standard")):
                    raise cell.error(message("sheet.no-entry"))
                raise cell.error(message("sheet.not-an-entry", column=header))

    def _subrow(self, row: Any, kind: str) -> tuple[int, str, str, Decimal | None]:
        """A rule's or standard's row: its count, id, note and amount.

        :raises AssessmentError: naming the cell that cannot be read.
        """
        self._refuse_unread(row, kind)
        count = as_count(row.cell("测评结果"))
        ident, note = row.key.split("#")[1], as_text(row.cell("说明"))
        deduct = as_number(row.cell("每次扣分")) if kind == "rule-range" else None
        if not count and deduct is not None:
            raise row.cell("测评结果").error(message("sheet.deduct-no-count"))
        return count, ident, note, deduct

    def _subrows(self, subrows: list[Any],
                 path: str) -> tuple[list[RuleHit], list[StandardHit]]:
        hits: list[RuleHit] = []
        standards: list[StandardHit] = []
        for row in subrows:
            kind, _tiers = self.meta.rows[(layout.ITEM_SHEET, row.key)]
            read = self._read(self._subrow, row, kind)
            if read is None:
                continue
            count, ident, note, deduct = read
            if not count:
                continue
            if kind == "standard":
                where = f"{path}.standards[{len(standards)}]"
                standards.append(StandardHit(ident, count, note))
            else:
                where = f"{path}.hits[{len(hits)}]"
                hits.append(RuleHit(ident, count, deduct, note))
            self.cells[where] = row.ref("测评结果")
            for key, header in _HIT_KEYS.items():
                self.cells[f"{where}.{key}"] = row.ref(header)
        return hits, standards

    def extras(self) -> dict[str, Any]:
        """Bonus, penalties, vetoes, bars and gates, from the sheets the rubric has."""
        out: dict[str, Any] = {}
        for name in layout.SHEET_COLUMNS:
            keys = self.meta.keys(name)
            if name == layout.ITEM_SHEET or not keys:
                continue
            for row in self.source.rows(name, keys):
                self._read(self._extra, name, row, out)
        return out

    def _extra(self, name: str, row: Any, out: dict[str, Any]) -> None:
        if name in ("加分", "负面清单"):
            count = as_count(row.cell("次数"))
            if count:
                key, cls = ("bonus", BonusClaim) if name == "加分" else ("penalties", PenaltyClaim)
                entries = out.setdefault(key, ())
                self.cells[f"$.{key}[{len(entries)}]"] = row.ref("次数")
                out[key] = (*entries, cls(row.key, count, as_text(row.cell("说明"))))
        elif name == "一票否决":
            happened, date = as_yes_no(row.cell("是否发生")), as_date(row.cell("发生日期"))
            if not happened and date is not None:  # 否 or empty, with a date: it counts for nothing
                raise row.cell("是否发生").error(message("sheet.date-no-yes", yes=layout.YES))
            if happened:
                entries = out.setdefault("vetoes", ())
                self.cells[f"$.vetoes[{len(entries)}]"] = row.ref("是否发生")
                self.cells[f"$.vetoes[{len(entries)}].date"] = row.ref("发生日期")
                out["vetoes"] = (*entries, VetoFinding(row.key, date, as_text(row.cell("说明"))))
        elif name == "不得申报":
            date = as_date(row.cell("发生日期"))
            if date is not None:
                entries = out.setdefault("bars", ())
                self.cells[f"$.bars[{len(entries)}]"] = row.ref("发生日期")
                out["bars"] = (*entries, BarFinding(row.key, date, as_text(row.cell("说明"))))
        else:
            passed = as_yes_no(row.cell("是否满足"))
            if passed is not None:
                self.cells[f"$.gates.{row.key}"] = row.ref("是否满足")
                out.setdefault("gates", {})[row.key] = passed
