"""Construction: assessments built to reach a given total.

:class:`Search` knows, for one rubric, every score each item can get (as a
bit set in units, see :mod:`civscore.testing.units`) and so every total the
rubric can reach; it builds an assessment for any of them.  The level
properties and :func:`near_thresholds` use it to land exactly on, just below
and just above each level's thresholds.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from civscore.model import (
    Assessment,
    BonusClaim,
    Criterion,
    Finding,
    Rubric,
    RuleHit,
    scaled_item,
)
from civscore.model.points import ZERO, quantize, to_text
from civscore.scoring.methods import ScoringMethod
from civscore.testing.candidates import (
    MAX_CANDIDATES,
    adjustments,
    bonus_base,
    bonus_ceiling,
    candidates,
    rule_reductions,
)
from civscore.testing.units import (
    ceil_units,
    clamp_bits,
    convolve,
    finest_places,
    floor_units,
    highest_below,
    lowest_at_least,
    set_bits,
    to_units,
)

__all__ = ["Search", "UnsupportedRubricError", "cached_search", "near_thresholds"]

#: Construction gives up on rubrics whose totals span more units than this.
_MAX_UNITS = 2_000_000
_ASSESSED_ON = datetime.date(2024, 6, 30)


class UnsupportedRubricError(Exception):
    """The suite cannot construct assessments for this rubric."""



@attrs.define
class _Node:
    """What the construction knows of one item: the scores it can get (a bit
    set in units) and how to get each one."""

    item: Criterion
    path: str
    floor: int
    top: int
    bits: int = 0
    findings: dict[int, Finding] = attrs.field(factory=dict)
    children: list[_Node] = attrs.field(factory=list)
    prefix: list[int] = attrs.field(factory=list)
    reductions: dict[int, tuple[RuleHit, ...]] = attrs.field(factory=dict)


class Search:
    """Constructs assessments with a given compared total (no not-applicable items).

    :raises UnsupportedRubricError: when a rubric's points are too fine-grained
        or an item's method gives no finding to construct with.
    """

    def __init__(self, rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> None:
        self.rubric = rubric
        self.methods = methods
        self.places = finest_places(rubric)
        self.unit = Decimal(1).scaleb(-self.places)
        span = sum((c.points for c in rubric.categories), ZERO) + bonus_ceiling(rubric)
        if span.scaleb(self.places) > _MAX_UNITS:
            raise UnsupportedRubricError(
                f"its points are too fine-grained ({self.places} decimal places over "
                f"{to_text(span)} points) to construct totals exhaustively")
        self.categories = [self._node(c, c.id) for c in rubric.categories]
        self.adjustments = adjustments(rubric, self.places)
        self._totals: dict[Decimal | None, tuple[list[int], int]] = {}

    def _node(self, item: Criterion, path: str) -> _Node:
        floor = ceil_units(item.floor, self.places)
        top = floor_units(item.points, self.places)
        node = _Node(item, path, floor, top)
        if item.criteria:
            node.children = [self._node(c, f"{path}.{c.id}") for c in item.criteria]
            prefix = [1]
            for child in node.children:
                prefix.append(convolve(prefix[-1], child.bits))
            node.prefix = prefix
            sums = prefix[-1]
            node.reductions = rule_reductions(item.rules, self.places, max(sums.bit_length(), 1))
            bits = 0
            for r in node.reductions:
                bits |= sums >> r
                if sums & ((1 << r) - 1):
                    bits |= 1 << floor
            node.bits = clamp_bits(bits, floor, top)
            return node
        item = node.item = scaled_item(self.rubric, item)
        method = self.methods.get(item.method or "")
        if method is None:
            raise UnsupportedRubricError(f"method {item.method!r} of {path!r} is not installed")
        for finding in candidates(item, path, method, self.places):
            if any(p.severity == "error" for p in method.check(item, finding)):
                continue
            raw = sum((p.points for p in method.score(item, finding)), ZERO)
            k = to_units(min(max(raw, item.floor), item.points), self.places)
            if k is not None and k not in node.findings:
                node.findings[k] = finding
            if len(node.findings) > MAX_CANDIDATES:
                break
        if not node.findings:
            raise UnsupportedRubricError(
                f"no finding for {path!r} (method {item.method!r}) could be constructed; give "
                "the method an example_findings(item) method")
        for k in node.findings:
            node.bits |= 1 << k
        return node

    def _pick(self, node: _Node, k: int, out: list[Finding]) -> None:
        if not node.children:
            out.append(node.findings[k])
            return
        sums = node.prefix[-1]
        for r, hits in node.reductions.items():
            s: int | None = k + r if sums >> (k + r) & 1 else None
            if s is None and k == node.top:
                s = lowest_at_least(sums, node.top + r)
            if s is None and k == node.floor:
                s = highest_below(sums, node.floor + r + 1)
            if s is None:
                continue
            if hits:
                out.append(Finding(node.path, hits=hits))
            self._pick_sum(node.children, node.prefix, s, out)
            return
        raise AssertionError(  # pragma: no cover - the bit sets say a choice exists
            f"civscore.testing: cannot rebuild {node.path} = {k}")

    def _pick_sum(self, nodes: Sequence[_Node], prefix: Sequence[int], s: int,
                  out: list[Finding]) -> None:
        for i in range(len(nodes) - 1, -1, -1):
            for k in set_bits(nodes[i].bits):
                if k <= s and prefix[i] >> (s - k) & 1:
                    self._pick(nodes[i], k, out)
                    s -= k
                    break
            else:  # pragma: no cover - the prefix sums say a choice exists
                raise AssertionError("civscore.testing: inconsistent prefix sums")

    def _base(self, share: Decimal | None) -> tuple[list[int], int]:
        """Prefix sum sets of the categories (each at least ``share`` of its
        points), and the set of reachable totals."""
        if share not in self._totals:
            masked = []
            for node in self.categories:
                low = 0 if share is None else ceil_units(share * node.item.points, self.places)
                masked.append((node.bits >> low) << low)
            prefix = [1]
            for bits in masked:
                prefix.append(convolve(prefix[-1], bits))
            totals = 0
            for net, (bclaims, _pclaims) in self.adjustments.items():
                # only the bases at which every bonus claimed counts (min_base)
                need = self._need(bclaims)
                base = (prefix[-1] >> need) << need
                if net >= 0:
                    totals |= base << net
                else:
                    totals |= base >> -net
                    if base & ((1 << -net) - 1):
                        totals |= 1  # the total never goes below 0
            self._totals[share] = (prefix, totals)
        return self._totals[share]

    def _need(self, claims: tuple[BonusClaim, ...]) -> int:
        """The base total (units) at which every one of ``claims`` counts."""
        return ceil_units(bonus_base(self.rubric, claims), self.places)

    def totals(self, share: Decimal | None) -> int:
        """The reachable raw totals (a bit set in units)."""
        return self._base(share)[1]

    def build(self, k: int, share: Decimal | None) -> Assessment:
        """An assessment whose raw total is ``k`` units (which must be reachable)."""
        prefix, _totals = self._base(share)
        base = prefix[-1]
        lows = [0 if share is None else ceil_units(share * n.item.points, self.places)
                for n in self.categories]
        masked = [(n.bits >> low) << low for n, low in zip(self.categories, lows, strict=True)]
        for net, (bclaims, pclaims) in sorted(self.adjustments.items(),
                                              key=lambda pair: (abs(pair[0]), -pair[0])):
            allowed = (base >> self._need(bclaims)) << self._need(bclaims)
            b: int | None = k - net if k - net >= 0 and allowed >> (k - net) & 1 else None
            if b is None and k == 0 and net < 0:
                b = highest_below(allowed, -net + 1)
            if b is None:
                continue
            findings: list[Finding] = []
            nodes = [attrs.evolve(n, bits=m) for n, m in zip(self.categories, masked, strict=True)]
            self._pick_sum(nodes, prefix, b, findings)
            return Assessment(
                rubric=self.rubric.ref, unit="civscore.testing", assessed_on=_ASSESSED_ON,
                findings=tuple(sorted(findings, key=lambda f: f.criterion)),
                bonus=bclaims, penalties=pclaims,
                gates={g.id: True for g in self.rubric.gates},
            )
        raise AssertionError(f"civscore.testing: total {k} is not reachable")  # pragma: no cover

    def compared(self, k: int) -> Decimal:
        """The total that levels compare (raw, or rounded by the rubric's rule)
        for a raw total of ``k`` units."""
        raw = Decimal(k).scaleb(-self.places)
        rule = self.rubric.rounding
        return quantize(raw, rule.places, rule.mode) if rule.compare == "rounded" else raw

    def _slack(self) -> int:
        """Units of raw total that one step of the compared total can span."""
        rule = self.rubric.rounding
        if rule.compare == "raw":
            return 0
        return max(1, math.ceil(Decimal(1).scaleb(self.places - rule.places)))

    def exact(self, bits: int, target: Decimal) -> int | None:
        """A reachable raw total (units) whose compared total is ``target``."""
        centre = floor_units(target, self.places)
        slack = self._slack()
        lo = max(0, centre - slack - 1)
        window = (bits >> lo) & ((1 << (2 * slack + 3)) - 1)
        for offset in set_bits(window):
            if self.compared(lo + offset) == target:
                return lo + offset
        return None

    def below(self, bits: int, target: Decimal) -> int | None:
        """The highest reachable raw total whose compared total is below ``target``."""
        limit = ceil_units(target, self.places) + self._slack() + 1
        while (k := highest_below(bits, limit)) is not None:
            if self.compared(k) < target:
                return k
            limit = k
        return None

    def above(self, bits: int, target: Decimal) -> int | None:
        """The lowest reachable raw total whose compared total is above ``target``."""
        start = max(0, floor_units(target, self.places) - self._slack())
        while (k := lowest_at_least(bits, start)) is not None:
            if self.compared(k) > target:
                return k
            start = k + 1
        return None

    def at_least(self, bits: int, target: Decimal) -> int | None:
        """The lowest reachable raw total whose compared total is at least ``target``."""
        start = max(0, floor_units(target, self.places) - self._slack())
        while (k := lowest_at_least(bits, start)) is not None:
            if self.compared(k) >= target:
                return k
            start = k + 1
        return None


_SEARCHES: list[tuple[Rubric, Mapping[str, ScoringMethod], Search | UnsupportedRubricError]] = []


def cached_search(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> Search:
    """The construction for ``rubric``, reused while the same objects are in use.

    :raises UnsupportedRubricError: (again, for each call) when the suite cannot
        construct assessments for the rubric.
    """
    found = next((f for r, m, f in _SEARCHES if r is rubric and m is methods), None)
    if found is None:
        try:
            found = Search(rubric, methods)
        except UnsupportedRubricError as exc:
            found = exc
        _SEARCHES.insert(0, (rubric, methods, found))
        del _SEARCHES[8:]
    if isinstance(found, UnsupportedRubricError):
        raise found
    return found


def near_thresholds(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> list[Assessment]:
    """Constructed assessments at, just below and just above each level's
    thresholds, plus the best possible one (none when construction is not
    supported for the rubric)."""
    try:
        search = cached_search(rubric, methods)
    except UnsupportedRubricError:
        return []
    everything = search.totals(None)
    out = [search.build(everything.bit_length() - 1, None)]
    for level in rubric.levels:
        bits = search.totals(level.min_category_share)
        for target in (level.min_total, level.max_total):
            if target is None:
                continue
            for k, share in ((search.exact(bits, target), level.min_category_share),
                             (search.below(everything, target), None),
                             (search.above(everything, target), None)):
                if k is not None:
                    out.append(search.build(k, share))
    return out
