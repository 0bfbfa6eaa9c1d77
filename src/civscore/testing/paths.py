"""The items of a rubric with their dotted paths (``work.plan``, as findings
name them) and their key paths in the rubric file
(``$.categories[0].criteria[1]``, as failures name them), read from
:func:`civscore.model.walk_items`."""

from __future__ import annotations

from collections.abc import Iterator

from civscore.model import Criterion, Rubric, walk_items

__all__ = ["key_paths", "walk"]


def walk(rubric: Rubric) -> Iterator[tuple[str, Criterion]]:
    """Every item of ``rubric`` with its dotted path, parents first."""
    for place in walk_items(rubric):
        yield place.path, place.item


def key_paths(rubric: Rubric) -> dict[str, str]:
    """The key path in the rubric file of every item, by dotted path."""
    return {place.path: place.key for place in walk_items(rubric)}
