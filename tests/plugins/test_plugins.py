"""Plugin discovery, the typed hook facade and the registry (civscore.plugins).

Every test builds its own plugin manager (``get_plugin_manager(load_entry_points=False,
plugins=[...])``) or fakes the installed entry points, so nothing depends on
what happens to be installed or on global state.
"""

from __future__ import annotations

import importlib.metadata
import types
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import civscore_baoying
import civscore_danjiangkou
import civscore_ezhou
import civscore_hefei
import civscore_hubei
import civscore_huixian
import civscore_karamay
import civscore_national
import civscore_panan
import civscore_shegang
import pluggy
import pytest
from fakes import write_rubric_plugin

import civscore
from civscore import (
    Assessment,
    CheckFinding,
    CheckSpec,
    Finding,
    PluginError,
    Rubric,
    RubricNotFoundError,
    RubricSpec,
    load_assessment,
)
from civscore.checks import BUILTIN_CHECKS
from civscore.files.loader import parse_toml, rubric_from_dict
from civscore.model import Criterion
from civscore.plugins import (
    BUILTIN_NAME,
    PluginHooks,
    PluginInfo,
    PluginWarning,
    Provided,
    Registry,
    default_registry,
    get_plugin_manager,
)
from civscore.plugins.hookspecs import hookimpl
from civscore.plugins.overlay import overlay_from_dict
from civscore.results.scorecard import Part
from civscore.scoring.methods import BUILTIN_METHODS, Problem, ScoringMethod

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
LOCALITIES = [civscore_baoying, civscore_danjiangkou, civscore_ezhou, civscore_hefei,
              civscore_hubei, civscore_huixian, civscore_karamay, civscore_national,
              civscore_panan, civscore_shegang]


def _rubric(ident: str, version: str = "1", method: str = "direct") -> Rubric:
    options = "options = { per = 0.5 }" if method == "per_item" else ""
    return rubric_from_dict(parse_toml(f"""
        id = "{ident}"
        version = "{version}"
        title = "测试 {ident}"
        provenance = "illustrative"
        source = "written for the plugin tests"
        total = 10
        [[categories]]
        id = "a"
        title = "甲"
        points = 5
        method = "{method}"
        {options}
        [[categories]]
        id = "b"
        title = "乙"
        points = 5
        method = "direct"
        """), methods={**BUILTIN_METHODS, "per_item": PerItem()})


class PerItem:
    """A plugin method: ``options.per`` points for each of ``options.count``."""

    name = "per_item"

    def validate(self, item: Criterion) -> Iterator[Problem]:
        if "per" not in item.options:
            yield Problem("options.per", "give options.per")

    def check(self, item: Criterion, finding: Finding | None) -> Iterator[Problem]:
        if finding is None or not isinstance(finding.options.get("count"), int):
            yield Problem("options.count", "give options.count")

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        assert finding is not None
        return (Part("per_item", item.options["per"] * finding.options["count"]),)

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        return Decimal(0), item.points


def plugin(name: str, *, rubrics: Callable[[], list[Any]] | None = None,
           methods: Callable[[], list[Any]] | None = None,
           checks: Callable[[], list[Any]] | None = None,
           **attributes: Any) -> types.SimpleNamespace:
    """A plugin object named ``name`` implementing the hooks given."""
    hooks: dict[str, Any] = {}
    if rubrics is not None:
        hooks["civscore_rubrics"] = hookimpl(rubrics)
    if methods is not None:
        hooks["civscore_scoring_methods"] = hookimpl(methods)
    if checks is not None:
        hooks["civscore_rubric_checks"] = hookimpl(checks)
    return types.SimpleNamespace(__name__=name, **hooks, **attributes)


def providing(name: str, *rubrics: Rubric) -> types.SimpleNamespace:
    return plugin(name, rubrics=lambda: [RubricSpec(rubric=r) for r in rubrics])


def registry_of(*plugins: object, strict: bool = True) -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=plugins, strict=strict)
    return Registry(pm, strict=strict)


class FakeEntryPoint:
    """Enough of importlib.metadata.EntryPoint for discovery."""

    def __init__(self, name: str, target: object | Exception,
                 dist: str | None = None, version: str = "1.0") -> None:
        self.name = name
        self.value = f"civscore_fake_{name}"
        self.group = "civscore"
        self.dist = types.SimpleNamespace(name=dist or f"civscore-{name}", version=version)
        self._target = target

    def load(self) -> object:
        if isinstance(self._target, BaseException):
            raise self._target
        return self._target


