"""The example campaign is what its script writes, and the shipped campaign
schema is current."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from civscore.campaign.loader import campaign_schema, load_campaign

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "campaign"
SCHEMA = ROOT / "src" / "civscore" / "campaign" / "campaign.schema.json"


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in {".toml", ".csv"}}


def test_the_generator_writes_the_committed_files(tmp_path: Path) -> None:
    copy = tmp_path / "campaign"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("*.toml", "*.csv"))
    subprocess.run([sys.executable, str(copy / "generate.py")], check=True, capture_output=True)
    written = snapshot(copy)
    assert len([k for k in written if k.startswith("assessments")]) == 32 * 2 * 5
    assert written == snapshot(EXAMPLE), "examples/campaign is stale: run generate.py"


def test_the_example_campaign_loads() -> None:
    campaign = load_campaign(str(EXAMPLE / "campaign.toml"))
    assert campaign.rubrics == ("example.campaign@2023", "example.campaign@2024")


def test_the_shipped_campaign_schema_is_current() -> None:
    shipped = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert shipped == campaign_schema(), (
        "regenerate it: python -m civscore schema campaign -o "
        "src/civscore/campaign/campaign.schema.json")


def test_every_campaign_key_is_in_the_campaign_page() -> None:
    import attrs

    from civscore.campaign import rules

    page = (ROOT / "docs" / "campaign.md").read_text(encoding="utf-8")
    for cls in (rules.Campaign, rules.PanelRule, rules.RoleWeight, rules.TermRule,
                rules.PeriodRule, rules.Eligibility, rules.SelectionRule, rules.Quota,
                rules.ReviewRule):
        for field in attrs.fields(cls):
            assert f"`{field.name}`" in page or f"[{field.name}]" in page, (
                f"docs/campaign.md lacks {cls.__name__}.{field.name}")
            assert field.metadata.get("doc"), f"{cls.__name__}.{field.name} has no doc"
