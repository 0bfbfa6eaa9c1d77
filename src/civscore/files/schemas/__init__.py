"""The JSON Schemas of civscore's files, generated from the models.

Three schemas, each shipped in this package as ``<kind>.schema.json`` and
printed by ``civscore schema <kind>``:

``rubric``
    a rubric file (测评体系), TOML or JSON; numbers are numbers.
``assessment``
    an assessment file (测评记录), TOML or JSON; numbers are numbers.
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

__all__ = ["KINDS", "NUMBERS_READ", "SchemaKind", "generate", "render", "shipped"]

SchemaKind = Literal["rubric", "assessment", "result"]

#: The schema kinds, in the order the CLI lists them.
KINDS: tuple[SchemaKind, ...] = ("rubric", "assessment", "result")


#: What the rubric and assessment schemas say of how a file's numbers and
#: dates are read (their ``$comment``).
NUMBERS_READ = (
    "The file is TOML or JSON. Numbers are read as exact decimals, never binary floats: "
    "one written without a fraction or exponent (2) is a whole number, any other (0.5, "
    "39.70, 1e2) a decimal of exactly the digits written. NaN and Infinity are refused, and "
    "so is a key written twice in one object. In JSON a date is a string YYYY-MM-DD.")


def generate(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``kind``, built from the models.

    :raises ValueError: for an unknown kind.
    """
    if kind in ("rubric", "assessment"):
        schema = json_schema(Rubric if kind == "rubric" else Assessment, numbers_as_text=False,
                             title=f"civscore {kind} file "
                                   f"({'测评体系' if kind == 'rubric' else '测评记录'}), "
                                   f"format {FORMAT_VERSION}")
        return {**dict(list(schema.items())[:2]), "$comment": NUMBERS_READ,
                **dict(list(schema.items())[2:])}
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
