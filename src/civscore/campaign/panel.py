"""Panels (合议): several assessors' scorecards of one unit for one rubric
and period, combined into one figure by the campaign's
:class:`~civscore.campaign.rules.PanelRule`.

:func:`combine_panel` keeps every assessor's figure, says which were dropped
and why, gives the spread and flags an assessor far from the others; the
combined total is rounded once, to the rule's places, and the raw one kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from civscore.campaign.combine import Dropped, RoleFigure, combine_roles, describe, median
from civscore.campaign.rules import PanelRule
from civscore.exceptions import CampaignError
from civscore.messages import message
from civscore.model import Level, Rubric, is_blank
from civscore.model.points import ONE, ZERO, quantize, to_text
from civscore.results.scorecard import ItemResult, Outcome, RubricInfo, Scorecard

__all__ = ["AssessorFigure", "CombinedItem", "Panel", "Sheet", "combine_panel"]


@attrs.frozen
class Sheet:
    """One assessor's scorecard with who scored it: ``assessor`` and
    ``role`` (from the assessment), ``source`` (its file, for errors) and
    ``cells``: where a key path of the assessment is in its file when that
    is not the key path itself (a workbook's ``批量录入!D5`` for ``$.assessor``)."""

    card: Scorecard
    assessor: str = ""
    role: str = ""
    source: str = "<assessment>"
    cells: dict[str, str] = attrs.field(factory=dict)

    def where(self, path: str) -> str:
        """Where ``path`` (``$.assessor``) is in the sheet's file."""
        return self.cells.get(path, path)


@attrs.frozen
class AssessorFigure:
    """One assessor's total (the scorecard's raw total) in a panel.

    ``used`` is false when the total was dropped (``reason`` says why; in a
    per-item panel figures are dropped item by item, see
    :attr:`CombinedItem.dropped`); ``deviation`` is the total minus the
    median of the role's totals, and ``divergent`` says it exceeds the rule's
    ``diverge``.
    """

    assessor: str
    role: str
    source: str
    total: Decimal
    used: bool = True
    reason: str = ""
    deviation: Decimal = ZERO
    divergent: bool = False


@attrs.frozen
class CombinedItem:
    """One item's combined score: each assessor's ``figures`` (in the
    panel's assessor order), the exact combined ``raw`` and the assessors
    whose figure was dropped, with the reason."""

    path: str
    title: str
    points: Decimal
    figures: tuple[Decimal, ...]
    raw: Decimal
    dropped: tuple[str, ...] = ()


@attrs.frozen
class Panel:
    """The combined result of one unit (合议结果).

    ``total_raw`` is exact (28 significant digits when a mean divided),
    ``total_rounded`` rounded to ``places`` by ``mode``, ``compared`` the one
    the rule compares.  ``spread`` is the highest assessor total minus the
    lowest.  ``outcome`` is decided on ``compared`` like a scorecard's: a veto
    found by any assessor vetoes, a bar inside its window found by any
    assessor bars, and a level needs its threshold (and ``max_total``), every
    combined category's share of its effective maximum
    (``min_category_share``), and its gates passed on every sheet.
    """

    unit: str
    period: str
    rubric: RubricInfo
    rule: str
    assessors: tuple[AssessorFigure, ...]
    roles: tuple[RoleFigure, ...]
    categories: tuple[CombinedItem, ...]
    items: tuple[CombinedItem, ...]
    total_raw: Decimal
    total_rounded: Decimal
    compared: Decimal
    places: int
    mode: str
    spread: Decimal
    outcome: Outcome
    flags: tuple[str, ...] = ()

    def category(self, path: str) -> Decimal:
        """The combined score of the category (or item) at ``path``.

        :raises KeyError: no such item.
        """
        for item in (*self.categories, *self.items):
            if item.path == path:
                return item.raw
        raise KeyError(path)


def _placed(sheet: Sheet, path: str) -> str:
    """Where ``path`` of ``sheet`` is, for a message naming another sheet:
    its file, and its cell when it is a workbook's row (``a.xlsx 批量录入!D4``)."""
    where = sheet.where(path)
    return sheet.source if where == path else f"{sheet.source} {where}"


def _check_sheets(sheets: Sequence[Sheet], rule: PanelRule) -> None:
    if not sheets:
        raise CampaignError(message("camp.no-sheets"), path="$")
    for sheet in sheets:
        if is_blank(sheet.card.unit):
            raise CampaignError(message("camp.no-unit"), source=sheet.source,
                                path=sheet.where("$.unit"))
    first = sheets[0].card
    for sheet in sheets[1:]:
        card = sheet.card
        for what, mine, theirs in (("rubric", card.rubric.hash, first.rubric.hash),
                                   ("unit", card.unit, first.unit),
                                   ("period", card.period, first.period)):
            if mine != theirs:
                mine_text = f"{card.rubric.id}@{card.rubric.version}" if what == "rubric" else mine
                their_text = (f"{first.rubric.id}@{first.rubric.version}" if what == "rubric"
                              else theirs)
                raise CampaignError(
                    message("camp.mixes", what=message(f"camp.mixes-{what}"), mine=mine_text,
                            theirs=their_text, source=sheets[0].source), source=sheet.source,
                    path=sheet.where(f"$.{what}"))
    scored_by: dict[tuple[str, str], Sheet] = {}
    for sheet in sheets:
        if not sheet.assessor:
            continue
        twice = scored_by.setdefault((sheet.assessor, sheet.role), sheet)
        if twice is not sheet:
            raise CampaignError(
                message("camp.assessor-twice", assessor=sheet.assessor,
                        role=sheet.role or message("camp.no-role-given"),
                        other=_placed(twice, "$.assessor")),
                source=sheet.source, path=sheet.where("$.assessor"))
    known = {w.role for w in rule.roles}
    for sheet in sheets:
        if rule.roles and sheet.role not in known:
            raise CampaignError(
                message("camp.unknown-role", role=sheet.role, known=", ".join(sorted(known))),
                source=sheet.source, path=sheet.where("$.role"))
    if rule.per == "item":
        for sheet in sheets:
            if sheet.card.base.factor != ONE:
                raise CampaignError(message("camp.per-item-rescaled"),
                    source=sheet.source, path="$.findings")


def combine_panel(sheets: Sequence[Sheet], rule: PanelRule, rubric: Rubric) -> Panel:
    """Combine one unit's ``sheets`` (all of ``rubric``, one unit, one
    period) into a :class:`Panel` by ``rule``.

    :raises CampaignError: naming the sheet's file: a panel mixing rubrics,
        units or periods; an assessor role the rule does not know; a declared
        role with no assessment (``missing = "error"``); too few assessors to
        trim (``small = "error"``); a per-item panel of a rescaled scorecard.
    """
    _check_sheets(sheets, rule)
    cards = [s.card for s in sheets]
    roles = [s.role for s in sheets]
    what = message("camp.unit", unit=cards[0].unit)
    categories = tuple(_combined(items, sheets, rule, what)
                       for items in zip(*(card.categories for card in cards), strict=True))
    items: tuple[CombinedItem, ...] = ()
    if rule.per == "item":
        items = tuple(_combined(column, sheets, rule, what) for column in _columns(cards))
        categories = tuple(attrs.evolve(c, raw=sum(
            (i.raw for i in items if i.path == c.path or i.path.startswith(c.path + ".")), ZERO))
            for c in categories)
        bonus, _r, _d = combine_roles([c.bonus.total for c in cards], roles, rule, what=what)
        minus, _r, _d = combine_roles([c.penalties.total for c in cards], roles, rule, what=what)
        raw = max(ZERO, sum((i.raw for i in items), ZERO) + bonus - minus)
        role_figures: tuple[RoleFigure, ...] = ()
        dropped: tuple[Dropped, ...] = ()
    else:
        raw, role_figures, dropped = combine_roles([c.total.raw for c in cards], roles, rule,
                                                   what=what)
    rounded = quantize(raw, rule.places, rule.rounding)
    compared = rounded if rule.compare == "rounded" else raw
    figures = _assessors(sheets, rule, {d.index: d.reason for d in dropped})
    totals = [c.total.raw for c in cards]
    when = f"{cards[0].period}年度" if cards[0].period else ""
    flags = tuple(f"{when}{f.assessor or f.source}的总分{to_text(f.total)}偏离同组中位数"
                  f"{to_text(f.deviation)}分（超过{to_text(rule.diverge)}分）"
                  for f in figures if f.divergent and rule.diverge is not None)
    return Panel(cards[0].unit, cards[0].period, cards[0].rubric, describe(rule), figures,
                 role_figures, categories, items, raw, rounded, compared, rule.places,
                 rule.rounding, max(totals) - min(totals),
                 _outcome(sheets, rubric, compared, categories), flags)


def _parts_of(node: ItemResult) -> Iterator[ItemResult]:
    """The leaves under ``node``, and each group's own share (its score less
    its children's: its own rules and clamp) as an entry 本级 of 0 points."""
    if not node.children:
        yield node
        return
    own = node.score - sum((c.score for c in node.children), ZERO)
    yield attrs.evolve(node, title=f"{node.title}（本级）", points=ZERO, score=own, children=(),
                       method=_OWN)
    for child in node.children:
        yield from _parts_of(child)


def _columns(cards: Sequence[Scorecard]) -> list[tuple[ItemResult, ...]]:
    """One column per leaf and per group whose own share is not 0 on some
    card: the cards' figures side by side; they add up to each card's base."""
    columns = list(zip(*([p for c in card.categories for p in _parts_of(c)] for card in cards),
                       strict=True))
    return [column for column in columns
            if column[0].method != _OWN or any(i.score for i in column)]


#: The method an entry of a group's own share carries (no item has it).
_OWN = "<group-own>"


def _combined(column: Sequence[ItemResult], sheets: Sequence[Sheet], rule: PanelRule,
              what: str) -> CombinedItem:
    scores = [item.score for item in column]
    raw, _roles, dropped = combine_roles(scores, [s.role for s in sheets], rule,
                                         what=message("camp.unit-item", what=what,
                                                      path=column[0].path))
    names = tuple(f"{sheets[d.index].assessor or sheets[d.index].source}（{d.reason}）"
                  for d in dropped)
    first = column[0]
    return CombinedItem(first.path, first.title, first.points, tuple(scores), raw, names)


def _assessors(sheets: Sequence[Sheet], rule: PanelRule,
               dropped: dict[int, str]) -> tuple[AssessorFigure, ...]:
    figures = []
    for i, sheet in enumerate(sheets):
        group = [s.card.total.raw for s in sheets if not rule.roles or s.role == sheet.role]
        deviation = sheet.card.total.raw - median(group)
        divergent = rule.diverge is not None and abs(deviation) > rule.diverge
        figures.append(AssessorFigure(sheet.assessor, sheet.role, sheet.source,
                                      sheet.card.total.raw, i not in dropped,
                                      dropped.get(i, ""), deviation, divergent))
    return tuple(figures)


def _found(findings: Sequence[tuple[str, Sheet]]) -> tuple[str, ...]:
    """Each finding once, naming the assessors who found it: ``一票否决：…（乙、丙）``."""
    who: dict[str, list[str]] = {}
    for text, sheet in findings:
        who.setdefault(text, []).append(sheet.assessor or sheet.source)
    return tuple(f"{text}（{'、'.join(names)}）" for text, names in who.items())


def _shares(sheets: Sequence[Sheet], categories: Sequence[CombinedItem],
            share: Decimal) -> list[str]:
    """每类最低得分率 on the combined categories: each against its effective
    maximum (应得分 less not-applicable items), the largest any sheet has when
    the assessors' not-applicable items differ."""
    why = []
    for i, item in enumerate(categories):
        effective = max(s.card.categories[i].effective_max for s in sheets)
        if effective and item.raw < share * effective:
            why.append(f"{item.title}合议得分{to_text(item.raw)}低于其应得分的"
                       f"{to_text(share * 100)}%")
    return why


def _outcome(sheets: Sequence[Sheet], rubric: Rubric, compared: Decimal,
             categories: Sequence[CombinedItem]) -> Outcome:
    vetoes = _found([(f"一票否决：{v.text}", s) for s in sheets for v in s.card.vetoes])
    if vetoes:
        return Outcome("vetoed", reasons=vetoes)
    bars = _found([(f"不得申报：{b.text}（{b.date.isoformat()}）", s)
                   for s in sheets for b in s.card.bars if b.inside])
    if bars:
        return Outcome("ineligible", reasons=bars)
    if not rubric.levels:
        return Outcome("unrated", reasons=("测评体系未规定等次达标分数",))
    failed = {g.gate for s in sheets for g in s.card.gates if not g.passed}
    met: list[tuple[Level, list[str]]] = []
    unmet: list[tuple[Level, list[str]]] = []
    for level in rubric.levels:
        why = []
        if compared < level.min_total:
            why.append(f"合议分{to_text(compared)}低于{level.title}达标分数"
                       f"{to_text(level.min_total)}")
        if level.max_total is not None and compared > level.max_total:
            why.append(f"合议分{to_text(compared)}高于{level.title}上限{to_text(level.max_total)}")
        if level.min_category_share is not None:
            why += _shares(sheets, categories, level.min_category_share)
        why += [f"前置条件未满足：{gate}" for gate in level.gates if gate in failed]
        (unmet if why else met).append((level, why))
    if met:
        best = max(met, key=lambda pair: pair[0].min_total)[0]
        return Outcome("awarded", best.id, best.title)
    lowest = min(unmet, key=lambda pair: pair[0].min_total)
    return Outcome("not_awarded", reasons=tuple(lowest[1]))
