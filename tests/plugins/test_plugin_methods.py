"""A plugin's scoring method or check that gives nonsense (issue 17, item 3):
``None``, a string, a float, an exception — from ``validate``, ``check``,
``score``, ``bounds``, ``compile`` or a check — is a warning naming the plugin
and the method wherever it is called (scoring, checking, templates, the
testing toolkit), and the rest goes on; in strict mode it is an error.

The test rubric has two categories of 5 points: ``c``, scored by the
plugin's method ``flaky`` (which, working, gives 3), and ``d``, scored
directly; the assessment gives ``d`` 4 points.  So a working plugin makes
the total 3 + 4 = 7, and an item scored as failed makes it 0 + 4 = 4.
"""

from __future__ import annotations

import json
import os
import types
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fakes import run_civscore, write_code_plugin

from civscore import (
    Assessment,
    CheckFinding,
    CheckSpec,
    Finding,
    PluginError,
    RubricError,
    ScoringError,
)
from civscore.model import Criterion
from civscore.plugins import PluginWarning, Registry, get_plugin_manager
from civscore.plugins.hookspecs import hookimpl
from civscore.results.scorecard import Part
from civscore.scoring.guards import PluginMethod
from civscore.scoring.methods import Problem
from civscore.testing import RubricPropertyError, check_rubric_properties

D = Decimal

RUBRIC = {
    "id": "t", "version": "1", "title": "测试", "provenance": "illustrative", "source": "test",
    "total": 10,
    "categories": [{"id": "c", "title": "甲", "points": 5, "method": "flaky"},
                   {"id": "d", "title": "乙", "points": 5, "method": "direct"}],
    "levels": [{"id": "ok", "title": "合格", "min_total": 6}],
}
ASSESSMENT = Assessment(rubric="t@1", unit="u", findings=(Finding("c"), Finding("d", points=D(4))))


def _boom() -> Any:
    raise ValueError("boom")


class Flaky:
    """A method that gives 3 points, except for the calls ``broken`` names,
    which give what the function there returns."""

    name = "flaky"

    def __init__(self, **broken: Callable[[], Any]) -> None:
        self.broken = broken

    def _or(self, call: str, value: Any) -> Any:
        return self.broken[call]() if call in self.broken else value

    def validate(self, item: Criterion) -> Iterator[Problem]:
        return self._or("validate", iter(()))  # type: ignore[no-any-return]

    def check(self, item: Criterion, finding: Finding | None) -> list[Problem]:
        return self._or("check", [])  # type: ignore[no-any-return]

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        return self._or("score", (Part("flaky", D(3)),))  # type: ignore[no-any-return]

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        return self._or("bounds", (D(0), D(3)))  # type: ignore[no-any-return]


def _registry(method: object, *, strict: bool = False, checks: list[CheckSpec] = ()
              ) -> Registry:  # type: ignore[assignment]
    plugin = types.SimpleNamespace(
        __name__="flakyplugin",
        civscore_scoring_methods=hookimpl(lambda: [method]),
        civscore_rubric_checks=hookimpl(lambda: list(checks)))
    return Registry(get_plugin_manager(load_entry_points=False, plugins=[plugin]), strict=strict)


def _messages(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, PluginWarning)]


NONSENSE = {"none": lambda: None, "string": lambda: "3", "float": lambda: 3.0, "raises": _boom}


@pytest.mark.parametrize("given", NONSENSE.values(), ids=NONSENSE.keys())
def test_a_score_that_is_nonsense_scores_the_item_as_failed_with_a_warning(
        given: Callable[[], Any]) -> None:
    registry = _registry(Flaky(score=given))
    rubric = registry.rubric_from_dict(RUBRIC)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        card = registry.score(ASSESSMENT, rubric)
    assert card.total.raw == D(4)  # c scored as failed (0), d its 4
    assert card.outcome.level is None  # 4 is under the level's 6: never a title by accident
    (message,) = set(_messages(caught))
    what = ("failed: ValueError: boom" if given is _boom
            else f"gave {given()!r}, not Part values with finite Decimal points")
    assert message == (f"c: civscore plugin 'flakyplugin': scoring method 'flaky' {what}; the "
                       "item is scored as failed (0 points, then its floor)")
    (item,) = (i for i in card.categories if i.path == "c")
    assert item.score == 0
    assert [(p.kind, p.points) for p in item.parts] == [("failed", 0)]  # shown in the card


