"""Hypothesis strategies: random valid rubrics and assessments for them.

:func:`rubric_data` draws the plain data of a rubric file (what ``tomllib``
gives with ``parse_float=Decimal``) and :func:`rubrics` builds it with
:func:`civscore.rubric_from_dict`, so every rubric drawn has passed the
loader.  :func:`assessments` draws an assessment that fits a given rubric.

What is covered: categories scored directly and groups nested two levels
(category → criterion → sub-criterion), every built-in method, floors,
grade scales (评分等级: an item's own, the rubric's; exact or rounded),
rules with ``max``, discretionary ``deduct_range``, ``zeroes`` and
``at_most`` (本项最高得X分), group rules, ``sum_policy = "cap"``; bonus
items with groups, ``max_count``, ``min_base`` and a cap, a bonus with
``min_base`` or counted by project (claims naming their project); penalties with ``max``;
vetoes, bars, gates (some of every level) and levels (some with items'
minimums); every rounding mode and compare setting;
the three not-applicable policies; the three ``unassessed`` policies
(under ``error`` every leaf gets a finding, one with nothing in it where
nothing was found).  Assessments include not-applicable items, rule hits
far beyond an item's points, repeated hits of one rule, claimed figures,
repeated bonus and penalty claims, and bar findings inside and outside
their windows.

Points are multiples of 0.05 (at most two decimal places, the default
``point_places``).

These are not :mod:`civscore.testing`'s strategies, on purpose: they draw the
plain file data, so the loader is tested too, and rubrics the consistency
checks may reject (a threshold above the best total, a category share no
category can meet), where ``civscore.testing.rubrics()`` draws only rubrics
the checks accept.  What is the same, walking a rubric's items, comes from
:mod:`civscore.testing.paths`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from civscore.files.loader import assessment_from_dict, rubric_from_dict
from civscore.model import Assessment, Criterion, Rubric, scaled_item
from civscore.testing.paths import walk

__all__ = [
    "METHODS",
    "assessment_data",
    "assessments",
    "deductible_paths",
    "points",
    "rubric_data",
    "rubrics",
]

METHODS = ("deduct", "award", "tiered", "direct", "ratio", "all_or_nothing")
STEP = Decimal("0.05")
D_HALF = Decimal("0.5")


def points(lo: Decimal | int = 0, hi: Decimal | int = 20) -> st.SearchStrategy[Decimal]:
    """Multiples of 0.05 in ``[lo, hi]``."""
    low, high = int(Decimal(lo) / STEP), int(Decimal(hi) / STEP)
    return st.integers(low, high).map(lambda n: n * STEP)


def _rate() -> st.SearchStrategy[Decimal]:
    """Percentages with up to two decimals, edges likely."""
    return st.one_of(st.sampled_from([Decimal(0), Decimal(60), Decimal(90), Decimal(100)]),
                     st.integers(0, 10000).map(lambda n: Decimal(n) / 100))


# --- rubrics ---------------------------------------------------------------------------------


def _rule(draw: st.DrawFn, ident: str, item_points: Decimal) -> dict[str, Any]:
    kind = draw(st.sampled_from(["fixed", "fixed", "range", "zeroes", "at_most"]))
    rule: dict[str, Any] = {"id": ident, "text": f"规则{ident}"}
    if kind == "zeroes":
        rule["zeroes"] = True
        return rule
    if kind == "at_most":  # 本项最高得X分; the item's floor is kept at or below it
        rule["at_most"] = draw(points(0, item_points))
        return rule
    if kind == "fixed":
        rule["deduct"] = draw(points(STEP, item_points + 1))
    else:
        lo = draw(points(STEP, 1))
        rule["deduct_range"] = [lo, draw(points(lo, 2))]
    if draw(st.booleans()):
        rule["max"] = draw(points(STEP, item_points + 1))
    return rule


def _leaf(draw: st.DrawFn, ident: str, item_points: Decimal) -> dict[str, Any]:
    method = draw(st.sampled_from(METHODS))
    item: dict[str, Any] = {"id": ident, "title": f"指标{ident}", "points": item_points,
                            "method": method,
                            "evidence": draw(st.sampled_from(["", "材料审核", "实地考察"]))}
    if method == "deduct":
        n = draw(st.integers(1, 3))
        item["rules"] = [_rule(draw, f"r{i}", item_points) for i in range(n)]
    elif method == "award":
        standards = []
        for i in range(draw(st.integers(1, 3))):
            std: dict[str, Any] = {"id": f"s{i}", "text": f"标准{i}",
                                   "points": draw(points(0, item_points + 1))}
            if draw(st.booleans()):
                std["max"] = draw(points(0, item_points + 1))
            standards.append(std)
        item["standards"] = standards
    elif method == "tiered":
        # Mostly within the item's points; now and then above (the clamp records it).
        tier_points = points(0, item_points + draw(st.sampled_from([0, 0, 0, 1])))
        n = draw(st.integers(1, 4))
        item["tiers"] = [{"id": f"t{i}", "title": f"档{i}", "points": draw(tier_points)}
                         for i in range(n)]
    elif method == "direct":
        step = draw(st.sampled_from([None, Decimal("0.5"), Decimal("0.25"), STEP]))
        if step is not None:
            item["step"] = step
    elif method == "ratio":
        if draw(st.booleans()):
            bands = []
            for _ in range(draw(st.integers(1, 3))):
                key = draw(st.sampled_from(["at_least", "above"]))
                bands.append({key: draw(_rate()), "points": draw(points(0, item_points))})
            item["bands"] = bands
        else:
            item["target"] = draw(_rate())
            item["deduct_per_point"] = draw(points(0, 2))
    if draw(st.integers(0, 4)) == 0:
        item["floor"] = draw(points(0, _lowest_limit(item, item_points)))
    return item


def _lowest_limit(item: dict[str, Any], top: Decimal) -> Decimal:
    """The lowest ``at_most`` of an item's rules, else ``top``: a floor above
    it is refused by the loader."""
    return min([top, *(r["at_most"] for r in item.get("rules", ()) if "at_most" in r)])


def _group(draw: st.DrawFn, ident: str, depth: int) -> dict[str, Any]:
    n = draw(st.integers(1, 3))
    children = []
    for i in range(n):
        child_id = f"{ident}-{i}"
        if depth == 0 and draw(st.integers(0, 2)) == 0:
            children.append(_group(draw, child_id, depth + 1))
        else:
            children.append(_leaf(draw, child_id, draw(points(0, 10))))
    total = sum((c["points"] for c in children), Decimal(0))
    group: dict[str, Any] = {"id": ident, "title": f"项目{ident}", "criteria": children,
                             "evidence": draw(st.sampled_from(["", "材料审核", "实地考察"]))}
    if draw(st.integers(0, 3)) == 0:
        group["sum_policy"] = "cap"
        group["points"] = draw(points(0, total))
    else:
        group["points"] = total
    if draw(st.integers(0, 2)) == 0:
        group["rules"] = [_rule(draw, f"g{i}", group["points"])
                          for i in range(draw(st.integers(1, 2)))]
    if draw(st.integers(0, 5)) == 0:
        # A group's floor stays at most half its points (see the report on floors).
        group["floor"] = draw(points(0, min(group["points"] / 2,
                                            _lowest_limit(group, group["points"]))))
    return group


def _grade_scale(draw: st.DrawFn, ident: str) -> dict[str, Any]:
    """A scale of grades, fractions of an item's points in hundredths (0.66 is
    66%), exact or rounded to 0–2 places by any mode."""
    fractions = draw(st.lists(st.integers(0, 100), min_size=1, max_size=4))
    scale: dict[str, Any] = {"id": ident, "title": f"等级{ident}", "grades": [
        {"id": f"g{j}", "title": f"等{j}", "fraction": Decimal(f) / 100}
        for j, f in enumerate(fractions)]}
    if draw(st.booleans()):
        scale["places"] = draw(st.integers(0, 2))
        scale["mode"] = draw(st.sampled_from(["half-up", "half-even", "down", "up"]))
    return scale


def _item_points(items: list[dict[str, Any]], prefix: str = ""
                 ) -> list[tuple[str, Decimal]]:
    """(dotted path, points) of every item of the drawn data, groups too."""
    out = []
    for item in items:
        path = f"{prefix}{item['id']}"
        out.append((path, item["points"]))
        out += _item_points(item.get("criteria", []), f"{path}.")
    return out


def _tiered_leaves(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if "criteria" in item:
            out += _tiered_leaves(item["criteria"])
        elif item["method"] == "tiered":
            out.append(item)
    return out


def _grade_scales(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Now and then grade scales (评分等级): some tiered leaves name one
    instead of their tiers, or, under a rubric-wide scale, give neither."""
    if draw(st.integers(0, 2)):
        return
    scales = [_grade_scale(draw, f"s{i}") for i in range(draw(st.integers(1, 2)))]
    data["grade_scales"] = scales
    wide = draw(st.sampled_from([None, *(s["id"] for s in scales)]))
    if wide is not None:
        data["scale"] = wide
    for leaf in _tiered_leaves(data["categories"]):
        choice = draw(st.sampled_from(["tiers", "own", "wide"]))
        if choice == "tiers":
            continue
        del leaf["tiers"]
        if choice == "own" or wide is None:
            leaf["scale"] = draw(st.sampled_from(scales))["id"]


