"""The civscore-danjiangkou plugin: the quoted 2010–2011 rubric, and the
education bureau's self-assessment, whose claimed total does not match its
own category figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import civscore_danjiangkou
import pytest

from civscore.plugins import Registry, get_plugin_manager

HERE = Path(__file__).parent


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_danjiangkou], strict=True)
    return Registry(pm, strict=True)


def test_quoted_points(registry: Registry) -> None:
    entry = registry.entry("danjiangkou")
    assert (entry.ref, entry.provenance, entry.level) == (
        "danjiangkou@2010-2011", "quoted", "county")
    # as quoted in the report: 15/16/13/12/9/9/8/18
    assert [c.points for c in entry.rubric.categories] == [15, 16, 13, 12, 9, 9, 8, 18]
    assert entry.rubric.total == 100
    assert entry.rubric.levels == ()


def test_passes_checks(registry: Registry) -> None:
    assert registry.check_rubric(registry.get("danjiangkou")) == []


def test_self_assessment(registry: Registry) -> None:
    card = registry.score_file(str(HERE / "danjiangkou-self-assessment.toml"))
    # 15 + 16 + 13 + 12 + 8 + 8 + 8 + 17 = 97 (the report claims 98)
    assert card.total.raw == 97
    assert card.outcome.status == "unrated"
    by_level = {d.level: d for d in card.discrepancies}
    assert by_level["total"].difference == 1          # 98 − 97
    assert by_level["claimed-sum"].computed == 97      # the claimed categories add to 97
    assert card.losses[0].points == 1                  # culture, hygiene, creation lose 1 each
    assert sorted(loss.path for loss in card.losses) == ["creation", "culture", "hygiene"]
    assert card.plugins == {"civscore-danjiangkou": "0.1.0"}
    assert card.total.rounded == Decimal("97.0")