@pytest.mark.parametrize("given", NONSENSE.values(), ids=NONSENSE.keys())
def test_in_strict_mode_a_nonsense_score_is_a_scoring_error_naming_plugin_method_and_item(
        given: Callable[[], Any]) -> None:
    registry = _registry(Flaky(score=given), strict=True)
    rubric = registry.rubric_from_dict(RUBRIC)
    with pytest.raises(ScoringError, match=r"^c: civscore plugin 'flakyplugin': scoring "
                                           r"method 'flaky' (gave|failed)") as caught:
        registry.score(ASSESSMENT, rubric)
    assert caught.value.path == "c"


def test_a_compiled_scorer_that_gives_a_float_falls_back_to_score() -> None:
    class Compiled(Flaky):
        def compile(self, item: Criterion) -> Callable[[Finding | None], object]:
            return lambda finding: 3.0

    registry = _registry(Compiled())
    rubric = registry.rubric_from_dict(RUBRIC)
    with pytest.warns(PluginWarning, match=r"^c: civscore plugin 'flakyplugin': scoring method "
                                           r"'flaky''s compiled scorer gave 3.0, not a finite "
                                           r"Decimal; the finding is scored with score\(\) "
                                           r"instead$"):
        card = registry.score(ASSESSMENT, rubric)
    assert card.total.raw == D(7)  # score() gives 3, and the explanation agrees
    assert [p.points for p in card.categories[0].parts] == [D(3)]


def test_when_compiled_scorer_and_score_both_fail_the_item_is_scored_as_failed() -> None:
    class Compiled(Flaky):
        def compile(self, item: Criterion) -> Callable[[Finding | None], object]:
            return lambda finding: _boom()

    registry = _registry(Compiled(score=lambda: "3"))
    rubric = registry.rubric_from_dict(RUBRIC)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        card = registry.score(ASSESSMENT, rubric)
        kinds = [p.kind for p in card.categories[0].parts]  # built now: score() is called again
    assert card.total.raw == D(4)
    assert kinds == ["failed"]
    assert {m.partition(";")[0] for m in _messages(caught)} == {
        "c: civscore plugin 'flakyplugin': scoring method 'flaky''s compiled scorer failed: "
        "ValueError: boom",
        "c: civscore plugin 'flakyplugin': scoring method 'flaky' gave '3', not Part values "
        "with finite Decimal points"}


def test_a_compile_that_raises_falls_back_to_score() -> None:
    class Compiled(Flaky):
        def compile(self, item: Criterion) -> Callable[[Finding | None], object]:
            raise ValueError("boom")

    registry = _registry(Compiled())
    rubric = registry.rubric_from_dict(RUBRIC)
    with pytest.warns(PluginWarning, match=r"'flaky'.compile\(\) failed: ValueError: boom; its "
                                           r"findings are scored with score\(\) instead"):
        card = registry.score(ASSESSMENT, rubric)
    assert card.total.raw == D(7)  # score() works: 3 + 4


@pytest.mark.parametrize("given", NONSENSE.values(), ids=NONSENSE.keys())
def test_a_check_that_is_nonsense_leaves_the_finding_unchecked(given: Callable[[], Any]) -> None:
    registry = _registry(Flaky(check=given))
    rubric = registry.rubric_from_dict(RUBRIC)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        card = registry.score(ASSESSMENT, rubric)
        problems = registry.check_assessment(rubric, ASSESSMENT)
    assert card.total.raw == D(7)
    assert problems == []
    messages = set(_messages(caught))
    assert messages, "no warning"
    assert all(m.startswith("c: civscore plugin 'flakyplugin': scoring method 'flaky'.check() ")
               and m.endswith("; the finding is not checked") for m in messages), messages


@pytest.mark.parametrize("given", NONSENSE.values(), ids=NONSENSE.keys())
def test_a_validate_that_is_nonsense_lets_the_rubric_load(given: Callable[[], Any]) -> None:
    registry = _registry(Flaky(validate=given))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rubric = registry.rubric_from_dict(RUBRIC)
    assert rubric.ref == "t@1"
    assert all(m.startswith("c: civscore plugin 'flakyplugin': scoring method "
                            "'flaky'.validate() ") for m in _messages(caught))
    assert _messages(caught)
    registry = _registry(Flaky(validate=given), strict=True)
    with pytest.raises(RubricError, match=r"^<mapping>: \$.categories\[0\].method: civscore "
                                          r"plugin 'flakyplugin': scoring method "
                                          r"'flaky'.validate\(\)"):
        registry.rubric_from_dict(RUBRIC)


@pytest.mark.parametrize("given", [*NONSENSE.values(), lambda: (D(3), D(0))],
                         ids=[*NONSENSE.keys(), "reversed"])
