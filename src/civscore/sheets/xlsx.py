"""openpyxl, the optional extra ``xlsx`` that reads and writes workbooks."""

from __future__ import annotations

from types import ModuleType

from civscore.exceptions import MissingExtraError
from civscore.messages import message

__all__ = ["INSTALL_HINT", "openpyxl"]

#: What to install for workbooks.
INSTALL_HINT = "pip install 'civscore[xlsx]'"


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
