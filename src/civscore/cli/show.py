"""``civscore show``: a rubric as a tree, with its metadata, points, methods
and rules."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from civscore.cli.inputs import add_encoding_option, input_encoding, resolve_rubric
from civscore.cli.output import emit
from civscore.cli.rubrics import LEVEL_LABELS, locality_label
from civscore.cli.status import EXIT_OK
from civscore.files.template import METHOD_LABELS
from civscore.model.items import item_scale, item_tiers
from civscore.model.points import ZERO, to_text
from civscore.model.provenance import MarkedPart, marked_parts
from civscore.model.serde import unstructure
from civscore.plugins import default_registry
from civscore.results.render import (
    ILLUSTRATIVE_LEGEND,
    ILLUSTRATIVE_MARK,
    display_width,
    pad,
    table,
)
from civscore.scoring import rubric_hash

if TYPE_CHECKING:
    import argparse

    from civscore.model import Criterion, Rubric
    from civscore.plugins import RubricEntry

__all__ = ["configure", "render_rubric", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``civscore show``."""
    parser.add_argument("rubric", metavar="RUBRIC",
                        help="an installed rubric id[@version] (latest version if omitted), "
                             "or a rubric TOML file")
    add_encoding_option(parser, ("rubric",))


def _method_label(item: Criterion) -> str:
    if item.criteria:
        return "子项合计"
    method = item.method or ""
    label = f"{METHOD_LABELS.get(method, '插件方法')} {method}"
    if item.step is not None:
        label += f"（步长{to_text(item.step)}）"
    return label


#: The points cell of an indicator, and the total, of a rubric without points.
UNWEIGHTED_CELL = "未赋分"
UNWEIGHTED_TOTAL = "未赋分（只列测评指标，各指标的分值由叠加 overlay 赋予；不能直接评分）"

#: One line of the rubric tree: the aligned cells of an item or section
#: (label, points, scoring method, evidence method), and its details (amount,
#: text), printed under it without widening the columns.
_Line = tuple[tuple[str, str, str, str], list[tuple[str, str]]]


class _Marks:
    """Each part's provenance, for marking invented points beside them when
    other points of the rubric were read."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.source = rubric.source
        self.parts: dict[str, MarkedPart] = {p.path: p for p in marked_parts(rubric)}
        kinds = {p.provenance for p in self.parts.values() if p.points is not None}
        self.mixed = "illustrative" in kinds and len(kinds) > 1

    def points(self, path: str, text: str) -> str:
        """``text`` (an amount) with the mark when the part's points were invented."""
        part = self.parts[path]
        invented = self.mixed and part.provenance == "illustrative" and part.points is not None
        return text + ILLUSTRATIVE_MARK if invented and text else text

    def origin(self, path: str) -> list[tuple[str, str]]:
        """A detail line naming the part's own provenance and source, if it has one."""
        part = self.parts[path]
        if not part.marked:
            return []
        if part.provenance == "illustrative":
            return [("", "出处：illustrative（示例，非读自文件）")]
        where = f"：{part.source}" if part.source != self.source else ""
        return [("", f"出处：{part.provenance}{where}")]