@st.composite
def rubric_data(draw: st.DrawFn, *, policies: tuple[str, ...] = ("rescale", "zero", "forbid"),
                ) -> dict[str, Any]:
    """The plain data of a valid rubric file."""
    categories = []
    for i in range(draw(st.integers(1, 4))):
        ident = f"c{i}"
        if draw(st.booleans()):
            categories.append(_leaf(draw, ident, draw(points(STEP, 20))))
        else:
            categories.append(_group(draw, ident, 0))
    total = sum((c["points"] for c in categories), Decimal(0))
    if total == 0:  # the base total must be positive
        categories[0] = _leaf(draw, "c0", draw(points(STEP, 20)))
        total = sum((c["points"] for c in categories), Decimal(0))
    data: dict[str, Any] = {
        "id": "prop", "version": "1", "title": "随机评分细则", "provenance": "illustrative",
        "source": "drawn by hypothesis", "total": total, "categories": categories,
        "not_applicable": draw(st.sampled_from(policies)),
        "unassessed": draw(st.sampled_from(["full", "full", "flag", "error"])),
        "rounding": {"places": draw(st.integers(0, 2)),
                     "mode": draw(st.sampled_from(["half-up", "half-even", "down", "up"])),
                     "compare": draw(st.sampled_from(["raw", "rounded"]))},
    }
    _grade_scales(draw, data)
    if draw(st.booleans()):
        items = []
        for i in range(draw(st.integers(0, 4))):
            items.append({"id": f"b{i}", "text": f"加分{i}", "points": draw(points(0, 5)),
                          "group": draw(st.sampled_from(["", "", "honours", "media"])),
                          "max_count": draw(st.integers(1, 3))})
            if draw(st.integers(0, 3)) == 0:  # 基本分达到X分以上的，方可计算本项加分
                items[-1]["min_base"] = draw(points(0, total))
            judged = draw(st.sampled_from(["", "direct", "tiered"]))  # 特色指标 by judgement
            if judged == "direct":
                items[-1].update(method="direct", step=draw(st.sampled_from([STEP, D_HALF])))
            elif judged == "tiered":
                top = items[-1]["points"]
                items[-1].update(method="tiered", tiers=[
                    {"id": f"t{j}", "title": f"档{j}", "points": draw(points(0, top))}
                    for j in range(draw(st.integers(1, 3)))])
        bonus: dict[str, Any] = {"items": items}
        if draw(st.booleans()):
            bonus["cap"] = draw(points(0, 10))
        if draw(st.integers(0, 3)) == 0:
            bonus["min_base"] = draw(points(0, total))
        if draw(st.booleans()):  # 同一项目只计最高: claims name their project
            bonus["projects"] = "项目"
        data["bonus"] = bonus
    data["penalties"] = [{"id": f"p{i}", "text": f"负面{i}", "deduct": draw(points(0, 30)),
                          **({"max": draw(points(0, 30))} if draw(st.booleans()) else {})}
                         for i in range(draw(st.integers(0, 2)))]
    data["vetoes"] = [{"id": f"v{i}", "text": f"否决{i}"} for i in range(draw(st.integers(0, 2)))]
    data["bars"] = [{"id": f"bar{i}", "text": f"不得申报{i}",
                     "lookback_years": draw(st.integers(0, 3)),
                     "lookback_months": draw(st.integers(0, 11)),
                     "lookback_days": draw(st.integers(1, 40))}
                    for i in range(draw(st.integers(0, 2)))]
    gates = [f"gate{i}" for i in range(draw(st.integers(0, 2)))]
    data["gates"] = [{"id": g, "text": f"前置条件{g}",
                      **({"all_levels": True} if draw(st.integers(0, 2)) == 0 else {})}
                     for g in gates]  # now and then a gate of every level
    thresholds = sorted(set(draw(st.lists(points(0, total + 5), max_size=3))))
    levels = []
    for i, threshold in enumerate(thresholds):
        level: dict[str, Any] = {"id": f"l{i}", "title": f"等次{i}", "min_total": threshold}
        if draw(st.integers(0, 3)) == 0:
            level["max_total"] = draw(points(threshold, total + 10))
        if draw(st.booleans()):
            level["min_category_share"] = draw(st.sampled_from([Decimal("0.5"),
                                                                 Decimal("0.6"), Decimal(1)]))
        if gates and draw(st.booleans()):
            level["gates"] = draw(st.lists(st.sampled_from(gates), unique=True, min_size=1))
        if draw(st.integers(0, 2)) == 0:  # 单项最低分: items that must reach a score
            paths = dict(_item_points(categories))
            chosen = draw(st.lists(st.sampled_from(sorted(paths)), unique=True, min_size=1,
                                   max_size=2))
            level["minimums"] = [{"item": p, "at_least": draw(points(0, paths[p]))}
                                 for p in chosen]
        levels.append(level)
    data["levels"] = levels
    return data


