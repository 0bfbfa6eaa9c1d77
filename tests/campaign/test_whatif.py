"""The what-if (civscore.campaign.whatif): the fewest recoverable actions to a goal.

Rubric t@1 below, worked by hand: a (deduct, 6): r1 2 hits × 1 = 2, r2 3 hits × 0.5 = 1.5
capped at 1: 6 − 2 − 1 = 3; b (award, 4): s1 once = 1; c (tiered, 4): 较好 2.5; d
(all_or_nothing, 3): not met, 0; e (direct, 3): 2.  Total 3 + 1 + 2.5 + 0 + 2 = 8.5.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from campaign_fakes import WHATIF_ASSESSMENT as ASSESSMENT
from campaign_fakes import WHATIF_RUBRIC as RUBRIC
from conftest import assessment_from_toml, rubric_from_toml
from hypothesis import given, settings
from hypothesis import strategies as st

from civscore.campaign.whatif import recoverable, what_if
from civscore.exceptions import CampaignError
from civscore.files.loader import load_assessment
from civscore.plugins import default_registry
from civscore.scoring import score

D = Decimal
def test_what_is_recoverable() -> None:
    rubric, assessment = rubric_from_toml(RUBRIC), assessment_from_toml(ASSESSMENT)
    card = score(rubric, assessment)
    assert card.total.raw == D("8.5")
    found = [(r.path, r.kind, r.ref, r.delta) for r in recoverable(rubric, card)]
    # a: fix r1 +2, r2 +1; b: s1 once more +1 (its max 2), s2 0.5 at a time up to the room
    # of 4 − 1 = 3 (after s1's: six of them); c: 较好 → 好 +1.5; d: met +3; e: direct, none
    assert found[:4] == [("g.a", "fix", "r1", D(2)), ("g.a", "fix", "r2", D(1)),
                         ("g.b", "claim", "s1", D(1)), ("g.b", "claim", "s2", D("0.5"))]
    assert found[-2:] == [("g.c", "tier-up", "good", D("1.5")), ("g.d", "meet", "", D(3))]
    assert sum(1 for f in found if f[2] == "s2") == 6


def test_the_fewest_actions_to_the_next_level() -> None:
    # need 12 − 8.5 = 3.5: one action gives at most 3 (d); two give at most 3 + 2 = 5
    result = what_if(rubric_from_toml(RUBRIC), assessment_from_toml(ASSESSMENT))
    assert (result.goal, result.need) == ("达到市级文明单位（12分）", D("3.5"))
    assert [(r.path, r.ref) for r in result.chosen] == [("g.a", "r1"), ("g.d", "")]
    assert result.gain == D(5)
    assert result.total_after == D("13.5")
    assert result.reached
    assert result.exact


def test_a_further_target_and_one_out_of_reach() -> None:
    rubric, assessment = rubric_from_toml(RUBRIC), assessment_from_toml(ASSESSMENT)
    # 16: need 7.5; three actions give at most 3 + 2 + 1.5 = 6.5, four 6.5 + 1 = 7.5
    result = what_if(rubric, assessment, target=D(16))
    assert len(result.chosen) == 4
    assert result.total_after == D(16)
    # 21 is above the 20 the rubric has: every action done, still short
    result = what_if(rubric, assessment, target=D(21))
    assert not result.reached
    assert result.total_after == D(20) - D(1)  # e (direct 2 of 3) is not recoverable


def test_a_clamped_item_wins_back_only_up_to_its_points() -> None:
    # r1 4 hits × 1 = 4 and r2 1: 6 − 5 = 1; plus r1 4 more: raw −3, clamped to 0. Fixing r1
    # (8 taken) gives raw 5: a gain of 5, not 8
    assessment = assessment_from_toml(ASSESSMENT.replace('rule = "r1", count = 2',
                                                         'rule = "r1", count = 8'))
    rubric = rubric_from_toml(RUBRIC)
    card = score(rubric, assessment)
    assert card.item("g.a").score == 0
    result = what_if(rubric, assessment, target=card.total.raw + 5)
    assert [(r.path, r.ref) for r in result.chosen] == [("g.a", "r1")]
    assert result.gain == D(5)


def test_no_next_level_without_a_target() -> None:
    full = ASSESSMENT.replace('count = 2 }, { rule = "r2", count = 3 }', 'count = 0 }')
    rubric = rubric_from_toml(RUBRIC.replace("min_total = 16", "min_total = 1"))
    with pytest.raises(CampaignError, match="no next level"):
        what_if(rubric, assessment_from_toml(full.replace('tier = "fair"', 'tier = "good"')))


@settings(max_examples=40, deadline=None)
@given(st.tuples(st.integers(0, 4), st.integers(0, 3), st.integers(0, 2)),
       st.sampled_from(["good", "fair", "poor"]), st.booleans(), st.integers(9, 20))
def test_no_smaller_set_of_actions_reaches_the_target(
        counts: tuple[int, int, int], tier: str, met: bool, target: int) -> None:
    r1, r2, s1 = counts
    text = (ASSESSMENT.replace('rule = "r1", count = 2', f'rule = "r1", count = {r1}')
            .replace('rule = "r2", count = 3', f'rule = "r2", count = {r2}')
            .replace('standards = [{ standard = "s1" }]',
                     f'standards = [{{ standard = "s1", count = {s1} }}]')
            .replace('tier = "fair"', f'tier = "{tier}"')
            .replace("met = false", f"met = {'true' if met else 'false'}"))
    rubric, assessment = rubric_from_toml(RUBRIC), assessment_from_toml(text)
    card = score(rubric, assessment)
    actions = recoverable(rubric, card)
    result = what_if(rubric, assessment, target=D(target))
    assert result.exact
    need = max(D(0), D(target) - card.total.raw)
    # every subset of the actions, by brute force: the fewest whose gain reaches the need
    fewest = None
    for mask in range(1 << len(actions)):
        chosen = [a for i, a in enumerate(actions) if mask >> i & 1]
        gain = D(0)
        for path in {a.path for a in chosen}:
            item = card.item(path)
            raw = item.raw + sum((a.delta for a in chosen if a.path == path), D(0))
            gain += min(raw, item.points) - item.score
        if gain >= need and (fewest is None or len(chosen) < fewest):
            fewest = len(chosen)
    if fewest is None:
        assert not result.reached
    else:
        assert result.reached
        assert len(result.chosen) == fewest


def test_a_vetoed_unit_is_blocked_and_nothing_is_chosen() -> None:
    rubric = rubric_from_toml('''
        format = 1
        id = "w"
        version = "1"
        title = "否决"
        total = 10
        provenance = "illustrative"
        [[categories]]
        id = "a"
        title = "甲"
        points = 10
        method = "deduct"
        rules = [{ id = "r", text = "少一次", deduct = 2 }]
        [[vetoes]]
        id = "accident"
        text = "发生重大安全事故"
    ''')
    assessment = assessment_from_toml('''
        format = 1
        rubric = "w@1"
        unit = "某局"
        [[findings]]
        criterion = "a"
        hits = [{ rule = "r", count = 1 }]
        [[vetoes]]
        veto = "accident"
    ''')
    result = what_if(rubric, assessment, target=D(9))
    # 10 − 2 = 8 would reach 9 by fixing r (+2), but the veto decides the outcome.
    assert result.blocked
    assert "发生重大安全事故" in result.blocked[0]
    assert result.chosen == ()
    assert not result.reached


def test_an_award_item_needing_too_many_claims_is_refused() -> None:
    rubric = rubric_from_toml('''
        format = 1
        id = "w"
        version = "1"
        title = "大"
        total = 1000
        provenance = "illustrative"
        [[categories]]
        id = "g"
        title = "甲"
        points = 1000
        method = "award"
        standards = [{ id = "s1", text = "每项", points = 0.01 }]
    ''')
    assessment = assessment_from_toml('''
        format = 1
        rubric = "w@1"
        unit = "某局"
        [[findings]]
        criterion = "g"
        standards = []
    ''')
    # 1000 points at 0.01 a claim: 100,000 claims, above MAX_CLAIMS.
    with pytest.raises(CampaignError, match="at most 1000"):
        what_if(rubric, assessment, target=D(5), source="a.toml")


def test_a_plugin_method_is_scored_with_the_registry_methods() -> None:
    registry = default_registry()
    root = Path(__file__).resolve().parents[2]
    assessment = load_assessment(root / "plugins" / "civscore-shegang" / "tests"
                                 / "shegang-example-assessment.toml")
    rubric = registry.get(assessment.rubric)
    result = what_if(rubric, assessment, target=D(80), methods=registry.methods)
    # The example scores 78.5; fixing windows.training wins back 2.5: 81.
    assert result.current == D("78.5")
    assert result.reached
    assert result.total_after == D(81)
