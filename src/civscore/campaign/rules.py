"""The campaign file (评选方案): the rules above the single scorecard.

A campaign names its rubric, how several assessors' scores of one unit
combine (:class:`PanelRule`), the periods of a term (:class:`TermRule`), how
units are ranked against a quota (:class:`SelectionRule`, :class:`Quota`)
and how title holders are reviewed (:class:`ReviewRule`).  As for rubrics,
a TOML table is a class here and a key a field of the same name; every
field's ``doc`` is the file reference and the JSON Schema
(``civscore schema campaign``).  Points are exact decimals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import attrs

from civscore.model.fields import Provenance, RoundingMode, doc, points_doc

__all__ = [
    "CAMPAIGN_FORMAT",
    "Campaign",
    "Eligibility",
    "PanelRule",
    "PeriodRule",
    "Quota",
    "ReviewRule",
    "RoleWeight",
    "SelectionRule",
    "TermRule",
]

#: The campaign file format version this civscore reads.
CAMPAIGN_FORMAT = 1

PanelMethod = Literal["mean", "median", "trimmed"]
SmallPanel = Literal["error", "mean", "closest-pair"]
MissingRole = Literal["zero", "error"]


@attrs.frozen
class RoleWeight:
    """One assessor role (测评角色) and its weight in the combined score,
    e.g. 自评 0.1 and 测评组 0.9."""

    role: str = attrs.field(metadata=doc("角色名称, as assessments write it in `role`"))
    weight: Decimal = attrs.field(metadata=doc("权重: a fraction (0–1); the weights add up to 1",
                                               kind="fraction"))


@attrs.frozen
class PanelRule:
    """How several assessments of one unit combine into one figure (合议规则).

    The assessments of each role are combined by ``method``; the roles'
    figures are then weighed by ``roles`` (no roles: every assessor is one
    group of weight 1).  A mean is a division: it is kept exact to 28
    significant digits (``raw``) and only the combined total is rounded, to
    ``places`` by ``rounding``.
    """

    method: PanelMethod = attrs.field(
        default="mean",
        metadata=doc("mean (平均分), median (中位数) or trimmed (去掉最高分和最低分后取平均)"))
    trim: int = attrs.field(
        default=1, metadata=doc("trimmed: 去掉几个最高分和几个最低分 (k of each)"))
    small: SmallPanel = attrs.field(
        default="mean",
        metadata=doc("trimmed, when a group has fewer than 2 × trim + 2 assessors: error (refuse), "
                     "mean (plain mean of all) or closest-pair (mean of the two closest scores; "
                     "of two equally close pairs the lower)"))
    per: Literal["total", "item"] = attrs.field(
        default="total",
        metadata=doc("combine each assessor's total (total), or each item's score and then add "
                     "up the combined items (item, 逐项平均)"))
    roles: tuple[RoleWeight, ...] = attrs.field(default=(), metadata=doc("角色权重"))
    missing: MissingRole = attrs.field(
        default="error",
        metadata=doc("a role with no assessment: zero (counts 0, 缺评计0分) or error"))
    places: int = attrs.field(default=2, metadata=doc("合议分保留小数位数", max=6))
    rounding: RoundingMode = attrs.field(
        default="half-up", metadata=doc("舍入方式 of the combined total: half-up is 四舍五入"))
    compare: Literal["raw", "rounded"] = attrs.field(
        default="raw",
        metadata=doc("which combined total levels, bars of the term and the ranking compare"))
    diverge: Decimal | None = attrs.field(
        default=None,
        metadata=points_doc("flag an assessor whose total is more than this many points from "
                            "the median of the role's assessors (偏离提示)"))


@attrs.frozen
class PeriodRule:
    """One period of a term (届期中的一个年度) with its rubric and weight."""

    id: str = attrs.field(metadata=doc("the period, as assessments write it in `period`",
                                       zh="年度，与测评记录的 period 写法相同"))
    rubric: str = attrs.field(metadata=doc("this period's rubric, as id@version",
                                           zh="该年度的测评体系，写作 id@version"))
    weight: Decimal = attrs.field(
        default=Decimal(1),
        metadata=doc("multiplies the period's combined total (1: the period's rubric already "
                     "carries its share, e.g. 40 of 100)", kind="fraction"))
    title: str = attrs.field(default="", metadata=doc("名称, e.g. 2017年 网上材料审核"))


@attrs.frozen
class TermRule:
    """A term (届期) whose periods' totals add up to one result."""

    periods: tuple[PeriodRule, ...] = attrs.field(metadata=doc("届期内各年度"))
    min_total: Decimal = attrs.field(
        metadata=points_doc("届期累计达标分数: the sum needed (inclusive, compared raw)"))


@attrs.frozen
class Eligibility:
    """A bar read from the history of titles held (资格条件), e.g. 连续两年保持
    州市级文明单位称号方可申报自治区级."""

    id: str = attrs.field(metadata=doc("condition id", zh="资格条件 id"))
    text: str = attrs.field(metadata=doc("资格条件"))
    title: str = attrs.field(metadata=doc("the title that must have been held (称号)",
                                          zh="须曾持有的称号"))
    consecutive: int = attrs.field(
        default=1, metadata=doc("held in this many consecutive years just before the campaign's "
                                "year"))


