"""A whole campaign (civscore.campaign.run): review of holders, ranking of the
others, 撤一补一, eligibility from history; outcomes worked out by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs
import pytest
from campaign_fakes import rubric, sheet

from civscore.campaign.history import History, TitleRecord
from civscore.campaign.panel import Sheet
from civscore.campaign.render import render_result
from civscore.campaign.rules import Campaign, Eligibility, Quota, ReviewRule, SelectionRule
from civscore.campaign.run import run_campaign
from civscore.exceptions import CampaignError

D = Decimal
TITLE = "市级文明单位"


def record(unit: str, year: int, outcome: str, title: str = TITLE) -> TitleRecord:
    return TitleRecord(unit, title, year, outcome, datetime.date(year, 12, 20))  # type: ignore[arg-type]


def campaign(**changes: object) -> Campaign:
    base: dict[str, object] = {
        "id": "t", "title": "2024年度市级文明单位", "award": TITLE, "year": 2024,
        "provenance": "illustrative", "source": "tests", "rubric": "camp@1",
        "quota": Quota(places=1),
        "review": ReviewRule(keep_at=D(85), warn_at=D(75), replace=True)}
    return Campaign(**{**base, **changes})  # type: ignore[arg-type]


def sheets() -> list[Sheet]:
    # 甲 90 and 乙 80 hold the title; 丙 (92, 92 → 92), 丁 88, 戊 70 apply
    return [sheet("50", "40", unit="甲"), sheet("50", "30", unit="乙"),
            sheet("52", "40", unit="丙"), sheet("54", "38", unit="丙", assessor="2"),
            sheet("50", "38", unit="丁"), sheet("40", "30", unit="戊")]


HISTORY = History((record("甲", 2023, "kept"), record("乙", 2023, "warned")))


def test_holders_reviewed_others_ranked_and_a_revoked_place_refilled() -> None:
    result = run_campaign(campaign(), sheets(), {"camp@1": rubric()}, HISTORY)
    got = [(o.unit, o.status) for o in result.outcomes]
    # 甲 90 ≥ 85 kept; 乙 80: second warning in a row → revoked; 丙 92 first of the one
    # place; 丁 88 second, refilled into 乙's place; 戊 70 below the level 85
    assert got == [("乙", "revoked"), ("甲", "kept"), ("丙", "awarded"), ("丁", "awarded"),
                   ("戊", "not_selected")]
    assert result.outcome("丁").reasons == ("第2名，总分88", "名次在名额1个之外",
                                          "撤一补一：递补乙的名额")
    assert result.outcome("戊").reasons == ("总分70低于达标线85",)
    assert result.ranking.threshold == D(85)


def test_without_refilling_the_place_stays_empty() -> None:
    result = run_campaign(campaign(review=ReviewRule(keep_at=D(85), warn_at=D(75))), sheets(),
                          {"camp@1": rubric()}, HISTORY)
    assert result.outcome("丁").status == "not_selected"


def test_eligibility_reads_the_history() -> None:
    # the provincial title needs the city title in 2022 and 2023: 丙 has both, 丁 only 2023
    history = History((record("丙", 2022, "awarded"), record("丙", 2023, "kept"),
                       record("丁", 2023, "awarded")))
    rule = Eligibility("two-years", "连续两年保持市级文明单位称号", TITLE, consecutive=2)
    result = run_campaign(campaign(award="省级文明单位", eligibility=(rule,), review=None,
                                   quota=Quota(places=2)),
                          sheets()[2:5], {"camp@1": rubric()}, history)
    assert result.outcome("丙").status == "awarded"
    assert result.outcome("丁").status == "ineligible"
    assert result.outcome("丁").reasons == (
        "不得申报：连续两年保持市级文明单位称号（此前连续持有市级文明单位1年，需2年）",)
    with pytest.raises(CampaignError, match="give the history file"):
        run_campaign(campaign(eligibility=(rule,)), sheets(), {"camp@1": rubric()})


def test_results_of_one_campaign_never_mix_with_another_rubric() -> None:
    # openurp's summary read the first batch's scores for every batch: a sheet scored with
    # another rubric (another campaign's) is refused, not silently combined
    other = sheet("50", "40", unit="丙", the_rubric=rubric(version="2"), assessor="x")
    with pytest.raises(CampaignError, match="scored with camp@2, but the campaign uses camp@1"):
        run_campaign(campaign(), [*sheets(), other], {"camp@1": rubric()}, HISTORY)


def test_without_a_history_nobody_is_reviewed_and_ties_break_by_category() -> None:
    chosen = campaign(selection=SelectionRule(ties=("a",)), review=None)
    result = run_campaign(chosen, sheets(), {"camp@1": rubric()})
    # 丙 92 first; 甲 90 second (no history: not a holder); 丁 88; 乙 80 and 戊 70 below 85
    assert [o.unit for o in result.ranking.outcomes if o.rank] == ["丙", "甲", "丁"]


def test_holders_reviewed_with_a_review_rubric() -> None:
    # the review rubric camp@review: the same items, its own level; 甲 (a holder) is assessed
    # with it: 50 + 40 = 90 ≥ 85 kept; the others are ranked on camp@1 as before
    review_rubric = rubric(version="review")
    chosen = campaign(review=ReviewRule(keep_at=D(85), rubric="camp@review"))
    given = [sheet("50", "40", unit="甲", the_rubric=review_rubric), *sheets()[2:]]
    history = History((record("甲", 2023, "kept"),))
    result = run_campaign(chosen, given, {"camp@1": rubric(), "camp@review": review_rubric},
                          history)
    assert result.outcome("甲").status == "kept"
    assert result.outcome("丙").status == "awarded"
    assert chosen.rubrics == ("camp@1", "camp@review")
    # a holder assessed with the campaign's rubric instead is refused, naming its file
    with pytest.raises(CampaignError, match="scored with camp@1, but the campaign uses "
                                            "camp@review"):
        run_campaign(chosen, sheets(), {"camp@1": rubric(), "camp@review": review_rubric},
                     history)
    with pytest.raises(CampaignError, match="give the history file") as info:
        run_campaign(chosen, given, {"camp@1": rubric(), "camp@review": review_rubric})
    assert info.value.path == "$.review.rubric"


def test_a_result_notes_each_rubric_with_invented_points_once() -> None:
    # every sheet is scored against camp@1, which the fakes mark illustrative as a whole
    result = run_campaign(campaign(), sheets(), {"camp@1": rubric()}, HISTORY)
    assert result.notes == ("测评体系 camp@1 为示例（illustrative）：分值系虚构，"
                            "并非任何地方的正式标准",)
    assert render_result(result).endswith(f"\n\n注：{result.notes[0]}\n")
    assert render_result(result, "markdown").endswith(f"\n\n> 注：{result.notes[0]}\n")


def test_a_result_on_quoted_rubrics_has_no_note() -> None:
    quoted = attrs.evolve(rubric(), provenance="quoted", source="a document")
    result = run_campaign(campaign(), sheets(), {"camp@1": quoted}, HISTORY)
    assert result.notes == ()


def test_a_unit_named_as_a_formula_stays_text_in_the_csv() -> None:
    # "=1+2" would be run by Excel: written as '=1+2, shown as the text it is
    the_sheets = [sheet("50", "40", unit="=1+2"), sheet("50", "30", unit="-甲")]
    result = run_campaign(campaign(review=None), the_sheets, {"camp@1": rubric()})
    rows = render_result(result, "csv").splitlines()[1:]
    assert [row.split(",")[1] for row in rows] == ["'=1+2", "'-甲"]
    assert [o.unit for o in result.outcomes] == ["=1+2", "-甲"]  # the data is unchanged
