"""The public API refuses wrong objects with a TypeError naming the
parameter and the type expected (issue 17, item 8): ``require`` and
``require_each``, and the loaders, checks and registry functions that use them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import civscore
from civscore import Assessment, Rubric, check_assessment, check_rubric
from civscore.model import Finding
from civscore.plugins import Registry, get_plugin_manager
from civscore.scoring.arguments import describe, require, require_each

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "danjiangkou-education-2010-2011.toml"
ASSESSMENT = Assessment(rubric="t@1", unit="u")


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return civscore.rubric_from_dict(
        {"id": "t", "version": "1", "title": "t", "provenance": "illustrative", "source": "s",
         "total": 5, "categories": [{"id": "c", "title": "甲", "points": 5, "method": "direct"}]})


def test_require_gives_back_a_value_of_the_right_type() -> None:
    assert require(ASSESSMENT, "assessment", Assessment) is ASSESSMENT
    assert require("x", "path", (str, Path)) == "x"


@pytest.mark.parametrize(("value", "message"), [
    (None, "assessment must be an Assessment, got None"),
    (3.5, "assessment must be an Assessment, got a float"),
    ("a.toml", "assessment must be an Assessment, got the str 'a.toml'; to use a file, load it "
               "first with civscore.load_assessment(path)"),
    (Path("a.toml"), "assessment must be an Assessment, got the PosixPath 'a.toml'; to use a "
                     "file, load it first with civscore.load_assessment(path)"),
], ids=["none", "float", "str", "path"])
def test_require_names_the_parameter_the_type_and_what_was_given(value: object,
                                                                 message: str) -> None:
    with pytest.raises(TypeError) as caught:
        require(value, "assessment", Assessment)
    assert str(caught.value) == message


def test_a_rubric_for_an_assessment_asks_whether_they_were_swapped(rubric: Rubric) -> None:
    with pytest.raises(TypeError, match=r"^assessment must be an Assessment, got a Rubric; "
                                        r"were the rubric and the assessment given the wrong "
                                        r"way round\?$"):
        require(rubric, "assessment", Assessment)


def test_several_types_are_named_with_or() -> None:
    with pytest.raises(TypeError, match=r"^path must be a str or a PathLike, got None$"):
        require(None, "path", (str, os.PathLike))


def test_a_long_string_is_shortened() -> None:
    assert describe("x" * 100) == f"the str {'x' * 60 + '…'!r}"


def test_require_each_checks_every_entry_as_it_is_drawn() -> None:
    def lazily() -> Iterator[object]:
        yield ASSESSMENT
        yield None
        raise AssertionError("read ahead")  # pragma: no cover - never reached

    checked = require_each(lazily(), "assessments", Assessment)
    assert next(checked) is ASSESSMENT
    with pytest.raises(TypeError, match=r"^assessments\[1\] must be an Assessment, got None$"):
        next(checked)
    assert list(require_each([ASSESSMENT], "assessments", Assessment)) == [ASSESSMENT]


@pytest.mark.parametrize(("values", "given"), [
    (None, "None"), ("a.toml", "the str 'a.toml'"), (ASSESSMENT, "an Assessment"), (3, "an int"),
], ids=["none", "str", "one-assessment", "int"])
def test_require_each_refuses_what_is_not_a_collection_at_once(values: object,
                                                               given: str) -> None:
    with pytest.raises(TypeError) as caught:
        require_each(values, "assessments", Assessment)
    assert str(caught.value) == f"assessments must be an iterable of Assessment values, got {given}"


# -- wired into the loaders, the checks and the registry -------------------------------

def _registry() -> Registry:
    return Registry(get_plugin_manager(load_entry_points=False))


CALLS: dict[str, tuple[Callable[..., Any], tuple[Any, ...], str]] = {
    "load_rubric(None)": (civscore.load_rubric, (None,),
                          "path must be a str or a PathLike, got None"),
    "load_assessment(3)": (civscore.load_assessment, (3,),
                           "path must be a str or a PathLike, got an int"),
    "check_rubric(assessment)": (check_rubric, (ASSESSMENT,),
                                 "rubric must be a Rubric, got an Assessment; were the rubric "
                                 "and the assessment given the wrong way round?"),
    "check_assessment(rubric, path)": (check_assessment, ("RUBRIC", str(EXAMPLE)),
                                       "assessment must be an Assessment, got the str"),
    "Registry.score(None)": (lambda *a: _registry().score(*a), (None,),
                             "assessment must be an Assessment, got None"),
    "Registry.score(a, path)": (lambda *a: _registry().score(*a), (ASSESSMENT, "r.toml"),
                                "rubric must be a Rubric, got the str 'r.toml'; to use a file, "
                                "load it first with civscore.load_rubric(path)"),
    "Registry.get(None)": (lambda *a: _registry().get(*a), (None,),
                           "ref must be a str, got None"),
    "Registry.check_rubric(None)": (lambda *a: _registry().check_rubric(*a), (None,),
                                    "rubric must be a Rubric, got None"),
    "Registry.check_assessment(r, None)": (lambda *a: _registry().check_assessment(*a),
                                           ("RUBRIC", None),
                                           "assessment must be an Assessment, got None"),
    "Registry.load_rubric(None)": (lambda *a: _registry().load_rubric(*a), (None,),
                                   "path must be a str or a PathLike, got None"),
    "Registry.score_file(None)": (lambda *a: _registry().score_file(*a), (None,),
                                  "path must be a str or a PathLike, got None"),
}


@pytest.mark.parametrize("call", CALLS, ids=CALLS)
def test_the_api_refuses_wrong_objects_with_a_type_error(call: str, rubric: Rubric) -> None:
    function, args, message = CALLS[call]
    args = tuple(rubric if a == "RUBRIC" else a for a in args)
    with pytest.raises(TypeError) as caught:
        function(*args)
    assert str(caught.value).startswith(message), str(caught.value)


def test_score_and_score_many_name_the_wrong_argument(rubric: Rubric) -> None:
    """score() and score_many() check their arguments before any scoring;
    score_many refuses a wrong rubric when called, a bad entry when reached."""
    with pytest.raises(TypeError, match=r"^assessment must be an Assessment, got a Rubric"):
        civscore.score(rubric, rubric)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^rubric must be a Rubric, got None"):
        civscore.score(None, ASSESSMENT)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^rubric must be a Rubric"):
        civscore.score_many("r.toml", [ASSESSMENT])  # type: ignore[arg-type]
    good = Assessment(rubric=rubric.ref, unit="u", findings=(Finding("c", points=Decimal(4)),))
    cards = civscore.score_many(rubric, [good, None])  # type: ignore[list-item]
    assert next(cards).total.raw == 4
    with pytest.raises(TypeError, match=r"^assessments\[1\] must be an Assessment, got None"):
        next(cards)


def test_a_rubric_check_that_cannot_be_called_is_refused(rubric: Rubric) -> None:
    message = ("checks must be None or a callable checks(rubric, methods) -> warnings, "
               "got a list")
    with pytest.raises(TypeError) as caught:
        civscore.score(rubric, ASSESSMENT, checks=[])  # type: ignore[arg-type]
    assert str(caught.value) == message
    with pytest.raises(TypeError) as caught:
        civscore.score_many(rubric, [ASSESSMENT], checks=[])  # type: ignore[arg-type]
    assert str(caught.value) == message
