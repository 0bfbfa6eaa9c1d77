"""civscore plugin: a 扬州市级 文明单位 rubric for units in 宝应县 (江苏).

Provenance ``illustrative``: the areas follow the 小官庄镇国土资源所 report;
the points are invented.
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The illustrative 市级 rubric."""
    return [RubricSpec(package=__name__, resource="rubrics/baoying-2007-2008.toml")]
