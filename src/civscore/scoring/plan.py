"""The scoring plan: a rubric compiled once into what every assessment needs.

A :class:`Plan` lists the rubric's items as :class:`Node` values in
post-order (children before their group), each with its compiled raw scorer,
its rules by id, its evidence label and its result when no finding is
recorded.  Plans are cached per rubric object and set of scoring methods;
:mod:`civscore.scoring.figures` applies one to an assessment.
"""

from __future__ import annotations

import decimal
import hashlib
import json
import operator
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from civscore.exceptions import RubricError
from civscore.messages import message
from civscore.model import (
    ItemPlace,
    Level,
    Rubric,
    Rule,
    illustrative_note,
    scaled_item,
    walk_items,
)
from civscore.model.serde import unstructure
from civscore.model.sources import source_of
from civscore.results import RubricInfo
from civscore.scoring.guards import (
    Checker,
    PluginMethod,
    checker,
    checks_itself,
    compile_method,
)
from civscore.scoring.methods import RawScorer, ScoringMethod

__all__ = ["CONTEXT", "UNSPECIFIED_EVIDENCE", "Node", "Plan", "RubricWarnings", "plan_for",
           "require_weighted", "rubric_hash"]

#: A rubric's consistency check as the engine runs it: ``checks(rubric,
#: methods)`` gives the scorecard's warnings about the rubric itself (the
#: checks live above the engine, :func:`civscore.checks.rubric_warnings`).
RubricWarnings = Callable[[Rubric, Mapping[str, ScoringMethod]], Iterable[str]]

#: Evidence label of items whose rubric names no evidence method.
UNSPECIFIED_EVIDENCE = "未指定"

#: The decimal context every scoring step runs in, whatever the caller's:
#: 28 significant digits (additions of points are exact), the default
#: exponent range, and errors trapped.  Results do not depend on the caller's
#: context.
CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emax=999999,
                          Emin=-999999, traps=[decimal.InvalidOperation,
                                               decimal.DivisionByZero, decimal.Overflow])

ZERO = Decimal(0)


