"""The property suite of civscore.testing on this plugin's rubrics: figures
add up, stay in bounds, never rise with more deductions, every level can be
reached and a total exactly on a threshold lands on its level, and results
survive JSON (the same suite ``pytest --civscore`` runs)."""

from __future__ import annotations

import civscore_panan

from civscore.testing import check_plugin_rubrics


def test_panan_properties() -> None:
    reports = check_plugin_rubrics(civscore_panan, max_examples=40)
    assert reports
    for report in reports.values():
        assert report.skipped == ()
