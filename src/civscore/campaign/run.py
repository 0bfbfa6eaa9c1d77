"""A whole campaign from its assessments: panels, terms, eligibility from
history, the review of title holders, the ranking of the others and the
refilling of revoked places.

:func:`run_campaign` is what ``civscore rank`` runs.  Its steps, in order:

1. the sheets are grouped by unit (and by period for a term), and each group
   is combined into a :class:`~civscore.campaign.panel.Panel` with the
   rubric the campaign names for it;
2. a term adds up each unit's periods (:mod:`~civscore.campaign.periods`);
3. the history's eligibility conditions bar units that did not hold a title
   long enough (资格条件), like any other bar;
4. with a review and a history, the units holding the title the year before
   are reviewed (:mod:`~civscore.campaign.review`) and not ranked;
5. the other units are ranked against the quota
   (:mod:`~civscore.campaign.selection`), and revoked places refilled when
   the review says 撤一补一.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from civscore.campaign.history import History
from civscore.campaign.panel import Panel, Sheet, combine_panel
from civscore.campaign.periods import Term, combine_term, standing_of_term
from civscore.campaign.review import refill, review
from civscore.campaign.rules import Campaign, SelectionRule
from civscore.campaign.selection import (
    Ranking,
    Standing,
    UnitOutcome,
    find_outcome,
    rank,
    standing_of,
)
from civscore.exceptions import CampaignError
from civscore.messages import message
from civscore.model import Rubric, illustrative_note

__all__ = ["CampaignResult", "run_campaign"]


@attrs.frozen
class CampaignResult:
    """Everything a campaign decided: each unit's panels (and term), the
    review of the holders, the ranking of the others, and ``outcomes``: every
    unit's final outcome (the reviewed holders, then the ranking's);
    ``notes``: for each rubric the panels were scored against whose points
    are invented in whole or in part, the warning its scorecards carry
    (:func:`~civscore.model.illustrative_note`)."""

    id: str
    title: str
    award: str
    year: int
    panels: tuple[Panel, ...]
    terms: tuple[Term, ...]
    review: tuple[UnitOutcome, ...]
    ranking: Ranking
    outcomes: tuple[UnitOutcome, ...]
    notes: tuple[str, ...] = ()

    def outcome(self, unit: str) -> UnitOutcome:
        """The final outcome of ``unit``.

        :raises KeyError: no such unit.
        """
        return find_outcome(self.outcomes, unit)


def _rubric(rubrics: Mapping[str, Rubric], ref: str, source: str, path: str) -> Rubric:
    try:
        return rubrics[ref]
    except KeyError:
        raise CampaignError(message("camp.rubric-not-given", ref=ref), source=source,
                            path=path) from None


def _check_rubric(sheets: Sequence[Sheet], ref: str) -> None:
    for sheet in sheets:
        got = f"{sheet.card.rubric.id}@{sheet.card.rubric.version}"
        if got != ref:
            raise CampaignError(message("camp.other-rubric", got=got, ref=ref),
                                source=sheet.source,
                                path="$.rubric")


def _standings(campaign: Campaign, sheets: Sequence[Sheet], rubrics: Mapping[str, Rubric],
               source: str) -> tuple[list[Panel], list[Term], dict[str, Standing]]:
    by_unit: dict[str, list[Sheet]] = {}
    for sheet in sheets:
        by_unit.setdefault(sheet.card.unit, []).append(sheet)
    panels, terms, standings = [], [], {}
    for unit in sorted(by_unit):
        group = by_unit[unit]
        if campaign.term is None:
            _check_rubric(group, campaign.rubric)
            panel = combine_panel(group, campaign.panel,
                                  _rubric(rubrics, campaign.rubric, source, "$.rubric"))
            panels.append(panel)
            standings[unit] = standing_of(panel, campaign.selection, source=source)
            continue
        by_period: dict[str, list[Sheet]] = {}
        for sheet in group:
            by_period.setdefault(sheet.card.period, []).append(sheet)
        rules = {p.id: i for i, p in enumerate(campaign.term.periods)}
        mine = {}
        for period, members in sorted(by_period.items()):
            index = rules.get(period)
            if index is None:
                raise CampaignError(
                    message("camp.other-period", period=period, ids=", ".join(rules)),
                    source=members[0].source,
                    path="$.period")
            ref = campaign.term.periods[index].rubric
            _check_rubric(members, ref)
            where = f"$.term.periods[{index}].rubric"
            mine[period] = combine_panel(members, campaign.panel,
                                         _rubric(rubrics, ref, source, where))
        term = combine_term(mine, campaign.term, unit=unit, source=group[0].source)
        panels.extend(term.panels)
        terms.append(term)
        standings[unit] = standing_of_term(term, campaign.selection, source=source)
    return panels, terms, standings


def _eligible(standing: Standing, campaign: Campaign, history: History | None,
              source: str) -> Standing:
    if not campaign.eligibility:
        return standing
    if history is None:
        raise CampaignError(message("camp.needs-history"), source=source, path="$.eligibility")
    reasons = []
    for rule in campaign.eligibility:
        years = history.years_held(standing.unit, rule.title, campaign.year,
                                   lapse=campaign.lapse)
        if years < rule.consecutive:
            reasons.append(f"不得申报：{rule.text}（此前连续持有{rule.title}{years}年，"
                           f"需{rule.consecutive}年）")
    if not reasons or standing.vetoed:
        return standing
    return attrs.evolve(standing, ineligible=True, reasons=(*standing.reasons, *reasons))


def _review_sheets(campaign: Campaign, sheets: Sequence[Sheet], rubrics: Mapping[str, Rubric],
                   history: History | None, source: str,
                   ) -> tuple[dict[str, tuple[Panel, Standing]], list[Sheet]]:
    """With a review rubric, the holders' panels and standings on it, and
    the other units' sheets; else nothing, and every sheet."""
    review_rule = campaign.review
    if review_rule is None or not review_rule.rubric:
        return {}, list(sheets)
    if history is None:
        raise CampaignError(message("camp.review-needs-history"), source=source,
                            path="$.review.rubric")
    held = set(history.holders(campaign.award, campaign.year - 1, lapse=campaign.lapse))
    rubric = _rubric(rubrics, review_rule.rubric, source, "$.review.rubric")
    by_unit: dict[str, list[Sheet]] = {}
    for sheet in sheets:
        if sheet.card.unit in held:
            by_unit.setdefault(sheet.card.unit, []).append(sheet)
    found = {}
    for unit in sorted(by_unit):
        _check_rubric(by_unit[unit], review_rule.rubric)
        panel = combine_panel(by_unit[unit], campaign.panel, rubric)
        found[unit] = (panel, standing_of(panel, SelectionRule(), source=source))
    return found, [s for s in sheets if s.card.unit not in held]