def test_bounds_that_are_nonsense_are_taken_as_the_whole_range(given: Callable[[], Any]) -> None:
    registry = _registry(Flaky(bounds=given))
    rubric = registry.rubric_from_dict(RUBRIC)
    with pytest.warns(PluginWarning, match=r"'flaky'.bounds\(\) .*; taken as 0 to the item's "
                                           r"points"):
        findings = registry.check_rubric(rubric)
    # c may reach 5 and d 5: the level's 6 is reachable, so no levels-unreachable error
    assert [f.code for f in findings if f.severity == "error"] == []


def _check(result: Callable[[], Any]) -> CheckSpec:
    return CheckSpec("odd", lambda rubric, methods: result())


@pytest.mark.parametrize(("given", "what"), [
    (lambda: None, "gave None, not CheckFinding values; skipped"),
    (lambda: "oops", "gave 'oops', not CheckFinding values; skipped"),
    (_boom, "failed: ValueError: boom; skipped"),
    (lambda: [CheckFinding("odd", "warning", "$", "hm"), "x", 1.5],
     "gave 'x' (and 1 more), which is not a CheckFinding; ignored"),
], ids=["none", "string", "raises", "mixed"])
def test_a_plugin_check_that_is_nonsense_is_one_warning(given: Callable[[], Any],
                                                        what: str) -> None:
    registry = _registry(Flaky(), checks=[_check(given)])
    rubric = registry.rubric_from_dict(RUBRIC)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        findings = registry.check_rubric(rubric)
    assert _messages(caught) == [f"civscore plugin 'flakyplugin': check 'odd' on rubric t@1 "
                                 f"{what}"]
    expected = ["odd"] if "mixed" in what or "ignored" in what else []
    assert [f.code for f in findings if f.code == "odd"] == expected
    registry = _registry(Flaky(), checks=[_check(given)], strict=True)
    with pytest.raises(PluginError, match=r"^civscore plugin 'flakyplugin': check 'odd'"):
        registry.check_rubric(rubric)


def test_the_testing_toolkit_goes_on_past_a_broken_check() -> None:
    registry = _registry(Flaky(check=lambda: None))
    rubric = registry.rubric_from_dict(RUBRIC)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = check_rubric_properties(rubric, methods=registry.methods,
                                         checks=registry.checks, max_examples=5)
    assert "levels-reachable" in report.checked
    assert "c: civscore plugin 'flakyplugin': scoring method 'flaky'.check() gave None" in (
        _messages(caught))[0]


def test_the_testing_toolkit_reports_what_a_broken_score_costs() -> None:
    """Scored as failed, ``c`` gives nothing: the best total is 0 + 5, under
    the level's 6, and the property says so (an error of the rubric's test,
    not a crash), with the warning naming the plugin."""
    registry = _registry(Flaky(score=lambda: None))
    rubric = registry.rubric_from_dict(RUBRIC)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RubricPropertyError, match=r"合格 needs 6 but .* totals 5 "
                                                      r"\[property levels-reachable\]"):
            check_rubric_properties(rubric, methods=registry.methods, checks=registry.checks,
                                    max_examples=5)
    assert "c: civscore plugin 'flakyplugin': scoring method 'flaky' gave None" in " ".join(
        _messages(caught))


def test_a_method_given_directly_is_guarded_as_in_strict_mode() -> None:
    method = PluginMethod(Flaky(score=lambda: None))
    with pytest.raises(ScoringError, match=r"^x: scoring method 'flaky' gave None"):
        method.score_at(Criterion("x", "x", D(1), method="flaky"), None, "x")


# -- the command line ------------------------------------------------------------------

FLAKY_PLUGIN = '''\
from decimal import Decimal

import civscore


class Flaky:
    name = "flaky"

    def validate(self, item):
        raise RuntimeError("validate is broken")

    def check(self, item, finding):
        return None

    def score(self, item, finding):
        print("scoring", item.id)
        return None

    def bounds(self, item):
        return 0.0, 5.0


@civscore.hookimpl
def civscore_scoring_methods():
    return [Flaky()]
'''

RUBRIC_TOML = '''\
format = 1
id = "t"
version = "1"
title = "测试"
provenance = "illustrative"
source = "test"
total = 10

[[categories]]
id = "c"
title = "甲"
points = 5
method = "flaky"

[[categories]]
id = "d"
title = "乙"
points = 5
method = "direct"
'''

ASSESSMENT_TOML = '''\
rubric = "t@1"
unit = "u"

[[findings]]
criterion = "c"

[[findings]]
criterion = "d"
points = 4
'''


