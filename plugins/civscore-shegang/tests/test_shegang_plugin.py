"""The civscore-shegang plugin: the 七项制度 checklist rubric and the
``checklist`` method the plugin registers for it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import civscore_shegang
import pytest
from civscore_shegang import Checklist

from civscore import Finding, RubricError, load_assessment, rubric_from_dict
from civscore.model import Criterion
from civscore.plugins import Registry, get_plugin_manager

HERE = Path(__file__).parent
SEVEN = ["首问责任制", "一次告知制", "限时办结制", "预约服务制", "全程代办制", "责任追究制",
         "全员考核制"]


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_shegang], strict=True)
    return Registry(pm, strict=True)


def test_method_and_rubric_registered(registry: Registry) -> None:
    assert "checklist" in registry.methods
    rubric = registry.get("shegang")
    assert rubric.provenance == "illustrative"
    (systems, _windows) = rubric.categories
    assert [c.title for c in systems.criteria] == SEVEN
    assert {c.method for c in systems.criteria} == {"checklist"}


def test_passes_checks(registry: Registry) -> None:
    assert [f.code for f in registry.check_rubric(registry.get("shegang"))] == ["illustrative"]


def test_example_scored_by_hand(registry: Registry) -> None:
    card = registry.score_file(str(HERE / "shegang-example-assessment.toml"))
    (systems, windows) = card.categories
    # by_missing = [10, 6, 3, 0]: missing 0, 0, 1, 2, 0, 1, 0 → 10 + 10 + 6 + 3 + 10 + 6 + 10
    assert [c.score for c in systems.children] == [10, 10, 6, 3, 10, 6, 10]
    assert systems.score == 55
    assert systems.children[3].parts[0].text == "未达到：上墙公开、有执行记录"
    # 10 (met) + 5 (met) + (10 − 2.5) + 3 (93 ≥ 90)
    assert windows.score == Decimal("25.5")
    assert card.base.raw == Decimal("80.5")   # 55 + 25.5
    assert card.total.raw == Decimal("78.5")  # 80.5 − 2 (one 乱作为 finding)
    assert card.outcome.status == "unrated"
    # the rubric and the method both come from this plugin
    assert card.plugins == {"civscore-shegang": "0.1.0"}


def test_rubric_needs_the_plugin_method() -> None:
    bare = Registry(get_plugin_manager(load_entry_points=False), strict=True)
    with pytest.raises(RubricError, match="unknown scoring method 'checklist'"):
        bare.load_rubric(str(Path(civscore_shegang.__file__).parent / "rubrics"
                             / "shegang-undated.toml"))


def test_unknown_check_in_finding(registry: Registry) -> None:
    rubric = registry.get("shegang")
    item = rubric.categories[0].criteria[0]
    finding = Finding(item.id, options={"checked": ["written", "signed", "written"]})
    problems = [p.message for p in Checklist().check(item, finding)]
    assert problems == [
        "unknown check 'signed' (checks: written, posted, practised)",
        "'written' is listed twice",
    ]


def test_checklist_definition_validated() -> None:
    item = Criterion("x", "x", Decimal(5), method="checklist",
                     options={"checks": [{"id": "a"}], "by_missing": [Decimal(6), 7, 0]})
    problems = {p.key: p.message for p in Checklist().validate(item)}
    assert set(problems) == {"options.by_missing", "options.by_missing[0]",
                             "options.by_missing[1]"}
    with pytest.raises(RubricError, match=r"by_missing"):
        rubric_from_dict({"id": "t", "version": "1", "title": "t", "total": 5,
                          "provenance": "illustrative", "source": "test",
                          "categories": [{"id": "x", "title": "x", "points": 5,
                                          "method": "checklist",
                                          "options": {"checks": [{"id": "a"}],
                                                      "by_missing": [6, 0]}}]},
                         methods={"checklist": Checklist()})


def test_bounds(registry: Registry) -> None:
    item = registry.get("shegang").categories[0].criteria[0]
    assert Checklist().bounds(item) == (0, 10)


def test_no_finding_means_nothing_checked(registry: Registry) -> None:
    assessment = load_assessment(HERE / "shegang-example-assessment.toml")
    rubric = registry.get("shegang")
    findings = tuple(f for f in assessment.findings
                     if f.criterion != "seven-systems.appointment")
    card = registry.score(attrs.evolve(assessment, findings=findings), rubric)
    assert card.categories[0].children[3].score == 0  # all three checks missing
