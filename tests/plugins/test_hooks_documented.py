"""Every hook is typed, documented with an example, reachable through the
typed facade, exercised by a test, and shown with its arguments in the
plugin author's guide (docs/plugins.md)."""

from __future__ import annotations

import inspect
import re
import typing
from pathlib import Path

import pytest

from civscore.plugins import PluginHooks, hookspecs

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "plugins.md"
HOOKS = sorted(n for n in dir(hookspecs) if n.startswith("civscore_"))


def _tests_text() -> str:
    files = [*(ROOT / "tests").rglob("test_*.py"), *(ROOT / "plugins").glob("*/tests/test_*.py")]
    return "\n".join(p.read_text(encoding="utf-8") for p in files
                     if p.name != Path(__file__).name)


def test_there_are_hooks() -> None:
    assert HOOKS == ["civscore_campaigns", "civscore_rubric_checks", "civscore_rubrics",
                     "civscore_scoring_methods"]


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_a_typed_documented_spec(name: str) -> None:
    hook = getattr(hookspecs, name)
    assert hasattr(hook, "civscore_spec"), f"{name} is not decorated with @hookspec"
    hints = typing.get_type_hints(hook)
    assert "return" in hints, f"{name} has no return annotation"
    for parameter in inspect.signature(hook).parameters:
        assert parameter in hints, f"{name}({parameter}) has no annotation"
    doc = inspect.getdoc(hook) or ""
    assert "Example::" in doc, f"{name}'s docstring has no example"
    assert "@civscore.hookimpl" in doc
    assert ".. versionadded::" in doc
    assert ":return:" in doc
    for parameter in inspect.signature(hook).parameters:
        assert f":param {parameter}:" in doc


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_typed_facade_method(name: str) -> None:
    method = getattr(PluginHooks, name.removeprefix("civscore_"), None)
    assert method is not None, f"PluginHooks has no method for {name}"
    assert typing.get_type_hints(method)["return"].__origin__ is list


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_test(name: str) -> None:
    # a test implements or calls the hook by name
    assert re.search(rf"\b{name}\b", _tests_text()), f"no test mentions {name}"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_in_the_guide_with_its_arguments(name: str) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    parameters = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
    assert f"{name}({parameters})" in guide, f"docs/plugins.md does not show {name}({parameters})"
