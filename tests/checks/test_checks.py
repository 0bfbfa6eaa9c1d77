"""Consistency checks of rubrics and assessments (check_rubric, check_assessment),
and a rubric's errors in the scorecards scored against it (rubric_warnings).

Each test builds a rubric with exactly one flaw and asserts the finding's
code, severity and key path; the figures in the messages are worked out by
hand in the comments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import civscore
from civscore import check_assessment, check_rubric, load_rubric, rubric_from_dict
from civscore.checks import CheckFinding, item_bounds, max_total, rubric_warnings
from civscore.files import parse_toml
from civscore.messages import use_language
from civscore.model import Assessment, Rubric
from civscore.plugins import default_registry
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod

MakeRubric = Callable[[str], Rubric]
MakeAssessment = Callable[[str], Assessment]

BASE = """
total = 15
[[categories]]
id = "work"
title = "业务工作"
points = 10
method = "deduct"
rules = [ { id = "late", text = "逾期一次扣0.5分", deduct = 0.5 } ]

[[categories]]
id = "volunteer"
title = "志愿服务"
points = 5
method = "award"
standards = [ { id = "team", text = "建立志愿服务队得2分", points = 2 },
              { id = "activity", text = "每次活动1分，最多3分", points = 1, max = 3 } ]
"""


def codes(findings: list[CheckFinding]) -> set[tuple[str, str, str]]:
    return {(f.code, f.severity, f.path) for f in findings}


def test_a_sound_rubric_has_no_findings(make_rubric: MakeRubric) -> None:
    # The illustrative header is reported as info only.
    assert codes(check_rubric(make_rubric(BASE))) == {("illustrative", "info", "$.provenance")}


def test_categories_not_adding_up_to_the_total(make_rubric: MakeRubric) -> None:
    found = check_rubric(make_rubric(BASE.replace("total = 15", "total = 16")))
    # 10 + 5 = 15, not 16.
    assert ("sum-total", "error", "$.total") in codes(found)
    message = next(f.message for f in found if f.code == "sum-total")
    assert "add up to 15, not the declared total 16" in message
    assert found[0].severity == "error"  # errors come first


def test_sub_items_not_adding_up_to_their_item(make_rubric: MakeRubric) -> None:
    rubric = make_rubric("""
total = 10
[[categories]]
id = "a"
title = "甲"
points = 10
  [[categories.criteria]]
  id = "x"
  title = "子项"
  points = 4
  method = "direct"
  [[categories.criteria]]
  id = "y"
  title = "子项"
  points = 5
  method = "direct"
""")
    # 4 + 5 = 9, not 10.
    assert ("sum-item", "error", "$.categories[0].points") in codes(check_rubric(rubric))


def test_unreachable_level(make_rubric: MakeRubric) -> None:
    text = BASE + """
[bonus]
cap = 2
items = [ { id = "national", text = "全国表彰", points = 3, group = "honours" },
          { id = "provincial", text = "省级表彰", points = 1, group = "honours" } ]

[[levels]]
id = "reachable"
title = "文明单位"
min_total = 15

