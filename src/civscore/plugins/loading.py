"""Loading the rubrics that plugins offer: all at once, or lazily, only the
one asked for.

Every rubric a plugin offers is loaded, overlays are resolved on their bases
(in any plugin), and each is run through the consistency checks; one that
fails to load, resolve or pass the checks is skipped with a
:class:`~civscore.plugins.PluginWarning`, and the same ``id@version`` from
two plugins is a conflict: neither is used.  A lazy look-up reads the ``id``
and ``version`` at the top of each rubric file and loads only the file that
declares the rubric asked for (and, for an overlay, its bases); whenever
that cannot tell what loading everything would, everything is loaded.  A
file whose place and ``id@version`` the plugin index knows
(:mod:`civscore.plugins.index`) is not read until its rubric is loaded.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from civscore.checks import CheckFinding, CheckSpec, check_rubric
from civscore.exceptions import PluginError, RubricError
from civscore.messages import message
from civscore.model import Rubric
from civscore.plugins.hooks import Provided
from civscore.plugins.hookspecs import RubricSpec
from civscore.plugins.manager import PluginInfo, report_conflict, report_problem
from civscore.plugins.specs import declared_ref, load_spec, read_resource
from civscore.scoring.methods import ScoringMethod

# civscore.plugins.overlay is imported when an overlay is met: few commands need it
if TYPE_CHECKING:
    from civscore.plugins.overlay import Change, Overlay

__all__ = ["RubricEntry", "RubricLoader", "version_key"]


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


def version_key(version: str) -> tuple[tuple[int, Any], ...]:
    """Natural order: ``2010-2011`` < ``2020``; digits compare as numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|\D+", version))


class _Pending:
    """A plugin's overlay waiting for its base."""

    __slots__ = ("overlay", "provider", "source")

    def __init__(self, provider: str, overlay: Overlay, source: str) -> None:
        self.provider = provider
        self.overlay = overlay
        self.source = source


class _Unsure(Exception):  # noqa: N818 (a signal inside the loader, never raised to callers)
    """Loading one rubric on its own cannot tell what loading every rubric
    would (it is offered twice, or fails to load, resolve or pass its checks):
    every rubric is loaded then, which also reports what is wrong."""


