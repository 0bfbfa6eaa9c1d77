"""Calling a plugin's scoring method safely.

Every call of a plugin's method — ``validate``, ``check``, ``score``,
``bounds``, ``compile`` and the scorer ``compile`` gives — goes through a
:class:`PluginMethod`: what the method prints is kept off standard output
(:mod:`civscore.scoring.capture`), and a method that raises or gives
something other than what :class:`~civscore.scoring.methods.ScoringMethod`
promises (``None``, a string, a float …) is reported naming the plugin, the
method and the item:

- in **strict** mode, as a :class:`~civscore.exceptions.ScoringError` whose
  ``path`` is the item's dotted path;
- otherwise as a warning (the registry's
  :class:`~civscore.plugins.PluginWarning`), and the call counts as having
  given nothing: no problems from ``validate`` and ``check``, an item
  **scored as failed** — one part of 0 points, then clamped to the item's
  floor — from ``score``, the bounds ``0`` to the item's points from
  ``bounds``, and no compiled scorer from ``compile``; a compiled scorer
  that fails gives way to ``score`` for that finding (so that the parts the
  explanation builds with ``score`` agree with the total).

The registry (:class:`civscore.plugins.Registry`) hands out each plugin's
method wrapped so, with the plugin's name and the registry's strict mode.  A
method passed to the engine directly (``score(..., methods=...)``) has no
plugin to name and no mode: it is guarded as in strict mode.  The built-in
methods are called directly.
"""

from __future__ import annotations

import contextlib
import contextvars
import warnings
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from civscore.exceptions import CivscoreError, ScoringError
from civscore.messages import message
from civscore.model import Criterion, Finding
from civscore.results import Part
from civscore.scoring import methods as builtin
from civscore.scoring.capture import captured, chatter
from civscore.scoring.methods import Problem, RawScorer, ScoringMethod

__all__ = ["Checker", "PluginMethod", "apply_method", "check_finding", "checker",
           "checks_itself", "compile_method", "said_while"]

T = TypeVar("T")

#: The kind of the one part an item scored as failed is given (0 points).
FAILED_KIND = "failed"


def _builtin(method: ScoringMethod) -> bool:
    return type(method).__module__ == builtin.__name__


def checks_itself(method: ScoringMethod) -> bool:
    """Whether the raw scorer :func:`compile_method` gives for ``method``
    checks its finding itself, raising :class:`~civscore.scoring.methods.Unfit`
    where the method's ``check`` reports an error (the built-in methods');
    a plugin's finding is checked before it is scored."""
    return _builtin(method)


def _owner(method: object, name: str) -> type:
    """The class that defines ``method``'s attribute ``name``."""
    return next((c for c in type(method).__mro__ if name in c.__dict__), object)


def _is_problem_list(value: object) -> list[Problem] | None:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return None
    problems = list(value)
    return problems if all(isinstance(p, Problem) for p in problems) else None


def _is_parts(value: object) -> tuple[Part, ...] | None:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return None
    parts = tuple(value)
    ok = all(isinstance(p, Part) and isinstance(p.points, Decimal) and p.points.is_finite()
             for p in parts)
    return parts if ok else None


def _is_points(value: object) -> Decimal | None:
    return value if type(value) is Decimal and value.is_finite() else None


def _is_bounds(value: object) -> tuple[Decimal, Decimal] | None:
    if not isinstance(value, tuple) or len(value) != 2:
        return None
    low, high = (_is_points(v) for v in value)
    return (low, high) if low is not None and high is not None and low <= high else None


