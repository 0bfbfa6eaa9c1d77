"""Scoring methods (评分方法) of leaf items.

A method turns an item and its finding into *parts*: signed point
contributions whose sum is the item's raw score, before the engine clamps it
to ``[floor, points]``.  The six built-in methods are the ones seen in real
文明单位 rubrics; plugins add more through the ``civscore_scoring_methods``
hook with the same interface (:class:`ScoringMethod`).

Built in: ``deduct`` (扣分制, reads ``hits``), ``award`` (得分制, ``standards``),
``tiered`` (档次, ``tier``), ``direct`` (直接赋分, ``points``), ``ratio`` (比例,
``rate``) and ``all_or_nothing`` (不符合标准的，本项即不得分, ``met``); each
class's docstring states its rule, and ``docs/scoring.md`` works an example of
each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Protocol, runtime_checkable

import attrs

from civscore.model import Criterion, Finding, Rule, RuleHit, Standard, StandardHit
from civscore.model.points import ZERO, take_within, to_text
from civscore.results.scorecard import Part

__all__ = [
    "BUILTIN_METHODS",
    "AllOrNothing",
    "Award",
    "Deduct",
    "Direct",
    "Problem",
    "Ratio",
    "RawScorer",
    "ScoringMethod",
    "Tiered",
    "check_hits",
    "take_hits",
]


@attrs.frozen
class Problem:
    """Something wrong with a rubric item or a finding.

    ``key`` is relative to the item (``tiers``) or the finding (``hits[0].rule``);
    ``severity`` is ``error`` or ``warning``.
    """

    key: str
    message: str
    severity: str = "error"


@runtime_checkable
class ScoringMethod(Protocol):
    """What a scoring method provides.  Implement it to add a method from a plugin.

    .. versionadded:: 0.1
    """

    @property
    def name(self) -> str:
        """The name rubrics use as ``method = "<name>"``."""

    def validate(self, item: Criterion) -> Iterator[Problem]:
        """Problems with the item's own definition (checked when a rubric loads)."""

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        """Problems with a finding for the item (``None``: no finding recorded);
        an empty iterable when it fits (the scoring pass calls this for every
        finding, so make the common case cheap)."""

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        """The parts of the raw score; called only when :meth:`check` found no error."""

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        """The lowest and highest raw score any valid finding can give."""


RawScorer = Callable[[Finding | None], Decimal]
"""A compiled item's raw score from its finding: ``sum(p.points for p in
method.score(item, finding))``, without building the parts."""


def _missing(item: Criterion, entry: str) -> list[Problem]:
    return [Problem("criterion", f"no finding for {item.id!r} (method {item.method}): "
                                 f"add one with '{entry}'")]


_ENTRIES = ("hits", "standards", "tier", "points", "rate", "met")


def _only(finding: Finding, allowed: str) -> list[Problem]:
    """Entries a finding gives that its item's method does not read
    (``allowed`` names the one entry it reads)."""
    if not ((finding.hits and allowed != "hits")
            or (finding.standards and allowed != "standards")
            or (finding.tier is not None and allowed != "tier")
            or (finding.points is not None and allowed != "points")
            or (finding.rate is not None and allowed != "rate")
            or (finding.met is not None and allowed != "met")):
        return []
    given = (finding.hits, finding.standards, finding.tier is not None,
             finding.points is not None, finding.rate is not None, finding.met is not None)
    return [Problem(key, f"this item does not read {key!r}; it reads {allowed!r}")
            for key, present in zip(_ENTRIES, given, strict=True) if present and key != allowed]


