"""Checking what a report claims with the scoring engine."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from civscore.extract.pipeline import Extraction
from civscore.messages import message
from civscore.model.points import to_text
from civscore.scoring import assessment_problems, score
from civscore.scoring.methods import ScoringMethod

__all__ = ["ConsistencyFinding", "consistency_report"]


@attrs.frozen
class ConsistencyFinding:
    """One line of the consistency report on a report's claims.

    :ivar code: ``sum`` (earned figures vs the overall claim), ``within``
        (each earned figure at most its allotted), ``allotted`` (the report's
        应得分 vs the rubric's points), ``total`` (the overall 应得分 vs the
        rubric's total), ``unmatched`` (sections or categories left over),
        ``assessment`` (a problem the engine found with the built assessment).
    :ivar ok: whether the claim holds.
    :ivar message: the finding in words, with the figures.
    """

    code: str
    ok: bool
    message: str


def consistency_report(
    extraction: Extraction, methods: Mapping[str, ScoringMethod] | None = None
) -> tuple[ConsistencyFinding, ...]:
    """Check a report's claims with the scoring engine.

    The assessment built from the report is scored against the matched
    rubric: the computed total and the sum of the earned figures are
    compared with the overall claim; each earned figure with its category's
    points; each stated 应得分 with the rubric.

    :return: findings, ``ok`` or not; empty when the report states no scores
        or no rubric was matched.
    """
    report, rubric, match = extraction.report, extraction.rubric, extraction.match
    assessment = extraction.assessment
    if rubric is None or match is None or assessment is None:
        return ()
    out: list[ConsistencyFinding] = []
    problems = [p for p in assessment_problems(rubric, assessment, methods)
                if p.severity == "error"]
    out.extend(ConsistencyFinding("assessment", False, f"{p.path}: {p.message}")
               for p in problems)
    if not problems:
        card = score(rubric, assessment, methods=methods, explain=False)
        parts = sum((m.section.earned for m in match.matches if m.section.earned is not None),
                    Decimal(0))
        claim = report.overall_earned
        if claim is None:
            out.append(ConsistencyFinding(
                "sum", True, message("claims.no-claim", computed=to_text(card.total.raw))))
        else:
            holds = parts == claim and card.total.raw == claim
            out.append(ConsistencyFinding(
                "sum", holds,
                message("claims.sum", parts=to_text(parts), computed=to_text(card.total.raw),
                        claim=to_text(claim))))
    over = [m for m in match.matches
            if m.section.earned is not None and m.section.earned > m.points]
    out.append(ConsistencyFinding(
        "within", not over,
        "; ".join(message("claims.over", title=m.category_title,
                          earned=to_text(m.section.earned or Decimal(0)),
                          points=to_text(m.points)) for m in over)
        or message("claims.within")))
    disagree = [m for m in match.matches if m.points_agree is False]
    out.append(ConsistencyFinding(
        "allotted", not disagree,
        "; ".join(message("claims.disagree", title=m.category_title,
                          allotted=to_text(m.section.allotted or Decimal(0)),
                          points=to_text(m.points)) for m in disagree)
        or message("claims.agree")))
    if report.overall_allotted is not None:
        agree = report.overall_allotted == rubric.total
        out.append(ConsistencyFinding(
            "total", agree,
            message("claims.total-equal" if agree else "claims.total-differ",
                    allotted=to_text(report.overall_allotted), total=to_text(rubric.total))))
    if match.unmatched_sections or match.unmatched_categories:
        left = [s.label for s in match.unmatched_sections] + list(match.unmatched_categories)
        out.append(ConsistencyFinding("unmatched", False,
                                      message("claims.unmatched", names=", ".join(left))))
    return tuple(out)
