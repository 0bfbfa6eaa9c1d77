"""``score_many``: streaming batch scoring through the rubric's one plan.

Every scorecard ``score_many`` yields must be the one ``score`` gives — every
figure, Decimal for Decimal (``repr`` too, so ``1.0`` never turns into ``1``),
with explanations on and off, dense or sparse — and assessments that do not
fit raise the very error ``score`` raises.  That the figures are right is
tested against the reference scorer (``tests/scoring/test_reference.py``) and by
hand (``tests/scoring/test_engine.py``).  No test here measures time.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import assessments, rubrics

from civscore import Assessment, Rubric, score, score_many
from civscore.exceptions import AssessmentError
from civscore.files.loader import assessment_from_dict, rubric_from_dict
from civscore.model import Finding, RuleHit
from civscore.results.scorecard import Scorecard
from civscore.scoring.methods import BUILTIN_METHODS, Deduct
from civscore.testing.paths import walk

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def batches(draw: st.DrawFn, size: int = 4) -> tuple[Rubric, list[Assessment]]:
    """A random rubric and a few random assessments for it, one repeated (so
    the memo is hit)."""
    rubric = draw(rubrics())
    batch = draw(st.lists(assessments(rubric), min_size=1, max_size=size))
    return rubric, [*batch, batch[0]]


def same(got: Scorecard, expected: Scorecard) -> None:
    """Equal, and equal to the last Decimal exponent."""
    assert got == expected
    assert repr(got) == repr(expected)


def without_explanation(card: Scorecard) -> Scorecard:
    return attrs.evolve(card, losses=(), next_level=None, audit=())


# --- score_many equals score ------------------------------------------------------------------


@SETTINGS
@given(batches(), st.booleans())
def test_score_many_equals_score(case: tuple[Rubric, list[Assessment]], explain: bool) -> None:
    rubric, batch = case
    expected = [score(rubric, a, explain=explain) for a in batch]
    got = list(score_many(rubric, batch, explain=explain))
    assert len(got) == len(expected)
    for card, want in zip(got, expected, strict=True):
        same(card, want)


def _respell(draw: st.DrawFn, value: Decimal | None) -> Decimal | None:
    """The same number written another way: ``1``, ``1.0``, ``1.00``."""
    if value is None:
        return None
    return draw(st.sampled_from([value, value.normalize(), value.quantize(Decimal("0.01")),
                                 value.quantize(Decimal("0.1"))
                                 if value == value.quantize(Decimal("0.1")) else value]))


@st.composite
def variants(draw: st.DrawFn) -> tuple[Rubric, list[Assessment]]:
    """An assessment and copies whose findings differ only in how a number is
    written, a note, or a claimed figure — keys the memo must tell apart."""
    rubric = draw(rubrics())
    original = draw(assessments(rubric))
    batch = [original]
    for _ in range(draw(st.integers(1, 4))):
        findings = []
        for f in original.findings:
            hits = tuple(attrs.evolve(h, deduct=_respell(draw, h.deduct),
                                      note=h.note or draw(st.sampled_from(["", "整改"])))
                         if h.deduct is not None else h for h in f.hits)
            findings.append(attrs.evolve(
                f, points=_respell(draw, f.points), rate=_respell(draw, f.rate),
                claimed=_respell(draw, f.claimed), hits=hits,
                note=draw(st.sampled_from(["", "", "现场查看"]))))
        batch.append(attrs.evolve(original, findings=tuple(findings)))
    return rubric, batch


@SETTINGS
@given(variants(), st.booleans())
def test_findings_written_differently_are_scored_as_written(
        case: tuple[Rubric, list[Assessment]], explain: bool) -> None:
    rubric, batch = case
    for card, assessment in zip(score_many(rubric, batch, explain=explain), batch, strict=True):
        same(card, score(rubric, assessment, explain=explain))


@pytest.mark.parametrize("explain", [True, False])
def test_equal_numbers_written_differently_stay_apart(explain: bool) -> None:
    rubric = rubric_from_dict({
        "id": "spell", "version": "1", "title": "t", "provenance": "illustrative", "source": "s",
        "total": 8, "categories": [
            {"id": "d", "title": "d", "points": 2, "method": "direct"},
            {"id": "r", "title": "r", "points": 2, "method": "ratio", "target": 95,
             "deduct_per_point": Decimal("0.1")},
            {"id": "k", "title": "k", "points": 2, "method": "deduct", "rules": [
                {"id": "x", "text": "x", "deduct_range": [Decimal("0.1"), 1]}]},
            {"id": "t", "title": "t", "points": 2, "method": "tiered", "tiers": [
                {"id": "a", "title": "好", "points": 2}]}]})

    def assessment(text: str) -> Assessment:
        number = Decimal(text)
        return assessment_from_dict({"rubric": rubric.ref, "unit": text, "findings": [
            {"criterion": "d", "points": number},
            {"criterion": "r", "rate": number + 90},
            {"criterion": "k", "hits": [{"rule": "x", "deduct": number / 2, "note": "n"}]},
            {"criterion": "t", "tier": "a", "claimed": number}]})

    batch = [assessment(t) for t in ("1", "1.0", "1.00", "1", "1.0")]
    for card, one in zip(score_many(rubric, batch, explain=explain), batch, strict=True):
        same(card, score(rubric, one, explain=explain))


@SETTINGS
@given(batches())
def test_explanations_off_keeps_every_figure(case: tuple[Rubric, list[Assessment]]) -> None:
    rubric, batch = case
    on = list(score_many(rubric, batch, explain=True))
    off = list(score_many(rubric, batch, explain=False))
    for explained, bare in zip(on, off, strict=True):
        assert bare.losses == ()
        assert bare.next_level is None
        assert bare.audit == ()
        same(bare, without_explanation(explained))


@pytest.mark.parametrize("rounding", [decimal.ROUND_FLOOR, decimal.ROUND_HALF_EVEN])
@SETTINGS
@given(case=batches(size=2))
def test_a_smaller_decimal_context_still_agrees(
        rounding: str, case: tuple[Rubric, list[Assessment]]) -> None:
    rubric, batch = case
    with decimal.localcontext(prec=4, rounding=rounding):
        try:
            expected: Any = [score(rubric, a) for a in batch]
        except ArithmeticError as exc:
            expected = type(exc)
        try:
            got: Any = list(score_many(rubric, batch))
            for card in got:  # built under the same context
                _ = card.categories, card.losses, card.audit
        except ArithmeticError as exc:
            got = type(exc)
    assert got == expected
    assert repr(got) == repr(expected)


# --- the sparse fast path on a deduction rubric -------------------------------------------------


def _deduction_rubric(categories: int = 6, per_category: int = 8, *, groups: bool = True
                      ) -> Rubric:
    """A 扣分制 rubric; with ``groups`` each category also holds a group,
    without them categories hold leaves only and have a rule of their own."""
    rules = [{"id": "fixed", "text": "每处扣0.1分", "deduct": Decimal("0.1"),
              "max": Decimal("0.5")},
             {"id": "half", "text": "每次扣0.50分", "deduct": Decimal("0.50")},
             {"id": "range", "text": "视情况扣0.05-0.3分",
              "deduct_range": [Decimal("0.05"), Decimal("0.3")]},
             {"id": "void", "text": "弄虚作假，本项不得分", "zeroes": True}]
    cats = []
    for c in range(categories):
        criteria: list[dict[str, Any]] = [
            {"id": f"i{i}", "title": f"指标{i}", "points": Decimal("1.5") if i % 2 else 1,
             "method": "deduct", "rules": rules,
             "evidence": ["材料审核", "实地考察", ""][i % 3]}
            for i in range(per_category)]
        own: list[dict[str, Any]] = []
        if not groups:
            own = [{"id": "g", "text": "扣0.25分", "deduct": Decimal("0.25")}]
        criteria.extend([{"id": "grp", "title": "小组", "points": 2,
                         "rules": [{"id": "g", "text": "扣0.25分", "deduct": Decimal("0.25")}],
                         "criteria": [{"id": "a", "title": "a", "points": 1, "method": "deduct",
                                       "rules": rules},
                                      {"id": "b", "title": "b", "points": 1, "method": "award",
                                       "standards": [{"id": "s", "text": "s",
                                                      "points": Decimal("0.5")}]}]}]
                        if groups else [])
        points = sum((Decimal(str(x["points"])) for x in criteria), Decimal(0))
        cats.append({"id": f"k{c}", "title": f"项目{c}", "points": points,
                     "evidence": "材料审核" if c % 2 else "", "criteria": criteria,
                     "rules": own})
    total = sum((c["points"] for c in cats), Decimal(0))
    return rubric_from_dict({
        "id": "sparse", "version": "1", "title": "扣分制", "provenance": "illustrative",
        "source": "test", "total": total, "categories": cats,
        "levels": [{"id": "ok", "title": "达标", "min_total": total - 3}]})


@st.composite
def sparse_assessments(draw: st.DrawFn, rubric: Rubric) -> Assessment:
    paths = [p for p, item in walk(rubric) if item.rules]
    chosen = draw(st.lists(st.sampled_from(paths), unique=True, max_size=6))
    findings = []
    for path in chosen:
        leaf = path.count(".") and not path.endswith(".grp")
        hits = []
        for _ in range(draw(st.integers(0, 3))):
            rule = draw(st.sampled_from(["fixed", "half", "range", "void"] if leaf else ["g"]))
            hit: dict[str, Any] = {"rule": rule, "count": draw(st.integers(0, 5))}
            if rule == "range":
                hit["deduct"] = draw(st.sampled_from([Decimal("0.05"), Decimal("0.10"),
                                                      Decimal("0.3")]))
                hit["note"] = "现场检查"
            hits.append(hit)
        finding: dict[str, Any] = {"criterion": path, "hits": hits}
        if draw(st.booleans()):  # a self-assessed score (自评), right or wrong
            finding["claimed"] = draw(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(1),
                                                       Decimal("2.50")]))
        findings.append(finding)
    return assessment_from_dict({"rubric": rubric.ref, "unit": "u", "findings": findings})


SPARSE_RUBRIC = _deduction_rubric()
#: categories of leaves only: the figures kernel's sparse shortcut applies
FLAT_SPARSE_RUBRIC = _deduction_rubric(groups=False)


@pytest.mark.parametrize("rubric", [SPARSE_RUBRIC, FLAT_SPARSE_RUBRIC], ids=["groups", "flat"])
@SETTINGS
@given(data=st.data(), explain=st.booleans())
def test_sparse_fast_path_equals_the_engine(rubric: Rubric, data: st.DataObject,
                                            explain: bool) -> None:
    batch = data.draw(st.lists(sparse_assessments(rubric), min_size=1, max_size=6))
    for card, assessment in zip(score_many(rubric, batch, explain=explain), batch, strict=True):
        same(card, score(rubric, assessment, explain=explain))


def test_a_claim_met_before_the_sparse_shortcut_gives_up_is_counted_once() -> None:
    # The finding on category k1 itself ends the shortcut after k0.i1's claim was read.
    rubric = FLAT_SPARSE_RUBRIC
    assessment = assessment_from_dict({"rubric": rubric.ref, "unit": "u", "findings": [
        {"criterion": "k0.i1", "hits": [{"rule": "half"}], "claimed": Decimal("1.5")},
        {"criterion": "k1", "hits": [{"rule": "g"}]}]})
    card = next(score_many(rubric, [assessment]))
    # k0.i1 is worth 1.5 and loses 0.50: computed 1.00 against the claimed 1.5
    assert [(d.path, d.claimed, d.computed) for d in card.discrepancies] == [
        ("k0.i1", Decimal("1.5"), Decimal("1.00"))]
    same(card, score(rubric, assessment))


def test_untouched_categories_share_their_default_result() -> None:
    rubric = SPARSE_RUBRIC
    one = assessment_from_dict({"rubric": rubric.ref, "unit": "u", "findings": [
        {"criterion": "k0.i1", "hits": [{"rule": "half"}]}]})
    two = attrs.evolve(one, unit="v")
    first, second = score_many(rubric, [one, two], explain=False)
    # Category k0 was recomputed for each; the others are one shared frozen value.
    assert first.categories[0] is not second.categories[0]
    assert first.categories[0] == second.categories[0]
    for a, b in zip(first.categories[1:], second.categories[1:], strict=True):
        assert a is b
    same(first, score(rubric, one, explain=False))


# --- laziness ---------------------------------------------------------------------------------


def test_score_many_is_lazy() -> None:
    rubric = SPARSE_RUBRIC
    taken: list[int] = []

    def stream() -> Iterator[Assessment]:
        for i in itertools.count():
            taken.append(i)
            yield assessment_from_dict({"rubric": rubric.ref, "unit": f"u{i}", "findings": [
                {"criterion": f"k{i % 6}.i{i % 8}", "hits": [{"rule": "fixed", "count": i}]}]})

    cards = score_many(rubric, stream(), explain=False)
    assert taken == []  # nothing read before the first card is asked for
    first = next(cards)
    assert taken == [0]
    assert first.unit == "u0"
    assert [c.unit for c in itertools.islice(cards, 3)] == ["u1", "u2", "u3"]
    assert taken == [0, 1, 2, 3]  # one assessment read per scorecard, no read-ahead


def test_an_error_stops_the_stream_at_the_bad_assessment() -> None:
    rubric = SPARSE_RUBRIC
    good = assessment_from_dict({"rubric": rubric.ref, "unit": "good"})
    bad = assessment_from_dict({"rubric": rubric.ref, "unit": "bad", "findings": [
        {"criterion": "k0.nope", "hits": []}]})
    cards = score_many(rubric, [good, bad, good])
    assert next(cards).unit == "good"
    with pytest.raises(AssessmentError) as caught:
        next(cards)
    with pytest.raises(AssessmentError) as direct:
        score(rubric, bad)
    assert str(caught.value) == str(direct.value)


# --- figures first: item trees built on first read ----------------------------------------------


def _pending(card: Scorecard) -> Any:
    try:
        return object.__getattribute__(card, "_pending")
    except AttributeError:
        return None


def _plain(rubric: Rubric, unit: str, *findings: dict[str, Any]) -> Assessment:
    return assessment_from_dict({"rubric": rubric.ref, "unit": unit, "findings": list(findings)})


KINDS = {
    "sparse": [{"criterion": "k0.i1", "hits": [{"rule": "half", "count": 2}]}],
    "claims": [{"criterion": "k1.i2", "hits": [{"rule": "fixed"}], "claimed": Decimal("0.95")},
               {"criterion": "k1", "claimed": 10}],
    "not applicable": [{"criterion": "k2.i3", "not_applicable": True, "reason": "无此业务"}],
    "group hits": [{"criterion": "k3.grp", "hits": [{"rule": "g", "count": 3}]}],
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("explain", [True, False])
def test_the_item_tree_is_built_on_first_read(kind: str, explain: bool) -> None:
    rubric = SPARSE_RUBRIC
    assessment = _plain(rubric, kind, *KINDS[kind])
    card = next(score_many(rubric, [assessment], explain=explain))
    want = score(rubric, assessment, explain=explain)
    assert _pending(card) is not None  # the kernel scored it; nothing built yet
    assert card.total == want.total
    assert card.outcome == want.outcome
    assert card.discrepancies == want.discrepancies
    assert _pending(card) is not None  # figures are read without building the tree
    assert card.categories == want.categories
    assert _pending(card) is None  # built once, now plain fields
    same(card, want)


@pytest.mark.parametrize("explain", [True, False])
def test_a_deferred_scorecard_behaves_like_any_other(explain: bool) -> None:
    import copy
    import pickle

    rubric = SPARSE_RUBRIC
    assessment = _plain(rubric, "u", *KINDS["sparse"])
    want = score(rubric, assessment, explain=explain)

    def fresh() -> Scorecard:
        card = next(score_many(rubric, [assessment], explain=explain))
        assert _pending(card) is not None
        return card

    same(pickle.loads(pickle.dumps(fresh())), want)
    same(copy.deepcopy(fresh()), want)
    same(attrs.evolve(fresh(), unit="v"), attrs.evolve(want, unit="v"))
    assert fresh().to_dict() == want.to_dict()
    assert fresh().item("k0.i1") == want.item("k0.i1")
    assert attrs.asdict(fresh()) == attrs.asdict(want)
    assert fresh() == want
    assert want == fresh()
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        fresh().nope  # type: ignore[attr-defined]  # noqa: B018


def test_item_trees_may_be_read_from_other_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    rubric = SPARSE_RUBRIC
    batch = [_plain(rubric, str(n), {"criterion": f"k{n % 6}.i{n % 8}",
                                     "hits": [{"rule": "fixed", "count": n % 7}]})
             for n in range(60)]
    with ThreadPoolExecutor(4) as pool:
        trees = list(pool.map(lambda card: card.categories, score_many(rubric, batch)))
    for tree, assessment in zip(trees, batch, strict=True):
        assert tree == score(rubric, assessment).categories


# --- assessments that do not fit ---------------------------------------------------------------


def _break(assessment: Assessment, rubric: Rubric, how: int, draw: st.DrawFn) -> Assessment:
    findings = list(assessment.findings)
    path = draw(st.sampled_from([p for p, item in walk(rubric) if not item.criteria]))
    if how == 0:  # an unknown item
        findings.append(Finding(criterion=f"{path}.nope"))
    elif how == 1 and findings:  # a duplicate finding
        findings.append(findings[0])
    elif how == 2:  # a finding with an entry its method does not read, or a wrong one
        findings = [f for f in findings if f.criterion != path]
        findings.append(Finding(criterion=path, tier="nope", points=Decimal(1000),
                                rate=Decimal(101), hits=(RuleHit("nope"),)))
    elif how == 3:  # a required finding missing
        findings = [f for f in findings if f.criterion != path]
    elif how == 4:  # too many decimal places
        findings = [attrs.evolve(f, claimed=Decimal("0.001")) if f.criterion == path else f
                    for f in findings]
    elif how == 5:  # not applicable without a reason
        findings = [f for f in findings if f.criterion != path]
        findings.append(Finding(criterion=path, not_applicable=True))
    elif how == 6:
        return attrs.evolve(assessment, rubric="other@1")
    elif how == 7 and findings:  # a group's finding on a leaf entry
        findings[0] = attrs.evolve(findings[0], met=True)
    return attrs.evolve(assessment, findings=tuple(findings))


@st.composite
def broken(draw: st.DrawFn) -> tuple[Rubric, Assessment]:
    rubric = draw(rubrics())
    assessment = draw(assessments(rubric))
    return rubric, _break(assessment, rubric, draw(st.integers(0, 7)), draw)


@SETTINGS
@given(broken(), st.booleans())
def test_errors_are_the_errors_of_score(case: tuple[Rubric, Assessment], explain: bool) -> None:
    rubric, assessment = case

    def outcome(run: Any) -> Any:
        try:
            return run()
        except AssessmentError as exc:
            return ("error", str(exc), exc.path)

    expected = outcome(lambda: score(rubric, assessment, explain=explain))
    got = outcome(lambda: next(score_many(rubric, [assessment], explain=explain)))
    assert got == expected
    assert repr(got) == repr(expected)


# --- plugin methods and other sets of methods ---------------------------------------------------


class Halved(Deduct):
    """A plugin's method: deductions count half."""

    name = "halved"

    def score(self, item: Any, finding: Any) -> Any:
        parts = super().score(item, finding)
        return (parts[0], *(attrs.evolve(p, points=p.points / 2) for p in parts[1:]))


