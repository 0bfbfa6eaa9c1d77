"""The rubric (测评体系) and assessment models.

Every class here is a frozen :mod:`attrs` value.  The classes mirror the TOML
file format one to one: a table is a class, a key is a field of the same
name, and the ``doc`` metadata of each field is the text that the JSON Schema
and the file reference show.  The model does not read files; see
:mod:`civscore.loader` for that.

Points are :class:`decimal.Decimal` (exact); rates are percentages in
``[0, 100]``; dates are :class:`datetime.date`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

import attrs

__all__ = [
    "FORMAT_VERSION",
    "Assessment",
    "Band",
    "Bar",
    "BarFinding",
    "Bonus",
    "BonusClaim",
    "BonusItem",
    "Category",
    "Criterion",
    "Finding",
    "Gate",
    "Level",
    "Locality",
    "PenaltyClaim",
    "PenaltyItem",
    "Rounding",
    "Rubric",
    "Rule",
    "RuleHit",
    "Standard",
    "StandardHit",
    "Tier",
    "Veto",
    "VetoFinding",
]

#: The rubric and assessment file format version this civscore reads and writes.
FORMAT_VERSION = 1

Provenance = Literal["official", "quoted", "illustrative"]
AwardingLevel = Literal["county", "city", "prefecture", "province", "national"]
NotApplicablePolicy = Literal["rescale", "zero", "forbid"]
RoundingMode = Literal["half-up", "half-even", "down", "up"]
SumPolicy = Literal["exact", "cap"]


def _doc(text: str, **extra: Any) -> dict[str, Any]:
    return {"doc": text, **extra}


def _points(text: str) -> dict[str, Any]:
    return _doc(text, kind="points")


@attrs.frozen
class Locality:
    """Where the rubric applies (地区)."""

    name: str = attrs.field(metadata=_doc("地区名称, e.g. 丹江口市"))
    province: str = attrs.field(default="", metadata=_doc("省级行政区, e.g. 湖北省"))
    code: str = attrs.field(default="", metadata=_doc("GB/T 2260 行政区划代码, e.g. 420381"))


@attrs.frozen
class Rounding:
    """The rubric's rounding rule (取舍规则), applied once, to the final total."""

    places: int = attrs.field(default=1, metadata=_doc("小数位数: decimal places kept", max=6))
    mode: RoundingMode = attrs.field(
        default="half-up", metadata=_doc("舍入方式: half-up is 四舍五入")
    )
    compare: Literal["raw", "rounded"] = attrs.field(
        default="raw",
        metadata=_doc("which total the level thresholds compare against: raw or rounded"),
    )


@attrs.frozen
class Rule:
    """A deduction rule (扣分标准), e.g. ``专题会议少一次扣0.5分，最多扣1.5分``.

    Exactly one of ``deduct`` (a fixed amount per occurrence) and
    ``deduct_range`` (a discretionary amount per occurrence, ``视情况扣0.1-0.5分``,
    whose hits must carry a note) is given, unless ``zeroes`` is true
    (``不符合标准的，本项即不得分``: one hit takes the item to its floor).
    """

    id: str = attrs.field(metadata=_doc("rule id, unique within its item"))
    text: str = attrs.field(metadata=_doc("扣分标准: the rule as the rubric words it"))
    deduct: Decimal | None = attrs.field(
        default=None, metadata=_points("每次扣分: points taken off per occurrence")
    )
    deduct_range: tuple[Decimal, ...] | None = attrs.field(
        default=None,
        metadata=_doc("视情况扣分: [least, most] points per occurrence", kind="points"),
    )
    max: Decimal | None = attrs.field(
        default=None, metadata=_points("最多扣分: cap on what this rule takes off in all")
    )
    zeroes: bool = attrs.field(
        default=False, metadata=_doc("本项不得分: one hit sets the item to its floor")
    )


