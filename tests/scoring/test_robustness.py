"""What a review of the one engine found, kept fixed: the plan cache does not
keep rubrics alive, long decimals are refused rather than rounded, text does
not depend on the caller's decimal context, a plugin's method never escapes as
a bare exception, assessments built in Python are checked like loaded ones,
and a penalty's cap is in the audit trail."""

from __future__ import annotations

import decimal
import gc
import weakref
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest

import civscore
from civscore import AssessmentError, ScoringError
from civscore.model import Assessment, Criterion, Finding, RuleHit, StandardHit
from civscore.model.points import places_of, to_text
from civscore.results import Part
from civscore.scoring import assessment_problems
from civscore.scoring.methods import BUILTIN_METHODS, Problem

D = Decimal

DIRECT = """
total = 10
point_places = 2
[[categories]]
id = "c"
title = "甲"
points = 10
method = "direct"
"""


def test_the_plan_cache_does_not_keep_rubrics_alive(make_rubric: Any,
                                                    make_assessment: Any) -> None:
    base = make_rubric(DIRECT)
    assessment = make_assessment('findings = [{ criterion = "c", points = 5 }]')
    refs = []
    for i in range(50):
        rubric = attrs.evolve(base, title=f"t{i}")
        assert civscore.score(rubric, assessment).total.raw == 5
        refs.append(weakref.ref(rubric))
    del rubric
    gc.collect()
    assert sum(ref() is not None for ref in refs) == 0


@pytest.mark.parametrize("text", ["9.999999999999999999999999999999",
                                  "1.000000000000000000000000000001"])
def test_a_value_longer_than_the_context_is_refused_not_rounded(
        make_rubric: Any, text: str) -> None:
    # 30 decimal places where the rubric allows 2: refused, never rounded to 10 or 1.
    rubric = make_rubric(DIRECT)
    assessment = Assessment(rubric=rubric.ref, unit="u", findings=(Finding("c", points=D(text)),))
    with pytest.raises(AssessmentError) as caught:
        civscore.score(rubric, assessment)
    assert caught.value.path == "$.findings[0].points"
    assert places_of(D(text)) == 30


def test_places_are_counted_exactly() -> None:
    assert [places_of(D(t)) for t in ("0.25", "1.50", "0.000", "1E+1", "5.0500")] == [
        2, 1, 0, 0, 2]


def test_text_does_not_depend_on_the_callers_context(make_rubric: Any,
                                                     make_assessment: Any) -> None:
    # b (19 points) not applicable: a's 10 of 11 rescaled to 10 × 30 ÷ 11 = 27.27…
    rubric = make_rubric("""
        total = 30
        [[categories]]
        id = "a"
        title = "甲"
        points = 11
        method = "direct"
        [[categories]]
        id = "b"
        title = "乙"
        points = 19
        method = "direct"
        """)
    assessment = make_assessment('findings = [{ criterion = "a", points = 10 },\n'
                                 '{ criterion = "b", not_applicable = true, reason = "无" }]')
    card = civscore.score(rubric, assessment)
    expected = card.to_dict()
    # 10 ÷ 11 × 30 = 27.27… to 28 significant digits
    assert expected["total"]["raw"] == "27.27272727272727272727272727"
    with decimal.localcontext(prec=3, rounding=decimal.ROUND_DOWN):
        assert to_text(D("27.27272727272727272727272727")) == "27.27272727272727272727272727"
        assert card.to_dict() == expected


def test_a_penalty_cap_is_an_audit_event(make_rubric: Any, make_assessment: Any) -> None:
    rubric = make_rubric("""
        total = 10
        [[categories]]
        id = "c"
        title = "甲"
        points = 10
        method = "direct"
        [[penalties]]
        id = "p"
        text = "群众投诉"
        deduct = 0.25
        max = 1
        """)
    assessment = make_assessment('findings = [{ criterion = "c", points = 10 }]\n'
                                 'penalties = [{ item = "p", count = 3 },\n'
                                 '             { item = "p", count = 3 }]')
    card = civscore.score(rubric, assessment)
    # 3 × 0.25 = 0.75, then 3 × 0.25 = 0.75 of which only 1 − 0.75 = 0.25 is taken.
    assert card.penalties.total == D("1")
    assert [(e.kind, e.amount) for e in card.audit if e.step == 5] == [
        ("penalty", D("-0.75")), ("penalty", D("-0.25")), ("penalty-cap", D("0.5"))]


