"""A built-in method's compiled scorer checks its finding as it scores:
it refuses (raises ``Unfit``, or fails on a value it cannot compare)
exactly the findings the method's ``check`` reports an error on, and for
every other finding gives what the method's parts add up to."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from civscore.model import Band, Criterion, Finding, Rule, RuleHit, Standard, StandardHit, Tier
from civscore.scoring.methods import BUILTIN_METHODS, Unfit

D = Decimal

ITEMS = {
    "deduct": Criterion("a", "扣分项", D(5), method="deduct", rules=(
        Rule("r1", "每次扣0.5分", deduct=D("0.5"), max=D("1.5")),
        Rule("r2", "视情况扣0.1-0.5分", deduct_range=(D("0.1"), D("0.5"))),
        Rule("r3", "本项不得分", zeroes=True))),
    "award": Criterion("b", "得分项", D(4), method="award", standards=(
        Standard("s1", "每项得1分", D(1), max=D(2)), Standard("s2", "得2分", D(2)))),
    "tiered": Criterion("c", "档次项", D(6), method="tiered", tiers=(
        Tier("good", "好", D(6)), Tier("fair", "一般", D(3)))),
    "direct": Criterion("d", "赋分项", D(3), method="direct", step=D("0.5")),
    "ratio": Criterion("e", "比例项", D(4), method="ratio", bands=(
        Band(D(4), at_least=D(90)), Band(D(2), above=D(60)))),
    "all_or_nothing": Criterion("f", "达标项", D(2), method="all_or_nothing"),
}

decimals = st.sampled_from([D(0), D("0.3"), D("0.5"), D(1), D("2.5"), D(3), D(4), D(-1),
                            D(95), D(101), D("60"), D("1.25")])
hits = st.builds(RuleHit, st.sampled_from(["r1", "r2", "r3", "rx"]),
                 st.sampled_from([0, 1, 2, 5, -1]), st.none() | decimals,
                 st.sampled_from(["", " ", "迟报"]))
standard_hits = st.builds(StandardHit, st.sampled_from(["s1", "s2", "sx"]),
                          st.sampled_from([0, 1, 3, -2]))
findings = st.builds(
    Finding, st.just("x"),
    hits=st.lists(hits, max_size=3).map(tuple) | st.just(()),
    standards=st.lists(standard_hits, max_size=3).map(tuple) | st.just(()),
    tier=st.none() | st.sampled_from(["good", "fair", "bad"]),
    points=st.none() | decimals, rate=st.none() | decimals, met=st.none() | st.booleans(),
)


def _refused(raw: Any, finding: Finding) -> bool:
    try:
        raw(finding)
    except (Unfit, LookupError, TypeError, ArithmeticError):
        return True
    return False


@settings(max_examples=400, deadline=None)
@given(name=st.sampled_from(sorted(ITEMS)), finding=findings)
def test_a_compiled_scorer_refuses_exactly_what_check_refuses(name: str,
                                                             finding: Finding) -> None:
    method, item = BUILTIN_METHODS[name], ITEMS[name]
    raw = method.compile(item)  # type: ignore[attr-defined]
    errors = [p for p in method.check(item, finding) if p.severity == "error"]
    assert _refused(raw, finding) == bool(errors), errors
    if not errors:
        parts = method.score(item, finding)
        assert raw(finding) == sum((p.points for p in parts), D(0))


def test_worked_examples() -> None:
    """By hand: a lone r1 hit of 2 takes 1 (0.5 × 2) off 5; three hits of r1
    (2 + 2 + 1 = 5 occurrences) are capped at the rule's 1.5; r2 without a
    note is refused; 2.5 on a step of 0.5 is taken, 2.25 is not."""
    deduct = BUILTIN_METHODS["deduct"].compile(ITEMS["deduct"])  # type: ignore[attr-defined]
    assert deduct(Finding("a", hits=(RuleHit("r1", 2),))) == D(4)
    assert deduct(Finding("a", hits=(RuleHit("r1", 2), RuleHit("r1", 2),
                                     RuleHit("r1", 1)))) == D("3.5")
    assert _refused(deduct, Finding("a", hits=(RuleHit("r2", 1, D("0.2")),)))
    assert deduct(Finding("a", hits=(RuleHit("r2", 1, D("0.2"), "迟报"),))) == D("4.8")
    direct = BUILTIN_METHODS["direct"].compile(ITEMS["direct"])  # type: ignore[attr-defined]
    assert direct(Finding("d", points=D("2.5"))) == D("2.5")
    assert _refused(direct, Finding("d", points=D("2.25")))
    assert _refused(direct, Finding("d", points=D("2.5"), tier="good"))
