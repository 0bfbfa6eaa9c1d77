"""Scoring: the scoring methods and the engine that turns a rubric and an
assessment into a :class:`~civscore.results.Scorecard`."""

from __future__ import annotations

from civscore.scoring.engine import (
    UNSPECIFIED_EVIDENCE,
    assessment_problems,
    rubric_hash,
    score,
    score_many,
)

__all__ = ["UNSPECIFIED_EVIDENCE", "assessment_problems", "rubric_hash", "score", "score_many"]
