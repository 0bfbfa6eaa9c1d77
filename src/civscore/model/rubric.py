"""The rubric (测评体系) model: what a locality's scoring scheme declares.

Every class is a frozen :mod:`attrs` value mirroring the rubric file format one
to one (a table is a class, a key a field of the same name); the ``doc``
metadata of each field is the text the JSON Schema and the file reference show.
Points are :class:`decimal.Decimal` (exact); rates are percentages in
``[0, 100]``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import attrs

from civscore.model.fields import (
    PART_PROVENANCE,
    PART_SOURCE,
    PROVENANCE_RANK,
    UNWEIGHTED,
    AwardingLevel,
    NotApplicablePolicy,
    Provenance,
    RoundingMode,
    SumPolicy,
    UnassessedPolicy,
    doc,
    points_doc,
)
from civscore.model.scales import Grade, GradeScale

__all__ = [
    "FORMAT_VERSION",
    "PROVENANCE_RANK",
    "AwardingLevel",
    "Band",
    "Bar",
    "Bonus",
    "BonusItem",
    "Category",
    "Criterion",
    "Gate",
    "Grade",
    "GradeScale",
    "Level",
    "Locality",
    "Minimum",
    "NotApplicablePolicy",
    "PenaltyItem",
    "Provenance",
    "Rounding",
    "RoundingMode",
    "Rubric",
    "Rule",
    "Standard",
    "SumPolicy",
    "Tier",
    "UnassessedPolicy",
    "Veto",
]

#: The rubric and assessment file format version this civscore reads and writes.
FORMAT_VERSION = 1

@attrs.frozen
class Locality:
    """Where the rubric applies (地区)."""

    name: str = attrs.field(metadata=doc("地区名称, e.g. 丹江口市"))
    province: str = attrs.field(default="", metadata=doc("省级行政区, e.g. 湖北省"))
    code: str = attrs.field(default="", metadata=doc("GB/T 2260 行政区划代码, e.g. 420381"))


@attrs.frozen
class Rounding:
    """The rubric's rounding rule (取舍规则), applied once, to the final total."""

    places: int = attrs.field(default=1, metadata=doc("小数位数: decimal places kept", max=6))
    mode: RoundingMode = attrs.field(
        default="half-up", metadata=doc("舍入方式: half-up is 四舍五入")
    )
    compare: Literal["raw", "rounded"] = attrs.field(
        default="raw",
        metadata=doc("which total the level thresholds compare against: raw or rounded"),
    )


@attrs.frozen
class Rule:
    """A deduction rule (扣分标准), e.g. ``专题会议少一次扣0.5分，最多扣1.5分``.

    Exactly one of ``deduct`` (a fixed amount per occurrence) and
    ``deduct_range`` (a discretionary amount per occurrence, ``视情况扣0.1-0.5分``,
    whose hits must carry a note) is given, unless ``zeroes`` is true
    (``不符合标准的，本项即不得分``: one hit takes the item to its floor) or
    ``at_most`` is given (``出现…的，本项最高得6分``: a hit limits the item's
    score to at most that, after the deductions, instead of deducting).
    """

    id: str = attrs.field(metadata=doc("rule id, unique within its item",
                                       zh="扣分标准 id，本项内不重复"))
    text: str = attrs.field(metadata=doc("扣分标准: the rule as the rubric words it"))
    deduct: Decimal | None = attrs.field(
        default=None, metadata=points_doc("每次扣分: points taken off per occurrence")
    )
    deduct_range: tuple[Decimal, ...] | None = attrs.field(
        default=None,
        metadata=doc("视情况扣分: [least, most] points per occurrence", kind="points"),
    )
    max: Decimal | None = attrs.field(
        default=None, metadata=points_doc("最多扣分: cap on what this rule takes off in all")
    )
    zeroes: bool = attrs.field(
        default=False, metadata=doc("本项不得分: one hit sets the item to its floor")
    )
    at_most: Decimal | None = attrs.field(
        default=None,
        metadata=points_doc("本项最高得分: a hit limits the item's score to at most this, "
                            "applied after the item's deductions; between the item's floor "
                            "and its points"),
    )
    provenance: Provenance | None = attrs.field(default=None, metadata=PART_PROVENANCE)
    source: str = attrs.field(default="", metadata=PART_SOURCE)


