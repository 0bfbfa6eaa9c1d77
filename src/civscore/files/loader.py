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
from civscore.files.text import parse_toml, read_text
from civscore.model import (
    FORMAT_VERSION,
    Assessment,
    BonusItem,
    Criterion,
    Rubric,
    Rule,
    walk_items,
    weakest,
)
from civscore.model.points import places_of, to_text
from civscore.model.serde import structure
from civscore.scoring.arguments import require
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "assessment_from_dict",
    "load_assessment",
    "load_rubric",
    "parse_toml",
    "read_text",
    "rubric_from_dict",
]

E = TypeVar("E", bound=FileFormatError)

RUBRIC_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _check_format(data: Mapping[str, Any], source: str, error: type[FileFormatError]) -> None:
    if not isinstance(data, Mapping):
        raise error(f"expected a table of keys, found {type(data).__name__}", source=source)
    version = data.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise error(
            f"this civscore reads file format {FORMAT_VERSION}, found {version!r}; "
            "upgrade civscore or rewrite the file in format 1",
            source=source, path="$.format",
        )


def load_rubric(path: str | Path, *, encoding: str | None = None,
                methods: Mapping[str, ScoringMethod] | None = None) -> Rubric:
    """Read a rubric TOML file.

    :raises RubricError: naming the file and key path, for any syntax, type or
        structure problem (see :func:`rubric_from_dict`).
    :raises TypeError: when ``path`` is not a ``str`` or a path.
    """
    source = str(require(path, "path", (str, os.PathLike)))
    text = read_text(path, encoding=encoding, error=RubricError)
    data = parse_toml(text, source=source, error=RubricError)
    return rubric_from_dict(data, source=source, methods=methods)


def rubric_from_dict(data: Mapping[str, Any], *, source: str = "<mapping>",
                     methods: Mapping[str, ScoringMethod] | None = None) -> Rubric:
    """Build and validate a rubric from parsed TOML (numbers as Decimal or int).

    Checks, besides types: the format version, unknown keys, ids (form and
    uniqueness), every leaf having a method and its data (rules, tiers …),
    decimal places within ``point_places``, floors within points, level and
    gate references, look-back windows.

    :param methods: the scoring methods a leaf may name (default: the built-in ones).
    :raises RubricError: the first problem found, with its key path.
    """
    _check_format(data, source, RubricError)
    if "extends" in data:
        raise RubricError("this is an overlay on another rubric; load it with "
                          "civscore.plugins.Registry.load_rubric (or the CLI), which resolves "
                          "it on its installed base", source=source, path="$.extends")
    rubric = structure(dict(data), Rubric, error=RubricError, source=source)
    _validate_rubric(rubric, source, BUILTIN_METHODS if methods is None else methods)
    return rubric


def load_assessment(path: str | Path, *, encoding: str | None = None) -> Assessment:
    """Read an assessment TOML file.

    Whether the assessment fits its rubric (known items, values in range) is
    checked by :func:`civscore.check_assessment` and by :func:`civscore.score`.

    :raises AssessmentError: naming the file and key path.
    :raises TypeError: when ``path`` is not a ``str`` or a path.
    """
    source = str(require(path, "path", (str, os.PathLike)))
    text = read_text(path, encoding=encoding, error=AssessmentError)
    data = parse_toml(text, source=source, error=AssessmentError)
    return assessment_from_dict(data, source=source)


def assessment_from_dict(data: Mapping[str, Any], *, source: str = "<mapping>") -> Assessment:
    """Build an assessment from parsed TOML (numbers as Decimal or int).

    :raises AssessmentError: for format, type, structure or duplicate-entry problems.
    """
    _check_format(data, source, AssessmentError)
    assessment = structure(dict(data), Assessment, error=AssessmentError, source=source)
    if "@" not in assessment.rubric:
        raise AssessmentError(
            f"expected id@version (e.g. 'danjiangkou@2010-2011'), found {assessment.rubric!r}",
            source=source, path="$.rubric",
        )
    seen: dict[str, int] = {}
    for i, finding in enumerate(assessment.findings):
        if finding.criterion in seen:
            raise AssessmentError(
                f"item {finding.criterion!r} already has a finding at "
                f"$.findings[{seen[finding.criterion]}]; merge the two",
                source=source, path=f"$.findings[{i}].criterion",
            )
        seen[finding.criterion] = i
    return assessment


def _fail(source: str, path: str, message: str) -> RubricError:
    return RubricError(message, source=source, path=path)


