"""Names a package exports, each imported on first use (PEP 562).

``civscore``, ``civscore.cli`` and ``civscore.testing`` re-export names of
their modules without importing those modules until a name is used, so
``import civscore`` and ``civscore --version`` stay cheap and the pytest
plugin never imports Hypothesis unless asked to.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: Mapping[str, str], namespace: dict[str, Any],
                 missing: Callable[[str, ImportError], ImportError | None] | None = None,
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's module ``__getattr__`` and ``__dir__``: ``exports`` maps
    each public name to the module defining it; a name is imported on first
    use and stored in ``namespace`` (the package's globals), so later uses are
    plain look-ups.  ``missing(name, error)``, when given, may turn an
    ImportError of a name's module into the error to raise (``None``: raise
    the ImportError itself).

    :raises AttributeError: (from ``__getattr__``) for a name not exported.
    """

    def __getattr__(name: str) -> Any:  # noqa: N807 (the module hook's name)
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            value = getattr(importlib.import_module(module), name)
        except ImportError as exc:
            instead = missing(name, exc) if missing is not None else None
            if instead is None:
                raise
            raise instead from exc
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted({*namespace, *exports})

    return __getattr__, __dir__