def run_campaign(campaign: Campaign, sheets: Sequence[Sheet], rubrics: Mapping[str, Rubric],
                 history: History | None = None, *,
                 source: str = "<campaign>") -> CampaignResult:
    """Run ``campaign`` on every assessor's ``sheets`` (any units, each unit's
    sheets together or not), with the rubrics by ``id@version`` and the
    ``history`` of titles held.

    :raises CampaignError: naming the file: a sheet of another rubric, a
        period missing from a term, a panel problem
        (:func:`~civscore.campaign.panel.combine_panel`), a quota above the
        number of units, a holder without a review assessment, eligibility
        conditions without a history.
    """
    holders, sheets = _review_sheets(campaign, sheets, rubrics, history, source)
    panels, terms, standings = _standings(campaign, sheets, rubrics, source)
    standings = {u: _eligible(s, campaign, history, source) for u, s in standings.items()}
    panels += [p for p, _s in holders.values()]
    standings |= {unit: standing for unit, (_p, standing) in holders.items()}
    reviewed: tuple[UnitOutcome, ...] = ()
    if campaign.review is not None and history is not None:
        reviewed = review(standings, history, campaign.review, title=campaign.award,
                          year=campaign.year, lapse=campaign.lapse, source=source)
    held = {o.unit for o in reviewed}
    threshold = _threshold(campaign, rubrics)
    ranking = rank([s for u, s in standings.items() if u not in held], campaign.selection,
                   campaign.quota, threshold=threshold, source=source)
    if campaign.review is not None and campaign.review.replace:
        ranking = refill(ranking, [o.unit for o in reviewed if o.status == "revoked"])
    flags = {p.unit: p.flags for p in panels if p.flags}
    outcomes = tuple(attrs.evolve(o, flags=(*o.flags, *flags.get(o.unit, ())))
                     for o in (*reviewed, *ranking.outcomes))
    used = sorted({f"{p.rubric.id}@{p.rubric.version}" for p in panels})
    notes = tuple(note for note in (illustrative_note(rubrics[r]) for r in used if r in rubrics)
                  if note is not None)
    return CampaignResult(campaign.id, campaign.title, campaign.award, campaign.year,
                          tuple(panels), tuple(terms), reviewed, ranking, outcomes, notes)


def _threshold(campaign: Campaign, rubrics: Mapping[str, Rubric]) -> Decimal | None:
    if campaign.selection.min_total is not None:
        return campaign.selection.min_total
    if campaign.term is not None:
        return campaign.term.min_total
    rubric = rubrics.get(campaign.rubric)
    if rubric is None or not rubric.levels:
        return None
    return min(level.min_total for level in rubric.levels)