def test_a_plugins_method_is_scored_by_the_engine() -> None:
    methods = {**BUILTIN_METHODS, "halved": Halved()}
    rules = [{"id": "r", "text": "扣1分", "deduct": 1}]
    rubric = rubric_from_dict({
        "id": "plug", "version": "1", "title": "t", "provenance": "illustrative", "source": "s",
        "total": 4, "categories": [
            {"id": "a", "title": "a", "points": 2, "criteria": [
                {"id": "x", "title": "x", "points": 1, "method": "halved", "rules": rules},
                {"id": "y", "title": "y", "points": 1, "method": "deduct", "rules": rules}]},
            {"id": "b", "title": "b", "points": 2, "method": "halved", "rules": rules}]},
        methods=methods)
    batch = [assessment_from_dict({"rubric": rubric.ref, "unit": str(n), "findings": [
        {"criterion": "a.x", "hits": [{"rule": "r", "count": n}]},
        {"criterion": "b", "hits": [{"rule": "r", "count": n + 1}]}]}) for n in range(3)]
    for explain in (True, False):
        got = list(score_many(rubric, batch, methods=methods, explain=explain))
        for card, assessment in zip(got, batch, strict=True):
            same(card, score(rubric, assessment, methods=methods, explain=explain))
    # Without the plugin's method installed, score_many fails exactly as score does.
    with pytest.raises(AssessmentError) as direct:
        score(rubric, batch[0])
    with pytest.raises(AssessmentError) as many:
        list(score_many(rubric, batch[:1]))
    assert str(many.value) == str(direct.value)


