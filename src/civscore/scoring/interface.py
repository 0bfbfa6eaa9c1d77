"""The scoring-method interface (:class:`ScoringMethod`), the problems a
check reports, and the rule-hit steps that methods and groups share:
:func:`check_hits` and :func:`take_hits` (扣分 with each rule's cap).
:mod:`civscore.scoring.methods` re-exports every name here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Protocol, runtime_checkable

import attrs

from civscore.messages import message
from civscore.model import Criterion, Finding, Rule, RuleHit
from civscore.model.points import ZERO, take_within, to_text
from civscore.results.scorecard import Part

__all__ = ["Problem", "RawScorer", "ScoringMethod", "Unfit", "check_hits", "take_hits"]


@attrs.frozen
class Problem:
    """Something wrong with a rubric item or a finding.

    ``key`` is relative to the item (``tiers``) or the finding (``hits[0].rule``);
    ``severity`` is ``error`` or ``warning``.
    """

    key: str
    message: str
    severity: str = "error"


@runtime_checkable
class ScoringMethod(Protocol):
    """What a scoring method provides.  Implement it to add a method from a plugin.

    .. versionadded:: 0.1
    """

    @property
    def name(self) -> str:
        """The name rubrics use as ``method = "<name>"``."""

    def validate(self, item: Criterion) -> Iterator[Problem]:
        """Problems with the item's own definition (checked when a rubric loads)."""

    def check(self, item: Criterion, finding: Finding | None) -> Iterable[Problem]:
        """Problems with a finding for the item (``None``: no finding recorded);
        an empty iterable when it fits (the scoring pass calls this for every
        finding, so make the common case cheap)."""

    def score(self, item: Criterion, finding: Finding | None) -> tuple[Part, ...]:
        """The parts of the raw score; called only when :meth:`check` found no error."""

    def bounds(self, item: Criterion) -> tuple[Decimal, Decimal]:
        """The lowest and highest raw score any valid finding can give."""


RawScorer = Callable[[Finding | None], Decimal]
"""A compiled item's raw score from its finding: ``sum(p.points for p in
method.score(item, finding))``, without building the parts."""


class Unfit(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a *checking* raw scorer (the built-in methods' ``compile``)
    for a finding its method's ``check`` reports an error on: the scoring
    pass then asks ``check`` what is wrong.  A checking scorer refuses
    exactly the findings ``check`` refuses."""


def check_hits(rules: tuple[Rule, ...], finding: Finding) -> list[Problem]:
    """Check rule hits against the rules they name (used by ``deduct`` and groups)."""
    problems: list[Problem] = []
    for i, hit in enumerate(finding.hits):
        if type(hit.count) is not int or hit.count < 0:
            problems.append(Problem(f"hits[{i}].count",
                                    message("method.count", count=repr(hit.count))))
        for rule in rules:
            if rule.id == hit.rule:
                break
        else:
            known = ", ".join(repr(r.id) for r in rules) or "none"
            problems.append(Problem(f"hits[{i}].rule",
                                    message("method.unknown-rule", ident=hit.rule, known=known)))
            continue
        if rule.deduct_range is None:
            if hit.deduct is not None:
                if rule.at_most is not None:
                    problems.append(Problem(f"hits[{i}].deduct",
                                            message("method.at-most-rule", ident=rule.id,
                                                    most=to_text(rule.at_most))))
                else:
                    problems.append(Problem(f"hits[{i}].deduct",
                                            message("method.fixed-rule", ident=rule.id,
                                                    amount=to_text(rule.deduct or ZERO))))
            continue
        lo, hi = rule.deduct_range
        if hit.deduct is None:
            problems.append(Problem(f"hits[{i}].deduct",
                                    message("method.give-deduct", ident=rule.id, least=to_text(lo),
                                            most=to_text(hi))))
        elif not lo <= hit.deduct <= hi:
            problems.append(Problem(f"hits[{i}].deduct",
                                    message("method.deduct-range", least=to_text(lo),
                                            most=to_text(hi), value=to_text(hit.deduct))))
        if not hit.note.strip():
            problems.append(Problem(f"hits[{i}].note", message("method.note")))
    return problems


def take_hits(rules: Mapping[str, Rule], hits: tuple[RuleHit, ...], running: Decimal,
              floor: Decimal, parts: list[Part] | None = None) -> Decimal:
    """扣分: ``running`` less each rule hit, in the order found; a rule's ``max``
    caps all its hits together, and a ``zeroes`` rule (本项不得分) sets the
    score to ``floor``.  Then each ``at_most`` rule hit (本项最高得X分), in the
    order found, limits the score so far to at most its ``at_most`` (so the
    lowest one hit decides).  Appends one part per hit to ``parts`` when
    given (an ``at_most`` part: what the limit took off, 0 when it did not bind).

    :param rules: the item's rules by id (every hit names one).
    :return: the score after the hits (not clamped).
    """
    taken: dict[str, Decimal] = {}
    limits: list[tuple[Rule, RuleHit]] = []
    for hit in hits:
        rule = rules[hit.rule]
        if rule.at_most is not None:
            if hit.count:
                limits.append((rule, hit))
            continue
        if rule.zeroes:
            if hit.count:
                if parts is not None:
                    parts.append(Part("zeroes", floor - running, rule.id, rule.text, hit.count,
                                      note=hit.note))
                running = floor
            continue
        per = hit.deduct if hit.deduct is not None else (rule.deduct or ZERO)
        amount, discarded = take_within(per * hit.count, rule.max, rule.id, taken)
        if parts is not None:
            parts.append(Part("deduct", -amount, rule.id, rule.text, hit.count, discarded,
                              hit.note))
        running -= amount
    for rule, hit in limits:
        limit = rule.at_most
        assert limit is not None
        if parts is not None:
            parts.append(Part("at_most", min(ZERO, limit - running), rule.id, rule.text,
                              hit.count, note=hit.note))
        running = min(running, limit)
    return running
