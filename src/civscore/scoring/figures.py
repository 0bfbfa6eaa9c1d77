"""The scoring pass: a plan applied to an assessment's findings (steps 1–3, 6).

One pass over the plan's nodes in post-order works out every item's raw
score, clamp, score and effective maximum, a group's from its children's.
The item tree and its explanation are built later from these figures
(:mod:`civscore.scoring.explain`); nothing is scored twice.

A sparse assessment (few findings, on a rubric whose items may all go
without one) starts from the figures of an assessment without findings and
works out only the items a finding touches and the groups above them.
"""

from __future__ import annotations

from decimal import Decimal

from civscore.model import Finding
from civscore.model.points import ONE, divide, multiply, to_text
from civscore.results import BaseTotal, EvidenceSubtotal, Part
from civscore.scoring.guards import apply_method
from civscore.scoring.methods import take_hits
from civscore.scoring.plan import Node, Plan
from civscore.scoring.validate import finding_problems

__all__ = ["SPARSE_RATIO", "Invalid", "ItemFigures", "base_total", "evidence", "item_figures"]

ZERO = Decimal(0)

#: An assessment with at most (number of leaves ÷ this) findings is scored sparsely.
SPARSE_RATIO = 4

Event = tuple[int, str, str, str, "Decimal | None"]


class Invalid(Exception):  # noqa: N818 (a signal, not an error)
    """The assessment has a problem; :func:`~civscore.scoring.validate.assessment_problems`
    says which."""


class ItemFigures:
    """The per-item figures of one assessment, by node index.

    ``na`` marks items that are, or are inside, a not-applicable item;
    ``floors`` the floor a group's own rule hits stopped at; ``parts`` the
    parts of leaves whose method has no raw scorer (kept, not built again).
    """

    __slots__ = ("eff", "floors", "found", "na", "nothing", "own", "parts", "raw", "score",
                 "touched")

    def __init__(self, n: int) -> None:
        self.found: dict[int, Finding] = {}
        self.score: list[Decimal] = [ZERO] * n
        self.raw: list[Decimal] = [ZERO] * n
        self.eff: list[Decimal] = [ZERO] * n
        self.own: list[Decimal] = [ZERO] * n  # what the item adds beyond its children
        self.na: list[bool] = [False] * n
        self.nothing: list[bool] = [False] * n  # nothing applicable in it
        self.floors: dict[int, Decimal] = {}
        self.parts: dict[int, tuple[Part, ...]] = {}
        self.touched: list[int] | None = None  # the items worked out, when sparse

    def copy(self) -> ItemFigures:
        new = ItemFigures(0)
        new.score, new.raw, new.eff, new.own = (
            self.score[:], self.raw[:], self.eff[:], self.own[:])
        new.na, new.nothing = self.na[:], self.nothing[:]
        new.floors, new.parts = dict(self.floors), dict(self.parts)
        return new


def item_figures(plan: Plan, findings: tuple[Finding, ...]) -> ItemFigures:
    """Steps 1–2 for every item.

    :raises Invalid: when a finding does not fit the rubric.
    :raises ScoringError: when a plugin's method fails.
    """
    by_path, nodes = plan.by_path, plan.nodes
    found: dict[int, Finding] = {}
    pairs = []
    na_roots: list[Node] = []
    for finding in findings:
        node = by_path.get(finding.criterion)
        if node is None:
            raise Invalid
        pairs.append((node, finding))
        found[node.index] = finding
        if finding.not_applicable:
            na_roots.append(node)
    if len(found) != len(pairs):
        raise Invalid  # two findings for one item
    na_items = {i for root in na_roots for i in range(root.index - root.size + 1, root.index + 1)}
    for node, finding in pairs:
        if na_items and any(a in na_items for a in node.ancestors):
            continue  # inside a not-applicable item: not scored, so not checked
        problems = finding_problems(plan, node, finding)
        if problems and any(severity == "error" for _key, _message, severity in problems):
            raise Invalid
    defaults = _defaults(plan) if len(found) * SPARSE_RATIO <= plan.leaves else None
    if defaults is None:
        figs = ItemFigures(len(nodes))
        todo: range | list[int] = range(len(nodes))
    else:
        figs = defaults.copy()
        touched = set(found) | na_items
        for i in found:
            touched.update(nodes[i].ancestors)
        todo = figs.touched = sorted(touched)
    figs.found = found
    for i in na_items:
        figs.na[i] = True
    score, raw, eff, own, na = figs.score, figs.raw, figs.eff, figs.own, figs.na
    for i in todo:
        node = nodes[i]
        scorer = node.raw
        if scorer is None or na[i] or node.children:
            _item(plan, node, found.get(i), figs)
            continue
        given = found.get(i)
        if given is None and node.required:
            raise Invalid
        got, points, floor = scorer(given), node.points, node.floor
        raw[i] = got
        eff[i] = points
        score[i] = own[i] = floor if got < floor else (points if got > points else got)
    return figs


