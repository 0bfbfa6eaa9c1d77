"""Rendering a scorecard for people: a text table, Markdown and CSV.

Labels are Chinese, as the locality staff who read scorecards expect.
Columns are aligned by display width: a CJK character counts as two columns.
Rendering never changes a figure: every point is printed exactly as computed
(the rounded total is shown beside the raw one), except that a rescaled
figure with more than :data:`SHOWN_PLACES` decimal places is shown rounded to
them and marked ``≈``.

:func:`table`, :func:`pad` and :func:`display_width` are the one implementation
of that alignment; the command line's tables use them too.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from civscore.model.points import to_text
from civscore.results.scorecard import BonusLine, ItemResult, LevelCheck, PenaltyLine, Scorecard

__all__ = [
    "FLOOR_LABEL",
    "FORMULA_STARTS",
    "ILLUSTRATIVE_LEGEND",
    "ILLUSTRATIVE_MARK",
    "SHOWN_PLACES",
    "STATUS_LABELS",
    "csv_text",
    "display_width",
    "marks_illustrative",
    "pad",
    "rank",
    "render_csv",
    "render_markdown",
    "render_text",
    "rows",
    "shown",
    "table",
]

#: Chinese labels of the outcome statuses.
STATUS_LABELS = {
    "awarded": "达标",
    "not_awarded": "未达标",
    "vetoed": "一票否决",
    "ineligible": "不得申报",
    "not_assessable": "未能测评",
    "unrated": "未评定等次",
}

_HEADER = ("项目", "应得分", "实得分", "自评分", "差异")

#: The row of the points added to a total below 0 to bring it to 0
#: (``total.floor_adjustment``).
FLOOR_LABEL = "调整（总分低于0分，按0分计）"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (East Asian wide and full-width
    characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` filled with spaces to ``width`` display columns (see
    :func:`display_width`): spaces after it, or before it when ``right``
    (right-aligned).  Text as wide as ``width`` or wider is returned as is."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def table(header: Sequence[str], body: Sequence[Sequence[str]],
          right: Iterable[int] = ()) -> list[str]:
    """The lines of a text table: ``header``, a rule of dashes under it, then
    the ``body`` rows.  Each column is as wide as its widest cell by display
    width (a CJK character takes two columns), columns are two spaces apart,
    and the columns whose indexes (from 0) are in ``right`` are right-aligned.
    Lines carry no trailing spaces."""
    right = set(right)
    widths = [max(display_width(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = []
    for n, row in enumerate([header, *body]):
        lines.append("  ".join(pad(c, widths[i], i in right) for i, c in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


#: Figures with more decimal places than this (only rescaled ones, 按比例折算)
#: are shown rounded to it, marked with ≈; the JSON form keeps every digit.
SHOWN_PLACES = 4


def shown(value: object) -> str:
    """A figure as shown: a point exactly (``to_text``), but one with more than
    :data:`SHOWN_PLACES` decimal places rounded to them and marked ``≈``;
    ``None`` as an empty cell, anything else as ``str``."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = to_text(value)
        if "." in text and len(text.split(".")[1]) > SHOWN_PLACES:
            return "≈" + to_text(value.quantize(Decimal(1).scaleb(-SHOWN_PLACES)))
        return text
    return str(value)


def _signed(value: object) -> str:
    if isinstance(value, Decimal) and value:
        return ("+" if value > 0 else "") + to_text(value)
    return ""


def _with_sign(sign: str, value: Decimal) -> str:
    """``value`` as shown with ``sign`` before it (after ``≈`` when rounded)."""
    text = shown(value)
    return "≈" + sign + text[1:] if text.startswith("≈") else sign + text


def _rounded(card: Scorecard) -> str:
    """The rounded total with the rubric's decimal places (97 → ``97.0``)."""
    return format(card.total.rounded.quantize(Decimal(1).scaleb(-card.total.places)), "f")


def _mark(node: ItemResult, unassessed: frozenset[str]) -> str:
    """What the tables add to an item's title: 不适用, 全部不适用 (a group
    whose every sub-item is not applicable) or 未评 (no finding, ``flag``)."""
    if node.not_applicable:
        return "（不适用）"
    if node.nothing_applicable:
        return "（全部不适用）"
    return "（未评）" if node.path in unassessed else ""


