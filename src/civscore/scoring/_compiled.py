"""Compiled evaluation plans: the fast path of :func:`civscore.score_many`.

A rubric is compiled once (per set of scoring methods) into a tree of
:class:`_Node` with everything that does not depend on an assessment worked
out in advance:

* the **default result** of every item that may go without a finding (扣分制
  and 得分制 leaves, and groups made only of them) — the full-marks
  :class:`~civscore.results.scorecard.ItemResult` of an untouched deduction item, with
  its audit events.  Results are frozen values, so one instance is shared by
  every scorecard that needs it;
* the evidence-method labels (测评方法), their order and allotted points, and
  the static effective maximum of every item (no item not applicable);
* which leaves need a finding, and the paths below every item.

A batch (:class:`Batch`, one per ``score_many`` call) then scores each
assessment with work that follows its findings:

* **sparse** assessments (findings on few items) recompute only the items on
  the path from a finding up to its category; every other category is its
  shared default result;
* a leaf's result is a function of the leaf and its finding, so results are
  memoised per leaf (bounded, per batch) under a key made of the finding's
  entries (decimals by their exact text, so ``1.0`` and ``1`` stay apart);
  a finding is validated in full the first time its key is seen — the same
  content is the same verdict;
* anything unusual — a not-applicable item, a group whose own rule caps or
  clamp need audit events, a plugin's scoring method — is handed to the
  engine's own code (``_Run.item``) for that item, and an assessment with any
  problem is scored by :func:`civscore.score` itself, which raises the same
  :class:`~civscore.exceptions.AssessmentError`.

The result is the same scorecard :func:`civscore.score` gives, figure for
figure and Decimal for Decimal (the property tests check this).
"""

from __future__ import annotations

import decimal
import operator
import threading
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from civscore.model import Assessment, Criterion, Finding, Rubric
from civscore.model.points import ONE, ZERO
from civscore.results.scorecard import (
    AuditEvent,
    BaseTotal,
    EvidenceSubtotal,
    ItemResult,
    Loss,
    Scorecard,
)
from civscore.scoring import engine
from civscore.scoring.engine import UNSPECIFIED_EVIDENCE, _Plan, _Run
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod, check_hits, deduction_parts

if TYPE_CHECKING:
    from civscore.scoring._fast import Kernel

__all__ = ["MEMO_LIMIT", "Batch", "CompiledPlan", "compiled"]

#: Most memoised results kept per leaf in one batch (the memo is cleared when full).
MEMO_LIMIT = 256
#: An assessment with at most (number of leaves ÷ this) findings is scored sparsely.
SPARSE_RATIO = 4

_SCORE = operator.attrgetter("score")
_PATH_REF = operator.attrgetter("path", "ref")
_POINTS = operator.attrgetter("points")
_EMPTY: frozenset[int] = frozenset()


#: The context plans are compiled in: what they work out in advance must be
#: exact in it (else the plan is not used), and so is the same in any
#: :func:`standard_context`.
PLAN_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emax=999999,
                               Emin=-999999, traps=[decimal.InvalidOperation,
                                                    decimal.DivisionByZero, decimal.Overflow])


def standard_context(context: decimal.Context) -> bool:
    """Whether exact figures worked out in ``context`` are those of any other
    such context, so that values worked out in advance or kept from earlier
    assessments hold: at least 28 digits, the default exponent range or wider,
    no clamping, and not rounding towards −∞ (where ``x − x`` is ``−0``).
    In any other context ``score_many`` scores each assessment with the engine."""
    return (context.prec >= 28 and context.rounding != decimal.ROUND_FLOOR
            and context.Emax >= 999999 and context.Emin <= -999999 and not context.clamp)


class _Fallback(Exception):  # noqa: N818 (a signal, not an error)
    """Score this assessment with :func:`civscore.score` instead."""


class _Quiet(_Run):
    """A run that records no audit trail (``explain=False``)."""

    quiet = True

    def event(self, step: int, kind: str, path: str, message: str,
              amount: Decimal | None = None) -> None:
        return None


