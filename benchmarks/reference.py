"""A hand-written pure-Python reference scorer: the practical floor.

It computes the same exact figures civscore reports — item and category
scores, the base total with 按比例折算, bonus (groups, counts, cap),
penalties, the total raw and rounded, the outcome and the level — with
Decimal arithmetic in plain tuples, dicts and loops, the way a developer
would write one rubric's scorer by hand.  It validates nothing, explains
nothing and builds no result objects: it is what "as fast as it gets in
Python" means for the benchmark.  bench.py asserts its figures equal
civscore's.
"""

from __future__ import annotations

import datetime
import decimal
from decimal import Decimal
from typing import Any

from civscore import Assessment, Rubric

ZERO = Decimal(0)
CTX = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)
MODES = {"half-up": decimal.ROUND_HALF_UP, "half-even": decimal.ROUND_HALF_EVEN,
         "down": decimal.ROUND_DOWN, "up": decimal.ROUND_UP}

# A node: (path, method, points, floor, data, children); data by method:
# deduct/group: {rule id: (per, max, zeroes)}; award: {std id: (points, max)};
# tiered: {tier id: points}; ratio: (target, per_point, bands); others: None.
Node = tuple[str, str, Decimal, Decimal, Any, tuple[Any, ...]]


def _node(item: Any, path: str) -> Node:
    rules = {r.id: (r.deduct, r.max, r.zeroes) for r in item.rules}
    if item.criteria:
        children = tuple(_node(c, f"{path}.{c.id}") for c in item.criteria)
        return (path, "group", item.points, item.floor, rules, children)
    method = item.method
    data: Any = None
    if method == "deduct":
        data = rules
    elif method == "award":
        data = {s.id: (s.points, s.max) for s in item.standards}
    elif method == "tiered":
        data = {t.id: t.points for t in item.tiers}
    elif method == "ratio":
        data = (item.target, item.deduct_per_point,
                [(b.at_least, b.above, b.points) for b in item.bands])
    return (path, method, item.points, item.floor, data, ())


def _deduct(rules: dict[str, Any], hits: Any, running: Decimal, floor: Decimal) -> Decimal:
    for hit in hits:
        per, cap, zeroes = rules[hit.rule]
        if zeroes:
            if hit.count:
                running = floor
            continue
        amount = (hit.deduct if hit.deduct is not None else per) * hit.count
        if cap is not None and amount > cap:
            amount = cap
        running -= amount
    return running


