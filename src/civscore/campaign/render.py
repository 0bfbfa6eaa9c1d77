"""Rendering panels and campaign results for people: text tables, Markdown
and CSV, with Chinese labels, aligned by display width with
:func:`civscore.results.render.table` and figures shown by
:func:`~civscore.results.render.shown` (exact, or ``≈`` beyond 4 places).
The JSON forms are :func:`panel_dict` and :func:`result_dict`: points as
decimal strings, every digit kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, Literal

from civscore.campaign.panel import Panel
from civscore.campaign.run import CampaignResult
from civscore.campaign.selection import STATUS_LABELS, UnitOutcome
from civscore.campaign.whatif import WhatIf
from civscore.model.serde import unstructure
from civscore.results.render import STATUS_LABELS as CARD_LABELS
from civscore.results.render import csv_text, shown, table

__all__ = ["panel_dict", "render_panel", "render_result", "render_whatif", "result_dict"]

#: The forms the renderings write (JSON is :func:`panel_dict` and :func:`result_dict`).
Format = Literal["table", "markdown", "csv"]


def panel_dict(panel: Panel) -> dict[str, Any]:
    """The JSON-ready form of a panel (points as decimal strings)."""
    data: dict[str, Any] = unstructure(panel)
    return data


def result_dict(result: CampaignResult) -> dict[str, Any]:
    """The JSON-ready form of a campaign result (points as decimal strings)."""
    data: dict[str, Any] = unstructure(result)
    return data


def _outcome_text(panel: Panel) -> str:
    outcome = panel.outcome
    label = CARD_LABELS[outcome.status] + (f"（{outcome.title}）" if outcome.title else "")
    return "结论：" + label + "".join(f"；{r}" for r in outcome.reasons)


def _assessor_rows(panel: Panel) -> list[tuple[str, ...]]:
    return [(f.assessor or f.source, f.role, shown(f.total), shown(f.deviation),
             "是" if f.used else f"否（{f.reason}）", "偏离" if f.divergent else "")
            for f in panel.assessors]


def _item_rows(panel: Panel) -> list[tuple[str, ...]]:
    return [(i.path, i.title, shown(i.points), " / ".join(shown(x) for x in i.figures),
             shown(i.raw), "，".join(i.dropped)) for i in (*panel.categories, *panel.items)]


ASSESSOR_HEADER = ("测评人", "角色", "总分", "与中位数之差", "采用", "提示")
ITEM_HEADER = ("项目", "名称", "应得分", "各测评人得分", "合议分", "去掉")


def render_panel(panel: Panel, form: Format = "table") -> str:
    """``panel`` as ``table`` (text), ``markdown`` or ``csv`` (one row per
    assessor, then one per item, then the combined total)."""
    total = (f"合议总分：{shown(panel.total_rounded)}（精确值 {shown(panel.total_raw)}，"
             f"{panel.mode} 保留{panel.places}位小数），极差 {shown(panel.spread)}")
    head = [f"合议结果：{panel.unit}（{panel.period or '—'}，"
            f"{panel.rubric.id}@{panel.rubric.version}）", f"合议规则：{panel.rule}"]
    roles = [f"{r.role or '全部'}：{shown(r.raw)} × {shown(r.weight)} = {shown(r.weighted)}"
             f"（{r.note or f'{r.count}人'}）" for r in panel.roles if r.role or r.note]
    tail = [total, _outcome_text(panel), *(f"提示：{flag}" for flag in panel.flags)]
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["kind", "name", "role_or_title", "points", "figure", "used_or_combined",
                         "note"])
        for f in panel.assessors:
            writer.writerow(["assessor", csv_text(f.assessor or f.source), csv_text(f.role), "",
                             shown(f.total),
                             "true" if f.used else "false", f.reason])
        for i in (*panel.categories, *panel.items):
            writer.writerow(["item", i.path, i.title, shown(i.points),
                             " / ".join(shown(x) for x in i.figures), shown(i.raw),
                             "，".join(i.dropped)])
        writer.writerow(["total", "$total", "合议总分", shown(panel.rubric.total),
                         shown(panel.total_raw), shown(panel.total_rounded),
                         panel.outcome.status])
        return buffer.getvalue()
    if form == "markdown":
        lines = [f"## {head[0]}", "", f"- {head[1]}", *(f"- {r}" for r in roles), "",
                 *_md(ASSESSOR_HEADER, _assessor_rows(panel)), "",
                 *_md(ITEM_HEADER, _item_rows(panel)), "", *(f"- {t}" for t in tail)]
        return "\n".join(lines) + "\n"
    lines = [*head, *roles, "", *table(ASSESSOR_HEADER, _assessor_rows(panel), right=(2, 3)), "",
             *table(ITEM_HEADER, _item_rows(panel), right=(2, 4)), "", *tail]
    return "\n".join(lines) + "\n"


def _md(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return out


OUTCOME_HEADER = ("名次", "单位", "总分", "结论", "理由", "提示")


def _outcome_rows(outcomes: Sequence[UnitOutcome], held: set[str]) -> list[tuple[str, ...]]:
    return [("复查" if o.unit in held else (str(o.rank) if o.rank is not None else "—"),
             o.unit, shown(o.total), STATUS_LABELS[o.status], "；".join(o.reasons),
             "；".join(o.flags)) for o in outcomes]


def render_result(result: CampaignResult, form: Format = "table", *,
                  review_only: bool = False) -> str:
    """``result`` as ``table`` (text), ``markdown`` or ``csv``: the quota,
    then one row per unit (the reviewed holders, then the ranking) with its
    outcome, reasons and flags; ``review_only`` keeps the holders alone."""
    held = {o.unit for o in result.review}
    outcomes = result.review if review_only else result.outcomes
    rows = _outcome_rows(outcomes, held)
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["rank", "unit", "total", "status", "label", "reasons", "flags"])
        for o, row in zip(outcomes, rows, strict=True):
            writer.writerow([row[0], csv_text(o.unit), row[2], o.status, row[3], row[4], row[5]])
        return buffer.getvalue()
    ranking = result.ranking
    head = [f"{result.title}（{result.id}，{result.year}年，称号：{result.award}）"]
    if not review_only:
        head.append(f"名额：{ranking.quota_text}" + (
            f"；达标线 {shown(ranking.threshold)}" if ranking.threshold is not None else "")
            + (f"；入选线 {shown(ranking.cut)}" if ranking.cut is not None else ""))
    terms = [f"{t.unit}：{t.explain()}" for t in result.terms] if not review_only else []
    counts = "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in _counts(outcomes))
    if form == "markdown":
        lines = [f"## {head[0]}", "", *(f"- {h}" for h in head[1:]), "",
                 *_md(OUTCOME_HEADER, rows), "", f"合计：{counts}"]
        if terms:
            lines += ["", "### 届期累计", "", *(f"- {t}" for t in terms)]
        lines += [line for note in result.notes for line in ("", f"> 注：{note}")]
        return "\n".join(lines) + "\n"
    lines = [*head, "", *table(OUTCOME_HEADER, rows, right=(0, 2)), "", f"合计：{counts}"]
    if terms:
        lines += ["", "届期累计：", *(f"  {t}" for t in terms)]
    if result.notes:
        lines += ["", *(f"注：{note}" for note in result.notes)]
    return "\n".join(lines) + "\n"


def _counts(outcomes: Sequence[UnitOutcome]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return [(s, counts[s]) for s in STATUS_LABELS if s in counts]


WHATIF_HEADER = ("", "项目", "措施", "可挽回")


def render_whatif(result: WhatIf, form: Format = "table") -> str:
    """A what-if as ``table`` (text), ``markdown`` or ``csv``: the goal, what
    is needed, every recoverable action (the chosen ones marked ``✓``) and the
    total once the chosen ones are done."""
    chosen = {id(a) for a in result.chosen}
    rows = [("✓" if id(a) in chosen else "", a.path, a.text, shown(a.delta))
            for a in result.recoverable]
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["chosen", "path", "kind", "ref", "delta", "text"])
        for a in result.recoverable:
            writer.writerow(["true" if id(a) in chosen else "false", a.path, a.kind, a.ref,
                             shown(a.delta), a.text])
        return buffer.getvalue()
    head = f"差距分析：{result.unit}，目标：{result.goal}"
    need = (f"现有{shown(result.current)}分，还差{shown(result.need)}分；"
            f"可挽回措施{len(result.recoverable)}项")
    if result.blocked:
        tail = f"结果已由否决或取消申报条件决定（{'；'.join(result.blocked)}），补分不能改变"
    elif result.need <= 0:
        need = f"现有{shown(result.current)}分，已达到目标，无需补分"
        tail = f"可挽回措施{len(result.recoverable)}项，都不是达到目标所需的"
    elif result.reached:
        tail = (f"最少{len(result.chosen)}项措施（✓）可挽回{shown(result.gain)}分，"
                f"完成后总分{shown(result.total_after)}分")
    else:
        tail = f"全部措施完成后总分{shown(result.total_after)}分，仍未达到目标"
    if not result.exact:
        tail += "（逐项估算与重新计分不一致：以重新计分为准）"
    if form == "markdown":
        listed = ["", *_md(WHATIF_HEADER, rows)] if rows else []
        return "\n".join([f"## {head}", "", f"- {need}", *listed, "", f"- {tail}"]) + "\n"
    listed = ["", *table(WHATIF_HEADER, rows, right=(3,))] if rows else []
    return "\n".join([head, need, *listed, "", tail]) + "\n"
