"""civscore plugin: a 市级 文明单位 rubric for a 卫生院 in 磐安县 (浙江).

Provenance ``illustrative``: the areas follow the health centre's report;
the points are invented.
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The illustrative health-centre rubric."""
    return [RubricSpec(package=__name__, resource="rubrics/panan-2011.toml")]
