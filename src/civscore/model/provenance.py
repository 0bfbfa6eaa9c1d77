"""Provenance per part: which numbers of a rubric were read, and where.

A rubric says how far its numbers can be trusted (``provenance``: official,
quoted or illustrative), and any part of it — an item, a rule, a bonus or
penalty entry, a veto, a bar or a level — may say so for itself, with its own
``source``.  A part that says nothing inherits from the part that encloses it
(a rule from its item, a sub-item from its criterion, a category from the
rubric).  :func:`marked_parts` is the one walk over the parts with their effective
provenance; the loader, ``civscore show``, the checks and the tests use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from civscore.model.items import walk_items
from civscore.model.rubric import PROVENANCE_RANK, Provenance, Rubric

__all__ = ["MarkedPart", "illustrative_note", "marked_parts", "weakest"]


class MarkedPart(NamedTuple):
    """One part of a rubric with its effective provenance and source."""

    #: the part's address, as an overlay names it (``categories.leifeng.plan``,
    #: ``categories.leifeng.rules.absent``, ``levels.civilized``, ``bars.crime``)
    path: str
    #: the key path in the rubric file (``$.categories[0].rules[1]``)
    key: str
    #: the part's title or wording
    title: str
    #: its own provenance, else the enclosing part's, else the rubric's
    provenance: Provenance
    #: its own source, else the enclosing part's, else the rubric's
    source: str
    #: the number it carries (points, deduction, threshold), or None for a veto or bar
    points: Decimal | None
    #: True when the part declares its provenance itself
    marked: bool


def marked_parts(rubric: Rubric) -> Iterator[MarkedPart]:
    """Every part of ``rubric`` that may carry a provenance, in file order:
    each item followed by its rules, then bonus items, penalties, vetoes,
    bars and levels."""
    sources: dict[str, str] = {}
    for place in walk_items(rubric):
        item = place.item
        parent = place.path.rpartition(".")[0]
        source = item.source or sources.get(parent, rubric.source)
        sources[place.path] = source
        path = f"categories.{place.path}"
        yield MarkedPart(path, place.key, item.title, place.provenance, source, item.points,
                         item.provenance is not None)
        for i, rule in enumerate(item.rules):
            amounts = (rule.deduct, *(rule.deduct_range or ())[1:], rule.max)
            yield MarkedPart(f"{path}.rules.{rule.id}", f"{place.key}.rules[{i}]", rule.text,
                             rule.provenance or place.provenance, rule.source or source,
                             next((a for a in amounts if a is not None), None),
                             rule.provenance is not None)
    entries: tuple[tuple[str, str, Sequence[Any], Callable[[Any], Decimal | None]], ...] = (
        ("bonus.items", "$.bonus.items", rubric.bonus.items if rubric.bonus else (),
         lambda e: e.points),
        ("penalties", "$.penalties", rubric.penalties, lambda e: e.deduct),
        ("vetoes", "$.vetoes", rubric.vetoes, lambda e: None),
        ("bars", "$.bars", rubric.bars, lambda e: None),
        ("levels", "$.levels", rubric.levels, lambda e: e.min_total),
    )
    for section, key, items, number in entries:
        for i, entry in enumerate(items):
            yield MarkedPart(f"{section}.{entry.id}", f"{key}[{i}]",
                             getattr(entry, "title", "") or getattr(entry, "text", ""),
                             entry.provenance or rubric.provenance,
                             entry.source or rubric.source, number(entry),
                             entry.provenance is not None)


def weakest(rubric: Rubric) -> MarkedPart | None:
    """The first part carrying points whose provenance is weaker than the
    rubric's own, or None when the rubric claims no more than its parts."""
    claim = PROVENANCE_RANK[rubric.provenance]
    for part in marked_parts(rubric):
        if part.points is not None and PROVENANCE_RANK[part.provenance] < claim:
            return part
    return None


def illustrative_note(rubric: Rubric) -> str | None:
    """The warning (in Chinese, like every scorecard warning) that a result
    built on ``rubric`` carries about invented points: the whole rubric, or
    the parts marked ※, is ``illustrative``; None when the rubric is
    ``quoted`` or ``official`` (its parts are then at least as strong)."""
    if rubric.provenance != "illustrative":
        return None
    if all(place.provenance == "illustrative" for place in walk_items(rubric)):
        return (f"测评体系 {rubric.ref} 为示例（illustrative）：分值系虚构，"
                "并非任何地方的正式标准")
    return f"测评体系 {rubric.ref} 部分分值系虚构（illustrative，表中标 ※ 者），其余读自原文"
