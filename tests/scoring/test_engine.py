"""Hand-computed tests of each scoring method and each step of the computation.

Every expected value is worked out in the comment above it from the rubric
text of the test, following DESIGN.md's order of computation; none is copied
from the program's output.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from civscore import AssessmentError, score
from civscore.model import Assessment, Rubric
from civscore.results.scorecard import Scorecard
from civscore.scoring import years_before

D = Decimal
MakeRubric = Callable[[str], Rubric]
MakeAssessment = Callable[[str], Assessment]


def events(card: Scorecard, kind: str) -> list[tuple[str, Decimal | None]]:
    """(path, amount) of the audit events of one kind."""
    return [(e.path, e.amount) for e in card.audit if e.kind == kind]


# --- step 1: each method ---------------------------------------------------------------------

DEDUCT = """
total = 2
[[categories]]
id = "plan"
title = "创建工作计划"
points = 2
method = "deduct"
rules = [ { id = "no-plan", text = "无年度计划", deduct = 1 },
          { id = "missed-meeting", text = "专题会议少一次", deduct = 0.5, max = 1.5 } ]
"""


def test_deduct_subtracts_each_rule_hit(make_rubric: MakeRubric,
                                        make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(DEDUCT), make_assessment("""
[[findings]]
criterion = "plan"
hits = [ { rule = "missed-meeting", count = 2 } ]
"""))
    # 2 − 2 × 0.5 = 1
    item = card.item("plan")
    assert [(p.kind, p.points) for p in item.parts] == [("allotted", D(2)), ("deduct", D(-1))]
    assert (item.raw, item.clamp, item.score) == (D(1), D(0), D(1))


def test_deduct_without_a_finding_keeps_full_points(make_rubric: MakeRubric,
                                                    make_assessment: MakeAssessment) -> None:
    # No finding on a 扣分制 item means nothing was found wrong: 2 points.
    assert score(make_rubric(DEDUCT), make_assessment("")).item("plan").score == D(2)


def test_rule_max_caps_what_the_rule_takes(make_rubric: MakeRubric,
                                           make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(DEDUCT), make_assessment("""
[[findings]]
criterion = "plan"
hits = [ { rule = "missed-meeting", count = 4 } ]
"""))
    # 4 × 0.5 = 2, but the rule takes at most 1.5: 0.5 discarded; 2 − 1.5 = 0.5.
    item = card.item("plan")
    assert item.parts[1].points == D("-1.5")
    assert item.parts[1].discarded == D("0.5")
    assert item.score == D("0.5")
    assert events(card, "rule-cap") == [("plan", D("0.5"))]


def test_rule_max_covers_repeated_hits_of_one_rule(make_rubric: MakeRubric,
                                                   make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(DEDUCT), make_assessment("""
[[findings]]
criterion = "plan"
hits = [ { rule = "missed-meeting", count = 2, note = "上半年" },
         { rule = "missed-meeting", count = 2, note = "下半年" } ]
"""))
    # First hit 2 × 0.5 = 1 (room 1.5); second 1, but only 1.5 − 1 = 0.5 of room is
    # left: it takes 0.5 and discards 0.5.  2 − 1 − 0.5 = 0.5, the same as one hit × 4.
    item = card.item("plan")
    assert [p.points for p in item.parts] == [D(2), D(-1), D("-0.5")]
    assert [p.discarded for p in item.parts] == [D(0), D(0), D("0.5")]
    assert item.score == D("0.5")


def test_deductions_beyond_the_item_stop_at_zero(make_rubric: MakeRubric,
                                                 make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(DEDUCT), make_assessment("""
[[findings]]
criterion = "plan"
hits = [ { rule = "no-plan" }, { rule = "missed-meeting", count = 3 } ]
"""))
    # 2 − 1 − 1.5 = −0.5 → 扣完为止 at 0: clamp +0.5, recorded in the audit trail.
    item = card.item("plan")
    assert (item.raw, item.clamp, item.score) == (D("-0.5"), D("0.5"), D(0))
    assert events(card, "clamp") == [("plan", D("0.5"))]


def test_deductions_stop_at_a_declared_floor(make_rubric: MakeRubric,
                                             make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(DEDUCT.replace('method = "deduct"', 'method = "deduct"\nfloor = 0.5'))
    card = score(rubric, make_assessment("""
[[findings]]
criterion = "plan"
hits = [ { rule = "no-plan" }, { rule = "missed-meeting", count = 3 } ]
"""))
    # raw −0.5 as above; the floor is 0.5, so clamp +1 and score 0.5.
    item = card.item("plan")
    assert (item.raw, item.clamp, item.score) == (D("-0.5"), D(1), D("0.5"))


DISCRETIONARY = """
total = 3
[[categories]]
id = "env"
title = "内外环境"
points = 3
method = "deduct"
rules = [ { id = "litter", text = "视情况每处扣0.1-0.5分", deduct_range = [0.1, 0.5], max = 1 } ]
"""


def test_discretionary_deduction_within_its_range(make_rubric: MakeRubric,
                                                  make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(DISCRETIONARY), make_assessment("""