class _Node:
    """One item of the compiled rubric."""

    __slots__ = (
        "children",
        "default",
        "default_ev",
        "default_events",
        "default_kids",
        "default_losses",
        "delta",
        "depth",
        "evidence",
        "group_kids",
        "item",
        "kids_have_events",
        "kids_have_losses",
        "label",
        "leaf_labels",
        "links",
        "memo",
        "method",
        "must",
        "parent_evidence",
        "path",
        "paths",
        "static_effective",
    )

    def __init__(self, item: Criterion, path: str, parent_evidence: str, depth: int) -> None:
        self.item = item
        self.path = path
        self.parent_evidence = parent_evidence
        self.evidence = item.evidence or parent_evidence
        self.depth = depth
        self.children: tuple[_Node, ...] = ()
        self.method: ScoringMethod | None = None
        self.memo = -1  # index of the leaf's memo in a batch; -1: not memoised
        self.label = 0
        self.links: tuple[tuple[_Node | None, int], ...] = ()
        self.paths: tuple[str, ...] = ()
        self.static_effective: Decimal = item.points
        self.default: ItemResult | None = None
        self.default_events: tuple[AuditEvent, ...] = ()
        self.default_ev: tuple[tuple[int, Decimal], ...] = ()
        self.default_losses: tuple[Loss, ...] = ()
        self.default_kids: tuple[ItemResult | None, ...] = ()
        self.must: frozenset[int] = _EMPTY  # children without a default result
        self.group_kids: tuple[int, ...] = ()
        self.leaf_labels: tuple[tuple[int, tuple[int, ...]], ...] = ()
        self.kids_have_events = False
        self.kids_have_losses = False
        #: sparse shortcut of a group whose children all have defaults: (default
        #: subtotal, positions holding its least exponent or None when that is 0,
        #: ((label, default partial sum, holders) per leaf label), position -> label index)
        self.delta: tuple[Decimal, frozenset[int] | None,
                          tuple[tuple[int, Decimal, frozenset[int] | None], ...],
                          tuple[int, ...]] | None = None


