"""The civscore-national plugin: the 2012 trial system with its read parts
marked quoted and the rest illustrative, the bar list as worded, and an
example assessment scored as computed by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import attrs
import civscore_national
import pytest

from civscore import load_assessment
from civscore.cli.show import render_rubric
from civscore.model import marked_parts
from civscore.plugins import Registry, get_plugin_manager
from civscore.results.render import render_text
from civscore.testing import check_plugin_rubrics

HERE = Path(__file__).parent
COPIES = ("http://ishare.iask.sina.com.cn/f/35KC4FV3waZ.html",
          "https://360docs.net/doc/2517622349.html")


@pytest.fixture
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_national], strict=True)
    return Registry(pm, strict=True)


def test_registered_as_illustrative_with_quoted_parts(registry: Registry) -> None:
    entry = registry.entry("national")
    assert (entry.ref, entry.provenance, entry.level) == ("national@2012", "illustrative",
                                                          "national")
    assert entry.distribution == "civscore-national"
    assert all(url in entry.rubric.source for url in COPIES)


def test_the_thirteen_items_in_the_documents_order(registry: Registry) -> None:
    rubric = registry.get("national@2012")
    assert [c.title for c in rubric.categories] == [
        "学雷锋活动", "志愿服务活动", "道德讲堂建设", "学习型单位建设", "文明有礼培育",
        "勤俭节约活动", "道德经典诵读", "“我们的节日”活动", "文明风尚传播", "文化体育活动",
        "参与帮扶共建", "优质服务状况", "优美环境建设"]
    assert rubric.total == 100


def test_only_the_numbers_read_are_quoted(registry: Registry) -> None:
    parts = list(marked_parts(registry.get("national@2012")))
    read = {p.path: p.points for p in parts
            if p.points is not None and p.provenance == "quoted"}
    # 学雷锋活动 14, with (1) 4 and (2) 4: nothing else carrying points was read.
    assert read == {"categories.leifeng": 14, "categories.leifeng.plan": 4,
                    "categories.leifeng.code": 4}
    invented = [p.points for p in parts if p.points is not None
                and p.provenance == "illustrative"]
    # the rest of 学雷锋活动 (14 − 4 − 4 = 6) and the other twelve items, 86:
    # 6 + 86 = 92 of the 100 points are invented.
    assert sum(invented) == 6 + 86 == 92


def test_the_bar_list_as_worded(registry: Registry) -> None:
    bars = registry.get("national@2012").bars
    assert [(b.text, b.lookback_years, b.provenance) for b in bars] == [
        ("领导班子成员发生严重违纪和违法", 2, "quoted"),
        ("员工发生刑事案件", 2, "quoted"),
        ("单位发生重大安全生产和食品安全事故", 2, "quoted"),
        ("单位员工违反国家计划生育政策", 2, "quoted"),
    ]


def test_passes_checks(registry: Registry) -> None:
    findings = registry.check_rubric(registry.get("national"))
    assert [(f.code, f.severity) for f in findings] == [("illustrative", "info")]


def test_show_marks_every_invented_point(registry: Registry) -> None:
    shown = render_rubric(registry.get("national@2012"))
    rows = {line.split("[")[1].split("]")[0]: line for line in shown.splitlines()
            if "直接赋分" in line or "子项合计" in line}
    invented = {"rest", "volunteer", "moral-lecture", "learning", "civility", "thrift",
                "classics", "festivals", "ethos", "culture-sports", "assistance", "service",
                "environment"}
    assert {key for key, line in rows.items() if "※" in line} == invented
    assert set(rows) - invented == {"leifeng", "plan", "code"}


def test_example_scored_by_hand(registry: Registry) -> None:
    card = registry.score_file(str(HERE / "national-example-assessment.toml"))
    # 学雷锋活动: 4 + 3 + 5 = 12
    assert card.item("leifeng").score == 12
    # the other twelve: 7 + 6 + 6.5 + 7 + 6 + 5 + 7 + 6 + 6.5 + 7 + 6 + 7.5 = 77.5
    assert sum(c.score for c in card.categories[1:]) == Decimal("77.5")
    assert card.total.raw == Decimal("89.5")  # 12 + 77.5
    # the criminal case of 2009-10-15 is before the window 2010-11-30 … 2012-11-30
    (bar,) = card.bars
    assert (bar.window_start, bar.inside) == (datetime.date(2010, 11, 30), False)
    assert card.outcome.status == "unrated"  # no threshold was read
    (gap,) = [d for d in card.discrepancies if d.level == "total"]
    assert gap.difference == Decimal("0.5")  # claimed 90 − 89.5
    text = render_text(card)
    assert "8※" in text  # 志愿服务活动, invented
    assert "14※" not in text  # 学雷锋活动, read


def test_a_bar_inside_the_window_makes_the_unit_ineligible(registry: Registry) -> None:
    assessment = load_assessment(HERE / "national-example-assessment.toml")
    # 2011-03-01 is inside 2010-11-30 … 2012-11-30: 不得申报
    late = attrs.evolve(assessment, bars=(attrs.evolve(assessment.bars[0],
                                                       date=datetime.date(2011, 3, 1)),))
    assert registry.score(late).outcome.status == "ineligible"


def test_the_property_suite() -> None:
    reports = check_plugin_rubrics(civscore_national, max_examples=25)
    assert sorted(reports) == ['national@2012']
    for report in reports.values():  # no levels were read, so only those are skipped
        assert {s.property for s in report.skipped} <= {"levels-reachable", "thresholds"}


def test_an_illustrative_provincial_weighting(registry: Registry) -> None:
    rubric = registry.load_rubric(str(HERE.parent / "examples" / "province-example-overlay.toml"))
    assert (rubric.ref, rubric.provenance, rubric.total) == (
        "national.province-example@2012", "illustrative", 100)
    points = {c.id: c.points for c in rubric.categories}
    # 14 + 10 + 6 + 8 + 6 + 6 + 5 + 6 + 7 + 7 + 8 + 9 + 8 = 100
    assert sum(points.values()) == 100
    assert (points["leifeng"], points["volunteer"], points["service"]) == (14, 10, 9)
    read = {p.path for p in marked_parts(rubric)
            if p.points is not None and p.provenance == "quoted"}
    assert read == {"categories.leifeng", "categories.leifeng.plan", "categories.leifeng.code"}
    assert [(lv.id, lv.min_total) for lv in rubric.levels] == [("provincial", 85)]
