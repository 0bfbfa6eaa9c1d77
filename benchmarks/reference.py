"""A hand-written pure-Python reference scorer: the practical floor.

It computes the same exact figures civscore reports — item and category
scores, the base total with 按比例折算, bonus (groups, counts, cap),
penalties, the total raw and rounded, the outcome and the level — with
plain Decimal arithmetic, the way a developer would write one rubric's
scorer by hand when speed matters.  It validates nothing, explains nothing
and builds no result objects: it is what "as fast as it gets in Python"
means for the benchmark.  bench.py asserts its figures equal civscore's.

The rubric is compiled once:

* every item gets a slot in one flat list of scores, the sub-items of each
  group in consecutive slots (the categories first), so a group's subtotal
  is ``sum(scores[first:last])``;
* every leaf gets a closure that turns its finding into its clamped score,
  and a default score for no finding (扣分制: full points; 得分制: nothing
  earned); what depends on the rubric alone is worked out in advance: the
  clamped score of each tier, band and all-or-nothing answer, and for each
  fixed-amount rule what a hit takes off by its count (capped by the rule's
  max) and the score of an item with that one hit;
* the groups are listed deepest first, so one pass over them adds up the tree.

Scoring an assessment copies the list of default scores, goes once over the
findings (each finding's slot by its path), adds up the groups and works
out the totals.  Only not-applicable items (a few assessments in a
hundred) take a second, general pass that also tracks effective maxima.
"""

from __future__ import annotations

import datetime
import decimal
import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from civscore import Assessment, Rubric

ZERO = Decimal(0)
CTX = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)
MODES = {"half-up": decimal.ROUND_HALF_UP, "half-even": decimal.ROUND_HALF_EVEN,
         "down": decimal.ROUND_DOWN, "up": decimal.ROUND_UP}

#: Rule hits with counts below this are looked up in precomputed tables.
COUNTS = 16

#: ``run(hits, running, floor) -> running`` after a list of rule hits.
Rules = Callable[[Any, Decimal, Decimal], Decimal]
#: ``leaf(finding) -> score`` (clamped to [floor, points]).
Leaf = Callable[[Any], Decimal]


def _rules(rules: Any) -> Rules:
    """The rule hits of one item: each rule's ``max`` caps all its hits
    together; a ``zeroes`` hit sets the running score to the floor."""
    table: dict[str, tuple[Any, Any, list[Decimal] | None] | None] = {}
    for r in rules:
        if r.zeroes:
            table[r.id] = None
        else:  # (per occurrence, max, what one hit takes off by its count)
            amounts = None if r.deduct is None else [
                r.deduct * n if r.max is None else min(r.deduct * n, r.max)
                for n in range(COUNTS)]
            table[r.id] = (r.deduct, r.max, amounts)

    def run(hits: Any, running: Decimal, floor: Decimal) -> Decimal:
        taken: dict[str, Decimal] = {}  # by each rule so far
        for hit in hits:
            rule = hit.rule
            spec = table[rule]
            if spec is None:
                if hit.count:
                    running = floor
                continue
            per, cap, amounts = spec
            count = hit.count
            used = taken.get(rule)
            if used is None and amounts is not None and count < COUNTS:
                amount = amounts[count]
            else:
                amount = (hit.deduct if per is None else per) * count
                if cap is not None:  # what is left under the rule's max
                    room = cap if used is None else cap - used
                    amount = room if amount > room else amount
            taken[rule] = amount if used is None else used + amount
            running -= amount
        return running

    return run


def _clamp(points: Decimal, floor: Decimal) -> Callable[[Decimal], Decimal]:
    def clamp(raw: Decimal) -> Decimal:
        return floor if raw < floor else (points if raw > points else raw)
    return clamp


