"""Steps 4–5 and 7–10 on the figures: bonus, penalties, the total and its
rounding, vetoes, eligibility bars, gates, levels, the outcome, the next
level and the claimed-versus-computed discrepancies.

Each function is one rule of ``docs/scoring.md``; the audit events a rule
gives are returned with its result as ``(step, kind, path, message, amount)``;
``amount`` is the signed change the event makes to the points of its path
(a bonus not counted is negative, a deduction a cap spares positive), as
``docs/results.md`` ("The audit trail adds up") states.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from civscore.messages import message
from civscore.model import Assessment, BonusClaim, BonusItem, Rubric
from civscore.model.points import quantize, take_within, to_text
from civscore.results import (
    BarResult,
    BonusLine,
    BonusResult,
    Discrepancy,
    GateResult,
    LevelCheck,
    NextLevel,
    Outcome,
    PenaltyLine,
    PenaltyResult,
    Total,
    VetoResult,
)
from civscore.scoring.plan import Plan

__all__ = ["NOTHING_TO_ASSESS", "bar_warnings", "bars", "bonus", "bonus_award", "discrepancies",
           "gates", "level_checks", "next_level", "outcome", "penalties", "total", "vetoes",
           "years_before"]

ZERO = Decimal(0)
Event = tuple[int, str, str, str, "Decimal | None"]


def bonus(rubric: Rubric, assessment: Assessment, events: list[Event],
          base: Decimal) -> BonusResult:
    """Step 4 (加分): each item counted at most ``max_count`` times over all
    its claims (per project, when claims name one), and not at all while
    the base total ``base`` (after 按比例折算) is below the item's
    ``min_base``; within a project only the item with the most points per
    award counts (ties: the first claimed); within a group only the item
    that counted most, over all its lines (ties: the first claimed); then
    nothing while ``base`` is below the bonus's ``min_base``; then the
    rubric's cap (加分上限)."""
    if rubric.bonus is None:
        return BonusResult()
    items = {b.id: b for b in rubric.bonus.items}
    lines, withheld = _claimed(items, assessment, base, rubric.provenance, events)
    _highest_per_project(rubric.bonus.projects, items, lines, events)
    _highest_per_group(items, lines, events)
    gross = sum([line.counted for line in lines], ZERO)
    need = rubric.bonus.min_base
    if gross and need is not None and base < need:
        why = _below(base, need)
        events.append((4, "bonus-base", "bonus", f"{why}，加分{to_text(gross)}不计", -gross))
        lines = [_not_counted(line, why + "，不计") if line.counted else line for line in lines]
        withheld, gross = withheld + gross, ZERO
    cap, discarded = rubric.bonus.cap, ZERO
    if cap is not None and gross > cap:
        discarded = gross - cap
        events.append((4, "bonus-cap", "bonus", f"加分{to_text(gross)}超过上限{to_text(cap)}，"
                                                f"超出的{to_text(discarded)}分不计", -discarded))
    return BonusResult(tuple(lines), gross, cap, discarded, gross - discarded, withheld)


def _claimed(items: dict[str, BonusItem], assessment: Assessment, base: Decimal,
             provenance: str, events: list[Event]) -> tuple[list[BonusLine], Decimal]:
    """Each claim's line within its item's ``max_count`` (per project) and
    ``min_base``, with the item's provenance (else the rubric's,
    ``provenance``); and what the bases withheld."""
    lines: list[BonusLine] = []
    used: dict[tuple[str, str], int] = {}
    withheld = ZERO
    for claim in assessment.bonus:
        item = items[claim.item]
        each = bonus_award(item, claim)
        key = (item.id, claim.project)
        counted_n = min(claim.count, item.max_count - used.get(key, 0))
        used[key] = used.get(key, 0) + counted_n
        reason = ""
        if counted_n < claim.count:
            reason = f"最多计{item.max_count}次" + (f"（{claim.project}）" if claim.project else "")
            events.append((4, "bonus-count", f"bonus.{item.id}", f"“{item.text}”{reason}",
                           -each * (claim.count - counted_n)))
        counted = each * counted_n
        if counted and item.min_base is not None and base < item.min_base:
            withheld += counted
            why = _below(base, item.min_base)
            events.append((4, "bonus-base", f"bonus.{item.id}", f"{why}，“{item.text}”不计加分",
                           -counted))
            reason, counted = "；".join(filter(None, (reason, why + "，不计"))), ZERO
        lines.append(BonusLine(item.id, item.text, item.group, claim.count,
                               each * claim.count, counted, reason,
                               item.provenance or provenance, claim.project))
    return lines, withheld


