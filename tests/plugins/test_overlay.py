"""Overlays (civscore.plugins.overlay): a rubric written as changes to another.

An overlay changes exactly what it declares and nothing else; every path,
key and value is checked with a key path into the overlay file; the result
is a plain rubric that passes the checks; the registry resolves plugin
overlays on bases from any plugin, whatever the registration order.
"""

from __future__ import annotations

import re
import textwrap
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

import civscore_hubei
import pytest

from civscore import Finding, PluginError, RubricError, RubricNotFoundError, RubricSpec
from civscore.files.loader import assessment_from_dict, parse_toml, rubric_from_dict
from civscore.model import Assessment, Rubric
from civscore.model.serde import unstructure
from civscore.plugins import PluginWarning, Registry, get_plugin_manager
from civscore.plugins.hookspecs import hookimpl
from civscore.plugins.overlay import (
    Overlay,
    apply_overlay,
    is_overlay,
    load_overlay,
    overlay_changes,
    overlay_from_dict,
    resolve,
)
from civscore.scoring import score

BASE_TOML = """
format = 1
id = "prov"
version = "2012"
title = "示例省文明单位测评体系"
level = "province"
provenance = "quoted"
source = "written for the overlay tests"
total = 20

[[categories]]
id = "leadership"
title = "领导班子"
points = 10

  [[categories.criteria]]
  id = "plan"
  title = "创建工作计划"
  points = 4
  method = "deduct"
  rules = [ { id = "no-plan", text = "无年度计划扣2分", deduct = 2 } ]

  [[categories.criteria]]
  id = "meetings"
  title = "专题会议"
  points = 6
  method = "tiered"
  tiers = [ { id = "good", title = "好", points = 6 }, { id = "poor", title = "差", points = 0 } ]

[[categories]]
id = "culture"
title = "文化建设"
points = 10
method = "direct"

[bonus]
cap = 3
items = [ { id = "national", text = "获全国表彰", points = 3 } ]

[[vetoes]]
id = "crime"
text = "员工发生刑事案件"

[[levels]]
id = "unit"
title = "文明单位"
min_total = 16
"""

#: A city's overlay touching every kind of edit; the base total 20 becomes
#: 22: leadership 10 → 9 (plan 4 → 3), + volunteer 3.
OVERLAY_TOML = """
format = 1
extends = "prov@2012"
id = "prov.city"
version = "2013"
title = "示例市文明单位测评体系"
provenance = "illustrative"
source = "an invented city variant, for the tests"
level = "city"
total = 22

[[remove]]
path = "vetoes.crime"
note = "the city bars instead"

[[overrides]]
path = "categories.leadership.plan"
points = 3
rules = [ { id = "no-plan", text = "无年度计划扣1.5分", deduct = 1.5 } ]

[[overrides]]
path = "categories.leadership"
points = 9

[[overrides]]
path = "levels.unit"
min_total = 17

[[overrides]]
path = "bonus"
cap = 2

[[add]]
parent = "categories"
after = "leadership"
id = "volunteer"
title = "志愿服务"
points = 3
method = "award"
standards = [ { id = "activity", text = "每次志愿服务活动得1分", points = 1 } ]

[[add]]
parent = "bonus.items"
id = "provincial"
text = "获省级表彰"
points = 1
"""


def _rubric(text: str) -> Rubric:
    return rubric_from_dict(parse_toml(text), source="<base>")


def _overlay(text: str) -> Overlay:
    return overlay_from_dict(parse_toml(text), source="city.toml")


@pytest.fixture
def base() -> Rubric:
    return _rubric(BASE_TOML)


def _edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Leaves of plain data by path; list entries with an id are named by it."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(data, list) and all(isinstance(v, dict) and "id" in v for v in data):
        out = {}
        for value in data:
            out.update(_flatten(value, f"{prefix}.{value['id']}"))
        return out
    return {prefix: data}


# -- what an overlay changes ---------------------------------------------------------


