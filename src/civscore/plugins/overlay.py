"""Overlays: a rubric written as the changes it makes to another.

A city that reuses its province's table with a few points changed, an item
added and one dropped publishes an *overlay* rather than a copy: a TOML file
with ``extends = "<id>@<version>"`` naming the base rubric, the overlay's own
identity (``id``, ``version``, ``title``, ``provenance``, ``source``), and
three lists of edits, applied in this order:

``[[remove]]``
    ``path`` of an item or entry to drop (and an optional ``note``).
``[[overrides]]``
    ``path`` plus the keys to change, e.g. ``points = 12``.  A key replaces
    the base's value whole (``rules = [...]`` replaces every rule of the item).
``[[add]]``
    ``parent`` (where the new entry goes), optionally ``after`` (the id it
    follows; default: at the end) and ``gather`` (paths of items moved into
    the new one, as its first sub-items), plus the new entry's own keys.

Paths name things by id, with the section first::

    categories.leadership                 a category
    categories.leadership.plan            a criterion (and .<id> for a sub-item)
    levels.<id>  vetoes.<id>  bars.<id>  gates.<id>  penalties.<id>
    bonus.items.<id>                      a bonus item
    bonus                                 the bonus section itself (its cap)

and the same sections (``categories``, ``categories.leadership``,
``levels``, ``bonus.items`` …) are the parents of ``[[add]]``.  Top-level
settings (``weighted``, ``total``, ``level``, ``locality``, ``issuer``,
``rounding``, ``not_applicable``, ``point_places``, ``notes``) are written at
the top of the overlay and replace the base's; when omitted, inherited.  An
overlay weights a base of indicators without points (``weighted = false``)
with ``weighted = true``, a ``total`` and each indicator's ``points`` and
``method`` in ``[[overrides]]``.

:func:`resolve` produces a plain :class:`~civscore.model.Rubric` (so scoring,
hashing and checks need know nothing about overlays), validated like any
rubric file and then run through the consistency checks: an overlay that
changes points without fixing ``total`` is refused there, not at scoring time.
:func:`overlay_changes` lists what the overlay changed, one :class:`Change` per
key, removal or addition.

Provenance is the overlay's own, never stronger than its base's (whose
numbers it inherits) nor than its weakest part carrying points; a part an
overlay changes or adds may carry its own ``provenance`` and ``source``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs

from civscore.checks import CheckSpec, check_rubric
from civscore.exceptions import RubricError
from civscore.files.loader import RUBRIC_ID, read_text, rubric_from_dict
from civscore.files.text import build_from_text
from civscore.messages import message
from civscore.model import (
    FORMAT_VERSION,
    PROVENANCE_RANK,
    AwardingLevel,
    Bar,
    Bonus,
    BonusItem,
    Category,
    Criterion,
    Gate,
    Level,
    Locality,
    NotApplicablePolicy,
    PenaltyItem,
    Provenance,
    Rounding,
    Rubric,
    Veto,
)
from civscore.model.fields import doc, points_doc
from civscore.model.points import to_text
from civscore.model.serde import structure, unstructure
from civscore.scoring.methods import ScoringMethod

__all__ = [
    "Change",
    "Overlay",
    "Removal",
    "Resolved",
    "apply_overlay",
    "is_overlay",
    "load_overlay",
    "overlay_changes",
    "overlay_from_dict",
    "resolve",
]

#: Top-level settings an overlay may replace (``None`` in the file: inherited).
SETTINGS = ("weighted", "level", "locality", "issuer", "total", "point_places", "rounding",
            "not_applicable", "notes")

_SECTIONS: Mapping[str, type] = {
    "levels": Level, "vetoes": Veto, "bars": Bar, "gates": Gate, "penalties": PenaltyItem,
}


@attrs.frozen
class Removal:
    """An entry of ``[[remove]]``: drop the item or entry at ``path``."""

    path: str = attrs.field(metadata=doc("what to remove, e.g. categories.culture.library"))
    note: str = attrs.field(default="", metadata=doc("说明: why it is dropped"))


@attrs.frozen
class Overlay:
    """A rubric file that extends another (``extends = "hubei@2012"``).

    ``overrides`` and ``add`` are tables of free keys (a ``path`` or
    ``parent`` plus the keys of the thing they change or add); their keys are
    checked against the target when the overlay is resolved, with key paths
    into the overlay file (``$.overrides[1].pionts``).
    """

    extends: str = attrs.field(metadata=doc("the base rubric, as id@version"))
    id: str = attrs.field(metadata=doc("the overlay's own rubric id"))
    version: str = attrs.field(metadata=doc("the overlay's own period or edition"))
    title: str = attrs.field(metadata=doc("测评体系名称 of the overlay"))
    provenance: Provenance = attrs.field(
        metadata=doc("the overlay's own provenance; no stronger than the base's"))
    source: str = attrs.field(metadata=doc("where the overlay's changes come from"))
    format: int = attrs.field(default=FORMAT_VERSION, metadata=doc("file format version"))
    weighted: bool | None = attrs.field(default=None, metadata=doc("分值赋权 (inherited)"))
    level: AwardingLevel | None = attrs.field(default=None, metadata=doc("评定级别 (inherited)"))
    locality: Locality | None = attrs.field(default=None, metadata=doc("地区 (inherited)"))
    issuer: str | None = attrs.field(default=None, metadata=doc("发布机关 (inherited)"))
    total: Decimal | None = attrs.field(
        default=None, metadata=points_doc("满分 (inherited); set it when the points change"))
    point_places: int | None = attrs.field(default=None, metadata=doc("(inherited)"))
    rounding: Rounding | None = attrs.field(default=None, metadata=doc("取舍规则 (inherited)"))
    not_applicable: NotApplicablePolicy | None = attrs.field(
        default=None, metadata=doc("不适用项 policy (inherited)"))
    notes: str | None = attrs.field(default=None, metadata=doc("说明 (inherited)"))
    overrides: tuple[dict[str, Any], ...] = attrs.field(
        default=(), metadata=doc("changes: a 'path' and the keys to change"))
    remove: tuple[Removal, ...] = attrs.field(default=(), metadata=doc("removals"))
    add: tuple[dict[str, Any], ...] = attrs.field(
        default=(), metadata=doc("additions: a 'parent', optionally 'after', and the new "
                                  "entry's keys"))

    @property
    def ref(self) -> str:
        """``id@version`` of the rubric the overlay resolves to."""
        return f"{self.id}@{self.version}"


@attrs.frozen
class Change:
    """One change an overlay made to its base.

    :ivar path: the key changed (``categories.leadership.points``), or the
        entry removed or added (``categories.minors``).
    :ivar what: ``changed``, ``removed`` or ``added``.
    :ivar old: the base's value, as plain data (numbers as Decimal); ``None``
        for an addition.
    :ivar new: the overlay's value; ``None`` for a removal.
    :ivar note: the removal's note, if any.
    """

    path: str
    what: Literal["changed", "removed", "added"]
    old: Any = None
    new: Any = None
    note: str = ""

    def __str__(self) -> str:
        if self.what == "changed":
            old, new = (to_text(v) if isinstance(v, Decimal) else repr(v)
                        for v in (self.old, self.new))
            return f"changed {self.path}: {old} → {new}"
        return f"{self.what} {self.path}"


def is_overlay(data: Mapping[str, Any]) -> bool:
    """True when parsed rubric TOML is an overlay (it has ``extends``)."""
    return "extends" in data


def load_overlay(path: str | Path, *, encoding: str | None = None) -> Overlay:
    """Read an overlay file, TOML or JSON (not yet resolved).

    :raises RubricError: naming the file and key path (and the line and
        column where they can be told).
    """
    source = str(path)
    text = read_text(path, encoding=encoding, error=RubricError)
    return build_from_text(text, lambda data: overlay_from_dict(data, source=source),
                           source=source, error=RubricError)


def overlay_from_dict(data: Mapping[str, Any], *, source: str = "<mapping>") -> Overlay:
    """Build an overlay from parsed TOML (numbers as Decimal or int).

    Checks the format version, the overlay's own fields, ``extends``
    (``id@version``), its id, every override's ``path`` and every addition's
    ``parent`` and ``gather``; :func:`resolve` checks the keys they change.

    :raises RubricError: the first problem, with its key path.
    """
    version = data.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise RubricError(message("overlay.format", version=FORMAT_VERSION, found=repr(version)),
                          source=source, path="$.format", code="format-version")
    overlay = structure(dict(data), Overlay, error=RubricError, source=source)
    base_id, at, base_version = overlay.extends.partition("@")
    if not at or not base_id or not base_version:
        raise RubricError(message("overlay.extends", found=repr(overlay.extends)),
                          source=source, path="$.extends", code="bad-reference")
    if not RUBRIC_ID.match(overlay.id):
        raise RubricError(message("loader.bad-rubric-id", ident=overlay.id), source=source,
                          path="$.id", code="bad-id")
    if overlay.ref == overlay.extends:
        raise RubricError(message("overlay.itself", ref=overlay.ref), source=source,
                          path="$.version", code="bad-reference")
    for i, entry in enumerate(overlay.overrides):
        where = f"$.overrides[{i}]"
        _need_str(entry, "path", where, source)
        if "id" in entry:
            raise RubricError(message("overlay.override-id"), source=source,
                              path=f"{where}.id", code="conflicting-keys")
        if len(entry) < 2:
            raise RubricError(message("overlay.override-empty"), source=source, path=where,
                              code="missing-key")
    for i, entry in enumerate(overlay.add):
        where = f"$.add[{i}]"
        _need_str(entry, "parent", where, source)
        if "after" in entry and not isinstance(entry["after"], str):
            raise RubricError(message("overlay.after"), source=source, path=f"{where}.after",
                              code="wrong-type")
        gather = entry.get("gather", [])
        if not isinstance(gather, list) or any(not isinstance(g, str) for g in gather):
            raise RubricError(message("overlay.gather"), source=source, path=f"{where}.gather",
                              code="wrong-type")
    return overlay


def _need_str(entry: Mapping[str, Any], key: str, where: str, source: str) -> None:
    value = entry.get(key)
    if value is None:
        raise RubricError(message("overlay.missing", key=key), source=source, path=where,
                          code="missing-key")
    if not isinstance(value, str) or not value:
        raise RubricError(message("overlay.dotted", found=repr(value)), source=source,
                          path=f"{where}.{key}", code="wrong-type")


@attrs.frozen
class Resolved:
    """An overlay resolved: the plain rubric and what changed from the base."""

    rubric: Rubric
    changes: tuple[Change, ...]


def apply_overlay(
    overlay: Overlay,
    base: Rubric,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    checks: Iterable[CheckSpec] | None = None,
    source: str | None = None,
) -> Resolved:
    """Resolve ``overlay`` on ``base``: the plain rubric and the list of
    changes (see :func:`resolve` and :func:`overlay_changes`)."""
    rubric, changes = _apply(overlay, base, methods, checks, source)
    return Resolved(rubric, changes)


def resolve(
    overlay: Overlay,
    base: Rubric,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    checks: Iterable[CheckSpec] | None = None,
    source: str | None = None,
) -> Rubric:
    """The plain rubric ``overlay`` describes, built on ``base``.

    :param methods: the scoring methods items may name (default: built-in).
    :param checks: the consistency checks to run on the result (default:
        the built-in ones).
    :param source: the overlay's file name, for error messages (default:
        ``<overlay id@version>``).
    :raises RubricError: when ``base`` is not the rubric the overlay extends,
        a path names nothing, a key does not fit its target, the provenance
        claims more than the base's, the resolved rubric is invalid, or the
        consistency checks report an error.
    """
    return _apply(overlay, base, methods, checks, source)[0]


def overlay_changes(
    overlay: Overlay,
    base: Rubric,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    checks: Iterable[CheckSpec] | None = None,
    source: str | None = None,
) -> tuple[Change, ...]:
    """What ``overlay`` changes in ``base``: top-level settings first, then
    removals, overrides (one record per key whose value differs) and
    additions, each in file order.

    :raises RubricError: as :func:`resolve`.
    """
    return _apply(overlay, base, methods, checks, source)[1]


class _Edit:
    """The mutable plain-data form of the base while the overlay is applied."""

    def __init__(self, overlay: Overlay, base: Rubric, source: str) -> None:
        self.overlay = overlay
        self.base = base
        self.source = source
        self.data: dict[str, Any] = unstructure(base, numbers_as_text=False)
        self.changes: list[Change] = []
        self.removed: dict[str, str] = {}

    def fail(self, where: str, said: str, code: str = "unknown-reference") -> RubricError:
        return RubricError(said, source=self.source, path=where, code=code)

    def find(self, path: str, where: str) -> tuple[list[dict[str, Any]], int, type]:
        """The list holding the entry at ``path``, its index and its class."""
        entries, cls, ident = self._container(path, where)
        for i, entry in enumerate(entries):
            if entry.get("id") == ident:
                return entries, i, cls
        gone = self.removed.get(path)
        if gone is not None:
            raise self.fail(where, message("overlay.removed", path=path, by=gone))
        known = [str(e.get("id")) for e in entries]
        close = difflib.get_close_matches(ident, known, n=1)
        hint = message("serde.did-you-mean", close=close[0]) if close else ""
        raise self.fail(where, message("overlay.no-path", ref=self.base.ref, path=path, hint=hint,
                                       ids=", ".join(known) or message("registry.none")))

    def _container(self, path: str, where: str) -> tuple[list[dict[str, Any]], type, str]:
        parts = path.split(".")
        head, ident = parts[:-1], parts[-1]
        if len(parts) >= 2 and parts[0] == "categories":
            return (*self.children(".".join(head), where), ident)
        if len(parts) == 2 and parts[0] in _SECTIONS:
            return self.data[parts[0]], _SECTIONS[parts[0]], ident
        if len(parts) == 3 and head == ["bonus", "items"]:
            bonus = self.data.get("bonus") or {"items": []}
            return bonus["items"], BonusItem, ident
        raise self.fail(where, message("overlay.bad-path", path=path), "invalid-value")

    def children(self, parent: str, where: str) -> tuple[list[dict[str, Any]], type]:
        """The list an ``[[add]]`` with this ``parent`` appends to, and its class."""
        parts = parent.split(".")
        if parts == ["categories"]:
            return self.data["categories"], Category
        if parts[0] == "categories" and 2 <= len(parts) <= 4:
            entries, index, _cls = self.find(parent, where)
            return entries[index]["criteria"], Criterion
        if len(parts) == 1 and parts[0] in _SECTIONS:
            return self.data[parts[0]], _SECTIONS[parts[0]]
        if parts == ["bonus", "items"]:
            if self.data.get("bonus") is None:
                self.data["bonus"] = unstructure(Bonus(), numbers_as_text=False)
            return self.data["bonus"]["items"], BonusItem
        raise self.fail(where, message("overlay.bad-parent", parent=parent), "invalid-value")

    def take(self, path: str, where: str, by: str, note: str) -> dict[str, Any]:
        """Remove the entry at ``path`` (as done ``by`` that key path) and return it."""
        entries, i, _cls = self.find(path, where)
        old = entries.pop(i)
        self.removed[path] = by
        self.changes.append(Change(path, "removed", old, None, note))
        return old

    def remove(self, index: int, removal: Removal) -> None:
        where = f"$.remove[{index}]"
        self.take(removal.path, f"{where}.path", where, removal.note)

    def override(self, index: int, entry: Mapping[str, Any], seen: dict[str, str]) -> None:
        where = f"$.overrides[{index}]"
        path = str(entry["path"])
        keys = {k: v for k, v in entry.items() if k != "path"}
        for key in keys:
            earlier = seen.get(f"{path}.{key}")
            if earlier is not None:
                raise self.fail(f"{where}.{key}", message("overlay.twice", path=f"{path}.{key}",
                                                          by=earlier), "duplicate-key")
            seen[f"{path}.{key}"] = where
        if path == "bonus":
            if self.data.get("bonus") is None:
                raise self.fail(f"{where}.path", message("overlay.no-bonus", ref=self.base.ref))
            old = self.data["bonus"]
            new = self._merge(old, keys, Bonus, where)
            self.data["bonus"] = new
        else:
            entries, i, cls = self.find(path, f"{where}.path")
            old = entries[i]
            new = self._merge(old, keys, cls, where)
            entries[i] = new
        for key in keys:
            if old.get(key) != new.get(key):
                self.changes.append(Change(f"{path}.{key}", "changed", old.get(key), new.get(key)))

    def _merge(self, old: Mapping[str, Any], keys: Mapping[str, Any], cls: type,
               where: str) -> dict[str, Any]:
        """``old`` with ``keys`` replaced, type-checked as ``cls`` (errors point
        into the overlay file)."""
        value: Any = structure({**old, **keys}, cls, error=RubricError, source=self.source,
                               path=where)
        merged: dict[str, Any] = unstructure(value, numbers_as_text=False)
        return merged

    def add(self, index: int, entry: Mapping[str, Any]) -> None:
        where = f"$.add[{index}]"
        parent = str(entry["parent"])
        keys = {k: v for k, v in entry.items() if k not in ("parent", "after", "gather")}
        moved = [self.take(path, f"{where}.gather[{n}]", where, f"moved into {parent}")
                 for n, path in enumerate(entry.get("gather", ()))]
        for item in moved:  # keeps the weakest provenance it may have inherited
            item["provenance"] = item.get("provenance") or self.overlay.provenance
        if moved:  # the items gathered become the new entry's first sub-items
            keys["criteria"] = [*moved, *keys.get("criteria", ())]
        entries, cls = self.children(parent, f"{where}.parent")
        value: Any = structure(keys, cls, error=RubricError, source=self.source, path=where)
        new: dict[str, Any] = unstructure(value, numbers_as_text=False)
        ident = new["id"]
        if any(e.get("id") == ident for e in entries):
            raise self.fail(f"{where}.id", message("overlay.exists", path=f"{parent}.{ident}",
                                                   ref=self.base.ref), "duplicate-id")
        position = len(entries)
        after = entry.get("after")
        if after is not None:
            ids = [e.get("id") for e in entries]
            if after not in ids:
                raise self.fail(f"{where}.after", message(
                    "overlay.no-after", after=after, parent=parent,
                    ids=", ".join(map(str, ids)) or message("registry.none")))
            position = ids.index(after) + 1
        entries.insert(position, new)
        self.changes.append(Change(f"{parent}.{ident}", "added", None, new))

    def settings(self) -> None:
        overlay = self.overlay
        for key in SETTINGS:
            value = getattr(overlay, key)
            if value is None:
                continue
            plain = unstructure(value, numbers_as_text=False)
            if plain != self.data.get(key):
                self.changes.append(Change(key, "changed", self.data.get(key), plain))
            self.data[key] = plain
        for key in ("id", "version", "title", "provenance", "source"):
            self.data[key] = getattr(overlay, key)


def _apply(
    overlay: Overlay,
    base: Rubric,
    methods: Mapping[str, ScoringMethod] | None,
    checks: Iterable[CheckSpec] | None,
    source: str | None,
) -> tuple[Rubric, tuple[Change, ...]]:
    source = source or f"<overlay {overlay.ref}>"
    if base.ref != overlay.extends:
        raise RubricError(message("overlay.other-base", extends=overlay.extends, ref=base.ref),
                          source=source, path="$.extends", code="bad-reference")
    if PROVENANCE_RANK[overlay.provenance] > PROVENANCE_RANK[base.provenance]:
        raise RubricError(
            message("overlay.provenance", ref=base.ref, base=repr(base.provenance),
                    claimed=repr(overlay.provenance)), source=source, path="$.provenance",
            code="invalid-value")
    edit = _Edit(overlay, base, source)
    edit.settings()
    for i, removal in enumerate(overlay.remove):
        edit.remove(i, removal)
    seen: dict[str, str] = {}
    for i, entry in enumerate(overlay.overrides):
        edit.override(i, entry, seen)
    for i, entry in enumerate(overlay.add):
        edit.add(i, entry)
    resolved_source = f"{source} " + message("overlay.resolved-on", ref=base.ref)
    rubric = rubric_from_dict(edit.data, source=resolved_source, methods=methods)
    errors = [f for f in check_rubric(rubric, methods=methods, checks=checks)
              if f.severity == "error"]
    if errors:
        listed = "; ".join(f"{f.path}: {f.message}" for f in errors)
        raise RubricError(message("overlay.fails-checks", listed=listed),
                          source=resolved_source, path=errors[0].path, code="inconsistent")
    return rubric, tuple(edit.changes)