@attrs.frozen
class Standard:
    """An award standard (得分标准) of an ``award`` item: ``有一项得0.5分``."""

    id: str = attrs.field(metadata=_doc("standard id, unique within its item"))
    text: str = attrs.field(metadata=_doc("得分标准: what earns the points"))
    points: Decimal = attrs.field(metadata=_points("每项得分: points per occurrence"))
    max: Decimal | None = attrs.field(
        default=None, metadata=_points("最多得分: cap on what this standard earns in all")
    )


@attrs.frozen
class Tier:
    """A tier (档次) of a ``tiered`` item: ``好2分，较好1分，一般0.5分，差0分``."""

    id: str = attrs.field(metadata=_doc("tier id, unique within its item"))
    title: str = attrs.field(metadata=_doc("档次名称, e.g. 好"))
    points: Decimal = attrs.field(metadata=_points("该档得分"))


@attrs.frozen
class Band:
    """A rate band of a ``ratio`` item: ``知晓率>90%得0.5分``.

    Exactly one of ``at_least`` (rate ≥ bound) and ``above`` (rate > bound).
    The highest band whose bound the measured rate meets is used.
    """

    points: Decimal = attrs.field(metadata=_points("该档得分"))
    at_least: Decimal | None = attrs.field(
        default=None, metadata=_doc("rate ≥ this percentage", kind="rate")
    )
    above: Decimal | None = attrs.field(
        default=None, metadata=_doc("rate > this percentage", kind="rate")
    )


@attrs.frozen
class Criterion:
    """A scored item (测评指标 / 测评标准).

    An item is either a *leaf*, scored by its ``method``, or a *group* of
    sub-items (``criteria``), scored as their sum minus its own ``rules``.
    Either way the score is clamped to ``[floor, points]``.

    Methods (扣分制 ``deduct``, 得分制 ``award``, 档次 ``tiered``, 直接赋分
    ``direct``, 比例 ``ratio``, ``all_or_nothing``, or a name a plugin
    registers) read the fields they need: ``rules``; ``standards``; ``tiers``;
    ``step``; ``bands`` or ``target`` + ``deduct_per_point``; ``options``.
    """

    id: str = attrs.field(metadata=_doc("item id: lowercase letters, digits, '-' and '_'"))
    title: str = attrs.field(metadata=_doc("测评项目/指标名称"))
    points: Decimal = attrs.field(metadata=_points("应得分: points allotted"))
    method: str | None = attrs.field(
        default=None,
        metadata=_doc("评分方法: deduct, award, tiered, direct, ratio, all_or_nothing, or a "
                      "plugin's; omitted for a group of sub-items"),
    )
    text: str = attrs.field(default="", metadata=_doc("测评标准: what is required"))
    evidence: str = attrs.field(
        default="",
        metadata=_doc("测评方法: 材料审核, 实地考察, 问卷调查, 网上申报, 听取汇报, 征求意见 …; "
                      "inherited from the enclosing item when empty"),
    )
    floor: Decimal = attrs.field(
        default=Decimal(0), metadata=_points("最低分: deductions stop here (扣完为止)")
    )
    rules: tuple[Rule, ...] = attrs.field(default=(), metadata=_doc("扣分标准 (deduct, groups)"))
    standards: tuple[Standard, ...] = attrs.field(default=(), metadata=_doc("得分标准 (award)"))
    tiers: tuple[Tier, ...] = attrs.field(default=(), metadata=_doc("档次 (tiered)"))
    step: Decimal | None = attrs.field(
        default=None, metadata=_points("赋分步长 (direct): entered points are multiples of it")
    )
    bands: tuple[Band, ...] = attrs.field(default=(), metadata=_doc("比例档次 (ratio)"))
    target: Decimal | None = attrs.field(
        default=None, metadata=_doc("目标比例 % (ratio): full points at or above it", kind="rate")
    )
    deduct_per_point: Decimal | None = attrs.field(
        default=None, metadata=_points("每低1个百分点扣分 (ratio with target)")
    )
    sum_policy: SumPolicy = attrs.field(
        default="exact",
        metadata=_doc("exact: sub-items must add up to points; cap: they may add up to more "
                      "and the score is capped"),
    )
    options: dict[str, Any] = attrs.field(
        factory=dict, metadata=_doc("settings for a plugin's scoring method")
    )
    criteria: tuple[Criterion, ...] = attrs.field(
        default=(), metadata=_doc("子项: sub-items (one level of nesting below a criterion)")
    )

    @property
    def is_leaf(self) -> bool:
        """True when the item is scored by its own method, not by sub-items."""
        return not self.criteria


