"""Rendering: the text table aligns columns by display width with Chinese
titles, and no rendering changes a figure."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal

import pytest

from civscore import score
from civscore.model import Assessment, Rubric
from civscore.results.render import (
    csv_text,
    display_width,
    render_csv,
    render_markdown,
    render_text,
    rows,
)
from civscore.results.scorecard import Scorecard

MakeRubric = Callable[[str], Rubric]
MakeAssessment = Callable[[str], Assessment]

RUBRIC = """
total = 100
rounding = { places = 1 }
[[categories]]
id = "leadership"
title = "领导班子"
points = 15.5
method = "direct"
step = 0.5

[[categories]]
id = "law-order"
title = "遵纪守法、安定团结（综合治理）"
points = 84.5
  [[categories.criteria]]
  id = "safety"
  title = "安全"
  points = 64.5
  method = "deduct"
  rules = [ { id = "drill", text = "未开展消防演练", deduct = 0.25 } ]
  [[categories.criteria]]
  id = "canteen"
  title = "食堂卫生 (food)"
  points = 20
  method = "direct"

[bonus]
cap = 10
items = [ { id = "national", text = "获全国表彰", points = 3 } ]

[[penalties]]
id = "exposure"
text = "被媒体曝光"
deduct = 2
"""

ASSESSMENT = """
claimed_total = 100
[[findings]]
criterion = "leadership"
points = 15.5
claimed = 15.5
[[findings]]
criterion = "law-order.safety"
hits = [ { rule = "drill", count = 3 } ]
claimed = 64.5
[[findings]]
criterion = "law-order.canteen"
not_applicable = true
reason = "本单位无食堂"
[[bonus]]
item = "national"
[[penalties]]
item = "exposure"
"""


@pytest.fixture
def card(make_rubric: MakeRubric, make_assessment: MakeAssessment) -> Scorecard:
    return score(make_rubric(RUBRIC), make_assessment(ASSESSMENT))


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("领导班子") == 8
    assert display_width("遵纪守法、安定团结") == 18  # 、 is a wide character too
    assert display_width("（不适用）") == 10          # full-width parentheses
    assert display_width("  安全 (a)") == 2 + 4 + 4


def _table_lines(text: str, n_rows: int) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("项目"))
    return lines[start:start + n_rows + 2]  # header, rule, rows


def test_text_table_aligns_numeric_columns_by_display_width(card: Scorecard) -> None:
    table = rows(card)
    lines = _table_lines(render_text(card), len(table))
    header, rule, body = lines[0], lines[1], lines[2:]
    widths = [len(dashes) for dashes in rule.split("  ")]
    # Right edge (in display columns) of each column: widths plus two-space gutters.
    edges = [sum(widths[:i + 1]) + 2 * i for i in range(len(widths))]
    assert display_width(header) == edges[-1]
    for cells, line in zip(table, body, strict=True):
        assert line.startswith(cells[0])
        position = len(cells[0])
        for column, cell in enumerate(cells[1:], start=1):
            if not cell:
                continue
            found = line.index(cell, position)
            position = found + len(cell)
            # Numbers are right-aligned: each ends exactly at its column's edge.
            assert display_width(line[:position]) == edges[column], (line, cell)


def test_text_table_shows_every_figure_exactly(card: Scorecard) -> None:
    text = render_text(card)
    # safety 64.5 − 3 × 0.25 = 63.75; canteen (20) not applicable.
    # Base 15.5 + 63.75 = 79.25 of an effective 100 − 20 = 80; rescaled
    # 79.25 × 100 / 80 = 99.0625; total 99.0625 + 3 − 2 = 100.0625, shown as 100.1.
    table = {r[0].strip(): r for r in rows(card)}
    assert table["安全"][1:] == ("64.5", "63.75", "64.5", "+0.75")
    assert table["食堂卫生 (food)（不适用）"][1:3] == ("20", "0")
    assert table["基本分合计"][1:3] == ("100", "79.25")
    assert table["按比例折算（有效满分80）"][1:3] == ("100", "99.0625")
    assert table["加分（上限10）"][2] == "3"
    assert table["负面清单扣分"][2] == "-2"
    assert table["总分"][1:] == ("100", "100.0625", "100", "-0.0625")
    assert "总分：100.1（精确值 100.0625，half-up 保留1位小数）" in text
    assert "（不适用）" in text


def test_markdown_and_csv_carry_the_same_figures(card: Scorecard) -> None:
    markdown = render_markdown(card)
    assert "| 领导班子 | 15.5 | 15.5 | 15.5 |  |" in markdown
    records = list(csv.reader(io.StringIO(render_csv(card))))
    by_path = {r[0]: r for r in records[1:]}
    assert by_path["law-order.safety"][4] == "63.75"
    assert by_path["law-order.canteen"][6] == "true"
    assert by_path["law-order"][3] == "64.5"  # effective maximum: 84.5 − 20
    assert by_path["$bonus"][4] == "3"
    assert by_path["$penalties"][4] == "-2"


def test_rescaled_figures_are_shown_to_four_places_marked_approximate(
        make_rubric: Callable[[str], Rubric], make_assessment: Callable[[str], Assessment],
) -> None:
    rubric = make_rubric("""
        total = 100
        [[categories]]
        id = "a"
        title = "甲"
        points = 3
        method = "direct"
        [[categories]]
        id = "b"
        title = "乙"
        points = 97
        method = "direct"
    """)
    assessment = make_assessment("""
        [[findings]]
        criterion = "a"
        points = 1
        [[findings]]
        criterion = "b"
        not_applicable = true
        reason = "不适用"
    """)
    card = score(rubric, assessment)
    # 1 ÷ 3 × 100 = 33.333…: exact to 28 digits in the result, 33.3333 on screen.
    assert card.base.scaled == Decimal(1) * 100 / 3
    assert "≈33.3333" in render_text(card)


#: One category read (10, quoted) and one invented (5).
PARTLY_READ = """
total = 15
[[categories]]
id = "read"
title = "读到的项目"
points = 10
method = "direct"
provenance = "quoted"
source = "http://example.org/table"

