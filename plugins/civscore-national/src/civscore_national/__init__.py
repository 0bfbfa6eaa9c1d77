"""civscore plugin: the 全国文明单位测评体系（试行）of 2012.

The 13 测评项目, the 100-point total and the four-item two-year bar list are
read from public copies of the document; of the points, only 学雷锋活动 (14)
and two of its contents (4 each) were read, so the rubric is
``illustrative`` with those parts and the bars marked ``quoted``.
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The 2012 trial system."""
    return [RubricSpec(package=__name__, resource="rubrics/national-2012.toml")]
