"""Errors as data (civscore.validate_assessment / validate_rubric): every
structural problem of an upload at once, each with its own code, key path,
line and column; and the file a loader read an assessment from named by the
errors found when it is scored.

Lines and columns are counted by hand in the texts below.
"""

from __future__ import annotations

import types
from pathlib import Path

import pytest

import civscore
from civscore import AssessmentError, FileProblem, validate_assessment, validate_rubric
from civscore.plugins import Registry, get_plugin_manager
from civscore.plugins.hookspecs import RubricSpec, hookimpl

RUBRIC_TOML = """\
id = "t"
version = "1"
title = "测试评分细则"
provenance = "illustrative"
source = "written for the civscore tests"
total = 10

[[categories]]
id = "a"
title = "甲"
points = 6
method = "tiered"
tiers = [{ id = "good", title = "好", points = 6 }, { id = "poor", title = "差", points = 0 }]

[[categories]]
id = "b"
title = "乙"
points = 4
method = "direct"
"""

UPLOAD = """\
{
  "rubric": "t@1",
  "unti": "某局",
  "findings": [
    {"criterion": "a", "tier": 3},
    {"criterion": "b", "points": "4", "note": "x", "pionts": 1}
  ],
  "bars": [{"bar": "x"}]
}
"""


def codes(problems: list[FileProblem]) -> list[tuple[str, str, int | None, int | None]]:
    return [(p.code, p.path, p.line, p.column) for p in problems]


def test_every_structural_problem_at_once_with_its_own_code() -> None:
    problems = validate_assessment(UPLOAD, source="upload.json")
    assert codes(problems) == [
        ("unknown-key", "$.unti", 3, 3),
        ("missing-key", "$", 1, 1),  # 'unit': the document itself, at its '{'
        ("wrong-type", "$.findings[0].tier", 5, 24),
        ("unknown-key", "$.findings[1].pionts", 6, 52),
        ("wrong-type", "$.findings[1].points", 6, 24),
        ("missing-key", "$.bars[0]", 8, 12),  # 'date', at the entry's '{'
    ]
    assert all(p.source == "upload.json" for p in problems)
    assert "did you mean 'unit'" in problems[0].message
    assert problems[0].to_dict() == {
        "code": "unknown-key", "path": "$.unti", "message": problems[0].message,
        "source": "upload.json", "line": 3, "column": 3}


def test_the_limit_caps_the_problems() -> None:
    assert len(validate_assessment(UPLOAD, source="upload.json", limit=2)) == 2
    assert len(validate_assessment(UPLOAD, source="upload.json", limit=0)) == 1


def test_bytes_text_and_mappings_are_validated() -> None:
    assert codes(validate_assessment(b"\xff\xfe\x00", source="u.toml"))[0][0] == "not-decodable"
    assert codes(validate_assessment('rubric = "t@1"\nunit = \n', source="u.toml")) == [
        ("not-valid-toml", "$", 2, 8)]
    data = {"rubric": "t@1", "unit": 5}
    assert codes(validate_assessment(data)) == [("wrong-type", "$.unit", None, None)]
    assert validate_assessment({"rubric": "t@1", "unit": "某局"}) == []
    with pytest.raises(TypeError, match="document"):
        validate_assessment(None)  # type: ignore[arg-type]


def test_against_a_rubric_every_misfit_has_its_code(tmp_path: Path) -> None:
    rubric = civscore.load_rubric(_write(tmp_path, "r.toml", RUBRIC_TOML))
    text = """\
rubric = "t@1"
unit = "某局"
bars = [{ bar = "fire", date = 2020-01-01 }]

[[findings]]
criterion = "a"
tier = "fair"

[[findings]]
criterion = "c"
"""
    assert codes(validate_assessment(text, source="a.toml", rubric=rubric)) == [
        ("finding", "$.findings[0].tier", 7, 1),
        ("unknown-item", "$.findings[1].criterion", 10, 1),
        ("missing-finding", "$.findings", None, None),  # b needs points
        ("unknown-bar", "$.bars[0].bar", 3, 1),
        ("missing-date", "$.assessed_on", None, None),
    ]


def test_a_rubric_upload() -> None:
    text = RUBRIC_TOML.replace("points = 6\nmethod", 'points = "6"\nmethod').replace(
        'title = "乙"', 'titel = "乙"')
    assert codes(validate_rubric(text, source="r.toml")) == [
        ("wrong-type", "$.categories[0].points", 11, 1),
        ("unknown-key", "$.categories[1].titel", 17, 1),
        ("missing-key", "$.categories[1]", 15, 3),
    ]
    # sound structure: the loader's first rule broken
    text = RUBRIC_TOML.replace('id = "b"', 'id = "a"')
    assert codes(validate_rubric(text, source="r.toml")) == [
        ("duplicate-id", "$.categories[1].id", 16, 1)]
    assert validate_rubric(RUBRIC_TOML) == []


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_loaders_source_survives_into_scoring_errors(tmp_path: Path) -> None:
    rubric = civscore.load_rubric(_write(tmp_path, "r.toml", RUBRIC_TOML))
    path = _write(tmp_path, "a.toml", 'rubric = "t@1"\nunit = "某局"\n'
                                      '[[findings]]\ncriterion = "a"\ntier = "fair"\n')
    assessment = civscore.load_assessment(path)
    with pytest.raises(AssessmentError) as info:
        civscore.score(rubric, assessment)
    assert info.value.source == str(path)
    assert info.value.path == "$.findings[0].tier"
    assert info.value.code == "finding"
    built = civscore.assessment_from_dict({"rubric": "t@1", "unit": "某局",
                                           "findings": [{"criterion": "a", "tier": "fair"}]})
    with pytest.raises(AssessmentError) as info:
        civscore.score(rubric, built)
    assert info.value.source == "<assessment>"


def _installed(tmp_path: Path) -> Registry:
    rubric = civscore.load_rubric(_write(tmp_path, "r.toml", RUBRIC_TOML))
    plugin = types.SimpleNamespace(__name__="tplugin",
                                   civscore_rubrics=hookimpl(lambda: [RubricSpec(rubric=rubric)]))
    return Registry(get_plugin_manager(load_entry_points=False, plugins=[plugin]))


def test_registry_check_assessment_finds_the_rubric_as_score_does(tmp_path: Path) -> None:
    registry = _installed(tmp_path)
    path = _write(tmp_path, "a.json", '{"rubric": "t@1", "unit": "某局", "findings": '
                                      '[{"criterion": "a", "tier": "good"}]}')
    assessment = civscore.load_assessment(path)
    findings = registry.check_assessment(assessment)
    assert [(f.code, f.path) for f in findings if f.severity == "error"] == [
        ("assessment", "$.findings")]  # b has no points
    assert findings == registry.check_assessment(registry.get("t@1"), assessment)
    with pytest.raises(AssessmentError) as info:
        registry.score(assessment)
    assert info.value.source == str(path)  # the loader's name, without source=
    with pytest.raises(TypeError, match="assessment"):
        registry.check_assessment(registry.get("t@1"))
