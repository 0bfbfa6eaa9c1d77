"""The property suite of civscore.testing on the 丹江口 2010–2011 rubric: its
figures add up, stay in bounds, never rise with more deductions and survive
JSON, for random assessments (the same suite ``pytest --civscore`` runs)."""

from __future__ import annotations

import civscore_danjiangkou

from civscore.plugins import Registry, get_plugin_manager
from civscore.testing import check_rubric_properties


def test_danjiangkou_properties() -> None:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_danjiangkou], strict=True)
    registry = Registry(pm, strict=True)
    report = check_rubric_properties(
        registry.get("danjiangkou@2010-2011"), methods=registry.methods,
        checks=registry.checks, max_examples=50)
    # The quoted table states no award threshold, so there are no levels to test.
    assert {s.property for s in report.skipped} == {"levels-reachable", "thresholds"}
    assert report.checked == ("consistency", "parts-add-up", "in-bounds", "more-deductions",
                              "json-round-trip")