class CompiledPlan:
    """A rubric compiled for one set of scoring methods (see the module doc)."""

    def __init__(self, plan: _Plan, methods: Mapping[str, ScoringMethod]) -> None:
        rubric = plan.rubric
        self.plan = plan
        self.rubric = rubric
        self.methods = methods
        self.used: dict[str, ScoringMethod | None] = {}
        self.nodes: dict[str, _Node] = {}
        self.memo_count = 0
        self.usable = True  # False: a leaf's method is not installed; score() decides
        self.roots = tuple(self._node(c, c.id, "", 0, ((None, i),))
                           for i, c in enumerate(rubric.categories))
        self.paths = frozenset(self.nodes)
        self.n_leaves = sum(1 for n in self.nodes.values() if not n.children)
        if not self.usable:
            return
        self._defaults()
        self._evidence()
        lost = sum((r.item.points - r.static_effective for r in self.roots), ZERO)
        self.effective = rubric.total - lost
        self.rescales = rubric.not_applicable == "rescale" and self.effective < rubric.total
        self.always_roots = frozenset(i for i, r in enumerate(self.roots) if r.default is None)

    # -- compiling ------------------------------------------------------------------------

    def _node(self, item: Criterion, path: str, parent_evidence: str, depth: int,
              links: tuple[tuple[_Node | None, int], ...]) -> _Node:
        """Compile ``item``; ``links`` are its (parent, position) pairs up to the root."""
        node = _Node(item, path, parent_evidence, depth)
        self.nodes[path] = node
        node.links = links
        evidence = item.evidence or parent_evidence
        if item.criteria:
            node.children = tuple(
                self._node(c, f"{path}.{c.id}", evidence, depth + 1, ((node, i), *links))
                for i, c in enumerate(item.criteria))
            node.static_effective = min(item.points, sum(
                (c.static_effective for c in node.children), ZERO))
            node.paths = (path, *(p for c in node.children for p in c.paths))
            node.group_kids = tuple(i for i, c in enumerate(node.children) if c.children)
        else:
            name = item.method or ""
            method = self.methods.get(name)
            self.used[name] = method
            node.method = method
            node.paths = (path,)
            if method is None:
                self.usable = False
            elif method is BUILTIN_METHODS.get(name):
                node.memo = self.memo_count
                self.memo_count += 1
        return node

    def _run(self, quiet: bool) -> _Run:
        cls = _Quiet if quiet else _Run
        return cls(self.rubric, Assessment(rubric=self.rubric.ref, unit=""), self.methods)

    def _defaults(self) -> None:
        run = self._run(quiet=False)
        run.findings = {}

        def walk(node: _Node) -> bool:
            below = [walk(c) for c in node.children]  # every child, no short cut
            ok = all(below)
            if not node.children:
                method = node.method
                ok = method is BUILTIN_METHODS.get(node.item.method or "") and not any(
                    p.severity == "error" for p in method.check(node.item, None))  # type: ignore[union-attr]
            else:
                node.default_kids = tuple(c.default for c in node.children)
                node.must = frozenset(i for i, c in enumerate(node.children) if c.default is None)
                node.kids_have_events = any(c.default_events for c in node.children)
                node.kids_have_losses = any(c.default_losses for c in node.children)
            if ok:
                run.audit = []
                node.default = run.item(node.item, node.path, node.parent_evidence, node.depth,
                                        False)
                node.default_events = tuple(run.audit)
                node.default_losses = tuple(_subtree_losses(node.default))
            return ok

        for root in self.roots:
            walk(root)

    def _evidence(self) -> None:
        """Evidence labels in the order the engine meets them, their points, and
        every default subtree's contribution to each label's score."""
        labels: dict[str, int] = {}
        points: list[Decimal] = []

        def add(label: str, allotted: Decimal) -> int:
            index = labels.get(label)
            if index is None:
                index = labels[label] = len(points)
                points.append(ZERO)
            points[index] = points[index] + allotted
            return index

        def walk(node: _Node, allotted: bool) -> None:
            item = node.item
            label = (item.evidence or node.parent_evidence) or UNSPECIFIED_EVIDENCE
            if not node.children:
                node.label = add(label, item.points if allotted else ZERO)
                return
            node.label = add(label, ZERO)
            children_points = sum((c.points for c in item.criteria), ZERO)
            exact = allotted and children_points == item.points
            if allotted and not exact:
                add(label, item.points)
            for child in node.children:
                walk(child, exact)

        for root in self.roots:
            walk(root, True)
        self.labels = tuple(labels)
        self.label_points = tuple(points)
        for node in self.nodes.values():
            if node.children:
                by_label: dict[int, list[int]] = {}
                for i, child in enumerate(node.children):
                    if not child.children:
                        by_label.setdefault(child.label, []).append(i)
                node.leaf_labels = tuple((k, tuple(v)) for k, v in by_label.items())
                if not node.must:
                    node.delta = _delta_plan(node)
            if node.default is not None:
                node.default_ev = tuple(_contributions(node, node.default).items())

    def matches(self, methods: Mapping[str, ScoringMethod]) -> bool:
        """Whether ``methods`` provides the same method objects this plan was compiled with."""
        return methods is self.methods or all(
            methods.get(name) is method for name, method in self.used.items())


def _contributions(node: _Node, result: ItemResult) -> dict[int, Decimal]:
    """What ``result`` (of ``node``) adds to each evidence label's score."""
    out: dict[int, Decimal] = {}

    def walk(n: _Node, r: ItemResult) -> None:
        if not n.children:
            out[n.label] = out.get(n.label, ZERO) + r.score
            return
        out[n.label] = out.get(n.label, ZERO) + (r.clamp + sum((p.points for p in r.parts), ZERO))
        for child_node, child in zip(n.children, r.children, strict=True):
            walk(child_node, child)

    walk(node, result)
    return out


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _holders(kids: list[ItemResult], positions: tuple[int, ...]) -> frozenset[int] | None:
    """The positions whose score has the least exponent of the sum (which
    starts from a zero of exponent 0); ``None`` when that least exponent is 0."""
    exponents = {i: _exponent(kids[i].score) for i in positions}
    least = min([0, *exponents.values()])
    if least == 0:
        return None
    return frozenset(i for i, e in exponents.items() if e == least)