def test_changes_exactly_what_it_declares(base: Rubric) -> None:
    resolved = resolve(_overlay(OVERLAY_TOML), base)
    old, new = _flatten(unstructure(base)), _flatten(unstructure(resolved))
    differing = {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}
    declared = ("id", "version", "title", "provenance", "source", "level", "total",
                "vetoes.crime", "categories.leadership.criteria.plan.points",
                "categories.leadership.criteria.plan.rules.no-plan",
                "categories.leadership.points", "levels.unit.min_total", "bonus.cap",
                "categories.volunteer", "bonus.items.provincial")
    assert {p for p in differing if not p.startswith(declared)} == set()
    assert {d for d in declared if not any(p.startswith(d) for p in differing)} == set()


def test_resolved_is_a_plain_rubric(base: Rubric) -> None:
    resolved = resolve(_overlay(OVERLAY_TOML), base)
    assert isinstance(resolved, Rubric)
    assert (resolved.ref, resolved.provenance, resolved.level) == (
        "prov.city@2013", "illustrative", "city")
    assert [c.id for c in resolved.categories] == ["leadership", "volunteer", "culture"]
    assert resolved.total == 22
    assert resolved.vetoes == ()
    assert resolved.categories[0].criteria[0].rules[0].deduct == Decimal("1.5")
    assert resolved.categories[0].criteria[1] == base.categories[0].criteria[1]
    assert resolved.categories[2] == base.categories[1]


def test_change_records(base: Rubric) -> None:
    changes = overlay_changes(_overlay(OVERLAY_TOML), base)
    assert [(c.path, c.what) for c in changes] == [
        ("level", "changed"),
        ("total", "changed"),
        ("vetoes.crime", "removed"),
        ("categories.leadership.plan.points", "changed"),
        ("categories.leadership.plan.rules", "changed"),
        ("categories.leadership.points", "changed"),
        ("levels.unit.min_total", "changed"),
        ("bonus.cap", "changed"),
        ("categories.volunteer", "added"),
        ("bonus.items.provincial", "added"),
    ]
    by_path = {c.path: c for c in changes}
    assert (by_path["total"].old, by_path["total"].new) == (20, 22)
    assert (by_path["level"].old, by_path["level"].new) == ("province", "city")
    assert by_path["vetoes.crime"].note == "the city bars instead"
    assert by_path["vetoes.crime"].old["text"] == "员工发生刑事案件"
    assert by_path["categories.volunteer"].new["points"] == 3
    assert str(by_path["categories.leadership.points"]) == (
        "changed categories.leadership.points: 10 → 9")
    assert str(by_path["categories.volunteer"]) == "added categories.volunteer"
    resolved = apply_overlay(_overlay(OVERLAY_TOML), base)
    assert resolved.changes == changes


def test_an_override_to_the_same_value_is_no_change(base: Rubric) -> None:
    text = _edit(OVERLAY_TOML, "min_total = 17", "min_total = 16")
    paths = [c.path for c in overlay_changes(_overlay(text), base)]
    assert "levels.unit.min_total" not in paths


def test_resolved_rubric_scores(base: Rubric) -> None:
    resolved = resolve(_overlay(OVERLAY_TOML), base)
    assessment = Assessment(
        "prov.city@2013", "示例单位",
        findings=(Finding("leadership.meetings", tier="good"),
                  Finding("volunteer", standards=()),
                  Finding("culture", points=Decimal(8))))
    card = score(resolved, assessment)
    # 3 (plan, no hits) + 6 + 0 + 8 = 17 ≥ 17 (the overridden threshold)
    assert card.total.raw == 17
    assert card.outcome.status == "awarded"


def test_nested_add_and_remove(base: Rubric) -> None:
    text = """
    extends = "prov@2012"
    id = "prov.town"
    version = "2013"
    title = "t"
    provenance = "illustrative"
    source = "test"

    [[remove]]
    path = "categories.leadership.meetings"

    [[add]]
    parent = "categories.leadership"
    id = "study"
    title = "学习制度"
    points = 6
    method = "all_or_nothing"
    """
    resolved = resolve(_overlay(textwrap.dedent(text)), base)
    assert [c.id for c in resolved.categories[0].criteria] == ["plan", "study"]


def test_is_overlay() -> None:
    assert is_overlay(parse_toml(OVERLAY_TOML))
    assert not is_overlay(parse_toml(BASE_TOML))


