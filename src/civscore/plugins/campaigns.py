"""The campaign files plugins ship (:func:`~civscore.plugins.hookspecs.civscore_campaigns`),
read and checked, by campaign id."""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable, Sequence

from civscore.campaign.loader import campaign_from_dict
from civscore.campaign.rules import Campaign
from civscore.exceptions import CampaignError, PluginError
from civscore.files.text import parse_toml
from civscore.messages import message
from civscore.plugins.hooks import Provided
from civscore.plugins.hookspecs import CampaignSpec

__all__ = ["load_campaigns"]


def _read(spec: CampaignSpec, describe: str) -> str:
    try:
        return importlib.resources.files(spec.package).joinpath(spec.resource).read_text(
            encoding="utf-8-sig")
    except (OSError, ImportError, UnicodeDecodeError, TypeError, ValueError) as exc:
        raise PluginError(message("plugin.campaign-unreadable", plugin=describe, error=exc,
                                  resource=f"{spec.package}:{spec.resource}")) from exc


def load_campaigns(provided: Sequence[Provided[CampaignSpec]],
                   describe: Callable[[str], str]) -> dict[str, tuple[str, Campaign]]:
    """Every shipped campaign by id, with the plugin that ships it.

    :param describe: names a plugin in messages (name, distribution, version).
    :raises CampaignError: a file that is not a valid campaign, naming
        ``package:resource`` and the key path.
    :raises PluginError: a file that cannot be read, or one id shipped twice
        (naming both plugins).
    """
    found: dict[str, tuple[str, Campaign]] = {}
    for item in provided:
        spec = item.value
        source = f"{spec.package}:{spec.resource}"
        text = _read(spec, describe(item.provider))
        campaign = campaign_from_dict(parse_toml(text, source=source, error=CampaignError),
                                      source=source)
        if campaign.id in found:
            other = found[campaign.id][0]
            raise PluginError(message("plugin.campaign-twice", ident=campaign.id,
                                      first=describe(other), second=describe(item.provider)))
        found[campaign.id] = (item.provider, campaign)
    return dict(sorted(found.items()))
