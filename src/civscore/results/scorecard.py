"""The result of scoring: a :class:`Scorecard` and its parts.

A scorecard is a frozen value.  Its JSON form (:meth:`Scorecard.to_dict`)
writes every point as a decimal string (``"97.5"``) so that no binary float
ever touches a point; :meth:`Scorecard.from_dict` reads it back exactly.
The form is versioned by ``format`` and documented in ``docs/results.md``;
the JSON Schema is ``civscore schema result``.

Every figure adds up exactly:

* an item's ``raw`` is the sum of its ``parts`` (leaf) or of its children's
  scores plus its own ``parts`` (group), and ``score = raw + clamp``;
* ``base.raw`` is the sum of the category scores, and also the sum of the
  evidence-method subtotals;
* ``total.raw = base.scaled + bonus.total − penalties.total + total.floor_adjustment``.

No timestamps: scoring the same inputs twice gives equal scorecards.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from civscore.model.serde import structure, unstructure

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11

__all__ = [
    "AuditEvent",
    "BarResult",
    "BaseTotal",
    "BonusLine",
    "BonusResult",
    "Discrepancy",
    "EvidenceSubtotal",
    "GateResult",
    "ItemResult",
    "LevelCheck",
    "Loss",
    "NextLevel",
    "Outcome",
    "Part",
    "PenaltyLine",
    "PenaltyResult",
    "RubricInfo",
    "Scorecard",
    "Total",
    "VetoResult",
    "deferred_scorecard",
]

RESULT_FORMAT = 1

OutcomeStatus = Literal["awarded", "not_awarded", "vetoed", "ineligible", "not_assessable",
                        "unrated"]


@attrs.frozen
class Part:
    """One signed contribution to an item's raw score.

    ``kind``: ``allotted`` (the starting points of a deduction item),
    ``deduct`` (a rule hit, negative), ``zeroes`` (a rule that voids the
    item), ``at_most`` (a rule that limits the item's score: what the limit
    took off, 0 when the score was already lower), ``award`` (a standard
    met), ``tier``, ``direct``, ``band``,
    ``ratio`` (shortfall below a target, negative), ``met``, or a plugin
    method's own kind.  ``discarded`` is what a rule's or standard's own cap
    (``max``) threw away.
    """

    kind: str
    points: Decimal
    ref: str = ""
    text: str = ""
    count: int = 1
    discarded: Decimal = Decimal(0)
    note: str = ""


@attrs.frozen
class ItemResult:
    """The result of one category or criterion (dotted ``path``).

    ``points`` is 应得分, ``effective_max`` what remains of it after
    not-applicable sub-items, ``score`` 实得分.  ``provenance`` is the
    item's (its own, else its enclosing item's, else the rubric's):
    ``illustrative`` means its points were invented.  ``nothing_applicable``
    marks a group every sub-item of which is not applicable (shown as
    全部不适用); ``not_applicable`` the item found not applicable itself.
    """

    path: str
    title: str
    points: Decimal
    effective_max: Decimal
    raw: Decimal
    clamp: Decimal
    score: Decimal
    method: str | None = None
    evidence: str = ""
    not_applicable: bool = False
    reason: str = ""
    claimed: Decimal | None = None
    parts: tuple[Part, ...] = ()
    children: tuple[ItemResult, ...] = ()
    note: str = ""
    provenance: str = ""
    nothing_applicable: bool = False


@attrs.frozen
class EvidenceSubtotal:
    """Points earned by evidence method (测评方法), e.g. 材料审核 / 实地考察."""

    evidence: str
    points: Decimal
    score: Decimal


@attrs.frozen
class BaseTotal:
    """The base total (基本分) before bonus and penalties.

    ``factor`` is the 按比例折算 factor (``total / effective_max``), 1 when
    nothing was rescaled; ``scaled = raw × total ÷ effective_max``, computed
    in that order to 28 significant digits (so a full base scales to exactly
    ``total``; ``raw × factor`` may differ in the last digit).
    """

    raw: Decimal
    points: Decimal
    effective_max: Decimal
    policy: str
    factor: Decimal
    scaled: Decimal


@attrs.frozen
class BonusLine:
    """One bonus item earned; ``counted`` is what survived its count, base,
    project and group limits (``reason`` says which); ``project`` is the
    claim's project, if it names one."""

    item: str
    text: str
    group: str
    count: int
    points: Decimal
    counted: Decimal
    reason: str = ""
    #: the bonus item's provenance (its own, else the rubric's)
    provenance: str = ""
    project: str = ""


