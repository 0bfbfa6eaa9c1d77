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
from civscore.scoring.methods import Unfit, take_hits
from civscore.scoring.plan import Node, Plan
from civscore.scoring.validate import finding_problems

__all__ = ["SPARSE_RATIO", "Invalid", "ItemFigures", "base_total", "evidence", "item_figures",
           "unassessed"]

ZERO = Decimal(0)

#: An assessment with at most (number of leaves ÷ this) findings is scored sparsely.
SPARSE_RATIO = 4

Event = tuple[int, str, str, str, "Decimal | None"]


class Invalid(Exception):  # noqa: N818 (a signal, not an error)
    """The assessment has a problem; :func:`~civscore.scoring.validate.assessment_problems`
    says which."""


class ItemFigures:
    """The per-item figures of one assessment, by node index.

    ``na`` marks items that are, or are inside, a not-applicable item, and
    ``plain`` says there are none (so every item's effective maximum, floor
    and "nothing applicable" are those of an assessment without findings);
    ``floors`` the floor a group's own rule hits stopped at; ``parts`` the
    parts of leaves whose method has no raw scorer (kept, not built again);
    ``claimed`` the indices of the items whose finding gives a claimed score.
    """

    __slots__ = ("claimed", "eff", "floors", "found", "na", "nothing", "own", "parts", "plain",
                 "raw", "score", "touched")

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
        self.plain = False
        #: the items a sparse assessment changed (``None``: maybe any)
        self.touched: set[int] | None = None
        self.claimed: list[int] = []

    def derived(self) -> ItemFigures:
        """Figures to work an assessment out from these (an assessment's
        without findings): the scores are copied; the effective maxima,
        not-applicable marks and floors are shared until :meth:`own_maxima`
        (only not-applicable items change them)."""
        new = object.__new__(ItemFigures)
        new.score, new.raw, new.own = self.score[:], self.raw[:], self.own[:]
        new.eff, new.na, new.nothing, new.floors = self.eff, self.na, self.nothing, self.floors
        new.found, new.parts, new.plain, new.touched, new.claimed = {}, dict(self.parts), False, \
            None, []
        return new

    def own_maxima(self) -> None:
        """Copy the shared effective maxima, marks and floors, to change them."""
        self.eff, self.na, self.nothing = self.eff[:], self.na[:], self.nothing[:]
        self.floors = dict(self.floors)


def item_figures(plan: Plan, findings: tuple[Finding, ...]) -> ItemFigures:
    """Steps 1–2 for every item: starting from the figures of an assessment
    without findings, each finding's leaf is scored (and checked) by its
    method's checking raw scorer; findings it cannot take (not applicable,
    with a claimed score, on a group, of a plugin's method …) are checked by
    :func:`~civscore.scoring.validate.finding_problems` and worked out with
    the groups above every finding.

    :raises Invalid: when a finding does not fit the rubric.
    :raises ScoringError: when a plugin's method fails.
    """
    entries, nodes, quantum = plan.entries, plan.nodes, plan.quantum
    figs = _base(plan).derived()
    found: dict[int, Finding] = {}
    figs.found = found
    score, raw, own = figs.score, figs.raw, figs.own
    slow: list[tuple[Node, Finding]] = []
    required = 0
    for finding in findings:
        entry = entries.get(finding.criterion)
        if entry is None:
            raise Invalid
        i, fast, top, floor, needed = entry
        found[i] = finding
        required += needed
        given = finding.points
        if fast is None or finding.not_applicable or finding.claimed is not None or (
                given is not None and not _fine(given, quantum)):
            slow.append((nodes[i], finding))
            if finding.claimed is not None:
                figs.claimed.append(i)
            continue
        try:
            got = fast(finding)
        except (Unfit, LookupError, TypeError, ArithmeticError):
            slow.append((nodes[i], finding))
            continue
        raw[i] = got
        score[i] = own[i] = floor if got < floor else (top if got > top else got)
    if len(found) < len(findings):
        raise Invalid  # two findings for one item
    todo = _todo(plan, figs, slow, required)
    for i in todo:
        _item(plan, nodes[i], found.get(i), figs)
    return figs


def _fine(value: Decimal, quantum: Decimal) -> bool:
    """Whether ``value`` is a finite Decimal with no more decimal places
    than ``quantum`` (``1.50`` has one); ``False`` also when it cannot tell."""
    try:
        return type(value) is Decimal and value.quantize(quantum) == value
    except ArithmeticError:
        return False