#: Beside the points of an invented item, when other items were read.
ILLUSTRATIVE_MARK = "※"
#: The legend under a table that carries :data:`ILLUSTRATIVE_MARK`.
ILLUSTRATIVE_LEGEND = (f"{ILLUSTRATIVE_MARK} 示例分值：该项分值系虚构（illustrative），"
                       "并非读自文件；其余分值读自测评体系原文（quoted/official）")


def _items(nodes: Iterable[ItemResult]) -> Iterator[ItemResult]:
    for node in nodes:
        yield node
        yield from _items(node.children)


def marks_illustrative(card: Scorecard) -> bool:
    """True when some of the scorecard's points (items, bonus and penalty
    lines, level thresholds) were read and others invented: the invented ones
    are then marked beside their points (a rubric invented throughout says so
    once, in its warning)."""
    parts: list[ItemResult | BonusLine | PenaltyLine | LevelCheck] = [
        *_items(card.categories), *card.bonus.lines, *card.penalties.lines, *card.levels]
    kinds = {part.provenance or card.rubric.provenance for part in parts}
    return "illustrative" in kinds and len(kinds) > 1


def _invented(mark: bool, lines: Iterable[BonusLine | PenaltyLine]) -> str:
    """The mark for a bonus or penalty total, when a line counted was invented."""
    return ILLUSTRATIVE_MARK if mark and any(
        line.provenance == "illustrative" and line.points for line in lines) else ""


def _item_rows(node: ItemResult, depth: int, mark: bool,
               unassessed: frozenset[str]) -> Iterator[tuple[str, ...]]:
    name = "  " * depth + node.title + _mark(node, unassessed)
    diff = node.claimed - node.score if node.claimed is not None else None
    points = shown(node.points)
    if mark and node.provenance == "illustrative":
        points += ILLUSTRATIVE_MARK
    yield (name, points, shown(node.score), shown(node.claimed), _signed(diff))
    for child in node.children:
        yield from _item_rows(child, depth + 1, mark, unassessed)


def rows(card: Scorecard) -> list[tuple[str, ...]]:
    """The table rows: items (marked 不适用, 全部不适用 or 未评), then base,
    bonus (and under it each bonus line: what it earned, what counted and
    why not more), penalties, the adjustment of a total floored at 0
    (:data:`FLOOR_LABEL`) and total: the base (after 按比例折算), bonus,
    penalties and adjustment rows add up to the total row.  An item whose points were
    invented, in a rubric whose other points were read, has
    :data:`ILLUSTRATIVE_MARK` beside its points."""
    out: list[tuple[str, ...]] = []
    mark = marks_illustrative(card)
    unassessed = frozenset(card.unassessed)
    for category in card.categories:
        out.extend(_item_rows(category, 0, mark, unassessed))
    base = card.base
    out.append(("基本分合计", shown(base.points), shown(base.raw), "", ""))
    if base.factor != 1:
        out.append((f"按比例折算（有效满分{shown(base.effective_max)}）", shown(base.points),
                    shown(base.scaled), "", ""))
    if card.bonus.lines or card.bonus.cap is not None:
        cap = f"（上限{shown(card.bonus.cap)}）" if card.bonus.cap is not None else ""
        if card.bonus.withheld:
            cap += f"（基本分未达要求，{shown(card.bonus.withheld)}分不计）"
        out.append((f"加分{cap}", "", shown(card.bonus.total) + _invented(mark, card.bonus.lines),
                    "", ""))
        out.extend(("  " + _bonus_label(line), shown(line.points) + _invented(mark, (line,)),
                    shown(line.counted), "", "") for line in card.bonus.lines)
    if card.penalties.lines:
        out.append(("负面清单扣分", "", _with_sign("-", card.penalties.total)
                    + _invented(mark, card.penalties.lines), "", ""))
    total = card.total
    if total.floor_adjustment:
        out.append((FLOOR_LABEL, "", _with_sign("+", total.floor_adjustment), "", ""))
    diff = card.claimed_total - total.raw if card.claimed_total is not None else None
    out.append(("总分", shown(base.points), shown(total.raw), shown(card.claimed_total),
                _signed(diff)))
    return out


