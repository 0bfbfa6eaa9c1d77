"""Checking an assessment against its rubric before its figures count.

:func:`assessment_problems` lists every problem; :func:`finding_problems`
is the check of one finding that both it and the scoring pass use, so a
finding the pass accepts is one the full check accepts.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal

import attrs

from civscore.messages import message
from civscore.model import Assessment, BonusClaim, BonusItem, Finding, Rubric, is_blank
from civscore.model.points import ZERO, places_of, to_text
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod, check_hits
from civscore.scoring.plan import Node, Plan, plan_for

__all__ = ["AssessmentProblem", "assessment_problems", "claims_problems", "date_problems",
           "finding_problems", "period_start"]

_NOT_READ_BY_GROUPS = ("standards", "tier", "points", "rate", "met")
#: What a finding scores with: none may be given with ``not_applicable = true``.
_VALUES = ("hits", "standards", "tier", "points", "rate", "met", "options")
#: A rubric version that starts with a year (``2024``, ``2010-2011``, ``2021年版``).
_VERSION_YEAR = re.compile(r"(\d{4})(?!\d)")
#: How far past today's date an assessment date may lie (time zones: China is UTC+8).
GRACE = datetime.timedelta(days=1)

@attrs.frozen
class AssessmentProblem:
    """A problem with an assessment against its rubric (key path in the assessment)."""

    path: str
    message: str
    severity: str = "error"
    #: the kind of problem: ``rubric-mismatch``, ``unknown-item``,
    #: ``duplicate-finding``, ``finding``, ``missing-finding``,
    #: ``unknown-bonus``, ``unknown-penalty``, ``unknown-veto``, ``unknown-bar``,
    #: ``unknown-gate``, ``missing-date`` or ``too-many-places``.
    code: str = "finding"


def assessment_problems(
    rubric: Rubric, assessment: Assessment, methods: Mapping[str, ScoringMethod] | None = None,
    *, unassessed: str | None = None,
) -> Iterator[AssessmentProblem]:
    """Every problem with ``assessment`` against ``rubric``: unknown items,
    rules, tiers, bonus/penalty/veto/bar/gate ids; values out of range or off
    their step; missing findings that the method needs; decimal places beyond
    the rubric's ``point_places``; not-applicable items without a reason or
    under a ``forbid`` policy; a rubric reference that does not match;
    dates that cannot be right (:func:`date_problems`); items left without
    a finding (未评) under the ``unassessed`` policy (``None``: the
    rubric's), an error under ``error`` and a warning under ``flag``; a
    blank ``unit`` (a warning, :func:`unit_problems`)."""
    plan = plan_for(rubric, BUILTIN_METHODS if methods is None else methods)
    policy = unassessed or rubric.unassessed
    if assessment.rubric != rubric.ref:
        yield AssessmentProblem("$.rubric", message("fit.rubric-mismatch",
                                                    named=assessment.rubric, ref=rubric.ref),
                                code="rubric-mismatch")
    yield from unit_problems(assessment)
    na = {f.criterion for f in assessment.findings if f.not_applicable}
    given: dict[int, int] = {}
    for i, finding in enumerate(assessment.findings):
        node = plan.by_path.get(finding.criterion)
        if node is None:
            yield AssessmentProblem(f"$.findings[{i}].criterion",
                                    _unknown_item(finding.criterion, plan), code="unknown-item")
            continue
        if node.index in given:
            yield AssessmentProblem(f"$.findings[{i}].criterion",
                                    message("fit.duplicate-finding", item=finding.criterion,
                                            at=f"$.findings[{given[node.index]}]"),
                                    code="duplicate-finding")
        given.setdefault(node.index, i)
        if na and _inside(finding.criterion, na):
            continue  # the whole enclosing item is not applicable: nothing below it is scored
        for key, said, severity in finding_problems(plan, node, finding):
            yield AssessmentProblem(f"$.findings[{i}]{key}", said, severity)
    for node in sorted(plan.nodes, key=_rank):
        if node.index in given or node.children or (
                na and (node.path in na or _inside(node.path, na))):
            continue
        if node.method is None:
            yield AssessmentProblem("$.findings", message("fit.method-missing", path=node.path,
                                                          method=node.item.method),
                                    code="missing-finding")
            continue
        assert node.check is not None
        for p in node.check(node.item, None):
            yield AssessmentProblem("$.findings", f"{node.path}: {p.message}", p.severity,
                                    code="missing-finding")
        if policy != "full" and not node.required:
            yield AssessmentProblem("$.findings",
                                    message(f"fit.unassessed-{policy}", path=node.path),
                                    "error" if policy == "error" else "warning")
    yield from claims_problems(rubric, assessment)
    yield from date_problems(rubric, assessment)


def finding_problems(plan: Plan, node: Node, finding: Finding) -> list[tuple[str, str, str]]:
    """Problems with one finding of an applicable item: ``(key path below
    the finding, message, severity)``; empty when it fits."""
    found: list[tuple[str, str, str]] = []
    for key, value in (("points", finding.points), ("rate", finding.rate),
                       ("claimed", finding.claimed)):
        if value is not None and (type(value) is not Decimal or not value.is_finite()):
            return [(f".{key}", message("fit.not-decimal", kind=type(value).__name__,
                                        value=repr(value)), "error")]
    if finding.points is not None or finding.claimed is not None:
        places = plan.rubric.point_places
        found.extend((f".{key}", message("fit.places", value=to_text(value), places=places),
                      "error")
                     for key, value in (("points", finding.points), ("claimed", finding.claimed))
                     if value is not None and _more_places(value, places))
    item = node.item
    if finding.not_applicable:
        given = [key for key in _VALUES if getattr(finding, key) not in (None, (), {})]
        if given:
            found.append((".not_applicable", message("fit.na-and-values",
                                                     given=", ".join(given)), "error"))
        if plan.rubric.not_applicable == "forbid":
            found.append((".not_applicable", message("fit.forbid"), "error"))
        if not finding.reason.strip():
            found.append((".reason", message("fit.reason"), "error"))
    elif node.children:
        found.extend((f".{key}", message("fit.group", item=finding.criterion), "error")
                     for key in _NOT_READ_BY_GROUPS if getattr(finding, key) not in (None, ()))
        if finding.hits:
            found.extend((f".{p.key}", p.message, p.severity)
                         for p in check_hits(item.rules, finding))
    elif node.check is None:
        found.append((".criterion", message("fit.item-method-missing", method=item.method,
                                            item=finding.criterion), "error"))
    else:
        problems = node.check(item, finding)
        if problems:
            found.extend((f".{p.key}", p.message, p.severity) for p in problems)
    return found


def _rank(node: Node) -> int:
    return node.rank


def claims_problems(rubric: Rubric, assessment: Assessment) -> Iterator[AssessmentProblem]:
    bonus_ids = {b.id: b for b in rubric.bonus.items} if rubric.bonus else {}
    by_project = rubric.bonus is not None and bool(rubric.bonus.projects)
    for i, claim in enumerate(assessment.bonus):
        if claim.item not in bonus_ids:
            yield AssessmentProblem(f"$.bonus[{i}].item", _unknown("bonus-item", claim.item,
                                                                   bonus_ids),
                                    code="unknown-bonus")
        item = bonus_ids.get(claim.item)
        if item is not None:
            for key, text in _judged_problems(item, claim, rubric.point_places):
                yield AssessmentProblem(f"$.bonus[{i}].{key}", text)
        if claim.project and not by_project:
            yield AssessmentProblem(f"$.bonus[{i}].project",
                                    message("fit.no-projects", ref=rubric.ref))
    penalty_ids = {p.id: p for p in rubric.penalties}
    for i, pclaim in enumerate(assessment.penalties):
        if pclaim.item not in penalty_ids:
            yield AssessmentProblem(f"$.penalties[{i}].item", _unknown("penalty", pclaim.item,
                                                                       penalty_ids),
                                    code="unknown-penalty")
    veto_ids = {v.id: v for v in rubric.vetoes}
    for i, veto in enumerate(assessment.vetoes):
        if veto.veto not in veto_ids:
            yield AssessmentProblem(f"$.vetoes[{i}].veto", _unknown("veto", veto.veto, veto_ids),
                                    code="unknown-veto")
    bar_ids = {b.id: b for b in rubric.bars}
    for i, bar in enumerate(assessment.bars):
        if bar.bar not in bar_ids:
            yield AssessmentProblem(f"$.bars[{i}].bar", _unknown("bar", bar.bar, bar_ids),
                                    code="unknown-bar")
    if assessment.bars and assessment.assessed_on is None:
        yield AssessmentProblem("$.assessed_on", message("fit.missing-date"), code="missing-date")
    gate_ids = {g.id: g for g in rubric.gates}
    for gate in assessment.gates:
        if gate not in gate_ids:
            yield AssessmentProblem(f"$.gates.{gate}", _unknown("gate", gate, gate_ids),
                                    code="unknown-gate")
    places = max(rubric.point_places, rubric.rounding.places)
    if assessment.claimed_total is not None and _more_places(assessment.claimed_total, places):
        yield AssessmentProblem("$.claimed_total",
                                message("fit.places", value=to_text(assessment.claimed_total),
                                        places=places), code="too-many-places")


def _judged_problems(item: BonusItem, claim: BonusClaim,
                     places: int) -> Iterator[tuple[str, str]]:
    """A bonus claim against its item's method: fixed points take neither
    ``points`` nor ``tier``; a judged item (``direct``, ``tiered``) is one
    award, with the points given on its step, or a tier it has."""
    wants = {"direct": "points", "tiered": "tier"}.get(item.method or "")
    for key in ("points", "tier"):
        if getattr(claim, key) is not None and key != wants:
            yield key, (message("fit.bonus-judged", item=item.id, method=item.method, key=key)
                        if item.method else message("fit.bonus-fixed", item=item.id, key=key,
                                                    points=to_text(item.points)))
    if wants is None:
        return
    if claim.count != 1:
        yield "count", message("fit.bonus-one-award", item=item.id, method=item.method)
    if wants == "tier":
        tiers = {t.id for t in item.tiers}
        if claim.tier not in tiers:
            got = message("fit.got", value=claim.tier) if claim.tier is not None else ""
            yield "tier", message("fit.bonus-tier", item=item.id, tiers=", ".join(sorted(tiers)),
                                  got=got)
        return
    given = claim.points
    if type(given) is not Decimal or not given.is_finite():
        yield "points", message("fit.bonus-points", item=item.id, most=to_text(item.points))
    elif not ZERO <= given <= item.points:
        yield "points", message("fit.bonus-range", most=to_text(item.points),
                                value=to_text(given))
    elif item.step is not None and given % item.step:
        yield "points", message("fit.bonus-step", step=to_text(item.step), value=to_text(given))
    elif _more_places(given, places):
        yield "points", message("fit.places", value=to_text(given), places=places)


def period_start(rubric: Rubric) -> datetime.date | None:
    """1 January of the year a rubric's ``version`` starts with (``2024``,
    ``2010-2011`` → 2010-01-01), the earliest an assessment against it can
    be; ``None`` for a version without one (``undated``)."""
    m = _VERSION_YEAR.match(rubric.version)
    return datetime.date(int(m.group(1)), 1, 1) if m else None


def unit_problems(assessment: Assessment) -> list[AssessmentProblem]:
    """A warning, shown in the scorecard, when ``assessment`` names no unit
    (``unit`` blank, as a template leaves it): the result would say whom it
    is about nowhere.  (A campaign, which groups by unit, refuses it.)"""
    if not is_blank(assessment.unit):
        return []
    return [AssessmentProblem("$.unit", message("fit.no-unit"), "warning", code="no-unit")]


def date_problems(rubric: Rubric, assessment: Assessment,
                  today: datetime.date | None = None) -> list[AssessmentProblem]:
    """The dates of ``assessment`` that cannot be right (``docs/refuses.md``):

    - errors: ``assessed_on`` or a veto's date after ``today`` (the local
      date, a day's grace for time zones); a bar finding dated after
      ``assessed_on`` (outside its window, it would be skipped: a typo of
      the year must not let a unit through);
    - warnings, shown in the scorecard: ``assessed_on`` before the year
      the rubric's version starts with (:func:`period_start`); a veto dated
      after ``assessed_on`` (it vetoes all the same).

    Only this check reads the clock, and only to refuse: a scorecard never
    depends on the day it is made.
    """
    on = assessment.assessed_on
    if on is None and not assessment.vetoes:
        return []
    latest = (datetime.date.today() if today is None else today) + GRACE
    found = []
    if on is not None and on > latest:
        found.append(AssessmentProblem("$.assessed_on", message("date.future", date=on,
                                                                today=latest - GRACE)))
    start = period_start(rubric)
    if on is not None and start is not None and on < start:
        found.append(AssessmentProblem(
            "$.assessed_on", message("date.before-period", date=on, ref=rubric.ref,
                                     version=rubric.version), "warning"))
    for i, veto in enumerate(assessment.vetoes):
        if veto.date is not None and veto.date > latest:
            found.append(AssessmentProblem(f"$.vetoes[{i}].date",
                                           message("date.veto-future", date=veto.date)))
        elif veto.date is not None and on is not None and veto.date > on:
            found.append(AssessmentProblem(
                f"$.vetoes[{i}].date", message("date.veto-after", date=veto.date, on=on),
                "warning"))
    for i, bar in enumerate(assessment.bars):
        if on is not None and bar.date > on:
            found.append(AssessmentProblem(
                f"$.bars[{i}].date", message("date.bar-after", date=bar.date, on=on)))
    return found


def _unknown(what: str, ident: str, known: Mapping[str, object]) -> str:
    names = ", ".join(sorted(known)) or message("fit.none-declared")
    return message("fit.unknown", what=message(f"fit.{what}"), ident=ident, names=names)


def _unknown_item(path: str, plan: Plan) -> str:
    close = difflib.get_close_matches(path, list(plan.by_path), n=1)
    hint = message("serde.did-you-mean", close=close[0]) if close else ""
    return message("fit.unknown-item", item=path, ref=plan.rubric.ref, hint=hint)


def _more_places(value: Decimal, places: int) -> bool:
    """Whether ``value`` needs more than ``places`` decimal places (``1.50``
    needs one)."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent < -places and places_of(value) > places


def _inside(path: str, na: set[str]) -> bool:
    """Whether an item enclosing ``path`` is in ``na``."""
    parts = path.split(".")
    return any(".".join(parts[:n]) in na for n in range(1, len(parts)))
