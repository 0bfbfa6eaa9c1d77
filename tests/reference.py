"""A small reference scorer, written straight from ``docs/scoring.md``.

This is the scoring contract as plain code, one function per rule, for the
property tests in ``test_reference.py`` to hold ``civscore.score`` and
``civscore.score_many`` against.  It is meant to be read by an auditor: no
caching, no precompilation, no shortcuts, no validation (the assessment is
assumed to fit the rubric; ``civscore.score`` checks that), no explanation.
Clarity over speed throughout.

It uses nothing of civscore but the model classes (``civscore.model``), so
it stays independent of however the engine is built.

Where ``docs/scoring.md`` leaves a point open, the reference follows what
``civscore.score`` does (each such place says so, marked *engine reading*).
Where the reference follows the document and the engine does not, the place
is marked *disagreement* and ``test_reference.py`` keeps an example of it.

The steps, as the contract numbers them:

1. each leaf item by its method, clamped to ``[floor, points]``; the
   leaves left without a finding that their method scores anyway (未评),
   listed under the ``flag`` policy and refused under ``error``;
2. each group: its sub-items' scores minus the hits on its own rules,
   clamped to ``[floor, points]``;
3. the base total: the sum of the categories;
4. bonus: each item per occurrence up to ``max_count``, only the highest
   item of a group, then the cap;
5. penalties: each entry per occurrence up to its ``max``;
6. not-applicable items: ``rescale`` or ``zero``, effective maxima;
7. the total: base + bonus − penalties, never below 0; rounded once;
8. vetoes and bars (look-back windows);
9. the level: the highest whose threshold and conditions hold (category
   shares, items' minimums, gates of the level and of every level); nothing to
   assess (every item not applicable) is its own outcome, ``not_assessable``.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import decimal
from collections.abc import Iterable
from decimal import Decimal

from civscore.model import (
    Assessment,
    Bar,
    BarFinding,
    BonusClaim,
    BonusItem,
    Criterion,
    Finding,
    Level,
    Rubric,
    Rule,
    RuleHit,
)

__all__ = ["Figures", "ItemFigures", "UnassessedError", "reference_score"]

ZERO = Decimal(0)

#: Rounding modes by their rubric-file names (``half-up`` is 四舍五入).
ROUNDING_MODES = {
    "half-up": decimal.ROUND_HALF_UP,
    "half-even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}

#: The only inexact step, the rescale, is worked to 28 significant digits.
RESCALE_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


@dataclasses.dataclass(frozen=True)
class ItemFigures:
    """What one item (category, criterion or sub-criterion) came to."""

    path: str
    points: Decimal  # 应得分, as the rubric allots it
    effective_max: Decimal  # what remains to be earned once not-applicable items are out
    raw: Decimal  # before the clamp to [floor, points]
    score: Decimal  # 实得分
    not_applicable: bool


@dataclasses.dataclass(frozen=True)
class Figures:
    """Every figure the reference computes for one assessment."""

    items: dict[str, ItemFigures]  # every item, by dotted path
    categories: dict[str, Decimal]  # category id -> score
    base_raw: Decimal
    base_effective_max: Decimal
    base_scaled: Decimal
    bonus_gross: Decimal  # before the cap
    bonus_total: Decimal
    penalties_total: Decimal
    total_raw: Decimal  # never below 0
    total_rounded: Decimal
    total_compared: Decimal  # the one the level thresholds compare against
    status: str  # vetoed, ineligible, not_assessable, unrated, awarded or not_awarded
    level: str | None  # the level awarded, if any
    unassessed: tuple[str, ...] = ()  # 未评 items listed (the flag policy), in rubric order


class UnassessedError(ValueError):
    """Under the ``error`` policy, items were left without a finding."""


def reference_score(rubric: Rubric, assessment: Assessment,
                    policy: str | None = None) -> Figures:
    """Score ``assessment`` against ``rubric`` by the rules of docs/scoring.md.

    :param policy: the ``unassessed`` policy instead of the rubric's.
    :raises UnassessedError: under the ``error`` policy, when an item has no finding.
    """
    findings = {finding.criterion: finding for finding in assessment.findings}
    items: dict[str, ItemFigures] = {}
    categories = [score_item(rubric, category, category.id, findings, items)
                  for category in rubric.categories]
    policy = policy or rubric.unassessed
    left = unassessed_items(rubric, findings, items) if policy != "full" else ()
    if left and policy == "error":
        raise UnassessedError(", ".join(left))
    base_raw, base_effective, base_scaled = base_total(rubric, categories)
    bonus_gross, bonus = bonus_total(rubric, assessment, base_scaled)
    penalties = penalties_total(rubric, assessment)
    total_raw = final_total(base_scaled, bonus, penalties)
    total_rounded = round_total(rubric, total_raw)
    compared = total_rounded if rubric.rounding.compare == "rounded" else total_raw
    status, level = outcome(rubric, assessment, categories, compared,
                            nothing_to_assess(rubric, items), items=items)
    return Figures(
        items=items,
        categories={c.path: c.score for c in categories},
        base_raw=base_raw, base_effective_max=base_effective, base_scaled=base_scaled,
        bonus_gross=bonus_gross, bonus_total=bonus, penalties_total=penalties,
        total_raw=total_raw, total_rounded=total_rounded, total_compared=compared,
        status=status, level=level, unassessed=left,
    )


# --- steps 1 and 2: items -------------------------------------------------------------------


def clamp(raw: Decimal, floor: Decimal, points: Decimal) -> Decimal:
    """扣完为止 and the cap at the allotted points: ``raw`` kept within [floor, points]."""
    return min(max(raw, floor), points)


def score_item(rubric: Rubric, item: Criterion, path: str, findings: dict[str, Finding],
               out: dict[str, ItemFigures]) -> ItemFigures:
    """One item (and everything below it), recorded in ``out`` by path."""
    finding = findings.get(path)
    if finding is not None and finding.not_applicable:
        return not_applicable_item(rubric, item, path, out)
    if item.criteria:
        return score_group(rubric, item, path, findings, out)
    if item.method == "tiered" and not item.tiers:
        raw = grade_points(rubric, item, finding)
    else:
        raw = METHODS[item.method or ""](item, finding)
    figures = ItemFigures(path, item.points, item.points, raw,
                          clamp(raw, item.floor, item.points), False)
    out[path] = figures
    return figures


def not_applicable_item(rubric: Rubric, item: Criterion, path: str,
                        out: dict[str, ItemFigures]) -> ItemFigures:
    """Step 6 for an item found not applicable (不适用): it scores 0, and so does
    everything below it, whatever findings were recorded there.  Under
    ``zero`` its maximum stays its points; under ``rescale`` it drops to 0
    (the base total is scaled back up at step 6)."""
    if rubric.not_applicable == "forbid":
        raise ValueError(f"{path}: this rubric forbids not-applicable items")
    effective = item.points if rubric.not_applicable == "zero" else ZERO
    for child in item.criteria:
        not_applicable_item(rubric, child, f"{path}.{child.id}", out)
    figures = ItemFigures(path, item.points, effective, ZERO, ZERO, True)
    out[path] = figures
    return figures


def score_group(rubric: Rubric, item: Criterion, path: str, findings: dict[str, Finding],
                out: dict[str, ItemFigures]) -> ItemFigures:
    """Step 2: a group (or a category holding criteria) scores the sum of its
    sub-items, minus the hits on its own rules (a finding for the group's own
    path), clamped to [floor, points]."""
    children = [score_item(rubric, child, f"{path}.{child.id}", findings, out)
                for child in item.criteria]
    subtotal = sum((child.score for child in children), ZERO)
    # With sum_policy = "cap" the sub-items may add up to more than the group:
    # the group can never give more than its own points.
    allotted = min(item.points, sum((child.points for child in children), ZERO))
    effective = min(item.points, sum((child.effective_max for child in children), ZERO))
    if all(child.not_applicable for child in children):
        # Nothing left: under zero the maximum stays, under rescale it is 0.
        effective = item.points if rubric.not_applicable == "zero" else ZERO
    floor = group_floor(item, path, out, effective, allotted)
    finding = findings.get(path)
    hits = finding.hits if finding is not None else ()
    raw = apply_rule_hits(item.rules, hits, subtotal, floor)
    figures = ItemFigures(path, item.points, effective, raw, clamp(raw, floor, item.points),
                          False)
    out[path] = figures
    return figures


def group_floor(item: Criterion, path: str, out: dict[str, ItemFigures], effective: Decimal,
                allotted: Decimal) -> Decimal:
    """The floor a group's score stops at.

    *Engine reading* (docs/scoring.md says nothing of floors and
    not-applicable items): a floor protects only what is applicable.  When
    nothing below the group is applicable the floor is 0; when
    not-applicable items lowered the group's maximum, the floor is at most
    that lowered maximum (else the floor alone would earn points for the
    not-applicable items, and rescaling would inflate them).

    *Questionable* (reported, not a disagreement: the contract is silent):
    the floor is cut to the lowered maximum, not scaled with it, so under
    ``rescale`` a floor can give full marks for nothing.  A category of 10
    with floor 8 and two sub-items of 5, one not applicable and the other
    scored 0, scores 5 of 5 and rescales to 10 of 10; with both applicable
    and scored 0 it scores 8.  A floor scaled with the maximum (8 × 5 ÷ 10 =
    4) would give 8 either way.
    """
    if all(nothing_applicable(child, f"{path}.{child.id}", out) for child in item.criteria):
        return ZERO
    if effective < allotted:
        return min(item.floor, effective)
    return item.floor


def nothing_applicable(item: Criterion, path: str, out: dict[str, ItemFigures]) -> bool:
    """Whether the item is not applicable, or everything below it is."""
    if out[path].not_applicable:
        return True
    return bool(item.criteria) and all(
        nothing_applicable(child, f"{path}.{child.id}", out) for child in item.criteria)


def apply_rule_hits(rules: Iterable[Rule], hits: Iterable[RuleHit], start: Decimal,
                    floor: Decimal) -> Decimal:
    """The running score after each rule hit, in the order found.

    A rule takes off its ``deduct`` (or, for a discretionary rule, the hit's
    own amount) per occurrence; its ``max`` caps what it takes off over all
    its hits together.  A ``zeroes`` rule (本项不得分) sets the running score
    to the floor.  After all the deductions, the score is limited to the
    lowest ``at_most`` of the limiting rules hit (本项最高得X分; a hit with
    count 0 is no hit).  The clamp to [floor, points] comes afterwards.
    """
    by_id = {rule.id: rule for rule in rules}
    taken: dict[str, Decimal] = {}  # what each rule has taken off so far
    running = start
    limits: list[Decimal] = []
    for hit in hits:
        rule = by_id[hit.rule]
        if rule.at_most is not None:
            if hit.count > 0:
                limits.append(rule.at_most)
            continue
        if rule.zeroes:
            if hit.count > 0:
                running = floor
            continue
        each = hit.deduct if rule.deduct_range is not None else rule.deduct
        assert each is not None
        amount = each * hit.count
        so_far = taken.get(rule.id, ZERO)
        if rule.max is not None:
            amount = min(amount, max(ZERO, rule.max - so_far))
        taken[rule.id] = so_far + amount
        running -= amount
    return min([running, *limits])


def method_deduct(item: Criterion, finding: Finding | None) -> Decimal:
    """扣分制: the allotted points minus each rule hit; no finding, nothing found."""
    hits = finding.hits if finding is not None else ()
    return apply_rule_hits(item.rules, hits, item.points, item.floor)


def method_award(item: Criterion, finding: Finding | None) -> Decimal:
    """得分制: the points of each standard met, per occurrence, each standard
    capped by its ``max`` over all its hits; no finding, nothing earned."""
    by_id = {standard.id: standard for standard in item.standards}
    earned: dict[str, Decimal] = {}
    for hit in finding.standards if finding is not None else ():
        standard = by_id[hit.standard]
        amount = standard.points * hit.count
        so_far = earned.get(standard.id, ZERO)
        if standard.max is not None:
            amount = min(amount, max(ZERO, standard.max - so_far))
        earned[standard.id] = so_far + amount
    return sum(earned.values(), ZERO)


def method_tiered(item: Criterion, finding: Finding | None) -> Decimal:
    """档次: the chosen tier's points."""
    assert finding is not None
    return next(tier.points for tier in item.tiers if tier.id == finding.tier)


