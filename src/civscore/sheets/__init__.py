"""Excel workbooks (.xlsx): the fill-in workbook of a rubric (one unit's, or
a campaign's with a row per unit), reading a filled one back into
assessments, and a batch's results as a workbook.

Needs the optional extra ``xlsx`` (openpyxl): ``pip install 'civscore[xlsx]'``.
Without it, importing this package works, and each function that touches a
workbook raises :class:`~civscore.exceptions.MissingExtraError` saying what
to install.  The layout of a workbook is :mod:`civscore.sheets.layout`.

Sits below :mod:`civscore.files` (whose :func:`~civscore.files.loader.load_assessment`
reads a workbook through it) and above :mod:`civscore.scoring`, whose checks
it uses to name the cell of a problem.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civscore.lazy import lazy_exports

if TYPE_CHECKING:
    from civscore.sheets.campaign import campaign_template, read_campaign
    from civscore.sheets.reading import (
        FilledWorkbook,
        is_workbook,
        read_assessment,
        read_workbook,
    )
    from civscore.sheets.template import workbook_template

#: The module of each name, imported on first use: reading an assessment
#: (``civscore score``) does not import the writer.
_EXPORTS = {
    **dict.fromkeys(("FilledWorkbook", "is_workbook", "read_assessment", "read_workbook"),
                    "civscore.sheets.reading"),
    "workbook_template": "civscore.sheets.template",
    **dict.fromkeys(("campaign_template", "read_campaign"), "civscore.sheets.campaign"),
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

__all__ = ["FilledWorkbook", "campaign_template", "is_workbook", "read_assessment",
           "read_campaign", "read_workbook", "workbook_template"]
