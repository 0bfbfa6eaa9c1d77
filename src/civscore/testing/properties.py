"""Property-based testing of rubrics (测评体系的性质测试), for rubric authors.

A locality that publishes a rubric runs the property suite in its CI, either
with one call in its own tests::

    from civscore.plugins import default_registry
    from civscore.testing import check_rubric_properties

    def test_rubric_properties():
        check_rubric_properties(default_registry().get("danjiangkou@2010-2011"))

or with ``pytest --civscore`` (see :mod:`civscore.testing.pytest_plugin`).

The properties (names as in :data:`PROPERTIES`):

``consistency``
    :func:`civscore.check_rubric` finds no error.
``parts-add-up``
    every figure of a scorecard is the exact sum of its parts: an item's raw
    score is the sum of its parts (a group's: its children's scores plus its
    own parts), ``score = raw + clamp``; ``base.raw`` is the sum of the
    categories and of the evidence-method subtotals; ``total.raw =
    base.scaled + bonus.total − penalties.total + floor_adjustment``.
``in-bounds``
    every score stays within ``[floor, points]``, within what its method's
    bounds promise and within its effective maximum; the base total within
    ``[0, total]``; the total within ``[0, total + most bonus]``; all items
    not applicable never give a perfect score.
``more-deductions``
    one more rule hit or penalty never raises any score or the total.
``levels-reachable``
    the best possible assessment (every item at its best, the most bonus the
    rubric allows, every gate passed) reaches each level's ``min_total`` and
    conditions; a level with a ``max_total`` has some total inside its band.
``thresholds``
    an assessment whose compared total is exactly a level's ``min_total``
    (or ``max_total``) lands on that level; the nearest total below
    ``min_total`` does not; the nearest total above ``max_total`` lands on
    some level.  Skipped, with the reason recorded, when no assessment the
    suite can construct totals exactly the threshold.
``json-round-trip``
    :meth:`~civscore.results.scorecard.Scorecard.to_dict` through JSON and back
    gives an equal scorecard, and scoring twice gives equal scorecards.

A failure raises :class:`RubricPropertyError` (an :class:`AssertionError`)
whose message names the rubric, the key path in the rubric file and the
property, and shows the assessment that broke it.

This module needs Hypothesis, installed with civscore's ``testing`` extra
(``pip install 'civscore[testing]'``).  Scoring methods from plugins are
supported when they offer ``example_findings(item) -> Iterable[Finding]``
(see ``docs/testing.md``).
"""

from __future__ import annotations

import datetime
import decimal
import functools
import itertools
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

try:
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import strategies as st
except ImportError as _exc:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "civscore.testing needs Hypothesis, which civscore installs only with its "
        "'testing' extra: pip install 'civscore[testing]'"
    ) from _exc

from civscore.checks import CheckSpec, check_rubric, item_bounds, max_total
from civscore.files.loader import rubric_from_dict
from civscore.model import (
    Assessment,
    BarFinding,
    BonusClaim,
    Criterion,
    Finding,
    PenaltyClaim,
    Rubric,
    Rule,
    RuleHit,
    StandardHit,
    VetoFinding,
)
from civscore.model.points import ZERO, places_of, quantize, to_text
from civscore.model.serde import unstructure
from civscore.results.scorecard import ItemResult, Scorecard
from civscore.scoring import score
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod

__all__ = [
    "PROPERTIES",
    "PropertyReport",
    "RubricPropertyError",
    "Skipped",
    "assessments",
    "check_assessment_properties",
    "check_level_properties",
    "check_more_deductions",
    "check_plugin_rubrics",
    "check_rubric_properties",
    "harsher",
    "rubrics",
]

#: The properties :func:`check_rubric_properties` checks, in the order it checks them.
PROPERTIES: tuple[str, ...] = (
    "consistency",
    "levels-reachable",
    "thresholds",
    "parts-add-up",
    "in-bounds",
    "more-deductions",
    "json-round-trip",
)

#: Reason given for constructed not-applicable findings and discretionary hits.
_NOTE = "civscore.testing"
#: At most this many candidate findings are tried per item when constructing.
_MAX_CANDIDATES = 4000
#: Construction gives up on rubrics whose totals span more units than this.
_MAX_UNITS = 2_000_000
_ASSESSED_ON = datetime.date(2024, 6, 30)


class RubricPropertyError(AssertionError):
    """A rubric property does not hold.

    :ivar ref: the rubric, ``id@version``.
    :ivar property: the property's name (one of :data:`PROPERTIES`).
    :ivar path: the key path in the rubric file (``$.levels[1].min_total``),
        or in the result JSON for ``json-round-trip`` (``result $.total.raw``).
    :ivar message: what does not hold.
    :ivar assessment: the assessment that shows it, if any.
    """

    def __init__(self, ref: str, prop: str, path: str, message: str,
                 assessment: Assessment | None = None) -> None:
        self.ref = ref
        self.property = prop
        self.path = path
        self.message = message
        self.assessment = assessment
        text = f"{ref}: {path}: {message} [property {prop}]"
        if assessment is not None:
            text += "\nassessment: " + _assessment_text(assessment)
        super().__init__(text)


@attrs.frozen
class Skipped:
    """A property not checked for one level, and why."""

    property: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.property} skipped: {self.reason}"


@attrs.frozen
class PropertyReport:
    """What :func:`check_rubric_properties` checked.

    :ivar ref: the rubric, ``id@version``.
    :ivar checked: the properties checked (and found to hold), in whole or in part.
    :ivar skipped: what could not be checked, with reasons (path ``$.levels``:
        the whole property, e.g. when the rubric declares no levels).
    :ivar examples: how many random assessments were tried (Hypothesis may try
        a few more than ``max_examples``).
    """

    ref: str
    checked: tuple[str, ...]
    skipped: tuple[Skipped, ...] = ()
    examples: int = 0


def _assessment_text(assessment: Assessment) -> str:
    data = unstructure(assessment, skip_defaults=True)
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


def _fail(rubric: Rubric, prop: str, path: str, message: str,
          assessment: Assessment | None = None) -> RubricPropertyError:
    return RubricPropertyError(rubric.ref, prop, path, message, assessment)


# --------------------------------------------------------------------------- walking


def _walk(rubric: Rubric) -> Iterator[tuple[str, str, Criterion, int]]:
    """(dotted path, rubric key path, item, depth) of every item, depth first."""

    def walk(item: Criterion, path: str, key: str, depth: int
             ) -> Iterator[tuple[str, str, Criterion, int]]:
        yield path, key, item, depth
        for i, child in enumerate(item.criteria):
            yield from walk(child, f"{path}.{child.id}", f"{key}.criteria[{i}]", depth + 1)

    for i, category in enumerate(rubric.categories):
        yield from walk(category, category.id, f"$.categories[{i}]", 0)


def _key_paths(rubric: Rubric) -> dict[str, str]:
    return {path: key for path, key, _item, _depth in _walk(rubric)}


def _results(card: Scorecard) -> Iterator[ItemResult]:
    stack = list(reversed(card.categories))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _methods(methods: Mapping[str, ScoringMethod] | None) -> Mapping[str, ScoringMethod]:
    return BUILTIN_METHODS if methods is None else methods


# --------------------------------------------------------------------------- units


def _places(rubric: Rubric) -> int:
    """Decimal places of the finest point value the rubric writes (≤ point_places)."""
    most = 0

    def visit(obj: Any) -> None:
        nonlocal most
        if isinstance(obj, tuple):
            for v in obj:
                visit(v)
            return
        if not attrs.has(type(obj)):
            return
        for field in attrs.fields(type(obj)):
            value = getattr(obj, field.name)
            if field.metadata.get("kind") == "points":
                for v in value if isinstance(value, tuple) else (value,):
                    if isinstance(v, Decimal):
                        most = max(most, places_of(v))
            else:
                visit(value)

    visit(rubric)
    return min(most, rubric.point_places)


def _units(value: Decimal, places: int) -> int | None:
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        return None
    return int(scaled)