class RubricLoader:
    """The rubrics the plugins offer, loaded all at once or, when ``lazy``,
    one at a time as they are asked for (see the module's description).

    Thread-safe: loading happens under a lock, and each rubric is loaded once.

    :param offered: what the plugins' ``civscore_rubrics`` hooks returned.
    :param methods: the installed scoring methods, by name.
    :param checks: the installed checks, built-in ones first.
    :param plugin_info: what is known about the plugin registered under a name.
    :param strict: raise :class:`~civscore.exceptions.PluginError` instead of warning.
    :param lazy: load rubrics when first asked for rather than at once.
    :param files: rubric files whose place and declared ``id@version`` are
        known, by ``(package, resource)``: ``(file, id@version)``.
    :raises PluginError: in strict mode, for a rubric that fails to load,
        resolve or pass its checks, or that two plugins provide.
    """

    def __init__(self, offered: Sequence[Provided[RubricSpec]], *,
                 methods: Mapping[str, ScoringMethod], checks: tuple[CheckSpec, ...],
                 plugin_info: Callable[[str], PluginInfo], strict: bool, lazy: bool,
                 files: Mapping[tuple[str, str], tuple[str, str]] | None = None) -> None:
        self._offered = tuple(offered)
        self._files = {} if files is None else files  # the caller may add to it
        self._methods = methods
        self._checks = checks
        self._plugin_info = plugin_info
        self._strict = strict
        self._lock = threading.RLock()
        #: "rubric id@version" → the plugins that all provide it
        self._conflicts: dict[str, tuple[str, ...]] = {}
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
        #: id(rubric) → (rubric, its check findings), for the rubrics loaded here
        self._findings: dict[int, tuple[Rubric, list[CheckFinding]]] = {}
        #: the plugins a rubric or overlay of was left out (it failed to load,
        #: to resolve or to pass its checks), each reported
        self.skipped: set[str] = set()
        if not lazy:
            self._installed = self._collect()

    @property
    def offered(self) -> tuple[Provided[RubricSpec], ...]:
        """What the plugins' ``civscore_rubrics`` hooks returned."""
        return self._offered

    def findings(self, rubric: Rubric) -> list[CheckFinding]:
        """The built-in and the plugins' check findings of ``rubric``: those
        found when it was loaded here, else found now."""
        known = self._findings.get(id(rubric))
        if known is not None and known[0] is rubric:
            return list(known[1])
        return check_rubric(rubric, methods=self._methods, checks=self._checks)

    def installed(self) -> dict[str, RubricEntry]:
        """Every installed rubric by ``id@version``, loading them all the first time."""
        if self._installed is None:
            with self._lock:
                if self._installed is None:
                    self._installed = self._collect()
        return self._installed

    @property
    def conflicts(self) -> dict[str, tuple[str, ...]]:
        """``"rubric id@version"`` → the plugins that all provide it; known
        once every rubric is loaded, so this loads them."""
        with self._lock:
            self.installed()
            return dict(self._conflicts)

    @property
    def conflicting(self) -> dict[str, tuple[str, ...]]:
        """``id@version`` → its providers, for the conflicts found so far
        (all of them once every rubric is loaded)."""
        return {k.removeprefix("rubric "): v for k, v in self._conflicts.items()
                if k.startswith("rubric ")}

    def lookup(self, ref: str) -> RubricEntry | None:
        """The installed rubric ``id@version``, or the latest version of
        ``id``, when a lazy look-up can tell; ``None`` when it cannot (then
        the caller looks in :meth:`installed`)."""
        with self._lock:
            return self._find_latest(ref)

    def installed_entry(self, ref: str) -> RubricEntry | None:
        """The entry of the installed rubric ``id@version``, if any."""
        with self._lock:
            try:
                return self._find(ref)
            except _Unsure:
                return self.installed().get(ref)

    def _collect(self) -> dict[str, RubricEntry]:
        plain: list[tuple[str, Rubric]] = []
        pending: list[_Pending] = []
        for index, item in enumerate(self._offered):
            try:
                loaded = self._load(index)
            except (RubricError, PluginError) as exc:
                self.skipped.add(item.provider)
                report_problem(self._strict, message("plugin.rubric-skipped",
                                                     plugin=item.provider, error=exc), exc)
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
                what = f"rubric {ref}"
                self._conflicts[what] = report_conflict(
                    what, providers, self._plugin_info, self._strict,
                    label=message("plugin.kind-rubric", key=ref))
        entries: dict[str, RubricEntry] = {}
        conflicting = self.conflicting
        for provider, rubric in plain:
            if rubric.ref in conflicting:
                continue
            if self._passes_checks(provider, rubric):
                entries[rubric.ref] = self._entry(rubric, provider)
        self._resolve_pending([p for p in pending if p.overlay.ref not in conflicting], entries)
        return dict(sorted(entries.items()))

    def _entry(self, rubric: Rubric, provider: str, extends: str = "",
               changes: tuple[Change, ...] = ()) -> RubricEntry:
        info = self._plugin_info(provider)
        return RubricEntry(rubric, provider, info.version, info.distribution, extends, changes)

    def _errors(self, rubric: Rubric) -> list[CheckFinding]:
        """The errors the built-in and the plugins' checks find in ``rubric``
        (all its findings are kept for :meth:`findings`)."""
        found = check_rubric(rubric, methods=self._methods, checks=self._checks)
        self._findings[id(rubric)] = (rubric, found)
        return [f for f in found if f.severity == "error"]

    def _passes_checks(self, provider: str, rubric: Rubric) -> bool:
        errors = self._errors(rubric)
        if errors:
            self.skipped.add(provider)
            report_problem(self._strict, message("plugin.fails-checks", plugin=provider,
                                                 ref=rubric.ref,
                                                 errors="; ".join(map(str, errors)))
                           + message("plugin.skipped"))
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
                    self.skipped.add(p.provider)
                    report_problem(self._strict, message("plugin.overlay-skipped",
                                                         plugin=p.provider, error=exc), exc)
                    continue
                entries[rubric.ref] = self._entry(rubric, p.provider, p.overlay.extends, changes)
        for p in waiting:
            self.skipped.add(p.provider)
            why = message("plugin.base-conflict" if p.overlay.extends in self.conflicting
                          else "plugin.base-missing")
            report_problem(self._strict, message("plugin.overlay-base", plugin=p.provider,
                                                 ref=p.overlay.ref, extends=p.overlay.extends,
                                                 why=why) + message("plugin.skipped"))

    def _resolve(self, overlay: Overlay, base: Rubric,
                 source: str) -> tuple[Rubric, tuple[Change, ...]]:
        from civscore.plugins.overlay import apply_overlay  # noqa: PLC0415 (only overlays need it: start-up)

        resolved = apply_overlay(overlay, base, methods=self._methods, checks=self._checks,
                                 source=source)
        return resolved.rubric, resolved.changes

    def _load(self, index: int) -> Rubric | tuple[Overlay, str]:
        """The offered rubric ``index``, loaded once.

        :raises RubricError: when it does not load.
        :raises PluginError: when the spec is invalid or its file unreadable.
        """
        loaded = self._loads.get(index)
        if loaded is None:
            spec = self._offered[index].value
            text = self._texts.get(index)
            known = self._files.get((spec.package, spec.resource)) if spec.resource else None
            if text is None and known is not None:
                text = read_resource(spec, known[0])
            loaded = load_spec(spec, self._methods, text)
            self._loads[index] = loaded
        return loaded

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
                known = self._files.get((spec.package, spec.resource))
                if spec.resource and known is not None:
                    ref = known[1]
                elif spec.resource:
                    try:
                        self._texts[index] = read_resource(spec)
                    except PluginError:
                        continue
                    ref = declared_ref(self._texts[index])
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
            if loaded.ref != ref or self._errors(loaded):
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
        if self._installed is not None:
            return None
        if "@" in ref:
            latest = ref
        else:
            keys = {r: version_key(r.partition("@")[2]) for r in self._declarations()
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
