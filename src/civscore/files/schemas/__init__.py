"""The JSON Schemas of civscore's files, generated from the models.

Three schemas, each shipped in this package as ``<kind>.schema.json`` and
printed by ``civscore schema <kind>``:

``rubric``
    a rubric TOML file (测评体系); numbers are numbers.
``assessment``
    an assessment TOML file (测评记录); numbers are numbers.
``result``
    the JSON form of a scorecard (:meth:`civscore.Scorecard.to_dict`);
    points are decimal strings such as ``"97.5"``.

Editors that read a ``#:schema`` comment (taplo, Even Better TOML) validate
and complete a TOML file against the first two.  The shipped files are
regenerated with ``civscore schema <kind> -o src/civscore/files/schemas/<kind>.schema.json``;
a test fails when they are stale.
"""

from __future__ import annotations

import importlib.resources
import json
from typing import Any, Literal

from civscore.model import FORMAT_VERSION, Assessment, Rubric
from civscore.model.serde import json_schema
from civscore.results.scorecard import RESULT_FORMAT, Scorecard

__all__ = ["KINDS", "SchemaKind", "generate", "render", "shipped"]

SchemaKind = Literal["rubric", "assessment", "result"]

#: The schema kinds, in the order the CLI lists them.
KINDS: tuple[SchemaKind, ...] = ("rubric", "assessment", "result")


def generate(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``kind``, built from the models.

    :raises ValueError: for an unknown kind.
    """
    if kind == "rubric":
        return json_schema(Rubric, numbers_as_text=False,
                           title=f"civscore rubric file (测评体系), format {FORMAT_VERSION}")
    if kind == "assessment":
        return json_schema(Assessment, numbers_as_text=False,
                           title=f"civscore assessment file (测评记录), format {FORMAT_VERSION}")
    if kind == "result":
        schema = json_schema(Scorecard, numbers_as_text=True,
                             title=f"civscore scorecard JSON (测评结果), format {RESULT_FORMAT}")
        # Scorecard.to_dict adds ``level``, a copy of outcome.level, for scripts.
        card = schema["$defs"]["Scorecard"]
        card["properties"]["level"] = {
            "anyOf": [{"type": "string"}, {"type": "null"}],
            "description": "the awarded level's id (same as outcome.level), or null",
        }
        card["required"] = [*card["required"], "level"]
        return schema
    raise ValueError(f"unknown schema kind {kind!r}; choose one of {', '.join(KINDS)}")


def render(kind: SchemaKind) -> str:
    """The schema of ``kind`` as the text of its shipped file (2-space
    indented JSON, UTF-8, ending in a newline)."""
    return json.dumps(generate(kind), indent=2, ensure_ascii=False) + "\n"


def shipped(kind: SchemaKind) -> str:
    """The text of the schema file shipped in the package.

    :raises FileNotFoundError: when the package was built without it.
    """
    resource = importlib.resources.files(__name__).joinpath(f"{kind}.schema.json")
    return resource.read_text(encoding="utf-8")
