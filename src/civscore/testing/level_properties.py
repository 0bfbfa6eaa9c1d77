"""The level properties: ``levels-reachable`` and ``thresholds``.

Both are deterministic: the assessments are constructed (see
:mod:`civscore.testing.search`), not drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from civscore.model import Assessment, Rubric
from civscore.model.points import to_text
from civscore.results.scorecard import Scorecard
from civscore.scoring import score
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod
from civscore.testing.report import Skipped, property_error
from civscore.testing.search import Search, UnsupportedRubricError, cached_search

__all__ = ["check_level_properties"]


def check_level_properties(
    rubric: Rubric, *, methods: Mapping[str, ScoringMethod] | None = None,
) -> list[Skipped]:
    """Check ``levels-reachable`` and ``thresholds`` (both deterministic: the
    assessments are constructed, not drawn).

    :return: what could not be checked, with the reason.
    :raises RubricPropertyError: naming the level's key path.
    """
    methods = BUILTIN_METHODS if methods is None else methods
    if not rubric.levels:
        return [Skipped(p, "$.levels", "the rubric declares no levels")
                for p in ("levels-reachable", "thresholds")]
    skipped: list[Skipped] = []
    try:
        search = cached_search(rubric, methods)
    except UnsupportedRubricError as exc:
        return [Skipped(p, "$.levels", f"no assessment can be constructed: {exc}")
                for p in ("levels-reachable", "thresholds")]

    def run(assessment: Assessment) -> Scorecard:
        return score(rubric, assessment, methods=methods, explain=False)

    rank = {lv.id: (lv.min_total, lv.id) for lv in rubric.levels}
    everything = search.totals(None)
    best_k = everything.bit_length() - 1
    best = search.build(best_k, None)
    best_card = run(best)
    if best_card.total.compared != search.compared(best_k):
        raise property_error(rubric, "levels-reachable", "$.total",
                             f"the best possible items add up to a total of "
                             f"{to_text(search.compared(best_k))} but the engine computes "
                             f"{to_text(best_card.total.compared)}", best)
    for i, level in enumerate(rubric.levels):
        path = f"$.levels[{i}]"
        if best_card.total.compared < level.min_total:
            raise property_error(rubric, "levels-reachable", f"{path}.min_total",
                                 f"{level.title} needs {to_text(level.min_total)} but the best "
                                 f"possible assessment (every item at its best, the most bonus) "
                                 f"totals {to_text(best_card.total.compared)}", best)
        share = level.min_category_share
        if share is not None:
            for j, cat in enumerate(best_card.categories):
                if cat.effective_max and cat.score < share * cat.effective_max:
                    raise property_error(rubric, "levels-reachable", f"{path}.min_category_share",
                                         f"{level.title} needs every category to earn "
                                         f"{to_text(share * 100)}% of its points, but "
                                         f"$.categories[{j}] ({cat.title}) can earn at most "
                                         f"{to_text(cat.score)} of {to_text(cat.points)}", best)
        reachable = search.totals(share)
        if level.max_total is not None:
            k = search.at_least(reachable, level.min_total)
            if k is None or search.compared(k) > level.max_total:
                raise property_error(rubric, "levels-reachable", f"{path}.max_total",
                                     f"no assessment totals between {to_text(level.min_total)} and "
                                     f"{to_text(level.max_total)}, the band of {level.title}")
        skipped.extend(_thresholds(rubric, search, run, rank, i))
    return skipped


def _thresholds(rubric: Rubric, search: Search, run: Callable[[Assessment], Scorecard],
                rank: Mapping[str, tuple[Decimal, str]], i: int) -> list[Skipped]:
    level = rubric.levels[i]
    path = f"$.levels[{i}]"
    if level.minimums:  # construction aims at totals, not at single items' scores
        return [Skipped("thresholds", f"{path}.minimums",
                        f"{level.title} holds items to minimum scores, which the constructed "
                        "assessments do not aim at")]
    skipped = []
    reachable = search.totals(level.min_category_share)
    everything = search.totals(None)

    def lands(k: int, with_share: bool = False) -> tuple[Assessment, Scorecard]:
        assessment = search.build(k, level.min_category_share if with_share else None)
        card = run(assessment)
        if card.total.compared != search.compared(k):
            raise property_error(rubric, "thresholds", "$.total",
                                 f"the items of this assessment add up to a total of "
                                 f"{to_text(search.compared(k))} but the engine computes "
                                 f"{to_text(card.total.compared)}", assessment)
        return assessment, card

    def nearest(target: Decimal) -> str:
        lo, hi = search.below(everything, target), search.above(everything, target)
        found = [to_text(search.compared(k)) for k in (lo, hi) if k is not None]
        return " and ".join(found) or "none"

    for key, target in (("min_total", level.min_total), ("max_total", level.max_total)):
        if target is None:
            continue
        k = search.exact(reachable, target)
        if k is None:
            skipped.append(Skipped("thresholds", f"{path}.{key}",
                                   f"no constructed assessment totals exactly {to_text(target)} "
                                   f"(nearest reachable totals: {nearest(target)})"))
            continue
        assessment, card = lands(k, with_share=True)
        if card.outcome.level != level.id:
            got = card.outcome.level or card.outcome.status
            raise property_error(rubric, "thresholds", f"{path}.{key}",
                                 f"a total of exactly {to_text(target)} lands on {got!r}, not on "
                                 f"{level.id!r} ({level.title}) whose {key} it is", assessment)
    k = search.below(everything, level.min_total)
    if k is not None:
        assessment, card = lands(k)
        below = card.outcome.level
        if below is not None and rank[below] >= rank[level.id]:
            raise property_error(rubric, "thresholds", f"{path}.min_total",
                                 f"a total of {to_text(card.total.compared)}, below the threshold "
                                 f"{to_text(level.min_total)} of {level.title}, lands on {below!r}",
                                 assessment)
    higher = sorted((lv for lv in rubric.levels
                     if level.max_total is not None and lv.min_total > level.max_total),
                    key=lambda lv: (lv.min_total, lv.id))
    if higher and higher[0].minimums:
        skipped.append(Skipped("thresholds", f"{path}.max_total",
                               f"the next level, {higher[0].title}, holds items to minimum "
                               "scores, which the constructed assessments do not aim at"))
    elif level.max_total is not None:
        share = higher[0].min_category_share if higher else None
        k = search.above(search.totals(share), level.max_total)
        if k is not None:
            assessment = search.build(k, share)
            card = run(assessment)
            if card.outcome.status != "awarded":
                after = (f"; the next level, {higher[0].title}, starts at "
                         f"{to_text(higher[0].min_total)}" if higher else
                         "; no level covers totals above it")
                raise property_error(rubric, "thresholds", f"{path}.max_total",
                                     f"a total of {to_text(card.total.compared)}, just above the "
                                     f"band of {level.title} (up to {to_text(level.max_total)}), "
                                     f"lands in no level{after}", assessment)
    return skipped