@attrs.frozen(eq=False)
class PluginMethod:
    """A plugin's scoring method with every call guarded (see the module's
    description); it is itself a :class:`~civscore.scoring.methods.ScoringMethod`.

    :ivar method: the plugin's own method.
    :ivar plugin: the plugin as messages name it (``'shegang' (civscore-shegang
        0.1.0)``); ``""`` when unknown.
    :ivar strict: raise :class:`~civscore.exceptions.ScoringError` instead of warning.
    :ivar warning: the category of the warnings.
    """

    method: ScoringMethod
    plugin: str = ""
    strict: bool = True
    warning: type[Warning] = UserWarning

    @property
    def name(self) -> str:
        """The method's name, as rubrics give it."""
        return self.method.name

    def validate(self, item: Criterion) -> Iterator[Problem]:
        """The method's problems with ``item``'s definition; none when it fails."""
        return iter(self.call(self._call_name("validate()"), item.id,
                              lambda: self.method.validate(item), accept=_is_problem_list,
                              expected=message("guard.expected-problems"),
                              fallback=list[Problem](),
                              instead=message("guard.not-checked-item")))

    def check(self, item: Criterion, finding: Finding | None) -> list[Problem]:
        """The method's problems with ``finding``; none when it fails."""
        return self.check_at(item, finding, item.id)

    def check_at(self, item: Criterion, finding: Finding | None, path: str) -> list[Problem]:
        """:meth:`check`, naming the item at ``path`` (its dotted path)."""
        return self.call(self._call_name("check()"), path,
                         lambda: self.method.check(item, finding), accept=_is_problem_list,
                         expected=message("guard.expected-problems"), fallback=list[Problem](),
                         instead=message("guard.not-checked"))

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        """The method's parts; an item scored as failed when it fails."""
        return self.score_at(item, finding, item.id)

    def score_at(self, item: Criterion, finding: Finding | None,
                 path: str) -> tuple[Part, ...]:
        """:meth:`score`, naming the item at ``path`` (its dotted path)."""
        # part of the scorecard, which does not depend on the language
        failed = (Part(FAILED_KIND, Decimal(0), text=f"评分方法 {self.name!r} 出错",
                       note="按未得分计：见警告"),)
        return self.call(self.label, path, lambda: self.method.score(item, finding),
                         accept=_is_parts, expected=message("guard.expected-parts"),
                         fallback=failed, instead=message("guard.as-failed"))

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        """The method's lowest and highest raw score; ``0`` to the item's
        points when it fails."""
        return self.call(self._call_name("bounds()"), item.id,
                         lambda: self.method.bounds(item), accept=_is_bounds,
                         expected=message("guard.expected-bounds"),
                         fallback=(Decimal(0), item.points), instead=message("guard.bounds"))

    def compile_at(self, item: Criterion, path: str) -> RawScorer | None:
        """The method's raw scorer for ``item``, guarded (see :func:`compile_method`)."""
        method = self.method
        compile_ = getattr(method, "compile", None)
        if not callable(compile_) or not issubclass(_owner(method, "compile"),
                                                    _owner(method, "score")):
            return None  # e.g. a subclass of a built-in method with a score() of its own
        raw: RawScorer | None = self.call(
            self._call_name("compile()"), path, lambda: compile_(item),
            accept=lambda value: value if callable(value) else None,
            expected=message("guard.expected-function"), fallback=None,
            instead=message("guard.all-with-score"))
        if raw is None:
            return None

        def scored(finding: Finding | None) -> Decimal:
            value = self.call(message("guard.compiled", name=self.name), path,
                              lambda: raw(finding), accept=_is_points,
                              expected=message("guard.expected-points"), fallback=None,
                              instead=message("guard.with-score"))
            if value is None:  # as the explanation will build its parts: with score()
                return sum((p.points for p in self.score_at(item, finding, path)), Decimal(0))
            return value

        return scored

    @property
    def label(self) -> str:
        """How messages name the method: ``scoring method 'checklist'``."""
        return message("guard.method", name=self.name)

    def _call_name(self, call: str) -> str:
        """How messages name one of the method's calls (``validate()`` …)."""
        return message("guard.call", name=self.name, call=call)

    def call(self, what: str, path: str, call: Callable[[], object], *,
             accept: Callable[[Any], T | None], expected: str, fallback: T,
             instead: str) -> T:
        """``accept(call())``, what it prints kept off stdout; when it raises
        or ``accept`` refuses what it gave (``None``), report it (``what``,
        at ``path``) and give ``fallback``, which is ``instead``."""
        value: T | None = None
        given: object = None
        failure: BaseException | None = None
        with captured() as printed:
            try:
                given = call()
                value = accept(given)
            except CivscoreError:
                raise  # an error the method means, naming what is wrong
            except (Exception, SystemExit) as exc:  # sys.exit() in a plugin too
                failure = exc
        if printed.getvalue():
            who = message("plugin.who", plugin=self.plugin) if self.plugin else self.label
            _warn(chatter(who, message("plugin.in", what=what), printed.getvalue()),
                  self.warning, stacklevel=4)
        if failure is not None:
            self._report(message("guard.failed", what=what,
                                 error=f"{type(failure).__name__}: {failure}"), path, instead,
                         failure)
            return fallback
        if value is None:
            self._report(message("guard.gave", what=what, given=repr(given), expected=expected),
                         path, instead, None)
            return fallback
        return value

    def _report(self, text: str, path: str, instead: str, exc: BaseException | None) -> None:
        if self.plugin:
            text = message("guard.plugin", plugin=self.plugin, text=text)
        if self.strict:
            raise ScoringError(text, path=path) from exc
        _warn(message("guard.warning", path=path, text=text, instead=instead), self.warning,
              stacklevel=4)


