"""Combining several assessors' figures into one (合议): mean, median and
trimmed mean, with the small-panel policy, and the roles' weights.

Every figure stays exact: a sum is exact, a mean is one division to 28
significant digits (:func:`civscore.model.points.divide`), and nothing is
rounded here (the panel rounds its combined total once).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from civscore.campaign.rules import PanelRule
from civscore.exceptions import CampaignError
from civscore.messages import message
from civscore.model.points import ZERO, divide, multiply, to_text

__all__ = ["Combined", "Dropped", "RoleFigure", "combine", "combine_roles", "describe", "median"]


@attrs.frozen
class Dropped:
    """An assessor's figure left out of a combination, and why (in Chinese)."""

    index: int
    reason: str


@attrs.frozen
class Combined:
    """One combined figure: ``raw`` exact, the figures ``dropped``, and a
    ``note`` when the small-panel policy applied."""

    raw: Decimal
    dropped: tuple[Dropped, ...] = ()
    note: str = ""


def median(values: Sequence[Decimal]) -> Decimal:
    """The median of ``values`` (not empty): the middle one, or the mean of the two middle ones."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return divide(ordered[middle - 1] + ordered[middle], Decimal(2))


def _mean(values: Sequence[Decimal]) -> Decimal:
    return divide(sum(values, ZERO), Decimal(len(values)))


def combine(values: Sequence[Decimal], rule: PanelRule, *, what: str = "") -> Combined:
    """Combine one group's ``values`` (not empty) by ``rule.method``.

    ``trimmed`` drops the ``rule.trim`` highest and lowest figures (of equal
    figures, the later assessor's is dropped first from the top and the
    earlier's from the bottom) when at least ``2 × trim + 2`` remain to drop
    from; a smaller group follows ``rule.small``.

    :param what: names the group in the error of ``small = "error"``.
    :raises CampaignError: ``small = "error"`` and too few figures to trim.
    """
    if rule.method == "mean":
        return Combined(_mean(values))
    if rule.method == "median":
        return Combined(median(values))
    k = rule.trim
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    if len(values) >= 2 * k + 2:
        low, high = order[:k], order[len(order) - k:]
        marks = [Dropped(i, "去掉最低分") for i in low] + [Dropped(i, "去掉最高分") for i in high]
        kept = [values[i] for i in order[k:len(order) - k]]
        return Combined(_mean(kept), tuple(sorted(marks, key=lambda d: d.index)))
    note = f"{len(values)}人，不足{2 * k + 2}人去掉最高分和最低分"
    if rule.small == "error":
        raise CampaignError(message("camp.too-few", what=what, n=len(values), need=2 * k + 2),
                            path="$.panel.small")
    if rule.small == "mean" or len(values) <= 2:
        return Combined(_mean(values), note=note + "，取平均分")
    pairs = [(values[order[j + 1]] - values[order[j]], j) for j in range(len(order) - 1)]
    _gap, j = min(pairs)
    keep = {order[j], order[j + 1]}
    dropped = tuple(Dropped(i, "不属于最接近的两个分数")
                    for i in range(len(values)) if i not in keep)
    return Combined(_mean([values[order[j]], values[order[j + 1]]]), dropped,
                    note + "，取最接近的两个分数的平均分")


@attrs.frozen
class RoleFigure:
    """One role's combined figure (``raw``), its weight and share (``weighted``)."""

    role: str
    weight: Decimal
    count: int
    raw: Decimal
    weighted: Decimal
    note: str = ""


def combine_roles(values: Sequence[Decimal], roles: Sequence[str], rule: PanelRule, *,
                  what: str = "") -> tuple[Decimal, tuple[RoleFigure, ...], tuple[Dropped, ...]]:
    """Combine ``values`` (one per assessor, whose roles are ``roles``):
    each role's figures by :func:`combine`, then Σ weight × figure over the
    rule's roles (no roles declared: one group of weight 1).

    :return: (the combined figure, each role's figure, the figures dropped).
    :raises CampaignError: a role with no assessor under ``missing = "error"``.
    """
    weights = [(w.role, w.weight) for w in rule.roles] or [("", Decimal(1))]
    total, figures, dropped = ZERO, [], []
    for role, weight in weights:
        members = [i for i, r in enumerate(roles) if not rule.roles or r == role]
        if not members:
            if rule.missing == "error":
                raise CampaignError(message("camp.no-role", what=what, role=role),
                                    path="$.panel.missing")
            figures.append(RoleFigure(role, weight, 0, ZERO, ZERO, "缺评，计0分"))
            continue
        combined = combine([values[i] for i in members], rule, what=what)
        dropped += [Dropped(members[d.index], d.reason) for d in combined.dropped]
        weighted = multiply(weight, combined.raw)
        total += weighted
        figures.append(RoleFigure(role, weight, len(members), combined.raw, weighted,
                                  combined.note))
    return total, tuple(figures), tuple(sorted(dropped, key=lambda d: d.index))


def describe(rule: PanelRule) -> str:
    """The panel rule in Chinese, e.g. ``去掉1个最高分和1个最低分后取平均；自评10%＋测评组90%``."""
    method = {"mean": "取平均分", "median": "取中位数",
              "trimmed": f"去掉{rule.trim}个最高分和{rule.trim}个最低分后取平均"}[rule.method]
    per = "逐项合议" if rule.per == "item" else "按总分合议"
    roles = "＋".join(f"{w.role}{to_text(w.weight * 100)}%" for w in rule.roles)
    return "；".join(part for part in (per + method, roles) if part)
