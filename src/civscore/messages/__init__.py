"""The words civscore says, in one catalogue per language.

Each message has an id (``serde.unknown-key``) and a template per language,
with ``{name}`` fields: :mod:`civscore.messages.en` and
:mod:`civscore.messages.zh` hold them, and a test checks that both have the
same ids and the same fields.  :func:`message` gives a message in the
current language: English in a program that uses the library (``"en"``,
the default here), Chinese in the ``civscore`` command unless ``--lang en``
or the locale says otherwise (:func:`language_from_environment`).

The language is kept in a :class:`contextvars.ContextVar`, so threads and
asyncio tasks may each use their own (:func:`use_language`).
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import functools
import importlib
import os
from collections.abc import Iterator, Mapping
from typing import Literal

__all__ = ["LANGUAGES", "Language", "catalogue", "language", "language_from_environment",
           "message", "os_reason", "set_language", "use_language"]

Language = Literal["zh", "en"]

#: The languages there are catalogues for.
LANGUAGES: tuple[Language, ...] = ("zh", "en")



@functools.cache
def catalogue(lang: Language) -> Mapping[str, str]:
    """The catalogue of ``lang``: message id → template, read when first
    asked for (a run that says nothing reads none).

    :raises ValueError: for a language with no catalogue.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    messages: Mapping[str, str] = importlib.import_module(f"civscore.messages.{lang}").MESSAGES
    return messages

_CURRENT: contextvars.ContextVar[Language] = contextvars.ContextVar("civscore_language",
                                                                    default="en")


def language() -> Language:
    """The language messages are given in now."""
    return _CURRENT.get()


def set_language(lang: Language) -> None:
    """Give messages in ``lang`` from now on (in this thread or task).

    :raises ValueError: for a language with no catalogue.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _CURRENT.set(lang)


@contextlib.contextmanager
def use_language(lang: Language) -> Iterator[None]:
    """Give messages in ``lang`` inside the ``with`` block.

    :raises ValueError: for a language with no catalogue.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    token = _CURRENT.set(lang)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def language_from_environment(environ: Mapping[str, str] | None = None,
                              default: Language = "zh") -> Language:
    """The language the locale asks for: the first of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that is set and not empty decides — ``en…``
    English, ``zh…`` Chinese, anything else (``C``, ``POSIX``) ``default``."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            lowered = value.lower()
            if lowered.startswith("en"):
                return "en"
            if lowered.startswith("zh"):
                return "zh"
            return default
    return default


def os_reason(exc: BaseException) -> str:
    """Why an operating-system call failed, in the current language: in
    English the system's own ``strerror``; in another language the
    catalogue's reason for the error's ``errno`` (``os.ENOSPC``: 磁盘空间不足);
    else the ``strerror``, else the error's text."""
    number, said = getattr(exc, "errno", None), getattr(exc, "strerror", None)
    name = errno.errorcode.get(number) if isinstance(number, int) else None
    if name is not None and (_CURRENT.get() != "en" or not said):
        template = catalogue(_CURRENT.get()).get(f"os.{name}")
        if template is not None:
            return template
    return str(said or exc)


def message(ident: str, /, **fields: object) -> str:
    """The message ``ident`` in the current language, its fields filled in.

    :raises KeyError: for an id in no catalogue (a programming error).
    """
    template = catalogue(_CURRENT.get()).get(ident)
    if template is None:
        template = catalogue("en")[ident]
    return template.format(**fields)
