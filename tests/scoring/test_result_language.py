"""A scorecard does not depend on the language messages are given in: its
warnings are part of the result, Chinese in every language, with no English
aside (docs/cli.md "Language"); ``check`` reports the same problems in the
caller's language."""

from __future__ import annotations

import datetime
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import assessments, rubrics

from civscore import Rubric, check_assessment, score
from civscore.files.loader import assessment_from_dict, rubric_from_dict
from civscore.messages import use_language
from civscore.model import Assessment

#: a run of three or more English words, outside quotes and key paths
ENGLISH = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|\S*[$/]\S*")


@st.composite
def scored(draw: st.DrawFn) -> tuple[Rubric, Assessment]:
    rubric = draw(rubrics())
    return rubric, draw(assessments(rubric))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scored())
def test_a_scorecard_is_the_same_in_every_language(case: tuple[Rubric, Assessment]) -> None:
    rubric, assessment = case
    with use_language("zh"):
        zh = score(rubric, assessment).to_dict()
    with use_language("en"):
        en = score(rubric, assessment).to_dict()
    assert zh == en
    for warning in zh["warnings"]:
        assert not ENGLISH.findall(QUOTED.sub(" ", warning)), warning


RUBRIC = {
    "id": "t", "version": "2024", "title": "测试评分细则", "provenance": "illustrative",
    "source": "written for the civscore tests", "total": 10,
    "categories": [{"id": "a", "title": "甲", "points": 10, "method": "direct"}],
    "vetoes": [{"id": "crime", "text": "发生刑事案件"}],
    "bars": [{"id": "accident", "text": "申报前两年内发生重大安全生产事故", "lookback_months": 24}],
}


def test_every_kind_of_scorecard_warning_is_chinese() -> None:
    """An illustrative rubric, an assessment dated before its period (2024),
    a veto dated after the assessment and a bar finding before its window:
    four warnings, each written out by hand from the catalogue."""
    rubric = rubric_from_dict(RUBRIC)
    assessment = assessment_from_dict({
        "rubric": "t@2024", "unit": "某局", "assessed_on": datetime.date(2023, 12, 31),
        "findings": [{"criterion": "a", "points": 9}],
        "vetoes": [{"veto": "crime", "date": datetime.date(2024, 1, 5)}],
        "bars": [{"bar": "accident", "date": datetime.date(2020, 6, 1)}]})
    with use_language("en"):
        card = score(rubric, assessment)
        english = [f"{f.path}: {f.message}" for f in check_assessment(rubric, assessment)
                   if f.severity == "warning"]
    assert card.warnings == (
        "测评体系 t@2024 为示例（illustrative）：分值系虚构，并非任何地方的正式标准",
        "$.assessed_on: 测评日期2023-12-31早于测评体系t@2024的期间（2024），请核对",
        "$.vetoes[0].date: 一票否决情形的日期2024-01-05晚于测评日期2023-12-31，仍予否决，请核对",
        "$.bars[0].date: 不得申报情形“申报前两年内发生重大安全生产事故”的日期2020-06-01不在回溯期"
        "2021-12-31至2023-12-31内，不影响申报；请核对日期",
    )
    # check: the same problems, in the caller's language
    assert "$.vetoes[0].date: the veto's date 2024-01-05 is after the assessment date " \
           "2023-12-31; it vetoes all the same; check it" in english
