"""The civscore-baoying plugin: illustrative 扬州市级 rubric with deductions,
tiers, awards, a rate, a bonus group and cap, and a veto."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import civscore_baoying
import pytest

from civscore import load_assessment
from civscore.model import Assessment, VetoFinding
from civscore.plugins import Registry, get_plugin_manager

HERE = Path(__file__).parent


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_baoying], strict=True)
    return Registry(pm, strict=True)


@pytest.fixture
def assessment() -> Assessment:
    return load_assessment(HERE / "baoying-example-assessment.toml")


def test_registered(registry: Registry) -> None:
    entry = registry.entry("baoying@2007-2008")
    assert (entry.provenance, entry.level, entry.locality) == ("illustrative", "city", "宝应县")
    assert [c.title for c in entry.rubric.categories] == [
        "内部管理", "创建基础", "服务经济发展", "勤政廉政"]


def test_passes_checks(registry: Registry) -> None:
    assert [f.code for f in registry.check_rubric(registry.get("baoying"))] == ["illustrative"]


def test_example_scored_by_hand(registry: Registry, assessment: Assessment) -> None:
    card = registry.score(assessment)
    scores = {c.path: c.score for c in card.categories}
    assert scores == {
        # (8 − 2 × 0.5) + 5 + 7 + 5 (no breach)
        "management": 24,
        # 6 × 1 + min(min(4 × 1.5, 6) + min(6 × 0.5, 2), 6) + 5 + min(29 × 0.2, 4)
        # + 3 (92 ≥ 90) = 6 + 6 + 5 + 4 + 3
        "foundation": 24,
        # 10 + 7.5 + 6 + (6 − 1)
        "service": Decimal("28.5"),
        # 6 + 4 × 1 + (8 − 0.5)
        "integrity": Decimal("17.5"),
    }
    assert card.base.raw == 94  # 24 + 24 + 28.5 + 17.5
    # bonus: group youth keeps the higher 3 (drops 1.5), + 2 = 5, capped at 4
    assert card.bonus.gross == 5
    assert card.bonus.discarded_by_cap == 1
    assert card.bonus.total == 4
    assert card.total.raw == 98  # 94 + 4
    assert card.outcome.status == "awarded"
    assert card.outcome.title == "市级文明单位"
    # claimed 100 − computed 98
    (gap,) = [d for d in card.discrepancies if d.level == "total"]
    assert gap.difference == 2


def test_veto_whatever_the_score(registry: Registry, assessment: Assessment) -> None:
    card = registry.score(attrs.evolve(assessment, vetoes=(VetoFinding("land-corruption"),)))
    assert card.total.raw == 98
    assert card.outcome.status == "vetoed"