def bonus_award(item: BonusItem, claim: BonusClaim) -> Decimal:
    """What one award of ``claim`` gives: the item's fixed points, or, for a
    judged item, the points given (``direct``) or the tier chosen (``tiered``).

    :raises StopIteration: for a tier the item does not have (the claim
        checks refuse it first).
    """
    if item.method == "direct":
        return claim.points if claim.points is not None else ZERO
    if item.method == "tiered":
        return next(t.points for t in item.tiers if t.id == claim.tier)
    return item.points


def _highest_per_project(label: str, items: dict[str, BonusItem], lines: list[BonusLine],
                         events: list[Event]) -> None:
    """同一项目所获不同档次的荣誉称号，只计算最高荣誉称号的奖励分: within each
    project, only the item with the most points per award earned keeps its
    lines (ties: the item claimed first).  The highest honour is chosen
    among all those earned, counted or not: one withheld by its base leaves
    its project nothing, so an unmet base never lets lower honours in."""
    per_award: dict[tuple[str, str], Decimal] = {}  # (project, item) -> its most per award
    for line in lines:
        if line.project and line.points:
            key = (line.project, line.item)
            per_award[key] = max(per_award.get(key, ZERO), line.points / line.count)
    best: dict[str, str] = {}
    for (project, item_id), value in per_award.items():  # in the order first claimed
        if project not in best or value > per_award[(project, best[project])]:
            best[project] = item_id
    for i, line in enumerate(lines):
        kept = best.get(line.project)
        if kept is not None and kept != line.item and line.counted:
            same = f"同一{label or '项目'}（{line.project}）"
            events.append((4, "bonus-project", f"bonus.{line.item}",
                           f"{same}只计最高荣誉：“{line.text}”不计，计“{items[kept].text}”",
                           -line.counted))
            lines[i] = _not_counted(line, f"{same}只计最高一项")


def _highest_per_group(items: dict[str, BonusItem], lines: list[BonusLine],
                       events: list[Event]) -> None:
    """Within a rubric's group, only the item that counted most over all
    its lines keeps them (ties: the first claimed)."""
    earned: dict[str, Decimal] = {}  # an item's occurrences, however many lines claim them
    for line in lines:
        earned[line.item] = earned.get(line.item, ZERO) + line.counted
    best: dict[str, str] = {}
    for line in lines:
        if line.group and (line.group not in best
                           or earned[line.item] > earned[best[line.group]]):
            best[line.group] = line.item
    for i, line in enumerate(lines):
        if line.group and best[line.group] != line.item and line.counted:
            kept = items[best[line.group]]
            events.append((4, "bonus-group", f"bonus.{line.item}",
                           f"同一项目只计最高：“{line.text}”不计，计“{kept.text}”", -line.counted))
            lines[i] = attrs.evolve(line, counted=ZERO, reason=f"同组（{line.group}）只计最高一项")


def _not_counted(line: BonusLine, why: str) -> BonusLine:
    """``line`` counting nothing, ``why`` added to its reason."""
    return attrs.evolve(line, counted=ZERO, reason="；".join(filter(None, (line.reason, why))))


def _below(base: Decimal, need: Decimal) -> str:
    """Why a bonus is not counted: the base total is below what it needs."""
    return f"基本分{to_text(base)}未达到{to_text(need)}分"


def penalties(rubric: Rubric, assessment: Assessment, events: list[Event]) -> PenaltyResult:
    """Step 5 (负面清单): each entry's ``max`` caps all its claims together."""
    if not assessment.penalties:
        return PenaltyResult()
    items = {p.id: p for p in rubric.penalties}
    lines = []
    taken: dict[str, Decimal] = {}
    for claim in assessment.penalties:
        item = items[claim.item]
        amount, discarded = take_within(item.deduct * claim.count, item.max, item.id, taken)
        events.append((5, "penalty", f"penalties.{item.id}", f"负面清单：{item.text}", -amount))
        if discarded:
            events.append((5, "penalty-cap", f"penalties.{item.id}",
                           f"“{item.text}”超出该条最多扣分{to_text(item.max or ZERO)}分，"
                           f"{to_text(discarded)}分不扣", discarded))
        lines.append(PenaltyLine(item.id, item.text, claim.count, amount, discarded, claim.note,
                                 item.provenance or rubric.provenance))
    return PenaltyResult(tuple(lines), sum([line.points for line in lines], ZERO))


