"""JSON rubrics and assessments (civscore.files.json_text): read as the TOML
files are, numbers as exact decimals, and every error placed at its key path,
line and column.

Lines and columns are counted by hand in the texts below (the first
character of a line is column 1).
"""

from __future__ import annotations

import datetime
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from civscore import AssessmentError, RubricError, load_assessment, load_rubric, score
from civscore.files.json_text import DATE_KEYS, json_places, looks_like_json, parse_json
from civscore.files.text import parse_document, parse_toml
from civscore.model import Assessment, Rubric
from civscore.plugins.overlay import load_overlay

RUBRIC_TOML = """\
id = "t"
version = "1"
title = "测试评分细则"
provenance = "illustrative"
source = "written for the civscore tests"
total = 15

[[categories]]
id = "leadership"
title = "领导班子"
points = 15
method = "deduct"
rules = [ { id = "no-plan", text = "无年度计划", deduct = 1 },
          { id = "late", text = "迟报", deduct = 0.5, max = 1.50 } ]
"""

RUBRIC_JSON = """\
{
  "id": "t", "version": "1", "title": "测试评分细则",
  "provenance": "illustrative", "source": "written for the civscore tests",
  "total": 15,
  "categories": [
    {"id": "leadership", "title": "领导班子", "points": 15, "method": "deduct",
     "rules": [{"id": "no-plan", "text": "无年度计划", "deduct": 1},
               {"id": "late", "text": "迟报", "deduct": 0.5, "max": 1.50}]}
  ]
}
"""

ASSESSMENT_JSON = """\
{
  "rubric": "t@1",
  "unit": "某局",
  "assessed_on": "2024-11-30",
  "findings": [
    {"criterion": "leadership", "hits": [{"rule": "late", "count": 3}]}
  ]
}
"""


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_json_rubric_is_the_same_rubric_as_its_toml(tmp_path: Path) -> None:
    from_json = load_rubric(write(tmp_path, RUBRIC_JSON, "r.json"))
    assert from_json == load_rubric(write(tmp_path, RUBRIC_TOML, "r.toml"))
    rules = from_json.categories[0].rules
    assert rules[1].deduct == Decimal("0.5")
    assert str(rules[1].max) == "1.50"  # the digits written, not a float's


def test_numbers_map_as_toml_maps_them() -> None:
    data = parse_json('{"a": 2, "b": 0.5, "c": 1e2, "d": 39.7, "e": -0}')
    toml = parse_toml("a = 2\nb = 0.5\nc = 1e2\nd = 39.7\ne = -0\n")
    assert data == toml
    assert [type(v) for v in data.values()] == [type(v) for v in toml.values()]
    assert type(data["a"]) is int
    assert type(data["d"]) is Decimal


def test_a_json_assessment_scores_with_its_date(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, RUBRIC_JSON, "r.json"))
    assessment = load_assessment(write(tmp_path, ASSESSMENT_JSON, "a.json"))
    assert assessment.assessed_on == datetime.date(2024, 11, 30)
    # 3 late reports at 0.5 each, capped at 1.50: 15 - 1.5 = 13.5
    assert score(rubric, assessment).total.raw == Decimal("13.5")


def _date_fields(*roots: type) -> set[str]:
    """The names of the fields typed as a date (or a date or None) in the
    model classes below ``roots``."""
    def mentions(tp: Any, wanted: Any) -> bool:
        return tp is wanted or any(mentions(a, wanted) for a in getattr(tp, "__args__", ()))

    names: set[str] = set()
    todo, seen = list(roots), set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            if mentions(hints[field.name], datetime.date):
                names.add(field.name)
            todo.extend(t for t in _attrs_classes(hints[field.name]))
    return names


def _attrs_classes(tp: Any) -> list[type]:
    found = [tp] if isinstance(tp, type) and attrs.has(tp) else []
    for arg in getattr(tp, "__args__", ()):
        found.extend(_attrs_classes(arg))
    return found


def test_the_date_keys_are_the_models_dates() -> None:
    assert _date_fields(Rubric, Assessment) == DATE_KEYS == {"assessed_on", "date"}


def test_a_date_that_is_not_one_stays_a_string_and_is_refused(tmp_path: Path) -> None:
    text = ASSESSMENT_JSON.replace("2024-11-30", "2024-13-30")
    with pytest.raises(AssessmentError) as info:
        load_assessment(write(tmp_path, text, "a.json"))
    assert info.value.path == "$.assessed_on"
    assert (info.value.line, info.value.column) == (4, 3)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_with_their_place(tmp_path: Path, constant: str) -> None:
    text = RUBRIC_JSON.replace('"deduct": 1}', f'"deduct": {constant}}}')
    with pytest.raises(RubricError) as info:
        load_rubric(write(tmp_path, text, "r.json"))
    error = info.value
    assert (error.code, error.path) == ("not-finite", "$.categories[0].rules[0].deduct")
    # line 7: '     "rules": [{"id": "no-plan", "text": "无年度计划", "deduct": …'
    assert (error.line, error.column) == (7, 51)
    assert str(error).endswith("(line 7, column 51)")


def test_a_key_written_twice_is_refused_at_its_second_writing(tmp_path: Path) -> None:
    text = RUBRIC_JSON.replace('"total": 15,', '"total": 15, "total": 16,')
    with pytest.raises(RubricError) as info:
        load_rubric(write(tmp_path, text, "r.json"))
    assert (info.value.code, info.value.path) == ("duplicate-key", "$.total")
    assert (info.value.line, info.value.column) == (4, 16)  # '  "total": 15, "total"