[[findings]]
criterion = "env"
hits = [ { rule = "litter", count = 2, deduct = 0.3, note = "楼道两处杂物" },
         { rule = "litter", count = 1, deduct = 0.5, note = "院内垃圾堆放" } ]
"""))
    # 2 × 0.3 = 0.6; then 0.5, but the rule's max 1 leaves room for 0.4 (0.1 discarded).
    # 3 − 0.6 − 0.4 = 2.
    item = card.item("env")
    assert [p.points for p in item.parts] == [D(3), D("-0.6"), D("-0.4")]
    assert item.parts[2].discarded == D("0.1")
    assert [p.note for p in item.parts[1:]] == ["楼道两处杂物", "院内垃圾堆放"]
    assert item.score == D(2)


@pytest.mark.parametrize(("hit", "key", "words"), [
    ('{ rule = "litter", deduct = 0.3 }', "note", "needs a note"),
    ('{ rule = "litter", deduct = 0.3, note = "  " }', "note", "needs a note"),
    ('{ rule = "litter", deduct = 0.6, note = "x" }', "deduct", "between 0.1 and 0.5"),
    ('{ rule = "litter", note = "x" }', "deduct", "give 'deduct'"),
])
def test_discretionary_deduction_needs_a_note_and_an_amount_in_range(
        make_rubric: MakeRubric, make_assessment: MakeAssessment, hit: str, key: str,
        words: str) -> None:
    assessment = make_assessment(f'[[findings]]\ncriterion = "env"\nhits = [ {hit} ]\n')
    with pytest.raises(AssessmentError, match=words) as info:
        score(make_rubric(DISCRETIONARY), assessment)
    assert info.value.path == f"$.findings[0].hits[0].{key}"


def test_zeroes_rule_takes_the_item_to_its_floor(make_rubric: MakeRubric,
                                                 make_assessment: MakeAssessment) -> None:
    rubric = make_rubric("""
total = 3
[[categories]]
id = "safety"
title = "安全稳定"
points = 3
method = "deduct"
rules = [ { id = "late", text = "报送不及时", deduct = 0.5 },
          { id = "accident", text = "发生安全事故的，本项不得分", zeroes = true } ]
""")
    card = score(rubric, make_assessment("""
[[findings]]
criterion = "safety"
hits = [ { rule = "late" }, { rule = "accident" } ]
"""))
    # 3 − 0.5 = 2.5 so far; the zeroes rule takes the remaining 2.5: score 0, no clamp.
    item = card.item("safety")
    assert [(p.kind, p.points) for p in item.parts] == [
        ("allotted", D(3)), ("deduct", D("-0.5")), ("zeroes", D("-2.5"))]
    assert (item.raw, item.clamp, item.score) == (D(0), D(0), D(0))


AWARD = """
total = 2
[[categories]]
id = "volunteer"
title = "志愿服务"
points = 2
method = "award"
standards = [ { id = "activity", text = "开展一次活动得0.5分，最多1分", points = 0.5, max = 1 },
              { id = "team", text = "建立志愿服务队得1分", points = 1 } ]
"""


def test_award_adds_standards_met_each_capped(make_rubric: MakeRubric,
                                              make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(AWARD), make_assessment("""
[[findings]]
criterion = "volunteer"
standards = [ { standard = "activity", count = 3 }, { standard = "team" } ]
"""))
    # activity 3 × 0.5 = 1.5, capped at 1 (0.5 discarded); team 1.  1 + 1 = 2.
    item = card.item("volunteer")
    assert [(p.points, p.discarded) for p in item.parts] == [(D(1), D("0.5")), (D(1), D(0))]
    assert item.score == D(2)


def test_award_above_the_item_is_capped_at_its_points(make_rubric: MakeRubric,
                                                      make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(AWARD.replace("points = 1 } ]", "points = 1.5 } ]"))
    card = score(rubric, make_assessment("""
[[findings]]
criterion = "volunteer"
standards = [ { standard = "activity", count = 2 }, { standard = "team" } ]
"""))
    # 2 × 0.5 = 1, plus 1.5 = 2.5 > 2: clamp −0.5, score 2, recorded.
    item = card.item("volunteer")
    assert (item.raw, item.clamp, item.score) == (D("2.5"), D("-0.5"), D(2))
    assert events(card, "clamp") == [("volunteer", D("-0.5"))]


def test_award_without_a_finding_earns_nothing(make_rubric: MakeRubric,
                                               make_assessment: MakeAssessment) -> None:
    assert score(make_rubric(AWARD), make_assessment("")).item("volunteer").score == D(0)


TIERED = """
total = 2
[[categories]]
id = "style"
title = "行业风气"
points = 2
method = "tiered"
tiers = [ { id = "good", title = "好", points = 2 },
          { id = "fair", title = "较好", points = 1 },
          { id = "average", title = "一般", points = 0.5 },
          { id = "poor", title = "差", points = 0 } ]
