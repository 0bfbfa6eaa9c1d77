"""The engine against the reference scorer (``tests/reference.py``).

``civscore.score`` and ``civscore.score_many`` must compute the figures the
reference computes straight from docs/scoring.md — every item's score, raw
score and effective maximum, the category scores, the base total (raw,
effective maximum, scaled), bonus, penalties, the total (raw, rounded,
compared), the outcome and the level — on random rubrics and assessments
from three sources:

* ``tests/strategies.py`` (``rubrics()`` / ``assessments()``);
* ``civscore.testing`` (``rubrics()`` / ``assessments()``, whose assessments
  include ones constructed to land exactly on level thresholds);
* :func:`edge_cases` below, which adds what the two leave rare: group floors
  up to the group's points, two levels on one threshold, bars with every
  shape of look-back window,
  assessment dates on month ends and 29 February with bar findings on the
  window's edges, findings recorded below a not-applicable item, the same
  bonus item claimed on several lines, and levels whose thresholds sit on
  the compared total.

:func:`test_random_inputs_cover_every_feature` counts, over a fixed
(derandomized) draw, that each feature the comparison is meant to exercise
really occurs; the property tests also label their examples with
``hypothesis.event`` (``pytest --hypothesis-show-statistics`` shows them).

Only the public API is used (``civscore.score``, ``civscore.score_many``,
``civscore.rubric_from_dict``, ``civscore.assessment_from_dict``,
``civscore.model``, ``civscore.testing``), so the tests hold whatever the
engine's internals become.

The reference found one disagreement, D1, since fixed in the engine
(:func:`test_a_grouped_bonus_item_claimed_on_two_lines_counts_both`): a
bonus item in a group claimed on two lines counted once, though the same
occurrences claimed on one line counted twice.

``CIVSCORE_PROPERTY_EXAMPLES=<n>`` runs every property test here with ``n``
examples (the defaults keep this file to a few seconds).
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import random
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import hypothesis
import strategies as test_strategies
from hypothesis import HealthCheck, currently_in_test_context, given, settings
from hypothesis import strategies as st
from reference import Figures, ItemFigures, reference_score, window_start

import civscore
import civscore.testing
from civscore.files import parse_toml
from civscore.model import Assessment, Bar, Rubric, scaled_item

D = Decimal
ZERO = D(0)


def event(value: str) -> None:
    """``hypothesis.event``, inside a property test (the examples worked by
    hand use the same checks outside one)."""
    if currently_in_test_context():
        hypothesis.event(value)


def _examples(default: int) -> int:
    """``default``, or the number ``CIVSCORE_PROPERTY_EXAMPLES`` asks for."""
    return int(os.environ.get("CIVSCORE_PROPERTY_EXAMPLES") or default)


def _settings(default: int) -> settings:
    return settings(max_examples=_examples(default), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# --- reading the engine's figures -----------------------------------------------------------


def engine_figures(card: civscore.Scorecard) -> Figures:
    """The reference's figures, read from a scorecard."""
    items: dict[str, ItemFigures] = {}
    stack = list(card.categories)
    while stack:
        node = stack.pop()
        items[node.path] = ItemFigures(node.path, node.points, node.effective_max, node.raw,
                                       node.score, node.not_applicable)
        stack.extend(node.children)
    return Figures(
        items=items, categories={c.path: c.score for c in card.categories},
        base_raw=card.base.raw, base_effective_max=card.base.effective_max,
        base_scaled=card.base.scaled, bonus_gross=card.bonus.gross,
        bonus_total=card.bonus.total, penalties_total=card.penalties.total,
        total_raw=card.total.raw, total_rounded=card.total.rounded,
        total_compared=card.total.compared, status=card.outcome.status,
        level=card.outcome.level, unassessed=card.unassessed,
    )


def differences(got: Figures, expected: Figures) -> list[str]:
    """What differs, one line per figure (Decimals compare by value)."""
    out = []
    for name in (field.name for field in dataclasses.fields(Figures)):
        a, b = getattr(got, name), getattr(expected, name)
        if name == "items":
            for path in sorted(set(a) | set(b)):
                if a.get(path) != b.get(path):
                    out.append(f"item {path}: engine {a.get(path)} reference {b.get(path)}")
        elif a != b:
            out.append(f"{name}: engine {a!r} reference {b!r}")
    return out


def assert_agrees(card: civscore.Scorecard, expected: Figures, what: str) -> None:
    diffs = differences(engine_figures(card), expected)
    assert not diffs, f"{what} disagrees with the reference:\n" + "\n".join(diffs)


def check(rubric: Rubric, batch: list[Assessment], *, explain: bool = True) -> list[Figures]:
    """``score`` on each assessment and ``score_many`` on the batch (the first
    assessment repeated at the end) agree with the reference."""
    expected = [reference_score(rubric, assessment) for assessment in batch]
    for i, (assessment, figures) in enumerate(zip(batch, expected, strict=True)):
        assert_agrees(civscore.score(rubric, assessment), figures, f"score(), assessment {i}")
    cards = list(civscore.score_many(rubric, [*batch, batch[0]], explain=explain))
    assert len(cards) == len(batch) + 1
    for i, (card, figures) in enumerate(zip(cards, [*expected, expected[0]], strict=True)):
        assert_agrees(card, figures, f"score_many(explain={explain}), card {i}")
    for assessment, figures in zip(batch, expected, strict=True):
        for feature in sorted(features(rubric, assessment, figures)):
            event(feature)
    return expected


# --- the property tests ---------------------------------------------------------------------


@st.composite
def from_test_strategies(draw: st.DrawFn) -> tuple[Rubric, list[Assessment]]:
    rubric = draw(test_strategies.rubrics())
    return rubric, draw(st.lists(test_strategies.assessments(rubric), min_size=1, max_size=3))


@st.composite
def from_civscore_testing(draw: st.DrawFn) -> tuple[Rubric, list[Assessment]]:
    rubric = draw(civscore.testing.rubrics())
    return rubric, draw(st.lists(civscore.testing.assessments(rubric), min_size=1, max_size=3))