def test_load_overlay_file(tmp_path: Path, base: Rubric) -> None:
    path = tmp_path / "city.toml"
    path.write_text(OVERLAY_TOML, encoding="utf-8")
    overlay = load_overlay(path)
    assert overlay.ref == "prov.city@2013"
    assert overlay.extends == "prov@2012"


# -- errors name the overlay file and key path ------------------------------------------


@pytest.mark.parametrize(("old", "new", "path", "message"), [
    ('path = "categories.leadership"\npoints = 9', 'path = "categories.leadrship"\npoints = 9',
     "$.overrides[1].path", "did you mean 'leadership'"),
    ("min_total = 17", "min_totl = 17", "$.overrides[2].min_totl",
     "unknown key 'min_totl' in Level; did you mean 'min_total'"),
    ("cap = 2", 'cap = "2"', "$.overrides[3].cap", "expected a number"),
    ('path = "levels.unit"', 'path = "levels.unit"\nid = "other"', "$.overrides[2].id",
     "cannot change an id"),
    ('path = "bonus"\ncap = 2', 'path = "bonus"', "$.overrides[3]", "at least one key"),
    ('path = "bonus"', 'path = "bonus.cap"', "$.overrides[3].path", "cannot address"),
    ('extends = "prov@2012"', 'extends = "prov"', "$.extends", "id@version"),
    ('provenance = "illustrative"', 'provenance = "official"', "$.provenance",
     "cannot be 'official'"),
    ('id = "volunteer"', 'id = "culture"', "$.add[0].id", "already exists"),
    ('after = "leadership"', 'after = "leader"', "$.add[0].after", "no 'leader' under"),
    ('parent = "bonus.items"', 'parent = "bonus"', "$.add[1].parent", "cannot hold new"),
    ('parent = "categories"\nafter = "leadership"', 'parent = "categories.culture"',
     "$.categories[1].method", "remove 'method' or the sub-items"),
    ('path = "vetoes.crime"', 'path = "vetoes.fire"', "$.remove[0].path", "has no 'vetoes.fire'"),
    ('id = "prov.city"', 'id = "Prov City"', "$.id", "must be lowercase"),
    ("total = 22", "total = 20", "$.total", "fails its checks"),
])
def test_errors(base: Rubric, old: str, new: str, path: str, message: str) -> None:
    with pytest.raises(RubricError, match=re.escape(message)) as caught:
        resolve(_overlay(_edit(OVERLAY_TOML, old, new)), base, source="city.toml")
    assert caught.value.path == path
    assert caught.value.source.startswith("city.toml")


def test_override_after_removal(base: Rubric) -> None:
    text = _edit(OVERLAY_TOML, 'path = "levels.unit"\nmin_total = 17',
                 'path = "vetoes.crime"\ntext = "x"')
    with pytest.raises(RubricError, match=re.escape("was removed by $.remove[0]")):
        resolve(_overlay(text), base)


def test_same_key_changed_twice(base: Rubric) -> None:
    text = _edit(OVERLAY_TOML, 'path = "levels.unit"', 'path = "categories.leadership"')
    text = _edit(text, "min_total = 17", "points = 9")
    with pytest.raises(RubricError, match=re.escape("already changed by $.overrides[1]")):
        resolve(_overlay(text), base)


def test_wrong_base(base: Rubric) -> None:
    other = _rubric(_edit(BASE_TOML, 'version = "2012"', 'version = "2011"'))
    with pytest.raises(RubricError, match="extends prov@2012, not prov@2011"):
        resolve(_overlay(OVERLAY_TOML), other)


def test_bonus_override_without_bonus_section(base: Rubric) -> None:
    head = BASE_TOML.split("[bonus]", maxsplit=1)[0]
    bare = _rubric(head + '[[levels]]\nid = "unit"\ntitle = "t"\nmin_total = 16\n'
                          '[[vetoes]]\nid = "crime"\ntext = "x"\n')
    with pytest.raises(RubricError, match="has no bonus section"):
        resolve(_overlay(OVERLAY_TOML), bare)


def test_an_overlay_cannot_extend_itself() -> None:
    with pytest.raises(RubricError, match="cannot extend itself"):
        _overlay(_edit(OVERLAY_TOML, 'id = "prov.city"\nversion = "2013"',
                       'id = "prov"\nversion = "2012"'))


# -- overlays from plugins and files ---------------------------------------------------------