@pytest.fixture
def installed(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    """The environment with the ``civscore-flaky`` plugin installed, a rubric
    file using its method and an assessment."""
    write_code_plugin(tmp_path / "site", "civscore_flaky", FLAKY_PLUGIN)
    path = os.pathsep.join(p for p in (str(tmp_path / "site"), os.environ.get("PYTHONPATH"))
                           if p)
    rubric, assessment = tmp_path / "rubric.toml", tmp_path / "a.toml"
    rubric.write_text(RUBRIC_TOML, encoding="utf-8")
    assessment.write_text(ASSESSMENT_TOML, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": path, "CIVSCORE_PLUGINS_STRICT": "0"}
    return env, rubric, assessment


def test_every_command_goes_on_past_a_broken_method_and_names_it(
        installed: tuple[dict[str, str], Path, Path]) -> None:
    env, rubric, assessment = installed
    proc = run_civscore("score", assessment, "--rubric", rubric, "--format", "json", env=env)
    assert proc.returncode == 0, proc.stderr
    # the host's words in the output's language (Chinese by default), the plugin's its own
    assert ("civscore: warning: c：civscore 插件 'flaky' (civscore-flaky 0.1)：评分方法 'flaky' 的 "
            "validate() 出错：RuntimeError: validate is broken；该项目的定义未经检查"
            ) in proc.stderr
    # met by the loader and by the checks: said once
    assert proc.stderr.count("validate() 出错") == 1
    assert "评分方法 'flaky' 给出了 None，而不是分值为有限 Decimal 的 Part 值" in proc.stderr
    env["LC_ALL"] = "en_US.UTF-8"
    named = "civscore plugin 'flaky' (civscore-flaky 0.1): scoring method 'flaky'"
    proc = run_civscore("score", assessment, "--rubric", rubric, "--format", "json", env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"]["raw"] == "4"
    assert f"civscore: warning: c: {named}.validate() failed: RuntimeError: validate is broken" \
           in proc.stderr
    assert f"civscore: warning: c: {named} gave None, not Part values" in proc.stderr
    # said once on stderr, and kept in the scorecard it concerns
    assert proc.stderr.count(f"c: {named} gave None, not Part values") == 1
    assert any(w.startswith(f"c: {named} gave None") for w in json.loads(proc.stdout)["warnings"])
    assert ("civscore plugin 'flaky' (civscore-flaky 0.1) printed to standard output in "
            "scoring method 'flaky'; civscore kept it off its own output: 'scoring c'"
            ) in proc.stderr
    proc = run_civscore("check", rubric, assessment, "--rubric", rubric, env=env)
    assert proc.returncode == 0, proc.stderr
    assert f"{named}.check() gave None, not Problem values" in proc.stderr
    assert f"{named}.bounds() gave (0.0, 5.0), not two finite Decimals" in proc.stderr
    proc = run_civscore("template", rubric, env=env)
    assert proc.returncode == 0, proc.stderr
    assert 'criterion = "c"' in proc.stdout
    assert f"{named}.validate() failed" in proc.stderr


def test_in_strict_mode_a_broken_method_stops_the_command_with_a_located_error(
        installed: tuple[dict[str, str], Path, Path]) -> None:
    env, rubric, assessment = installed
    env["CIVSCORE_PLUGINS_STRICT"] = "1"
    env["LC_ALL"] = "en_US.UTF-8"  # a plugin's words are English: the place too
    proc = run_civscore("score", assessment, "--rubric", rubric, "--format", "json", env=env)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("civscore: error: ")
    assert proc.stderr == (
        f"civscore: error: {rubric}: $.categories[0].method: civscore plugin 'flaky' "
        "(civscore-flaky 0.1): scoring method 'flaky'.validate() failed: RuntimeError: "
        "validate is broken (line 13, column 1)\n")  # line 13: method = "flaky"


def test_a_point_scored_as_failed_says_so_in_the_scorecard() -> None:
    # score() raises: item c counts 0 (4 for d), and the card itself says why,
    # not only the warning given while scoring
    registry = _registry(Flaky(score=_boom))
    rubric = registry.rubric_from_dict(RUBRIC)
    with pytest.warns(PluginWarning) as caught:
        card = registry.score(ASSESSMENT, rubric)
    assert card.total.raw == D(4)
    said = [w for w in card.warnings if w.startswith("c: civscore plugin 'flakyplugin'")]
    assert said == _messages(list(caught))
    assert said[0].startswith("c: civscore plugin 'flakyplugin': scoring method 'flaky' failed: "
                              "ValueError: boom")
    assert said[0] in card.to_dict()["warnings"]  # in the JSON form too
