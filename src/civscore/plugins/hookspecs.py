"""The hooks a civscore plugin can implement (pluggy project ``civscore``).

A plugin is a module (or object) whose functions are decorated with
:data:`civscore.hookimpl`, published through the ``civscore`` entry-point
group in its ``pyproject.toml``::

    [project.entry-points.civscore]
    hubei = "civscore_hubei"

Every hook is called without arguments and returns a list.  The host calls
each plugin's implementation on its own (one that raises is skipped with a
warning), checks the type of every entry, and sorts what it gets by plugin
and entry name, so registration order never decides a result.  Use the typed
facade :class:`civscore.plugins.PluginHooks` rather than ``pm.hook`` to call
them.

Hook API policy: hooks are only ever added, never renamed or removed; a
hook's signature changes only by adding arguments, which pluggy passes only
to implementations that ask for them, so existing plugins keep working.
Each change is announced with ``.. versionadded::`` / ``.. versionchanged::``
here and in the changelog.  Returned record types (:class:`RubricSpec`,
:class:`~civscore.checks.CheckSpec`) only gain fields with defaults.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import pluggy

from civscore.checks import CheckSpec
from civscore.model import Rubric
from civscore.scoring.methods import ScoringMethod

if TYPE_CHECKING:  # imported where an overlay is met, so that scoring does not pay for it
    from civscore.plugins.overlay import Overlay

__all__ = [
    "PROJECT",
    "CampaignSpec",
    "CheckSpec",
    "RubricSpec",
    "civscore_campaigns",
    "civscore_rubric_checks",
    "civscore_rubrics",
    "civscore_scoring_methods",
    "hookimpl",
    "hookspec",
]

#: The pluggy project name, and the entry-point group plugins publish under.
PROJECT = "civscore"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Decorate a plugin's hook implementations with this (also ``civscore.hookimpl``).
hookimpl = pluggy.HookimplMarker(PROJECT)


@attrs.frozen
class RubricSpec:
    """A rubric a plugin provides, in exactly one of three forms:

    * ``package`` + ``resource``: a TOML file shipped inside the package and
      read with :mod:`importlib.resources`; ``resource`` is relative to the
      package, e.g. ``"rubrics/hubei.toml"``.  The file is a rubric, or an
      overlay when it has ``extends`` (see :mod:`civscore.plugins.overlay`);
    * ``rubric``: a ready :class:`~civscore.model.Rubric`;
    * ``overlay``: a ready :class:`~civscore.plugins.overlay.Overlay`, resolved on its
      base (which any installed plugin may provide).

    .. versionadded:: 0.1
    """

    package: str = ""
    resource: str = ""
    rubric: Rubric | None = None
    overlay: Overlay | None = None


@hookspec
def civscore_rubrics() -> Sequence[RubricSpec]:
    """The rubrics (and overlays) this plugin provides.

    Each is loaded and validated, overlays are resolved on their bases, and
    every one must pass :func:`civscore.check_rubric` without errors;
    a rubric that does not is skipped with a
    :class:`~civscore.plugins.PluginWarning`.  Two plugins providing the same
    ``id@version`` is an error naming both.

    Example::

        import civscore
        from civscore import RubricSpec

        @civscore.hookimpl
        def civscore_rubrics() -> list[RubricSpec]:
            return [RubricSpec(package=__name__, resource="rubrics/hubei.toml")]

    :return: a list of :class:`RubricSpec` (a bare
        :class:`~civscore.model.Rubric` or :class:`~civscore.plugins.overlay.Overlay`
        is accepted too).

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def civscore_scoring_methods() -> Sequence[ScoringMethod]:
    """Scoring methods (评分方法) this plugin provides, which rubric items
    use as ``method = "<name>"``.

    A method is any object with a ``name`` and the four functions of
    :class:`~civscore.scoring.methods.ScoringMethod`: ``validate(item)`` (problems in
    the rubric item, at load time), ``check(item, finding)`` (problems in a
    finding), ``score(item, finding)`` (the signed
    :class:`~civscore.results.scorecard.Part` s of the raw score) and
    ``bounds(item)`` (lowest and highest raw score).  The engine clamps the
    raw score to ``[floor, points]``.  Names must be unique: a plugin cannot
    replace a built-in method, and two plugins using one name is an error.

    Example::

        class Checklist:
            name = "checklist"
            def validate(self, item): ...
            def check(self, item, finding): ...
            def score(self, item, finding): ...
            def bounds(self, item): ...

        @civscore.hookimpl
        def civscore_scoring_methods() -> list[ScoringMethod]:
            return [Checklist()]

    :return: a list of objects following :class:`~civscore.scoring.methods.ScoringMethod`.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def civscore_rubric_checks() -> Sequence[CheckSpec]:
    """Consistency checks, run by :meth:`civscore.plugins.Registry.check_rubric`
    after the built-in ones (and on every rubric a plugin provides).

    A check is ``check(rubric, methods)`` yielding
    :class:`~civscore.checks.CheckFinding` s; an ``error`` finding makes the
    registry refuse a rubric.

    Example::

        from civscore import CheckFinding, CheckSpec

        def titles(rubric, methods):
            for i, category in enumerate(rubric.categories):
                if not category.title.strip():
                    yield CheckFinding("empty-title", "error", f"$.categories[{i}].title",
                                       "give the category a title")

        @civscore.hookimpl
        def civscore_rubric_checks() -> list[CheckSpec]:
            return [CheckSpec("empty-title", titles, "categories have titles")]

    :return: a list of :class:`~civscore.checks.CheckSpec`.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@attrs.frozen
class CampaignSpec:
    """A campaign file (评选方案, :mod:`civscore.campaign.rules`) a plugin
    ships: ``resource`` (e.g. ``"campaigns/city-2024.toml"``) inside
    ``package``, read with :mod:`importlib.resources`.  It is known by its
    ``id``, which ``civscore rank --campaign ID`` accepts.

    .. versionadded:: 0.1
    """

    package: str
    resource: str


@hookspec
def civscore_campaigns() -> Sequence[CampaignSpec]:
    """The campaign files this plugin ships (a locality's 评选方案 beside its rubrics).

    Each is read and checked when asked for
    (:meth:`civscore.plugins.Registry.campaign`); a file that cannot be read
    or is not a valid campaign is an error naming the plugin and the key
    path.  Two plugins shipping one campaign id is an error naming both.

    Example::

        import civscore
        from civscore.plugins.hookspecs import CampaignSpec

        @civscore.hookimpl
        def civscore_campaigns() -> list[CampaignSpec]:
            return [CampaignSpec(package=__name__, resource="campaigns/city-2024.toml")]

    :return: a list of :class:`CampaignSpec`.

    .. versionadded:: 0.1
    """
    raise NotImplementedError
