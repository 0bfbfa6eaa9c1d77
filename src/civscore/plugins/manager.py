"""Plugin discovery, the typed hook facade, and the rubric registry.

Plugins are found through the ``civscore`` entry-point group and registered
on a :class:`CivscorePluginManager`; the built-in scoring methods and checks
come from the default plugin :mod:`civscore.plugins.builtin` through the same hooks.
Nothing is discovered at import time: :func:`default_registry` builds the
registry on first use, and tests build their own with
:func:`get_plugin_manager` and :class:`Registry`.

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
import functools
import importlib.metadata
import importlib.resources
import os
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import pluggy

from civscore._version import __version__
from civscore.checks import CheckFinding, CheckSpec, check_assessment, check_rubric
from civscore.exceptions import AssessmentError, PluginError, RubricError, RubricNotFoundError
from civscore.files.loader import (
    load_assessment,
    parse_toml,
    read_text,
    rubric_from_dict,
)
from civscore.model import Assessment, Criterion, Rubric
from civscore.plugins import builtin as _builtin
from civscore.plugins import hookspecs
from civscore.plugins.hookspecs import RubricSpec
from civscore.results.scorecard import Scorecard
from civscore.scoring import score
from civscore.scoring.methods import ScoringMethod

# civscore.plugins.overlay is imported when an overlay is met: few commands need it
if TYPE_CHECKING:
    from civscore.plugins.overlay import Change, Overlay

__all__ = [
    "ALLOW_ENV",
    "BUILTIN_NAME",
    "DENY_ENV",
    "ENTRY_POINT_GROUP",
    "STRICT_ENV",
    "CivscorePluginManager",
    "PluginHooks",
    "PluginInfo",
    "PluginWarning",
    "Provided",
    "Registry",
    "RubricEntry",
    "default_registry",
    "get_plugin_manager",
]

T = TypeVar("T")

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


def _strict_default() -> bool:
    return os.environ.get(STRICT_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _problem(strict: bool, message: str, exc: BaseException | None = None) -> None:
    if strict:
        # Nothing is skipped in strict mode: the host stops here.
        raise PluginError(message.removesuffix("; skipped")
                          + "; fix or uninstall the plugin, or exclude it with "
                            "CIVSCORE_PLUGINS_DENY") from exc
    warnings.warn(message, PluginWarning, stacklevel=3)


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


class CivscorePluginManager(pluggy.PluginManager):
    """pluggy's plugin manager with civscore's hooks added, remembering the
    distribution and version of every plugin registered through
    :func:`get_plugin_manager`."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}

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
    strict = _strict_default() if strict is None else strict
    allowed = _env_list(ALLOW_ENV) if allow is None else frozenset(allow)
    denied = (_env_list(DENY_ENV) if deny is None else frozenset(deny)) or frozenset()
    pm = CivscorePluginManager()
    pm.register(_builtin, name=BUILTIN_NAME)
    pm.infos[BUILTIN_NAME] = PluginInfo(BUILTIN_NAME, "civscore", __version__)
    origins = _Origins()
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or repr(plugin)
        module = getattr(plugin, "__name__", None) or type(plugin).__module__
        dist, version = origins.of(module)
        if not dist:
            version = str(getattr(plugin, "__version__", "unknown"))
        _register(pm, plugin, PluginInfo(name, dist, version), strict)
    if load_entry_points:
        found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        for ep in sorted(found, key=lambda e: e.name):
            dist = ep.dist.name if ep.dist is not None else ""
            version = ep.dist.version if ep.dist is not None else "unknown"
            if {ep.name, dist} & denied or (allowed is not None and not {ep.name, dist} & allowed):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken plugin must not kill the host
                _problem(strict, f"civscore plugin {ep.name!r} (from {dist or '?'}) failed to "
                                 f"load: {type(exc).__name__}: {exc}; skipped", exc)
                continue
            _register(pm, plugin, PluginInfo(ep.name, dist, version), strict)
    return pm


