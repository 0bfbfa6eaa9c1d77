"""The campaign benchmark: ``python benchmarks/campaign.py [--units N] [--repeats R]``.

A batch of 1,000 units with 5 assessors each (自评 and four 测评组) on a
20-item rubric, scored once with ``score_many``; then, timed, every unit's
panel combined (trimmed mean within the 测评组, 自评 10% + 测评组 90%, exact)
and the 1,000 units ranked against a quota of 90% of 600 expiring titles
with a tie-break category, 1:1.5 candidates off, 末位淘汰 10%, near-line flags.
The target: the panels and the ranking in under a second of one core's CPU
time (``time.process_time``, the median of the repeats).  Scoring the 5,000
assessments is reported beside it, not part of the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from decimal import Decimal

import civscore
from civscore.campaign.panel import Sheet, combine_panel
from civscore.campaign.rules import PanelRule, Quota, RoleWeight, SelectionRule
from civscore.campaign.selection import rank, standing_of
from civscore.files.loader import parse_toml

ITEMS = 20
TARGET_SECONDS = 1.0


def rubric_text() -> str:
    lines = ['id = "bench.campaign"', 'version = "1"', 'title = "合议基准细则"',
             f"total = {ITEMS * 5}", 'provenance = "illustrative"', 'source = "benchmark"', ""]
    for c in range(4):
        lines += ["[[categories]]", f'id = "c{c}"', f'title = "类别{c}"',
                  f"points = {ITEMS // 4 * 5}", ""]
        for i in range(ITEMS // 4):
            lines += ["  [[categories.criteria]]", f'  id = "i{i}"', f'  title = "指标{c}-{i}"',
                      "  points = 5", '  method = "direct"', "  step = 0.5", ""]
    lines += ["[[levels]]", 'id = "city"', 'title = "市级文明单位"', "min_total = 45"]
    return "\n".join(lines)


def assessments(units: int) -> list[tuple[civscore.Assessment, str, str]]:
    """Five assessments per unit; points from arithmetic on the numbers."""
    out = []
    for u in range(units):
        for a in range(5):
            role = "自评" if a == 0 else "测评组"
            findings = [{"criterion": f"c{c}.i{i}",
                         "points": Decimal((u * 7 + a * 3 + c * 5 + i) % 11) / 2}
                        for c in range(4) for i in range(ITEMS // 4)]
            data = {"rubric": "bench.campaign@1", "unit": f"单位{u:04d}", "assessor": f"组{a}",
                    "role": role, "findings": findings}
            out.append((civscore.assessment_from_dict(data), f"组{a}", role))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    rubric = civscore.rubric_from_dict(parse_toml(rubric_text()))
    given = assessments(args.units)
    start = time.process_time()
    cards = list(civscore.score_many(rubric, (a for a, _n, _r in given), explain=False))
    scoring = time.process_time() - start
    sheets = [Sheet(card, name, role) for card, (_a, name, role) in zip(cards, given, strict=True)]
    groups = [sheets[i:i + 5] for i in range(0, len(sheets), 5)]
    rule = PanelRule(method="trimmed", roles=(RoleWeight("自评", Decimal("0.1")),
                                              RoleWeight("测评组", Decimal("0.9"))))
    selection = SelectionRule(ties=("c0",), near=Decimal(1))
    quota = Quota(fraction=Decimal("0.9"), expiring=min(600, args.units),
                  eliminate=Decimal("0.1"))
    times = []
    for _ in range(args.repeats):
        start = time.process_time()
        panels = [combine_panel(group, rule, rubric) for group in groups]
        ranking = rank([standing_of(p, selection) for p in panels], selection, quota)
        times.append(time.process_time() - start)
    median = statistics.median(times)
    awarded = sum(1 for o in ranking.outcomes if o.status == "awarded")
    print(f"scoring {len(cards)} assessments (score_many, explanations off): {scoring:.3f} s")
    print(f"panels of {len(groups)} units × 5 assessors and the ranking: median {median:.3f} s "
          f"of {args.repeats} (min {min(times):.3f}, max {max(times):.3f}); "
          f"{ranking.places} places, {awarded} awarded")
    within = median < TARGET_SECONDS or args.units != 1000
    print(f"target: under {TARGET_SECONDS:.0f} s for 1,000 units: "
          f"{'met' if within else 'MISSED'}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