def _bonus_label(line: BonusLine) -> str:
    """A bonus line as the tables show it: its text, project, count and why
    it counts less than it earned (最多计1次 …); 应得分 is what it earned."""
    project = f"（{line.project}）" if line.project else ""
    count = f"×{line.count}" if line.count != 1 else ""
    return f"{line.text}{project}{count}" + (f"：{line.reason}" if line.reason else "")


def _outcome_line(card: Scorecard) -> str:
    outcome = card.outcome
    label = STATUS_LABELS[outcome.status]
    if outcome.status == "awarded":
        invented = marks_illustrative(card) and any(
            lv.level == outcome.level and lv.provenance == "illustrative" for lv in card.levels)
        note = f"（达标分数为示例{ILLUSTRATIVE_MARK}）" if invented else ""
        return f"结果：{label}，评定为“{outcome.title}”{note}"
    reasons = "；".join(outcome.reasons)
    return f"结果：{label}" + (f"（{reasons}）" if reasons else "")


def render_text(card: Scorecard, *, explain: bool = False) -> str:
    """A plain-text scorecard with aligned columns and Chinese labels.

    :param explain: add points lost (largest first), the distance to the
        next level, and the audit trail.
    """
    info = card.rubric
    lines = [f"{info.title}（{info.id}@{info.version}，{info.provenance}）",
             f"被测评单位：{card.unit}" + (f"    年度：{card.period}" if card.period else ""), ""]
    lines.extend(table(_HEADER, rows(card), right=range(1, len(_HEADER))))
    if marks_illustrative(card):
        lines.append(ILLUSTRATIVE_LEGEND)
    lines.append("")
    total = card.total
    lines.append(f"总分：{_rounded(card)}（精确值 {shown(total.raw)}，"
                 f"{total.mode} 保留{total.places}位小数）")
    lines.append(_outcome_line(card))
    listed = [e for e in card.evidence if e.points or e.score]
    if len(listed) > 1:
        lines.append("按测评方法：" + "，".join(
            f"{e.evidence} {shown(e.score)}/{shown(e.points)}" for e in listed))
    if card.discrepancies:
        lines.append("自评与核算不符：")
        for d in card.discrepancies:
            what = "自评各项之和" if d.level == "claimed-sum" else "核算"
            lines.append(f"  {d.path}：自评 {shown(d.claimed)}，{what} {shown(d.computed)}"
                         f"（差 {_signed(d.difference)}）")
    for warning in card.warnings:
        lines.append(f"注意：{warning}")
    if explain:
        lines.extend(_explanation(card))
    return "\n".join(lines) + "\n"


def _explanation(card: Scorecard) -> Iterator[str]:
    if card.next_level is not None:
        nxt = card.next_level
        yield (f"距“{nxt.title}”（{shown(nxt.min_total)}分）还差 {shown(nxt.gap)} 分"
               + ("；" + "；".join(nxt.unmet) if nxt.unmet else ""))
    if card.losses:
        yield "失分（从多到少）："
        for loss in card.losses:
            rule = f"［{loss.ref}］{loss.text}" if loss.ref else loss.text
            yield f"  -{shown(loss.points)}  {loss.path}  {rule}"
    if card.audit:
        yield "计算记录："
        for event in card.audit:
            amount = f"（{_signed(event.amount) or shown(event.amount)}）" if event.amount else ""
            yield f"  [{event.step}] {event.kind} {event.path}：{event.message}{amount}"