@attrs.frozen
class Category(Criterion):
    """A top-level section (测评项目 / 考核项目), e.g. 领导班子 15 分.

    A category either holds criteria or, when the rubric gives no finer
    breakdown (as in the 丹江口 2010–2011 table), is scored directly by a
    ``method`` of its own.
    """


@attrs.frozen
class BonusItem:
    """A bonus item (加分 / 奖励分), e.g. 获全国表彰 加3分."""

    id: str = attrs.field(metadata=_doc("bonus item id"))
    text: str = attrs.field(metadata=_doc("加分条件"))
    points: Decimal = attrs.field(metadata=_points("加分: points per occurrence"))
    group: str = attrs.field(
        default="",
        metadata=_doc("同组只计最高: items of one group count only the highest earned"),
    )
    max_count: int = attrs.field(default=1, metadata=_doc("how many times the item may count"))


@attrs.frozen
class Bonus:
    """The rubric's bonus section with its overall cap (加分上限)."""

    items: tuple[BonusItem, ...] = attrs.field(default=(), metadata=_doc("加分项目"))
    cap: Decimal | None = attrs.field(default=None, metadata=_points("加分上限"))


@attrs.frozen
class PenaltyItem:
    """A penalty-list entry (负面清单): subtracts from the total."""

    id: str = attrs.field(metadata=_doc("penalty id"))
    text: str = attrs.field(metadata=_doc("负面清单条目"))
    deduct: Decimal = attrs.field(metadata=_points("每次扣分"))
    max: Decimal | None = attrs.field(default=None, metadata=_points("最多扣分"))


@attrs.frozen
class Veto:
    """A veto (一票否决): a finding disqualifies whatever the score."""

    id: str = attrs.field(metadata=_doc("veto id"))
    text: str = attrs.field(metadata=_doc("否决条件"))


@attrs.frozen
class Bar:
    """An eligibility bar (不得申报): a finding dated inside the look-back window
    before the assessment date bars the unit, e.g. ``申报前两年内发生刑事案件``.

    The window is ``[assessed_on − lookback, assessed_on]``, both ends
    included; a 29 February start falls back to 28 February.
    """

    id: str = attrs.field(metadata=_doc("bar id"))
    text: str = attrs.field(metadata=_doc("不得申报情形"))
    lookback_years: int = attrs.field(default=0, metadata=_doc("look-back window, years"))
    lookback_months: int = attrs.field(default=0, metadata=_doc("look-back window, months"))
    lookback_days: int = attrs.field(default=0, metadata=_doc("look-back window, days"))


@attrs.frozen
class Gate:
    """A must-pass condition worth no points (前置条件), e.g. holding the
    prefecture title two consecutive years before applying for the regional one."""

    id: str = attrs.field(metadata=_doc("gate id"))
    text: str = attrs.field(metadata=_doc("前置条件"))


@attrs.frozen
class Level:
    """An award level (等次) with its threshold (达标分数) and extra conditions."""

    id: str = attrs.field(metadata=_doc("level id"))
    title: str = attrs.field(metadata=_doc("称号, e.g. 文明单位"))
    min_total: Decimal = attrs.field(metadata=_points("达标分数: total needed (inclusive)"))
    max_total: Decimal | None = attrs.field(
        default=None, metadata=_points("upper bound of the band (inclusive), if the rubric has one")
    )
    min_category_share: Decimal | None = attrs.field(
        default=None,
        metadata=_doc("每类最低得分率: every category must earn at least this fraction (0–1) "
                      "of its points", kind="fraction"),
    )
    gates: tuple[str, ...] = attrs.field(
        default=(), metadata=_doc("ids of gates that must be passed for this level")
    )