def check_hits(rules: tuple[Rule, ...], finding: Finding) -> list[Problem]:
    """Check rule hits against the rules they name (used by ``deduct`` and groups)."""
    problems: list[Problem] = []
    for i, hit in enumerate(finding.hits):
        if type(hit.count) is not int or hit.count < 0:
            problems.append(Problem(f"hits[{i}].count", f"must be a whole number, 0 or more; "
                                    f"got {hit.count!r}"))
        for rule in rules:
            if rule.id == hit.rule:
                break
        else:
            known = ", ".join(repr(r.id) for r in rules) or "none"
            problems.append(Problem(f"hits[{i}].rule",
                                    f"unknown rule {hit.rule!r} (rules: {known})"))
            continue
        if rule.deduct_range is None:
            if hit.deduct is not None:
                problems.append(Problem(f"hits[{i}].deduct", f"rule {rule.id!r} deducts a fixed "
                                        f"{to_text(rule.deduct or ZERO)}; remove 'deduct'"))
            continue
        lo, hi = rule.deduct_range
        if hit.deduct is None:
            problems.append(Problem(f"hits[{i}].deduct", f"rule {rule.id!r} is discretionary "
                                    f"({to_text(lo)}–{to_text(hi)} per occurrence): give "
                                    "'deduct'"))
        elif not lo <= hit.deduct <= hi:
            problems.append(Problem(f"hits[{i}].deduct", f"must be between {to_text(lo)} and "
                                    f"{to_text(hi)}, got {to_text(hit.deduct)}"))
        if not hit.note.strip():
            problems.append(Problem(f"hits[{i}].note", "a discretionary deduction needs a note "
                                                       "saying why this amount"))
    return problems


def take_hits(rules: Mapping[str, Rule], hits: tuple[RuleHit, ...], running: Decimal,
              floor: Decimal, parts: list[Part] | None = None) -> Decimal:
    """扣分: ``running`` less each rule hit, in the order found; a rule's ``max``
    caps all its hits together, and a ``zeroes`` rule (本项不得分) sets the
    score to ``floor``.  Appends one part per hit to ``parts`` when given.

    :param rules: the item's rules by id (every hit names one).
    :return: the score after the hits (not clamped).
    """
    taken: dict[str, Decimal] = {}
    for hit in hits:
        rule = rules[hit.rule]
        if rule.zeroes:
            if hit.count:
                if parts is not None:
                    parts.append(Part("zeroes", floor - running, rule.id, rule.text, hit.count,
                                      note=hit.note))
                running = floor
            continue
        per = hit.deduct if hit.deduct is not None else (rule.deduct or ZERO)
        amount, discarded = take_within(per * hit.count, rule.max, rule.id, taken)
        if parts is not None:
            parts.append(Part("deduct", -amount, rule.id, rule.text, hit.count, discarded,
                              hit.note))
        running -= amount
    return running


def _rules_max(rules: tuple[Rule, ...]) -> bool:
    return any(r.zeroes for r in rules)


class Deduct:
    """扣分制: points − Σ rule hits (each rule capped by its ``max``)."""

    name = "deduct"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        if not item.rules:
            yield Problem("rules", "method 'deduct' needs at least one rule")

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return []
        problems = _only(finding, "hits")
        if finding.hits:
            problems.extend(check_hits(item.rules, finding))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        parts = [Part("allotted", item.points)]
        if finding is not None:
            take_hits({r.id: r for r in item.rules}, finding.hits, item.points, item.floor,
                      parts)
        return tuple(parts)

    def compile(self, item: Criterion) -> RawScorer:
        rules, points, floor = {r.id: r for r in item.rules}, item.points, item.floor
        return lambda f: points if f is None or not f.hits else take_hits(rules, f.hits,
                                                                          points, floor)

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        if _rules_max(item.rules) or any(r.max is None for r in item.rules):
            return item.floor, item.points
        worst = item.points - sum((r.max or ZERO for r in item.rules), ZERO)
        return max(worst, item.floor), item.points


def _earned(standards: Mapping[str, Standard], hits: tuple[StandardHit, ...],
            parts: list[Part] | None = None) -> Decimal:
    """得分: Σ points of the standards met; a standard's ``max`` caps all its hits."""
    total, earned = ZERO, dict[str, Decimal]()
    for hit in hits:
        std = standards[hit.standard]
        amount, discarded = take_within(std.points * hit.count, std.max, std.id, earned)
        if parts is not None:
            parts.append(Part("award", amount, std.id, std.text, hit.count, discarded, hit.note))
        total += amount
    return total


