"""Rubrics of indicators without points (``weighted = false``) and the
overlays that weight them.

The fixture ``tests/data/indicators.toml`` is an invented national edition
that lists indicators and leaves the points to the provinces;
``indicators-overlay.toml`` is an invented province's weighting of it. The
figures asserted below are worked out by hand from those two files.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from civscore import RubricError
from civscore.checks import check_assessment, check_rubric
from civscore.files.loader import assessment_from_dict, load_rubric, parse_toml, rubric_from_dict
from civscore.files.problems import validate_rubric
from civscore.model import Rubric
from civscore.plugins.overlay import load_overlay, overlay_changes, overlay_from_dict, resolve
from civscore.scoring import score, score_many
from civscore.testing import PROPERTIES, check_rubric_properties

DATA = Path(__file__).resolve().parents[1] / "data"
BASE = DATA / "indicators.toml"
OVERLAY = DATA / "indicators-overlay.toml"
SCHEMA = (Path(__file__).resolve().parents[2] / "src" / "civscore" / "files" / "schemas"
          / "rubric.schema.json")


def base_data() -> dict[str, Any]:
    return parse_toml(BASE.read_text("utf-8"))


def refused(data: dict[str, Any]) -> RubricError:
    with pytest.raises(RubricError) as info:
        rubric_from_dict(data, source="indicators.toml")
    return info.value


def weighted() -> Rubric:
    return resolve(load_overlay(OVERLAY), load_rubric(BASE))


def assessment(rubric: str, findings: list[dict[str, Any]]) -> Any:
    return assessment_from_dict({
        "format": 1, "rubric": rubric, "unit": "示例单位", "period": "2021",
        "assessed_on": datetime.date(2021, 12, 1), "findings": findings})


def test_a_rubric_of_indicators_loads_with_no_points() -> None:
    rubric = load_rubric(BASE)
    assert not rubric.weighted
    assert rubric.total == 0
    assert [c.id for c in rubric.categories] == ["organization", "volunteer", "environment"]
    assert [c.id for c in rubric.categories[1].criteria] == ["team", "activities"]
    assert all(c.points == 0 and c.method is None for c in rubric.categories)
    assert rubric.bars[0].lookback_years == 2


def test_points_written_as_zero_are_the_same_as_omitted() -> None:
    data = base_data()
    data["total"] = 0
    data["categories"][0]["points"] = 0
    assert rubric_from_dict(data) == rubric_from_dict(base_data())


@pytest.mark.parametrize(("edit", "path", "key"), [
    (lambda d: d.update(total=100), "$.total", "total"),
    (lambda d: d["categories"][0].update(points=3), "$.categories[0].points", "points"),
    (lambda d: d["categories"][1]["criteria"][1].update(points=Decimal("2.5")),
     "$.categories[1].criteria[1].points", "points"),
    (lambda d: d["categories"][2].update(method="direct"), "$.categories[2].method", "method"),
    (lambda d: d["categories"][0].update(
        rules=[{"id": "no-plan", "text": "无年度计划", "deduct": 1}]),
     "$.categories[0].rules", "rules"),
    (lambda d: d["categories"][0].update(floor=1), "$.categories[0].floor", "floor"),
    (lambda d: d.update(levels=[{"id": "a", "title": "文明单位", "min_total": 85}]),
     "$.levels", "levels"),
    (lambda d: d.update(penalties=[{"id": "p", "text": "负面", "deduct": 1}]),
     "$.penalties", "penalties"),
    (lambda d: d.update(bonus={"cap": 5}), "$.bonus", "bonus"),
])
def test_anything_that_carries_points_is_refused_where_it_is(edit: Any, path: str,
                                                           key: str) -> None:
    data = base_data()
    edit(data)
    error = refused(data)
    assert (error.path, error.code) == (path, "unweighted-points")
    assert str(error).startswith(f"indicators.toml: {path}: ")
    assert f"(weighted = false), so it has no {key}:" in error.message
    assert error.message.endswith("belong to the overlay that weights the indicators")


def test_a_weighted_rubric_still_needs_its_points_and_total() -> None:
    data = base_data()
    del data["weighted"]
    error = refused(data)
    assert (error.path, error.code) == ("$", "missing-key")
    assert "total" in error.message
    data["total"] = 10
    error = refused(data)
    assert (error.path, error.code) == ("$.categories[0]", "missing-key")
    assert "points" in error.message


@pytest.mark.parametrize("mistyped", [0, "no", "false", None, []])
def test_a_mistyped_weighted_is_refused_where_it_is(mistyped: object) -> None:
    # not "total is missing": the file meant weighted = false, and says so wrongly
    data = base_data()
    data["weighted"] = mistyped
    error = refused(data)
    assert (error.path, error.code) == ("$.weighted", "wrong-type")
    assert error.message.startswith("expected true or false, found ")


def test_indicators_nest_at_most_as_items_do_and_ids_stay_unique() -> None:
    data = base_data()
    data["categories"][1]["criteria"][0]["criteria"] = [
        {"id": "x", "title": "子", "criteria": [{"id": "y", "title": "孙"}]}]
    assert refused(data).code == "too-deep"
    data = base_data()
    data["categories"][1]["criteria"][1]["id"] = "team"
    assert refused(data).code == "duplicate-id"


def test_every_problem_of_an_indicator_document_is_listed() -> None:
    assert validate_rubric(BASE.read_bytes(), source="indicators.toml") == []
    text = BASE.read_text("utf-8").replace('title = "优美环境"', 'title = "优美环境"\npoints = 2')
    (problem,) = validate_rubric(text, source="indicators.toml")
    assert (problem.path, problem.code) == ("$.categories[2].points", "unweighted-points")


def test_the_schema_does_not_require_what_an_indicator_rubric_omits() -> None:
    defs = json.loads(SCHEMA.read_text("utf-8"))["$defs"]
    assert "total" not in defs["Rubric"]["required"]
    assert "points" not in defs["Criterion"]["required"]
    assert "points" in defs["Standard"]["required"]  # only the omissible ones are dropped
    assert defs["Rubric"]["properties"]["weighted"]["type"] == "boolean"


def test_the_checks_say_it_cannot_be_scored_and_find_no_error() -> None:
    findings = check_rubric(load_rubric(BASE))
    assert [f.severity for f in findings if f.severity == "error"] == []
    (unweighted,) = [f for f in findings if f.code == "unweighted"]
    assert (unweighted.severity, unweighted.path) == ("info", "$.weighted")


def test_the_checks_apply_the_loaders_rule_to_a_rubric_built_in_code() -> None:
    rubric = load_rubric(BASE)
    pointed = attrs.evolve(rubric, categories=(
        rubric.categories[0], attrs.evolve(rubric.categories[1], points=Decimal(4)),
        rubric.categories[2]))
    errors = [f for f in check_rubric(pointed) if f.severity == "error"]
    # the 4 points also no longer add up to the total of 0
    assert [(f.code, f.path) for f in errors] == [
        ("unweighted-points", "$.categories[1].points"), ("sum-total", "$.total")]


def test_scoring_it_directly_is_refused_naming_the_file() -> None:
    rubric = load_rubric(BASE)
    card = assessment("example.indicators@2020", [])
    for attempt in (lambda: score(rubric, card), lambda: list(score_many(rubric, [card]))):
        with pytest.raises(RubricError) as info:
            attempt()
        assert (info.value.path, info.value.code) == ("$.weighted", "unweighted")
        assert info.value.source == str(BASE)
        assert info.value.message == ("rubric example.indicators@2020 gives indicators without "
                                      "points; score it through a provincial overlay that "
                                      "weights them")
    (finding,) = check_assessment(rubric, card)
    assert (finding.code, finding.severity, finding.path) == ("unweighted", "error", "$.rubric")


def test_an_overlay_weights_the_indicators_into_a_scoreable_rubric() -> None:
    rubric = weighted()
    assert rubric.weighted
    assert rubric.total == 10
    points = {c.id: c.points for c in rubric.categories}
    assert points == {"organization": 3, "volunteer": 4, "environment": 3}
    assert [c.points for c in rubric.categories[1].criteria] == [Decimal("1.5"),
                                                                 Decimal("2.5")]
    assert [f for f in check_rubric(rubric) if f.severity == "error"] == []
    changes = [str(c) for c in overlay_changes(load_overlay(OVERLAY), load_rubric(BASE))]
    assert changes[0] == "changed weighted: False → True"
    assert "changed total: 0 → 10" in changes
    assert "changed categories.volunteer.activities.points: 0 → 2.5" in changes


def test_the_weighted_overlay_scores_by_hand() -> None:
    # organization: 3 − 3 × 0.5 capped at 1 → 2; volunteer.team: 1 (registered);
    # volunteer.activities: 较好 1.5; environment: 2.5 entered.
    # 2 + (1 + 1.5) + 2.5 = 7, below the 8.5 of 省级文明单位.
    low = score(weighted(), assessment("example.province@2021", [
        {"criterion": "organization", "hits": [{"rule": "missed-meeting", "count": 3}]},
        {"criterion": "volunteer.team", "standards": [{"standard": "registered"}]},
        {"criterion": "volunteer.activities", "tier": "fair"},
        {"criterion": "environment", "points": Decimal("2.5")},
    ]))
    assert low.total.raw == 7
    assert (low.outcome.status, low.outcome.level) == ("not_awarded", None)
    # no deduction 3; both standards 1.5; 好 2.5; 2.5 entered: 9.5 ≥ 8.5.
    high = score(weighted(), assessment("example.province@2021", [
        {"criterion": "organization", "hits": []},
        {"criterion": "volunteer.team",
         "standards": [{"standard": "registered"}, {"standard": "squad"}]},
        {"criterion": "volunteer.activities", "tier": "good"},
        {"criterion": "environment", "points": Decimal("2.5")},
    ]))
    assert high.total.raw == Decimal("9.5")
    assert (high.outcome.status, high.outcome.level) == ("awarded", "provincial")


def test_an_overlay_that_leaves_the_base_unweighted_cannot_give_points() -> None:
    text = OVERLAY.read_text("utf-8").replace("weighted = true\n", "")
    overlay = overlay_from_dict(parse_toml(text))
    with pytest.raises(RubricError) as info:
        resolve(overlay, load_rubric(BASE))
    assert (info.value.path, info.value.code) == ("$.total", "unweighted-points")


def test_an_overlay_that_weights_but_forgets_a_method_is_refused() -> None:
    data = parse_toml(OVERLAY.read_text("utf-8"))
    data["overrides"] = [o for o in data["overrides"] if o["path"] != "categories.environment"]
    with pytest.raises(RubricError) as info:
        resolve(overlay_from_dict(data), load_rubric(BASE))
    assert (info.value.path, info.value.code) == ("$.categories[2].method", "missing-key")


def test_the_property_suite_checks_its_consistency_only() -> None:
    report = check_rubric_properties(load_rubric(BASE))
    assert report.checked == ("consistency",)
    assert [(s.property, s.path) for s in report.skipped] == [
        ("levels-reachable", "$.weighted"), ("thresholds", "$.weighted"),
        ("parts-add-up", "$.weighted"), ("in-bounds", "$.weighted"),
        ("more-deductions", "$.weighted"), ("json-round-trip", "$.weighted")]
    weighted_report = check_rubric_properties(weighted(), max_examples=10)
    assert (weighted_report.checked, weighted_report.skipped) == (PROPERTIES, ())