def render_markdown(card: Scorecard, *, explain: bool = False) -> str:
    """The scorecard as a Markdown table (GitHub flavour), with the outcome below."""
    info = card.rubric
    lines = [f"## {info.title}", "",
             f"- 测评体系：`{info.id}@{info.version}`（{info.provenance}）",
             f"- 被测评单位：{card.unit}", ""]
    lines.append("| " + " | ".join(_HEADER) + " |")
    lines.append("|" + "|".join([" --- "] + [" ---: "] * (len(_HEADER) - 1)) + "|")
    for row in rows(card):
        cells = [c.replace("|", "\\|").strip() for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if marks_illustrative(card):
        lines.extend([ILLUSTRATIVE_LEGEND, ""])
    lines.append(f"**{_outcome_line(card)}**；总分 {_rounded(card)}"
                 f"（精确值 {shown(card.total.raw)}）")
    for d in card.discrepancies:
        what = "自评各项之和" if d.level == "claimed-sum" else "核算"
        lines.append(f"- 自评与核算不符 `{d.path}`：自评 {shown(d.claimed)}，"
                     f"{what} {shown(d.computed)}")
    for warning in card.warnings:
        lines.append(f"- 注意：{warning}")
    if explain:
        lines.append("")
        lines.extend(f"    {line}" for line in _explanation(card))
    return "\n".join(lines) + "\n"


#: The first characters that make a spreadsheet read a CSV cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """``text`` for a CSV cell a spreadsheet opens: with a ``'`` in front when
    it starts as a formula would (``=1+2``, ``@SUM(…)``, ``-x``), so that Excel
    shows it as the text it is and never runs it.  For names that come from
    an assessment (a unit's, an assessor's); numbers are written as they are."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv(card: Scorecard) -> str:
    """One row per item (path, title, points, effective max, score, claimed,
    not applicable — ``true``, ``all`` for a group whose every sub-item is
    not applicable, else ``false`` —, provenance: ``illustrative`` for
    invented points, and unassessed, 未评), then the totals, each bonus line
    after ``$bonus`` (``$bonus.<item>``: points earned and counted); UTF-8
    text with a header row.  The scores of ``$base``, ``$bonus``,
    ``$penalties`` (negative) and ``$floor_adjustment`` add up to ``$total``."""
    import csv  # noqa: PLC0415 (start-up: only --format csv needs it)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["path", "title", "points", "effective_max", "score", "claimed",
                     "not_applicable", "provenance", "unassessed"])
    unassessed = frozenset(card.unassessed)
    for node in _items(card.categories):
        na = "true" if node.not_applicable else "all" if node.nothing_applicable else "false"
        writer.writerow([node.path, node.title, shown(node.points), shown(node.effective_max),
                         shown(node.score), shown(node.claimed), na,
                         node.provenance or card.rubric.provenance,
                         "true" if node.path in unassessed else "false"])
    writer.writerow(["$base", "基本分", shown(card.base.points), shown(card.base.effective_max),
                     shown(card.base.scaled), "", "", "", ""])
    writer.writerow(["$bonus", "加分", shown(card.bonus.cap), "", shown(card.bonus.total), "", "",
                     "", ""])
    for line in card.bonus.lines:
        writer.writerow([f"$bonus.{line.item}", _bonus_label(line), shown(line.points), "",
                         shown(line.counted), "", "", line.provenance or card.rubric.provenance,
                         ""])
    writer.writerow(["$penalties", "负面清单", "", "", shown(-card.penalties.total), "", "", "",
                     ""])
    writer.writerow(["$floor_adjustment", FLOOR_LABEL, "", "",
                     shown(card.total.floor_adjustment), "", "", "", ""])
    writer.writerow(["$total", "总分", shown(card.base.points), "", shown(card.total.raw),
                     shown(card.claimed_total), "", "", ""])
    writer.writerow(["$total_rounded", "总分（取舍后）", "", "", shown(card.total.rounded), "", "",
                     "", ""])
    return buffer.getvalue()


def rank(cards: Sequence[Scorecard]) -> list[tuple[int, Scorecard]]:
    """The cards by the total the levels compare, highest first, each with
    its rank (equal totals share a rank: 1, 2, 2, 4)."""
    ordered = sorted(cards, key=lambda c: c.total.compared, reverse=True)
    ranked: list[tuple[int, Scorecard]] = []
    for i, card in enumerate(ordered):
        same = ranked and ranked[-1][1].total.compared == card.total.compared
        ranked.append((ranked[-1][0] if same else i + 1, card))
    return ranked