"""


@pytest.mark.parametrize(("tier", "expected"), [
    ("good", D(2)), ("fair", D(1)), ("average", D("0.5")), ("poor", D(0))])
def test_tiered_gives_the_chosen_tier(make_rubric: MakeRubric, make_assessment: MakeAssessment,
                                      tier: str, expected: Decimal) -> None:
    # 好2分，较好1分，一般0.5分，差0分
    card = score(make_rubric(TIERED),
                 make_assessment(f'[[findings]]\ncriterion = "style"\ntier = "{tier}"\n'))
    assert card.item("style").score == expected


DIRECT = """
total = 9
[[categories]]
id = "culture"
title = "科技文化与文化生活"
points = 9
method = "direct"
step = 0.5
"""


def test_direct_takes_the_entered_points(make_rubric: MakeRubric,
                                         make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(DIRECT),
                 make_assessment('[[findings]]\ncriterion = "culture"\npoints = 8.5\n'))
    assert card.item("culture").score == D("8.5")


RATIO_BANDS = """
total = 0.5
[[categories]]
id = "awareness"
title = "创建知晓率"
points = 0.5
method = "ratio"
bands = [ { above = 90, points = 0.5 }, { at_least = 80, points = 0.3 } ]
"""


@pytest.mark.parametrize(("rate", "expected"), [
    # >90% → 0.5; exactly 90 is not above 90 but is ≥ 80 → 0.3; 79.99 meets no band → 0.
    ("90.01", D("0.5")), ("90", D("0.3")), ("80", D("0.3")), ("79.99", D(0)), ("100", D("0.5"))])
def test_ratio_bands(make_rubric: MakeRubric, make_assessment: MakeAssessment, rate: str,
                     expected: Decimal) -> None:
    card = score(make_rubric(RATIO_BANDS),
                 make_assessment(f'[[findings]]\ncriterion = "awareness"\nrate = {rate}\n'))
    assert card.item("awareness").score == expected


RATIO_TARGET = """
total = 5
[[categories]]
id = "coverage"
title = "志愿者注册率"
points = 5
method = "ratio"
target = 95
deduct_per_point = 1
"""


@pytest.mark.parametrize(("rate", "raw", "score_"), [
    ("96", D(5), D(5)),          # at or above the target: no shortfall
    ("92.5", D("2.5"), D("2.5")),  # 95 − 92.5 = 2.5 points short × 1 = 2.5 off
    ("80", D(-10), D(0)),        # 15 short × 1 = 15 off: 5 − 15 = −10, 直至本项分值扣完 → 0
])
def test_ratio_target_deducts_per_point_short(make_rubric: MakeRubric,
                                              make_assessment: MakeAssessment, rate: str,
                                              raw: Decimal, score_: Decimal) -> None:
    card = score(make_rubric(RATIO_TARGET),
                 make_assessment(f'[[findings]]\ncriterion = "coverage"\nrate = {rate}\n'))
    item = card.item("coverage")
    assert (item.raw, item.score) == (raw, score_)


@pytest.mark.parametrize(("met", "expected"), [("true", D(3)), ("false", D(0))])
def test_all_or_nothing(make_rubric: MakeRubric, make_assessment: MakeAssessment, met: str,
                        expected: Decimal) -> None:
    rubric = make_rubric("""
total = 3
[[categories]]
id = "system"
title = "七项制度"
points = 3
method = "all_or_nothing"
""")
    card = score(rubric, make_assessment(f'[[findings]]\ncriterion = "system"\nmet = {met}\n'))
    assert card.item("system").score == expected


# --- steps 2 and 3: groups, categories, base total, evidence subtotals -----------------------

GROUPS = """
total = 20
[[categories]]
id = "material"
title = "材料审核"
points = 14
evidence = "材料审核"
rules = [ { id = "late-report", text = "材料逾期报送", deduct = 1 } ]

  [[categories.criteria]]
  id = "plan"
  title = "创建计划"
  points = 4
  method = "deduct"
  rules = [ { id = "no-plan", text = "无年度计划", deduct = 1 } ]

  [[categories.criteria]]
  id = "records"
  title = "活动记录"
  points = 10

    [[categories.criteria.criteria]]
    id = "meetings"
    title = "会议记录"
    points = 6
    method = "direct"

    [[categories.criteria.criteria]]
    id = "photos"
    title = "活动照片"
    points = 4
    method = "direct"
    evidence = "实地考察"

