"""civscore plugin: the 丹江口市 (湖北省) 文明单位 rubric, 2010–2011.

Provenance ``quoted``: the eight categories and their points are those quoted
by the 丹江口市教育局 2010–2011 self-assessment report.
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The 2010–2011 rubric."""
    return [RubricSpec(package=__name__, resource="rubrics/danjiangkou-2010-2011.toml")]
