"""The assessment (测评记录) model: what the assessors found for one unit.

Frozen :mod:`attrs` values mirroring the assessment file format one to one.
Points are :class:`decimal.Decimal`; rates are percentages in ``[0, 100]``;
dates are :class:`datetime.date`.
"""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal
from typing import Any

import attrs

from civscore.model.fields import doc, points_doc
from civscore.model.rubric import FORMAT_VERSION

__all__ = [
    "Assessment",
    "BarFinding",
    "BonusClaim",
    "Finding",
    "PenaltyClaim",
    "RuleHit",
    "StandardHit",
    "VetoFinding",
    "is_blank",
]


@attrs.frozen
class RuleHit:
    """A deduction finding: rule ``rule`` was broken ``count`` times."""

    rule: str = attrs.field(metadata=doc("the rule's id", zh="扣分标准 id"))
    count: int = attrs.field(default=1, metadata=doc("occurrences"))
    deduct: Decimal | None = attrs.field(
        default=None, metadata=points_doc("per-occurrence amount, for a discretionary rule")
    )
    note: str = attrs.field(default="", metadata=doc("说明 (required for a discretionary rule)"))


@attrs.frozen
class StandardHit:
    """An award finding: standard ``standard`` was met ``count`` times."""

    standard: str = attrs.field(metadata=doc("the standard's id", zh="得分标准 id"))
    count: int = attrs.field(default=1, metadata=doc("occurrences"))
    note: str = attrs.field(default="", metadata=doc("说明"))


@attrs.frozen
class Finding:
    """What the assessors found for one item, addressed by its dotted path
    (``leadership`` for a category, ``leadership.plan`` for a criterion).

    Give the entry the item's method reads: ``hits`` (deduct), ``standards``
    (award), ``tier`` (tiered), ``points`` (direct), ``rate`` (ratio), ``met``
    (all_or_nothing), or ``not_applicable`` with a ``reason``.  ``claimed`` is
    the unit's self-assessed score (自评分) and may be given for any item.
    A group item's finding may carry ``hits`` on its own rules.
    """

    criterion: str = attrs.field(metadata=doc("dotted path of the item, e.g. leadership.plan",
                                              zh="测评项目的路径，以点分隔，如 leadership.plan"))
    hits: tuple[RuleHit, ...] = attrs.field(default=(), metadata=doc("扣分记录"))
    standards: tuple[StandardHit, ...] = attrs.field(default=(), metadata=doc("得分记录"))
    tier: str | None = attrs.field(default=None, metadata=doc("所选档次 id"))
    points: Decimal | None = attrs.field(default=None, metadata=points_doc("直接赋分"))
    rate: Decimal | None = attrs.field(default=None, metadata=doc("实测比例 %", kind="rate"))
    met: bool | None = attrs.field(default=None, metadata=doc("是否达标 (all_or_nothing)"))
    not_applicable: bool = attrs.field(default=False, metadata=doc("不适用"))
    reason: str = attrs.field(
        default="", metadata=doc("不适用理由 (required when not applicable)")
    )
    claimed: Decimal | None = attrs.field(default=None, metadata=points_doc("自评分"))
    options: dict[str, Any] = attrs.field(
        factory=dict, metadata=doc("input for a plugin's scoring method")
    )
    note: str = attrs.field(default="", metadata=doc("说明"))


@attrs.frozen
class BonusClaim:
    """A bonus item earned, for a project when the rubric counts bonus by
    project (``bonus.projects``)."""

    item: str = attrs.field(metadata=doc("the bonus item's id", zh="加分项 id"))
    count: int = attrs.field(default=1, metadata=doc("occurrences"))
    project: str = attrs.field(
        default="",
        metadata=doc("the project (or what the rubric's bonus.projects names) the honour was "
                     "earned for: within one project only the highest honour counts"),
    )
    points: Decimal | None = attrs.field(
        default=None, metadata=points_doc("直接赋分: the points given, for a direct bonus item"))
    tier: str | None = attrs.field(default=None, metadata=doc("所选档次 id, for a tiered bonus "
                                                               "item"))
    note: str = attrs.field(default="", metadata=doc("说明, e.g. the honour and its date"))


@attrs.frozen
class PenaltyClaim:
    """A penalty-list entry found."""

    item: str = attrs.field(metadata=doc("the penalty's id", zh="负面清单条目 id"))
    count: int = attrs.field(default=1, metadata=doc("occurrences"))
    note: str = attrs.field(default="", metadata=doc("说明"))


@attrs.frozen
class VetoFinding:
    """A veto finding (一票否决情形)."""

    veto: str = attrs.field(metadata=doc("the veto's id", zh="否决情形 id"))
    date: datetime.date | None = attrs.field(default=None, metadata=doc("发生日期"))
    note: str = attrs.field(default="", metadata=doc("说明"))


@attrs.frozen
class BarFinding:
    """A finding for an eligibility bar, with the date it happened."""

    bar: str = attrs.field(metadata=doc("the bar's id", zh="不得申报情形 id"))
    date: datetime.date = attrs.field(metadata=doc("发生日期"))
    note: str = attrs.field(default="", metadata=doc("说明"))


@attrs.frozen
class Assessment:
    """One unit's assessment against one rubric (测评记录).

    ``rubric`` is ``id@version``.  ``assessed_on`` is the reference date of
    eligibility bars' look-back windows and is required when ``bars`` is not
    empty.
    """

    rubric: str = attrs.field(metadata=doc("the rubric, as id@version",
                                           zh="所依据的测评体系，写作 id@version"))
    unit: str = attrs.field(metadata=doc("被测评单位名称"))
    format: int = attrs.field(default=FORMAT_VERSION, metadata=doc("file format version"))
    period: str = attrs.field(default="", metadata=doc("测评年度, e.g. 2010-2011"))
    assessed_on: datetime.date | None = attrs.field(
        default=None, metadata=doc("测评日期 (or 申报日期): the look-back reference date")
    )
    assessor: str = attrs.field(default="", metadata=doc("测评人/测评组"))
    role: str = attrs.field(
        default="", metadata=doc("测评角色, e.g. 自评, 测评组, 职能部门, 群众评议: the role the "
                                 "panel rule of a campaign weighs this assessor by")
    )
    claimed_total: Decimal | None = attrs.field(
        default=None, metadata=points_doc("自评总分: the unit's own overall claim")
    )
    findings: tuple[Finding, ...] = attrs.field(default=(), metadata=doc("测评记录"))
    bonus: tuple[BonusClaim, ...] = attrs.field(default=(), metadata=doc("加分"))
    penalties: tuple[PenaltyClaim, ...] = attrs.field(default=(), metadata=doc("负面清单扣分"))
    vetoes: tuple[VetoFinding, ...] = attrs.field(default=(), metadata=doc("一票否决情形"))
    bars: tuple[BarFinding, ...] = attrs.field(default=(), metadata=doc("不得申报情形"))
    gates: dict[str, bool] = attrs.field(
        factory=dict, metadata=doc("前置条件是否满足: gate id → true/false")
    )
    notes: str = attrs.field(default="", metadata=doc("说明"))


def is_blank(text: object) -> bool:
    """Whether ``text`` names nothing: not a string, or only spaces and
    invisible format characters (a zero-width space U+200B, a stray
    byte-order mark U+FEFF), as an unfilled ``unit`` is."""
    if not isinstance(text, str):
        return True
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)