def total(rubric: Rubric, scaled: Decimal, bonus_total: Decimal, penalty_total: Decimal,
          events: list[Event]) -> Total:
    """Step 7: base + bonus − penalties, floored at 0, rounded once by the
    rubric's rule; ``compared`` is the total the thresholds compare against."""
    raw = scaled + bonus_total - penalty_total
    floor_adjustment = ZERO
    if raw < 0:
        floor_adjustment = -raw
        events.append((7, "total-floor", "$", f"总分{to_text(raw)}低于0，按0分计",
                       floor_adjustment))
        raw = ZERO
    rule = rubric.rounding
    rounded = quantize(raw, rule.places, rule.mode)
    if rounded != raw:
        events.append((7, "rounding", "$", f"总分{to_text(raw)}按{rule.mode}保留{rule.places}位"
                                           f"小数为{to_text(rounded)}", rounded - raw))
    compared = rounded if rule.compare == "rounded" else raw
    return Total(raw, rounded, compared, rule.places, rule.mode, rule.compare, floor_adjustment)


def vetoes(rubric: Rubric, assessment: Assessment,
           events: list[Event]) -> tuple[VetoResult, ...]:
    """Step 8 (一票否决): every veto finding, whatever its date."""
    texts = {v.id: v.text for v in rubric.vetoes}
    results = tuple(VetoResult(v.veto, texts[v.veto], v.date, v.note) for v in assessment.vetoes)
    events.extend((8, "veto", f"vetoes.{v.veto}", f"一票否决：{v.text}", None) for v in results)
    return results


def years_before(day: datetime.date, years: int = 0, months: int = 0,
                 days: int = 0) -> datetime.date:
    """``day`` moved back by the look-back window; a 29 February that does
    not exist in the target year becomes 28 February (月末顺延到当月最后一天)."""
    total_months = day.year * 12 + (day.month - 1) - (years * 12 + months)
    year, month = divmod(total_months, 12)
    month += 1
    last = (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(1)).day
    return datetime.date(year, month, min(day.day, last)) - datetime.timedelta(days)


def bars(rubric: Rubric, assessment: Assessment, events: list[Event]) -> tuple[BarResult, ...]:
    """Step 8 (不得申报): a bar finding counts when dated inside its window
    ``[assessed_on − lookback, assessed_on]``, both ends included."""
    results = []
    by_id = {b.id: b for b in rubric.bars}
    for finding in assessment.bars:
        bar = by_id[finding.bar]
        end = assessment.assessed_on
        assert end is not None  # an assessment without it does not pass validation
        start = years_before(end, bar.lookback_years, bar.lookback_months, bar.lookback_days)
        inside = start <= finding.date <= end
        window = f"{start.isoformat()}至{end.isoformat()}"
        events.append((8, "bar", f"bars.{bar.id}", f"{bar.text}：{finding.date.isoformat()}"
                       + (f"在{window}内，不得申报" if inside else f"不在{window}内，不影响申报"),
                       None))
        results.append(BarResult(bar.id, bar.text, finding.date, start, end, inside, finding.note))
    return tuple(results)


def bar_warnings(results: Sequence[BarResult]) -> list[tuple[str, str]]:
    """``(key path, message)`` of a warning for each bar finding
    (``results``, in the assessment's order) dated before its window, so
    that no bar is left out without a word; the scorecard's ``warnings``
    and ``check`` report them.  (One dated after the window's end, the
    assessment date, is an error: :func:`~civscore.scoring.validate.date_problems`.)"""
    return [(f"$.bars[{i}].date", message("date.bar-outside", text=b.text, date=b.date.isoformat(),
                                          start=b.window_start.isoformat(),
                                          end=b.window_end.isoformat()))
            for i, b in enumerate(results) if not b.inside]


def gates(rubric: Rubric, assessment: Assessment) -> tuple[GateResult, ...]:
    """前置条件: each of the rubric's gates, passed only when the assessment says so."""
    return tuple(GateResult(g.id, g.text, assessment.gates.get(g.id, False))
                 for g in rubric.gates)


