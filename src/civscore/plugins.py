"""Plugin discovery and the rubric registry.

Plugins are found through the ``civscore`` entry-point group and registered
on a :class:`pluggy.PluginManager`; the built-in scoring methods and checks
come from the default plugin :mod:`civscore._builtin` through the same hooks.
Nothing is discovered at import time: :func:`default_registry` builds the
registry on first use, and tests build their own with
:func:`get_plugin_manager` and :class:`Registry`.

Environment variables:

``CIVSCORE_PLUGINS_STRICT=1``
    a plugin that fails to load or register raises :class:`PluginError`
    instead of being skipped with a :class:`PluginWarning`.
``CIVSCORE_PLUGINS_ALLOW=a,b``
    load only these entry points (by entry-point name).
``CIVSCORE_PLUGINS_DENY=a,b``
    never load these entry points.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.resources
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import pluggy

from civscore import _builtin, hookspecs
from civscore._version import __version__
from civscore.checks import CheckFinding, CheckSpec, check_assessment, check_rubric
from civscore.engine import score
from civscore.exceptions import PluginError, RubricError, RubricNotFoundError
from civscore.loader import load_assessment, load_rubric, parse_toml, rubric_from_dict
from civscore.methods import ScoringMethod
from civscore.model import Assessment, Rubric
from civscore.scorecard import Scorecard

__all__ = [
    "ENTRY_POINT_GROUP",
    "PluginWarning",
    "Registry",
    "RubricEntry",
    "default_registry",
    "get_plugin_manager",
]

ENTRY_POINT_GROUP = "civscore"
BUILTIN_NAME = "civscore"
_HOOK_NAMES = frozenset(n for n in dir(hookspecs) if n.startswith("civscore_"))


class PluginWarning(UserWarning):
    """A plugin was skipped or something it registered was ignored."""


def _env_list(name: str) -> frozenset[str] | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    return frozenset(v.strip() for v in value.split(",") if v.strip())


def _strict_default() -> bool:
    return os.environ.get("CIVSCORE_PLUGINS_STRICT", "").strip().lower() in {"1", "true", "yes"}


def _problem(strict: bool, message: str, exc: BaseException | None = None) -> None:
    if strict:
        raise PluginError(message) from exc
    warnings.warn(message, PluginWarning, stacklevel=3)


def _misspelled(plugin: object) -> list[str]:
    """Attributes that look like hooks but are not (``civscore_rubric`` …)."""
    names = [n for n in dir(plugin) if n.startswith("civscore_") and n not in _HOOK_NAMES]
    return [n for n in names if callable(getattr(plugin, n, None))]


def get_plugin_manager(
    *,
    plugins: Iterable[object] = (),
    load_entry_points: bool = True,
    strict: bool | None = None,
    allow: Iterable[str] | None = None,
    deny: Iterable[str] | None = None,
) -> pluggy.PluginManager:
    """A new plugin manager with the built-in plugin, ``plugins``, and the
    installed entry points of group ``civscore``.

    :param plugins: extra plugin objects or modules (registered by their
        ``__name__`` or ``repr``); used by tests.
    :param strict: raise instead of warn (default: ``CIVSCORE_PLUGINS_STRICT``).
    :param allow: entry-point names to load (default: ``CIVSCORE_PLUGINS_ALLOW``, or all).
    :param deny: entry-point names never to load (default: ``CIVSCORE_PLUGINS_DENY``).
    :raises PluginError: in strict mode, for a plugin that fails to import or
        that implements a hook civscore does not have.
    """
    strict = _strict_default() if strict is None else strict
    allowed = _env_list("CIVSCORE_PLUGINS_ALLOW") if allow is None else frozenset(allow)
    denied: frozenset[str] = (
        _env_list("CIVSCORE_PLUGINS_DENY") if deny is None else frozenset(deny)
    ) or frozenset()
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    pm.register(_builtin, name=BUILTIN_NAME)
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or repr(plugin)
        _register(pm, plugin, name, strict)
    if load_entry_points:
        found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        for ep in sorted(found, key=lambda e: e.name):
            if ep.name in denied or (allowed is not None and ep.name not in allowed):
                continue
            dist = ep.dist.name if ep.dist is not None else "?"
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken plugin must not kill the host
                _problem(strict, f"civscore plugin {ep.name!r} (from {dist}) failed to load: "
                                 f"{type(exc).__name__}: {exc}; skipped", exc)
                continue
            _register(pm, plugin, ep.name, strict)
    return pm


def _register(pm: pluggy.PluginManager, plugin: object, name: str, strict: bool) -> None:
    for attr in _misspelled(plugin):
        close = [h for h in sorted(_HOOK_NAMES) if h.rstrip("s") == attr.rstrip("s")]
        hint = f"; did you mean {close[0]!r}?" if close else ""
        _problem(strict, f"civscore plugin {name!r} defines {attr!r}, which is not a civscore "
                         f"hook{hint}")
    try:
        pm.register(plugin, name=name)
        pm.check_pending()
    except (pluggy.PluginValidationError, ValueError) as exc:
        if pm.is_registered(plugin):
            pm.unregister(plugin)
        _problem(strict, f"civscore plugin {name!r} could not be registered: {exc}; skipped", exc)


def _provider_versions() -> dict[str, tuple[str, str]]:
    """entry-point name → (distribution, version) of the installed plugins."""
    out: dict[str, tuple[str, str]] = {}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.dist is not None:
            out[ep.name] = (ep.dist.name, ep.dist.version)
    return out


@attrs.frozen
class RubricEntry:
    """A rubric in the registry, with who provides it."""

    rubric: Rubric
    provider: str
    provider_version: str

    @property
    def ref(self) -> str:
        """``id@version``."""
        return self.rubric.ref


def _version_key(version: str) -> tuple[tuple[int, Any], ...]:
    """Natural order: ``2010-2011`` < ``2020``; digits compare as numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|\D+", version))


