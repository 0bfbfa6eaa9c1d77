"""civscore plugin: the 合肥市文明单位测评体系 of 2013.

An overlay on ``national@2012`` (from ``civscore-national``): the 13 national
items go inside 创建业务活动 (75 points), beside 配合市文明办开展各项工作 (20)
and 整体考察 (5).  The three parts, 学雷锋活动 (10) with its first content (4)
and the two-year bar list were read on the 合肥 government site and are
``official``; the other points are ``illustrative``.
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The 2013 city system, as an overlay on the national 2012 one."""
    return [RubricSpec(package=__name__, resource="rubrics/hefei-2013.toml")]