[[levels]]
id = "unreachable"
title = "文明单位标兵"
min_total = 16
"""
    rubric = make_rubric(text)
    # Highest: work 10; volunteer 2 + 3 (activity capped at 3) = 5; bonus: the group's best
    # is 3, the cap 2 → 2.  10 + 5 + 2 = 17 ≥ 16: both reachable.
    assert max_total(rubric) == Decimal(17)
    assert not [f for f in check_rubric(rubric) if f.code == "level-unreachable"]
    # Without the team standard volunteer reaches only 3: 10 + 3 + 2 = 15 < 16.
    rubric = make_rubric(text.replace(
        '{ id = "team", text = "建立志愿服务队得2分", points = 2 },\n              ', ""))
    assert max_total(rubric) == Decimal(15)
    found = check_rubric(rubric)
    assert ("level-unreachable", "error", "$.levels[1].min_total") in codes(found)
    assert ("level-unreachable", "error", "$.levels[0].min_total") not in codes(found)


def test_gap_between_level_bands(make_rubric: MakeRubric) -> None:
    # 合格 ends at 12.9, 文明单位 starts at 13: compared raw, 12.95 lands in neither.
    rubric = make_rubric(_bands("raw", "12.9"))
    assert ("levels-gap", "error", "$.levels[0].max_total") in codes(check_rubric(rubric))


def test_bands_that_meet_at_the_rounding_step_have_no_gap(make_rubric: MakeRubric) -> None:
    # Compared after rounding to 0.1, every total is …12.9 or 13.0: no value falls between.
    rubric = make_rubric(_bands("rounded", "12.9"))
    assert not [f for f in check_rubric(rubric) if f.code.startswith("levels-")]


def test_overlapping_level_bands(make_rubric: MakeRubric) -> None:
    # 合格 up to 13 inclusive, 文明单位 from 13: a total of 13 falls in both.
    rubric = make_rubric(_bands("raw", "13"))
    assert ("levels-overlap", "error", "$.levels[0].max_total") in codes(check_rubric(rubric))


def _bands(compare: str, upper: str) -> str:
    return BASE.replace("total = 15", f'total = 15\nrounding = {{ places = 1, compare = '
                                      f'"{compare}" }}') + f"""
[[levels]]
id = "qualified"
title = "合格"
min_total = 9
max_total = {upper}

[[levels]]
id = "civilized"
title = "文明单位"
min_total = 13
"""


def test_levels_out_of_order(make_rubric: MakeRubric) -> None:
    rubric = make_rubric(BASE + """
[[levels]]
id = "high"
title = "标兵"
min_total = 14
[[levels]]
id = "low"
title = "合格"
min_total = 9
""")
    assert ("levels-order", "error", "$.levels[1].min_total") in codes(check_rubric(rubric))


def test_rule_exceeding_its_item(make_rubric: MakeRubric) -> None:
    rubric = make_rubric(BASE.replace("deduct = 0.5 }", "deduct = 12 }"))
    # One occurrence takes 12 from a 10-point item.
    assert ("rule-exceeds-item", "warning", "$.categories[0].rules[0]") in codes(
        check_rubric(rubric))


def test_discretionary_rule_exceeding_its_item(make_rubric: MakeRubric) -> None:
    rubric = make_rubric(BASE.replace("deduct = 0.5 }", "deduct_range = [1, 11] }"))
    assert ("rule-exceeds-item", "warning", "$.categories[0].rules[0]") in codes(
        check_rubric(rubric))


@pytest.mark.parametrize(("bonus", "index"), [
    ('cap = 5\nitems = [ { id = "a", text = "零分项", points = 0 } ]', 0),
    ('cap = 5\nitems = [ { id = "a", text = "甲", points = 1 },\n'
     '          { id = "b", text = "不计次", points = 1, max_count = 0 } ]', 1),
    ('cap = 0\nitems = [ { id = "a", text = "上限为0", points = 1 } ]', 0),
])
def test_bonus_item_that_can_never_count(make_rubric: MakeRubric, bonus: str,
                                         index: int) -> None:
    rubric = make_rubric(BASE + "\n[bonus]\n" + bonus + "\n")
    assert ("bonus-never-counts", "warning", f"$.bonus.items[{index}]") in codes(
        check_rubric(rubric))


def test_unreachable_tier(make_rubric: MakeRubric) -> None:
    rubric = make_rubric("""
total = 2
[[categories]]
id = "style"
title = "行业风气"
points = 2
method = "tiered"
tiers = [ { id = "excellent", title = "优", points = 3 },
          { id = "good", title = "好", points = 2 } ]
