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

import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal

from civscore.messages import message
from civscore.model import Band, Criterion, Finding, Rule, RuleHit, Standard, StandardHit
from civscore.model.points import ZERO, take_within, to_text
from civscore.results.scorecard import Part
from civscore.scoring.interface import (
    Problem,
    RawScorer,
    ScoringMethod,
    Unfit,
    check_hits,
    take_hits,
)

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
    "Unfit",
    "check_hits",
    "take_hits",
]


def _missing(item: Criterion, entry: str) -> list[Problem]:
    return [Problem("criterion", message("method.missing", ident=item.id, method=item.method,
                                         entry=entry))]


_ENTRIES = ("hits", "standards", "tier", "points", "rate", "met")


def _gives_other(allowed: str) -> Callable[[Finding], bool]:
    """Whether a finding gives an entry other than ``allowed``, the one its
    item's method reads: one attribute fetch of the other lists, one of the
    other values (each must be ``None``)."""
    lists = [key for key in ("hits", "standards") if key != allowed]
    values = operator.attrgetter(*[key for key in _ENTRIES[2:] if key != allowed])
    unset = (None,) * (len(_ENTRIES) - 2 - (allowed in _ENTRIES[2:]))
    if len(lists) == 1:
        one = operator.attrgetter(lists[0])
        return lambda f: bool(one(f)) or values(f) != unset
    both = operator.attrgetter(*lists)
    return lambda f: any(both(f)) or values(f) != unset


#: By the entry a method reads: whether a finding gives any other entry.
_GIVES_OTHER: Mapping[str, Callable[[Finding], bool]] = {
    entry: _gives_other(entry) for entry in _ENTRIES}


def _only(finding: Finding, allowed: str) -> list[Problem]:
    """Entries a finding gives that its item's method does not read
    (``allowed`` names the one entry it reads)."""
    if not _GIVES_OTHER[allowed](finding):
        return []
    given = (finding.hits, finding.standards, finding.tier is not None,
             finding.points is not None, finding.rate is not None, finding.met is not None)
    return [Problem(key, message("method.not-read", key=key, allowed=allowed))
            for key, present in zip(_ENTRIES, given, strict=True) if present and key != allowed]


#: Counts of a lone rule hit whose scores a compiled ``deduct`` item keeps.
_LONE = 8


def _unfit_hits(rules: Mapping[str, Rule], hits: tuple[RuleHit, ...]) -> bool:
    """Whether :func:`check_hits` reports an error on ``hits``."""
    for hit in hits:
        rule = rules.get(hit.rule)
        if rule is None or type(hit.count) is not int or hit.count < 0:
            return True
        if rule.deduct_range is None:
            if hit.deduct is not None:
                return True
        elif hit.deduct is None or not rule.deduct_range[0] <= hit.deduct <= rule.deduct_range[1]\
                or not hit.note.strip():
            return True
    return False


def _rules_max(rules: tuple[Rule, ...]) -> bool:
    return any(r.zeroes for r in rules)


class Deduct:
    """扣分制: points − Σ rule hits (each rule capped by its ``max``)."""

    name = "deduct"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        if not item.rules:
            yield Problem("rules", message("method.needs-rule"))

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
        """A checking raw scorer (raises :class:`Unfit` where :meth:`check`
        reports an error).  A lone hit of a fixed rule is looked up in the
        scores :func:`take_hits` gives for its first counts."""
        rules, points, floor = {r.id: r for r in item.rules}, item.points, item.floor
        lone = {(r.id, n): take_hits(rules, (RuleHit(r.id, n),), points, floor)
                for r in item.rules if r.deduct_range is None for n in range(_LONE)}

        others = _GIVES_OTHER["hits"]

        def raw(f: Finding | None) -> Decimal:
            if f is None:
                return points
            if others(f):
                raise Unfit
            hits = f.hits
            if not hits:
                return points
            if len(hits) == 1:
                hit = hits[0]
                if hit.deduct is None and type(hit.count) is int:
                    known = lone.get((hit.rule, hit.count))
                    if known is not None:
                        return known
            if _unfit_hits(rules, hits):
                raise Unfit
            return take_hits(rules, hits, points, floor)

        return raw

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        if _rules_max(item.rules) or any(r.max is None for r in item.rules):
            return item.floor, item.points
        worst = item.points - sum((r.max or ZERO for r in item.rules), ZERO)
        return max(worst, item.floor), item.points


