"""Items without a finding (未评, the ``unassessed`` policy) and nothing to
assess (every item not applicable: ``not_assessable``, 未能测评).

The figures of the examples are worked out by hand in the comments; the
properties run over the random rubrics of ``tests/strategies.py``, which
draw every ``unassessed`` policy.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import UnassessedError, reference_score
from strategies import assessment_data, rubrics

import civscore
from civscore.files import parse_toml
from civscore.files.loader import assessment_from_dict
from civscore.model import Assessment, Rubric
from civscore.results.render import render_csv, render_markdown, render_text
from civscore.testing.paths import walk

D = Decimal

RUBRIC = """
id = "hand.unassessed"
version = "1"
title = "未评示例"
total = 10
provenance = "illustrative"
source = "worked by hand for tests/scoring/test_unassessed.py"
unassessed = "{policy}"
levels = [{{ id = "ok", title = "合格", min_total = 5 }}]
bonus = {{ items = [{{ id = "honour", text = "获市级表彰", points = 1 }}] }}

[[vetoes]]
id = "case"
text = "发生刑事案件"

[[categories]]
id = "a"
title = "甲"
points = 6

  [[categories.criteria]]
  id = "plan"
  title = "计划"
  points = 3
  method = "deduct"
  rules = [{{ id = "late", text = "迟报一次扣1分", deduct = 1 }}]

  [[categories.criteria]]
  id = "honours"
  title = "荣誉"
  points = 3
  method = "award"
  standards = [{{ id = "city", text = "市级荣誉一项得1分", points = 1 }}]

[[categories]]
id = "b"
title = "乙"
points = 4
method = "direct"
"""


def rubric(policy: str = "full") -> Rubric:
    return civscore.rubric_from_dict(parse_toml(RUBRIC.format(policy=policy)), source="<hand>")


def assessment(text: str) -> Assessment:
    data = parse_toml(f'rubric = "hand.unassessed@1"\nunit = "某单位"\n{text}')
    return civscore.assessment_from_dict(data, source="<hand>")


ONLY_B = assessment('findings = [{ criterion = "b", points = 3 }]')


def test_full_scores_unassessed_items_silently() -> None:
    # plan: no finding, nothing found: 3; honours: nothing earned: 0; b: 3.
    card = civscore.score(rubric("full"), ONLY_B)
    assert (card.item("a.plan").score, card.item("a.honours").score) == (D(3), D(0))
    assert card.total.raw == 3 + 0 + 3
    assert card.unassessed == ()
    assert not [w for w in card.warnings if "未评" in w]


def test_flag_lists_them_in_every_format_and_changes_no_figure() -> None:
    full = civscore.score(rubric("full"), ONLY_B)
    card = civscore.score(rubric("flag"), ONLY_B)
    assert card.unassessed == ("a.plan", "a.honours")
    assert (card.total, card.categories) == (full.total, full.categories)
    (warning,) = [w for w in card.warnings if "未评" in w]
    assert warning.startswith("2项未评")
    assert "a.plan、a.honours" in warning
    assert card.to_dict()["unassessed"] == ["a.plan", "a.honours"]
    assert civscore.Scorecard.from_dict(card.to_dict()) == card
    for text in (render_text(card), render_markdown(card)):
        assert "计划（未评）" in text
        assert "荣誉（未评）" in text
        assert "乙（未评）" not in text
        assert "2项未评" in text
    rows = {row.split(",")[0]: row.split(",") for row in render_csv(card).splitlines()}
    assert rows["path"][-1] == "unassessed"
    assert (rows["a.plan"][-1], rows["a.honours"][-1], rows["b"][-1]) == ("true", "true",
                                                                          "false")


def test_error_refuses_an_item_without_a_finding() -> None:
    with pytest.raises(civscore.AssessmentError) as caught:
        civscore.score(rubric("error"), ONLY_B)
    assert caught.value.path == "$.findings"
    assert "a.plan" in caught.value.message
    assert "unassessed = 'error'" in caught.value.message
    # Saying that nothing was found is assessing: hits = [] and standards = [].
    said = assessment("""
