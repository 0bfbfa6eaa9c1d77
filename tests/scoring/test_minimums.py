"""A level's minimum standards (单项最低分: 节能降耗 at least 6 points for
文明单位标兵) and gates every level needs (``all_levels``), worked by hand.

The rubric (tests/data/minimums.toml): 环境建设 12 = 节能降耗 8 + 绿化美化 4,
优质服务 8; 文明单位 at 12; 文明单位标兵 at 16, with 节能降耗 ≥ 6, 优质服务 ≥ 7.5
and the gate two-years; the gate report is needed for every level.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import civscore
from civscore.exceptions import RubricError
from civscore.files import parse_toml
from civscore.model import Rubric

D = Decimal
TEXT = (Path(__file__).parents[1] / "data" / "minimums.toml").read_text(encoding="utf-8")


def data() -> dict[str, Any]:
    return parse_toml(TEXT)


def rubric(changed: dict[str, Any] | None = None) -> Rubric:
    return civscore.rubric_from_dict(changed or data(), source="minimums.toml")


def card(energy: str, green: str, service: str, *, gates: dict[str, bool] | None = None,
         na: str = "") -> civscore.Scorecard:
    figures = {"env.energy": energy, "env.green": green, "service": service}
    findings: list[dict[str, Any]] = [
        {"criterion": path, "not_applicable": True, "reason": "本单位无此项"} if path == na
        else {"criterion": path, "points": D(value)} for path, value in figures.items()]
    return civscore.score(rubric(), civscore.assessment_from_dict({
        "rubric": "hand.minimums@1", "unit": "某单位", "findings": findings,
        "gates": {"report": True, "two-years": True} if gates is None else gates}))


def test_every_minimum_met_awards_the_higher_level() -> None:
    # 6 + 4 + 8 = 18 ≥ 16; energy 6 ≥ 6 (inclusive); service 8 ≥ 7.5
    got = card("6", "4", "8")
    assert got.total.raw == 18
    assert got.outcome.level == "model"


def test_a_minimum_missed_keeps_the_lower_level() -> None:
    # 5.5 + 4 + 8 = 17.5 ≥ 16, but energy 5.5 < 6: 文明单位 (17.5 ≥ 12)
    got = card("5.5", "4", "8")
    assert got.total.raw == D("17.5")
    assert got.outcome.level == "civilized"
    model = next(c for c in got.levels if c.level == "model")
    assert not model.met
    assert model.unmet == ("节能降耗得分5.5低于本等次要求的6分",)
    assert got.next_level is not None
    assert got.next_level.unmet == ("节能降耗得分5.5低于本等次要求的6分",)


def test_two_minimums_missed_are_both_said() -> None:
    # 5 + 4 + 7 = 16 reaches 16 (inclusive), but energy 5 < 6 and service 7 < 7.5
    got = card("5", "4", "7")
    assert got.total.raw == 16
    model = next(c for c in got.levels if c.level == "model")
    assert model.unmet == ("节能降耗得分5低于本等次要求的6分", "优质服务得分7低于本等次要求的7.5分")


def test_a_gate_of_every_level_holds_back_every_level() -> None:
    # 18 points, every minimum met, but the report gate (all_levels) is not passed:
    # neither 文明单位 nor 文明单位标兵, though neither level names it
    got = card("6", "4", "8", gates={"two-years": True})
    assert got.outcome.status == "not_awarded"
    for check in got.levels:
        assert check.unmet == ("前置条件未满足：按时报送创建工作总结",)


def test_a_gate_of_one_level_holds_back_that_level_only() -> None:
    got = card("6", "4", "8", gates={"report": True})
    assert got.outcome.level == "civilized"


def test_a_minimum_on_an_item_not_applicable_is_not_applied() -> None:
    # energy not applicable: 12 − 8 = 4 points remain of env; base 4 + 8 = 12 of 12,
    # rescaled × 20/12 = 20 ≥ 16; the energy minimum is not applied, service 8 ≥ 7.5
    got = card("0", "4", "8", na="env.energy")
    assert got.total.raw == 20
    assert got.outcome.level == "model"


def test_a_minimum_on_a_category_uses_its_own_score() -> None:
    changed = data()
    changed["levels"][1]["minimums"] = [{"item": "env", "at_least": 11}]
    r = rubric(changed)
    got = civscore.score(r, civscore.assessment_from_dict({
        "rubric": "hand.minimums@1", "unit": "某单位",
        "findings": [{"criterion": "env.energy", "points": 8},
                     {"criterion": "env.green", "points": D("2.5")},
                     {"criterion": "service", "points": 8}],
        "gates": {"report": True, "two-years": True}}))
    # env 8 + 2.5 = 10.5 < 11: 文明单位 only, though 18.5 ≥ 16
    assert got.outcome.level == "civilized"
    assert next(c for c in got.levels if c.level == "model").unmet == (
        "环境建设得分10.5低于本等次要求的11分",)


@pytest.mark.parametrize(("minimum", "path", "words"), [
    ({"item": "env.water", "at_least": 1}, "$.levels[1].minimums[0].item", "env.water"),
    ({"item": "energy", "at_least": 1}, "$.levels[1].minimums[0].item", "energy"),
    ({"item": "env.energy", "at_least": D("8.5")}, "$.levels[1].minimums[0].at_least", "8.5"),
    ({"item": "env", "at_least": 13}, "$.levels[1].minimums[0].at_least", "12"),
])
def test_bad_minimums_are_located(minimum: dict[str, Any], path: str, words: str) -> None:
    changed = data()
    changed["levels"][1]["minimums"] = [minimum]
    with pytest.raises(RubricError) as info:
        rubric(changed)
    assert info.value.path == path
    assert info.value.source == "minimums.toml"
    assert words in info.value.message
