"""The campaign layer above the single scorecard (评选与复查).

Several assessors' scorecards of one unit combine into a panel
(:mod:`~civscore.campaign.panel`); the periods of a term add up
(:mod:`~civscore.campaign.periods`); units are ranked against a quota after
vetoes and bars (:mod:`~civscore.campaign.selection`); title holders are
reviewed every year (:mod:`~civscore.campaign.review`), reading the history
of titles held (:mod:`~civscore.campaign.history`).  The rules are a
campaign file (:mod:`~civscore.campaign.rules`, read by
:mod:`~civscore.campaign.loader`).  Exact decimals throughout; every step
says why.

The layer sits above :mod:`civscore.files`, :mod:`civscore.scoring` and
:mod:`civscore.results`, beside :mod:`civscore.checks`; the command line
(``civscore panel``, ``civscore rank``, ``civscore review``) is above it.
"""
