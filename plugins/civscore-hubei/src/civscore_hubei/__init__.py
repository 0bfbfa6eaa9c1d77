"""civscore plugin: the 湖北省 文明单位评选检查考核测评汇总表.

Provenance ``quoted``: the categories and points of the provincial summary
table (材料审核 80 + 整体观察 20).  No thresholds are given, so the rubric
declares no award level.
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The provincial summary table."""
    return [RubricSpec(package=__name__, resource="rubrics/hubei-undated.toml")]
