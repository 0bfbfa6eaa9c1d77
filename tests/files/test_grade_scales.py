"""Grade scales (评分等级) in the rubric file: each problem refused at its key
path (the scoring is in tests/scoring/test_grade_scales.py, whose rubric
these tests break one key at a time)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import civscore
from civscore.cli.show import render_rubric
from civscore.exceptions import RubricError
from civscore.files import parse_toml
from civscore.files.template import assessment_template
from civscore.model import Rubric

D = Decimal
RUBRIC = (Path(__file__).parents[1] / "data" / "grade-scales.toml").read_text(encoding="utf-8")


def rubric(text: str = RUBRIC) -> Rubric:
    return civscore.rubric_from_dict(parse_toml(text), source="grades.toml")


def test_show_and_template_list_the_grades() -> None:
    shown = render_rubric(rubric())
    assert "评分等级 abcd：评分等级" in shown
    assert "0.99  档次 b：B" in shown
    assert "0.5  档次 c：C" in shown  # tenths: 0.495 rounded half-up to one place
    template = assessment_template(rubric())
    assert '"c" = C 0.495分' in template


def _error(text: str) -> RubricError:
    with pytest.raises(RubricError) as info:
        rubric(text)
    return info.value


BAD: list[tuple[str, str, str, str]] = [
    ("fraction = 0.66", "fraction = 1.2", "$.grade_scales[0].grades[1].fraction", "0 到 1|0 and 1"),
    ("fraction = 0.33 },\n  { id = \"d\"", "fraction = -0.1 },\n  { id = \"d\"",
     "$.grade_scales[0].grades[2].fraction", "≥ 0"),
    ('scale = "tenths"', 'scale = "abc"', "$.categories[0].criteria[2].scale", "abc"),
    ('scale = "abcd"\n', 'scale = "none"\n', "$.scale", "none"),
    ('method = "tiered"\n  scale = "tenths"',
     'method = "tiered"\n  scale = "tenths"\n  tiers = [{ id = "x", title = "X", points = 1 }]',
     "$.categories[0].criteria[2].scale", "tenths"),
    ('method = "tiered"\n  scale = "tenths"', 'method = "direct"\n  scale = "tenths"',
     "$.categories[0].criteria[2].scale", "tiered"),
    ('id = "tenths"', 'id = "abcd"', "$.grade_scales[1].id", "abcd"),
]


@pytest.mark.parametrize(("old", "new", "path", "words"), BAD)
def test_bad_scales_are_located(old: str, new: str, path: str, words: str) -> None:
    assert old in RUBRIC
    error = _error(RUBRIC.replace(old, new, 1))
    assert error.path == path
    assert error.source == "grades.toml"
    assert any(w in error.message for w in words.split("|"))


def test_a_scale_without_grades_is_refused() -> None:
    data: dict[str, Any] = parse_toml(RUBRIC)
    data["grade_scales"][1]["grades"] = []
    with pytest.raises(RubricError) as info:
        civscore.rubric_from_dict(data)
    assert info.value.path == "$.grade_scales[1].grades"
    assert "fraction = 1" in info.value.message


def test_a_tiered_item_without_tiers_or_scale_is_still_refused() -> None:
    data: dict[str, Any] = parse_toml(RUBRIC)
    del data["scale"]
    with pytest.raises(RubricError) as info:
        civscore.rubric_from_dict(data)
    assert info.value.path == "$.categories[0].criteria[0].tiers"