""")
    # 优 gives 3 of a 2-point item: it would always be capped to 2.
    assert ("tier-unreachable", "warning", "$.categories[0].tiers[0].points") in codes(
        check_rubric(rubric))


def test_award_standards_that_cannot_reach_the_points(make_rubric: MakeRubric) -> None:
    rubric = make_rubric(BASE.replace("points = 2 },", "points = 1, max = 1 },"))
    # team at most 1, activity at most 3: 4 of the item's 5 points.
    found = check_rubric(rubric)
    assert ("award-short", "warning", "$.categories[1].standards") in codes(found)
    assert "at most 4 of its 5 points" in next(f.message for f in found
                                               if f.code == "award-short")
    assert item_bounds(rubric.categories[1], BUILTIN_METHODS) == (Decimal(0), Decimal(4))


def test_ratio_band_that_never_decides(make_rubric: MakeRubric) -> None:
    rubric = make_rubric("""
total = 1
[[categories]]
id = "awareness"
title = "知晓率"
points = 1
method = "ratio"
bands = [ { at_least = 80, points = 1 }, { at_least = 90, points = 0.5 } ]
""")
    # ≥80 already gives 1, so the ≥90 band (0.5) can never be the highest met.
    assert ("band-unreachable", "warning", "$.categories[0].bands[1]") in codes(
        check_rubric(rubric))


# --- assessments -----------------------------------------------------------------------------

def test_check_assessment_reports_claims(make_rubric: MakeRubric,
                                         make_assessment: MakeAssessment) -> None:
    found = check_assessment(make_rubric(BASE), make_assessment("""
claimed_total = 16
[[findings]]
criterion = "work"
hits = [ { rule = "late", count = 2 } ]
claimed = 10
[[findings]]
criterion = "volunteer"
standards = [ { standard = "team" }, { standard = "activity", count = 2 } ]
claimed = 6
"""))
    # work 10 − 1 = 9 (claimed 10); volunteer 2 + 2 = 4 (claimed 6, above its 5 points);
    # total 13 (claimed 16); claimed categories 10 + 6 = 16 = the claimed total.
    assert codes(found) == {
        ("claimed-over-max", "warning", "$.findings[1].claimed"),
        ("discrepancy-category", "warning", "$.findings[0].claimed"),
        ("discrepancy-category", "warning", "$.findings[1].claimed"),
        ("discrepancy-total", "warning", "$.claimed_total"),
    }
    assert not any(f.severity == "error" for f in found)


def test_check_assessment_lists_problems_without_raising(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    found = check_assessment(make_rubric(BASE), make_assessment("""
[[findings]]
criterion = "wrok"
[[findings]]
criterion = "volunteer"
standards = [ { standard = "nope" } ]
"""))
    errors = [(f.path, f.severity) for f in found if f.severity == "error"]
    assert errors == [("$.findings[0].criterion", "error"),
                      ("$.findings[1].standards[0].standard", "error")]
    assert "did you mean 'work'?" in found[0].message


def test_items_without_a_finding_are_noted(make_rubric: MakeRubric,
                                           make_assessment: MakeAssessment) -> None:
    found = check_assessment(make_rubric(BASE), make_assessment(""))
    assert [(f.code, f.severity) for f in found] == [("no-finding", "info")] * 2


def test_a_level_reached_only_by_rounding_is_not_reported_unreachable(
        make_rubric: Callable[[str], Rubric]) -> None:
    # The most any assessment earns is 29.5; compared rounded (half-up, whole
    # points) that is 30, so a level at 30 is reachable.
    rubric = make_rubric("""
        total = 29.5
        rounding = { places = 0, compare = "rounded" }
        [[categories]]
        id = "a"
        title = "甲"
        points = 29.5
        method = "direct"
        [[levels]]
        id = "top"
        title = "优秀"
        min_total = 30
    """)
    assert [f.code for f in check_rubric(rubric) if f.severity != "info"] == []


def test_a_gap_between_bands_is_found_on_the_rounding_step(
        make_rubric: Callable[[str], Rubric]) -> None:
    # Compared rounded to whole points, totals are whole numbers: 80 lies
    # above 79.5 and below 80.5, so it falls in no band.
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
    found = [(f.code, f.path) for f in check_rubric(rubric)]
    assert ("levels-gap", "$.levels[0].max_total") in found


def test_a_limit_at_the_items_points_never_binds(make_rubric: MakeRubric) -> None:
    # work is worth 10: 本项最高得10分 can never lower it; 本项最高得6分 can.
    never = BASE.replace('deduct = 0.5 } ]', 'deduct = 0.5 },\n'
                         '  { id = "no-plan", text = "无计划的，本项最高得10分", at_most = 10 } ]')
    assert ("at-most-never-binds", "warning", "$.categories[0].rules[1].at_most") in codes(
        check_rubric(make_rubric(never)))
    assert "at-most-never-binds" not in {
        f.code for f in check_rubric(make_rubric(never.replace("at_most = 10", "at_most = 6")))}


def _provenance(found: list[CheckFinding]) -> set[tuple[str, str, str]]:
    return {c for c in codes(found) if c[0].startswith("provenance")}


def test_quoted_parts_that_fit_the_quoted_whole(make_rubric: MakeRubric) -> None:
    # 学雷锋活动 as read in the 2012 national system: 14, of which (1) 4 and
    # (2) 4 were read; the other 6 is invented filler: 4 + 4 ≤ 14.
    rubric = make_rubric("""
