"""Property-based testing of rubrics (测评体系的性质测试), for rubric authors.

A locality that publishes a rubric runs the property suite in its CI, either
with one call in its own tests::

    from civscore.plugins import default_registry
    from civscore.testing import check_rubric_properties

    def test_rubric_properties():
        check_rubric_properties(default_registry().get("danjiangkou@2010-2011"))

or with ``pytest --civscore`` (see :mod:`civscore.testing.pytest_plugin`).

The properties (names as in :data:`PROPERTIES`):

``consistency``
    :func:`civscore.check_rubric` finds no error.
``parts-add-up``
    every figure of a scorecard is the exact sum of its parts: an item's raw
    score is the sum of its parts (a group's: its children's scores plus its
    own parts), ``score = raw + clamp``; ``base.raw`` is the sum of the
    categories and of the evidence-method subtotals; ``total.raw =
    base.scaled + bonus.total − penalties.total + floor_adjustment``.
``in-bounds``
    every score stays within ``[floor, points]``, within what its method's
    bounds promise and within its effective maximum; the base total within
    ``[0, total]``; the total within ``[0, total + most bonus]``; all items
    not applicable never give a perfect score.
``more-deductions``
    one more rule hit or penalty never raises any score or the total.
``levels-reachable``
    the best possible assessment (every item at its best, the most bonus the
    rubric allows, every gate passed) reaches each level's ``min_total`` and
    conditions; a level with a ``max_total`` has some total inside its band.
``thresholds``
    an assessment whose compared total is exactly a level's ``min_total``
    (or ``max_total``) lands on that level; the nearest total below
    ``min_total`` does not; the nearest total above ``max_total`` lands on
    some level.  Skipped, with the reason recorded, when no assessment the
    suite can construct totals exactly the threshold.
``json-round-trip``
    :meth:`~civscore.results.scorecard.Scorecard.to_dict` through JSON and back
    gives an equal scorecard, and scoring twice gives equal scorecards.

A failure raises :class:`RubricPropertyError` (an :class:`AssertionError`)
whose message names the rubric, the key path in the rubric file and the
property, and shows the assessment that broke it.

The toolkit needs Hypothesis, installed with civscore's ``testing`` extra
(``pip install 'civscore[testing]'``); only the report types
(:class:`PropertyReport`, :class:`Skipped`, :class:`RubricPropertyError`) can
be imported without it.  Scoring methods from plugins are supported when they
offer ``example_findings(item) -> Iterable[Finding]`` (see
``docs/testing.md``).

The names are defined in submodules, one concern each, and imported from
here: ``report`` (what the suite reports), ``properties`` (the suite),
``level_properties`` and ``scorecard_properties`` (the properties),
``strategies`` and ``rubric_strategies`` (the Hypothesis strategies), and
``search``, ``candidates``, ``units`` and ``paths`` (constructing assessments
that reach a given total).
"""

from __future__ import annotations

from civscore.lazy import lazy_exports

#: The module each public name comes from.  The names are imported on first
#: use, so that the pytest plugin (:mod:`civscore.testing.pytest_plugin`),
#: which pytest loads in every run, imports neither Hypothesis nor the toolkit.
_EXPORTS: dict[str, str] = {
    "PROPERTIES": "civscore.testing.properties",
    "PropertyReport": "civscore.testing.report",
    "RubricPropertyError": "civscore.testing.report",
    "Skipped": "civscore.testing.report",
    "assessments": "civscore.testing.strategies",
    "check_assessment_properties": "civscore.testing.scorecard_properties",
    "check_level_properties": "civscore.testing.level_properties",
    "check_more_deductions": "civscore.testing.scorecard_properties",
    "check_plugin_rubrics": "civscore.testing.properties",
    "check_rubric_properties": "civscore.testing.properties",
    "harsher": "civscore.testing.strategies",
    "rubrics": "civscore.testing.rubric_strategies",
}


def _needs_hypothesis(name: str, error: ImportError) -> ImportError | None:
    if not isinstance(error, ModuleNotFoundError) or error.name != "hypothesis":
        return None
    return ImportError(f"civscore.testing.{name} needs Hypothesis, which civscore installs only "
                       "with its 'testing' extra: pip install 'civscore[testing]'")


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals(), _needs_hypothesis)


__all__ = [
    "PROPERTIES",
    "PropertyReport",
    "RubricPropertyError",
    "Skipped",
    "assessments",
    "check_assessment_properties",
    "check_level_properties",
    "check_more_deductions",
    "check_plugin_rubrics",
    "check_rubric_properties",
    "harsher",
    "rubrics",
]
