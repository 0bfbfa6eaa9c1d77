"""Figures first: the totals kernel of :func:`civscore.score_many`.

:mod:`civscore.scoring._compiled` builds a scorecard's whole item tree; this module
works out only its *figures* — every item's score, the category scores, the
evidence-method subtotals, the base total and everything after it — in plain
Decimal arithmetic, the way a hand-written scorer would, and returns a
:class:`~civscore.results.scorecard.Scorecard` whose item tree (``categories``) and,
with explanations, ``losses`` and ``audit`` are built on first read by the
compiled plan (see :class:`civscore.results.scorecard._Deferred`).  A batch that
reads only totals, levels and discrepancies never pays for the tree.

The rubric is compiled into slots — a value per leaf, a score and an
evidence term per group — and a program of the groups, children first
(:meth:`FastPlan._flat_plan`).  The kernel reads the findings in one pass
into the slots and works out each group from its children's, with the
engine's clamps and floors (not-applicable items included, as the engine
treats them).  Exact sums do not depend on their order, so every figure is
the very Decimal :func:`civscore.score` computes (value and exponent); the
kernel runs only in a :func:`~civscore.scoring._compiled.standard_context` and
hands over any assessment in which a sum was rounded.  It accepts only
findings :func:`civscore.score` accepts.  Whatever it does not handle itself
raises (:class:`_Fallback`, or any error) and the assessment is scored by the
compiled plan (which in turn hands anything unusual to the engine): a
plugin's scoring method, a missing finding a method needs, an unknown or
repeated item, a finding the method rejects, a value of another type.

Leaf scores are memoised per leaf under a key of exactly the entries that
decide them (decimals by their text, so ``1.0`` and ``1`` stay apart, and
values with their types); only scores worked out exactly are kept, at most
:data:`MEMO_LIMIT` per leaf, the memo cleared when full.  Sparse assessments
of a rubric whose every leaf may go without a finding start from the
untouched (default) figures and apply the changes.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from civscore._version import __version__
from civscore.model import Assessment, Finding, Rule
from civscore.model.points import ZERO, take_within
from civscore.results.scorecard import (
    RESULT_FORMAT,
    BarResult,
    BaseTotal,
    BonusResult,
    Discrepancy,
    EvidenceSubtotal,
    GateResult,
    PenaltyResult,
    Scorecard,
    Total,
    VetoResult,
    _deferred_maker,
    _maker,
)
from civscore.scoring import engine
from civscore.scoring._compiled import (
    PLAN_CONTEXT,
    CompiledPlan,
    _Fallback,
    _Node,
    standard_context,
)
from civscore.scoring.methods import BUILTIN_METHODS

__all__ = ["MEMO_LIMIT", "FastPlan", "Kernel"]

#: Most memoised scores kept per leaf, and most figure sets kept per batch.
MEMO_LIMIT = 512
#: A batch memo stops at its _TRIAL-th miss if it found fewer than _TRIAL / _WORTH values.
_TRIAL = 64
_WORTH = 4
#: An assessment with at most (number of leaves ÷ this) findings is scored sparsely.
SPARSE_RATIO = 4

_LeafFn = Callable[[Finding], Decimal]
#: claims met while scoring: (pre-order index, path, depth, claimed, computed)
_Claims = list[tuple[int, str, int, Decimal, Decimal]]


# Each leaf function first checks that its finding gives only the entry its
# method reads (what :func:`civscore.scoring.methods._only` checks: lists by their
# truth, the other entries by ``is not None``), written out attribute by
# attribute: Python's own attribute reads of these slotted classes are several
# times faster than an ``operator.attrgetter``.

_new_evidence = _maker(EvidenceSubtotal)


def _hits_ok(rules: Mapping[str, Rule], hits: Any) -> bool:
    """:func:`civscore.scoring.methods.check_hits` finds no error."""
    for hit in hits:
        rule = rules.get(hit.rule)
        if rule is None:
            return False
        if rule.deduct_range is not None:
            lo, hi = rule.deduct_range
            if hit.deduct is None or not lo <= hit.deduct <= hi or not hit.note.strip():
                return False
        elif hit.deduct is not None:
            return False
    return True


def _hits_own(rules: Mapping[str, Rule], hits: Any, running: Decimal, floor: Decimal) -> Decimal:
    """The sum from zero of the parts :func:`civscore.scoring.methods.deduction_parts`
    gives for ``hits`` (checked by :func:`_hits_ok`)."""
    own = ZERO
    taken: dict[str, Decimal] = {}
    for hit in hits:
        rule = rules[hit.rule]
        if rule.zeroes:
            if hit.count:
                own = own + (floor - running)
                running = floor
            continue
        per = hit.deduct if hit.deduct is not None else (rule.deduct or ZERO)
        amount, _discarded = take_within(per * hit.count, rule.max, rule.id, taken)
        own = own + (-amount)
        running -= amount
    return own


def _clamp(raw: Decimal, floor: Decimal, points: Decimal) -> Decimal:
    return min(max(raw, floor), points)


def _leaf_fn(node: _Node, places: int) -> _LeafFn:
    """The score of a built-in leaf for a finding (not N/A), as the engine
    computes it from the method's parts; raises :class:`_Fallback` for a
    finding the method's ``check`` rejects."""
    item = node.item
    method = item.method
    points, floor = item.points, item.floor
    memo: dict[Any, Decimal] = {}
    default = node.default.score if node.default is not None else None

    def remember(key: Any, value: Decimal) -> Decimal:
        if decimal.getcontext().flags[decimal.Rounded]:
            raise _Fallback  # worked out inexactly: not a value to keep
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        memo[key] = value
        return value

    if method == "deduct":
        rules = {r.id: r for r in item.rules}

        def deduct_miss(hits: Any) -> Decimal:
            if not _hits_ok(rules, hits):
                raise _Fallback
            # Part("allotted", points), then the rule hits' parts
            return _clamp((ZERO + points) + _hits_own(rules, hits, points, floor), floor, points)

        def deduct(f: Finding) -> Decimal:
            if (f.standards or f.tier is not None or f.points is not None or f.rate is not None
                    or f.met is not None):
                raise _Fallback
            hits = f.hits
            if not hits:
                if hits is None:
                    raise _Fallback
                return default  # type: ignore[return-value]
            # keys keep 1, True and 1.0 apart, and a Decimal from its text
            if len(hits) == 1:
                hit = hits[0]
                amount, count = hit.deduct, hit.count
                key: Any = (hit.rule, count, count.__class__) if amount is None else (
                    hit.rule, count, count.__class__, str(amount), amount.__class__,
                    not hit.note.strip())
            else:
                key = tuple([(h.rule, h.count, h.count.__class__) if h.deduct is None else
                             (h.rule, h.count, h.count.__class__, str(h.deduct),
                              h.deduct.__class__, not h.note.strip()) for h in hits])
            got = memo.get(key)
            return got if got is not None else remember(key, deduct_miss(hits))

        return deduct

    if method == "award":
        standards = {s.id: s for s in item.standards}

        def award_miss(hits: Any) -> Decimal:
            if any(h.standard not in standards for h in hits):
                raise _Fallback
            raw = ZERO
            earned: dict[str, Decimal] = {}
            for hit in hits:
                std = standards[hit.standard]
                amount, _discarded = take_within(std.points * hit.count, std.max, std.id,
                                                 earned)
                raw = raw + amount
            return _clamp(raw, floor, points)

        def award(f: Finding) -> Decimal:
            if (f.hits or f.tier is not None or f.points is not None or f.rate is not None
                    or f.met is not None):
                raise _Fallback
            hits = f.standards
            if not hits:
                if hits is None:
                    raise _Fallback
                return default  # type: ignore[return-value]
            key = tuple([(h.standard, h.count, h.count.__class__) for h in hits])
            got = memo.get(key)
            return got if got is not None else remember(key, award_miss(hits))

        return award

    if method == "tiered":
        tiers: dict[str, Decimal] = {}
        for tier in reversed(item.tiers):  # the first of a repeated id wins, as in the method
            tiers[tier.id] = _clamp(ZERO + tier.points, floor, points)

        def tiered(f: Finding) -> Decimal:
            if (f.hits or f.standards or f.points is not None or f.rate is not None
                    or f.met is not None):
                raise _Fallback
            got = tiers.get(f.tier)  # type: ignore[arg-type]
            if got is None:
                raise _Fallback
            return got

        return tiered

    if method == "direct":
        step = item.step

        def direct_miss(given: Decimal) -> Decimal:
            if given > points or (step is not None and given % step) or (
                    engine._places(given) > places):
                raise _Fallback
            return _clamp(ZERO + given, floor, points)

        def direct(f: Finding) -> Decimal:
            given = f.points
            if given.__class__ is not Decimal or (f.hits or f.standards or f.tier is not None
                                                  or f.rate is not None or f.met is not None):
                raise _Fallback
            key = str(given)
            got = memo.get(key)
            return got if got is not None else remember(key, direct_miss(given))

        return direct

    if method == "ratio":
        target, per_point, bands = item.target, item.deduct_per_point, item.bands

        def ratio_miss(rate: Decimal) -> Decimal:
            if rate > 100:
                raise _Fallback
            if target is not None and per_point is not None:
                shortfall = max(ZERO, target - rate)
                raw = (ZERO + points) + (-(shortfall * per_point))
            else:
                best: Decimal | None = None
                for band in bands:
                    met = (band.at_least is not None and rate >= band.at_least) or (
                        band.above is not None and rate > band.above)
                    if met and (best is None or band.points > best):
                        best = band.points
                raw = ZERO + (best or ZERO)
            return _clamp(raw, floor, points)

        def ratio(f: Finding) -> Decimal:
            rate = f.rate
            if rate.__class__ is not Decimal or (f.hits or f.standards or f.tier is not None
                                                 or f.points is not None or f.met is not None):
                raise _Fallback
            key = str(rate)
            got = memo.get(key)
            return got if got is not None else remember(key, ratio_miss(rate))

        return ratio

    if method == "all_or_nothing":
        yes = _clamp(ZERO + points, floor, points)
        no = _clamp(ZERO + ZERO, floor, points)

        def all_or_nothing(f: Finding) -> Decimal:
            met = f.met
            if met is None or (f.hits or f.standards or f.tier is not None
                               or f.points is not None or f.rate is not None):
                raise _Fallback
            return yes if met else no

        return all_or_nothing

    raise AssertionError(method)  # pragma: no cover - FastPlan admits built-in methods only