def _delta_plan(node: _Node) -> Any:
    kids: list[ItemResult] = list(node.default_kids)  # type: ignore[arg-type]
    everyone = tuple(range(len(kids)))
    labels = tuple(
        (label, sum((kids[i].score for i in positions), ZERO), _holders(kids, positions))
        for label, positions in node.leaf_labels)
    pos_label = [-1] * len(kids)
    for j, (_label, positions) in enumerate(node.leaf_labels):
        for i in positions:
            pos_label[i] = j
    return (sum((k.score for k in kids), ZERO), _holders(kids, everyone), labels,
            tuple(pos_label))


def compiled(plan: _Plan, methods: Mapping[str, ScoringMethod]) -> CompiledPlan:
    """The plan's compiled form for ``methods``, compiled on first use and cached
    with the plan."""
    for candidate in plan.compiled:
        if isinstance(candidate, CompiledPlan) and candidate.matches(methods):
            return candidate
    with decimal.localcontext(PLAN_CONTEXT) as context:
        result = CompiledPlan(plan, methods)
        if context.flags[decimal.Inexact]:
            result.usable = False  # a value worked out in advance was rounded
    plan.compiled.append(result)
    del plan.compiled[:-4]  # a few method sets at most
    return result


def _key(finding: Finding) -> Any:
    """The memo key of a leaf's finding: every entry a built-in method or its
    check reads, decimals by their exact text (``1.0`` is not ``1`` here),
    each value with its type (``1``, ``True`` and ``1.0`` are not one key)."""
    hits: Any = finding.hits
    if hits:
        hits = tuple([(h.rule, _typed(h.count), _text(h.deduct), h.note) for h in hits])
    standards: Any = finding.standards
    if standards:
        standards = tuple([(s.standard, _typed(s.count), s.note) for s in standards])
    return (_typed(hits), _typed(standards), _typed(finding.tier), _text(finding.points),
            _text(finding.rate), _typed(finding.met), _text(finding.claimed),
            _typed(finding.note))


def _typed(value: Any) -> tuple[Any, type]:
    return value, value.__class__


def _text(value: Any) -> tuple[str, type] | None:
    return None if value is None else (str(value), value.__class__)


def _subtree_losses(result: ItemResult) -> list[Loss]:
    """The losses of an item and everything below it, in the engine's order."""
    out: list[Loss] = []

    def walk(node: ItemResult) -> None:
        if node.not_applicable:
            return
        for child in node.children:
            walk(child)
        out.extend(engine._own_losses(node))

    walk(result)
    return out


_Memo = dict[Any, tuple[ItemResult, tuple[AuditEvent, ...], tuple[Loss, ...]]]
_Touched = dict[_Node | None, set[int]]