def _earned(standards: Mapping[str, Standard], hits: tuple[StandardHit, ...],
            parts: list[Part] | None = None) -> Decimal:
    """得分: Σ points of the standards met; a standard's ``max`` caps all its hits.

    :raises Unfit: for a hit naming no standard of the item, or a count that
        is not a whole number ≥ 0 (what :meth:`Award.check` refuses).
    """
    total = ZERO
    earned: dict[str, Decimal] | None = None  # by each capped standard so far
    for hit in hits:
        std, count = standards.get(hit.standard), hit.count
        if std is None or type(count) is not int or count < 0:
            raise Unfit
        amount, discarded = std.points * count, ZERO
        if std.max is not None:
            if earned is None:
                earned = {}
            amount, discarded = take_within(amount, std.max, std.id, earned)
        if parts is not None:
            parts.append(Part("award", amount, std.id, std.text, count, discarded, hit.note))
        total += amount
    return total


class Award:
    """得分制: Σ points of standards met (each capped by its ``max``)."""

    name = "award"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        if not item.standards:
            yield Problem("standards", message("method.needs-standard"))

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return []
        problems = _only(finding, "standards")
        for i, hit in enumerate(finding.standards):
            if type(hit.count) is not int or hit.count < 0:
                problems.append(Problem(f"standards[{i}].count",
                                        message("method.count", count=repr(hit.count))))
            for standard in item.standards:
                if standard.id == hit.standard:
                    break
            else:
                known = ", ".join(sorted(s.id for s in item.standards))
                problems.append(Problem(f"standards[{i}].standard",
                                        message("method.unknown-standard", ident=hit.standard,
                                                known=known)))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        if finding is None:
            return (Part("award", ZERO, text="未记录得分项"),)
        parts: list[Part] = []
        _earned({s.id: s for s in item.standards}, finding.standards, parts)
        return tuple(parts) or (Part("award", ZERO, text="未达到任何得分标准"),)

    def compile(self, item: Criterion) -> RawScorer:
        """A checking raw scorer (raises :class:`Unfit` where :meth:`check`
        reports an error)."""
        standards = {s.id: s for s in item.standards}
        others = _GIVES_OTHER["standards"]

        def raw(f: Finding | None) -> Decimal:
            if f is None:
                return ZERO
            if others(f):
                raise Unfit
            return _earned(standards, f.standards)

        return raw

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        if any(s.max is None and s.points > 0 for s in item.standards):
            return ZERO, item.points
        return ZERO, min(item.points, sum((s.max or ZERO for s in item.standards), ZERO))


class Tiered:
    """档次: the chosen tier's points."""

    name = "tiered"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        if not item.tiers:
            yield Problem("tiers", message("method.needs-tier"))

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return _missing(item, "tier")
        problems = _only(finding, "tier")
        for tier in item.tiers:
            if tier.id == finding.tier:
                return problems
        known = ", ".join(t.id for t in item.tiers)
        problems.append(Problem("tier", message("method.choose-tier", known=known))
                        if finding.tier is None else
                        Problem("tier", message("method.unknown-tier", ident=finding.tier,
                                                known=known)))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        assert finding is not None
        tier = next(t for t in item.tiers if t.id == finding.tier)
        return (Part("tier", tier.points, tier.id, tier.title, note=finding.note),)

    def compile(self, item: Criterion) -> RawScorer:
        """A checking raw scorer (raises :class:`Unfit` where :meth:`check`
        reports an error)."""
        points = {t.id: t.points for t in item.tiers}
        others = _GIVES_OTHER["tier"]

        def raw(f: Finding | None) -> Decimal:
            got = None if f is None or type(f.tier) is not str else points.get(f.tier)
            if got is None or others(f):  # type: ignore[arg-type]
                raise Unfit
            return got

        return raw

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        points = [t.points for t in item.tiers]
        return min(points), max(points)


class Direct:
    """直接赋分: the assessor's number, in ``[0, points]`` and on ``step``."""

    name = "direct"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        if item.step is not None and item.points % item.step:
            yield Problem("step", message("method.step", points=to_text(item.points),
                                          step=to_text(item.step)), severity="warning")

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return _missing(item, "points")
        problems = _only(finding, "points")
        if finding.points is None:
            problems.append(Problem("points", message("method.enter-points",
                                                      most=to_text(item.points))))
        elif finding.points < 0:
            problems.append(Problem("points", message("method.points-negative",
                                                      value=to_text(finding.points))))
        elif finding.points > item.points:
            problems.append(Problem("points", message("method.points-over",
                                                      most=to_text(item.points),
                                                      value=to_text(finding.points))))
        elif item.step is not None and finding.points % item.step:
            problems.append(Problem("points", message("method.points-step",
                                                      step=to_text(item.step),
                                                      value=to_text(finding.points))))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        assert finding is not None
        assert finding.points is not None
        return (Part("direct", finding.points, note=finding.note),)

    def compile(self, item: Criterion) -> RawScorer:
        """A checking raw scorer (raises :class:`Unfit` where :meth:`check`
        reports an error)."""
        top, step = item.points, item.step
        others = _GIVES_OTHER["points"]

        def raw(f: Finding | None) -> Decimal:
            given = None if f is None else f.points
            if (given is None or not 0 <= given <= top or (step is not None and given % step)
                    or others(f)):  # type: ignore[arg-type]
                raise Unfit
            return given

        return raw

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        return ZERO, item.points


