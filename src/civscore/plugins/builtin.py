"""The default plugin: civscore's built-in scoring methods and checks,
registered through the same hooks as any third-party plugin."""

from __future__ import annotations

from collections.abc import Sequence

from civscore.checks import BUILTIN_CHECKS, CheckSpec
from civscore.plugins.hookspecs import hookimpl
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod


@hookimpl
def civscore_scoring_methods() -> Sequence[ScoringMethod]:
    """deduct, award, tiered, direct, ratio, all_or_nothing."""
    return list(BUILTIN_METHODS.values())


@hookimpl
def civscore_rubric_checks() -> Sequence[CheckSpec]:
    """sums, items, ids, levels, bonus, provenance."""
    return list(BUILTIN_CHECKS)