def _plugin(name: str, *specs: RubricSpec) -> types.SimpleNamespace:
    @hookimpl
    def civscore_rubrics() -> list[RubricSpec]:
        return list(specs)

    return types.SimpleNamespace(__name__=name, civscore_rubrics=civscore_rubrics)


@pytest.fixture
def province(base: Rubric) -> types.SimpleNamespace:
    return _plugin("province", RubricSpec(rubric=base))


@pytest.fixture
def city() -> types.SimpleNamespace:
    return _plugin("city", RubricSpec(overlay=_overlay(OVERLAY_TOML)))


def test_registry_resolves_an_overlay_from_another_plugin(
        province: types.SimpleNamespace, city: types.SimpleNamespace, base: Rubric) -> None:
    for order in ([province, city], [city, province]):
        registry = Registry(get_plugin_manager(load_entry_points=False, plugins=order),
                            strict=True)
        entry = registry.entry("prov.city")
        assert entry.extends == "prov@2012"
        assert entry.provider == "city"
        assert entry.rubric == resolve(_overlay(OVERLAY_TOML), base)
        assert registry.changes("prov.city@2013") == overlay_changes(_overlay(OVERLAY_TOML), base)
        assert registry.changes("prov@2012") == ()
        assert set(registry.plugins_for(entry.rubric)) == {"city", "province"}


