"""``civscore show``: a rubric as a tree, with its metadata, points, methods
and rules."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from civscore.cli.inputs import add_encoding_option, resolve_rubric
from civscore.cli.output import emit
from civscore.cli.rubrics import LEVEL_LABELS, locality_label
from civscore.cli.status import EXIT_OK
from civscore.files.template import METHOD_LABELS
from civscore.model.points import ZERO, to_text
from civscore.model.serde import unstructure
from civscore.plugins import default_registry
from civscore.results.render import display_width, pad, table
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
    add_encoding_option(parser)


def _method_label(item: Criterion) -> str:
    if item.criteria:
        return "子项合计"
    method = item.method or ""
    label = f"{METHOD_LABELS.get(method, '插件方法')} {method}"
    if item.step is not None:
        label += f"（步长{to_text(item.step)}）"
    return label


#: One line of the rubric tree: the aligned cells of an item or section
#: (label, points, scoring method, evidence method), and its details (amount,
#: text), printed under it without widening the columns.
_Line = tuple[tuple[str, str, str, str], list[tuple[str, str]]]


def _item_lines(item: Criterion, depth: int, evidence: str) -> list[_Line]:
    evidence = item.evidence or evidence
    details: list[tuple[str, str]] = []
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
        details.append((amount, f"扣分 {rule.id}：{rule.text}{cap}"))
    for std in item.standards:
        cap = f"（最多得{to_text(std.max)}）" if std.max is not None else ""
        details.append((f"+{to_text(std.points)}", f"得分 {std.id}：{std.text}{cap}"))
    details.extend((to_text(t.points), f"档次 {t.id}：{t.title}") for t in item.tiers)
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
    cells = ("  " * depth + f"{item.title} [{item.id}]", to_text(item.points),
             _method_label(item), evidence)
    lines: list[_Line] = [(cells, details)]
    for child in item.criteria:
        lines.extend(_item_lines(child, depth + 1, evidence))
    return lines


def _section(title: str, points: str, details: list[tuple[str, str]]) -> _Line:
    return (title, points, "", ""), details


def _extra_lines(rubric: Rubric) -> list[_Line]:
    lines: list[_Line] = []
    if rubric.bonus is not None:
        cap = to_text(rubric.bonus.cap) if rubric.bonus.cap is not None else ""
        lines.append(_section("加分" + (f"（上限{cap}）" if cap else ""), cap, [
            (f"+{to_text(b.points)}", f"{b.id}：{b.text}"
             + (f"（组 {b.group}）" if b.group else "")
             + (f"（最多{b.max_count}次）" if b.max_count != 1 else ""))
            for b in rubric.bonus.items]))
    if rubric.penalties:
        lines.append(_section("负面清单", "", [
            (f"-{to_text(p.deduct)}", f"{p.id}：{p.text}"
             + (f"（最多扣{to_text(p.max)}）" if p.max is not None else ""))
            for p in rubric.penalties]))
    if rubric.vetoes:
        lines.append(_section("一票否决", "", [("", f"{v.id}：{v.text}") for v in rubric.vetoes]))
    if rubric.bars:
        bars = []
        for bar in rubric.bars:
            window = "".join(f"{n}{unit}" for n, unit in (
                (bar.lookback_years, "年"), (bar.lookback_months, "个月"),
                (bar.lookback_days, "天")) if n)
            bars.append(("", f"{bar.id}：{bar.text}（回溯{window}）"))
        lines.append(_section("不得申报情形", "", bars))
    if rubric.gates:
        lines.append(_section("前置条件", "", [("", f"{g.id}：{g.text}") for g in rubric.gates]))
    if rubric.levels:
        levels = []
        for lv in rubric.levels:
            conds = []
            if lv.max_total is not None:
                conds.append(f"至多{to_text(lv.max_total)}分")
            if lv.min_category_share is not None:
                conds.append(f"每类得分率≥{to_text(lv.min_category_share * 100)}%")
            if lv.gates:
                conds.append("前置条件 " + "、".join(lv.gates))
            extra = f"（{'，'.join(conds)}）" if conds else ""
            levels.append((f"≥{to_text(lv.min_total)}", f"{lv.id}：{lv.title}{extra}"))
        lines.append(_section("等次", "", levels))
    return lines


def _fields(pairs: Sequence[tuple[str, str]]) -> list[str]:
    width = max(display_width(k) for k, _v in pairs)
    return [f"{pad(k, width)}  {v}" for k, v in pairs if v]


def render_rubric(rubric: Rubric, entry: RubricEntry | None = None, source: str = "") -> str:
    """A rubric as text: its metadata, then the tree of categories and items
    with points, scoring and evidence methods, and under each item its rules,
    standards, tiers and bands; then bonus, penalties, vetoes, bars, gates and
    levels.  Columns are aligned for Chinese text."""
    rounding = rubric.rounding
    na = {"rescale": "按比例折算 (rescale)", "zero": "计0分 (zero)", "forbid": "不允许 (forbid)"}
    pairs = [
        ("测评体系", rubric.ref),
        ("地区", locality_label(rubric)),
        ("级别", f"{LEVEL_LABELS.get(rubric.level, '')} ({rubric.level})" if rubric.level else ""),
        ("发布机关", rubric.issuer),
        ("来源", f"{rubric.provenance}：{rubric.source}"),
        ("满分", to_text(rubric.total)),
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
    tree: list[_Line] = []
    for category in rubric.categories:
        tree.extend(_item_lines(category, 0, ""))
    tree.extend(_extra_lines(rubric))
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
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Show the rubric ``args`` names; returns the exit status."""
    rubric, entry = resolve_rubric(default_registry(), args.rubric, args.encoding)
    emit(render_rubric(rubric, entry, "" if entry else args.rubric))
    return EXIT_OK
