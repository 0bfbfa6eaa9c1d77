"""Panels: several assessors' scorecards of one unit combined (civscore.campaign.panel).

Every expected figure is worked out by hand in the comment above it, from the
rules of ../shared/CAMPAIGN.md (去掉一个最高分和一个最低分取平均; 自评10%＋外部90%;
a missing score counts 0; n = 3 → the closest pair).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from campaign_fakes import RUBRIC_TOML, rubric, sheet
from hypothesis import given
from hypothesis import strategies as st

from civscore.campaign.combine import combine
from civscore.campaign.panel import Sheet, combine_panel
from civscore.campaign.rules import PanelRule, RoleWeight
from civscore.exceptions import CampaignError
from civscore.files.loader import assessment_from_dict, parse_toml, rubric_from_dict
from civscore.messages import use_language
from civscore.scoring import score

D = Decimal
TRIMMED = PanelRule(method="trimmed", trim=1)


def test_trimmed_mean_drops_the_highest_and_the_lowest_total() -> None:
    # totals 90, 86, 88, 95, 70: drop 95 and 70, (90 + 86 + 88) / 3 = 88; spread 95 − 70 = 25
    sheets = [sheet("50", "40", assessor="张"), sheet("50", "36", assessor="王"),
              sheet("50", "38", assessor="李"), sheet("55", "40", assessor="赵"),
              sheet("40", "30", assessor="钱")]
    panel = combine_panel(sheets, TRIMMED, rubric())
    assert panel.total_raw == D(88)
    assert panel.spread == D(25)
    dropped = {f.assessor: f.reason for f in panel.assessors if not f.used}
    assert dropped == {"赵": "去掉最高分", "钱": "去掉最低分"}
    assert panel.outcome.status == "awarded"
    assert panel.outcome.level == "city"


def test_a_mean_is_a_division_kept_raw_and_rounded_once() -> None:
    # (85 + 85 + 86) / 3 = 256 / 3 = 85.333…; rounded to 2 places half-up 85.33
    sheets = [sheet("50", "35"), sheet("50", "35"), sheet("50", "36")]
    panel = combine_panel(sheets, PanelRule(), rubric())
    assert panel.total_raw == D(256) / D(3)
    assert panel.total_rounded == D("85.33")
    assert panel.compared == panel.total_raw


def test_rounded_compare_decides_a_level_on_the_rounded_total() -> None:
    sheets = [sheet("50", "34.5"), sheet("50", "35")]
    raw_rule = PanelRule(places=1)
    # (84.5 + 85) / 2 = 84.75 → 84.8 at one place; raw 84.75 < 85 not awarded either way
    assert combine_panel(sheets, raw_rule, rubric()).outcome.status == "not_awarded"
    sheets = [sheet("50", "34.5"), sheet("50", "35.5")]
    # (84.5 + 85.5) / 2 = 85 exactly: on the threshold, awarded (inclusive)
    assert combine_panel(sheets, raw_rule, rubric()).outcome.status == "awarded"
    sheets = [sheet("49.5", "35"), sheet("50", "35"), sheet("50", "35")]
    # (84.5 + 85 + 85) / 3 = 84.8333…: raw misses 85, rounded to 0 places half-up 85 reaches it
    rounded = PanelRule(places=0, compare="rounded")
    assert combine_panel(sheets, PanelRule(places=0), rubric()).outcome.status == "not_awarded"
    assert combine_panel(sheets, rounded, rubric()).outcome.status == "awarded"


def test_median_of_an_even_panel_is_the_mean_of_the_middle_two() -> None:
    # totals 80, 82, 86, 90: (82 + 86) / 2 = 84
    sheets = [sheet("50", "30"), sheet("50", "32"), sheet("50", "36"), sheet("50", "40")]
    assert combine_panel(sheets, PanelRule(method="median"), rubric()).total_raw == D(84)


def test_roles_weigh_self_assessment_ten_percent() -> None:
    # 自评 100 × 0.1 = 10; 测评组 (80 + 90) / 2 = 85, × 0.9 = 76.5; 10 + 76.5 = 86.5
    rule = PanelRule(roles=(RoleWeight("自评", D("0.1")), RoleWeight("测评组", D("0.9"))))
    sheets = [sheet("60", "40", assessor="本单位", role="自评"),
              sheet("50", "30", assessor="一组", role="测评组"),
              sheet("55", "35", assessor="二组", role="测评组")]
    panel = combine_panel(sheets, rule, rubric())
    assert panel.total_raw == D("86.5")
    assert [(r.role, r.raw, r.weighted) for r in panel.roles] == [
        ("自评", D(100), D("10.0")), ("测评组", D(85), D("76.5"))]
    # category a: 60 × 0.1 + (50 + 55) / 2 × 0.9 = 6 + 47.25 = 53.25
    assert panel.category("a") == D("53.25")


def test_a_missing_role_counts_zero_when_the_rule_says_so() -> None:
    # 测评组 only: 自评 missing counts 0; 0 × 0.1 + 80 × 0.9 = 72
    roles = (RoleWeight("自评", D("0.1")), RoleWeight("测评组", D("0.9")))
    sheets = [sheet("50", "30", role="测评组")]
    panel = combine_panel(sheets, PanelRule(roles=roles, missing="zero"), rubric())
    assert panel.total_raw == D(72)
    assert panel.roles[0].note == "缺评，计0分"
    with pytest.raises(CampaignError, match="no assessment has the role '自评'") as info:
        combine_panel(sheets, PanelRule(roles=roles), rubric())
    assert info.value.path == "$.panel.missing"


def test_closest_pair_for_a_panel_of_three() -> None:
    # 80, 88, 90: the closest pair is 88 and 90 → 89; 80 is dropped
    rule = PanelRule(method="trimmed", small="closest-pair")
    sheets = [sheet("50", "30", assessor="甲"), sheet("50", "38", assessor="乙"),
              sheet("50", "40", assessor="丙")]
    panel = combine_panel(sheets, rule, rubric())
    assert panel.total_raw == D(89)
    assert [f.assessor for f in panel.assessors if not f.used] == ["甲"]
    # 80, 85, 90: two pairs 5 apart, the lower (80, 85) → 82.5
    sheets = [sheet("50", "30"), sheet("50", "35"), sheet("50", "40")]
    assert combine_panel(sheets, rule, rubric()).total_raw == D("82.5")


def test_small_panel_policies() -> None:
    values = [D(80), D(88), D(90)]
    # plain mean of all three: 258 / 3 = 86
    assert combine(values, PanelRule(method="trimmed", small="mean")).raw == D(86)
    with use_language("zh"), pytest.raises(CampaignError, match="3人，不足4人"):
        combine(values, PanelRule(method="trimmed", small="error"), what="unit x")
    with pytest.raises(CampaignError, match="3 assessors, fewer than the 4 needed"):
        combine(values, PanelRule(method="trimmed", small="error"), what="unit x")
    # trim 2 needs 6: five assessors are too few, the mean of all five is taken
    five = [D(1), D(2), D(3), D(4), D(10)]
    assert combine(five, PanelRule(method="trimmed", trim=2)).raw == D(4)
    # two assessors under closest-pair: their mean, one assessor: the figure
    assert combine([D(80), D(85)], PanelRule(method="trimmed", small="closest-pair")).raw == \
        D("82.5")
    assert combine([D(77)], PanelRule(method="trimmed", small="closest-pair")).raw == D(77)


def test_per_item_panel_adds_up_the_combined_items() -> None:
    # medians item by item: a of 50, 55, 58 → 55; b of 30, 38, 36 → 36; total 55 + 36 = 91,
    # while the median of the totals 80, 93, 94 would be 93
    rule = PanelRule(method="median", per="item")
    sheets = [sheet("50", "30"), sheet("55", "38"), sheet("58", "36")]
    panel = combine_panel(sheets, rule, rubric())
    assert panel.total_raw == D(91)
    assert [(i.path, i.figures, i.raw) for i in panel.items] == [
        ("a", (D(50), D(55), D(58)), D(55)), ("b", (D(30), D(38), D(36)), D(36))]
    assert combine_panel(sheets, PanelRule(method="median"), rubric()).total_raw == D(93)


def test_per_item_trimmed_names_who_was_dropped_on_each_item() -> None:
    # a: 50, 52, 54, 60 → drop 50 (甲) and 60 (丁): 53; b: 40, 30, 34, 32 → drop 30 (乙)
    # and 40 (甲): 33; total 86
    rule = PanelRule(method="trimmed", per="item")
    sheets = [sheet("50", "40", assessor="甲"), sheet("52", "30", assessor="乙"),
              sheet("54", "34", assessor="丙"), sheet("60", "32", assessor="丁")]
    panel = combine_panel(sheets, rule, rubric())
    assert panel.total_raw == D(86)
    assert panel.items[0].dropped == ("甲（去掉最低分）", "丁（去掉最高分）")
    assert panel.items[1].dropped == ("甲（去掉最高分）", "乙（去掉最低分）")


def test_divergence_flags_an_assessor_far_from_the_median() -> None:
    # totals 88, 86, 70: median 86; 70 is 16 below it, more than 5
    rule = PanelRule(diverge=D(5))
    sheets = [sheet("50", "38", assessor="甲"), sheet("50", "36", assessor="乙"),
              sheet("40", "30", assessor="丙")]
    panel = combine_panel(sheets, rule, rubric())
    assert [(f.assessor, f.deviation, f.divergent) for f in panel.assessors] == [
        ("甲", D(2), False), ("乙", D(0), False), ("丙", D(-16), True)]
    assert panel.flags == ("2024年度丙的总分70偏离同组中位数-16分（超过5分）",)


def test_a_veto_found_by_one_assessor_vetoes_the_panel() -> None:
    sheets = [sheet("60", "40", assessor="甲"), sheet("60", "40", assessor="乙", veto=True)]
    panel = combine_panel(sheets, PanelRule(), rubric())
    assert panel.total_raw == D(100)
    assert panel.outcome.status == "vetoed"
    assert panel.outcome.reasons == ("一票否决：发生重大安全生产事故（乙）",)


def test_a_bar_inside_its_window_bars_the_panel() -> None:
    sheets = [sheet("60", "40", assessor="甲", bar=datetime.date(2023, 6, 1))]
    panel = combine_panel(sheets, PanelRule(), rubric())
    assert panel.outcome.status == "ineligible"


def test_a_panel_mixing_units_rubrics_or_periods_is_refused() -> None:
    with pytest.raises(CampaignError, match="mixes units") as info:
        combine_panel([sheet("50", "30"), sheet("50", "30", unit="乙单位", assessor="x")],
                      PanelRule(), rubric())
    assert info.value.source == "乙单位-x.toml"
    assert info.value.path == "$.unit"
    other = rubric(version="2")
    with pytest.raises(CampaignError, match="mixes rubrics: 'camp@2' here, 'camp@1'"):
        combine_panel([sheet("50", "30"), sheet("50", "30", the_rubric=other)], PanelRule(),
                      rubric())
    with pytest.raises(CampaignError, match="mixes periods"):
        combine_panel([sheet("50", "30"), sheet("50", "30", period="2023")], PanelRule(),
                      rubric())


def test_an_unknown_role_is_refused_naming_the_file() -> None:
    rule = PanelRule(roles=(RoleWeight("测评组", D(1)),))
    with pytest.raises(CampaignError, match="role '群众' is not one the panel rule knows") as info:
        combine_panel([sheet("50", "30", assessor="x", role="群众")], rule, rubric())
    assert (info.value.source, info.value.path) == ("甲单位-x.toml", "$.role")


points = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)


@given(st.lists(points, min_size=1, max_size=9), st.sampled_from(["mean", "median", "trimmed"]),
       st.randoms(use_true_random=False))
def test_combined_figure_is_within_the_figures_and_ignores_their_order(
        values: list[Decimal], method: str, rnd: object) -> None:
    rule = PanelRule(method=method, small="closest-pair")  # type: ignore[arg-type]
    raw = combine(values, rule).raw
    assert min(values) <= raw <= max(values)
    shuffled = list(values)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert combine(shuffled, rule).raw == raw


def test_a_level_needs_every_combined_category_share() -> None:
    # level 80 with min_category_share 0.6: category b (40 points) needs 0.6 × 40 = 24.
    # totals 80 and 86: (80 + 86) / 2 = 83 ≥ 80, but b is (20 + 26) / 2 = 23 < 24
    text = RUBRIC_TOML.replace("min_total = 85", "min_total = 80\nmin_category_share = 0.6")
    shared = rubric_from_dict(parse_toml(text), source="<test>")
    sheets = [sheet("60", "20", the_rubric=shared), sheet("60", "26", the_rubric=shared)]
    panel = combine_panel(sheets, PanelRule(), shared)
    assert panel.total_raw == D(83)
    assert panel.outcome.status == "not_awarded"
    assert panel.outcome.reasons == ("创建活动合议得分23低于其应得分的60%",)
    # (20 + 28) / 2 = 24: exactly 60%, reached
    sheets = [sheet("60", "20", the_rubric=shared), sheet("60", "28", the_rubric=shared)]
    assert combine_panel(sheets, PanelRule(), shared).outcome.status == "awarded"


def test_per_item_keeps_a_groups_own_deductions() -> None:
    # g (10) = x (5) + y (5) less its own rule r (1 per hit). 甲: x 4, y 5, one hit: 8;
    # 乙: x 5, y 5: 10. Item by item: x (4 + 5) / 2 = 4.5, y 5, g's own (−1 + 0) / 2 = −0.5:
    # 4.5 + 5 − 0.5 = 9 (the mean of the totals, 9, too)
    text = """
