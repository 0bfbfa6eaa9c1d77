"""Overlays that move items (``[[add]] gather``) and mark their own parts:
a city that puts a province's categories inside one part of its own, as
合肥 2013 does with the 13 national items inside 创建业务活动."""

from __future__ import annotations

import pytest

from civscore import RubricError
from civscore.files.loader import parse_toml, rubric_from_dict
from civscore.model import Rubric, marked_parts
from civscore.plugins.overlay import apply_overlay, overlay_from_dict

BASE = """
id = "base"
version = "1"
title = "示例基础测评体系"
provenance = "quoted"
source = "written for the tests"
total = 20

[[categories]]
id = "leifeng"
title = "学雷锋活动"
points = 12
  [[categories.criteria]]
  id = "plan"
  title = "活动方案"
  points = 4
  method = "direct"
  [[categories.criteria]]
  id = "rest"
  title = "其余"
  points = 8
  method = "direct"

[[categories]]
id = "volunteer"
title = "志愿服务活动"
points = 8
method = "direct"
"""

#: The two base categories (12 + 8 = 20) inside a part of 20, beside a new part of 5.
OVERLAY = """
extends = "base@1"
id = "city"
version = "2"
title = "示例市测评体系"
provenance = "illustrative"
source = "written for the tests"
total = 25

[[overrides]]
path = "categories.volunteer"
provenance = "illustrative"

[[add]]
parent = "categories"
id = "work"
title = "创建业务活动"
points = 20
provenance = "official"
source = "http://example.gov.cn/table"
gather = ["categories.leifeng", "categories.volunteer"]

[[add]]
parent = "categories"
id = "tasks"
title = "配合开展各项工作"
points = 5
method = "direct"
provenance = "official"
source = "http://example.gov.cn/table"
"""


def _base() -> Rubric:
    return rubric_from_dict(parse_toml(BASE), source="<base>")


def test_gathered_items_move_inside_the_new_one() -> None:
    resolved = apply_overlay(overlay_from_dict(parse_toml(OVERLAY)), _base())
    rubric = resolved.rubric
    assert [c.id for c in rubric.categories] == ["work", "tasks"]
    work = rubric.categories[0]
    assert [c.id for c in work.criteria] == ["leifeng", "volunteer"]
    assert [c.id for c in work.criteria[0].criteria] == ["plan", "rest"]
    assert rubric.total == 25  # 12 + 8 inside 20, and 5
    assert [(c.path, c.what) for c in resolved.changes] == [
        ("total", "changed"), ("categories.volunteer.provenance", "changed"),
        ("categories.leifeng", "removed"), ("categories.volunteer", "removed"),
        ("categories.work", "added"), ("categories.tasks", "added")]


def test_a_gathered_item_keeps_the_weakest_provenance_it_had() -> None:
    rubric = apply_overlay(overlay_from_dict(parse_toml(OVERLAY)), _base()).rubric
    got = {p.path: p.provenance for p in marked_parts(rubric)}
    # 学雷锋活动 said nothing of itself: it is the overlay's illustrative, not
    # the official of the part it now sits in.
    assert got["categories.work"] == "official"
    assert got["categories.work.leifeng"] == "illustrative"
    assert got["categories.work.leifeng.plan"] == "illustrative"
    assert got["categories.work.volunteer"] == "illustrative"
    assert got["categories.tasks"] == "official"


@pytest.mark.parametrize(("old", "new", "path"), [
    ('"categories.volunteer"]', '"categories.nothing"]', "$.add[0].gather[1]"),
    ('gather = ["categories.leifeng", "categories.volunteer"]', 'gather = "categories.leifeng"',
     "$.add[0].gather"),
])
def test_gather_errors_name_the_key(old: str, new: str, path: str) -> None:
    with pytest.raises(RubricError) as caught:
        apply_overlay(overlay_from_dict(parse_toml(OVERLAY.replace(old, new))), _base())
    assert caught.value.path == path