def grade_points(rubric: Rubric, item: Criterion, finding: Finding | None) -> Decimal:
    """评分等级 (A为本项指标内容得分的100%，B为66%…): a tiered item without tiers
    of its own scores its grade scale's (the item's ``scale``, else the
    rubric's) chosen grade: its fraction times the item's points, rounded to
    the scale's ``places`` by its ``mode`` when it declares them."""
    assert finding is not None
    name = item.scale or rubric.scale
    scale = next(s for s in rubric.grade_scales if s.id == name)
    grade = next(g for g in scale.grades if g.id == finding.tier)
    value = grade.fraction * item.points
    if scale.places is not None:
        value = value.quantize(Decimal(1).scaleb(-scale.places),
                               rounding=ROUNDING_MODES[scale.mode])
    return value


def method_direct(item: Criterion, finding: Finding | None) -> Decimal:
    """直接赋分: the number the assessor entered."""
    assert finding is not None
    assert finding.points is not None
    return finding.points


def method_ratio(item: Criterion, finding: Finding | None) -> Decimal:
    """比例: ``points − (target − rate) × deduct_per_point`` below a target, or
    the highest-scoring band the rate meets (``at_least``: ≥, ``above``: >),
    0 when it meets none."""
    assert finding is not None
    assert finding.rate is not None
    rate = finding.rate
    if item.target is not None and item.deduct_per_point is not None:
        shortfall = max(ZERO, item.target - rate)
        return item.points - shortfall * item.deduct_per_point
    met = [band.points for band in item.bands
           if (band.at_least is not None and rate >= band.at_least)
           or (band.above is not None and rate > band.above)]
    return max(met, default=ZERO)


