"""Walking a rubric's items, and the tiers a ``tiered`` item scores by.

:func:`walk_items` is the one walk over the item tree that the loader, the
checks, the scoring plan and the testing toolkit share; :func:`item_tiers`
and :func:`scaled_item` give an item's tiers whether the item lists them or
names a grade scale (评分等级) of its rubric.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

import attrs

from civscore.model.points import multiply, quantize
from civscore.model.rubric import Criterion, GradeScale, Provenance, Rubric, Tier

__all__ = ["ItemPlace", "grade_tiers", "item_scale", "item_tiers", "scaled_item", "walk_items"]


class ItemPlace(NamedTuple):
    """Where an item stands in its rubric (see :func:`walk_items`)."""

    #: dotted path, the item's address in an assessment (``leadership.plan``)
    path: str
    item: Criterion
    #: 0 for a category, 1 for a criterion, 2 for a sub-item
    depth: int
    #: the item's evidence method, else the nearest enclosing item's ("" if none)
    evidence: str
    #: the key path in the rubric file (``$.categories[0].criteria[2]``)
    key: str
    #: the item's provenance, else the nearest enclosing item's, else the rubric's
    provenance: Provenance = "illustrative"


def walk_items(rubric: Rubric) -> Iterator[ItemPlace]:
    """Every item of ``rubric`` (categories, criteria, sub-items), in rubric
    order, each before its sub-items: the one walk over the item tree that
    the loader, the checks, the scoring plan and the testing toolkit share."""
    stack = [ItemPlace(c.id, c, 0, c.evidence, f"$.categories[{i}]",
                       c.provenance or rubric.provenance)
             for i, c in reversed(list(enumerate(rubric.categories)))]
    while stack:
        place = stack.pop()
        yield place
        stack.extend(ItemPlace(f"{place.path}.{c.id}", c, place.depth + 1,
                               c.evidence or place.evidence, f"{place.key}.criteria[{i}]",
                               c.provenance or place.provenance)
                     for i, c in reversed(list(enumerate(place.item.criteria))))


def grade_tiers(scale: GradeScale, points: Decimal) -> tuple[Tier, ...]:
    """The tiers ``scale`` gives an item of ``points``: one per grade, in the
    scale's order, worth ``fraction × points`` — exact, or rounded to the
    scale's ``places`` by its ``mode`` (``0.66 × 1.5 = 0.99``; ``0.33 × 1.5 =
    0.495``, or 0.5 with ``places = 1``, half-up)."""
    tiers = []
    for grade in scale.grades:
        value = multiply(grade.fraction, points)
        if scale.places is not None:
            value = quantize(value, scale.places, scale.mode)
        tiers.append(Tier(grade.id, grade.title, value))
    return tuple(tiers)


def item_scale(rubric: Rubric, item: Criterion) -> GradeScale | None:
    """The grade scale a leaf scores by: a ``tiered`` leaf without tiers of
    its own uses its ``scale``, else the rubric's; ``None`` for any other
    item, or when the scale named is not declared (the loader refuses that)."""
    if item.criteria or item.method != "tiered" or item.tiers:
        return None
    name = item.scale or rubric.scale
    return next((s for s in rubric.grade_scales if s.id == name), None)


def item_tiers(rubric: Rubric, item: Criterion) -> tuple[Tier, ...]:
    """The tiers of ``item``: its own, else those of its grade scale
    (:func:`item_scale`, :func:`grade_tiers`); ``()`` for an item without."""
    scale = item_scale(rubric, item)
    return item.tiers if scale is None else grade_tiers(scale, item.points)


def scaled_item(rubric: Rubric, item: Criterion) -> Criterion:
    """``item`` with the tiers of its grade scale written in (itself when it
    names none): the item a scoring method is given."""
    scale = item_scale(rubric, item)
    return item if scale is None else attrs.evolve(item, tiers=grade_tiers(scale, item.points))
