"""The civscore-panan plugin: illustrative health-centre rubric with a rate
target, a discretionary deduction, a penalty list and a level it misses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import civscore_panan
import pytest

from civscore import Finding, load_assessment
from civscore.model import RuleHit
from civscore.plugins import Registry, get_plugin_manager

HERE = Path(__file__).parent


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_panan], strict=True)
    return Registry(pm, strict=True)


def test_registered(registry: Registry) -> None:
    entry = registry.entry("panan")
    assert (entry.ref, entry.provenance, entry.locality) == ("panan@2011", "illustrative", "磐安县")


def test_passes_checks(registry: Registry) -> None:
    assert [f.code for f in registry.check_rubric(registry.get("panan"))] == ["illustrative"]


def test_example_scored_by_hand(registry: Registry) -> None:
    card = registry.score_file(str(HERE / "panan-example-assessment.toml"))
    scores = {c.path: c.score for c in card.categories}
    assert scores == {
        "medical": 21,                        # 8 + 4 × 1 + (10 − 1)
        "integrity": 24,                      # (8 − (100 − 96) × 0.5) + 4 + 6 + (10 − 1 − 1)
        "rules": Decimal("13.5"),
        "equipment": 7,
        "environment": Decimal("17.5"),       # 9 + (10 − 3 × 0.5)
    }
    assert card.base.raw == 83                # 21 + 24 + 13.5 + 7 + 17.5
    assert card.penalties.total == 2
    assert card.total.raw == 81               # 83 − 2
    assert card.outcome.status == "not_awarded"
    assert card.next_level is not None
    assert card.next_level.gap == 4           # 85 − 81
    (gap,) = [d for d in card.discrepancies if d.level == "total"]
    assert gap.difference == 7                # claimed 88 − 81


def test_no_emergency_plan_voids_the_item(registry: Registry) -> None:
    rubric = registry.get("panan")
    assessment = load_assessment(HERE / "panan-example-assessment.toml")
    findings = tuple(
        Finding("medical.emergency", hits=(RuleHit("no-plan"),))
        if f.criterion == "medical.emergency" else f for f in assessment.findings)
    card = registry.score(attrs.evolve(assessment, findings=findings), rubric)
    medical = next(c for c in card.categories if c.path == "medical")
    assert medical.score == 12                # 8 + 4 + 0
    assert card.total.raw == 72               # 81 − 9