class Registry:
    """The installed rubrics, scoring methods and checks, gathered from a
    plugin manager's hooks, validated, and sorted by name.

    :param pm: a plugin manager from :func:`get_plugin_manager`.
    :param strict: raise instead of warn on a plugin's bad registration.
    :raises PluginError: when two providers register the same rubric
        ``id@version``, method name or check name (naming both).
    """

    def __init__(self, pm: pluggy.PluginManager, *, strict: bool | None = None) -> None:
        self._pm = pm
        self._strict = _strict_default() if strict is None else strict
        self._versions = _provider_versions()
        self.methods: Mapping[str, ScoringMethod] = self._collect_methods()
        self.checks: tuple[CheckSpec, ...] = self._collect_checks()
        self._rubrics: dict[str, RubricEntry] = self._collect_rubrics()

    def _impl_results(self, hook_name: str) -> list[tuple[str, Sequence[Any]]]:
        """Call each implementation of a hook on its own, so one failing
        plugin is skipped, and return (provider, results) sorted by provider."""
        out: list[tuple[str, Sequence[Any]]] = []
        hook = getattr(self._pm.hook, hook_name)
        for impl in hook.get_hookimpls():
            try:
                result = impl.function()
            except Exception as exc:
                _problem(self._strict, f"civscore plugin {impl.plugin_name!r} failed in "
                                       f"{hook_name}: {type(exc).__name__}: {exc}; skipped", exc)
                continue
            out.append((impl.plugin_name, list(result or ())))
        return sorted(out, key=lambda pair: pair[0])

    def provider_version(self, provider: str) -> str:
        """The installed version of a provider (civscore's own for built-ins)."""
        if provider == BUILTIN_NAME:
            return __version__
        return self._versions.get(provider, ("", "unknown"))[1]

    def _collect_methods(self) -> dict[str, ScoringMethod]:
        methods: dict[str, ScoringMethod] = {}
        owner: dict[str, str] = {}
        for provider, found in self._impl_results("civscore_scoring_methods"):
            for method in found:
                name = getattr(method, "name", None)
                if not isinstance(name, str) or not isinstance(method, ScoringMethod):
                    _problem(self._strict, f"civscore plugin {provider!r} registered {method!r}, "
                                           "which is not a scoring method; ignored")
                    continue
                if name in methods:
                    raise PluginError(f"scoring method {name!r} is registered by both "
                                      f"{owner[name]!r} and {provider!r}")
                methods[name], owner[name] = method, provider
        return dict(sorted(methods.items()))

    def _collect_checks(self) -> tuple[CheckSpec, ...]:
        checks: dict[str, tuple[str, CheckSpec]] = {}
        for provider, found in self._impl_results("civscore_rubric_checks"):
            for spec in found:
                if not isinstance(spec, CheckSpec):
                    _problem(self._strict, f"civscore plugin {provider!r} registered {spec!r}, "
                                           "which is not a CheckSpec; ignored")
                    continue
                if spec.name in checks:
                    raise PluginError(f"check {spec.name!r} is registered by both "
                                      f"{checks[spec.name][0]!r} and {provider!r}")
                checks[spec.name] = (provider, spec)
        builtin = [s for p, s in checks.values() if p == BUILTIN_NAME]
        others = sorted((s for p, s in checks.values() if p != BUILTIN_NAME), key=lambda s: s.name)
        return (*builtin, *others)

    def _collect_rubrics(self) -> dict[str, RubricEntry]:
        entries: dict[str, RubricEntry] = {}
        for provider, found in self._impl_results("civscore_rubrics"):
            for spec in found:
                try:
                    rubric = self._load_spec(spec, provider)
                except (RubricError, PluginError) as exc:
                    _problem(self._strict, f"civscore plugin {provider!r}: {exc}; rubric skipped",
                             exc)
                    continue
                if rubric.ref in entries:
                    raise PluginError(f"rubric {rubric.ref} is provided by both "
                                      f"{entries[rubric.ref].provider!r} and {provider!r}; "
                                      "uninstall one or deny it with CIVSCORE_PLUGINS_DENY")
                entries[rubric.ref] = RubricEntry(rubric, provider,
                                                  self.provider_version(provider))
        return dict(sorted(entries.items()))

    def _load_spec(self, spec: object, provider: str) -> Rubric:
        if isinstance(spec, Rubric):
            return spec
        if not isinstance(spec, hookspecs.RubricSpec):
            raise PluginError(f"registered {spec!r}, which is not a RubricSpec")
        if spec.rubric is not None:
            return spec.rubric
        source = f"{spec.package}:{spec.resource}"
        try:
            text = importlib.resources.files(spec.package).joinpath(spec.resource).read_text(
                encoding="utf-8-sig")
        except (OSError, ModuleNotFoundError, UnicodeDecodeError) as exc:
            raise PluginError(f"cannot read rubric resource {source}: {exc}") from exc
        data = parse_toml(text, source=source, error=RubricError)
        return rubric_from_dict(data, source=source, methods=self.methods)

    def rubrics(self) -> list[RubricEntry]:
        """Every installed rubric, sorted by id and version."""
        return sorted(self._rubrics.values(),
                      key=lambda e: (e.rubric.id, _version_key(e.rubric.version)))

    def entry(self, ref: str) -> RubricEntry:
        """The entry for ``id@version``, or for the latest version of ``id``.

        :raises RubricNotFoundError: naming the installed rubrics.
        """
        if "@" in ref:
            found = self._rubrics.get(ref)
            if found is not None:
                return found
        else:
            versions = [e for e in self._rubrics.values() if e.rubric.id == ref]
            if versions:
                return max(versions, key=lambda e: _version_key(e.rubric.version))
        installed = ", ".join(self._rubrics) or "none"
        raise RubricNotFoundError(f"no installed rubric {ref!r} (installed: {installed}); "
                                  "install the locality's plugin or check the spelling")

    def get(self, ref: str) -> Rubric:
        """The rubric ``id@version``, or the latest version of ``id``.

        :raises RubricNotFoundError: when no installed plugin provides it.
        """
        return self.entry(ref).rubric

    def load_rubric(self, path: str, *, encoding: str | None = None) -> Rubric:
        """Read a rubric file, allowing the installed plugins' methods."""
        return load_rubric(path, encoding=encoding, methods=self.methods)

    def check_rubric(self, rubric: Rubric) -> list[CheckFinding]:
        """Run the built-in and the plugins' checks on ``rubric``."""
        return check_rubric(rubric, methods=self.methods, checks=self.checks)

    def check_assessment(self, rubric: Rubric, assessment: Assessment) -> list[CheckFinding]:
        """Check ``assessment`` against ``rubric`` with the installed methods."""
        return check_assessment(rubric, assessment, methods=self.methods)

    def plugins_for(self, rubric: Rubric) -> dict[str, str]:
        """``{provider: version}`` of the plugins a rubric's scoring involves."""
        involved: dict[str, str] = {}
        entry = self._rubrics.get(rubric.ref)
        if entry is not None and entry.rubric == rubric and entry.provider != BUILTIN_NAME:
            involved[entry.provider] = entry.provider_version
        return involved

    def score(self, assessment: Assessment, rubric: Rubric | None = None, *,
              explain: bool = True) -> Scorecard:
        """Score ``assessment`` against ``rubric`` (default: the installed
        rubric it names).

        :raises RubricNotFoundError: when the named rubric is not installed.
        :raises AssessmentError: when the assessment does not fit the rubric.
        """
        rubric = self.get(assessment.rubric) if rubric is None else rubric
        return score(rubric, assessment, methods=self.methods, plugins=self.plugins_for(rubric),
                     explain=explain)

    def score_file(self, path: str, *, encoding: str | None = None) -> Scorecard:
        """Load an assessment file and score it against the rubric it names."""
        return self.score(load_assessment(path, encoding=encoding))


@functools.cache
def default_registry() -> Registry:
    """The registry of the installed plugins, built on first call and then
    reused (environment variables are read at that moment)."""
    return Registry(get_plugin_manager())
