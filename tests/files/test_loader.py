"""Bad input: each class of error has its type and the key path in its message.

Rubric files are written to a temporary directory so that the file name in
the message can be checked too; assessment problems found against a rubric
are raised by :func:`civscore.score` with the assessment's key path.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from civscore import (
    AssessmentError,
    CivscoreError,
    RubricError,
    load_assessment,
    load_rubric,
    score,
)
from civscore.files.loader import assessment_from_dict, parse_toml, rubric_from_dict
from civscore.model import Assessment, Rubric

MakeRubric = Callable[[str], Rubric]
MakeAssessment = Callable[[str], Assessment]

GOOD = """\
format = 1
id = "danjiangkou"
version = "2010-2011"
title = "丹江口市文明单位考核验收评分细则"
provenance = "quoted"
source = "test"
total = 15

[[categories]]
id = "leadership"
title = "领导班子"
points = 15
method = "deduct"
rules = [ { id = "no-plan", text = "无年度计划", deduct = 1 } ]
"""


def write(tmp_path: Path, text: str, name: str = "rubric.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rubric_error(tmp_path: Path, text: str) -> RubricError:
    path = write(tmp_path, text)
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message  # the file is named first
    return info.value


def test_good_rubric_loads(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, GOOD))
    assert rubric.ref == "danjiangkou@2010-2011"
    assert rubric.categories[0].points == Decimal(15)
    assert rubric.categories[0].rules[0].deduct == Decimal(1)


# --- syntax, encoding, files -----------------------------------------------------------------

def test_malformed_toml_names_the_file_and_the_line(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace("points = 15", "points = "))
    assert "is not valid TOML" in error.message
    assert "line 12" in error.message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(RubricError, match="no such file") as info:
        load_rubric(path)
    assert str(path) in str(info.value)


def test_gbk_file_is_recognised_and_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(GOOD.encode("gb18030"))
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    message = str(info.value)
    assert str(path) in message
    assert "GBK/GB18030" in message
    assert "save it as UTF-8" in message
    assert "gb18030" in message.split("GBK/GB18030", 1)[1]  # how to read it as it is


def test_gbk_file_loads_with_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(GOOD.encode("gb18030"))
    rubric = load_rubric(path, encoding="gb18030")
    assert rubric.title == "丹江口市文明单位考核验收评分细则"
    assert rubric == load_rubric(write(tmp_path, GOOD))


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    plain = load_rubric(write(tmp_path, GOOD))
    path = tmp_path / "windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    assert load_rubric(path) == plain


def test_gbk_assessment_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "assessment.toml"
    path.write_bytes('rubric = "t@1"\nunit = "丹江口市教育局"\n'.encode("gb18030"))
    with pytest.raises(AssessmentError, match="GBK/GB18030"):
        load_assessment(path)
    assert load_assessment(path, encoding="gb18030").unit == "丹江口市教育局"


# --- structure and types ---------------------------------------------------------------------

def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace("points = 15", "pionts = 15"))
    assert error.path == "$.categories[0].pionts"
    assert "did you mean 'points'?" in error.message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace("total = 15", "total = 15\ntotl = 1"))
    assert error.path == "$.totl"
    assert "did you mean 'total'?" in error.message


@pytest.mark.parametrize(("old", "new", "path", "words"), [
    ("points = 15", 'points = "15"', "$.categories[0].points",
     "expected a number, found the string '15'; write the number without quotes"),
    ("total = 15", "total = true", "$.total", "expected a number, found the boolean true"),
    ('title = "领导班子"', "title = 1", "$.categories[0].title", "expected a string"),
    ('provenance = "quoted"', 'provenance = "rumoured"', "$.provenance",
     "one of 'official', 'quoted', 'illustrative'"),
    ("deduct = 1 }", "deduct = [1] }", "$.categories[0].rules[0].deduct", "expected a number"),
    ("format = 1", 'format = 1\nnot_applicable = "maybe"', "$.not_applicable",
     "one of 'rescale', 'zero', 'forbid'"),
])
def test_wrong_types(tmp_path: Path, old: str, new: str, path: str, words: str) -> None:
    error = rubric_error(tmp_path, GOOD.replace(old, new))
    assert error.path == path
    assert words in error.message


def test_missing_required_key(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace('title = "领导班子"\n', ""))
    assert error.path == "$.categories[0]"
    assert "missing required key 'title'" in error.message


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
def test_nan_and_infinity_are_refused(tmp_path: Path, value: str) -> None:
    error = rubric_error(tmp_path, GOOD.replace("deduct = 1 }", f"deduct = {value} }}"))
    assert error.path == "$.categories[0].rules[0].deduct"
    assert "finite" in error.message


def test_negative_points(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace("points = 15", "points = -1"))
    assert error.path == "$.categories[0].points"
    assert "must be ≥ 0, got -1" in error.message


@pytest.mark.parametrize(("old", "new", "path"), [
    ("points = 15", "points = 1e9", "$.categories[0].points"),
    ("total = 15", "total = 100000000000000000000", "$.total"),
])
def test_huge_numbers(tmp_path: Path, old: str, new: str, path: str) -> None:
    error = rubric_error(tmp_path, GOOD.replace(old, new))
    assert error.path == path
    assert "must be at most 1000000" in error.message


def test_more_decimal_places_than_point_places(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace("deduct = 1 }", "deduct = 0.125 }"))
    assert error.path == "$.categories[0].rules[0].deduct"
    assert "0.125 has more than 2 decimal places (point_places = 2)" in error.message
    # Declaring three places makes the same value fine.
    ok = GOOD.replace("deduct = 1 }", "deduct = 0.125 }").replace("total = 15",
                                                                  "total = 15\npoint_places = 3")
    assert load_rubric(write(tmp_path, ok, "ok.toml")).categories[0].rules[0].deduct == \
        Decimal("0.125")


def test_trailing_zeros_are_not_extra_places(tmp_path: Path) -> None:
    # 0.50 is 0.5: one decimal place, kept exactly (no float ever touches it).
    rubric = load_rubric(write(tmp_path, GOOD.replace("deduct = 1 }", "deduct = 0.500 }")))
    assert rubric.categories[0].rules[0].deduct == Decimal("0.5")


def test_unknown_format_version_says_which_it_reads(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace("format = 1", "format = 2"))
    assert error.path == "$.format"
    assert "this civscore reads file format 1, found 2" in error.message


def test_unknown_method(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace('method = "deduct"', 'method = "guess"'))
    assert error.path == "$.categories[0].method"
    assert "unknown scoring method 'guess'" in error.message
    assert "all_or_nothing, award, deduct, direct, ratio, tiered" in error.message


@pytest.mark.parametrize(("method", "key"), [
    ("deduct", "rules"), ("award", "standards"), ("tiered", "tiers"), ("ratio", "bands")])
def test_missing_method_data(tmp_path: Path, method: str, key: str) -> None:
    text = GOOD.replace('method = "deduct"', f'method = "{method}"').replace(
        'rules = [ { id = "no-plan", text = "无年度计划", deduct = 1 } ]\n', "")
    error = rubric_error(tmp_path, text)
    assert error.path == f"$.categories[0].{key}"
    assert f"method '{method}' needs" in error.message


def test_leaf_without_a_method(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace('method = "deduct"\n', ""))
    assert error.path == "$.categories[0].method"
    assert "needs a scoring method" in error.message


def test_rule_with_both_amounts(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace("deduct = 1 }",
                                                "deduct = 1, deduct_range = [0.1, 0.5] }"))
    assert error.path == "$.categories[0].rules[0]"
    assert "exactly one of 'deduct'" in error.message


LIMIT = '{ id = "no-plan", text = "无年度计划的，本项最高得6分", at_most = 6 } ]'


@pytest.mark.parametrize(("change", "path", "words"), [
    # leadership is worth 15: a limit of 16 is above it.
    (LIMIT.replace("at_most = 6", "at_most = 16"), "$.categories[0].rules[0].at_most",
     "at_most 16 is above the item's points 15"),
    (LIMIT.replace("at_most = 6", "at_most = 6, deduct = 1"), "$.categories[0].rules[0].deduct",
     "a rule with at_most limits the item's score instead of deducting; remove 'deduct'"),
    (LIMIT.replace("at_most = 6", "at_most = 6, max = 1"), "$.categories[0].rules[0].max",
     "remove 'max'"),
    (LIMIT.replace("at_most = 6", "at_most = 6, zeroes = true"),
     "$.categories[0].rules[0].zeroes", "remove 'zeroes'"),
])
def test_a_limiting_rule_misused(tmp_path: Path, change: str, path: str, words: str) -> None:
    text = GOOD.replace('{ id = "no-plan", text = "无年度计划", deduct = 1 } ]', change)
    error = rubric_error(tmp_path, text)
    assert error.path == path
    assert words in error.message


def test_a_limit_below_the_floor(tmp_path: Path) -> None:
    text = GOOD.replace('{ id = "no-plan", text = "无年度计划", deduct = 1 } ]', LIMIT)
    assert load_rubric(write(tmp_path, text)).categories[0].rules[0].at_most == 6
    error = rubric_error(tmp_path, text.replace('method = "deduct"',
                                                'method = "deduct"\nfloor = 7'))
    assert error.path == "$.categories[0].rules[0].at_most"
    assert "below the item's floor 7" in error.message


def test_duplicate_category_ids(tmp_path: Path) -> None:
    second = GOOD.split("[[categories]]")[1]
    error = rubric_error(tmp_path, GOOD + "\n[[categories]]" + second)
    assert error.path == "$.categories[1].id"
    assert "duplicate category id 'leadership', first used at $.categories[0].id" in error.message


def test_duplicate_rule_ids(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace(
        "deduct = 1 } ]", 'deduct = 1 }, { id = "no-plan", text = "又一条", deduct = 2 } ]'))
    assert error.path == "$.categories[0].rules[1].id"
    assert "duplicate rule id 'no-plan'" in error.message


def test_floor_above_points(tmp_path: Path) -> None:
    error = rubric_error(tmp_path, GOOD.replace('method = "deduct"',
                                                'method = "deduct"\nfloor = 16'))
    assert error.path == "$.categories[0].floor"


def test_level_with_an_unknown_gate(tmp_path: Path) -> None:
    text = GOOD + '\n[[levels]]\nid = "c"\ntitle = "文明单位"\nmin_total = 10\ngates = ["x"]\n'
    error = rubric_error(tmp_path, text)
    assert error.path == "$.levels[0].gates[0]"
    assert "unknown gate 'x'" in error.message


def test_rubric_from_dict_refuses_binary_floats() -> None:
    data = parse_toml(GOOD)
    data["total"] = 15.0
    with pytest.raises(RubricError, match="binary floating-point") as info:
        rubric_from_dict(data)
    assert info.value.path == "$.total"


def test_errors_are_civscore_errors(tmp_path: Path) -> None:
    with pytest.raises(CivscoreError):
        load_rubric(tmp_path / "missing.toml")


# --- assessments -----------------------------------------------------------------------------

RUBRIC = """
total = 20
[[categories]]
id = "leadership"
title = "领导班子"
points = 5
method = "deduct"
rules = [ { id = "no-plan", text = "无年度计划", deduct = 1 } ]