[[categories]]
id = "site"
title = "实地考察"
points = 6
method = "direct"
evidence = "实地考察"
"""


def test_groups_sum_their_items_less_their_own_deductions(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(GROUPS), make_assessment("""
[[findings]]
criterion = "material"
hits = [ { rule = "late-report" } ]
[[findings]]
criterion = "material.plan"
hits = [ { rule = "no-plan" } ]
[[findings]]
criterion = "material.records.meetings"
points = 5
[[findings]]
criterion = "material.records.photos"
points = 3.5
[[findings]]
criterion = "site"
points = 5.5
"""))
    # plan 4 − 1 = 3; records 5 + 3.5 = 8.5; material 3 + 8.5 − 1 = 10.5; site 5.5.
    assert card.item("material.plan").score == D(3)
    assert card.item("material.records").score == D("8.5")
    material = card.item("material")
    assert (material.raw, material.score) == (D("10.5"), D("10.5"))
    assert [p.points for p in material.parts] == [D(-1)]
    # Base total 10.5 + 5.5 = 16.
    assert card.base.raw == D(16)
    assert card.base.scaled == D(16)
    # By evidence: 材料审核 = plan 3 + meetings 5 + the category's own −1 = 7, of 4 + 6 = 10;
    # 实地考察 = photos 3.5 + site 5.5 = 9, of 4 + 6 = 10.
    subtotals = {e.evidence: (e.score, e.points) for e in card.evidence}
    assert subtotals == {"材料审核": (D(7), D(10)), "实地考察": (D(9), D(10))}
    assert card.total.raw == D(16)


def test_category_deductions_stop_at_zero(make_rubric: MakeRubric,
                                          make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(GROUPS), make_assessment("""
[[findings]]
criterion = "material"
hits = [ { rule = "late-report", count = 3 } ]
[[findings]]
criterion = "material.plan"
hits = [ { rule = "no-plan", count = 4 } ]
[[findings]]
criterion = "material.records.meetings"
points = 1
[[findings]]
criterion = "material.records.photos"
points = 1
[[findings]]
criterion = "site"
points = 6
"""))
    # plan 4 − 4 = 0; records 1 + 1 = 2; material 0 + 2 − 3 = −1 → 0 (clamp +1, step 2).
    material = card.item("material")
    assert (material.raw, material.clamp, material.score) == (D(-1), D(1), D(0))
    assert [(e.step, e.path, e.amount) for e in card.audit if e.kind == "clamp"] == [
        (2, "material", D(1))]
    assert card.total.raw == D(6)


# --- step 4: bonus ---------------------------------------------------------------------------

BONUS = """
total = 10
[[categories]]
id = "work"
title = "业务工作"
points = 10
method = "direct"

[bonus]
cap = 3
items = [
  { id = "national", text = "获全国表彰", points = 3, group = "honours" },
  { id = "provincial", text = "获省级表彰", points = 2, group = "honours" },
  { id = "volunteer", text = "志愿服务典型，每次1分", points = 1, max_count = 2 },
]
"""


def test_two_honours_in_one_group_count_only_the_highest(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(BONUS), make_assessment("""
[[findings]]
criterion = "work"
points = 8
[[bonus]]
item = "provincial"
[[bonus]]
item = "national"
"""))
    # 同一项目只计最高: national 3 counts, provincial 2 does not.  Gross 3, within the cap.
    counted = {line.item: line.counted for line in card.bonus.lines}
    assert counted == {"provincial": D(0), "national": D(3)}
    assert events(card, "bonus-group") == [("bonus.provincial", D(-2))]
    assert (card.bonus.gross, card.bonus.discarded_by_cap, card.bonus.total) == (D(3), D(0), D(3))
    # Total 8 + 3 = 11: bonus may take the total beyond the base total.
    assert card.total.raw == D(11)


def test_bonus_beyond_the_cap_is_discarded_and_reported(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(BONUS), make_assessment("""
[[findings]]
criterion = "work"
points = 8
[[bonus]]
item = "national"
[[bonus]]
item = "volunteer"
count = 3
"""))
    # national 3; volunteer 3 claimed but counts at most 2 times: 2 (1 dropped, recorded).
    # Gross 3 + 2 = 5 > cap 3: 2 discarded.  Total 8 + 3 = 11.
    # Amounts are the change to the bonus: −1 beyond the count, −2 beyond the cap.
    assert events(card, "bonus-count") == [("bonus.volunteer", D(-1))]
    assert card.bonus.gross == D(5)
    assert card.bonus.discarded_by_cap == D(2)
    assert card.bonus.total == D(3)
    assert events(card, "bonus-cap") == [("bonus", D(-2))]
    assert card.total.raw == D(11)


def test_max_count_covers_repeated_bonus_claims(make_rubric: MakeRubric,
                                                make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(BONUS), make_assessment("""
[[findings]]
criterion = "work"
points = 8
[[bonus]]
item = "volunteer"
note = "三月"
[[bonus]]
item = "volunteer"
note = "六月"
[[bonus]]
item = "volunteer"
note = "九月"
"""))
    # max_count 2 limits the three claims together: 1 + 1 + 0 = 2.
    assert [line.counted for line in card.bonus.lines] == [D(1), D(1), D(0)]
    assert card.bonus.total == D(2)


# --- step 5: penalties -----------------------------------------------------------------------

def test_penalties_can_make_the_total_negative_floored_at_zero(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    rubric = make_rubric("""
total = 10
[[categories]]
id = "work"
title = "业务工作"
points = 10
method = "direct"

[[penalties]]
id = "complaint"
text = "被媒体曝光，每次扣2分，最多扣6分"
deduct = 2
max = 6
""")
    card = score(rubric, make_assessment("""