class _Plugin:
    """A plugin method whose parts are 2 points; each test breaks one part of it."""

    name = "pm"

    def __init__(self, **broken: Any) -> None:
        self.broken = broken

    def validate(self, item: Criterion) -> Iterator[Problem]:
        return iter(())

    def check(self, item: Criterion, finding: Finding | None) -> Any:
        if "check" in self.broken:
            return self.broken["check"]()
        return []

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        return (Part("pm", self.broken.get("points", D(2))),)

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        return D(0), item.points

    def compile(self, item: Criterion) -> Any:
        if "compile" in self.broken:
            return self.broken["compile"]()
        return self.broken.get("raw", lambda f: D(2))


def _fail() -> Any:
    raise ValueError("boom")


@pytest.mark.parametrize("broken", [
    {"compile": _fail},
    {"compile": lambda: 42},
    {"raw": lambda f: _fail()},
    {"raw": lambda f: 2.0},
    {"raw": lambda f: D("NaN")},
    {"check": _fail},
    {"check": lambda: None},
    {"check": lambda: ["not a problem"]},
], ids=["compile-raises", "compile-not-callable", "scorer-raises", "scorer-float", "scorer-nan",
        "check-raises", "check-none", "check-strings"])
def test_a_broken_plugin_method_is_a_scoring_error_naming_the_item(
        make_rubric: Any, make_assessment: Any, broken: dict[str, Any]) -> None:
    methods = {**BUILTIN_METHODS, "pm": _Plugin(**broken)}
    rubric = civscore.rubric_from_dict(
        {"id": "t", "version": "1", "title": "t", "provenance": "illustrative", "source": "s",
         "total": 5, "categories": [{"id": "c", "title": "甲", "points": 5, "method": "pm"}]},
        methods=methods)
    assessment = Assessment(rubric=rubric.ref, unit="u", findings=(Finding("c"),))
    with pytest.raises(ScoringError) as caught:
        civscore.score(rubric, assessment, methods=methods).categories  # noqa: B018
    assert caught.value.path == "c"


@pytest.mark.parametrize("points", [D("NaN"), D("Infinity")])
def test_parts_that_are_not_finite_are_refused(points: Decimal) -> None:
    methods = {**BUILTIN_METHODS, "pm": _Plugin(points=points, compile=lambda: None)}
    rubric = civscore.rubric_from_dict(
        {"id": "t", "version": "1", "title": "t", "provenance": "illustrative", "source": "s",
         "total": 5, "categories": [{"id": "c", "title": "甲", "points": 5, "method": "pm"}]},
        methods=methods)
    with pytest.raises(ScoringError):
        civscore.score(rubric, Assessment(rubric=rubric.ref, unit="u"), methods=methods)


def test_a_compiled_scorer_that_disagrees_with_its_parts_is_refused() -> None:
    methods = {**BUILTIN_METHODS, "pm": _Plugin(raw=lambda f: D(3))}  # parts add up to 2
    rubric = civscore.rubric_from_dict(
        {"id": "t", "version": "1", "title": "t", "provenance": "illustrative", "source": "s",
         "total": 5, "categories": [{"id": "c", "title": "甲", "points": 5, "method": "pm"}]},
        methods=methods)
    card = civscore.score(rubric, Assessment(rubric=rubric.ref, unit="u"), methods=methods)
    with pytest.raises(ScoringError, match="add up to 2"):
        card.categories  # noqa: B018


