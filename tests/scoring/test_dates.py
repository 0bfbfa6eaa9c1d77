"""Dates that cannot be right (civscore.scoring.validate.date_problems and
decide.bar_warnings): each is an error naming its key path, or a warning in
the scorecard (its JSON included), as ``docs/refuses.md`` lists; a bar is
never left out without a word; a finding is never both scored and not
applicable.

The windows are worked out by hand: 24 months back from 2024-11-30 opens
on 2022-11-30.
"""

from __future__ import annotations

import datetime

import pytest
from conftest import assessment_from_toml, rubric_from_toml
from hypothesis import given, settings
from hypothesis import strategies as st

from civscore import AssessmentError, check_assessment, score
from civscore.messages import use_language
from civscore.model import Assessment, BarFinding, Rubric
from civscore.scoring.validate import date_problems, period_start

RUBRIC = """
version = "2024"
total = 10
categories = [{ id = "work", title = "业务工作", points = 10, method = "direct" }]
bars = [{ id = "accident", text = "申报前两年内发生重大安全生产事故", lookback_months = 24 }]
vetoes = [{ id = "crime", text = "员工发生刑事案件" }]
"""

FINDING = '\n[[findings]]\ncriterion = "work"\npoints = 9\n'


@pytest.fixture
def rubric() -> Rubric:
    return rubric_from_toml(RUBRIC)


def make_assessment(text: str) -> Assessment:
    """An assessment of the rubric above, t@2024."""
    return assessment_from_toml(f'rubric = "t@2024"\n{text}')


def refused(rubric: Rubric, assessment: Assessment) -> AssessmentError:
    """The error of score(), and check_assessment reporting the same."""
    with pytest.raises(AssessmentError) as caught:
        score(rubric, assessment)
    errors = [(f.path, f.message) for f in check_assessment(rubric, assessment)
              if f.severity == "error"]
    assert (caught.value.path, caught.value.message) in errors
    return caught.value


# ------------------------------------------------------------------ bars


def test_bar_dated_after_the_assessment_is_refused(rubric: Rubric) -> None:
    """Outside its window [2022-11-30, 2024-11-30] it was skipped, and the
    unit awarded: a typo of the year let a barred unit through."""
    error = refused(rubric, make_assessment(f"""
assessed_on = 2024-11-30
bars = [{{ bar = "accident", date = 2024-12-01 }}]
{FINDING}"""))
    assert error.path == "$.bars[0].date"
    assert "2024-12-01 is after the assessment date 2024-11-30" in error.message


def test_bar_dated_before_its_window_is_a_warning_in_the_scorecard(
        rubric: Rubric) -> None:
    card = score(rubric, make_assessment(f"""
assessed_on = 2024-11-30
bars = [{{ bar = "accident", date = 2021-06-01 }}, {{ bar = "accident", date = 2022-11-30 }}]
{FINDING}"""))
    # The second is inside (the window's first day): ineligible all the same.
    assert [b.inside for b in card.bars] == [False, True]
    assert card.outcome.status == "ineligible"
    expected = ("$.bars[0].date: 不得申报情形“申报前两年内发生重大安全生产事故”的日期2021-06-01"
                "不在回溯期2022-11-30至2024-11-30内，不影响申报；请核对日期")
    assert [w for w in card.warnings if w.startswith("$.bars")] == [expected]
    assert expected in card.to_dict()["warnings"]
    outside = [f for f in check_assessment(rubric, make_assessment(f"""
assessed_on = 2024-11-30
bars = [{{ bar = "accident", date = 2021-06-01 }}]
{FINDING}""")) if f.code == "bar-outside-window"]
    assert [(f.severity, f"{f.path}: {f.message}") for f in outside] == [(
        "warning", "$.bars[0].date: the bar “申报前两年内发生重大安全生产事故” dated 2021-06-01 is "
        "outside its look-back window 2022-11-30 to 2024-11-30: it does not bar the unit; check "
        "the date")]
    with use_language("zh"):
        outside = [f for f in check_assessment(rubric, make_assessment(f"""
assessed_on = 2024-11-30
bars = [{{ bar = "accident", date = 2021-06-01 }}]
{FINDING}""")) if f.code == "bar-outside-window"]
    assert [f"{f.path}: {f.message}" for f in outside] == [expected]


@settings(max_examples=60, deadline=None)
@given(on=st.dates(datetime.date(2001, 1, 1), datetime.date(2025, 12, 31)),
       offset=st.integers(-2000, 400))
def test_a_bar_is_never_left_out_without_a_word(on: datetime.date, offset: int) -> None:
    """Whatever its date: refused, or it bars the unit, or a warning says it does not."""
    rubric = rubric_from_toml(RUBRIC)
    day = on + datetime.timedelta(days=offset)
    assessment = make_assessment(FINDING)
    assessment = Assessment(rubric=assessment.rubric, unit=assessment.unit, assessed_on=on,
                            findings=assessment.findings, bars=(BarFinding("accident", day),))
    if day > on:
        assert refused(rubric, assessment).path == "$.bars[0].date"
        return
    card = score(rubric, assessment)
    if card.bars[0].inside:
        assert card.outcome.status == "ineligible"
    else:
        assert card.outcome.status == "unrated"  # no levels declared
        assert any(w.startswith("$.bars[0].date: ") for w in card.warnings)


# ------------------------------------------------------------------ the assessment date


def test_assessment_date_in_the_future_is_refused(rubric: Rubric) -> None:
    error = refused(rubric, make_assessment(f"assessed_on = 2999-01-01\n{FINDING}"))
    assert error.path == "$.assessed_on"
    assert "2999-01-01 is in the future" in error.message