class Batch:
    """Scores assessments one at a time against a compiled plan (one
    ``score_many`` call); holds the per-leaf memo."""

    def __init__(self, plan: CompiledPlan, plugins: Mapping[str, str], explain: bool) -> None:
        self.plan = plan
        self.rubric: Rubric = plan.rubric
        self.plugins = plugins
        self.explain = explain
        self.memos: list[_Memo] = [{} for _ in range(plan.memo_count)]
        self.run = plan._run(quiet=not explain)
        self.places = self.rubric.point_places
        self.forbid = self.rubric.not_applicable == "forbid"
        # the state of the assessment being scored
        self.by_path: dict[str, Finding] = {}
        self.audit: list[AuditEvent] = []
        self.losses: list[Loss] = []
        self.ev: list[Decimal] = []
        self.claims = False
        self.na_count = 0
        self.lock = threading.RLock()
        self.kernel: Kernel | None = None
        if plan.usable:
            from civscore.scoring._fast import Kernel, fast_plan  # noqa: PLC0415 (imports this module)

            fast = fast_plan(plan)
            if fast.usable:
                self.kernel = Kernel(fast, plugins, explain, self.full)

    def __call__(self, assessment: Assessment) -> Scorecard:
        if self.kernel is not None:
            try:
                return self.kernel(assessment)
            except Exception:  # whatever the kernel cannot score, full() can
                pass
        return self.full(assessment)

    def full(self, assessment: Assessment) -> Scorecard:
        """The scorecard with its item tree built (the kernel's deferred fields
        come from here)."""
        with self.lock:
            if self.plan.usable and standard_context(decimal.getcontext()):
                try:
                    return self._score(assessment)
                except Exception:  # score() raises the assessment's own error
                    pass
            return engine.score(self.rubric, assessment, methods=self.plan.methods,
                                plugins=self.plugins, explain=self.explain)

    # -- validation (mirrors engine.assessment_problems, finding by finding) ------------------

    def _finding_ok(self, node: _Node, finding: Finding) -> bool:
        places = self.places
        for value in (finding.points, finding.claimed):
            if value is not None and engine._places(value) > places:
                return False
        if finding.not_applicable:
            return not self.forbid and bool(finding.reason.strip())
        if node.children:
            if (finding.standards or finding.tier is not None or finding.points is not None
                    or finding.rate is not None or finding.met is not None):
                return False
            return not any(p.severity == "error" for p in check_hits(node.item.rules, finding))
        method = node.method
        assert method is not None
        return not any(p.severity == "error" for p in method.check(node.item, finding))

    # -- scoring ----------------------------------------------------------------------------

    def _score(self, assessment: Assessment) -> Scorecard:
        plan = self.plan
        rubric = self.rubric
        if assessment.rubric != rubric.ref:
            raise _Fallback
        findings = assessment.findings
        by_path = {f.criterion: f for f in findings}
        if len(by_path) != len(findings) or not by_path.keys() <= plan.paths:
            raise _Fallback  # a duplicate or unknown item
        if (assessment.bonus or assessment.penalties or assessment.vetoes or assessment.bars
                or assessment.gates or assessment.claimed_total is not None) and any(
                p.severity == "error" for p in engine._claims_problems(rubric, assessment)):
            raise _Fallback
        run = self.run
        explain = self.explain
        self.by_path = run.findings = by_path
        self.audit = run.audit = []
        losses: list[Loss] = []
        self.losses = losses
        self.ev = ev = [ZERO] * len(plan.labels)
        self.claims = False
        na_before = self.na_count
        results: list[ItemResult] = []
        if len(findings) * SPARSE_RATIO > plan.n_leaves:  # dense: every item
            for root in plan.roots:
                if root.children:
                    results.append(self._group(root, None))
                else:
                    result = self._leaf(root)
                    ev[root.label] += result.score
                    results.append(result)
        else:  # sparse: the categories with a finding; the others keep their defaults
            touched: _Touched = {}
            nodes = plan.nodes
            for finding in findings:
                for parent, pos in nodes[finding.criterion].links:
                    seen = touched.get(parent)
                    if seen is None:
                        touched[parent] = {pos}
                    elif pos in seen:
                        break
                    else:
                        seen.add(pos)
            todo = touched.get(None, _EMPTY) | plan.always_roots
            for i, root in enumerate(plan.roots):
                if i in todo:
                    if root.children:
                        result = self._group(root, touched)
                    else:
                        result = self._leaf(root)
                        ev[root.label] += result.score
                else:
                    result = root.default  # type: ignore[assignment]
                    if explain:
                        self.audit.extend(root.default_events)
                        losses.extend(root.default_losses)
                    for label, amount in root.default_ev:
                        ev[label] += amount
                results.append(result)
        categories = tuple(results)
        if self.na_count == na_before and not plan.rescales:
            raw = sum(map(_SCORE, categories), ZERO)
            base = BaseTotal(raw, rubric.total, plan.effective, rubric.not_applicable,
                             ONE, raw)
        else:
            base = engine._base(rubric, categories, run)
        evidence = tuple(map(EvidenceSubtotal, plan.labels, plan.label_points, ev))
        if explain:
            # The engine's order, (−points, path, rule), stable: two stable
            # sorts on C-level keys (reverse=True keeps ties in order).
            losses.sort(key=_PATH_REF)
            losses.sort(key=_POINTS, reverse=True)
        return engine._scorecard(plan.plan, assessment, run, categories, base=base,
                                 evidence=evidence, plugins=self.plugins, explain=explain,
                                 claims=self.claims, losses=tuple(losses) if explain else None)

    def _na(self, node: _Node, finding: Finding) -> ItemResult:
        """A not-applicable item: its findings validated here, scored by the engine."""
        by_path = self.by_path
        nodes = self.plan.nodes
        for path in node.paths:
            below = by_path.get(path)
            if below is not None:
                if not self._finding_ok(nodes[path], below):
                    raise _Fallback
                if below.claimed is not None:
                    self.claims = True
        self.na_count += 1
        # Its evidence terms are all zero and it has no losses.
        return self.run.item(node.item, node.path, node.parent_evidence, node.depth, False)

    def _leaf(self, node: _Node) -> ItemResult:
        finding = self.by_path.get(node.path)
        if finding is None:
            if node.default is not None:
                if self.explain:
                    self.audit.extend(node.default_events)
                    self.losses.extend(node.default_losses)
                return node.default
            if node.memo >= 0 or node.method is None or any(
                    p.severity == "error" for p in node.method.check(node.item, None)):
                raise _Fallback  # a finding the method needs is missing
            return self._generic(node)
        if finding.not_applicable:
            return self._na(node, finding)
        if finding.claimed is not None:
            self.claims = True
        if node.memo < 0:
            if not self._finding_ok(node, finding):
                raise _Fallback
            return self._generic(node)
        key = _key(finding)
        memo = self.memos[node.memo]
        entry = memo.get(key)
        if entry is None:
            entry = self._miss(node, finding)
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[key] = entry
        if self.explain:
            self.audit.extend(entry[1])
            self.losses.extend(entry[2])
        return entry[0]

    def _generic(self, node: _Node) -> ItemResult:
        """A leaf of a plugin's method, scored by the engine every time."""
        result = self.run.item(node.item, node.path, node.parent_evidence, node.depth, False)
        if self.explain:
            self.losses.extend(engine._own_losses(result))
        return result

    def _miss(self, node: _Node, finding: Finding) -> tuple[ItemResult, tuple[AuditEvent, ...],
                                                           tuple[Loss, ...]]:
        """Validate and score a built-in leaf's finding not seen before."""
        if not self._finding_ok(node, finding):
            raise _Fallback
        item = node.item
        parts = node.method.score(item, finding)  # type: ignore[union-attr]
        raw = sum((p.points for p in parts), ZERO)
        score = min(max(raw, item.floor), item.points)
        clamp = score - raw
        explain = self.explain
        if not (explain and (clamp or any(p.discarded for p in parts))):  # no audit events
            result = ItemResult(node.path, item.title, item.points, item.points, raw, clamp,
                                score, item.method, node.evidence, False, "", finding.claimed,
                                parts, (), finding.note)
            return result, (), tuple(engine._own_losses(result)) if explain else ()
        # the engine words the audit events
        audit = self.audit
        mark = len(audit)
        result = self.run.item(item, node.path, node.parent_evidence, node.depth, False)
        events = tuple(audit[mark:])
        del audit[mark:]
        return result, events, tuple(engine._own_losses(result))

    def _group(self, node: _Node, touched: _Touched | None) -> ItemResult:
        item = node.item
        finding = self.by_path.get(node.path)
        if finding is not None:
            if finding.not_applicable:
                return self._na(node, finding)
            if finding.claimed is not None:
                self.claims = True
            if not self._finding_ok(node, finding):
                raise _Fallback
        explain = self.explain
        marks = (len(self.audit), len(self.losses), self.ev.copy(), self.na_count)
        ev = self.ev
        children_nodes = node.children
        subtotal: Decimal | None = None
        if touched is None:  # dense: every child, in order
            kids = []
            subtotal = ZERO
            get = self.by_path.get
            memos = self.memos
            for child in children_nodes:
                if child.children:
                    result = self._group(child, None)
                else:
                    # the common case of _leaf inline: a finding whose key is memoised
                    found = get(child.path)
                    entry = None
                    if (found is not None and child.memo >= 0 and not found.not_applicable
                            and found.claimed is None):
                        entry = memos[child.memo].get(_key(found))
                    if entry is None:
                        result = self._leaf(child)
                    else:
                        result = entry[0]
                        if explain:
                            self.audit.extend(entry[1])
                            self.losses.extend(entry[2])
                    ev[child.label] += result.score
                kids.append(result)
                subtotal += result.score
            children = tuple(kids)
        else:  # sparse: the touched children; the others keep their defaults
            default_kids: list[ItemResult] = list(node.default_kids)  # type: ignore[arg-type]
            kids = default_kids.copy()
            todo = touched.get(node, _EMPTY) | node.must
            # Audit events keep the engine's order; losses are sorted in the
            # end by (points, path, rule), so they may come in any order.
            in_order = explain and node.kids_have_events
            for i in range(len(children_nodes)) if in_order else sorted(todo):
                child = children_nodes[i]
                if i in todo:
                    kids[i] = self._leaf(child) if not child.children else self._group(
                        child, touched)
                else:
                    self.audit.extend(child.default_events)
                    self.losses.extend(child.default_losses)
            if explain and not in_order and node.kids_have_losses:
                for i, child in enumerate(children_nodes):
                    if i not in todo:
                        self.losses.extend(child.default_losses)
            for i in node.group_kids:
                if i not in todo:
                    for label, amount in children_nodes[i].default_ev:
                        ev[label] += amount
            children = tuple(kids)
            if self.na_count == marks[3]:
                subtotal = self._delta(node, todo, default_kids, children)
            if subtotal is None:
                subtotal = sum(map(_SCORE, children), ZERO)
                for label, positions_ in node.leaf_labels:
                    ev[label] += sum(map(_SCORE, map(children.__getitem__, positions_)), ZERO)
        if self.na_count != marks[3]:
            return self._engine(node, marks)
        parts = tuple(deduction_parts(item.rules, finding, subtotal, item.floor)) \
            if finding is not None and finding.hits else ()
        own = sum((p.points for p in parts), ZERO)
        raw = subtotal + own
        score = min(max(raw, item.floor), item.points)
        clamp = score - raw
        if raw < item.floor or any(p.kind == "zeroes" for p in parts) or (
                explain and (clamp or any(p.discarded for p in parts))):
            # The engine decides a group's floor (it lowers it when sub-items are
            # not applicable) and words the audit events.
            return self._engine(node, marks)
        ev[node.label] += clamp + own
        result = ItemResult(node.path, item.title, item.points, node.static_effective, raw,
                            clamp, score, item.method, node.evidence, False, "",
                            finding.claimed if finding is not None else None, parts, children,
                            finding.note if finding is not None else "")
        if explain and (parts or clamp):
            self.losses.extend(engine._own_losses(result))
        return result

    def _engine(self, node: _Node, marks: tuple[int, int, list[Decimal], int]) -> ItemResult:
        """Score group ``node`` with the engine's own code, replacing whatever was
        gathered for it so far (audit events, losses, evidence terms)."""
        audit_mark, loss_mark, ev, _na = marks
        del self.audit[audit_mark:]
        del self.losses[loss_mark:]
        result = self.run.item(node.item, node.path, node.parent_evidence, node.depth, False)
        for label, amount in _contributions(node, result).items():
            ev[label] += amount
        self.ev[:] = ev
        if self.explain:
            self.losses.extend(_subtree_losses(result))
        return result

    def _delta(self, node: _Node, todo: set[int] | frozenset[int],
               default_kids: list[ItemResult], children: tuple[ItemResult, ...]) -> Decimal | None:
        """A sparse group's subtotal and its leaves' evidence terms, from the
        default sums plus the changes; ``None`` when that would not give the
        very Decimal (value and exponent) the full sums give.

        Exact addition gives the least exponent of its operands; the default
        sums carry the least exponent of the default terms, so the shortcut
        holds while some untouched term (or the zero they start from) still
        has that exponent.
        """
        delta = node.delta
        if delta is None:
            return None
        subtotal, holders, labels, pos_label = delta
        if holders is not None and holders <= todo:
            return None
        amounts = [partial for _label, partial, _holders in labels]
        for i in todo:
            old, new = default_kids[i].score, children[i].score
            subtotal = subtotal - old + new
            j = pos_label[i]
            if j >= 0:
                label_holders = labels[j][2]
                if label_holders is not None and label_holders <= todo:
                    return None
                amounts[j] = amounts[j] - old + new
        ev = self.ev
        for (label, _partial, _holders), amount in zip(labels, amounts, strict=True):
            ev[label] += amount
        return subtotal


def batch(rubric: Rubric, methods: Mapping[str, ScoringMethod], plugins: Mapping[str, str],
          explain: bool) -> Callable[[Assessment], Scorecard]:
    """A function scoring one assessment at a time against ``rubric``, with the
    rubric compiled once."""
    return Batch(compiled(engine._plan(rubric), methods), plugins, explain)
