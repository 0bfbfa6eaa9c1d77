"""Every breakdown adds up in every format (issue 14, item 10).

On the page, base (after 按比例折算) + bonus + penalties + the adjustment of
a total floored at 0 = the total, in the text table, Markdown and CSV; and
the audit amounts are the signed change each event makes to its figure, so
they sum as ``docs/results.md`` ("The audit trail adds up") states.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import assessments, rubrics

from civscore import score
from civscore.model import Assessment, Rubric
from civscore.results.render import (
    FLOOR_LABEL,
    ILLUSTRATIVE_MARK,
    display_width,
    render_csv,
    render_markdown,
    render_text,
)
from civscore.results.scorecard import ItemResult, Scorecard

MakeRubric = Callable[[str], Rubric]
MakeAssessment = Callable[[str], Assessment]
ZERO = Decimal(0)

FLOORED_RUBRIC = """
total = 10
[[categories]]
id = "meetings"
title = "会议制度"
points = 10
method = "deduct"
rules = [ { id = "missed", text = "少开一次扣0.5分", deduct = 0.5 } ]

[[penalties]]
id = "accident"
text = "发生安全责任事故"
deduct = 15
"""
FLOORED_ASSESSMENT = """
[[findings]]
criterion = "meetings"
hits = [ { rule = "missed", count = 2 } ]

[[penalties]]
item = "accident"
"""


def floored(make_rubric: MakeRubric, make_assessment: MakeAssessment) -> Scorecard:
    # Base 10 − 2 × 0.5 = 9; 9 − 15 = −6 < 0: 6 is added to make the total 0.
    return score(make_rubric(FLOORED_RUBRIC), make_assessment(FLOORED_ASSESSMENT))


def test_the_floor_is_a_row_of_the_table_and_markdown(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = floored(make_rubric, make_assessment)
    text = render_text(card)
    summary = [line.split() for line in text.splitlines()
               if line.startswith(("基本分合计", "负面清单扣分", FLOOR_LABEL, "总分  "))]
    assert summary == [["基本分合计", "10", "9"], ["负面清单扣分", "-15"],
                       [FLOOR_LABEL, "+6"], ["总分", "10", "0"]]
    markdown = render_markdown(card)
    assert f"| {FLOOR_LABEL} |  | +6 |  |  |" in markdown
    assert "| 负面清单扣分 |  | -15 |  |  |" in markdown


def test_the_floor_is_a_row_of_the_csv_and_a_figure_of_the_json(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = floored(make_rubric, make_assessment)
    by_path = {r[0]: r for r in csv.reader(io.StringIO(render_csv(card)))}
    assert [by_path[p][4] for p in ("$base", "$bonus", "$penalties", "$floor_adjustment",
                                    "$total")] == ["9", "0", "-15", "6", "0"]
    assert by_path["$floor_adjustment"][1] == FLOOR_LABEL
    assert json.loads(json.dumps(card.to_dict()))["total"]["floor_adjustment"] == "6"


def test_a_total_not_floored_has_no_adjustment_row(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = score(make_rubric(FLOORED_RUBRIC.replace("deduct = 15", "deduct = 5")),
                 make_assessment(FLOORED_ASSESSMENT))
    assert card.total.raw == 9 - 5
    assert FLOOR_LABEL not in render_text(card)
    by_path = {r[0]: r for r in csv.reader(io.StringIO(render_csv(card)))}
    assert by_path["$floor_adjustment"][4] == "0"  # the CSV always has the row


def test_audit_amounts_are_the_signed_change_to_the_score(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    card = floored(make_rubric, make_assessment)
    assert [(e.kind, e.amount) for e in card.audit if e.step in (5, 7)] == [
        ("penalty", Decimal(-15)), ("total-floor", Decimal(6))]


def test_bonus_not_counted_is_a_negative_amount(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(FLOORED_RUBRIC + """
[bonus]
cap = 1
items = [ { id = "honour", text = "获市级表彰", points = 2 } ]
""")
    work = FLOORED_ASSESSMENT.split("[[penalties]]", maxsplit=1)[0]
    card = score(rubric, make_assessment('bonus = [ { item = "honour", count = 2 } ]\n' + work))
    # Claimed twice, counted once (max_count 1): −2; 2 over the cap of 1: −1.
    assert [(e.kind, e.amount) for e in card.audit if e.step == 4] == [
        ("bonus-count", Decimal(-2)), ("bonus-cap", Decimal(-1))]
    assert card.bonus.total == 2 * 2 - 2 - 1


# The property: over random rubrics and assessments.

def _value(cell: str) -> tuple[Decimal, bool]:
    """A shown figure (``-2``, ``+6``, ``≈99.0625``, ``3※``) and whether it is
    rounded for display."""
    text = cell.replace(ILLUSTRATIVE_MARK, "").strip()
    return Decimal(text.lstrip("≈")) if text else ZERO, text.startswith("≈")  # ≈+3.05: +3.05


def _summary(cells: list[tuple[str, str]], card: Scorecard) -> list[tuple[str, str]]:
    """(label, 实得分) of the rows below the items, less the bonus lines (as
    many rows under 加分 as the card has lines)."""
    out, rest = [], iter(cells)
    for label, value in rest:
        out.append((label, value))
        if label.startswith("加分") and len(out) <= 3:  # after the base and its rescaling
            for _line in card.bonus.lines:
                next(rest)
    return out


def _adds_up(summary: list[tuple[str, str]]) -> None:
    """base (its last row: rescaled if it was) + bonus + penalties +
    adjustment = total, to display rounding when a figure is marked ≈."""
    parts: dict[str, tuple[Decimal, bool]] = {}
    for label, value in summary:
        key = next(k for k in ("基本分合计", "按比例折算", "加分", "负面清单扣分", FLOOR_LABEL,
                               "总分") if label.startswith(k))
        parts["基本分合计" if key == "按比例折算" else key] = _value(value)
    total, approx = parts.pop("总分")
    got = sum((v for v, _a in parts.values()), ZERO)
    if approx or any(a for _v, a in parts.values()):
        assert abs(got - total) <= Decimal("0.0001") * len(parts), summary
    else:
        assert got == total, summary


def _text_cells(text: str, skip: int) -> list[tuple[str, str]]:
    """Column 0 and 2 of the text table's rows after the first ``skip``, cut
    at the display columns the rule of dashes under its header marks."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("--"))
    widths = [len(dashes) for dashes in lines[at].split("  ")]
    starts = [sum(widths[:i]) + 2 * i for i in range(len(widths))]
    out = []
    for line in lines[at + 1 + skip:]:
        if not line:
            break
        cols: list[str] = [""] * len(widths)
        col = 0
        for ch in line:
            column = sum(1 for s in starts if s <= col) - 1
            cols[column] += ch
            col += display_width(ch)
        out.append((cols[0].rstrip(), cols[2].strip()))
    return out


