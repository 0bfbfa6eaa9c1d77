"""The yearly review of title holders (年度复查, 动态管理): kept, warned
(限期整改) or revoked (撤销), and revoked places refilled (撤一补一).

:func:`review` decides each holder's outcome from its standing in the
review year and the history of its earlier reviews, by the campaign's
:class:`~civscore.campaign.rules.ReviewRule`, in this order:

1. a veto finding (一票否决), or a bar inside its window (不得申报情形), revokes
   when ``revoke_on_veto``;
2. a total at or above ``keep_at`` keeps the title;
3. below ``warn_at`` (when set) revokes;
4. otherwise a warning, unless it is the ``warnings_to_revoke``-th warning
   in consecutive years, which revokes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from civscore.campaign.history import History
from civscore.campaign.rules import ReviewRule
from civscore.campaign.selection import Ranking, Standing, UnitOutcome
from civscore.exceptions import CampaignError
from civscore.messages import message
from civscore.model.points import to_text

__all__ = ["refill", "review", "review_one"]


def review_one(standing: Standing, rule: ReviewRule, earlier_warnings: int) -> UnitOutcome:
    """The review outcome of one holder whose consecutive warnings just
    before this year number ``earlier_warnings``."""
    total = to_text(standing.total)
    if (standing.vetoed or standing.ineligible) and rule.revoke_on_veto:
        return UnitOutcome(standing.unit, "revoked", standing.total,
                           reasons=(*standing.reasons, "复查发现否决情形，撤销称号"))
    if standing.total >= rule.keep_at:
        return UnitOutcome(standing.unit, "kept", standing.total,
                           reasons=(f"复查得分{total}，不低于合格线{to_text(rule.keep_at)}，保留称号",))
    below = f"复查得分{total}低于合格线{to_text(rule.keep_at)}"
    if rule.warn_at is not None and standing.total < rule.warn_at:
        return UnitOutcome(standing.unit, "revoked", standing.total, reasons=(
            f"复查得分{total}低于整改线{to_text(rule.warn_at)}，撤销称号",))
    count = earlier_warnings + 1
    if rule.warnings_to_revoke and count >= rule.warnings_to_revoke:
        return UnitOutcome(standing.unit, "revoked", standing.total, reasons=(
            below, f"连续{count}年限期整改，撤销称号"))
    return UnitOutcome(standing.unit, "warned", standing.total,
                       reasons=(below, f"限期整改（连续第{count}年）"))


def review(standings: Mapping[str, Standing], history: History, rule: ReviewRule, *,
           title: str, year: int, lapse: int = 0,
           source: str = "<campaign>") -> tuple[UnitOutcome, ...]:
    """Review every unit holding ``title`` in the year before ``year``
    (by ``history``, with the campaign's ``lapse``), from its standing in
    ``standings`` (by unit).

    :return: the holders' outcomes, sorted by unit.
    :raises CampaignError: a holder with no standing (no review assessment).
    """
    outcomes = []
    for unit in history.holders(title, year - 1, lapse=lapse):
        standing = standings.get(unit)
        if standing is None:
            raise CampaignError(message("camp.review-missing", unit=unit, title=title,
                                        year=year - 1, review=year),
                                source=source, path="$.review")
        outcomes.append(review_one(standing, rule, history.warnings(unit, title, year)))
    return tuple(outcomes)


def refill(ranking: Ranking, revoked: Sequence[str]) -> Ranking:
    """撤一补一: give each revoked place (in ``revoked``' order) to the
    best-ranked unit of ``ranking`` not selected (nor eliminated); fewer such
    units leave places empty.  Units sharing a rank are refilled together: a
    tie that does not fit in the places left is refilled whole and flagged,
    as a tie at the cut line is."""
    waiting = [o for o in ranking.outcomes
               if o.status == "not_selected" and o.rank is not None and not o.eliminated]
    chosen: dict[str, str] = {}
    extra: set[str] = set()
    left = list(revoked)
    last_rank = None
    for o in waiting:
        if left:
            chosen[o.unit] = left.pop(0)
        elif o.rank == last_rank:
            extra.add(o.unit)
        else:
            break
        last_rank = o.rank
    outcomes = []
    for o in ranking.outcomes:
        if o.unit in chosen:
            outcomes.append(attrs.evolve(
                o, status="awarded", reasons=(*o.reasons, f"撤一补一：递补{chosen[o.unit]}的名额")))
        elif o.unit in extra:
            outcomes.append(attrs.evolve(
                o, status="awarded", reasons=(*o.reasons, "撤一补一：与递补单位并列"),
                flags=(*o.flags, f"并列第{o.rank}名递补，超出名额")))
        else:
            outcomes.append(o)
    return attrs.evolve(ranking, outcomes=tuple(outcomes))
