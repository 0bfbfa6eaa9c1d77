"""The ``checklist`` scoring method: an item with a list of checks, scored
by how many of them are *not* met.

Rubric item::

    method = "checklist"
    options = { checks = [ { id = "written", text = "制度成文" },
                           { id = "posted", text = "上墙公开" },
                           { id = "practised", text = "有执行记录" } ],
                by_missing = [10, 6, 3, 0] }

``by_missing[k]`` is the score when ``k`` checks are missing; the last entry
also covers more missing checks.  The list must not increase, start above
the item's points, or be longer than the number of checks plus one.

Finding::

    options = { checked = ["written", "posted"] }

An item without a finding is scored as if nothing were checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from civscore.model import Criterion, Finding
from civscore.results.scorecard import Part
from civscore.scoring.methods import Problem

__all__ = ["Checklist"]


def _checks(item: Criterion) -> list[Mapping[str, Any]]:
    checks = item.options.get("checks", [])
    return checks if isinstance(checks, list) else []


def _ladder(item: Criterion) -> list[Decimal]:
    ladder = item.options.get("by_missing", [])
    if not isinstance(ladder, list):
        return []
    return [Decimal(v) for v in ladder if isinstance(v, (int, Decimal)) and not isinstance(v, bool)]


def _checked(finding: Finding | None) -> list[Any]:
    if finding is None:
        return []
    checked = finding.options.get("checked", [])
    return checked if isinstance(checked, list) else []


class Checklist:
    """核查清单: the item's points fall by steps with each check not met."""

    name = "checklist"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        unknown = set(item.options) - {"checks", "by_missing"}
        if unknown:
            yield Problem("options", f"checklist options are 'checks' and 'by_missing', not "
                                     f"{', '.join(sorted(unknown))}")
        checks = item.options.get("checks")
        if not isinstance(checks, list) or not checks:
            yield Problem("options.checks", "give the checks: a list of { id, text } tables")
            return
        seen: set[str] = set()
        for i, check in enumerate(checks):
            ok = (isinstance(check, dict) and isinstance(check.get("id"), str)
                  and isinstance(check.get("text", ""), str) and set(check) <= {"id", "text"})
            if not ok:
                yield Problem(f"options.checks[{i}]", "a check is a table { id = \"…\", "
                                                      "text = \"…\" }")
                continue
            if check["id"] in seen:
                yield Problem(f"options.checks[{i}].id", f"duplicate check id {check['id']!r}")
            seen.add(check["id"])
        raw = item.options.get("by_missing")
        ladder = _ladder(item)
        if not isinstance(raw, list) or not raw or len(ladder) != len(raw):
            yield Problem("options.by_missing", "give the points for 0, 1, 2 … missing checks, "
                                                "e.g. [10, 6, 3, 0]")
            return
        if len(ladder) > len(checks) + 1:
            yield Problem("options.by_missing", f"{len(ladder)} entries for {len(checks)} checks; "
                                                f"at most {len(checks) + 1} can apply")
        if ladder[0] > item.points:
            yield Problem("options.by_missing[0]", f"{ladder[0]} is more than the item's "
                                                   f"{item.points} points")
        for i in range(1, len(ladder)):
            if ladder[i] > ladder[i - 1]:
                yield Problem(f"options.by_missing[{i}]", "missing more checks cannot score more")

    def check(self, item: Criterion, finding: Finding | None) -> Iterator[Problem]:
        if finding is None:
            return
        given = {"hits": finding.hits, "standards": finding.standards, "tier": finding.tier,
                 "points": finding.points, "rate": finding.rate, "met": finding.met}
        for key, value in given.items():
            if value not in (None, ()):
                yield Problem(key, f"a checklist item reads options.checked, not {key!r}")
        unknown_options = set(finding.options) - {"checked"}
        if unknown_options:
            yield Problem("options", f"unknown option(s) {', '.join(sorted(unknown_options))}; "
                                     "give options.checked")
        raw = finding.options.get("checked", [])
        if not isinstance(raw, list):
            yield Problem("options.checked", "give the ids of the checks met as a list")
            return
        known = [c["id"] for c in _checks(item)]
        seen: set[str] = set()
        for i, ident in enumerate(raw):
            if ident not in known:
                yield Problem(f"options.checked[{i}]", f"unknown check {ident!r} (checks: "
                                                       f"{', '.join(known)})")
            elif ident in seen:
                yield Problem(f"options.checked[{i}]", f"{ident!r} is listed twice")
            seen.add(ident)

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        checks = _checks(item)
        checked = set(_checked(finding))
        missing = [c for c in checks if c["id"] not in checked]
        ladder = _ladder(item)
        points = ladder[min(len(missing), len(ladder) - 1)]
        met = len(checks) - len(missing)
        text = ("全部符合" if not missing
                else "未达到：" + "、".join(str(c.get("text") or c["id"]) for c in missing))
        note = finding.note if finding is not None else ""
        return (Part("checklist", points, f"{met}/{len(checks)}", text, note=note),)

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        ladder = _ladder(item)
        worst = ladder[min(len(_checks(item)), len(ladder) - 1)]
        return worst, ladder[0]