def _items(nodes: tuple[ItemResult, ...]) -> int:
    return sum(1 + _items(n.children) for n in nodes)


@st.composite
def cards(draw: st.DrawFn) -> Scorecard:
    rubric = draw(rubrics())
    return score(rubric, draw(assessments(rubric)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cards())
def test_every_format_adds_up_on_the_page(card: Scorecard) -> None:
    n = _items(card.categories)
    _adds_up(_summary(_text_cells(render_text(card), n), card))
    markdown = [line.split(" | ") for line in render_markdown(card).splitlines()
                if line.startswith("| ")][2 + n:]
    _adds_up(_summary([(c[0][2:], c[2]) for c in markdown], card))
    by_path = {r[0]: r[4] for r in csv.reader(io.StringIO(render_csv(card)))}
    _adds_up([(label, by_path[path]) for label, path in (
        ("基本分合计", "$base"), ("加分", "$bonus"), ("负面清单扣分", "$penalties"),
        (FLOOR_LABEL, "$floor_adjustment"), ("总分", "$total"))])


BONUS_KINDS = ("bonus-count", "bonus-base", "bonus-project", "bonus-group", "bonus-cap")


def _amounts(card: Scorecard, *kinds: str) -> Decimal:
    return sum((e.amount or ZERO for e in card.audit if e.kind in kinds), ZERO)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cards())
def test_the_audit_amounts_sum_as_documented(card: Scorecard) -> None:
    base, bonus, total = card.base, card.bonus, card.total
    assert base.scaled == base.raw + _amounts(card, "rescale")
    assert bonus.total == sum((line.points for line in bonus.lines), ZERO) + _amounts(
        card, *BONUS_KINDS)
    assert -card.penalties.total == _amounts(card, "penalty")
    assert sum((line.discarded for line in card.penalties.lines), ZERO) == _amounts(
        card, "penalty-cap")
    assert total.raw == (base.scaled + bonus.total + _amounts(card, "penalty")
                         + _amounts(card, "total-floor"))
    assert total.floor_adjustment == _amounts(card, "total-floor")
    assert total.rounded == total.raw + _amounts(card, "rounding")
    stack = list(card.categories)
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        own = [e for e in card.audit if e.path == node.path]
        assert node.clamp == sum((e.amount or ZERO for e in own if e.kind == "clamp"), ZERO)
        assert sum((p.points for p in node.parts if p.kind == "at_most"), ZERO) == sum(
            (e.amount or ZERO for e in own if e.kind == "at-most"), ZERO)
        assert sum((p.discarded for p in node.parts), ZERO) == sum(
            (e.amount or ZERO for e in own if e.kind == "rule-cap"), ZERO)
        for event in own:
            if event.kind == "not-applicable":
                assert event.amount == node.effective_max - node.points
