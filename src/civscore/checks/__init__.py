"""Rubric and assessment consistency checks (一致性检查) and rubric diffs.
"""

from __future__ import annotations

from civscore.checks.consistency import (
    BUILTIN_CHECKS,
    CheckFinding,
    CheckSpec,
    RubricCheck,
    check_assessment,
    check_rubric,
    item_bounds,
    max_total,
)
from civscore.checks.diff import (
    ChangeKind,
    RubricChange,
    diff_rubrics,
)

__all__ = [
    "BUILTIN_CHECKS",
    "ChangeKind",
    "CheckFinding",
    "CheckSpec",
    "RubricChange",
    "RubricCheck",
    "check_assessment",
    "check_rubric",
    "diff_rubrics",
    "item_bounds",
    "max_total",
]