def method_all_or_nothing(item: Criterion, finding: Finding | None) -> Decimal:
    """不符合标准的，本项即不得分: the points when met, else 0."""
    assert finding is not None
    return item.points if finding.met else ZERO


METHODS = {
    "deduct": method_deduct,
    "award": method_award,
    "tiered": method_tiered,
    "direct": method_direct,
    "ratio": method_ratio,
    "all_or_nothing": method_all_or_nothing,
}


#: The methods that score an item without a finding: 扣分制 (nothing found,
#: full points) and 得分制 (nothing earned, 0).
WITHOUT_FINDING = ("deduct", "award")


def unassessed_items(rubric: Rubric, findings: dict[str, Finding],
                     items: dict[str, ItemFigures]) -> tuple[str, ...]:
    """未评: the leaves, in rubric order, with no finding of their own that
    their method scored without one, not inside a not-applicable item."""
    out: list[str] = []

    def visit(item: Criterion, path: str) -> None:
        if items[path].not_applicable:
            return
        if item.criteria:
            for child in item.criteria:
                visit(child, f"{path}.{child.id}")
        elif item.method in WITHOUT_FINDING and path not in findings:
            out.append(path)

    for category in rubric.categories:
        visit(category, category.id)
    return tuple(out)


# --- steps 3 and 6: the base total ----------------------------------------------------------