class _K:
    """One item of a :class:`FastPlan`."""

    __slots__ = ("children", "default", "default_clamp", "depth", "floor", "group",
                 "item", "kid_points", "label", "leaf", "order", "path", "points", "rules")

    def __init__(self, node: _Node, order: int) -> None:
        item = node.item
        self.item = item
        self.path = node.path
        self.depth = node.depth
        self.order = order
        self.label = node.label
        self.points = item.points
        self.group = bool(node.children)
        self.children: tuple[_K, ...] = ()
        self.leaf: _LeafFn | None = None
        self.default = node.default.score if node.default is not None else None
        self.default_clamp = node.default.clamp if node.default is not None else None
        self.floor = item.floor
        self.rules = {r.id: r for r in item.rules}
        self.kid_points = ZERO


class FastPlan:
    """A :class:`~civscore.scoring._compiled.CompiledPlan` digested for the kernel;
    ``usable`` is ``False`` when some leaf's method is not a built-in one."""

    def __init__(self, compiled: CompiledPlan) -> None:
        self.compiled = compiled
        rubric = compiled.rubric
        self.rubric = rubric
        self.usable = compiled.usable and all(
            n.method is BUILTIN_METHODS.get(n.item.method or "")
            for n in compiled.nodes.values() if not n.children)
        if not self.usable:
            return
        places = rubric.point_places
        order = 0

        def build(node: _Node) -> _K:
            nonlocal order
            k = _K(node, order)
            order += 1
            if node.children:
                k.children = tuple(build(c) for c in node.children)
                item = node.item
                k.kid_points = min(item.points, sum((c.points for c in k.children), ZERO))
                # the engine lowers a group's floor to what its sub-items can give
                if node.static_effective < k.kid_points:
                    k.floor = min(k.floor, node.static_effective)
            else:
                k.leaf = _leaf_fn(node, places)
            return k

        self.roots = tuple(build(r) for r in compiled.roots)
        self.paths = compiled.paths
        self.n_leaves = compiled.n_leaves
        self.labels = compiled.labels
        self.label_points = compiled.label_points
        self.effective = compiled.effective
        self.rescales = compiled.rescales
        self.shares = any(lv.min_category_share is not None for lv in rubric.levels)
        self.titles = tuple(r.item.title for r in self.roots)
        self.static_eff = tuple(r.static_effective for r in compiled.roots)
        self.warnings = engine._warnings(rubric)
        self._flat_plan()
        self._sparse_plan(compiled)

    def _flat_plan(self) -> None:
        """Slots for scoring every item in one pass over the findings: a value
        per leaf (its default, or :data:`_MISSING` when its method needs a
        finding), then a score and an evidence term per group, worked out
        children first by :attr:`program`."""
        init: list[Any] = []
        #: item path -> (slot, what to store there for its finding, item): a
        #: leaf's score, or a group's own finding (read by the group's step)
        self.slots: dict[str, tuple[int, Callable[[Finding], Any], _K]] = {}
        groups: list[_K] = []

        def visit(k: _K) -> None:
            if k.group:
                for child in k.children:
                    visit(child)
                groups.append(k)  # children first
            else:
                assert k.leaf is not None
                self.slots[k.path] = (len(init), k.leaf, k)
                init.append(_MISSING if k.default is None else k.default)

        for root in self.roots:
            visit(root)
        terms: list[list[int]] = [[] for _ in self.labels]
        for slot, _leaf, k in self.slots.values():
            terms[k.label].append(slot)
        for k in groups:
            terms[k.label].append(len(init) + 1)
            self.slots[k.path] = (len(init), _itself, k)
            init.extend((None, _MISSING))  # its own finding, then its score; its evidence term
        self.init = init
        slot_of = {path: slot for path, (slot, _leaf, _k) in self.slots.items()}
        # For assessments with not-applicable items: each item's slot and
        # those of its sub-items, the slots of its enclosing items, and the
        # items' allotted points (a leaf's effective maximum when applicable).
        self.below: dict[int, frozenset[int]] = {}
        self.above: dict[int, frozenset[int]] = {}
        self.points_at: list[Decimal] = [ZERO] * len(init)

        def spans(k: _K, enclosing: frozenset[int]) -> frozenset[int]:
            slot = slot_of[k.path]
            self.above[slot] = enclosing
            self.points_at[slot] = k.points
            inner = frozenset({slot}.union(*(spans(c, enclosing | {slot}) for c in k.children)))
            self.below[slot] = inner
            return inner

        for root in self.roots:
            spans(root, frozenset())
        #: per group, children first: (slot, item, picker of its children's scores)
        self.program = tuple((slot_of[k.path], k, _picker([slot_of[c.path] for c in k.children]))
                             for k in groups)
        self.pick_scores = _picker([slot_of[r.path] for r in self.roots])
        self.numbers = list(range(len(init)))  # each slot's own number
        #: per evidence label: picker of its terms (leaf scores, groups' evidence terms)
        self.pick_terms = tuple(_picker(t) for t in terms)

    def _sparse_plan(self, compiled: CompiledPlan) -> None:
        """Defaults for sparse scoring: possible when every leaf may go without
        a finding and categories hold leaves only."""
        self.sparse = all(r.default is not None and r.children
                          and not any(c.children for c in r.children) for r in compiled.roots)
        if not self.sparse:
            return
        self.default_scores = tuple(r.default.score for r in compiled.roots)  # type: ignore[union-attr]
        self.default_ev = [ZERO] * len(self.labels)
        for root in compiled.roots:
            for label, amount in root.default_ev:
                self.default_ev[label] += amount
        roots = self.roots
        self.default_owns = tuple(r.default_clamp + ZERO for r in roots)  # type: ignore[operator]
        self.default_subs: tuple[Decimal, ...] = tuple(
            sum((c.default for c in r.children if c.default is not None), ZERO) for r in roots)
        # The terms of each sum holding its least exponent: a category's
        # subtotal (its leaves' scores) and an evidence label's score (its
        # leaves' scores and its categories' own terms).
        self.sub_holders = tuple(_holders({c.order: c.default for c in r.children})  # type: ignore[misc]
                                 for r in roots)
        terms: list[dict[int, Decimal]] = [{} for _ in self.labels]
        for i, top in enumerate(roots):
            terms[top.label][top.order] = self.default_owns[i]
            for child in top.children:
                terms[child.label][child.order] = child.default  # type: ignore[assignment]
        self.label_holders = tuple(_holders(t) for t in terms)
        watched = {o for h in (*self.sub_holders, *self.label_holders) if h for o in h}
        #: leaf path -> (category index, leaf function, default score, label,
        #: (category order, leaf order) when a holder of a least exponent, leaf)
        self.where: dict[str, tuple[int, _LeafFn, Decimal, int, tuple[int, ...], _K]] = {}
        for i, top in enumerate(roots):
            for k in top.children:
                assert k.leaf is not None
                assert k.default is not None
                watch = (top.order, k.order) if k.order in watched or top.order in watched \
                    else ()
                self.where[k.path] = (i, k.leaf, k.default, k.label, watch, k)

    def still_exact(self, watched: list[tuple[int, ...]], subs: Mapping[int, Decimal]) -> bool:
        """Whether the sums changed by delta keep their exponents: no sum lost
        every term holding its least exponent (``watched``: the (category,
        leaf) orders of changed leaves that hold one)."""
        changed = {leaf for _root, leaf in watched}
        changed.update(self.roots[i].order for i in subs)  # their own terms change too
        for holders in (*self.sub_holders, *self.label_holders):
            if holders is not None and holders <= changed:
                return False
        return True


