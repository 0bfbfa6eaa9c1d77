"""Campaign files shipped by plugins (the civscore_campaigns hook)."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from civscore import hookimpl
from civscore.exceptions import CampaignError, PluginError
from civscore.plugins import Registry, get_plugin_manager
from civscore.plugins.hookspecs import CampaignSpec

CAMPAIGN = """
id = "{id}"
title = "2024年度示例县文明单位评选"
award = "县级文明单位"
year = 2024
provenance = "illustrative"
source = "written for the tests"
rubric = "camp@1"

[quota]
places = {places}
"""


@pytest.fixture
def package(tmp_path: Path) -> Iterator[str]:
    """A package ``shipped_campaigns`` with three campaign files."""
    root = tmp_path / "shipped_campaigns"
    (root / "campaigns").mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    for name, cid, places in (("good", "county-2024", "3"), ("twin", "county-2024", "4"),
                              ("bad", "county-bad", '"three"')):
        (root / "campaigns" / f"{name}.toml").write_text(
            CAMPAIGN.format(id=cid, places=places), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    yield "shipped_campaigns"
    sys.path.remove(str(tmp_path))
    sys.modules.pop("shipped_campaigns", None)


def plugin(name: str, package: str, *files: str) -> types.SimpleNamespace:
    @hookimpl
    def civscore_campaigns() -> list[CampaignSpec]:
        return [CampaignSpec(package, f"campaigns/{f}.toml") for f in files]

    return types.SimpleNamespace(__name__=name, civscore_campaigns=civscore_campaigns)


def registry(*plugins: object) -> Registry:
    return Registry(get_plugin_manager(load_entry_points=False, plugins=list(plugins)))


def test_a_shipped_campaign_is_found_by_id(package: str) -> None:
    found = registry(plugin("county", package, "good"))
    assert list(found.campaigns()) == ["county-2024"]
    campaign = found.campaign("county-2024")
    assert campaign.quota is not None
    assert campaign.quota.places == 3
    with pytest.raises(CampaignError, match="no installed campaign 'city' \\(installed: "
                                            "county-2024\\)"):
        found.campaign("city")


def test_one_id_from_two_plugins_is_an_error_naming_both(package: str) -> None:
    both = registry(plugin("alpha", package, "good"), plugin("beta", package, "twin"))
    with pytest.raises(PluginError, match=r"county-2024 is shipped by both .*alpha.* and .*beta"):
        both.campaigns()


def test_an_invalid_shipped_campaign_names_its_resource(package: str) -> None:
    broken = registry(plugin("county", package, "bad"))
    with pytest.raises(CampaignError) as info:
        broken.campaigns()
    assert info.value.source == "shipped_campaigns:campaigns/bad.toml"
    assert info.value.path == "$.quota.places"
    missing = registry(plugin("county", package, "absent"))
    with pytest.raises(PluginError, match="cannot read campaign resource"):
        missing.campaigns()
