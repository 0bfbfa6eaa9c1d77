"""The Hypothesis strategy :func:`rubrics`: random valid rubrics, for
testing the engine and the property suite on rubrics nobody wrote.

Each rubric's levels are drawn from the totals :mod:`civscore.testing.search`
finds reachable, so the level properties hold for it.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from civscore.checks import item_bounds, max_total
from civscore.files.loader import rubric_from_dict
from civscore.model import Rubric
from civscore.model.points import ZERO, places_of
from civscore.scoring.methods import BUILTIN_METHODS
from civscore.testing.search import UnsupportedRubricError, cached_search
from civscore.testing.strategies import rarely
from civscore.testing.units import set_bits

__all__ = ["rubrics"]


_EVIDENCE = ("材料审核", "实地考察", "问卷调查", "")


def rubrics(*, max_categories: int = 4) -> st.SearchStrategy[Rubric]:
    """Random valid rubrics (``hypothesis@1``, provenance ``illustrative``)
    on which :func:`civscore.check_rubric` finds no error.

    They have categories scored directly or by criteria nested up to two
    levels, every built-in method (rules with caps, discretionary ranges and
    ``zeroes``; standards with caps; tiers; steps; bands and targets),
    floors, group rules and ``sum_policy = "cap"``; bonus items in groups
    with a cap; penalties, vetoes, bars and gates; every rounding rule and
    not-applicable policy; and up to three levels that the best possible
    assessment reaches, with bands where the checks allow them.
    """
    return _rubric(max_categories)


@st.composite
def _points(draw: st.DrawFn, quantum: Decimal, lo: int = 1, hi: int = 20) -> Decimal:
    return quantum * draw(st.integers(lo, hi))


@st.composite
def _leaf_data(draw: st.DrawFn, ident: str, quantum: Decimal, points: Decimal
               ) -> dict[str, Any]:
    method = draw(st.sampled_from(sorted(BUILTIN_METHODS)))
    data: dict[str, Any] = {"id": ident, "title": f"指标{ident}", "points": points,
                            "method": method, "evidence": draw(st.sampled_from(_EVIDENCE))}
    if draw(rarely(5)):
        data["floor"] = quantum * draw(st.integers(0, int(points / quantum)))
    n = int(points / quantum)
    if method == "deduct":
        data["rules"] = draw(st.lists(_rule_data(quantum, n), min_size=1, max_size=3)
                             .map(_number_ids("r")))
    elif method == "award":
        standards = []
        for i in range(draw(st.integers(1, 3))):
            std: dict[str, Any] = {"id": f"s{i}", "text": f"得分标准{i}",
                                   "points": quantum * draw(st.integers(1, n))}
            if draw(st.booleans()):
                std["max"] = std["points"] * draw(st.integers(1, 3))
            standards.append(std)
        data["standards"] = standards
    elif method == "tiered":
        values = draw(st.lists(st.integers(0, n), min_size=1, max_size=4, unique=True))
        data["tiers"] = [{"id": f"t{i}", "title": f"档次{i}", "points": quantum * v}
                         for i, v in enumerate(sorted(values, reverse=True))]
    elif method == "direct":
        if draw(st.booleans()):
            data["step"] = quantum
    elif method == "ratio":
        if draw(st.booleans()):
            data["target"] = Decimal(draw(st.integers(50, 100)))
            data["deduct_per_point"] = quantum * draw(st.integers(1, 4))
        else:
            bounds = draw(st.lists(st.integers(0, 100), min_size=1, max_size=3, unique=True))
            data["bands"] = [
                {("at_least" if draw(st.booleans()) else "above"): Decimal(b),
                 "points": quantum * draw(st.integers(0, n))} for b in sorted(bounds)]
    return data


def _number_ids(prefix: str) -> Callable[[list[dict[str, Any]]], list[dict[str, Any]]]:
    def number(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**e, "id": f"{prefix}{i}"} for i, e in enumerate(entries)]
    return number


def _rule_data(quantum: Decimal, n: int) -> st.SearchStrategy[dict[str, Any]]:
    fixed = st.builds(
        lambda d, m: {"id": "r", "text": "扣分标准", "deduct": quantum * d,
                      **({"max": quantum * m} if m else {})},
        st.integers(1, max(1, n)), st.integers(0, max(1, n)))
    ranged = st.builds(
        lambda lo, extra: {"id": "r", "text": "视情况扣分",
                           "deduct_range": [quantum * lo, quantum * (lo + extra)]},
        st.integers(1, max(1, n)), st.integers(0, 3))
    zeroes = st.just({"id": "r", "text": "不符合标准的，本项即不得分", "zeroes": True})
    return st.one_of(fixed, ranged, zeroes)


@st.composite
def _item_data(draw: st.DrawFn, ident: str, quantum: Decimal, depth: int) -> dict[str, Any]:
    if depth >= 2 or draw(st.integers(0, 2)) > 0:
        return draw(_leaf_data(ident, quantum, draw(_points(quantum))))
    children = [draw(_item_data(f"{ident}-{i}", quantum, depth + 1))
                for i in range(draw(st.integers(1, 3)))]
    total = sum((c["points"] for c in children), ZERO)
    data: dict[str, Any] = {"id": ident, "title": f"项目{ident}", "criteria": children,
                            "points": total, "evidence": draw(st.sampled_from(_EVIDENCE))}
    if total > quantum and draw(rarely(4)):
        data["sum_policy"] = "cap"
        data["points"] = total - quantum * draw(st.integers(1, int(total / quantum) - 1))
    if draw(rarely(3)):
        n = int(data["points"] / quantum)
        data["rules"] = draw(st.lists(_rule_data(quantum, n), min_size=1, max_size=2)
                             .map(_number_ids("g")))
    if draw(rarely(5)):
        data["floor"] = quantum * draw(st.integers(0, int(data["points"] / quantum)))
    return data


@st.composite
def _rubric_data(draw: st.DrawFn, max_categories: int) -> dict[str, Any]:
    point_places = draw(st.integers(0, 2))
    quantum = draw(st.sampled_from([q for q in (Decimal(1), Decimal("0.5"), Decimal("0.25"))
                                    if places_of(q) <= point_places]))
    categories = [draw(_item_data(f"c{i}", quantum, 0))
                  for i in range(draw(st.integers(1, max_categories)))]
    data: dict[str, Any] = {
        "id": "hypothesis", "version": "1", "title": "随机测评体系",
        "provenance": "illustrative", "source": "drawn by civscore.testing.rubrics()",
        "total": sum((c["points"] for c in categories), ZERO),
        "point_places": point_places, "categories": categories,
        "not_applicable": draw(st.sampled_from(["rescale", "zero", "forbid"])),
        "rounding": {"places": draw(st.integers(0, point_places)),
                     "mode": draw(st.sampled_from(["half-up", "half-even", "down", "up"])),
                     "compare": draw(st.sampled_from(["raw", "rounded"]))},
    }
    if draw(st.booleans()):
        items = [{"id": f"b{i}", "text": f"加分项{i}", "points": draw(_points(quantum, 1, 8)),
                  "group": draw(st.sampled_from(["", "", "honors"])),
                  "max_count": draw(st.integers(1, 2))}
                 for i in range(draw(st.integers(1, 4)))]
        data["bonus"] = {"items": items}
        if draw(st.booleans()):
            data["bonus"]["cap"] = draw(_points(quantum, 1, 10))
    data["penalties"] = [
        {"id": f"p{i}", "text": f"负面清单{i}", "deduct": draw(_points(quantum, 1, 6)),
         **({"max": draw(_points(quantum, 1, 10))} if draw(st.booleans()) else {})}
        for i in range(draw(st.integers(0, 2)))]
    data["vetoes"] = [{"id": f"v{i}", "text": f"一票否决{i}"}
                      for i in range(draw(st.integers(0, 2)))]
    data["bars"] = [{"id": f"bar{i}", "text": f"不得申报{i}",
                     "lookback_years": draw(st.integers(1, 2))}
                    for i in range(draw(st.integers(0, 1)))]
    data["gates"] = [{"id": f"gate{i}", "text": f"前置条件{i}"}
                     for i in range(draw(st.integers(0, 2)))]
    return data


@st.composite
def _levels_data(draw: st.DrawFn, rubric: Rubric, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Ascending levels whose thresholds some assessment reaches (now and then
    the top one just off the reachable totals); bands only where the checks
    allow them."""
    try:
        search = cached_search(rubric, BUILTIN_METHODS)
    except UnsupportedRubricError:  # pragma: no cover - the drawn rubrics are small
        return []
    totals = search.totals(None)
    # check_rubric compares the raw best total with the thresholds, even where
    # levels compare the rounded total; stay below it so the checks stay clean.
    highest = max_total(rubric)
    reachable = sorted(v for v in {search.compared(k) for k in set_bits(totals)}
                       if ZERO < v <= highest)
    if not reachable:
        return []
    values = sorted(draw(st.lists(st.sampled_from(reachable), max_size=3, unique=True)))
    rounding = rubric.rounding
    grid = Decimal(1).scaleb(-(rounding.places if rounding.compare == "rounded"
                               else rubric.point_places))
    if draw(rarely(4)) and values:
        nudged = values[-1] - grid
        if nudged > (values[-2] if len(values) > 1 else ZERO):
            values[-1] = nudged
    levels: list[dict[str, Any]] = [{"id": f"l{i}", "title": f"等次{i}", "min_total": v}
                                    for i, v in enumerate(values)]
    if rounding.compare == "rounded":
        for a, b in itertools.pairwise(levels):
            if draw(st.booleans()) and b["min_total"] - grid >= a["min_total"]:
                a["max_total"] = b["min_total"] - grid
    if draw(rarely(3)) and levels:
        best = max(highest, search.compared(totals.bit_length() - 1))
        levels[-1]["max_total"] = best + draw(_points(Decimal(1), 0, 5))
    share_room = min((item_bounds(c, BUILTIN_METHODS, rubric)[1] / c.points
                      for c in rubric.categories if c.points), default=ZERO)
    for level in levels:
        if share_room > 0 and "max_total" not in level and draw(rarely(4)):
            level["min_category_share"] = (share_room * draw(st.integers(1, 10)) / 10).quantize(
                Decimal("0.01"), rounding=decimal.ROUND_DOWN)
        if data["gates"] and draw(rarely(3)):
            level["gates"] = [data["gates"][0]["id"]]
    return levels


@st.composite
def _rubric(draw: st.DrawFn, max_categories: int) -> Rubric:
    data = draw(_rubric_data(max_categories))
    rubric = rubric_from_dict(data, source="<civscore.testing.rubrics>")
    data["levels"] = draw(_levels_data(rubric, data))
    return rubric_from_dict(data, source="<civscore.testing.rubrics>")