id = "grp"
version = "1"
title = "分组扣分"
total = 10
provenance = "illustrative"
source = "tests"

[[categories]]
id = "g"
title = "创建工作"
points = 10
rules = [{ id = "r", text = "每发现一处问题扣1分", deduct = 1 }]

  [[categories.criteria]]
  id = "x"
  title = "甲项"
  points = 5
  method = "direct"

  [[categories.criteria]]
  id = "y"
  title = "乙项"
  points = 5
  method = "direct"
"""
    grouped = rubric_from_dict(parse_toml(text), source="<test>")

    def one(x: str, hits: int, who: str) -> Sheet:
        findings: list[dict[str, object]] = [{"criterion": "g.x", "points": D(x)},
                                             {"criterion": "g.y", "points": D(5)}]
        if hits:
            findings.append({"criterion": "g", "hits": [{"rule": "r", "count": hits}]})
        data = {"rubric": "grp@1", "unit": "甲单位", "assessor": who, "findings": findings}
        return Sheet(score(grouped, assessment_from_dict(data)), who)

    panel = combine_panel([one("4", 1, "甲"), one("5", 0, "乙")], PanelRule(per="item"), grouped)
    assert [(i.path, i.raw) for i in panel.items] == [
        ("g", D("-0.5")), ("g.x", D("4.5")), ("g.y", D(5))]
    assert panel.total_raw == D(9)
    assert panel.category("g") == D(9)
