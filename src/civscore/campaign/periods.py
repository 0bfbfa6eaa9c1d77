"""Terms (届期): the periods of a term, each scored by its own rubric and
panel, added up by weight into one total compared with the term's threshold.

For 鄂州's 2017—2018 市级文明单位 (../shared/CAMPAIGN.md): 2017 worth 40 by
document review and 2018 worth 60 by review, inspection and survey, 80 in
all to be eligible — two periods of weight 1 whose rubrics carry 40 and 60.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from civscore.campaign.panel import Panel
from civscore.campaign.rules import SelectionRule, TermRule
from civscore.campaign.selection import Standing
from civscore.exceptions import CampaignError
from civscore.messages import message
from civscore.model.points import ZERO, multiply, to_text

__all__ = ["PeriodShare", "Term", "combine_term", "standing_of_term"]


@attrs.frozen
class PeriodShare:
    """One period's part of a term: the panel's compared ``total`` and
    ``weight``, and ``share = weight × total`` (exact)."""

    period: str
    title: str
    rubric: str
    total: Decimal
    weight: Decimal
    share: Decimal


@attrs.frozen
class Term:
    """One unit's term result: ``total`` is the sum of the shares, compared
    raw with ``min_total`` (``reached``); a veto or bar in any period counts."""

    unit: str
    shares: tuple[PeriodShare, ...]
    total: Decimal
    min_total: Decimal
    reached: bool
    panels: tuple[Panel, ...]
    vetoed: bool = False
    ineligible: bool = False
    reasons: tuple[str, ...] = ()

    def explain(self) -> str:
        """How the total adds up, e.g. ``2023年 36 + 2024年 52 = 88（达标线80）``."""
        parts = " + ".join(
            f"{s.title or s.period} {to_text(s.total)}"
            + ("" if s.weight == 1 else f"×{to_text(s.weight)}") for s in self.shares)
        return f"{parts} = {to_text(self.total)}（届期达标线{to_text(self.min_total)}）"


def combine_term(panels: Mapping[str, Panel], term: TermRule, *, unit: str,
                 source: str = "<assessments>") -> Term:
    """Add up one unit's ``panels`` (by period id) over ``term``.

    :raises CampaignError: naming ``source``: a period of the term with no
        panel, a panel of a period the term does not have, or a panel scored
        with another rubric than its period's.
    """
    ids = [p.id for p in term.periods]
    for given in sorted(panels):
        if given not in ids:
            raise CampaignError(message("camp.extra-period", unit=unit, period=given,
                                        ids=", ".join(ids)),
                                source=source, path="$.period")
    shares, used = [], []
    for period in term.periods:
        panel = panels.get(period.id)
        if panel is None:
            raise CampaignError(message("camp.missing-period", unit=unit, period=period.id,
                                        ids=", ".join(ids)),
                                source=source, path="$.period")
        ref = f"{panel.rubric.id}@{panel.rubric.version}"
        if ref != period.rubric:
            raise CampaignError(message("camp.period-rubric", unit=unit, period=period.id,
                                        ref=ref, expected=period.rubric),
                                source=source, path="$.rubric")
        shares.append(PeriodShare(period.id, period.title, ref, panel.compared, period.weight,
                                  multiply(period.weight, panel.compared)))
        used.append(panel)
    total = sum((s.share for s in shares), ZERO)
    vetoes = [r for p in used if p.outcome.status == "vetoed" for r in p.outcome.reasons]
    bars = [r for p in used if p.outcome.status == "ineligible" for r in p.outcome.reasons]
    return Term(unit, tuple(shares), total, term.min_total, total >= term.min_total,
                tuple(used), bool(vetoes), bool(bars), tuple(vetoes or bars))


def standing_of_term(term: Term, rule: SelectionRule, *,
                     source: str = "<campaign>") -> Standing:
    """The :class:`~civscore.campaign.selection.Standing` of a term: its
    total, and for each tie-break category the sum of its combined scores
    over the periods whose rubric has it.

    :raises CampaignError: a tie-break category no period's rubric has.
    """
    keys = []
    for i, path in enumerate(rule.ties):
        found = []
        for panel in term.panels:
            try:
                found.append(panel.category(path))
            except KeyError:
                continue
        if not found:
            raise CampaignError(message("camp.no-tie-item", path=path),
                                source=source, path=f"$.selection.ties[{i}]")
        keys.append(sum(found, ZERO))
    return Standing(term.unit, term.total, term.vetoed, term.ineligible, term.reached,
                    term.reasons, tuple(keys))
