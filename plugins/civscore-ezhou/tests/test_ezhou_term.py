"""The 鄂州 2017—2018 term as a shipped campaign: each unit's two yearly
assessments added up (2017, worth 40, + 2018, worth 60) and compared raw with
80 ("得分80分以上可参评市级文明单位"), figures worked out by hand."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import attrs
import civscore_ezhou
import pytest
from hypothesis import given
from hypothesis import strategies as st

from civscore import load_assessment
from civscore.campaign.panel import Sheet
from civscore.campaign.run import CampaignResult, run_campaign
from civscore.cli import main
from civscore.exceptions import CampaignError
from civscore.model import VetoFinding
from civscore.plugins import Registry, get_plugin_manager

HERE = Path(__file__).parent
PAGE = "http://hbez.wenming.cn/tzgg/201805/t20180517_5212062.html"
CAMPAIGN = "ezhou.2017-2018"
UNIT_A, UNIT_B = "示例单位 (example unit)", "另一示例单位 (another example unit)"


@pytest.fixture(scope="module")
def registry() -> Registry:
    pm = get_plugin_manager(load_entry_points=False, plugins=[civscore_ezhou], strict=True)
    return Registry(pm, strict=True)


def sheets(registry: Registry, *units: str) -> list[Sheet]:
    """The 2017 and the 2018 sheet of each unit (``example``, ``another-unit``)."""
    paths = [HERE / f"ezhou-{year}-{unit}-assessment.toml" for unit in units
             for year in (2017, 2018)]
    return [Sheet(registry.score(load_assessment(p)), source=str(p)) for p in paths]


def run(registry: Registry, the_sheets: list[Sheet]) -> CampaignResult:
    campaign = registry.campaign(CAMPAIGN)
    rubrics = {ref: registry.get(ref) for ref in campaign.rubrics}
    return run_campaign(campaign, the_sheets, rubrics, source=CAMPAIGN)


def test_the_shipped_term(registry: Registry) -> None:
    campaign = registry.campaign(CAMPAIGN)
    assert list(registry.campaigns()) == [CAMPAIGN]
    assert (campaign.award, campaign.year, campaign.provenance) == ("市级文明单位", 2018,
                                                                    "official")
    assert PAGE in campaign.source
    assert "说明 一" in campaign.source
    assert campaign.term is not None
    # "以两年评选周期(2017年、2018年)的成绩相加为依据,得分80分以上可参评"
    assert campaign.term.min_total == 80
    assert [(p.id, p.rubric, p.weight) for p in campaign.term.periods] == [
        ("2017", "ezhou@2017", 1), ("2018", "ezhou@2018", 1)]
    assert campaign.quota is None
    assert campaign.review is None
    assert campaign.selection.on_reach == "shortlisted"  # 可参评, not 授予
    # the periods' rubrics carry the term's 100: 40 + 60
    assert sum(registry.get(ref).total for ref in campaign.rubrics) == 100


def test_eligible_at_88(registry: Registry) -> None:
    result = run(registry, sheets(registry, "example"))
    (term,) = result.terms
    # 2017: 36.5; 2018: (0.5 + 0.5) + (0.3 + 0.2 + 1.5 + 0.5) + 48 = 51.5
    assert [(s.period, s.total) for s in term.shares] == [("2017", Decimal("36.5")),
                                                          ("2018", Decimal("51.5"))]
    assert term.total == 88
    assert term.reached
    assert term.explain() == "2017年 36.5 + 2018年 51.5 = 88（届期达标线80）"
    outcome = result.outcome(UNIT_A)
    assert (outcome.status, outcome.rank, outcome.total) == ("shortlisted", 1, 88)
    assert result.ranking.quota_text == "未规定名额：达标即可参评"


def test_just_under_80_is_not_eligible(registry: Registry) -> None:
    result = run(registry, sheets(registry, "example", "another-unit"))
    # 2017: 32; 2018: (0.5 + 0) + (0.3 + 0.2 + 1 + 0.5) + 45 = 47.5; 32 + 47.5 = 79.5 < 80
    term = next(t for t in result.terms if t.unit == UNIT_B)
    assert [s.total for s in term.shares] == [32, Decimal("47.5")]
    assert term.total == Decimal("79.5")
    assert not term.reached
    outcome = result.outcome(UNIT_B)
    assert (outcome.status, outcome.rank) == ("not_selected", None)
    assert outcome.reasons == ("总分79.5低于达标线80",)
    assert result.outcome(UNIT_A).status == "shortlisted"


def with_points(sheet: Sheet, registry: Registry, criterion: str, points: str) -> Sheet:
    assessment = load_assessment(sheet.source)
    findings = tuple(attrs.evolve(f, points=Decimal(points)) if f.criterion == criterion else f
                     for f in assessment.findings)
    return attrs.evolve(sheet, card=registry.score(attrs.evolve(assessment, findings=findings)))


@given(year=st.decimals(min_value=0, max_value=40, places=1))
def test_the_line_is_80_inclusive_and_raw(registry: Registry, year: Decimal) -> None:
    """Whatever the 2017 figure, the term is 2017 + 51.5, reached exactly
    when that is at least 80 (28.5 or more in 2017)."""
    first, second = sheets(registry, "example")
    result = run(registry, [with_points(first, registry, "year", str(year)), second])
    assert result.terms[0].total == year + Decimal("51.5")
    expected = "shortlisted" if year >= Decimal("28.5") else "not_selected"
    assert result.outcome(UNIT_A).status == expected


def test_a_veto_in_either_year_vetoes_the_term(registry: Registry) -> None:
    for index in (0, 1):
        both = sheets(registry, "example")
        assessment = load_assessment(both[index].source)
        vetoed = attrs.evolve(assessment, vetoes=(VetoFinding("safety", note="示例"),))
        both[index] = attrs.evolve(both[index], card=registry.score(vetoed))
        outcome = run(registry, both).outcome(UNIT_A)
        assert outcome.status == "vetoed"  # 88 would have been enough
        assert any("安全生产" in reason for reason in outcome.reasons)


def test_a_missing_year_is_a_located_error(registry: Registry) -> None:
    with pytest.raises(CampaignError, match="no assessment for period '2018'") as info:
        run(registry, sheets(registry, "example")[:1])
    assert info.value.path == "$.period"


def test_the_documented_command(capsys: pytest.CaptureFixture[str]) -> None:
    # the command in the README, with the installed plugin
    assert main(["rank", str(HERE), "--campaign", CAMPAIGN, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff")  # the byte-order mark Excel needs
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [(r["rank"], r["unit"], r["total"], r["status"], r["label"]) for r in rows] == [
        ("1", UNIT_A, "88", "shortlisted", "入围"),
        ("—", UNIT_B, "79.5", "not_selected", "未入选")]
