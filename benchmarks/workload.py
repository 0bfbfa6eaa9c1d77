"""Generated, realistic benchmark workloads.

* :func:`mixed_rubric`: about 150 items in 10 categories (140 leaves and 10
  groups), every built-in method, evidence methods, bonus groups and a cap,
  penalties, vetoes, an eligibility bar, a gate and two levels — the shape of
  a provincial 文明单位 测评体系.
* :func:`deduction_rubric`: 150 扣分制 items in 10 categories, the shape of a
  review (复查) checklist where an assessment records only what was found wrong.
* :func:`dense_assessment`: every item scored (a finding on each leaf).
* :func:`sparse_assessment`: findings on about 5% of the items.
* :func:`rubric_toml`: the TOML text of a rubric dict (for the load benchmark).

Everything is deterministic for a given seed.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from civscore import Assessment, Rubric, assessment_from_dict, rubric_from_dict

D = Decimal
EVIDENCE = ("材料审核", "实地考察", "问卷调查", "网上申报")
CATEGORY_TITLES = ("领导班子坚强有力", "业务工作实绩显著", "创建工作扎实有效", "思想道德风尚良好",
                   "文化建设切实加强", "民主管理科学规范", "内外环境和谐优美", "公益活动积极参与",
                   "安全稳定", "宣传报道")
#: Leaf methods of a mixed category, in order (12 leaves; 8 of 0.5 points, 4 of 1 point).
MIXED_LEAVES = ("deduct", "tiered", "award", "direct", "deduct", "ratio", "all_or_nothing",
                "tiered", "deduct", "award", "direct", "ratio")


def _rules(rng: random.Random, points: Decimal, n: int, *,
           zeroes: bool = True) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    for r in range(n):
        kind = r % 4
        if kind == 0:
            rules.append({"id": f"r{r}", "text": f"缺少台账资料（第{r}项）每处扣0.1分",
                          "deduct": D("0.1"), "max": min(points, D("0.3"))})
        elif kind == 1:
            rules.append({"id": f"r{r}", "text": f"专题会议少一次扣{D('0.2')}分",
                          "deduct": D("0.2")})
        elif kind == 2:
            rules.append({"id": f"r{r}", "text": "视情况每处扣0.05-0.2分",
                          "deduct_range": [D("0.05"), D("0.2")]})
        elif zeroes:
            rules.append({"id": f"r{r}", "text": "弄虚作假的，本项不得分", "zeroes": True})
        else:
            rules.append({"id": f"r{r}", "text": "发现一处扣0.5分", "deduct": D("0.5")})
    rng.shuffle(rules)
    return rules


def _leaf(rng: random.Random, ident: str, method: str, points: Decimal,
          evidence: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": ident, "title": f"测评指标{ident}", "points": points,
                            "method": method, "text": f"测评标准{ident}"}
    if evidence:
        item["evidence"] = evidence
    if method == "deduct":
        item["rules"] = _rules(rng, points, rng.randint(2, 4))
    elif method == "award":
        item["standards"] = [
            {"id": "s0", "text": "有制度得分", "points": points / 2},
            {"id": "s1", "text": "有记录，每项得0.1分", "points": D("0.1"), "max": points / 2},
            {"id": "s2", "text": "有特色做法", "points": points / 5},
        ]
    elif method == "tiered":
        item["tiers"] = [{"id": "good", "title": "好", "points": points},
                         {"id": "fair", "title": "较好", "points": points * D("0.8")},
                         {"id": "poor", "title": "一般", "points": points / 2},
                         {"id": "bad", "title": "差", "points": D(0)}]
    elif method == "direct":
        item["step"] = D("0.1") if points < 1 else D("0.25")
    elif method == "ratio":
        if rng.random() < 0.5:
            item["bands"] = [{"at_least": D(90), "points": points},
                             {"above": D(80), "points": points / 2},
                             {"at_least": D(0), "points": D(0)}]
        else:
            item["target"] = D(95)
            item["deduct_per_point"] = D("0.05")
    return item


def mixed_rubric(seed: int = 1, categories_n: int = 10) -> dict[str, Any]:
    """15 items in each of ``categories_n`` categories of 10 points (150 by
    default), all built-in methods."""
    rng = random.Random(seed)
    categories = []
    for c in range(categories_n):
        title = CATEGORY_TITLES[c % len(CATEGORY_TITLES)]
        criteria = []
        for i, method in enumerate(MIXED_LEAVES):
            points = D("0.5") if i % 3 else D(1)
            evidence = "" if i % 4 == 0 else EVIDENCE[(c + i) % len(EVIDENCE)]
            criteria.append(_leaf(rng, f"c{i}", method, points, evidence))
        group = {"id": "g", "title": "综合评价", "points": D(2), "evidence": "实地考察",
                 "rules": [{"id": "gr", "text": "群众反映问题属实每起扣0.5分", "deduct": D("0.5"),
                            "max": D(1)}],
                 "criteria": [_leaf(rng, "a", "deduct", D(1), ""),
                              _leaf(rng, "b", "direct", D(1), "问卷调查")]}
        criteria.append(group)
        categories.append({"id": f"k{c}", "title": title, "points": D(10),
                           "evidence": EVIDENCE[c % 2], "criteria": criteria})
    return {
        "format": 1, "id": "bench.mixed", "version": "2024", "title": "基准测评体系（混合方法）",
        "provenance": "illustrative", "source": "generated by benchmarks/workload.py",
        "total": D(10 * categories_n), "rounding": {"places": 1, "mode": "half-up"},
        "categories": categories,
        "bonus": {"cap": D(5), "items": [
            {"id": "national", "text": "获全国表彰", "points": D(3), "group": "honor"},
            {"id": "province", "text": "获省级表彰", "points": D(2), "group": "honor"},
            {"id": "city", "text": "获市级表彰", "points": D(1), "group": "honor"},
            {"id": "volunteer", "text": "志愿服务项目获奖", "points": D("0.5"), "max_count": 4},
        ]},
        "penalties": [{"id": "complaint", "text": "被媒体曝光负面问题", "deduct": D(1),
                       "max": D(3)},
                      {"id": "late", "text": "未按时报送材料", "deduct": D("0.5")}],
        "vetoes": [{"id": "criminal", "text": "领导班子成员发生严重违纪违法"},
                   {"id": "accident", "text": "发生重大安全责任事故"}],
        "bars": [{"id": "case", "text": "申报前两年内职工发生刑事案件", "lookback_years": 2}],
        "gates": [{"id": "held-city", "text": "已获市级文明单位称号满两年"}],
        "levels": [{"id": "unit", "title": "文明单位", "min_total": D(85) * categories_n / 10,
                    "min_category_share": D("0.6")},
                   {"id": "model", "title": "文明单位标兵", "min_total": D(95) * categories_n / 10,
                    "gates": ["held-city"]}],
    }


def deduction_rubric(seed: int = 2, categories: int = 10, per_category: int = 15) -> dict[str, Any]:
    """``categories × per_category`` 扣分制 items (default 150)."""
    rng = random.Random(seed)
    cats = []
    points_each = D(1)
    for c in range(categories):
        criteria = [_leaf(rng, f"c{i}", "deduct", points_each,
                          "" if i % 3 else EVIDENCE[(c + i) % 3])
                    for i in range(per_category)]
        cats.append({"id": f"k{c}", "title": f"测评项目{c}", "points": points_each * per_category,
                     "evidence": EVIDENCE[c % 2], "criteria": criteria})
    total = points_each * per_category * categories
    return {
        "format": 1, "id": "bench.deduct", "version": "2024", "title": "基准测评体系（扣分制）",
        "provenance": "illustrative", "source": "generated by benchmarks/workload.py",
        "total": total, "rounding": {"places": 1, "mode": "half-up"},
        "categories": cats,
        "penalties": [{"id": "complaint", "text": "被媒体曝光负面问题", "deduct": D(1),
                       "max": D(3)}],
        "vetoes": [{"id": "criminal", "text": "发生严重违纪违法"}],
        "levels": [{"id": "unit", "title": "文明单位", "min_total": total * D("0.85")}],
    }


def load(data: dict[str, Any]) -> Rubric:
    return rubric_from_dict(data, source="<benchmark>")


def leaves(rubric: Rubric) -> list[tuple[str, Any]]:
    """(path, item) of every leaf, in rubric order."""
    out: list[tuple[str, Any]] = []

    def walk(item: Any, path: str) -> None:
        if item.criteria:
            for child in item.criteria:
                walk(child, f"{path}.{child.id}")
        else:
            out.append((path, item))

    for category in rubric.categories:
        walk(category, category.id)
    return out


def _hits(rng: random.Random, item: Any, n: int) -> list[dict[str, Any]]:
    hits = []
    for rule in rng.sample(list(item.rules), min(n, len(item.rules))):
        hit: dict[str, Any] = {"rule": rule.id, "count": rng.randint(1, 3)}
        if rule.deduct_range is not None:
            hit["deduct"] = D(rng.choice(("0.05", "0.1", "0.15", "0.2")))
            hit["note"] = "现场发现"
        if rule.zeroes:
            if rng.random() < 0.8:
                continue
            hit["count"] = 1
        hits.append(hit)
    return hits


def _leaf_finding(rng: random.Random, path: str, item: Any) -> dict[str, Any]:
    finding: dict[str, Any] = {"criterion": path}
    method = item.method
    if method == "deduct":
        finding["hits"] = _hits(rng, item, rng.choice((0, 0, 0, 1, 1, 2)))
    elif method == "award":
        chosen = [s for s in item.standards if rng.random() < 0.8]
        # 有制度/有特色 count once; 有记录 (0.1 each, capped) counts the records found.
        finding["standards"] = [{"standard": s.id, "count": rng.randint(1, 6) if s.max else 1}
                                for s in chosen]
    elif method == "tiered":
        finding["tier"] = rng.choice(("good", "good", "good", "fair", "fair", "poor", "bad"))
    elif method == "direct":
        steps = int(item.points / item.step)
        finding["points"] = item.step * rng.randint(steps * 3 // 4, steps)
    elif method == "ratio":
        finding["rate"] = D(rng.randint(850, 1000)) / 10
    elif method == "all_or_nothing":
        finding["met"] = rng.random() < 0.95
    return finding


def _extras(rng: random.Random, data: dict[str, Any], rubric: Rubric) -> None:
    if rubric.bonus is not None and rng.random() < 0.3:
        items = rng.sample([b.id for b in rubric.bonus.items], rng.randint(1, 2))
        data["bonus"] = [{"item": i, "count": 1 if i != "volunteer" else rng.randint(1, 5)}
                         for i in items]
    if rubric.penalties and rng.random() < 0.1:
        data["penalties"] = [{"item": rubric.penalties[0].id, "count": rng.randint(1, 4)}]
    if rubric.vetoes and rng.random() < 0.01:
        data["vetoes"] = [{"veto": rubric.vetoes[0].id, "date": datetime.date(2023, 5, 1)}]
    if rubric.bars and rng.random() < 0.03:
        data["assessed_on"] = datetime.date(2024, 3, 1)
        data["bars"] = [{"bar": rubric.bars[0].id,
                         "date": datetime.date(rng.choice((2021, 2022, 2023)), 6, 1)}]
    if rubric.gates and rng.random() < 0.5:
        data["gates"] = {rubric.gates[0].id: True}


def dense_assessment(rng: random.Random, rubric: Rubric, index: int) -> Assessment:
    """Every leaf scored; now and then a group hit, a not-applicable item,
    self-assessed (自评) category scores, bonus, penalties, a veto or a bar."""
    findings = [_leaf_finding(rng, path, item) for path, item in leaves(rubric)]
    if rng.random() < 0.05:  # one item not applicable (按比例折算)
        finding = rng.choice(findings)
        path = finding["criterion"]
        finding.clear()
        finding.update(criterion=path, not_applicable=True, reason="本单位无此项业务")
    data: dict[str, Any] = {"rubric": rubric.ref, "unit": f"单位{index}", "period": "2024",
                            "findings": findings}
    for category in rubric.categories:
        for child in category.criteria:
            if child.criteria and child.rules and rng.random() < 0.2:
                findings.append({"criterion": f"{category.id}.{child.id}",
                                 "hits": [{"rule": child.rules[0].id}]})
    if rng.random() < 0.3:
        data["claimed_total"] = D(rng.randint(800, 1000)) / 10
    _extras(rng, data, rubric)
    return assessment_from_dict(data)


def sparse_assessment(rng: random.Random, rubric: Rubric, index: int,
                      share: float = 0.05) -> Assessment:
    """Findings (rule hits) on about ``share`` of the items, nothing else scored."""
    all_leaves = leaves(rubric)
    chosen = rng.sample(all_leaves, max(1, round(len(all_leaves) * share)))
    findings = []
    for path, item in sorted(chosen, key=lambda pair: pair[0]):
        hits = _hits(rng, item, rng.randint(1, 2))
        if not hits:
            rule = next(r for r in item.rules if not r.zeroes and r.deduct is not None)
            hits = [{"rule": rule.id}]
        findings.append({"criterion": path, "hits": hits})
    data: dict[str, Any] = {"rubric": rubric.ref, "unit": f"单位{index}", "period": "2024",
                            "findings": findings}
    if rubric.penalties and rng.random() < 0.05:
        data["penalties"] = [{"item": rubric.penalties[0].id}]
    return assessment_from_dict(data)


def dense_deduction_assessment(rng: random.Random, rubric: Rubric, index: int) -> Assessment:
    """A deduction rubric scored densely: a finding (1–2 rule hits) on every item."""
    findings = []
    for path, item in leaves(rubric):
        hits = _hits(rng, item, rng.randint(1, 2))
        findings.append({"criterion": path, "hits": hits})
    return assessment_from_dict({"rubric": rubric.ref, "unit": f"单位{index}", "period": "2024",
                                 "findings": findings})


def stream(kind: str, rubric: Rubric, n: int, seed: int = 7) -> Iterator[Assessment]:
    """``n`` generated assessments, made one at a time (nothing is kept)."""
    rng = random.Random(seed)
    make = {"dense": dense_assessment, "sparse": sparse_assessment,
            "dense-deduct": dense_deduction_assessment}[kind]
    for i in range(n):
        yield make(rng, rubric, i)


# --- TOML text for the load benchmark -------------------------------------------------------

def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def _toml_table(prefix: str, data: dict[str, Any], lines: list[str]) -> None:
    tables = []
    for key, value in data.items():
        if key in ("categories", "criteria") and isinstance(value, list):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, value in tables:
        for entry in value:
            name = f"{prefix}.{key}" if prefix else key
            lines.append("")
            lines.append(f"[[{name}]]")
            _toml_table(name, entry, lines)


def rubric_toml(data: dict[str, Any]) -> str:
    """TOML text of a rubric dict as built here (categories and criteria as
    arrays of tables, everything else inline)."""
    lines: list[str] = []
    _toml_table("", data, lines)
    return "\n".join(lines) + "\n"