@attrs.frozen
class Rubric:
    """A locality's scoring scheme (测评体系 / 评分细则) for one period.

    Build one with :func:`civscore.load_rubric` (from TOML) or
    :func:`civscore.rubric_from_dict`.  ``total`` is the full-mark base total
    (满分, bonus excluded).
    """

    id: str = attrs.field(metadata=_doc("rubric id: lowercase, '.' or '-' separated"))
    version: str = attrs.field(metadata=_doc("period or edition, e.g. 2010-2011"))
    title: str = attrs.field(metadata=_doc("测评体系名称"))
    total: Decimal = attrs.field(metadata=_points("满分: the base total"))
    provenance: Provenance = attrs.field(
        metadata=_doc("official: transcribed from the issuing document; quoted: numbers quoted "
                      "by a report or a public copy; illustrative: points invented")
    )
    source: str = attrs.field(metadata=_doc("where the structure and numbers come from"))
    format: int = attrs.field(default=FORMAT_VERSION, metadata=_doc("file format version"))
    level: AwardingLevel | None = attrs.field(
        default=None, metadata=_doc("评定级别: county, city, prefecture, province, national")
    )
    locality: Locality | None = attrs.field(default=None, metadata=_doc("地区"))
    issuer: str = attrs.field(default="", metadata=_doc("发布机关, e.g. 市精神文明建设委员会"))
    point_places: int = attrs.field(
        default=2, metadata=_doc("points may be written with at most this many decimal places",
                                 max=6)
    )
    rounding: Rounding = attrs.field(factory=Rounding, metadata=_doc("取舍规则"))
    not_applicable: NotApplicablePolicy = attrs.field(
        default="rescale",
        metadata=_doc("不适用项: rescale (按比例折算), zero (计0分) or forbid (不允许)"),
    )
    categories: tuple[Category, ...] = attrs.field(default=(), metadata=_doc("测评项目"))
    bonus: Bonus | None = attrs.field(default=None, metadata=_doc("加分项目"))
    penalties: tuple[PenaltyItem, ...] = attrs.field(default=(), metadata=_doc("负面清单"))
    vetoes: tuple[Veto, ...] = attrs.field(default=(), metadata=_doc("一票否决"))
    bars: tuple[Bar, ...] = attrs.field(default=(), metadata=_doc("不得申报情形"))
    gates: tuple[Gate, ...] = attrs.field(default=(), metadata=_doc("前置条件"))
    levels: tuple[Level, ...] = attrs.field(default=(), metadata=_doc("等次与达标分数"))
    notes: str = attrs.field(default="", metadata=_doc("说明"))

    @property
    def ref(self) -> str:
        """``id@version``, the reference an assessment uses."""
        return f"{self.id}@{self.version}"


@attrs.frozen
class RuleHit:
    """A deduction finding: rule ``rule`` was broken ``count`` times."""

    rule: str = attrs.field(metadata=_doc("the rule's id"))
    count: int = attrs.field(default=1, metadata=_doc("occurrences"))
    deduct: Decimal | None = attrs.field(
        default=None, metadata=_points("per-occurrence amount, for a discretionary rule")
    )
    note: str = attrs.field(default="", metadata=_doc("说明 (required for a discretionary rule)"))


