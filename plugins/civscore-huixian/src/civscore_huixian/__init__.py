"""civscore plugin: a 文明单位 rubric for 辉县市 (河南).

Provenance ``illustrative``: the areas follow the education bureau's report;
the points are invented.
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The illustrative rubric."""
    return [RubricSpec(package=__name__, resource="rubrics/huixian-undated.toml")]
