"""Rubric diffs (civscore.checks.diff): change records for every kind of change."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import civscore
from civscore.checks.diff import RubricChange, diff_rubrics
from civscore.model import Bonus, BonusItem, Criterion, Level, Locality, Rubric, Rule, Tier, Veto

RUBRIC = Path(__file__).resolve().parents[2] / "tests" / "data" / "cli-rubric.toml"


@pytest.fixture(scope="module")
def old() -> Rubric:
    return civscore.load_rubric(RUBRIC)


def with_criterion(rubric: Rubric, category: int, index: int, **changes: object) -> Rubric:
    cat = rubric.categories[category]
    criteria = list(cat.criteria)
    criteria[index] = attrs.evolve(criteria[index], **changes)
    cats = list(rubric.categories)
    cats[category] = attrs.evolve(cat, criteria=tuple(criteria))
    return attrs.evolve(rubric, categories=tuple(cats))


def test_equal_rubrics_have_no_changes(old: Rubric) -> None:
    assert diff_rubrics(old, civscore.load_rubric(RUBRIC)) == []


def test_points_changed(old: Rubric) -> None:
    cats = (attrs.evolve(old.categories[0], points=Decimal(9)), *old.categories[1:])
    new = attrs.evolve(old, categories=cats, total=Decimal(21))
    changes = diff_rubrics(old, new)
    assert changes == [
        RubricChange("changed", "rubric", "$.total", "", Decimal(20), Decimal(21)),
        RubricChange("changed", "category", "$.categories[leadership].points", "领导班子",
               Decimal(8), Decimal(9)),
    ]
    assert changes[1].delta == 1


def test_reordering_is_not_a_change(old: Rubric) -> None:
    new = attrs.evolve(old, categories=tuple(reversed(old.categories)),
                       levels=tuple(reversed(old.levels)))
    assert diff_rubrics(old, new) == []


def test_item_added_and_removed(old: Rubric) -> None:
    cat = old.categories[0]
    added = Criterion(id="duty", title="值班制度", points=Decimal(1), method="all_or_nothing")
    new_cat = attrs.evolve(cat, criteria=(*cat.criteria[1:], added))
    new = attrs.evolve(old, categories=(new_cat, *old.categories[1:]))
    changes = diff_rubrics(old, new)
    assert [(c.kind, c.section, c.path, c.title) for c in changes] == [
        ("added", "criterion", "$.categories[leadership].criteria[duty]", "值班制度"),
        ("removed", "criterion", "$.categories[leadership].criteria[plan]", "创建工作计划"),
    ]
    assert changes[0].new["points"] == 1
    assert changes[1].old["rules"][0]["id"] == "no-plan"


def test_rule_tier_and_method_changes(old: Rubric) -> None:
    plan = old.categories[0].criteria[0]
    rules = (attrs.evolve(plan.rules[0], deduct=Decimal("0.5")), *plan.rules[1:],
             Rule(id="late", text="计划滞后", deduct=Decimal("0.2")))
    new = with_criterion(old, 0, 0, rules=rules)
    style = new.categories[0].criteria[2]
    new = with_criterion(new, 0, 2, tiers=(*style.tiers, Tier("worst", "很差", Decimal(0))))
    new = with_criterion(new, 0, 3, method="tiered", step=None,
                         tiers=(Tier("ok", "合格", Decimal(2)),))
    changes = diff_rubrics(old, new)
    assert [(c.kind, c.section, c.path, c.old, c.new) for c in changes] == [
        ("changed", "rule", "$.categories[leadership].criteria[plan].rules[no-plan].deduct",
         Decimal(1), Decimal("0.5")),
        ("added", "rule", "$.categories[leadership].criteria[plan].rules[late]", None,
         {"id": "late", "text": "计划滞后", "deduct": Decimal("0.2"), "deduct_range": None,
          "max": None, "zeroes": False, "at_most": None, "provenance": None, "source": ""}),
        ("added", "tier", "$.categories[leadership].criteria[style].tiers[worst]", None,
         {"id": "worst", "title": "很差", "points": Decimal(0)}),
        ("changed", "criterion", "$.categories[leadership].criteria[review].method",
         "direct", "tiered"),
        ("added", "tier", "$.categories[leadership].criteria[review].tiers[ok]", None,
         {"id": "ok", "title": "合格", "points": Decimal(2)}),
        ("changed", "criterion", "$.categories[leadership].criteria[review].step",
         Decimal("0.5"), None),
    ]
    assert changes[0].delta == Decimal("-0.5")
    assert changes[3].delta is None


def test_bands_compare_as_a_whole(old: Rubric) -> None:
    awareness = old.categories[1].criteria[0]
    new = with_criterion(old, 1, 0, bands=awareness.bands[:1])
    (change,) = diff_rubrics(old, new)
    assert change.path == "$.categories[public].criteria[awareness].bands"
    assert len(change.old) == 2
    assert len(change.new) == 1


def test_bonus_vetoes_levels_locality(old: Rubric) -> None:
    assert old.bonus is not None
    bonus = Bonus(items=(*old.bonus.items, BonusItem("city-honor", "获市级表彰", Decimal("0.5"),
                                                     group="honors")), cap=Decimal(3))
    new = attrs.evolve(
        old, bonus=bonus, vetoes=(Veto("food-safety", "发生重大食品安全事故"),),
        levels=(attrs.evolve(old.levels[0], min_total=Decimal(12)), old.levels[1],
                Level("top", "文明单位标兵（特级）", Decimal(19))),
        locality=Locality("示例市", "湖北省", "429998"))
    changes = diff_rubrics(old, new)
    assert [(c.kind, c.section, c.path) for c in changes] == [
        ("changed", "locality", "$.locality.code"),
        ("added", "bonus", "$.bonus.items[city-honor]"),
        ("changed", "bonus", "$.bonus.cap"),
        ("added", "veto", "$.vetoes[food-safety]"),
        ("removed", "veto", "$.vetoes[criminal-case]"),
        ("changed", "level", "$.levels[qualified].min_total"),
        ("added", "level", "$.levels[top]"),
    ]


def test_bonus_section_removed(old: Rubric) -> None:
    (change,) = diff_rubrics(old, attrs.evolve(old, bonus=None))
    assert (change.kind, change.section, change.path, change.new) == (
        "changed", "bonus", "$.bonus", None)
    assert change.old["cap"] == 2


def test_to_dict_is_json_ready(old: Rubric) -> None:
    new = with_criterion(old, 0, 0, points=Decimal("2.5"))
    (change,) = diff_rubrics(old, new)
    data = change.to_dict()
    assert json.loads(json.dumps(data)) == {
        "kind": "changed", "section": "criterion",
        "path": "$.categories[leadership].criteria[plan].points", "title": "创建工作计划",
        "old": "2", "new": "2.5", "delta": "0.5"}
