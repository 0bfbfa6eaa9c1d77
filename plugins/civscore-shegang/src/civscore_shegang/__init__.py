"""civscore plugin: the 社港镇政务服务中心 七项制度 checklist.

Provides the rubric ``shegang@undated`` (provenance ``illustrative``) and the
scoring method ``checklist`` it uses (:class:`Checklist`).
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec
from civscore.scoring.methods import ScoringMethod
from civscore_shegang.checklist import Checklist

__all__ = ["Checklist", "civscore_rubrics", "civscore_scoring_methods"]

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The illustrative 七项制度 rubric."""
    return [RubricSpec(package=__name__, resource="rubrics/shegang-undated.toml")]


@civscore.hookimpl
def civscore_scoring_methods() -> Sequence[ScoringMethod]:
    """The ``checklist`` method."""
    return [Checklist()]
