"""Hypothesis strategies for the assessments of a rubric: :func:`assessments`
(random and constructed ones) and :func:`harsher` (one more deduction); and
:func:`rarely`, which the rubric strategy draws with too.

The strategies for each item are built once per rubric, since building a
strategy costs far more than drawing from it.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Callable, Mapping
from decimal import Decimal

import attrs
from hypothesis import strategies as st

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
    scaled_item,
)
from civscore.model.points import ZERO
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod
from civscore.testing.candidates import NOTE, is_builtin
from civscore.testing.paths import walk
from civscore.testing.search import near_thresholds
from civscore.testing.units import ceil_units, floor_units

__all__ = ["assessments", "harsher", "rarely"]


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
    methods = BUILTIN_METHODS if methods is None else methods
    random = _random_assessment(rubric, _draws(rubric, methods))
    near = near_thresholds(rubric, methods) if rubric.levels else []
    if not near:
        return random
    return st.one_of(random, st.sampled_from(near))


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
            hits.append(RuleHit(rule.id, 1, deduct, NOTE if deduct is not None else ""))
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

    for path, item in walk(rubric):
        if _inside(path, na) or not (item.criteria or item.method == "deduct"):
            continue
        for rule in item.rules:
            options.append(functools.partial(add_hit, path, rule))
    for pen in rubric.penalties:
        options.append(functools.partial(add_penalty, pen.id))
    if not options:
        return st.just(assessment)
    return st.sampled_from(options).map(lambda make: make())


def rarely(n: int) -> st.SearchStrategy[bool]:
    """True about once in ``n`` draws."""
    return st.integers(0, n - 1).map(lambda x: x == n - 1)


def _inside(path: str, na: set[str]) -> bool:
    parts = path.split(".")
    return any(".".join(parts[:n]) in na for n in range(1, len(parts) + 1))


def _decimals(lo: Decimal, hi: Decimal, places: int) -> st.SearchStrategy[Decimal]:
    """Decimals with ``places`` places in ``[lo, hi]``."""
    a, b = ceil_units(lo, places), floor_units(hi, places)
    if b < a:
        return st.just(lo)
    return st.integers(a, b).map(lambda n: Decimal(n).scaleb(-places))


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
    if not is_builtin(method, name or ""):
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
        leaf = _leaf(scaled_item(rubric, item), path, methods[item.method or ""], places)
        return _Draw(path, claimed, leaf, None, ())

    return tuple(plan(c, c.id) for c in rubric.categories)


@st.composite
def _random_assessment(draw: st.DrawFn, rubric: Rubric, plans: tuple[_Draw, ...]
                       ) -> Assessment:
    na_allowed = rubric.not_applicable != "forbid"
    findings: list[Finding] = []

    def visit(node: _Draw) -> None:
        if na_allowed and draw(_RARELY_8):
            findings.append(Finding(node.path, not_applicable=True, reason=NOTE))
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
        if finding is None and (claimed is not None or rubric.unassessed == "error"):
            finding = Finding(node.path)  # (under "error" every item must be found)
        if finding is not None:
            findings.append(attrs.evolve(finding, claimed=claimed))

    for plan in plans:
        visit(plan)
    bonus: list[BonusClaim] = []
    if rubric.bonus is not None:
        for item in rubric.bonus.items:
            if not draw(st.booleans()):
                continue
            if item.method == "tiered":  # a judged bonus: one award, a tier or points
                bonus.append(BonusClaim(item.id, tier=draw(st.sampled_from(item.tiers)).id))
            elif item.method == "direct":
                step = item.step or Decimal(1).scaleb(-rubric.point_places)
                bonus.append(BonusClaim(item.id, points=step * draw(
                    st.integers(0, int(item.points // step)))))
            else:
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


_RARELY_3, _RARELY_8, _RARELY_20 = rarely(3), rarely(8), rarely(20)
_COUNTS = st.integers(1, 5)
#: The latest date drawn: a date in the future is refused (docs/refuses.md),
#: so every date stays before any day the strategies run on.
_LATEST = datetime.date(2025, 12, 31)
_VETO_DATES = st.none() | st.dates(max_value=_LATEST)
_ASSESSMENT_DATES = st.dates(datetime.date(2010, 1, 1), _LATEST)
_BAR_DAYS = st.integers(0, 1500)