def test_plugins_are_recorded() -> None:
    rubric = SPARSE_RUBRIC
    assessment = assessment_from_dict({"rubric": rubric.ref, "unit": "u"})
    plugins = {"civscore-x": "1.0", "civscore-a": "2.0"}
    first, second = score_many(rubric, [assessment, assessment], plugins=plugins)
    same(first, score(rubric, assessment, plugins=plugins))
    assert first.plugins is not second.plugins  # each scorecard its own dict


# --- decimal contexts and odd Python values: score_many does what score does ----------------


def _outcome(run: Any) -> Any:
    """A scorecard's repr, or the error raised (its type, text and path)."""
    try:
        return repr(run())
    except Exception as exc:  # any error score raises, score_many must raise too
        return (type(exc).__name__, str(exc), getattr(exc, "path", None))


def _agree(rubric: Rubric, batch: list[Assessment], explain: bool,
           contexts: list[decimal.Context] | None = None) -> None:
    """Each ``next()`` of one score_many iterator, in its own context, gives
    what score gives in that context (the item tree read at once)."""
    stream = score_many(rubric, batch, explain=explain)
    for i, assessment in enumerate(batch):
        with decimal.localcontext(contexts[i] if contexts else decimal.getcontext()):
            expected = _outcome(lambda a=assessment: score(rubric, a, explain=explain))
            got = _outcome(lambda: next(stream))
        assert got == expected
        if not isinstance(expected, str):
            break  # the stream stops at the error


