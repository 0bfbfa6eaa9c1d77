"""The hooks a civscore plugin can implement (pluggy project ``civscore``).

A plugin is a module or object with functions decorated by
:data:`civscore.hookimpl`, published through the ``civscore`` entry-point
group::

    [project.entry-points.civscore]
    danjiangkou = "civscore_danjiangkou"

Every hook is called without arguments and returns a list; the host
flattens the lists, validates them and sorts them by name, so registration
order never decides a result.

Hook API policy: hooks are only ever added; a hook's signature changes only
by adding optional arguments, announced with ``.. versionadded::`` and
``.. versionchanged::`` here and in the changelog.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pluggy

from civscore.checks import CheckSpec
from civscore.methods import ScoringMethod
from civscore.model import Rubric

__all__ = [
    "CheckSpec",
    "RubricSpec",
    "civscore_rubric_checks",
    "civscore_rubrics",
    "civscore_scoring_methods",
    "hookimpl",
    "hookspec",
]

hookspec = pluggy.HookspecMarker("civscore")
hookimpl = pluggy.HookimplMarker("civscore")


@attrs.frozen
class RubricSpec:
    """A rubric a plugin provides: either a TOML resource inside a package
    (``package`` + ``resource``, read with :mod:`importlib.resources`) or a
    ready :class:`~civscore.model.Rubric` (``rubric``).

    ``resource`` is a path relative to the package, e.g.
    ``"rubrics/danjiangkou-2010-2011.toml"``.
    """

    package: str = ""
    resource: str = ""
    rubric: Rubric | None = None


@hookspec
def civscore_rubrics() -> Sequence[RubricSpec]:
    """Rubrics this plugin provides.

    Example::

        @civscore.hookimpl
        def civscore_rubrics():
            return [RubricSpec(package=__name__, resource="rubrics/danjiangkou-2010-2011.toml")]

    :return: a list of :class:`RubricSpec`.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def civscore_scoring_methods() -> Sequence[ScoringMethod]:
    """Scoring methods this plugin provides, used by rubrics as
    ``method = "<name>"``.

    Example::

        class Checklist:
            name = "checklist"
            ...  # validate, check, score, bounds: see civscore.methods.ScoringMethod

        @civscore.hookimpl
        def civscore_scoring_methods():
            return [Checklist()]

    :return: a list of objects following :class:`~civscore.methods.ScoringMethod`.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def civscore_rubric_checks() -> Sequence[CheckSpec]:
    """Consistency checks, run by :meth:`civscore.plugins.Registry.check_rubric`
    beside the built-in ones.

    Example::

        def no_empty_titles(rubric, methods):
            for i, c in enumerate(rubric.categories):
                if not c.title.strip():
                    yield CheckFinding("empty-title", "error", f"$.categories[{i}].title",
                                       "give the category a title")

        @civscore.hookimpl
        def civscore_rubric_checks():
            return [CheckSpec("empty-title", no_empty_titles)]

    :return: a list of :class:`CheckSpec`.

    .. versionadded:: 0.1
    """
    raise NotImplementedError
