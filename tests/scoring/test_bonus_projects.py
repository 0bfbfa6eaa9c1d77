"""Bonus counted by project (同一项目所获不同档次的荣誉称号，只计算最高荣誉称号的
奖励分: ``bonus.projects`` and a claim's ``project``), worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

import civscore
from civscore.files import parse_toml
from civscore.results.render import render_csv, render_text

D = Decimal

RUBRIC = """
id = "hand.projects"
version = "1"
title = "按项目计加分示例"
total = 10
provenance = "illustrative"
source = "worked by hand for tests/scoring/test_bonus_projects.py"

[bonus]
projects = "项目"
items = [
  { id = "province", text = "获省级荣誉", points = 2 },
  { id = "city", text = "获市级荣誉", points = 1, max_count = 3 },
]

[[categories]]
id = "work"
title = "业务工作"
points = 10
method = "direct"
"""


def rubric(text: str = RUBRIC) -> civscore.Rubric:
    return civscore.rubric_from_dict(parse_toml(text), source="r.toml")


def card(claims: str, text: str = RUBRIC) -> civscore.Scorecard:
    data = parse_toml(f'rubric = "hand.projects@1"\nunit = "某单位"\nbonus = {claims}\n'
                         'findings = [{ criterion = "work", points = 8 }]')
    return civscore.score(rubric(text), civscore.assessment_from_dict(data))


CLAIMS = """[
  { item = "city", count = 3, project = "甲" },
  { item = "province", project = "甲" },
  { item = "city", project = "乙" },
  { item = "city" },
]"""


def test_within_a_project_only_the_highest_honour_counts() -> None:
    # 甲: three city honours (3 × 1 = 3) and a province honour (2): the honour
    # with the most points per award is the province one, so 甲 counts 2, not
    # 3. 乙: one city honour, 1. Without a project: one city honour, 1.
    got = card(CLAIMS)
    assert [(line.item, line.project, line.points, line.counted) for line in got.bonus.lines] == [
        ("city", "甲", D(3), D(0)), ("province", "甲", D(2), D(2)),
        ("city", "乙", D(1), D(1)), ("city", "", D(1), D(1))]
    assert got.bonus.lines[0].reason == "同一项目（甲）只计最高一项"
    assert got.bonus.total == 2 + 1 + 1
    assert got.total.raw == 8 + 4
    (event,) = [e for e in got.audit if e.kind == "bonus-project"]
    # The change to the bonus: 甲's city honour, 3, not counted.
    assert (event.step, event.path, event.amount) == (4, "bonus.city", D(-3))


def test_max_count_holds_per_project_and_shows_in_the_table() -> None:
    # city may count 3 times in each project: 4 claimed in 丙 count 3, and
    # 2 in 丁 count 2; province once per project (max_count 1 by default).
    got = card('[{ item = "city", count = 4, project = "丙" }, '
               '{ item = "city", count = 2, project = "丁" }, '
               '{ item = "province", count = 2 }]')
    assert [line.counted for line in got.bonus.lines] == [D(3), D(2), D(2)]
    assert [line.reason for line in got.bonus.lines] == ["最多计3次（丙）", "", "最多计1次"]
    assert got.bonus.total == 3 + 2 + 2
    text = render_text(got)
    assert "  获市级荣誉（丙）×4：最多计3次（丙）" in text
    assert "  获省级荣誉×2：最多计1次" in text
    rows = {row.split(",")[1]: row.split(",") for row in render_csv(got).splitlines()}
    assert rows["获省级荣誉×2：最多计1次"][0] == "$bonus.province"
    assert (rows["获省级荣誉×2：最多计1次"][2], rows["获省级荣誉×2：最多计1次"][4]) == ("4", "2")


def test_a_project_on_a_rubric_without_projects_is_refused() -> None:
    plain = RUBRIC.replace('projects = "项目"\n', "")
    with pytest.raises(civscore.AssessmentError) as caught:
        card(CLAIMS, plain)
    assert caught.value.path == "$.bonus[0].project"
    assert "does not count bonus by project" in caught.value.message


def test_projects_need_two_items_to_choose_from() -> None:
    one = RUBRIC.replace('  { id = "city", text = "获市级荣誉", points = 1, max_count = 3 },\n',
                         "")
    assert ("bonus-projects-unused", "$.bonus.projects") in {
        (f.code, f.path) for f in civscore.check_rubric(rubric(one))}
    assert "bonus-projects-unused" not in {f.code for f in civscore.check_rubric(rubric())}
