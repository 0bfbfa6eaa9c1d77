"""Write the example campaign under examples/campaign/ (deterministically).

    python examples/campaign/generate.py

writes two period rubrics (2023 worth 40, 2024 worth 60: the shape of 鄂州's
2017—2018 term), the campaign file, a history of titles held and, for 32
units, five assessments per period (自评 and four 测评组 assessors).  Every
point is invented (illustrative); the figures come from arithmetic on the
unit and assessor numbers, no random generator, so the files are the same on
every run and every Python.  Then run the campaign:

    civscore rank examples/campaign/assessments --campaign examples/campaign/campaign.toml \
        --history examples/campaign/history.csv \
        --rubric examples/campaign/rubric-2023.toml --rubric examples/campaign/rubric-2024.toml
"""

from __future__ import annotations

import shutil
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DISTRICTS = ("东城区", "西城区", "南湖区", "北山区")
KINDS = ("税务局", "第一中学", "人民医院", "供电公司", "图书馆", "卫健委", "交通运输局", "文化馆")
UNITS = tuple(d + k for d in DISTRICTS for k in KINDS)

#: category id, title, points per period (the 2023 rubric: 40 by 网上材料审核;
#: the 2024 rubric: 60 by 材料审核, 实地考察 and 问卷调查)
PERIODS = {
    "2023": (("leadership", "组织领导", 20), ("materials", "网上材料审核", 20)),
    "2024": (("materials", "网上材料审核", 20), ("inspection", "实地考察", 20),
             ("survey", "问卷调查", 20)),
}
#: each 测评组 assessor's offset from the unit's level, a fraction of the points
OFFSETS = (Decimal("-0.03"), Decimal("-0.01"), Decimal("0.00"), Decimal("0.02"))
ASSESSORS = ("第一测评组", "第二测评组", "第三测评组", "第四测评组")
VETOED = 9       # one 测评组 found a major safety accident in 2024
BARRED = 14      # an employee's criminal case in 2023: barred for two years
DIVERGENT = 21   # the fourth 测评组 scored this unit far below the others
HOLDERS = (0, 3, 6, 10, 17, 22, 26, 30)   # held the title in 2023
WARNED = {17: (2022,), 26: (2023,)}   # earlier warnings (限期整改)


def level(unit: int) -> Decimal:
    """The unit's level, a fraction of the points: 0.70 to 0.98."""
    return Decimal("0.70") + Decimal((unit * 37) % 29) / 100


def points(maximum: int, fraction: Decimal) -> Decimal:
    """``fraction`` of ``maximum`` to the nearest half point, within [0, maximum]."""
    value = (maximum * fraction * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
    return min(max(value, Decimal(0)), Decimal(maximum))


def rubric_toml(period: str) -> str:
    total = sum(p for _i, _t, p in PERIODS[period])
    lines = [
        "#:schema ../../src/civscore/files/schemas/rubric.schema.json",
        'id = "example.campaign"', f'version = "{period}"',
        f'title = "示例市文明单位测评细则（{period}年度）"', f"total = {total}",
        'provenance = "illustrative"',
        'source = "invented for the civscore example campaign, shaped after 鄂州 2017—2018 '
        '(../shared/CAMPAIGN.md): 40 points in the first year, 60 in the second"', "",
    ]
    for cid, title, pts in PERIODS[period]:
        lines += ["[[categories]]", f'id = "{cid}"', f'title = "{title}"', f"points = {pts}",
                  'method = "direct"', "step = 0.5", ""]
    lines += ["[[vetoes]]", 'id = "safety"', 'text = "发生重大安全生产事故"', "",
              "[[bars]]", 'id = "crime"', 'text = "员工发生刑事案件"', "lookback_years = 2", ""]
    return "\n".join(lines)


CAMPAIGN = """\
#:schema ../../src/civscore/campaign/campaign.schema.json
id = "example.city-2023-2024"
title = "示例市2023—2024年度市级文明单位评选"
award = "市级文明单位"
year = 2024
provenance = "illustrative"
source = "invented for the civscore example; the rules follow practices listed in CAMPAIGN.md"

[panel]
method = "trimmed"
trim = 1
small = "closest-pair"
roles = [{ role = "自评", weight = 0.1 }, { role = "测评组", weight = 0.9 }]
places = 2
diverge = 8

[term]
min_total = 80
periods = [
  { id = "2023", rubric = "example.campaign@2023", title = "2023年" },
  { id = "2024", rubric = "example.campaign@2024", title = "2024年" },
]

[selection]
ties = ["inspection"]
near = 1

[quota]
fraction = 0.9
expiring = 10
eliminate = 0.15

[review]
keep_at = 80
warn_at = 72
warnings_to_revoke = 2
replace = true
"""


def assessment_toml(unit: int, period: str, assessor: str, role: str, offset: Decimal) -> str:
    name = UNITS[unit]
    lines = ["#:schema ../../../../src/civscore/files/schemas/assessment.schema.json",
             f'rubric = "example.campaign@{period}"', f'unit = "{name}"', f'period = "{period}"',
             f'assessed_on = {period}-12-01', f'assessor = "{assessor}"', f'role = "{role}"', ""]
    for cid, _title, pts in PERIODS[period]:
        lines += ["[[findings]]", f'criterion = "{cid}"',
                  f"points = {points(pts, level(unit) + offset)}", ""]
    if unit == VETOED and period == "2024" and assessor == ASSESSORS[1]:
        lines += ["[[vetoes]]", 'veto = "safety"', "date = 2024-06-18",
                  'note = "仓库火灾，造成重大财产损失"', ""]
    if unit == BARRED and period == "2024" and role == "测评组":
        lines += ["[[bars]]", 'bar = "crime"', "date = 2023-08-01", ""]
    return "\n".join(lines)


def history_csv() -> str:
    rows = ["unit,title,level,period,outcome,date"]
    for unit in HOLDERS:
        for year in (2022, 2023):
            outcome = "warned" if year in WARNED.get(unit, ()) else "kept"
            if year == 2022 and unit not in WARNED:
                outcome = "awarded"
            rows.append(f"{UNITS[unit]},市级文明单位,city,{year},{outcome},{year}-12-20")
    return "\n".join(rows) + "\n"


def main() -> int:
    for period in PERIODS:
        (HERE / f"rubric-{period}.toml").write_text(rubric_toml(period), encoding="utf-8")
    (HERE / "campaign.toml").write_text(CAMPAIGN, encoding="utf-8")
    (HERE / "history.csv").write_text(history_csv(), encoding="utf-8")
    out = HERE / "assessments"
    shutil.rmtree(out, ignore_errors=True)
    for unit in range(len(UNITS)):
        folder = out / f"{unit + 1:02d}"
        folder.mkdir(parents=True)
        for period in PERIODS:
            text = assessment_toml(unit, period, "本单位", "自评", Decimal("0.04"))
            (folder / f"{period}-self.toml").write_text(text, encoding="utf-8")
            for n, (assessor, offset) in enumerate(zip(ASSESSORS, OFFSETS, strict=True)):
                far = Decimal("-0.25") if unit == DIVERGENT and n == 3 else offset
                text = assessment_toml(unit, period, assessor, "测评组", far)
                (folder / f"{period}-group{n + 1}.toml").write_text(text, encoding="utf-8")
    print(f"wrote {len(UNITS)} units × {len(PERIODS)} periods × 5 assessments under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
