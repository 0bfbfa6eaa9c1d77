"""Grade scales (评分等级: ``A为本项指标内容得分的100%，B为66%，C为33%，D为0分``),
worked by hand.

A grade gives its fraction of the item's own points: exact unless the scale
declares ``places`` (then rounded by its ``mode``).  The scale is the item's
own ``scale``, else the rubric's.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import civscore
from civscore.exceptions import AssessmentError
from civscore.files import parse_toml
from civscore.model import Rubric, item_tiers

D = Decimal

#: The 湖南 文明校园 grade scale (quoted, ../shared/RUBRICS-FOUND.md R8) on invented items.
RUBRIC = (Path(__file__).parents[1] / "data" / "grade-scales.toml").read_text(encoding="utf-8")


def rubric(text: str = RUBRIC) -> Rubric:
    return civscore.rubric_from_dict(parse_toml(text), source="grades.toml")


def card(tiers: dict[str, str]) -> civscore.Scorecard:
    return civscore.score(rubric(), civscore.assessment_from_dict({
        "rubric": "hand.grades@1", "unit": "某校",
        "findings": [{"criterion": path, "tier": tier} for path, tier in tiers.items()]}))


def test_grades_give_their_fraction_of_each_items_points() -> None:
    # B of 1.5 = 0.66 × 1.5 = 0.99; C of 3 = 0.33 × 3 = 0.99; C of 1.5 at one
    # place, half-up: 0.495 → 0.5; own tier good = 4.  0.99 + 0.99 + 0.5 + 4 = 6.48
    got = card({"lead.party": "b", "lead.plan": "c", "lead.rounded": "c", "own": "good"})
    assert got.item("lead.party").score == D("0.99")
    assert got.item("lead.plan").score == D("0.99")
    assert got.item("lead.rounded").score == D("0.5")
    assert got.item("own").score == 4
    assert got.item("lead").score == D("2.48")
    assert got.total.raw == D("6.48")


def test_exact_by_default() -> None:
    # C of 1.5 without places: 0.33 × 1.5 = 0.495, kept exact; A of 3 = 3; total 3.495 + 1
    got = card({"lead.party": "c", "lead.plan": "a", "lead.rounded": "a", "own": "poor"})
    assert got.item("lead.party").score == D("0.495")
    assert got.item("lead").score == D("0.495") + 3 + D("1.5")
    assert got.total.raw == D("5.995")


@pytest.mark.parametrize(("mode", "places", "expected"), [
    ("half-up", 2, "0.50"), ("half-even", 2, "0.50"), ("down", 2, "0.49"), ("up", 1, "0.5"),
    ("down", 0, "0"), ("up", 0, "1"),
])
def test_a_scale_rounds_by_its_declared_mode(mode: str, places: int, expected: str) -> None:
    # 0.33 × 1.5 = 0.495: half-up 0.50; half-even 0.50 (9 is odd, so up); down 0.49;
    # up at one place 0.5; at no places down 0, up 1.
    text = RUBRIC.replace('places = 1\nmode = "half-up"', f'places = {places}\nmode = "{mode}"')
    r = rubric(text)
    rounded = r.categories[0].criteria[2]
    assert {t.id: t.points for t in item_tiers(r, rounded)}["c"] == D(expected)


def test_an_unknown_grade_is_refused_naming_the_grades() -> None:
    with pytest.raises(AssessmentError) as info:
        card({"lead.party": "e", "lead.plan": "a", "lead.rounded": "a", "own": "good"})
    assert info.value.path == "$.findings[0].tier"
    assert "a, b, c, d" in info.value.message
