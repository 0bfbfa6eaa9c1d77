"""Rubric and assessment consistency checks (一致性检查) and rubric diffs.

The diff (:mod:`civscore.checks.diff`) is imported when one of its names is
first used: scoring checks rubrics but never diffs them.
"""

from __future__ import annotations

import importlib

from civscore.checks.consistency import (
    BUILTIN_CHECKS,
    CheckFinding,
    CheckSpec,
    RubricCheck,
    check_assessment,
    check_rubric,
    item_bounds,
    max_total,
    rubric_warnings,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

    from civscore.checks.diff import ChangeKind, RubricChange, diff_rubrics

_DIFF_NAMES = frozenset({"ChangeKind", "RubricChange", "diff_rubrics"})

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
    "rubric_warnings",
]


def __getattr__(name: str) -> Any:
    if name not in _DIFF_NAMES:
        raise AttributeError(f"module 'civscore.checks' has no attribute {name!r}")
    value = getattr(importlib.import_module("civscore.checks.diff"), name)
    globals()[name] = value  # later uses are plain attribute look-ups
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_DIFF_NAMES})
