"""What construction tries: findings for each leaf item (one per score it
can get, where the method allows), rule hits for each total deduction, and
bonus and penalty claims for each net adjustment of the total.

Amounts are in units (see :mod:`civscore.testing.units`).  Each list of
choices is cut at :data:`MAX_CANDIDATES`, so a fine-grained rubric is
explored in part rather than without end.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal

import attrs

from civscore.model import (
    BonusClaim,
    BonusItem,
    Criterion,
    Finding,
    PenaltyClaim,
    Rubric,
    Rule,
    RuleHit,
    StandardHit,
)
from civscore.model.points import ZERO
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod
from civscore.testing.units import ceil_units, floor_units, to_units

__all__ = [
    "MAX_CANDIDATES",
    "NOTE",
    "adjustments",
    "bonus_base",
    "bonus_ceiling",
    "candidates",
    "is_builtin",
    "rule_reductions",
]

#: Reason given for constructed not-applicable findings and discretionary hits.
NOTE = "civscore.testing"
#: At most this many candidate findings are tried per item when constructing.
MAX_CANDIDATES = 4000

_Claims = tuple[tuple[BonusClaim, ...], tuple[PenaltyClaim, ...]]


def is_builtin(method: ScoringMethod, name: str) -> bool:
    """Whether ``method`` is the built-in method ``name`` (or derives from it)."""
    builtin = BUILTIN_METHODS.get(name)
    return builtin is not None and isinstance(method, type(builtin))


def bonus_base(rubric: Rubric, claims: tuple[BonusClaim, ...]) -> Decimal:
    """The base total (points) at which every one of ``claims`` counts: the
    highest ``min_base`` of the bonus and of the items claimed
    (基本分达到X分以上的，方可计算加分); 0 when none applies."""
    if rubric.bonus is None or not claims:
        return ZERO
    needs = {b.id: b.min_base for b in rubric.bonus.items}
    return max([ZERO, rubric.bonus.min_base or ZERO,
                *(needs.get(c.item) or ZERO for c in claims)])


def bonus_ceiling(rubric: Rubric) -> Decimal:
    """The most bonus the rubric allows (points): every item its most times, capped."""
    if rubric.bonus is None:
        return ZERO
    gross = sum((b.points * b.max_count for b in rubric.bonus.items), ZERO)
    return gross if rubric.bonus.cap is None else min(gross, rubric.bonus.cap)


def rule_reductions(rules: tuple[Rule, ...], places: int, limit: int
                    ) -> dict[int, tuple[RuleHit, ...]]:
    """Achievable total deductions (in units, capped at ``limit``) by rule hits."""
    states: dict[int, tuple[RuleHit, ...]] = {0: ()}
    for rule in rules:
        options: list[tuple[int, RuleHit]] = []
        if rule.zeroes:
            options.append((limit, RuleHit(rule.id)))
        elif rule.deduct is not None:
            per = to_units(rule.deduct, places)
            if per:
                cap = limit if rule.max is None else min(limit, floor_units(rule.max, places))
                for count in range(1, min(math.ceil(limit / per), 60) + 1):
                    options.append((min(per * count, cap), RuleHit(rule.id, count)))
        elif rule.deduct_range is not None:
            lo, hi = (ceil_units(rule.deduct_range[0], places),
                      floor_units(rule.deduct_range[1], places))
            cap = limit if rule.max is None else min(limit, floor_units(rule.max, places))
            for amount in range(max(lo, 1), hi + 1):
                hit = RuleHit(rule.id, 1, Decimal(amount).scaleb(-places), NOTE)
                options.append((min(amount, cap), hit))
            if hi > 0:
                for count in range(2, min(math.ceil(limit / hi), 60) + 1):
                    hit = RuleHit(rule.id, count, Decimal(hi).scaleb(-places), NOTE)
                    options.append((min(hi * count, cap), hit))
        new = dict(states)
        for total, hits in states.items():
            for amount, hit in options:
                key = min(limit, total + amount)
                if key not in new:
                    new[key] = (*hits, hit)
        states = new
        if len(states) > MAX_CANDIDATES:
            break
    return states


def _award_candidates(item: Criterion, path: str, places: int) -> Iterator[Finding]:
    limit = floor_units(item.points, places)
    states: dict[int, tuple[StandardHit, ...]] = {0: ()}
    for std in item.standards:
        per = to_units(std.points, places)
        if not per:
            continue
        cap = limit if std.max is None else min(limit, floor_units(std.max, places))
        new = dict(states)
        for total, hits in states.items():
            for count in range(1, min(math.ceil(max(cap, 1) / per), 60) + 1):
                key = min(limit, total + min(per * count, cap))
                if key not in new:
                    new[key] = (*hits, StandardHit(std.id, count))
        states = new
        if len(states) > MAX_CANDIDATES:
            break
    for hits in states.values():
        yield Finding(path, standards=hits)


def _grid(lo: Decimal, hi: Decimal, step: Decimal) -> Iterator[Decimal]:
    """Multiples of ``step`` in ``[lo, hi]``, thinned to at most MAX_CANDIDATES."""
    if step <= 0 or hi < lo:
        return
    first = math.ceil(lo / step)
    last = math.floor(hi / step)
    stride = max(1, math.ceil((last - first + 1) / MAX_CANDIDATES))
    for n in range(first, last + 1, stride):
        yield step * n
    if (last - first) % stride:
        yield step * last


def candidates(item: Criterion, path: str, method: ScoringMethod, places: int
               ) -> Iterator[Finding]:
    """Findings for a leaf, from which construction picks one per score."""
    unit = Decimal(1).scaleb(-places)
    name = item.method
    if name == "direct" and is_builtin(method, "direct"):
        for value in _grid(ZERO, item.points, item.step or unit):
            yield Finding(path, points=value)
    elif name == "tiered" and is_builtin(method, "tiered"):
        for tier in item.tiers:
            yield Finding(path, tier=tier.id)
    elif name == "all_or_nothing" and is_builtin(method, "all_or_nothing"):
        yield Finding(path, met=True)
        yield Finding(path, met=False)
    elif name == "award" and is_builtin(method, "award"):
        yield from _award_candidates(item, path, places)
    elif name == "deduct" and is_builtin(method, "deduct"):
        limit = ceil_units(item.points - item.floor, places)
        for hits in rule_reductions(item.rules, places, limit).values():
            yield Finding(path, hits=hits)
    elif name == "ratio" and is_builtin(method, "ratio"):
        rates = {Decimal(0), Decimal(100)}
        for band in item.bands:
            if band.at_least is not None:
                rates.add(band.at_least)
            if band.above is not None and band.above < 100:
                rates.add(min(Decimal(100), band.above + Decimal("0.001")))
        if item.target is not None and item.deduct_per_point:
            for value in _grid(item.floor, item.points, unit):
                shortfall = (item.points - value) / item.deduct_per_point
                rate = item.target - shortfall
                if 0 <= rate <= 100:
                    rates.add(rate)
        for rate in sorted(rates):
            yield Finding(path, rate=rate)
    else:
        examples = getattr(method, "example_findings", None)
        if callable(examples):
            for finding in examples(item):
                yield attrs.evolve(finding, criterion=path)
        else:
            yield Finding(path)


def adjustments(rubric: Rubric, places: int) -> dict[int, _Claims]:
    """Net bonus − penalties (units) → the bonus and penalty claims that give it."""
    gross = _bonus_totals(rubric, places)
    limit = ceil_units(sum((c.points for c in rubric.categories), ZERO), places) + max(gross)
    penalties = _penalty_totals(rubric, places, limit)
    nets: dict[int, _Claims] = {}
    for b, bclaims in sorted(gross.items()):
        for p, pclaims in sorted(penalties.items()):
            nets.setdefault(b - p, (bclaims, pclaims))
            if len(nets) > MAX_CANDIDATES:
                return nets
    return nets


def _bonus_totals(rubric: Rubric, places: int) -> dict[int, tuple[BonusClaim, ...]]:
    """Bonus after the cap (units) → the claims that give it."""
    gross: dict[int, tuple[BonusClaim, ...]] = {0: ()}
    if rubric.bonus is None:
        return gross
    groups: dict[str, list[tuple[int, BonusClaim]]] = {}
    loose: list[list[tuple[int, BonusClaim]]] = []
    for item in rubric.bonus.items:
        per = to_units(item.points, places)
        if not per:
            continue
        options = _bonus_options(item, places) if item.method else [
            (per * n, BonusClaim(item.id, n)) for n in range(1, item.max_count + 1)]
        if item.group:
            groups.setdefault(item.group, []).extend(options)
        else:
            loose.append(options)
    for options in (*loose, *groups.values()):
        new = dict(gross)
        for total, claims in gross.items():
            for amount, claim in options:
                new.setdefault(total + amount, (*claims, claim))
        gross = new
        if len(gross) > MAX_CANDIDATES:
            break
    cap = rubric.bonus.cap
    if cap is not None:
        capped: dict[int, tuple[BonusClaim, ...]] = {}
        for total, claims in sorted(gross.items()):
            capped.setdefault(min(total, floor_units(cap, places)), claims)
        gross = capped
    return gross


def _bonus_options(item: BonusItem, places: int) -> list[tuple[int, BonusClaim]]:
    """One award of a judged bonus item (units → claim): each tier, or the
    points on its step (or on the finest unit) up to its points."""
    if item.method == "tiered":
        return [(units, BonusClaim(item.id, tier=t.id)) for t in item.tiers
                if (units := to_units(t.points, places))]
    step = (to_units(item.step, places) if item.step is not None else None) or 1
    top = floor_units(item.points, places)
    return [(k, BonusClaim(item.id, points=Decimal(k).scaleb(-places)))
            for k in range(step, top + 1, step)][:MAX_CANDIDATES]


def _penalty_totals(rubric: Rubric, places: int, limit: int
                    ) -> dict[int, tuple[PenaltyClaim, ...]]:
    """Penalties (units, capped at ``limit``) → the claims that give them."""
    penalties: dict[int, tuple[PenaltyClaim, ...]] = {0: ()}
    for pen in rubric.penalties:
        per = to_units(pen.deduct, places)
        if not per:
            continue
        most = limit if pen.max is None else min(limit, floor_units(pen.max, places))
        new_p = dict(penalties)
        for total, pclaims in penalties.items():
            for n in range(1, min(math.ceil(max(most, 1) / per), 30) + 1):
                new_p.setdefault(min(limit, total + min(per * n, most)),
                                 (*pclaims, PenaltyClaim(pen.id, n)))
        penalties = new_p
        if len(penalties) > MAX_CANDIDATES:
            break
    return penalties