def _defaults(plan: Plan) -> ItemFigures | None:
    """The figures of an assessment without findings, worked out once per
    plan; ``None`` when some item needs a finding or has no raw scorer."""
    if plan.defaults is None and all(n.children or (n.raw and not n.required)
                                     for n in plan.nodes):
        figs = ItemFigures(len(plan.nodes))
        scores = [ZERO] * len(plan.labels)
        for node in plan.nodes:
            _item(plan, node, None, figs)
            scores[node.label] += figs.own[node.index]
        plan.defaults, plan.default_evidence = figs, tuple(scores)
    return plan.defaults  # type: ignore[no-any-return]


def _item(plan: Plan, node: Node, finding: Finding | None, figs: ItemFigures) -> None:
    """One item's figures, from its finding and its children's figures."""
    i, item = node.index, node.item
    if figs.na[i]:
        figs.score[i] = figs.raw[i] = figs.own[i] = ZERO
        figs.eff[i] = item.points if plan.zero_policy else ZERO
        figs.nothing[i] = True
        return
    floor, points = item.floor, item.points
    if node.children:
        pick = node.pick
        sub = sum(pick(figs.score), ZERO)
        effective = min(points, sum(pick(figs.eff), ZERO))
        if all(pick(figs.na)):
            effective = points if plan.zero_policy else ZERO
        nothing_here = all(pick(figs.nothing))
        if nothing_here:
            floor = ZERO  # nothing applicable is left for the floor to keep
        if effective < min(points, node.points_sum):
            # A floor above what remains applicable would inflate the item
            # (and, rescaled, the base total) with points for N/A sub-items.
            floor = min(floor, effective)
        figs.floors[i] = floor
        raw = sub if finding is None or not finding.hits else take_hits(
            node.rules, finding.hits, sub, floor)
        figs.nothing[i] = nothing_here
    else:
        if node.method is None or (finding is None and node.required):
            raise Invalid
        if node.raw is not None:
            raw = node.raw(finding)
        else:
            parts = apply_method(node.method, item, finding, node.path)
            figs.parts[i] = parts
            raw = sum([p.points for p in parts], ZERO)
        effective, sub = points, ZERO
        figs.nothing[i] = False
    score = floor if raw < floor else (points if raw > points else raw)
    figs.raw[i], figs.score[i], figs.eff[i], figs.own[i] = raw, score, effective, score - sub


def base_total(plan: Plan, figs: ItemFigures) -> tuple[BaseTotal, Event | None]:
    """Steps 3 and 6: the sum of the category scores, rescaled by the
    not-applicable policy against what remains applicable (按比例折算),
    and the audit event of the rescaling."""
    rubric = plan.rubric
    raw = sum([figs.score[c] for c in plan.categories], ZERO)
    lost = sum([plan.nodes[c].item.points - figs.eff[c] for c in plan.categories], ZERO)
    effective = rubric.total - lost
    policy, factor, scaled, event = rubric.not_applicable, ONE, raw, None
    if policy == "rescale" and effective < rubric.total:
        if effective <= 0:
            factor, scaled = ZERO, ZERO
            event = (6, "rescale", "$", "所有测评项目均不适用，无法折算，基本分按0分计", ZERO)
        else:
            factor = divide(rubric.total, effective)
            scaled = divide(multiply(raw, rubric.total), effective)
            event = (6, "rescale", "$", f"按比例折算：{to_text(raw)} ÷ {to_text(effective)} × "
                                        f"{to_text(rubric.total)}", scaled - raw)
    return BaseTotal(raw, rubric.total, effective, policy, factor, scaled), event


def evidence(plan: Plan, figs: ItemFigures) -> tuple[EvidenceSubtotal, ...]:
    """Subtotals by evidence method (测评方法); a group's own deductions and
    clamp count under the group's evidence, so they add up to the base total."""
    own, nodes = figs.own, plan.nodes
    if figs.touched is None:
        scores = [ZERO] * len(plan.labels)
        for node in nodes:
            scores[node.label] += own[node.index]
    else:
        default = plan.defaults.own
        scores = list(plan.default_evidence)
        for i in figs.touched:
            scores[nodes[i].label] += own[i] - default[i]
    return tuple(EvidenceSubtotal(label, points, got) for label, points, got
                 in zip(plan.labels, plan.label_points, scores, strict=True))