@attrs.frozen
class BonusResult:
    """Bonus (加分): ``gross`` before the cap, ``discarded_by_cap``, ``total`` added.

    ``withheld`` is what was earned (within its count and group) but not
    counted because the base total is below a ``min_base`` (the bonus's or an
    item's; each such line says so in its ``reason``); it is not in ``gross``.
    """

    lines: tuple[BonusLine, ...] = ()
    gross: Decimal = Decimal(0)
    cap: Decimal | None = None
    discarded_by_cap: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    withheld: Decimal = Decimal(0)


@attrs.frozen
class PenaltyLine:
    """One penalty-list entry found (负面清单)."""

    item: str
    text: str
    count: int
    points: Decimal
    discarded: Decimal = Decimal(0)
    note: str = ""
    #: the penalty's provenance (its own, else the rubric's)
    provenance: str = ""


@attrs.frozen
class PenaltyResult:
    """Penalties subtracted from the total."""

    lines: tuple[PenaltyLine, ...] = ()
    total: Decimal = Decimal(0)


@attrs.frozen
class Total:
    """The total (总分): ``raw`` exact, ``rounded`` by the rubric's rule, and
    ``compared``, the one the level thresholds were compared against."""

    raw: Decimal
    rounded: Decimal
    compared: Decimal
    places: int
    mode: str
    compare: str
    floor_adjustment: Decimal = Decimal(0)


@attrs.frozen
class VetoResult:
    """A veto finding (一票否决)."""

    veto: str
    text: str
    date: datetime.date | None = None
    note: str = ""


@attrs.frozen
class BarResult:
    """An eligibility-bar finding and whether it fell inside the window."""

    bar: str
    text: str
    date: datetime.date
    window_start: datetime.date
    window_end: datetime.date
    inside: bool
    note: str = ""


@attrs.frozen
class GateResult:
    """A must-pass condition (前置条件) and whether it was passed."""

    gate: str
    text: str
    passed: bool


@attrs.frozen
class LevelCheck:
    """Whether one level's threshold and conditions hold; ``unmet`` says why not."""

    level: str
    title: str
    min_total: Decimal
    met: bool
    unmet: tuple[str, ...] = ()
    #: the level's provenance (its own, else the rubric's): ``illustrative``
    #: means its threshold was invented
    provenance: str = ""


@attrs.frozen
class Outcome:
    """The decision: ``status`` is ``awarded`` (with ``level``), ``not_awarded``,
    ``vetoed``, ``ineligible`` (an eligibility bar inside its window),
    ``not_assessable`` (未能测评: every item is not applicable, so there is
    nothing to assess) or ``unrated`` (the rubric declares no levels)."""

    status: OutcomeStatus
    level: str | None = None
    title: str = ""
    reasons: tuple[str, ...] = ()


@attrs.frozen
class NextLevel:
    """The next level up and what stands between the unit and it."""

    level: str
    title: str
    min_total: Decimal
    gap: Decimal
    unmet: tuple[str, ...] = ()


@attrs.frozen
class Loss:
    """Points lost on one item, by one rule where known (失分)."""

    path: str
    title: str
    points: Decimal
    ref: str = ""
    text: str = ""


@attrs.frozen
class Discrepancy:
    """A claimed (自评) figure that differs from the computed one.

    ``level``: ``criterion``, ``category``, ``total``, or ``claimed-sum``
    (the claimed parts do not add up to the claimed total).
    ``difference = claimed − computed``.
    """

    path: str
    level: str
    claimed: Decimal
    computed: Decimal
    difference: Decimal


@attrs.frozen
class AuditEvent:
    """One recorded step of the computation (审计记录).

    ``step`` follows the order of computation in ``docs/scoring.md`` (1 item
    scores … 9 levels); ``kind`` is a stable code such as ``clamp``, ``cap``,
    ``rescale``, ``bonus-group``, ``veto``; ``amount`` is the signed change
    the event makes to the figure of its ``path`` in points (negative for a
    bonus not counted or a penalty taken, positive for a deduction a cap
    spares or a total floored at 0), ``None`` for an event that changes no
    figure; ``docs/results.md`` ("The audit trail adds up") lists each kind.
    """

    step: int
    kind: str
    path: str
    message: str
    amount: Decimal | None = None