[[findings]]
criterion = "work"
points = 3
[[penalties]]
item = "complaint"
count = 4
"""))
    # 4 × 2 = 8, capped at 6 (2 discarded).  3 − 6 = −3 → total 0, floor adjustment 3.
    line = card.penalties.lines[0]
    assert (line.points, line.discarded) == (D(6), D(2))
    assert card.penalties.total == D(6)
    assert card.total.raw == D(0)
    assert card.total.floor_adjustment == D(3)
    assert events(card, "total-floor") == [("$", D(3))]
    # Still adds up: 3 + 0 − 6 + 3 = 0.
    assert card.base.scaled + card.bonus.total - card.penalties.total \
        + card.total.floor_adjustment == card.total.raw


# --- step 6: not applicable ------------------------------------------------------------------

NOT_APPLICABLE = """
total = 10
not_applicable = "{policy}"
[[categories]]
id = "a"
title = "领导班子"
points = 4
method = "direct"

[[categories]]
id = "b"
title = "创建活动"
points = 6
  [[categories.criteria]]
  id = "b1"
  title = "学雷锋活动"
  points = 2
  method = "direct"
  [[categories.criteria]]
  id = "b2"
  title = "食品安全"
  points = 2
  method = "direct"
  [[categories.criteria]]
  id = "b3"
  title = "文明交通"
  points = 2
  method = "direct"
"""

TWO_NOT_APPLICABLE = """
[[findings]]
criterion = "a"
points = 3
[[findings]]
criterion = "b.b1"
not_applicable = true
reason = "本单位无志愿服务站"
[[findings]]
criterion = "b.b2"
not_applicable = true
reason = "本单位无食堂"
[[findings]]
criterion = "b.b3"
points = 1.5
"""


def test_rescale_two_items_not_applicable(make_rubric: MakeRubric,
                                          make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(NOT_APPLICABLE.format(policy="rescale"))
    card = score(rubric, make_assessment(TWO_NOT_APPLICABLE))
    # b's effective maximum is 6 − 2 − 2 = 2; the base's is 10 − 4 = 6.
    # Raw 3 + 1.5 = 4.5; 按比例折算: 4.5 × 10 / 6 = 7.5.
    assert card.item("b").effective_max == D(2)
    assert card.item("b.b1").not_applicable
    assert card.base.raw == D("4.5")
    assert card.base.effective_max == D(6)
    assert card.base.scaled == D("7.5")
    assert events(card, "rescale") == [("$", D(3))]
    assert card.total.raw == D("7.5")


def test_zero_policy_counts_not_applicable_as_zero(make_rubric: MakeRubric,
                                                   make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(NOT_APPLICABLE.format(policy="zero"))
    card = score(rubric, make_assessment(TWO_NOT_APPLICABLE))
    # Not applicable counts 0 and the maximum stays 10: total 3 + 1.5 = 4.5.
    assert card.item("b").effective_max == D(6)
    assert card.base.effective_max == D(10)
    assert card.base.scaled == D("4.5")
    assert card.total.raw == D("4.5")


def test_forbid_policy_refuses_not_applicable_items(make_rubric: MakeRubric,
                                                    make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(NOT_APPLICABLE.format(policy="forbid"))
    with pytest.raises(AssessmentError, match="does not allow not-applicable") as info:
        score(rubric, make_assessment(TWO_NOT_APPLICABLE))
    assert info.value.path == "$.findings[1].not_applicable"


def test_everything_not_applicable_scores_zero_not_full_marks(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(NOT_APPLICABLE.format(policy="rescale"))
    card = score(rubric, make_assessment("""
[[findings]]
criterion = "a"
not_applicable = true
reason = "无"
[[findings]]
criterion = "b"
not_applicable = true
reason = "无"
"""))
    # Nothing applicable: effective maximum 0, nothing to rescale; base 0, not 10.
    assert card.base.effective_max == D(0)
    assert card.base.scaled == D(0)
    assert card.total.raw == D(0)


def test_group_floor_does_not_score_not_applicable_items(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(NOT_APPLICABLE.format(policy="rescale").replace(
        'points = 6\n', 'points = 6\nfloor = 2\n', 1))
    card = score(rubric, make_assessment("""
[[findings]]
criterion = "a"
points = 4
[[findings]]
criterion = "b.b1"
not_applicable = true
reason = "无"
[[findings]]
criterion = "b.b2"
not_applicable = true
reason = "无"
[[findings]]
criterion = "b.b3"
not_applicable = true
reason = "无"
"""))
    # Every item of b is not applicable: its floor of 2 has nothing to keep, so b scores 0
    # and its effective maximum is 0.  Base 4 of an effective 4, rescaled 4 × 10 / 4 = 10 —
    # not (4 + 2) × 10 / 4 = 15, which a floor counted for nothing would give.
    assert card.item("b").score == D(0)
    assert card.base.scaled == D(10)


def test_floor_of_a_category_whose_nested_items_are_all_not_applicable(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    rubric = make_rubric("""
total = 10
[[categories]]
id = "a"
title = "领导班子"
points = 6
method = "direct"
[[categories]]
id = "b"
title = "窗口服务"
points = 4
floor = 1
  [[categories.criteria]]
  id = "hall"
  title = "服务大厅"
  points = 4
    [[categories.criteria.criteria]]
    id = "queue"
    title = "排队叫号"
    points = 2
    method = "direct"
    [[categories.criteria.criteria]]
    id = "signs"
    title = "办事指南"
    points = 2
    method = "direct"
