"""The items of a rubric with their dotted paths (``work.plan``, as findings
name them) and their key paths in the rubric file
(``$.categories[0].criteria[1]``, as failures name them)."""

from __future__ import annotations

from collections.abc import Iterator

from civscore.model import Criterion, Rubric

__all__ = ["key_paths", "walk"]


def walk(rubric: Rubric) -> Iterator[tuple[str, Criterion]]:
    """Every item of ``rubric`` with its dotted path, parents first."""
    for path, _key, item in _walk(rubric):
        yield path, item


def key_paths(rubric: Rubric) -> dict[str, str]:
    """The key path in the rubric file of every item, by dotted path."""
    return {path: key for path, key, _item in _walk(rubric)}


def _walk(rubric: Rubric) -> Iterator[tuple[str, str, Criterion]]:
    """(dotted path, key path, item) of every item, parents first."""

    def visit(item: Criterion, path: str, key: str) -> Iterator[tuple[str, str, Criterion]]:
        yield path, key, item
        for i, child in enumerate(item.criteria):
            yield from visit(child, f"{path}.{child.id}", f"{key}.criteria[{i}]")

    for i, category in enumerate(rubric.categories):
        yield from visit(category, category.id, f"$.categories[{i}]")
