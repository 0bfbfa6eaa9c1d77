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

from __future__ import annotations

from civscore._version import __version__
from civscore.lazy import lazy_exports

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:

    from civscore.checks import CheckFinding, CheckSpec, check_assessment, check_rubric
    from civscore.exceptions import (
        AssessmentError,
        CivscoreError,
        FileFormatError,
        PluginError,
        RubricError,
        RubricNotFoundError,
        ScoringError,
    )
    from civscore.files.loader import (
        assessment_from_dict,
        load_assessment,
        load_rubric,
        rubric_from_dict,
    )
    from civscore.files.problems import FileProblem, validate_assessment, validate_rubric
    from civscore.model import Assessment, Category, Criterion, Finding, Rubric
    from civscore.plugins.hookspecs import RubricSpec, hookimpl, hookspec
    from civscore.results.scorecard import Scorecard
    from civscore.scoring import rubric_hash, score, score_many

#: The module each public name comes from.  ``import civscore`` imports none
#: of them; a name's module is imported the first time the name is used
#: (``civscore.score``, ``from civscore import Rubric``), so a program pays
#: only for what it uses and ``import civscore`` stays cheap (docs/performance.md).
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("CheckFinding", "CheckSpec", "check_assessment", "check_rubric"),
                    "civscore.checks"),
    **dict.fromkeys(("rubric_hash", "score", "score_many"), "civscore.scoring"),
    **dict.fromkeys(("AssessmentError", "CivscoreError", "FileFormatError", "PluginError",
                     "RubricError", "RubricNotFoundError", "ScoringError"), "civscore.exceptions"),
    **dict.fromkeys(("RubricSpec", "hookimpl", "hookspec"), "civscore.plugins.hookspecs"),
    **dict.fromkeys(("assessment_from_dict", "load_assessment", "load_rubric",
                     "rubric_from_dict"), "civscore.files.loader"),
    **dict.fromkeys(("Assessment", "Category", "Criterion", "Finding", "Rubric"),
                    "civscore.model"),
    **dict.fromkeys(("FileProblem", "validate_assessment", "validate_rubric"),
                    "civscore.files.problems"),
    "Scorecard": "civscore.results.scorecard",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


__all__ = [
    "Assessment",
    "AssessmentError",
    "Category",
    "CheckFinding",
    "CheckSpec",
    "CivscoreError",
    "Criterion",
    "FileFormatError",
    "FileProblem",
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
    "validate_assessment",
    "validate_rubric",
]