def _unique(ids: Iterable[tuple[str, str]], what: str, source: str) -> None:
    """``ids`` yields (id, path); raise on a malformed or repeated id."""
    seen: dict[str, str] = {}
    for ident, path in ids:
        if not ITEM_ID.match(ident):
            raise _fail(source, path, f"{what} id {ident!r} must be lowercase letters, digits, "
                                      "'-' or '_', starting with a letter or digit")
        if ident in seen:
            raise _fail(source, path, f"duplicate {what} id {ident!r}, first used at {seen[ident]}")
        seen[ident] = path


def _validate_rubric(rubric: Rubric, source: str,
                     methods: Mapping[str, ScoringMethod]) -> None:
    if not RUBRIC_ID.match(rubric.id):
        raise _fail(source, "$.id", f"rubric id {rubric.id!r} must be lowercase letters and "
                                    "digits separated by '.' or '-', e.g. 'hubei.xiangyang'")
    if not rubric.version or "@" in rubric.version:
        raise _fail(source, "$.version", "version must be non-empty and must not contain '@'")
    if rubric.point_places > 6:
        raise _fail(source, "$.point_places", f"must be at most 6, got {rubric.point_places}")
    if rubric.rounding.places > 6:
        raise _fail(source, "$.rounding.places", "must be at most 6")
    if rubric.total <= 0:
        raise _fail(source, "$.total", "the base total must be more than 0")
    _check_places(rubric, "$", rubric.point_places, source)
    _unique(((c.id, f"$.categories[{i}].id") for i, c in enumerate(rubric.categories)),
            "category", source)
    for place in walk_items(rubric):
        _validate_item(place.item, place.key, place.depth, source, methods)
    weak = weakest(rubric)
    if weak is not None:
        raise _fail(source, "$.provenance",
                    f"the rubric claims {rubric.provenance!r}, but {weak.path} "
                    f"({weak.key}) is {weak.provenance!r}: a rubric is never stronger than its "
                    f"weakest part that carries points; declare provenance = "
                    f"{weak.provenance!r} and mark the parts that were read")
    if rubric.bonus is not None:
        _unique(((b.id, f"$.bonus.items[{i}].id") for i, b in enumerate(rubric.bonus.items)),
                "bonus item", source)
        for i, item in enumerate(rubric.bonus.items):
            _validate_judged(item, f"$.bonus.items[{i}]", source)
        needs = [("$.bonus.min_base", rubric.bonus.min_base)] + [
            (f"$.bonus.items[{i}].min_base", b.min_base) for i, b in enumerate(rubric.bonus.items)]
        for key, need in needs:
            if need is not None and need > rubric.total:
                raise _fail(source, key, f"min_base {to_text(need)} is above the base total "
                                         f"{to_text(rubric.total)}, so the bonus could never "
                                         "count; give the base the rubric states")
    named: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
        ("penalty", "penalties", rubric.penalties), ("veto", "vetoes", rubric.vetoes),
        ("bar", "bars", rubric.bars), ("gate", "gates", rubric.gates),
        ("level", "levels", rubric.levels))
    for name, key, entries in named:
        _unique(((e.id, f"$.{key}[{i}].id") for i, e in enumerate(entries)), name, source)
    for i, bar in enumerate(rubric.bars):
        if bar.lookback_years == bar.lookback_months == bar.lookback_days == 0:
            raise _fail(source, f"$.bars[{i}]", "a bar needs a look-back window: set "
                                                "lookback_years, lookback_months or lookback_days")
    gate_ids = {g.id for g in rubric.gates}
    for i, level in enumerate(rubric.levels):
        path = f"$.levels[{i}]"
        if level.max_total is not None and level.max_total < level.min_total:
            raise _fail(source, f"{path}.max_total",
                        f"is below min_total ({to_text(level.min_total)})")
        if level.min_category_share is not None and level.min_category_share > 1:
            raise _fail(source, f"{path}.min_category_share",
                        "is a fraction between 0 and 1 (0.6 means 60%)")
        for j, gate in enumerate(level.gates):
            if gate not in gate_ids:
                raise _fail(source, f"{path}.gates[{j}]",
                            f"unknown gate {gate!r}; declare it under [[gates]]")


