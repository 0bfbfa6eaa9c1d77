"""The what-if (差距分析): the least effort that takes one unit's assessment
to the next level, or past a cut line.

:func:`recoverable` lists what could still be won back on each leaf item:

* a deduction that can be fixed (整改): one rule's hits on one item cleared,
  winning back what that rule took (after its own cap);
* an award not yet claimed (补充材料): one more occurrence of a standard of an
  ``award`` item, within the standard's ``max`` and the item's points;
* a tier one step up (提升档次) on a ``tiered`` item;
* an ``all_or_nothing`` item not met, met (达到标准).

Each counts as one unit of effort.  :func:`what_if` then finds the smallest
number of them whose gain reaches the goal — exactly: on one item the best
*j* actions are its *j* largest (an item's score only grows with what is won
back, up to its points), and a dynamic programme over the items (a knapsack
whose every weight is 1) gives, for every *k*, the largest gain any *k*
actions reach.  It stays exact at any size; its cost is items × actions²
(about a millisecond for 150 items with a few actions each).  The gains of the
search add up leaf scores, which is the base total when groups add up their
children exactly (``sum_policy = "exact"``, no rules on groups); the chosen
set is then scored again by the engine, and ``exact`` says whether the engine
agrees (a cap on a group or on the total can make the real gain smaller).
Bonus, penalties, vetoes and items scored ``direct`` or by ``ratio`` are not
in the search.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from civscore.exceptions import CampaignError
from civscore.messages import message
from civscore.model import Assessment, Criterion, Finding, Rubric, scaled_item, walk_items
from civscore.model.assessment import StandardHit
from civscore.model.points import ZERO, divide, multiply, to_text
from civscore.results.scorecard import ItemResult, Scorecard
from civscore.scoring import score
from civscore.scoring.methods import ScoringMethod

__all__ = ["MAX_CLAIMS", "Recovery", "WhatIf", "recoverable", "what_if"]


@attrs.frozen
class Recovery:
    """One action that wins points back on the leaf item at ``path``:
    ``kind`` is ``fix`` (a rule's hits cleared), ``claim`` (one more
    occurrence of a standard), ``tier-up`` or ``meet``; ``ref`` the rule,
    standard or tier id; ``delta`` what it adds to the item's raw score."""

    path: str
    kind: str
    ref: str
    delta: Decimal
    text: str


@attrs.frozen
class WhatIf:
    """The least effort to ``target``: the ``chosen`` actions (fewest, and of
    those the largest gain), the gain the search computed (``gain``, on the
    total) and the engine's total once they are done (``total_after``).
    ``reached`` is false when even every recoverable action falls short, or
    when a veto or bar decides the outcome (``blocked``)."""

    unit: str
    goal: str
    target: Decimal
    current: Decimal
    need: Decimal
    recoverable: tuple[Recovery, ...]
    chosen: tuple[Recovery, ...]
    gain: Decimal
    total_after: Decimal
    reached: bool
    exact: bool
    #: When the outcome is vetoed or ineligible: its reasons (no points can
    #: change it, so nothing is chosen and the goal is not reached).
    blocked: tuple[str, ...] = ()


def _deduct(item: Criterion, result: ItemResult) -> list[Recovery]:
    texts = {r.id: r.text for r in item.rules}
    return [Recovery(result.path, "fix", p.ref, -p.points,
                     f"整改：{texts.get(p.ref, p.ref)}（挽回{to_text(-p.points)}分）")
            for p in result.parts if p.kind in ("deduct", "zeroes") and p.points < 0]


#: The most claims of one standard the what-if lists (one action each).
MAX_CLAIMS = 1000


def _award(item: Criterion, result: ItemResult) -> list[Recovery]:
    room = result.points - result.raw
    out = []
    for standard in item.standards:
        taken = sum((p.points for p in result.parts if p.ref == standard.id), ZERO)
        left = room if standard.max is None else min(room, standard.max - taken)
        if standard.points > 0 and left / standard.points > MAX_CLAIMS:
            raise CampaignError(
                message("camp.too-many-claims", ident=standard.id, most=MAX_CLAIMS,
                        points=to_text(standard.points), left=to_text(left)),
                path=result.path)
        while left > 0:
            delta = min(standard.points, left)
            out.append(Recovery(result.path, "claim", standard.id, delta,
                                f"补充：{standard.text}（+{to_text(delta)}分）"))
            left -= delta
    return out


def _tier(item: Criterion, result: ItemResult) -> list[Recovery]:
    current = next((p.ref for p in result.parts if p.kind == "tier"), None)
    tiers = sorted(item.tiers, key=lambda t: t.points)
    now = next((t for t in tiers if t.id == current), None)
    higher = [t for t in tiers if now is not None and t.points > now.points]
    if now is None or not higher:
        return []
    up = higher[0]
    return [Recovery(result.path, "tier-up", up.id, up.points - now.points,
                     f"提升档次：{now.title}→{up.title}（+{to_text(up.points - now.points)}分）")]


