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


#: The what-if test rubric ``t@1`` and an assessment of it (tests/campaign/test_whatif.py
#: works their figures out by hand).
WHATIF_RUBRIC = """
id = "t"
version = "1"
title = "差距分析测试细则"
provenance = "illustrative"
source = "written for the civscore what-if tests"
total = 20

[[categories]]
id = "g"
title = "创建工作"
points = 20

  [[categories.criteria]]
  id = "a"
  title = "制度建设"
  points = 6
  method = "deduct"
  rules = [{ id = "r1", text = "制度缺一项扣1分", deduct = 1 },
           { id = "r2", text = "台账不全每处扣0.5分，最多扣1分", deduct = 0.5, max = 1 }]

  [[categories.criteria]]
  id = "b"
  title = "先进典型"
  points = 4
  method = "award"
  standards = [{ id = "s1", text = "市级先进", points = 1, max = 2 },
               { id = "s2", text = "县级先进", points = 0.5 }]

  [[categories.criteria]]
  id = "c"
  title = "群众评议"
  points = 4
  method = "tiered"
  tiers = [{ id = "good", title = "好", points = 4 }, { id = "fair", title = "较好", points = 2.5 },
           { id = "poor", title = "差", points = 1 }]

  [[categories.criteria]]
  id = "d"
  title = "安全生产"
  points = 3
  method = "all_or_nothing"
  text = "全年无安全事故"

  [[categories.criteria]]
  id = "e"
  title = "工作台账"
  points = 3
  method = "direct"
  step = 0.5

[[levels]]
id = "city"
title = "市级文明单位"
min_total = 12

[[levels]]
id = "province"
title = "省级文明单位"
min_total = 16
"""
WHATIF_ASSESSMENT = """
rubric = "t@1"
unit = "测试单位"
[[findings]]
criterion = "g.a"
hits = [{ rule = "r1", count = 2 }, { rule = "r2", count = 3 }]

[[findings]]
criterion = "g.b"
standards = [{ standard = "s1" }]

[[findings]]
criterion = "g.c"
tier = "fair"

[[findings]]
criterion = "g.d"
met = false

[[findings]]
criterion = "g.e"
points = 2
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
