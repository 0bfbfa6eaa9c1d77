"""``score`` and ``score_many``: a rubric's plan applied to assessments.

The order of computation is the contract of ``docs/scoring.md``: items by
their method and clamped (1), groups and categories (2), the base total and
evidence subtotals (3), bonus (4), penalties (5), not-applicable rescaling
(6), the total and its rounding (7), vetoes, bars and gates (8), the level
(9) and the explanation (10).  The engine reads no files and prints nothing.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, get_args

from civscore._version import __version__
from civscore.exceptions import AssessmentError, ScoringError
from civscore.messages import use_language
from civscore.model import Assessment, Finding, Rubric, UnassessedPolicy, is_blank
from civscore.model.sources import source_of
from civscore.results import AuditEvent, Scorecard, deferred_scorecard
from civscore.results.scorecard import RESULT_FORMAT
from civscore.scoring import decide
from civscore.scoring.arguments import require, require_callable, require_choice, require_each
from civscore.scoring.explain import explain as explain_items
from civscore.scoring.figures import (
    Invalid,
    ItemFigures,
    base_total,
    evidence,
    item_figures,
    minimum_scores,
    unassessed,
)
from civscore.scoring.guards import said_while
from civscore.scoring.methods import BUILTIN_METHODS, ScoringMethod
from civscore.scoring.plan import CONTEXT, Plan, RubricWarnings, plan_for
from civscore.scoring.validate import (
    AssessmentProblem,
    assessment_problems,
    claims_problems,
    date_problems,
    unit_problems,
)

__all__ = ["score", "score_many"]

#: The ``unassessed`` policies (see :class:`~civscore.model.Rubric`).
POLICIES: tuple[str, ...] = get_args(UnassessedPolicy)
#: The call a rubric check must take (a ``TypeError`` names it).
CHECKS_SHAPE = "checks(rubric, methods) -> warnings"
#: How a card is scored beyond the plan: the unassessed policy and the rubric check.
How = tuple[str, "RubricWarnings | None"]
#: Unassessed items a message names before it says how many more there are.
NAMED = 10


def score(
    rubric: Rubric,
    assessment: Assessment,
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    plugins: Mapping[str, str] | None = None,
    explain: bool = True,
    unassessed: UnassessedPolicy | None = None,
    checks: RubricWarnings | None = None,
) -> Scorecard:
    """Score ``assessment`` against ``rubric``.

    :param methods: scoring methods by name (default: the built-in ones; the
        registry of :mod:`civscore.plugins` passes the plugins' too).
    :param plugins: ``{distribution: version}`` of the plugins involved,
        recorded in the result.
    :param explain: build losses, next level and the audit trail; ``False``
        leaves them empty (totals, outcome and discrepancies are the same).
    :param unassessed: the policy for items left without a finding (未评),
        ``full``, ``flag`` or ``error``, instead of the rubric's
        ``unassessed`` (``None``: the rubric's; ``docs/scoring.md``, step 1).
    :param checks: the rubric's consistency check, ``checks(rubric, methods)``
        giving warnings (strings) that the scorecard's ``warnings`` then
        carry, e.g. :func:`civscore.checks.rubric_warnings` (what
        :meth:`civscore.plugins.Registry.score` and ``civscore score`` pass);
        run once per rubric and set of methods and kept with the compiled
        plan.  ``None`` (the default): the engine checks nothing of the
        rubric beyond what scoring needs.
    :return: the :class:`~civscore.results.Scorecard`; every point exact.
        Its item tree (``categories``), ``losses`` and ``audit`` are built
        from the figures when first read.  Arithmetic runs in civscore's own
        decimal context, so the result does not depend on the caller's.
    :raises AssessmentError: when the assessment does not fit the rubric (an
        unknown item, a value out of range …), naming the key path; under the
        ``error`` policy, when an item has no finding (``$.findings``, naming
        the items).
    :raises ScoringError: when a plugin's scoring method fails.
    :raises TypeError: when ``rubric`` is not a Rubric or ``assessment`` not
        an Assessment, naming the parameter.
    :raises ValueError: when ``unassessed`` is not a policy's name.
    :raises TypeError: when ``checks`` is neither ``None`` nor callable.
    """
    require(rubric, "rubric", Rubric)
    require(assessment, "assessment", Assessment)
    policy = require_choice(unassessed, "unassessed", POLICIES) or rubric.unassessed
    require_callable(checks, "checks", CHECKS_SHAPE)
    plan = plan_for(rubric, BUILTIN_METHODS if methods is None else methods)
    return _scored(plan, assessment, dict(sorted((plugins or {}).items())), explain,
                   (policy, checks))


def score_many(
    rubric: Rubric,
    assessments: Iterable[Assessment],
    *,
    methods: Mapping[str, ScoringMethod] | None = None,
    plugins: Mapping[str, str] | None = None,
    explain: bool = True,
    unassessed: UnassessedPolicy | None = None,
    checks: RubricWarnings | None = None,
) -> Iterator[Scorecard]:
    """Score a stream of assessments against one rubric, lazily.

    ``assessments`` may be any iterable (a generator, a file reader …); the
    next one is read only when the next scorecard is asked for and nothing is
    kept, so memory does not grow with their number.  Each scorecard is the
    one :func:`score` gives with the same arguments; ``checks`` runs once,
    not once per scorecard.

    :raises AssessmentError: at the first assessment that does not fit.
    :raises TypeError: when ``rubric`` is not a Rubric, ``assessments`` not an
        iterable of assessments, or one of them not an Assessment (named as
        ``assessments[i]``), when it is reached; when ``checks`` is neither
        ``None`` nor callable.
    :raises ValueError: when ``unassessed`` is not a policy's name.
    """
    require(rubric, "rubric", Rubric)
    checked = require_each(assessments, "assessments", Assessment)
    policy = require_choice(unassessed, "unassessed", POLICIES) or rubric.unassessed
    require_callable(checks, "checks", CHECKS_SHAPE)
    plan = plan_for(rubric, BUILTIN_METHODS if methods is None else methods)
    return _stream((rubric, plan), checked, dict(sorted((plugins or {}).items())), explain,
                   (policy, checks))


def _stream(held: tuple[Rubric, Plan], assessments: Iterable[Assessment],
            plugins: dict[str, str], explain: bool, how: How) -> Iterator[Scorecard]:
    """The scorecards, one per assessment drawn.  The rubric is held here
    while the stream lives: the plan holds it weakly, and a caller may pass
    a rubric nothing else holds (``score_many(load_rubric(path), …)``)."""
    _rubric, plan = held
    for assessment in assessments:
        yield _scored(plan, assessment, plugins, explain, how)


def _scored(plan: Plan, assessment: Assessment, plugins: dict[str, str],
            explain: bool, how: How) -> Scorecard:
    policy = how[0]
    with decimal.localcontext(CONTEXT):
        try:
            return _card(plan, assessment, plugins, explain, how)
        except Invalid:
            pass
        for problem in assessment_problems(plan.rubric, assessment, plan.methods,
                                           unassessed=policy):
            if problem.severity == "error":
                raise AssessmentError(problem.message, path=problem.path, code=problem.code,
                                      source=source_of(assessment, "<assessment>"))
    raise ScoringError("the assessment was refused but no problem was found; please report "
                       "this as a bug in civscore")


def _card(plan: Plan, assessment: Assessment, plugins: dict[str, str],
          explain: bool, how: How) -> Scorecard:
    policy, checks = how
    rubric = plan.rubric
    if assessment.rubric != rubric.ref:
        raise Invalid
    if (assessment.bonus or assessment.penalties or assessment.vetoes or assessment.bars
            or assessment.gates or assessment.claimed_total is not None) and any(
                p.severity == "error" for p in claims_problems(rubric, assessment)):
        raise Invalid
    dated: list[AssessmentProblem] = []
    if assessment.assessed_on is not None or assessment.vetoes or is_blank(assessment.unit):
        with use_language("zh"):  # the scorecard's warnings are Chinese in every language
            dated = [*date_problems(rubric, assessment), *unit_problems(assessment)]
        if any(p.severity == "error" for p in dated):
            raise Invalid
    figs, failed = _figures(plan, assessment.findings)
    left = unassessed(plan, figs) if policy != "full" else ()
    if left and policy == "error":
        raise Invalid
    base, rescaled = base_total(plan, figs)
    events: list[Any] = [rescaled] if rescaled else []
    bonus = decide.bonus(rubric, assessment, events, base.scaled)
    penalties = decide.penalties(rubric, assessment, events)
    total = decide.total(rubric, base.scaled, bonus.total, penalties.total, events)
    vetoes = decide.vetoes(rubric, assessment, events)
    bars = decide.bars(rubric, assessment, events)
    bar_warnings: list[tuple[str, str]] = []
    if bars:
        with use_language("zh"):
            bar_warnings = decide.bar_warnings(bars)
    gates = decide.gates(rubric, assessment)
    shares = [(plan.nodes[c].item.title, figs.score[c], figs.eff[c])
              for c in plan.categories] if plan.shares else ()
    levels = decide.level_checks(plan, shares, total.compared, gates,
                                 minimum_scores(plan, figs) if plan.minimums else None)
    nothing = all(figs.nothing[c] for c in plan.categories)
    outcome = decide.outcome(rubric, levels, vetoes, bars, events, nothing=nothing)
    nodes, found = plan.nodes, figs.found
    claims = sorted((nodes[i].rank, nodes[i].path, nodes[i].depth, claimed, figs.score[i])
                    for i in figs.claimed if (claimed := found[i].claimed) is not None)
    categories_claimed = [found[c].claimed if c in found else None for c in plan.categories
                          ] if claims else [None] * len(plan.categories)
    discrepancies = decide.discrepancies(assessment, [c[1:] for c in claims],
                                         categories_claimed, total)
    fields = {
        "rubric": plan.info, "civscore_version": __version__, "unit": assessment.unit,
        "period": assessment.period, "base": base,
        "bonus": bonus, "penalties": penalties, "total": total, "outcome": outcome,
        "assessed_on": assessment.assessed_on, "claimed_total": assessment.claimed_total,
        "levels": levels, "discrepancies": discrepancies, "vetoes": vetoes, "bars": bars,
        "gates": gates, "plugins": dict(plugins), "format": RESULT_FORMAT, "unassessed": left,
        "warnings": (*plan.warnings, *plan.check_warnings(checks),
                     *(f"{p.path}: {p.message}" for p in dated),
                     *(f"{path}: {text}" for path, text in bar_warnings),
                     *((unassessed_warning(left),) if left else ()), *failed),
        "next_level": decide.next_level(levels, outcome, total) if explain else None,
    }
    if not explain:
        fields["losses"] = fields["audit"] = ()
    return deferred_scorecard(_explanation(plan, figs, events, explain), **fields)


def _figures(plan: Plan, findings: tuple[Finding, ...]) -> tuple[ItemFigures, tuple[str, ...]]:
    """The item figures, and what a plugin's guarded method said went wrong
    while they were worked out (given as warnings too, and kept for the
    scorecard, so that a point scored as failed says so in the result)."""
    if not plan.may_warn:
        return item_figures(plan, findings), ()
    with said_while() as said:
        figs = item_figures(plan, findings)
    return figs, tuple(said)


def unassessed_warning(paths: tuple[str, ...]) -> str:
    """The warning of a scorecard with items scored without a finding (未评)."""
    shown = "、".join(paths[:NAMED]) + (f"等（另有{len(paths) - NAMED}项）"
                                       if len(paths) > NAMED else "")
    return (f"{len(paths)}项未评（没有测评记录，已按无记录计分：扣分制得满分，得分制得0分）："
            f"{shown}")


def _explanation(plan: Plan, figs: ItemFigures, events: list[Any], explain: bool) -> Any:
    """What builds the card's item tree and evidence subtotals (and, with
    ``explain``, its losses and audit trail) on first read."""

    def build() -> dict[str, Any]:
        with plan.lock, decimal.localcontext(CONTEXT):
            categories, lost, audit = explain_items(plan, figs)
            subtotals = evidence(plan, figs)
            if not explain:
                return {"categories": categories, "evidence": subtotals}
            audit.extend(AuditEvent(*e) for e in events)
            return {"categories": categories, "evidence": subtotals, "losses": lost,
                    "audit": tuple(audit)}

    return build
