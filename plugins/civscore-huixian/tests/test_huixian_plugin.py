"""The civscore-huixian plugin: illustrative rubric with rate bands and a
target, per-item bonus counts under a cap, two levels and a veto."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import civscore_huixian
import pytest

from civscore import load_assessment
from civscore.model import Assessment, VetoFinding
from civscore.plugins import Registry, get_plugin_manager

HERE = Path(__file__).parent


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_huixian], strict=True)
    return Registry(pm, strict=True)


@pytest.fixture
def assessment() -> Assessment:
    return load_assessment(HERE / "huixian-example-assessment.toml")


def test_registered(registry: Registry) -> None:
    entry = registry.entry("huixian")
    assert (entry.ref, entry.provenance, entry.level) == ("huixian@undated", "illustrative", "")


def test_passes_checks(registry: Registry) -> None:
    assert [f.code for f in registry.check_rubric(registry.get("huixian"))] == ["illustrative"]


def test_example_scored_by_hand(registry: Registry, assessment: Assessment) -> None:
    card = registry.score(assessment)
    scores = {c.path: c.score for c in card.categories}
    assert scores == {
        "organization": 20,                  # 5 + 5 + 5 (no finding: no deduction) + 5
        "culture": Decimal("21.5"),          # 7.5 + (7 − 2 × 0.5) + 3 × 1 + 5
        "conduct": 25,                       # 10 (no finding) + 10 + (5 − 0 × 0.5)
        "development": 28,                   # 8 + 7 + 3 × 1 + 5 + 5
    }
    assert card.base.raw == Decimal("94.5")  # 20 + 21.5 + 25 + 28
    # bonus: national min(5, 3) × 2 = 6, provincial min(4, 3) × 1 = 3; 9 capped at 6
    assert card.bonus.gross == 9
    assert card.bonus.total == 6
    assert card.total.raw == Decimal("100.5")  # 94.5 + 6
    assert (card.outcome.status, card.outcome.title) == ("awarded", "文明单位标兵")


def test_veto(registry: Registry, assessment: Assessment) -> None:
    card = registry.score(attrs.evolve(assessment, vetoes=(VetoFinding("extortion"),)))
    assert card.outcome.status == "vetoed"
