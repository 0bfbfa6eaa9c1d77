"""Scoring: a rubric compiled once into a plan, applied to assessments.

=====================  ==========================================================
module                 what it holds
=====================  ==========================================================
``methods``            the scoring methods of leaf items (评分方法) and rule hits
``guards``             a plugin's method called safely (errors name the item)
``plan``               the rubric compiled: items in post-order, raw scorers
``validate``           the checks of an assessment against its rubric
``figures``            the scoring pass: every item's figures, base, evidence
``decide``             bonus, penalties, total, vetoes, bars, levels, outcome
``explain``            the item tree, points lost and audit trail, on first read
``scorer``             :func:`score` and :func:`score_many`
``capture``            what a plugin prints, kept off standard output
``arguments``          the public API's arguments checked (a ``TypeError`` naming each)
=====================  ==========================================================

May import :mod:`civscore.model` and :mod:`civscore.results`.
"""

from __future__ import annotations

from civscore.scoring.decide import years_before
from civscore.scoring.plan import UNSPECIFIED_EVIDENCE, require_weighted, rubric_hash
from civscore.scoring.scorer import score, score_many
from civscore.scoring.validate import AssessmentProblem, assessment_problems

__all__ = [
    "UNSPECIFIED_EVIDENCE",
    "AssessmentProblem",
    "assessment_problems",
    "require_weighted",
    "rubric_hash",
    "score",
    "score_many",
    "years_before",
]
