"""Reading a file's bytes into TOML data (civscore.files.text): the limits
every loader shares — size, encoding, nesting depth — and TOML errors that
name the key path of a key defined twice.

The positions are worked out by hand: in ``x = [[[…`` the first ``[`` is
column 5, so the 33rd, one level past :data:`MAX_DEPTH`, is column 37.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from civscore import AssessmentError, RubricError, load_assessment, load_rubric
from civscore.exceptions import FileFormatError
from civscore.files.text import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    build_from_text,
    parse_toml,
    read_text,
    utf16_codec,
)
from civscore.messages import use_language
from civscore.plugins.overlay import load_overlay

GOOD = """\
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
rules = [ { id = "no-plan", text = "无年度计划", deduct = 1 } ]
"""


def write(tmp_path: Path, text: str, name: str = "f.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- nesting depth ---------------------------------------------------------------------------

def test_the_depth_limit_is_32() -> None:
    assert MAX_DEPTH == 32
    assert parse_toml("x = " + "[" * 32 + "]" * 32)["x"] == [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]


def test_one_level_more_names_its_key_path() -> None:
    with pytest.raises(RubricError) as info:
        parse_toml("x = " + "[" * 33 + "]" * 33, source="r.toml", error=RubricError)
    assert info.value.source == "r.toml"
    assert info.value.path == "$.x" + "[0]" * 32
    assert "more than 32 levels deep" in info.value.message


@pytest.mark.parametrize(("deep", "where"), [
    ("x = " + "[" * 5000 + "]" * 5000, "(line 1, column 37)"),
    ("y = 1\nx = " + "{a = " * 2000 + "1" + "}" * 2000, "(line 2, column 165)"),
    ('s = """\n[[[\n"""\nx = ' + "[" * 5000 + "]" * 5000, "(line 4, column 37)"),
])
def test_nesting_too_deep_for_the_parser_is_located(deep: str, where: str) -> None:
    # Deep enough that the TOML parser itself runs out of stack (RecursionError before).
    with pytest.raises(AssessmentError) as info:
        parse_toml(deep, source="a.toml", error=AssessmentError)
    assert info.value.path == "$"
    assert where in info.value.message


@pytest.mark.parametrize("deep", ["[" * 3000 + "]" * 3000, "{a = " * 3000 + "1" + "}" * 3000])
def test_every_loader_refuses_deep_nesting(tmp_path: Path, deep: str) -> None:
    rubric = write(tmp_path, GOOD + f"options = {deep}\n", "r.toml")
    with pytest.raises(RubricError, match=r"r\.toml: \$: tables and arrays nest more than 32"):
        load_rubric(rubric)
    assessment = write(tmp_path, f'rubric = "t@1"\nunit = "单位"\nx = {deep}\n', "a.toml")
    with pytest.raises(AssessmentError, match=r"a\.toml: \$: tables and arrays nest"):
        load_assessment(assessment)
    overlay = write(tmp_path, f'extends = "t@1"\nadd = [{{ parent = "levels", x = {deep} }}]\n',
                    "o.toml")
    with pytest.raises(RubricError, match=r"o\.toml: \$: tables and arrays nest"):
        load_overlay(overlay)


def test_deep_dotted_keys_are_refused_by_key_path() -> None:
    # No brackets at all: a.a.a… = 1 nests tables by its dots.
    with pytest.raises(RubricError) as info:
        parse_toml(".".join(["a"] * 40) + " = 1", error=RubricError)
    assert info.value.path == "$" + ".a" * 33


# --- keys defined twice ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "path", "line"), [
    ("a = 1\na = 2\n", "$.a", 2),
    ("[x]\nb = 1\nb = 2\n[y]\n", "$.x.b", 3),
    ("x.y = 1\nx.y = 2\n", "$.x.y", 2),
    ("[[c]]\nid = 1\n[c.d]\ne = 1\n[c.d]\n", "$.c[0].d", 5),
    ("x = { a = 1, a = 2 }\n", "$.x.a", 1),
    ('"丹江口".b = 1\n"丹江口".b = 2\n', '$["丹江口"].b', 2),
])
def test_a_key_defined_twice_names_its_key_path(text: str, path: str, line: int) -> None:
    with pytest.raises(RubricError) as info:
        parse_toml(text, source="r.toml", error=RubricError)
    assert info.value.path == path
    assert f"line {line}," in info.value.message
    assert "defined twice" in info.value.message


def test_a_duplicate_points_key_in_a_rubric_file(tmp_path: Path) -> None:
    text = GOOD.replace("points = 15\nmethod", "points = 15\npoints = 14\nmethod")
    text += '\n[[categories]]\nid = "culture"\ntitle = "文化"\npoints = 3\npoints = 4\n'
    with pytest.raises(RubricError) as info:
        load_rubric(write(tmp_path, text, "r.toml"))
    # The first duplicate is in the first category: line 12, after 'points = 14'.
    assert str(info.value).startswith(f"{tmp_path / 'r.toml'}: $.categories[0].points: ")
    assert "(at line 12, column 12)" in info.value.message


def test_other_syntax_errors_keep_the_document_path() -> None:
    with pytest.raises(RubricError) as info:
        parse_toml("a = [", error=RubricError)
    assert info.value.path == "$"
    assert "is not valid TOML" in info.value.message


# --- encodings and size ----------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_with_or_without_bom_is_read(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(GOOD.encode(codec))
    assert utf16_codec(path.read_bytes()) == codec
    assert load_rubric(path).categories[0].title == "领导班子"


def test_utf16_without_bom_is_not_taken_for_gb18030(tmp_path: Path) -> None:
    # Before: 'is encoded in GBK/GB18030 … iconv -f gb18030' (the bytes decode as GB18030).
    raw = 'rubric = "t@1"\nunit = "丹江口市教育局"\n'.encode("utf-16-le")
    raw.decode("gb18030")
    path = tmp_path / "a.toml"
    path.write_bytes(raw)
    assert load_assessment(path).unit == "丹江口市教育局"


def test_utf8_and_gb18030_are_not_taken_for_utf16() -> None:
    text = GOOD.encode("utf-8")
    assert utf16_codec(text) is None
    assert utf16_codec(GOOD.encode("gb18030")) is None
    assert utf16_codec(b"a\x00b") is None  # odd length


def test_a_named_encoding_wins(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(GOOD.encode("gb18030"))
    assert load_rubric(path, encoding="gb18030").title == "测试评分细则"
    with pytest.raises(RubricError, match="unknown encoding 'klingon'"):
        load_rubric(path, encoding="klingon")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    assert MAX_FILE_BYTES == 8 * 1024 * 1024
    path = tmp_path / "big.toml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(AssessmentError, match=r"big\.toml: \$: is larger than 8 MiB"):
        load_assessment(path)
    exact = tmp_path / "exact.toml"
    exact.write_bytes(b"#" * (MAX_FILE_BYTES - 1) + b"\n")
    assert read_text(exact).endswith("#\n")


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "{}"])
def test_a_document_with_no_keys_is_said_to_be_empty(text: str) -> None:
    """No file civscore reads is an empty table: an empty file (or one of
    comments) is said to be empty, not to lack its first required key."""
    source = "a.json" if text == "{}" else "a.toml"
    with use_language("en"), pytest.raises(FileFormatError) as info:
        build_from_text(text, lambda data: data, source=source)
    assert (info.value.source, info.value.path, info.value.code) == (source, "$", "empty")
    assert info.value.message.startswith("holds nothing to read (no keys")
