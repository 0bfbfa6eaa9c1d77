"""Grade scales (评分等级): grades as fractions of an item's points, shared by
the ``tiered`` items of a rubric (:class:`civscore.model.Rubric`'s
``grade_scales``)."""

from __future__ import annotations

from decimal import Decimal

import attrs

from civscore.model.fields import PART_PROVENANCE, PART_SOURCE, Provenance, RoundingMode, doc

__all__ = ["Grade", "GradeScale"]


@attrs.frozen
class Grade:
    """A grade of a :class:`GradeScale`: ``A为本项指标内容得分的100%``."""

    id: str = attrs.field(metadata=doc("grade id, unique within its scale; a finding's tier",
                                       zh="等级 id，本等级表内不重复；即测评记录所选的 tier"))
    title: str = attrs.field(metadata=doc("等级名称, e.g. A"))
    fraction: Decimal = attrs.field(
        metadata=doc("该等级得分占本项分值的比例 (0–1): 0.66 is 66% of the item's points",
                     kind="fraction"))


@attrs.frozen
class GradeScale:
    """A scale of grades (评分等级) shared by ``tiered`` items: each grade gives
    a fraction of the item's own points, ``A为本项指标内容得分的100%，B为66%，
    C为33%，D为0分``, so the tiers are not repeated on every item.

    A grade's points are ``fraction × points``, exact (``0.33 × 1.5 = 0.495``)
    unless ``places`` is given: then rounded to that many decimal places by
    ``mode`` (``places = 1``, half-up: 0.495 → 0.5).
    """

    id: str = attrs.field(metadata=doc("scale id, what an item's (or the rubric's) scale names",
                                       zh="等级表 id，即项目（或测评体系）的 scale 所写"))
    title: str = attrs.field(default="", metadata=doc("等级名称, e.g. 评分等级"))
    grades: tuple[Grade, ...] = attrs.field(default=(), metadata=doc("等级"))
    places: int | None = attrs.field(
        default=None, metadata=doc("round each grade's points to this many decimal places; "
                                   "omitted: exact (fraction × points)", max=6))
    mode: RoundingMode = attrs.field(
        default="half-up", metadata=doc("舍入方式 of places: half-up is 四舍五入"))
    provenance: Provenance | None = attrs.field(default=None, metadata=PART_PROVENANCE)
    source: str = attrs.field(default="", metadata=PART_SOURCE)