def _leaf(item: Any) -> tuple[Leaf, Decimal | None]:
    """(closure, score without a finding — ``None`` when one is needed)."""
    points, floor, method = item.points, item.floor, item.method
    clamp = _clamp(points, floor)
    if method == "deduct":
        run = _rules(item.rules)
        # The usual finding is one hit of one rule: its score by the count,
        # worked out in advance for every rule with a fixed amount.
        # A discretionary rule's one hit is its amount times the count.
        single: dict[str, list[Decimal]] = {}
        ranged: dict[str, Decimal | None] = {}
        for r in item.rules:
            if r.zeroes:
                single[r.id] = [points] + [floor] * (COUNTS - 1)
            elif r.deduct is not None:
                single[r.id] = [clamp(points - (r.deduct * n if r.max is None
                                                else min(r.deduct * n, r.max)))
                                for n in range(COUNTS)]
            else:
                ranged[r.id] = r.max

        def deduct(f: Any) -> Decimal:
            hits = f.hits
            if not hits:
                return points
            if len(hits) == 1:
                hit = hits[0]
                table = single.get(hit.rule)
                if table is None:
                    cap = ranged[hit.rule]
                    amount = hit.deduct * hit.count
                    if cap is not None and amount > cap:
                        amount = cap
                    raw = points - amount
                    return raw if raw > floor else floor
                if hit.count < COUNTS:
                    return table[hit.count]
            raw = run(hits, points, floor)  # deductions never raise a score
            return raw if raw > floor else floor

        return deduct, points
    if method == "award":
        standards = {s.id: (s.points, s.max) for s in item.standards}

        def award(f: Any) -> Decimal:
            raw = ZERO
            earned: dict[str, Decimal] | None = None
            for hit in f.standards:
                each, cap = standards[hit.standard]
                amount = each * hit.count
                if cap is not None:
                    if earned is None:
                        earned = {}
                    used = earned.get(hit.standard, ZERO)
                    if amount > cap - used:
                        amount = cap - used if cap > used else ZERO
                    earned[hit.standard] = used + amount
                raw += amount
            return points if raw > points else (raw if raw > floor else floor)

        return award, clamp(ZERO)
    if method == "tiered":
        tiers = {t.id: clamp(t.points) for t in item.tiers}

        def tiered(f: Any) -> Decimal:
            return tiers[f.tier]

        return tiered, None
    if method == "direct":
        # The number entered is within [0, points] (civscore checks it).
        def direct(f: Any) -> Decimal:
            given: Decimal = f.points
            return given if given > floor else floor

        return direct, None
    if method == "all_or_nothing":
        yes, no = clamp(points), clamp(ZERO)

        def all_or_nothing(f: Any) -> Decimal:
            return yes if f.met else no

        return all_or_nothing, None
    if method == "ratio":
        if item.target is not None:
            target, per_point = item.target, item.deduct_per_point

            def linear(f: Any) -> Decimal:
                short = target - f.rate
                if short <= 0:
                    return points
                raw = points - short * per_point
                return raw if raw > floor else floor

            return linear, None
        # The highest-scoring band met: try the bands best first.
        bands = sorted(((b.points, b.above is not None,
                         b.above if b.above is not None else b.at_least) for b in item.bands),
                       key=lambda band: band[0], reverse=True)
        scored = [(strict, bound, clamp(band_points)) for band_points, strict, bound in bands]
        none = clamp(ZERO)

        def banded(f: Any) -> Decimal:
            rate = f.rate
            for strict, bound, got in scored:
                if rate > bound if strict else rate >= bound:
                    return got
            return none

        return banded, None
    raise ValueError(f"no reference for method {method!r}")


