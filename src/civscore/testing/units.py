"""Points as whole units, and sets of reachable scores as bit sets.

Construction works in *units*: a rubric's points times ``10**places``, where
``places`` are the decimal places of the finest point value it writes
(:func:`finest_places`), so every score is an integer.  A set of scores an
item (or a total) can reach is an ``int`` whose bit ``k`` is set when ``k``
units can be reached; adding two independent scores is the :func:`convolve`
of their sets.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from civscore.model import Rubric, item_tiers, walk_items
from civscore.model.points import places_of

__all__ = [
    "ceil_units",
    "clamp_bits",
    "convolve",
    "finest_places",
    "floor_units",
    "highest_below",
    "lowest_at_least",
    "set_bits",
    "to_units",
]


def finest_places(rubric: Rubric) -> int:
    """Decimal places of the finest point value the rubric writes, or a grade
    scale gives an item (≤ point_places)."""
    most = 0

    def visit(obj: Any) -> None:
        nonlocal most
        if isinstance(obj, tuple):
            for v in obj:
                visit(v)
            return
        if not attrs.has(type(obj)):
            return
        for field in attrs.fields(type(obj)):
            value = getattr(obj, field.name)
            if field.metadata.get("kind") == "points":
                for v in value if isinstance(value, tuple) else (value,):
                    if isinstance(v, Decimal):
                        most = max(most, places_of(v))
            else:
                visit(value)

    visit(rubric)
    for place in walk_items(rubric):
        visit(item_tiers(rubric, place.item))
    return min(most, rubric.point_places)


def to_units(value: Decimal, places: int) -> int | None:
    """``value`` points in units of ``10**-places``, or None when it is finer."""
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        return None
    return int(scaled)


def ceil_units(value: Decimal, places: int) -> int:
    """The fewest units of ``10**-places`` that make at least ``value`` points."""
    return int(value.scaleb(places).to_integral_value(rounding=decimal.ROUND_CEILING))


def floor_units(value: Decimal, places: int) -> int:
    """The most units of ``10**-places`` that make at most ``value`` points."""
    return int(value.scaleb(places).to_integral_value(rounding=decimal.ROUND_FLOOR))


def set_bits(x: int) -> Iterator[int]:
    """Indices of the set bits of ``x`` (the members of the set), lowest first."""
    while x:
        low = x & -x
        yield low.bit_length() - 1
        x ^= low


def lowest_at_least(x: int, m: int) -> int | None:
    """The lowest member of ``x`` that is at least ``m``, if any."""
    x >>= m
    if not x:
        return None
    return (x & -x).bit_length() - 1 + m


def highest_below(x: int, m: int) -> int | None:
    """The highest member of ``x`` below ``m``, if any."""
    if m <= 0:
        return None
    x &= (1 << m) - 1
    return x.bit_length() - 1 if x else None


def convolve(a: int, b: int) -> int:
    """Every sum of a member of ``a`` and a member of ``b``."""
    if a.bit_count() > b.bit_count():
        a, b = b, a
    out = 0
    for k in set_bits(a):
        out |= b << k
    return out


def clamp_bits(x: int, floor: int, top: int) -> int:
    """``x`` with every member clamped into ``[floor, top]``."""
    if x >> (top + 1):
        x = (x & ((1 << (top + 1)) - 1)) | (1 << top)
    if floor > 0 and x & ((1 << floor) - 1):
        x = ((x >> floor) << floor) | (1 << floor)
    return x