def test_a_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    text = RUBRIC_JSON.replace('"total": 15,', '"total": 15')
    with pytest.raises(RubricError) as info:
        load_rubric(write(tmp_path, text, "r.json"))
    assert info.value.code == "not-valid-json"
    assert (info.value.line, info.value.column) == (5, 3)  # where the comma was due
    assert "is not valid JSON" in info.value.message


def test_a_structure_error_is_placed_at_its_key(tmp_path: Path) -> None:
    text = RUBRIC_JSON.replace('"deduct": 0.5,', '"dedcut": 0.5,')
    with pytest.raises(RubricError) as info:
        load_rubric(write(tmp_path, text, "r.json"))
    assert info.value.path == "$.categories[0].rules[1].dedcut"
    assert "did you mean 'deduct'" in info.value.message
    # line 8: '               {"id": "late", "text": "迟报", "dedcut": …'
    assert (info.value.line, info.value.column) == (8, 45)


def test_a_toml_structure_error_is_placed_at_the_line_of_its_key(tmp_path: Path) -> None:
    text = RUBRIC_TOML.replace("points = 15\n", 'points = "15"\n')
    with pytest.raises(RubricError) as info:
        load_rubric(write(tmp_path, text, "r.toml"))
    assert info.value.path == "$.categories[0].points"
    assert (info.value.line, info.value.column) == (11, 1)
    # inside an inline table: the line of the key it is written under
    text = RUBRIC_TOML.replace("deduct = 0.5", "dedcut = 0.5")
    with pytest.raises(RubricError) as info:
        load_rubric(write(tmp_path, text, "r.toml"))
    assert (info.value.line, info.value.column) == (13, 1)


def test_the_document_must_be_an_object() -> None:
    with pytest.raises(RubricError) as info:
        parse_json("[1, 2]", error=RubricError)
    assert info.value.code == "wrong-type"


def test_deep_json_is_refused_not_a_crash() -> None:
    with pytest.raises(RubricError) as info:
        parse_document('{"x": ' + "[" * 5000 + "]" * 5000 + "}", syntax="json",
                       error=RubricError)
    assert info.value.code == "too-deep"
    # the 33rd '[' opens at column 39: '{"x": ' is 6 characters (the document's
    # own braces are not counted, as a TOML document is not)
    assert "(line 1, column 39)" in info.value.message
    with pytest.raises(RubricError) as info:
        parse_document('{"x": ' + "[" * 33 + "]" * 33 + "}", syntax="json", error=RubricError)
    assert info.value.path == "$.x" + "[0]" * 32


def test_syntax_by_suffix_and_by_content(tmp_path: Path) -> None:
    assert looks_like_json(' \n{"a": 1}')
    assert not looks_like_json("[[categories]]")
    # no suffix: the text says which
    assert load_rubric(write(tmp_path, RUBRIC_JSON, "rubric")).id == "t"
    assert load_rubric(write(tmp_path, RUBRIC_TOML, "rubric.txt")).id == "t"
    # a .toml suffix is TOML even if the text looks like JSON
    with pytest.raises(RubricError) as info:
        load_rubric(write(tmp_path, RUBRIC_JSON, "r.toml"))
    assert info.value.code == "not-valid-toml"


def test_an_overlay_may_be_json(tmp_path: Path) -> None:
    text = ('{"extends": "t@1", "id": "t.local", "version": "1", "title": "本地",'
            ' "provenance": "illustrative", "source": "tests"}')
    path = write(tmp_path, text, "o.json")
    assert load_overlay(path).extends == "t@1"


def test_json_places_of_every_key() -> None:
    places = json_places('{"a": [10, {"b": 2}],\n "c": {"d": NaN}}')
    assert places.at("$.a") == (1, 2)
    assert places.at("$.a[1]") == (1, 12)
    assert places.at("$.a[1].b") == (1, 13)
    assert places.at("$.c.d") == (2, 8)
    assert places.at("$.c.d.e") == (2, 8)  # not written: the nearest key above
    assert places.not_finite == ["$.c.d"]


@pytest.mark.parametrize(("text", "path", "place"), [
    ('{"unit": "\\ud800x"}', "$.unit", (1, 2)),
    ('{"a": 1,\n "x\\uDC00": 2}', '$["x\\udc00"]', (2, 2)),
    ('{"findings": [{"note": "ok"}, {"note": "\\ud83d"}]}', "$.findings[1].note", (1, 32)),
])
def test_half_a_surrogate_pair_is_refused(text: str, path: str,
                                          place: tuple[int, int]) -> None:
    # TOML refuses such an escape, and no output could write the string
    with pytest.raises(AssessmentError) as info:
        parse_json(text, error=AssessmentError)
    assert (info.value.code, info.value.path) == ("not-valid-json", path)
    assert (info.value.line, info.value.column) == place


def test_a_whole_surrogate_pair_is_its_character() -> None:
    assert parse_json('{"note": "\\ud83d\\ude00"}') == {"note": "\U0001f600"}



@pytest.mark.parametrize("text", ['{"format": 1}\n}]', '{"a": [1]}]}',
                                  '{"a": {"b": 1}}}, {"c": 2}', '{"\x1fa": 1}'])
def test_the_places_of_text_with_a_bracket_closing_nothing(text: str) -> None:
    # Found by the fuzz test: a bracket closing nothing gave an IndexError.
    places = json_places(text)
    assert places is not None