total = 14
[[categories]]
id = "leifeng"
title = "学雷锋活动"
points = 14
provenance = "quoted"
  [[categories.criteria]]
  id = "plan"
  title = "(1)"
  points = 4
  method = "direct"
  [[categories.criteria]]
  id = "code"
  title = "(2)"
  points = 4
  method = "direct"
  [[categories.criteria]]
  id = "rest"
  title = "其余（未读）"
  points = 6
  method = "direct"
  provenance = "illustrative"
""")
    found = check_rubric(rubric)
    assert _provenance(found) == set()
    (info,) = [f for f in found if f.code == "illustrative"]
    assert "except the 3 parts marked quoted or official" in info.message  # 14, 4, 4


def test_quoted_parts_that_do_not_add_up(make_rubric: MakeRubric) -> None:
    # All three parts read: 4 + 4 + 5 = 13, not the 14 read for the whole.
    rubric = make_rubric("""
provenance = "quoted"
source = "a public copy"
total = 14
[[categories]]
id = "leifeng"
title = "学雷锋活动"
points = 14
  [[categories.criteria]]
  id = "a"
  title = "(1)"
  points = 4
  method = "direct"
  [[categories.criteria]]
  id = "b"
  title = "(2)"
  points = 4
  method = "direct"
  [[categories.criteria]]
  id = "c"
  title = "(3)"
  points = 5
  method = "direct"
""")
    found = check_rubric(rubric)
    assert _provenance(found) == {("provenance-sum", "error", "$.categories[0]")}
    (error,) = [f for f in found if f.code == "provenance-sum"]
    assert "add up to 13" in error.message


def test_quoted_parts_of_a_capped_group(make_rubric: MakeRubric) -> None:
    text = """
provenance = "quoted"
source = "a public copy"
total = 10
[[categories]]
id = "a"
title = "甲"
points = 10
sum_policy = "cap"
  [[categories.criteria]]
  id = "x"
  title = "x"
  points = 6
  method = "direct"
  [[categories.criteria]]
  id = "y"
  title = "y"
  points = POINTS
  method = "direct"
"""
    # 6 + 6 = 12 ≥ 10: a capped group may hold more than its points.
    assert _provenance(check_rubric(make_rubric(text.replace("POINTS", "6")))) == set()
    # 6 + 3 = 9 < 10: the whole read can never be reached by the parts read.
    short = _provenance(check_rubric(make_rubric(text.replace("POINTS", "3"))))
    assert short == {("provenance-sum", "error", "$.categories[0]")}


def test_a_quoted_part_names_its_source(make_rubric: MakeRubric) -> None:
    rubric = make_rubric("""
total = 10
[[categories]]
id = "a"
title = "甲"
points = 10
method = "direct"
provenance = "quoted"
source = " "
""")
    assert _provenance(check_rubric(rubric)) == {
        ("provenance-no-source", "error", "$.categories[0].source")}


def test_a_missing_source_is_reported_once_where_the_mark_is(make_rubric: MakeRubric) -> None:
    rubric = make_rubric("""