@attrs.frozen
class RubricInfo:
    """Which rubric produced the result: enough to reproduce and audit it."""

    id: str
    version: str
    title: str
    hash: str
    provenance: str
    total: Decimal


#: Scorecard fields that the scoring engine fills on first read.
_DEFERRABLE = frozenset({"categories", "evidence", "losses", "audit"})


class _Deferred:
    """Lets a scorecard's item tree and explanation be built on first read.

    :func:`civscore.score` and :func:`civscore.score_many` work out every
    figure that decides the outcome first and leave ``categories`` and
    ``evidence`` (and, with explanations, ``losses`` and ``audit``) unset, with a function in
    ``_pending`` that builds them; the
    first read of any of them calls it and stores what it returns, so the
    fields hold plain values from then on.  Reading, comparing, copying,
    pickling or serialising a scorecard reads its fields, so no caller can
    tell a deferred field from one set at construction.
    """

    __slots__ = ("_pending",)

    if not TYPE_CHECKING:  # a __getattr__ would hide typos from type checkers

        def __getattr__(self, name: str) -> Any:
            if name in _DEFERRABLE:
                try:
                    pending = object.__getattribute__(self, "_pending")
                except AttributeError:
                    pending = None
                if pending is not None:
                    values = pending()
                    for key, value in values.items():
                        object.__setattr__(self, key, value)
                    object.__setattr__(self, "_pending", None)
                    return values[name]
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


@attrs.frozen
class Scorecard(_Deferred):
    """The full, explained result of scoring one assessment (测评结果).

    ``unassessed`` lists, in rubric order, the dotted paths of the items
    scored without a finding (未评) under the ``flag`` policy of
    ``unassessed`` (empty under ``full``); ``warnings`` says so too.
    """

    rubric: RubricInfo
    civscore_version: str
    unit: str
    period: str
    categories: tuple[ItemResult, ...]
    evidence: tuple[EvidenceSubtotal, ...]
    base: BaseTotal
    bonus: BonusResult
    penalties: PenaltyResult
    total: Total
    outcome: Outcome
    format: int = RESULT_FORMAT
    assessed_on: datetime.date | None = None
    claimed_total: Decimal | None = None
    levels: tuple[LevelCheck, ...] = ()
    next_level: NextLevel | None = None
    losses: tuple[Loss, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    vetoes: tuple[VetoResult, ...] = ()
    bars: tuple[BarResult, ...] = ()
    gates: tuple[GateResult, ...] = ()
    audit: tuple[AuditEvent, ...] = ()
    warnings: tuple[str, ...] = ()
    plugins: dict[str, str] = attrs.field(factory=dict)
    unassessed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form: points as decimal strings, dates as ISO text.

        Besides the fields, a top-level ``level`` repeats ``outcome.level``
        (the awarded level's id, or ``None``) so scripts need not dig for it.
        """
        result: dict[str, Any] = unstructure(self)
        result["level"] = self.outcome.level
        return result

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Read the form :meth:`to_dict` writes (the derived ``level`` is ignored).

        :raises civscore.exceptions.FileFormatError: naming the key path.
        """
        fields = {k: v for k, v in data.items() if k != "level"}
        return structure(fields, cls, numbers_as_text=True, source="<scorecard>")

    def item(self, path: str) -> ItemResult:
        """The result of the item at dotted ``path``.

        :raises KeyError: when there is no such item.
        """
        stack = list(self.categories)
        while stack:
            node = stack.pop()
            if node.path == path:
                return node
            stack.extend(node.children)
        raise KeyError(path)


def deferred_scorecard(build: Callable[[], Mapping[str, Any]], **fields: Any) -> Scorecard:
    """A :class:`Scorecard` of ``fields`` whose other fields (of
    ``categories``, ``evidence``, ``losses``, ``audit``) are left unset until first read,
    when ``build()`` gives them as ``{field: value}``.  The scoring engine
    uses it to build the item tree and the explanation only when read.
    Like every result class, a scorecard validates nothing, so setting its
    slots makes the value its constructor makes."""
    card = object.__new__(Scorecard)
    for name, value in fields.items():
        _SETTERS[name](card, value)
    _set_pending(card, build)
    return card


_SETTERS = {f.name: Scorecard.__dict__[f.name].__set__ for f in attrs.fields(Scorecard)}
_set_pending = _Deferred.__dict__["_pending"].__set__
