"""The yearly review (civscore.campaign.review): kept, warned, revoked, 撤一补一.

Outcomes worked out by hand from the rules: 复查合格 85, 整改线 75, two warnings in
a row revoke, a veto revokes, a revoked place is refilled by the best unit not selected.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civscore.campaign.history import History, TitleRecord
from civscore.campaign.review import refill, review, review_one
from civscore.campaign.rules import Quota, ReviewRule, SelectionRule
from civscore.campaign.selection import Standing, rank
from civscore.exceptions import CampaignError

D = Decimal
TITLE = "市级文明单位"
RULE = ReviewRule(keep_at=D(85), warn_at=D(75), warnings_to_revoke=2)


def record(unit: str, year: int, outcome: str) -> TitleRecord:
    return TitleRecord(unit, TITLE, year, outcome, datetime.date(year, 12, 20))  # type: ignore[arg-type]


HISTORY = History((record("甲", 2023, "kept"), record("乙", 2022, "awarded"),
                   record("乙", 2023, "warned"), record("丙", 2023, "revoked"),
                   record("丁", 2023, "awarded"), record("戊", 2023, "awarded"),
                   record("己", 2023, "kept")))
STANDINGS = {"甲": Standing("甲", D(90)), "乙": Standing("乙", D(80)),
             "丁": Standing("丁", D(78)), "戊": Standing("戊", D(70)),
             "己": Standing("己", D(95), vetoed=True, reasons=("一票否决：发生重大安全生产事故",))}


def test_each_holder_kept_warned_or_revoked() -> None:
    outcomes = {o.unit: o for o in review(STANDINGS, HISTORY, RULE, title=TITLE, year=2024)}
    # 丙 lost the title in 2023 and is not reviewed
    assert sorted(outcomes) == ["丁", "乙", "己", "戊", "甲"]
    # 甲 90 ≥ 85: kept
    assert outcomes["甲"].status == "kept"
    # 乙 80: below 85, not below 75: a warning, its second in a row (2023 warned): revoked
    assert outcomes["乙"].status == "revoked"
    assert outcomes["乙"].reasons == ("复查得分80低于合格线85", "连续2年限期整改，撤销称号")
    # 丁 78: first warning
    assert outcomes["丁"].status == "warned"
    assert outcomes["丁"].reasons == ("复查得分78低于合格线85", "限期整改（连续第1年）")
    # 戊 70 < 75: revoked
    assert outcomes["戊"].reasons == ("复查得分70低于整改线75，撤销称号",)
    # 己 95 but a veto: revoked
    assert outcomes["己"].status == "revoked"


def test_without_a_warning_line_or_a_warning_limit() -> None:
    # below keep_at is always a warning; warnings_to_revoke = 0 never revokes
    rule = ReviewRule(keep_at=D(85), warnings_to_revoke=0)
    assert review_one(Standing("x", D(10)), rule, 5).status == "warned"
    # a veto does not revoke when revoke_on_veto is false: 95 keeps
    lenient = ReviewRule(keep_at=D(85), revoke_on_veto=False)
    assert review_one(Standing("x", D(95), vetoed=True), lenient, 0).status == "kept"


def test_a_holder_without_a_review_assessment_is_refused() -> None:
    with pytest.raises(CampaignError, match="'丁' holds 市级文明单位 \\(2023\\)"):
        review({}, HISTORY, RULE, title=TITLE, year=2024)


def test_revoked_places_are_refilled_one_for_one() -> None:
    # ranking: A 95, B 93, C 91, D 89 (eliminated? no), 1 place: A awarded;
    # three revoked places (乙, 戊, 己) go to B, C and D in rank order
    ranking = rank([Standing("A", D(95)), Standing("B", D(93)), Standing("C", D(91)),
                    Standing("D", D(89))], SelectionRule(), Quota(places=1))
    filled = refill(ranking, ["乙", "戊", "己"])
    assert [(o.unit, o.status) for o in filled.outcomes] == [
        ("A", "awarded"), ("B", "awarded"), ("C", "awarded"), ("D", "awarded")]
    assert filled.outcome("B").reasons[-1] == "撤一补一：递补乙的名额"
    assert filled.outcome("D").reasons[-1] == "撤一补一：递补己的名额"


def test_an_eliminated_unit_is_not_a_replacement() -> None:
    # 4 ranked, eliminate 25% = 1: D eliminated; 2 places: A, B; two revoked: C refills one,
    # D may not, the second place stays empty
    ranking = rank([Standing("A", D(95)), Standing("B", D(93)), Standing("C", D(91)),
                    Standing("D", D(89))], SelectionRule(),
                   Quota(places=2, eliminate=D("0.25")))
    filled = refill(ranking, ["乙", "戊"])
    assert [(o.unit, o.status) for o in filled.outcomes] == [
        ("A", "awarded"), ("B", "awarded"), ("C", "awarded"), ("D", "not_selected")]


def test_a_tie_is_refilled_whole_and_flagged() -> None:
    # A 95 awarded (1 place); B and C share rank 2 on 93; one revoked place: both are refilled,
    # C beyond the places and flagged; D 91 is not
    ranking = rank([Standing("A", D(95)), Standing("B", D(93)), Standing("C", D(93)),
                    Standing("D", D(91))], SelectionRule(), Quota(places=1))
    filled = refill(ranking, ["乙"])
    assert [(o.unit, o.status) for o in filled.outcomes] == [
        ("A", "awarded"), ("B", "awarded"), ("C", "awarded"), ("D", "not_selected")]
    assert filled.outcome("C").flags == ("并列第2名递补，超出名额",)


@given(st.integers(0, 100), st.integers(0, 100), st.integers(0, 3), st.booleans())
def test_a_review_keeps_exactly_at_or_above_the_line(total: int, line: int, earlier: int,
                                                     vetoed: bool) -> None:
    rule = ReviewRule(keep_at=D(line), warn_at=D(line) - 10, warnings_to_revoke=2)
    outcome = review_one(Standing("x", D(total), vetoed=vetoed), rule, earlier)
    if vetoed:
        assert outcome.status == "revoked"
    elif total >= line:
        assert outcome.status == "kept"
    elif total < line - 10 or earlier >= 1:
        assert outcome.status == "revoked"
    else:
        assert outcome.status == "warned"
