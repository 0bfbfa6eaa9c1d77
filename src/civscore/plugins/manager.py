"""Plugin discovery: the plugin manager, allow and deny lists, strict mode,
and how a plugin's problems are reported.

Plugins are found through the ``civscore`` entry-point group and registered
on a :class:`CivscorePluginManager`; the built-in scoring methods and checks
come from the default plugin :mod:`civscore.plugins.builtin` through the same hooks.
Nothing is discovered at import time: :func:`civscore.plugins.default_registry`
builds the registry on first use, and tests build their own with
:func:`get_plugin_manager` and :class:`civscore.plugins.Registry`.

A broken plugin never takes the host down: a plugin that fails to import,
whose hook raises, that registers something invalid, or that implements a
misspelled hook is skipped (or the offending part ignored) with a
:class:`PluginWarning` naming it and the error.  Results never depend on the
order plugins are registered in: what the hooks return is sorted by plugin
name and then by the name of each thing registered.

Environment variables (read when the plugin manager and registry are built):

``CIVSCORE_PLUGINS_STRICT=1``
    every such problem raises :class:`~civscore.exceptions.PluginError` instead.
``CIVSCORE_PLUGINS_ALLOW=a,b``
    load only these entry points (by entry-point or distribution name).
``CIVSCORE_PLUGINS_DENY=a,b``
    never load these entry points (by entry-point or distribution name).
"""

from __future__ import annotations

import difflib
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs
import pluggy

from civscore._version import __version__
from civscore.exceptions import PluginError
from civscore.messages import message
from civscore.plugins import builtin, hookspecs
from civscore.scoring.capture import captured, chatter

if TYPE_CHECKING:
    from collections.abc import Collection
    from importlib.metadata import EntryPoint

__all__ = [
    "ALLOW_ENV",
    "BUILTIN_NAME",
    "DENY_ENV",
    "ENTRY_POINT_GROUP",
    "STRICT_ENV",
    "CivscorePluginManager",
    "PluginInfo",
    "PluginWarning",
    "builtin_plugin_manager",
    "describe_plugin",
    "excluded",
    "get_plugin_manager",
    "load_plugin",
    "report_conflict",
    "report_output",
    "report_problem",
    "strict_default",
]

ENTRY_POINT_GROUP = "civscore"
#: The name the built-in plugin (:mod:`civscore.plugins.builtin`) is registered under.
BUILTIN_NAME = "civscore"
STRICT_ENV = "CIVSCORE_PLUGINS_STRICT"
ALLOW_ENV = "CIVSCORE_PLUGINS_ALLOW"
DENY_ENV = "CIVSCORE_PLUGINS_DENY"

_HOOK_NAMES = frozenset(n for n in dir(hookspecs) if n.startswith("civscore_"))
_IMPL_MARK = f"{hookspecs.PROJECT}_impl"  # the attribute pluggy's hookimpl sets


class PluginWarning(UserWarning):
    """A plugin was skipped, or something it registered was ignored."""


def _env_list(name: str) -> frozenset[str] | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    return frozenset(v.strip() for v in value.split(",") if v.strip())


