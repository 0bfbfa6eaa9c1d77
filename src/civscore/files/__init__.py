"""Files: reading rubric and assessment files (TOML) into model values with
located errors, the JSON Schemas, and assessment templates.
"""

from __future__ import annotations

from civscore.files.loader import (
    assessment_from_dict,
    load_assessment,
    load_rubric,
    parse_toml,
    read_text,
    rubric_from_dict,
)

__all__ = [
    "assessment_from_dict",
    "load_assessment",
    "load_rubric",
    "parse_toml",
    "read_text",
    "rubric_from_dict",
]