@st.composite
def rubrics(draw: st.DrawFn, *, policies: tuple[str, ...] = ("rescale", "zero", "forbid"),
            ) -> Rubric:
    """A valid :class:`~civscore.model.Rubric` (built by the loader)."""
    return rubric_from_dict(draw(rubric_data(policies=policies)), source="<hypothesis>")


# --- assessments -----------------------------------------------------------------------------


def deductible_paths(rubric: Rubric) -> list[str]:
    """Paths of the items that have deduction rules (``deduct`` leaves and groups)."""
    return [path for path, item in walk(rubric) if item.rules]


def _hit(draw: st.DrawFn, item: Criterion, max_count: int = 12) -> dict[str, Any]:
    rule = draw(st.sampled_from(item.rules))
    hit: dict[str, Any] = {"rule": rule.id, "count": draw(st.integers(0, max_count))}
    if rule.deduct_range is not None:
        lo, hi = rule.deduct_range
        hit["deduct"] = draw(points(lo, hi))
        hit["note"] = "视情况扣分"
    return hit


def _finding(draw: st.DrawFn, path: str, item: Criterion) -> dict[str, Any] | None:
    finding: dict[str, Any] = {"criterion": path}
    if item.criteria:
        if item.rules and draw(st.booleans()):
            finding["hits"] = [_hit(draw, item) for _ in range(draw(st.integers(1, 3)))]
    elif item.method == "deduct":
        if draw(st.integers(0, 3)) == 0:
            return None  # no finding: no deductions
        finding["hits"] = [_hit(draw, item) for _ in range(draw(st.integers(0, 4)))]
    elif item.method == "award":
        if draw(st.integers(0, 3)) == 0:
            return None  # no finding: nothing earned
        finding["standards"] = [
            {"standard": draw(st.sampled_from(item.standards)).id,
             "count": draw(st.integers(0, 6))}
            for _ in range(draw(st.integers(0, 4)))]
    elif item.method == "tiered":
        finding["tier"] = draw(st.sampled_from(item.tiers)).id
    elif item.method == "direct":
        step = item.step or STEP
        finding["points"] = draw(st.integers(0, int(item.points / step))) * step
    elif item.method == "ratio":
        finding["rate"] = draw(_rate())
    elif item.method == "all_or_nothing":
        finding["met"] = draw(st.booleans())
    if draw(st.integers(0, 2)) == 0:
        finding["claimed"] = draw(points(0, item.points))
    return finding if len(finding) > 1 else None