def _ceil_units(value: Decimal, places: int) -> int:
    return int(value.scaleb(places).to_integral_value(rounding=decimal.ROUND_CEILING))


def _floor_units(value: Decimal, places: int) -> int:
    return int(value.scaleb(places).to_integral_value(rounding=decimal.ROUND_FLOOR))


def _bits(x: int) -> Iterator[int]:
    """Indices of the set bits of ``x``, lowest first."""
    while x:
        low = x & -x
        yield low.bit_length() - 1
        x ^= low


def _lowest_at_least(x: int, m: int) -> int | None:
    x >>= m
    if not x:
        return None
    return (x & -x).bit_length() - 1 + m


def _highest_below(x: int, m: int) -> int | None:
    if m <= 0:
        return None
    x &= (1 << m) - 1
    return x.bit_length() - 1 if x else None


def _convolve(a: int, b: int) -> int:
    if a.bit_count() > b.bit_count():
        a, b = b, a
    out = 0
    for k in _bits(a):
        out |= b << k
    return out


def _clamp_bits(x: int, floor: int, top: int) -> int:
    if x >> (top + 1):
        x = (x & ((1 << (top + 1)) - 1)) | (1 << top)
    if floor > 0 and x & ((1 << floor) - 1):
        x = ((x >> floor) << floor) | (1 << floor)
    return x


# --------------------------------------------------------------------------- construction


class _UnsupportedError(Exception):
    """The suite cannot construct assessments for this rubric."""


def _rule_reductions(rules: tuple[Rule, ...], places: int, limit: int
                     ) -> dict[int, tuple[RuleHit, ...]]:
    """Achievable total deductions (in units, capped at ``limit``) by rule hits."""
    states: dict[int, tuple[RuleHit, ...]] = {0: ()}
    for rule in rules:
        options: list[tuple[int, RuleHit]] = []
        if rule.zeroes:
            options.append((limit, RuleHit(rule.id)))
        elif rule.deduct is not None:
            per = _units(rule.deduct, places)
            if per:
                cap = limit if rule.max is None else min(limit, _floor_units(rule.max, places))
                for count in range(1, min(math.ceil(limit / per), 60) + 1):
                    options.append((min(per * count, cap), RuleHit(rule.id, count)))
        elif rule.deduct_range is not None:
            lo, hi = (_ceil_units(rule.deduct_range[0], places),
                      _floor_units(rule.deduct_range[1], places))
            cap = limit if rule.max is None else min(limit, _floor_units(rule.max, places))
            for amount in range(max(lo, 1), hi + 1):
                hit = RuleHit(rule.id, 1, Decimal(amount).scaleb(-places), _NOTE)
                options.append((min(amount, cap), hit))
            if hi > 0:
                for count in range(2, min(math.ceil(limit / hi), 60) + 1):
                    hit = RuleHit(rule.id, count, Decimal(hi).scaleb(-places), _NOTE)
                    options.append((min(hi * count, cap), hit))
        new = dict(states)
        for total, hits in states.items():
            for amount, hit in options:
                key = min(limit, total + amount)
                if key not in new:
                    new[key] = (*hits, hit)
        states = new
        if len(states) > _MAX_CANDIDATES:
            break
    return states


def _award_candidates(item: Criterion, path: str, places: int) -> Iterator[Finding]:
    limit = _floor_units(item.points, places)
    states: dict[int, tuple[StandardHit, ...]] = {0: ()}
    for std in item.standards:
        per = _units(std.points, places)
        if not per:
            continue
        cap = limit if std.max is None else min(limit, _floor_units(std.max, places))
        new = dict(states)
        for total, hits in states.items():
            for count in range(1, min(math.ceil(max(cap, 1) / per), 60) + 1):
                key = min(limit, total + min(per * count, cap))
                if key not in new:
                    new[key] = (*hits, StandardHit(std.id, count))
        states = new
        if len(states) > _MAX_CANDIDATES:
            break
    for hits in states.values():
        yield Finding(path, standards=hits)


def _grid(lo: Decimal, hi: Decimal, step: Decimal) -> Iterator[Decimal]:
    """Multiples of ``step`` in ``[lo, hi]``, thinned to at most _MAX_CANDIDATES."""
    if step <= 0 or hi < lo:
        return
    first = math.ceil(lo / step)
    last = math.floor(hi / step)
    stride = max(1, math.ceil((last - first + 1) / _MAX_CANDIDATES))
    for n in range(first, last + 1, stride):
        yield step * n
    if (last - first) % stride:
        yield step * last


def _builtin(method: ScoringMethod, name: str) -> bool:
    """Whether ``method`` is the built-in method ``name`` (or derives from it)."""
    builtin = BUILTIN_METHODS.get(name)
    return builtin is not None and isinstance(method, type(builtin))


def _candidates(item: Criterion, path: str, method: ScoringMethod, places: int
                ) -> Iterator[Finding]:
    """Findings for a leaf, from which construction picks one per score."""
    unit = Decimal(1).scaleb(-places)
    name = item.method
    if name == "direct" and _builtin(method, "direct"):
        for value in _grid(ZERO, item.points, item.step or unit):
            yield Finding(path, points=value)
    elif name == "tiered" and _builtin(method, "tiered"):
        for tier in item.tiers:
            yield Finding(path, tier=tier.id)
    elif name == "all_or_nothing" and _builtin(method, "all_or_nothing"):
        yield Finding(path, met=True)
        yield Finding(path, met=False)
    elif name == "award" and _builtin(method, "award"):
        yield from _award_candidates(item, path, places)
    elif name == "deduct" and _builtin(method, "deduct"):
        limit = _ceil_units(item.points - item.floor, places)
        for hits in _rule_reductions(item.rules, places, limit).values():
            yield Finding(path, hits=hits)
    elif name == "ratio" and _builtin(method, "ratio"):
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