findings = [{ criterion = "a.plan", hits = [] }, { criterion = "a.honours", standards = [] },
            { criterion = "b", points = 3 }]
""")
    assert civscore.score(rubric("error"), said).total.raw == 3 + 0 + 3


def test_the_caller_overrides_the_rubric() -> None:
    assert civscore.score(rubric("full"), ONLY_B, unassessed="flag").unassessed == (
        "a.plan", "a.honours")
    assert civscore.score(rubric("error"), ONLY_B, unassessed="full").unassessed == ()
    # (a rubric nothing else holds: the stream keeps it alive)
    with pytest.raises(civscore.AssessmentError):
        list(civscore.score_many(rubric("full"), [ONLY_B], unassessed="error"))
    (card,) = civscore.score_many(rubric("full"), [ONLY_B], unassessed="flag")
    assert card.unassessed == ("a.plan", "a.honours")
    with pytest.raises(ValueError, match="unassessed must be one of"):
        civscore.score(rubric(), ONLY_B, unassessed="strict")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unassessed must be a str or None"):
        civscore.score(rubric(), ONLY_B, unassessed=1)  # type: ignore[arg-type]


def test_check_assessment_reports_unassessed_items() -> None:
    flagged = [f for f in civscore.check_assessment(rubric("flag"), ONLY_B)
               if "未评" in f.message]
    assert sorted((f.severity, f.message.split(":")[0]) for f in flagged) == [
        ("warning", "a.honours"), ("warning", "a.plan")]
    refused = [f for f in civscore.check_assessment(rubric("error"), ONLY_B)
               if "未评" in f.message]
    assert {f.severity for f in refused} == {"error"}


def test_inside_a_not_applicable_item_nothing_is_unassessed() -> None:
    out = assessment("""
findings = [{ criterion = "a", not_applicable = true, reason = "无此职能" },
            { criterion = "b", points = 3 }]
""")
    assert civscore.score(rubric("flag"), out).unassessed == ()
    assert civscore.score(rubric("error"), out).total.raw == D(3) * 10 / 4  # 3 of 4, rescaled


def test_a_rubric_whose_items_all_need_findings_cannot_use_the_policy() -> None:
    data = parse_toml(RUBRIC.format(policy="flag"))
    data["categories"] = [data["categories"][1] | {"points": 10}]
    findings = civscore.check_rubric(civscore.rubric_from_dict(data))
    assert [(f.code, f.severity, f.path) for f in findings if f.code == "unassessed-unused"] == [
        ("unassessed-unused", "info", "$.unassessed")]
    assert not [f for f in civscore.check_rubric(rubric("flag"))
                if f.code == "unassessed-unused"]


def test_a_policy_misspelled_in_the_rubric_is_located() -> None:
    data = parse_toml(RUBRIC.format(policy="strict"))
    with pytest.raises(civscore.RubricError) as caught:
        civscore.rubric_from_dict(data, source="r.toml")
    assert caught.value.path == "$.unassessed"
    assert "r.toml" in str(caught.value)


# --- nothing to assess ----------------------------------------------------------------------

ALL_OUT = """
findings = [{ criterion = "a.plan", not_applicable = true, reason = "无" },
            { criterion = "a.honours", not_applicable = true, reason = "无" },
            { criterion = "b", not_applicable = true, reason = "无" }]