class Award:
    """得分制: Σ points of standards met (each capped by its ``max``)."""

    name = "award"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        if not item.standards:
            yield Problem("standards", "method 'award' needs at least one standard")

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return []
        problems = _only(finding, "standards")
        for i, hit in enumerate(finding.standards):
            if type(hit.count) is not int or hit.count < 0:
                problems.append(Problem(f"standards[{i}].count", f"must be a whole number, 0 or "
                                        f"more; got {hit.count!r}"))
            for standard in item.standards:
                if standard.id == hit.standard:
                    break
            else:
                known = ", ".join(sorted(s.id for s in item.standards))
                problems.append(Problem(f"standards[{i}].standard", f"unknown standard "
                                        f"{hit.standard!r} (standards: {known})"))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        if finding is None:
            return (Part("award", ZERO, text="未记录得分项"),)
        parts: list[Part] = []
        _earned({s.id: s for s in item.standards}, finding.standards, parts)
        return tuple(parts) or (Part("award", ZERO, text="未达到任何得分标准"),)

    def compile(self, item: Criterion) -> RawScorer:
        standards = {s.id: s for s in item.standards}
        return lambda f: ZERO if f is None else _earned(standards, f.standards)

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        if any(s.max is None and s.points > 0 for s in item.standards):
            return ZERO, item.points
        return ZERO, min(item.points, sum((s.max or ZERO for s in item.standards), ZERO))


class Tiered:
    """档次: the chosen tier's points."""

    name = "tiered"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        if not item.tiers:
            yield Problem("tiers", "method 'tiered' needs at least one tier")

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return _missing(item, "tier")
        problems = _only(finding, "tier")
        for tier in item.tiers:
            if tier.id == finding.tier:
                return problems
        known = ", ".join(t.id for t in item.tiers)
        problems.append(Problem("tier", f"choose a tier: {known}") if finding.tier is None
                        else Problem("tier", f"unknown tier {finding.tier!r} (tiers: {known})"))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        assert finding is not None
        tier = next(t for t in item.tiers if t.id == finding.tier)
        return (Part("tier", tier.points, tier.id, tier.title, note=finding.note),)

    def compile(self, item: Criterion) -> RawScorer:
        points = {t.id: t.points for t in item.tiers}
        return lambda f: points[f.tier]  # type: ignore[index,union-attr]

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        points = [t.points for t in item.tiers]
        return min(points), max(points)


class Direct:
    """直接赋分: the assessor's number, in ``[0, points]`` and on ``step``."""

    name = "direct"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        if item.step is not None and item.points % item.step:
            yield Problem("step", f"points {to_text(item.points)} is not a multiple of step "
                                  f"{to_text(item.step)}", severity="warning")

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return _missing(item, "points")
        problems = _only(finding, "points")
        if finding.points is None:
            problems.append(Problem("points", f"enter the points given, from 0 to "
                                              f"{to_text(item.points)}"))
        elif finding.points < 0:
            problems.append(Problem("points", f"must be 0 or more, got {to_text(finding.points)}"))
        elif finding.points > item.points:
            problems.append(Problem("points", f"must be at most the item's "
                                              f"{to_text(item.points)} points, "
                                              f"got {to_text(finding.points)}"))
        elif item.step is not None and finding.points % item.step:
            problems.append(Problem("points", f"must be a multiple of {to_text(item.step)}, "
                                              f"got {to_text(finding.points)}"))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        assert finding is not None
        assert finding.points is not None
        return (Part("direct", finding.points, note=finding.note),)

    def compile(self, item: Criterion) -> RawScorer:
        return lambda f: f.points  # type: ignore[return-value,union-attr]

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        return ZERO, item.points


def _band(item: Criterion, rate: Decimal) -> tuple[Decimal, str]:
    """比例: the points of the highest band ``rate`` meets, and its label."""
    best: Decimal | None = None
    label = "未达到任何档次"
    for band in item.bands:
        met = (band.at_least is not None and rate >= band.at_least) or (
            band.above is not None and rate > band.above)
        if met and (best is None or band.points > best):
            best = band.points
            label = (f"≥{to_text(band.at_least)}%" if band.at_least is not None
                     else f">{to_text(band.above or ZERO)}%")
    return best or ZERO, label