def _claim(draw: st.DrawFn, item: Any, projects: list[str]) -> dict[str, Any]:
    """A bonus claim of ``item``: occurrences of fixed points, or one award
    of a judged item (points on its step, or a tier)."""
    claim: dict[str, Any] = {"item": item.id, "project": draw(st.sampled_from(projects))}
    if item.method == "direct":
        claim["points"] = item.step * draw(st.integers(0, int(item.points // item.step)))
    elif item.method == "tiered":
        claim["tier"] = draw(st.sampled_from(item.tiers)).id
    else:
        claim["count"] = draw(st.integers(1, 4))
    return claim


def _dates(draw: st.DrawFn, before: datetime.date) -> datetime.date:
    """A date up to four years before ``before`` (after it, a bar finding is refused)."""
    return before - datetime.timedelta(days=draw(st.integers(0, 4 * 366)))


@st.composite
def assessment_data(draw: st.DrawFn, rubric: Rubric, *, not_applicable: bool = True,
                    ) -> dict[str, Any]:
    """The plain data of an assessment file that fits ``rubric``.

    :param not_applicable: whether items may be marked not applicable (never
        under a ``forbid`` policy).
    """
    allow_na = not_applicable and rubric.not_applicable != "forbid"
    findings: list[dict[str, Any]] = []
    skipped: list[str] = []
    for path, item in walk(rubric):
        if any(path.startswith(s + ".") for s in skipped):
            continue
        if allow_na and draw(st.integers(0, 5)) == 0:
            findings.append({"criterion": path, "not_applicable": True, "reason": "本单位无此项"})
            skipped.append(path)
            continue
        finding = _finding(draw, path, scaled_item(rubric, item))
        if finding is None and rubric.unassessed == "error" and not item.criteria:
            finding = {"criterion": path}  # assessed, nothing found: the policy wants it said
        if finding is not None:
            findings.append(finding)
    # never in the future, which is refused (docs/refuses.md)
    assessed_on = draw(st.dates(datetime.date(2000, 1, 1), datetime.date(2025, 12, 31)))
    data: dict[str, Any] = {"rubric": rubric.ref, "unit": "随机单位", "findings": findings,
                            "assessed_on": assessed_on}
    if draw(st.integers(0, 2)) == 0:
        data["claimed_total"] = draw(points(0, rubric.total))
    if rubric.bonus is not None and rubric.bonus.items:
        projects = ["", "甲项目", "乙项目"] if rubric.bonus.projects else [""]
        data["bonus"] = [_claim(draw, draw(st.sampled_from(rubric.bonus.items)), projects)
                         for _ in range(draw(st.integers(0, 4)))]
    if rubric.penalties:
        data["penalties"] = [{"item": draw(st.sampled_from(rubric.penalties)).id,
                              "count": draw(st.integers(1, 3))}
                             for _ in range(draw(st.integers(0, 3)))]
    if rubric.vetoes and draw(st.integers(0, 3)) == 0:
        data["vetoes"] = [{"veto": draw(st.sampled_from(rubric.vetoes)).id}]
    if rubric.bars:
        data["bars"] = [{"bar": draw(st.sampled_from(rubric.bars)).id,
                         "date": _dates(draw, assessed_on)}
                        for _ in range(draw(st.integers(0, 2)))]
    if rubric.gates:
        data["gates"] = {g.id: draw(st.booleans()) for g in rubric.gates
                         if draw(st.booleans())}
    return data


@st.composite
def assessments(draw: st.DrawFn, rubric: Rubric, *, not_applicable: bool = True) -> Assessment:
    """A valid :class:`~civscore.model.Assessment` for ``rubric`` (built by the loader)."""
    return assessment_from_dict(draw(assessment_data(rubric, not_applicable=not_applicable)),
                                source="<hypothesis>")
