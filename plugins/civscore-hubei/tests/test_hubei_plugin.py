"""The civscore-hubei plugin: its rubric is the quoted provincial table, it
passes the checks, and the example assessment scores as computed by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import civscore_hubei
import pytest

from civscore.plugins import Registry, get_plugin_manager

HERE = Path(__file__).parent


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_hubei], strict=True)
    return Registry(pm, strict=True)


def test_registered_with_quoted_provenance(registry: Registry) -> None:
    entry = registry.entry("hubei")
    assert entry.ref == "hubei@undated"
    assert entry.provenance == "quoted"
    assert entry.level == "province"
    assert entry.locality == "湖北省"
    assert entry.distribution == "civscore-hubei"
    assert "http://bubsandbeans.com/paper/249647642.html" in entry.rubric.source
    assert "2013 or later" in entry.rubric.notes  # the item table cites 中国梦


def test_points_are_the_quoted_ones(registry: Registry) -> None:
    rubric = registry.get("hubei@undated")
    points = {c.title: c.points for c in rubric.categories}
    assert points == {
        "领导班子坚强有力": 10, "业务工作实绩显著": 14, "创建工作扎实有效": 12,
        "思想道德风尚良好": 12, "文化建设切实加强": 10, "民主管理科学规范": 6,
        "内外环境和谐优美": 5, "公益活动积极参与": 8, "获奖得分": 3, "整体观察": 20,
    }
    # 材料审核 10+14+12+12+10+6+5+8+3 = 80; 整体观察 (实地考察) 20; total 100.
    by_evidence: dict[str, Decimal] = {}
    for c in rubric.categories:
        by_evidence[c.evidence] = by_evidence.get(c.evidence, Decimal(0)) + c.points
    assert by_evidence == {"材料审核": 80, "实地考察": 20}
    assert rubric.total == 100
    assert rubric.levels == ()  # the source gives no thresholds


def test_passes_checks(registry: Registry) -> None:
    findings = registry.check_rubric(registry.get("hubei"))
    assert [f for f in findings if f.severity != "info"] == []


def test_example_scored_by_hand(registry: Registry) -> None:
    card = registry.score_file(str(HERE / "hubei-example-assessment.toml"))
    # 材料审核: 9.5 + 13 + 11.5 + 12 + 9 + 5.5 + 5 + 7 + 2 = 74.5 of 80
    # 实地考察: 18.5 of 20
    # total: 74.5 + 18.5 = 93.0
    subtotals = {e.evidence: (e.points, e.score) for e in card.evidence}
    assert subtotals == {"材料审核": (80, Decimal("74.5")), "实地考察": (20, Decimal("18.5"))}
    assert card.total.raw == Decimal("93.0")
    assert card.total.rounded == Decimal("93.0")
    assert card.outcome.status == "unrated"  # no levels in the source
    # claimed 93.5 − computed 93.0 = 0.5
    (total_gap,) = [d for d in card.discrepancies if d.level == "total"]
    assert total_gap.difference == Decimal("0.5")
    assert card.plugins == {"civscore-hubei": "0.1.0"}