def _lookalikes(plugin: object) -> Iterator[str]:
    """Messages for undecorated functions that look like hooks and so will
    never be called: ``civscore_rubrics`` without ``@civscore.hookimpl``, or a
    misspelt ``civscore_rubric`` (decorated misspellings are found once the
    plugin is registered, as pluggy's ``check_pending`` finds them)."""
    for attr in sorted(dir(plugin)):
        if not attr.startswith(f"{hookspecs.PROJECT}_") or attr == _IMPL_MARK:
            continue
        value = getattr(plugin, attr, None)
        if not callable(value) or hasattr(value, _IMPL_MARK):
            continue
        if attr in _HOOK_NAMES:
            yield (f"defines {attr!r} without @civscore.hookimpl, so it is never called; "
                   "decorate it")
            continue
        close = _closest_hook(attr)
        hint = f"; did you mean {close!r}?" if close else ""
        yield f"defines {attr!r}, which is not a civscore hook{hint}"


def _closest_hook(name: str) -> str:
    """The civscore hook whose name is closest to ``name`` ("" if none is close)."""
    close = difflib.get_close_matches(name, sorted(_HOOK_NAMES), n=1, cutoff=0.8)
    return close[0] if close else ""


def _register(pm: CivscorePluginManager, plugin: object, info: PluginInfo,
              strict: bool) -> None:
    for message in _lookalikes(plugin):
        _problem(strict, f"civscore plugin {info.name!r} {message}")
    try:
        pm.register(plugin, name=info.name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        _problem(strict, f"civscore plugin {info.name!r} could not be registered: {exc}; "
                         "skipped", exc)
        return
    # What pluggy's check_pending() would refuse, reported with a suggestion.
    unknown = sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()
                     if caller.spec is None and any(
                         impl.plugin is plugin and not impl.optionalhook
                         for impl in caller.get_hookimpls()))
    if unknown:
        pm.unregister(plugin)
        name = unknown[0]
        close = _closest_hook(name)
        hint = f"; did you mean {close!r}?" if close else ""
        _problem(strict, f"civscore plugin {info.name!r} implements {name!r}, which is not a "
                         f"civscore hook{hint} (plugin skipped)")
        return
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:  # pragma: no cover - found above already
        pm.unregister(plugin)
        _problem(strict, f"civscore plugin {info.name!r}: {exc}; skipped", exc)
        return
    pm.infos[info.name] = info


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
    mode) and the others still count; results are sorted by plugin name, so
    registration order never shows through.  Entries of the wrong type are
    reported and dropped.
    """

    def __init__(self, pm: pluggy.PluginManager, *, strict: bool = False) -> None:
        self._pm = pm
        self._strict = strict

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
        return self._collect("civscore_rubrics", convert, "a RubricSpec")

    def scoring_methods(self) -> list[Provided[ScoringMethod]]:
        """Every plugin's :func:`~civscore.plugins.hookspecs.civscore_scoring_methods`."""
        def convert(value: object) -> ScoringMethod | None:
            ok = isinstance(value, ScoringMethod) and isinstance(getattr(value, "name", None), str)
            return value if ok else None  # type: ignore[return-value]
        return self._collect("civscore_scoring_methods", convert,
                             "a scoring method (see civscore.scoring.methods.ScoringMethod)")

    def rubric_checks(self) -> list[Provided[CheckSpec]]:
        """Every plugin's :func:`~civscore.plugins.hookspecs.civscore_rubric_checks`."""
        def convert(value: object) -> CheckSpec | None:
            return value if isinstance(value, CheckSpec) else None
        return self._collect("civscore_rubric_checks", convert, "a CheckSpec")

    def _collect(self, hook_name: str, convert: Callable[[object], T | None],
                 expected: str, **kwargs: Any) -> list[Provided[T]]:
        out: list[Provided[T]] = []
        for provider, results in self._call(hook_name, kwargs):
            for value in results:
                converted = convert(value)
                if converted is None:
                    _problem(self._strict, f"civscore plugin {provider!r} returned {value!r} from "
                                           f"{hook_name}, which is not {expected}; ignored")
                    continue
                out.append(Provided(provider, converted))
        return out

    def _call(self, hook_name: str, kwargs: Mapping[str, Any]) -> list[tuple[str, list[object]]]:
        out: list[tuple[str, list[object]]] = []
        for impl in getattr(self._pm.hook, hook_name).get_hookimpls():
            name = impl.plugin_name
            if impl.hookwrapper or impl.wrapper:
                _problem(self._strict, f"civscore plugin {name!r} implements {hook_name} as a "
                                       "wrapper; civscore hooks take plain implementations only")
                continue
            try:
                result = impl.function(*(kwargs[arg] for arg in impl.argnames))
                values = list(result or ())
            except Exception as exc:  # one failing plugin must not stop the others
                _problem(self._strict, f"civscore plugin {name!r} failed in {hook_name}: "
                                       f"{type(exc).__name__}: {exc}; skipped", exc)
                continue
            out.append((name, values))
        return sorted(out, key=lambda pair: pair[0])