class _Missing:
    """The value of a leaf whose method needs a finding, until one is read:
    any sum with it raises :class:`TypeError` (so the assessment falls back)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def _itself(finding: Finding) -> Finding:
    return finding


def _picker(slots: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """A function giving the values at ``slots`` of a list, as a tuple."""
    if len(slots) >= 2:
        return operator.itemgetter(*slots)
    if slots:
        only = slots[0]
        return lambda values: (values[only],)
    return lambda _values: ()


def _holders(terms: Mapping[int, Decimal]) -> frozenset[int] | None:
    """The keys whose value has the least exponent of a sum of ``terms`` from
    ``ZERO``; ``None`` when that least exponent is 0 (no term can change it)."""
    exponents = {key: _exponent(value) for key, value in terms.items()}
    least = min([0, *exponents.values()])
    if least == 0:
        return None
    return frozenset(key for key, e in exponents.items() if e == least)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def fast_plan(compiled: CompiledPlan) -> FastPlan:
    """The compiled plan's :class:`FastPlan`, built on first use and kept with it."""
    plan = getattr(compiled, "fast", None)
    if plan is None:
        with decimal.localcontext(PLAN_CONTEXT) as context:
            plan = FastPlan(compiled)
            if context.flags[decimal.Inexact]:
                plan.usable = False  # a value worked out in advance was rounded
        compiled.fast = plan  # type: ignore[attr-defined]
    return plan