#: What the guarded methods said meanwhile, while :func:`said_while` collects it.
_SAID: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("civscore_said",
                                                                        default=None)


@contextlib.contextmanager
def said_while() -> Iterator[list[str]]:
    """The warnings the guarded plugin methods give inside the ``with``
    block, in this thread or task only (they are given as warnings too), so
    that the scorecard of the assessment being scored can carry them."""
    said: list[str] = []
    token = _SAID.set(said)
    try:
        yield said
    finally:
        _SAID.reset(token)


def _warn(text: str, category: type[Warning], *, stacklevel: int) -> None:
    """Give the warning ``text``, and keep it for :func:`said_while`."""
    said = _SAID.get()
    if said is not None:
        said.append(text)
    warnings.warn(text, category, stacklevel=stacklevel + 1)


def _guarded(method: ScoringMethod) -> PluginMethod:
    """``method`` as a :class:`PluginMethod`: itself if it is one, else
    unnamed and strict (a plugin's method given to the engine directly)."""
    return method if isinstance(method, PluginMethod) else PluginMethod(method)


def compile_method(method: ScoringMethod, item: Criterion, path: str) -> RawScorer | None:
    """The method's raw scorer for ``item``, when it offers one
    (``compile(item)``, as the built-in methods do, defined with or below its
    ``score``); ``None`` for a method whose parts must be built to know the
    score.  A plugin's raw scorer is guarded: what it gives must be a finite
    Decimal.

    :raises ScoringError: when a plugin's ``compile`` fails or gives no
        function, in strict mode (see the module's description).
    """
    if _builtin(method):
        compile_ = getattr(method, "compile", None)
        return compile_(item) if callable(compile_) else None
    return _guarded(method).compile_at(item, path)


def apply_method(method: ScoringMethod, item: Criterion, finding: Finding | None,
                 path: str) -> tuple[Part, ...]:
    """``method.score(item, finding)``, guarded: a plugin method that raises
    or returns something other than :class:`~civscore.results.scorecard.Part`
    values is reported naming the item at ``path``.

    :raises ScoringError: as above, in strict mode.
    """
    if not _builtin(method):
        return _guarded(method).score_at(item, finding, path)
    try:
        return tuple(method.score(item, finding))
    except CivscoreError:
        raise
    except Exception as exc:  # a bug in a built-in method: still located
        raise ScoringError(f"scoring method {method.name!r} failed: {type(exc).__name__}: "
                           f"{exc}", path=path) from exc


def check_finding(method: ScoringMethod, item: Criterion, finding: Finding | None,
                  path: str) -> Iterable[Problem]:
    """``method.check(item, finding)``, guarded as :func:`apply_method` is.

    :raises ScoringError: when a plugin's ``check`` fails or gives other than
        :class:`~civscore.scoring.methods.Problem` values, in strict mode.
    """
    if _builtin(method):
        return method.check(item, finding)
    return _guarded(method).check_at(item, finding, path)


Checker = Callable[[Criterion, "Finding | None"], Iterable[Problem]]
"""A method's ``check``, ready to call for the items of one plan."""


def checker(method: ScoringMethod, path: str) -> Checker:
    """``method.check`` itself for a built-in method; for a plugin's, the
    guarded :meth:`PluginMethod.check_at` naming the item at ``path``."""
    if _builtin(method):
        return method.check
    guarded = _guarded(method)
    return lambda item, finding: guarded.check_at(item, finding, path)