@attrs.frozen
class Standard:
    """An award standard (得分标准) of an ``award`` item: ``有一项得0.5分``."""

    id: str = attrs.field(metadata=doc("standard id, unique within its item",
                                       zh="得分标准 id，本项内不重复"))
    text: str = attrs.field(metadata=doc("得分标准: what earns the points"))
    points: Decimal = attrs.field(metadata=points_doc("每项得分: points per occurrence"))
    max: Decimal | None = attrs.field(
        default=None, metadata=points_doc("最多得分: cap on what this standard earns in all")
    )


@attrs.frozen
class Tier:
    """A tier (档次) of a ``tiered`` item: ``好2分，较好1分，一般0.5分，差0分``."""

    id: str = attrs.field(metadata=doc("tier id, unique within its item",
                                       zh="档次 id，本项内不重复"))
    title: str = attrs.field(metadata=doc("档次名称, e.g. 好"))
    points: Decimal = attrs.field(metadata=points_doc("该档得分"))


@attrs.frozen
class Band:
    """A rate band of a ``ratio`` item: ``知晓率>90%得0.5分``.

    Exactly one of ``at_least`` (rate ≥ bound) and ``above`` (rate > bound).
    The highest band whose bound the measured rate meets is used.
    """

    points: Decimal = attrs.field(metadata=points_doc("该档得分"))
    at_least: Decimal | None = attrs.field(
        default=None, metadata=doc("rate ≥ this percentage", kind="rate")
    )
    above: Decimal | None = attrs.field(
        default=None, metadata=doc("rate > this percentage", kind="rate")
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

    id: str = attrs.field(metadata=doc("item id: lowercase letters, digits, '-' and '_'",
                                       zh="项目 id：小写字母、数字、'-' 和 '_'"))
    title: str = attrs.field(metadata=doc("测评项目/指标名称"))
    points: Decimal = attrs.field(
        metadata=points_doc("应得分: points allotted (omitted, and 0, in a rubric of indicators "
                            "without points)", omitted_when=UNWEIGHTED))
    method: str | None = attrs.field(
        default=None,
        metadata=doc("评分方法: deduct, award, tiered, direct, ratio, all_or_nothing, or a "
                      "plugin's; omitted for a group of sub-items"),
    )
    text: str = attrs.field(default="", metadata=doc("测评标准: what is required"))
    evidence: str = attrs.field(
        default="",
        metadata=doc("测评方法: 材料审核, 实地考察, 问卷调查, 网上申报, 听取汇报, 征求意见 …; "
                      "inherited from the enclosing item when empty"),
    )
    floor: Decimal = attrs.field(
        default=Decimal(0), metadata=points_doc("最低分: deductions stop here (扣完为止)")
    )
    rules: tuple[Rule, ...] = attrs.field(default=(), metadata=doc("扣分标准 (deduct, groups)"))
    standards: tuple[Standard, ...] = attrs.field(default=(), metadata=doc("得分标准 (award)"))
    tiers: tuple[Tier, ...] = attrs.field(default=(), metadata=doc("档次 (tiered)"))
    scale: str | None = attrs.field(
        default=None,
        metadata=doc("评分等级 (tiered, instead of tiers): the id of a grade scale of the "
                     "rubric; each grade gives its fraction of this item's points"))
    step: Decimal | None = attrs.field(
        default=None, metadata=points_doc("赋分步长 (direct): entered points are multiples of it")
    )
    bands: tuple[Band, ...] = attrs.field(default=(), metadata=doc("比例档次 (ratio)"))
    target: Decimal | None = attrs.field(
        default=None, metadata=doc("目标比例 % (ratio): full points at or above it", kind="rate")
    )
    deduct_per_point: Decimal | None = attrs.field(
        default=None, metadata=points_doc("每低1个百分点扣分 (ratio with target)")
    )
    sum_policy: SumPolicy = attrs.field(
        default="exact",
        metadata=doc("exact: sub-items must add up to points; cap: they may add up to more "
                      "and the score is capped"),
    )
    options: dict[str, Any] = attrs.field(
        factory=dict, metadata=doc("settings for a plugin's scoring method")
    )
    criteria: tuple[Criterion, ...] = attrs.field(
        default=(), metadata=doc("子项: sub-items (one level of nesting below a criterion)")
    )
    provenance: Provenance | None = attrs.field(default=None, metadata=PART_PROVENANCE)
    source: str = attrs.field(default="", metadata=PART_SOURCE)

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
    """A bonus item (加分 / 奖励分), e.g. 获全国表彰 加3分, or a 特色指标 scored
    by judgement: ``method = "direct"`` (the assessors give 0 to ``points``,
    on ``step``) or ``method = "tiered"`` (they choose one of ``tiers``)."""

    id: str = attrs.field(metadata=doc("bonus item id", zh="加分项 id"))
    text: str = attrs.field(metadata=doc("加分条件"))
    points: Decimal = attrs.field(
        metadata=points_doc("加分: points per occurrence; for a judged item (method), the most "
                            "one award can give"))
    method: Literal["direct", "tiered"] | None = attrs.field(
        default=None,
        metadata=doc("评分方法 of a judged bonus item: direct (the claim gives points, 0 to "
                     "the item's points, on its step) or tiered (the claim names a tier); "
                     "omitted: fixed points per occurrence"),
    )
    step: Decimal | None = attrs.field(
        default=None, metadata=points_doc("赋分步长 (direct): given points are multiples of it"))
    tiers: tuple[Tier, ...] = attrs.field(default=(), metadata=doc("档次 (tiered)"))
    group: str = attrs.field(
        default="",
        metadata=doc("同组只计最高: items of one group count only the highest earned (groups "
                     "the rubric fixes; for groups known only from the claims, see "
                     "bonus.projects)"),
    )
    max_count: int = attrs.field(
        default=1, metadata=doc("how many times the item may count, over all its claims "
                                "(default 1: a second occurrence is shown but not counted)"))
    min_base: Decimal | None = attrs.field(
        default=None,
        metadata=points_doc("基本分达到X分以上的，方可计算本项加分: the base total (after "
                            "按比例折算) this item needs, inclusive; below it the item is "
                            "earned but not counted"),
    )
    provenance: Provenance | None = attrs.field(default=None, metadata=PART_PROVENANCE)
    source: str = attrs.field(default="", metadata=PART_SOURCE)


@attrs.frozen
class Bonus:
    """The rubric's bonus section with its overall cap (加分上限) and the
    base total it needs (``min_base``, 基本分达到X分以上的，方可计算加分)."""

    items: tuple[BonusItem, ...] = attrs.field(default=(), metadata=doc("加分项目"))
    cap: Decimal | None = attrs.field(default=None, metadata=points_doc("加分上限"))
    projects: str = attrs.field(
        default="",
        metadata=doc("同一项目只计最高: what a bonus claim's project names (e.g. 项目); when "
                     "set, claims may name their project, and within one project only the "
                     "item with the most points per award counts (each item at most its "
                     "max_count times per project); different projects each count"),
    )
    min_base: Decimal | None = attrs.field(
        default=None,
        metadata=points_doc("基本分达到X分以上的，方可计算加分: the base total (after 按比例折算) "
                            "the whole bonus needs, inclusive; below it the bonus is earned "
                            "but not counted"),
    )


@attrs.frozen
class PenaltyItem:
    """A penalty-list entry (负面清单): subtracts from the total."""

    id: str = attrs.field(metadata=doc("penalty id", zh="负面清单条目 id"))
    text: str = attrs.field(metadata=doc("负面清单条目"))
    deduct: Decimal = attrs.field(metadata=points_doc("每次扣分"))
    max: Decimal | None = attrs.field(default=None, metadata=points_doc("最多扣分"))
    provenance: Provenance | None = attrs.field(default=None, metadata=PART_PROVENANCE)
    source: str = attrs.field(default="", metadata=PART_SOURCE)


@attrs.frozen
class Veto:
    """A veto (一票否决): a finding disqualifies whatever the score."""

    id: str = attrs.field(metadata=doc("veto id", zh="否决情形 id"))
    text: str = attrs.field(metadata=doc("否决条件"))
    provenance: Provenance | None = attrs.field(default=None, metadata=PART_PROVENANCE)
    source: str = attrs.field(default="", metadata=PART_SOURCE)


@attrs.frozen
class Bar:
    """An eligibility bar (不得申报): a finding dated inside the look-back window
    before the assessment date bars the unit, e.g. ``申报前两年内发生刑事案件``.

    The window is ``[assessed_on − lookback, assessed_on]``, both ends
    included; a 29 February start falls back to 28 February.
    """

    id: str = attrs.field(metadata=doc("bar id", zh="不得申报情形 id"))
    text: str = attrs.field(metadata=doc("不得申报情形"))
    lookback_years: int = attrs.field(default=0, metadata=doc("look-back window, years"))
    lookback_months: int = attrs.field(default=0, metadata=doc("look-back window, months"))
    lookback_days: int = attrs.field(default=0, metadata=doc("look-back window, days"))
    provenance: Provenance | None = attrs.field(default=None, metadata=PART_PROVENANCE)
    source: str = attrs.field(default="", metadata=PART_SOURCE)


@attrs.frozen
class Gate:
    """A must-pass condition worth no points (前置条件), e.g. holding the
    prefecture title two consecutive years before applying for the regional one."""

    id: str = attrs.field(metadata=doc("gate id", zh="前置条件 id"))
    text: str = attrs.field(metadata=doc("前置条件"))
    all_levels: bool = attrs.field(
        default=False,
        metadata=doc("must be passed for every level, without naming it in each level's gates"))


@attrs.frozen
class Minimum:
    """A level's minimum standard (单项最低分): an item or a category must score
    at least ``at_least`` (its own score, after its clamp) for the level, e.g.
    节能降耗 at least 6 of its 8 points for 文明单位标兵.

    A minimum on an item with nothing applicable (不适用, or every sub-item so)
    is not applied: there is no score of the unit to hold it to.
    """

    item: str = attrs.field(metadata=doc("the item's dotted path, e.g. environment.energy",
                                         zh="测评项目的路径，以点分隔，如 environment.energy"))
    at_least: Decimal = attrs.field(
        metadata=points_doc("最低得分: the item's score must reach this (inclusive); at most "
                            "the item's points"))
    provenance: Provenance | None = attrs.field(default=None, metadata=PART_PROVENANCE)
    source: str = attrs.field(default="", metadata=PART_SOURCE)


@attrs.frozen
class Level:
    """An award level (等次) with its threshold (达标分数) and extra conditions."""

    id: str = attrs.field(metadata=doc("level id", zh="等次 id"))
    title: str = attrs.field(metadata=doc("称号, e.g. 文明单位"))
    min_total: Decimal = attrs.field(metadata=points_doc("达标分数: total needed (inclusive)"))
    max_total: Decimal | None = attrs.field(
        default=None,
        metadata=points_doc("upper bound of the band (inclusive), if the rubric has one"),
    )
    min_category_share: Decimal | None = attrs.field(
        default=None,
        metadata=doc("每类最低得分率: every category must earn at least this fraction (0–1) "
                     "of its points that remain applicable (its effective maximum)",
                     kind="fraction"),
    )
    gates: tuple[str, ...] = attrs.field(
        default=(), metadata=doc("ids of gates that must be passed for this level")
    )
    minimums: tuple[Minimum, ...] = attrs.field(
        default=(), metadata=doc("单项最低分: items that must reach a score for this level"))
    provenance: Provenance | None = attrs.field(default=None, metadata=PART_PROVENANCE)
    source: str = attrs.field(default="", metadata=PART_SOURCE)


@attrs.frozen
class Rubric:
    """A locality's scoring scheme (测评体系 / 评分细则) for one period.

    Build one with :func:`civscore.load_rubric` (from TOML) or
    :func:`civscore.rubric_from_dict`.  ``total`` is the full-mark base total
    (满分, bonus excluded).  A rubric with ``weighted = False`` lists
    indicators (测评指标) without points: its ``total`` and every item's
    ``points`` are 0, and it is scored only through an overlay that weights
    it (:func:`civscore.scoring.require_weighted`).
    """

    id: str = attrs.field(metadata=doc("rubric id: lowercase, '.' or '-' separated",
                                       zh="测评体系 id：小写，以 '.' 或 '-' 分隔"))
    version: str = attrs.field(metadata=doc("period or edition, e.g. 2010-2011",
                                            zh="年度或版本，如 2010-2011"))
    title: str = attrs.field(metadata=doc("测评体系名称"))
    total: Decimal = attrs.field(
        metadata=points_doc("满分: the base total (omitted, and 0, in a rubric of indicators "
                            "without points)", omitted_when=UNWEIGHTED))
    provenance: Provenance = attrs.field(
        metadata=doc("official: transcribed from the issuing document; quoted: numbers quoted "
                      "by a report or a public copy; illustrative: points invented",
                      zh="来源性质：official（照录发文）、quoted（分值引自报告或公开文本）或 "
                         "illustrative（分值为示例）")
    )
    source: str = attrs.field(metadata=doc("where the structure and numbers come from",
                                           zh="结构和分值的出处"))
    format: int = attrs.field(default=FORMAT_VERSION, metadata=doc("file format version"))
    weighted: bool = attrs.field(
        default=True,
        metadata=doc("分值赋权: false for a rubric of 测评指标 without points, which an overlay "
                     "weights (a province giving each national indicator its points); such a "
                     "rubric omits total and every item's points and gives no method, rule, "
                     "bonus, penalty or level, and is shown and checked but not scored"),
    )
    level: AwardingLevel | None = attrs.field(
        default=None, metadata=doc("评定级别: county, city, prefecture, province, national")
    )
    locality: Locality | None = attrs.field(default=None, metadata=doc("地区"))
    issuer: str = attrs.field(default="", metadata=doc("发布机关, e.g. 市精神文明建设委员会"))
    point_places: int = attrs.field(
        default=2, metadata=doc("points may be written with at most this many decimal places",
                                 max=6)
    )
    rounding: Rounding = attrs.field(factory=Rounding, metadata=doc("取舍规则"))
    not_applicable: NotApplicablePolicy = attrs.field(
        default="rescale",
        metadata=doc("不适用项: rescale (按比例折算), zero (计0分) or forbid (不允许)"),
    )
    unassessed: UnassessedPolicy = attrs.field(
        default="full",
        metadata=doc("未评项: an item left without a finding whose method can score it without "
                     "one (deduct: full points; award: 0) is scored so silently (full), scored so "
                     "and listed as 未评 with a warning (flag), or refused (error)"),
    )
    grade_scales: tuple[GradeScale, ...] = attrs.field(
        default=(), metadata=doc("评分等级: scales of grades that tiered items name"))
    scale: str | None = attrs.field(
        default=None,
        metadata=doc("the grade scale of every tiered item that gives neither tiers nor a "
                     "scale of its own"))
    categories: tuple[Category, ...] = attrs.field(default=(), metadata=doc("测评项目"))
    bonus: Bonus | None = attrs.field(default=None, metadata=doc("加分项目"))
    penalties: tuple[PenaltyItem, ...] = attrs.field(default=(), metadata=doc("负面清单"))
    vetoes: tuple[Veto, ...] = attrs.field(default=(), metadata=doc("一票否决"))
    bars: tuple[Bar, ...] = attrs.field(default=(), metadata=doc("不得申报情形"))
    gates: tuple[Gate, ...] = attrs.field(default=(), metadata=doc("前置条件"))
    levels: tuple[Level, ...] = attrs.field(default=(), metadata=doc("等次与达标分数"))
    notes: str = attrs.field(default="", metadata=doc("说明"))

    @property
    def ref(self) -> str:
        """``id@version``, the reference an assessment uses."""
        return f"{self.id}@{self.version}"
