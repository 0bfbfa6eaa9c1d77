"""How the command line writes a value of a rubric or report in text."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from civscore.model.points import to_text
from civscore.model.serde import unstructure

__all__ = ["value_text"]


def value_text(value: Any) -> str:
    """``—`` for no value, points as written (``85.5``), and anything else as
    compact JSON with Chinese kept as is."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return to_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(unstructure(value), ensure_ascii=False, separators=(", ", ": "))
