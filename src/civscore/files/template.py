"""A blank assessment (测评记录) for a rubric, as commented TOML.

:func:`assessment_template` writes one ``[[findings]]`` entry per item of
the rubric, in the rubric's order, each with comments in Chinese saying what
the item's scoring method reads (``hits``, ``standards``, ``tier``,
``points``, ``rate``, ``met``), how to mark it not applicable and where the
unit's own claim (自评分) goes; then the bonus, penalty, veto, bar and gate
sections the rubric has.

Entries that need a value the assessor must choose (a tier, a number, a
rate, met or not) are left commented out: scoring an unfilled template
fails with a message naming each of them, rather than giving a score nobody
entered.  Entries with a safe empty value (``hits = []``: no deduction found;
``standards = []``: nothing earned) are written out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from civscore.model import FORMAT_VERSION, Criterion, Rubric, scaled_item
from civscore.model.labels import METHOD_LABELS
from civscore.model.points import ZERO, to_text

__all__ = ["METHOD_LABELS", "assessment_template"]


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def assessment_template(rubric: Rubric) -> str:
    """A blank assessment TOML for ``rubric`` that ``civscore score`` accepts
    once the assessor has filled in the commented-out entries.

    :return: TOML text ending in a newline.
    """
    lines = [
        f"# 测评记录：{_one_line(rubric.title)}（{rubric.ref}）",
        "# 由 civscore template 生成。填写说明：",
        "#   - 每个 [[findings]] 是一个测评项目，criterion 是它的路径（测评项目.测评指标）；",
        "#   - 按注释填写该项目的测评结果，去掉行首的 # 使之生效；",
        "#   - 不适用的项目：写 not_applicable = true 和 reason = \"理由\"；",
        "#   - claimed 是单位的自评分（可选），计分时与核算结果比对；",
        "#   - 填好后用 `civscore check 本文件` 检查，用 `civscore score 本文件` 计分。",
        "# 编辑器校验：`civscore schema assessment -o assessment.schema.json`，",
        "# 再在首行写 #:schema ./assessment.schema.json",
    ]
    if rubric.provenance == "illustrative":
        lines.append("# 注意：该测评体系的分值是示意性的（illustrative），不是任何地区的正式分值。")
    lines += [
        "",
        f"format = {FORMAT_VERSION}",
        f"rubric = {_string(rubric.ref)}",
        'unit = ""  # 被测评单位名称',
        'period = ""  # 测评年度，例如 2010-2011',
        'assessor = ""  # 测评人或测评组',
    ]
    if rubric.bars:
        lines.append("# assessed_on = 2024-12-31  # 测评（申报）日期：必填，"
                     "不得申报情形的回溯期以此为准")
    else:
        lines.append("# assessed_on = 2024-12-31  # 测评（申报）日期（可选）")
    lines.append(f"# claimed_total = {to_text(rubric.total)}  # 自评总分（可选）")
    for category in rubric.categories:
        lines.extend(_item(rubric, category, category.id, ""))
    lines.extend(_extras(rubric))
    return "\n".join(lines) + "\n"


def _item(rubric: Rubric, item: Criterion, path: str, evidence: str) -> Iterator[str]:
    evidence = item.evidence or evidence
    method = item.method
    if item.criteria:
        how = "由子项得分相加" + ("，再按本项扣分标准扣分" if item.rules else "")
    else:
        how = f"{METHOD_LABELS.get(method or '', '插件评分方法')}（{method}）"
    yield ""
    yield "[[findings]]"
    yield f"criterion = {_string(path)}"
    head = f"# {_one_line(item.title)}：应得分 {to_text(item.points)}，{how}"
    yield head + (f"，测评方法：{evidence}" if evidence else "")
    if item.text:
        yield f"# 测评标准：{_one_line(item.text)}"
    if item.criteria:
        if item.rules:
            yield from _hits(item)
    else:
        yield from _method_entries(scaled_item(rubric, item))
    yield f"# claimed = {to_text(item.points)}  # 自评分（可选）"
    yield "# not_applicable = true  # 不适用时去掉 #，并写明理由："
    yield '# reason = ""'
    for child in item.criteria:
        yield from _item(rubric, child, f"{path}.{child.id}", evidence)


def _hits(item: Criterion) -> Iterator[str]:
    yield "# 扣分记录 hits：每发现一种问题写一条 { rule = \"扣分标准id\", count = 次数 }；"
    yield "# 扣分标准："
    for rule in item.rules:
        if rule.zeroes:
            amount = "本项不得分"
        elif rule.at_most is not None:
            amount = f"本项最高得{to_text(rule.at_most)}分"
        elif rule.deduct_range is not None:
            low, high = rule.deduct_range
            amount = (f"视情况每次扣{to_text(low)}-{to_text(high)}分，"
                      "须写 deduct = 扣分 和 note = \"理由\"")
        else:
            amount = f"每次扣{to_text(rule.deduct or ZERO)}分"
        cap = f"，最多扣{to_text(rule.max)}分" if rule.max is not None else ""
        yield f"#   {_string(rule.id)}：{_one_line(rule.text)}（{amount}{cap}）"
    first = item.rules[0]
    example = f"{{ rule = {_string(first.id)}, count = 1"
    if first.deduct_range is not None:
        example += f", deduct = {to_text(first.deduct_range[0])}, note = \"理由\""
    yield f"# 例如：hits = [{example} }}]"
    yield "hits = []  # 空表示未发现扣分问题"


def _method_entries(item: Criterion) -> Iterator[str]:
    method = item.method
    if method == "deduct":
        yield from _hits(item)
    elif method == "award":
        yield "# 得分记录 standards：每达到一项写一条 { standard = \"得分标准id\", count = 次数 }；"
        yield "# 得分标准："
        for std in item.standards:
            cap = f"，最多得{to_text(std.max)}分" if std.max is not None else ""
            yield (f"#   {_string(std.id)}：{_one_line(std.text)}"
                   f"（每项得{to_text(std.points)}分{cap}）")
        yield f"# 例如：standards = [{{ standard = {_string(item.standards[0].id)}, count = 1 }}]"
        yield "standards = []  # 空表示未达到任何得分标准"
    elif method == "tiered":
        choices = "，".join(f"{_string(t.id)} = {_one_line(t.title)} {to_text(t.points)}分"
                           for t in item.tiers)
        yield f"# 档次：{choices}"
        yield f"# tier = {_string(item.tiers[0].id)}  # 所选档次 id：必填"
    elif method == "direct":
        step = f"，须为 {to_text(item.step)} 的整数倍" if item.step is not None else ""
        yield f"# 直接赋分：填 0 到 {to_text(item.points)} 之间的分数{step}"
        yield f"# points = {to_text(item.points)}  # 实得分：必填"
    elif method == "ratio":
        if item.target is not None and item.deduct_per_point is not None:
            yield (f"# 比例：达到 {to_text(item.target)}% 得满分，每低1个百分点扣"
                   f"{to_text(item.deduct_per_point)}分")
        else:
            bands = "，".join(
                (f"≥{to_text(b.at_least)}%" if b.at_least is not None
                 else f">{to_text(b.above or ZERO)}%") + f" 得{to_text(b.points)}分"
                for b in item.bands)
            yield f"# 比例档次：{bands}"
        yield "# rate = 100  # 实测比例（百分数，0 到 100）：必填"
    elif method == "all_or_nothing":
        yield "# met = true  # 是否达标（true 或 false）：必填"
    else:
        yield f"# options = {{}}  # 插件评分方法 {method!r} 的测评数据，见该插件的说明"


def _extras(rubric: Rubric) -> Iterator[str]:
    """Bonus, penalties, vetoes, bars and gates: commented examples to copy."""
    if rubric.bonus is not None and rubric.bonus.items:
        cap = f"（上限{to_text(rubric.bonus.cap)}分）" if rubric.bonus.cap is not None else ""
        yield ""
        yield f"# 加分{cap}：每获得一项写一个 [[bonus]]；同组（group）只计最高一项。"
        for bonus in rubric.bonus.items:
            group = f"，组 {bonus.group}" if bonus.group else ""
            times = f"，最多计{bonus.max_count}次" if bonus.max_count != 1 else ""
            yield (f"#   {_string(bonus.id)}：{_one_line(bonus.text)}（{to_text(bonus.points)}分"
                   f"{group}{times}）")
        yield "# [[bonus]]"
        yield f"# item = {_string(rubric.bonus.items[0].id)}"
        yield "# count = 1"
        yield '# note = ""  # 荣誉名称、授予机关和日期'
    if rubric.penalties:
        yield ""
        yield "# 负面清单：每发现一项写一个 [[penalties]]，从总分中扣除。"
        for penalty in rubric.penalties:
            cap = f"，最多扣{to_text(penalty.max)}分" if penalty.max is not None else ""
            yield (f"#   {_string(penalty.id)}：{_one_line(penalty.text)}（每次扣"
                   f"{to_text(penalty.deduct)}分{cap}）")
        yield "# [[penalties]]"
        yield f"# item = {_string(rubric.penalties[0].id)}"
        yield "# count = 1"
        yield '# note = ""'
    if rubric.vetoes:
        yield ""
        yield "# 一票否决：发生下列情形之一的，写一个 [[vetoes]]（不论得分，不予评定）。"
        for veto in rubric.vetoes:
            yield f"#   {_string(veto.id)}：{_one_line(veto.text)}"
        yield "# [[vetoes]]"
        yield f"# veto = {_string(rubric.vetoes[0].id)}"
        yield "# date = 2024-01-31  # 发生日期"
        yield '# note = ""'
    if rubric.bars:
        yield ""
        yield "# 不得申报情形：写一个 [[bars]] 并注明日期；在回溯期内的，不得申报。"
        for bar in rubric.bars:
            window = "".join(f"{n}{unit}" for n, unit in (
                (bar.lookback_years, "年"), (bar.lookback_months, "个月"),
                (bar.lookback_days, "天")) if n)
            yield f"#   {_string(bar.id)}：{_one_line(bar.text)}（回溯{window}）"
        yield "# [[bars]]"
        yield f"# bar = {_string(rubric.bars[0].id)}"
        yield "# date = 2024-01-31  # 发生日期（必填）"
        yield '# note = ""'
    if rubric.gates:
        yield ""
        yield "# 前置条件：满足的写 true。"
        yield "[gates]"
        for gate in rubric.gates:
            yield f"{gate.id} = false  # {_one_line(gate.text)}"
