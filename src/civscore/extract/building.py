"""Building the assessment a report claims, and writing an assessment as
the text of an assessment file (TOML)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from civscore.extract.matching import SectionMatch, match_categories
from civscore.extract.reports import Report
from civscore.model import Assessment, Finding, Rubric
from civscore.model.points import to_text

__all__ = ["assessment_to_toml", "report_to_assessment"]


def _short(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"


def report_to_assessment(
    report: Report,
    rubric: Rubric,
    match: SectionMatch | None = None,
    *,
    unit: str | None = None,
    period: str | None = None,
) -> Assessment:
    """The assessment the report claims, against ``rubric``.

    One :class:`~civscore.model.Finding` per matched category whose section
    states an earned figure: ``criterion`` is the category id, ``claimed`` the
    earned figure, ``points`` the same figure when the category is scored
    ``direct``, capped at its points (else left out: another method needs
    other input), and
    ``note`` where it came from.  ``claimed_total`` is the overall claim,
    ``unit``/``period`` those stated in the report unless given, ``rubric``
    is ``rubric.ref``; ``notes`` names the report and lists the report's
    warnings and the match's messages, one a line.

    :param match: from :func:`match_categories`; computed when omitted.
    """
    if match is None:
        match = match_categories(report, rubric)
    categories = {c.id: c for c in rubric.categories}
    findings: list[Finding] = []
    for m in match.matches:
        earned = m.section.earned
        if earned is None:
            continue
        note = f"报告第{m.section.line}行 {_short(m.section.label)}"
        allotted = m.section.allotted
        note += f": 应得分{to_text(allotted)}" if allotted is not None else ":"
        note += f" 实得分{to_text(earned)}"
        if m.by == "order":
            note += " (matched by order only)"
        category = categories[m.category]
        points = None
        if category.method == "direct":
            # A claim above the category's points cannot be a score; the
            # score is capped and the claim kept, so the excess shows as a
            # discrepancy instead of making the file unscorable.
            points = min(earned, category.points)
            if earned > category.points:
                note += f" (超过应得分{to_text(category.points)}，按{to_text(category.points)}计)"
        findings.append(Finding(criterion=m.category, points=points, claimed=earned, note=note))
    notes = [f"extracted from report {report.index} 《{report.title}》"]
    notes.extend(report.warnings)
    notes.extend(match.messages)
    return Assessment(
        rubric=rubric.ref,
        unit=report.unit if unit is None else unit,
        period=report.period if period is None else period,
        claimed_total=report.overall_earned,
        findings=tuple(findings),
        notes="\n".join(notes),
    )


_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES: Final = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n",
                   "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write the non-finite number {value} as TOML")
        return to_text(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if attrs.has(type(value)):
        return _toml_value(_plain_fields(value))
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _is_default(field: attrs.Attribute[Any], value: Any) -> bool:
    default: Any = field.default
    if default is attrs.NOTHING:
        return False
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return bool(value == default.factory())
    return bool(value == default)


def _plain_fields(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj))
            if not _is_default(f, getattr(obj, f.name))}


def _is_table_array(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and all(attrs.has(type(v)) for v in value)


def _emit_table(obj: Any, path: str, lines: list[str], first: Sequence[str] = ()) -> None:
    fields = list(attrs.fields(type(obj)))
    fields.sort(key=lambda f: (f.name not in first, first.index(f.name) if f.name in first
                               else 0))
    arrays: list[tuple[str, tuple[Any, ...]]] = []
    for f in fields:
        value = getattr(obj, f.name)
        if f.name != "format" and (value is None or _is_default(f, value)):
            continue
        if _is_table_array(value):
            arrays.append((f.name, value))
        else:
            lines.append(f"{_toml_key(f.name)} = {_toml_value(value)}")
    for name, items in arrays:
        header = f"{path}.{_toml_key(name)}" if path else _toml_key(name)
        for item in items:
            lines.append("")
            lines.append(f"[[{header}]]")
            _emit_table(item, header, lines)


def assessment_to_toml(assessment: Assessment) -> str:
    """The assessment as the text of an assessment file (TOML, UTF-8).

    Keys are the model's field names: first ``format``, ``rubric``, ``unit``,
    ``period``, ``claimed_total``, then the other set fields, then one
    ``[[findings]]`` table per finding (``criterion``, ``points``, ``claimed``,
    ``note`` …; nested ``[[findings.hits]]`` where present) and the other
    arrays of tables.  Fields left at their defaults are omitted (``period``
    when empty, ``claimed_total`` when ``None``).  Decimals are bare numbers
    without exponent (``points = 15``, ``claimed = 8.5``); strings are TOML
    basic strings with escapes.

    :raises ValueError: a point value is NaN or infinite.
    """
    lines: list[str] = []
    _emit_table(assessment, "", lines,
                first=("format", "rubric", "unit", "period", "claimed_total"))
    return "\n".join(lines) + "\n"