def level_checks(plan: Plan, shares: Sequence[tuple[str, Decimal, Decimal]], compared: Decimal,
                 gate_results: tuple[GateResult, ...],
                 minimums: Mapping[str, Sequence[tuple[str, Decimal, Decimal]]] | None = None,
                 ) -> tuple[LevelCheck, ...]:
    """Step 9: each level (lowest first) with the conditions it misses — its
    threshold and band, every category's minimum share of what remains of its
    points (``shares``: title, score, effective maximum), its minimum
    standards (``minimums`` by level id: title, score, least, from
    :func:`civscore.scoring.figures.minimum_scores`), its gates and the gates
    of every level."""
    passed = {g.gate for g in gate_results if g.passed}
    checks = []
    for level in plan.levels:
        unmet = []
        if compared < level.min_total:
            unmet.append(f"总分{to_text(compared)}低于{to_text(level.min_total)}分")
        if level.max_total is not None and compared > level.max_total:
            unmet.append(f"总分{to_text(compared)}高于本等次上限{to_text(level.max_total)}分")
        share = level.min_category_share
        if share is not None:
            unmet.extend(f"{title}得分{to_text(got)}低于其应得分的{to_text(share * 100)}%"
                         for title, got, effective in shares
                         if effective and got < share * effective)
        unmet.extend(f"{title}得分{to_text(got)}低于本等次要求的{to_text(least)}分"
                     for title, got, least in (minimums or {}).get(level.id, ()) if got < least)
        unmet.extend(f"前置条件未满足：{g.text}" for g in gate_results
                     if (g.gate in level.gates or g.gate in plan.every_level_gates)
                     and g.gate not in passed)
        checks.append(LevelCheck(level.id, level.title, level.min_total, not unmet, tuple(unmet),
                                 level.provenance or plan.info.provenance))
    return tuple(checks)


#: The reason of a ``not_assessable`` outcome.
NOTHING_TO_ASSESS = "所有测评项目均不适用，未能测评"


def outcome(rubric: Rubric, levels: tuple[LevelCheck, ...], veto_results: tuple[VetoResult, ...],
            bar_results: tuple[BarResult, ...], events: list[Event], *,
            nothing: bool = False) -> Outcome:
    """Step 9: vetoed, else ineligible (a bar inside its window), else not
    assessable (``nothing``: every item is not applicable, 未能测评), else the
    highest level met, else not awarded (or unrated: no levels declared)."""
    if veto_results:
        return Outcome("vetoed", reasons=tuple(f"一票否决：{v.text}" for v in veto_results))
    inside = [b for b in bar_results if b.inside]
    if inside:
        return Outcome("ineligible", reasons=tuple(
            f"{b.text}（{b.date.isoformat()}，在{b.window_start.isoformat()}至"
            f"{b.window_end.isoformat()}内）" for b in inside))
    if nothing:
        events.append((9, "not-assessable", "$", NOTHING_TO_ASSESS, None))
        return Outcome("not_assessable", reasons=(NOTHING_TO_ASSESS,))
    if not rubric.levels:
        return Outcome("unrated", reasons=("测评体系未规定等次达标分数",))
    met = [lv for lv in levels if lv.met]
    if met:
        best = met[-1]
        events.append((9, "level", "$", f"达到“{best.title}”（{to_text(best.min_total)}分）", None))
        return Outcome("awarded", best.level, best.title)
    return Outcome("not_awarded", reasons=levels[0].unmet)


def next_level(levels: tuple[LevelCheck, ...], result: Outcome,
               the_total: Total) -> NextLevel | None:
    """Step 10: the first level above the one reached that is not met, with
    the points still missing."""
    if result.status in ("vetoed", "ineligible", "not_assessable", "unrated"):
        return None
    current = next((i for i, lv in enumerate(levels) if lv.level == result.level), -1)
    for level in levels[current + 1:]:
        if level.min_total > the_total.compared or not level.met:
            gap = max(ZERO, level.min_total - the_total.compared)
            return NextLevel(level.level, level.title, level.min_total, gap, level.unmet)
    return None


def discrepancies(assessment: Assessment, items: Sequence[tuple[str, int, Decimal, Decimal]],
                  categories_claimed: Sequence[Decimal | None],
                  the_total: Total) -> tuple[Discrepancy, ...]:
    """Step 10: claimed (自评) figures that differ from the computed ones —
    ``items`` are ``(path, depth, claimed, score)`` in rubric order — and a
    claimed total that differs from the total or from its claimed parts."""
    out = [Discrepancy(path, "category" if depth == 0 else "criterion", claimed, got,
                       claimed - got) for path, depth, claimed, got in items if claimed != got]
    claimed = assessment.claimed_total
    if claimed is not None:
        if claimed not in (the_total.raw, the_total.rounded):
            out.append(Discrepancy("$.claimed_total", "total", claimed, the_total.raw,
                                   claimed - the_total.raw))
        # Only comparable when the claim is the plain sum of categories.
        plain = not (assessment.bonus or assessment.penalties)
        if plain and categories_claimed and all(c is not None for c in categories_claimed):
            parts_sum = sum([c for c in categories_claimed if c is not None], ZERO)
            if parts_sum != claimed:
                out.append(Discrepancy("$.claimed_total", "claimed-sum", claimed, parts_sum,
                                       claimed - parts_sum))
    return tuple(out)