def base_total(rubric: Rubric, categories: list[ItemFigures]
               ) -> tuple[Decimal, Decimal, Decimal]:
    """(raw, effective maximum, scaled) of the base total.

    The raw base is the sum of the category scores.  The effective maximum is
    the rubric's total less what not-applicable items took out of each
    category's maximum.  Under ``rescale`` the base is scaled back up,
    ``raw × total ÷ effective maximum`` (28 significant digits); if nothing
    at all is applicable the base is 0, never a perfect score.
    """
    raw = sum((category.score for category in categories), ZERO)
    removed = sum((category.points - category.effective_max for category in categories), ZERO)
    effective = rubric.total - removed
    if rubric.not_applicable != "rescale" or effective >= rubric.total:
        return raw, effective, raw
    if effective <= 0:
        return raw, effective, ZERO
    scaled = RESCALE_CONTEXT.divide(RESCALE_CONTEXT.multiply(raw, rubric.total), effective)
    return raw, effective, scaled


# --- steps 4 and 5: bonus and penalties -----------------------------------------------------


def bonus_total(rubric: Rubric, assessment: Assessment,
                base: Decimal) -> tuple[Decimal, Decimal]:
    """(gross, total) of the bonus.

    Each bonus item counts its points per occurrence (an item scored by
    judgement: the points given, or the tier chosen), at most ``max_count``
    occurrences over all its claims together (over all the claims of one
    project, when claims name their project), and nothing while the base
    total (``base``, after rescaling) is below the item's ``min_base``.
    Within a project (``bonus.projects``) only the item with the most points
    per award counts, however many awards of smaller items there are
    (同一项目所获不同档次的荣誉称号，只计算最高荣誉称号的奖励分); different
    projects each count.  Within a rubric's group only the highest item
    counts.  Nothing counts while the base is below the bonus's
    ``min_base`` (基本分达到X分以上的，方可计算加分).  Then the rubric's cap.

    *Disagreement*: an item claimed on two lines is one item here (its
    occurrences add up, within ``max_count``), in a group or not; the engine
    treats each line of a grouped item as a separate item (see
    ``test_reference.py``, ``test_disagreement_grouped_item_claimed_twice``).
    """
    if rubric.bonus is None:
        return ZERO, ZERO
    by_id = {item.id: item for item in rubric.bonus.items}
    awards: dict[tuple[str, str], list[Decimal]] = {}  # (project, item) -> each award's points
    for claim in assessment.bonus:
        awards.setdefault((claim.project, claim.item), []).extend(
            [award_points(by_id[claim.item], claim)] * claim.count)
    counted_in: dict[tuple[str, str], Decimal] = {}
    for (project, ident), given in awards.items():
        item = by_id[ident]
        counted = sum(given[:item.max_count], ZERO)  # the first max_count awards
        if item.min_base is not None and base < item.min_base:
            counted = ZERO
        counted_in[(project, ident)] = counted
    # project -> the item with the most points per award earned, counted or not
    # (ties: the item claimed first)
    highest: dict[str, str] = {}
    for (project, ident), given in awards.items():
        if project and max(given) > 0 and (
                project not in highest or max(given) > max(awards[(project, highest[project])])):
            highest[project] = ident
    occurrences: dict[str, Decimal] = {}  # item -> what it counts, over all projects
    for (project, ident), counted in counted_in.items():
        kept = not project or highest.get(project, ident) == ident
        occurrences[ident] = occurrences.get(ident, ZERO) + (counted if kept else ZERO)
    ungrouped = ZERO
    best_of_group: dict[str, Decimal] = {}
    for ident, counted in occurrences.items():
        item = by_id[ident]
        if not item.group:
            ungrouped += counted
        else:
            best_of_group[item.group] = max(best_of_group.get(item.group, ZERO), counted)
    gross = ungrouped + sum(best_of_group.values(), ZERO)
    if rubric.bonus.min_base is not None and base < rubric.bonus.min_base:
        gross = ZERO
    cap = rubric.bonus.cap
    return gross, (gross if cap is None else min(gross, cap))


