"""civscore plugin: a 自治区级 文明单位 rubric for 克拉玛依市 (新疆).

Provenance ``illustrative``: the eight areas follow the 克拉玛依市教育局 report;
the points are invented.  The rule that only a unit holding the 州/市 title
two consecutive years may apply is a gate the level requires.
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The illustrative 自治区级 rubric."""
    return [RubricSpec(package=__name__, resource="rubrics/karamay-2009.toml")]
