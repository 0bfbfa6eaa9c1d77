"""Rules that cap an item instead of deducting (出现…的，本项最高得X分:
``at_most``), worked by hand.

The order, as docs/scoring.md states it: the deductions first (in the order
found, each rule's ``max``), then the lowest ``at_most`` of the limiting
rules hit, then the clamp to [floor, points].
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import civscore
from civscore.files import parse_toml
from civscore.model import Assessment, Rubric

D = Decimal

RUBRIC = """
id = "hand.at-most"
version = "1"
title = "本项最高得分示例"
total = 20
provenance = "illustrative"
source = "worked by hand for tests/scoring/test_at_most.py"

[[categories]]
id = "records"
title = "工作台账"
points = 10
method = "deduct"
rules = [
  { id = "missing", text = "缺一项扣1分", deduct = 1 },
  { id = "no-ledger", text = "无工作台账的，本项最高得6分", at_most = 6 },
  { id = "forged", text = "台账弄虚作假的，本项最高得2分", at_most = 2 },
]

[[categories]]
id = "culture"
title = "文化建设"
points = 10
rules = [{ id = "no-mechanism", text = "未形成长效机制的，本项最高得7分", at_most = 7 }]

  [[categories.criteria]]
  id = "events"
  title = "文体活动"
  points = 5
  method = "direct"

  [[categories.criteria]]
  id = "library"
  title = "职工书屋"
  points = 5
  method = "direct"
"""


def rubric() -> Rubric:
    return civscore.rubric_from_dict(parse_toml(RUBRIC),
                                     source="<hand>")


def assessment(records_hits: str, culture_hits: str = "[]") -> Assessment:
    text = f"""
rubric = "hand.at-most@1"
unit = "某单位"
findings = [
  {{ criterion = "records", hits = {records_hits} }},
  {{ criterion = "culture", hits = {culture_hits} }},
  {{ criterion = "culture.events", points = 5 }},
  {{ criterion = "culture.library", points = 4 }},
]
"""
    return civscore.assessment_from_dict(parse_toml(text))


@pytest.mark.parametrize(("hits", "expected"), [
    # 10 − 1 × 2 = 8, limited to 6: 6.
    ('[{ rule = "missing", count = 2 }, { rule = "no-ledger" }]', D(6)),
    # The limit comes after the deductions whatever the order found:
    # 10 − 1 × 5 = 5, below 6: the limit does not bind, 5.
    ('[{ rule = "no-ledger" }, { rule = "missing", count = 5 }]', D(5)),
    # Two limits hit: the lowest decides; 10 − 1 = 9 → min(9, 6, 2) = 2.
    ('[{ rule = "no-ledger" }, { rule = "missing" }, { rule = "forged" }]', D(2)),
    # A hit counted 0 times is no hit: 10 − 1 = 9.
    ('[{ rule = "missing" }, { rule = "no-ledger", count = 0 }]', D(9)),
    # Deductions beyond the item, then the limit, then the clamp: 10 − 12 =
    # −2, min(−2, 6) = −2, stops at the floor 0.
    ('[{ rule = "missing", count = 12 }, { rule = "no-ledger" }]', D(0)),
])
def test_a_leaf_is_limited_after_its_deductions(hits: str, expected: Decimal) -> None:
    card = civscore.score(rubric(), assessment(hits))
    assert card.item("records").score == expected


def test_the_limit_is_a_part_a_loss_and_an_audit_event() -> None:
    card = civscore.score(rubric(), assessment(
        '[{ rule = "missing", count = 2 }, { rule = "no-ledger" }]'))
    records = card.item("records")
    # allotted 10, deduct −2, then the limit takes 8 − 6 = 2.
    assert [(p.kind, p.ref, p.points) for p in records.parts] == [
        ("allotted", "", D(10)), ("deduct", "missing", D(-2)), ("at_most", "no-ledger", D(-2))]
    assert {(loss.ref, loss.points) for loss in card.losses if loss.path == "records"} == {
        ("missing", D(2)), ("no-ledger", D(2))}
    (event,) = [e for e in card.audit if e.kind == "at-most"]
    assert (event.step, event.path, event.amount) == (1, "records", D(-2))
    assert "无工作台账的，本项最高得6分" in event.message


def test_a_group_is_limited_after_its_sub_items_and_own_deductions() -> None:
    # culture: 5 + 4 = 9, limited to 7: 7; total 10 + 7 = 17.
    card = civscore.score(rubric(), assessment("[]", '[{ rule = "no-mechanism" }]'))
    assert card.item("culture").score == 7
    assert card.item("culture").raw == 5 + 4 - 2
    assert card.total.raw == 10 + 7


def test_a_hit_cannot_give_an_amount() -> None:
    with pytest.raises(civscore.AssessmentError) as caught:
        civscore.score(rubric(), assessment('[{ rule = "no-ledger", deduct = 1 }]'))
    assert caught.value.path == "$.findings[0].hits[0].deduct"
    assert "limits the item to at most 6; remove 'deduct'" in caught.value.message