def _item_lines(item: Criterion, depth: int, evidence: str, path: str,
                marks: _Marks) -> list[_Line]:
    evidence = item.evidence or evidence
    details: list[tuple[str, str]] = marks.origin(path)
    if item.text:
        details.append(("", f"测评标准：{' '.join(item.text.split())}"))
    if item.floor:
        details.append((to_text(item.floor), "最低分"))
    for rule in item.rules:
        if rule.zeroes:
            amount = "→0"
        elif rule.at_most is not None:
            amount = f"≤{to_text(rule.at_most)}"
        elif rule.deduct_range is not None:
            amount = f"-{to_text(rule.deduct_range[0])}~{to_text(rule.deduct_range[1])}"
        else:
            amount = f"-{to_text(rule.deduct or ZERO)}"
        cap = f"（最多扣{to_text(rule.max)}）" if rule.max is not None else ""
        rule_path = f"{path}.rules.{rule.id}"
        details.append((marks.points(rule_path, amount), f"扣分 {rule.id}：{rule.text}{cap}"))
        details.extend(marks.origin(rule_path))
    for std in item.standards:
        cap = f"（最多得{to_text(std.max)}）" if std.max is not None else ""
        details.append((f"+{to_text(std.points)}", f"得分 {std.id}：{std.text}{cap}"))
    scale = item_scale(marks.rubric, item)
    if scale is not None:
        details.append(("", f"评分等级 {scale.id}：{scale.title or scale.id}"))
    details.extend((to_text(t.points), f"档次 {t.id}：{t.title}")
                   for t in item_tiers(marks.rubric, item))
    for band in item.bands:
        bound = (f"≥{to_text(band.at_least)}%" if band.at_least is not None
                 else f">{to_text(band.above or ZERO)}%")
        details.append((to_text(band.points), f"比例 {bound}"))
    if item.target is not None and item.deduct_per_point is not None:
        per = to_text(item.deduct_per_point)
        details.append((f"-{per}", f"目标 {to_text(item.target)}%，每低1个百分点扣{per}分"))
    if item.options:
        details.append(("", "options " + json.dumps(unstructure(item.options),
                                                    ensure_ascii=False)))
    if marks.rubric.weighted:
        points, method = marks.points(path, to_text(item.points)), _method_label(item)
    else:  # an indicator: its points and method come from an overlay
        points, method = UNWEIGHTED_CELL, ""
    cells = ("  " * depth + f"{item.title} [{item.id}]", points, method, evidence)
    lines: list[_Line] = [(cells, details)]
    for child in item.criteria:
        lines.extend(_item_lines(child, depth + 1, evidence, f"{path}.{child.id}", marks))
    return lines


def _section(title: str, points: str, details: list[tuple[str, str]]) -> _Line:
    return (title, points, "", ""), details


def _entry(marks: _Marks, path: str, amount: str, text: str) -> list[tuple[str, str]]:
    """A bonus, penalty, veto, bar or level line, and its own provenance."""
    return [(marks.points(path, amount), text), *marks.origin(path)]


def _extra_lines(rubric: Rubric, marks: _Marks) -> list[_Line]:
    lines: list[_Line] = []
    if rubric.bonus is not None:
        cap = to_text(rubric.bonus.cap) if rubric.bonus.cap is not None else ""
        lines.append(_section("加分" + (f"（上限{cap}）" if cap else ""), cap, [
            line for b in rubric.bonus.items for line in _entry(
                marks, f"bonus.items.{b.id}", f"+{to_text(b.points)}", f"{b.id}：{b.text}"
                + (f"（组 {b.group}）" if b.group else "")
                + (f"（最多{b.max_count}次）" if b.max_count != 1 else ""))]))
    if rubric.penalties:
        lines.append(_section("负面清单", "", [
            line for p in rubric.penalties for line in _entry(
                marks, f"penalties.{p.id}", f"-{to_text(p.deduct)}", f"{p.id}：{p.text}"
                + (f"（最多扣{to_text(p.max)}）" if p.max is not None else ""))]))
    if rubric.vetoes:
        lines.append(_section("一票否决", "", [
            line for v in rubric.vetoes
            for line in _entry(marks, f"vetoes.{v.id}", "", f"{v.id}：{v.text}")]))
    if rubric.bars:
        bars = []
        for bar in rubric.bars:
            window = "".join(f"{n}{unit}" for n, unit in (
                (bar.lookback_years, "年"), (bar.lookback_months, "个月"),
                (bar.lookback_days, "天")) if n)
            text = f"{bar.id}：{bar.text}（回溯{window}）"
            bars.extend(_entry(marks, f"bars.{bar.id}", "", text))
        lines.append(_section("不得申报情形", "", bars))
    if rubric.gates:
        lines.append(_section("前置条件", "", [
            ("", f"{g.id}：{g.text}" + ("（各等次均须满足）" if g.all_levels else ""))
            for g in rubric.gates]))
    if rubric.levels:
        levels = []
        for lv in rubric.levels:
            conds = []
            if lv.max_total is not None:
                conds.append(f"至多{to_text(lv.max_total)}分")
            if lv.min_category_share is not None:
                conds.append(f"每类得分率≥{to_text(lv.min_category_share * 100)}%")
            conds.extend(f"{m.item}≥{to_text(m.at_least)}分" for m in lv.minimums)
            if lv.gates:
                conds.append("前置条件 " + "、".join(lv.gates))
            extra = f"（{'，'.join(conds)}）" if conds else ""
            levels.extend(_entry(marks, f"levels.{lv.id}", f"≥{to_text(lv.min_total)}",
                                 f"{lv.id}：{lv.title}{extra}"))
        lines.append(_section("等次", "", levels))
    return lines


