"""Consistency checks for rubrics and assessments (一致性检查).

:func:`check_rubric` answers the rubric author's questions: do the points add
up, can every level be reached, are there gaps between level bands, can every
tier, standard and bonus item count?  :func:`check_assessment` answers the
auditor's: does the assessment name only what the rubric has, are its values
in range, and does the unit's self-assessed (自评) total match its items?

Both return a list of :class:`CheckFinding`, errors first, each with a stable
``code`` and the key path it concerns; they never raise for a problem they
can describe.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Literal

import attrs

from civscore.exceptions import AssessmentError, RubricError
from civscore.files.indicators import unweighted_problem
from civscore.messages import message, use_language
from civscore.model import Assessment, Criterion, Rubric, marked_parts, scaled_item, walk_items
from civscore.model.points import ZERO, quantize, to_text
from civscore.scoring import assessment_problems, require_weighted, score
from civscore.scoring.arguments import require
from civscore.scoring.decide import bar_warnings
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod

__all__ = [
    "BUILTIN_CHECKS",
    "CheckFinding",
    "CheckSpec",
    "RubricCheck",
    "check_assessment",
    "check_rubric",
    "item_bounds",
    "max_total",
    "rubric_warnings",
]

Severity = Literal["error", "warning", "info"]
_ORDER = {"error": 0, "warning": 1, "info": 2}


@attrs.frozen
class CheckFinding:
    """One consistency finding.

    :ivar code: stable identifier, e.g. ``sum-total``, ``level-unreachable``.
    :ivar severity: ``error`` (the rubric or assessment is wrong), ``warning``
        (probably wrong) or ``info``.
    :ivar path: key path in the rubric or assessment file, e.g.
        ``$.categories[2].points``.
    :ivar message: what is wrong and what to do.
    """

    code: str
    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.path}: {self.message} [{self.code}]"


#: A consistency check: ``check(rubric, methods)`` yields findings.
RubricCheck = Callable[[Rubric, Mapping[str, ScoringMethod]], Iterable[CheckFinding]]


@attrs.frozen
class CheckSpec:
    """A named consistency check, built in or from a plugin's
    ``civscore_rubric_checks`` hook.

    :ivar name: unique name, e.g. ``sums``.
    :ivar check: ``check(rubric, methods)`` yielding :class:`CheckFinding`.
    """

    name: str
    check: RubricCheck
    description: str = ""


def _sorted(findings: Iterable[CheckFinding]) -> list[CheckFinding]:
    return sorted(findings, key=lambda f: (_ORDER[f.severity], f.path, f.code, f.message))


def check_rubric(
    rubric: Rubric,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    checks: Iterable[CheckSpec] | None = None,
) -> list[CheckFinding]:
    """Check a rubric's internal consistency.

    :param methods: scoring methods by name (default: the built-in ones).
    :param checks: the checks to run (default: :data:`BUILTIN_CHECKS`; the
        plugin registry passes the built-in ones plus the plugins').
    :return: findings sorted errors first, then by key path.
    :raises TypeError: when ``rubric`` is not a :class:`~civscore.model.Rubric`.
    """
    require(rubric, "rubric", Rubric)
    methods = BUILTIN_METHODS if methods is None else methods
    found: list[CheckFinding] = []
    for spec in BUILTIN_CHECKS if checks is None else checks:
        found.extend(spec.check(rubric, methods))
    return _sorted(found)


def rubric_warnings(rubric: Rubric, methods: Mapping[str, ScoringMethod], *,
                    checks: Iterable[CheckSpec] | None = None) -> tuple[str, ...]:
    """What a scorecard scored against ``rubric`` says of the rubric itself:
    one warning, in Chinese whatever the current language (a scorecard's
    words do not depend on who scored it), per finding of severity
    ``error`` of :func:`check_rubric` with ``methods`` and ``checks``
    (default: the built-in ones), naming its key path and code.  Pass it as
    ``score(…, checks=rubric_warnings)``; the engine runs it once per rubric.

    :return: the warnings, in the order of :func:`check_rubric` (by key path).
    """
    with use_language("zh"):
        return tuple(message("score.inconsistent", ref=rubric.ref, path=f.path,
                             message=f.message, code=f.code)
                     for f in check_rubric(rubric, methods=methods, checks=checks)
                     if f.severity == "error")


def _check_sums(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> Iterator[CheckFinding]:
    categories_sum = sum((c.points for c in rubric.categories), ZERO)
    if categories_sum != rubric.total:
        yield CheckFinding(
            "sum-total", "error", "$.total",
            message("checks.sum-total", sum=to_text(categories_sum),
                    total=to_text(rubric.total)))


def _check_items(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> Iterator[CheckFinding]:
    if not rubric.weighted:  # indicators without points: no sums or methods to check
        problem = unweighted_problem(rubric)  # the loader's rule, for a rubric built in code
        if problem is not None:
            yield CheckFinding("unweighted-points", "error", problem[0],
                               message("loader.unweighted", key=problem[1]))
        yield CheckFinding("unweighted", "info", "$.weighted", message("checks.unweighted"))
        return
    for i, category in enumerate(rubric.categories):
        yield from _check_item(rubric, category, f"$.categories[{i}]", methods)
    if rubric.unassessed != "full" and not any(
            _scored_without_finding(place.item, methods) for place in walk_items(rubric)):
        yield CheckFinding("unassessed-unused", "info", "$.unassessed",
                           message("checks.unassessed-unused", policy=rubric.unassessed))


def _scored_without_finding(item: Criterion, methods: Mapping[str, ScoringMethod]) -> bool:
    """Whether a leaf's method scores it when no finding is recorded (未评)."""
    method = methods.get(item.method or "")
    return not item.criteria and method is not None and not any(
        p.severity == "error" for p in method.check(item, None))


def _check_provenance(rubric: Rubric,
                      methods: Mapping[str, ScoringMethod]) -> Iterator[CheckFinding]:
    """Illustrative rubrics flagged; read parts that name no source; read
    parts whose points do not add up with the read whole they belong to."""
    if rubric.provenance == "illustrative":
        known = sum(1 for p in marked_parts(rubric)
                   if p.points is not None and p.provenance != "illustrative")
        yield CheckFinding("illustrative", "info", "$.provenance",
                           message("checks.illustrative")
                           + (message("checks.illustrative-except", n=known) if known else ""))
    # A missing source is reported where the mark is declared (a part taking
    # its mark from the rubric or an enclosing part shares that one's finding).
    if rubric.provenance != "illustrative" and not rubric.source.strip():
        yield CheckFinding("provenance-no-source", "error", "$.source",
                           message("checks.provenance-no-source", path=rubric.ref,
                                   provenance=rubric.provenance))
    for part in marked_parts(rubric):
        if part.marked and part.provenance != "illustrative" and not part.source.strip():
            yield CheckFinding("provenance-no-source", "error", f"{part.key}.source",
                               message("checks.provenance-no-source", path=part.path,
                                       provenance=part.provenance))
    wholes: list[tuple[str, str, str, Decimal, bool, list[tuple[Criterion, str]]]] = [
        ("$", message("checks.rubric-total"), rubric.provenance, rubric.total, True,
         [(c, c.provenance or rubric.provenance) for c in rubric.categories])]
    wholes.extend((place.key, place.path, place.provenance, place.item.points,
                   place.item.sum_policy == "exact",
                   [(c, c.provenance or place.provenance) for c in place.item.criteria])
                  for place in walk_items(rubric) if place.item.criteria)
    for key, name, provenance, points, exact, children in wholes:
        if provenance == "illustrative" or not children:
            continue
        read: list[Decimal] = [c.points for c, prov in children if prov != "illustrative"]
        got = sum(read, ZERO)
        every = len(read) == len(children)
        if (exact and got > points) or (every and (got != points if exact else got < points)):
            yield CheckFinding(
                "provenance-sum", "error", key,
                message("checks.provenance-sum", name=name, provenance=provenance,
                        points=to_text(points), got=to_text(got),
                        more="" if every else message("checks.more-than-whole")))


def _check_ids(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> Iterator[CheckFinding]:
    """Duplicate ids (the loader refuses them; a rubric built in code may not)."""
    lists: list[tuple[str, Iterable[str]]] = [
        ("$.categories", (c.id for c in rubric.categories)),
        ("$.levels", (lv.id for lv in rubric.levels)),
        ("$.vetoes", (v.id for v in rubric.vetoes)),
        ("$.bars", (b.id for b in rubric.bars)),
        ("$.gates", (g.id for g in rubric.gates)),
        ("$.penalties", (p.id for p in rubric.penalties)),
    ]
    if rubric.bonus is not None:
        lists.append(("$.bonus.items", (b.id for b in rubric.bonus.items)))
    for path, ids in lists:
        seen: set[str] = set()
        for ident in ids:
            if ident in seen:
                yield CheckFinding("duplicate-id", "error", path,
                                   message("checks.duplicate-id", ident=ident))
            seen.add(ident)


def item_bounds(item: Criterion, methods: Mapping[str, ScoringMethod],
                rubric: Rubric | None = None) -> tuple[Decimal, Decimal]:
    """The lowest and highest score an item can get (after clamping).

    :param rubric: the item's rubric, needed when a tiered item below scores
        by a grade scale (评分等级) instead of tiers of its own.
    :raises KeyError: when a leaf's method is not in ``methods``.
    """
    if rubric is not None:
        item = scaled_item(rubric, item)
    if item.criteria:
        lows, highs = zip(*(item_bounds(c, methods, rubric) for c in item.criteria),
                          strict=True)
        low = sum(lows, ZERO) - sum((r.max or ZERO for r in item.rules), ZERO)
        if any(r.zeroes or (r.max is None) for r in item.rules):
            low = item.floor
        high = sum(highs, ZERO)
    else:
        low, high = methods[item.method or ""].bounds(item)
    return (min(max(low, item.floor), item.points), min(max(high, item.floor), item.points))


def max_total(rubric: Rubric, methods: Mapping[str, ScoringMethod] | None = None) -> Decimal:
    """The highest total any assessment can reach: the categories' highest
    scores plus the most bonus the rubric's groups and cap allow."""
    methods = BUILTIN_METHODS if methods is None else methods
    base = sum((item_bounds(c, methods, rubric)[1] for c in rubric.categories), ZERO)
    return base + _max_bonus(rubric)


def _max_bonus(rubric: Rubric) -> Decimal:
    if rubric.bonus is None:
        return ZERO
    best: dict[str, Decimal] = {}
    loose = ZERO
    for item in rubric.bonus.items:
        most = item.points * item.max_count
        if item.group:
            best[item.group] = max(best.get(item.group, ZERO), most)
        else:
            loose += most
    gross = loose + sum(best.values(), ZERO)
    cap = rubric.bonus.cap
    return gross if cap is None else min(gross, cap)


def _check_item(rubric: Rubric, item: Criterion, path: str,
                methods: Mapping[str, ScoringMethod]) -> Iterator[CheckFinding]:
    item = scaled_item(rubric, item)
    if item.criteria:
        children = sum((c.points for c in item.criteria), ZERO)
        if item.sum_policy == "exact" and children != item.points:
            yield CheckFinding(
                "sum-item", "error", f"{path}.points",
                message("checks.sum-item-exact", title=item.title, sum=to_text(children),
                        points=to_text(item.points)))
        elif item.sum_policy == "cap" and children < item.points:
            yield CheckFinding(
                "sum-item", "error", f"{path}.points",
                message("checks.sum-item-cap", title=item.title, sum=to_text(children),
                        points=to_text(item.points)))
        for i, child in enumerate(item.criteria):
            yield from _check_item(rubric, child, f"{path}.criteria[{i}]", methods)
    else:
        method = methods.get(item.method or "")
        if method is None:
            yield CheckFinding("unknown-method", "error", f"{path}.method",
                               message("checks.unknown-method", method=item.method))
            return
        for problem in method.validate(item):
            yield CheckFinding(f"method-{item.method}", problem.severity,  # type: ignore[arg-type]
                               f"{path}.{problem.key}", problem.message)
        for i, tier in enumerate(item.tiers):
            if tier.points > item.points:
                yield CheckFinding("tier-unreachable", "warning", f"{path}.tiers[{i}].points",
                                   message("checks.tier-unreachable", tier=tier.title,
                                           points=to_text(tier.points),
                                           item=to_text(item.points)))
        for i, band in enumerate(item.bands):
            bound = band.at_least if band.at_least is not None else band.above
            for other in item.bands:
                other_bound = other.at_least if other.at_least is not None else other.above
                if (bound is not None and other_bound is not None and other_bound < bound
                        and other.points >= band.points and other is not band):
                    yield CheckFinding("band-unreachable", "warning", f"{path}.bands[{i}]",
                                       message("checks.band-unreachable"))
                    break
        if item.method == "award":
            _low, high = method.bounds(item)
            if high < item.points:
                yield CheckFinding("award-short", "warning", f"{path}.standards",
                                   message("checks.award-short", title=item.title,
                                           most=to_text(high), points=to_text(item.points)))
    for i, rule in enumerate(item.rules):
        if rule.at_most is not None and rule.at_most >= item.points:
            yield CheckFinding("at-most-never-binds", "warning", f"{path}.rules[{i}].at_most",
                               message("checks.at-most-never-binds", title=item.title,
                                       limit=to_text(rule.at_most)))
        amount = rule.deduct if rule.deduct is not None else (
            rule.deduct_range[1] if rule.deduct_range else None)
        if amount is not None and amount > item.points:
            yield CheckFinding("rule-exceeds-item", "warning", f"{path}.rules[{i}]",
                               message("checks.rule-exceeds-item", amount=to_text(amount),
                                       points=to_text(item.points)))


def _check_levels(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> Iterator[CheckFinding]:
    levels = list(enumerate(rubric.levels))
    for (_i, a), (j, b) in itertools.pairwise(levels):
        if b.min_total <= a.min_total:
            yield CheckFinding("levels-order", "error", f"$.levels[{j}].min_total",
                               message("checks.levels-order", later=b.title,
                                       later_min=to_text(b.min_total), earlier=a.title,
                                       earlier_min=to_text(a.min_total)))
    try:
        highest = max_total(rubric, methods)
    except KeyError:
        return  # an unknown method is reported by the item check
    rule = rubric.rounding
    rounded = rule.compare == "rounded"
    # Levels compare the rounded total when the rubric says so: 29.5 rounds
    # half-up to 30 and reaches a level at 30.
    reach = quantize(highest, rule.places, rule.mode) if rounded else highest
    items = {place.path: place.item for place in walk_items(rubric)}
    for i, level in levels:
        for j, minimum in enumerate(level.minimums):
            item = items.get(minimum.item)
            most = None if item is None else item_bounds(item, methods, rubric)[1]
            if most is not None and minimum.at_least > most:
                yield CheckFinding("minimum-unreachable", "error",
                                   f"$.levels[{i}].minimums[{j}].at_least",
                                   message("checks.minimum-unreachable", title=level.title,
                                           item=minimum.item, least=to_text(minimum.at_least),
                                           most=to_text(most)))
        if level.min_total > reach:
            yield CheckFinding("level-unreachable", "error", f"$.levels[{i}].min_total",
                               message("checks.level-unreachable", title=level.title,
                                       needs=to_text(level.min_total), most=to_text(highest)))
        if level.max_total is not None and level.max_total > highest:
            yield CheckFinding("level-band", "info", f"$.levels[{i}].max_total",
                               message("checks.level-band", bound=to_text(level.max_total),
                                       most=to_text(highest)))
    ordered = sorted(levels, key=lambda p: p[1].min_total)
    step = Decimal(1).scaleb(-rule.places)
    for (i, a), (_j, b) in itertools.pairwise(ordered):
        if a.max_total is None:
            continue
        if a.max_total >= b.min_total:
            yield CheckFinding("levels-overlap", "error", f"$.levels[{i}].max_total",
                               message("checks.levels-overlap", lower=a.title,
                                       end=to_text(a.max_total), upper=b.title,
                                       start=to_text(b.min_total)))
            continue
        # Compared rounded, totals are multiples of the step: a gap is a
        # multiple strictly between the bands (79.5 … 80.5 at step 1: 80).
        above = (a.max_total / step).to_integral_value(rounding=decimal.ROUND_FLOOR) * step + step
        if (above < b.min_total) if rounded else (b.min_total > a.max_total):
            yield CheckFinding("levels-gap", "error", f"$.levels[{i}].max_total",
                               message("checks.levels-gap", lower=a.title,
                                       end=to_text(a.max_total), upper=b.title,
                                       start=to_text(b.min_total)))


def _check_bonus(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> Iterator[CheckFinding]:
    if rubric.bonus is None:
        return
    if rubric.bonus.projects and len(rubric.bonus.items) < 2:
        yield CheckFinding("bonus-projects-unused", "warning", "$.bonus.projects",
                           message("checks.bonus-projects-unused"))
    pool = rubric.bonus.min_base
    for i, item in enumerate(rubric.bonus.items):
        if (item.points == 0 or item.max_count == 0 or rubric.bonus.cap == 0
                or (item.method == "tiered" and not any(t.points for t in item.tiers))):
            yield CheckFinding("bonus-never-counts", "warning", f"$.bonus.items[{i}]",
                               message("checks.bonus-never-counts", ident=item.id))
        if item.min_base is not None and pool is not None and item.min_base <= pool:
            yield CheckFinding("bonus-base-shadowed", "warning", f"$.bonus.items[{i}].min_base",
                               message("checks.bonus-base-shadowed", ident=item.id,
                                       need=to_text(item.min_base), pool=to_text(pool)))


#: The built-in checks, in the order they run.
BUILTIN_CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec("sums", _check_sums, "category points add up to the total"),
    CheckSpec("items", _check_items, "sub-items add up; methods, tiers, bands, rules are sound"),
    CheckSpec("ids", _check_ids, "ids are unique"),
    CheckSpec("levels", _check_levels, "levels ascend, are reachable, have no gaps or overlaps"),
    CheckSpec("bonus", _check_bonus, "every bonus item can count"),
    CheckSpec("provenance", _check_provenance, "illustrative rubrics are flagged; quoted parts "
              "name a source and add up with the quoted whole"),
)


def check_assessment(
    rubric: Rubric,
    assessment: Assessment,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
) -> list[CheckFinding]:
    """Check an assessment against its rubric.

    Reports every problem that would stop :func:`civscore.score` (``error``),
    items without a finding, claimed (自评) figures above the points allotted,
    claimed parts that do not add up to the claimed total, and claimed
    figures that differ from the computed ones (``warning``).  Against a
    rubric of indicators without points, the one finding is that it cannot
    be scored (``unweighted``, an ``error`` at ``$.rubric``).

    :raises TypeError: when ``rubric`` is not a :class:`~civscore.model.Rubric`
        or ``assessment`` not an :class:`~civscore.model.Assessment`.
    """
    require(rubric, "rubric", Rubric)
    require(assessment, "assessment", Assessment)
    try:
        require_weighted(rubric)
    except RubricError as exc:
        return [CheckFinding("unweighted", "error", "$.rubric", exc.message)]
    methods = BUILTIN_METHODS if methods is None else methods
    found = [CheckFinding("assessment", p.severity, p.path, p.message)  # type: ignore[arg-type]
             for p in assessment_problems(rubric, assessment, methods)]
    paths = {f.criterion: i for i, f in enumerate(assessment.findings)}
    for path, item, *_ in walk_items(rubric):
        finding_index = paths.get(path)
        if finding_index is None:
            if not item.criteria and item.method in ("deduct", "award"):
                what = message("checks.no-deductions" if item.method == "deduct"
                               else "checks.nothing-earned")
                found.append(CheckFinding("no-finding", "info", "$.findings",
                                          message("checks.no-finding", path=path, what=what)))
            continue
        claimed = assessment.findings[finding_index].claimed
        if claimed is not None and claimed > item.points:
            found.append(CheckFinding(
                "claimed-over-max", "warning", f"$.findings[{finding_index}].claimed",
                message("checks.claimed-over-max", claimed=to_text(claimed), title=item.title,
                        points=to_text(item.points))))
    if not any(f.severity == "error" for f in found):
        try:
            card = score(rubric, assessment, methods=methods, explain=False)
        except AssessmentError as exc:  # pragma: no cover - problems above cover these
            found.append(CheckFinding("assessment", "error", exc.path, exc.message))
        else:
            found.extend(CheckFinding("bar-outside-window", "warning", path, message)
                         for path, message in bar_warnings(card.bars))
            for d in card.discrepancies:
                path = d.path if d.path.startswith("$") else _finding_path(d.path, paths)
                if d.level == "claimed-sum":
                    said = message("checks.claimed-sum", computed=to_text(d.computed),
                                   claimed=to_text(d.claimed))
                else:
                    said = message("checks.discrepancy", claimed=to_text(d.claimed),
                                   computed=to_text(d.computed),
                                   difference=to_text(d.difference))
                found.append(CheckFinding(f"discrepancy-{d.level}", "warning", path, said))
    return _sorted(found)


def _finding_path(item_path: str, paths: Mapping[str, int]) -> str:
    return f"$.findings[{paths[item_path]}].claimed" if item_path in paths else item_path
