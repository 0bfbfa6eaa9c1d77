"""Provenance per part: each part's own mark, or the enclosing part's, or the
rubric's; a rubric never claims more than its weakest part carrying points
(the loader refuses it, naming the part); a part names where it was read."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from civscore import RubricError
from civscore.model import Rubric, marked_parts, weakest

MakeRubric = Callable[[str], Rubric]

#: A rubric of two categories: one read (with a sub-item read and one
#: invented), one invented; a bar read elsewhere.
MIXED = """
provenance = "illustrative"
source = "the rubric's own source"
total = 20

[[categories]]
id = "read"
title = "读到的项目"
points = 12
provenance = "quoted"
source = "http://example.org/page-1"

  [[categories.criteria]]
  id = "first"
  title = "第一项"
  points = 4
  method = "direct"

  [[categories.criteria]]
  id = "rest"
  title = "其余（未读）"
  points = 8
  method = "deduct"
  provenance = "illustrative"
  rules = [{ id = "miss", text = "缺一次扣1分", deduct = 1 }]

[[categories]]
id = "invented"
title = "虚构的项目"
points = 8
method = "direct"

[[bars]]
id = "crime"
text = "员工发生刑事案件"
lookback_years = 2
provenance = "official"
source = "http://example.gov.cn/notice"
"""


#: A quoted rubric of one category, to which a test adds a part.
ONE_QUOTED = """
provenance = "quoted"
source = "a public copy"
total = 10
[[categories]]
id = "a"
title = "甲"
points = 10
method = "direct"
"""


def test_each_part_inherits_from_the_part_around_it(make_rubric: MakeRubric) -> None:
    got = {p.path: (p.provenance, p.source, p.points, p.marked)
           for p in marked_parts(make_rubric(MIXED))}
    page = "http://example.org/page-1"
    assert got == {
        "categories.read": ("quoted", page, 12, True),
        "categories.read.first": ("quoted", page, 4, False),  # from its category
        "categories.read.rest": ("illustrative", page, 8, True),
        "categories.read.rest.rules.miss": ("illustrative", page, 1, False),  # from its item
        "categories.invented": ("illustrative", "the rubric's own source", 8, False),
        "bars.crime": ("official", "http://example.gov.cn/notice", None, True),
    }


def test_a_rubric_no_stronger_than_its_parts_loads(make_rubric: MakeRubric) -> None:
    assert weakest(make_rubric(MIXED)) is None


@pytest.mark.parametrize(("claim", "part"), [
    ("quoted", "categories.read.rest"),  # the first invented part, in file order
    ("official", "categories.read"),  # quoted is weaker than official
])
def test_a_rubric_stronger_than_a_part_is_refused(make_rubric: MakeRubric, claim: str,
                                                  part: str) -> None:
    text = MIXED.replace('provenance = "illustrative"\nsource', f'provenance = "{claim}"\nsource')
    with pytest.raises(RubricError) as caught:
        make_rubric(text)
    assert caught.value.path == "$.provenance"
    assert part in caught.value.message
    assert "weakest part that carries points" in caught.value.message


def test_a_part_without_points_may_be_weaker(make_rubric: MakeRubric) -> None:
    rubric = make_rubric(ONE_QUOTED + """[[vetoes]]
id = "v"
text = "示例否决"
provenance = "illustrative"
""")
    assert weakest(rubric) is None
    assert rubric.vetoes[0].provenance == "illustrative"


def test_a_level_carries_points(make_rubric: MakeRubric) -> None:
    with pytest.raises(RubricError, match=r"levels\.unit"):
        make_rubric(ONE_QUOTED + """[[levels]]
id = "unit"
title = "文明单位"
min_total = 8
provenance = "illustrative"
""")


def test_marks_survive_the_round_trip(make_rubric: MakeRubric) -> None:
    rubric = make_rubric(MIXED)
    assert rubric.categories[0].criteria[1].provenance == "illustrative"
    assert rubric.bars[0].source == "http://example.gov.cn/notice"
    assert rubric.categories[0].points == Decimal(12)


def test_a_rule_carries_its_amount(make_rubric: MakeRubric) -> None:
    rubric = make_rubric(ONE_QUOTED.replace('method = "direct"', """method = "deduct"
rules = [
  { id = "fixed", text = "每次扣0.5分", deduct = 0.5 },
  { id = "ranged", text = "视情况扣0.1-0.3分", deduct_range = [0.1, 0.3] },
  { id = "void", text = "本项不得分", zeroes = true },
]"""))
    amounts = {p.path.rpartition(".")[2]: p.points for p in marked_parts(rubric)
               if ".rules." in p.path}
    # a fixed deduction, the most of a range; a rule that voids the item carries no number
    assert amounts == {"fixed": Decimal("0.5"), "ranged": Decimal("0.3"), "void": None}
