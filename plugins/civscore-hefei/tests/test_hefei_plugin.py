"""The civscore-hefei plugin: the 2013 city system as an overlay on the
national 2012 one, with the three parts, 学雷锋活动 and the bar list official,
and an example assessment scored as computed by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import attrs
import civscore_hefei
import civscore_national
import pytest

from civscore import load_assessment
from civscore.model import BarFinding, marked_parts
from civscore.plugins import Registry, get_plugin_manager
from civscore.testing import check_plugin_rubrics

HERE = Path(__file__).parent
PAGE = "http://www.fdwmw.gov.cn/portal/article/index.html?id=816"


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False,
                            plugins=[civscore_national, civscore_hefei], strict=True)
    return Registry(pm, strict=True)


def test_an_overlay_on_the_national_system(registry: Registry) -> None:
    entry = registry.entry("hefei")
    assert (entry.ref, entry.extends, entry.provenance, entry.level, entry.locality) == (
        "hefei@2013", "national@2012", "illustrative", "city", "合肥市")
    assert entry.distribution == "civscore-hefei"
    assert PAGE in entry.rubric.source


def test_the_three_parts_with_the_thirteen_items_inside(registry: Registry) -> None:
    rubric = registry.get("hefei@2013")
    assert [(c.title, c.points) for c in rubric.categories] == [
        ("创建业务活动", 75), ("配合市文明办开展各项工作", 20), ("整体考察", 5)]
    national = registry.get("national@2012")
    inside = rubric.categories[0].criteria
    assert [c.title for c in inside] == [c.title for c in national.categories]
    assert rubric.total == 75 + 20 + 5 == 100


def test_only_the_numbers_read_are_official(registry: Registry) -> None:
    parts = list(marked_parts(registry.get("hefei@2013")))
    read = {p.path: p.points for p in parts
            if p.points is not None and p.provenance != "illustrative"}
    assert read == {"categories.activities": 75, "categories.tasks": 20,
                    "categories.inspection": 5, "categories.activities.leifeng": 10,
                    "categories.activities.leifeng.plan": 4}
    assert {p.provenance for p in parts if p.path.startswith("bars.")} == {"official"}
    # every part read names the 合肥 page
    assert all(PAGE in p.source for p in parts if p.provenance == "official")
    # invented: 学雷锋活动 (2) and the rest, 3 + 3, and the other twelve items,
    # 75 − 10 = 65
    invented = [p.points for p in parts
                if p.points is not None and p.provenance == "illustrative"]
    assert sum(invented) == 3 + 3 + 65


def test_passes_checks(registry: Registry) -> None:
    findings = registry.check_rubric(registry.get("hefei"))
    assert [(f.code, f.severity) for f in findings] == [("illustrative", "info")]


def test_example_scored_by_hand(registry: Registry) -> None:
    card = registry.score_file(str(HERE / "hefei-example-assessment.toml"))
    # 学雷锋活动: 4 + 2.5 + 3 = 9.5
    assert card.item("activities.leifeng").score == Decimal("9.5")
    # 创建业务活动: 9.5 + 5.5 + 5 + 4.5 + 5 + 4 + 5 + 4.5 + 5 + 6 + 5.5 + 6 + 5 = 70.5
    assert card.item("activities").score == Decimal("70.5")
    # total: 70.5 + 18 + 4.5 = 93
    assert card.total.raw == 93
    assert card.outcome.status == "unrated"  # no threshold was read
    assert card.item("activities.volunteer").provenance == "illustrative"
    assert card.item("tasks").provenance == "official"
    assert card.plugins == {"civscore-hefei": "0.1.0", "civscore-national": "0.1.0"}


def test_a_bar_within_two_years_makes_the_unit_ineligible(registry: Registry) -> None:
    assessment = load_assessment(HERE / "hefei-example-assessment.toml")
    # 2012-06-01 is inside 2011-11-30 … 2013-11-30
    barred = attrs.evolve(assessment, bars=(
        BarFinding("accident", datetime.date(2012, 6, 1), "示例"),))
    card = registry.score(barred)
    assert card.outcome.status == "ineligible"
    assert card.total.raw == 93  # the figures are computed all the same


def test_the_property_suite() -> None:
    reports = check_plugin_rubrics(civscore_hefei, max_examples=25, bases=[civscore_national])
    assert sorted(reports) == ['hefei@2013']
    for report in reports.values():  # no levels were read, so only those are skipped
        assert {s.property for s in report.skipped} <= {"levels-reachable", "thresholds"}
