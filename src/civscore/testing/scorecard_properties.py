"""The scorecard properties: ``parts-add-up``, ``in-bounds`` and
``json-round-trip`` of one assessment's scorecard, and ``more-deductions``
between an assessment and a harsher one."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from civscore.checks import item_bounds, max_total
from civscore.model import Assessment, Rubric
from civscore.model.points import ZERO, quantize, to_text
from civscore.results.scorecard import ItemResult, Scorecard
from civscore.scoring import score
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod
from civscore.testing.candidates import bonus_ceiling
from civscore.testing.paths import key_paths, walk
from civscore.testing.report import RubricPropertyError, property_error

__all__ = ["check_assessment_properties", "check_more_deductions"]


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
    methods = BUILTIN_METHODS if methods is None else methods
    wanted = set(properties)
    card = score(rubric, assessment, methods=methods)
    keys = key_paths(rubric)
    if "parts-add-up" in wanted:
        _parts_add_up(rubric, assessment, card, keys)
    if "in-bounds" in wanted:
        _in_bounds(rubric, assessment, card, keys, methods)
    if "json-round-trip" in wanted:
        _round_trip(rubric, assessment, card, methods)
    return card


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
    methods = BUILTIN_METHODS if methods is None else methods
    before = score(rubric, assessment, methods=methods, explain=False)
    after = score(rubric, harsher_assessment, methods=methods, explain=False)
    keys = key_paths(rubric)
    old = {n.path: n.score for n in _results(before)}
    for node in _results(after):
        if node.score > old[node.path]:
            raise property_error(rubric, "more-deductions", keys.get(node.path, node.path),
                                 f"one more deduction raised {node.path!r} from "
                                 f"{to_text(old[node.path])} to {to_text(node.score)}",
                                 harsher_assessment)
    for what, was, now in (("base total", before.base.scaled, after.base.scaled),
                           ("total", before.total.raw, after.total.raw)):
        if now > was:
            raise property_error(rubric, "more-deductions", "$.total",
                                 f"one more deduction raised the {what} from {to_text(was)} to "
                                 f"{to_text(now)}", harsher_assessment)


def _parts_add_up(rubric: Rubric, assessment: Assessment, card: Scorecard,
                  keys: Mapping[str, str]) -> None:
    def fail(path: str, message: str) -> RubricPropertyError:
        return property_error(rubric, "parts-add-up", path, message, assessment)

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
        return property_error(rubric, "in-bounds", path, message, assessment)

    items = dict(walk(rubric))
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
            low, high = item_bounds(item, methods, rubric)
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
    ceiling = rubric.total + bonus_ceiling(rubric)
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
        raise property_error(rubric, "json-round-trip", f"result {where}",
                             "the scorecard read back from its JSON form differs from the original",
                             assessment)
    again = score(rubric, assessment, methods=methods)
    if again != card:
        where = _first_difference(data, again.to_dict()) or "$"
        raise property_error(rubric, "json-round-trip", f"result {where}",
                             "scoring the same assessment twice gave different scorecards",
                             assessment)


def _results(card: Scorecard) -> Iterator[ItemResult]:
    stack = list(reversed(card.categories))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))
