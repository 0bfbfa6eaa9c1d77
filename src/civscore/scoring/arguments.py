"""The arguments of the public API checked at the door.

A program that hands civscore the wrong object — ``None``, a rubric where an
assessment belongs, a path where a loaded assessment belongs, a list with a
``None`` inside — gets a :class:`TypeError` naming the parameter and the
type expected, never an :class:`AttributeError` from deep inside::

    >>> require(None, "assessment", Assessment)
    Traceback (most recent call last):
    TypeError: assessment must be an Assessment, got None

Each check is one :func:`isinstance` call on the way in, cheap enough for
every call of :func:`civscore.score`.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from typing import TypeVar, overload

from civscore.model import Assessment, Rubric

__all__ = ["describe", "require", "require_callable", "require_choice", "require_each"]

T = TypeVar("T")

#: What to do with a path given where a loaded value belongs.
_LOADERS = {Assessment: "civscore.load_assessment(path)", Rubric: "civscore.load_rubric(path)"}


def _a(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _names(type_: type | tuple[type, ...]) -> str:
    types = type_ if isinstance(type_, tuple) else (type_,)
    return " or ".join(_a(t.__name__) for t in types)


def describe(value: object) -> str:
    """``value`` as a message names it: ``None``, ``a Rubric``, ``the str
    'a.toml'`` (a string or a path is quoted, shortened to 60 characters)."""
    if value is None:
        return "None"
    name = type(value).__name__
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value)
        shown = text if len(text) <= 60 else text[:60] + "…"
        return f"the {name} {shown!r}"
    return _a(name)


def _message(value: object, name: str, type_: type | tuple[type, ...]) -> str:
    message = f"{name} must be {_names(type_)}, got {describe(value)}"
    loader = _LOADERS.get(type_) if isinstance(type_, type) else None
    if loader is not None and isinstance(value, (str, os.PathLike)):
        message += f"; to use a file, load it first with {loader}"
    elif {type(value), type_} == {Assessment, Rubric}:
        message += "; were the rubric and the assessment given the wrong way round?"
    return message


@overload
def require(value: object, name: str, type_: type[T]) -> T: ...
@overload
def require(value: object, name: str, type_: tuple[type, ...]) -> object: ...


def require(value: object, name: str, type_: type[T] | tuple[type, ...]) -> T | object:
    """``value`` itself when it is an instance of ``type_`` (a class, or a
    tuple of classes any of which will do).

    :param name: the parameter, as the caller's signature names it
        (``"assessment"``; ``"assessments[2]"`` for an entry of a list).
    :raises TypeError: naming ``name``, the type expected and what was given;
        for a path given where an :class:`~civscore.model.Assessment` or a
        :class:`~civscore.model.Rubric` belongs, saying how to load it; for
        one of those two given for the other, asking whether they were swapped.
    """
    if not isinstance(value, type_):
        raise TypeError(_message(value, name, type_))
    return value


def require_each(values: object, name: str, type_: type[T]) -> Iterator[T]:
    """The entries of ``values`` (any iterable but a string), each checked as
    :func:`require` checks it (named ``name[i]``) when it is drawn: a
    generator of a million assessments is not read ahead.

    :raises TypeError: at once when ``values`` is not an iterable (or is a
        string, or a single ``type_``); for an entry, when it is drawn.
    """
    if isinstance(values, (str, bytes, type_)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be an iterable of {type_.__name__} values, got "
                        f"{describe(values)}")

    def checked(entries: Iterable[object]) -> Iterator[T]:
        for i, value in enumerate(entries):
            yield require(value, f"{name}[{i}]", type_)

    return checked(values)


def require_choice(value: object, name: str, choices: Collection[str]) -> str | None:
    """``value`` itself when it is ``None`` or one of ``choices``.

    :raises TypeError: when it is neither ``None`` nor a string, naming ``name``.
    :raises ValueError: when it is a string not among ``choices``, naming
        ``name`` and listing them.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, got {describe(value)}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def require_callable(value: T, name: str, shape: str) -> T:
    """``value`` itself when it is ``None`` or callable.

    :raises TypeError: otherwise, naming ``name`` and the call ``shape``
        expected (e.g. ``checks(rubric, methods) -> warnings``).
    """
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be None or a callable {shape}, got {describe(value)}")
    return value
