"""What changed between two rubrics (测评体系对比).

:func:`diff_rubrics` compares two rubrics field by field and returns a list
of :class:`RubricChange` records: items, rules, standards, tiers, bonus items,
penalties, vetoes, bars, gates and levels added or removed (matched by
``id``, so reordering is not a change), and every changed value with its old
and new value.

Paths name things by id, not by position: ``$.categories[leadership]
.criteria[plan].rules[no-plan].deduct`` is the ``deduct`` of the rule with id
``no-plan`` of item ``plan`` of category ``leadership``.  Lists of things
without an id (rate bands, a rule's ``deduct_range``, a level's gates) are
compared as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal

import attrs

from civscore.model import (
    Bar,
    Bonus,
    BonusItem,
    Category,
    Criterion,
    Gate,
    Level,
    Locality,
    PenaltyItem,
    Rounding,
    Rubric,
    Rule,
    Standard,
    Tier,
    Veto,
)
from civscore.model.points import to_text
from civscore.model.serde import unstructure

__all__ = ["ChangeKind", "RubricChange", "diff_rubrics"]

ChangeKind = Literal["added", "removed", "changed"]

#: What each record is called in a change's ``section``.
_SECTIONS: dict[type, str] = {
    Locality: "locality",
    Rounding: "rounding",
    Bonus: "bonus",
    Category: "category",
    Criterion: "criterion",
    Rule: "rule",
    Standard: "standard",
    Tier: "tier",
    BonusItem: "bonus",
    PenaltyItem: "penalty",
    Veto: "veto",
    Bar: "bar",
    Gate: "gate",
    Level: "level",
}


@attrs.frozen
class RubricChange:
    """One difference between two rubrics.

    :ivar kind: ``added``, ``removed`` or ``changed``.
    :ivar section: what changed: ``rubric`` (a top-level field such as
        ``total`` or ``title``), ``locality``, ``rounding``, ``category``,
        ``criterion``, ``rule``, ``standard``, ``tier``, ``bonus`` (the cap or
        an item), ``penalty``, ``veto``, ``bar``, ``gate`` or ``level``.
    :ivar path: where, with ids in brackets, e.g.
        ``$.categories[leadership].points``.
    :ivar title: the title or text of the thing changed, for people.
    :ivar old: the old value (plain data: Decimal points, strings, lists,
        dicts); ``None`` for ``added``.
    :ivar new: the new value; ``None`` for ``removed``.
    """

    kind: ChangeKind
    section: str
    path: str
    title: str = ""
    old: Any = None
    new: Any = None

    @property
    def delta(self) -> Decimal | None:
        """``new − old`` when both are points (Decimal), else ``None``."""
        if isinstance(self.old, Decimal) and isinstance(self.new, Decimal):
            return self.new - self.old
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: points as decimal strings."""
        out: dict[str, Any] = unstructure(self)
        delta = self.delta
        out["delta"] = None if delta is None else to_text(delta)
        return out


def diff_rubrics(old: Rubric, new: Rubric) -> list[RubricChange]:
    """Every difference from ``old`` to ``new``, in the order of the fields
    of the file format (metadata, categories, bonus, penalties, vetoes, bars,
    gates, levels) and within a list in the new rubric's order, removals
    last.  Equal rubrics give an empty list."""
    return list(_diff(old, new, "$", "rubric", ""))


def _label(obj: object) -> str:
    for name in ("title", "text", "id"):
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


def _plain(value: Any) -> Any:
    return unstructure(value, numbers_as_text=False)


def _has_ids(value: tuple[Any, ...]) -> bool:
    return bool(value) and all(attrs.has(type(v)) and hasattr(v, "id") for v in value)


def _diff(old: Any, new: Any, path: str, section: str, title: str) -> Iterator[RubricChange]:
    cls = type(old)
    for field in attrs.fields(cls):
        a, b = getattr(old, field.name), getattr(new, field.name)
        if a == b:
            continue
        fpath = f"{path}.{field.name}"
        if isinstance(a, tuple) and isinstance(b, tuple) and (_has_ids(a) or _has_ids(b)):
            yield from _diff_list(a, b, fpath)
        elif a is not None and b is not None and attrs.has(type(a)) and type(a) is type(b):
            yield from _diff(a, b, fpath, _SECTIONS.get(type(a), section), title)
        else:
            named = _SECTIONS.get(type(a if a is not None else b), section)
            yield RubricChange("changed", named, fpath, title, _plain(a), _plain(b))


def _diff_list(old: tuple[Any, ...], new: tuple[Any, ...], path: str) -> Iterator[RubricChange]:
    before = {o.id: o for o in old}
    after = {n.id: n for n in new}
    for entry in new:
        section = _SECTIONS.get(type(entry), "item")
        where = f"{path}[{entry.id}]"
        previous = before.get(entry.id)
        if previous is None:
            yield RubricChange("added", section, where, _label(entry), None, _plain(entry))
        elif type(previous) is type(entry):
            yield from _diff(previous, entry, where, section, _label(entry))
        else:
            yield RubricChange("changed", section, where, _label(entry), _plain(previous),
                               _plain(entry))
    for entry in old:
        if entry.id not in after:
            section = _SECTIONS.get(type(entry), "item")
            yield RubricChange("removed", section, f"{path}[{entry.id}]", _label(entry),
                         _plain(entry), None)