class Reference:
    """One rubric digested into plain data; :meth:`score` gives the figures."""

    def __init__(self, rubric: Rubric) -> None:
        self.total = rubric.total
        self.policy = rubric.not_applicable
        self.categories = [_node(c, c.id) for c in rubric.categories]
        self.bonus = {b.id: (b.points, b.group, b.max_count) for b in rubric.bonus.items} \
            if rubric.bonus else {}
        self.cap = rubric.bonus.cap if rubric.bonus else None
        self.penalties = {p.id: (p.deduct, p.max) for p in rubric.penalties}
        self.bars = {b.id: (b.lookback_years, b.lookback_months, b.lookback_days)
                     for b in rubric.bars}
        self.places = rubric.rounding.places
        self.quantum = Decimal(1).scaleb(-self.places)
        self.mode = MODES[rubric.rounding.mode]
        self.compare_rounded = rubric.rounding.compare == "rounded"
        self.levels = sorted(((lv.min_total, lv.id, lv.max_total, lv.min_category_share,
                               lv.gates) for lv in rubric.levels), key=lambda lv: lv[:2])

    def _item(self, node: Node, findings: dict[str, Any], na: bool) -> tuple[Decimal, Decimal]:
        """(score, effective maximum) of one item."""
        path, method, points, floor, data, children = node
        finding = findings.get(path)
        if na or (finding is not None and finding.not_applicable):
            for child in children:
                self._item(child, findings, True)
            return ZERO, (points if self.policy == "zero" else ZERO)
        if children:
            sub = ZERO
            effective = ZERO
            all_na = True
            for child in children:
                s, e = self._item(child, findings, False)
                sub += s
                effective += e
                child_finding = findings.get(child[0])
                if child_finding is None or not child_finding.not_applicable:
                    all_na = False
            raw = sub if finding is None else _deduct(data, finding.hits, sub, floor)
            effective = min(points, effective)
            if all_na:
                effective = points if self.policy == "zero" else ZERO
        elif method == "deduct":
            raw = points if finding is None else _deduct(data, finding.hits, points, floor)
            effective = points
        elif method == "tiered":
            raw, effective = data[finding.tier], points
        elif method == "direct":
            raw, effective = finding.points, points
        elif method == "all_or_nothing":
            raw, effective = (points if finding.met else ZERO), points
        elif method == "award":
            raw = ZERO
            if finding is not None:
                for hit in finding.standards:
                    each, cap = data[hit.standard]
                    amount = each * hit.count
                    raw += cap if cap is not None and amount > cap else amount
            effective = points
        elif method == "ratio":
            target, per_point, bands = data
            rate = finding.rate
            if target is not None:
                raw = points - max(ZERO, target - rate) * per_point
            else:
                best = None
                for at_least, above, band_points in bands:
                    if ((at_least is not None and rate >= at_least)
                            or (above is not None and rate > above)) and (
                            best is None or band_points > best):
                        best = band_points
                raw = best or ZERO
            effective = points
        else:
            raise ValueError(method)
        score = floor if raw < floor else (points if raw > points else raw)
        return score, effective

    def score(self, assessment: Assessment) -> tuple[Any, ...]:
        """(category scores, base raw, base scaled, total raw, total rounded,
        outcome status, level id)."""
        findings = {f.criterion: f for f in assessment.findings}
        scores = []
        raw = ZERO
        lost = ZERO
        shares_ok: dict[Decimal, bool] = {}
        for node in self.categories:
            s, e = self._item(node, findings, False)
            scores.append((s, e))
            raw += s
            lost += node[2] - e
        effective = self.total - lost
        scaled = raw
        if self.policy == "rescale" and effective < self.total:
            scaled = ZERO if effective <= 0 else CTX.divide(CTX.multiply(raw, self.total),
                                                            effective)
        bonus = ZERO
        if assessment.bonus:
            used: dict[str, int] = {}
            best: dict[str, Decimal] = {}
            for claim in assessment.bonus:
                each, group, max_count = self.bonus[claim.item]
                n = min(claim.count, max_count - used.get(claim.item, 0))
                used[claim.item] = used.get(claim.item, 0) + n
                counted = each * n
                if group:
                    if counted > best.get(group, ZERO):
                        best[group] = counted
                else:
                    bonus += counted
            bonus += sum(best.values(), ZERO)
            if self.cap is not None and bonus > self.cap:
                bonus = self.cap
        penalty = ZERO
        if assessment.penalties:
            taken: dict[str, Decimal] = {}
            for pclaim in assessment.penalties:
                each, cap = self.penalties[pclaim.item]
                amount = each * pclaim.count
                if cap is not None:
                    room = max(ZERO, cap - taken.get(pclaim.item, ZERO))
                    amount = min(amount, room)
                taken[pclaim.item] = taken.get(pclaim.item, ZERO) + amount
                penalty += amount
        total = scaled + bonus - penalty
        if total < 0:
            total = ZERO
        rounded = total.quantize(self.quantum, rounding=self.mode)
        compared = rounded if self.compare_rounded else total
        status, level = "unrated", None
        if assessment.vetoes:
            status = "vetoed"
        elif assessment.bars and any(self._inside(assessment, b) for b in assessment.bars):
            status = "ineligible"
        elif self.levels:
            status = "not_awarded"
            gates = assessment.gates
            for min_total, ident, max_total, share, level_gates in self.levels:
                if compared < min_total or (max_total is not None and compared > max_total):
                    continue
                if share is not None:
                    ok = shares_ok.get(share)
                    if ok is None:
                        ok = shares_ok[share] = all(not e or s >= share * e for s, e in scores)
                    if not ok:
                        continue
                if any(not gates.get(g, False) for g in level_gates):
                    continue
                status, level = "awarded", ident
        return (tuple(s for s, _e in scores), raw, scaled, total, rounded, status, level)

    def _inside(self, assessment: Assessment, finding: Any) -> bool:
        years, months, days = self.bars[finding.bar]
        end = assessment.assessed_on
        assert end is not None
        n = end.year * 12 + end.month - 1 - years * 12 - months
        year, month = divmod(n, 12)
        month += 1
        last = (datetime.date(year + (month == 12), month % 12 + 1, 1)
                - datetime.timedelta(1)).day
        start = datetime.date(year, month, min(end.day, last)) - datetime.timedelta(days)
        return bool(start <= finding.date <= end)