""")
    card = score(rubric, make_assessment("""
[[findings]]
criterion = "a"
points = 3
[[findings]]
criterion = "b.hall.queue"
not_applicable = true
reason = "无服务大厅"
[[findings]]
criterion = "b.hall.signs"
not_applicable = true
reason = "无服务大厅"
"""))
    # Nothing under b is applicable, two levels down: b's floor of 1 keeps nothing, b
    # scores 0 of an effective 0.  Base 3 of an effective 6: 3 × 10 / 6 = 5.
    assert card.item("b").score == D(0)
    assert card.item("b").effective_max == D(0)
    assert card.base.scaled == D(5)
    # Audit amounts are the change each makes: 2 + 2 points leave the maximum, the
    # rescaling adds 5 − 3 = 2 to the base.
    assert [(e.kind, e.path, e.amount) for e in card.audit if e.step == 6] == [
        ("not-applicable", "b.hall.queue", D(-2)), ("not-applicable", "b.hall.signs", D(-2)),
        ("rescale", "$", D(2))]


# --- step 7: rounding and thresholds ---------------------------------------------------------

THRESHOLD = """
total = 100
rounding = {{ places = {places}, mode = "{mode}", compare = "{compare}" }}
[[categories]]
id = "all"
title = "综合"
points = 100
method = "deduct"
rules = [ {{ id = "miss", text = "每处扣0.05分", deduct = 0.05 }} ]

[[levels]]
id = "civilized"
title = "文明单位"
min_total = 85
"""


def _threshold_card(make_rubric: MakeRubric, make_assessment: MakeAssessment, hits: int, *,
                    places: int = 1, mode: str = "half-up", compare: str = "raw") -> Scorecard:
    rubric = make_rubric(THRESHOLD.format(places=places, mode=mode, compare=compare))
    return score(rubric, make_assessment(
        f'[[findings]]\ncriterion = "all"\nhits = [ {{ rule = "miss", count = {hits} }} ]\n'))


@pytest.mark.parametrize("compare", ["raw", "rounded"])
def test_total_exactly_on_the_threshold_is_awarded(make_rubric: MakeRubric,
                                                   make_assessment: MakeAssessment,
                                                   compare: str) -> None:
    # 300 × 0.05 = 15: total 100 − 15 = 85, exactly the threshold (inclusive).
    card = _threshold_card(make_rubric, make_assessment, 300, compare=compare)
    assert card.total.raw == D(85)
    assert card.outcome.status == "awarded"
    assert card.outcome.level == "civilized"


def test_just_below_the_threshold_compared_raw(make_rubric: MakeRubric,
                                               make_assessment: MakeAssessment) -> None:
    # 301 × 0.05 = 15.05: raw total 84.95.  四舍五入 to 1 place: 84.9|5 → 85.0.
    # Compared raw (the default): 84.95 < 85, not awarded, 0.05 short — though it shows 85.0.
    card = _threshold_card(make_rubric, make_assessment, 301)
    assert card.total.raw == D("84.95")
    assert card.total.rounded == D("85.0")
    assert card.total.compared == D("84.95")
    assert card.outcome.status == "not_awarded"
    assert card.next_level is not None
    assert card.next_level.gap == D("0.05")
    assert events(card, "rounding") == [("$", D("0.05"))]


@pytest.mark.parametrize(("places", "mode", "rounded", "status"), [
    (1, "half-up", D("85.0"), "awarded"),     # 84.95 → 85.0 ≥ 85
    (0, "half-up", D(85), "awarded"),         # 84.95 → 85 (the first dropped digit is 9)
    (1, "down", D("84.9"), "not_awarded"),    # truncated: 84.9 < 85
    (0, "down", D(84), "not_awarded"),
])
def test_just_below_the_threshold_compared_rounded(
        make_rubric: MakeRubric, make_assessment: MakeAssessment, *, places: int, mode: str,
        rounded: Decimal, status: str) -> None:
    card = _threshold_card(make_rubric, make_assessment, 301, places=places, mode=mode,
                           compare="rounded")
    assert card.total.raw == D("84.95")
    assert card.total.rounded == rounded
    assert card.total.compared == rounded
    assert card.outcome.status == status


@pytest.mark.parametrize(("mode", "rounded"), [
    ("half-up", D("84.9")),    # 84.8|5 → up
    ("half-even", D("84.8")),  # 84.8|5 → the even neighbour 84.8
    ("up", D("84.9")),
    ("down", D("84.8")),
])
def test_rounding_modes_on_a_half(make_rubric: MakeRubric, make_assessment: MakeAssessment,
                                  mode: str, rounded: Decimal) -> None:
    # 303 × 0.05 = 15.15: raw 84.85; the raw value is kept beside the rounded one.
    card = _threshold_card(make_rubric, make_assessment, 303, mode=mode)
    assert (card.total.raw, card.total.rounded) == (D("84.85"), rounded)


# --- step 8: vetoes, eligibility bars --------------------------------------------------------

VETO = """
total = 10
[[categories]]
id = "work"
title = "业务工作"
points = 10
method = "direct"