def strict_default() -> bool:
    """Whether ``CIVSCORE_PLUGINS_STRICT`` asks for strict mode (``1``, ``true``,
    ``yes`` or ``on``)."""
    return os.environ.get(STRICT_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def report_problem(strict: bool, text: str, exc: BaseException | None = None) -> None:
    """Warn with a :class:`PluginWarning`, or in strict mode raise
    :class:`~civscore.exceptions.PluginError` (chained to ``exc``).

    ``text`` names the plugin and what is wrong; in strict mode a trailing
    ``; skipped`` (``message("plugin.skipped")``) gives way to what to do.
    The warning points at the caller's caller.
    """
    if strict:
        # Nothing is skipped in strict mode: the host stops here.
        raise PluginError(text.removesuffix(message("plugin.skipped"))
                          + message("plugin.fix")) from exc
    warnings.warn(text, PluginWarning, stacklevel=3)


def report_output(plugin: str, when: str, text: str) -> None:
    """Warn with a :class:`PluginWarning` that ``plugin`` (named as
    :func:`describe_plugin` names it) printed ``text`` to standard output
    ``when`` (``"while loading"`` …); nothing when ``text`` is empty.

    A warning in strict mode too: the text was kept off standard output, so
    it corrupts nothing, and it is not a fault of what the plugin provides.
    """
    if text:
        warnings.warn(chatter(message("plugin.who", plugin=plugin), when, text), PluginWarning,
                      stacklevel=3)


@attrs.frozen
class PluginInfo:
    """A registered plugin and where it comes from.

    :ivar name: the name it is registered under: its entry-point name, or the
        module's ``__name__`` for a plugin passed to :func:`get_plugin_manager`.
    :ivar distribution: the installed distribution providing it, e.g.
        ``civscore-hubei`` (``""`` when unknown).
    :ivar version: that distribution's version (``"unknown"`` when unknown).
    """

    name: str
    distribution: str = ""
    version: str = "unknown"

    @property
    def label(self) -> str:
        """The distribution name when known, else the plugin name: the key
        under which a scorecard records the plugin's version."""
        return self.distribution or self.name


def describe_plugin(info: PluginInfo) -> str:
    """The plugin's name quoted, with its distribution and version when known,
    as messages name it: ``'hubei' (civscore-hubei 0.1.0)``."""
    where = f" ({info.distribution} {info.version})" if info.distribution else ""
    return f"{info.name!r}{where}"


def report_conflict(what: str, providers: Iterable[str], plugin_info: Callable[[str], PluginInfo],
                    strict: bool, label: str | None = None) -> tuple[str, ...]:
    """Report that several plugins (or one, twice) provide ``what`` (``"rubric
    hubei@x"``, ``"scoring method 'checklist'"`` …), so that none of them is
    used, as :func:`report_problem` does.

    :param plugin_info: what is known about the plugin registered under a name.
    :param label: how the message names ``what``, in the current language
        (default: ``what`` as it is).
    :return: the providers' names, sorted.
    """
    names = tuple(sorted(set(providers)))
    described = message("plugin.and").join(describe_plugin(plugin_info(p)) for p in names)
    if len(names) == 1:
        described += message("plugin.twice")
    report_problem(strict, message("plugin.conflict", what=what if label is None else label,
                                   described=described, env=DENY_ENV))
    return names


class CivscorePluginManager(pluggy.PluginManager):
    """pluggy's plugin manager with civscore's hooks added, remembering the
    distribution and version of every plugin registered through
    :func:`get_plugin_manager`."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        #: the installed entry points loaded (or tried), by name: what the
        #: plugin index (:mod:`civscore.plugins.index`) records
        self.discovered: dict[str, EntryPoint] = {}
        #: the plugins a problem was reported for while loading and registering them
        self.troubled: set[str] = set()
        #: rubric files the plugin index knows: ``(package, resource)`` →
        #: ``(file, the id@version it declares)``, so that the registry need not read them
        self.rubric_files: dict[tuple[str, str], tuple[str, str]] = {}

    def plugin_info(self, name: str) -> PluginInfo:
        """What is known about the plugin registered as ``name``."""
        return self.infos.get(name) or PluginInfo(name)


class _Origins:
    """Finds the distribution of a plugin passed by object; reads the
    installed metadata once per plugin manager, and only if needed."""

    def __init__(self) -> None:
        self._by_module: dict[str, tuple[str, str]] | None = None
        self._by_package: Mapping[str, list[str]] | None = None

    def of(self, module: str) -> tuple[str, str]:
        """(distribution, version) providing ``module``: the distribution whose
        ``civscore`` entry point names it, else the one installing its
        top-level package; ``("", "unknown")`` when neither is found."""
        import importlib.metadata  # noqa: PLC0415 (start-up: the indexed commands never read the metadata)

        if self._by_module is None:
            self._by_module = {
                ep.value.partition(":")[0].strip(): (ep.dist.name, ep.dist.version)
                for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
                if ep.dist is not None}
        if module in self._by_module:
            return self._by_module[module]
        if self._by_package is None:
            self._by_package = importlib.metadata.packages_distributions()
        names = self._by_package.get(module.partition(".")[0], [])
        if not names:
            return "", "unknown"
        return names[0], importlib.metadata.version(names[0])


def get_plugin_manager(
    *,
    plugins: Iterable[object] = (),
    load_entry_points: bool = True,
    strict: bool | None = None,
    allow: Iterable[str] | None = None,
    deny: Iterable[str] | None = None,
) -> CivscorePluginManager:
    """A new plugin manager with the built-in plugin, ``plugins``, and (unless
    ``load_entry_points`` is false) the installed entry points of group
    ``civscore``, loaded in name order.

    :param plugins: extra plugin modules or objects, registered under their
        ``__name__`` (or ``repr``); allow and deny lists do not apply to them.
    :param strict: raise instead of warn (default: ``CIVSCORE_PLUGINS_STRICT``).
    :param allow: entry-point or distribution names to load (default:
        ``CIVSCORE_PLUGINS_ALLOW``, or all).
    :param deny: entry-point or distribution names never to load (default:
        ``CIVSCORE_PLUGINS_DENY``).
    :raises PluginError: in strict mode, for a plugin that fails to import,
        implements a hook civscore does not have, or defines a hook-like
        function without ``@civscore.hookimpl``.
    """
    strict = strict_default() if strict is None else strict
    allowed = _env_list(ALLOW_ENV) if allow is None else frozenset(allow)
    denied = (_env_list(DENY_ENV) if deny is None else frozenset(deny)) or frozenset()
    pm = builtin_plugin_manager()
    origins = _Origins()
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or repr(plugin)
        module = getattr(plugin, "__name__", None) or type(plugin).__module__
        dist, version = origins.of(module)
        if not dist:
            version = str(getattr(plugin, "__version__", "unknown"))
        _register(pm, plugin, PluginInfo(name, dist, version), strict)
    if load_entry_points:
        import importlib.metadata  # noqa: PLC0415 (start-up: the indexed commands never read the metadata)

        found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        known: set[str] = set()
        for ep in sorted(found, key=lambda e: e.name):
            dist = ep.dist.name if ep.dist is not None else ""
            version = ep.dist.version if ep.dist is not None else "unknown"
            known |= {ep.name, dist}
            if excluded({ep.name, dist}, allowed, denied):
                continue
            pm.discovered[ep.name] = ep
            load_plugin(pm, ep.load, PluginInfo(ep.name, dist, version), strict)
        unknown = sorted((allowed or frozenset()) - known)
        if unknown:
            # Marked troubled, so that no plugin index is written and it is said every run.
            pm.troubled.add(ALLOW_ENV)
            report_problem(strict, message("plugins.allow-unknown",
                                           setting=ALLOW_ENV if allow is None else "allow",
                                           names=", ".join(map(repr, unknown))))
    return pm


def builtin_plugin_manager() -> CivscorePluginManager:
    """A new plugin manager with only the built-in plugin registered."""
    pm = CivscorePluginManager()
    pm.register(builtin, name=BUILTIN_NAME)
    pm.infos[BUILTIN_NAME] = PluginInfo(BUILTIN_NAME, "civscore", __version__)
    return pm


def excluded(names: Collection[str], allowed: frozenset[str] | None,
             denied: frozenset[str]) -> bool:
    """Whether an entry point known by ``names`` (its own and its
    distribution's) is denied, or not allowed when an allow list is given."""
    return bool(set(names) & denied) or (allowed is not None and not set(names) & allowed)


def load_plugin(pm: CivscorePluginManager, load: Callable[[], object], info: PluginInfo,
                strict: bool) -> None:
    """Load an installed plugin with ``load`` and register it as ``info.name``;
    one that fails to load is reported (:func:`report_problem`) and skipped.
    What it prints to standard output meanwhile is reported (:func:`report_output`)."""
    with captured() as printed:  # what it prints on import must not reach stdout
        try:
            plugin = load()
        except (Exception, SystemExit) as exc:  # a broken plugin must not kill the host
            failed: BaseException | None = exc
        else:
            failed = None
    report_output(describe_plugin(info), message("plugin.while-loading"), printed.getvalue())
    if failed is not None:
        pm.troubled.add(info.name)
        report_problem(strict, message("plugin.load-failed", plugin=info.name,
                                       distribution=info.distribution or "?",
                                       error=f"{type(failed).__name__}: {failed}")
                       + message("plugin.skipped"), failed)
        return
    _register(pm, plugin, info, strict)


def _lookalikes(plugin: object, name: str) -> Iterator[str]:
    """Messages for undecorated functions that look like hooks and so will
    never be called: ``civscore_rubrics`` without ``@civscore.hookimpl``, or a
    misspelt ``civscore_rubric`` (``name``: the plugin's; decorated misspellings are found once the
    plugin is registered, as pluggy's ``check_pending`` finds them)."""
    for attr in sorted(dir(plugin)):
        if not attr.startswith(f"{hookspecs.PROJECT}_") or attr == _IMPL_MARK:
            continue
        value = getattr(plugin, attr, None)
        if not callable(value) or hasattr(value, _IMPL_MARK):
            continue
        if attr in _HOOK_NAMES:
            yield message("plugin.undecorated", plugin=name, attr=attr)
            continue
        close = _closest_hook(attr)
        hint = message("serde.did-you-mean", close=close) if close else ""
        yield message("plugin.not-a-hook", plugin=name, attr=attr, hint=hint)


def _closest_hook(name: str) -> str:
    """The civscore hook whose name is closest to ``name`` ("" if none is close)."""
    close = difflib.get_close_matches(name, sorted(_HOOK_NAMES), n=1, cutoff=0.8)
    return close[0] if close else ""


def _register(pm: CivscorePluginManager, plugin: object, info: PluginInfo,
              strict: bool) -> None:
    for text in _lookalikes(plugin, info.name):
        pm.troubled.add(info.name)
        report_problem(strict, text)
    try:
        pm.register(plugin, name=info.name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        pm.troubled.add(info.name)
        report_problem(strict, message("plugin.register-failed", plugin=info.name, error=exc)
                       + message("plugin.skipped"), exc)
        return
    # What pluggy's check_pending() would refuse, reported with a suggestion.
    unknown = sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()
                     if caller.spec is None and any(
                         impl.plugin is plugin and not impl.optionalhook
                         for impl in caller.get_hookimpls()))
    if unknown:
        pm.unregister(plugin)
        pm.troubled.add(info.name)
        name = unknown[0]
        close = _closest_hook(name)
        hint = message("serde.did-you-mean", close=close) if close else ""
        report_problem(strict, message("plugin.unknown-hook", plugin=info.name, hook=name,
                                       hint=hint))
        return
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:  # pragma: no cover - found above already
        pm.unregister(plugin)
        pm.troubled.add(info.name)
        report_problem(strict, message("plugin.error", plugin=info.name, error=exc)
                       + message("plugin.skipped"), exc)
        return
    pm.infos[info.name] = info