def rubric_hash(rubric: Rubric) -> str:
    """``sha256:<hex>`` of the rubric's canonical JSON form (sorted keys,
    points as canonical decimal text).  Equal rubrics hash equal whatever the
    formatting of the file they came from."""
    canonical = json.dumps(unstructure(rubric), sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Node:
    """One item of a compiled rubric (an internal record of :class:`Plan`)."""

    __slots__ = (
        "ancestors",
        "check",
        "children",
        "depth",
        "evidence",
        "fast",
        "floor",
        "index",
        "item",
        "label",
        "method",
        "path",
        "pick",
        "points",
        "points_sum",
        "provenance",
        "rank",
        "raw",
        "required",
        "rules",
        "size",
    )

    def __init__(self, place: ItemPlace, rank: int, rubric: Rubric) -> None:
        # a tiered item scored by a grade scale gets its tiers written in
        item = scaled_item(rubric, place.item)
        self.path, self.item, self.depth, self.evidence, self.rank = (
            place.path, item, place.depth, place.evidence, rank)
        self.provenance = place.provenance  # its own, else the nearest enclosing one's
        self.points, self.floor = item.points, item.floor
        self.index = -1  # post-order position, set by the plan
        self.size = 1  # items in its subtree: indices index - size + 1 … index
        self.children: tuple[int, ...] = ()
        #: the children's entries of a list indexed by node, as a tuple
        self.pick: Callable[[Sequence[Any]], tuple[Any, ...]] = _picker(())
        self.ancestors: tuple[int, ...] = ()  # nearest first
        self.label = 0
        self.method: ScoringMethod | None = None
        self.raw: RawScorer | None = None
        #: the raw scorer when it checks the finding itself (a built-in method's)
        self.fast: RawScorer | None = None
        self.check: Checker | None = None  # the leaf's method's check
        self.required = False
        self.rules: dict[str, Rule] = {r.id: r for r in item.rules}
        self.points_sum = sum((c.points for c in item.criteria), ZERO)


class Plan:
    """A rubric compiled for scoring with a given set of methods.

    ``nodes`` are in post-order; ``categories`` holds the category nodes'
    indices in rubric order; ``labels`` are the evidence labels in the order
    the rubric first names them, with their allotted ``label_points``.
    """

    def __init__(self, rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> None:
        # The cache of plans must not keep the rubric alive: the plan holds it weakly.
        self._rubric = weakref.ref(rubric)
        self.methods = methods
        self.info = RubricInfo(rubric.id, rubric.version, rubric.title, rubric_hash(rubric),
                               rubric.provenance, rubric.total)
        self.levels: tuple[Level, ...] = tuple(
            sorted(rubric.levels, key=lambda lv: (lv.min_total, lv.id)))
        self.shares = any(lv.min_category_share is not None for lv in rubric.levels)
        self.zero_policy = rubric.not_applicable == "zero"
        self.lock = threading.Lock()  # explanations built from other threads
        pre = [Node(place, rank, rubric) for rank, place in enumerate(walk_items(rubric))]
        note = illustrative_note(rubric)
        self.warnings = () if note is None else (note,)
        self.nodes: list[Node] = []
        self.by_path: dict[str, Node] = {n.path: n for n in pre}
        self._order(pre)
        self.categories = tuple(n.index for n in pre if n.depth == 0)
        #: each level's minimum standards, (node index, at least), by level id;
        #: the gates every level needs without naming them
        self.minimums: dict[str, tuple[tuple[int, Decimal], ...]] = {
            lv.id: tuple((self.by_path[m.item].index, m.at_least) for m in lv.minimums)
            for lv in rubric.levels if lv.minimums}
        self.every_level_gates = frozenset(g.id for g in rubric.gates if g.all_levels)
        self.leaves = sum(1 for n in self.nodes if not n.children)
        #: whether a guarded plugin method may warn while scoring (not in strict
        #: mode): a scorecard then carries what it says in its warnings
        self.may_warn = any(isinstance(n.method, PluginMethod) and not n.method.strict
                            for n in self.nodes)
        #: the groups, in post-order; the leaves that need a finding; the
        #: leaves without a raw scorer and the groups above them (post-order)
        self.groups = tuple(n.index for n in self.nodes if n.children)
        self.required = tuple(n.index for n in self.nodes if n.required)
        #: the leaves a method scores without a finding, in rubric order (未评 when left so)
        self.optional = tuple(n.index for n in pre if not n.children and not n.required)
        always = {i for n in self.nodes if not n.children and n.raw is None
                  for i in (n.index, *n.ancestors)}
        self.always = tuple(sorted(always))
        #: a point's quantum: ``point_places`` decimal places
        self.quantum = Decimal(1).scaleb(-rubric.point_places)
        self.labels, self.label_points = self._labels(pre)
        #: each item's (index, checking raw scorer, points, floor, needs a
        #: finding) by dotted path: what the scoring pass reads per finding
        self.entries: dict[str, tuple[int, RawScorer | None, Decimal, Decimal, bool]] = {
            n.path: (n.index, n.fast, n.points, n.floor, n.required) for n in pre}
        #: the node indices under each evidence label
        self.by_label: tuple[tuple[int, ...], ...] = tuple(
            tuple(n.index for n in self.nodes if n.label == label)
            for label in range(len(self.labels)))
        #: figures without findings and their evidence subtotals, worked out
        #: on first use by :mod:`civscore.scoring.figures`
        self.defaults: Any = None
        self.default_evidence: tuple[Decimal, ...] = ()
        #: the points the categories lose without findings (their effective maxima's shortfall)
        self.lost = ZERO
        self.default_results: dict[int, Any] = {}  # category index -> its explanation
        #: leaf and finding -> the leaf's explanation (civscore.scoring.explain)
        self.leaf_cache: dict[tuple[object, ...], Any] = {}
        #: a rubric check (``score(checks=…)``) -> the warnings it gave this rubric
        self.checked: dict[RubricWarnings, tuple[str, ...]] = {}

    def check_warnings(self, checks: RubricWarnings | None) -> tuple[str, ...]:
        """The warnings ``checks`` gives this plan's rubric with its methods,
        worked out on the first call and kept with the plan, so a rubric is
        checked once however many assessments are scored against it."""
        if checks is None:
            return ()
        found = self.checked.get(checks)
        if found is None:
            found = self.checked[checks] = tuple(checks(self.rubric, self.methods))
        return found

    @property
    def rubric(self) -> Rubric:
        """The rubric compiled (alive while anyone scores with it).

        :raises ReferenceError: once the rubric object is gone.
        """
        rubric = self._rubric()
        if rubric is None:
            raise ReferenceError("the rubric of this plan is gone")
        return rubric

    def _order(self, pre: list[Node]) -> None:
        """Post-order indices, children and ancestors; each leaf's method."""
        kids: dict[str, list[Node]] = {n.path: [] for n in pre}
        for node in pre:
            if node.depth:
                kids[node.path.rpartition(".")[0]].append(node)

        def visit(node: Node) -> None:
            for child in kids[node.path]:
                visit(child)
                node.size += child.size
            node.index = len(self.nodes)
            self.nodes.append(node)

        for node in pre:
            if node.depth == 0:
                visit(node)
        for node in pre:
            node.children = tuple(c.index for c in kids[node.path])
            node.pick = _picker(node.children)
            parent = self.by_path.get(node.path.rpartition(".")[0]) if node.depth else None
            node.ancestors = (parent.index, *parent.ancestors) if parent else ()
            if not node.children:
                method = self.methods.get(node.item.method or "")
                node.method = method
                if method is not None:
                    node.raw = compile_method(method, node.item, node.path)
                    node.fast = node.raw if checks_itself(method) else None
                    node.check = checker(method, node.path)
                    node.required = any(p.severity == "error"
                                        for p in node.check(node.item, None))

    def _labels(self, pre: list[Node]) -> tuple[tuple[str, ...], tuple[Decimal, ...]]:
        """Evidence labels and their allotted points: a leaf's points count
        under its evidence; sub-items allotted more than their group
        (``sum_policy = "cap"``) count at the group's points, under the group's."""
        points: dict[str, Decimal] = {}
        allotted = {n.path: n.depth == 0 for n in pre}
        for node in pre:
            label = node.evidence or UNSPECIFIED_EVIDENCE
            here = points.setdefault(label, ZERO)
            node.label = list(points).index(label)
            if not node.children:
                points[label] = here + (node.item.points if allotted[node.path] else ZERO)
                continue
            exact = allotted[node.path] and node.points_sum == node.item.points
            if allotted[node.path] and not exact:
                points[label] = here + node.item.points
            for child in node.item.criteria:
                allotted[f"{node.path}.{child.id}"] = exact
        return tuple(points), tuple(points.values())


def _picker(indices: tuple[int, ...]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """``lambda values: tuple(values[i] for i in indices)``, in C."""
    if len(indices) == 1:
        (only,) = indices
        return lambda values: (values[only],)
    if not indices:
        return lambda values: ()
    return operator.itemgetter(*indices)


_PLANS: dict[int, list[Plan]] = {}
_PLANS_LOCK = threading.Lock()


def require_weighted(rubric: Rubric) -> None:
    """Refuse a rubric of indicators without points (``weighted = false``):
    it is scored only through an overlay that gives each indicator its
    points.  The one check every way of scoring goes through (:func:`plan_for`).

    :raises RubricError: code ``unweighted``, at ``$.weighted``, naming the
        rubric's file when it was read from one.
    """
    if not rubric.weighted:
        raise RubricError(message("score.unweighted", ref=rubric.ref),
                          source=source_of(rubric, f"<rubric {rubric.ref}>"),
                          path="$.weighted", code="unweighted")


def plan_for(rubric: Rubric, methods: Mapping[str, ScoringMethod]) -> Plan:
    """The plan of ``rubric`` with ``methods``, compiled on first use and
    cached while the rubric object lives.

    :raises RubricError: for a rubric of indicators without points
        (:func:`require_weighted`).
    """
    require_weighted(rubric)
    key = id(rubric)
    for plan in _PLANS.get(key, ()):
        if plan._rubric() is rubric and _same_methods(plan, methods):
            return plan
    with decimal.localcontext(CONTEXT):
        plan = Plan(rubric, methods)
    with _PLANS_LOCK:
        plans = _PLANS.get(key)
        if plans is None or plans[0]._rubric() is not rubric:
            plans = _PLANS[key] = []
            weakref.finalize(rubric, _PLANS.pop, key, None)
        plans.append(plan)
    return plan


def _same_methods(plan: Plan, methods: Mapping[str, ScoringMethod]) -> bool:
    if plan.methods is methods:
        return True
    return all(methods.get(n.item.method or "") is n.method
               for n in plan.nodes if not n.children)