def _fields(pairs: Sequence[tuple[str, str]]) -> list[str]:
    width = max(display_width(k) for k, _v in pairs)
    return [f"{pad(k, width)}  {v}" for k, v in pairs if v]


def render_rubric(rubric: Rubric, entry: RubricEntry | None = None, source: str = "") -> str:
    """A rubric as text: its metadata, then the tree of categories and items
    with points, scoring and evidence methods, and under each item its rules,
    standards, tiers and bands; then bonus, penalties, vetoes, bars, gates and
    levels.  The indicators of a rubric without points show 未赋分.  A part
    with a provenance of its own says so under it; when some points were read
    and others invented, the invented ones are marked ※.
    Columns are aligned for Chinese text."""
    rounding = rubric.rounding
    na = {"rescale": "按比例折算 (rescale)", "zero": "计0分 (zero)", "forbid": "不允许 (forbid)"}
    pairs = [
        ("测评体系", rubric.ref),
        ("地区", locality_label(rubric)),
        ("级别", f"{LEVEL_LABELS.get(rubric.level, '')} ({rubric.level})" if rubric.level else ""),
        ("发布机关", rubric.issuer),
        ("来源", f"{rubric.provenance}：{rubric.source}"),
        ("满分", to_text(rubric.total) if rubric.weighted else UNWEIGHTED_TOTAL),
        ("取舍", f"保留{rounding.places}位小数，{rounding.mode}；"
                 f"等次按 {rounding.compare} 总分比较"),
        ("不适用项", na[rubric.not_applicable]),
        ("基于", entry.extends if entry else ""),
        ("提供者", f"{entry.distribution or entry.provider} {entry.provider_version}"
                   if entry else ""),
        ("文件", source),
        ("哈希", rubric_hash(rubric)),
        ("说明", " ".join(rubric.notes.split())),
    ]
    marks = _Marks(rubric)
    tree: list[_Line] = []
    for category in rubric.categories:
        tree.extend(_item_lines(category, 0, "", f"categories.{category.id}", marks))
    tree.extend(_extra_lines(rubric, marks))
    aligned = table(("项目", "分值", "评分方法", "测评方法"), [cells for cells, _d in tree],
                    right=(1,))
    amount_width = max((display_width(a) for _c, details in tree for a, _t in details),
                       default=0)
    lines = [rubric.title, "", *_fields(pairs), "", *aligned[:2]]
    for row, (cells, details) in zip(aligned[2:], tree, strict=True):
        lines.append(row)
        indent = " " * (display_width(cells[0]) - display_width(cells[0].lstrip()) + 4)
        lines.extend(f"{indent}{pad(amount, amount_width, right=True)}  {text}".rstrip()
                     if amount_width else f"{indent}{text}" for amount, text in details)
    if marks.mixed:
        lines.extend(["", ILLUSTRATIVE_LEGEND])
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Show the rubric ``args`` names; returns the exit status."""
    rubric, entry = resolve_rubric(default_registry(), args.rubric, input_encoding(args, "rubric"))
    emit(render_rubric(rubric, entry, "" if entry else args.rubric))
    return EXIT_OK
