"""The property suite: :func:`check_rubric_properties` on one rubric and
:func:`check_plugin_rubrics` on every rubric a plugin provides.

The properties themselves are described in :mod:`civscore.testing`; the
level properties are checked by :mod:`civscore.testing.level_properties`,
those of each scorecard by :mod:`civscore.testing.scorecard_properties`, on
assessments drawn by :mod:`civscore.testing.strategies`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st

from civscore.checks import CheckSpec, check_rubric
from civscore.model import Assessment, Rubric
from civscore.plugins import BUILTIN_NAME, Registry, get_plugin_manager
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod
from civscore.testing.level_properties import check_level_properties
from civscore.testing.report import PropertyReport, Skipped, property_error
from civscore.testing.scorecard_properties import (
    check_assessment_properties,
    check_more_deductions,
)
from civscore.testing.strategies import assessments, harsher

__all__ = ["PROPERTIES", "check_plugin_rubrics", "check_rubric_properties"]

#: The properties :func:`check_rubric_properties` checks, in the order it checks them.
PROPERTIES: tuple[str, ...] = (
    "consistency",
    "levels-reachable",
    "thresholds",
    "parts-add-up",
    "in-bounds",
    "more-deductions",
    "json-round-trip",
)

#: Why a rubric of indicators without points is checked for consistency only.
UNWEIGHTED_REASON = ("the rubric gives indicators without points (weighted = false): "
                     "nothing to score")


def check_rubric_properties(
    rubric: Rubric,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    checks: Iterable[CheckSpec] | None = None,
    max_examples: int = 100,
    properties: Iterable[str] | None = None,
) -> PropertyReport:
    """Run the property suite (:data:`PROPERTIES`) on one rubric.

    The random part draws ``max_examples`` assessments from
    :func:`assessments` (derandomized, so a run is reproducible, and without
    an example database, so nothing is written to disk) and, for each, one
    more deduction from :func:`harsher`.

    :param methods: scoring methods by name (default: the built-in ones; pass
        ``registry.methods`` for a rubric that uses a plugin's method).
    :param checks: the consistency checks (default: the built-in ones; pass
        ``registry.checks`` to include the plugins').
    :param max_examples: how many random assessments to try.
    :param properties: a subset of :data:`PROPERTIES` to check (default: all).
    :return: what was checked and what was skipped, with reasons (a rubric
        of indicators without points: consistency only, the rest skipped).
    :raises RubricPropertyError: at the first property that does not hold,
        naming the rubric, the key path and the property, with the (shrunk)
        assessment that shows it.
    """
    methods = BUILTIN_METHODS if methods is None else methods
    wanted = tuple(PROPERTIES if properties is None else properties)
    unknown = sorted(set(wanted) - set(PROPERTIES))
    if unknown:
        raise ValueError(f"unknown properties {unknown}; known: {', '.join(PROPERTIES)}")
    skipped: list[Skipped] = []
    if "consistency" in wanted:
        errors = [f for f in check_rubric(rubric, methods=methods, checks=checks)
                  if f.severity == "error"]
        if errors:
            listed = "; ".join(f"{f.path}: {f.message} [{f.code}]" for f in errors[1:])
            more = f" (and: {listed})" if listed else ""
            raise property_error(rubric, "consistency", errors[0].path,
                                 f"{errors[0].message} [{errors[0].code}]{more}")
    if not rubric.weighted:  # indicators without points: consistency is all there is
        skipped.extend(Skipped(p, "$.weighted", UNWEIGHTED_REASON) for p in wanted
                       if p != "consistency")
        return PropertyReport(rubric.ref, tuple(p for p in wanted if p == "consistency"),
                              tuple(skipped), 0)
    if {"levels-reachable", "thresholds"} & set(wanted):
        skipped.extend(s for s in check_level_properties(rubric, methods=methods)
                       if s.property in wanted)
    per_card = [p for p in ("parts-add-up", "in-bounds", "json-round-trip") if p in wanted]
    examples = 0
    if per_card or "more-deductions" in wanted:
        strategy = assessments(rubric, methods)

        @settings(max_examples=max_examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
                  phases=(Phase.explicit, Phase.generate, Phase.shrink), print_blob=False,
                  verbosity=Verbosity.quiet)
        @given(assessment=strategy, data=st.data())
        def random_assessments(assessment: Assessment, data: st.DataObject) -> None:
            nonlocal examples
            examples += 1
            check_assessment_properties(rubric, assessment, methods=methods,
                                        properties=per_card)
            if "more-deductions" in wanted:
                worse = data.draw(harsher(rubric, assessment), label="harsher")
                check_more_deductions(rubric, assessment, worse, methods=methods)

        random_assessments()
    whole = {s.property for s in skipped if s.path == "$.levels"}
    checked = tuple(p for p in wanted if p not in whole)
    return PropertyReport(rubric.ref, checked, tuple(skipped), examples)


def check_plugin_rubrics(plugin: object, *, max_examples: int = 50,
                         bases: Sequence[object] = ()) -> dict[str, PropertyReport]:
    """Run :func:`check_rubric_properties` on every rubric ``plugin`` (a
    plugin module or object) provides, registered on a fresh plugin manager
    in strict mode, so a locality's own tests need one line.

    :param bases: plugins registered beside it whose rubrics its overlays
        extend (e.g. ``[civscore_national]`` for ``civscore_hefei``); their
        own rubrics are not tested.
    :return: ``{id@version: report}``, sorted by reference.
    :raises RubricPropertyError: at the first property that fails.
    :raises civscore.PluginError: when the plugin does not register cleanly.
    """

    pm = get_plugin_manager(load_entry_points=False, plugins=[*bases, plugin], strict=True)
    registry = Registry(pm, strict=True)
    others = {BUILTIN_NAME, *(pm.get_name(base) for base in bases)}
    return {entry.ref: check_rubric_properties(entry.rubric, methods=registry.methods,
                                               checks=registry.checks,
                                               max_examples=max_examples)
            for entry in registry.rubrics() if entry.provider not in others}