[[vetoes]]
id = "criminal-case"
text = "员工发生刑事案件"

[[bars]]
id = "accident"
text = "申报前两年内发生重大安全生产事故"
lookback_years = 2

[[levels]]
id = "civilized"
title = "文明单位"
min_total = 8
"""


def test_veto_on_a_perfect_score(make_rubric: MakeRubric,
                                 make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(VETO), make_assessment("""
[[findings]]
criterion = "work"
points = 10
[[vetoes]]
veto = "criminal-case"
date = 2011-05-01
"""))
    # 10 of 10, and the threshold 8 is met — but 一票否决: vetoed, no level.
    assert card.total.raw == D(10)
    assert card.levels[0].met
    assert card.outcome.status == "vetoed"
    assert card.outcome.level is None
    assert card.outcome.reasons == ("一票否决：员工发生刑事案件",)
    assert card.next_level is None
    assert events(card, "veto") == [("vetoes.criminal-case", None)]


@pytest.mark.parametrize(("assessed_on", "found_on", "inside"), [
    # 2024-02-29 back two years: 2022 has no 29 February, so the window opens 2022-02-28.
    ("2024-02-29", "2022-02-28", True),
    ("2024-02-29", "2022-02-27", False),
    # The assessment day itself is inside (the day after is refused:
    # test_bar_dated_after_the_assessment_is_refused).
    ("2024-02-29", "2024-02-29", True),
    # An ordinary date: [2020-06-30, 2022-06-30].
    ("2022-06-30", "2020-06-30", True),
    ("2022-06-30", "2020-06-29", False),
])
def test_eligibility_bar_window(make_rubric: MakeRubric, make_assessment: MakeAssessment,
                                assessed_on: str, found_on: str, inside: bool) -> None:
    card = score(make_rubric(VETO), make_assessment(f"""
assessed_on = {assessed_on}
[[findings]]
criterion = "work"
points = 10
[[bars]]
bar = "accident"
date = {found_on}
"""))
    bar = card.bars[0]
    assert bar.window_end == datetime.date.fromisoformat(assessed_on)
    assert bar.inside is inside
    assert card.outcome.status == ("ineligible" if inside else "awarded")
    assert card.total.raw == D(10)
    # A bar left out is never left out without a word.
    outside = [w for w in card.warnings if w.startswith("$.bars[0].date: ")]
    assert len(outside) == (0 if inside else 1)


def test_years_before_on_29_february() -> None:
    leap = datetime.date(2024, 2, 29)
    assert years_before(leap, 1) == datetime.date(2023, 2, 28)
    assert years_before(leap, 4) == datetime.date(2020, 2, 29)
    # One month before 31 March is the last day of February.
    assert years_before(datetime.date(2024, 3, 31), months=1) == datetime.date(2024, 2, 29)
    assert years_before(datetime.date(2023, 3, 31), months=1) == datetime.date(2023, 2, 28)
    # Days count back from the moved date: 2024-03-01 − 1 year = 2023-03-01, − 1 day.
    assert years_before(datetime.date(2024, 3, 1), 1, 0, 1) == datetime.date(2023, 2, 28)


# --- step 9: levels --------------------------------------------------------------------------

LEVELS = """
total = 100
[[categories]]
id = "a"
title = "领导班子"
points = 50
method = "direct"
[[categories]]
id = "b"
title = "创建工作"
points = 50
method = "direct"

[[gates]]
id = "prefecture-title"
text = "连续两年保持州（市）级文明单位称号"

[[levels]]
id = "qualified"
title = "合格"
min_total = 60

[[levels]]
id = "civilized"
title = "文明单位"
min_total = 75
min_category_share = 0.6
gates = ["prefecture-title"]

[[levels]]
id = "model"
title = "文明单位标兵"
min_total = 90
"""


@pytest.mark.parametrize(("b", "gate", "level"), [
    # a 50, b 29: total 79 ≥ 75, but b 29 < 0.6 × 50 = 30 → only 合格.
    ("29", "true", "qualified"),
    # b 30: exactly 60% of its points (the share is inclusive); gate passed → 文明单位.
    ("30", "true", "civilized"),
    # b 30 but the gate is not passed → 合格.
    ("30", "false", "qualified"),
    # b 40: total 90 → 文明单位标兵 (no conditions of its own).
    ("40", "false", "model"),
])
def test_levels_with_category_share_and_gates(make_rubric: MakeRubric,
                                              make_assessment: MakeAssessment, b: str,
                                              gate: str, level: str) -> None:
    card = score(make_rubric(LEVELS), make_assessment(f"""
