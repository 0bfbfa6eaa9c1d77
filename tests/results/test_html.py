"""The HTML report (civscore.results.html, charts): self-contained, every
figure the scorecard's, escaped.  Figures by hand from
tests/data/cli-assessment.toml against tests/data/cli-rubric.toml (its
comment): leadership 4.2 of 8 (claimed 5), public 3.5 of 8, environment 2.5
of 4; base 10.2, bonus 2, penalty 1, total 11.2 → 文明单位."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import civscore
from civscore.files.loader import load_assessment, load_rubric
from civscore.plugins import default_registry
from civscore.results import Scorecard
from civscore.results.charts import total_distribution
from civscore.results.html import render_html, render_html_batch
from civscore.results.render import rank

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def card() -> Scorecard:
    return civscore.score(load_rubric(DATA / "cli-rubric.toml"),
                          load_assessment(DATA / "cli-assessment.toml"))


class _Page(HTMLParser):
    """Tags with their attributes, table rows as cell texts, and all text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def test_the_table_has_the_hand_worked_figures(card: Scorecard) -> None:
    page = _Page(render_html(card))
    rows = {row[0]: row[1:] for row in page.rows if row}
    assert rows["领导班子"] == ["8", "4.2", "5", "+0.8"]
    assert rows["群众满意"] == ["8", "3.5", "", ""]
    assert rows["内外环境"] == ["4", "2.5", "", ""]
    assert rows["基本分合计"] == ["20", "10.2", "", ""]
    assert rows["总分"] == ["20", "11.2", "12", "+0.8"]
    text = "".join(page.text)
    assert "结果：达标：文明单位" in text
    assert "分值来源：示意（分值为虚构，仅供演示）" in text  # provenance illustrative


def test_the_bars_are_drawn_from_the_figures(card: Scorecard) -> None:
    page = _Page(render_html(card))
    bars = [a for tag, a in page.tags if tag == "g" and a.get("class") == "bar"]
    assert [(b["data-path"], b["data-score"], b["data-points"]) for b in bars] == [
        ("leadership", "4.2", "8"), ("public", "3.5", "8"), ("environment", "2.5", "4")]
    earned = [a["width"] for tag, a in page.tags if tag == "rect" and a.get("class") == "earned"]
    # 400 px for the largest category (8 points): 4.2 → 210, 3.5 → 175, 2.5 → 125
    assert earned == ["210.0", "175.0", "125.0"]


def test_losses_ranked_and_footer(card: Scorecard) -> None:
    page = _Page(render_html(card))
    table = [row for row in page.rows if row and row[-1].startswith("-")]
    lost = [Decimal(row[-1]) for row in table]
    assert lost == sorted(lost)  # largest loss first
    assert table[0] == ["群众满意率（public.satisfaction）", "低于目标95%共2.5个百分点", "-2.5"]
    text = "".join(page.text)
    assert card.rubric.hash in text
    assert f"civscore {card.civscore_version}" in text


def test_the_two_claimed_total_discrepancies_are_told_apart() -> None:
    # 丹江口: the categories' scores add up to 97, against 98 claimed, and the
    # claimed categories add up to 97 too: two rows of $.claimed_total
    example = Path(__file__).resolve().parents[2] / "examples" / \
        "danjiangkou-education-2010-2011.toml"
    page = _Page(render_html(default_registry().score(load_assessment(example)), font=False))
    rows = [row for row in page.rows if row and row[0].startswith("$.claimed_total")]
    assert rows == [["$.claimed_total", "98", "97", "1"],
                    ["$.claimed_total（核算为自评各项之和）", "98", "97", "1"]]


def test_self_contained(card: Scorecard) -> None:
    page = render_html(card)
    tags = _Page(page).tags
    assert not [t for t, a in tags if t in ("link", "script", "img", "iframe")]
    assert not re.search(r"(src|href)=", page)
    assert "@page { size: A4" in page
    assert "Microsoft YaHei" in page
    assert "PingFang SC" in page


def test_text_is_escaped(card: Scorecard) -> None:
    page = render_html(attrs.evolve(card, unit="<script>alert(1)</script>&"))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in page


def test_rank_shares_places(card: Scorecard) -> None:
    def at(total: str, unit: str) -> Scorecard:
        value = Decimal(total)
        return attrs.evolve(card, unit=unit, total=attrs.evolve(card.total, compared=value,
                                                                raw=value))
    cards = [at("80", "c"), at("90", "a"), at("85", "b1"), at("85", "b2")]
    assert [(n, c.unit) for n, c in rank(cards)] == [(1, "a"), (2, "b1"), (2, "b2"), (4, "c")]


def test_batch_summary_and_distribution(card: Scorecard) -> None:
    other = attrs.evolve(card, unit="第二单位",
                         total=attrs.evolve(card.total, compared=Decimal(17), raw=Decimal(17)))
    page = _Page(render_html_batch([card, other]))
    summary = [row for row in page.rows if row and row[0] in ("1", "2")]
    assert summary[0][:3] == ["1", "第二单位", "17"]
    assert summary[1][:3] == ["2", "示例市某局", "11.2"]
    bins = {a["data-from"]: a["data-count"] for t, a in page.tags
            if t == "rect" and a.get("class") == "bin"}
    # 20 bins of 1 point over 0–20: 11.2 falls in [11, 12), 17 in [17, 18)
    assert bins == {"11": "1", "17": "1"}
    thresholds = [(a["data-level"], a["data-min"]) for t, a in page.tags
                  if t == "g" and a.get("class") == "threshold"]
    assert thresholds == [("qualified", "11"), ("model", "17")]
    assert sum(1 for t, a in page.tags if t == "section" and "unit" in (a.get("class") or "")) == 2


def test_distribution_of_no_cards() -> None:
    assert total_distribution([]).startswith("<svg")


def test_invented_points_are_marked_with_the_legend(card: Scorecard) -> None:
    """One category read (quoted), one invented: the invented one's 应得分 is
    marked ※ and the legend says what the mark means."""
    rubric = civscore.rubric_from_dict({
        "id": "t", "version": "1", "title": "测试", "total": 15, "provenance": "illustrative",
        "source": "written for the civscore tests",
        "categories": [
            {"id": "read", "title": "读到的项目", "points": 10, "method": "direct",
             "provenance": "quoted", "source": "http://example.org/table"},
            {"id": "made-up", "title": "虚构的项目", "points": 5, "method": "direct"}]})
    scored = civscore.score(rubric, civscore.assessment_from_dict({
        "rubric": "t@1", "unit": "某单位", "findings": [
            {"criterion": "read", "points": Decimal(8)},
            {"criterion": "made-up", "points": Decimal(4)}]}))
    page = _Page(render_html(scored))
    rows = {row[0]: row[1:] for row in page.rows if row}
    assert rows["读到的项目"][:2] == ["10", "8"]
    assert rows["虚构的项目"][:2] == ["5※", "4"]
    assert "※ 示例分值" in "".join(page.text)
    assert "※" not in render_html(card)  # invented throughout: said once, in the warning