class Reference:
    """One rubric compiled into flat lists; :meth:`score` gives the figures."""

    def __init__(self, rubric: Rubric) -> None:
        self.total = rubric.total
        self.rescale = rubric.not_applicable == "rescale"
        self.zero = rubric.not_applicable == "zero"
        index: dict[str, int] = {}
        items: list[Any] = []
        #: (slot, first child slot, end, points, floor, rules, allotted), breadth first
        groups: list[tuple[int, int, int, Decimal, Decimal, Rules | None, Decimal]] = []
        queue = [(c, c.id) for c in rubric.categories]
        for item, path in queue:  # grows while walked: slots breadth first
            index[path] = len(items)
            items.append(item)
        self.categories_n = len(queue)
        head = 0
        while head < len(queue):
            item, path = queue[head]
            head += 1
            if item.criteria:
                first = len(items)
                for child in item.criteria:
                    child_path = f"{path}.{child.id}"
                    index[child_path] = len(items)
                    items.append(child)
                    queue.append((child, child_path))
                groups.append((index[path], first, len(items), item.points, item.floor,
                               _rules(item.rules) if item.rules else None,
                               min(item.points, sum((c.points for c in item.criteria), ZERO))))
        self.index = index
        self.points = [item.points for item in items]
        self.groups = groups[::-1]  # deepest first
        leaves: list[Leaf | None] = []
        defaults: list[Decimal | None] = []
        for item in items:
            if item.criteria:
                leaves.append(None)
                defaults.append(None)
            else:
                leaf, default = _leaf(item)
                leaves.append(leaf)
                defaults.append(default)
        self.leaves = leaves
        self.defaults = defaults
        # Effective maxima with everything applicable (a group can give at
        # most its points and what its sub-items can), and the subtrees.
        effective = list(self.points)
        self.subtree: list[list[int]] = [[i] for i in range(len(items))]
        for slot, first, end, points, _floor, _run, _allotted in self.groups:
            effective[slot] = min(points, sum(effective[first:end], ZERO))
            for child in range(first, end):
                self.subtree[slot].extend(self.subtree[child])
        self.effective = effective
        self.static_effective = self.total - sum(
            (self.points[i] - effective[i] for i in range(self.categories_n)), ZERO)
        self.bonus = {b.id: (b.points, b.group, b.max_count) for b in rubric.bonus.items} \
            if rubric.bonus else {}
        self.cap = rubric.bonus.cap if rubric.bonus else None
        self.penalties = {p.id: (p.deduct, p.max) for p in rubric.penalties}
        self.bars = {b.id: (b.lookback_years, b.lookback_months, b.lookback_days)
                     for b in rubric.bars}
        self.quantum = Decimal(1).scaleb(-rubric.rounding.places)
        self.mode = MODES[rubric.rounding.mode]
        self.compare_rounded = rubric.rounding.compare == "rounded"
        self.levels = sorted(((lv.min_total, lv.id, lv.max_total, lv.min_category_share,
                               lv.gates) for lv in rubric.levels), key=lambda lv: lv[:2])

    def score(self, assessment: Assessment) -> tuple[Any, ...]:
        """(category scores, base raw, base scaled, total raw, total rounded,
        outcome status, level id)."""
        index, leaves = self.index, self.leaves
        scores = self.defaults[:]
        group_hits: dict[int, Any] | None = None
        na: list[int] | None = None
        for f in assessment.findings:
            slot = index[f.criterion]
            if f.not_applicable:
                if na is None:
                    na = []
                na.append(slot)
                continue
            leaf = leaves[slot]
            if leaf is not None:
                scores[slot] = leaf(f)
            elif f.hits:
                if group_hits is None:
                    group_hits = {}
                group_hits[slot] = f.hits
        n = self.categories_n
        if na is not None:
            effective = self._not_applicable(scores, group_hits, na)
            category_max = effective[:n]
            base_effective = self.total - sum(
                (self.points[i] - effective[i] for i in range(n)), ZERO)
        else:
            for slot, first, end, points, floor, run, _allotted in self.groups:
                raw = sum(scores[first:end], ZERO)
                if group_hits is not None and slot in group_hits and run is not None:
                    raw = run(group_hits[slot], raw, floor)
                scores[slot] = floor if raw < floor else (points if raw > points else raw)
            category_max = self.effective[:n]
            base_effective = self.static_effective
        categories = scores[:n]
        raw = sum(categories, ZERO)
        scaled = raw
        if self.rescale and base_effective < self.total:
            scaled = ZERO if base_effective <= 0 else CTX.divide(
                CTX.multiply(raw, self.total), base_effective)
        total = scaled
        if assessment.bonus:
            total += self._bonus(assessment)
        if assessment.penalties:
            total -= self._penalties(assessment)
        if total < 0:
            total = ZERO
        rounded = total.quantize(self.quantum, rounding=self.mode)
        status, level = self._outcome(assessment, rounded if self.compare_rounded else total,
                                      categories, category_max)
        return (tuple(categories), raw, scaled, total, rounded, status, level)

    def _not_applicable(self, scores: list[Any], group_hits: dict[int, Any] | None,
                        na_slots: list[int]) -> list[Decimal]:
        """The general pass, with not-applicable items: fills ``scores`` and
        returns the effective maxima.  A floor protects only what is
        applicable (0 when nothing below a group is, at most the group's
        lowered maximum otherwise)."""
        points = self.points
        na = [False] * len(points)
        for slot in na_slots:
            for below in self.subtree[slot]:
                na[below] = True
        effective = list(points)
        for slot, out in enumerate(na):
            if out:
                scores[slot] = ZERO
                effective[slot] = points[slot] if self.zero else ZERO
        nothing = list(na)  # nothing applicable at or below the slot
        for slot, first, end, top, declared, run, allotted in self.groups:
            if na[slot]:
                continue
            most = min(top, sum(effective[first:end], ZERO))
            if all(na[first:end]):
                most = top if self.zero else ZERO
            floor = declared
            if all(nothing[first:end]):
                floor = ZERO
                nothing[slot] = True
            if most < allotted:
                floor = min(floor, most)
            raw = sum(scores[first:end], ZERO)
            if group_hits is not None and slot in group_hits and run is not None:
                raw = run(group_hits[slot], raw, floor)
            scores[slot] = floor if raw < floor else (top if raw > top else raw)
            effective[slot] = most
        return effective

    def _bonus(self, assessment: Assessment) -> Decimal:
        """Each item per occurrence up to max_count (over all its claims);
        only the highest item of a group; then the cap."""
        occurrences: dict[str, int] = {}
        for claim in assessment.bonus:
            occurrences[claim.item] = occurrences.get(claim.item, 0) + claim.count
        bonus = ZERO
        best: dict[str, Decimal] = {}
        for ident, count in occurrences.items():
            each, group, max_count = self.bonus[ident]
            counted = each * (count if count < max_count else max_count)
            if not group:
                bonus += counted
            elif counted > best.get(group, ZERO):
                best[group] = counted
        if best:
            bonus += sum(best.values(), ZERO)
        cap = self.cap
        return cap if cap is not None and bonus > cap else bonus

    def _penalties(self, assessment: Assessment) -> Decimal:
        penalty = ZERO
        taken: dict[str, Decimal] = {}
        for claim in assessment.penalties:
            each, cap = self.penalties[claim.item]
            amount = each * claim.count
            if cap is not None:
                used = taken.get(claim.item, ZERO)
                if amount > cap - used:
                    amount = cap - used if cap > used else ZERO
                taken[claim.item] = used + amount
            penalty += amount
        return penalty

    def _outcome(self, assessment: Assessment, compared: Decimal, categories: list[Any],
                 effective: list[Decimal]) -> tuple[str, str | None]:
        if assessment.vetoes:
            return "vetoed", None
        if assessment.bars and any(self._inside(assessment, b) for b in assessment.bars):
            return "ineligible", None
        if not self.levels:
            return "unrated", None
        status, level = "not_awarded", None
        gates = assessment.gates
        shares_ok: dict[Decimal, bool] = {}
        for min_total, ident, max_total, share, level_gates in self.levels:
            if compared < min_total or (max_total is not None and compared > max_total):
                continue
            if share is not None:
                ok = shares_ok.get(share)
                if ok is None:
                    ok = shares_ok[share] = all(
                        not e or s >= share * e for s, e in zip(categories, effective, strict=True))
                if not ok:
                    continue
            if level_gates and not all(gates.get(g, False) for g in level_gates):
                continue
            status, level = "awarded", ident
        return status, level

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


