"""The civscore-karamay plugin: eight areas, illustrative points, and the
two-consecutive-years rule as a gate of the 自治区级 level."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import attrs
import civscore_karamay
import pytest

from civscore import load_assessment
from civscore.model import Assessment, BarFinding
from civscore.plugins import Registry, get_plugin_manager

HERE = Path(__file__).parent


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_karamay], strict=True)
    return Registry(pm, strict=True)


@pytest.fixture
def assessment() -> Assessment:
    return load_assessment(HERE / "karamay-example-assessment.toml")


def test_eight_areas_illustrative(registry: Registry) -> None:
    entry = registry.entry("karamay")
    rubric = entry.rubric
    assert entry.provenance == "illustrative"
    assert entry.level == "province"  # 自治区级: the closest awarding level
    assert [c.title for c in rubric.categories] == [
        "机制保障", "党的建设", "民族团结教育", "思想道德与德育",
        "综合治理与安全稳定", "扶贫助学", "宣传报道", "教育教学成果",
    ]
    assert sum(c.points for c in rubric.categories) == rubric.total == 100
    (level,) = rubric.levels
    assert level.gates == ("prefecture-title",)


def test_passes_checks(registry: Registry) -> None:
    findings = registry.check_rubric(registry.get("karamay"))
    assert [f.code for f in findings] == ["illustrative"]


def test_example_scored_by_hand(registry: Registry, assessment: Assessment) -> None:
    card = registry.score(assessment)
    scores = {c.path: c.score for c in card.categories}
    assert scores == {
        # 3 (met) + (4 − 1 missed meeting) + min(16 × 0.5, 3) = 3 + 3 + 3
        "mechanism": 9,
        # 5 (good) + (5 − 2 × 0.5) + 5 (met) = 5 + 4 + 5
        "party": 14,
        # 6 (rate 100 ≥ 100) + 3 × 1 + 5 (good)
        "unity": 14,
        # 5 (no hits) + min(min(3, 3) + min(1.5, 2) + min(5, 2), 5) = min(6.5, 5) + 4.5
        "ethics": Decimal("14.5"),
        # 5 (met) + (10 − 2 × 1)
        "safety": 13,
        # (6 − 0 points short × 1) + 4 (good)
        "poverty": 10,
        # min(2 × 1 + 3 × 0.5, 3) + 2 (met) = 3 + 2
        "publicity": 5,
        # 5 (99 ≥ 99) + (5 − 0 short × 0.5) + (2 × 1 + min(5 × 0.2, 2)) = 5 + 5 + 3
        "results": 13,
    }
    # 9 + 14 + 14 + 14.5 + 13 + 10 + 5 + 13 = 92.5 ≥ 90, every area ≥ 60%, gate passed
    assert card.total.raw == Decimal("92.5")
    assert card.outcome.status == "awarded"
    assert card.outcome.title == "自治区级文明单位"
    assert "karamay@2009 为示例（illustrative）" in card.warnings[0]


def test_without_two_years_of_the_city_title_no_level(registry: Registry,
                                                      assessment: Assessment) -> None:
    card = registry.score(attrs.evolve(assessment, gates={"prefecture-title": False}))
    assert card.total.raw == Decimal("92.5")  # the gate is worth no points
    assert card.outcome.status == "not_awarded"
    assert any("已连续两年保持州（市）级文明单位称号" in r for r in card.outcome.reasons)


def test_accident_inside_two_years_bars(registry: Registry, assessment: Assessment) -> None:
    inside = BarFinding("major-accident", datetime.date(2008, 3, 1))
    outside = BarFinding("major-accident", datetime.date(2007, 10, 31))
    assert registry.score(attrs.evolve(assessment, bars=(inside,))).outcome.status == "ineligible"
    assert registry.score(attrs.evolve(assessment, bars=(outside,))).outcome.status == "awarded"
