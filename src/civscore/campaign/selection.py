"""Selection (评选): units ranked against a quota after vetoes and bars.

:func:`rank` takes one :class:`Standing` per unit (from a panel or a term)
and decides each unit's :class:`UnitOutcome`: vetoed and ineligible units
first, then units below the threshold, then the rest ranked by total (ties
by the declared categories, else a shared rank: 1, 2, 2, 4); the bottom
share is eliminated (末位淘汰); the places of the quota are awarded (or, at a
ratio such as 1:1.5, candidates shortlisted); units near the threshold or the
cut line are flagged.  Every outcome carries its reasons in Chinese.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

import attrs

from civscore.campaign.panel import Panel
from civscore.campaign.rules import Quota, SelectionRule
from civscore.exceptions import CampaignError
from civscore.messages import message
from civscore.model.points import ZERO, multiply, quantize, to_text

__all__ = ["STATUS_LABELS", "Ranking", "Standing", "UnitOutcome", "find_outcome", "quota_places",
           "rank", "standing_of"]

Status = Literal["awarded", "shortlisted", "not_selected", "ineligible", "vetoed", "kept",
                 "warned", "revoked"]

#: Chinese labels of the campaign outcomes.
STATUS_LABELS: dict[str, str] = {
    "awarded": "授予", "shortlisted": "入围", "not_selected": "未入选", "ineligible": "不得申报",
    "vetoed": "一票否决", "kept": "保留", "warned": "限期整改", "revoked": "撤销",
}

#: What reaching the 达标线 gives without a quota (:attr:`SelectionRule.on_reach`).
_REACH = {"awarded": "授予", "shortlisted": "可参评"}


@attrs.frozen
class Standing:
    """One unit as the ranking sees it: its compared ``total``, whether it
    was ``vetoed`` or barred (``ineligible``, with ``reasons``), whether it
    reached the rubric's level (``reached``), and its ``keys``, the scores of
    the tie-break categories in the rule's order."""

    unit: str
    total: Decimal
    vetoed: bool = False
    ineligible: bool = False
    reached: bool = True
    reasons: tuple[str, ...] = ()
    keys: tuple[Decimal, ...] = ()


@attrs.frozen
class UnitOutcome:
    """A unit's outcome in a campaign: ``status``, its ``rank`` among the
    ranked units (``None`` when not ranked), its ``total``, the ``reasons``
    and the ``flags`` (near a line, tied at the cut, a divergent assessor);
    ``eliminated`` marks 末位淘汰."""

    unit: str
    status: Status
    total: Decimal
    rank: int | None = None
    reasons: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    eliminated: bool = False


@attrs.frozen
class Ranking:
    """The ranking of a campaign: ``places`` awarded (``candidates``
    shortlisted instead when the quota has a ratio), the ``threshold`` the
    units had to reach, the ``cut`` (the lowest total selected), how the
    places were worked out (``quota_text``) and every unit's outcome, ranked
    units first by rank."""

    places: int | None
    candidates: int | None
    threshold: Decimal | None
    cut: Decimal | None
    quota_text: str
    outcomes: tuple[UnitOutcome, ...]

    def outcome(self, unit: str) -> UnitOutcome:
        """The outcome of ``unit``.

        :raises KeyError: no such unit.
        """
        return find_outcome(self.outcomes, unit)


def find_outcome(outcomes: Sequence[UnitOutcome], unit: str) -> UnitOutcome:
    """The outcome of ``unit`` among ``outcomes``.

    :raises KeyError: no such unit.
    """
    for outcome in outcomes:
        if outcome.unit == unit:
            return outcome
    raise KeyError(unit)


def standing_of(panel: Panel, rule: SelectionRule, *, source: str = "<campaign>") -> Standing:
    """The :class:`Standing` of a combined ``panel``: its compared total,
    its outcome's veto or bar, whether it reached a level, and the combined
    scores of ``rule.ties``.

    :raises CampaignError: a tie-break category the rubric does not have.
    """
    keys = []
    for i, path in enumerate(rule.ties):
        try:
            keys.append(panel.category(path))
        except KeyError:
            raise CampaignError(message("camp.no-tie-path",
                                        ref=f"{panel.rubric.id}@{panel.rubric.version}",
                                        path=path,
                                        paths=", ".join(c.path for c in panel.categories)),
                                source=source, path=f"$.selection.ties[{i}]") from None
    status = panel.outcome.status
    return Standing(panel.unit, panel.compared, status == "vetoed", status == "ineligible",
                    status in ("awarded", "unrated"),
                    panel.outcome.reasons if status in ("vetoed", "ineligible") else (),
                    tuple(keys))


def quota_places(quota: Quota, units: int, *, source: str = "<campaign>") -> tuple[int, str]:
    """The number of places of ``quota`` for a batch of ``units`` units, and
    how it was worked out (Chinese).

    :raises CampaignError: naming ``$.quota``: neither or both of ``places``
        and ``fraction``, a fraction without ``expiring``, or more places than
        units.
    """
    if (quota.places is None) == (quota.fraction is None):
        raise CampaignError(message("camp.places-or-fraction"),
                            source=source, path="$.quota")
    if quota.places is not None:
        places, text, key = quota.places, f"名额{quota.places}个", "$.quota.places"
    else:
        assert quota.fraction is not None
        if quota.expiring is None:
            raise CampaignError(message("camp.needs-expiring"), source=source,
                                path="$.quota.expiring")
        exact = multiply(quota.fraction, Decimal(quota.expiring))
        places = int(quantize(exact, 0, quota.rounding))
        text = (f"名额 = 到期单位数{quota.expiring} × {to_text(quota.fraction)} = "
                f"{to_text(exact)}，取整（{quota.rounding}）为{places}个")
        key = "$.quota.fraction"
    if places > units:
        raise CampaignError(message("camp.too-many-places", places=places, units=units),
                            source=source, path=key)
    return places, text