_TIERS_AND_POINTS = rubric_from_dict({
    "id": "ctx", "version": "1", "title": "t", "provenance": "illustrative", "source": "test",
    "total": 20, "point_places": 5, "categories": [
        {"id": "t", "title": "t", "points": 10, "method": "tiered",
         "tiers": [{"id": "a", "title": "a", "points": Decimal("1.23456")}]},
        {"id": "e", "title": "e", "points": 10, "method": "direct"}]})


def _tiered_and_direct(points: Any) -> Assessment:
    return Assessment(rubric=_TIERS_AND_POINTS.ref, unit="u", findings=(
        Finding("t", tier="a"), Finding("e", points=points)))


@pytest.mark.parametrize("explain", [True, False])
def test_a_plan_first_compiled_in_a_small_context_works_out_exact_values(explain: bool) -> None:
    rubric = attrs.evolve(_TIERS_AND_POINTS, id="ctx-first")  # a rubric never scored yet
    assessment = attrs.evolve(_tiered_and_direct(Decimal("1.23456")), rubric=rubric.ref)
    with decimal.localcontext(prec=4):
        list(score_many(rubric, [assessment]))  # compiles and caches the plans
    _agree(rubric, [assessment], explain)  # the default context: 2.46912, not 2.469


@pytest.mark.parametrize("explain", [True, False])
def test_the_context_may_change_between_scorecards(explain: bool) -> None:
    batch = [_tiered_and_direct(Decimal("1.23456")) for _ in range(4)]
    small, floor = decimal.Context(prec=4), decimal.Context(rounding=decimal.ROUND_FLOOR)
    _agree(_TIERS_AND_POINTS, batch, explain,
           [small, decimal.Context(), floor, decimal.Context()])