def recoverable(rubric: Rubric, card: Scorecard) -> tuple[Recovery, ...]:
    """Every recoverable action on the leaf items of ``card`` (scored with
    ``rubric``), in rubric order, largest first within an item."""
    out: list[Recovery] = []
    for place in walk_items(rubric):
        item = scaled_item(rubric, place.item)
        if item.criteria:
            continue
        result = card.item(place.path)
        if result.not_applicable or result.score >= result.points:
            continue
        if item.method == "deduct":
            found = _deduct(item, result)
        elif item.method == "award":
            found = _award(item, result)
        elif item.method == "tiered":
            found = _tier(item, result)
        elif item.method == "all_or_nothing":
            text = f"达到标准：{item.text or item.title}（+{to_text(result.points)}分）"
            found = [Recovery(place.path, "meet", "", result.points - result.raw, text)]
        else:
            found = []
        out += sorted(found, key=lambda r: -r.delta)
    return tuple(out)


def _gains(result: ItemResult, actions: Sequence[Recovery]) -> list[Decimal]:
    """The item's score gain with its 0, 1, 2 … largest actions done."""
    gains, raw = [ZERO], result.raw
    for action in actions:
        raw += action.delta
        gains.append(min(raw, result.points) - result.score)
    return gains


def _search(card: Scorecard, actions: Sequence[Recovery]) -> list[tuple[Decimal, list[int]]]:
    """best[k] = (the largest base gain of k actions, how many of each item's)."""
    items: dict[str, list[Recovery]] = {}
    for action in actions:
        items.setdefault(action.path, []).append(action)
    best: list[tuple[Decimal, list[int]]] = [(ZERO, [])]
    for path, mine in items.items():
        gains = _gains(card.item(path), mine)
        merged: list[tuple[Decimal, list[int]] | None] = [None] * (len(best) + len(mine))
        for k, (gain, counts) in enumerate(best):
            for j, extra in enumerate(gains):
                current = merged[k + j]
                if current is None or gain + extra > current[0]:
                    merged[k + j] = (gain + extra, [*counts, j])
        best = [m for m in merged if m is not None]
    return best


def _apply(assessment: Assessment, chosen: Sequence[Recovery]) -> Assessment:
    findings = {f.criterion: f for f in assessment.findings}
    for action in chosen:
        finding = findings.get(action.path, Finding(criterion=action.path))
        if action.kind == "fix":
            finding = attrs.evolve(finding, hits=tuple(h for h in finding.hits
                                                       if h.rule != action.ref))
        elif action.kind == "claim":
            hits = list(finding.standards)
            index = next((i for i, h in enumerate(hits) if h.standard == action.ref), None)
            if index is None:
                hits.append(StandardHit(action.ref))
            else:
                hits[index] = attrs.evolve(hits[index], count=hits[index].count + 1)
            finding = attrs.evolve(finding, standards=tuple(hits))
        elif action.kind == "tier-up":
            finding = attrs.evolve(finding, tier=action.ref)
        else:
            finding = attrs.evolve(finding, met=True)
        findings[action.path] = finding
    return attrs.evolve(assessment, findings=tuple(findings.values()))


def what_if(rubric: Rubric, assessment: Assessment, *, target: Decimal | None = None,
            source: str = "<assessment>",
            methods: Mapping[str, ScoringMethod] | None = None) -> WhatIf:
    """The least effort for ``assessment`` to reach ``target`` (default: the
    next level's threshold), scored with ``methods`` (default: the built-in
    ones; a registry's, for plugins' methods).  A vetoed or ineligible unit
    gets its reasons in ``blocked`` and nothing chosen.

    :raises CampaignError: no target given and no next level to reach; an
        ``award`` item that would need more than :data:`MAX_CLAIMS` claims.
    """
    card = score(rubric, assessment, methods=methods)
    if card.outcome.status in ("vetoed", "ineligible"):
        goal = f"总分达到{to_text(target)}分" if target is not None else "达到下一等次"
        current = card.total.compared
        return WhatIf(card.unit, goal, current if target is None else target, current,
                      ZERO, (), (), ZERO, current, False, True,
                      blocked=tuple(card.outcome.reasons))
    if target is None:
        if card.next_level is None:
            raise CampaignError(message("camp.no-next-level"),
                                source=source, path="$")
        target = card.next_level.min_total
        goal = f"达到{card.next_level.title}（{to_text(target)}分）"
    else:
        goal = f"总分达到{to_text(target)}分"
    need = max(ZERO, target - card.total.compared)
    try:
        actions = recoverable(rubric, card)
    except CampaignError as exc:
        raise CampaignError(exc.message, source=source, path=exc.path) from None
    best = _search(card, actions)
    factor = card.base.factor

    def on_total(base_gain: Decimal) -> Decimal:
        if factor == 1:
            return base_gain
        return divide(multiply(base_gain, card.base.points), card.base.effective_max)

    k = next((k for k, (gain, _c) in enumerate(best) if on_total(gain) >= need), len(best) - 1)
    gain, counts = best[k]
    by_item: dict[str, list[Recovery]] = {}
    for action in actions:
        by_item.setdefault(action.path, []).append(action)
    chosen = [a for (path, mine), n in zip(by_item.items(), counts, strict=True) for a in mine[:n]]
    after = score(rubric, _apply(assessment, chosen), methods=methods)
    return WhatIf(card.unit, goal, target, card.total.compared, need, actions, tuple(chosen),
                  on_total(gain), after.total.compared, after.total.compared >= target,
                  after.total.compared - card.total.compared == on_total(gain))
