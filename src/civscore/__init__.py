"""civscore: exact, explainable scoring of 文明单位 (civilized unit) assessments.

Typical use::

    import civscore

    rubric = civscore.load_rubric("rubric.toml")
    assessment = civscore.load_assessment("assessment.toml")
    card = civscore.score(rubric, assessment)
    print(card.total.rounded, card.outcome.status)

Points are :class:`decimal.Decimal` throughout.  See the documentation for
the file formats, the scoring semantics and the plugin hooks.
"""

from civscore._version import __version__
from civscore.checks import CheckFinding, CheckSpec, check_assessment, check_rubric
from civscore.engine import rubric_hash, score, score_many
from civscore.exceptions import (
    AssessmentError,
    CivscoreError,
    FileFormatError,
    PluginError,
    RubricError,
    RubricNotFoundError,
    ScoringError,
)
from civscore.hookspecs import RubricSpec, hookimpl, hookspec
from civscore.loader import (
    assessment_from_dict,
    load_assessment,
    load_rubric,
    rubric_from_dict,
)
from civscore.model import Assessment, Category, Criterion, Finding, Rubric
from civscore.scorecard import Scorecard

__all__ = [
    "Assessment",
    "AssessmentError",
    "Category",
    "CheckFinding",
    "CheckSpec",
    "CivscoreError",
    "Criterion",
    "FileFormatError",
    "Finding",
    "PluginError",
    "Rubric",
    "RubricError",
    "RubricNotFoundError",
    "RubricSpec",
    "Scorecard",
    "ScoringError",
    "__version__",
    "assessment_from_dict",
    "check_assessment",
    "check_rubric",
    "hookimpl",
    "hookspec",
    "load_assessment",
    "load_rubric",
    "rubric_from_dict",
    "rubric_hash",
    "score",
    "score_many",
]
