"""The entries an assessment puts in a workbook's cells, for a workbook
written already filled in (``civscore template RUBRIC --format xlsx
--from ASSESSMENT``): an assessment TOML carried over to Excel, or a round
trip that proves the reader gives back what was written.

A workbook has one row per rule and per standard, so hits of one rule are
written as one count (their notes joined); hits of a discretionary rule
with different amounts, or a plugin's ``options``, have no cell and are
refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from civscore.exceptions import AssessmentError
from civscore.messages import message
from civscore.model import Assessment, Rubric, item_tiers, walk_items
from civscore.model.points import to_text
from civscore.sheets import layout
from civscore.sheets.layout import NO, YES, key_of

__all__ = ["Entries", "entries_of"]

#: (sheet, 编号 or cover label, header) → the value to write.
Entries = dict[tuple[str, str, str], Any]


def _yes(value: bool) -> str:
    return YES if value else NO


def _joined(notes: Iterable[str]) -> str:
    return "；".join(n for n in notes if n)


def entries_of(rubric: Rubric, assessment: Assessment, source: str = "<mapping>") -> Entries:
    """The cells ``assessment`` fills in ``rubric``'s workbook.

    :param source: the file ``assessment`` was read from, for its errors.
    :raises AssessmentError: naming ``source`` and the key path, for an
        assessment of another rubric and for what no cell can hold.
    """
    if assessment.rubric != rubric.ref:
        raise AssessmentError(message("sheet.prefill-other", named=assessment.rubric,
                                      ref=rubric.ref),
                              source=source, path="$.rubric")
    try:
        return _entries(rubric, assessment)
    except AssessmentError as exc:
        raise AssessmentError(exc.message, source=source, path=exc.path) from None


def _entries(rubric: Rubric, assessment: Assessment) -> Entries:
    out: Entries = {}
    for label, key in layout.COVER_FIELDS:
        value = getattr(assessment, key) if key else None
        if value not in (None, ""):
            out[(layout.COVER_SHEET, label, "")] = value
    tiers = {place.path: {t.id: f"{t.title}（{to_text(t.points)}分）"
                          for t in item_tiers(rubric, place.item)}
             for place in walk_items(rubric)}
    for i, finding in enumerate(assessment.findings):
        path = f"$.findings[{i}]"
        if finding.options:
            raise AssessmentError(message("sheet.prefill-options"),
                                  path=f"{path}.options")
        cells = {"测评结果": (tiers.get(finding.criterion, {}).get(finding.tier, finding.tier)
                          if finding.tier is not None else finding.points if finding.points
                          is not None else finding.rate if finding.rate is not None
                          else None if finding.met is None else _yes(finding.met)),
                 "不适用": YES if finding.not_applicable else None,
                 "不适用理由": finding.reason or None, "自评分": finding.claimed,
                 "说明": finding.note or None}
        out.update({(layout.ITEM_SHEET, finding.criterion, h): v for h, v in cells.items()
                    if v is not None})
        for kind, hits in (("hits", finding.hits), ("standards", finding.standards)):
            _counts(out, finding.criterion, hits, f"{path}.{kind}")
    for sheet, claims in (("加分", assessment.bonus), ("负面清单", assessment.penalties)):
        for claim in claims:
            cell = (sheet, claim.item, "次数")
            out[cell] = out.get(cell, 0) + claim.count
            out[(sheet, claim.item, "说明")] = _joined(
                [out.get((sheet, claim.item, "说明"), ""), claim.note])
    for veto in assessment.vetoes:
        out[("一票否决", veto.veto, "是否发生")] = YES
        if veto.date is not None:
            out[("一票否决", veto.veto, "发生日期")] = veto.date
        out[("一票否决", veto.veto, "说明")] = veto.note
    for j, bar in enumerate(assessment.bars):
        if ("不得申报", bar.bar, "发生日期") in out:
            raise AssessmentError(message("sheet.prefill-bar-twice", bar=bar.bar),
                                  path=f"$.bars[{j}]")
        out[("不得申报", bar.bar, "发生日期")] = bar.date
        out[("不得申报", bar.bar, "说明")] = bar.note
    for gate, passed in assessment.gates.items():
        out[("前置条件", gate, "是否满足")] = _yes(passed)
    return {k: v for k, v in out.items() if v not in ("", None)}


def _counts(out: Entries, criterion: str, hits: Iterable[Any], path: str) -> None:
    """One count per rule or standard row; a discretionary amount per row."""
    for k, hit in enumerate(hits):
        if not hit.count:
            continue  # a hit that happened no times changes nothing and has no cell
        ident = getattr(hit, "rule", None) or hit.standard
        key = key_of(criterion, ident)
        count, amount, note = ((layout.ITEM_SHEET, key, header)
                               for header in ("测评结果", "每次扣分", "说明"))
        out[count] = out.get(count, 0) + hit.count
        deduct: Decimal | None = getattr(hit, "deduct", None)
        if deduct is not None:
            if out.get(amount, deduct) != deduct:
                raise AssessmentError(message("sheet.prefill-amounts", rule=ident),
                                      path=f"{path}[{k}].deduct")
            out[amount] = deduct
        out[note] = _joined([out.get(note, ""), hit.note])
