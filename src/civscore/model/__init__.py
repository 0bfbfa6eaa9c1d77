"""The rubric (测评体系) and assessment models.

Every class here is a frozen :mod:`attrs` value.  The classes mirror the TOML
file format one to one: a table is a class, a key is a field of the same
name, and the ``doc`` metadata of each field is the text that the JSON Schema
and the file reference show.  The model does not read files; see
:mod:`civscore.files.loader` for that.

Points are :class:`decimal.Decimal` (exact); rates are percentages in
``[0, 100]``; dates are :class:`datetime.date`.
"""

from __future__ import annotations

from civscore.model.assessment import (
    Assessment,
    BarFinding,
    BonusClaim,
    Finding,
    PenaltyClaim,
    RuleHit,
    StandardHit,
    VetoFinding,
    is_blank,
)
from civscore.model.items import (
    ItemPlace,
    grade_tiers,
    item_scale,
    item_tiers,
    scaled_item,
    walk_items,
)
from civscore.model.provenance import MarkedPart, illustrative_note, marked_parts, weakest
from civscore.model.rubric import (
    FORMAT_VERSION,
    PROVENANCE_RANK,
    AwardingLevel,
    Band,
    Bar,
    Bonus,
    BonusItem,
    Category,
    Criterion,
    Gate,
    Grade,
    GradeScale,
    Level,
    Locality,
    Minimum,
    NotApplicablePolicy,
    PenaltyItem,
    Provenance,
    Rounding,
    RoundingMode,
    Rubric,
    Rule,
    Standard,
    SumPolicy,
    Tier,
    UnassessedPolicy,
    Veto,
)

__all__ = [
    "FORMAT_VERSION",
    "PROVENANCE_RANK",
    "Assessment",
    "AwardingLevel",
    "Band",
    "Bar",
    "BarFinding",
    "Bonus",
    "BonusClaim",
    "BonusItem",
    "Category",
    "Criterion",
    "Finding",
    "Gate",
    "Grade",
    "GradeScale",
    "ItemPlace",
    "Level",
    "Locality",
    "MarkedPart",
    "Minimum",
    "NotApplicablePolicy",
    "PenaltyClaim",
    "PenaltyItem",
    "Provenance",
    "Rounding",
    "RoundingMode",
    "Rubric",
    "Rule",
    "RuleHit",
    "Standard",
    "StandardHit",
    "SumPolicy",
    "Tier",
    "UnassessedPolicy",
    "Veto",
    "VetoFinding",
    "grade_tiers",
    "illustrative_note",
    "is_blank",
    "item_scale",
    "item_tiers",
    "marked_parts",
    "scaled_item",
    "walk_items",
    "weakest",
]
