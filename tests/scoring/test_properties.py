"""Property tests over random valid rubrics and assessments (see strategies.py).

The invariants are the ones the scorecard promises (``civscore.results.scorecard``):
every figure is the exact sum of its shown parts at every level, scores stay
within their bounds, one more deduction never raises any score, an
all-not-applicable assessment never scores full marks, and the JSON form
round-trips exactly.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import (
    assessment_data,
    assessments,
    deductible_paths,
    rubric_data,
    rubrics,
)

from civscore import check_assessment, check_rubric, rubric_hash, score, score_many
from civscore.files.loader import assessment_from_dict, rubric_from_dict
from civscore.model import Assessment, Rubric
from civscore.model.points import divide, places_of, quantize
from civscore.model.serde import unstructure
from civscore.results.scorecard import ItemResult, Scorecard
from civscore.testing.paths import walk

ZERO = Decimal(0)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])


@st.composite
def rubric_and_assessment(draw: st.DrawFn) -> tuple[Rubric, Assessment]:
    rubric = draw(rubrics())
    return rubric, draw(assessments(rubric))


def _nodes(card: Scorecard) -> list[ItemResult]:
    out: list[ItemResult] = []
    stack = list(card.categories)
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.children)
    return out


def _nothing_applicable(node: ItemResult) -> bool:
    return node.not_applicable or (bool(node.children) and all(
        _nothing_applicable(c) for c in node.children))


def _check_item(node: ItemResult, policy: str, floor: Decimal) -> None:
    parts = sum((p.points for p in node.parts), ZERO)
    if node.not_applicable:
        assert (node.raw, node.clamp, node.score) == (ZERO, ZERO, ZERO)
        assert node.effective_max == (node.points if policy == "zero" else ZERO)
        assert all(child.not_applicable for child in node.children)
        return
    if node.children:
        assert node.raw == sum((c.score for c in node.children), ZERO) + parts
    else:
        assert node.raw == parts
    assert node.score == node.raw + node.clamp
    assert node.nothing_applicable == (bool(node.children) and all(
        _nothing_applicable(child) for child in node.children))
    if node.children:
        # A group's floor protects only what is applicable (see civscore.scoring.figures).
        if all(_nothing_applicable(child) for child in node.children):
            floor = ZERO
        floor = min(floor, node.effective_max)
    assert floor <= node.score <= node.effective_max <= node.points
    for part in node.parts:
        assert part.discarded >= 0


def _assert_adds_up(rubric: Rubric, card: Scorecard) -> None:
    items = dict(walk(rubric))
    for node in _nodes(card):
        _check_item(node, rubric.not_applicable, items[node.path].floor)

    # Base total: the sum of the categories, and of the evidence subtotals.
    base = card.base
    category_scores = sum((c.score for c in card.categories), ZERO)
    assert base.raw == category_scores
    assert sum((e.score for e in card.evidence), ZERO) == base.raw
    assert sum((e.points for e in card.evidence), ZERO) == sum(
        (c.points for c in card.categories), ZERO)
    lost = sum((c.points - c.effective_max for c in card.categories), ZERO)
    assert base.effective_max == rubric.total - lost
    if base.policy == "rescale" and 0 < base.effective_max < base.points:
        assert base.scaled == divide(base.raw * base.points, base.effective_max)
    elif base.policy == "rescale" and base.effective_max <= 0:
        assert base.scaled == ZERO
    else:
        assert base.scaled == base.raw
        assert base.factor == 1
    assert base.scaled <= base.points

    # Bonus: lines → gross → cap → total; a group counts one line at most.
    bonus = card.bonus
    assert bonus.gross == sum((line.counted for line in bonus.lines), ZERO)
    assert bonus.total == bonus.gross - bonus.discarded_by_cap
    if bonus.cap is not None:
        assert bonus.total == min(bonus.gross, bonus.cap)
    else:
        assert bonus.discarded_by_cap == 0
    for group in {line.group for line in bonus.lines if line.group}:
        # only one item of a group counts (claimed on one line or more)
        assert len({line.item for line in bonus.lines
                    if line.group == group and line.counted}) <= 1
    for line in bonus.lines:
        assert 0 <= line.counted <= line.points
    for project in {line.project for line in bonus.lines if line.project}:
        # 同一项目只计最高: one item of a project counts, the one with most points per award
        counting = {line.item for line in bonus.lines if line.project == project and line.counted}
        assert len(counting) <= 1
        if counting:
            (kept,) = counting
            best = max(line.points / line.count for line in bonus.lines
                       if line.project == project and line.item == kept)
            assert all(line.points / line.count <= best for line in bonus.lines
                       if line.project == project and "只计最高" in line.reason)

    assert card.penalties.total == sum((line.points for line in card.penalties.lines), ZERO)

    total = card.total
    assert total.raw == base.scaled + bonus.total - card.penalties.total + total.floor_adjustment
    assert total.raw >= 0
    assert total.floor_adjustment >= 0
    if total.floor_adjustment:
        assert total.raw == 0
    assert total.rounded == quantize(total.raw, rubric.rounding.places, rubric.rounding.mode)
    assert total.compared == (total.rounded if rubric.rounding.compare == "rounded"
                              else total.raw)


@PROPERTY_SETTINGS
@given(rubric_and_assessment())
def test_parts_add_up_at_every_level(case: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = case
    card = score(rubric, assessment)
    _assert_adds_up(rubric, card)


@PROPERTY_SETTINGS
@given(rubric_and_assessment())
def test_outcome_follows_from_vetoes_bars_and_levels(case: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = case
    card = score(rubric, assessment)
    status = card.outcome.status
    if assessment.vetoes:
        assert status == "vetoed"
        assert card.outcome.level is None
    elif any(bar.inside for bar in card.bars):
        assert status == "ineligible"
    elif all(_nothing_applicable(c) for c in card.categories):
        assert status == "not_assessable"
        assert card.outcome.level is None
        assert card.next_level is None
    elif not rubric.levels:
        assert status == "unrated"
    elif any(level.met for level in card.levels):
        assert status == "awarded"
        best = max((lv for lv in card.levels if lv.met), key=lambda lv: lv.min_total)
        assert card.outcome.level == best.level
    else:
        assert status == "not_awarded"
    for bar in card.bars:
        assert bar.inside == (bar.window_start <= bar.date <= bar.window_end)
        assert bar.window_end == assessment.assessed_on
    for check in card.levels:
        if card.total.compared < check.min_total:
            assert not check.met


@PROPERTY_SETTINGS
@given(rubric_and_assessment())
def test_valid_assessments_pass_the_checks(case: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = case
    assert not [f for f in check_assessment(rubric, assessment) if f.severity == "error"]


@st.composite
def one_more_deduction(draw: st.DrawFn, *, limits_only: bool = False,
                       ) -> tuple[Rubric, Assessment, Assessment]:
    """A rubric, an assessment, and the same assessment with one more rule hit
    (with ``limits_only``, of an ``at_most`` rule: a cap hit)."""
    rubric = draw(rubrics())
    data = draw(assessment_data(rubric))
    not_applicable = {f["criterion"] for f in data["findings"] if f.get("not_applicable")}
    items = dict(walk(rubric))
    paths = [p for p in deductible_paths(rubric)
             if not any(p == na or p.startswith(na + ".") for na in not_applicable)
             and (not limits_only or any(r.at_most is not None for r in items[p].rules))]
    more = {**data, "findings": [dict(f) for f in data["findings"]]}
    if not paths:  # no rule outside not-applicable items: nothing to add
        return rubric, assessment_from_dict(data), assessment_from_dict(more)
    path = draw(st.sampled_from(paths))
    item = items[path]
    rule = draw(st.sampled_from([r for r in item.rules
                                 if not limits_only or r.at_most is not None]))
    hit: dict[str, Any] = {"rule": rule.id, "count": 1}
    if rule.deduct_range is not None:
        hit["deduct"], hit["note"] = rule.deduct_range[1], "再扣一处"
    finding = next((f for f in more["findings"] if f["criterion"] == path), None)
    if finding is None:
        more["findings"].append({"criterion": path, "hits": [hit]})
    else:
        finding["hits"] = [*finding.get("hits", []), hit]
    return rubric, assessment_from_dict(data), assessment_from_dict(more)


def _no_score_rises(rubric: Rubric, before: Assessment,
                    after: Assessment) -> tuple[Scorecard, Scorecard]:
    """Scores ``before`` and ``after``; no item, base or total of ``after`` is higher."""
    old, new = score(rubric, before), score(rubric, after)
    _assert_adds_up(rubric, new)
    old_scores = {n.path: n.score for n in _nodes(old)}
    for node in _nodes(new):
        assert node.score <= old_scores[node.path], node.path
    assert new.base.scaled <= old.base.scaled
    assert new.total.raw <= old.total.raw
    return old, new


@PROPERTY_SETTINGS
@given(one_more_deduction())
def test_one_more_deduction_never_raises_a_score(
        case: tuple[Rubric, Assessment, Assessment]) -> None:
    old, new = _no_score_rises(*case)
    rubric = case[0]
    assert new.base.raw <= old.base.raw
    assert new.base.scaled <= old.base.scaled
    assert new.total.raw <= old.total.raw
    assert new.total.rounded <= old.total.rounded
    met_before = {lv.level for lv in old.levels if lv.met}
    for level in new.levels:
        if level.met and level.level not in met_before:
            # Only a band's upper bound (max_total) can let a lower score in.
            assert any(lv.max_total is not None for lv in rubric.levels
                       if lv.id == level.level)


@PROPERTY_SETTINGS
@given(one_more_deduction(limits_only=True))
def test_a_cap_hit_never_raises_a_score(case: tuple[Rubric, Assessment, Assessment]) -> None:
    """本项最高得X分: one more hit of an ``at_most`` rule lowers an item to at
    most its limit and never raises any figure."""
    rubric = case[0]
    _old, new = _no_score_rises(*case)
    items = dict(walk(rubric))
    for node in _nodes(new):
        for part in node.parts:
            if part.kind == "at_most":
                limit = next(r.at_most for r in items[node.path].rules if r.id == part.ref)
                assert limit is not None
                assert node.raw <= limit  # the limit holds before the clamp …
                assert node.score <= max(limit, items[node.path].floor)  # … to the floor


def _without_base_conditions(rubric: Rubric) -> Rubric:
    assert rubric.bonus is not None
    return attrs.evolve(rubric, bonus=attrs.evolve(rubric.bonus, min_base=None, items=tuple(
        attrs.evolve(item, min_base=None) for item in rubric.bonus.items)))


@PROPERTY_SETTINGS
@given(rubric_and_assessment())
def test_an_unmet_base_condition_never_raises_a_score(case: tuple[Rubric, Assessment]) -> None:
    """基本分达到X分以上的，方可计算加分: a bonus condition only ever withholds;
    met by the base total, it changes nothing."""
    rubric, assessment = case
    if rubric.bonus is None:
        return
    card = score(rubric, assessment)
    free = score(_without_base_conditions(rubric), assessment)
    assert card.base == free.base
    assert card.bonus.total <= free.bonus.total
    assert card.total.raw <= free.total.raw
    assert card.bonus.withheld >= 0
    assert card.bonus.gross + card.bonus.withheld >= free.bonus.gross
    needs = [rubric.bonus.min_base, *(item.min_base for item in rubric.bonus.items)]
    if all(need is None or card.base.scaled >= need for need in needs):
        assert (card.bonus.total, card.bonus.withheld) == (free.bonus.total, 0)
    if rubric.bonus.min_base is not None and card.base.scaled < rubric.bonus.min_base:
        assert card.bonus.total == 0


@st.composite
def all_not_applicable(draw: st.DrawFn) -> tuple[Rubric, Assessment]:
    """Every category (or else every leaf) not applicable; no bonus claimed."""
    rubric = draw(rubrics(policies=("rescale", "zero")))
    if draw(st.booleans()):
        paths = [c.id for c in rubric.categories]
    else:
        paths = [path for path, item in walk(rubric) if not item.criteria]
    findings = [{"criterion": p, "not_applicable": True, "reason": "不适用"} for p in paths]
    data = draw(assessment_data(rubric, not_applicable=False))
    data = {**data, "findings": findings, "bonus": []}
    return rubric, assessment_from_dict(data)


@PROPERTY_SETTINGS
@given(all_not_applicable())
def test_all_not_applicable_never_scores_full_marks(case: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = case
    card = score(rubric, assessment)
    _assert_adds_up(rubric, card)
    assert card.base.scaled < rubric.total
    assert card.total.raw < rubric.total
    if rubric.not_applicable == "rescale":
        assert card.base.effective_max == 0
        assert card.base.scaled == 0
    else:
        assert card.base.effective_max == rubric.total
    for level in card.levels:
        if level.min_total >= rubric.total:
            assert not level.met
    # Nothing to assess is its own outcome (未能测评), with no level and no advice.
    assert card.outcome.status in ("vetoed", "ineligible", "not_assessable")
    assert card.outcome.level is None
    assert card.next_level is None
    assert all(c.not_applicable or c.nothing_applicable for c in card.categories)


@PROPERTY_SETTINGS
@given(rubric_and_assessment())
def test_json_form_round_trips(case: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = case
    card = score(rubric, assessment)
    data = card.to_dict()
    assert Scorecard.from_dict(data) == card
    assert Scorecard.from_dict(data).to_dict() == data
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    again = Scorecard.from_dict(json.loads(text))
    assert again == card
    assert json.dumps(again.to_dict(), ensure_ascii=False, sort_keys=True) == text


@PROPERTY_SETTINGS
@given(rubric_and_assessment())
def test_scoring_is_deterministic_and_explain_changes_no_figure(
        case: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = case
    card = score(rubric, assessment)
    assert score(rubric, assessment) == card
    quiet = score(rubric, assessment, explain=False)
    assert quiet.total == card.total
    assert quiet.categories == card.categories
    assert quiet.outcome == card.outcome
    assert quiet.discrepancies == card.discrepancies


@PROPERTY_SETTINGS
@given(rubric_data())
def test_rubric_data_round_trips_through_the_loader(data: dict[str, Any]) -> None:
    rubric = rubric_from_dict(data)
    plain = unstructure(rubric, numbers_as_text=False)
    again = rubric_from_dict(plain)
    assert again == rubric
    assert rubric_hash(again) == rubric_hash(rubric)
    assert not [f for f in check_rubric(rubric) if f.code == "duplicate-id"]


@PROPERTY_SETTINGS
@given(rubric_and_assessment())
def test_claims_equal_to_the_computed_scores_show_no_discrepancy(
        case: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = case
    card = score(rubric, assessment)
    by_path = {n.path: n for n in _nodes(card)}
    honest = attrs.evolve(
        assessment,
        # A ratio item's score can carry more decimals than a claim may (rate × points).
        findings=tuple(attrs.evolve(f, claimed=by_path[f.criterion].score
                                    if places_of(by_path[f.criterion].score) <= 2 else None)
                       for f in assessment.findings),
        claimed_total=card.total.rounded,
    )
    assert [d for d in score(rubric, honest).discrepancies if d.level != "claimed-sum"] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rubric_and_assessment(), st.booleans())
def test_score_many_equals_score(case: tuple[Rubric, Assessment], explain: bool) -> None:
    rubric, assessment = case
    expected = score(rubric, assessment, explain=explain)
    assert list(score_many(rubric, [assessment, assessment], explain=explain)) == [expected] * 2
