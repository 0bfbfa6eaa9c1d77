"""Reading rubric and assessment files (TOML, format version 1).

The loader parses, checks types and structure, and builds the model; it does
not score.  Numbers are parsed as :class:`~decimal.Decimal`.  Every error is
a :class:`~civscore.exceptions.RubricError` or
:class:`~civscore.exceptions.AssessmentError` whose message names the file,
the key path, what was expected and what was found.

Files are UTF-8 or UTF-16, with or without a byte-order mark; CRLF line ends
are fine.  A file in GBK/GB18030 is recognised and refused with a message
saying how to convert it, unless ``encoding="gb18030"`` is passed.  Files are
read and parsed by :mod:`civscore.files.text`, within its limits (size,
nesting depth).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from civscore.exceptions import AssessmentError, FileFormatError, RubricError, ScoringError
from civscore.files.indicators import fill_unweighted, unweighted_problem
from civscore.files.text import build_from_text, parse_document, parse_toml, read_text
from civscore.messages import message
from civscore.model import (
    FORMAT_VERSION,
    Assessment,
    BonusItem,
    Criterion,
    Minimum,
    Rubric,
    Rule,
    scaled_item,
    walk_items,
    weakest,
)
from civscore.model.points import places_of, to_text
from civscore.model.serde import structure, wrong_type
from civscore.model.sources import remember_source
from civscore.scoring.arguments import require
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod
from civscore.sheets.layout import is_workbook

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "assessment_from_dict",
    "check_format",
    "is_campaign",
    "load_assessment",
    "load_rubric",
    "parse_document",
    "parse_toml",
    "read_text",
    "rubric_from_dict",
]

E = TypeVar("E", bound=FileFormatError)

RUBRIC_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def check_format(data: Mapping[str, Any], source: str, error: type[FileFormatError]) -> None:
    """Refuse ``data`` that is not a mapping, or of a file format other than
    :data:`~civscore.model.FORMAT_VERSION`.

    :raises FileFormatError: (``error``) naming ``source`` (codes ``wrong-type``,
        ``format-version``).
    """
    if not isinstance(data, Mapping):
        raise error(message("loader.not-table", found=type(data).__name__), source=source,
                    code="wrong-type")
    version = data.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise error(
            message("loader.format", version=FORMAT_VERSION, found=repr(version)),
            source=source, path="$.format", code="format-version",
        )


def load_rubric(path: str | Path, *, encoding: str | None = None,
                methods: Mapping[str, ScoringMethod] | None = None) -> Rubric:
    """Read a rubric file: TOML, or JSON (a ``.json`` suffix, or text that
    starts with ``{``; see :mod:`civscore.files.json_text`).  An error is
    placed at the line and column of its key path where they can be told.

    :raises RubricError: naming the file and key path, for any syntax, type or
        structure problem (see :func:`rubric_from_dict`).
    :raises TypeError: when ``path`` is not a ``str`` or a path.
    """
    source = str(require(path, "path", (str, os.PathLike)))
    text = read_text(path, encoding=encoding, error=RubricError)
    return build_from_text(
        text, lambda data: rubric_from_dict(data, source=source, methods=methods),
        source=source, error=RubricError)


def rubric_from_dict(data: Mapping[str, Any], *, source: str = "<mapping>",
                     methods: Mapping[str, ScoringMethod] | None = None) -> Rubric:
    """Build and validate a rubric from parsed TOML (numbers as Decimal or int).

    Checks, besides types: the format version, unknown keys, ids (form and
    uniqueness), every leaf having a method and its data (rules, tiers …),
    decimal places within ``point_places``, floors within points, level and
    gate references, look-back windows.  A rubric with ``weighted = false``
    omits its total and points and carries nothing that scores
    (:mod:`civscore.files.indicators`).  A ``source`` naming a file is
    remembered: an error found when the rubric is scored names it too.

    :param methods: the scoring methods a leaf may name (default: the built-in ones).
    :raises RubricError: the first problem found, with its key path.
    """
    check_format(data, source, RubricError)
    if "extends" in data:
        raise RubricError(message("loader.is-overlay"), source=source, path="$.extends",
                          code="is-overlay")
    weighted = data.get("weighted", True)
    if not isinstance(weighted, bool):  # before a missing total, which it may explain
        raise RubricError(wrong_type(bool, weighted), source=source, path="$.weighted",
                          code="wrong-type")
    rubric = structure(fill_unweighted(data), Rubric, error=RubricError, source=source)
    _validate_rubric(rubric, source, BUILTIN_METHODS if methods is None else methods)
    if not source.startswith("<"):
        remember_source(rubric, source)
    return rubric


def load_assessment(path: str | Path, *, encoding: str | None = None) -> Assessment:
    """Read an assessment file, TOML or JSON (as :func:`load_rubric`), or a
    filled workbook (``.xlsx``, written by ``civscore template --format
    xlsx``; ``encoding`` does not apply).

    Whether the assessment fits its rubric (known items, values in range) is
    checked by :func:`civscore.check_assessment` and by :func:`civscore.score`;
    for a workbook, :func:`civscore.sheets.read_assessment` with the rubric
    checks it too and names the cell of each problem.

    :raises AssessmentError: naming the file and key path (for a workbook:
        the sheet and cell, ``测评表!H7``).
    :raises MissingExtraError: for a workbook, when the extra ``xlsx`` is not installed.
    :raises TypeError: when ``path`` is not a ``str`` or a path.
    """
    source = str(require(path, "path", (str, os.PathLike)))
    if is_workbook(source):
        from civscore.sheets.reading import (  # noqa: PLC0415 (start-up: only a workbook needs it)
            read_workbook,
        )

        return read_workbook(source).assessment
    text = read_text(path, encoding=encoding, error=AssessmentError)
    return build_from_text(text, lambda data: assessment_from_dict(data, source=source),
                           source=source, error=AssessmentError)


def assessment_from_dict(data: Mapping[str, Any], *, source: str = "<mapping>") -> Assessment:
    """Build an assessment from parsed TOML or JSON (numbers as Decimal or int).

    A ``source`` naming a file is remembered: an error found when the
    assessment is scored (:func:`civscore.score`) names it too.

    :raises AssessmentError: for format, type, structure or duplicate-entry
        problems, and for a rubric (its ``categories``, no ``rubric``),
        code ``not-an-assessment``.
    """
    check_format(data, source, AssessmentError)
    if isinstance(data, Mapping) and is_campaign(data):
        raise AssessmentError(message("loader.is-campaign", what=message("loader.an-assessment")),
                              source=source, path="$.award", code="not-an-assessment")
    if isinstance(data, Mapping) and "rubric" not in data and "categories" in data:
        # a rubric file where an assessment goes: not "Assessment has no key 'id'"
        raise AssessmentError(message("loader.is-rubric"), source=source, path="$.categories",
                              code="not-an-assessment")
    assessment = structure(dict(data), Assessment, error=AssessmentError, source=source)
    ident, _at, version = assessment.rubric.partition("@")
    if not ident.strip() or not version.strip() or "@" in version:
        raise AssessmentError(
            message("loader.bad-reference", found=repr(assessment.rubric)),
            source=source, path="$.rubric", code="bad-reference",
        )
    seen: dict[str, int] = {}
    for i, finding in enumerate(assessment.findings):
        if finding.criterion in seen:
            raise AssessmentError(
                message("fit.duplicate-finding", item=finding.criterion,
                        at=f"$.findings[{seen[finding.criterion]}]"),
                source=source, path=f"$.findings[{i}].criterion", code="duplicate-finding",
            )
        seen[finding.criterion] = i
    if not source.startswith("<"):
        remember_source(assessment, source)
    return assessment


def is_campaign(data: Mapping[str, Any]) -> bool:
    """Whether parsed TOML is a campaign file: it has a campaign's ``award``
    and ``year``, which neither a rubric nor an assessment has."""
    return "award" in data and "year" in data


def _fail(source: str, path: str, message: str, code: str = "invalid-value") -> RubricError:
    return RubricError(message, source=source, path=path, code=code)


def _unique(ids: Iterable[tuple[str, str]], what: str, source: str) -> None:
    """``ids`` yields (id, path); raise on a malformed or repeated id."""
    seen: dict[str, str] = {}
    for ident, path in ids:
        if not ITEM_ID.match(ident):
            raise _fail(source, path, message("loader.bad-id", what=message(f"loader.{what}"),
                                              ident=ident), "bad-id")
        if ident in seen:
            raise _fail(source, path, message("loader.duplicate-id", what=message(f"loader.{what}"),
                                              ident=ident, first=seen[ident]), "duplicate-id")
        seen[ident] = path


def _validate_rubric(rubric: Rubric, source: str,
                     methods: Mapping[str, ScoringMethod]) -> None:
    if not RUBRIC_ID.match(rubric.id):
        raise _fail(source, "$.id", message("loader.bad-rubric-id", ident=rubric.id), "bad-id")
    if not rubric.version or "@" in rubric.version:
        raise _fail(source, "$.version", message("loader.version"))
    if rubric.point_places > 6:
        raise _fail(source, "$.point_places",
                    message("loader.at-most-6", value=rubric.point_places))
    if rubric.rounding.places > 6:
        raise _fail(source, "$.rounding.places",
                    message("loader.at-most-6", value=rubric.rounding.places))
    if not rubric.weighted:
        problem = unweighted_problem(rubric)
        if problem is not None:
            raise _fail(source, problem[0], message("loader.unweighted", key=problem[1]),
                        "unweighted-points")
    elif rubric.total <= 0:
        raise _fail(source, "$.total", message("loader.total"))
    _check_places(rubric, "$", rubric.point_places, source)
    _unique(((c.id, f"$.categories[{i}].id") for i, c in enumerate(rubric.categories)),
            "category", source)
    _validate_scales(rubric, source)
    for place in walk_items(rubric):
        _validate_scale(rubric, place.item, place.key, source)
        if rubric.weighted or place.item.criteria:  # an indicator's leaf has no method
            _validate_item(scaled_item(rubric, place.item), place.key, place.depth, source,
                           methods)
    weak = weakest(rubric)
    if weak is not None:
        raise _fail(source, "$.provenance",
                    message("loader.provenance", claimed=repr(rubric.provenance),
                            path=weak.path, key=weak.key, weak=repr(weak.provenance)))
    if rubric.bonus is not None:
        _unique(((b.id, f"$.bonus.items[{i}].id") for i, b in enumerate(rubric.bonus.items)),
                "bonus-item", source)
        for i, item in enumerate(rubric.bonus.items):
            _validate_judged(item, f"$.bonus.items[{i}]", source)
        needs = [("$.bonus.min_base", rubric.bonus.min_base)] + [
            (f"$.bonus.items[{i}].min_base", b.min_base) for i, b in enumerate(rubric.bonus.items)]
        for key, need in needs:
            if need is not None and need > rubric.total:
                raise _fail(source, key, message("loader.min-base-above", need=to_text(need),
                                                 total=to_text(rubric.total)))
    named: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
        ("penalty", "penalties", rubric.penalties), ("veto", "vetoes", rubric.vetoes),
        ("bar", "bars", rubric.bars), ("gate", "gates", rubric.gates),
        ("level", "levels", rubric.levels))
    for name, key, entries in named:
        _unique(((e.id, f"$.{key}[{i}].id") for i, e in enumerate(entries)), name, source)
    for i, bar in enumerate(rubric.bars):
        if bar.lookback_years == bar.lookback_months == bar.lookback_days == 0:
            raise _fail(source, f"$.bars[{i}]", message("loader.lookback"), "missing-key")
    gate_ids = {g.id for g in rubric.gates}
    items = {place.path: place.item for place in walk_items(rubric)}
    for i, level in enumerate(rubric.levels):
        for j, minimum in enumerate(level.minimums):
            _validate_minimum(minimum, items, f"$.levels[{i}].minimums[{j}]", source)
        path = f"$.levels[{i}]"
        if level.max_total is not None and level.max_total < level.min_total:
            raise _fail(source, f"{path}.max_total",
                        message("loader.below-min", least=to_text(level.min_total)))
        if level.min_category_share is not None and level.min_category_share > 1:
            raise _fail(source, f"{path}.min_category_share",
                        message("loader.fraction"))
        for j, gate in enumerate(level.gates):
            if gate not in gate_ids:
                raise _fail(source, f"{path}.gates[{j}]",
                            message("loader.unknown-gate", gate=gate),
                            "unknown-reference")


def _validate_minimum(minimum: Minimum, items: Mapping[str, Criterion], path: str,
                      source: str) -> None:
    """A level's minimum: a known item, and no more than the item's points."""
    item = items.get(minimum.item)
    if item is None:
        raise _fail(source, f"{path}.item", message("loader.minimum-item", item=minimum.item),
                    "unknown-reference")
    if minimum.at_least > item.points:
        raise _fail(source, f"{path}.at_least",
                    message("loader.minimum-above", least=to_text(minimum.at_least),
                            item=minimum.item, points=to_text(item.points)))


def _validate_scales(rubric: Rubric, source: str) -> None:
    """Grade scales: ids unique, grades given (ids unique), every fraction in
    [0, 1], at most 6 places; the rubric's own ``scale`` declared."""
    _unique(((g.id, f"$.grade_scales[{i}].id") for i, g in enumerate(rubric.grade_scales)),
            "scale", source)
    for i, scale in enumerate(rubric.grade_scales):
        path = f"$.grade_scales[{i}]"
        if not scale.grades:
            raise _fail(source, f"{path}.grades", message("loader.scale-empty"), "missing-key")
        if scale.places is not None and not 0 <= scale.places <= 6:
            raise _fail(source, f"{path}.places", message("loader.at-most-6", value=scale.places))
        _unique(((g.id, f"{path}.grades[{j}].id") for j, g in enumerate(scale.grades)),
                "grade", source)
        for j, grade in enumerate(scale.grades):
            if not 0 <= grade.fraction <= 1:
                raise _fail(source, f"{path}.grades[{j}].fraction", message("loader.fraction"))
    if rubric.scale is not None:
        _known_scale(rubric, rubric.scale, "$.scale", source)


def _known_scale(rubric: Rubric, name: str, path: str, source: str) -> None:
    if all(s.id != name for s in rubric.grade_scales):
        known = ", ".join(s.id for s in rubric.grade_scales) or "-"
        raise _fail(source, path, message("loader.unknown-scale", scale=name, known=known),
                    "unknown-reference")


def _validate_scale(rubric: Rubric, item: Criterion, path: str, source: str) -> None:
    """An item's own ``scale``: on a tiered leaf only, declared, and not beside tiers."""
    if item.scale is None:
        return
    if item.criteria or item.method != "tiered":
        raise _fail(source, f"{path}.scale", message("loader.scale-not-tiered"),
                    "conflicting-keys")
    if item.tiers:
        raise _fail(source, f"{path}.scale", message("loader.scale-and-tiers", scale=item.scale),
                    "conflicting-keys")
    _known_scale(rubric, item.scale, f"{path}.scale", source)


def _validate_item(item: Criterion, path: str, depth: int, source: str,
                   methods: Mapping[str, ScoringMethod]) -> None:
    """One item's own definition (its sub-items are checked in their turn)."""
    if item.floor > item.points:
        raise _fail(source, f"{path}.floor", message("loader.floor", floor=to_text(item.floor),
                                                     points=to_text(item.points)))
    if item.criteria:
        if depth >= 2:
            raise _fail(source, f"{path}.criteria", message("loader.nesting"), "too-deep")
        if item.method is not None:
            raise _fail(source, f"{path}.method", message("loader.group-method"),
                        "conflicting-keys")
        _unique(((c.id, f"{path}.criteria[{i}].id") for i, c in enumerate(item.criteria)),
                "item", source)
        _validate_rules(item, path, source)
        return
    if item.method is None:
        raise _fail(source, f"{path}.method", message("loader.leaf-method"), "missing-key")
    _validate_rules(item, path, source)
    _unique(((s.id, f"{path}.standards[{i}].id") for i, s in enumerate(item.standards)),
            "standard", source)
    _unique(((t.id, f"{path}.tiers[{i}].id") for i, t in enumerate(item.tiers)), "tier", source)
    if item.step is not None and item.step == 0:
        raise _fail(source, f"{path}.step", message("loader.step"))
    method = methods.get(item.method)
    if method is None:
        raise _fail(source, f"{path}.method",
                    message("loader.unknown-method", method=item.method,
                            known=", ".join(sorted(methods))), "unknown-method")
    try:
        problems = list(method.validate(item))
    except ScoringError as exc:  # a plugin's validate() failed, in strict mode
        raise _fail(source, f"{path}.method", exc.message) from exc
    for problem in problems:
        if problem.severity == "error":
            raise _fail(source, f"{path}.{problem.key}", problem.message, "method-data")


def _validate_rules(item: Criterion, path: str, source: str) -> None:
    rules = item.rules
    _unique(((r.id, f"{path}.rules[{i}].id") for i, r in enumerate(rules)), "rule", source)
    for i, rule in enumerate(rules):
        rpath = f"{path}.rules[{i}]"
        if rule.at_most is not None:
            _validate_limit(item, rule, rpath, source)
            continue
        if rule.zeroes:
            if rule.deduct is not None or rule.deduct_range is not None:
                raise _fail(source, rpath, message("loader.zeroes"), "conflicting-keys")
            continue
        if (rule.deduct is None) == (rule.deduct_range is None):
            raise _fail(source, rpath, message("loader.rule-amount"), "conflicting-keys")
        if rule.deduct_range is not None:
            lo_hi = rule.deduct_range
            if len(lo_hi) != 2 or lo_hi[0] > lo_hi[1]:
                raise _fail(source, f"{rpath}.deduct_range",
                            message("loader.range"))


def _validate_judged(item: BonusItem, path: str, source: str) -> None:
    """A bonus item's method: fixed points take no step or tiers; a direct
    one a step above 0 and no tiers; a tiered one tiers (ids unique), none
    above the item's points, and no step."""
    if item.method != "tiered" and item.tiers:
        raise _fail(source, f"{path}.tiers", message("loader.tiers-not-tiered"))
    if item.method != "direct" and item.step is not None:
        raise _fail(source, f"{path}.step", message("loader.step-not-direct"))
    if item.step is not None and item.step <= 0:
        raise _fail(source, f"{path}.step", message("loader.step-positive"))
    if item.method == "tiered":
        if not item.tiers:
            raise _fail(source, f"{path}.tiers", message("loader.tiers-needed"))
        _unique(((t.id, f"{path}.tiers[{j}].id") for j, t in enumerate(item.tiers)), "tier",
                source)
        for j, tier in enumerate(item.tiers):
            if tier.points > item.points:
                raise _fail(source, f"{path}.tiers[{j}].points",
                            message("loader.tier-above", tier=tier.title,
                                    points=to_text(tier.points), most=to_text(item.points)))


def _validate_limit(item: Criterion, rule: Rule, rpath: str, source: str) -> None:
    """An ``at_most`` rule (本项最高得X分): no amount of its own, and a limit
    between the item's floor and its points."""
    given = [key for key, value in (("deduct", rule.deduct), ("deduct_range", rule.deduct_range),
                                    ("max", rule.max)) if value is not None]
    if rule.zeroes:
        given.append("zeroes")
    if given:
        raise _fail(source, f"{rpath}.{given[0]}",
                    message("loader.at-most-amount", key=given[0]))
    limit = rule.at_most
    assert limit is not None
    if limit > item.points:
        raise _fail(source, f"{rpath}.at_most",
                    message("loader.at-most-above", limit=to_text(limit),
                            points=to_text(item.points)))
    if limit < item.floor:
        raise _fail(source, f"{rpath}.at_most",
                    message("loader.at-most-below", limit=to_text(limit),
                            floor=to_text(item.floor)))


def _check_places(obj: Any, path: str, places: int, source: str) -> None:
    """Points may carry at most ``places`` decimals (rates and fractions are free)."""
    if not attrs.has(type(obj)):
        return
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        fpath = f"{path}.{field.name}"
        if field.metadata.get("kind") == "points":
            values = value if isinstance(value, tuple) else (value,)
            for v in values:
                if isinstance(v, Decimal) and places_of(v) > places:
                    raise _fail(source, fpath, message("loader.places", value=to_text(v),
                                                       places=places),
                                               "too-many-places")
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                _check_places(v, f"{fpath}[{i}]", places, source)
        else:
            _check_places(value, fpath, places, source)
