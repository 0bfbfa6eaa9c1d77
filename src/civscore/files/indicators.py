"""Rubric files of indicators without points (``weighted = false``).

A national system may fix the indicators (测评指标) and how each is judged
(测评方法及内容) but leave the points to each province (分值赋权), as the
全国文明单位测评体系 (2020年版) does.  Its rubric file says
``weighted = false`` and then omits ``total`` and every item's ``points``
(both read as 0); an indicator carries only its identity, wording, evidence
method, sub-indicators and provenance, and the rubric no bonus, penalty,
level or grade scale, since each of those carries points.  Vetoes, bars and
gates carry none and are kept.

:func:`fill_unweighted` gives the omitted keys their 0 before the file is
structured; :func:`unweighted_problem` finds the first thing such a rubric
should not carry.  An overlay gives the indicators their points (and sets
``weighted = true``); scoring the rubric itself is refused by
:func:`civscore.scoring.require_weighted`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from civscore.model import Criterion, Rubric, walk_items

__all__ = ["INDICATOR_KEYS", "POINTED_SECTIONS", "fill_unweighted", "unweighted_problem"]

#: The keys an indicator (an item of a rubric without points) may carry
#: (``points`` only as 0, or omitted).
INDICATOR_KEYS = frozenset({"id", "title", "points", "text", "evidence", "criteria",
                            "provenance", "source"})

#: The rubric's keys that carry points, and so stay empty in a rubric without them.
POINTED_SECTIONS = ("bonus", "penalties", "levels", "grade_scales", "scale")


def fill_unweighted(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of parsed rubric data with ``total`` and each item's ``points``
    set to 0 where omitted, when the data says ``weighted = false``; an
    unchanged copy otherwise.  Values of the wrong type are left as they
    are, for the structuring to report."""
    out = dict(data)
    if out.get("weighted") is not False:
        return out
    out.setdefault("total", 0)
    if isinstance(out.get("categories"), list):
        out["categories"] = [_filled(c) for c in out["categories"]]
    return out


def _filled(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    out = dict(item)
    out.setdefault("points", 0)
    if isinstance(out.get("criteria"), list):
        out["criteria"] = [_filled(c) for c in out["criteria"]]
    return out


def _given(field: attrs.Attribute[Any], value: Any) -> bool:
    """Whether ``value`` differs from the field's default."""
    default = field.default
    factory = getattr(default, "factory", None)
    return bool(value != (factory() if callable(factory) else default))


def unweighted_problem(rubric: Rubric) -> tuple[str, str] | None:
    """The key path and key of the first thing a rubric of indicators
    without points carries that gives or needs points (a ``total``, an
    item's ``points``, ``method``, ``rules`` …, a bonus, penalty, level or
    grade scale), in file order; ``None`` when there is none."""
    if rubric.total != 0:
        return "$.total", "total"
    for place in walk_items(rubric):
        if place.item.points != 0:
            return f"{place.key}.points", "points"
        for field in attrs.fields(Criterion):
            if field.name not in INDICATOR_KEYS and _given(field,
                                                           getattr(place.item, field.name)):
                return f"{place.key}.{field.name}", field.name
    fields = attrs.fields_dict(Rubric)
    for name in POINTED_SECTIONS:
        if _given(fields[name], getattr(rubric, name)):
            return f"$.{name}", name
    return None
