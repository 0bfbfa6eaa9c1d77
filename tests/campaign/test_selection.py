"""Selection: ranking against quotas (civscore.campaign.selection).

Expected outcomes are worked out by hand from the rules of ../shared/CAMPAIGN.md:
vetoes and bars first; 名额 = 到期单位数 × 90%; 1:1.5 差额; 末位淘汰10%.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from campaign_fakes import rubric, sheet
from hypothesis import given
from hypothesis import strategies as st

from civscore.campaign.panel import combine_panel
from civscore.campaign.rules import PanelRule, Quota, SelectionRule
from civscore.campaign.selection import Standing, quota_places, rank, standing_of
from civscore.exceptions import CampaignError

D = Decimal


def units() -> list[Standing]:
    """A 95, B 92 (a 52), C 92 (a 55), D 90, E 88, F 80 (below 85), G 99 vetoed."""
    return [Standing("A", D(95), keys=(D(57),)), Standing("B", D(92), keys=(D(52),)),
            Standing("C", D(92), keys=(D(55),)), Standing("D", D(90), keys=(D(50),)),
            Standing("E", D(88), keys=(D(50),)), Standing("F", D(80), reached=False),
            Standing("G", D(99), vetoed=True, reasons=("一票否决：发生重大安全生产事故",))]


def test_vetoes_first_then_threshold_then_rank_with_a_tie_break_category() -> None:
    # C and B tie on 92; C has more on category a (55 > 52): A 1, C 2, B 3, D 4, E 5;
    # three places: A, C, B awarded; D and E outside the places; F below 85; G vetoed
    ranking = rank(units(), SelectionRule(ties=("a",)), Quota(places=3), threshold=D(85))
    got = [(o.unit, o.status, o.rank) for o in ranking.outcomes]
    assert got == [("A", "awarded", 1), ("C", "awarded", 2), ("B", "awarded", 3),
                   ("D", "not_selected", 4), ("E", "not_selected", 5),
                   ("F", "not_selected", None), ("G", "vetoed", None)]
    assert ranking.outcome("F").reasons == ("总分80低于达标线85",)
    assert ranking.outcome("D").reasons == ("第4名，总分90", "名次在名额3个之外")
    assert ranking.cut == D(92)


def test_without_a_tie_break_a_tie_shares_the_rank_and_is_flagged_at_the_cut() -> None:
    # keys ignored: B and C share rank 2 (1, 2, 2, 4, 5); two places: A, B, C all within rank 2
    plain = [Standing(s.unit, s.total, s.vetoed, s.ineligible, s.reached, s.reasons)
             for s in units()]
    ranking = rank(plain, SelectionRule(), Quota(places=2))
    assert [(o.unit, o.rank) for o in ranking.outcomes[:5]] == [
        ("A", 1), ("B", 2), ("C", 2), ("D", 4), ("E", 5)]
    assert ranking.outcome("B").status == ranking.outcome("C").status == "awarded"
    assert ranking.outcome("C").flags == ("与1个单位并列第2名，超出名额",)


def test_places_from_a_fraction_of_the_expiring_titles() -> None:
    # 90% of 10 expiring = 9; of 7 = 6.3, rounded down 6; half-up of 7 × 0.95 = 6.65 → 7
    assert quota_places(Quota(fraction=D("0.9"), expiring=10), 12)[0] == 9
    places, text = quota_places(Quota(fraction=D("0.9"), expiring=7), 12)
    assert places == 6
    assert text == "名额 = 到期单位数7 × 0.9 = 6.3，取整（down）为6个"
    assert quota_places(Quota(fraction=D("0.95"), expiring=7, rounding="half-up"), 12)[0] == 7


def test_a_quota_above_the_number_of_units_is_refused() -> None:
    with pytest.raises(CampaignError, match="gives 8 places, more than the 7 units") as info:
        rank(units(), SelectionRule(), Quota(places=8), source="c.toml")
    assert (info.value.source, info.value.path) == ("c.toml", "$.quota.places")
    with pytest.raises(CampaignError, match="needs expiring") as info:
        quota_places(Quota(fraction=D("0.9")), 3)
    with pytest.raises(CampaignError, match="exactly one of places"):
        quota_places(Quota(), 3)


def test_candidates_at_one_to_one_and_a_half() -> None:
    # 3 places × 1.5 = 4.5 → 5 candidates, rounded up: the five ranked units are shortlisted
    ranking = rank(units(), SelectionRule(ties=("a",)), Quota(places=3, candidates=D("1.5")))
    assert ranking.candidates == 5
    assert [o.unit for o in ranking.outcomes if o.status == "shortlisted"] == [
        "A", "C", "B", "D", "E"]
    # 2 places × 1.5 = 3 candidates: A, C, B
    ranking = rank(units(), SelectionRule(ties=("a",)), Quota(places=2, candidates=D("1.5")))
    assert [o.unit for o in ranking.outcomes if o.status == "shortlisted"] == ["A", "C", "B"]


def test_bottom_ten_percent_eliminated() -> None:
    # ten ranked units 100, 99, …, 91: 10% of 10 = 1 → the 91 is eliminated even within 10 places
    ten = [Standing(f"U{i}", D(100 - i)) for i in range(10)]
    ranking = rank(ten, SelectionRule(), Quota(places=10, eliminate=D("0.1")))
    assert ranking.outcome("U9").status == "not_selected"
    assert ranking.outcome("U9").reasons == ("第10名，总分91", "末位淘汰：后10%共1个")
    assert all(ranking.outcome(f"U{i}").status == "awarded" for i in range(9))
    # 10% of 9 = 0.9, rounded down: nobody eliminated
    ranking = rank(ten[:9], SelectionRule(), Quota(places=9, eliminate=D("0.1")))
    assert all(o.status == "awarded" for o in ranking.outcomes)


def test_units_near_the_threshold_or_the_cut_are_flagged() -> None:
    # threshold 85, near 1: 85.5 is 0.5 above it; places 2 → cut 90; 89.5 is 0.5 below the cut
    given = [Standing("A", D(95)), Standing("B", D(90)), Standing("C", D("89.5")),
             Standing("D", D("85.5")), Standing("E", D("84.5"))]
    ranking = rank(given, SelectionRule(min_total=D(85), near=D(1)), Quota(places=2))
    assert ranking.cut == D(90)
    assert ranking.outcome("C").flags == ("距入选线90差0.5分",)
    assert ranking.outcome("D").flags == ("距达标线85仅0.5分",)
    assert ranking.outcome("E").status == "not_selected"


def test_standings_from_panels() -> None:
    # 甲: (90 + 94) / 2 = 92 with a = 52; 乙: 92 with a = 55; 丙 vetoed; 丁 80 below the level
    rule = PanelRule()
    panels = [
        combine_panel([sheet("50", "40", unit="甲"), sheet("54", "40", unit="甲", assessor="2")],
                      rule, rubric()),
        combine_panel([sheet("55", "37", unit="乙")], rule, rubric()),
        combine_panel([sheet("60", "40", unit="丙", veto=True)], rule, rubric()),
        combine_panel([sheet("50", "30", unit="丁")], rule, rubric()),
    ]
    selection = SelectionRule(ties=("a",))
    ranking = rank([standing_of(p, selection) for p in panels], selection, Quota(places=1),
                   threshold=D(85))
    assert [(o.unit, o.status) for o in ranking.outcomes] == [
        ("乙", "awarded"), ("甲", "not_selected"), ("丁", "not_selected"), ("丙", "vetoed")]
    with pytest.raises(CampaignError, match="no item 'z' to break ties by") as info:
        standing_of(panels[0], SelectionRule(ties=("z",)))
    assert info.value.path == "$.selection.ties[0]"


def test_without_a_quota_reaching_the_line_awards_or_shortlists() -> None:
    # no quota: A to E reach 85 (F is below it, G vetoed); C's key 55 beats B's 52:
    # A, C, B, D, E ranked 1 to 5, all awarded (达标即授予), or all shortlisted with
    # on_reach (达标即可参评)
    for on_reach, status, text in (("awarded", "awarded", "未规定名额：达标即授予"),
                                   ("shortlisted", "shortlisted", "未规定名额：达标即可参评")):
        ranking = rank(units(), SelectionRule(on_reach=on_reach), None, threshold=D(85))
        assert [(o.unit, o.status, o.rank) for o in ranking.outcomes] == [
            ("A", status, 1), ("C", status, 2), ("B", status, 3), ("D", status, 4),
            ("E", status, 5), ("F", "not_selected", None), ("G", "vetoed", None)]
        assert (ranking.quota_text, ranking.places, ranking.cut) == (text, None, None)
    with pytest.raises(CampaignError, match="without a quota") as info:
        rank(units(), SelectionRule(on_reach="shortlisted"), Quota(places=3))
    assert info.value.path == "$.selection.on_reach"


def test_a_unit_given_twice_is_refused() -> None:
    with pytest.raises(CampaignError, match="given twice"):
        rank([Standing("A", D(1)), Standing("A", D(2))], SelectionRule(), None)


@given(st.lists(st.integers(0, 100), min_size=1, max_size=30), st.integers(0, 30))
def test_never_more_awarded_than_places_without_ties_and_better_beats_worse(
        totals: list[int], places: int) -> None:
    standings = [Standing(f"U{i}", D(t)) for i, t in enumerate(totals)]
    places = min(places, len(totals))
    ranking = rank(standings, SelectionRule(), Quota(places=places))
    awarded = [o for o in ranking.outcomes if o.status == "awarded"]
    if len(set(totals)) == len(totals):
        assert len(awarded) == places
    for winner in awarded:
        for other in ranking.outcomes:
            if other.total > winner.total:
                assert other.status == "awarded"
