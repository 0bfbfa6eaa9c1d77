"""openpyxl, the optional extra ``xlsx`` that reads and writes workbooks."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from civscore.exceptions import MissingExtraError
from civscore.messages import message

__all__ = ["INSTALL_HINT", "keep_text", "openpyxl"]

#: What to install for workbooks.
INSTALL_HINT = "pip install 'civscore[xlsx]'"


def keep_text(cell: Any) -> None:
    """Keep a text that starts with ``=`` (a unit named ``=1+1``) as text in
    the openpyxl ``cell``: openpyxl writes it as a formula otherwise, which
    Excel would run and civscore could not read back."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def openpyxl() -> ModuleType:
    """The :mod:`openpyxl` module.

    :raises MissingExtraError: saying what to install, when it is not installed.
    """
    try:
        import openpyxl as module  # noqa: PLC0415 (an optional extra, imported when used)
    except ImportError:
        raise MissingExtraError(message("sheet.needs-extra", hint=INSTALL_HINT)) from None
    found: ModuleType = module
    return found