class Kernel:
    """Scores assessments to their figures (one ``score_many`` call); the item
    tree of each scorecard is built on first read by ``build``."""

    def __init__(self, plan: FastPlan, plugins: Mapping[str, str], explain: bool,
                 build: Callable[[Assessment], Scorecard]) -> None:
        self.plan = plan
        self.rubric = plan.rubric
        rubric_plan = engine._plan(plan.rubric)
        self.info, self.levels = rubric_plan.info, rubric_plan.levels
        self.plugins = dict(sorted(plugins.items()))
        self.explain = explain
        self.build = build
        self.deferred = ("categories", "losses", "audit") if explain else ("categories",)
        self.make = _deferred_maker(self.deferred)
        self.run = plan.compiled._run(quiet=True)
        self.places = self.rubric.point_places
        self.ref = self.rubric.ref
        empty = Assessment(rubric=self.ref, unit="")
        self.no_bonus = engine._bonus(self.rubric, empty, self.run)
        self.no_penalties = engine._penalties(self.rubric, empty, self.run)
        self.figures = _Memo()
        self.bonuses = _Memo()
        self.penalty_results = _Memo()
        rubric = self.rubric
        self.known = {
            "bonus": frozenset(b.id for b in rubric.bonus.items) if rubric.bonus else frozenset(),
            "penalties": frozenset(p.id for p in rubric.penalties),
            "vetoes": frozenset(v.id for v in rubric.vetoes),
            "bars": frozenset(b.id for b in rubric.bars),
            "gates": frozenset(g.id for g in rubric.gates),
        }
        self.total_places = max(rubric.point_places, rubric.rounding.places)
        self.outcomes = _Memo()
        #: per evidence label: its subtotal by its score's text
        self.evidence: list[dict[str, EvidenceSubtotal]] = [{} for _ in plan.labels]
        self.gate_results = _Memo()

    def __call__(self, assessment: Assessment) -> Scorecard:
        plan = self.plan
        if assessment.rubric != self.ref:
            raise _Fallback
        findings = assessment.findings
        if len({f.criterion for f in findings}) != len(findings):
            raise _Fallback  # a duplicate item (an unknown one is met while scoring)
        context = decimal.getcontext()
        if not standard_context(context):
            raise _Fallback
        flags = context.flags
        rounded_before = flags[decimal.Rounded]
        flags[decimal.Rounded] = False
        claims: _Claims = []
        effs: list[Decimal] | None = None
        try:
            scored = None
            if plan.sparse and len(findings) * SPARSE_RATIO <= plan.n_leaves:
                scored = self._sparse(findings, claims)
            if scored is None:
                claims.clear()  # the sparse shortcut may have recorded some
                scores, ev, effs = self._flat(findings, claims)
            else:
                scores, ev = scored
            raw = sum(scores, ZERO)
            if flags[decimal.Rounded]:
                raise _Fallback  # a sum was rounded: the order of the sums would matter
        except ArithmeticError:
            raise _Fallback from None
        finally:
            if rounded_before:
                flags[decimal.Rounded] = True
        return self._finish(assessment, scores=scores, effs=effs, raw=raw, ev=ev, claims=claims,
                            context=context)

    # -- items ------------------------------------------------------------------------------

    def _claim(self, k: _K, f: Finding, got: Decimal, claims: _Claims) -> None:
        claimed = f.claimed
        assert claimed is not None
        if engine._places(claimed) > self.places:
            raise _Fallback
        claims.append((k.order, k.path, k.depth, claimed, got))

    def _own(self, k: _K, f: Finding, sub: Decimal, floor: Decimal) -> Decimal:
        """A group's own finding: the sum of its rule hits' parts."""
        if (f.standards or f.tier is not None or f.points is not None or f.rate is not None
                or f.met is not None):
            raise _Fallback
        if not f.hits:
            if f.hits is None:
                raise _Fallback
            return ZERO
        if not _hits_ok(k.rules, f.hits):
            raise _Fallback
        return _hits_own(k.rules, f.hits, sub, floor)

    def _flat(self, findings: tuple[Finding, ...], claims: _Claims
              ) -> tuple[list[Decimal], list[Decimal], list[Decimal] | None]:
        """Category scores, evidence terms and, when some item is not
        applicable, the categories' effective maxima: the findings in one
        pass, then each group from its children's scores."""
        plan = self.plan
        values = plan.init.copy()
        slot_of = plan.slots.__getitem__
        nas: list[tuple[int, Finding]] | None = None
        try:
            for f in findings:
                slot, read, k = slot_of(f.criterion)  # KeyError: an unknown item
                if f.not_applicable:
                    (nas := nas or []).append((slot, f))
                    continue
                got = values[slot] = read(f)  # a leaf's score, or a group's own finding
                if f.claimed is not None and not k.group:
                    self._claim(k, f, got, claims)
            if nas is not None:
                return self._flat_na(findings, values, nas, claims)
            for slot, k, kids in plan.program:
                raw = sum(kids(values), ZERO)  # TypeError: a leaf needing a finding has none
                mine = values[slot]
                if mine is None:  # raw + ZERO is raw, exponent and all (a sum from ZERO)
                    got = values[slot] = min(max(raw, k.floor), k.points)
                    values[slot + 1] = got - raw
                    continue
                own = self._own(k, mine, raw, k.floor)
                raw = raw + own
                got = values[slot] = min(max(raw, k.floor), k.points)
                values[slot + 1] = (got - raw) + own
                if mine.claimed is not None:
                    self._claim(k, mine, got, claims)
            ev = [sum(pick(values), ZERO) for pick in plan.pick_terms]
        except (KeyError, TypeError):  # an unknown item, a missing finding, a wrong type
            raise _Fallback from None
        return list(plan.pick_scores(values)), ev, None

    def _flat_na(self, findings: tuple[Finding, ...], values: list[Any],
                 nas: list[tuple[int, Finding]], claims: _Claims
                 ) -> tuple[list[Decimal], list[Decimal], list[Decimal]]:
        """:meth:`_flat` when some items are not applicable (``nas``: their
        slots and findings; ``values``: every other finding read), minding
        effective maxima and floors as the engine does."""
        plan = self.plan
        policy = self.rubric.not_applicable
        keep = policy == "zero"  # a not-applicable item keeps its points in the maximum
        marked = {slot for slot, _f in nas}
        dead: set[int] = set()  # not applicable, or inside an item that is
        for slot, f in nas:
            if plan.above[slot].isdisjoint(marked) and (
                    policy == "forbid" or not f.reason.strip()
                    or (f.points is not None and engine._places(f.points) > self.places)):
                raise _Fallback
            dead |= plan.below[slot]
        points_at = plan.points_at
        effective = points_at.copy()  # a leaf's, and a group's once worked out
        nothing = [False] * len(values)  # nothing applicable in the item
        for slot in dead:
            values[slot] = ZERO
            if not keep:
                effective[slot] = ZERO
            nothing[slot] = True
        for slot, k, kids in plan.program:
            if slot in dead:
                values[slot + 1] = ZERO
                continue
            sub = sum(kids(values), ZERO)
            most = min(k.points, sum(kids(effective), ZERO))
            floor = k.item.floor
            if dead.issuperset(kids(plan.numbers)):  # every sub-item not applicable
                most = k.points if keep else ZERO
            if all(kids(nothing)):
                floor = ZERO
                nothing[slot] = True
            if most < k.kid_points:
                floor = min(floor, most)
            mine = values[slot]
            own = ZERO if mine is None else self._own(k, mine, sub, floor)
            raw = sub + own
            got = values[slot] = min(max(raw, floor), k.points)
            values[slot + 1] = (got - raw) + own
            effective[slot] = most
        claims.clear()
        for f in findings:
            if f.claimed is not None:
                slot, _read, k = plan.slots[f.criterion]
                self._claim(k, f, ZERO if slot in dead else values[slot], claims)
        ev = [sum(pick(values), ZERO) for pick in plan.pick_terms]
        return list(plan.pick_scores(values)), ev, list(plan.pick_scores(effective))

    def _sparse(self, findings: tuple[Finding, ...], claims: _Claims
                ) -> tuple[list[Decimal], list[Decimal]] | None:
        """Category scores and evidence terms from the defaults plus the
        changes; ``None`` when a finding is not on a category's leaf, an item
        is not applicable, or the shortcut would not give the very Decimal
        the full sums give (see :func:`_holders`)."""
        plan = self.plan
        where = plan.where
        subs: dict[int, Decimal] = {}
        ev = plan.default_ev.copy()
        watched: list[tuple[int, ...]] | None = None
        for f in findings:
            spot = where.get(f.criterion)
            if spot is None or f.not_applicable:
                return None
            i, leaf, old, label, watch, child = spot
            got = leaf(f)
            if f.claimed is not None:
                self._claim(child, f, got, claims)
            if got is not old:
                change = got - old
                sub = subs.get(i)
                subs[i] = (plan.default_subs[i] if sub is None else sub) + change
                ev[label] += change
                if watch:
                    (watched := watched or []).append(watch)
        if watched is not None and not plan.still_exact(watched, subs):
            return None
        scores = list(plan.default_scores)
        roots = plan.roots
        for i, sub in subs.items():
            root = roots[i]
            raw = sub + ZERO
            got = min(max(raw, root.floor), root.points)
            label = root.label
            ev[label] = ev[label] - plan.default_owns[i] + ((got - raw) + ZERO)
            scores[i] = got
        return scores, ev

    # -- steps 4–10 and the scorecard -------------------------------------------------------

    def _finish(self, assessment: Assessment, *, scores: list[Decimal],
                effs: list[Decimal] | None, raw: Decimal, ev: list[Decimal], claims: _Claims,
                context: decimal.Context) -> Scorecard:
        plan = self.plan
        rubric = self.rubric
        run = self.run
        texts = tuple(map(str, ev))  # shared subtotals, by each label's score as written
        evidence = tuple(map(dict.get, self.evidence, texts))
        if not all(evidence):
            evidence = self._evidence(ev, texts)
        bonus_claims, penalty_claims = assessment.bonus, assessment.penalties
        vetoes_given, bars_given = assessment.vetoes, assessment.bars
        if (bonus_claims or penalty_claims or vetoes_given or bars_given or assessment.gates
                or assessment.claimed_total is not None) and not self._claims_ok(assessment):
            raise _Fallback
        effective = plan.effective if effs is None else self.rubric.total - sum(
            (r.points - e for r, e in zip(plan.roots, effs, strict=True)), ZERO)
        bonus = self.no_bonus if not bonus_claims else self.bonuses.get(
            lambda: tuple([(c.item, c.count, c.count.__class__) for c in bonus_claims]),
            lambda: engine._bonus(rubric, assessment, run))
        penalties = self.no_penalties if not penalty_claims else self.penalty_results.get(
            lambda: tuple([(c.item, c.count, c.count.__class__, c.note) for c in penalty_claims]),
            lambda: engine._penalties(rubric, assessment, run))
        base, total = self.figures.get(
            lambda: (str(raw), str(effective), id(bonus), id(penalties)),
            lambda: self._totals(raw, effective, bonus, penalties), (bonus, penalties))
        gates_key = _gates_key(assessment.gates) if assessment.gates else ()
        shares = tuple(zip(plan.titles, scores, plan.static_eff if effs is None else effs,
                           strict=True)) if plan.shares else ()
        if not vetoes_given and not bars_given:
            decided = self.outcomes.get(
                lambda: (str(total.compared), gates_key,
                         (_texts(scores), _texts(effs or ())) if shares else ()),
                lambda: self._decide(assessment, total, shares, (), ()))
            vetoes: tuple[VetoResult, ...] = ()
            bars: tuple[BarResult, ...] = ()
        else:
            vetoes = tuple(VetoResult(v.veto, engine._veto_text(rubric, v.veto), v.date,
                                             v.note) for v in vetoes_given)
            bars = engine._bars(rubric, assessment, run)
            decided = self._decide(assessment, total, shares, vetoes, bars)
        gates, levels, outcome, next_level = decided
        discrepancies = self._discrepancies(assessment, claims, total) \
            if claims or assessment.claimed_total is not None else ()
        build = self.build
        deferred = self.deferred

        scored_in = context.copy()  # build the tree where the figures were worked out

        def fill() -> dict[str, Any]:
            with decimal.localcontext(scored_in):
                card = build(assessment)
            return {name: getattr(card, name) for name in deferred}

        # every field of Scorecard, in order (the deferred ones are placeholders)
        return self.make(fill, (
            self.info, __version__, assessment.unit, assessment.period, (), evidence, base,
            bonus, penalties, total, outcome, RESULT_FORMAT, assessment.assessed_on,
            assessment.claimed_total, levels, next_level, (), discrepancies, vetoes, bars, gates,
            (), plan.warnings, self.plugins.copy()))

    def _evidence(self, ev: list[Decimal], texts: tuple[str, ...]
                  ) -> tuple[EvidenceSubtotal, ...]:
        """The evidence subtotals of scores ``ev`` (written ``texts``), kept for reuse."""
        plan = self.plan
        made = []
        for memo, label, points, score, text in zip(self.evidence, plan.labels, plan.label_points,
                                                    ev, texts, strict=True):
            subtotal = memo.get(text)
            if subtotal is None:
                subtotal = _new_evidence(label, points, score)
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[text] = subtotal
            made.append(subtotal)
        return tuple(made)

    def _totals(self, raw: Decimal, effective: Decimal, bonus: BonusResult,
                penalties: PenaltyResult) -> tuple[BaseTotal, Total]:
        base = engine._base_total(self.rubric, raw, effective, self.run)
        return base, engine._total(self.rubric, base, bonus, penalties, self.run)

    def _claims_ok(self, assessment: Assessment) -> bool:
        """:func:`civscore.scoring.engine._claims_problems` finds no error."""
        known = self.known
        return (all(c.item in known["bonus"] for c in assessment.bonus)
                and all(c.item in known["penalties"] for c in assessment.penalties)
                and all(v.veto in known["vetoes"] for v in assessment.vetoes)
                and all(b.bar in known["bars"] for b in assessment.bars)
                and (not assessment.bars or assessment.assessed_on is not None)
                and known["gates"].issuperset(assessment.gates)
                and (assessment.claimed_total is None
                     or engine._places(assessment.claimed_total) <= self.total_places))

    def _decide(self, assessment: Assessment, total: Any, shares: Any, vetoes: Any,
                bars: Any) -> tuple[Any, ...]:
        rubric = self.rubric
        given = assessment.gates
        gates = self.gate_results.get(
            lambda: _gates_key(given),
            lambda: tuple(GateResult(g.id, g.text, given.get(g.id, False)) for g in rubric.gates))
        levels = engine._levels(self.levels, shares, total, gates)
        outcome = engine._outcome(rubric, levels, vetoes, bars, self.run)
        next_level = engine._next_level(levels, outcome, total) if self.explain else None
        return gates, levels, outcome, next_level

    def _discrepancies(self, assessment: Assessment,
                       claims: _Claims,
                       total: Any) -> tuple[Discrepancy, ...]:
        """:func:`civscore.scoring.engine._discrepancies` from the recorded claims."""
        out = [Discrepancy(path, "category" if depth == 0 else "criterion", claimed, got,
                           claimed - got)
               for _order, path, depth, claimed, got in sorted(claims)
               if claimed != got]
        claimed_total = assessment.claimed_total
        if claimed_total is not None:
            if claimed_total not in (total.raw, total.rounded):
                out.append(Discrepancy("$.claimed_total", "total", claimed_total, total.raw,
                                       claimed_total - total.raw))
            plain = not (assessment.bonus or assessment.penalties)
            by_root = {path: claimed for _o, path, depth, claimed, _g in claims if depth == 0}
            roots = self.plan.roots
            if plain and roots and all(r.path in by_root for r in roots):
                parts_sum = sum((by_root[r.path] for r in roots), ZERO)
                if parts_sum != claimed_total:
                    out.append(Discrepancy("$.claimed_total", "claimed-sum", claimed_total,
                                           parts_sum, claimed_total - parts_sum))
        return tuple(out)