[[categories]]
id = "made-up"
title = "虚构的项目"
points = 5
method = "direct"
"""


def _partly_read(make_rubric: MakeRubric, make_assessment: MakeAssessment) -> Scorecard:
    return score(make_rubric(PARTLY_READ), make_assessment("""
findings = [{ criterion = "read", points = 8 }, { criterion = "made-up", points = 4 }]
"""))


def test_invented_points_are_marked_beside_them(make_rubric: MakeRubric,
                                                make_assessment: MakeAssessment) -> None:
    card = _partly_read(make_rubric, make_assessment)
    assert [r[:3] for r in rows(card)[:2]] == [("读到的项目", "10", "8"), ("虚构的项目", "5※", "4")]
    for text in (render_text(card), render_markdown(card)):
        assert "※ 示例分值" in text
        assert "部分分值系虚构" in text  # the warning says some, not all, were made up
    assert [i.provenance for i in card.categories] == ["quoted", "illustrative"]
    items = card.to_dict()["categories"]
    assert [i["provenance"] for i in items] == ["quoted", "illustrative"]
    table = list(csv.reader(io.StringIO(render_csv(card))))
    column = table[0].index("provenance")
    assert [row[column] for row in table[1:3]] == ["quoted", "illustrative"]
    assert type(card).from_dict(card.to_dict()) == card


def test_a_rubric_invented_throughout_is_not_marked_item_by_item(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(PARTLY_READ.replace('provenance = "quoted"\n', ""))
    card = score(rubric, make_assessment("""
findings = [{ criterion = "read", points = 8 }, { criterion = "made-up", points = 4 }]
"""))
    assert [r[1] for r in rows(card)[:2]] == ["10", "5"]
    assert "※" not in render_text(card)
    assert "分值系虚构，并非任何地方的正式标准" in render_text(card)


def test_invented_bonus_penalty_and_threshold_are_marked(
        make_rubric: MakeRubric, make_assessment: MakeAssessment) -> None:
    rubric = make_rubric(PARTLY_READ + """
[bonus]
items = [{ id = "honour", text = "获市级表彰", points = 1 }]

[[penalties]]
id = "complaint"
text = "有效投诉"
deduct = 0.5
provenance = "quoted"
source = "http://example.org/table"

[[levels]]
id = "unit"
title = "文明单位"
min_total = 10
""")
    card = score(rubric, make_assessment("""
findings = [{ criterion = "read", points = 8 }, { criterion = "made-up", points = 4 }]
bonus = [{ item = "honour" }]
penalties = [{ item = "complaint" }]
"""))
    # 8 + 4 + 1 − 0.5 = 12.5 ≥ 10
    assert card.total.raw == Decimal("12.5")
    assert [(line.item, line.provenance) for line in card.bonus.lines] == [
        ("honour", "illustrative")]
    assert [(line.item, line.provenance) for line in card.penalties.lines] == [
        ("complaint", "quoted")]
    assert [(lv.level, lv.provenance) for lv in card.levels] == [("unit", "illustrative")]
    table = {r[0]: r[2] for r in rows(card)}
    assert table["加分"] == "1※"  # invented
    assert table["负面清单扣分"] == "-0.5"  # read
    assert "评定为“文明单位”（达标分数为示例※）" in render_text(card)
    assert type(card).from_dict(card.to_dict()) == card


@pytest.mark.parametrize(("text", "written"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-甲", "'-甲"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("示例单位", "示例单位"), ("", "")])
def test_csv_text_keeps_a_formula_from_running(text: str, written: str) -> None:
    assert csv_text(text) == written
