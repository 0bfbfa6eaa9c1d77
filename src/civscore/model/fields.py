"""Field metadata and the value kinds the rubric and assessment models share.

``doc`` and ``points_doc`` give a field the text the JSON Schema, the file
reference and the loader's messages show; the ``Literal`` types are the
choices a rubric file may write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

__all__ = [
    "PART_PROVENANCE",
    "PART_SOURCE",
    "PROVENANCE_RANK",
    "UNWEIGHTED",
    "AwardingLevel",
    "NotApplicablePolicy",
    "Provenance",
    "RoundingMode",
    "SumPolicy",
    "UnassessedPolicy",
    "doc",
    "gloss",
    "points_doc",
]

Provenance = Literal["official", "quoted", "illustrative"]

#: How strongly a provenance vouches for a number: a rubric, or an overlay,
#: never claims more than the weakest part that carries points.
PROVENANCE_RANK: dict[str, int] = {"illustrative": 0, "quoted": 1, "official": 2}
AwardingLevel = Literal["county", "city", "prefecture", "province", "national"]
NotApplicablePolicy = Literal["rescale", "zero", "forbid"]
RoundingMode = Literal["half-up", "half-even", "down", "up"]
SumPolicy = Literal["exact", "cap"]
UnassessedPolicy = Literal["full", "flag", "error"]


def doc(text: str, *, zh: str | None = None, **extra: Any) -> dict[str, Any]:
    """Field metadata: the ``doc`` text the JSON Schema and file reference
    show, and, for a text that is not Chinese already, its Chinese ``zh``
    (``doc_zh``), which messages in Chinese give instead (:func:`gloss`)."""
    return {"doc": text, **({"doc_zh": zh} if zh is not None else {}), **extra}


def gloss(metadata: Mapping[str, Any], lang: str) -> str:
    """A field's ``doc`` text for a message in ``lang``.  In Chinese: its
    ``doc_zh``, else the Chinese term a ``doc`` starts with (``应得分`` of
    ``应得分: points allotted …``), else the ``doc`` as it is."""
    text = str(metadata.get("doc", ""))
    if lang != "zh":
        return text
    if "doc_zh" in metadata:
        return str(metadata["doc_zh"])
    term = re.split(r": |, | \(", text, maxsplit=1)[0]  # where the Chinese term ends
    return term if re.match(r"[\u4e00-\u9fff]", term) else text


def points_doc(text: str, **extra: Any) -> dict[str, Any]:
    """Field metadata of a points field (an exact decimal).

    ``omitted_when`` (a condition, as a file writes it) marks a required
    field a file omits under that condition: the JSON Schema does not
    require it, and the loader checks it is written otherwise.
    """
    return doc(text, kind="points", **extra)


#: The condition under which a rubric file omits its points (``omitted_when``).
UNWEIGHTED = "weighted = false"


#: The metadata of a part's ``provenance`` (item, rule, bonus item, penalty,
#: veto, bar, level) and ``source`` fields.
PART_PROVENANCE = doc("this part's own provenance (official, quoted or illustrative); "
                      "inherited from the enclosing part, else the rubric, when omitted")
PART_SOURCE = doc("where this part was read, when not where the enclosing part was "
                  "(a URL, a document and page)")
