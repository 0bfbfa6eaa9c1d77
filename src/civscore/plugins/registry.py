"""The registry of installed rubrics, scoring methods and checks, gathered
from a plugin manager's hooks, and :func:`default_registry`."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from civscore.checks import CheckFinding, CheckSpec, check_assessment, rubric_warnings
from civscore.exceptions import (
    AssessmentError,
    CampaignError,
    PluginError,
    RubricError,
    RubricNotFoundError,
    ScoringError,
)
from civscore.files.loader import load_assessment, read_text, rubric_from_dict
from civscore.files.text import build_from_text
from civscore.messages import message
from civscore.model import Assessment, Criterion, Rubric, UnassessedPolicy
from civscore.model.sources import source_of
from civscore.plugins import builtin as _builtin
from civscore.plugins.hooks import PluginHooks, Provided, guarded_check
from civscore.plugins.hookspecs import RubricSpec
from civscore.plugins.index import PluginIndex
from civscore.plugins.loading import RubricEntry, RubricLoader, version_key
from civscore.plugins.manager import (
    BUILTIN_NAME,
    DENY_ENV,
    CivscorePluginManager,
    PluginInfo,
    PluginWarning,
    describe_plugin,
    get_plugin_manager,
    report_conflict,
    report_problem,
    strict_default,
)
from civscore.results.scorecard import Scorecard
from civscore.scoring import score
from civscore.scoring.arguments import require
from civscore.scoring.guards import PluginMethod
from civscore.scoring.methods import ScoringMethod

# civscore.plugins.overlay is imported when an overlay is met: few commands need it
if TYPE_CHECKING:
    from civscore.campaign.rules import Campaign
    from civscore.plugins.overlay import Change, Overlay

__all__ = ["Registry", "default_registry"]

T = TypeVar("T")


def _methods_used(items: Iterable[Criterion]) -> Iterator[str]:
    for item in items:
        if item.method is not None:
            yield item.method
        yield from _methods_used(item.criteria)


#: The kinds of what plugins provide by name: message id → how the keys of
#: :attr:`Registry.conflicts` name them.
_KINDS = {"plugin.kind-method": "scoring method", "plugin.kind-check": "check"}

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
    a built-in method or check.  A plugin's scoring method or check that
    raises or gives nonsense when called is reported naming the plugin (see
    :mod:`civscore.scoring.guards` and :func:`~civscore.plugins.hooks.guarded_check`).

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
        self._strict = strict_default() if strict is None else strict
        self.hooks = PluginHooks(pm, strict=self._strict)
        #: what two plugins both provide (methods and checks) → their names
        self._conflicts: dict[str, tuple[str, ...]] = {}
        self._method_owner: dict[str, str] = {}
        #: the scoring methods by name: the built-in ones, and each plugin's wrapped in a
        #: :class:`~civscore.scoring.guards.PluginMethod` naming the plugin, which turns
        #: what the method gets wrong into a warning (an error in strict mode)
        self.methods: Mapping[str, ScoringMethod] = self._collect_methods()
        self.checks: tuple[CheckSpec, ...] = self._collect_checks()
        self._campaigns: dict[str, tuple[str, Campaign]] | None = None
        files = pm.rubric_files if isinstance(pm, CivscorePluginManager) else {}
        self._rubrics = RubricLoader(self.hooks.rubrics(), methods=self.methods,
                                     checks=self.checks, plugin_info=self.plugin_info,
                                     strict=self._strict, lazy=lazy, files=files)

    @property
    def offered(self) -> tuple[Provided[RubricSpec], ...]:
        """What the plugins' ``civscore_rubrics`` hooks returned, by plugin name."""
        return self._rubrics.offered

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
        return describe_plugin(self.plugin_info(provider))

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
                report_problem(self._strict, message("plugin.builtin", others=others,
                                                     what=message(kind, key=key)))
                out[key] = builtin[0]
            elif len(providers) > 1:
                what = f"{_KINDS[kind]} {key!r}"
                self._conflicts[what] = report_conflict(what, (p for p, _v in providers),
                                                        self.plugin_info, self._strict,
                                                        label=message(kind, key=key))
            else:
                out[key] = providers[0]
        return out

    def _collect_methods(self) -> dict[str, ScoringMethod]:
        grouped = self._grouped(self.hooks.scoring_methods(), lambda m: m.name,
                                "plugin.kind-method")
        self._method_owner = {name: provider for name, (provider, _m) in grouped.items()}
        return {name: method if provider == BUILTIN_NAME else PluginMethod(
                    method, self._describe(provider), strict=self._strict, warning=PluginWarning)
                for name, (provider, method) in sorted(grouped.items())}

    def _collect_checks(self) -> tuple[CheckSpec, ...]:
        grouped = self._grouped(self.hooks.rubric_checks(), lambda c: c.name,
                                "plugin.kind-check")
        builtin = [c for p, c in grouped.values() if p == BUILTIN_NAME]
        order = {c.name: i for i, c in enumerate(_builtin.civscore_rubric_checks())}
        builtin.sort(key=lambda c: order.get(c.name, len(order)))
        others = sorted((guarded_check(c, self._describe(p), self._strict)
                         for p, c in grouped.values() if p != BUILTIN_NAME),
                        key=lambda c: c.name)
        return (*builtin, *others)

    @property
    def conflicts(self) -> Mapping[str, tuple[str, ...]]:
        """What two plugins both provide (``"rubric hubei@x"``, ``"scoring method
        checklist"`` …) → the plugins' names; none of it is used."""
        return {**self._conflicts, **self._rubrics.conflicts}

    def rubrics(self) -> list[RubricEntry]:
        """Every installed rubric, sorted by id and (naturally) by version."""
        return sorted(self._rubrics.installed().values(),
                      key=lambda e: (e.rubric.id, version_key(e.rubric.version)))

    def entry(self, ref: str) -> RubricEntry:
        """The entry for ``id@version``, or for the latest version of ``id``.

        :raises RubricNotFoundError: naming the installed rubrics.
        :raises PluginError: when two plugins provide the rubric (naming both).
        :raises TypeError: when ``ref`` is not a ``str``.
        """
        found = self._rubrics.lookup(require(ref, "ref", str))
        if found is not None:
            return found
        every = self._rubrics.installed()
        conflicting = self._rubrics.conflicting
        if "@" in ref:
            candidates = [ref]
        else:
            candidates = [r for r in (*every, *conflicting) if r.partition("@")[0] == ref]
            candidates.sort(key=lambda r: version_key(r.partition("@")[2]))
        if candidates:
            latest = candidates[-1]
            if latest in conflicting:
                names = message("plugin.and").join(self._describe(p)
                                                   for p in conflicting[latest])
                raise PluginError(message("plugin.conflict-lookup", env=DENY_ENV, described=names,
                                          what=message("plugin.kind-rubric", key=latest)))
            found = every.get(latest)
            if found is not None:
                return found
        installed = ", ".join(every) or message("registry.none")
        said = message("registry.not-installed", ref=ref, installed=installed)
        troubled = sorted({*self.hooks.troubled, *self._rubrics.skipped,
                           *getattr(self._pm, "troubled", ())})
        if troubled:  # the rubric may be one of theirs: say so, not only "install it"
            said += message("registry.troubled", plugins=", ".join(troubled))
        raise RubricNotFoundError(said)

    def get(self, ref: str) -> Rubric:
        """The rubric ``id@version``, or the latest version of ``id``.

        :raises RubricNotFoundError: when no installed plugin provides it.
        :raises PluginError: when two plugins provide it.
        :raises TypeError: when ``ref`` is not a ``str``.
        """
        return self.entry(ref).rubric

    def campaigns(self) -> dict[str, Campaign]:
        """Every campaign file the plugins ship
        (:func:`~civscore.plugins.hookspecs.civscore_campaigns`), by id, read
        and checked on first use.

        :raises CampaignError: a shipped file that is not a valid campaign.
        :raises PluginError: one that cannot be read, or an id shipped twice.
        """
        if self._campaigns is None:
            from civscore.plugins.campaigns import load_campaigns  # noqa: PLC0415 (start-up: only campaign commands need it)

            self._campaigns = load_campaigns(self.hooks.campaigns(), self._describe)
        return {key: campaign for key, (_plugin, campaign) in self._campaigns.items()}

    def campaign(self, campaign_id: str) -> Campaign:
        """The shipped campaign ``campaign_id``.

        :raises CampaignError: no installed plugin ships it (naming those that are).
        """
        every = self.campaigns()
        if campaign_id not in every:
            raise CampaignError(message("plugin.no-campaign", ident=campaign_id,
                                        installed=", ".join(every) or message("registry.none")),
                                source="--campaign")
        return every[campaign_id]

    def changes(self, ref: str) -> tuple[Change, ...]:
        """What the installed overlay ``ref`` changes in its base (``()`` for a
        rubric that is not an overlay)."""
        return self.entry(ref).changes

    def load_rubric(self, path: str, *, encoding: str | None = None) -> Rubric:
        """Read a rubric file, allowing the installed plugins' methods; an
        overlay file is resolved on its installed base and checked.

        :raises RubricError: naming the file and key path.
        :raises RubricNotFoundError: when an overlay's base is not installed.
        :raises TypeError: when ``path`` is not a ``str`` or a path.
        """
        require(path, "path", (str, os.PathLike))
        text = read_text(path, encoding=encoding, error=RubricError)
        return build_from_text(text, lambda data: self.rubric_from_dict(data, source=str(path)),
                               source=str(path), error=RubricError)

    def rubric_from_dict(self, data: Mapping[str, Any], *, source: str = "<mapping>") -> Rubric:
        """A rubric from a rubric file's parsed TOML, allowing the installed
        plugins' methods; an overlay (a file with ``extends``) is resolved on
        its installed base and checked.

        :raises RubricError: naming ``source`` and the key path.
        :raises RubricNotFoundError: when an overlay's base is not installed.
        """
        if "extends" in data:  # an overlay (civscore.plugins.overlay.is_overlay)
            from civscore.plugins.overlay import overlay_from_dict  # noqa: PLC0415 (only overlays need it: start-up)

            return self.resolve_overlay(overlay_from_dict(data, source=source), source=source)
        return rubric_from_dict(data, source=source, methods=self.methods)

    def resolve_overlay(self, overlay: Overlay, *, source: str | None = None) -> Rubric:
        """Resolve ``overlay`` on its installed base with the installed
        methods and checks (see :func:`civscore.plugins.overlay.resolve`).

        :raises RubricNotFoundError: when the base is not installed, naming
            ``source`` and ``$.extends``.
        :raises RubricError: as :func:`civscore.plugins.overlay.resolve`.
        """
        from civscore.plugins.overlay import apply_overlay  # noqa: PLC0415 (only overlays need it: start-up)

        try:
            base = self.get(overlay.extends)
        except RubricNotFoundError as exc:
            where = source or f"<overlay {overlay.ref}>"
            raise RubricNotFoundError(f"{where}: $.extends: "
                                      + message("registry.no-base", error=exc)) from None
        return apply_overlay(overlay, base, methods=self.methods, checks=self.checks,
                             source=source).rubric

    def check_rubric(self, rubric: Rubric) -> list[CheckFinding]:
        """Run the built-in and the plugins' checks on ``rubric`` (an installed
        rubric was checked when it was loaded: its findings then).

        :raises TypeError: when ``rubric`` is not a :class:`~civscore.model.Rubric`.
        """
        return self._rubrics.findings(require(rubric, "rubric", Rubric))

    def _warnings(self, rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> tuple[str, ...]:
        """The rubric check :meth:`score` gives the engine (which keeps its
        answer with the rubric's plan): the findings of :meth:`check_rubric`,
        those of an installed rubric found when it was loaded; only when
        one is an error are they worked out again, in Chinese, for the card."""
        if not any(f.severity == "error" for f in self._rubrics.findings(rubric)):
            return ()
        return rubric_warnings(rubric, methods, checks=self.checks)

    def check_assessment(self, rubric: Rubric | Assessment,
                         assessment: Assessment | None = None) -> list[CheckFinding]:
        """Check an assessment against its rubric with the installed methods:
        ``check_assessment(assessment)`` finds the rubric as :meth:`score`
        does (the installed one it names); ``check_assessment(rubric,
        assessment)`` checks it against ``rubric``.

        :raises RubricNotFoundError: when the rubric it names is not installed.
        :raises TypeError: when ``rubric`` is not a :class:`~civscore.model.Rubric`
            (nor, alone, an :class:`~civscore.model.Assessment`) or
            ``assessment`` not an :class:`~civscore.model.Assessment`.
        """
        if assessment is None and isinstance(rubric, Assessment):
            assessment, rubric = rubric, self.get(rubric.rubric)
        return check_assessment(require(rubric, "rubric", Rubric),
                                require(assessment, "assessment", Assessment),
                                methods=self.methods)

    def plugins_for(self, rubric: Rubric) -> dict[str, str]:
        """``{distribution (or plugin name): version}`` of the plugins a
        rubric's scoring involves: its provider and, for an overlay, the
        providers of its bases (when ``rubric`` is the installed one), and the
        providers of the plugin scoring methods it uses.  civscore itself is
        recorded by the scorecard separately."""
        involved: set[str] = set()
        entry = self._rubrics.installed_entry(rubric.ref)
        if entry is not None and (entry.rubric is rubric or entry.rubric == rubric):
            seen: set[str] = set()
            while entry is not None and entry.ref not in seen:
                seen.add(entry.ref)
                involved.add(entry.provider)
                entry = self._rubrics.installed_entry(entry.extends) if entry.extends else None
        for method in _methods_used(rubric.categories):
            owner = self._method_owner.get(method)
            if owner is not None:
                involved.add(owner)
        involved.discard(BUILTIN_NAME)
        infos = (self.plugin_info(p) for p in sorted(involved))
        return {info.label: info.version for info in infos}

    def score(self, assessment: Assessment, rubric: Rubric | None = None, *,
              explain: bool = True, source: str | None = None,
              unassessed: UnassessedPolicy | None = None) -> Scorecard:
        """Score ``assessment`` against ``rubric`` (default: the installed
        rubric it names).  The scorecard's ``warnings`` carry the errors the
        built-in and the plugins' consistency checks find in the rubric
        (:func:`civscore.checks.rubric_warnings`), checked once per rubric.

        :param source: the file the assessment was read from, which errors
            name (default: the file a loader read it from, if any).
        :param unassessed: the policy for items without a finding instead of
            the rubric's (see :func:`civscore.score`).
        :raises RubricNotFoundError: when the named rubric is not installed.
        :raises AssessmentError: when the assessment does not fit the rubric,
            naming ``source`` and the key path; with ``source``, also when an
            item cannot be scored (else :class:`~civscore.exceptions.ScoringError`).
        :raises TypeError: when ``assessment`` is not an
            :class:`~civscore.model.Assessment`, or ``rubric`` is neither a
            :class:`~civscore.model.Rubric` nor ``None``.
        """
        require(assessment, "assessment", Assessment)
        if rubric is not None:
            require(rubric, "rubric", Rubric)
        rubric = self.get(assessment.rubric) if rubric is None else rubric
        source = source_of(assessment, "<assessment>") if source is None else source
        if source.startswith("<"):
            source = None
        try:
            return score(rubric, assessment, methods=self.methods,
                         plugins=self.plugins_for(rubric), explain=explain,
                         unassessed=unassessed, checks=self._warnings)
        except AssessmentError as exc:
            if source is None or not exc.source.startswith("<"):
                raise
            raise AssessmentError(exc.message, source=source, path=exc.path) from None
        except ScoringError as exc:
            if source is None:
                raise
            raise AssessmentError(exc.message, source=source, path=exc.path) from None

    def score_file(self, path: str, *, encoding: str | None = None) -> Scorecard:
        """Load an assessment file and score it against the rubric it names.

        :raises AssessmentError: naming ``path`` and the key path.
        :raises RubricNotFoundError: when the named rubric is not installed.
        :raises TypeError: when ``path`` is not a ``str`` or a path.
        """
        assessment = load_assessment(path, encoding=encoding)
        try:
            rubric = self.get(assessment.rubric)
        except RubricNotFoundError as exc:
            raise RubricNotFoundError(f"{path}: $.rubric: {exc}") from None
        return self.score(assessment, rubric, source=str(path))


@functools.cache
def default_registry() -> Registry:
    """The registry of the installed plugins, built on first call and then
    reused (environment variables are read at that moment).  It is lazy (see
    :class:`Registry`): a rubric file is loaded when its rubric is first asked
    for, or when the rubrics are listed.

    What discovery finds is kept in the plugin index
    (:mod:`civscore.plugins.index`), and the next process builds the
    registry from it while it is still current, which gives the same registry.
    """
    index = PluginIndex.for_this_process()
    if index is not None:
        pm = index.plugin_manager()
        if pm is not None:
            return Registry(pm, lazy=True)
    pm = get_plugin_manager()
    registry = Registry(pm, lazy=True)
    if index is not None:
        index.write(pm, registry.offered, registry.hooks.troubled)
    return registry
