"""The 丹江口 2010–2011 rubric and the 丹江口市教育局 self-assessment (seed 1).

The figures below were read by hand from the seed report (第一篇, 丹江口市教育局
2011): eight categories with 应得分 and 实得分, and the claim "我局应得分100分，
实得分为98分".  The seed is read only to confirm that each figure appears in
it; the expected results are these hand-written numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from civscore import check_assessment, check_rubric, load_assessment, load_rubric, score

REPO = Path(__file__).resolve().parents[2]
RUBRIC = (REPO / "plugins" / "civscore-danjiangkou" / "src" / "civscore_danjiangkou"
          / "rubrics" / "danjiangkou-2010-2011.toml")
EXAMPLE = REPO / "examples" / "danjiangkou-education-2010-2011.toml"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_2e7c61cab5a262cb.txt"

# (category id, 应得分 allotted, 实得分 earned), in the report's order (一 … 八).
CATEGORIES = [
    ("leadership", 15, 15),   # (一) 领导班子 … 应得分为15,实得分15分
    ("performance", 16, 16),  # (二) 业务工作实绩显著 … 应得分为16分,实得分为16分
    ("ethics", 13, 13),       # (三) 思想道德风尚良好 … 应得分为13分,实得分为13分
    ("law-order", 12, 12),    # (四) 遵纪守法，安定团结 … 应得分为12分,实得分为12分
    ("culture", 9, 8),        # (五) 科技文化 … 应得分为9分,实得分为8分
    ("hygiene", 9, 8),        # (六) 卫生单位创建 … 应得分为9 分,实得分为8分
    ("minors", 8, 8),         # (七) 未成年人思想道德建设 … 应得分为8分,实得分为8分
    ("creation", 18, 17),     # (八) 创建工作扎实有效 … 应得分为18分,实得分为17分
]
ALLOTTED_TOTAL = 100  # 15 + 16 + 13 + 12 + 9 + 9 + 8 + 18
EARNED_TOTAL = 97     # 15 + 16 + 13 + 12 + 8 + 8 + 8 + 17
CLAIMED_TOTAL = 98    # "我局应得分100分，实得分为98分"


def test_hand_figures_add_up() -> None:
    assert sum(a for _, a, _ in CATEGORIES) == ALLOTTED_TOTAL
    assert sum(e for _, _, e in CATEGORIES) == EARNED_TOTAL


def test_hand_figures_appear_in_the_seed_report() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed report not available at {SEED} (it lives beside the repository, "
                    "in shared/seeds/)")
    first = SEED.read_text(encoding="utf-8").split("第二篇", 1)[0]
    pairs = [(int(a), int(e)) for a, e in
             re.findall(r"应得分为\s*(\d+)\s*分?\s*[,，]\s*实得分为?\s*(\d+)\s*分", first)]
    assert pairs == [(a, e) for _, a, e in CATEGORIES]
    assert re.search(rf"应得分{ALLOTTED_TOTAL}分\s*[,，]\s*实得分为{CLAIMED_TOTAL}分", first)


def test_rubric_matches_the_report_and_is_consistent() -> None:
    rubric = load_rubric(RUBRIC)
    assert rubric.ref == "danjiangkou@2010-2011"
    assert rubric.provenance == "quoted"
    assert [(c.id, c.points) for c in rubric.categories] == [
        (ident, Decimal(a)) for ident, a, _ in CATEGORIES]
    assert rubric.total == Decimal(ALLOTTED_TOTAL)
    assert [f for f in check_rubric(rubric) if f.severity == "error"] == []


def test_example_assessment_scores_97_against_a_claim_of_98() -> None:
    rubric = load_rubric(RUBRIC)
    assessment = load_assessment(EXAMPLE)
    card = score(rubric, assessment)
    assert [(c.path, c.points, c.score) for c in card.categories] == [
        (ident, Decimal(a), Decimal(e)) for ident, a, e in CATEGORIES]
    assert card.base.raw == Decimal(EARNED_TOTAL)
    assert card.total.raw == Decimal(EARNED_TOTAL)
    assert card.total.rounded == Decimal(EARNED_TOTAL)
    # No threshold is stated in the source, so the rubric declares no levels.
    assert card.outcome.status == "unrated"
    found = {d.level: (d.path, d.claimed, d.computed) for d in card.discrepancies}
    assert found == {
        # The claimed 98 against the computed 97 …
        "total": ("$.claimed_total", Decimal(CLAIMED_TOTAL), Decimal(EARNED_TOTAL)),
        # … and against the report's own category figures, which add up to 97.
        "claimed-sum": ("$.claimed_total", Decimal(CLAIMED_TOTAL), Decimal(EARNED_TOTAL)),
    }


def test_check_assessment_reports_both_discrepancies() -> None:
    found = check_assessment(load_rubric(RUBRIC), load_assessment(EXAMPLE))
    assert sorted(f.code for f in found) == ["discrepancy-claimed-sum", "discrepancy-total"]
    assert all(f.severity == "warning" and f.path == "$.claimed_total" for f in found)
