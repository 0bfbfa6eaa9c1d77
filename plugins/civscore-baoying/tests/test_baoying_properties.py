"""The property suite of civscore.testing on this plugin's rubrics: figures
add up, stay in bounds, never rise with more deductions, every level can be
reached and a total exactly on a threshold lands on its level, and results
survive JSON (the same suite ``pytest --civscore`` runs)."""

from __future__ import annotations

import civscore_baoying

from civscore.plugins import Registry, get_plugin_manager
from civscore.testing import check_rubric_properties


def test_baoying_properties() -> None:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_baoying], strict=True)
    registry = Registry(pm, strict=True)
    entries = [e for e in registry.rubrics() if e.provider != "civscore"]
    assert entries
    for entry in entries:
        report = check_rubric_properties(entry.rubric, methods=registry.methods,
                                         checks=registry.checks, max_examples=40)
    assert report.skipped == ()
