"""Terms: periods with their own rubrics and weights added up (civscore.campaign.periods).

The case of 鄂州 2017—2018 (../shared/CAMPAIGN.md): 2017 worth 40, 2018 worth 60,
80 in all to be eligible.  Figures worked out by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from campaign_fakes import rubric, sheet

from civscore.campaign.panel import Panel, combine_panel
from civscore.campaign.periods import combine_term, standing_of_term
from civscore.campaign.rules import PanelRule, PeriodRule, SelectionRule, TermRule
from civscore.exceptions import CampaignError

D = Decimal
Y2017 = rubric(version="2017", total=40, a=25, b=15, level=24)
Y2018 = rubric(version="2018", total=60, a=35, b=25, level=36)
TERM = TermRule((PeriodRule("2017", "camp@2017", title="2017年"),
                 PeriodRule("2018", "camp@2018", title="2018年")), min_total=D(80))


def panels(unit: str, first: tuple[str, str, str, str], second: tuple[str, str, str, str],
           veto: bool = False) -> dict[str, Panel]:
    a1, b1, a2, b2 = first
    c1, d1, c2, d2 = second
    return {
        "2017": combine_panel([sheet(a1, b1, unit=unit, period="2017", the_rubric=Y2017),
                               sheet(a2, b2, unit=unit, period="2017", the_rubric=Y2017,
                                     assessor="2")], PanelRule(), Y2017),
        "2018": combine_panel([sheet(c1, d1, unit=unit, period="2018", the_rubric=Y2018),
                               sheet(c2, d2, unit=unit, period="2018", the_rubric=Y2018,
                                     assessor="2", veto=veto)], PanelRule(), Y2018),
    }


def test_the_periods_add_up_and_are_compared_with_the_term_threshold() -> None:
    # 2017: (20 + 12 = 32, 22 + 14 = 36) → 34; 2018: (30 + 20 = 50, 32 + 20 = 52) → 51;
    # 34 + 51 = 85 ≥ 80
    term = combine_term(panels("甲", ("20", "12", "22", "14"), ("30", "20", "32", "20")),
                        TERM, unit="甲")
    assert [(s.period, s.total, s.share) for s in term.shares] == [
        ("2017", D(34), D(34)), ("2018", D(51), D(51))]
    assert term.total == D(85)
    assert term.reached
    assert term.explain() == "2017年 34 + 2018年 51 = 85（届期达标线80）"
    # 2017: 30, 30 → 30; 2018: 48, 48 → 48; 78 < 80
    low = combine_term(panels("乙", ("18", "12", "18", "12"), ("28", "20", "28", "20")),
                       TERM, unit="乙")
    assert low.total == D(78)
    assert not low.reached
    assert not standing_of_term(low, SelectionRule()).reached


def test_weights_multiply_the_period_totals() -> None:
    # two 100-point years weighted 0.4 and 0.6: 85 × 0.4 + 90 × 0.6 = 34 + 54 = 88
    term_rule = TermRule((PeriodRule("2017", "camp@1", D("0.4")),
                          PeriodRule("2018", "camp@1", D("0.6"))), min_total=D(80))
    first = combine_panel([sheet("50", "35", period="2017")], PanelRule(), rubric())
    second = combine_panel([sheet("50", "40", period="2018")], PanelRule(), rubric())
    term = combine_term({"2017": first, "2018": second}, term_rule, unit="甲单位")
    assert term.total == D(88)
    assert term.explain() == "2017 85×0.4 + 2018 90×0.6 = 88（届期达标线80）"


def test_a_veto_in_any_period_vetoes_the_term() -> None:
    term = combine_term(panels("甲", ("25", "15", "25", "15"), ("35", "25", "35", "25"),
                               veto=True), TERM, unit="甲")
    assert term.total == D(100)
    assert term.vetoed
    assert standing_of_term(term, SelectionRule()).vetoed


def test_tie_keys_add_a_category_over_the_periods() -> None:
    # category a: 2017 (20 + 22) / 2 = 21, 2018 (30 + 32) / 2 = 31; 21 + 31 = 52
    term = combine_term(panels("甲", ("20", "12", "22", "14"), ("30", "20", "32", "20")),
                        TERM, unit="甲")
    assert standing_of_term(term, SelectionRule(ties=("a",))).keys == (D(52),)
    with pytest.raises(CampaignError, match="no period's rubric has the item 'z'"):
        standing_of_term(term, SelectionRule(ties=("z",)))


def test_a_period_missing_from_the_term_is_refused() -> None:
    both = panels("甲", ("20", "12", "22", "14"), ("30", "20", "32", "20"))
    with pytest.raises(CampaignError, match="no assessment for period '2018' of the term") as info:
        combine_term({"2017": both["2017"]}, TERM, unit="甲", source="甲-2017.toml")
    assert (info.value.source, info.value.path) == ("甲-2017.toml", "$.period")
    with pytest.raises(CampaignError, match="period '2019', which the term does not have"):
        combine_term({**both, "2019": both["2017"]}, TERM, unit="甲")
    with pytest.raises(CampaignError, match="scored with camp@2017, but the term's period uses "
                                            "camp@2018"):
        combine_term({"2017": both["2017"], "2018": both["2017"]}, TERM, unit="甲")