[[findings]]
criterion = "a"
points = 50
[[findings]]
criterion = "b"
points = {b}
[gates]
prefecture-title = {gate}
"""))
    assert card.outcome.status == "awarded"
    assert card.outcome.level == level


def test_next_level_names_the_gap_and_the_unmet_conditions(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(LEVELS), make_assessment("""
[[findings]]
criterion = "a"
points = 50
[[findings]]
criterion = "b"
points = 29
"""))
    # Total 79: 合格 awarded; 文明单位 needs no more points (79 ≥ 75) but b's share
    # (29 < 30) and the gate are unmet.
    assert card.outcome.level == "qualified"
    assert card.next_level is not None
    assert card.next_level.level == "civilized"
    assert card.next_level.gap == D(0)
    assert len(card.next_level.unmet) == 2


def test_below_every_level_is_not_awarded(make_rubric: MakeRubric,
                                          make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(LEVELS), make_assessment("""
[[findings]]
criterion = "a"
points = 30
[[findings]]
criterion = "b"
points = 29.5
"""))
    # 59.5 < 60: the gap to 合格 is 0.5.
    assert card.outcome.status == "not_awarded"
    assert card.next_level is not None
    assert (card.next_level.level, card.next_level.gap) == ("qualified", D("0.5"))


# --- step 10: claimed versus computed; losses ------------------------------------------------

def test_discrepancies_at_criterion_category_and_total(make_rubric: MakeRubric,
                                                       make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(GROUPS), make_assessment("""
claimed_total = 19
[[findings]]
criterion = "material"
claimed = 13
[[findings]]
criterion = "material.plan"
hits = [ { rule = "no-plan" } ]
claimed = 4
[[findings]]
criterion = "material.records.meetings"
points = 6
[[findings]]
criterion = "material.records.photos"
points = 4
[[findings]]
criterion = "site"
points = 5
claimed = 5
"""))
    # plan 4 − 1 = 3 (claimed 4: +1); material 3 + 10 = 13 (claimed 13: none);
    # site 5 (claimed 5: none); total 13 + 5 = 18 (claimed 19: +1);
    # the claimed categories 13 + 5 = 18 do not add up to the claimed 19 either (+1).
    found = {(d.path, d.level): (d.claimed, d.computed, d.difference)
             for d in card.discrepancies}
    assert found == {
        ("material.plan", "criterion"): (D(4), D(3), D(1)),
        ("$.claimed_total", "total"): (D(19), D(18), D(1)),
        ("$.claimed_total", "claimed-sum"): (D(19), D(18), D(1)),
    }


def test_category_discrepancy(make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(GROUPS), make_assessment("""
[[findings]]
criterion = "material"
claimed = 14
[[findings]]
criterion = "material.records.meetings"
points = 6
[[findings]]
criterion = "material.records.photos"
points = 3
[[findings]]
criterion = "site"
points = 6
"""))
    # material = plan 4 + records 9 = 13; claimed 14 → category discrepancy +1.
    assert [(d.path, d.level, d.difference) for d in card.discrepancies] == [
        ("material", "category", D(1))]


def test_claimed_total_equal_to_the_rounded_total_is_no_discrepancy(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(THRESHOLD.format(places=1, mode="half-up", compare="raw"))
    card = score(rubric, make_assessment("""
claimed_total = 85
[[findings]]
criterion = "all"
hits = [ { rule = "miss", count = 301 } ]
"""))
    # Raw 84.95, shown as 85.0: a unit that claims 85 claims the shown total.
    assert card.discrepancies == ()


def test_losses_are_ranked_by_points_lost(make_rubric: MakeRubric,
                                          make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(GROUPS), make_assessment("""
[[findings]]
criterion = "material"
hits = [ { rule = "late-report" } ]
[[findings]]
criterion = "material.plan"
hits = [ { rule = "no-plan", count = 2 } ]
[[findings]]
criterion = "material.records.meetings"
points = 5.5
[[findings]]
criterion = "material.records.photos"
points = 4
[[findings]]
criterion = "site"
points = 3
"""))
    # site 6 − 3 = 3 lost; plan 2 × 1 = 2 (no-plan); material's own 1 (late-report);
    # meetings 6 − 5.5 = 0.5.
    assert [(loss.path, loss.points, loss.ref) for loss in card.losses] == [
        ("site", D(3), "direct"),
        ("material.plan", D(2), "no-plan"),
        ("material", D(1), "late-report"),
        ("material.records.meetings", D("0.5"), "direct"),
    ]


# --- the result records what produced it ----------------------------------------------------

def test_result_records_rubric_identity_and_is_deterministic(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(DEDUCT)
    same = make_rubric(DEDUCT.replace("deduct = 1 }", "deduct = 1.0 }"))
    other = make_rubric(DEDUCT.replace("deduct = 1 }", "deduct = 1.5 }"))
    assessment = make_assessment("")
    card = score(rubric, assessment)
    assert (card.rubric.id, card.rubric.version) == ("t", "1")
    assert card.rubric.hash.startswith("sha256:")
    # 1 and 1.0 are the same point value: the same canonical rubric, the same hash.
    assert score(same, assessment).rubric.hash == card.rubric.hash
    assert score(other, assessment).rubric.hash != card.rubric.hash
    assert score(rubric, assessment) == card
    assert card.warnings  # an illustrative rubric says so