def _texts(values: Iterable[Decimal]) -> tuple[str, ...]:
    """Decimals as written, a cheap memo key (hashing a Decimal is not)."""
    return tuple(map(str, values))


def _gates_key(gates: Mapping[str, Any]) -> tuple[tuple[str, Any, type], ...]:
    """A memo key of an assessment's gates (``1`` and ``True`` kept apart)."""
    return tuple([(gate, passed, passed.__class__) for gate, passed in gates.items()])


class _Memo:
    """Values shared between a batch's scorecards, by a key of what decides
    them (at most :data:`MEMO_LIMIT`, cleared when full).  A memo that has
    found fewer than ``_TRIAL / _WORTH`` values by its :data:`_TRIAL`-th miss
    stops: its keys cost more than it saves (totals that differ on every
    scorecard, say).  It changes no value, only which equal values are shared."""

    __slots__ = ("found", "misses", "values")

    def __init__(self) -> None:
        self.values: dict[Any, tuple[Any, Any]] | None = {}
        self.misses = self.found = 0

    def get(self, key: Callable[[], Any], make: Callable[[], Any], keep: Any = None) -> Any:
        """The value under ``key()``, made by ``make()`` when missing
        (``keep``: objects whose ``id`` is part of the key, kept alive with
        the value)."""
        values = self.values
        if values is None:
            return make()
        looked = key()
        entry = values.get(looked)
        if entry is not None:
            self.found += 1
            return entry[0]
        self.misses += 1
        if self.misses == _TRIAL and self.found * _WORTH < _TRIAL:
            self.values = None
        elif len(values) >= MEMO_LIMIT:
            values.clear()
        value = make()
        if self.values is not None:
            values[looked] = (value, keep)
        return value