[[categories]]
id = "ethics"
title = "思想道德"
points = 15
  [[categories.criteria]]
  id = "style"
  title = "行业风气"
  points = 2
  method = "tiered"
  tiers = [ { id = "good", title = "好", points = 2 }, { id = "poor", title = "差", points = 0 } ]
  [[categories.criteria]]
  id = "volunteer"
  title = "志愿服务"
  points = 3
  method = "award"
  standards = [ { id = "team", text = "建立志愿服务队", points = 1 } ]
  [[categories.criteria]]
  id = "culture"
  title = "文化生活"
  points = 9
  method = "direct"
  step = 0.5
  [[categories.criteria]]
  id = "awareness"
  title = "知晓率"
  points = 1
  method = "ratio"
  bands = [ { at_least = 90, points = 1 } ]

[bonus]
items = [ { id = "national", text = "获全国表彰", points = 3 } ]
[[penalties]]
id = "exposure"
text = "被媒体曝光"
deduct = 2
[[vetoes]]
id = "criminal-case"
text = "员工发生刑事案件"
[[bars]]
id = "accident"
text = "两年内发生重大事故"
lookback_years = 2
[[gates]]
id = "title-held"
text = "连续两年保持市级文明单位"
"""

FINDINGS = """
[[findings]]
criterion = "ethics.style"
tier = "good"
[[findings]]
criterion = "ethics.culture"
points = 8
[[findings]]
criterion = "ethics.awareness"
rate = 95
"""


def assessment_error(make_rubric: MakeRubric, make_assessment: MakeAssessment,
                     text: str) -> AssessmentError:
    with pytest.raises(AssessmentError) as info:
        score(make_rubric(RUBRIC), make_assessment(text))
    return info.value


def test_good_assessment_scores(make_rubric: MakeRubric,
                                make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(RUBRIC), make_assessment(FINDINGS))
    # leadership 5 (no finding: no deductions); ethics 2 + 0 + 8 + 1 = 11.
    assert card.total.raw == Decimal(16)


@pytest.mark.parametrize(("extra", "path", "words"), [
    ('[[findings]]\ncriterion = "ethics.volunter"\n', "$.findings[3].criterion",
     "unknown item 'ethics.volunter' in rubric t@1; did you mean 'ethics.volunteer'?"),
    ('[[findings]]\ncriterion = "leadership"\nhits = [ { rule = "no-plna" } ]\n',
     "$.findings[3].hits[0].rule", "unknown rule 'no-plna' (rules: 'no-plan')"),
    ('[[findings]]\ncriterion = "ethics.volunteer"\nstandards = [ { standard = "x" } ]\n',
     "$.findings[3].standards[0].standard", "unknown standard 'x'"),
    ('[[bonus]]\nitem = "world"\n', "$.bonus[0].item",
     "unknown bonus item 'world' (the rubric has: national)"),
    ('[[penalties]]\nitem = "x"\n', "$.penalties[0].item", "unknown penalty 'x'"),
    ('[[vetoes]]\nveto = "x"\n', "$.vetoes[0].veto", "unknown veto 'x'"),
    ('[[bars]]\nbar = "x"\ndate = 2011-01-01\n', "$.bars[0].bar", "unknown bar 'x'"),
    ('[gates]\nx = true\n', "$.gates.x", "unknown gate 'x'"),
])
def test_unknown_names(make_rubric: MakeRubric, make_assessment: MakeAssessment, extra: str,
                       path: str, words: str) -> None:
    text = ("assessed_on = 2011-10-12\n" if "[[bars]]" in extra else "") + FINDINGS + extra
    error = assessment_error(make_rubric, make_assessment, text)
    assert error.path == path
    assert words in error.message


@pytest.mark.parametrize(("old", "new", "path", "words"), [
    ('tier = "good"', 'tier = "excellent"', "$.findings[0].tier", "unknown tier 'excellent'"),
    ("points = 8", "points = 9.5", "$.findings[1].points",
     "must be at most the item's 9 points, got 9.5"),
    ("points = 8", "points = 8.25", "$.findings[1].points", "must be a multiple of 0.5"),
    ("rate = 95", "rate = 100.5", "$.findings[2].rate", "from 0 to 100, got 100.5"),
    ("rate = 95", "points = 1", "$.findings[2].points", "does not read 'points'"),
    ("points = 8", "points = 8.125", "$.findings[1].points", "more than 2 decimal places"),
])
def test_values_out_of_range(make_rubric: MakeRubric, make_assessment: MakeAssessment, *,
                             old: str, new: str, path: str, words: str) -> None:
    error = assessment_error(make_rubric, make_assessment, FINDINGS.replace(old, new))
    assert error.path == path
    assert words in error.message


def test_missing_finding_for_an_item_that_needs_one(make_rubric: MakeRubric,
                                                    make_assessment: MakeAssessment) -> None:
    text = FINDINGS.replace('[[findings]]\ncriterion = "ethics.style"\ntier = "good"\n', "")
    error = assessment_error(make_rubric, make_assessment, text)
    assert error.path == "$.findings"
    assert "ethics.style" in error.message


def test_not_applicable_needs_a_reason(make_rubric: MakeRubric,
                                       make_assessment: MakeAssessment) -> None:
    text = FINDINGS + '[[findings]]\ncriterion = "leadership"\nnot_applicable = true\n'
    error = assessment_error(make_rubric, make_assessment, text)
    assert error.path == "$.findings[3].reason"
    assert "say why" in error.message


def test_bars_need_the_assessment_date(make_rubric: MakeRubric,
                                       make_assessment: MakeAssessment) -> None:
    text = FINDINGS + '[[bars]]\nbar = "accident"\ndate = 2011-01-01\n'
    error = assessment_error(make_rubric, make_assessment, text)
    assert error.path == "$.assessed_on"
    assert "assessed_on" in error.message


def test_rubric_reference_must_match(make_rubric: MakeRubric,
                                     make_assessment: MakeAssessment) -> None:
    error = assessment_error(make_rubric, make_assessment,
                             'rubric = "t@2"\n' + FINDINGS)
    assert error.path == "$.rubric"
    assert "'t@2'" in error.message


def test_duplicate_findings(tmp_path: Path) -> None:
    path = write(tmp_path, 'rubric = "t@1"\nunit = "u"\n' + FINDINGS
                 + '[[findings]]\ncriterion = "ethics.culture"\npoints = 7\n', "a.toml")
    with pytest.raises(AssessmentError) as info:
        load_assessment(path)
    assert str(info.value).startswith(f"{path}: $.findings[3].criterion: ")
    assert "already has a finding at $.findings[1]" in info.value.message


@pytest.mark.parametrize(("data", "path", "words"), [
    ({"rubric": "t", "unit": "u"}, "$.rubric", "expected id@version"),
    ({"rubric": "@", "unit": "u"}, "$.rubric", "expected id@version"),
    ({"rubric": "t@", "unit": "u"}, "$.rubric", "expected id@version"),
    ({"rubric": " @1", "unit": "u"}, "$.rubric", "expected id@version"),
    ({"rubric": "t@1@2", "unit": "u"}, "$.rubric", "expected id@version"),
    ({"categories": [], "id": "t"}, "$.categories", "is a rubric"),
    ({"rubric": "t@1", "unit": "u", "format": 3}, "$.format", "reads file format 1, found 3"),
    ({"rubric": "t@1"}, "$", "missing required key 'unit'"),
    ({"rubric": "t@1", "unit": "u", "findings": [{"criterion": "a", "rate": Decimal("NaN")}]},
     "$.findings[0].rate", "finite"),
    ({"rubric": "t@1", "unit": "u", "findings": [{"criterion": "a", "ponts": 1}]},
     "$.findings[0].ponts", "did you mean 'points'?"),
    ({"rubric": "t@1", "unit": "u", "assessed_on": "2011-10-12"}, "$.assessed_on",
     "YYYY-MM-DD without quotes"),
])
def test_assessment_structure_errors(data: dict[str, object], path: str, words: str) -> None:
    with pytest.raises(AssessmentError) as info:
        assessment_from_dict(data)
    assert info.value.path == path
    assert words in info.value.message


def test_a_table_where_an_array_of_tables_belongs_says_to_double_the_brackets() -> None:
    from civscore import AssessmentError, assessment_from_dict

    with pytest.raises(AssessmentError, match=r"\$\.findings: expected an array, found a table; "
                                              r"write each entry under \[\[findings\]\]"):
        assessment_from_dict({"rubric": "t@1", "unit": "u", "findings": {"criterion": "a"}})


def test_score_file_names_the_file_of_an_assessment_that_does_not_fit(tmp_path: Path) -> None:
    from civscore import AssessmentError
    from civscore.plugins import default_registry

    bad = tmp_path / "bad.toml"
    bad.write_text('rubric = "danjiangkou@2010-2011"\nunit = "u"\n[[findings]]\n'
                   'criterion = "nosuch"\npoints = 1\n', encoding="utf-8")
    with pytest.raises(AssessmentError, match=r"bad\.toml: \$\.findings\[0\]\.criterion: "
                                              r"unknown item 'nosuch'"):
        default_registry().score_file(str(bad))
