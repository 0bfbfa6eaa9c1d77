"""civscore.testing: the strategies, the property suite, and what its
failures say.

The rubrics here are small TOML snippets (see conftest.py: each is ``t@1``).
Expected figures are worked out by hand in the comments.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civscore import check_rubric, load_rubric, score
from civscore.files.loader import rubric_from_dict
from civscore.model import Criterion, Finding, Rubric
from civscore.plugins import default_registry
from civscore.results.scorecard import Part
from civscore.scoring import assessment_problems
from civscore.scoring.methods import BUILTIN_METHODS, Deduct, Direct, Problem
from civscore.testing import (
    PROPERTIES,
    RubricPropertyError,
    assessments,
    check_assessment_properties,
    check_level_properties,
    check_more_deductions,
    check_rubric_properties,
    harsher,
    rubrics,
)

MakeRubric = Callable[[str], Rubric]
FEW = settings(max_examples=25, deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SOUND = """
total = 100
rounding = { places = 1 }
[[categories]]
id = "work"
title = "业务工作"
points = 60
  [[categories.criteria]]
  id = "plan"
  title = "工作计划"
  points = 10
  method = "deduct"
  rules = [{ id = "missed", text = "少一次扣0.5分", deduct = 0.5, max = 5 },
           { id = "none", text = "无计划", zeroes = true }]
  [[categories.criteria]]
  id = "survey"
  title = "群众满意率"
  points = 50
  method = "ratio"
  target = 100
  deduct_per_point = 1
[[categories]]
id = "env"
title = "环境"
points = 40
method = "tiered"
tiers = [{ id = "good", title = "好", points = 40 }, { id = "fair", title = "一般", points = 20 },
         { id = "poor", title = "差", points = 0 }]
[bonus]
cap = 3
items = [{ id = "national", text = "获全国表彰", points = 3, group = "honors" },
         { id = "province", text = "获省级表彰", points = 2, group = "honors" }]