class _Search:
    """Constructs assessments with a given compared total (no not-applicable items)."""

    def __init__(self, rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> None:
        self.rubric = rubric
        self.methods = methods
        self.places = _places(rubric)
        self.unit = Decimal(1).scaleb(-self.places)
        span = sum((c.points for c in rubric.categories), ZERO) + _bonus_ceiling(rubric)
        if span.scaleb(self.places) > _MAX_UNITS:
            raise _UnsupportedError(
                f"its points are too fine-grained ({self.places} decimal places over "
                f"{to_text(span)} points) to construct totals exhaustively")
        self.categories = [self._node(c, c.id) for c in rubric.categories]
        self.adjustments = self._adjustments()
        self._totals: dict[Decimal | None, tuple[list[int], int]] = {}

    # -- items

    def _node(self, item: Criterion, path: str) -> _Node:
        floor = _ceil_units(item.floor, self.places)
        top = _floor_units(item.points, self.places)
        node = _Node(item, path, floor, top)
        if item.criteria:
            node.children = [self._node(c, f"{path}.{c.id}") for c in item.criteria]
            prefix = [1]
            for child in node.children:
                prefix.append(_convolve(prefix[-1], child.bits))
            node.prefix = prefix
            sums = prefix[-1]
            node.reductions = _rule_reductions(item.rules, self.places, max(sums.bit_length(), 1))
            bits = 0
            for r in node.reductions:
                bits |= sums >> r
                if sums & ((1 << r) - 1):
                    bits |= 1 << floor
            node.bits = _clamp_bits(bits, floor, top)
            return node
        method = self.methods.get(item.method or "")
        if method is None:
            raise _UnsupportedError(f"method {item.method!r} of {path!r} is not installed")
        for finding in _candidates(item, path, method, self.places):
            if any(p.severity == "error" for p in method.check(item, finding)):
                continue
            raw = sum((p.points for p in method.score(item, finding)), ZERO)
            k = _units(min(max(raw, item.floor), item.points), self.places)
            if k is not None and k not in node.findings:
                node.findings[k] = finding
            if len(node.findings) > _MAX_CANDIDATES:
                break
        if not node.findings:
            raise _UnsupportedError(
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
                s = _lowest_at_least(sums, node.top + r)
            if s is None and k == node.floor:
                s = _highest_below(sums, node.floor + r + 1)
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
            for k in _bits(nodes[i].bits):
                if k <= s and prefix[i] >> (s - k) & 1:
                    self._pick(nodes[i], k, out)
                    s -= k
                    break
            else:  # pragma: no cover - the prefix sums say a choice exists
                raise AssertionError("civscore.testing: inconsistent prefix sums")

    # -- bonus and penalties

    def _adjustments(self) -> dict[int, tuple[tuple[BonusClaim, ...], tuple[PenaltyClaim, ...]]]:
        """Net bonus − penalties (units) → the claims that give it."""
        rubric, places = self.rubric, self.places
        gross: dict[int, tuple[BonusClaim, ...]] = {0: ()}
        if rubric.bonus is not None:
            groups: dict[str, list[tuple[int, BonusClaim]]] = {}
            loose: list[list[tuple[int, BonusClaim]]] = []
            for item in rubric.bonus.items:
                per = _units(item.points, places)
                if not per:
                    continue
                options = [(per * n, BonusClaim(item.id, n)) for n in range(1, item.max_count + 1)]
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
                if len(gross) > _MAX_CANDIDATES:
                    break
            cap = rubric.bonus.cap
            if cap is not None:
                capped: dict[int, tuple[BonusClaim, ...]] = {}
                for total, claims in sorted(gross.items()):
                    capped.setdefault(min(total, _floor_units(cap, places)), claims)
                gross = capped
        penalties: dict[int, tuple[PenaltyClaim, ...]] = {0: ()}
        limit = _ceil_units(sum((c.points for c in rubric.categories), ZERO), places) + max(gross)
        for pen in rubric.penalties:
            per = _units(pen.deduct, places)
            if not per:
                continue
            most = limit if pen.max is None else min(limit, _floor_units(pen.max, places))
            new_p = dict(penalties)
            for total, pclaims in penalties.items():
                for n in range(1, min(math.ceil(max(most, 1) / per), 30) + 1):
                    new_p.setdefault(min(limit, total + min(per * n, most)),
                                     (*pclaims, PenaltyClaim(pen.id, n)))
            penalties = new_p
            if len(penalties) > _MAX_CANDIDATES:
                break
        nets: dict[int, tuple[tuple[BonusClaim, ...], tuple[PenaltyClaim, ...]]] = {}
        for b, bclaims in sorted(gross.items()):
            for p, pclaims in sorted(penalties.items()):
                nets.setdefault(b - p, (bclaims, pclaims))
                if len(nets) > _MAX_CANDIDATES:
                    return nets
        return nets

    # -- totals

    def _base(self, share: Decimal | None) -> tuple[list[int], int]:
        """Prefix sum sets of the categories (each at least ``share`` of its
        points), and the set of reachable totals."""
        if share not in self._totals:
            masked = []
            for node in self.categories:
                low = 0 if share is None else _ceil_units(share * node.item.points, self.places)
                masked.append((node.bits >> low) << low)
            prefix = [1]
            for bits in masked:
                prefix.append(_convolve(prefix[-1], bits))
            base = prefix[-1]
            totals = 0
            for net in self.adjustments:
                if net >= 0:
                    totals |= base << net
                else:
                    totals |= base >> -net
                    if base & ((1 << -net) - 1):
                        totals |= 1  # the total never goes below 0
            self._totals[share] = (prefix, totals)
        return self._totals[share]

    def totals(self, share: Decimal | None) -> int:
        """The reachable raw totals (a bit set in units)."""
        return self._base(share)[1]

    def build(self, k: int, share: Decimal | None) -> Assessment:
        """An assessment whose raw total is ``k`` units (which must be reachable)."""
        prefix, _totals = self._base(share)
        base = prefix[-1]
        lows = [0 if share is None else _ceil_units(share * n.item.points, self.places)
                for n in self.categories]
        masked = [(n.bits >> low) << low for n, low in zip(self.categories, lows, strict=True)]
        for net, (bclaims, pclaims) in sorted(self.adjustments.items(),
                                              key=lambda pair: (abs(pair[0]), -pair[0])):
            b: int | None = k - net if k - net >= 0 and base >> (k - net) & 1 else None
            if b is None and k == 0 and net < 0:
                b = _highest_below(base, -net + 1)
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

    # -- compared totals

    def compared(self, k: int) -> Decimal:
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
        centre = _floor_units(target, self.places)
        slack = self._slack()
        lo = max(0, centre - slack - 1)
        window = (bits >> lo) & ((1 << (2 * slack + 3)) - 1)
        for offset in _bits(window):
            if self.compared(lo + offset) == target:
                return lo + offset
        return None

    def below(self, bits: int, target: Decimal) -> int | None:
        """The highest reachable raw total whose compared total is below ``target``."""
        limit = _ceil_units(target, self.places) + self._slack() + 1
        while (k := _highest_below(bits, limit)) is not None:
            if self.compared(k) < target:
                return k
            limit = k
        return None

    def above(self, bits: int, target: Decimal) -> int | None:
        """The lowest reachable raw total whose compared total is above ``target``."""
        start = max(0, _floor_units(target, self.places) - self._slack())
        while (k := _lowest_at_least(bits, start)) is not None:
            if self.compared(k) > target:
                return k
            start = k + 1
        return None

    def at_least(self, bits: int, target: Decimal) -> int | None:
        """The lowest reachable raw total whose compared total is at least ``target``."""
        start = max(0, _floor_units(target, self.places) - self._slack())
        while (k := _lowest_at_least(bits, start)) is not None:
            if self.compared(k) >= target:
                return k
            start = k + 1
        return None


_SEARCHES: list[tuple[Rubric, Mapping[str, ScoringMethod], _Search | _UnsupportedError]] = []


def _search(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> _Search:
    """The construction for ``rubric``, reused while the same objects are in use."""
    found = next((f for r, m, f in _SEARCHES if r is rubric and m is methods), None)
    if found is None:
        try:
            found = _Search(rubric, methods)
        except _UnsupportedError as exc:
            found = exc
        _SEARCHES.insert(0, (rubric, methods, found))
        del _SEARCHES[8:]
    if isinstance(found, _UnsupportedError):
        raise found
    return found


def _bonus_ceiling(rubric: Rubric) -> Decimal:
    if rubric.bonus is None:
        return ZERO
    gross = sum((b.points * b.max_count for b in rubric.bonus.items), ZERO)
    return gross if rubric.bonus.cap is None else min(gross, rubric.bonus.cap)


# --------------------------------------------------------------------------- levels


def check_level_properties(
    rubric: Rubric, *, methods: Mapping[str, ScoringMethod] | None = None,
) -> list[Skipped]:
    """Check ``levels-reachable`` and ``thresholds`` (both deterministic: the
    assessments are constructed, not drawn).

    :return: what could not be checked, with the reason.
    :raises RubricPropertyError: naming the level's key path.
    """
    methods = _methods(methods)
    if not rubric.levels:
        return [Skipped(p, "$.levels", "the rubric declares no levels")
                for p in ("levels-reachable", "thresholds")]
    skipped: list[Skipped] = []
    try:
        search = _search(rubric, methods)
    except _UnsupportedError as exc:
        return [Skipped(p, "$.levels", f"no assessment can be constructed: {exc}")
                for p in ("levels-reachable", "thresholds")]

    def run(assessment: Assessment) -> Scorecard:
        return score(rubric, assessment, methods=methods, explain=False)

    rank = {lv.id: (lv.min_total, lv.id) for lv in rubric.levels}
    everything = search.totals(None)
    best_k = everything.bit_length() - 1
    best = search.build(best_k, None)
    best_card = run(best)
    if best_card.total.compared != search.compared(best_k):
        raise _fail(rubric, "levels-reachable", "$.total",
                    f"the best possible items add up to a total of "
                    f"{to_text(search.compared(best_k))} but the engine computes "
                    f"{to_text(best_card.total.compared)}", best)
    for i, level in enumerate(rubric.levels):
        path = f"$.levels[{i}]"
        if best_card.total.compared < level.min_total:
            raise _fail(rubric, "levels-reachable", f"{path}.min_total",
                        f"{level.title} needs {to_text(level.min_total)} but the best possible "
                        f"assessment (every item at its best, the most bonus) totals "
                        f"{to_text(best_card.total.compared)}", best)
        share = level.min_category_share
        if share is not None:
            for j, cat in enumerate(best_card.categories):
                if cat.effective_max and cat.score < share * cat.effective_max:
                    raise _fail(rubric, "levels-reachable", f"{path}.min_category_share",
                                f"{level.title} needs every category to earn "
                                f"{to_text(share * 100)}% of its points, but "
                                f"$.categories[{j}] ({cat.title}) can earn at most "
                                f"{to_text(cat.score)} of {to_text(cat.points)}", best)
        reachable = search.totals(share)
        if level.max_total is not None:
            k = search.at_least(reachable, level.min_total)
            if k is None or search.compared(k) > level.max_total:
                raise _fail(rubric, "levels-reachable", f"{path}.max_total",
                            f"no assessment totals between {to_text(level.min_total)} and "
                            f"{to_text(level.max_total)}, the band of {level.title}")
        skipped.extend(_thresholds(rubric, search, run, rank, i))
    return skipped


def _thresholds(rubric: Rubric, search: _Search, run: Callable[[Assessment], Scorecard],
                rank: Mapping[str, tuple[Decimal, str]], i: int) -> list[Skipped]:
    level = rubric.levels[i]
    path = f"$.levels[{i}]"
    skipped = []
    reachable = search.totals(level.min_category_share)
    everything = search.totals(None)

    def lands(k: int, with_share: bool = False) -> tuple[Assessment, Scorecard]:
        assessment = search.build(k, level.min_category_share if with_share else None)
        card = run(assessment)
        if card.total.compared != search.compared(k):
            raise _fail(rubric, "thresholds", "$.total",
                        f"the items of this assessment add up to a total of "
                        f"{to_text(search.compared(k))} but the engine computes "
                        f"{to_text(card.total.compared)}", assessment)
        return assessment, card

    def nearest(target: Decimal) -> str:
        lo, hi = search.below(everything, target), search.above(everything, target)
        found = [to_text(search.compared(k)) for k in (lo, hi) if k is not None]
        return " and ".join(found) or "none"

    for key, target in (("min_total", level.min_total), ("max_total", level.max_total)):
        if target is None:
            continue
        k = search.exact(reachable, target)
        if k is None:
            skipped.append(Skipped("thresholds", f"{path}.{key}",
                                   f"no constructed assessment totals exactly {to_text(target)} "
                                   f"(nearest reachable totals: {nearest(target)})"))
            continue
        assessment, card = lands(k, with_share=True)
        if card.outcome.level != level.id:
            got = card.outcome.level or card.outcome.status
            raise _fail(rubric, "thresholds", f"{path}.{key}",
                        f"a total of exactly {to_text(target)} lands on {got!r}, not on "
                        f"{level.id!r} ({level.title}) whose {key} it is", assessment)
    k = search.below(everything, level.min_total)
    if k is not None:
        assessment, card = lands(k)
        below = card.outcome.level
        if below is not None and rank[below] >= rank[level.id]:
            raise _fail(rubric, "thresholds", f"{path}.min_total",
                        f"a total of {to_text(card.total.compared)}, below the threshold "
                        f"{to_text(level.min_total)} of {level.title}, lands on {below!r}",
                        assessment)
    if level.max_total is not None:
        higher = sorted((lv for lv in rubric.levels if lv.min_total > level.max_total),
                        key=lambda lv: (lv.min_total, lv.id))
        share = higher[0].min_category_share if higher else None
        k = search.above(search.totals(share), level.max_total)
        if k is not None:
            assessment = search.build(k, share)
            card = run(assessment)
            if card.outcome.status != "awarded":
                after = (f"; the next level, {higher[0].title}, starts at "
                         f"{to_text(higher[0].min_total)}" if higher else
                         "; no level covers totals above it")
                raise _fail(rubric, "thresholds", f"{path}.max_total",
                            f"a total of {to_text(card.total.compared)}, just above the band of "
                            f"{level.title} (up to {to_text(level.max_total)}), lands in no "
                            f"level{after}", assessment)
    return skipped


# --------------------------------------------------------------------------- scorecards


def check_assessment_properties(
    rubric: Rubric,
    assessment: Assessment,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    properties: Iterable[str] = ("parts-add-up", "in-bounds", "json-round-trip"),
) -> Scorecard:
    """Score ``assessment`` and check that its scorecard's figures add up
    (``parts-add-up``), stay in bounds (``in-bounds``) and survive JSON
    (``json-round-trip``).

    Use it with :func:`assessments` inside your own Hypothesis tests (draw
    with ``st.data()`` rather than nesting ``@given``).

    :return: the scorecard.
    :raises RubricPropertyError: naming the key path of the figure.
    """
    methods = _methods(methods)
    wanted = set(properties)
    card = score(rubric, assessment, methods=methods)
    keys = _key_paths(rubric)
    if "parts-add-up" in wanted:
        _parts_add_up(rubric, assessment, card, keys)
    if "in-bounds" in wanted:
        _in_bounds(rubric, assessment, card, keys, methods)
    if "json-round-trip" in wanted:
        _round_trip(rubric, assessment, card, methods)
    return card


def _parts_add_up(rubric: Rubric, assessment: Assessment, card: Scorecard,
                  keys: Mapping[str, str]) -> None:
    def fail(path: str, message: str) -> RubricPropertyError:
        return _fail(rubric, "parts-add-up", path, message, assessment)

    for node in _results(card):
        key = keys.get(node.path, node.path)
        own = sum((p.points for p in node.parts), ZERO)
        if node.not_applicable:
            continue
        if node.children:
            expected = sum((c.score for c in node.children), ZERO) + own
            what = "its sub-items' scores plus its own parts"
        else:
            expected, what = own, "the sum of its parts"
        if node.raw != expected:
            raise fail(key, f"raw score {to_text(node.raw)} of {node.path!r} is not {what}, "
                            f"{to_text(expected)}")
        if node.score != node.raw + node.clamp:
            raise fail(key, f"score {to_text(node.score)} of {node.path!r} is not raw "
                            f"{to_text(node.raw)} + clamp {to_text(node.clamp)}")
    categories = sum((c.score for c in card.categories), ZERO)
    if card.base.raw != categories:
        raise fail("$.categories", f"base.raw {to_text(card.base.raw)} is not the sum of the "
                                   f"category scores, {to_text(categories)}")
    evidence = sum((e.score for e in card.evidence), ZERO)
    if evidence != card.base.raw:
        raise fail("$.categories", f"the evidence-method subtotals add up to "
                                   f"{to_text(evidence)}, not base.raw {to_text(card.base.raw)}")
    allotted = sum((e.points for e in card.evidence), ZERO)
    category_points = sum((c.points for c in rubric.categories), ZERO)
    if allotted != category_points:
        raise fail("$.categories", f"the evidence-method subtotals allot {to_text(allotted)} "
                                   f"points, not the categories' {to_text(category_points)}")
    counted = sum((line.counted for line in card.bonus.lines), ZERO)
    if card.bonus.gross != counted or card.bonus.total != counted - card.bonus.discarded_by_cap:
        raise fail("$.bonus", f"bonus lines count {to_text(counted)}, gross "
                              f"{to_text(card.bonus.gross)}, discarded "
                              f"{to_text(card.bonus.discarded_by_cap)}, total "
                              f"{to_text(card.bonus.total)}: they do not add up")
    taken = sum((line.points for line in card.penalties.lines), ZERO)
    if card.penalties.total != taken:
        raise fail("$.penalties", f"penalties.total {to_text(card.penalties.total)} is not the "
                                  f"sum of its lines, {to_text(taken)}")
    total = card.total
    expected = (card.base.scaled + card.bonus.total - card.penalties.total
                + total.floor_adjustment)
    if total.raw != expected:
        raise fail("$.total", f"total.raw {to_text(total.raw)} is not base.scaled "
                              f"{to_text(card.base.scaled)} + bonus {to_text(card.bonus.total)} "
                              f"− penalties {to_text(card.penalties.total)} + floor adjustment "
                              f"{to_text(total.floor_adjustment)} = {to_text(expected)}")


def _has_na(node: ItemResult) -> bool:
    return node.not_applicable or any(_has_na(c) for c in node.children)


def _in_bounds(rubric: Rubric, assessment: Assessment, card: Scorecard,
               keys: Mapping[str, str], methods: Mapping[str, ScoringMethod]) -> None:
    def fail(path: str, message: str) -> RubricPropertyError:
        return _fail(rubric, "in-bounds", path, message, assessment)

    items = {path: item for path, _key, item, _depth in _walk(rubric)}
    for node in _results(card):
        key = keys.get(node.path, node.path)
        item = items[node.path]
        if node.effective_max > node.points:
            raise fail(key, f"effective maximum {to_text(node.effective_max)} of {node.path!r} "
                            f"is above its points {to_text(node.points)}")
        if node.not_applicable:
            if node.score != 0:
                raise fail(key, f"not-applicable item {node.path!r} scores "
                                f"{to_text(node.score)}, not 0")
            continue
        # Not-applicable sub-items lower the floor to what remains applicable.
        floor = ZERO if _has_na(node) else item.floor
        if not floor <= node.score <= item.points:
            raise fail(key, f"score {to_text(node.score)} of {node.path!r} is outside "
                            f"[{to_text(floor)}, {to_text(item.points)}]")
        if node.score > node.effective_max:
            raise fail(key, f"score {to_text(node.score)} of {node.path!r} is above its "
                            f"effective maximum {to_text(node.effective_max)} (what remains "
                            "of its points after not-applicable sub-items)")
        if not _has_na(node):
            low, high = item_bounds(item, methods)
            if not low <= node.score <= high:
                raise fail(key, f"score {to_text(node.score)} of {node.path!r} is outside the "
                                f"bounds [{to_text(low)}, {to_text(high)}] its method promises")
    base = card.base
    if not 0 <= base.scaled <= rubric.total:
        raise fail("$.total", f"the base total {to_text(base.scaled)} is outside "
                              f"[0, {to_text(rubric.total)}]")
    if base.effective_max <= 0 and base.scaled != 0:
        raise fail("$.not_applicable", f"every item is not applicable, yet the base total is "
                                       f"{to_text(base.scaled)}")
    if rubric.bonus is not None and rubric.bonus.cap is not None and (
            card.bonus.total > rubric.bonus.cap):
        raise fail("$.bonus.cap", f"bonus {to_text(card.bonus.total)} exceeds the cap "
                                  f"{to_text(rubric.bonus.cap)}")
    total = card.total
    ceiling = rubric.total + _bonus_ceiling(rubric)
    if not 0 <= total.raw <= ceiling:
        raise fail("$.total", f"total {to_text(total.raw)} is outside [0, {to_text(ceiling)}]")
    if not any(_has_na(c) for c in card.categories):
        highest = max_total(rubric, methods)
        if total.raw > highest:
            raise fail("$.total", f"total {to_text(total.raw)} is above the highest total the "
                                  f"checks compute, {to_text(highest)}")
    rule = rubric.rounding
    if total.rounded != quantize(total.raw, rule.places, rule.mode):
        raise fail("$.rounding", f"total {to_text(total.raw)} rounds to "
                                 f"{to_text(total.rounded)}, not by the rubric's rule")
    if total.compared != (total.rounded if rule.compare == "rounded" else total.raw):
        raise fail("$.rounding.compare", f"levels were compared with {to_text(total.compared)}, "
                                         f"not the {rule.compare} total")
    _outcome_consistent(rubric, assessment, card, fail)


def _outcome_consistent(rubric: Rubric, assessment: Assessment, card: Scorecard,
                        fail: Callable[[str, str], RubricPropertyError]) -> None:
    status = card.outcome.status
    if bool(assessment.vetoes) != (status == "vetoed"):
        raise fail("$.vetoes", f"outcome is {status!r} with {len(assessment.vetoes)} veto "
                               "findings")
    if status == "awarded":
        met = [c.level for c in card.levels if c.met]
        if not met or card.outcome.level != met[-1]:
            index = next(i for i, lv in enumerate(rubric.levels) if lv.id == card.outcome.level)
            raise fail(f"$.levels[{index}]", f"awarded {card.outcome.level!r} but the levels "
                                             f"met are {met}")


def _first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a or key not in b:
                return f"{path}.{key}"
            found = _first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None if len(a) == len(b) else f"{path}[{min(len(a), len(b))}]"
    return None if a == b and type(a) is type(b) else path


def _round_trip(rubric: Rubric, assessment: Assessment, card: Scorecard,
                methods: Mapping[str, ScoringMethod]) -> None:
    data = card.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    back = Scorecard.from_dict(json.loads(text))
    if back != card:
        where = _first_difference(data, back.to_dict()) or "$"
        raise _fail(rubric, "json-round-trip", f"result {where}",
                    "the scorecard read back from its JSON form differs from the original",
                    assessment)
    again = score(rubric, assessment, methods=methods)
    if again != card:
        where = _first_difference(data, again.to_dict()) or "$"
        raise _fail(rubric, "json-round-trip", f"result {where}",
                    "scoring the same assessment twice gave different scorecards", assessment)


def check_more_deductions(
    rubric: Rubric,
    assessment: Assessment,
    harsher_assessment: Assessment,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
) -> None:
    """Check that ``harsher_assessment`` (``assessment`` with more rule hits
    or penalties, e.g. drawn from :func:`harsher`) scores no higher anywhere.

    :raises RubricPropertyError: naming the key path of the item that rose.
    """
    methods = _methods(methods)
    before = score(rubric, assessment, methods=methods, explain=False)
    after = score(rubric, harsher_assessment, methods=methods, explain=False)
    keys = _key_paths(rubric)
    old = {n.path: n.score for n in _results(before)}
    for node in _results(after):
        if node.score > old[node.path]:
            raise _fail(rubric, "more-deductions", keys.get(node.path, node.path),
                        f"one more deduction raised {node.path!r} from "
                        f"{to_text(old[node.path])} to {to_text(node.score)}", harsher_assessment)
    for what, was, now in (("base total", before.base.scaled, after.base.scaled),
                           ("total", before.total.raw, after.total.raw)):
        if now > was:
            raise _fail(rubric, "more-deductions", "$.total",
                        f"one more deduction raised the {what} from {to_text(was)} to "
                        f"{to_text(now)}", harsher_assessment)


# --------------------------------------------------------------------------- strategies


def _inside(path: str, na: set[str]) -> bool:
    parts = path.split(".")
    return any(".".join(parts[:n]) in na for n in range(1, len(parts) + 1))


def harsher(rubric: Rubric, assessment: Assessment) -> st.SearchStrategy[Assessment]:
    """``assessment`` with one more deduction: one more occurrence of a rule
    on an applicable deduct item or group, or of a penalty-list entry.

    Draws ``assessment`` itself when the rubric has nothing to deduct by.
    """
    na = {f.criterion for f in assessment.findings if f.not_applicable}
    findings = {f.criterion: f for f in assessment.findings}
    options: list[Callable[[], Assessment]] = []

    def add_hit(path: str, rule: Rule) -> Assessment:
        finding = findings.get(path, Finding(path))
        hits = list(finding.hits)
        for i, hit in enumerate(hits):
            if hit.rule == rule.id:
                hits[i] = attrs.evolve(hit, count=hit.count + 1)
                break
        else:
            deduct = rule.deduct_range[0] if rule.deduct_range is not None else None
            hits.append(RuleHit(rule.id, 1, deduct, _NOTE if deduct is not None else ""))
        new = attrs.evolve(finding, hits=tuple(hits))
        rest = [f for f in assessment.findings if f.criterion != path]
        return attrs.evolve(assessment, findings=(*rest, new))

    def add_penalty(pid: str) -> Assessment:
        claims = list(assessment.penalties)
        for i, claim in enumerate(claims):
            if claim.item == pid:
                claims[i] = attrs.evolve(claim, count=claim.count + 1)
                break
        else:
            claims.append(PenaltyClaim(pid))
        return attrs.evolve(assessment, penalties=tuple(claims))

    for path, _key, item, _depth in _walk(rubric):
        if _inside(path, na) or not (item.criteria or item.method == "deduct"):
            continue
        for rule in item.rules:
            options.append(functools.partial(add_hit, path, rule))
    for pen in rubric.penalties:
        options.append(functools.partial(add_penalty, pen.id))
    if not options:
        return st.just(assessment)
    return st.sampled_from(options).map(lambda make: make())


def _decimals(lo: Decimal, hi: Decimal, places: int) -> st.SearchStrategy[Decimal]:
    """Decimals with ``places`` places in ``[lo, hi]``."""
    a, b = _ceil_units(lo, places), _floor_units(hi, places)
    if b < a:
        return st.just(lo)
    return st.integers(a, b).map(lambda n: Decimal(n).scaleb(-places))


def _rarely(n: int) -> st.SearchStrategy[bool]:
    """True about once in ``n`` draws."""
    return st.integers(0, n - 1).map(lambda x: x == n - 1)


def _hits(rules: tuple[Rule, ...], points: Decimal, places: int
          ) -> st.SearchStrategy[tuple[RuleHit, ...]]:
    per_rule = []
    for rule in rules:
        if rule.zeroes:
            per_rule.append(st.just(RuleHit(rule.id)))
            continue
        per = rule.deduct if rule.deduct is not None else (
            rule.deduct_range[1] if rule.deduct_range else ZERO)
        beyond = min(60, math.ceil(points / per) + 2) if per else 3
        counts = st.integers(1, max(beyond, 1))
        if rule.deduct_range is not None:
            lo, hi = rule.deduct_range
            per_rule.append(st.builds(RuleHit, st.just(rule.id), counts,
                                      _decimals(lo, hi, places), st.just("视情况扣分")))
        else:
            per_rule.append(st.builds(RuleHit, st.just(rule.id), counts))
    if not per_rule:
        return st.just(())
    return st.lists(st.one_of(per_rule), max_size=len(rules) + 1).map(tuple)


def _rate(item: Criterion) -> st.SearchStrategy[Decimal]:
    edges = [Decimal(0), Decimal(100)]
    for band in item.bands:
        for bound in (band.at_least, band.above):
            if bound is not None:
                edges += [bound, max(ZERO, bound - Decimal("0.1")),
                          min(Decimal(100), bound + Decimal("0.1"))]
    if item.target is not None:
        edges += [item.target, max(ZERO, item.target - 1)]
    return st.one_of(st.sampled_from(sorted(set(edges))), _decimals(ZERO, Decimal(100), 2))


def _leaf(item: Criterion, path: str, method: ScoringMethod, places: int
          ) -> st.SearchStrategy[Finding | None]:
    name = item.method
    if not _builtin(method, name or ""):
        examples = getattr(method, "example_findings", None)
        found = ([attrs.evolve(f, criterion=path) for f in examples(item)]
                 if callable(examples) else [Finding(path)])
        found = [f for f in found if not any(p.severity == "error"
                                             for p in method.check(item, f))]
        if not found:
            raise ValueError(f"civscore.testing cannot draw findings for {path!r}: method "
                             f"{name!r} gives no example_findings(item)")
        return st.sampled_from(found)
    if name == "deduct":
        return st.one_of(st.none(), _hits(item.rules, item.points, places).map(
            lambda hits: Finding(path, hits=hits)))
    if name == "award":
        per_std = [st.builds(StandardHit, st.just(s.id), st.integers(
            1, min(60, math.ceil(item.points / s.points) + 2) if s.points else 3))
            for s in item.standards]
        return st.one_of(st.none(), st.lists(st.one_of(per_std), max_size=len(per_std) + 1)
                         .map(lambda hits: Finding(path, standards=tuple(hits))))
    if name == "tiered":
        return st.sampled_from(item.tiers).map(lambda t: Finding(path, tier=t.id))
    if name == "direct":
        step = item.step or Decimal(1).scaleb(-places)
        count = math.floor(item.points / step)
        return st.integers(0, count).map(lambda n: Finding(path, points=step * n))
    if name == "ratio":
        return _rate(item).map(lambda rate: Finding(path, rate=rate))
    return st.booleans().map(lambda met: Finding(path, met=met))


@attrs.frozen
class _Draw:
    """The strategies for one item, built once per rubric (building a
    strategy costs far more than drawing from it)."""

    path: str
    claimed: st.SearchStrategy[Decimal | None]
    leaf: st.SearchStrategy[Finding | None] | None
    hits: st.SearchStrategy[tuple[RuleHit, ...]] | None
    children: tuple[_Draw, ...]


def _draws(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> tuple[_Draw, ...]:
    places = rubric.point_places

    def plan(item: Criterion, path: str) -> _Draw:
        claimed = st.none() | _decimals(ZERO, item.points, places)
        if item.criteria:
            hits = _hits(item.rules, item.points, places) if item.rules else None
            children = tuple(plan(c, f"{path}.{c.id}") for c in item.criteria)
            return _Draw(path, claimed, None, hits, children)
        leaf = _leaf(item, path, methods[item.method or ""], places)
        return _Draw(path, claimed, leaf, None, ())

    return tuple(plan(c, c.id) for c in rubric.categories)


@st.composite
def _random_assessment(draw: st.DrawFn, rubric: Rubric, plans: tuple[_Draw, ...]
                       ) -> Assessment:
    na_allowed = rubric.not_applicable != "forbid"
    findings: list[Finding] = []

    def visit(node: _Draw) -> None:
        if na_allowed and draw(_RARELY_8):
            findings.append(Finding(node.path, not_applicable=True, reason=_NOTE))
            return
        claimed = draw(node.claimed)
        if node.leaf is None:
            for child in node.children:
                visit(child)
            hits = draw(node.hits) if node.hits is not None else ()
            if hits or claimed is not None:
                findings.append(Finding(node.path, hits=hits, claimed=claimed))
            return
        finding = draw(node.leaf)
        if finding is None and claimed is not None:
            finding = Finding(node.path)
        if finding is not None:
            findings.append(attrs.evolve(finding, claimed=claimed))

    for plan in plans:
        visit(plan)
    bonus: list[BonusClaim] = []
    if rubric.bonus is not None:
        for item in rubric.bonus.items:
            if draw(st.booleans()):
                bonus.append(BonusClaim(item.id, draw(st.integers(1, item.max_count + 1))))
    penalties = [PenaltyClaim(p.id, draw(_COUNTS))
                 for p in rubric.penalties if draw(_RARELY_3)]
    vetoes = [VetoFinding(v.id, draw(_VETO_DATES))
              for v in rubric.vetoes if draw(_RARELY_20)]
    assessed_on = draw(_ASSESSMENT_DATES)
    bars = [BarFinding(b.id, assessed_on - datetime.timedelta(days=draw(_BAR_DAYS)))
            for b in rubric.bars if draw(_RARELY_8)]
    return Assessment(
        rubric=rubric.ref, unit="civscore.testing", assessed_on=assessed_on,
        claimed_total=draw(st.none() | _decimals(ZERO, rubric.total, rubric.point_places)),
        findings=tuple(findings), bonus=tuple(bonus), penalties=tuple(penalties),
        vetoes=tuple(vetoes), bars=tuple(bars),
        gates={g.id: draw(st.booleans()) for g in rubric.gates},
    )


_RARELY_3, _RARELY_8, _RARELY_20 = _rarely(3), _rarely(8), _rarely(20)
_COUNTS = st.integers(1, 5)
_VETO_DATES = st.none() | st.dates()
_ASSESSMENT_DATES = st.dates(datetime.date(2010, 1, 1), datetime.date(2030, 12, 31))
_BAR_DAYS = st.integers(0, 1500)


def _near_thresholds(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> list[Assessment]:
    """Constructed assessments at, just below and just above each level's
    thresholds, plus the best possible one."""
    try:
        search = _search(rubric, methods)
    except _UnsupportedError:
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


def assessments(
    rubric: Rubric, methods: Mapping[str, ScoringMethod] | None = None,
) -> st.SearchStrategy[Assessment]:
    """Valid assessments of ``rubric``: random findings for every item
    (not-applicable items where the rubric's policy allows, rule hits beyond
    an item's points, standards beyond their caps, rates on band edges,
    claimed figures), bonus and penalty claims, vetoes and bar findings
    now and then; and, as often, constructed assessments whose total sits
    exactly on, just below or just above a level's threshold.

    Every assessment drawn passes :func:`civscore.scoring.assessment_problems`.

    :param methods: scoring methods by name (default: the built-in ones); a
        plugin's method needs ``example_findings(item)``.
    :raises ValueError: when an item's method gives no finding to draw.
    """
    methods = _methods(methods)
    random = _random_assessment(rubric, _draws(rubric, methods))
    near = _near_thresholds(rubric, methods) if rubric.levels else []
    if not near:
        return random
    return st.one_of(random, st.sampled_from(near))


# --------------------------------------------------------------------------- rubrics


_EVIDENCE = ("材料审核", "实地考察", "问卷调查", "")


@st.composite
def _points(draw: st.DrawFn, quantum: Decimal, lo: int = 1, hi: int = 20) -> Decimal:
    return quantum * draw(st.integers(lo, hi))


@st.composite
def _leaf_data(draw: st.DrawFn, ident: str, quantum: Decimal, points: Decimal
               ) -> dict[str, Any]:
    method = draw(st.sampled_from(sorted(BUILTIN_METHODS)))
    data: dict[str, Any] = {"id": ident, "title": f"指标{ident}", "points": points,
                            "method": method, "evidence": draw(st.sampled_from(_EVIDENCE))}
    if draw(_rarely(5)):
        data["floor"] = quantum * draw(st.integers(0, int(points / quantum)))
    n = int(points / quantum)
    if method == "deduct":
        data["rules"] = draw(st.lists(_rule_data(quantum, n), min_size=1, max_size=3)
                             .map(_number_ids("r")))
    elif method == "award":
        standards = []
        for i in range(draw(st.integers(1, 3))):
            std: dict[str, Any] = {"id": f"s{i}", "text": f"得分标准{i}",
                                   "points": quantum * draw(st.integers(1, n))}
            if draw(st.booleans()):
                std["max"] = std["points"] * draw(st.integers(1, 3))
            standards.append(std)
        data["standards"] = standards
    elif method == "tiered":
        values = draw(st.lists(st.integers(0, n), min_size=1, max_size=4, unique=True))
        data["tiers"] = [{"id": f"t{i}", "title": f"档次{i}", "points": quantum * v}
                         for i, v in enumerate(sorted(values, reverse=True))]
    elif method == "direct":
        if draw(st.booleans()):
            data["step"] = quantum
    elif method == "ratio":
        if draw(st.booleans()):
            data["target"] = Decimal(draw(st.integers(50, 100)))
            data["deduct_per_point"] = quantum * draw(st.integers(1, 4))
        else:
            bounds = draw(st.lists(st.integers(0, 100), min_size=1, max_size=3, unique=True))
            data["bands"] = [
                {("at_least" if draw(st.booleans()) else "above"): Decimal(b),
                 "points": quantum * draw(st.integers(0, n))} for b in sorted(bounds)]
    return data


def _number_ids(prefix: str) -> Callable[[list[dict[str, Any]]], list[dict[str, Any]]]:
    def number(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**e, "id": f"{prefix}{i}"} for i, e in enumerate(entries)]
    return number


def _rule_data(quantum: Decimal, n: int) -> st.SearchStrategy[dict[str, Any]]:
    fixed = st.builds(
        lambda d, m: {"id": "r", "text": "扣分标准", "deduct": quantum * d,
                      **({"max": quantum * m} if m else {})},
        st.integers(1, max(1, n)), st.integers(0, max(1, n)))
    ranged = st.builds(
        lambda lo, extra: {"id": "r", "text": "视情况扣分",
                           "deduct_range": [quantum * lo, quantum * (lo + extra)]},
        st.integers(1, max(1, n)), st.integers(0, 3))
    zeroes = st.just({"id": "r", "text": "不符合标准的，本项即不得分", "zeroes": True})
    return st.one_of(fixed, ranged, zeroes)


@st.composite
def _item_data(draw: st.DrawFn, ident: str, quantum: Decimal, depth: int) -> dict[str, Any]:
    if depth >= 2 or draw(st.integers(0, 2)) > 0:
        return draw(_leaf_data(ident, quantum, draw(_points(quantum))))
    children = [draw(_item_data(f"{ident}-{i}", quantum, depth + 1))
                for i in range(draw(st.integers(1, 3)))]
    total = sum((c["points"] for c in children), ZERO)
    data: dict[str, Any] = {"id": ident, "title": f"项目{ident}", "criteria": children,
                            "points": total, "evidence": draw(st.sampled_from(_EVIDENCE))}
    if total > quantum and draw(_rarely(4)):
        data["sum_policy"] = "cap"
        data["points"] = total - quantum * draw(st.integers(1, int(total / quantum) - 1))
    if draw(_rarely(3)):
        n = int(data["points"] / quantum)
        data["rules"] = draw(st.lists(_rule_data(quantum, n), min_size=1, max_size=2)
                             .map(_number_ids("g")))
    if draw(_rarely(5)):
        data["floor"] = quantum * draw(st.integers(0, int(data["points"] / quantum)))
    return data


@st.composite
def _rubric_data(draw: st.DrawFn, max_categories: int) -> dict[str, Any]:
    point_places = draw(st.integers(0, 2))
    quantum = draw(st.sampled_from([q for q in (Decimal(1), Decimal("0.5"), Decimal("0.25"))
                                    if places_of(q) <= point_places]))
    categories = [draw(_item_data(f"c{i}", quantum, 0))
                  for i in range(draw(st.integers(1, max_categories)))]
    data: dict[str, Any] = {
        "id": "hypothesis", "version": "1", "title": "随机测评体系",
        "provenance": "illustrative", "source": "drawn by civscore.testing.rubrics()",
        "total": sum((c["points"] for c in categories), ZERO),
        "point_places": point_places, "categories": categories,
        "not_applicable": draw(st.sampled_from(["rescale", "zero", "forbid"])),
        "rounding": {"places": draw(st.integers(0, point_places)),
                     "mode": draw(st.sampled_from(["half-up", "half-even", "down", "up"])),
                     "compare": draw(st.sampled_from(["raw", "rounded"]))},
    }
    if draw(st.booleans()):
        items = [{"id": f"b{i}", "text": f"加分项{i}", "points": draw(_points(quantum, 1, 8)),
                  "group": draw(st.sampled_from(["", "", "honors"])),
                  "max_count": draw(st.integers(1, 2))}
                 for i in range(draw(st.integers(1, 4)))]
        data["bonus"] = {"items": items}
        if draw(st.booleans()):
            data["bonus"]["cap"] = draw(_points(quantum, 1, 10))
    data["penalties"] = [
        {"id": f"p{i}", "text": f"负面清单{i}", "deduct": draw(_points(quantum, 1, 6)),
         **({"max": draw(_points(quantum, 1, 10))} if draw(st.booleans()) else {})}
        for i in range(draw(st.integers(0, 2)))]
    data["vetoes"] = [{"id": f"v{i}", "text": f"一票否决{i}"}
                      for i in range(draw(st.integers(0, 2)))]
    data["bars"] = [{"id": f"bar{i}", "text": f"不得申报{i}",
                     "lookback_years": draw(st.integers(1, 2))}
                    for i in range(draw(st.integers(0, 1)))]
    data["gates"] = [{"id": f"gate{i}", "text": f"前置条件{i}"}
                     for i in range(draw(st.integers(0, 2)))]
    return data


@st.composite
def _levels_data(draw: st.DrawFn, rubric: Rubric, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Ascending levels whose thresholds some assessment reaches (now and then
    the top one just off the reachable totals); bands only where the checks
    allow them."""
    try:
        search = _search(rubric, BUILTIN_METHODS)
    except _UnsupportedError:  # pragma: no cover - the drawn rubrics are small
        return []
    totals = search.totals(None)
    # check_rubric compares the raw best total with the thresholds, even where
    # levels compare the rounded total; stay below it so the checks stay clean.
    highest = max_total(rubric)
    reachable = sorted(v for v in {search.compared(k) for k in _bits(totals)}
                       if ZERO < v <= highest)
    if not reachable:
        return []
    values = sorted(draw(st.lists(st.sampled_from(reachable), max_size=3, unique=True)))
    rounding = rubric.rounding
    grid = Decimal(1).scaleb(-(rounding.places if rounding.compare == "rounded"
                               else rubric.point_places))
    if draw(_rarely(4)) and values:
        nudged = values[-1] - grid
        if nudged > (values[-2] if len(values) > 1 else ZERO):
            values[-1] = nudged
    levels: list[dict[str, Any]] = [{"id": f"l{i}", "title": f"等次{i}", "min_total": v}
                                    for i, v in enumerate(values)]
    if rounding.compare == "rounded":
        for a, b in itertools.pairwise(levels):
            if draw(st.booleans()) and b["min_total"] - grid >= a["min_total"]:
                a["max_total"] = b["min_total"] - grid
    if draw(_rarely(3)) and levels:
        best = max(highest, search.compared(totals.bit_length() - 1))
        levels[-1]["max_total"] = best + draw(_points(Decimal(1), 0, 5))
    share_room = min((item_bounds(c, BUILTIN_METHODS)[1] / c.points
                      for c in rubric.categories if c.points), default=ZERO)
    for level in levels:
        if share_room > 0 and "max_total" not in level and draw(_rarely(4)):
            level["min_category_share"] = (share_room * draw(st.integers(1, 10)) / 10).quantize(
                Decimal("0.01"), rounding=decimal.ROUND_DOWN)
        if data["gates"] and draw(_rarely(3)):
            level["gates"] = [data["gates"][0]["id"]]
    return levels


@st.composite
def _rubric(draw: st.DrawFn, max_categories: int) -> Rubric:
    data = draw(_rubric_data(max_categories))
    rubric = rubric_from_dict(data, source="<civscore.testing.rubrics>")
    data["levels"] = draw(_levels_data(rubric, data))
    return rubric_from_dict(data, source="<civscore.testing.rubrics>")


def rubrics(*, max_categories: int = 4) -> st.SearchStrategy[Rubric]:
    """Random valid rubrics (``hypothesis@1``, provenance ``illustrative``)
    on which :func:`civscore.check_rubric` finds no error.

    They have categories scored directly or by criteria nested up to two
    levels, every built-in method (rules with caps, discretionary ranges and
    ``zeroes``; standards with caps; tiers; steps; bands and targets),
    floors, group rules and ``sum_policy = "cap"``; bonus items in groups
    with a cap; penalties, vetoes, bars and gates; every rounding rule and
    not-applicable policy; and up to three levels that the best possible
    assessment reaches, with bands where the checks allow them.
    """
    return _rubric(max_categories)


# --------------------------------------------------------------------------- the suite


def check_rubric_properties(
    rubric: Rubric,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    checks: Iterable[CheckSpec] | None = None,
    max_examples: int = 100,
    properties: Iterable[str] | None = None,
) -> PropertyReport:
    """Run the property suite (:data:`PROPERTIES`) on one rubric.

    The random part draws ``max_examples`` assessments from
    :func:`assessments` (derandomized, so a run is reproducible, and without
    an example database, so nothing is written to disk) and, for each, one
    more deduction from :func:`harsher`.

    :param methods: scoring methods by name (default: the built-in ones; pass
        ``registry.methods`` for a rubric that uses a plugin's method).
    :param checks: the consistency checks (default: the built-in ones; pass
        ``registry.checks`` to include the plugins').
    :param max_examples: how many random assessments to try.
    :param properties: a subset of :data:`PROPERTIES` to check (default: all).
    :return: what was checked and what was skipped, with reasons.
    :raises RubricPropertyError: at the first property that does not hold,
        naming the rubric, the key path and the property, with the (shrunk)
        assessment that shows it.
    """
    methods = _methods(methods)
    wanted = tuple(PROPERTIES if properties is None else properties)
    unknown = sorted(set(wanted) - set(PROPERTIES))
    if unknown:
        raise ValueError(f"unknown properties {unknown}; known: {', '.join(PROPERTIES)}")
    skipped: list[Skipped] = []
    if "consistency" in wanted:
        errors = [f for f in check_rubric(rubric, methods=methods, checks=checks)
                  if f.severity == "error"]
        if errors:
            listed = "; ".join(f"{f.path}: {f.message} [{f.code}]" for f in errors[1:])
            more = f" (and: {listed})" if listed else ""
            raise _fail(rubric, "consistency", errors[0].path,
                        f"{errors[0].message} [{errors[0].code}]{more}")
    if {"levels-reachable", "thresholds"} & set(wanted):
        skipped.extend(s for s in check_level_properties(rubric, methods=methods)
                       if s.property in wanted)
    per_card = [p for p in ("parts-add-up", "in-bounds", "json-round-trip") if p in wanted]
    examples = 0
    if per_card or "more-deductions" in wanted:
        strategy = assessments(rubric, methods)

        @settings(max_examples=max_examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
                  phases=(Phase.explicit, Phase.generate, Phase.shrink), print_blob=False,
                  verbosity=Verbosity.quiet)
        @given(assessment=strategy, data=st.data())
        def random_assessments(assessment: Assessment, data: st.DataObject) -> None:
            nonlocal examples
            examples += 1
            check_assessment_properties(rubric, assessment, methods=methods,
                                        properties=per_card)
            if "more-deductions" in wanted:
                worse = data.draw(harsher(rubric, assessment), label="harsher")
                check_more_deductions(rubric, assessment, worse, methods=methods)

        random_assessments()
    whole = {s.property for s in skipped if s.path == "$.levels"}
    checked = tuple(p for p in wanted if p not in whole)
    return PropertyReport(rubric.ref, checked, tuple(skipped), examples)


def check_plugin_rubrics(plugin: object, *, max_examples: int = 50) -> dict[str, PropertyReport]:
    """Run :func:`check_rubric_properties` on every rubric ``plugin`` (a
    plugin module or object) provides, registered on a fresh plugin manager
    in strict mode, so a locality's own tests need one line.

    :return: ``{id@version: report}``, sorted by reference.
    :raises RubricPropertyError: at the first property that fails.
    :raises civscore.PluginError: when the plugin does not register cleanly.
    """
    from civscore.plugins import BUILTIN_NAME, Registry, get_plugin_manager  # noqa: PLC0415

    pm = get_plugin_manager(load_entry_points=False, plugins=[plugin], strict=True)
    registry = Registry(pm, strict=True)
    return {entry.ref: check_rubric_properties(entry.rubric, methods=registry.methods,
                                               checks=registry.checks,
                                               max_examples=max_examples)
            for entry in registry.rubrics() if entry.provider != BUILTIN_NAME}
