"""The scoring engine: ``score(rubric, assessment) -> Scorecard``.

The order of computation (each step leaves events in the audit trail) is the
contract documented in ``docs/scoring.md``:

1. each leaf item by its method, clamped to ``[floor, points]``;
2. groups and categories: sum of sub-items minus their own rule hits, clamped;
3. base total = sum of categories; subtotals by evidence method;
4. bonus: groups count their highest item, then the rubric's cap;
5. penalties (负面清单) subtract;
6. not-applicable items by the rubric's policy (rescale / zero / forbid);
7. rounding, once, at the end; the total never goes below 0;
8. vetoes and eligibility bars (look-back windows) and gates;
9. the level: the highest whose threshold and conditions hold;
10. the explanation: points lost, distance to the next level, discrepancies
    between claimed and computed figures.

The engine does not read files and does not print.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import weakref
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from civscore._version import __version__
from civscore.exceptions import AssessmentError
from civscore.model import Assessment, Criterion, Finding, Level, Rubric
from civscore.model.points import ONE, ZERO, divide, multiply, quantize, take_within, to_text
from civscore.model.serde import unstructure
from civscore.results.scorecard import (
    AuditEvent,
    BarResult,
    BaseTotal,
    BonusLine,
    BonusResult,
    Discrepancy,
    EvidenceSubtotal,
    GateResult,
    ItemResult,
    LevelCheck,
    Loss,
    NextLevel,
    Outcome,
    PenaltyLine,
    PenaltyResult,
    RubricInfo,
    Scorecard,
    Total,
    VetoResult,
)
from civscore.scoring.methods import (
    BUILTIN_METHODS,
    ScoringMethod,
    apply_method,
    check_hits,
    deduction_parts,
)

__all__ = ["UNSPECIFIED_EVIDENCE", "assessment_problems", "rubric_hash", "score", "score_many"]

#: Evidence label of items whose rubric names no evidence method.
UNSPECIFIED_EVIDENCE = "未指定"


def rubric_hash(rubric: Rubric) -> str:
    """``sha256:<hex>`` of the rubric's canonical JSON form (sorted keys,
    points as canonical decimal text).  Equal rubrics hash equal whatever the
    formatting of the file they came from."""
    canonical = json.dumps(unstructure(rubric), sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@attrs.frozen
class _Plan:
    """What scoring needs from a rubric, worked out once per rubric object."""

    rubric: Rubric
    info: RubricInfo
    items: Mapping[str, tuple[Criterion, int]]  # path -> (item, depth)
    levels: tuple[Level, ...]  # the rubric's levels, lowest first (by minimum total, then id)
    #: Compiled evaluation plans of this rubric (one per set of scoring
    #: methods), built by :mod:`civscore.scoring._compiled` for :func:`score_many`.
    compiled: list[Any] = attrs.field(factory=list, eq=False, repr=False)


_PLANS: dict[int, _Plan] = {}


def _plan(rubric: Rubric) -> _Plan:
    key = id(rubric)
    plan = _PLANS.get(key)
    if plan is None or plan.rubric is not rubric:
        items: dict[str, tuple[Criterion, int]] = {}

        def walk(item: Criterion, path: str, depth: int) -> None:
            items[path] = (item, depth)
            for child in item.criteria:
                walk(child, f"{path}.{child.id}", depth + 1)

        for category in rubric.categories:
            walk(category, category.id, 0)
        info = RubricInfo(rubric.id, rubric.version, rubric.title, rubric_hash(rubric),
                          rubric.provenance, rubric.total)
        levels = tuple(sorted(rubric.levels, key=lambda lv: (lv.min_total, lv.id)))
        plan = _Plan(rubric, info, items, levels)
        _PLANS[key] = plan
        weakref.finalize(rubric, _PLANS.pop, key, None)
    return plan


@attrs.frozen
class AssessmentProblem:
    """A problem with an assessment against its rubric (key path in the assessment)."""

    path: str
    message: str
    severity: str = "error"


def assessment_problems(
    rubric: Rubric, assessment: Assessment, methods: Mapping[str, ScoringMethod] | None = None,
) -> Iterator[AssessmentProblem]:
    """Every problem with ``assessment`` against ``rubric``: unknown items,
    rules, tiers, bonus/penalty/veto/bar/gate ids; values out of range or off
    their step; missing findings that the method needs; decimal places beyond
    the rubric's ``point_places``; not-applicable items without a reason or
    under a ``forbid`` policy; a rubric reference that does not match."""
    methods = BUILTIN_METHODS if methods is None else methods
    plan = _plan(rubric)
    if assessment.rubric != rubric.ref:
        yield AssessmentProblem("$.rubric", f"names {assessment.rubric!r} but is scored against "
                                            f"{rubric.ref!r}")
    places = rubric.point_places
    given = {f.criterion for f in assessment.findings}
    na = {f.criterion for f in assessment.findings if f.not_applicable}
    for i, finding in enumerate(assessment.findings):
        base = f"$.findings[{i}]"
        entry = plan.items.get(finding.criterion)
        if entry is None:
            yield AssessmentProblem(f"{base}.criterion", _unknown_item(finding.criterion, plan))
            continue
        if na and _inside_not_applicable(finding.criterion, na, strict=True):
            continue  # the whole enclosing item is not applicable: nothing below it is scored
        item, _depth = entry
        for key, value in (("points", finding.points), ("claimed", finding.claimed)):
            if value is not None and _places(value) > places:
                yield AssessmentProblem(f"{base}.{key}", f"{to_text(value)} has more than "
                                                         f"{places} decimal places")
        if finding.not_applicable:
            if rubric.not_applicable == "forbid":
                yield AssessmentProblem(f"{base}.not_applicable",
                                        "this rubric does not allow not-applicable items "
                                        "(not_applicable = 'forbid'); score the item")
            if not finding.reason.strip():
                yield AssessmentProblem(f"{base}.reason", "say why the item is not applicable")
            continue
        if item.criteria:
            for key in ("standards", "tier", "points", "rate", "met"):
                if getattr(finding, key) not in (None, ()):
                    yield AssessmentProblem(f"{base}.{key}", f"{finding.criterion!r} is scored by "
                                                             "its sub-items; record findings on "
                                                             "them")
            for p in check_hits(item.rules, finding):
                yield AssessmentProblem(f"{base}.{p.key}", p.message, p.severity)
            continue
        method = methods.get(item.method or "")
        if method is None:
            yield AssessmentProblem(f"{base}.criterion", f"the method {item.method!r} of "
                                                         f"{finding.criterion!r} is not installed")
            continue
        for p in method.check(item, finding):
            yield AssessmentProblem(f"{base}.{p.key}", p.message, p.severity)
    for path, (item, _depth) in plan.items.items():
        if path in given or item.criteria or (na and _inside_not_applicable(path, na)):
            continue
        method = methods.get(item.method or "")
        if method is None:
            continue
        for p in method.check(item, None):
            yield AssessmentProblem("$.findings", f"{path}: {p.message}", p.severity)
    yield from _claims_problems(rubric, assessment)


def _claims_problems(rubric: Rubric, assessment: Assessment) -> Iterator[AssessmentProblem]:
    bonus_ids = {b.id: b for b in rubric.bonus.items} if rubric.bonus else {}
    for i, claim in enumerate(assessment.bonus):
        if claim.item not in bonus_ids:
            yield AssessmentProblem(f"$.bonus[{i}].item", _unknown("bonus item", claim.item,
                                                                   bonus_ids))
    penalty_ids = {p.id: p for p in rubric.penalties}
    for i, pclaim in enumerate(assessment.penalties):
        if pclaim.item not in penalty_ids:
            yield AssessmentProblem(f"$.penalties[{i}].item", _unknown("penalty", pclaim.item,
                                                                       penalty_ids))
    veto_ids = {v.id: v for v in rubric.vetoes}
    for i, veto in enumerate(assessment.vetoes):
        if veto.veto not in veto_ids:
            yield AssessmentProblem(f"$.vetoes[{i}].veto", _unknown("veto", veto.veto, veto_ids))
    bar_ids = {b.id: b for b in rubric.bars}
    for i, bar in enumerate(assessment.bars):
        if bar.bar not in bar_ids:
            yield AssessmentProblem(f"$.bars[{i}].bar", _unknown("bar", bar.bar, bar_ids))
    if assessment.bars and assessment.assessed_on is None:
        yield AssessmentProblem("$.assessed_on", "bar findings need the assessment date "
                                                 "(assessed_on = YYYY-MM-DD) to place them in "
                                                 "their look-back window")
    gate_ids = {g.id: g for g in rubric.gates}
    for gate in assessment.gates:
        if gate not in gate_ids:
            yield AssessmentProblem(f"$.gates.{gate}", _unknown("gate", gate, gate_ids))
    if assessment.claimed_total is not None and _places(assessment.claimed_total) > max(
            rubric.point_places, rubric.rounding.places):
        yield AssessmentProblem("$.claimed_total", "has more decimal places than the rubric uses")


def _unknown(what: str, ident: str, known: Mapping[str, object]) -> str:
    names = ", ".join(sorted(known)) or "none declared"
    return f"unknown {what} {ident!r} (the rubric has: {names})"


def _unknown_item(path: str, plan: _Plan) -> str:
    close = difflib.get_close_matches(path, list(plan.items), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown item {path!r} in rubric {plan.rubric.ref}{hint}"


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _inside_not_applicable(path: str, na: set[str], *, strict: bool = False) -> bool:
    """Whether ``path`` (or, with ``strict``, an item enclosing it) is in ``na``."""
    parts = path.split(".")
    stop = len(parts) if strict else len(parts) + 1
    return any(".".join(parts[:n]) in na for n in range(1, stop))


def _nothing_applicable(node: ItemResult) -> bool:
    """Whether the item is not applicable, or every item below it is."""
    return node.not_applicable or (bool(node.children) and all(
        _nothing_applicable(c) for c in node.children))


class _Run:
    """The mutable state of one scoring run (audit trail, findings index)."""

    #: records no audit trail: steps may skip writing their messages
    quiet = False

    def __init__(self, rubric: Rubric, assessment: Assessment,
                 methods: Mapping[str, ScoringMethod]) -> None:
        self.rubric = rubric
        self.methods = methods
        self.findings: dict[str, Finding] = {f.criterion: f for f in assessment.findings}
        self.audit: list[AuditEvent] = []

    def event(self, step: int, kind: str, path: str, message: str,
              amount: Decimal | None = None) -> None:
        self.audit.append(AuditEvent(step, kind, path, message, amount))

    def item(self, item: Criterion, path: str, evidence: str, depth: int,
             parent_na: bool) -> ItemResult:
        finding = self.findings.get(path)
        evidence = item.evidence or evidence
        step = 1 if item.is_leaf else 2
        na = parent_na or (finding is not None and finding.not_applicable)
        claimed = finding.claimed if finding is not None else None
        if na:
            children = tuple(self.item(c, f"{path}.{c.id}", evidence, depth + 1, True)
                             for c in item.criteria)
            keep = self.rubric.not_applicable == "zero"
            if not parent_na:
                self.event(6, "not-applicable", path,
                           f"不适用（{finding.reason if finding else ''}），"
                           + ("按0分计，满分不变" if keep else "按比例折算时从满分中扣除"),
                           item.points)
            return ItemResult(path, item.title, item.points, item.points if keep else ZERO,
                              ZERO, ZERO, ZERO, item.method, evidence, True,
                              finding.reason if finding else "", claimed, (), children,
                              finding.note if finding else "")
        if item.criteria:
            children = tuple(self.item(c, f"{path}.{c.id}", evidence, depth + 1, False)
                             for c in item.criteria)
            subtotal = sum((c.score for c in children), ZERO)
            effective = min(item.points, sum((c.effective_max for c in children), ZERO))
            floor = item.floor
            if all(c.not_applicable for c in children) and children:
                effective = item.points if self.rubric.not_applicable == "zero" else ZERO
            if all(_nothing_applicable(c) for c in children):
                floor = ZERO  # nothing applicable is left for the floor to keep
            if effective < min(item.points, sum((c.points for c in children), ZERO)):
                # A floor above what remains applicable would inflate the item
                # (and, rescaled, the base total) with points for N/A sub-items.
                floor = min(floor, effective)
            parts = tuple(deduction_parts(item.rules, finding, subtotal, floor))
            raw = subtotal + sum((p.points for p in parts), ZERO)
        else:
            method = self.methods[item.method or ""]
            children = ()
            parts = apply_method(method, item, finding, path)
            raw = sum((p.points for p in parts), ZERO)
            effective, floor = item.points, item.floor
        for part in parts:
            if part.discarded:
                self.event(step, "rule-cap", path,
                           f"“{part.text}”超出该条上限，{to_text(part.discarded)}分不计",
                           part.discarded)
        score = min(max(raw, floor), item.points)
        clamp = score - raw
        if clamp < 0:
            self.event(step, "clamp", path, f"得分{to_text(raw)}超过应得分{to_text(item.points)}，"
                                            f"按{to_text(item.points)}计", clamp)
        elif clamp > 0:
            self.event(step, "clamp", path,
                       f"扣分超过本项分值，扣完为止（最低{to_text(floor)}分）", clamp)
        return ItemResult(path, item.title, item.points, effective, raw, clamp, score,
                          item.method, evidence, False, "", claimed, parts, children,
                          finding.note if finding else "")


def score(
    rubric: Rubric,
    assessment: Assessment,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    plugins: Mapping[str, str] | None = None,
    explain: bool = True,
) -> Scorecard:
    """Score ``assessment`` against ``rubric``.

    :param methods: scoring methods by name (default: the built-in ones; the
        registry of :mod:`civscore.plugins` passes the plugins' too).
    :param plugins: ``{distribution: version}`` of the plugins involved,
        recorded in the result.
    :param explain: build losses, next level and the audit trail; ``False``
        leaves them empty (totals, outcome and discrepancies are the same).
    :return: the :class:`~civscore.results.scorecard.Scorecard`; every point exact.
    :raises AssessmentError: when the assessment does not fit the rubric (an
        unknown item, a value out of range …), naming the key path.
    """
    methods = BUILTIN_METHODS if methods is None else methods
    for problem in assessment_problems(rubric, assessment, methods):
        if problem.severity == "error":
            raise AssessmentError(problem.message, source="<assessment>", path=problem.path)
    return _score_checked(rubric, assessment, methods, plugins or {}, explain)


def score_many(
    rubric: Rubric,
    assessments: Iterable[Assessment],
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    plugins: Mapping[str, str] | None = None,
    explain: bool = True,
) -> Iterator[Scorecard]:
    """Score a stream of assessments against one rubric, lazily.

    ``assessments`` may be any iterable (a generator, a file reader …); the
    next one is read only when the next scorecard is asked for and nothing is
    kept, so memory does not grow with their number.  The rubric is compiled
    once into an evaluation plan (cached with the rubric object) whose cost
    follows the findings: items without a finding share precomputed results
    and results of repeated findings are reused (see ``docs/performance.md``).

    Each scorecard equals what :func:`score` gives with the same arguments in
    the decimal context current when it is yielded, Decimal for Decimal;
    ``explain=False`` leaves out losses, next level and the audit trail and
    keeps every figure.  In a context of fewer than 28 digits (or one rounding
    towards −∞) each assessment is scored by :func:`score` itself.

    :raises AssessmentError: at the first assessment that does not fit, the
        same error :func:`score` raises.
    """
    from civscore.scoring._compiled import batch  # noqa: PLC0415 (imports this module)

    scorer = batch(rubric, BUILTIN_METHODS if methods is None else methods, plugins or {},
                   explain)
    for assessment in assessments:
        yield scorer(assessment)


def _score_checked(rubric: Rubric, assessment: Assessment, methods: Mapping[str, ScoringMethod],
                   plugins: Mapping[str, str], explain: bool) -> Scorecard:
    plan = _plan(rubric)
    run = _Run(rubric, assessment, methods)
    categories = tuple(run.item(c, c.id, "", 0, False) for c in rubric.categories)
    return _scorecard(plan, assessment, run, categories, base=_base(rubric, categories, run),
                      evidence=_evidence(categories), plugins=plugins, explain=explain)


def _scorecard(plan: _Plan, assessment: Assessment, run: _Run,
               categories: tuple[ItemResult, ...], *, base: BaseTotal,
               evidence: tuple[EvidenceSubtotal, ...], plugins: Mapping[str, str],
               explain: bool, claims: bool = True,
               losses: tuple[Loss, ...] | None = None) -> Scorecard:
    """Steps 4–10 and the scorecard, from the item results (steps 1–3); shared
    by :func:`score` and the compiled plans of :func:`score_many`.

    ``claims=False`` says no item result carries a claimed figure (so the item
    walk of the discrepancies can be skipped); ``losses`` are the losses when
    the caller already has them.
    """
    rubric = plan.rubric
    bonus = _bonus(rubric, assessment, run)
    penalties = _penalties(rubric, assessment, run)
    total = _total(rubric, base, bonus, penalties, run)
    vetoes = tuple(VetoResult(v.veto, _veto_text(rubric, v.veto), v.date, v.note)
                   for v in assessment.vetoes)
    for veto in vetoes:
        run.event(8, "veto", f"vetoes.{veto.veto}", f"一票否决：{veto.text}")
    bars = _bars(rubric, assessment, run)
    gates = tuple(GateResult(g.id, g.text, assessment.gates.get(g.id, False))
                  for g in rubric.gates)
    levels = _levels(plan.levels, _shares(rubric, categories), total, gates)
    outcome = _outcome(rubric, levels, vetoes, bars, run)
    discrepancies = _discrepancies(assessment, categories if claims else (), total)
    next_level = _next_level(levels, outcome, total) if explain else None
    if not explain:
        losses = ()
    elif losses is None:
        losses = _losses(categories)
    return Scorecard(
        rubric=plan.info, civscore_version=__version__, unit=assessment.unit,
        period=assessment.period, categories=categories, evidence=evidence, base=base,
        bonus=bonus, penalties=penalties, total=total, outcome=outcome,
        assessed_on=assessment.assessed_on, claimed_total=assessment.claimed_total,
        levels=levels, next_level=next_level, losses=losses, discrepancies=discrepancies,
        vetoes=vetoes, bars=bars, gates=gates, audit=tuple(run.audit) if explain else (),
        warnings=_warnings(rubric), plugins=dict(sorted(plugins.items())),
    )


def _warnings(rubric: Rubric) -> tuple[str, ...]:
    """Warnings every scorecard of ``rubric`` carries."""
    if rubric.provenance == "illustrative":
        return (f"测评体系 {rubric.ref} 为示例（illustrative）：分值系虚构，并非任何地方的"
                "正式标准 (its points were made up for the example)",)
    return ()


def _base(rubric: Rubric, categories: tuple[ItemResult, ...], run: _Run) -> BaseTotal:
    raw = sum((c.score for c in categories), ZERO)
    lost_to_na = sum((c.points - c.effective_max for c in categories), ZERO)
    return _base_total(rubric, raw, rubric.total - lost_to_na, run)


def _base_total(rubric: Rubric, raw: Decimal, effective: Decimal, run: _Run) -> BaseTotal:
    """Step 6 on the base: ``raw`` (the sum of the category scores) rescaled
    by the not-applicable policy against what remains ``effective``."""
    policy = rubric.not_applicable
    factor, scaled = ONE, raw
    if policy == "rescale" and effective < rubric.total:
        if effective <= 0:
            factor, scaled = ZERO, ZERO
            run.event(6, "rescale", "$", "所有测评项目均不适用，无法折算，基本分按0分计",
                      ZERO)
        else:
            factor = divide(rubric.total, effective)
            scaled = divide(multiply(raw, rubric.total), effective)
            if not run.quiet:
                run.event(6, "rescale", "$",
                          f"按比例折算：{to_text(raw)} ÷ {to_text(effective)} × "
                          f"{to_text(rubric.total)}",
                          scaled - raw)
    return BaseTotal(raw, rubric.total, effective, policy, factor, scaled)


def _evidence(categories: tuple[ItemResult, ...]) -> tuple[EvidenceSubtotal, ...]:
    """Subtotals by evidence method; a group's own deductions and clamp count
    under the group's evidence, so the subtotals add up to the base total."""
    points: dict[str, Decimal] = {}
    scores: dict[str, Decimal] = {}

    def add(label: str, got: Decimal, allotted: Decimal) -> None:
        label = label or UNSPECIFIED_EVIDENCE
        scores[label] = scores.get(label, ZERO) + got
        points[label] = points.get(label, ZERO) + allotted

    def walk(node: ItemResult, allotted: bool) -> None:
        if not node.children:
            add(node.evidence, node.score, node.points if allotted else ZERO)
            return
        own = node.clamp + sum((p.points for p in node.parts), ZERO)
        add(node.evidence, own, ZERO)
        # Sub-items allotted more than their group (sum_policy = "cap") count
        # at the group's points, under the group's evidence.
        children_points = sum((c.points for c in node.children), ZERO)
        exact = allotted and children_points == node.points
        if allotted and not exact:
            add(node.evidence, ZERO, node.points)
        for child in node.children:
            walk(child, exact)

    for category in categories:
        walk(category, True)
    return tuple(EvidenceSubtotal(k, points[k], scores[k]) for k in scores)


def _bonus(rubric: Rubric, assessment: Assessment, run: _Run) -> BonusResult:
    if rubric.bonus is None:
        return BonusResult()
    items = {b.id: b for b in rubric.bonus.items}
    lines: list[BonusLine] = []
    used: dict[str, int] = {}  # max_count limits all claims of an item together
    for claim in assessment.bonus:
        item = items[claim.item]
        counted_n = min(claim.count, item.max_count - used.get(item.id, 0))
        used[item.id] = used.get(item.id, 0) + counted_n
        reason = ""
        if counted_n < claim.count:
            reason = f"最多计{item.max_count}次"
            run.event(4, "bonus-count", f"bonus.{item.id}", f"“{item.text}”{reason}",
                      item.points * (claim.count - counted_n))
        lines.append(BonusLine(item.id, item.text, item.group, claim.count,
                               item.points * claim.count, item.points * counted_n, reason))
    # Within a group only the highest earned item counts (ties: the first listed).
    best: dict[str, int] = {}
    for i, line in enumerate(lines):
        if line.group and (line.group not in best
                           or line.counted > lines[best[line.group]].counted):
            best[line.group] = i
    for i, line in enumerate(lines):
        if line.group and best[line.group] != i and line.counted:
            kept = lines[best[line.group]]
            run.event(4, "bonus-group", f"bonus.{line.item}",
                      f"同一项目只计最高：“{line.text}”不计，计“{kept.text}”", line.counted)
            lines[i] = attrs.evolve(line, counted=ZERO,
                                    reason=f"同组（{line.group}）只计最高一项")
    gross = sum((line.counted for line in lines), ZERO)
    cap = rubric.bonus.cap
    discarded = ZERO
    if cap is not None and gross > cap:
        discarded = gross - cap
        run.event(4, "bonus-cap", "bonus", f"加分{to_text(gross)}超过上限{to_text(cap)}，"
                                           f"超出的{to_text(discarded)}分不计", discarded)
    return BonusResult(tuple(lines), gross, cap, discarded, gross - discarded)


def _penalties(rubric: Rubric, assessment: Assessment, run: _Run) -> PenaltyResult:
    items = {p.id: p for p in rubric.penalties}
    lines = []
    taken: dict[str, Decimal] = {}  # an entry's max caps all its claims together
    for claim in assessment.penalties:
        item = items[claim.item]
        amount, discarded = take_within(item.deduct * claim.count, item.max, item.id, taken)
        run.event(5, "penalty", f"penalties.{item.id}", f"负面清单：{item.text}", -amount)
        lines.append(PenaltyLine(item.id, item.text, claim.count, amount, discarded, claim.note))
    return PenaltyResult(tuple(lines), sum((line.points for line in lines), ZERO))


def _total(rubric: Rubric, base: BaseTotal, bonus: BonusResult, penalties: PenaltyResult,
           run: _Run) -> Total:
    raw = base.scaled + bonus.total - penalties.total
    floor_adjustment = ZERO
    if raw < 0:
        floor_adjustment = -raw
        run.event(7, "total-floor", "$", f"总分{to_text(raw)}低于0，按0分计", floor_adjustment)
        raw = ZERO
    rule = rubric.rounding
    rounded = quantize(raw, rule.places, rule.mode)
    if rounded != raw and not run.quiet:
        run.event(7, "rounding", "$", f"总分{to_text(raw)}按{rule.mode}保留{rule.places}位小数为"
                                      f"{to_text(rounded)}", rounded - raw)
    compared = rounded if rule.compare == "rounded" else raw
    return Total(raw, rounded, compared, rule.places, rule.mode, rule.compare, floor_adjustment)


def _veto_text(rubric: Rubric, veto_id: str) -> str:
    return next(v.text for v in rubric.vetoes if v.id == veto_id)


def years_before(day: datetime.date, years: int = 0, months: int = 0,
                 days: int = 0) -> datetime.date:
    """``day`` moved back by the look-back window; a 29 February that does
    not exist in the target year becomes 28 February (月末顺延到当月最后一天)."""
    total_months = day.year * 12 + (day.month - 1) - (years * 12 + months)
    year, month = divmod(total_months, 12)
    month += 1
    last = (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(1)).day
    return datetime.date(year, month, min(day.day, last)) - datetime.timedelta(days)


def _bars(rubric: Rubric, assessment: Assessment, run: _Run) -> tuple[BarResult, ...]:
    results = []
    bars = {b.id: b for b in rubric.bars}
    for finding in assessment.bars:
        bar = bars[finding.bar]
        assert assessment.assessed_on is not None  # guaranteed by assessment_problems
        end = assessment.assessed_on
        start = years_before(end, bar.lookback_years, bar.lookback_months, bar.lookback_days)
        inside = start <= finding.date <= end
        run.event(8, "bar", f"bars.{bar.id}",
                  f"{bar.text}：{finding.date.isoformat()}"
                  + (f"在{start.isoformat()}至{end.isoformat()}内，不得申报" if inside
                     else f"不在{start.isoformat()}至{end.isoformat()}内，不影响申报"))
        results.append(BarResult(bar.id, bar.text, finding.date, start, end, inside, finding.note))
    return tuple(results)


def _shares(rubric: Rubric, categories: tuple[ItemResult, ...]
            ) -> tuple[tuple[str, Decimal, Decimal], ...]:
    """(title, score, effective maximum) of each category when a level sets a
    minimum category share, else ``()``."""
    if any(lv.min_category_share is not None for lv in rubric.levels):
        return tuple((c.title, c.score, c.effective_max) for c in categories)
    return ()


def _levels(levels: tuple[Level, ...], categories: tuple[tuple[str, Decimal, Decimal], ...],
            total: Total, gates: tuple[GateResult, ...]) -> tuple[LevelCheck, ...]:
    """The level checks of ``levels`` (:attr:`_Plan.levels`); ``categories``
    are :func:`_shares`."""
    passed = {g.gate for g in gates if g.passed}
    compared = total.compared
    compared_text = ""
    checks = []
    for level in levels:
        unmet = []
        if compared < level.min_total:
            compared_text = compared_text or to_text(compared)
            unmet.append(f"总分{compared_text}低于{to_text(level.min_total)}分")
        if level.max_total is not None and compared > level.max_total:
            compared_text = compared_text or to_text(compared)
            unmet.append(f"总分{compared_text}高于本等次上限{to_text(level.max_total)}分")
        share = level.min_category_share
        if share is not None:
            for title, got, effective in categories:
                if effective and got < share * effective:
                    unmet.append(f"{title}得分{to_text(got)}低于其应得分的"
                                 f"{to_text(share * 100)}%")
        if level.gates:
            unmet.extend(f"前置条件未满足：{g.text}" for g in gates
                         if g.gate in level.gates and g.gate not in passed)
        checks.append(LevelCheck(level.id, level.title, level.min_total, not unmet, tuple(unmet)))
    return tuple(checks)


def _outcome(rubric: Rubric, levels: tuple[LevelCheck, ...], vetoes: tuple[VetoResult, ...],
             bars: tuple[BarResult, ...], run: _Run) -> Outcome:
    if vetoes:
        return Outcome("vetoed", reasons=tuple(f"一票否决：{v.text}" for v in vetoes))
    inside = [b for b in bars if b.inside]
    if inside:
        return Outcome("ineligible", reasons=tuple(
            f"{b.text}（{b.date.isoformat()}，在{b.window_start.isoformat()}至"
            f"{b.window_end.isoformat()}内）" for b in inside))
    if not rubric.levels:
        return Outcome("unrated", reasons=("测评体系未规定等次达标分数",))
    met = [lv for lv in levels if lv.met]
    if met:
        best = met[-1]
        if not run.quiet:
            run.event(9, "level", "$", f"达到“{best.title}”（{to_text(best.min_total)}分）")
        return Outcome("awarded", best.level, best.title)
    lowest = levels[0]
    return Outcome("not_awarded", reasons=lowest.unmet)


def _next_level(levels: tuple[LevelCheck, ...], outcome: Outcome,
                total: Total) -> NextLevel | None:
    if outcome.status in ("vetoed", "ineligible", "unrated"):
        return None
    current = next((i for i, lv in enumerate(levels) if lv.level == outcome.level), -1)
    for level in levels[current + 1:]:
        if level.min_total > total.compared or not level.met:
            gap = max(ZERO, level.min_total - total.compared)
            return NextLevel(level.level, level.title, level.min_total, gap, level.unmet)
    return None


def _losses(categories: tuple[ItemResult, ...]) -> tuple[Loss, ...]:
    """Points lost, itemised by rule where the method says which, largest first."""
    losses: list[Loss] = []

    def walk(node: ItemResult) -> None:
        if node.not_applicable:
            return
        for child in node.children:
            walk(child)
        losses.extend(_own_losses(node))

    for category in categories:
        walk(category)
    losses.sort(key=_loss_order)
    return tuple(losses)


def _loss_order(loss: Loss) -> tuple[Decimal, str, str]:
    return (-loss.points, loss.path, loss.ref)


def _own_losses(node: ItemResult) -> list[Loss]:
    """The losses of one applicable item itself, not of its sub-items (a
    group's own rule hits and clamp; a leaf's shortfall, by rule where known)."""
    losses: list[Loss] = []
    if node.children:
        for part in node.parts:
            if part.points < 0:
                losses.append(Loss(node.path, node.title, -part.points, part.ref, part.text))
        if node.clamp:
            losses.append(Loss(node.path, node.title, -node.clamp, "clamp",
                               "本项得分封顶/保底调整"))
        return losses
    lost = node.effective_max - node.score
    if lost <= 0:
        return losses
    itemised = ZERO
    for part in node.parts:
        if part.points < 0:
            amount = min(-part.points, lost - itemised)
            if amount > 0:
                losses.append(Loss(node.path, node.title, amount, part.ref, part.text))
                itemised += amount
    if lost > itemised:
        losses.append(Loss(node.path, node.title, lost - itemised, node.method or "",
                           "未得满分"))
    return losses


def _discrepancies(assessment: Assessment, categories: tuple[ItemResult, ...],
                   total: Total) -> tuple[Discrepancy, ...]:
    out: list[Discrepancy] = []

    def walk(node: ItemResult, depth: int) -> None:
        if node.claimed is not None and node.claimed != node.score:
            out.append(Discrepancy(node.path, "category" if depth == 0 else "criterion",
                                   node.claimed, node.score, node.claimed - node.score))
        for child in node.children:
            walk(child, depth + 1)

    for category in categories:
        walk(category, 0)
    claimed = assessment.claimed_total
    if claimed is not None:
        if claimed not in (total.raw, total.rounded):
            out.append(Discrepancy("$.claimed_total", "total", claimed, total.raw,
                                   claimed - total.raw))
        claimed_parts = [c.claimed for c in categories]
        # Only comparable when the claim is the plain sum of categories.
        plain = not (assessment.bonus or assessment.penalties)
        if plain and categories and all(c is not None for c in claimed_parts):
            parts_sum = sum((c for c in claimed_parts if c is not None), ZERO)
            if parts_sum != claimed:
                out.append(Discrepancy("$.claimed_total", "claimed-sum", claimed, parts_sum,
                                       claimed - parts_sum))
    return tuple(out)
