"""A bonus or 特色指标 pool scored by judgement: bonus items with ``method =
"direct"`` (0 to the item's points, on its step) or ``"tiered"``, under the
pool's cap; worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import rubric_from_toml

import civscore
from civscore.files import parse_toml

D = Decimal

RUBRIC = """
id = "hand.judged"
version = "1"
title = "特色指标示例"
total = 10
provenance = "illustrative"
source = "worked by hand for tests/scoring/test_bonus_judged.py"

[bonus]
cap = 3
items = [
  { id = "feature", text = "特色工作，视成效赋0-2分", points = 2, method = "direct", step = 0.5 },
  { id = "brand", text = "创建品牌", points = 2, method = "tiered", tiers = [
    { id = "good", title = "好", points = 2 }, { id = "fair", title = "较好", points = 1 },
  ] },
  { id = "honour", text = "获市级表彰", points = 1 },
]

[[categories]]
id = "work"
title = "业务工作（整体赋分）"
method = "direct"
points = 10
"""


def rubric(text: str = RUBRIC) -> civscore.Rubric:
    return rubric_from_toml(text)


def score(claims: str) -> civscore.Scorecard:
    data = parse_toml(f'rubric = "hand.judged@1"\nunit = "某单位"\nbonus = {claims}\n'
                         'findings = [{ criterion = "work", points = 8 }]')
    return civscore.score(rubric(), civscore.assessment_from_dict(data))


def test_judged_items_count_what_was_given_under_the_cap() -> None:
    # feature 1.5 (a multiple of 0.5), brand 较好 1, honour 1: 3.5, capped at 3.
    card = score('[{ item = "feature", points = 1.5 }, { item = "brand", tier = "fair" }, '
                 '{ item = "honour" }]')
    assert [line.counted for line in card.bonus.lines] == [D("1.5"), D(1), D(1)]
    assert (card.bonus.gross, card.bonus.total) == (D("3.5"), D(3))
    assert card.total.raw == 8 + 3


def test_a_second_judged_award_is_beyond_max_count() -> None:
    # max_count is 1: a second judgement of the feature is shown, not counted.
    card = score('[{ item = "feature", points = 2 }, { item = "feature", points = 1 }]')
    assert [(line.points, line.counted, line.reason) for line in card.bonus.lines] == [
        (D(2), D(2), ""), (D(1), D(0), "最多计1次")]


@pytest.mark.parametrize(("claim", "key", "words"), [
    ('{ item = "feature", points = 2.5 }', "points", "must be between 0 and 2, got 2.5"),
    ('{ item = "feature", points = 1.2 }', "points", "must be a multiple of 0.5, got 1.2"),
    ('{ item = "feature" }', "points", "give the points of 'feature', 0 to 2"),
    ('{ item = "feature", points = 1, count = 2 }', "count", "is one award: give count = 1"),
    ('{ item = "feature", tier = "good" }', "tier", "is judged (direct); remove 'tier'"),
    ('{ item = "brand", tier = "best" }', "tier", "choose one of the tiers of 'brand': fair, "
                                                  "good; got 'best'"),
    ('{ item = "honour", points = 1 }', "points", "gives a fixed 1 per occurrence; remove"),
])
def test_a_claim_that_does_not_fit_its_item_is_refused(claim: str, key: str, words: str) -> None:
    with pytest.raises(civscore.AssessmentError) as caught:
        score(f"[{claim}]")
    assert caught.value.path == f"$.bonus[0].{key}"
    assert words in caught.value.message


@pytest.mark.parametrize(("old", "new", "path", "words"), [
    ('points = 2 }, { id = "fair"', 'points = 3 }, { id = "fair"',
     "$.bonus.items[1].tiers[0].points", "gives 3, above the item's 2 points"),
    ('method = "direct", step = 0.5', 'step = 0.5', "$.bonus.items[0].step",
     "a step belongs to a direct bonus item"),
    ('method = "direct", step = 0.5', 'method = "direct", step = 0', "$.bonus.items[0].step",
     "must be more than 0"),
    ('method = "direct", step = 0.5', 'method = "ratio"', "$.bonus.items[0].method", ""),
])
def test_a_judged_item_misdeclared_is_located(old: str, new: str, path: str,
                                              words: str) -> None:
    with pytest.raises(civscore.RubricError) as caught:
        rubric(RUBRIC.replace(old, new))
    assert caught.value.path == path
    assert words in caught.value.message


def test_a_tiered_item_whose_tiers_give_nothing_never_counts() -> None:
    text = RUBRIC.replace('points = 2 }, { id = "fair", title = "较好", points = 1 }',
                          'points = 0 }, { id = "fair", title = "较好", points = 0 }')
    assert ("bonus-never-counts", "$.bonus.items[1]") in {
        (f.code, f.path) for f in civscore.check_rubric(rubric(text))}
