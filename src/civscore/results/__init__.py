"""Results: the scorecard values and their renderings (table, Markdown, CSV).

May import :mod:`civscore.model`; nothing here scores.
"""

from __future__ import annotations

from civscore.results.scorecard import (
    AuditEvent,
    BarResult,
    BaseTotal,
    BonusLine,
    BonusResult,
    Discrepancy,
    EvidenceSubtotal,
    GateResult,
    ItemResult,
    LevelCheck,
    Loss,
    NextLevel,
    Outcome,
    Part,
    PenaltyLine,
    PenaltyResult,
    RubricInfo,
    Scorecard,
    Total,
    VetoResult,
    deferred_scorecard,
)

__all__ = [
    "AuditEvent",
    "BarResult",
    "BaseTotal",
    "BonusLine",
    "BonusResult",
    "Discrepancy",
    "EvidenceSubtotal",
    "GateResult",
    "ItemResult",
    "LevelCheck",
    "Loss",
    "NextLevel",
    "Outcome",
    "Part",
    "PenaltyLine",
    "PenaltyResult",
    "RubricInfo",
    "Scorecard",
    "Total",
    "VetoResult",
    "deferred_scorecard",
]
