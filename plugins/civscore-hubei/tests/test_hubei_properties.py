"""The property suite of civscore.testing on this plugin's rubrics: figures
add up, stay in bounds, never rise with more deductions, every level can be
reached and a total exactly on a threshold lands on its level, and results
survive JSON (the same suite ``pytest --civscore`` runs)."""

from __future__ import annotations

import civscore_hubei

from civscore.testing import check_plugin_rubrics


def test_hubei_properties() -> None:
    reports = check_plugin_rubrics(civscore_hubei, max_examples=40)
    assert reports
    for report in reports.values():
        # The rubric declares no award levels, so there are none to reach.
        assert {s.property for s in report.skipped} == {"levels-reachable", "thresholds"}
