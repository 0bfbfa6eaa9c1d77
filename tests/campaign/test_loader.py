"""Reading campaign files (civscore.campaign.loader): located errors."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from civscore.campaign.loader import campaign_from_dict, campaign_schema, load_campaign
from civscore.exceptions import CampaignError
from civscore.files.text import parse_toml

GOOD = """
id = "city-2024"
title = "2024年度市级文明单位评选"
award = "市级文明单位"
year = 2024
provenance = "illustrative"
source = "written for the tests"
rubric = "camp@1"

[panel]
method = "trimmed"
small = "closest-pair"
roles = [{ role = "自评", weight = 0.1 }, { role = "测评组", weight = 0.9 }]

[selection]
ties = ["a"]
near = 1

[quota]
fraction = 0.9
expiring = 10
eliminate = 0.1

[review]
keep_at = 85
warn_at = 75
replace = true
"""


def load(text: str) -> object:
    return campaign_from_dict(parse_toml(text), source="c.toml")


def test_a_campaign_file_reads_exactly(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(GOOD, encoding="utf-8")
    campaign = load_campaign(str(path))
    assert campaign.panel.roles[0].weight == Decimal("0.1")
    assert campaign.quota is not None
    assert campaign.quota.fraction == Decimal("0.9")
    assert campaign.review is not None
    assert campaign.review.replace
    assert campaign.rubrics == ("camp@1",)


@pytest.mark.parametrize(("change", "path", "message"), [
    (("weight = 0.9", "weight = 0.8"), "$.panel.roles", "add up to 0.9, not 1"),
    (('rubric = "camp@1"', 'rubric = "camp"'), "$.rubric", "not written id@version"),
    (('rubric = "camp@1"', ""), "$.rubric", "exactly one of rubric"),
    (("fraction = 0.9", "fraction = 0.9\nplaces = 3"), "$.quota", "exactly one of places"),
    (("expiring = 10", ""), "$.quota.expiring", "needs expiring"),
    (("eliminate = 0.1", "eliminate = 1.5"), "$.quota.eliminate", "not a fraction"),
    (("eliminate = 0.1", "eliminate = 1"), "$.quota.eliminate", "leaves none to award"),
    (("warn_at = 75", "warn_at = 90"), "$.review.warn_at", "above keep_at 85"),
    (('method = "trimmed"', 'method = "trimmed"\ntrim = 0'), "$.panel.trim", "at least 1"),
    (('method = "trimmed"', 'method = "average"'), "$.panel.method", "average"),
    (("near = 1", "nearby = 1"), "$.selection.nearby", "did you mean 'near'"),
    (('id = "city-2024"', 'id = "City 2024"'), "$.id", "is not an id"),
    (('role = "测评组"', 'role = "自评"'), "$.panel.roles[1].role", "given twice"),
    (("near = 1", 'near = 1\non_reach = "shortlisted"'), "$.selection.on_reach",
     "without a quota"),
    (("year = 2024", "year = 20244"), "$.year", "four digits, e.g. 2024; got 20244"),
    (("year = 2024", "year = 99999"), "$.year", "four digits"),
    (("year = 2024", "year = 999"), "$.year", "four digits"),
])
def test_bad_campaign_files_are_refused_with_the_key_path(
        change: tuple[str, str], path: str, message: str) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(CampaignError, match=message) as info:
        load(GOOD.replace(old, new, 1))
    assert (info.value.source, info.value.path) == ("c.toml", path)


def test_a_term_with_a_repeated_period_is_refused() -> None:
    term = ('[term]\nmin_total = 80\nperiods = [{ id = "2017", rubric = "a@2017" }, '
            '{ id = "2017", rubric = "a@2018" }]\n')
    text = GOOD.replace('rubric = "camp@1"\n', "").replace("[panel]", term + "\n[panel]")
    with pytest.raises(CampaignError, match="'2017' is given twice") as info:
        load(text)
    assert info.value.path == "$.term.periods[1].id"


def test_the_schema_describes_every_key() -> None:
    schema = campaign_schema()
    campaign = schema["$defs"]["Campaign"]
    assert {"panel", "term", "quota", "review", "eligibility"} <= set(campaign["properties"])
    assert "closest-pair" in str(schema["$defs"]["PanelRule"])


def test_a_json_campaign_file_reads_as_its_toml(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "campaign" / "campaign.toml"
    data = parse_toml(example.read_text(encoding="utf-8"), source=str(example))
    # JSON numbers written as the TOML's digits (a Decimal is written as its text).
    text = re.sub(r'"__D(.*?)__"', r"\1",
                  json.dumps(data, ensure_ascii=False, default=lambda d: f"__D{d}__"))
    path = tmp_path / "campaign.json"
    path.write_text(text, encoding="utf-8")
    assert load_campaign(str(path)) == load_campaign(str(example))