total = 10
[[categories]]
id = "a"
title = "甲"
points = 10

  [[categories.criteria]]
  id = "x"
  title = "子项"
  points = 10
  method = "direct"
""")
    # The rubric quoted without a source: one finding, at $.source, not one per
    # part that takes its mark (the category and its sub-item).
    unsourced = attrs.evolve(rubric, provenance="quoted", source="")
    assert _provenance(check_rubric(unsourced)) == {
        ("provenance-no-source", "error", "$.source")}


# BASE of the tests of the checks, its total off by one.
RUBRIC = BASE.replace("total = 15", "total = 16")
ASSESSMENT = """
[[findings]]
criterion = "work"
hits = [ { rule = "late", count = 2 } ]

[[findings]]
criterion = "volunteer"
standards = [ { standard = "team" } ]
"""
# 10 + 5 = 15 ≠ 16: the one error of the rubric, said in Chinese.
SUM_TOTAL = ("测评体系 t@1 自身不一致，此得分可能有误：$.total：各类别分值合计 15，"
             "不等于所定总分 16；请修改某类别的分值或总分 [sum-total]")


def inconsistent(card: civscore.Scorecard) -> list[str]:
    return [w for w in card.warnings if "自身不一致" in w]


def test_the_rubric_check_puts_its_errors_in_the_warnings(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = civscore.score(make_rubric(RUBRIC), make_assessment(ASSESSMENT),
                          checks=rubric_warnings)
    assert inconsistent(card) == [SUM_TOTAL]
    assert SUM_TOTAL in card.to_dict()["warnings"]
    # The score itself is unchanged: 10 − 2 × 0.5 + 2 = 11.
    assert card.total.raw == 11


def test_without_a_check_the_engine_says_nothing_of_the_rubric(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = civscore.score(make_rubric(RUBRIC), make_assessment(ASSESSMENT))
    assert inconsistent(card) == []


def test_a_sound_rubric_gives_no_such_warning(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    sound = make_rubric(BASE)
    assessment = make_assessment(ASSESSMENT)
    assert inconsistent(civscore.score(sound, assessment, checks=rubric_warnings)) == []


def test_the_warning_is_chinese_whatever_the_language(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    with use_language("en"):
        card = civscore.score(make_rubric(RUBRIC), make_assessment(ASSESSMENT),
                              checks=rubric_warnings)
    assert inconsistent(card) == [SUM_TOTAL]


def test_the_check_runs_once_per_rubric(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    calls: list[str] = []

    def counting(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> Iterable[str]:
        calls.append(rubric.ref)
        return rubric_warnings(rubric, methods)

    rubric = make_rubric(RUBRIC)
    assessment = make_assessment(ASSESSMENT)
    cards = list(civscore.score_many(rubric, [assessment] * 3, checks=counting))
    assert [inconsistent(c) for c in cards] == [[SUM_TOTAL]] * 3
    civscore.score(rubric, assessment, checks=counting)
    assert calls == ["t@1"]


def test_the_registry_scores_with_the_checks(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = default_registry().score(make_assessment(ASSESSMENT), make_rubric(RUBRIC))
    assert inconsistent(card) == [SUM_TOTAL]


MINIMUMS = Path(__file__).parents[1] / "data" / "minimums.toml"


def test_check_reports_a_minimum_no_score_reaches() -> None:
    # service scored by tiers whose best is 7: a minimum of 7.5 can never be met
    changed = parse_toml(MINIMUMS.read_text(encoding="utf-8"))
    changed["categories"][1].update(method="tiered", tiers=[
        {"id": "good", "title": "好", "points": 7}, {"id": "poor", "title": "差", "points": 3}])
    # (tests/data/minimums.toml: 文明单位标兵 needs 优质服务 ≥ 7.5)
    assert ("minimum-unreachable", "error", "$.levels[1].minimums[1].at_least") in codes(
        check_rubric(rubric_from_dict(changed)))
    assert not [f for f in check_rubric(load_rubric(MINIMUMS)) if f.code == "minimum-unreachable"]