def award_points(item: BonusItem, claim: BonusClaim) -> Decimal:
    """What one award gives: the item's fixed points; for an item scored by
    judgement, the points given (``direct``) or the tier's (``tiered``)."""
    if item.method == "direct":
        assert claim.points is not None
        return claim.points
    if item.method == "tiered":
        return {tier.id: tier.points for tier in item.tiers}[claim.tier or ""]
    return item.points


def penalties_total(rubric: Rubric, assessment: Assessment) -> Decimal:
    """负面清单: each entry takes off its ``deduct`` per occurrence, its ``max``
    capping all its claims together."""
    by_id = {penalty.id: penalty for penalty in rubric.penalties}
    taken: dict[str, Decimal] = {}
    for claim in assessment.penalties:
        penalty = by_id[claim.item]
        amount = penalty.deduct * claim.count
        so_far = taken.get(penalty.id, ZERO)
        if penalty.max is not None:
            amount = min(amount, max(ZERO, penalty.max - so_far))
        taken[penalty.id] = so_far + amount
    return sum(taken.values(), ZERO)


# --- step 7: the total ----------------------------------------------------------------------


def final_total(base_scaled: Decimal, bonus: Decimal, penalties: Decimal) -> Decimal:
    """base + bonus − penalties; a total below 0 becomes 0."""
    return max(ZERO, base_scaled + bonus - penalties)


