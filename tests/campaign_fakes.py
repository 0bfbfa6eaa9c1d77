"""Small rubrics and sheets for the campaign tests (imported beside the test modules).

The test rubric ``camp@1`` has two categories scored directly (a: 60 points,
b: 40 points, steps of 0.5), a veto, a bar and one level (85), so that every
assessor's total is simply a + b and the figures can be worked out by hand.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import civscore
from civscore.campaign.panel import Sheet
from civscore.files.loader import assessment_from_dict, parse_toml, rubric_from_dict
from civscore.model import Rubric

RUBRIC_TOML = """
id = "camp"
version = "1"
title = "合议测试细则"
total = 100
provenance = "illustrative"
source = "written for the civscore campaign tests"

[[categories]]
id = "a"
title = "组织领导"
points = 60
method = "direct"
step = 0.5

[[categories]]
id = "b"
title = "创建活动"
points = 40
method = "direct"
step = 0.5

[[vetoes]]
id = "safety"
text = "发生重大安全生产事故"

[[bars]]
id = "crime"
text = "员工发生刑事案件"
lookback_years = 2

[[levels]]
id = "city"
title = "市级文明单位"
min_total = 85
"""


def rubric(version: str = "1", total: int = 100, a: int = 60, b: int = 40,
           level: int = 85) -> Rubric:
    """``camp@<version>`` with its categories worth ``a`` and ``b`` (``total`` in all)."""
    text = (RUBRIC_TOML.replace('version = "1"', f'version = "{version}"')
            .replace("total = 100", f"total = {total}")
            .replace("points = 60", f"points = {a}").replace("points = 40", f"points = {b}")
            .replace("min_total = 85", f"min_total = {level}"))
    return rubric_from_dict(parse_toml(text), source="<test>")


def sheet(a: str, b: str, *, unit: str = "甲单位", assessor: str = "", role: str = "",
          period: str = "2024", the_rubric: Rubric | None = None, veto: bool = False,
          bar: datetime.date | None = None) -> Sheet:
    """One assessor's scorecard of ``unit``: category a scored ``a``, b ``b``."""
    the_rubric = rubric() if the_rubric is None else the_rubric
    data: dict[str, object] = {
        "rubric": the_rubric.ref, "unit": unit, "period": period, "assessor": assessor,
        "role": role, "assessed_on": datetime.date(2024, 12, 1),
        "findings": [{"criterion": "a", "points": Decimal(a)},
                     {"criterion": "b", "points": Decimal(b)}],
    }
    if veto:
        data["vetoes"] = [{"veto": "safety", "note": "2024年发生事故"}]
    if bar is not None:
        data["bars"] = [{"bar": "crime", "date": bar}]
    assessment = assessment_from_dict(data, source=f"{unit}-{assessor}.toml")
    card = civscore.score(the_rubric, assessment)
    return Sheet(card, assessor, role, f"{unit}-{assessor}.toml")