def _shortfall(item: Criterion, rate: Decimal) -> Decimal:
    """每低1个百分点扣N分: the percentage points ``rate`` is below the target."""
    return max(ZERO, (item.target or ZERO) - rate)


class Ratio:
    """比例: bands (the highest band met) or a target with a deduction per point below."""

    name = "ratio"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        linear = item.target is not None or item.deduct_per_point is not None
        if linear and (item.target is None or item.deduct_per_point is None or item.bands):
            yield Problem("target", "a ratio item takes either 'bands' or both 'target' and "
                                    "'deduct_per_point'")
        elif not linear and not item.bands:
            yield Problem("bands", "method 'ratio' needs 'bands', or 'target' and "
                                   "'deduct_per_point'")
        for i, band in enumerate(item.bands):
            if (band.at_least is None) == (band.above is None):
                yield Problem(f"bands[{i}]", "a band takes exactly one of 'at_least' (≥) and "
                                             "'above' (>)")
            bound = band.at_least if band.at_least is not None else band.above
            if bound is not None and bound > 100:
                yield Problem(f"bands[{i}]", f"rates are percentages from 0 to 100, "
                                             f"got {to_text(bound)}")
        if item.target is not None and item.target > 100:
            yield Problem("target", "rates are percentages from 0 to 100")

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return _missing(item, "rate")
        problems = _only(finding, "rate")
        if finding.rate is None:
            problems.append(Problem("rate", "enter the measured rate as a percentage from 0 to "
                                            "100"))
        elif not 0 <= finding.rate <= 100:
            problems.append(Problem("rate", f"is a percentage from 0 to 100, got "
                                            f"{to_text(finding.rate)}"))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        assert finding is not None
        assert finding.rate is not None
        rate = finding.rate
        if item.target is not None and item.deduct_per_point is not None:
            shortfall = _shortfall(item, rate)
            return (Part("allotted", item.points),
                    Part("ratio", -(shortfall * item.deduct_per_point), to_text(rate),
                         f"低于目标{to_text(item.target)}%共{to_text(shortfall)}个百分点",
                         note=finding.note))
        points, label = _band(item, rate)
        return (Part("band", points, to_text(rate), label, note=finding.note),)

    def compile(self, item: Criterion) -> RawScorer:
        if item.target is not None and item.deduct_per_point is not None:
            points, per = item.points, item.deduct_per_point
            return lambda f: points + -(_shortfall(item, f.rate) * per)  # type: ignore[union-attr,arg-type]
        return lambda f: _band(item, f.rate)[0]  # type: ignore[union-attr,arg-type]

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        if item.target is not None and item.deduct_per_point is not None:
            return max(item.floor, item.points - item.target * item.deduct_per_point), item.points
        always = [b.points for b in item.bands if b.at_least == 0]
        return max(always, default=ZERO), max(ZERO, *(b.points for b in item.bands))


class AllOrNothing:
    """不符合标准的，本项即不得分: the item's points when met, else 0."""

    name = "all_or_nothing"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        return iter(())

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return _missing(item, "met")
        problems = _only(finding, "met")
        if finding.met is None:
            problems.append(Problem("met", "say met = true or met = false"))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        assert finding is not None
        return (Part("met", item.points if finding.met else ZERO,
                     text="符合标准" if finding.met else "不符合标准，本项不得分",
                     note=finding.note),)

    def compile(self, item: Criterion) -> RawScorer:
        points = item.points
        return lambda f: points if f.met else ZERO  # type: ignore[union-attr]

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        return ZERO, item.points


#: The built-in methods by name.
BUILTIN_METHODS: Mapping[str, ScoringMethod] = {
    m.name: m for m in (Deduct(), Award(), Tiered(), Direct(), Ratio(), AllOrNothing())
}
