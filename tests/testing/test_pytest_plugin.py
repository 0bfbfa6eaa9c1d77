"""The pytest plugin: ``pytest --civscore`` and ``--civscore-rubric PATH``.

Each test runs pytest on a small project (pytester) and reads its report:
which items were collected and what a failure says.
"""

from __future__ import annotations

import textwrap

import pytest

# Imported here so that in-process pytester runs share these modules with this
# session: pytester drops the modules a run imports, and a module imported
# anew would hold classes that differ from those of the modules kept.
import civscore.plugins
import civscore.testing.properties  # noqa: F401 (civscore.testing imports it lazily)

pytest_plugins = ["pytester"]

HEADER = """\
version = "1"
provenance = "illustrative"
source = "written for the civscore plugin tests"
"""

#: A sound rubric: 100 points, 85 reachable exactly (e.g. 45.5 + 39.5).
SOUND = """\
id = "sound"
title = "健全的评分细则"
total = 100
[[categories]]
id = "work"
title = "业务工作"
points = 60
method = "direct"
step = 0.5
[[categories]]
id = "env"
title = "环境"
points = 40
method = "deduct"
rules = [{ id = "litter", text = "发现一处扣0.5分", deduct = 0.5 }]
[[levels]]
id = "civilized"
title = "文明单位"
min_total = 85
"""

#: The categories add up to 95, not the declared 100.
BAD_SUM = """\
id = "bad-sum"
title = "分值不符的评分细则"
total = 100
[[categories]]
id = "a"
title = "甲"
points = 55
method = "direct"
[[categories]]
id = "b"
title = "乙"
points = 40
method = "direct"
"""

#: 优秀 needs 120 of 100 points.
UNREACHABLE = """\
id = "unreachable"
title = "达不到的等次"
total = 100
[[categories]]
id = "a"
title = "甲"
points = 100
method = "direct"
[[levels]]
id = "pass"
title = "合格"
min_total = 60
[[levels]]
id = "excellent"
title = "优秀"
min_total = 120
"""

#: A total of 80 to 84.9 lands in no level.
GAP = """\
id = "gap"
title = "等次之间有空档"
total = 100
[[categories]]
id = "a"
title = "甲"
points = 100
method = "direct"
step = 0.1
[[levels]]
id = "pass"
title = "合格"
min_total = 60
max_total = 79.9
[[levels]]
id = "good"
title = "良好"
min_total = 85
"""


def lit(text: str) -> str:
    """``text`` as a literal in an fnmatch pattern (brackets are special there)."""
    return text.replace("[", "[[]")


def write(pytester: pytest.Pytester, name: str, text: str) -> str:
    pytester.path.joinpath(name).write_text(HEADER + text, encoding="utf-8")
    return name


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", "--civscore-max-examples", "5", *args)


@pytest.mark.parametrize(
    ("text", "key_path", "says"),
    [
        (BAD_SUM, "$.total", "the categories' points add up to 95, not the declared total 100"),
        (UNREACHABLE, "$.levels[1].min_total",
         "优秀 needs 120 points but the most any assessment can reach is 100"),
        (GAP, "$.levels[0].max_total", "gap between 合格 (up to 79.9) and 良好 (from 85)"),
    ],
    ids=["categories-do-not-sum", "unreachable-level", "gap-between-levels"],
)
def test_unsound_rubric_fails_naming_the_key_path(
        pytester: pytest.Pytester, text: str, key_path: str, says: str) -> None:
    name = write(pytester, "rubric.toml", text)
    result = run(pytester, "--civscore-rubric", name)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([lit(f"*@1: {key_path}: *{says}*[property consistency]")])
    assert "Traceback" not in result.stdout.str()  # a clean message, no traceback
    result.stdout.fnmatch_lines([f"FAILED civscore::{name} - *"])


def test_sound_rubric_passes_and_reports(pytester: pytest.Pytester) -> None:
    name = write(pytester, "sound.toml", SOUND)
    result = run(pytester, "--civscore-rubric", name)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([
        "*- civscore -*",
        f"{name}: consistency, levels-reachable, thresholds, parts-add-up, in-bounds, "
        "more-deductions, json-round-trip held for * random assessments",
    ])


def test_file_that_does_not_load_fails_with_the_loader_message(
        pytester: pytest.Pytester) -> None:
    name = write(pytester, "broken.toml", SOUND.replace("points = 60", "points = -60"))
    result = run(pytester, "--civscore-rubric", name)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([lit("broken.toml: $.categories[0].points: must be ≥ 0, got -60")])


def test_check_warnings_are_reported(pytester: pytest.Pytester) -> None:
    # A tier above the item's points is a warning (it would be capped), not an error.
    text = SOUND.replace('method = "deduct"\nrules = [{ id = "litter", text = "发现一处扣0.5分", '
                         'deduct = 0.5 }]',
                         'method = "tiered"\ntiers = [{ id = "good", title = "好", points = 45 },'
                         ' { id = "bad", title = "差", points = 0 }]')
    name = write(pytester, "warn.toml", text)
    result = run(pytester, "--civscore-rubric", name)
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines([lit("*RubricCheckWarning: sound@1: warning: $.categories[1]."
                                     "tiers[0].points: *[tier-unreachable]")])


def test_civscore_collects_one_item_per_installed_rubric(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--civscore", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["civscore::danjiangkou@2010-2011"])
    assert "error" not in result.stdout.str().lower()


def test_installed_and_file_rubrics_together(pytester: pytest.Pytester) -> None:
    name = write(pytester, "sound.toml", SOUND)
    result = run(pytester, "--civscore", "--civscore-rubric", name, "-k",
                 "danjiangkou or sound")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["danjiangkou@2010-2011: consistency, parts-add-up, *",
                                 "  $.levels: levels-reachable skipped: the rubric declares "
                                 "no levels"])


