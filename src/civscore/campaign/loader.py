"""Reading a campaign file (TOML) into a :class:`~civscore.campaign.rules.Campaign`,
and its JSON Schema.

Like the rubric loader, every error is located: a
:class:`~civscore.exceptions.CampaignError` naming the file and the key path
(``$.panel.roles``), what was expected and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from civscore.campaign.rules import CAMPAIGN_FORMAT, Campaign
from civscore.exceptions import CampaignError
from civscore.files.text import build_from_text, read_text
from civscore.messages import message
from civscore.model.points import to_text
from civscore.model.serde import json_schema, structure

__all__ = ["campaign_from_dict", "campaign_schema", "load_campaign"]

CAMPAIGN_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
RUBRIC_REF = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*@\S+$")


def load_campaign(path: str, *, encoding: str | None = None) -> Campaign:
    """Read a campaign file, TOML or JSON (a ``.json`` file, or text starting
    with ``{``; numbers as exact decimals, as for rubrics).

    :raises CampaignError: naming the file and key path (see :func:`campaign_from_dict`),
        with the line and column where the text tells them.
    """
    text = read_text(path, encoding=encoding, error=CampaignError)
    return build_from_text(text, lambda data: campaign_from_dict(data, source=path),
                           source=path, error=CampaignError)


def campaign_from_dict(data: Mapping[str, Any], *, source: str = "<mapping>") -> Campaign:
    """Build and check a campaign from parsed TOML.

    Checks, besides types: the format version, the id, a year of four
    digits, exactly one of
    ``rubric`` and ``term``, rubric references written ``id@version``, the
    roles' weights adding up to 1, a trim of at least 1, unique period ids,
    exactly one of ``quota.places`` and ``quota.fraction`` (with
    ``expiring``), fractions within 0–1, ``selection.on_reach =
    "shortlisted"`` only without a quota, and ``review.warn_at`` not above
    ``keep_at``.

    :raises CampaignError: the first problem found, with its key path.
    """
    if not isinstance(data, Mapping):
        raise CampaignError(message("camp.not-table", found=type(data).__name__),
                            source=source)
    version = data.get("format", CAMPAIGN_FORMAT)
    if version != CAMPAIGN_FORMAT or isinstance(version, bool):
        raise CampaignError(message("camp.format", format=CAMPAIGN_FORMAT, found=version),
                            source=source, path="$.format")
    campaign = structure(dict(data), Campaign, error=CampaignError, source=source)
    _validate(campaign, source)
    return campaign


#: The most decimal places a combined score may keep (as a rubric's point places).
MAX_PLACES = 6


def _fail(source: str, path: str, text: str) -> CampaignError:
    return CampaignError(text, source=source, path=path)


def _fraction(value: Decimal | None, path: str, source: str, *, most: Decimal) -> None:
    if value is not None and not Decimal(0) < value <= most:
        raise _fail(source, path, message("camp.fraction", value=to_text(value),
                                          most=to_text(most)))


def _validate(campaign: Campaign, source: str) -> None:
    if not CAMPAIGN_ID.match(campaign.id):
        raise _fail(source, "$.id", message("camp.bad-id", ident=campaign.id))
    if not 1000 <= campaign.year <= 9999:  # a typo (20244) would read no history at all
        raise _fail(source, "$.year", message("camp.year", value=campaign.year))
    if bool(campaign.rubric) == (campaign.term is not None):
        raise _fail(source, "$.rubric", message("camp.rubric-or-term"))
    if campaign.rubric and not RUBRIC_REF.match(campaign.rubric):
        raise _fail(source, "$.rubric", message("camp.not-ref", ref=campaign.rubric))
    panel = campaign.panel
    if panel.trim < 1:
        raise _fail(source, "$.panel.trim", message("camp.trim"))
    if not 0 <= panel.places <= MAX_PLACES:
        raise _fail(source, "$.panel.places", message("camp.places", most=MAX_PLACES,
                                                      value=panel.places))
    if panel.roles:
        total = sum((r.weight for r in panel.roles), Decimal(0))
        if total != 1:
            raise _fail(source, "$.panel.roles", message("camp.weights", total=to_text(total)))
        names = [r.role for r in panel.roles]
        for i, name in enumerate(names):
            if names.index(name) != i:
                raise _fail(source, f"$.panel.roles[{i}].role", message("camp.role-twice",
                                                                        role=name))
    if campaign.term is not None:
        ids = [p.id for p in campaign.term.periods]
        if not ids:
            raise _fail(source, "$.term.periods", message("camp.no-periods"))
        for i, period in enumerate(campaign.term.periods):
            where = f"$.term.periods[{i}]"
            if ids.index(period.id) != i:
                raise _fail(source, f"{where}.id", message("camp.period-twice",
                                                           period=period.id))
            if not RUBRIC_REF.match(period.rubric):
                raise _fail(source, f"{where}.rubric", message("camp.not-ref", ref=period.rubric))
    quota = campaign.quota
    if quota is not None:
        if (quota.places is None) == (quota.fraction is None):
            raise _fail(source, "$.quota", message("camp.places-or-fraction"))
        if quota.fraction is not None and quota.expiring is None:
            raise _fail(source, "$.quota.expiring", message("camp.needs-expiring"))
        _fraction(quota.fraction, "$.quota.fraction", source, most=Decimal(1))
        _fraction(quota.eliminate, "$.quota.eliminate", source, most=Decimal(1))
        if quota.eliminate is not None and quota.eliminate >= 1:  # no unit would be left
            raise _fail(source, "$.quota.eliminate", message("camp.eliminate-all"))
        if quota.candidates is not None and quota.candidates < 1:
            raise _fail(source, "$.quota.candidates", message("camp.candidates"))
    if quota is not None and campaign.selection.on_reach == "shortlisted":
        raise _fail(source, "$.selection.on_reach", message("camp.on-reach"))
    review = campaign.review
    if review is not None and review.rubric and not RUBRIC_REF.match(review.rubric):
        raise _fail(source, "$.review.rubric", message("camp.not-ref", ref=review.rubric))
    if review is not None and review.warn_at is not None and review.warn_at > review.keep_at:
        raise _fail(source, "$.review.warn_at", message("camp.warn-above-keep",
                                                        warn=to_text(review.warn_at),
                                                        keep=to_text(review.keep_at)))
    if campaign.lapse < 0:
        raise _fail(source, "$.lapse", message("camp.lapse"))
    for i, rule in enumerate(campaign.eligibility):
        if rule.consecutive < 1:
            raise _fail(source, f"$.eligibility[{i}].consecutive", message("camp.consecutive"))


def campaign_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a campaign file, built from the model."""
    return json_schema(Campaign, numbers_as_text=False,
                       title=f"civscore campaign file (评选方案), format {CAMPAIGN_FORMAT}")