def _best_first(item: Criterion) -> list[Band]:
    """比例: the item's bands, most points first (in rubric order among equal points)."""
    return sorted(item.bands, key=lambda band: band.points, reverse=True)


def _band(ranked: Sequence[Band], rate: Decimal) -> Band | None:
    """The band ``rate`` scores in: of those it meets, the one with the most
    points (the first in rubric order among equal points); ``ranked`` is
    :func:`_best_first`.  None when it meets none (0 points)."""
    for band in ranked:
        if (band.at_least is not None and rate >= band.at_least) or (
                band.above is not None and rate > band.above):
            return band
    return None


def _shortfall(item: Criterion, rate: Decimal) -> Decimal:
    """每低1个百分点扣N分: the percentage points ``rate`` is below the target."""
    return max(ZERO, (item.target or ZERO) - rate)


class Ratio:
    """比例: bands (the highest band met) or a target with a deduction per point below."""

    name = "ratio"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        linear = item.target is not None or item.deduct_per_point is not None
        if linear and (item.target is None or item.deduct_per_point is None or item.bands):
            yield Problem("target", message("method.ratio-either"))
        elif not linear and not item.bands:
            yield Problem("bands", message("method.ratio-needs"))
        for i, band in enumerate(item.bands):
            if (band.at_least is None) == (band.above is None):
                yield Problem(f"bands[{i}]", message("method.band-bound"))
            bound = band.at_least if band.at_least is not None else band.above
            if bound is not None and bound > 100:
                yield Problem(f"bands[{i}]", message("method.rate-bound", value=to_text(bound)))
        if item.target is not None and item.target > 100:
            yield Problem("target", message("method.rates"))

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        if finding is None:
            return _missing(item, "rate")
        problems = _only(finding, "rate")
        if finding.rate is None:
            problems.append(Problem("rate", message("method.enter-rate")))
        elif not 0 <= finding.rate <= 100:
            problems.append(Problem("rate", message("method.rate", value=to_text(finding.rate))))
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
        band = _band(_best_first(item), rate)
        if band is None:
            return (Part("band", ZERO, to_text(rate), "未达到任何档次", note=finding.note),)
        label = (f"≥{to_text(band.at_least)}%" if band.at_least is not None
                 else f">{to_text(band.above or ZERO)}%")
        return (Part("band", band.points or ZERO, to_text(rate), label, note=finding.note),)

    def compile(self, item: Criterion) -> RawScorer:
        """A checking raw scorer (raises :class:`Unfit` where :meth:`check`
        reports an error)."""
        others = _GIVES_OTHER["rate"]
        if item.target is not None and item.deduct_per_point is not None:
            points, per = item.points, item.deduct_per_point

            def linear(f: Finding | None) -> Decimal:
                rate = None if f is None else f.rate
                if rate is None or not 0 <= rate <= 100 or others(f):  # type: ignore[arg-type]
                    raise Unfit
                return points + -(_shortfall(item, rate) * per)

            return linear
        ranked = _best_first(item)

        def banded(f: Finding | None) -> Decimal:
            rate = None if f is None else f.rate
            if rate is None or not 0 <= rate <= 100 or others(f):  # type: ignore[arg-type]
                raise Unfit
            band = _band(ranked, rate)
            return ZERO if band is None else band.points or ZERO

        return banded

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
            problems.append(Problem("met", message("method.met")))
        return problems

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        assert finding is not None
        return (Part("met", item.points if finding.met else ZERO,
                     text="符合标准" if finding.met else "不符合标准，本项不得分",
                     note=finding.note),)

    def compile(self, item: Criterion) -> RawScorer:
        """A checking raw scorer (raises :class:`Unfit` where :meth:`check`
        reports an error)."""
        points = item.points
        others = _GIVES_OTHER["met"]

        def raw(f: Finding | None) -> Decimal:
            if f is None or f.met is None or others(f):
                raise Unfit
            return points if f.met else ZERO

        return raw

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        return ZERO, item.points


#: The built-in methods by name.
BUILTIN_METHODS: Mapping[str, ScoringMethod] = {
    m.name: m for m in (Deduct(), Award(), Tiered(), Direct(), Ratio(), AllOrNothing())
}