@attrs.frozen
class Quota:
    """The places to award (名额)."""

    places: int | None = attrs.field(default=None, metadata=doc("名额: a fixed number"))
    fraction: Decimal | None = attrs.field(
        default=None, metadata=doc("名额 as a fraction of `expiring` (e.g. 0.9)", kind="fraction"))
    expiring: int | None = attrs.field(
        default=None, metadata=doc("当年到期单位数: the base of `fraction`"))
    rounding: RoundingMode = attrs.field(
        default="down", metadata=doc("how fraction × expiring becomes a whole number of places"))
    candidates: Decimal | None = attrs.field(
        default=None,
        metadata=doc("差额: shortlist this many candidates per place (1.5 is 1:1.5), rounded up; "
                     "then the ranking shortlists instead of awarding", kind="fraction"))
    eliminate: Decimal | None = attrs.field(
        default=None, metadata=doc("末位淘汰: the bottom fraction of the ranked units (rounded "
                                   "down) is not selected", kind="fraction"))


@attrs.frozen
class SelectionRule:
    """Ranking (排名) after vetoes and bars."""

    min_total: Decimal | None = attrs.field(
        default=None,
        metadata=points_doc("达标线: ranked only at or above it (default: the rubric's lowest "
                            "level)"))
    ties: tuple[str, ...] = attrs.field(
        default=(), metadata=doc("并列时依次比较的测评项目 (category paths); still equal: 并列"))
    near: Decimal | None = attrs.field(
        default=None,
        metadata=points_doc("flag a unit within this many points of the 达标线 or the cut line"))
    on_reach: Literal["awarded", "shortlisted"] = attrs.field(
        default="awarded",
        metadata=doc("without a [quota], what a unit ranked at or above the 达标线 gets: awarded "
                     "(达标即授予) or shortlisted (达标即可参评, e.g. 得分80分以上可参评)"))


@attrs.frozen
class ReviewRule:
    """The yearly review of title holders (年度复查, 动态管理)."""

    keep_at: Decimal = attrs.field(metadata=points_doc("复查合格分数: kept at or above it"))
    warn_at: Decimal | None = attrs.field(
        default=None,
        metadata=points_doc("限期整改 at or above it (and below keep_at), 撤销 below it; none: "
                            "below keep_at is a warning"))
    revoke_on_veto: bool = attrs.field(default=True, metadata=doc("一票否决 revokes the title"))
    warnings_to_revoke: int = attrs.field(
        default=2, metadata=doc("this many warnings in consecutive years (this one included) "
                                "revoke the title; 0: never"))
    replace: bool = attrs.field(
        default=False, metadata=doc("撤一补一: each revoked place goes to the best-ranked unit "
                                    "not selected"))
    rubric: str = attrs.field(
        default="",
        metadata=doc("复查细则: the rubric the holders are reviewed with, as id@version (their "
                     "assessments are scored with it); empty: the campaign's own rubric or term"))


@attrs.frozen
class Campaign:
    """A campaign (评选/复查方案): one title, one rubric (or a term of
    periods), the panel rule, the selection and the review."""

    id: str = attrs.field(metadata=doc("campaign id: lowercase, '.' or '-' separated",
                                       zh="评选 id：小写，以 '.' 或 '-' 分隔"))
    title: str = attrs.field(metadata=doc("评选名称, e.g. 2023—2024年度市级文明单位"))
    award: str = attrs.field(metadata=doc("the title awarded (称号), as history files write it",
                                          zh="授予的称号，与称号记录的写法相同"))
    year: int = attrs.field(metadata=doc("评选年度: the year history is read back from"))
    provenance: Provenance = attrs.field(
        metadata=doc("official, quoted or illustrative (thresholds and quotas invented)",
                     zh="来源性质：official（照录文件）、quoted（引自文件）或 "
                        "illustrative（分数线和名额为示例）"))
    source: str = attrs.field(metadata=doc("where the rules come from", zh="规则的出处"))
    format: int = attrs.field(default=CAMPAIGN_FORMAT, metadata=doc("file format version"))
    rubric: str = attrs.field(
        default="", metadata=doc("the rubric, as id@version (or the periods' rubrics in term)"))
    panel: PanelRule = attrs.field(factory=PanelRule, metadata=doc("合议规则"))
    term: TermRule | None = attrs.field(default=None, metadata=doc("届期"))
    eligibility: tuple[Eligibility, ...] = attrs.field(default=(), metadata=doc("资格条件"))
    selection: SelectionRule = attrs.field(factory=SelectionRule, metadata=doc("排名规则"))
    quota: Quota | None = attrs.field(default=None, metadata=doc("名额"))
    review: ReviewRule | None = attrs.field(default=None, metadata=doc("复查规则"))
    lapse: int = attrs.field(
        default=0,
        metadata=doc("届满: the title lapses this many years after it was last awarded (e.g. 5 "
                     "for 五年届满制); 0: held while each year's history record says so"))
    notes: str = attrs.field(default="", metadata=doc("说明"))

    @property
    def rubrics(self) -> tuple[str, ...]:
        """Every rubric the campaign scores with (``id@version``), in period order."""
        own = (tuple(p.rubric for p in self.term.periods) if self.term is not None
               else (self.rubric,) if self.rubric else ())
        review = (self.review.rubric,) if self.review is not None and self.review.rubric else ()
        return tuple(dict.fromkeys((*own, *review)))