def test_the_item_tree_is_built_in_the_context_the_figures_were() -> None:
    assessment = _tiered_and_direct(Decimal("1.23456"))
    expected = score(_TIERS_AND_POINTS, assessment)
    card = next(score_many(_TIERS_AND_POINTS, [assessment]))
    with decimal.localcontext(prec=3):
        _ = card.categories  # the tree is first read here
    same(card, expected)


@pytest.mark.parametrize("explain", [True, False])
def test_the_sparse_shortcut_in_a_small_context(explain: bool) -> None:
    # 0.25 + 8 × 12.5 = 100.25 needs five digits: with four, the sums are rounded.
    leaves = [{"id": "a", "title": "a", "points": Decimal("0.25"), "method": "deduct",
               "rules": [{"id": "x", "text": "x", "deduct": Decimal("0.25")}]}]
    leaves += [{"id": f"b{i}", "title": "b", "points": Decimal("12.5"), "method": "deduct",
                "rules": [{"id": "x", "text": "x", "deduct": 1}]} for i in range(8)]
    rubric = rubric_from_dict({
        "id": "narrow", "version": "1", "title": "t", "provenance": "illustrative",
        "source": "test", "total": Decimal("100.25"),
        "categories": [{"id": "c", "title": "c", "points": Decimal("100.25"),
                        "criteria": leaves}]})
    assessment = assessment_from_dict({"rubric": rubric.ref, "unit": "u", "findings": [
        {"criterion": "c.b0", "hits": [{"rule": "x"}]}]})
    _agree(rubric, [assessment] * 3, explain, [decimal.Context(prec=4)] * 3)