[[penalties]]
id = "complaint"
text = "被投诉查实"
deduct = 1
[[levels]]
id = "civilized"
title = "文明单位"
min_total = 85
[[levels]]
id = "model"
title = "文明单位标兵"
min_total = 95
min_category_share = 0.8
"""


def test_sound_rubric_holds_every_property(make_rubric: MakeRubric) -> None:
    report = check_rubric_properties(make_rubric(SOUND), max_examples=30)
    assert report.ref == "t@1"
    assert report.checked == PROPERTIES
    assert report.skipped == ()  # 85 and 95 are exact totals (e.g. plan 5 + survey 40 + env 40)
    assert report.examples >= 30


def test_installed_rubrics_hold_every_property() -> None:
    registry = default_registry()
    refs = [entry.ref for entry in registry.rubrics()]
    assert "danjiangkou@2010-2011" in refs
    for ref in refs:
        check_rubric_properties(registry.get(ref), methods=registry.methods,
                                checks=registry.checks, max_examples=5)


def test_no_levels_skips_the_level_properties(make_rubric: MakeRubric) -> None:
    rubric = make_rubric('total = 10\n[[categories]]\nid = "a"\ntitle = "甲"\npoints = 10\n'
                         'method = "direct"\n')
    report = check_rubric_properties(rubric, max_examples=5)
    assert [(s.property, s.path) for s in report.skipped] == [
        ("levels-reachable", "$.levels"), ("thresholds", "$.levels")]
    assert "levels-reachable" not in report.checked


def coarse_rubric(make_rubric: MakeRubric, min_total: str) -> Rubric:
    """Ten all-or-nothing items of 10 points: every total is a multiple of 10."""
    items = "".join(f'[[categories]]\nid = "c{i}"\ntitle = "项目{i}"\npoints = 10\n'
                    'method = "all_or_nothing"\n' for i in range(10))
    return make_rubric(f"total = 100\n{items}[[levels]]\nid = \"ok\"\ntitle = \"合格\"\n"
                       f"min_total = {min_total}\n")


def test_threshold_off_the_grid_is_skipped_with_the_reason(make_rubric: MakeRubric) -> None:
    report = check_rubric_properties(coarse_rubric(make_rubric, "85"), max_examples=5)
    (skipped,) = report.skipped
    assert (skipped.property, skipped.path) == ("thresholds", "$.levels[0].min_total")
    assert "exactly 85" in skipped.reason
    assert "80 and 90" in skipped.reason  # the nearest totals either side
    assert "thresholds" in report.checked  # the nearest total below 85 was still checked


def test_threshold_reached_through_a_deduction(make_rubric: MakeRubric) -> None:
    # 99.5 = all-or-nothing 90 + deduct item 10 with one 0.5 hit: the only way to hit it.
    rubric = make_rubric("""
        total = 100
        [[categories]]
        id = "a"
        title = "甲"
        points = 90
        method = "all_or_nothing"
        [[categories]]
        id = "b"
        title = "乙"
        points = 10
        method = "deduct"
        rules = [{ id = "r", text = "每处扣0.5分", deduct = 0.5 }]
        [[levels]]
        id = "top"
        title = "优秀"
        min_total = 99.5
    """)
    assert check_level_properties(rubric) == []


def test_unreachable_category_share_names_the_level(make_rubric: MakeRubric) -> None:
    rubric = make_rubric("""
        total = 20
        [[categories]]
        id = "a"
        title = "甲"
        points = 10
        method = "tiered"
        tiers = [{ id = "good", title = "好", points = 5 },
                 { id = "bad", title = "差", points = 0 }]
        [[categories]]
        id = "b"
        title = "乙"
        points = 10
        method = "direct"
        [[levels]]
        id = "pass"
        title = "合格"
        min_total = 10
        [[levels]]
        id = "good"
        title = "良好"
        min_total = 14
        min_category_share = 0.6
    """)
    assert not [f for f in check_rubric(rubric) if f.severity == "error"]  # the checks miss it
    with pytest.raises(RubricPropertyError) as caught:
        check_rubric_properties(rubric, max_examples=5)
    error = caught.value
    assert (error.ref, error.property, error.path) == (
        "t@1", "levels-reachable", "$.levels[1].min_category_share")
    # 甲's best tier gives 5 of its 10 points, below 60%
    assert "$.categories[0] (甲) can earn at most 5 of 10" in str(error)
    assert str(error).startswith("t@1: $.levels[1].min_category_share: ")
    assert error.assessment is not None


def test_total_between_rounded_bands_lands_in_no_level(make_rubric: MakeRubric) -> None:
    # Levels compare the total rounded to whole points: a total of 80 is above
    # 合格's 79.5 and below 良好's 80.5, so it lands in no level.
    rubric = make_rubric("""
        total = 100
        rounding = { places = 0, compare = "rounded" }
        [[categories]]
        id = "a"
        title = "甲"
        points = 100
        method = "direct"
        step = 0.5
        [[levels]]
        id = "pass"
        title = "合格"
        min_total = 60
        max_total = 79.5
        [[levels]]
        id = "good"
        title = "良好"
        min_total = 80.5
    """)
    with pytest.raises(RubricPropertyError) as caught:
        check_rubric_properties(rubric, properties=("levels-reachable", "thresholds"))
    assert (caught.value.property, caught.value.path) == ("thresholds", "$.levels[0].max_total")
    assert "a total of 80, just above the band of 合格 (up to 79.5), lands in no level" in str(
        caught.value)


class Rising(Deduct):
    """A broken deduct method: each rule hit *adds* its amount."""

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        hits = finding.hits if finding is not None else ()
        rules = {r.id: r for r in item.rules}
        return (Part("rising", sum((rules[h.rule].deduct or Decimal(0)) * h.count
                                   for h in hits) or Decimal(0)),)


class Boasting(Direct):
    """A broken direct method: promises every score is full marks."""

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        return item.points, item.points


DEDUCT_AND_DIRECT = """
total = 10
[[categories]]
id = "a"
title = "甲"
points = 5
method = "deduct"
rules = [{ id = "r", text = "每处扣1分", deduct = 1 }]
[[categories]]
id = "b"
title = "乙"
points = 5
method = "direct"
"""


def test_more_deductions_failure_names_the_item(make_rubric: MakeRubric) -> None:
    methods = {**BUILTIN_METHODS, "deduct": Rising()}
    with pytest.raises(RubricPropertyError) as caught:
        check_rubric_properties(make_rubric(DEDUCT_AND_DIRECT), methods=methods,
                                max_examples=50)
    assert (caught.value.property, caught.value.path) == ("more-deductions", "$.categories[0]")
    assert "one more deduction raised 'a'" in caught.value.message
    assert '"hits": [{"rule": "r"' in str(caught.value)  # the (shrunk) assessment is shown


def test_broken_method_bounds_fail_in_bounds(make_rubric: MakeRubric) -> None:
    methods = {**BUILTIN_METHODS, "direct": Boasting()}
    with pytest.raises(RubricPropertyError) as caught:
        check_rubric_properties(make_rubric(DEDUCT_AND_DIRECT), methods=methods,
                                max_examples=50)
    assert (caught.value.property, caught.value.path) == ("in-bounds", "$.categories[1]")
    assert "the bounds [5, 5] its method promises" in caught.value.message


class Checklist:
    """A plugin-style method: one point per item of ``options.items`` ticked."""

    name = "checklist"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        return iter(())

    def check(self, item: Criterion, finding: Finding | None) -> Iterator[Problem]:
        if finding is None or not isinstance(finding.options.get("ticked"), int):
            yield Problem("options", "give options.ticked")

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        assert finding is not None
        return (Part("checklist", Decimal(finding.options["ticked"])),)

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        return Decimal(0), item.points

    def example_findings(self, item: Criterion) -> Iterator[Finding]:
        for n in range(int(item.points) + 1):
            yield Finding("", options={"ticked": n})


def test_plugin_method_with_example_findings() -> None:
    methods = {**BUILTIN_METHODS, "checklist": Checklist()}
    rubric = rubric_from_dict({
        "id": "t", "version": "1", "title": "七项制度", "provenance": "illustrative",
        "source": "test", "total": 7,
        "categories": [{"id": "service", "title": "七项制度", "points": 7,
                        "method": "checklist"}],
        "levels": [{"id": "ok", "title": "达标", "min_total": 6}],
    }, methods=methods)
    report = check_rubric_properties(rubric, methods=methods, max_examples=10)
    assert report.skipped == ()  # 6 ticked of 7 totals exactly 6


def test_unknown_property_is_refused(make_rubric: MakeRubric) -> None:
    with pytest.raises(ValueError, match="unknown properties"):
        check_rubric_properties(make_rubric(SOUND), properties=("sums",))


@FEW
@given(data=st.data())
def test_drawn_assessments_are_valid_and_hold(data: st.DataObject) -> None:
    registry = default_registry()
    entry = data.draw(st.sampled_from(registry.rubrics()), label="rubric")
    assessment = data.draw(assessments(entry.rubric, registry.methods))
    problems = list(assessment_problems(entry.rubric, assessment, registry.methods))
    assert not [p for p in problems if p.severity == "error"]
    check_assessment_properties(entry.rubric, assessment, methods=registry.methods)


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rubric=rubrics(), data=st.data())
def test_random_rubrics_hold_every_property(rubric: Rubric, data: st.DataObject) -> None:
    assert not [f for f in check_rubric(rubric) if f.severity == "error"]
    check_level_properties(rubric)
    for _ in range(2):
        assessment = data.draw(assessments(rubric))
        card = check_assessment_properties(rubric, assessment)
        assert card == score(rubric, assessment)
        worse = data.draw(harsher(rubric, assessment))
        check_more_deductions(rubric, assessment, worse)


def test_without_hypothesis_the_import_error_says_what_to_install() -> None:
    code = ("import sys; sys.modules['hypothesis'] = None\n"
            "try:\n    from civscore.testing import check_rubric_properties\n"
            "except ImportError as exc:\n    print(exc)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "pip install 'civscore[testing]'" in out


def test_the_rules_of_issue_14_hold_every_property(make_rubric: MakeRubric) -> None:
    """Items without a finding refused (unassessed = "error"), a rule that
    caps its item (at_most), a bonus only above a base (min_base) and bonus
    items scored by judgement (direct, tiered): the suite's assessments give
    every item its finding and every judged claim its points or tier, and
    the totals it constructs count a bonus only on a base that reaches it."""
    text = 'unassessed = "error"\n' + SOUND.replace(
        "[bonus]\ncap = 3", "[bonus]\ncap = 3\nmin_base = 90").replace(
        '{ id = "province", text = "获省级表彰", points = 2, group = "honors" }]',
        '{ id = "province", text = "获省级表彰", points = 2, group = "honors" },\n'
        '  { id = "feature", text = "特色工作", points = 2, method = "direct", step = 0.5 },\n'
        '  { id = "brand", text = "创建品牌", points = 1, method = "tiered", '
        'tiers = [{ id = "good", title = "好", points = 1 }] }]').replace(
        '{ id = "none", text = "无计划", zeroes = true }]',
        '{ id = "none", text = "无计划", zeroes = true },\n'
        '           { id = "draft", text = "计划未定稿的，本项最高得3分", at_most = 3 }]')
    rubric = make_rubric(text)
    assert rubric.unassessed == "error"
    assert rubric.bonus is not None
    assert rubric.bonus.min_base == 90
    assert [b.method for b in rubric.bonus.items] == [None, None, "direct", "tiered"]
    assert any(r.at_most == 3 for c in rubric.categories for i in (c, *c.criteria)
               for r in i.rules)
    report = check_rubric_properties(rubric, max_examples=30)
    assert report.checked == PROPERTIES


def test_constructed_totals_count_bonus_only_above_its_base(make_rubric: MakeRubric) -> None:
    # The base is 0, 50 or 100; the bonus of 3 needs a base of 60. So 53
    # (50 + 3) is no total any assessment reaches: the engine would withhold
    # the bonus and score 50. The threshold is skipped, not failed.
    report = check_rubric_properties(make_rubric("""
