"""The typed hook facade: one method per hook, so that call sites are
checked by mypy (pluggy's ``pm.hook.<name>()`` returns ``Any``)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

import attrs
import pluggy

from civscore.checks import CheckFinding, CheckSpec
from civscore.exceptions import CivscoreError
from civscore.messages import message
from civscore.model import Rubric
from civscore.plugins.hookspecs import CampaignSpec, RubricSpec
from civscore.plugins.manager import (
    CivscorePluginManager,
    PluginInfo,
    describe_plugin,
    report_output,
    report_problem,
)
from civscore.scoring.capture import captured
from civscore.scoring.methods import ScoringMethod

__all__ = ["PluginHooks", "Provided", "guarded_check"]

T = TypeVar("T")


@attrs.frozen
class Provided(Generic[T]):
    """Something a plugin's hook returned, with the plugin's name."""

    provider: str
    value: T


class PluginHooks:
    """A typed facade over ``pm.hook``: one method per hook, each returning a
    typed list (pluggy's ``pm.hook.<name>()`` returns ``Any``).

    Each plugin's implementation is called on its own, so one that raises is
    skipped with a :class:`PluginWarning` (or :class:`PluginError` in strict
    mode) and the others still count; what one prints to standard output is
    kept off it and reported with a :class:`PluginWarning`; results are sorted by plugin name, so
    registration order never shows through.  Entries of the wrong type are
    reported and dropped.
    """

    def __init__(self, pm: pluggy.PluginManager, *, strict: bool = False) -> None:
        self._pm = pm
        self._strict = strict
        #: the plugins a problem was reported for (a hook that raised, an entry of
        #: the wrong type …): the plugin index never stands in for them
        self.troubled: set[str] = set()

    def _describe(self, name: str) -> str:
        pm = self._pm
        info = pm.plugin_info(name) if isinstance(pm, CivscorePluginManager) else PluginInfo(name)
        return describe_plugin(info)

    def rubrics(self) -> list[Provided[RubricSpec]]:
        """Every plugin's :func:`~civscore.plugins.hookspecs.civscore_rubrics`; a bare
        :class:`~civscore.model.Rubric` or :class:`~civscore.plugins.overlay.Overlay`
        is accepted as shorthand for a :class:`RubricSpec` holding it."""
        def convert(value: object) -> RubricSpec | None:
            if isinstance(value, RubricSpec):
                return value
            if isinstance(value, Rubric):
                return RubricSpec(rubric=value)
            # Without civscore.plugins.overlay imported, value cannot be an Overlay.
            overlay = sys.modules.get("civscore.plugins.overlay")
            if overlay is not None and isinstance(value, overlay.Overlay):
                return RubricSpec(overlay=value)
            return None
        return self._collect("civscore_rubrics", convert, message("plugin.expected-rubric"))

    def scoring_methods(self) -> list[Provided[ScoringMethod]]:
        """Every plugin's :func:`~civscore.plugins.hookspecs.civscore_scoring_methods`."""
        def convert(value: object) -> ScoringMethod | None:
            ok = isinstance(value, ScoringMethod) and isinstance(getattr(value, "name", None), str)
            return value if ok else None  # type: ignore[return-value]
        return self._collect("civscore_scoring_methods", convert,
                             message("plugin.expected-method"))

    def rubric_checks(self) -> list[Provided[CheckSpec]]:
        """Every plugin's :func:`~civscore.plugins.hookspecs.civscore_rubric_checks`."""
        def convert(value: object) -> CheckSpec | None:
            return value if isinstance(value, CheckSpec) else None
        return self._collect("civscore_rubric_checks", convert, message("plugin.expected-check"))

    def campaigns(self) -> list[Provided[CampaignSpec]]:
        """Every plugin's :func:`~civscore.plugins.hookspecs.civscore_campaigns`."""
        def convert(value: object) -> CampaignSpec | None:
            return value if isinstance(value, CampaignSpec) else None
        return self._collect("civscore_campaigns", convert,
                             message("plugin.expected-campaign"))

    def _collect(self, hook_name: str, convert: Callable[[object], T | None],
                 expected: str, **kwargs: Any) -> list[Provided[T]]:
        out: list[Provided[T]] = []
        for provider, results in self._call(hook_name, kwargs):
            for value in results:
                converted = convert(value)
                if converted is None:
                    self.troubled.add(provider)
                    report_problem(self._strict, message(
                        "plugin.not-expected", plugin=provider, value=repr(value), hook=hook_name,
                        expected=expected))
                    continue
                out.append(Provided(provider, converted))
        return out

    def _call(self, hook_name: str, kwargs: Mapping[str, Any]) -> list[tuple[str, list[object]]]:
        out: list[tuple[str, list[object]]] = []
        for impl in getattr(self._pm.hook, hook_name).get_hookimpls():
            name = impl.plugin_name
            if impl.hookwrapper or impl.wrapper:
                self.troubled.add(name)
                report_problem(self._strict, message("plugin.wrapper", plugin=name,
                                                     hook=hook_name))
                continue
            with captured() as printed:  # what it prints must not reach stdout
                try:
                    result = impl.function(*(kwargs[arg] for arg in impl.argnames))
                    # Iterable, but not a list of entries: one warning, not one per item.
                    flat = isinstance(result, (str, bytes, Mapping))
                    values = [] if flat else list(result or ())
                except (Exception, SystemExit) as exc:  # one failing plugin, not the others
                    failed: BaseException | None = exc
                else:
                    failed = None
            report_output(self._describe(name), message("plugin.in", what=hook_name),
                          printed.getvalue())
            if failed is None and flat:
                self.troubled.add(name)
                report_problem(self._strict, message("plugin.not-a-list", plugin=name,
                                                     value=repr(result), hook=hook_name))
                continue
            if failed is not None:
                self.troubled.add(name)
                report_problem(self._strict, message(
                    "plugin.failed-in", plugin=name, hook=hook_name,
                    error=f"{type(failed).__name__}: {failed}") + message("plugin.skipped"),
                               failed)
                continue
            out.append((name, values))
        return sorted(out, key=lambda pair: pair[0])


def guarded_check(spec: CheckSpec, plugin: str, strict: bool) -> CheckSpec:
    """``spec`` with its check guarded: what it prints is kept off stdout and
    reported; a check that raises, or gives other than
    :class:`~civscore.checks.CheckFinding` values (``None``, a string …), is
    reported with a :class:`PluginWarning` naming ``plugin`` (as messages name
    it), the check and the rubric, and its findings are left out (only the
    wrong entries, when the others are findings); in strict mode
    :class:`~civscore.exceptions.PluginError` is raised instead.
    """
    def check(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> list[CheckFinding]:
        found: list[object] | None = None
        failed: BaseException | None = None
        with captured() as printed:
            try:
                given: object = spec.check(rubric, methods)
                if not isinstance(given, (str, bytes)) and isinstance(given, Iterable):
                    found = list(given)
            except CivscoreError:
                raise
            except (Exception, SystemExit) as exc:  # one broken check must not stop the others
                failed = exc
        what = message("plugin.check-what", plugin=plugin, check=spec.name, ref=rubric.ref)
        report_output(plugin, message("plugin.in-check", check=spec.name), printed.getvalue())
        skipped = message("plugin.skipped")
        if failed is not None:
            report_problem(strict, message("guard.failed", what=what,
                                           error=f"{type(failed).__name__}: {failed}") + skipped,
                           failed)
            return []
        if found is None:
            report_problem(strict, message("guard.gave", what=what, given=repr(given),
                                           expected=message("plugin.expected-findings"))
                           + skipped)
            return []
        wrong = [f for f in found if not isinstance(f, CheckFinding)]
        if wrong:
            more = message("plugin.more", n=len(wrong) - 1) if len(wrong) > 1 else ""
            report_problem(strict, message("plugin.check-wrong", what=what, value=repr(wrong[0]),
                                           more=more))
        return [f for f in found if isinstance(f, CheckFinding)]

    return attrs.evolve(spec, check=check)