#: The entry of a finding each built-in method reads (docs/assessment.md).
READS = {"deduct": "hits", "award": "standards", "tiered": "tier", "direct": "points",
         "ratio": "rate", "all_or_nothing": "met"}
#: A finding's entries, and their values when not given.
ENTRIES = {"hits": (), "standards": (), "tier": None, "points": None, "rate": None, "met": None}


class FindingChecks:
    """Three of the checks civscore makes of every finding before it scores
    it (``docs/refuses.md``), written as tightly as :class:`Reference`: the
    finding names an item of the rubric, no other finding names the same
    item, and it gives no entry other than the one its item's method reads
    (one attribute fetch of the others, compared with their values when not
    given).  It scores nothing: its time is a floor under the time of any
    scorer that refuses what civscore refuses, whatever else it does."""

    def __init__(self, rubric: Rubric) -> None:
        self.others: dict[str, tuple[Callable[[Any], Any], tuple[Any, ...]]] = {}
        stack = [(c, c.id) for c in rubric.categories]
        while stack:
            item, path = stack.pop()
            stack.extend((child, f"{path}.{child.id}") for child in item.criteria)
            reads = READS.get(item.method or "", "hits")  # a group's finding gives its hits
            others = [key for key in ENTRIES if key != reads]
            self.others[path] = (operator.attrgetter(*others),
                                 tuple(ENTRIES[key] for key in others))

    def run(self, assessment: Assessment) -> bool:
        """Whether every finding of ``assessment`` passes the three checks."""
        others = self.others
        findings = assessment.findings
        for f in findings:
            entry = others.get(f.criterion)
            if entry is None or entry[0](f) != entry[1]:
                return False
        return len({f.criterion for f in findings}) == len(findings)