def _sort_key(standing: Standing) -> tuple[Decimal, ...]:
    return (-standing.total, *(-k for k in standing.keys))


def rank(standings: Sequence[Standing], rule: SelectionRule, quota: Quota | None, *,
         threshold: Decimal | None = None, source: str = "<campaign>") -> Ranking:
    """Rank ``standings`` (one per unit) by ``rule`` against ``quota``.

    Without a quota, every ranked unit is ``awarded``, or ``shortlisted``
    when ``rule.on_reach`` says so (达标即可参评).

    :param threshold: the 达标线 when ``rule.min_total`` is not set (shown in
        reasons; units use ``reached`` then).
    :raises CampaignError: a unit given twice, a quota above the number of
        units, or ``on_reach = "shortlisted"`` with a quota.
    """
    seen: set[str] = set()
    for standing in standings:
        if standing.unit in seen:
            raise CampaignError(message("camp.unit-twice", unit=standing.unit),
                                source=source, path="$.units")
        seen.add(standing.unit)
    if quota is not None and rule.on_reach == "shortlisted":
        raise CampaignError(message("camp.on-reach"),
                            source=source, path="$.selection.on_reach")
    places, quota_text = (None, f"未规定名额：达标即{_REACH[rule.on_reach]}") if quota is None \
        else quota_places(quota, len(standings), source=source)
    line = rule.min_total if rule.min_total is not None else threshold
    outcomes: list[UnitOutcome] = []
    ranked: list[Standing] = []
    for s in standings:
        if s.vetoed:
            outcomes.append(UnitOutcome(s.unit, "vetoed", s.total, reasons=s.reasons))
        elif s.ineligible:
            outcomes.append(UnitOutcome(s.unit, "ineligible", s.total, reasons=s.reasons))
        elif (s.total < rule.min_total) if rule.min_total is not None else not s.reached:
            why = (f"总分{to_text(s.total)}低于达标线{to_text(line)}" if line is not None
                   else "未达到等次")
            outcomes.append(UnitOutcome(s.unit, "not_selected", s.total, reasons=(why,)))
        else:
            ranked.append(s)
    ranked.sort(key=lambda s: (_sort_key(s), s.unit))
    keys = [_sort_key(s) for s in ranked]
    ranks = [1] * len(ranked)
    for i in range(1, len(ranked)):  # sorted: a key equal to the one before shares its rank
        ranks[i] = ranks[i - 1] if keys[i] == keys[i - 1] else i + 1
    eliminated = 0 if quota is None or quota.eliminate is None else \
        int(quantize(multiply(quota.eliminate, Decimal(len(ranked))), 0, "down"))
    candidates = None
    if quota is not None and quota.candidates is not None and places is not None:
        candidates = int(quantize(multiply(quota.candidates, Decimal(places)), 0, "up"))
    limit = candidates if candidates is not None else places
    chosen = [r <= len(ranked) - eliminated and (limit is None or r <= limit) for r in ranks]
    selected = [s.total for s, c in zip(ranked, chosen, strict=True) if c]
    cut = min(selected) if selected and limit is not None else None
    status: Status = "shortlisted" if candidates is not None or (
        quota is None and rule.on_reach == "shortlisted") else "awarded"
    shared = Counter(ranks)
    ranked_outcomes = []
    for s, r, c in zip(ranked, ranks, chosen, strict=True):
        reasons = [f"第{r}名，总分{to_text(s.total)}"]
        if r > len(ranked) - eliminated:
            reasons.append(f"末位淘汰：后{to_text(quota.eliminate * 100)}%共{eliminated}个"
                           if quota is not None and quota.eliminate is not None else "末位淘汰")
        elif not c:
            reasons.append(f"名次在{'入围' if candidates is not None else '名额'}{limit}个之外")
        tie = shared[r]
        flags = []
        if c and limit is not None and r + tie - 1 > limit:
            flags.append(f"与{tie - 1}个单位并列第{r}名，超出名额")
        flags += _near(s.total, line, cut, rule.near)
        ranked_outcomes.append(UnitOutcome(s.unit, status if c else "not_selected", s.total, r,
                                           tuple(reasons), tuple(flags),
                                           r > len(ranked) - eliminated))
    text = quota_text + (f"；按1:{to_text(quota.candidates)}差额入围{candidates}个"
                         if candidates is not None and quota is not None
                         and quota.candidates is not None else "")
    return Ranking(places, candidates, line, cut, text,
                   tuple(ranked_outcomes) + tuple(sorted(outcomes, key=lambda o: o.unit)))


def _near(total: Decimal, line: Decimal | None, cut: Decimal | None,
          near: Decimal | None) -> list[str]:
    flags: list[str] = []
    if near is None:
        return flags
    if line is not None and ZERO <= total - line <= near:
        flags.append(f"距达标线{to_text(line)}仅{to_text(total - line)}分")
    if cut is not None and ZERO < cut - total <= near:
        flags.append(f"距入选线{to_text(cut)}差{to_text(cut - total)}分")
    if cut is not None and ZERO < total - cut <= near:
        flags.append(f"高出入选线{to_text(cut)}仅{to_text(total - cut)}分")
    return flags