def test_tomorrow_is_allowed_for_time_zones_the_day_after_is_not(
        rubric: Rubric) -> None:
    today = datetime.date(2024, 11, 30)
    tomorrow = make_assessment(f"assessed_on = 2024-12-01\n{FINDING}")
    assert date_problems(rubric, tomorrow, today) == []
    later = make_assessment(f"assessed_on = 2024-12-02\n{FINDING}")
    (problem,) = date_problems(rubric, later, today)
    assert (problem.path, problem.severity) == ("$.assessed_on", "error")
    assert problem.message.startswith("2024-12-02 is in the future (today is 2024-11-30)")


def test_assessment_date_before_the_rubrics_period_is_a_warning(
        rubric: Rubric) -> None:
    """The rubric is version 2024: an assessment dated 2023-12-31 cannot be
    against it; 2024-01-01 can."""
    card = score(rubric, make_assessment(f"assessed_on = 2023-12-31\n{FINDING}"))
    expected = ("$.assessed_on: 测评日期2023-12-31早于测评体系t@2024的期间（2024），请核对")
    # the warnings are part of the result: Chinese, whatever the language
    with use_language("en"):
        assert expected in score(rubric, make_assessment(
            f"assessed_on = 2023-12-31\n{FINDING}")).warnings
    assert expected in card.warnings
    assert expected in card.to_dict()["warnings"]
    assert card.total.raw == 9  # a warning: the score is the same
    card = score(rubric, make_assessment(f"assessed_on = 2024-01-01\n{FINDING}"))
    assert not [w for w in card.warnings if w.startswith("$.assessed_on")]
    warnings = [f for f in check_assessment(rubric, make_assessment(
        f"assessed_on = 2023-12-31\n{FINDING}")) if f.path == "$.assessed_on"]
    assert [f.severity for f in warnings] == ["warning"]
    # check speaks the caller's language (English by default in a program)
    assert [f.message for f in warnings] == [
        "the assessment date 2023-12-31 is before the period of rubric t@2024 (2024); check it"]


@pytest.mark.parametrize(("version", "start"), [
    ("2024", datetime.date(2024, 1, 1)), ("2010-2011", datetime.date(2010, 1, 1)),
    ("2021年版", datetime.date(2021, 1, 1)), ("undated", None), ("20241", None), ("v2", None)])
def test_period_start(version: str, start: datetime.date | None) -> None:
    assert period_start(rubric_from_toml(RUBRIC.replace('"2024"', f'"{version}"'))) == start


# ------------------------------------------------------------------ vetoes


def test_veto_dated_after_the_assessment_vetoes_with_a_warning(
        rubric: Rubric) -> None:
    card = score(rubric, make_assessment(f"""
assessed_on = 2024-11-30
vetoes = [{{ veto = "crime", date = 2024-12-15 }}]
{FINDING}"""))
    assert card.outcome.status == "vetoed"
    assert ("$.vetoes[0].date: 一票否决情形的日期2024-12-15晚于测评日期2024-11-30，仍予否决，"
            "请核对") in card.warnings


def test_veto_dated_in_the_future_is_refused(rubric: Rubric) -> None:
    error = refused(rubric, make_assessment(
        f'vetoes = [{{ veto = "crime", date = 2999-01-01 }}]\n{FINDING}'))
    assert error.path == "$.vetoes[0].date"


def test_plain_dates_give_no_warning(rubric: Rubric) -> None:
    card = score(rubric, make_assessment(f"""
assessed_on = 2024-11-30
vetoes = [{{ veto = "crime", date = 2024-05-01 }}]
bars = [{{ bar = "accident", date = 2023-01-01 }}]
{FINDING}"""))
    assert card.warnings == score(rubric, make_assessment(FINDING)).warnings


# ------------------------------------------------------------------ not applicable


METHOD = 'method = "direct"'


@pytest.mark.parametrize(("rubric_toml", "value"), [
    ("", "points = 9"),
    ('method = "tiered"\ntiers = [{ id = "good", title = "好", points = 10 }]', 'tier = "good"'),
    ('method = "all_or_nothing"', "met = true"),
    ('method = "ratio"\ntarget = 95\ndeduct_per_point = 1', "rate = 90"),
    ('method = "deduct"\nrules = [{ id = "r", text = "扣", deduct = 1 }]',
     'hits = [{ rule = "r" }]'),
])
def test_a_finding_both_scored_and_not_applicable_is_refused(
        rubric_toml: str,
        value: str) -> None:
    """It was scored as not applicable, its value dropped without a word."""
    rubric = rubric_from_toml('version = "2024"\ntotal = 10\n[[categories]]\nid = "work"\n'
                              f'title = "业务工作"\npoints = 10\n{rubric_toml or METHOD}\n')
    error = refused(rubric, make_assessment(f"""
[[findings]]
criterion = "work"
{value}
not_applicable = true
reason = "本单位无此项"
"""))
    assert error.path == "$.findings[0].not_applicable"
    key = value.split(" ", maxsplit=1)[0]
    assert f"also gives {key}: an item is either scored or not applicable" in error.message


def test_not_applicable_with_a_claim_only_is_still_fine(
        rubric: Rubric) -> None:
    card = score(rubric, make_assessment("""
[[findings]]
criterion = "work"
not_applicable = true
reason = "本单位无此项"
claimed = 9
"""))
    assert card.total.raw == 0  # everything not applicable scores 0 (docs/design.md)