def test_off_unless_asked_for(pytester: pytest.Pytester) -> None:
    # In a subprocess, so that this session's own imports do not count.
    pytester.makepyfile(test_plain=textwrap.dedent("""
        import sys

        def test_plain():
            assert "civscore.testing.properties" not in sys.modules
            assert "hypothesis" not in sys.modules
            assert "civscore.plugins" not in sys.modules
            assert "civscore.scoring" not in sys.modules  # the plugin imports almost nothing
    """))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["test_plain.py::test_plain", "1 test collected*"])
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_broken_plugin_is_a_failing_test(pytester: pytest.Pytester,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # An installed plugin (a distribution with a civscore entry point) that
    # fails to import must fail the run, not be skipped quietly.
    dist = pytester.path / "site" / "civscore_broken-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: civscore-broken\n"
                                   "Version: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[civscore]\nbroken = civscore_broken\n",
                                           encoding="utf-8")
    (pytester.path / "site" / "civscore_broken.py").write_text(
        "raise ImportError('no such thing')\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(pytester.path / "site"))
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--civscore", "--civscore-max-examples", "2", "-k",
        "plugins or danjiangkou")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "civscore plugin 'broken' (from civscore-broken) failed to load: "
        "ImportError: no such thing; skipped"])


#: Ten all-or-nothing items of 10 points: no total is exactly 85.
COARSE = """\
id = "coarse"
title = "粗粒度评分细则"
total = 100
""" + "".join(f'[[categories]]\nid = "c{i}"\ntitle = "项目{i}"\npoints = 10\n'
              'method = "all_or_nothing"\n' for i in range(10)) + """\
[[levels]]
id = "ok"
title = "合格"
min_total = 85
"""

#: No levels: the level properties have nothing to check.
FLAT = """\
id = "flat"
title = "不设等次的评分细则"
total = 10
[[categories]]
id = "a"
title = "甲"
points = 10
method = "direct"
"""


def plugin_project(pytester: pytest.Pytester, name: str, rubric: str | None,
                   module: str | None = None) -> None:
    """A plugin project ``plugins/civscore-<name>/``: its pyproject.toml
    declares the entry point ``<name> = "civscore_<name>"``, and the package
    provides ``rubric`` (no rubric when None; no package when ``module`` names
    one that does not exist)."""
    package = f"civscore_{name}"
    root = pytester.path / "plugins" / f"civscore-{name}"
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "civscore-{name}"\nversion = "0.1"\n'
        f'[project.entry-points.civscore]\n{name} = "{module or package}"\n', encoding="utf-8")
    if module is not None:
        return
    source = pytester.path / "site" / package
    source.mkdir(parents=True)
    specs = "" if rubric is None else 'RubricSpec(package=__name__, resource="rubric.toml")'
    (source / "__init__.py").write_text(
        "import civscore\nfrom civscore import RubricSpec\n\n\n@civscore.hookimpl\n"
        f"def civscore_rubrics():\n    return [{specs}]\n", encoding="utf-8")
    if rubric is not None:
        (source / "rubric.toml").write_text(HEADER + rubric, encoding="utf-8")
    pytester.syspathinsert(pytester.path / "site")


def test_plugin_project_tests_each_rubric_its_plugin_provides(pytester: pytest.Pytester) -> None:
    plugin_project(pytester, "sound", SOUND)
    result = run(pytester, "--civscore-projects", "-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([
        "plugins/civscore-sound/pyproject.toml::sound@1 PASSED*",
        "*- civscore -*",
        "sound@1: consistency, levels-reachable, thresholds, parts-add-up, in-bounds, "
        "more-deductions, json-round-trip held for * random assessments",
    ])


def test_plugin_project_off_unless_asked_for(pytester: pytest.Pytester) -> None:
    plugin_project(pytester, "sound", SOUND)
    pytester.path.joinpath("pyproject.toml").write_text(
        '[project]\nname = "uses-civscore"\ndependencies = ["civscore"]\n', encoding="utf-8")
    result = run(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["no tests collected*"])
    # The option collects only the project that declares a civscore entry point.
    result = run(pytester, "--civscore-projects", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["plugins/civscore-sound/pyproject.toml::sound@1",
                                 "1 test collected*"])


def test_plugin_project_that_fails_to_load_or_provides_no_rubric_fails(
        pytester: pytest.Pytester) -> None:
    plugin_project(pytester, "empty", None)
    plugin_project(pytester, "missing", None, module="civscore_not_installed")
    result = run(pytester, "--civscore-projects")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        "*civscore plugin 'empty' (civscore_empty, declared in pyproject.toml) provides no "
        "rubric*",
        "*civscore plugin 'missing' (civscore_not_installed, declared in pyproject.toml) failed "
        "to load: ModuleNotFoundError: No module named 'civscore_not_installed'*",
    ], consecutive=False)


def test_fail_on_skip_fails_a_rubric_whose_threshold_goes_unchecked(
        pytester: pytest.Pytester) -> None:
    plugin_project(pytester, "coarse", COARSE)
    plugin_project(pytester, "flat", FLAT)
    run(pytester, "--civscore-projects").assert_outcomes(passed=2)
    result = run(pytester, "--civscore-projects", "--civscore-fail-on-skip")
    result.assert_outcomes(passed=1, failed=1)  # flat@1 declares no levels: nothing to skip
    result.stdout.fnmatch_lines([
        "coarse@1: the property suite could not check everything (--civscore-fail-on-skip):",
        lit("  $.levels[0].min_total: thresholds skipped: no constructed assessment totals "
            "exactly 85 (nearest reachable totals: 80 and 90)"),
        "FAILED plugins/civscore-coarse/pyproject.toml::coarse@1 - *",
    ])