DEDUCT_AND_AWARD = """
total = 10
[[categories]]
id = "k"
title = "扣分"
points = 5
method = "deduct"
rules = [{ id = "r", text = "每处扣1分", deduct = 1 }]
[[categories]]
id = "a"
title = "得分"
points = 5
method = "award"
standards = [{ id = "s", text = "每项得1分", points = 1 }]
"""


@pytest.mark.parametrize(("finding", "path"), [
    (Finding("k", hits=(RuleHit("r", count=-2),)), "$.findings[0].hits[0].count"),
    (Finding("a", standards=(StandardHit("s", count=-3),)), "$.findings[0].standards[0].count"),
    (Finding("k", claimed=1.5), "$.findings[0].claimed"),  # type: ignore[arg-type]
])
def test_assessments_built_in_python_are_checked(make_rubric: Any, finding: Finding,
                                                 path: str) -> None:
    rubric = make_rubric(DEDUCT_AND_AWARD)
    with pytest.raises(AssessmentError) as caught:
        civscore.score(rubric, Assessment(rubric=rubric.ref, unit="u", findings=(finding,)))
    assert caught.value.path == path


@pytest.mark.parametrize(("value", "key"), [(D(-1), "points"), (D(-10), "rate")])
def test_negative_points_and_rates_are_refused(make_rubric: Any, value: Decimal,
                                               key: str) -> None:
    rubric = make_rubric("""
        total = 10
        [[categories]]
        id = "d"
        title = "直接"
        points = 5
        method = "direct"
        [[categories]]
        id = "r"
        title = "比例"
        points = 5
        method = "ratio"
        target = 90
        deduct_per_point = 0.5
        """)
    findings = (Finding("d", points=value if key == "points" else D(5)),
                Finding("r", rate=value if key == "rate" else D(95)))
    with pytest.raises(AssessmentError) as caught:
        civscore.score(rubric, Assessment(rubric=rubric.ref, unit="u", findings=findings))
    assert caught.value.path == f"$.findings[{0 if key == 'points' else 1}].{key}"


def test_two_findings_for_one_item_are_refused(make_rubric: Any) -> None:
    rubric = make_rubric(DEDUCT_AND_AWARD)
    findings = (Finding("k", not_applicable=True, reason="无"),
                Finding("k", hits=(RuleHit("r"),)))
    with pytest.raises(AssessmentError, match="already has a finding") as caught:
        civscore.score(rubric, Assessment(rubric=rubric.ref, unit="u", findings=findings))
    assert caught.value.path == "$.findings[1].criterion"


def test_a_list_where_a_tuple_belongs_is_scored_and_explained(make_rubric: Any) -> None:
    rubric = make_rubric(DEDUCT_AND_AWARD)
    finding = Finding("k", hits=[RuleHit("r", count=2)])  # type: ignore[arg-type]
    card = civscore.score(rubric, Assessment(rubric=rubric.ref, unit="u", findings=(finding,)))
    assert card.item("k").score == 3  # 5 − 2 × 1


@pytest.mark.parametrize("unit", ["", "   ", "\t", "\u200b", "\ufeff "])
def test_an_assessment_naming_no_unit_is_scored_with_a_warning(make_rubric: Any,
                                                               unit: str) -> None:
    # the result would say nowhere whom it is about (a campaign refuses it outright)
    rubric = make_rubric(DIRECT)
    assessment = Assessment(rubric=rubric.ref, unit=unit, findings=(Finding("c", points=D(5)),))
    card = civscore.score(rubric, assessment)
    assert card.total.raw == 5
    assert ("$.unit: 没有写被测评单位（unit 为空），结果上单位名称空白；请填写被测评单位的名称"
            in card.warnings)
    assert [(p.code, p.severity) for p in assessment_problems(rubric, assessment)] == [
        ("no-unit", "warning")]
    assert not [w for w in civscore.score(rubric, attrs.evolve(assessment, unit="某局")).warnings
                if w.startswith("$.unit")]
