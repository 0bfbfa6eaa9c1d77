"""What the property suite reports: :class:`PropertyReport` for a rubric
checked, :class:`Skipped` for what it could not check and
:class:`RubricPropertyError` for a property that does not hold.

Needs nothing but civscore: a test run can show a failure without Hypothesis.
"""

from __future__ import annotations

import json

import attrs

from civscore.model import Assessment, Rubric
from civscore.model.serde import unstructure

__all__ = ["PropertyReport", "RubricPropertyError", "Skipped", "property_error"]


class RubricPropertyError(AssertionError):
    """A rubric property does not hold.

    :ivar ref: the rubric, ``id@version``.
    :ivar property: the property's name (one of :data:`PROPERTIES`).
    :ivar path: the key path in the rubric file (``$.levels[1].min_total``),
        or in the result JSON for ``json-round-trip`` (``result $.total.raw``).
    :ivar message: what does not hold.
    :ivar assessment: the assessment that shows it, if any.
    """

    def __init__(self, ref: str, prop: str, path: str, message: str,
                 assessment: Assessment | None = None) -> None:
        self.ref = ref
        self.property = prop
        self.path = path
        self.message = message
        self.assessment = assessment
        text = f"{ref}: {path}: {message} [property {prop}]"
        if assessment is not None:
            text += "\nassessment: " + _assessment_text(assessment)
        super().__init__(text)


@attrs.frozen
class Skipped:
    """A property not checked for one level, and why."""

    property: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.property} skipped: {self.reason}"


@attrs.frozen
class PropertyReport:
    """What :func:`check_rubric_properties` checked.

    :ivar ref: the rubric, ``id@version``.
    :ivar checked: the properties checked (and found to hold), in whole or in part.
    :ivar skipped: what could not be checked, with reasons (path ``$.levels``:
        the whole property, e.g. when the rubric declares no levels).
    :ivar examples: how many random assessments were tried (Hypothesis may try
        a few more than ``max_examples``).
    """

    ref: str
    checked: tuple[str, ...]
    skipped: tuple[Skipped, ...] = ()
    examples: int = 0


def property_error(rubric: Rubric, prop: str, path: str, message: str,
                   assessment: Assessment | None = None) -> RubricPropertyError:
    """The :class:`RubricPropertyError` for property ``prop`` of ``rubric``."""
    return RubricPropertyError(rubric.ref, prop, path, message, assessment)


def _assessment_text(assessment: Assessment) -> str:
    data = unstructure(assessment, skip_defaults=True)
    return json.dumps(data, ensure_ascii=False, sort_keys=False)
