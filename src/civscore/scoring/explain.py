"""The explanation of a scorecard, built from the plan and the figures on
first read: the item tree, the points lost, the audit trail (step 10).

Nothing here works out a score: every figure comes from the scoring pass
(:mod:`civscore.scoring.figures`); the parts of an item are those its
method gives for the same finding.  A leaf's result, its losses and its
audit events are a function of the leaf and its finding, so they are kept
with the leaf's figures in the plan's cache and shared between scorecards
(they are frozen values).
"""

from __future__ import annotations

from decimal import Decimal

from civscore.exceptions import ScoringError
from civscore.model import Finding
from civscore.model.points import to_text
from civscore.results import AuditEvent, ItemResult, Loss, Part
from civscore.scoring.figures import ItemFigures
from civscore.scoring.guards import apply_method
from civscore.scoring.methods import take_hits
from civscore.scoring.plan import Node, Plan

__all__ = ["LEAF_CACHE_LIMIT", "Explanation", "explain"]

ZERO = Decimal(0)

#: Most leaf explanations a plan keeps (the cache is emptied when full).
LEAF_CACHE_LIMIT = 16384

#: (the item's result, its own losses, its own audit events and those below it)
Explained = tuple[ItemResult, tuple[Loss, ...], tuple[AuditEvent, ...]]
#: (every category's result, the points lost largest first, the item audit events)
Explanation = tuple[tuple[ItemResult, ...], tuple[Loss, ...], list[AuditEvent]]


def explain(plan: Plan, figs: ItemFigures) -> Explanation:
    """The item tree, the points lost (largest first) and the items' audit
    events (sub-items before their group, as they are worked out).  A
    category that a sparse assessment leaves untouched is the plan's one
    explanation of it without findings."""
    touched, defaults = figs.touched, plan.default_results
    results: list[ItemResult] = []
    lost: list[Loss] = []
    events: list[AuditEvent] = []
    for c in plan.categories:
        if touched is None or c in touched:
            explained = _explained(plan, plan.nodes[c], figs, False)
        else:  # untouched: every item in it is as without findings
            explained = defaults.get(c) or defaults.setdefault(
                c, _explained(plan, plan.nodes[c], plan.defaults, False))
        results.append(explained[0])
        lost.extend(explained[1])
        events.extend(explained[2])
    lost.sort(key=_loss_order)
    return tuple(results), tuple(lost), events


def _explained(plan: Plan, node: Node, figs: ItemFigures, inside_na: bool) -> Explained:
    i = node.index
    finding = figs.found.get(i)
    key = None
    if not node.children and not figs.na[i]:
        key = (i,) if finding is None else _leaf_key(node, finding)
        kept = plan.leaf_cache.get(key) if key is not None else None
        if kept is not None:
            return kept  # type: ignore[no-any-return]
    kids = [_explained(plan, plan.nodes[c], figs, figs.na[i]) for c in node.children]
    children = tuple(k[0] for k in kids)
    claimed = finding.claimed if finding is not None else None
    note = finding.note if finding is not None else ""
    item = node.item
    if figs.na[i]:
        result = ItemResult(node.path, item.title, item.points, figs.eff[i], ZERO, ZERO, ZERO,
                            item.method, node.evidence, True,
                            finding.reason if finding is not None else "", claimed, (),
                            children, note, node.provenance)
        if inside_na:
            return result, (), ()
        how = "按0分计，满分不变" if plan.zero_policy else "按比例折算时从满分中扣除"
        return result, (), (AuditEvent(6, "not-applicable", node.path,
                                       f"不适用（{result.reason}），{how}",
                                       result.effective_max - item.points),)
    result = ItemResult(node.path, item.title, item.points, figs.eff[i], figs.raw[i],
                        figs.score[i] - figs.raw[i], figs.score[i], item.method, node.evidence,
                        False, "", claimed, _parts(node, figs), children, note, node.provenance,
                        bool(node.children) and figs.nothing[i])
    own_lost = tuple(_own_losses(result))
    events = [e for k in kids for e in k[2]]
    events.extend(_own_events(result, figs.floors.get(i, item.floor)))
    explained = (result, own_lost + tuple(loss for k in kids for loss in k[1]), tuple(events))
    if key is not None:
        if len(plan.leaf_cache) >= LEAF_CACHE_LIMIT:
            plan.leaf_cache.clear()
        plan.leaf_cache[key] = explained
    return explained


def _leaf_key(node: Node, f: Finding) -> tuple[object, ...] | None:
    """What a leaf's result depends on, exactly: its finding's
    entries, each Decimal as its text (its digits and exponent, so ``1.0``
    and ``1`` stay apart) and each count an ``int``.  ``None`` when the leaf's method
    has no raw scorer, or a value is not of its declared type (such a
    finding is checked and scored every time, as is one with ``options``, which
    a plugin's method may read).  Equal keys, equal results."""
    if node.raw is None or node.children or f.not_applicable or f.options:
        return None
    hits, standards, tier, met, note = f.hits, f.standards, f.tier, f.met, f.note
    if (type(hits) is not tuple or type(standards) is not tuple or type(note) is not str
            or not (tier is None or type(tier) is str) or not (met is None or type(met) is bool)):
        return None
    key: list[object] = [node.index, hits, standards, tier, met, note]
    for value in (f.points, f.rate, f.claimed):
        if value is not None and type(value) is not Decimal:
            return None
        key.append(None if value is None else str(value))
    for hit in hits:
        deduct = hit.deduct
        if type(hit.count) is not int or (deduct is not None and type(deduct) is not Decimal):
            return None
        if deduct is not None:
            key.append(str(deduct))
    for std in standards:
        if type(std.count) is not int:
            return None
    return tuple(key)


def _parts(node: Node, figs: ItemFigures) -> tuple[Part, ...]:
    i, finding = node.index, figs.found.get(node.index)
    if node.children:
        if finding is None or not finding.hits:
            return ()
        parts: list[Part] = []
        sub = sum(node.pick(figs.score), ZERO)
        take_hits(node.rules, finding.hits, sub, figs.floors[i], parts)
        return tuple(parts)
    kept = figs.parts.get(i)
    if kept is not None:
        return kept
    assert node.method is not None
    given = apply_method(node.method, node.item, finding, node.path)
    total = sum([p.points for p in given], ZERO)
    if total != figs.raw[i]:
        raise ScoringError(f"scoring method {node.method.name!r}: its compile() scored "
                           f"{to_text(figs.raw[i])}, but its parts add up to {to_text(total)}",
                           path=node.path)
    return given


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


def _own_events(result: ItemResult, floor: Decimal) -> list[AuditEvent]:
    """An applicable item's rule caps and clamp (steps 1 and 2)."""
    step = 2 if result.children else 1
    events = [AuditEvent(step, "rule-cap", result.path,
                         f"“{part.text}”超出该条上限，{to_text(part.discarded)}分不计",
                         part.discarded) for part in result.parts if part.discarded]
    events.extend(AuditEvent(step, "at-most", result.path,
                             f"“{part.text}”：本项得分以此为限，少计{to_text(-part.points)}分",
                             part.points)
                  for part in result.parts if part.kind == "at_most" and part.points)
    points = result.points
    if result.clamp < 0:
        events.append(AuditEvent(step, "clamp", result.path,
                                 f"得分{to_text(result.raw)}超过应得分{to_text(points)}，"
                                 f"按{to_text(points)}计", result.clamp))
    elif result.clamp > 0:
        events.append(AuditEvent(step, "clamp", result.path,
                                 f"扣分超过本项分值，扣完为止（最低{to_text(floor)}分）",
                                 result.clamp))
    return events