"""


def test_nothing_to_assess_is_its_own_outcome() -> None:
    card = civscore.score(rubric(), assessment(ALL_OUT + 'bonus = [{ item = "honour" }]'))
    # Nothing applicable: base 0 (never full marks); the bonus of 1 still adds up.
    assert (card.base.scaled, card.bonus.total, card.total.raw) == (0, 1, 1)
    assert card.outcome.status == "not_assessable"
    assert card.outcome.reasons == ("所有测评项目均不适用，未能测评",)
    assert (card.outcome.level, card.next_level) == (None, None)
    a = card.item("a")
    assert (a.nothing_applicable, a.not_applicable) == (True, False)
    assert not card.item("b").nothing_applicable  # b itself is not applicable
    text = render_text(card, explain=True)
    assert "结果：未能测评" in text
    assert "甲（全部不适用）" in text
    assert "距" not in text
    rows = {row.split(",")[0]: row.split(",") for row in render_csv(card).splitlines()}
    assert (rows["a"][6], rows["a.plan"][6], rows["b"][6]) == ("all", "true", "true")
    # Under zero the maximum stays, and there is still nothing to assess.
    zero = attrs.evolve(rubric(), not_applicable="zero")
    assert civscore.score(zero, assessment(ALL_OUT)).outcome.status == "not_assessable"


def test_a_veto_still_decides_when_nothing_is_assessed() -> None:
    card = civscore.score(rubric(), assessment(ALL_OUT + 'vetoes = [{ veto = "case" }]'))
    assert card.outcome.status == "vetoed"


def test_one_applicable_item_is_assessable() -> None:
    card = civscore.score(rubric(), assessment(ALL_OUT.replace(
        '{ criterion = "b", not_applicable = true, reason = "无" }',
        '{ criterion = "b", points = 2 }')))
    # 2 of what remains applicable (4), rescaled: 2 × 10 ÷ 4 = 5, which reaches 合格.
    assert card.base.scaled == 5
    assert card.outcome.status == "awarded"


# --- properties ----------------------------------------------------------------------------

PROPERTY = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _unassessed_by_hand(rubric: Rubric, data: dict[str, Any]) -> list[str]:
    found = {f["criterion"] for f in data["findings"]}
    na = {f["criterion"] for f in data["findings"] if f.get("not_applicable")}
    return [path for path, item in walk(rubric)
            if not item.criteria and item.method in ("deduct", "award") and path not in found
            and not any(path == n or path.startswith(n + ".") for n in na)]


@PROPERTY
@given(st.data())
def test_the_policies_change_no_figure(data: st.DataObject) -> None:
    r = data.draw(rubrics())
    plain = data.draw(assessment_data(r))
    a = assessment_from_dict(plain)
    full = civscore.score(r, a, unassessed="full")
    flag = civscore.score(r, a, unassessed="flag")
    expected = tuple(_unassessed_by_hand(r, plain))
    assert flag.unassessed == expected
    assert reference_score(r, a, "flag").unassessed == expected
    assert (flag.total, flag.categories, flag.outcome) == (full.total, full.categories,
                                                          full.outcome)
    assert full.unassessed == ()
    assert any("未评" in w for w in flag.warnings) == bool(expected)
    if expected:
        with pytest.raises(civscore.AssessmentError):
            civscore.score(r, a, unassessed="error")
        with pytest.raises(UnassessedError):
            reference_score(r, a, "error")
    else:
        assert civscore.score(r, a, unassessed="error") == full


@PROPERTY
@given(st.data())
def test_removing_a_finding_under_error_is_refused_naming_the_item(data: st.DataObject) -> None:
    r = data.draw(rubrics())
    r = attrs.evolve(r, unassessed="error")
    plain = data.draw(assessment_data(r))
    civscore.score(r, assessment_from_dict(plain))  # every leaf has its finding
    # The findings of the leaves the policy is about: deduct and award leaves,
    # outside not-applicable items.
    outside_na = _unassessed_by_hand(r, {"findings": [
        f for f in plain["findings"] if f.get("not_applicable")]})
    optional = [f for f in plain["findings"] if f["criterion"] in outside_na]
    if not optional:
        return
    dropped = data.draw(st.sampled_from(optional))
    fewer = {**plain, "findings": [f for f in plain["findings"] if f is not dropped]}
    with pytest.raises(civscore.AssessmentError) as caught:
        civscore.score(r, assessment_from_dict(fewer))
    assert caught.value.path == "$.findings"
    assert caught.value.message.startswith(dropped["criterion"] + ":")