def round_total(rubric: Rubric, total: Decimal) -> Decimal:
    """The total rounded once, by the rubric's ``places`` and ``mode``."""
    quantum = Decimal(1).scaleb(-rubric.rounding.places)
    return total.quantize(quantum, rounding=ROUNDING_MODES[rubric.rounding.mode])


# --- steps 8 and 9: vetoes, bars, gates and the level ---------------------------------------


def window_start(assessed_on: datetime.date, bar: Bar) -> datetime.date:
    """The first day of a bar's look-back window ending on ``assessed_on``.

    Years and months are counted back first; a day that does not exist in the
    month reached (29 February, 31 April …) becomes that month's last day.
    Then the days are counted back.  Both ends of the window are included.
    """
    months = assessed_on.year * 12 + (assessed_on.month - 1)
    months -= bar.lookback_years * 12 + bar.lookback_months
    year, month = months // 12, months % 12 + 1
    day = min(assessed_on.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day) - datetime.timedelta(days=bar.lookback_days)


def bar_applies(rubric: Rubric, assessment: Assessment, finding: BarFinding) -> bool:
    """Whether a bar finding is dated inside its look-back window."""
    bar = next(b for b in rubric.bars if b.id == finding.bar)
    end = assessment.assessed_on
    assert end is not None
    return window_start(end, bar) <= finding.date <= end


def level_met(rubric: Rubric, level: Level, compared: Decimal, categories: list[ItemFigures],
              *, items: dict[str, ItemFigures], gates: dict[str, bool]) -> bool:
    """A level is met when the compared total is within [min_total, max_total],
    every category earns at least ``min_category_share`` of its effective
    maximum (a category with nothing applicable left is not held to it),
    every item of the level's ``minimums`` scores at least its ``at_least``
    (one with nothing applicable left is not held to it), and every gate the
    level names, or that every level needs (``all_levels``), is passed (a
    gate not reported is not passed)."""
    if compared < level.min_total:
        return False
    if level.max_total is not None and compared > level.max_total:
        return False
    share = level.min_category_share
    if share is not None:
        for category in categories:
            if category.effective_max > 0 and category.score < share * category.effective_max:
                return False
    for minimum in level.minimums:
        if (not nothing_applicable(item_at(rubric, minimum.item), minimum.item, items)
                and items[minimum.item].score < minimum.at_least):
            return False
    needed = [*level.gates, *(g.id for g in rubric.gates if g.all_levels)]
    return all(gates.get(gate, False) for gate in needed)


def item_at(rubric: Rubric, path: str) -> Criterion:
    """The item at a dotted path."""
    item: Criterion | None = None
    for ident in path.split("."):
        pool = rubric.categories if item is None else item.criteria
        item = next(c for c in pool if c.id == ident)
    assert item is not None
    return item


def nothing_to_assess(rubric: Rubric, items: dict[str, ItemFigures]) -> bool:
    """Whether every leaf item is not applicable (or inside an item that is)."""

    def leaves(item: Criterion, path: str) -> Iterable[str]:
        if not item.criteria:
            yield path
        for child in item.criteria:
            yield from leaves(child, f"{path}.{child.id}")

    return all(items[path].not_applicable for category in rubric.categories
               for path in leaves(category, category.id))


def outcome(rubric: Rubric, assessment: Assessment, categories: list[ItemFigures],
            compared: Decimal, nothing: bool, *, items: dict[str, ItemFigures],
            ) -> tuple[str, str | None]:
    """(status, level id).  A veto decides first, whatever its date; then a bar
    finding inside its window; then nothing to assess (``nothing``: every
    item not applicable, 未能测评); then the highest level met.  *Engine reading*:
    "highest" orders the levels by ``min_total``, then by id."""
    if assessment.vetoes:
        return "vetoed", None
    if any(bar_applies(rubric, assessment, finding) for finding in assessment.bars):
        return "ineligible", None
    if nothing:
        return "not_assessable", None
    if not rubric.levels:
        return "unrated", None
    levels = sorted(rubric.levels, key=lambda level: (level.min_total, level.id))
    met = [level for level in levels
           if level_met(rubric, level, compared, categories, items=items,
                        gates=assessment.gates)]
    if not met:
        return "not_awarded", None
    return "awarded", met[-1].id