@attrs.frozen
class StandardHit:
    """An award finding: standard ``standard`` was met ``count`` times."""

    standard: str = attrs.field(metadata=_doc("the standard's id"))
    count: int = attrs.field(default=1, metadata=_doc("occurrences"))
    note: str = attrs.field(default="", metadata=_doc("说明"))


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

    criterion: str = attrs.field(metadata=_doc("dotted path of the item, e.g. leadership.plan"))
    hits: tuple[RuleHit, ...] = attrs.field(default=(), metadata=_doc("扣分记录"))
    standards: tuple[StandardHit, ...] = attrs.field(default=(), metadata=_doc("得分记录"))
    tier: str | None = attrs.field(default=None, metadata=_doc("所选档次 id"))
    points: Decimal | None = attrs.field(default=None, metadata=_points("直接赋分"))
    rate: Decimal | None = attrs.field(default=None, metadata=_doc("实测比例 %", kind="rate"))
    met: bool | None = attrs.field(default=None, metadata=_doc("是否达标 (all_or_nothing)"))
    not_applicable: bool = attrs.field(default=False, metadata=_doc("不适用"))
    reason: str = attrs.field(
        default="", metadata=_doc("不适用理由 (required when not applicable)")
    )
    claimed: Decimal | None = attrs.field(default=None, metadata=_points("自评分"))
    options: dict[str, Any] = attrs.field(
        factory=dict, metadata=_doc("input for a plugin's scoring method")
    )
    note: str = attrs.field(default="", metadata=_doc("说明"))


@attrs.frozen
class BonusClaim:
    """A bonus item earned."""

    item: str = attrs.field(metadata=_doc("the bonus item's id"))
    count: int = attrs.field(default=1, metadata=_doc("occurrences"))
    note: str = attrs.field(default="", metadata=_doc("说明, e.g. the honour and its date"))


@attrs.frozen
class PenaltyClaim:
    """A penalty-list entry found."""

    item: str = attrs.field(metadata=_doc("the penalty's id"))
    count: int = attrs.field(default=1, metadata=_doc("occurrences"))
    note: str = attrs.field(default="", metadata=_doc("说明"))


@attrs.frozen
class VetoFinding:
    """A veto finding (一票否决情形)."""

    veto: str = attrs.field(metadata=_doc("the veto's id"))
    date: datetime.date | None = attrs.field(default=None, metadata=_doc("发生日期"))
    note: str = attrs.field(default="", metadata=_doc("说明"))


@attrs.frozen
class BarFinding:
    """A finding for an eligibility bar, with the date it happened."""

    bar: str = attrs.field(metadata=_doc("the bar's id"))
    date: datetime.date = attrs.field(metadata=_doc("发生日期"))
    note: str = attrs.field(default="", metadata=_doc("说明"))


@attrs.frozen
class Assessment:
    """One unit's assessment against one rubric (测评记录).

    ``rubric`` is ``id@version``.  ``assessed_on`` is the reference date of
    eligibility bars' look-back windows and is required when ``bars`` is not
    empty.
    """

    rubric: str = attrs.field(metadata=_doc("the rubric, as id@version"))
    unit: str = attrs.field(metadata=_doc("被测评单位名称"))
    format: int = attrs.field(default=FORMAT_VERSION, metadata=_doc("file format version"))
    period: str = attrs.field(default="", metadata=_doc("测评年度, e.g. 2010-2011"))
    assessed_on: datetime.date | None = attrs.field(
        default=None, metadata=_doc("测评日期 (or 申报日期): the look-back reference date")
    )
    assessor: str = attrs.field(default="", metadata=_doc("测评人/测评组"))
    claimed_total: Decimal | None = attrs.field(
        default=None, metadata=_points("自评总分: the unit's own overall claim")
    )
    findings: tuple[Finding, ...] = attrs.field(default=(), metadata=_doc("测评记录"))
    bonus: tuple[BonusClaim, ...] = attrs.field(default=(), metadata=_doc("加分"))
    penalties: tuple[PenaltyClaim, ...] = attrs.field(default=(), metadata=_doc("负面清单扣分"))
    vetoes: tuple[VetoFinding, ...] = attrs.field(default=(), metadata=_doc("一票否决情形"))
    bars: tuple[BarFinding, ...] = attrs.field(default=(), metadata=_doc("不得申报情形"))
    gates: dict[str, bool] = attrs.field(
        factory=dict, metadata=_doc("前置条件是否满足: gate id → true/false")
    )
    notes: str = attrs.field(default="", metadata=_doc("说明"))
