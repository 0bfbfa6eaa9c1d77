"""The civscore-ezhou plugin: the two years of the 2017—2018 term, their
read parts official, the veto list, the term as a shipped campaign, and
example assessments of both years scored as computed by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import civscore_ezhou
import pytest

from civscore import load_assessment
from civscore.model import VetoFinding, marked_parts
from civscore.plugins import Registry, get_plugin_manager
from civscore.testing import check_plugin_rubrics

HERE = Path(__file__).parent
PAGE = "http://hbez.wenming.cn/tzgg/201805/t20180517_5212062.html"
VETOES = ["党风廉政", "综合治理", "计划生育", "安全生产", "环境保护",
          "在创建全国文明城市工作中履职不到位、造成较坏影响的，取消文明单位申报资格"]


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_ezhou], strict=True)
    return Registry(pm, strict=True)


def test_two_period_rubrics(registry: Registry) -> None:
    rows = [(e.ref, e.provenance, e.level, e.locality) for e in registry.rubrics()
            if e.distribution == "civscore-ezhou"]
    assert rows == [("ezhou@2017", "official", "city", "鄂州市"),
                    ("ezhou@2018", "illustrative", "city", "鄂州市")]
    first, second = registry.get("ezhou@2017"), registry.get("ezhou@2018")
    # "2017年40分 … 2018年60分": the term's 100
    assert (first.total, second.total, first.total + second.total) == (40, 60, 100)
    for rubric in (first, second):
        assert PAGE in rubric.source
        assert [v.text for v in rubric.vetoes] == VETOES
        assert rubric.levels == ()  # the 80 applies to the two years added up


def test_the_2018_items_read(registry: Registry) -> None:
    parts = list(marked_parts(registry.get("ezhou@2018")))
    read = {p.path.removeprefix("categories."): p.points for p in parts
            if p.points is not None and p.provenance == "official"}
    assert read == {
        "organization": 4, "organization.planning": 1,
        "organization.planning.plan": Decimal("0.5"),
        "organization.planning.summary": Decimal("0.5"),
        "organization.mechanism": 3,
        "organization.mechanism.leadership": Decimal("0.3"),
        "organization.mechanism.targets": Decimal("0.2"),
        "organization.mechanism.information": 2,
    }
    # the read items of 机制建设 add up to 0.3 + 0.2 + 2 = 2.5 of its 3
    invented = {p.path: p.points for p in parts
                if p.points is not None and p.provenance == "illustrative"}
    assert invented == {"categories.organization.mechanism.rest": Decimal("0.5"),
                        "categories.rest": 56}
    assert {p.provenance for p in parts if p.path.startswith("vetoes.")} == {"official"}


def test_pass_checks(registry: Registry) -> None:
    assert registry.check_rubric(registry.get("ezhou@2017")) == []
    findings = registry.check_rubric(registry.get("ezhou@2018"))
    assert [(f.code, f.severity) for f in findings] == [("illustrative", "info")]


def test_examples_scored_by_hand(registry: Registry) -> None:
    first = registry.score_file(str(HERE / "ezhou-2017-example-assessment.toml"))
    assert first.total.raw == Decimal("36.5")
    (gap,) = [d for d in first.discrepancies if d.level == "total"]
    assert gap.difference == Decimal("0.5")  # claimed 37 − 36.5
    second = registry.score_file(str(HERE / "ezhou-2018-example-assessment.toml"))
    # 组织管理: (0.5 + 0.5) + (0.3 + 0.2 + 1.5 + 0.5) = 1 + 2.5 = 3.5
    assert second.item("organization").score == Decimal("3.5")
    assert second.item("organization.mechanism").score == Decimal("2.5")
    assert second.total.raw == Decimal("51.5")  # 3.5 + 48
    for card in (first, second):
        assert card.outcome.status == "unrated"


def test_a_veto_in_either_year(registry: Registry) -> None:
    assessment = load_assessment(HERE / "ezhou-2018-example-assessment.toml")
    vetoed = attrs.evolve(assessment, vetoes=(VetoFinding("safety", note="示例"),))
    card = registry.score(vetoed)
    assert card.outcome.status == "vetoed"
    assert card.total.raw == Decimal("51.5")


def test_the_property_suite() -> None:
    reports = check_plugin_rubrics(civscore_ezhou, max_examples=25)
    assert sorted(reports) == ['ezhou@2017', 'ezhou@2018']
    for report in reports.values():  # no levels were read, so only those are skipped
        assert {s.property for s in report.skipped} <= {"levels-reachable", "thresholds"}