@attrs.frozen
class RubricEntry:
    """An installed rubric, with the plugin that provides it.

    :ivar rubric: the rubric (an overlay already resolved to a plain rubric).
    :ivar provider: the providing plugin's name.
    :ivar provider_version: the providing distribution's version.
    :ivar distribution: the providing distribution (``""`` when unknown).
    :ivar extends: for an overlay, the ``id@version`` of its base; else ``""``.
    :ivar changes: for an overlay, what it changed in its base.
    """

    rubric: Rubric
    provider: str
    provider_version: str
    distribution: str = ""
    extends: str = ""
    changes: tuple[Change, ...] = ()

    @property
    def ref(self) -> str:
        """``id@version``."""
        return self.rubric.ref

    @property
    def id(self) -> str:
        """The rubric id."""
        return self.rubric.id

    @property
    def version(self) -> str:
        """The rubric's period or edition."""
        return self.rubric.version

    @property
    def title(self) -> str:
        """测评体系名称."""
        return self.rubric.title

    @property
    def locality(self) -> str:
        """地区 name, ``""`` when the rubric names none."""
        return self.rubric.locality.name if self.rubric.locality is not None else ""

    @property
    def level(self) -> str:
        """评定级别 (county … national), ``""`` when the rubric names none."""
        return self.rubric.level or ""

    @property
    def provenance(self) -> str:
        """official, quoted or illustrative."""
        return self.rubric.provenance


def _version_key(version: str) -> tuple[tuple[int, Any], ...]:
    """Natural order: ``2010-2011`` < ``2020``; digits compare as numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|\D+", version))


def _methods_used(items: Iterable[Criterion]) -> Iterator[str]:
    for item in items:
        if item.method is not None:
            yield item.method
        yield from _methods_used(item.criteria)


class _Pending:
    """A plugin's overlay waiting for its base."""

    __slots__ = ("overlay", "provider", "source")

    def __init__(self, provider: str, overlay: Overlay, source: str) -> None:
        self.provider = provider
        self.overlay = overlay
        self.source = source


class _Unsure(Exception):  # noqa: N818 (a signal inside the registry, never raised to callers)
    """Loading one rubric on its own cannot tell what loading every rubric
    would (it is offered twice, or fails to load, resolve or pass its checks):
    the registry loads them all, which also reports what is wrong."""


#: A table header (``[x]``, ``[[x]]``) opening a line: a TOML file's
#: top-level keys are the ones before the first.
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _declared_ref(text: str) -> str:
    """The ``id@version`` that the top-level keys of a rubric or overlay file
    declare, read without parsing the rest of the file; ``""`` when it
    declares none (such a file cannot load)."""
    header = _TABLE_HEADER.search(text)
    try:
        data = parse_toml(text[:header.start()] if header else text, error=RubricError)
    except RubricError:
        # The "[" opens a line inside a multi-line string or array: read it all.
        try:
            data = parse_toml(text, error=RubricError)
        except RubricError:
            return ""
    ident, version = data.get("id"), data.get("version")
    return f"{ident}@{version}" if isinstance(ident, str) and isinstance(version, str) else ""