def _validate_item(item: Criterion, path: str, depth: int, source: str,
                   methods: Mapping[str, ScoringMethod]) -> None:
    """One item's own definition (its sub-items are checked in their turn)."""
    if item.floor > item.points:
        raise _fail(source, f"{path}.floor", f"floor {to_text(item.floor)} is above the item's "
                                             f"points {to_text(item.points)}")
    if item.criteria:
        if depth >= 2:
            raise _fail(source, f"{path}.criteria", "items nest at most two levels below a "
                                                    "category (指标 → 标准)")
        if item.method is not None:
            raise _fail(source, f"{path}.method", "an item with sub-items is scored by their "
                                                  "sum; remove 'method' or the sub-items")
        _unique(((c.id, f"{path}.criteria[{i}].id") for i, c in enumerate(item.criteria)),
                "item", source)
        _validate_rules(item, path, source)
        return
    if item.method is None:
        raise _fail(source, f"{path}.method", "a leaf item needs a scoring method: deduct, award, "
                                              "tiered, direct, ratio, all_or_nothing, or a "
                                              "plugin's method name")
    _validate_rules(item, path, source)
    _unique(((s.id, f"{path}.standards[{i}].id") for i, s in enumerate(item.standards)),
            "standard", source)
    _unique(((t.id, f"{path}.tiers[{i}].id") for i, t in enumerate(item.tiers)), "tier", source)
    if item.step is not None and item.step == 0:
        raise _fail(source, f"{path}.step", "must be more than 0")
    method = methods.get(item.method)
    if method is None:
        raise _fail(source, f"{path}.method",
                    f"unknown scoring method {item.method!r}; known: {', '.join(sorted(methods))}"
                    " (a plugin's method needs that plugin installed)")
    try:
        problems = list(method.validate(item))
    except ScoringError as exc:  # a plugin's validate() failed, in strict mode
        raise _fail(source, f"{path}.method", exc.message) from exc
    for problem in problems:
        if problem.severity == "error":
            raise _fail(source, f"{path}.{problem.key}", problem.message)


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
                raise _fail(source, rpath, "a rule with zeroes = true takes no deduct amount")
            continue
        if (rule.deduct is None) == (rule.deduct_range is None):
            raise _fail(source, rpath, "a rule takes exactly one of 'deduct' (a fixed amount) "
                                       "and 'deduct_range' ([least, most]), or zeroes = true, "
                                       "or 'at_most' (本项最高得分)")
        if rule.deduct_range is not None:
            lo_hi = rule.deduct_range
            if len(lo_hi) != 2 or lo_hi[0] > lo_hi[1]:
                raise _fail(source, f"{rpath}.deduct_range",
                            "expected [least, most] with least ≤ most, e.g. [0.1, 0.5]")


def _validate_judged(item: BonusItem, path: str, source: str) -> None:
    """A bonus item's method: fixed points take no step or tiers; a direct
    one a step above 0 and no tiers; a tiered one tiers (ids unique), none
    above the item's points, and no step."""
    if item.method != "tiered" and item.tiers:
        raise _fail(source, f"{path}.tiers", "tiers belong to a tiered bonus item; set "
                                             "method = \"tiered\" or remove them")
    if item.method != "direct" and item.step is not None:
        raise _fail(source, f"{path}.step", "a step belongs to a direct bonus item; set "
                                            "method = \"direct\" or remove it")
    if item.step is not None and item.step <= 0:
        raise _fail(source, f"{path}.step", "must be more than 0")
    if item.method == "tiered":
        if not item.tiers:
            raise _fail(source, f"{path}.tiers", "a tiered bonus item needs its tiers, e.g. "
                                                 "[{ id = \"good\", title = \"好\", points = 2 }]")
        _unique(((t.id, f"{path}.tiers[{j}].id") for j, t in enumerate(item.tiers)), "tier",
                source)
        for j, tier in enumerate(item.tiers):
            if tier.points > item.points:
                raise _fail(source, f"{path}.tiers[{j}].points",
                            f"tier {tier.title!r} gives {to_text(tier.points)}, above the "
                            f"item's {to_text(item.points)} points (the most one award gives)")


def _validate_limit(item: Criterion, rule: Rule, rpath: str, source: str) -> None:
    """An ``at_most`` rule (本项最高得X分): no amount of its own, and a limit
    between the item's floor and its points."""
    given = [key for key, value in (("deduct", rule.deduct), ("deduct_range", rule.deduct_range),
                                    ("max", rule.max)) if value is not None]
    if rule.zeroes:
        given.append("zeroes")
    if given:
        raise _fail(source, f"{rpath}.{given[0]}",
                    f"a rule with at_most limits the item's score instead of deducting; "
                    f"remove {given[0]!r} (or make it a separate rule)")
    limit = rule.at_most
    assert limit is not None
    if limit > item.points:
        raise _fail(source, f"{rpath}.at_most",
                    f"at_most {to_text(limit)} is above the item's points "
                    f"{to_text(item.points)}: the item can never score more than its points; "
                    "give the limit the rubric states, at most the item's points")
    if limit < item.floor:
        raise _fail(source, f"{rpath}.at_most",
                    f"at_most {to_text(limit)} is below the item's floor {to_text(item.floor)}, "
                    "where its score stops; lower the floor or raise the limit")


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
                    raise _fail(source, fpath, f"{to_text(v)} has more than {places} decimal "
                                               f"places (point_places = {places})")
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                _check_places(v, f"{fpath}[{i}]", places, source)
        else:
            _check_places(value, fpath, places, source)
