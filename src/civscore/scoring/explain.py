"""The explanation of a scorecard, built from the plan and the figures on
first read: the item tree, the points lost, the audit trail (step 10).

Nothing here works out a score: every figure comes from the scoring pass
(:mod:`civscore.scoring.figures`); the parts of an item are those its
method gives for the same finding.
"""

from __future__ import annotations

from decimal import Decimal

from civscore.model.points import to_text
from civscore.results import AuditEvent, ItemResult, Loss, Part
from civscore.scoring.figures import ItemFigures
from civscore.scoring.methods import apply_method, take_hits
from civscore.scoring.plan import Node, Plan

__all__ = ["audit_events", "item_tree", "losses"]

ZERO = Decimal(0)


def item_tree(plan: Plan, figs: ItemFigures) -> tuple[ItemResult, ...]:
    """The :class:`~civscore.results.ItemResult` of every category, with its
    sub-items.  A category that a sparse assessment leaves untouched is the
    plan's one result of it without findings (frozen values are shared)."""
    if figs.touched is None:
        return tuple(_result(plan, plan.nodes[c], figs) for c in plan.categories)
    touched = set(figs.touched)
    defaults = plan.default_results
    if not defaults:
        defaults.update((c, _result(plan, plan.nodes[c], plan.defaults))
                        for c in plan.categories)
    return tuple(_result(plan, plan.nodes[c], figs) if c in touched else defaults[c]
                 for c in plan.categories)


def _result(plan: Plan, node: Node, figs: ItemFigures) -> ItemResult:
    i, item = node.index, node.item
    finding = figs.found.get(i)
    children = tuple(_result(plan, plan.nodes[c], figs) for c in node.children)
    claimed = finding.claimed if finding is not None else None
    note = finding.note if finding is not None else ""
    if figs.na[i]:
        return ItemResult(node.path, item.title, item.points, figs.eff[i], ZERO, ZERO, ZERO,
                          item.method, node.evidence, True,
                          finding.reason if finding is not None else "", claimed, (), children,
                          note)
    return ItemResult(node.path, item.title, item.points, figs.eff[i], figs.raw[i],
                      figs.score[i] - figs.raw[i], figs.score[i], item.method, node.evidence,
                      False, "", claimed, _parts(plan, node, figs), children, note)


def _parts(plan: Plan, node: Node, figs: ItemFigures) -> tuple[Part, ...]:
    i, finding = node.index, figs.found.get(node.index)
    if node.children:
        if finding is None or not finding.hits:
            return ()
        parts: list[Part] = []
        sub = sum([figs.score[c] for c in node.children], ZERO)
        take_hits(node.rules, finding.hits, sub, figs.floors[i], parts)
        return tuple(parts)
    kept = figs.parts.get(i)
    if kept is not None:
        return kept
    assert node.method is not None
    return apply_method(node.method, node.item, finding, node.path)


def losses(categories: tuple[ItemResult, ...]) -> tuple[Loss, ...]:
    """Points lost, itemised by rule where the method says which, largest first."""
    found: list[Loss] = []
    stack = list(reversed(categories))
    while stack:
        node = stack.pop()
        if not node.not_applicable:
            found.extend(_own_losses(node))
            stack.extend(reversed(node.children))
    found.sort(key=_loss_order)
    return tuple(found)


def _loss_order(loss: Loss) -> tuple[Decimal, str, str]:
    return (-loss.points, loss.path, loss.ref)


def _own_losses(node: ItemResult) -> list[Loss]:
    """The losses of one applicable item itself, not of its sub-items (a
    group's own rule hits and clamp; a leaf's shortfall, by rule where known)."""
    found: list[Loss] = []
    if node.children:
        found.extend(Loss(node.path, node.title, -part.points, part.ref, part.text)
                     for part in node.parts if part.points < 0)
        if node.clamp:
            found.append(Loss(node.path, node.title, -node.clamp, "clamp", "本项得分封顶/保底调整"))
        return found
    lost = node.effective_max - node.score
    if lost <= 0:
        return found
    itemised = ZERO
    for part in node.parts:
        if part.points < 0:
            amount = min(-part.points, lost - itemised)
            if amount > 0:
                found.append(Loss(node.path, node.title, amount, part.ref, part.text))
                itemised += amount
    if lost > itemised:
        found.append(Loss(node.path, node.title, lost - itemised, node.method or "", "未得满分"))
    return found


def audit_events(plan: Plan, figs: ItemFigures,
                 categories: tuple[ItemResult, ...]) -> list[AuditEvent]:
    """The audit events of the items (steps 1, 2 and 6), in the order the
    items are worked out: sub-items before their group."""
    events: list[AuditEvent] = []
    for result in categories:
        _item_events(plan, result, figs, events)
    return events


def _item_events(plan: Plan, result: ItemResult, figs: ItemFigures,
                 events: list[AuditEvent]) -> None:
    if result.not_applicable:
        node = plan.by_path[result.path]
        if not any(figs.na[a] for a in node.ancestors):
            how = "按0分计，满分不变" if plan.zero_policy else "按比例折算时从满分中扣除"
            events.append(AuditEvent(6, "not-applicable", result.path,
                                     f"不适用（{result.reason}），{how}", result.points))
        return
    for child in result.children:
        _item_events(plan, child, figs, events)
    step = 2 if result.children else 1
    events.extend(AuditEvent(step, "rule-cap", result.path,
                             f"“{part.text}”超出该条上限，{to_text(part.discarded)}分不计",
                             part.discarded) for part in result.parts if part.discarded)
    points = result.points
    if result.clamp < 0:
        events.append(AuditEvent(step, "clamp", result.path,
                                 f"得分{to_text(result.raw)}超过应得分{to_text(points)}，"
                                 f"按{to_text(points)}计", result.clamp))
    elif result.clamp > 0:
        node = plan.by_path[result.path]
        floor = figs.floors.get(node.index, node.item.floor)
        events.append(AuditEvent(step, "clamp", result.path,
                                 f"扣分超过本项分值，扣完为止（最低{to_text(floor)}分）",
                                 result.clamp))
