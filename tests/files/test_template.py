"""Blank assessments (civscore.files.template): what they say, and that they score
once filled in.  Expected totals are worked out by hand from
``tests/data/cli-rubric.toml``."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import civscore
from civscore.files.loader import assessment_from_dict, parse_toml
from civscore.files.template import assessment_template
from civscore.model import Criterion, Rubric

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = ROOT / "tests" / "data" / "cli-rubric.toml"
EXAMPLE = ROOT / "examples" / "danjiangkou-education-2010-2011.toml"


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return civscore.load_rubric(RUBRIC)


@pytest.fixture(scope="module")
def template(rubric: Rubric) -> str:
    return assessment_template(rubric)


def parsed(text: str) -> dict[str, Any]:
    return parse_toml(text)


def findings(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["criterion"]: f for f in data["findings"]}


def test_blank_template_is_a_valid_assessment_file(template: str) -> None:
    data = parsed(template)
    assessment = assessment_from_dict(data)
    assert assessment.rubric == "example.full@2024"
    assert assessment.format == 1
    assert assessment.gates == {"city-title": False}


def test_one_finding_per_item_in_rubric_order(template: str) -> None:
    assert list(findings(parsed(template))) == [
        "leadership", "leadership.plan", "leadership.study", "leadership.style",
        "leadership.review", "public", "public.awareness", "public.satisfaction",
        "environment", "environment.sanitation", "environment.sanitation.office",
        "environment.sanitation.yard"]


def block(template: str, path: str) -> str:
    """The lines of one ``[[findings]]`` entry."""
    start = template.index(f'criterion = "{path}"')
    end = template.find("[[findings]]", start)
    return template[start:end if end > 0 else None]


def test_comments_say_what_each_method_takes(template: str) -> None:
    plan = block(template, "leadership.plan")
    assert "扣分制（deduct），测评方法：材料审核" in plan
    assert '"missed-meeting"：专题会议少一次（每次扣0.5分，最多扣1.5分）' in plan
    assert ('"vague"：计划不具体（视情况每次扣0.1-0.5分，须写 deduct = 扣分 和 '
            'note = "理由"）') in plan
    assert "\nhits = []" in plan
    study = block(template, "leadership.study")
    assert '"session"：开展一次集中学习（每项得0.5分，最多得2分）' in study
    assert "\nstandards = []" in study
    style = block(template, "leadership.style")
    assert '"fair" = 较好 1分' in style
    assert '# tier = "good"' in style
    review = block(template, "leadership.review")
    assert "填 0 到 2 之间的分数，须为 0.5 的整数倍" in review
    assert "# points = 2" in review
    assert "# 比例档次：>90% 得4分，≥80% 得2分" in block(template, "public.awareness")
    assert "达到 95% 得满分，每低1个百分点扣1分" in block(template, "public.satisfaction")
    assert "# met = true" in block(template, "environment.sanitation.office")
    sanitation = block(template, "environment.sanitation")
    assert "由子项得分相加，再按本项扣分标准扣分" in sanitation
    assert '"litter"：发现一处脏乱（每次扣0.5分）' in sanitation
    for path in findings(parsed(template)):
        entry = block(template, path)
        assert "# not_applicable = true" in entry
        assert '# reason = ""' in entry
        assert "# claimed = " in entry


def test_sections_for_bonus_penalties_vetoes_bars(template: str) -> None:
    assert "# 加分（上限2分）" in template
    assert '"volunteer"：志愿服务项目获奖（0.5分，最多计2次）' in template
    assert '# item = "national-honor"' in template
    assert '"complaint"：群众有效投诉（每次扣1分，最多扣2分）' in template
    assert '# veto = "criminal-case"' in template
    assert '"accident"：申报前两年内发生重大安全事故（回溯2年）' in template
    assert "# assessed_on = 2024-12-31  # 测评（申报）日期：必填" in template
    assert "city-title = false  # 连续两年保持市级文明单位称号" in template
    assert "示意性的（illustrative）" in template


def test_unfilled_template_names_every_missing_entry(rubric: Rubric, template: str) -> None:
    assessment = assessment_from_dict(parsed(template))
    errors = {f.path for f in civscore.check_assessment(rubric, assessment)
              if f.severity == "error"}
    assert errors == {"$.findings[3].tier", "$.findings[4].points", "$.findings[6].rate",
                      "$.findings[7].rate", "$.findings[10].met", "$.findings[11].points"}


def fill(template: str, values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    data = parsed(template)
    data["unit"] = "示例单位"
    for entry in data["findings"]:
        entry.update(values.get(entry["criterion"], {}))
    return data


def test_filled_template_scores(rubric: Rubric, template: str) -> None:
    data = fill(template, {
        "leadership.plan": {"hits": [{"rule": "no-plan", "count": 1}]},        # 2 − 1 = 1
        "leadership.study": {"standards": [{"standard": "session", "count": 2}]},  # 1
        "leadership.style": {"tier": "poor"},                                   # 0.5
        "leadership.review": {"points": Decimal(1)},                            # 1
        "public.awareness": {"rate": Decimal(95)},                              # 4
        "public.satisfaction": {"rate": Decimal(90)},                           # 4 − 5 → 0
        "environment.sanitation": {"hits": [{"rule": "litter", "count": 2}]},   # 2 − 1 = 1
        "environment.sanitation.office": {"met": False},                        # 0
        "environment.sanitation.yard": {"points": Decimal(2)},                  # 2
    })
    card = civscore.score(rubric, assessment_from_dict(data))
    assert card.item("leadership").score == Decimal("3.5")
    assert card.item("public").score == 4
    assert card.item("environment").score == 1
    assert card.total.raw == Decimal("8.5")
    assert card.outcome.status == "not_awarded"


def test_filled_template_with_not_applicable_category(rubric: Rubric, template: str) -> None:
    data = fill(template, {
        "leadership.plan": {"hits": [{"rule": "no-plan", "count": 1}]},
        "leadership.study": {"standards": [{"standard": "session", "count": 2}]},
        "leadership.style": {"tier": "poor"},
        "leadership.review": {"points": Decimal(1)},
        "public.awareness": {"rate": Decimal(95)},
        "public.satisfaction": {"rate": Decimal(90)},
        "environment": {"not_applicable": True, "reason": "无独立办公场所"},
    })
    # The sub-items of a not-applicable item need no findings: drop their blanks.
    data["findings"] = [f for f in data["findings"]
                        if not f["criterion"].startswith("environment.")]
    card = civscore.score(rubric, assessment_from_dict(data))
    # 按比例折算: (3.5 + 4) / 16 × 20 = 9.375, rounded half-up to one place.
    assert card.base.effective_max == 16
    assert card.total.raw == Decimal("9.375")
    assert card.total.rounded == Decimal("9.4")


def test_danjiangkou_template_reproduces_the_example() -> None:
    rubric = civscore.plugins.default_registry().get("danjiangkou@2010-2011")
    example = civscore.load_assessment(EXAMPLE)
    text = assessment_template(rubric)
    values = {f.criterion: {"points": f.points, "claimed": f.claimed} for f in example.findings}
    data = fill(text, values)
    data["claimed_total"] = Decimal(98)
    card = civscore.score(rubric, assessment_from_dict(data))
    assert card.total.raw == 97
    assert [d.level for d in card.discrepancies] == ["total", "claimed-sum"]


def test_plugin_method_and_odd_text(rubric: Rubric) -> None:
    item = Criterion(id="seven", title="七项制度\n落实情况", points=Decimal(7), method="checklist",
                     text='含 "引号" 的\n标准')
    odd = attrs.evolve(rubric, title='标题 "带引号"', categories=(
        attrs.evolve(rubric.categories[0], criteria=(item,), points=Decimal(7)),))
    text = assessment_template(odd)
    assert "# options = {}  # 插件评分方法 'checklist' 的测评数据" in text
    assert "# 七项制度 落实情况：应得分 7，插件评分方法（checklist）" in text
    assert '# 测评标准：含 "引号" 的 标准' in text
    assert list(findings(parsed(text))) == ["leadership", "leadership.seven"]
    assert not re.search(r"^[^#\n]*七项", text, re.M)  # titles only in comments


def test_a_limiting_rule_is_described(rubric: Rubric) -> None:
    plan = rubric.categories[0].criteria[0]
    limit = civscore.model.Rule("no-ledger", "无工作台账的，本项最高得1分", at_most=Decimal(1))
    changed = attrs.evolve(rubric, categories=(attrs.evolve(rubric.categories[0], criteria=(
        attrs.evolve(plan, rules=(*plan.rules, limit)), *rubric.categories[0].criteria[1:])),
        *rubric.categories[1:]))
    assert '#   "no-ledger"：无工作台账的，本项最高得1分（本项最高得1分）' in assessment_template(
        changed)
