"""The shipped JSON Schemas: fresh, valid, and matching the real files.

Validation against the schemas needs the ``jsonschema`` package (in the
``dev`` extra); those tests are skipped without it.
"""

from __future__ import annotations

import datetime
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

import civscore
from civscore.files import schemas
from civscore.files.loader import parse_toml
from civscore.plugins import default_registry

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "src" / "civscore" / "files" / "schemas"
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
DATA = ROOT / "tests" / "data"
PLUGIN_RUBRICS = sorted(ROOT.glob("plugins/*/src/*/rubrics/*.toml"))


def load(path: Path) -> dict[str, Any]:
    return parse_toml(path.read_text(encoding="utf-8-sig"))


def is_assessment(data: dict[str, Any]) -> bool:
    return isinstance(data.get("rubric"), str)


def json_like(value: Any) -> Any:
    """TOML data as a JSON validator sees it: dates as ISO text (Decimals are
    numbers to jsonschema already)."""
    if isinstance(value, dict):
        return {k: json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_like(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_shipped_schema_is_current(kind: schemas.SchemaKind) -> None:
    assert schemas.shipped(kind) == schemas.render(kind), (
        f"src/civscore/files/schemas/{kind}.schema.json is stale (the models changed); "
        f"regenerate it with:\n  python -m civscore schema {kind} "
        f"-o src/civscore/files/schemas/{kind}.schema.json")


def test_every_schema_file_is_a_kind() -> None:
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(
        f"{k}.schema.json" for k in schemas.KINDS)


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown schema kind 'scorecard'"):
        schemas.generate("scorecard")  # type: ignore[arg-type]


def test_schema_directives_point_at_the_shipped_schemas() -> None:
    """``#:schema`` comments in the examples and the plugins' rubrics resolve."""
    for path in [*EXAMPLES, *PLUGIN_RUBRICS]:
        first = path.read_text(encoding="utf-8-sig").splitlines()[0]
        if not first.startswith("#:schema "):
            continue
        target = (path.parent / first.removeprefix("#:schema ").strip()).resolve()
        kind = "assessment" if is_assessment(load(path)) else "rubric"
        assert target == SCHEMA_DIR / f"{kind}.schema.json", path


def test_result_schema_has_the_level_key() -> None:
    card = schemas.generate("result")["$defs"]["Scorecard"]
    assert "level" in card["properties"]
    assert "level" in card["required"]


def test_schemas_ship_in_the_wheel(tmp_path: Path) -> None:
    wheel = pytest.importorskip("hatchling.builders.wheel")
    (built,) = wheel.WheelBuilder(str(ROOT)).build(directory=str(tmp_path),
                                                   versions=["standard"])
    with zipfile.ZipFile(built) as archive:
        names = set(archive.namelist())
        for kind in schemas.KINDS:
            member = f"civscore/files/schemas/{kind}.schema.json"
            assert member in names
            assert archive.read(member).decode("utf-8") == schemas.render(kind)


# ------------------------------------------------------------ validation


@pytest.fixture(scope="module")
def validators() -> dict[str, Any]:
    jsonschema = pytest.importorskip("jsonschema")
    out = {}
    for kind in schemas.KINDS:
        schema = json.loads(schemas.shipped(kind))
        jsonschema.Draft202012Validator.check_schema(schema)
        out[kind] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return out


@pytest.mark.parametrize("path", [*EXAMPLES, *PLUGIN_RUBRICS, *sorted(DATA.glob("cli-*.toml"))],
                         ids=lambda p: p.name)
def test_files_validate(validators: dict[str, Any], path: Path) -> None:
    data = load(path)
    if "extends" in data:
        pytest.skip("an overlay (extends = ...) has no JSON Schema of its own")
    kind = "assessment" if is_assessment(data) else "rubric"
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validators[kind].iter_errors(json_like(data))]
    assert errors == []


def test_schema_rejects_an_unknown_key(validators: dict[str, Any]) -> None:
    data = json_like(load(EXAMPLES[0]))
    data["findings"][0]["claimd"] = 1
    assert not validators["assessment"].is_valid(data)


@pytest.mark.parametrize("explain", [False, True])
def test_scorecard_json_validates(validators: dict[str, Any], explain: bool) -> None:
    rubric = civscore.load_rubric(DATA / "cli-rubric.toml")
    assessment = civscore.load_assessment(DATA / "cli-assessment.toml")
    card = civscore.score(rubric, assessment, explain=explain)
    data = json.loads(json.dumps(card.to_dict(), ensure_ascii=False))
    assert data["level"] == "qualified"
    assert list(validators["result"].iter_errors(data)) == []
    assert civscore.Scorecard.from_dict(data) == card


def test_installed_scorecard_validates(validators: dict[str, Any]) -> None:
    card = default_registry().score_file(str(EXAMPLES[0]))
    data = json.loads(json.dumps(card.to_dict()))
    assert data["level"] is None
    assert list(validators["result"].iter_errors(data)) == []