@pytest.fixture
def entry_points(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Replace the installed ``civscore`` entry points with fakes."""
    def install(*eps: FakeEntryPoint) -> None:
        def fake(**kwargs: Any) -> list[FakeEntryPoint]:
            assert kwargs == {"group": "civscore"}
            return list(eps)
        monkeypatch.setattr(importlib.metadata, "entry_points", fake)
    for var in ("CIVSCORE_PLUGINS_STRICT", "CIVSCORE_PLUGINS_ALLOW", "CIVSCORE_PLUGINS_DENY"):
        monkeypatch.delenv(var, raising=False)
    # The plugin index stands for what the installed metadata files say, which
    # these fakes are not: default_registry() must discover them every time.
    monkeypatch.setenv("CIVSCORE_NO_CACHE", "1")
    return install


# -- hooks, the facade and the built-in plugin -------------------------------------------


def test_builtins_come_through_the_default_plugin() -> None:
    pm = get_plugin_manager(load_entry_points=False)
    assert pm.get_plugin(BUILTIN_NAME) is civscore.plugins.builtin
    registry = Registry(pm)
    assert list(registry.methods) == sorted(BUILTIN_METHODS)
    assert registry.checks == BUILTIN_CHECKS
    assert registry.rubrics() == []
    assert registry.plugins() == [PluginInfo("civscore", "civscore", civscore.__version__)]


def test_facade_is_typed_and_sorted_by_plugin() -> None:
    r1, r2 = _rubric("one"), _rubric("two")
    zeta = plugin("zeta", rubrics=lambda: [r1], methods=lambda: [PerItem()])
    alpha = plugin("alpha", rubrics=lambda: [RubricSpec(rubric=r2)])
    hooks = PluginHooks(get_plugin_manager(load_entry_points=False, plugins=[zeta, alpha]))
    assert hooks.rubrics() == [Provided("alpha", RubricSpec(rubric=r2)),
                               Provided("zeta", RubricSpec(rubric=r1))]
    methods = hooks.scoring_methods()
    assert [(m.provider, m.value.name) for m in methods][-1] == ("zeta", "per_item")
    assert {m.provider for m in methods} == {"civscore", "zeta"}
    assert [c.value for c in hooks.rubric_checks()] == list(BUILTIN_CHECKS)


def test_entries_of_the_wrong_type_are_reported() -> None:
    odd = plugin("odd", rubrics=lambda: ["rubric.toml"], methods=lambda: [object()],
                 checks=lambda: [len])
    pm = get_plugin_manager(load_entry_points=False, plugins=[odd])
    with pytest.warns(PluginWarning) as caught:
        registry = Registry(pm, strict=False)
    messages = [str(w.message) for w in caught]
    assert any("returned 'rubric.toml' from civscore_rubrics, which is not a RubricSpec"
               in m for m in messages)
    assert any("from civscore_scoring_methods, which is not a scoring method" in m
               for m in messages)
    assert any("from civscore_rubric_checks, which is not a CheckSpec" in m for m in messages)
    assert registry.rubrics() == []
    with pytest.raises(PluginError, match=r"'odd' returned .* which is not"):
        Registry(pm, strict=True)


def test_a_string_where_a_list_belongs_is_one_warning() -> None:
    # Before: one warning per character ('r', 'u', 'b' …), 11 for 'rubric.toml'.
    odd = plugin("odd", rubrics=lambda: "rubric.toml")
    pm = get_plugin_manager(load_entry_points=False, plugins=[odd])
    with pytest.warns(PluginWarning) as caught:
        registry = Registry(pm, strict=False)
    about_odd = [str(w.message) for w in caught if "'odd'" in str(w.message)]
    assert about_odd == ["civscore plugin 'odd' returned 'rubric.toml' from civscore_rubrics, "
                         "which is not a list; ignored"]
    assert registry.rubrics() == []
    with pytest.raises(PluginError, match=r"'odd' returned 'rubric\.toml' .* not a list"):
        Registry(pm, strict=True)


def test_wrapper_implementations_are_refused() -> None:
    @hookimpl(wrapper=True)
    def civscore_rubrics() -> Iterator[None]:
        return (yield)

    wrapped = types.SimpleNamespace(__name__="wrapped", civscore_rubrics=civscore_rubrics)
    pm = get_plugin_manager(load_entry_points=False, plugins=[wrapped])
    with pytest.warns(PluginWarning, match="'wrapped' implements civscore_rubrics as a wrapper"):
        Registry(pm, strict=False)


def test_rubric_spec_needs_exactly_one_form() -> None:
    both = plugin("both", rubrics=lambda: [RubricSpec(package="x", resource="y.toml",
                                                      rubric=_rubric("x"))])
    missing = plugin("missing", rubrics=lambda: [RubricSpec(package="civscore",
                                                            resource="nope.toml")])
    pm = get_plugin_manager(load_entry_points=False, plugins=[both, missing])
    with pytest.warns(PluginWarning) as caught:
        Registry(pm, strict=False)
    messages = sorted(str(w.message) for w in caught)
    assert "must give exactly one of rubric, overlay, or package and resource" in messages[0]
    assert "cannot read rubric resource civscore:nope.toml" in messages[1]


@pytest.mark.parametrize(("package", "says"), [
    ("", "'x.toml': the spec gives no package; give the package that ships the file"),
    (".relative", "cannot read rubric resource .relative:x.toml"),
])
def test_a_rubric_spec_without_a_usable_package_is_skipped_with_a_warning(
        package: str, says: str) -> None:
    odd = plugin("odd", rubrics=lambda: [RubricSpec(package=package, resource="x.toml")])
    pm = get_plugin_manager(load_entry_points=False, plugins=[odd])
    with pytest.warns(PluginWarning, match="civscore plugin 'odd'") as caught:
        registry = Registry(pm, strict=False)
    assert says in str(caught[0].message)
    assert registry.rubrics() == []
    with pytest.raises(PluginError, match="cannot read rubric resource"):
        Registry(pm, strict=True)


# -- discovery: broken plugins, strict mode, allow and deny lists ------------------------


def test_plugin_failing_to_import_is_skipped_with_a_warning(
        entry_points: Callable[..., None], monkeypatch: pytest.MonkeyPatch) -> None:
    entry_points(FakeEntryPoint("good", providing("good", _rubric("good"))),
                 FakeEntryPoint("broken", ModuleNotFoundError("No module named 'numpyy'")))
    with pytest.warns(PluginWarning, match=r"civscore plugin 'broken' \(from civscore-broken\) "
                                           r"failed to load: ModuleNotFoundError: No module "
                                           r"named 'numpyy'; skipped"):
        pm = get_plugin_manager()
    registry = Registry(pm)
    assert [e.ref for e in registry.rubrics()] == ["good@1"]
    monkeypatch.setenv("CIVSCORE_PLUGINS_STRICT", "1")
    with pytest.raises(PluginError, match=r"'broken'.*No module named 'numpyy'"):
        get_plugin_manager()


def test_plugin_calling_sys_exit_on_import_is_skipped_not_the_end(
        entry_points: Callable[..., None]) -> None:
    # sys.exit(0) while a plugin is imported must not end the host silently
    entry_points(FakeEntryPoint("good", providing("good", _rubric("good"))),
                 FakeEntryPoint("quits", SystemExit(0)))
    with pytest.warns(PluginWarning, match=r"'quits' \(from civscore-quits\) failed to load: "
                                           r"SystemExit: 0; skipped"):
        pm = get_plugin_manager()
    assert [e.ref for e in Registry(pm).rubrics()] == ["good@1"]


def test_hook_calling_sys_exit_is_skipped_with_a_warning() -> None:
    def quits() -> list[RubricSpec]:
        raise SystemExit("bye")

    pm = get_plugin_manager(load_entry_points=False, plugins=[
        plugin("quits", rubrics=quits), providing("good", _rubric("good"))])
    with pytest.warns(PluginWarning, match=r"'quits' failed in civscore_rubrics: SystemExit: "
                                           r"bye; skipped"):
        registry = Registry(pm, strict=False)
    assert [e.ref for e in registry.rubrics()] == ["good@1"]


def test_an_unknown_rubric_with_a_broken_plugin_says_it_may_be_theirs(
        entry_points: Callable[..., None]) -> None:
    entry_points(FakeEntryPoint("good", providing("good", _rubric("good"))),
                 FakeEntryPoint("broken", ModuleNotFoundError("No module named 'numpyy'")))
    with pytest.warns(PluginWarning):
        registry = Registry(get_plugin_manager())
    with pytest.raises(RubricNotFoundError, match=r"the plugins broken had problems \(see the "
                                                  r"warnings above\): the rubric may be theirs"):
        registry.get("shilixian@2024")
    quiet = Registry(get_plugin_manager(load_entry_points=False,
                                        plugins=[providing("good", _rubric("good"))]))
    with pytest.raises(RubricNotFoundError) as caught:
        quiet.get("shilixian@2024")
    assert "had problems" not in str(caught.value)


def test_hook_raising_is_skipped_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> list[RubricSpec]:
        raise RuntimeError("rubric file went missing")

    broken = plugin("broken", rubrics=boom)
    good = providing("good", _rubric("good"))
    pm = get_plugin_manager(load_entry_points=False, plugins=[broken, good])
    monkeypatch.delenv("CIVSCORE_PLUGINS_STRICT", raising=False)
    with pytest.warns(PluginWarning, match=r"'broken' failed in civscore_rubrics: RuntimeError: "
                                           r"rubric file went missing; skipped"):
        registry = Registry(pm)
    assert [e.ref for e in registry.rubrics()] == ["good@1"]
    monkeypatch.setenv("CIVSCORE_PLUGINS_STRICT", "1")
    with pytest.raises(PluginError, match="rubric file went missing") as caught:
        Registry(pm)
    assert isinstance(caught.value.__cause__, RuntimeError)


def _three(entry_points: Callable[..., None]) -> None:
    entry_points(*(FakeEntryPoint(n, providing(n, _rubric(n))) for n in ("a", "b", "c")))


def _refs(pm: Any) -> list[str]:
    return [e.ref for e in Registry(pm).rubrics()]


def test_allow_list_by_env(entry_points: Callable[..., None],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    _three(entry_points)
    monkeypatch.setenv("CIVSCORE_PLUGINS_ALLOW", "a, c")
    assert _refs(get_plugin_manager()) == ["a@1", "c@1"]
    monkeypatch.setenv("CIVSCORE_PLUGINS_ALLOW", "civscore-b")  # a distribution name
    assert _refs(get_plugin_manager()) == ["b@1"]
    assert _refs(get_plugin_manager(allow=["a"])) == ["a@1"]  # the argument wins


def test_an_allow_list_naming_no_installed_plugin_is_a_warning(
        entry_points: Callable[..., None], monkeypatch: pytest.MonkeyPatch) -> None:
    _three(entry_points)
    monkeypatch.setenv("CIVSCORE_PLUGINS_ALLOW", "a, bb")  # a typo of b
    with pytest.warns(PluginWarning, match="'bb'") as caught:
        assert _refs(get_plugin_manager()) == ["a@1"]
    assert "'a'" not in str(caught[0].message)
    monkeypatch.setenv("CIVSCORE_PLUGINS_STRICT", "1")
    with pytest.raises(PluginError, match="'bb'"):
        get_plugin_manager()


def test_deny_list_by_env(entry_points: Callable[..., None],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    _three(entry_points)
    monkeypatch.setenv("CIVSCORE_PLUGINS_DENY", "b")
    assert _refs(get_plugin_manager()) == ["a@1", "c@1"]
    monkeypatch.setenv("CIVSCORE_PLUGINS_ALLOW", "a,b")
    assert _refs(get_plugin_manager()) == ["a@1"]  # deny beats allow
    monkeypatch.delenv("CIVSCORE_PLUGINS_ALLOW")
    monkeypatch.setenv("CIVSCORE_PLUGINS_DENY", "civscore-a,civscore-c")
    assert _refs(get_plugin_manager()) == ["b@1"]


def test_entry_point_distribution_and_version_are_recorded(
        entry_points: Callable[..., None]) -> None:
    entry_points(FakeEntryPoint("alpha", providing("alpha", _rubric("alpha")),
                                dist="civscore-alpha", version="2.3"))
    registry = Registry(get_plugin_manager())
    entry = registry.entry("alpha")
    assert (entry.provider, entry.distribution, entry.provider_version) == (
        "alpha", "civscore-alpha", "2.3")
    assert registry.plugins_for(entry.rubric) == {"civscore-alpha": "2.3"}
    card = registry.score(Assessment("alpha@1", "u", findings=(
        Finding("a", points=Decimal(5)), Finding("b", points=Decimal(4)))))
    assert card.plugins == {"civscore-alpha": "2.3"}


# -- duplicates ----------------------------------------------------------------------------


def test_duplicate_rubric_names_both_providers() -> None:
    first, second = providing("first", _rubric("same")), providing("second", _rubric("same"))
    with pytest.raises(PluginError, match="rubric same@1 is provided by both 'first' and "
                                          "'second'"):
        registry_of(first, second, strict=True)
    with pytest.warns(PluginWarning, match="rubric same@1 is provided by both 'first' and "
                                           "'second'.*neither is used"):
        registry = registry_of(second, first, strict=False)
    assert registry.rubrics() == []
    assert registry.conflicts == {"rubric same@1": ("first", "second")}
    for ref in ("same@1", "same"):
        with pytest.raises(PluginError, match=r"both 'first' and 'second'.*CIVSCORE_PLUGINS_DENY"):
            registry.get(ref)


def test_duplicate_does_not_hide_other_versions() -> None:
    first = providing("first", _rubric("same", "2"), _rubric("same", "1"))
    second = providing("second", _rubric("same", "2"))
    with pytest.warns(PluginWarning):
        registry = registry_of(first, second, strict=False)
    assert registry.get("same@1").version == "1"
    with pytest.raises(PluginError, match="same@2"):
        registry.get("same")  # the latest is ambiguous: say so, do not fall back silently


def test_duplicate_method_names_both_providers_and_builtins_stay() -> None:
    one = plugin("one", methods=lambda: [PerItem()])
    two = plugin("two", methods=lambda: [PerItem()])
    with pytest.raises(PluginError, match="scoring method 'per_item' is provided by both 'one' "
                                          "and 'two'"):
        registry_of(one, two, strict=True)

    class FakeDeduct(PerItem):
        name = "deduct"

    rogue = plugin("rogue", methods=lambda: [FakeDeduct()])
    with pytest.warns(PluginWarning, match="scoring method 'deduct' is built into civscore; "
                                           "the one from 'rogue' is ignored"):
        registry = registry_of(rogue, strict=False)
    assert registry.methods["deduct"] is BUILTIN_METHODS["deduct"]


# -- misspelled hooks ----------------------------------------------------------------------


def test_decorated_misspelled_hook_is_reported() -> None:
    @hookimpl
    def civscore_rubric() -> list[RubricSpec]:
        return []

    typo = types.SimpleNamespace(__name__="typo", civscore_rubric=civscore_rubric)
    raw = pluggy.PluginManager("civscore")  # what pluggy's check_pending says about it
    raw.add_hookspecs(civscore.plugins.hookspecs)
    raw.register(typo)
    with pytest.raises(pluggy.PluginValidationError, match="unknown hook 'civscore_rubric'"):
        raw.check_pending()
    with pytest.warns(PluginWarning, match=r"'typo' implements 'civscore_rubric', which is not a "
                                           r"civscore hook; did you mean 'civscore_rubrics'\?"):
        pm = get_plugin_manager(load_entry_points=False, plugins=[typo], strict=False)
    assert pm.get_plugin("typo") is None
    with pytest.raises(PluginError, match="implements 'civscore_rubric'"):
        get_plugin_manager(load_entry_points=False, plugins=[typo], strict=True)


def test_implementation_asking_for_unknown_arguments_is_refused() -> None:
    @hookimpl
    def civscore_rubrics(locality: str) -> list[RubricSpec]:
        return []

    greedy = types.SimpleNamespace(__name__="greedy", civscore_rubrics=civscore_rubrics)
    with pytest.warns(PluginWarning, match=r"(?s)'greedy' could not be registered: .*locality"):
        pm = get_plugin_manager(load_entry_points=False, plugins=[greedy], strict=False)
    assert pm.get_plugin("greedy") is None


def test_undecorated_lookalike_is_reported() -> None:
    def civscore_scoring_method() -> list[ScoringMethod]:
        return []

    lookalike = types.SimpleNamespace(__name__="lookalike",
                                      civscore_scoring_method=civscore_scoring_method)
    with pytest.warns(PluginWarning, match=r"'lookalike' defines 'civscore_scoring_method', "
                                           r"which is not a civscore hook; did you mean "
                                           r"'civscore_scoring_methods'"):
        get_plugin_manager(load_entry_points=False, plugins=[lookalike], strict=False)
    with pytest.raises(PluginError, match="civscore_scoring_method"):
        get_plugin_manager(load_entry_points=False, plugins=[lookalike], strict=True)


def test_undecorated_hook_is_reported() -> None:
    def civscore_rubrics() -> list[RubricSpec]:
        return [RubricSpec(rubric=_rubric("never"))]

    forgot = types.SimpleNamespace(__name__="forgot", civscore_rubrics=civscore_rubrics)
    with pytest.warns(PluginWarning, match="'forgot' defines 'civscore_rubrics' without "
                                           "@civscore.hookimpl"):
        registry = registry_of(forgot, strict=False)
    assert registry.rubrics() == []


# -- registration order never decides a result -------------------------------------------


def _extra_check(rubric: Rubric, methods: Any) -> Iterator[CheckFinding]:
    if len(rubric.categories) < 3:
        yield CheckFinding("few-categories", "info", "$.categories", "fewer than three")


EXTRA = [
    plugin("methods-plugin", methods=lambda: [PerItem()],
           checks=lambda: [CheckSpec("few-categories", _extra_check)]),
    providing("uses-method", _rubric("custom", method="per_item")),
]


def test_reverse_registration_order_changes_nothing() -> None:
    plugins: list[object] = [*LOCALITIES, *EXTRA]
    forward, backward = registry_of(*plugins), registry_of(*reversed(plugins))
    assert forward.rubrics() == backward.rubrics()
    assert list(forward.methods) == list(backward.methods)
    assert [c.name for c in forward.checks] == [c.name for c in backward.checks]
    assert forward.plugins() == backward.plugins()
    assessments = [
        Assessment("custom@1", "u", findings=(Finding("a", options={"count": 3}),
                                              Finding("b", points=Decimal(4)))),
        *(load_assessment(p) for p in sorted(PLUGINS.glob("*/tests/*assessment.toml"))),
    ]
    assert len(assessments) == 1 + 13  # one of each locality, ezhou's two units × 2017, 2018
    for assessment in assessments:
        assert forward.score(assessment) == backward.score(assessment)
    rubric = forward.get("karamay")
    assert forward.check_rubric(rubric) == backward.check_rubric(rubric)


# -- plugin methods and checks at work ------------------------------------------------------


def test_a_plugin_method_scores_a_rubric_of_another_plugin() -> None:
    registry = registry_of(*EXTRA)
    entry = registry.entry("custom@1")
    assert entry.provider == "uses-method"
    card = registry.score(Assessment("custom@1", "u", findings=(
        Finding("a", options={"count": 3}), Finding("b", points=Decimal(4)))))
    # a: 3 × 0.5 = 1.5; b: 4 → 5.5
    assert card.categories[0].score == Decimal("1.5")
    assert card.total.raw == Decimal("5.5")
    big = registry.score(Assessment("custom@1", "u", findings=(
        Finding("a", options={"count": 30}), Finding("b", points=Decimal(4)))))
    assert big.categories[0].score == 5  # 15 clamped to the item's 5 points
    # both the rubric's provider and the method's provider are recorded
    assert set(card.plugins) == {"uses-method", "methods-plugin"}


def test_rubric_with_an_unknown_method_is_skipped() -> None:
    orphan = plugin("orphan", rubrics=lambda: [RubricSpec(
        package="civscore_shegang", resource="rubrics/shegang-undated.toml")])
    with pytest.warns(PluginWarning, match="'orphan':.*unknown scoring method 'checklist'"):
        registry = registry_of(orphan, strict=False)
    assert registry.rubrics() == []


def test_plugin_checks_run_after_the_builtin_ones() -> None:
    registry = registry_of(*EXTRA)
    assert [c.name for c in registry.checks] == [*(c.name for c in BUILTIN_CHECKS),
                                                 "few-categories"]
    codes = [f.code for f in registry.check_rubric(registry.get("custom"))]
    assert codes == ["few-categories", "illustrative"]


def test_rubric_failing_checks_is_skipped() -> None:
    def strict_titles(rubric: Rubric, methods: Any) -> Iterator[CheckFinding]:
        for i, category in enumerate(rubric.categories):
            if len(category.title) < 2:
                yield CheckFinding("short-title", "error", f"$.categories[{i}].title", "too short")

    picky = plugin("picky", checks=lambda: [CheckSpec("short-title", strict_titles)])
    with pytest.warns(PluginWarning, match=r"'short': rubric short@1 fails its checks: "
                                           r"error: \$\.categories\[0\]\.title: too short"):
        registry = registry_of(picky, providing("short", _rubric("short")), strict=False)
    assert registry.rubrics() == []


# -- the registry's listing and look-up -----------------------------------------------------


def test_listing_and_lookup() -> None:
    registry = registry_of(providing("p", _rubric("x", "2010-2011"), _rubric("x", "2020"),
                                     _rubric("x", "9"), _rubric("w")))
    assert [e.ref for e in registry.rubrics()] == ["w@1", "x@9", "x@2010-2011", "x@2020"]
    assert registry.entry("x").ref == "x@2020"  # the latest, in natural order
    assert registry.get("x@9").version == "9"
    entry = registry.entry("w")
    assert (entry.id, entry.version, entry.title, entry.locality, entry.level,
            entry.provenance, entry.provider) == ("w", "1", "测试 w", "", "", "illustrative", "p")
    with pytest.raises(RubricNotFoundError, match=r"no installed rubric 'y'.*w@1"):
        registry.get("y")
    with pytest.raises(RubricNotFoundError):
        registry.get("x@1")


def test_installed_localities() -> None:
    registry = registry_of(*LOCALITIES)
    rows = [(e.ref, e.locality, e.level, e.provenance, e.distribution) for e in registry.rubrics()]
    assert rows == [
        ("baoying@2007-2008", "宝应县", "city", "illustrative", "civscore-baoying"),
        ("danjiangkou@2010-2011", "丹江口市", "county", "quoted", "civscore-danjiangkou"),
        ("ezhou@2017", "鄂州市", "city", "official", "civscore-ezhou"),
        ("ezhou@2018", "鄂州市", "city", "illustrative", "civscore-ezhou"),
        ("hefei@2013", "合肥市", "city", "illustrative", "civscore-hefei"),
        ("hubei@undated", "湖北省", "province", "quoted", "civscore-hubei"),
        ("huixian@undated", "辉县市", "", "illustrative", "civscore-huixian"),
        ("karamay@2009", "克拉玛依市", "province", "illustrative", "civscore-karamay"),
        ("national@2012", "全国", "national", "illustrative", "civscore-national"),
        ("panan@2011", "磐安县", "city", "illustrative", "civscore-panan"),
        ("shegang@undated", "社港镇", "", "illustrative", "civscore-shegang"),
    ]
    for entry in registry.rubrics():
        assert entry.provider_version == "0.1.0"
        assert entry.rubric.source
        errors = [f for f in registry.check_rubric(entry.rubric) if f.severity == "error"]
        assert errors == [], entry.ref


def test_default_registry_uses_the_installed_entry_points() -> None:
    refs = {e.ref for e in default_registry().rubrics()}
    assert {"danjiangkou@2010-2011", "hubei@undated", "shegang@undated"} <= refs
    assert default_registry() is default_registry()


@pytest.mark.parametrize(("raised", "said"), [
    (ZeroDivisionError("division by zero"), "ZeroDivisionError"),
    (SystemExit(0), "SystemExit"),  # sys.exit() in a method must not end the host
])
def test_a_plugin_method_that_raises_becomes_a_scoring_error_naming_the_item(
        raised: BaseException, said: str) -> None:
    class Broken:
        name = "broken"

        def validate(self, item: object) -> Iterator[Problem]:
            return iter(())

        def check(self, item: object, finding: object) -> Iterator[Problem]:
            return iter(())

        def score(self, item: object, finding: object) -> tuple[object, ...]:
            raise raised

        def bounds(self, item: object) -> tuple[Decimal, Decimal]:
            return Decimal(0), Decimal(1)

    methods = {"broken": Broken()}
    rubric = civscore.rubric_from_dict(
        {"id": "t", "version": "1", "title": "t", "total": 1, "provenance": "illustrative",
         "source": "test", "categories": [{"id": "a", "title": "A", "points": 1,
                                           "method": "broken"}]},
        methods=methods)  # type: ignore[arg-type]
    assessment = civscore.assessment_from_dict({"rubric": "t@1", "unit": "u"})
    with pytest.raises(civscore.ScoringError, match=rf"^a: scoring method 'broken' failed: "
                                                    rf"{said}"):
        civscore.score(rubric, assessment, methods=methods)  # type: ignore[arg-type]


# -- a lazy registry loads only the rubric asked for -------------------------------------

EXAMPLE = PLUGINS.parent / "examples" / "danjiangkou-education-2010-2011.toml"


def _bad_file_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """A plugin package whose rubric file declares ``broken@1`` at the top
    but does not load (an unknown key further down)."""
    write_rubric_plugin(
        tmp_path, "civscore_testbadfile",
        'id = "broken"\nversion = "1"\ntitle = "坏"\nprovenance = "illustrative"\n'
        'source = "test"\ntotal = 10\n[[categories]]\nid = "a"\ntitle = "甲"\npoints = 10\n'
        'method = "direct"\npionts = 3\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    import civscore_testbadfile  # type: ignore[import-not-found]

    return civscore_testbadfile


def _broken_siblings(bad_file: object) -> list[object]:
    """Plugins each of whose rubrics fails to load: an unreadable file, a file
    that is not TOML, a rubric using a method nobody provides, a file with a
    mistake below its top-level keys, and an invalid spec."""
    return [
        plugin("unreadable", rubrics=lambda: [RubricSpec(package="civscore",
                                                         resource="nope.toml")]),
        plugin("not-toml", rubrics=lambda: [RubricSpec(
            package="civscore", resource="schemas/rubric.schema.json")]),
        plugin("orphan", rubrics=lambda: [RubricSpec(
            package="civscore_shegang", resource="rubrics/shegang-undated.toml")]),
        plugin("both", rubrics=lambda: [RubricSpec(package="x", resource="y.toml",
                                                   rubric=_rubric("both"))]),
        bad_file,
    ]


@pytest.mark.parametrize("strict", [False, True])
def test_a_broken_sibling_does_not_stop_a_lazy_lookup(
        strict: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    siblings = _broken_siblings(_bad_file_plugin(tmp_path, monkeypatch))
    pm = get_plugin_manager(load_entry_points=False, strict=strict,
                            plugins=[civscore_danjiangkou, *siblings])
    with pytest.warns(PluginWarning) if not strict else pytest.raises(PluginError):
        Registry(pm, strict=strict)  # an eager registry loads (and reports) them all
    registry = Registry(pm, strict=strict, lazy=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is reported: the siblings are not loaded
        card = registry.score(load_assessment(EXAMPLE))
        assert registry.entry("danjiangkou").ref == "danjiangkou@2010-2011"
    assert card.total.raw == 97
    assert card.plugins == {"civscore-danjiangkou": "0.1.0"}
    if strict:  # listing loads every rubric, so the first broken one raises
        with pytest.raises(PluginError, match=r"'both': .* must give exactly one of"):
            registry.rubrics()
        return
    with pytest.warns(PluginWarning) as caught:
        assert [e.ref for e in registry.rubrics()] == ["danjiangkou@2010-2011"]
    messages = sorted(str(w.message) for w in caught)
    assert len(messages) == len(siblings), messages
    assert any("'civscore_testbadfile'" in m and "pionts" in m for m in messages)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # reported once
        assert [e.ref for e in registry.rubrics()] == ["danjiangkou@2010-2011"]


def test_default_registry_is_lazy(entry_points: Callable[..., None],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    entry_points(FakeEntryPoint("danjiangkou", civscore_danjiangkou),
                 FakeEntryPoint("unreadable", plugin("unreadable", rubrics=lambda: [
                     RubricSpec(package="civscore", resource="nope.toml")])))
    monkeypatch.setenv("CIVSCORE_PLUGINS_STRICT", "1")
    default_registry.cache_clear()
    try:
        registry = default_registry()
        assert registry.get("danjiangkou@2010-2011").total == 100
        with pytest.raises(PluginError, match=r"nope\.toml"):
            registry.rubrics()
    finally:
        default_registry.cache_clear()


def _overlay_spec(ident: str, extends: str, points: int = 4) -> RubricSpec:
    return RubricSpec(overlay=overlay_from_dict(parse_toml(f"""
        extends = "{extends}"
        id = "{ident}"
        version = "1"
        title = "改编 {ident}"
        provenance = "illustrative"
        source = "written for the plugin tests"
        [[overrides]]
        path = "categories.a"
        points = {points}
        [[overrides]]
        path = "categories.b"
        points = {10 - points}
        """)))


def _scenarios(bad_file: object) -> dict[str, list[object]]:
    """Plugin sets covering everything the registry decides about rubrics."""
    def refuse_short(rubric: Rubric, methods: Any) -> Iterator[CheckFinding]:
        if rubric.id == "short":
            yield CheckFinding("short", "error", "$.id", "refused")

    return {
        "localities": [*LOCALITIES, *EXTRA],
        "versions": [providing("p", _rubric("x", "2010-2011"), _rubric("x", "2020"),
                               _rubric("x", "9"), _rubric("w"))],
        "duplicates": [providing("first", _rubric("same", "2"), _rubric("same", "1")),
                       providing("second", _rubric("same", "2"), _rubric("other")),
                       providing("third", _rubric("same", "01"), _rubric("tie", "01")),
                       providing("fourth", _rubric("tie", "1"))],  # versions 01 and 1 tie
        "broken": [civscore_hubei, *_broken_siblings(bad_file),
                   plugin("picky", checks=lambda: [CheckSpec("short", refuse_short)]),
                   providing("short", _rubric("short"), _rubric("short", "0"))],
        "overlays": [
            providing("base", _rubric("prov"), _rubric("twice")),
            providing("again", _rubric("twice")),
            plugin("city", rubrics=lambda: [
                _overlay_spec("prov.city", "prov@1"),  # on a plain rubric
                _overlay_spec("prov.city.district", "prov.city@1", 6),  # on an overlay
                _overlay_spec("lost", "missing@1"),  # its base is not installed
                _overlay_spec("loop.a", "loop.b@1"), _overlay_spec("loop.b", "loop.a@1"),
                _overlay_spec("on-twice", "twice@1"),  # its base is offered twice
                _overlay_spec("bad", "prov@1", 11),  # points that cannot be
            ]),
        ],
    }


def _outcome(registry: Registry, ref: str) -> object:
    try:
        return registry.entry(ref)
    except (PluginError, RubricNotFoundError) as exc:
        return type(exc), str(exc)


def test_a_lazy_registry_answers_as_an_eager_one(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name, plugins in _scenarios(_bad_file_plugin(tmp_path, monkeypatch)).items():
        pm = get_plugin_manager(load_entry_points=False, plugins=plugins, strict=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PluginWarning)
            eager = Registry(pm, strict=False)
            lazy = Registry(pm, strict=False, lazy=True)
            refs = {e.ref for e in eager.rubrics()} | {
                what.removeprefix("rubric ") for what in eager.conflicts
                if what.startswith("rubric ")}
            refs |= {"nope", "nope@1", "broken@1", "bad@1", "lost@1", "loop.a@1", "short@1"}
            for ref in sorted(refs | {r.partition("@")[0] for r in refs}):
                fresh = Registry(pm, strict=False, lazy=True)  # nothing loaded yet
                assert _outcome(fresh, ref) == _outcome(eager, ref), (name, ref)
                assert _outcome(lazy, ref) == _outcome(eager, ref), (name, ref)
            for entry in eager.rubrics():
                fresh = Registry(pm, strict=False, lazy=True)
                assert fresh.plugins_for(entry.rubric) == eager.plugins_for(entry.rubric)
                assert fresh.changes(entry.ref) == eager.changes(entry.ref)
            assert lazy.rubrics() == eager.rubrics(), name
            assert lazy.conflicts == eager.conflicts, name
            assert Registry(pm, strict=False, lazy=True).conflicts == eager.conflicts, name


def test_a_lazy_registry_resolves_an_overlay_on_its_bases_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugins = _scenarios(_bad_file_plugin(tmp_path, monkeypatch))["overlays"]
    pm = get_plugin_manager(load_entry_points=False, plugins=plugins, strict=True)
    registry = Registry(pm, strict=True, lazy=True)  # strict: any broken overlay loaded raises
    entry = registry.entry("prov.city.district")
    assert (entry.ref, entry.extends, entry.rubric.categories[0].points) == (
        "prov.city.district@1", "prov.city@1", Decimal(6))
    assert set(registry.plugins_for(entry.rubric)) == {"base", "city"}
    assert registry.get("prov.city@1").categories[0].points == 4
    with pytest.raises(PluginError, match="rubric twice@1 is provided by both"):
        registry.get("on-twice@1")
