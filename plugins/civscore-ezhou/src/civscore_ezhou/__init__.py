"""civscore plugin: the 鄂州 2017—2018 term of 市级文明单位.

Two period rubrics, ``ezhou@2017`` (40 points) and ``ezhou@2018`` (60
points), whose totals the term adds up (80 or more may stand for the title),
with the veto list of the 考评细则 published by 鄂州文明网 on 2018-05-17,
and the term itself as a campaign file, ``ezhou.2017-2018``: the two years
added up and compared raw with 80 (``civscore rank DIR --campaign
ezhou.2017-2018``; see the README).
"""

from __future__ import annotations

from collections.abc import Sequence

import civscore
from civscore import RubricSpec
from civscore.plugins.hookspecs import CampaignSpec

__version__ = "0.1.0"


@civscore.hookimpl
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The two years of the 2017—2018 term."""
    return [RubricSpec(package=__name__, resource="rubrics/ezhou-2017.toml"),
            RubricSpec(package=__name__, resource="rubrics/ezhou-2018.toml")]


@civscore.hookimpl
def civscore_campaigns() -> Sequence[CampaignSpec]:
    """The 2017—2018 term: 2017 (40) + 2018 (60), 80 or more to stand for the title."""
    return [CampaignSpec(package=__name__, resource="campaigns/ezhou-2017-2018.toml")]