def test_overlay_resource_in_a_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       province: types.SimpleNamespace) -> None:
    package = tmp_path / "civscore_testcity"
    (package / "rubrics").mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent("""
        import civscore
        from civscore import RubricSpec

        @civscore.hookimpl
        def civscore_rubrics():
            return [RubricSpec(package=__name__, resource="rubrics/city.toml")]
        """), encoding="utf-8")
    (package / "rubrics" / "city.toml").write_text(OVERLAY_TOML, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import civscore_testcity  # type: ignore[import-not-found]

    registry = Registry(get_plugin_manager(load_entry_points=False,
                                           plugins=[civscore_testcity, province]), strict=True)
    assert registry.entry("prov.city@2013").extends == "prov@2012"


def test_overlay_on_an_overlay(province: types.SimpleNamespace,
                               city: types.SimpleNamespace) -> None:
    district = _plugin("district", RubricSpec(overlay=_overlay("""
        extends = "prov.city@2013"
        id = "prov.city.district"
        version = "2014"
        title = "t"
        provenance = "illustrative"
        source = "test"
        [[overrides]]
        path = "levels.unit"
        min_total = 18
        """)))
    registry = Registry(get_plugin_manager(load_entry_points=False,
                                           plugins=[district, city, province]), strict=True)
    rubric = registry.get("prov.city.district@2014")
    assert rubric.levels[0].min_total == 18
    assert rubric.total == 22
    assert set(registry.plugins_for(rubric)) == {"district", "city", "province"}


def test_missing_base_is_skipped_with_a_warning(city: types.SimpleNamespace) -> None:
    pm = get_plugin_manager(load_entry_points=False, plugins=[city])
    with pytest.warns(PluginWarning, match=r"'city': overlay prov.city@2013 extends prov@2012, "
                                           r"which is not installed"):
        registry = Registry(pm, strict=False)
    assert registry.rubrics() == []
    with pytest.raises(PluginError, match="which is not installed"):
        Registry(pm, strict=True)


def test_overlay_failing_its_checks_is_skipped(province: types.SimpleNamespace) -> None:
    broken = _plugin("broken", RubricSpec(overlay=_overlay(_edit(OVERLAY_TOML, "total = 22", ""))))
    pm = get_plugin_manager(load_entry_points=False, plugins=[province, broken])
    with pytest.warns(PluginWarning, match=r"'broken':.*fails its checks: \$\.total: the "
                                           r"categories' points add up to 22"):
        registry = Registry(pm, strict=False)
    assert [e.ref for e in registry.rubrics()] == ["prov@2012"]


def test_registry_load_rubric_resolves_overlay_files(
        tmp_path: Path, province: types.SimpleNamespace) -> None:
    path = tmp_path / "city.toml"
    path.write_text(OVERLAY_TOML, encoding="utf-8")
    registry = Registry(get_plugin_manager(load_entry_points=False, plugins=[province]),
                        strict=True)
    rubric = registry.load_rubric(str(path))
    assert rubric.ref == "prov.city@2013"
    lonely = Registry(get_plugin_manager(load_entry_points=False), strict=True)
    with pytest.raises(RubricNotFoundError, match="prov@2012"):
        lonely.load_rubric(str(path))


def test_an_overlay_whose_base_is_not_installed_names_its_file_and_extends(
        tmp_path: Path) -> None:
    path = tmp_path / "city.toml"
    path.write_text(OVERLAY_TOML, encoding="utf-8")
    lonely = Registry(get_plugin_manager(load_entry_points=False), strict=True)
    with pytest.raises(RubricNotFoundError) as info:
        lonely.load_rubric(str(path))
    assert str(info.value).startswith(f"{path}: $.extends: cannot resolve the overlay on its "
                                      "base: no installed rubric 'prov@2012'")
    overlay = overlay_from_dict(parse_toml(OVERLAY_TOML))
    with pytest.raises(RubricNotFoundError, match=r"^<overlay prov\.city@2013>: \$\.extends: "):
        lonely.resolve_overlay(overlay)


ROOT = Path(__file__).resolve().parents[2]
#: The example of docs/plugins.md: a county table derived from the quoted
#: provincial one, with invented changes (so illustrative).
EXAMPLE = ROOT / "plugins" / "civscore-hubei" / "examples" / "danjiangkou-example-overlay.toml"


def test_the_guide_shows_the_example_file() -> None:
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    match = re.search(r"```toml\n(extends = \"hubei@undated\".*?)```", guide, re.DOTALL)
    assert match, "docs/plugins.md lost its overlay example"
    assert match.group(1) == EXAMPLE.read_text(encoding="utf-8")


def test_the_example_overlay_on_the_hubei_table() -> None:
    registry = Registry(get_plugin_manager(load_entry_points=False, plugins=[civscore_hubei]),
                        strict=True)
    rubric = registry.load_rubric(str(EXAMPLE))
    assert (rubric.ref, rubric.provenance, rubric.total) == (
        "hubei.danjiangkou-example@undated", "illustrative", 100)
    changes = overlay_changes(load_overlay(EXAMPLE), registry.get("hubei@undated"))
    assert [(c.path, c.what, c.old, c.new) for c in changes if c.path != "locality"] == [
        ("level", "changed", "province", "county"),
        ("categories.public-welfare", "removed",
         {"id": "public-welfare", "title": "公益活动积极参与", "points": 8, "method": "direct",
          "text": "", "evidence": "材料审核", "floor": 0, "rules": [], "standards": [],
          "tiers": [], "scale": None, "step": None, "bands": [], "target": None,
          "deduct_per_point": None,
          "sum_policy": "exact", "options": {}, "criteria": [], "provenance": None,
          "source": ""}, None),
        ("categories.leadership.points", "changed", 10, 12),
        ("categories.awards.points", "changed", 3, 1),
        ("categories.minors", "added", None,
         {"id": "minors", "title": "未成年人思想道德建设", "points": 8, "method": "direct",
          "text": "", "evidence": "材料审核", "floor": 0, "rules": [], "standards": [],
          "tiers": [], "scale": None, "step": None, "bands": [], "target": None,
          "deduct_per_point": None,
          "sum_policy": "exact", "options": {}, "criteria": [], "provenance": None,
          "source": ""}),
    ]
    # 材料审核 still adds up to 80: 80 − 8 + (12 − 10) + (1 − 3) + 8
    assert sum(c.points for c in rubric.categories if c.evidence == "材料审核") == 80
    assert [c.id for c in rubric.categories][3:6] == ["ethics", "minors", "culture"]
    assessment = assessment_from_dict({
        "rubric": rubric.ref, "unit": "示例单位",
        "findings": [{"criterion": c.id, "points": c.points} for c in rubric.categories]})
    assert registry.score(assessment, rubric).total.raw == 100


def test_the_plain_loader_points_to_the_registry() -> None:
    with pytest.raises(RubricError, match=r"overlay.*Registry\.load_rubric") as caught:
        rubric_from_dict(parse_toml(OVERLAY_TOML), source="city.toml")
    assert caught.value.path == "$.extends"