@_settings(50)
@given(case=from_test_strategies(), explain=st.booleans())
def test_engine_agrees_with_reference(case: tuple[Rubric, list[Assessment]],
                                      explain: bool) -> None:
    rubric, batch = case
    check(rubric, batch, explain=explain)


@_settings(25)
@given(case=from_civscore_testing(), explain=st.booleans())
def test_engine_agrees_with_reference_on_civscore_testing_inputs(
        case: tuple[Rubric, list[Assessment]], explain: bool) -> None:
    rubric, batch = case
    check(rubric, batch, explain=explain)


#: Assessment dates where look-back windows are easy to get wrong.
AWKWARD_DATES = (datetime.date(2024, 2, 29), datetime.date(2023, 3, 31),
                 datetime.date(2024, 3, 31), datetime.date(2024, 12, 31),
                 datetime.date(2025, 1, 31), datetime.date(2024, 5, 31),
                 datetime.date(2025, 3, 1), datetime.date(2024, 1, 1))


def _groups(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stack = list(data["categories"])
    while stack:
        item = stack.pop()
        if item.get("criteria"):
            yield item
            stack.extend(item["criteria"])


@st.composite
def edge_rubric_data(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(test_strategies.rubric_data(policies=("rescale", "zero")))
    if draw(st.integers(0, 3)) == 0:  # 未评 listed: edge_cases leaves an item without a finding
        data["unassessed"] = "flag"
    if draw(st.booleans()):  # the rubric's own grade scale, rounded (评分等级), on a new category
        data.setdefault("grade_scales", []).append({
            "id": "edge", "title": "评分等级", "places": draw(st.integers(0, 2)),
            "mode": draw(st.sampled_from(["half-up", "half-even", "down", "up"])),
            "grades": [{"id": "a", "title": "A", "fraction": D(1)},
                       {"id": "b", "title": "B", "fraction": D("0.66")},
                       {"id": "c", "title": "C", "fraction": D("0.33")}]})
        data["scale"] = "edge"
        graded = draw(test_strategies.points(D("0.05"), 5))
        data["categories"].append({"id": "graded", "title": "评分等级项", "points": graded,
                                   "method": "tiered"})
        data["total"] += graded
    for group in _groups(data):
        if draw(st.integers(0, 2)) == 0:  # floors anywhere up to the group's points
            limits = [r["at_most"] for r in group.get("rules", ()) if "at_most" in r]
            group["floor"] = draw(test_strategies.points(0, min([group["points"], *limits])))
    for group in list(_groups(data))[:1]:  # a rule that caps the group (本项最高得X分)
        limit = draw(test_strategies.points(group.get("floor", ZERO), group["points"]))
        group["rules"] = [*group.get("rules", []),
                          {"id": "capped", "text": "出现问题的，本项最高得X分", "at_most": limit}]
    windows = st.tuples(st.integers(0, 3), st.integers(0, 13), st.integers(0, 40)).filter(any)
    data["bars"] = [{"id": f"bar{i}", "text": f"不得申报{i}", "lookback_years": y,
                     "lookback_months": m, "lookback_days": d}
                    for i, (y, m, d) in enumerate(draw(st.lists(windows, max_size=3)))]
    if data["levels"] and draw(st.booleans()):  # two levels on one threshold
        twin = dict(draw(st.sampled_from(data["levels"])))
        twin.update(id=draw(st.sampled_from(["a-twin", "z-twin"])), title="并列等次")
        if draw(st.booleans()):
            twin["max_total"] = twin["min_total"] + draw(test_strategies.points(0, 5))
        data["levels"].append(twin)
    if draw(st.booleans()):  # items of one group to contest it
        items = [{"id": f"h{i}", "text": f"荣誉{i}", "points": draw(test_strategies.points(0, 5)),
                  "group": "honours", "max_count": draw(st.integers(1, 3))}
                 for i in range(draw(st.integers(2, 3)))]
        data["bonus"] = {"items": items, **({"cap": draw(test_strategies.points(0, 6))}
                                            if draw(st.booleans()) else {})}
        if draw(st.booleans()):  # honours of one project, or two (同一项目只计最高)
            data["bonus"]["projects"] = "项目"
        # a base the bonus (or its first item) needs, often unmet
        need = draw(test_strategies.points(data["total"] / 2, data["total"]))
        if draw(st.booleans()):
            data["bonus"]["min_base"] = need
        else:
            items[0]["min_base"] = need
        if draw(st.booleans()):  # a 特色指标 scored by judgement, 0–2 on a step of 0.5
            items.append({"id": "feature", "text": "特色工作", "points": D(2),
                          "method": draw(st.sampled_from(["direct", "tiered"])), "step": D("0.5"),
                          "tiers": [{"id": "good", "title": "好", "points": D(2)},
                                    {"id": "fair", "title": "一般", "points": D(1)}]})
            del items[-1]["step" if items[-1]["method"] == "tiered" else "tiers"]
    return data


def _stray(path: str, item: Any) -> dict[str, Any]:
    """A finding for an item below a not-applicable one (nothing there is scored)."""
    if item.criteria or item.method == "deduct":
        return {"criterion": path, "claimed": item.points}
    if item.method == "tiered":
        return {"criterion": path, "tier": item.tiers[0].id}
    if item.method == "direct":
        return {"criterion": path, "points": item.points}
    if item.method == "ratio":
        return {"criterion": path, "rate": D(100)}
    if item.method == "all_or_nothing":
        return {"criterion": path, "met": True}
    return {"criterion": path, "standards": [{"standard": item.standards[0].id, "count": 9}]}


@st.composite
def edge_cases(draw: st.DrawFn) -> tuple[dict[str, Any], Rubric, Assessment]:
    """(rubric data, rubric, assessment), with the edges named in the module doc."""
    data = draw(edge_rubric_data())
    rubric = civscore.rubric_from_dict(data, source="<edge_cases>")
    found = draw(test_strategies.assessment_data(rubric))
    leaves = dict(test_strategies.walk(rubric))
    optional = [i for i, f in enumerate(found["findings"])
                if not f.get("not_applicable") and not leaves[f["criterion"]].criteria
                and leaves[f["criterion"]].method in ("deduct", "award")]
    if rubric.unassessed == "flag" and optional and draw(st.booleans()):
        del found["findings"][draw(st.sampled_from(optional))]  # an item left 未评
    assessed_on = draw(st.sampled_from(AWKWARD_DATES)
                       | st.dates(datetime.date(2005, 1, 1), datetime.date(2025, 12, 31)))
    found["assessed_on"] = assessed_on
    bars = []
    for bar in rubric.bars:
        for _ in range(draw(st.integers(0, 2))):
            start = window_start(assessed_on, bar)
            # (the day after assessed_on is refused: tests/scoring/test_dates.py)
            day = draw(st.sampled_from([start - datetime.timedelta(1), start,
                                        start + datetime.timedelta(1), assessed_on]))
            bars.append({"bar": bar.id, "date": day})
    found["bars"] = bars
    items = dict(test_strategies.walk(rubric))
    out_of_scope = [f["criterion"] for f in found["findings"] if f.get("not_applicable")]
    limited = [(path, rule) for path, item in items.items() for rule in item.rules
               if rule.at_most is not None
               and not any(path == n or path.startswith(n + ".") for n in out_of_scope)]
    if limited and draw(st.booleans()):  # a hit of a rule that caps its item (本项最高得X分)
        path, rule = draw(st.sampled_from(limited))
        finding = next((f for f in found["findings"] if f["criterion"] == path), None)
        if finding is None:
            found["findings"].append(finding := {"criterion": path})
        finding["hits"] = [*finding.get("hits", []), {"rule": rule.id}]
    for path in out_of_scope:
        below = [p for p in items if p.startswith(path + ".")]
        if below and draw(st.booleans()):
            stray = draw(st.sampled_from(below))
            found["findings"].append(_stray(stray, scaled_item(rubric, items[stray])))
    if rubric.bonus is not None and rubric.bonus.items:
        # The same item on two lines; two items of one group.
        claims = found.setdefault("bonus", [])
        fixed = [b for b in rubric.bonus.items if b.method is None]  # judged: one award each
        for item in draw(st.lists(st.sampled_from(fixed), max_size=2)) if fixed else ():
            claims.extend({"item": item.id, "count": draw(st.integers(1, 2))} for _ in range(2))
        for b in rubric.bonus.items:
            if b.id == "feature":  # the judged item: one award, points or a tier
                claims.append({"item": b.id, **({"tier": "fair"} if b.method == "tiered"
                                                 else {"points": D("1.5")})})
        grouped = [b for b in fixed if b.group == "honours"]
        if len(grouped) > 1 and draw(st.booleans()):
            project = draw(st.sampled_from(["甲项目", "乙项目"])) if rubric.bonus.projects else ""
            claims.extend({"item": b.id, "project": project} for b in grouped)
        draw(st.randoms()).shuffle(claims)
    return data, rubric, civscore.assessment_from_dict(found, source="<edge_cases>")


def _threshold_levels(total: Decimal, places: int) -> list[dict[str, Any]]:
    """One-level variants with a threshold at the compared total, or at the
    representable totals next to it (thresholds carry at most ``places``
    decimals)."""
    grid = D(1).scaleb(-places)
    below = (total // grid) * grid
    above = below if below == total else below + grid
    candidates = {below, above, below - grid, above + grid}
    out = []
    for value in sorted(v for v in candidates if v >= 0):
        out.append({"id": "at", "title": "达标", "min_total": value})
        out.append({"id": "band", "title": "区间", "min_total": ZERO, "max_total": value})
    return out


@_settings(40)
@given(case=edge_cases(), explain=st.booleans(), data=st.data())
def test_engine_agrees_with_reference_on_edge_cases(
        case: tuple[dict[str, Any], Rubric, Assessment], explain: bool,
        data: st.DataObject) -> None:
    rubric_data, rubric, assessment = case
    (figures,) = check(rubric, [assessment], explain=explain)
    # Levels on the compared total: each threshold alone, met or missed by
    # the least step a rubric can write.
    places = rubric.point_places
    level = data.draw(st.sampled_from(_threshold_levels(figures.total_compared, places)),
                      label="level")
    level = {**level, **data.draw(st.fixed_dictionaries({}, optional={
        "min_category_share": st.sampled_from([D("0.5"), D("0.6"), D(1)]),
    }), label="share")}
    if rubric.gates and data.draw(st.booleans(), label="gated"):
        level["gates"] = [rubric.gates[0].id]
    leveled = civscore.rubric_from_dict({**rubric_data, "levels": [level]}, source="<edge>")
    if data.draw(st.booleans(), label="eligible"):  # nothing to hide the level behind
        assessment = attrs.evolve(assessment, vetoes=(), bars=())
    expected = reference_score(leveled, assessment)
    event(f"threshold level {level['id']}: {expected.status}")
    if expected.total_compared == level.get("max_total", level["min_total"]):
        event("compared total exactly on the threshold")
    card = civscore.score(leveled, assessment)
    assert_agrees(card, expected, "score() with a level on the total")


@_settings(6)
@given(rubric=test_strategies.rubrics(), data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_score_many_agrees_on_a_long_batch(rubric: Rubric, data: st.DataObject,
                                           seed: int) -> None:
    """A hundred assessments in one batch (score_many may keep memos across
    a batch), many of them repeats with one finding changed."""
    rng = random.Random(seed)
    base = data.draw(st.lists(test_strategies.assessments(rubric), min_size=2, max_size=3),
                     label="base")
    batch = [base[0]]
    while len(batch) < 100:
        batch.append(_vary(rng, rubric, rng.choice(base)))
    expected = [reference_score(rubric, a) for a in batch]
    for i, (card, figures) in enumerate(zip(civscore.score_many(rubric, batch), expected,
                                            strict=True)):
        assert_agrees(card, figures, f"score_many, card {i} of a long batch")


def _vary(rng: random.Random, rubric: Rubric, assessment: Assessment) -> Assessment:
    """``assessment`` with one scored leaf finding changed (a valid change)."""
    items = dict(test_strategies.walk(rubric))
    findings = list(assessment.findings)
    choices = [i for i, f in enumerate(findings)
               if not f.not_applicable and not items[f.criterion].criteria
               and items[f.criterion].method in ("direct", "ratio", "deduct", "tiered")]
    if not choices:
        return assessment
    i = rng.choice(choices)
    finding, item = findings[i], scaled_item(rubric, items[findings[i].criterion])
    if item.method == "direct":
        step = item.step or D("0.05")
        finding = attrs.evolve(finding, points=step * rng.randint(0, int(item.points / step)))
    elif item.method == "ratio":
        finding = attrs.evolve(finding, rate=D(rng.randint(0, 10000)) / 100)
    elif item.method == "tiered":
        finding = attrs.evolve(finding, tier=rng.choice(item.tiers).id)
    elif finding.hits:
        hits = list(finding.hits)
        j = rng.randrange(len(hits))
        hits[j] = attrs.evolve(hits[j], count=rng.randint(0, 12))
        finding = attrs.evolve(finding, hits=tuple(hits))
    findings[i] = finding
    return attrs.evolve(assessment, findings=tuple(findings))


# --- the features the random inputs cover ---------------------------------------------------


#: Features every run of the comparison must include (see features()).
FEATURES = (
    "method deduct", "method award", "method tiered", "method direct", "method ratio bands",
    "method ratio target", "method all_or_nothing", "rule max binding", "rule zeroes hit",
    "discretionary hit", "leaf clamped to floor", "leaf capped at points",
    "group own rule hit", "group sum_policy cap", "group floor", "nested group",
    "not applicable, rescale", "not applicable, zero", "not applicable group",
    "all not applicable", "base rescaled", "bonus group contest", "bonus max_count binding",
    "bonus cap binding", "penalty max binding", "total floored at 0", "veto",
    "bar inside window", "bar outside window", "level with gates", "gate passed",
    "gate failed", "level max_total", "level min_category_share", "rounding half-up",
    "rounding half-even", "rounding down", "rounding up", "compare rounded",
    "rounded differs from raw", "outcome awarded", "outcome not_awarded", "outcome vetoed",
    "outcome ineligible", "outcome unrated", "outcome not_assessable", "unassessed flagged",
    "unassessed error, every item found", "rule at_most hit", "bonus withheld below base",
    "bonus project contest", "bonus judged direct", "bonus judged tiered",
    "grade scale, item's", "grade scale, rubric's", "grade scale rounded",
    "level minimum met", "level minimum missed", "gate of every level",
)


def features(rubric: Rubric, assessment: Assessment, figures: Figures) -> set[str]:
    """The features of one rubric and assessment, as listed in FEATURES."""
    out: set[str] = set()
    items = dict(test_strategies.walk(rubric))
    findings = {f.criterion: f for f in assessment.findings}
    na = {p for p, f in findings.items() if f.not_applicable}
    for path, item in items.items():
        if item.criteria:
            if item.sum_policy == "cap":
                out.add("group sum_policy cap")
            if item.floor > 0:
                out.add("group floor")
            if any(child.criteria for child in item.criteria):
                out.add("nested group")
        elif item.method == "ratio":
            out.add("method ratio target" if item.target is not None else "method ratio bands")
        else:
            out.add(f"method {item.method}")
        if item.method == "tiered" and not item.tiers:
            scale = next(s for s in rubric.grade_scales if s.id == (item.scale or rubric.scale))
            out.add("grade scale, item's" if item.scale else "grade scale, rubric's")
            if scale.places is not None:
                out.add("grade scale rounded")
        finding = findings.get(path)
        got = figures.items[path]
        if not got.not_applicable and not item.criteria:
            if got.score > got.raw:
                out.add("leaf clamped to floor")
            elif got.score < got.raw:
                out.add("leaf capped at points")
        if got.not_applicable and item.criteria and path in na:
            out.add("not applicable group")
        if finding is None or got.not_applicable:
            continue
        rules = {r.id: r for r in item.rules}
        if item.criteria and finding.hits:
            out.add("group own rule hit")
        taken: Counter[str] = Counter()  # what each capped rule would take off uncapped
        for hit in finding.hits:
            rule = rules[hit.rule]
            if rule.at_most is not None:
                if hit.count:
                    out.add("rule at_most hit")
                continue
            if rule.zeroes:
                if hit.count:
                    out.add("rule zeroes hit")
                continue
            each = hit.deduct if rule.deduct_range is not None else rule.deduct
            if rule.deduct_range is not None:
                out.add("discretionary hit")
            if rule.max is not None and each is not None:
                taken[rule.id] += each * hit.count
                if taken[rule.id] > rule.max:
                    out.add("rule max binding")
    if na:
        out.add(f"not applicable, {rubric.not_applicable}")
    if all(c.not_applicable for c in figures.items.values() if "." not in c.path):
        out.add("all not applicable")
    if figures.base_scaled != figures.base_raw:
        out.add("base rescaled")
    if rubric.bonus is not None:
        by_id = {b.id: b for b in rubric.bonus.items}
        claimed: Counter[str] = Counter()
        for claim in assessment.bonus:
            claimed[claim.item] += claim.count
        groups = Counter(by_id[i].group for i in claimed if by_id[i].group)
        if any(n > 1 for n in groups.values()):
            out.add("bonus group contest")
        if any(n > by_id[i].max_count for i, n in claimed.items()):
            out.add("bonus max_count binding")
        if figures.bonus_total < figures.bonus_gross:
            out.add("bonus cap binding")
        in_project: dict[str, set[str]] = {}
        for claim in assessment.bonus:
            if claim.project:
                in_project.setdefault(claim.project, set()).add(claim.item)
        if any(len(ids) > 1 for ids in in_project.values()):
            out.add("bonus project contest")
        out.update(f"bonus judged {by_id[i].method}" for i in claimed if by_id[i].method)
        needs = [rubric.bonus.min_base, *(by_id[i].min_base for i in claimed)]
        if any(need is not None and figures.base_scaled < need for need in needs):
            out.add("bonus withheld below base")
    penalties = {p.id: p for p in rubric.penalties}
    taken: Counter[str] = Counter()
    for pclaim in assessment.penalties:
        taken[pclaim.item] += pclaim.count
    if any(penalties[i].max is not None and penalties[i].deduct * n > penalties[i].max
           for i, n in taken.items()):
        out.add("penalty max binding")
    if figures.base_scaled + figures.bonus_total - figures.penalties_total < 0:
        out.add("total floored at 0")
    if assessment.vetoes:
        out.add("veto")
    for bar in assessment.bars:
        spec = next(b for b in rubric.bars if b.id == bar.bar)
        assert assessment.assessed_on is not None
        inside = window_start(assessment.assessed_on, spec) <= bar.date <= assessment.assessed_on
        out.add("bar inside window" if inside else "bar outside window")
    for level in rubric.levels:
        if level.gates:
            out.add("level with gates")
            passed = [assessment.gates.get(g, False) for g in level.gates]
            out.update("gate passed" if p else "gate failed" for p in passed)
        if level.max_total is not None:
            out.add("level max_total")
        if level.min_category_share is not None:
            out.add("level min_category_share")
        for minimum in level.minimums:
            got = figures.items[minimum.item]
            out.add("level minimum met" if got.score >= minimum.at_least
                    else "level minimum missed")
    if any(g.all_levels for g in rubric.gates) and rubric.levels:
        out.add("gate of every level")
    out.add(f"rounding {rubric.rounding.mode}")
    if rubric.rounding.compare == "rounded":
        out.add("compare rounded")
    if figures.total_rounded != figures.total_raw:
        out.add("rounded differs from raw")
    out.add(f"outcome {figures.status}")
    if figures.unassessed:
        out.add("unassessed flagged")
    if rubric.unassessed == "error":
        out.add("unassessed error, every item found")
    return out


def _checked_and_counted(source: st.SearchStrategy[tuple[Rubric, list[Assessment]]],
                         n: int) -> Counter[str]:
    """Run the comparison on a fixed (derandomized) draw of ``n`` examples of
    ``source``; count the features of the assessments drawn."""
    counts: Counter[str] = Counter()

    @settings(max_examples=n, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(case=source)
    def run(case: tuple[Rubric, list[Assessment]]) -> None:
        rubric, batch = case
        for assessment, figures in zip(batch, check(rubric, batch), strict=True):
            counts.update(features(rubric, assessment, figures))

    run()
    return counts


@st.composite
def _edge_batches(draw: st.DrawFn) -> tuple[Rubric, list[Assessment]]:
    _data, rubric, assessment = draw(edge_cases())
    return rubric, [assessment]


def test_random_inputs_cover_every_feature() -> None:
    """The engine agrees with the reference on a fixed draw of each source of
    inputs, and together the draws include every feature of FEATURES (run
    with ``pytest -s`` to see the counts)."""
    sources = {"tests/strategies": _checked_and_counted(from_test_strategies(), 40),
               "civscore.testing": _checked_and_counted(from_civscore_testing(), 15),
               "edge_cases": _checked_and_counted(_edge_batches(), 60)}
    everything = sum(sources.values(), Counter())
    missing = [f for f in FEATURES if not everything[f]]
    table = "\n".join(f"{f:<32}" + "".join(f"{c[f]:>18}" for c in sources.values())
                      for f in FEATURES)
    print(f"{'feature':<32}" + "".join(f"{name:>18}" for name in sources))
    print(table)
    assert not missing, f"features never drawn: {missing}\n{table}"


# --- the reference itself, on examples worked out by hand -----------------------------------


HEADER = """
version = "1"
title = "参照评分示例"
provenance = "illustrative"
source = "worked by hand for tests/scoring/test_reference.py"
"""


def rubric(text: str, ident: str = "hand") -> Rubric:
    data = parse_toml(f'id = "{ident}"\n{HEADER}\n{text}')
    return civscore.rubric_from_dict(data, source="<hand>")


def assessment(text: str, ident: str = "hand") -> Assessment:
    data = parse_toml(f'rubric = "{ident}@1"\nunit = "某单位"\n{text}')
    return civscore.assessment_from_dict(data, source="<hand>")


def agrees(r: Rubric, a: Assessment) -> Figures:
    """The reference's figures, after checking the engine computes the same."""
    (figures,) = check(r, [a])
    return figures


METHODS_RUBRIC = """
total = 20

[[categories]]
id = "a"
title = "甲"
points = 10

  [[categories.criteria]]
  id = "meet"
  title = "会议"
  points = 4
  method = "deduct"
  rules = [{ id = "miss", text = "少一次扣0.5分，最多扣1分", deduct = 0.5, max = 1 },
           { id = "late", text = "视情况扣0.1-0.5分", deduct_range = [0.1, 0.5] }]

  [[categories.criteria]]
  id = "honour"
  title = "荣誉"
  points = 3
  method = "award"
  standards = [{ id = "city", text = "市级每项1分，最多2分", points = 1, max = 2 },
               { id = "dist", text = "区级每项0.5分", points = 0.5 }]

  [[categories.criteria]]
  id = "docs"
  title = "台账"
  points = 3
  floor = 1
  method = "deduct"
  rules = [{ id = "fake", text = "弄虚作假的，本项不得分", zeroes = true },
           { id = "gap", text = "缺一处扣0.5分", deduct = 0.5 }]

[[categories]]
id = "b"
title = "乙"
points = 10

  [[categories.criteria]]
  id = "turnout"
  title = "参与率"
  points = 4
  method = "ratio"
  target = 95
  deduct_per_point = 0.5

  [[categories.criteria]]
  id = "known"
  title = "知晓率"
  points = 3
  method = "ratio"
  bands = [{ above = 90, points = 3 }, { at_least = 90, points = 2 }, { at_least = 60, points = 1 }]

  [[categories.criteria]]
  id = "safe"
  title = "安全"
  points = 3
  method = "all_or_nothing"
"""


def test_reference_methods_by_hand() -> None:
    r = rubric(METHODS_RUBRIC)
    a = assessment("""
[[findings]]
criterion = "a.meet"
hits = [{ rule = "miss" }, { rule = "miss", count = 2 },
        { rule = "late", deduct = 0.3, note = "迟到" }]

[[findings]]
criterion = "a.honour"
standards = [{ standard = "city", count = 3 }, { standard = "dist", count = 4 }]

[[findings]]
criterion = "a.docs"
hits = [{ rule = "gap" }, { rule = "fake" }, { rule = "gap" }]

[[findings]]
criterion = "b.turnout"
rate = 91.5

[[findings]]
criterion = "b.known"
rate = 90

[[findings]]
criterion = "b.safe"
met = false
""")
    f = agrees(r, a)
    # meet: "miss" takes 0.5, then 2 × 0.5 = 1 of which only 0.5 is left under
    # its max of 1; "late" takes 0.3: 4 − 0.5 − 0.5 − 0.3 = 2.7.
    assert f.items["a.meet"].score == D("2.7")
    # honour: city 3 × 1 = 3, capped at its max 2; dist 4 × 0.5 = 2; raw 4,
    # capped at the item's 3.
    assert (f.items["a.honour"].raw, f.items["a.honour"].score) == (D(4), D(3))
    # docs: 3 − 0.5 = 2.5; "fake" sets it to the floor 1; then − 0.5: raw 0.5,
    # which stops at the floor: 1.
    assert (f.items["a.docs"].raw, f.items["a.docs"].score) == (D("0.5"), D(1))
    # a = 2.7 + 3 + 1
    assert f.categories["a"] == D("6.7")
    # turnout: 95 − 91.5 = 3.5 points short, × 0.5 = 1.75 off 4: 2.25.
    assert f.items["b.turnout"].score == D("2.25")
    # known: 90 is not above 90; it is at least 90 (2) and at least 60 (1): 2.
    assert f.items["b.known"].score == D(2)
    assert f.items["b.safe"].score == ZERO
    # b = 2.25 + 2 + 0; base 6.7 + 4.25 = 10.95, nothing to rescale.
    assert f.categories["b"] == D("4.25")
    assert (f.base_raw, f.base_effective_max, f.base_scaled) == (D("10.95"), D(20), D("10.95"))
    # Rounded to one place, half up: 11.0; compared raw; no levels: unrated.
    assert (f.total_raw, f.total_rounded, f.total_compared) == (D("10.95"), D(11), D("10.95"))
    assert (f.status, f.level) == ("unrated", None)


GROUPS_RUBRIC = """
total = 40
not_applicable = "rescale"

[[categories]]
id = "lead"
title = "领导班子"
points = 20
rules = [{ id = "no-summary", text = "无年度总结扣3分", deduct = 3 }]

  [[categories.criteria]]
  id = "plan"
  title = "计划"
  points = 10
  method = "direct"

  [[categories.criteria]]
  id = "study"
  title = "学习"
  points = 10
  sum_policy = "cap"
  rules = [{ id = "absent", text = "缺一次扣1分，最多扣2分", deduct = 1, max = 2 }]

    [[categories.criteria.criteria]]
    id = "theory"
    title = "理论"
    points = 6
    method = "direct"

    [[categories.criteria.criteria]]
    id = "practice"
    title = "实践"
    points = 6
    method = "direct"

[[categories]]
id = "env"
title = "环境"
points = 20
floor = 8

  [[categories.criteria]]
  id = "inside"
  title = "室内"
  points = 10
  method = "direct"

  [[categories.criteria]]
  id = "outside"
  title = "室外"
  points = 10
  method = "direct"
"""

GROUPS_ASSESSMENT = """
[[findings]]
criterion = "lead"
hits = [{ rule = "no-summary" }]

[[findings]]
criterion = "lead.plan"
points = 7

[[findings]]
criterion = "lead.study"
hits = [{ rule = "absent", count = 3 }]

[[findings]]
criterion = "lead.study.theory"
points = 6

[[findings]]
criterion = "lead.study.practice"
points = 5.5

[[findings]]
criterion = "env.inside"
not_applicable = true
reason = "无室内场所"

[[findings]]
criterion = "env.outside"
points = 2
"""


def test_reference_groups_and_rescale_by_hand() -> None:
    f = agrees(rubric(GROUPS_RUBRIC), assessment(GROUPS_ASSESSMENT))
    # study: 6 + 5.5 = 11.5 from sub-items allotted 12 (capped at 10); three
    # absences are 3, the rule's max 2: 11.5 − 2 = 9.5 (under 10, no cap).
    assert (f.items["lead.study"].raw, f.items["lead.study"].score) == (D("9.5"), D("9.5"))
    assert f.items["lead.study"].effective_max == D(10)
    # lead: 7 + 9.5 − 3 = 13.5.
    assert f.categories["lead"] == D("13.5")
    # env: inside is not applicable, so env's maximum is min(20, 0 + 10) = 10,
    # and its floor 8 stays within that.  Outside earned 2: raw 2, floor 8.
    assert f.items["env.inside"] == ItemFigures("env.inside", D(10), ZERO, ZERO, ZERO, True)
    assert (f.items["env"].raw, f.items["env"].score, f.items["env"].effective_max) == (
        D(2), D(8), D(10))
    # base 13.5 + 8 = 21.5 of 40 − 10 = 30, rescaled: 21.5 × 40 ÷ 30 = 28.6̅,
    # to 28 significant digits (the last one rounded up).
    assert (f.base_raw, f.base_effective_max) == (D("21.5"), D(30))
    assert f.base_scaled == D("28.66666666666666666666666667")
    assert f.total_rounded == D("28.7")


def test_reference_group_floor_under_not_applicable_by_hand() -> None:
    # The same rubric with env's floor at 15: once inside (10 points) is out,
    # the floor may not exceed env's remaining maximum of 10 (engine reading),
    # so env scores 10, not 15; with both items out, nothing is left to
    # protect and the floor is 0.
    text = GROUPS_RUBRIC.replace("floor = 8", "floor = 15")
    f = agrees(rubric(text), assessment(GROUPS_ASSESSMENT))
    assert f.items["env"].score == D(10)
    # So env has full marks, 10 of 10, for the 2 points earned outside (see
    # reference.group_floor: questionable, reported).
    both_out = GROUPS_ASSESSMENT.replace(
        'criterion = "env.outside"\npoints = 2',
        'criterion = "env.outside"\nnot_applicable = true\nreason = "无室外场所"')
    f = agrees(rubric(text), assessment(both_out))
    assert (f.items["env"].score, f.items["env"].effective_max) == (ZERO, ZERO)
    # base 13.5 of 40 − 20 = 20: 13.5 × 40 ÷ 20 = 27.
    assert (f.base_raw, f.base_effective_max, f.base_scaled) == (D("13.5"), D(20), D(27))


POLICY_RUBRIC = """
total = 30
not_applicable = "{policy}"
levels = [{{ id = "pass", title = "达标", min_total = 10, min_category_share = 0.5 }}]

[[categories]]
id = "x"
title = "甲"
points = 10
method = "direct"

[[categories]]
id = "y"
title = "乙"
points = 20

  [[categories.criteria]]
  id = "p"
  title = "丙"
  points = 10
  method = "direct"

  [[categories.criteria]]
  id = "q"
  title = "丁"
  points = 10
  method = "direct"
"""


def test_reference_not_applicable_policies_by_hand() -> None:
    one_out = assessment("""
findings = [{ criterion = "x", points = 9 },
            { criterion = "y.p", not_applicable = true, reason = "无" },
            { criterion = "y.q", points = 10 }]
""")
    # zero: y.p scores 0 of a maximum that stays 10; y = 10 of 20; base 19 of
    # 30, not rescaled.  19 ≥ 10, x 9 ≥ 0.5 × 10, y 10 ≥ 0.5 × 20: awarded.
    f = agrees(rubric(POLICY_RUBRIC.format(policy="zero")), one_out)
    assert f.items["y.p"].effective_max == D(10)
    assert (f.categories["y"], f.items["y"].effective_max) == (D(10), D(20))
    assert (f.base_raw, f.base_effective_max, f.base_scaled) == (D(19), D(30), D(19))
    assert (f.status, f.level) == ("awarded", "pass")
    # rescale: y's maximum drops to 10; base 19 of 20, × 30 ÷ 20 = 28.5.
    f = agrees(rubric(POLICY_RUBRIC.format(policy="rescale")), one_out)
    assert (f.items["y.p"].effective_max, f.items["y"].effective_max) == (ZERO, D(10))
    assert (f.base_raw, f.base_effective_max, f.base_scaled) == (D(19), D(20), D("28.5"))
    all_out = assessment("""
findings = [{ criterion = "x", not_applicable = true, reason = "无" },
            { criterion = "y", not_applicable = true, reason = "无" }]
""")
    # Everything out under rescale: nothing to rescale, the base is 0 (never
    # full marks), and nothing was assessed: 未能测评, not "not awarded".
    # Under zero: 0 of 30, and again nothing to assess.
    f = agrees(rubric(POLICY_RUBRIC.format(policy="rescale")), all_out)
    assert (f.base_effective_max, f.base_scaled, f.status) == (ZERO, ZERO, "not_assessable")
    assert f.items["y.q"].not_applicable
    f = agrees(rubric(POLICY_RUBRIC.format(policy="zero")), all_out)
    assert (f.base_effective_max, f.base_scaled, f.status) == (D(30), ZERO, "not_assessable")


TOTALS_RUBRIC = """
total = 10
rounding = { places = 0, mode = "half-even", compare = "rounded" }
penalties = [{ id = "complaint", text = "投诉每次扣1.5分，最多扣2分", deduct = 1.5, max = 2 },
             { id = "late", text = "迟报每次扣0.25分", deduct = 0.25 }]
levels = [{ id = "ok", title = "合格", min_total = 8 },
          { id = "good", title = "良好", min_total = 10, max_total = 12 }]

[bonus]
cap = 4
items = [{ id = "nat", text = "国家级", points = 3, group = "honour" },
         { id = "prov", text = "省级", points = 2, group = "honour", max_count = 2 },
         { id = "vol", text = "志愿服务", points = 0.75, max_count = 3 }]

[[categories]]
id = "c"
title = "甲"
points = 10
method = "direct"
"""


def test_reference_bonus_penalties_and_rounding_by_hand() -> None:
    r = rubric(TOTALS_RUBRIC)
    f = agrees(r, assessment("""
bonus = [{ item = "nat" }, { item = "prov", count = 2 }, { item = "vol", count = 2 },
         { item = "vol", count = 2 }]
penalties = [{ item = "complaint" }, { item = "complaint" }, { item = "late", count = 2 }]
findings = [{ criterion = "c", points = 7 }]
"""))
    # Bonus: nat 3 and prov 2 × 2 = 4 share a group: only the 4 counts; vol is
    # claimed 2 + 2 = 4 times, at most 3: 2.25.  4 + 2.25 = 6.25, capped at 4.
    assert (f.bonus_gross, f.bonus_total) == (D("6.25"), D(4))
    # Penalties: complaint 1.5, then 1.5 more of which 0.5 is left under its
    # max of 2; late 2 × 0.25 = 0.5.  2 + 0.5 = 2.5.
    assert f.penalties_total == D("2.5")
    # 7 + 4 − 2.5 = 8.5, to no places half-even: 8 (half-up would give 9);
    # the rounded 8 is compared: ok (≥ 8), not good (< 10).
    assert (f.total_raw, f.total_rounded, f.total_compared) == (D("8.5"), D(8), D(8))
    assert (f.status, f.level) == ("awarded", "ok")
    f = agrees(r, assessment("""
bonus = [{ item = "vol", count = 4 }]
findings = [{ criterion = "c", points = 8.5 }]
"""))
    # 8.5 + 3 × 0.75 = 10.75 → 11 (half-even rounds .75 up): good (10 ≤ 11 ≤ 12).
    assert (f.total_raw, f.total_compared, f.level) == (D("10.75"), D(11), "good")
    f = agrees(r, assessment("""
penalties = [{ item = "complaint" }, { item = "late", count = 4 }]
findings = [{ criterion = "c", points = 1 }]
"""))
    # 1 − 1.5 − 4 × 0.25 = −1.5: the total stops at 0.
    assert (f.total_raw, f.total_rounded, f.status) == (ZERO, ZERO, "not_awarded")


ELIGIBILITY_RUBRIC = """
total = 10
vetoes = [{ id = "crime", text = "职工发生刑事案件" }]
bars = [{ id = "accident", text = "申报前两年内发生重大事故", lookback_years = 2 },
        { id = "filing", text = "一个月零三天内迟报", lookback_months = 1, lookback_days = 3 }]
gates = [{ id = "city-title", text = "已获市级称号" }]
levels = [{ id = "unit", title = "文明单位", min_total = 6 },
          { id = "model", title = "文明单位标兵", min_total = 9, gates = ["city-title"] }]

[[categories]]
id = "c"
title = "甲"
points = 10
method = "direct"
"""


def test_reference_windows_by_hand() -> None:
    # Two years before 29 February 2024 is 29 February 2022, which does not
    # exist: 28 February 2022.
    assert window_start(datetime.date(2024, 2, 29), Bar("b", "", lookback_years=2)) == (
        datetime.date(2022, 2, 28))
    # One month before 31 March 2024 is "31 February": 29 February 2024; three
    # days before that, 26 February.
    assert window_start(datetime.date(2024, 3, 31),
                        Bar("b", "", lookback_months=1, lookback_days=3)) == (
        datetime.date(2024, 2, 26))
    # 14 months before 31 January 2025: 31 November 2023, i.e. 30 November.
    assert window_start(datetime.date(2025, 1, 31), Bar("b", "", lookback_months=14)) == (
        datetime.date(2023, 11, 30))


def test_reference_vetoes_bars_gates_by_hand() -> None:
    r = rubric(ELIGIBILITY_RUBRIC)

    def outcome(extra: str, assessed_on: str = "2024-02-29") -> tuple[str, str | None]:
        f = agrees(r, assessment(f"assessed_on = {assessed_on}\n{extra}\n"
                                 'findings = [{ criterion = "c", points = 9.5 }]'))
        return f.status, f.level

    # 9.5 ≥ 9 with the gate passed: model; without it (or not reported): unit.
    assert outcome("gates = { city-title = true }") == ("awarded", "model")
    assert outcome("gates = { city-title = false }") == ("awarded", "unit")
    assert outcome("") == ("awarded", "unit")
    # The accident window opens on 2022-02-28 (see above): that day bars, the
    # day before does not (a day after the assessment is refused:
    # tests/scoring/test_dates.py).
    assert outcome('bars = [{ bar = "accident", date = 2022-02-28 }]') == ("ineligible", None)
    assert outcome('bars = [{ bar = "accident", date = 2022-02-27 }]') == ("awarded", "unit")
    # The filing window from 2024-03-31 opens on 2024-02-26.
    assert outcome('bars = [{ bar = "filing", date = 2024-02-26 }]', "2024-03-31") == (
        "ineligible", None)
    assert outcome('bars = [{ bar = "filing", date = 2024-02-25 }]', "2024-03-31") == (
        "awarded", "unit")
    # A veto decides whatever its date, before any bar.
    assert outcome('vetoes = [{ veto = "crime", date = 2001-01-01 }]\n'
                   'bars = [{ bar = "accident", date = 2023-01-01 }]') == ("vetoed", None)


# --- a disagreement found by the reference, and fixed -------------------------------------


D1_RUBRIC = """
total = 10
[[bonus.items]]
id = "city"
text = "市级表彰，每项1分，至多2项"
points = 1
group = "honours"
max_count = 2

[[categories]]
id = "c"
title = "甲"
points = 10
method = "direct"
"""


def test_a_grouped_bonus_item_claimed_on_two_lines_counts_both() -> None:
    """Two occurrences of one bonus item (max_count 2) count 2 × 1 = 2 whether
    they are claimed on one line or on two (docs/scoring.md, step 4: "each
    bonus item earned counts its points per occurrence, at most max_count
    times"; the group rule chooses between *items*).  The engine gives 2 for
    one line, and gave 1 for two lines before this was fixed (D1)."""
    r = rubric(D1_RUBRIC)
    one_line = assessment('bonus = [{ item = "city", count = 2 }]\n'
                          'findings = [{ criterion = "c", points = 5 }]')
    two_lines = assessment('bonus = [{ item = "city" }, { item = "city" }]\n'
                           'findings = [{ criterion = "c", points = 5 }]')
    assert reference_score(r, one_line).bonus_total == reference_score(r, two_lines).bonus_total
    assert reference_score(r, two_lines).bonus_total == D(2)
    assert civscore.score(r, one_line).bonus.total == D(2)
    assert civscore.score(r, two_lines).bonus.total == D(2)