@pytest.mark.parametrize("explain", [True, False])
@pytest.mark.parametrize("odd", [1.5, "1.5", 2, None], ids=["float", "str", "int", "none"])
def test_points_of_another_type_are_not_taken_for_a_decimal(explain: bool, odd: Any) -> None:
    # A Decimal of the same text is scored (and memoised) first.
    first = _tiered_and_direct(Decimal(str(odd or 0)))
    _agree(_TIERS_AND_POINTS, [first, _tiered_and_direct(odd)], explain)


@pytest.mark.parametrize("explain", [True, False])
@pytest.mark.parametrize("count", [True, 1.0, "1", None], ids=["bool", "float", "str", "none"])
def test_counts_of_another_type_are_not_taken_for_an_int(explain: bool, count: Any) -> None:
    rubric = SPARSE_RUBRIC
    one = assessment_from_dict({"rubric": rubric.ref, "unit": "u", "findings": [
        {"criterion": f"k{c}.i{i}", "hits": [{"rule": "fixed"}]}
        for c in range(6) for i in range(8)]})  # dense: the kernel's one pass

    def counted(assessment: Assessment, how: Any) -> Assessment:
        return attrs.evolve(assessment, findings=tuple(
            attrs.evolve(f, hits=(RuleHit("fixed", count=how),)) for f in assessment.findings))

    _agree(rubric, [one, counted(one, count)], explain)


@pytest.mark.parametrize("explain", [True, False])
def test_no_hits_at_all_is_not_taken_for_empty_hits(explain: bool) -> None:
    rubric = SPARSE_RUBRIC
    assessment = Assessment(rubric=rubric.ref, unit="u",
                            findings=(Finding("k0.i0", hits=None),))  # type: ignore[arg-type]
    _agree(rubric, [assessment], explain)