def _todo(plan: Plan, figs: ItemFigures, slow: list[tuple[Node, Finding]],
          required: int) -> list[int] | tuple[int, ...]:
    """The items :func:`item_figures` works out after the fast findings, in
    post-order: not-applicable items and what is inside them, the slow
    findings' items (checked here), every item without a raw scorer, and
    the groups above them all; sets ``figs.na`` and ``figs.touched``.

    :raises Invalid: when a slow finding does not fit, or an item that needs
        a finding has none.
    """
    nodes, found = plan.nodes, figs.found
    na_items: set[int] = set()
    for node, finding in slow:
        if finding.not_applicable:
            na_items.update(range(node.index - node.size + 1, node.index + 1))
    for node, finding in slow:
        if na_items and any(a in na_items for a in node.ancestors):
            continue  # inside a not-applicable item: not scored, so not checked
        problems = finding_problems(plan, node, finding)
        if problems and any(severity == "error" for _key, _message, severity in problems):
            raise Invalid
    if na_items:
        figs.own_maxima()
        for i in na_items:
            figs.na[i] = True
    figs.plain = not na_items
    if required < len(plan.required) and any(
            i not in found and not figs.na[i] for i in plan.required):
        raise Invalid  # an item that needs a finding has none
    extra = {node.index for node, _finding in slow} | na_items
    if len(found) * SPARSE_RATIO > plan.leaves:
        if not extra and not plan.always:
            return plan.groups
        figs.touched = None
        return sorted(extra.union(plan.groups, plan.always))
    touched = extra.union(plan.always, found)
    for i in [*found, *na_items]:
        touched.update(nodes[i].ancestors)
    figs.touched = touched
    return sorted(i for i in touched if i not in found or i in extra)


def _base(plan: Plan) -> ItemFigures:
    """The figures of an assessment without findings, worked out once per
    plan.  An item that needs a finding (``plan.required``) or has no raw
    scorer (``plan.always``) is left at 0 here: an assessment always works
    it out, with the groups above it."""
    if plan.defaults is None:
        figs = ItemFigures(len(plan.nodes))
        scores = [ZERO] * len(plan.labels)
        for node in plan.nodes:
            if node.children or not (node.required or node.index in plan.always):
                _item(plan, node, None, figs)
            else:
                figs.eff[node.index] = node.points
            scores[node.label] += figs.own[node.index]
        figs.touched = set()
        plan.lost = sum([plan.nodes[c].item.points - figs.eff[c] for c in plan.categories], ZERO)
        plan.defaults, plan.default_evidence = figs, tuple(scores)
    return plan.defaults  # type: ignore[no-any-return]


def _item(plan: Plan, node: Node, finding: Finding | None, figs: ItemFigures) -> None:
    """One item's figures, from its finding and its children's figures."""
    i, item = node.index, node.item
    if figs.plain and node.children:  # as without findings, but for the scores
        sub = sum(node.pick(figs.score), ZERO)
        floor, points = figs.floors[i], node.points
        raw = sub if finding is None or not finding.hits else take_hits(
            node.rules, finding.hits, sub, floor)
        score = floor if raw < floor else (points if raw > points else raw)
        figs.raw[i], figs.score[i], figs.own[i] = raw, score, score - sub
        return
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
    else:
        if node.method is None or (finding is None and node.required):
            raise Invalid
        if node.raw is not None:
            try:
                raw = node.raw(finding)
            except Unfit:
                raise Invalid from None
        else:
            parts = apply_method(node.method, item, finding, node.path)
            figs.parts[i] = parts
            raw = sum([p.points for p in parts], ZERO)
        effective, sub, nothing_here = points, ZERO, False
    score = floor if raw < floor else (points if raw > points else raw)
    figs.raw[i], figs.score[i], figs.own[i] = raw, score, score - sub
    if not figs.plain:  # else as without findings (and shared with those figures)
        figs.eff[i], figs.nothing[i] = effective, nothing_here


def base_total(plan: Plan, figs: ItemFigures) -> tuple[BaseTotal, Event | None]:
    """Steps 3 and 6: the sum of the category scores, rescaled by the
    not-applicable policy against what remains applicable (按比例折算),
    and the audit event of the rescaling."""
    rubric = plan.rubric
    raw = sum([figs.score[c] for c in plan.categories], ZERO)
    lost = plan.lost if figs.plain else sum(
        [plan.nodes[c].item.points - figs.eff[c] for c in plan.categories], ZERO)
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
        scores = [sum([own[i] for i in indices], ZERO) for indices in plan.by_label]
    else:
        default = plan.defaults.own
        scores = list(plan.default_evidence)
        for i in figs.touched:
            scores[nodes[i].label] += own[i] - default[i]
    return tuple(EvidenceSubtotal(label, points, got) for label, points, got
                 in zip(plan.labels, plan.label_points, scores, strict=True))


def minimum_scores(plan: Plan, figs: ItemFigures
                   ) -> dict[str, tuple[tuple[str, Decimal, Decimal], ...]]:
    """Each level's minimum standards as (item title, its score, the least it
    must score), by level id, leaving out the minimums on items with nothing
    applicable (不适用), which are not applied."""
    return {level: tuple((plan.nodes[i].item.title, figs.score[i], least)
                         for i, least in wanted if not figs.nothing[i])
            for level, wanted in plan.minimums.items()}


def unassessed(plan: Plan, figs: ItemFigures) -> tuple[str, ...]:
    """Step 1 (未评): the dotted paths, in rubric order, of the applicable
    leaves left without a finding that their method scored as it scores no
    finding (``deduct``: full points, ``award``: 0).  A leaf inside a
    not-applicable item is not unassessed.  Costs a look at each such leaf,
    so the ``full`` policy, which needs no list, does not call it."""
    found, na, nodes = figs.found, figs.na, plan.nodes
    return tuple(nodes[i].path for i in plan.optional if i not in found and not na[i])