total = 100
[[categories]]
id = "env"
title = "环境"
points = 100
method = "tiered"
tiers = [{ id = "good", title = "好", points = 100 }, { id = "fair", title = "一般", points = 50 },
         { id = "poor", title = "差", points = 0 }]
[bonus]
min_base = 60
items = [{ id = "national", text = "获全国表彰", points = 3 }]
[[levels]]
id = "civilized"
title = "文明单位"
min_total = 53
"""), max_examples=10)
    (skipped,) = report.skipped
    assert (skipped.property, skipped.path) == ("thresholds", "$.levels[0].min_total")
    assert "nearest reachable totals: 50 and 100" in skipped.reason


DATA = Path(__file__).parents[1] / "data"


def test_a_level_with_minimums_is_skipped_by_thresholds_with_the_reason() -> None:
    # tests/data/minimums.toml: 文明单位标兵 needs 节能降耗 ≥ 6 and 优质服务 ≥ 7.5;
    # a total of exactly 16 built from any items need not meet them
    report = check_rubric_properties(load_rubric(DATA / "minimums.toml"), max_examples=20)
    assert "thresholds" in report.checked  # 文明单位 at 12 is still checked
    assert [(s.property, s.path) for s in report.skipped] == [
        ("thresholds", "$.levels[1].minimums")]


def test_a_rubric_with_grade_scales_holds_the_properties() -> None:
    report = check_rubric_properties(load_rubric(DATA / "grade-scales.toml"), max_examples=30)
    assert {"parts-add-up", "in-bounds", "json-round-trip"} <= set(report.checked)
