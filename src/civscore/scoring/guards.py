"""Calling a scoring method safely: a plugin's method that raises, or gives
something other than what the method interface promises, becomes a
:class:`~civscore.exceptions.ScoringError` naming the method and the item,
never a bare exception.  The built-in methods are called directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from civscore.exceptions import CivscoreError, ScoringError
from civscore.model import Criterion, Finding
from civscore.results import Part
from civscore.scoring import methods as builtin
from civscore.scoring.methods import Problem, RawScorer, ScoringMethod

__all__ = ["Checker", "apply_method", "check_finding", "checker", "compile_method"]


def _builtin(method: ScoringMethod) -> bool:
    return type(method).__module__ == builtin.__name__


def _failed(method: ScoringMethod, what: str, exc: Exception, path: str) -> ScoringError:
    return ScoringError(f"scoring method {method.name!r} failed in {what}: "
                        f"{type(exc).__name__}: {exc}", path=path)


def compile_method(method: ScoringMethod, item: Criterion, path: str) -> RawScorer | None:
    """The method's raw scorer for ``item``, when it offers one
    (``compile(item)``, as the built-in methods do, defined with or below its
    ``score``); ``None`` for a method whose parts must be built to know the
    score.  A plugin's raw scorer is guarded: what it gives must be a finite
    Decimal.

    :raises ScoringError: when a plugin's ``compile`` fails or gives no function.
    """
    compile_ = getattr(method, "compile", None)
    if not callable(compile_) or not issubclass(_owner(method, "compile"),
                                                _owner(method, "score")):
        return None  # e.g. a subclass of a built-in method with a score() of its own
    if _builtin(method):
        return compile_(item)  # type: ignore[no-any-return]
    try:
        raw = compile_(item)
    except CivscoreError:
        raise
    except Exception as exc:
        raise _failed(method, "compile()", exc, path) from exc
    if not callable(raw):
        raise ScoringError(f"scoring method {method.name!r}: compile() gave {raw!r}, not a "
                           "function of the finding", path=path)

    def scored(finding: Finding | None) -> Decimal:
        try:
            value = raw(finding)
        except CivscoreError:
            raise
        except Exception as exc:
            raise _failed(method, "its compiled scorer", exc, path) from exc
        if type(value) is not Decimal or not value.is_finite():
            raise ScoringError(f"scoring method {method.name!r}: its compiled scorer gave "
                               f"{value!r}, not a finite Decimal", path=path)
        return value

    return scored


def _owner(method: object, name: str) -> type:
    """The class that defines ``method``'s attribute ``name``."""
    return next((c for c in type(method).__mro__ if name in c.__dict__), object)


def apply_method(method: ScoringMethod, item: Criterion, finding: Finding | None,
                 path: str) -> tuple[Part, ...]:
    """``method.score(item, finding)``, guarded: a plugin method that raises
    or returns something other than :class:`~civscore.results.scorecard.Part` values
    becomes a :class:`~civscore.exceptions.ScoringError` naming the item.

    :raises ScoringError: as above.
    """
    try:
        parts = tuple(method.score(item, finding))
    except CivscoreError:
        raise
    except Exception as exc:
        raise ScoringError(f"scoring method {method.name!r} failed: {type(exc).__name__}: "
                           f"{exc}", path=path) from exc
    if not _builtin(method) and not all(
            isinstance(p, Part) and isinstance(p.points, Decimal) and p.points.is_finite()
            for p in parts):
        raise ScoringError(f"scoring method {method.name!r} returned {parts!r}, not Part values "
                           "with finite Decimal points", path=path)
    return parts




def check_finding(method: ScoringMethod, item: Criterion, finding: Finding | None,
                  path: str) -> Iterable[Problem]:
    """``method.check(item, finding)``, guarded as :func:`apply_method` is.

    :raises ScoringError: when a plugin's ``check`` fails or gives other than
        :class:`~civscore.scoring.methods.Problem` values.
    """
    if _builtin(method):
        return method.check(item, finding)
    try:
        problems = list(method.check(item, finding))
    except CivscoreError:
        raise
    except Exception as exc:
        raise _failed(method, "check()", exc, path) from exc
    if not all(isinstance(p, Problem) for p in problems):
        raise ScoringError(f"scoring method {method.name!r}: check() gave {problems!r}, not "
                           "Problem values", path=path)
    return problems


Checker = Callable[[Criterion, "Finding | None"], Iterable[Problem]]
"""A method's ``check``, ready to call for the items of one plan."""


def checker(method: ScoringMethod, path: str) -> Checker:
    """``method.check`` itself for a built-in method; for a plugin's, the
    guarded :func:`check_finding` naming the item at ``path``."""
    if _builtin(method):
        return method.check
    return lambda item, finding: check_finding(method, item, finding, path)