class Registry:
    """The installed rubrics, scoring methods and checks, gathered from a
    plugin manager's hooks, validated, and sorted by name.

    Every rubric a plugin provides is loaded, overlays are resolved on their
    bases (in any plugin), and each is run through the consistency checks; a
    rubric that fails to load, resolve or pass the checks is skipped with a
    :class:`PluginWarning`.  The same rubric ``id@version`` (or method or
    check name) from two plugins is an error naming both: in strict mode it
    raises at once; otherwise neither is registered, a warning names both,
    and asking for it raises :class:`PluginError`.  A plugin may not replace
    a built-in method or check.

    A **lazy** registry (``lazy=True``; :func:`default_registry` is one)
    calls the hooks when it is built, but loads a plugin's rubric only when it
    is asked for: :meth:`get` (:meth:`entry`, :meth:`score` …) reads the
    ``id`` and ``version`` at the top of each rubric file and loads only the
    file that declares the rubric asked for (and, for an overlay, its bases).
    Every answer is the one the eager registry gives; a problem in a rubric
    nobody asked for is reported, or raised in strict mode, only when every
    rubric is loaded: by :meth:`rubrics` and :attr:`conflicts`, and by a
    look-up that fails or finds the rubric offered twice or broken.

    :param pm: a plugin manager from :func:`get_plugin_manager`.
    :param strict: raise instead of warn (default: ``CIVSCORE_PLUGINS_STRICT``).
    :param lazy: load rubrics when first asked for rather than at once.
    :raises PluginError: in strict mode, for any problem above.
    """

    def __init__(self, pm: pluggy.PluginManager, *, strict: bool | None = None,
                 lazy: bool = False) -> None:
        self._pm = pm
        self._strict = _strict_default() if strict is None else strict
        self.hooks = PluginHooks(pm, strict=self._strict)
        self._conflicts: dict[str, tuple[str, ...]] = {}
        self._method_owner: dict[str, str] = {}
        self.methods: Mapping[str, ScoringMethod] = self._collect_methods()
        self.checks: tuple[CheckSpec, ...] = self._collect_checks()
        self._offered: list[Provided[RubricSpec]] = self.hooks.rubrics()
        self._lock = threading.RLock()
        #: what each offered rubric (by index in _offered) loaded as, once loaded
        self._loads: dict[int, Rubric | tuple[Overlay, str]] = {}
        #: the text of offered rubric files, read to find what they declare
        self._texts: dict[int, str] = {}
        #: id@version → the offered rubrics declaring it (lazy look-ups only)
        self._declared: dict[str, list[int]] | None = None
        #: what lazy look-ups found, before everything is loaded
        self._found: dict[str, RubricEntry] = {}
        #: every installed rubric, once all are loaded
        self._installed: dict[str, RubricEntry] | None = None
        if not lazy:
            self._installed = self._collect_rubrics()

    # -- collecting -------------------------------------------------------

    def plugin_info(self, name: str) -> PluginInfo:
        """Distribution and version of the plugin registered as ``name``."""
        if isinstance(self._pm, CivscorePluginManager):
            return self._pm.plugin_info(name)
        return PluginInfo(name)

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin, the built-in one included, by name."""
        return sorted((self.plugin_info(name) for name, _p in self._pm.list_name_plugin()),
                      key=lambda info: info.name)

    def provider_version(self, provider: str) -> str:
        """The installed version of a provider (civscore's own for built-ins)."""
        return self.plugin_info(provider).version

    def _describe(self, provider: str) -> str:
        info = self.plugin_info(provider)
        where = f" ({info.distribution} {info.version})" if info.distribution else ""
        return f"{provider!r}{where}"

    def _conflict(self, what: str, providers: Iterable[str]) -> None:
        names = sorted(set(providers))
        self._conflicts[what] = tuple(names)
        described = " and ".join(self._describe(p) for p in names)
        if len(names) == 1:
            described += " twice"
        _problem(self._strict, f"{what} is provided by both {described}; uninstall one or deny "
                               f"it with {DENY_ENV}=<name>; neither is used")

    def _grouped(self, found: Iterable[Provided[T]], name: Callable[[T], str],
                 kind: str) -> dict[str, tuple[str, T]]:
        """name → (provider, value); duplicates become conflicts, and a plugin
        may not take a built-in's name."""
        by_name: dict[str, list[tuple[str, T]]] = {}
        for item in found:
            by_name.setdefault(name(item.value), []).append((item.provider, item.value))
        out: dict[str, tuple[str, T]] = {}
        for key in sorted(by_name):
            providers = by_name[key]
            builtin = [p for p in providers if p[0] == BUILTIN_NAME]
            if builtin and len(providers) > 1:
                others = ", ".join(self._describe(p) for p, _v in providers if p != BUILTIN_NAME)
                _problem(self._strict, f"{kind} {key!r} is built into civscore; the one from "
                                       f"{others} is ignored")
                out[key] = builtin[0]
            elif len(providers) > 1:
                self._conflict(f"{kind} {key!r}", (p for p, _v in providers))
            else:
                out[key] = providers[0]
        return out

    def _collect_methods(self) -> dict[str, ScoringMethod]:
        grouped = self._grouped(self.hooks.scoring_methods(), lambda m: m.name, "scoring method")
        self._method_owner = {name: provider for name, (provider, _m) in grouped.items()}
        return {name: method for name, (_p, method) in sorted(grouped.items())}

    def _collect_checks(self) -> tuple[CheckSpec, ...]:
        grouped = self._grouped(self.hooks.rubric_checks(), lambda c: c.name, "check")
        builtin = [c for p, c in grouped.values() if p == BUILTIN_NAME]
        order = {c.name: i for i, c in enumerate(_builtin.civscore_rubric_checks())}
        builtin.sort(key=lambda c: order.get(c.name, len(order)))
        others = sorted((c for p, c in grouped.values() if p != BUILTIN_NAME),
                        key=lambda c: c.name)
        return (*builtin, *others)

    def _all(self) -> dict[str, RubricEntry]:
        """Every installed rubric, loading them all the first time."""
        if self._installed is None:
            with self._lock:
                if self._installed is None:
                    self._installed = self._collect_rubrics()
        return self._installed

    def _collect_rubrics(self) -> dict[str, RubricEntry]:
        plain: list[tuple[str, Rubric]] = []
        pending: list[_Pending] = []
        for index, item in enumerate(self._offered):
            try:
                loaded = self._load(index)
            except (RubricError, PluginError) as exc:
                _problem(self._strict, f"civscore plugin {item.provider!r}: {exc}; rubric "
                                       "skipped", exc)
                continue
            if isinstance(loaded, Rubric):
                plain.append((item.provider, loaded))
            else:
                pending.append(_Pending(item.provider, *loaded))
        refs: dict[str, list[str]] = {}
        for provider, rubric in plain:
            refs.setdefault(rubric.ref, []).append(provider)
        for p in pending:
            refs.setdefault(p.overlay.ref, []).append(p.provider)
        for ref, providers in sorted(refs.items()):
            if len(providers) > 1:
                self._conflict(f"rubric {ref}", providers)
        entries: dict[str, RubricEntry] = {}
        conflicting = self._conflicting_refs
        for provider, rubric in plain:
            if rubric.ref in conflicting:
                continue
            if self._passes_checks(provider, rubric):
                entries[rubric.ref] = self._entry(rubric, provider)
        self._resolve_pending([p for p in pending if p.overlay.ref not in conflicting], entries)
        return dict(sorted(entries.items()))

    @property
    def _conflicting_refs(self) -> dict[str, tuple[str, ...]]:
        return {k.removeprefix("rubric "): v for k, v in self._conflicts.items()
                if k.startswith("rubric ")}

    def _entry(self, rubric: Rubric, provider: str, extends: str = "",
               changes: tuple[Change, ...] = ()) -> RubricEntry:
        info = self.plugin_info(provider)
        return RubricEntry(rubric, provider, info.version, info.distribution, extends, changes)

    def _passes_checks(self, provider: str, rubric: Rubric) -> bool:
        errors = [f for f in self.check_rubric(rubric) if f.severity == "error"]
        if errors:
            _problem(self._strict, f"civscore plugin {provider!r}: rubric {rubric.ref} fails its "
                                   f"checks: {'; '.join(map(str, errors))}; skipped")
        return not errors

    def _resolve_pending(self, pending: list[_Pending], entries: dict[str, RubricEntry]) -> None:
        """Resolve overlays whose base is known, repeatedly (an overlay may
        extend another overlay); what is left has a missing base or a cycle."""
        waiting = sorted(pending, key=lambda p: (p.overlay.ref, p.provider))
        progress = True
        while waiting and progress:
            progress = False
            for p in list(waiting):
                base = entries.get(p.overlay.extends)
                if base is None:
                    continue
                waiting.remove(p)
                progress = True
                try:
                    rubric, changes = self._resolve(p.overlay, base.rubric, p.source)
                except RubricError as exc:
                    _problem(self._strict, f"civscore plugin {p.provider!r}: {exc}; overlay "
                                           "skipped", exc)
                    continue
                entries[rubric.ref] = self._entry(rubric, p.provider, p.overlay.extends, changes)
        for p in waiting:
            why = ("is provided by two plugins" if p.overlay.extends in self._conflicting_refs
                   else "is not installed (or is itself an overlay in a cycle)")
            _problem(self._strict, f"civscore plugin {p.provider!r}: overlay {p.overlay.ref} "
                                   f"extends {p.overlay.extends}, which {why}; skipped")

    def _resolve(self, overlay: Overlay, base: Rubric,
                 source: str) -> tuple[Rubric, tuple[Change, ...]]:
        from civscore.plugins.overlay import apply_overlay  # noqa: PLC0415 (only overlays need it)

        resolved = apply_overlay(overlay, base, methods=self.methods, checks=self.checks,
                                 source=source)
        return resolved.rubric, resolved.changes

    def _load(self, index: int) -> Rubric | tuple[Overlay, str]:
        """The offered rubric ``index``, loaded once.

        :raises RubricError: when it does not load.
        :raises PluginError: when the spec is invalid or its file unreadable.
        """
        loaded = self._loads.get(index)
        if loaded is None:
            loaded = self._load_spec(self._offered[index].value, self._texts.get(index))
            self._loads[index] = loaded
        return loaded

    def _load_spec(self, spec: RubricSpec, text: str | None = None) -> Rubric | tuple[Overlay, str]:
        given = [x for x in (spec.rubric, spec.overlay, spec.resource or None) if x is not None]
        if len(given) != 1:
            raise PluginError(f"{spec!r} must give exactly one of rubric, overlay, or package "
                              "and resource")
        if spec.rubric is not None:
            return spec.rubric
        if spec.overlay is not None:
            return spec.overlay, f"<overlay {spec.overlay.ref} from a plugin>"
        source = f"{spec.package}:{spec.resource}"
        data = parse_toml(self._read(spec) if text is None else text, source=source,
                          error=RubricError)
        if "extends" in data:  # an overlay (civscore.plugins.overlay.is_overlay)
            from civscore.plugins.overlay import overlay_from_dict  # noqa: PLC0415 (only overlays need it)

            return overlay_from_dict(data, source=source), source
        return rubric_from_dict(data, source=source, methods=self.methods)

    @staticmethod
    def _read(spec: RubricSpec) -> str:
        """The text of a spec's rubric file.

        :raises PluginError: when it cannot be read.
        """
        if not spec.package:
            raise PluginError(f"cannot read rubric resource {spec.resource!r}: the spec gives no "
                              "package; give the package that ships the file")
        try:
            return importlib.resources.files(spec.package).joinpath(spec.resource).read_text(
                encoding="utf-8-sig")
        except (OSError, ImportError, UnicodeDecodeError, TypeError, ValueError) as exc:
            raise PluginError(f"cannot read rubric resource {spec.package}:{spec.resource}: "
                              f"{exc}") from exc

    # -- loading one rubric -------------------------------------------------

    def _declarations(self) -> dict[str, list[int]]:
        """``id@version`` → the offered rubrics (indexes) that declare it: a
        rubric or overlay object's own, a file's top-level ``id`` and
        ``version``.  One declaring nothing cannot load."""
        if self._declared is None:
            declared: dict[str, list[int]] = {}
            for index, item in enumerate(self._offered):
                spec = item.value
                given = [x for x in (spec.rubric, spec.overlay, spec.resource or None)
                         if x is not None]
                if len(given) != 1:
                    continue
                if spec.resource:
                    try:
                        self._texts[index] = self._read(spec)
                    except PluginError:
                        continue
                    ref = _declared_ref(self._texts[index])
                else:
                    ref = getattr(given[0], "ref", "")
                if ref and isinstance(ref, str):
                    declared.setdefault(ref, []).append(index)
            self._declared = declared
        return self._declared

    def _find(self, ref: str, visiting: frozenset[str] = frozenset()) -> RubricEntry | None:
        """The installed rubric ``ref`` (``None`` when no plugin offers it), as
        loading every rubric would find it, loading only the file that
        declares it and, for an overlay, its bases.

        :raises _Unsure: when only loading every rubric can tell.
        """
        if self._installed is not None:
            return self._installed.get(ref)
        found = self._found.get(ref)
        if found is not None:
            return found
        offers = self._declarations().get(ref, [])
        if not offers:
            return None
        if len(offers) > 1 or ref in visiting:  # offered twice, or an overlay cycle
            raise _Unsure
        provider = self._offered[offers[0]].provider
        try:
            loaded = self._load(offers[0])
        except (RubricError, PluginError):
            raise _Unsure from None
        if isinstance(loaded, Rubric):
            if loaded.ref != ref or any(f.severity == "error" for f in self.check_rubric(loaded)):
                raise _Unsure
            found = self._entry(loaded, provider)
        else:
            overlay, source = loaded
            base = self._find(overlay.extends, visiting | {ref}) if overlay.ref == ref else None
            if base is None:
                raise _Unsure
            try:
                rubric, changes = self._resolve(overlay, base.rubric, source)
            except RubricError:
                raise _Unsure from None
            if rubric.ref != ref:
                raise _Unsure
            found = self._entry(rubric, provider, overlay.extends, changes)
        self._found[ref] = found
        return found

    def _find_latest(self, ref: str) -> RubricEntry | None:
        """What :meth:`entry` returns for ``ref`` when a lazy look-up can tell,
        else ``None`` (then every rubric is loaded)."""
        if self._installed is not None:
            return None
        if "@" in ref:
            latest = ref
        else:
            keys = {r: _version_key(r.partition("@")[2]) for r in self._declarations()
                    if r.partition("@")[0] == ref}
            top = max(keys.values(), default=None)
            tied = [r for r, key in keys.items() if key == top]
            if len(tied) != 1:
                return None
            latest = tied[0]
        try:
            return self._find(latest)
        except _Unsure:
            return None

    def _installed_entry(self, ref: str) -> RubricEntry | None:
        """The entry of the installed rubric ``ref``, if any."""
        with self._lock:
            try:
                return self._find(ref)
            except _Unsure:
                return self._all().get(ref)

    # -- looking up -------------------------------------------------------

    @property
    def conflicts(self) -> Mapping[str, tuple[str, ...]]:
        """What two plugins both provide (``"rubric hubei@x"``, ``"scoring method
        checklist"`` …) → the plugins' names; none of it is used."""
        with self._lock:
            self._all()  # rubric conflicts are known once every rubric is loaded
            return dict(self._conflicts)

    def rubrics(self) -> list[RubricEntry]:
        """Every installed rubric, sorted by id and (naturally) by version."""
        return sorted(self._all().values(),
                      key=lambda e: (e.rubric.id, _version_key(e.rubric.version)))

    def entry(self, ref: str) -> RubricEntry:
        """The entry for ``id@version``, or for the latest version of ``id``.

        :raises RubricNotFoundError: naming the installed rubrics.
        :raises PluginError: when two plugins provide the rubric (naming both).
        """
        with self._lock:
            found = self._find_latest(ref)
        if found is not None:
            return found
        every = self._all()
        conflicting = self._conflicting_refs
        if "@" in ref:
            candidates = [ref]
        else:
            candidates = [r for r in (*every, *conflicting) if r.partition("@")[0] == ref]
            candidates.sort(key=lambda r: _version_key(r.partition("@")[2]))
        if candidates:
            latest = candidates[-1]
            if latest in conflicting:
                names = " and ".join(self._describe(p) for p in conflicting[latest])
                raise PluginError(f"rubric {latest} is provided by both {names}; uninstall one "
                                  f"or deny it with {DENY_ENV}=<name>")
            found = every.get(latest)
            if found is not None:
                return found
        installed = ", ".join(every) or "none"
        raise RubricNotFoundError(f"no installed rubric {ref!r} (installed: {installed}); "
                                  "install the locality's plugin or check the spelling")

    def get(self, ref: str) -> Rubric:
        """The rubric ``id@version``, or the latest version of ``id``.

        :raises RubricNotFoundError: when no installed plugin provides it.
        :raises PluginError: when two plugins provide it.
        """
        return self.entry(ref).rubric

    def changes(self, ref: str) -> tuple[Change, ...]:
        """What the installed overlay ``ref`` changes in its base (``()`` for a
        rubric that is not an overlay)."""
        return self.entry(ref).changes

    def load_rubric(self, path: str, *, encoding: str | None = None) -> Rubric:
        """Read a rubric file, allowing the installed plugins' methods; an
        overlay file is resolved on its installed base and checked.

        :raises RubricError: naming the file and key path.
        :raises RubricNotFoundError: when an overlay's base is not installed.
        """
        text = read_text(path, encoding=encoding, error=RubricError)
        data = parse_toml(text, source=str(path), error=RubricError)
        if "extends" in data:  # an overlay (civscore.plugins.overlay.is_overlay)
            from civscore.plugins.overlay import overlay_from_dict  # noqa: PLC0415 (only overlays need it)

            return self.resolve_overlay(overlay_from_dict(data, source=str(path)),
                                        source=str(path))
        return rubric_from_dict(data, source=str(path), methods=self.methods)

    def resolve_overlay(self, overlay: Overlay, *, source: str | None = None) -> Rubric:
        """Resolve ``overlay`` on its installed base with the installed
        methods and checks (see :func:`civscore.plugins.overlay.resolve`).

        :raises RubricNotFoundError: when the base is not installed.
        :raises RubricError: as :func:`civscore.plugins.overlay.resolve`.
        """
        from civscore.plugins.overlay import apply_overlay  # noqa: PLC0415 (only overlays need it)

        return apply_overlay(overlay, self.get(overlay.extends), methods=self.methods,
                             checks=self.checks, source=source).rubric

    def check_rubric(self, rubric: Rubric) -> list[CheckFinding]:
        """Run the built-in and the plugins' checks on ``rubric``."""
        return check_rubric(rubric, methods=self.methods, checks=self.checks)

    def check_assessment(self, rubric: Rubric, assessment: Assessment) -> list[CheckFinding]:
        """Check ``assessment`` against ``rubric`` with the installed methods."""
        return check_assessment(rubric, assessment, methods=self.methods)

    def plugins_for(self, rubric: Rubric) -> dict[str, str]:
        """``{distribution (or plugin name): version}`` of the plugins a
        rubric's scoring involves: its provider and, for an overlay, the
        providers of its bases (when ``rubric`` is the installed one), and the
        providers of the plugin scoring methods it uses.  civscore itself is
        recorded by the scorecard separately."""
        involved: set[str] = set()
        entry = self._installed_entry(rubric.ref)
        if entry is not None and (entry.rubric is rubric or entry.rubric == rubric):
            seen: set[str] = set()
            while entry is not None and entry.ref not in seen:
                seen.add(entry.ref)
                involved.add(entry.provider)
                entry = self._installed_entry(entry.extends) if entry.extends else None
        for method in _methods_used(rubric.categories):
            owner = self._method_owner.get(method)
            if owner is not None:
                involved.add(owner)
        involved.discard(BUILTIN_NAME)
        infos = (self.plugin_info(p) for p in sorted(involved))
        return {info.label: info.version for info in infos}

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
        """Load an assessment file and score it against the rubric it names.

        :raises AssessmentError: naming ``path`` and the key path.
        :raises RubricNotFoundError: when the named rubric is not installed.
        """
        assessment = load_assessment(path, encoding=encoding)
        try:
            return self.score(assessment)
        except AssessmentError as exc:
            raise AssessmentError(exc.message, source=str(path), path=exc.path) from None
        except RubricNotFoundError as exc:
            raise RubricNotFoundError(f"{path}: $.rubric: {exc}") from None


@functools.cache
def default_registry() -> Registry:
    """The registry of the installed plugins, built on first call and then
    reused (environment variables are read at that moment).  It is lazy (see
    :class:`Registry`): a rubric file is loaded when its rubric is first asked
    for, or when the rubrics are listed."""
    return Registry(get_plugin_manager(), lazy=True)
