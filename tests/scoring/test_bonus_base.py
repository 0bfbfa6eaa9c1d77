"""Bonus only above a base (基本分达到X分以上的，方可计算加分: ``min_base``
on the bonus and on a bonus item), worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

import civscore
from civscore.files import parse_toml
from civscore.results.render import render_text

D = Decimal

RUBRIC = """
id = "hand.bonus-base"
version = "1"
title = "加分门槛示例"
total = 100
provenance = "illustrative"
source = "worked by hand for tests/scoring/test_bonus_base.py"

[bonus]
cap = 5
min_base = 80
items = [
  { id = "city", text = "获市级表彰", points = 1, group = "honours" },
  { id = "province", text = "获省级表彰", points = 3, group = "honours", min_base = 90 },
  { id = "volunteer", text = "志愿服务典型，每项0.5分", points = 0.5, max_count = 2 },
]

[[categories]]
id = "work"
title = "业务工作"
points = 100
method = "direct"
"""


def card(base: int) -> civscore.Scorecard:
    rubric = civscore.rubric_from_dict(parse_toml(RUBRIC))
    text = f"""
rubric = "hand.bonus-base@1"
unit = "某单位"
bonus = [{{ item = "city" }}, {{ item = "province" }}, {{ item = "volunteer", count = 3 }}]
findings = [{{ criterion = "work", points = {base} }}]
"""
    return civscore.score(rubric, civscore.assessment_from_dict(
        parse_toml(text)))


def test_above_every_base_nothing_is_withheld() -> None:
    # 95 ≥ 90 ≥ 80: province 3 beats city 1 in its group; volunteer 0.5 × 2.
    got = card(95)
    assert (got.bonus.gross, got.bonus.total, got.bonus.withheld) == (D(3) + D("0.5") * 2,
                                                                       D(4), D(0))
    assert got.total.raw == 95 + 4


def test_below_an_items_base_the_item_is_earned_not_counted() -> None:
    # 85 ≥ 80 but < 90: province (3) is withheld, so city (1) is the highest
    # honour that counts; 1 + 0.5 × 2 = 2.
    got = card(85)
    lines = {line.item: line for line in got.bonus.lines}
    assert (lines["province"].points, lines["province"].counted) == (D(3), D(0))
    assert lines["province"].reason == "基本分85未达到90分，不计"
    assert lines["city"].counted == 1
    assert (got.bonus.total, got.bonus.withheld) == (D(2), D(3))
    assert got.total.raw == 85 + 2
    (event,) = [e for e in got.audit if e.kind == "bonus-base"]
    # The change to the bonus: the 3 points earned, not counted.
    assert (event.step, event.path, event.amount) == (4, "bonus.province", D(-3))


def test_below_the_bonus_base_nothing_counts() -> None:
    # 70 < 80: nothing counts; withheld: province 3 (its own base) + city 1
    # + volunteer 1 (the bonus's base).
    got = card(70)
    assert (got.bonus.gross, got.bonus.total, got.bonus.withheld) == (D(0), D(0), D(5))
    assert got.total.raw == 70
    assert {line.reason for line in got.bonus.lines} == {
        "基本分70未达到90分，不计", "基本分70未达到80分，不计",
        "最多计2次；基本分70未达到80分，不计"}
    assert [e.path for e in got.audit if e.kind == "bonus-base"] == ["bonus.province", "bonus"]
    assert "加分（上限5）（基本分未达要求，5分不计）" in render_text(got)


def test_the_base_is_inclusive() -> None:
    assert card(80).bonus.total == 1 + D("0.5") * 2  # 80 reaches 80, not 90
    assert card(90).bonus.total == 3 + D("0.5") * 2


@pytest.mark.parametrize(("old", "new", "path"), [
    ("min_base = 80", "min_base = 101", "$.bonus.min_base"),
    ("min_base = 90", "min_base = 100.5", "$.bonus.items[1].min_base"),
])
def test_a_base_above_the_total_is_refused(old: str, new: str, path: str) -> None:
    data = parse_toml(RUBRIC.replace(old, new))
    with pytest.raises(civscore.RubricError) as caught:
        civscore.rubric_from_dict(data, source="r.toml")
    assert caught.value.path == path
    assert "is above the base total 100, so the bonus could never count" in caught.value.message


def test_an_items_base_at_or_below_the_bonus_base_never_decides() -> None:
    shadowed = RUBRIC.replace("min_base = 90", "min_base = 75")
    found = civscore.check_rubric(civscore.rubric_from_dict(
        parse_toml(shadowed)))
    assert [(f.code, f.path) for f in found if f.code == "bonus-base-shadowed"] == [
        ("bonus-base-shadowed", "$.bonus.items[1].min_base")]
    assert not [f for f in civscore.check_rubric(civscore.rubric_from_dict(
        parse_toml(RUBRIC))) if f.code == "bonus-base-shadowed"]
