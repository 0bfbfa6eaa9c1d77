"""Matching a report's sections to a rubric's categories, by order and title
similarity, and choosing the rubric a report fits best."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Final, Literal

import attrs

from civscore.extract.reports import Report
from civscore.extract.sections import ReportSection
from civscore.messages import message
from civscore.model import Category, Rubric
from civscore.model.points import to_text

__all__ = [
    "MIN_FIT",
    "STRONG_SIMILARITY",
    "TITLE_SIMILARITY",
    "CategoryMatch",
    "SectionMatch",
    "choose_rubric",
    "match_categories",
    "title_similarity",
]

#: A section title whose similarity (see
#: :func:`~civscore.extract.title_similarity`) to its category's title is at
#: least this is matched "by title"; below it the pair rests on order alone.
TITLE_SIMILARITY: Final = 0.5

#: A pair whose section has at least this similarity with another category,
#: and much less with its own, is reported as doubtful.
STRONG_SIMILARITY: Final = 0.8

#: :func:`~civscore.extract.choose_rubric` returns no rubric whose fit is below
#: this.
MIN_FIT: Final = 0.3


@attrs.frozen
class CategoryMatch:
    """A rubric category paired with a report section.

    :ivar category: the category's id.
    :ivar category_title: the category's title.
    :ivar points: the category's allotted points in the rubric.
    :ivar section: the report section.
    :ivar similarity: title similarity in ``[0, 1]`` (:func:`title_similarity`).
    :ivar by: ``"title"`` when the similarity reaches
        :data:`~civscore.extract.matching.TITLE_SIMILARITY`,
        ``"order"`` when the pair rests on the order of sections alone.
    """

    category: str
    category_title: str
    points: Decimal
    section: ReportSection
    similarity: float
    by: Literal["title", "order"]

    @property
    def points_agree(self) -> bool | None:
        """Whether the section's 应得分 equals the category's points
        (``None`` when the section states no 应得分)."""
        allotted = self.section.allotted
        return None if allotted is None else allotted == self.points


@attrs.frozen
class SectionMatch:
    """How a report's sections line up with a rubric's categories.

    :ivar rubric: the rubric's ``id@version``.
    :ivar matches: the pairs, in the rubric's category order.
    :ivar unmatched_sections: candidate sections left without a category.
    :ivar unmatched_categories: ids of categories no section was paired with.
    :ivar fit: how well the report fits the rubric, ``>= 0``: mean title
        similarity plus agreement of stated 应得分 with category points plus
        agreement of the overall 应得分 with the rubric total.
    :ivar messages: what could not be matched or looks doubtful, in words.
    """

    rubric: str
    matches: tuple[CategoryMatch, ...] = ()
    unmatched_sections: tuple[ReportSection, ...] = ()
    unmatched_categories: tuple[str, ...] = ()
    fit: float = 0.0
    messages: tuple[str, ...] = ()

    @property
    def by_order(self) -> tuple[CategoryMatch, ...]:
        """The pairs that rest on order alone (weak title similarity)."""
        return tuple(m for m in self.matches if m.by == "order")


_NOT_WORD: Final = re.compile(r"[^\w]|_", re.UNICODE)


def title_similarity(section_title: str, category_title: str) -> float:
    """How much of ``category_title`` appears, in order, in ``section_title``:
    the share of the category title's characters (punctuation and spaces
    ignored) covered by common runs of at least two characters, in ``[0, 1]``.

    Short category titles inside long section sentences score high
    (``卫生创建`` in ``卫生单位创建工作扎实而有成效`` → 1.0).
    """
    section = _NOT_WORD.sub("", unicodedata.normalize("NFKC", section_title))
    category = _NOT_WORD.sub("", unicodedata.normalize("NFKC", category_title))
    if not section or not category:
        return 0.0
    if len(category) == 1:
        return 1.0 if category in section else 0.0
    blocks = difflib.SequenceMatcher(None, category, section, autojunk=False)
    covered = sum(b.size for b in blocks.get_matching_blocks() if b.size >= 2)
    return covered / len(category)


def _candidates(report: Report, wanted: int) -> tuple[ReportSection, ...]:
    scored = report.scored_sections
    if scored:
        counts = Counter(s.level for s in scored)
        level = max(counts, key=lambda lv: (counts[lv], lv))
        parents = {s.parent for s in scored if s.level == level}
        return tuple(s for s in report.sections
                     if s.level == level and (s.parent in parents or s.statements))
    levels = Counter(s.level for s in report.sections)
    if not levels:
        return ()
    level = min(levels, key=lambda lv: (abs(levels[lv] - wanted), lv))
    return tuple(s for s in report.sections if s.level == level)


def _align(sim: list[list[float]]) -> list[tuple[int, int]]:
    """Order-preserving alignment pairing as many sections as possible, placing
    the gaps where title similarity is highest."""
    n = len(sim)
    m = len(sim[0]) if n else 0
    pair_reward = 10.0  # > any total similarity gain: the number of pairs comes first
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best[i][j] = max(best[i - 1][j - 1] + pair_reward + sim[i - 1][j - 1],
                             best[i - 1][j], best[i][j - 1])
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    pairs.reverse()
    return pairs


def match_categories(report: Report, rubric: Rubric) -> SectionMatch:
    """Pair the report's sections with the rubric's categories.

    The candidate sections are those at the level that carries the report's
    section statements (all sections of that level under the same parents),
    or, in a report without scores, the level whose number of sections is
    closest to the number of categories.  Sections and categories are aligned
    in order, pairing as many as possible; where counts differ, the gaps go
    where title similarity is highest.  A pair whose similarity is below
    :data:`~civscore.extract.matching.TITLE_SIMILARITY` is marked
    ``by="order"``.  ``messages`` names the sections and categories left
    unmatched, the pairs resting on order alone, sections that look more like
    another category, and stated 应得分 that differ from the rubric's points.
    """
    categories: tuple[Category, ...] = rubric.categories
    sections = _candidates(report, len(categories))
    sim = [[title_similarity(s.title, c.title) for c in categories] for s in sections]
    pairs = _align(sim) if sections and categories else []
    matches: list[CategoryMatch] = []
    messages: list[str] = []
    bonus = 0.0
    for si, ci in pairs:
        section, category = sections[si], categories[ci]
        similarity = sim[si][ci]
        by: Literal["title", "order"] = "title" if similarity >= TITLE_SIMILARITY else "order"
        match = CategoryMatch(category.id, category.title, category.points, section,
                              round(similarity, 4), by)
        matches.append(match)
        if by == "order":
            messages.append(message("match.by-order", label=section.label, line=section.line,
                                    category=category.id, title=category.title,
                                    similarity=f"{similarity:.2f}"))
        other = max(range(len(categories)), key=lambda k: sim[si][k])
        if (other != ci and sim[si][other] >= STRONG_SIMILARITY
                and sim[si][other] - similarity >= TITLE_SIMILARITY):
            messages.append(message("match.reads-like", label=section.label, line=section.line,
                                    other=categories[other].id, title=categories[other].title,
                                    category=category.id))
        if match.points_agree is False:
            assert section.allotted is not None
            messages.append(message("match.points", label=section.label, line=section.line,
                                    allotted=to_text(section.allotted), category=category.id,
                                    points=to_text(category.points)))
        elif match.points_agree:
            bonus += 1.0
    paired_sections = {si for si, _ in pairs}
    paired_categories = {ci for _, ci in pairs}
    unmatched_sections = tuple(s for k, s in enumerate(sections) if k not in paired_sections)
    unmatched_categories = tuple(c.id for k, c in enumerate(categories)
                                 if k not in paired_categories)
    messages.extend(message("match.no-category", label=s.label, line=s.line, ref=rubric.ref)
                    for s in unmatched_sections)
    messages.extend(message("match.no-section", category=cid, ref=rubric.ref)
                    for cid in unmatched_categories)
    if not sections:
        messages.append(message("match.no-sections"))
    fit = 0.0
    if pairs:
        fit = (sum(sim[si][ci] for si, ci in pairs) + bonus) / max(len(sections),
                                                                    len(categories))
    if report.overall_allotted is not None:
        if report.overall_allotted == rubric.total:
            fit += 0.5
        else:
            messages.append(message("match.total", allotted=to_text(report.overall_allotted),
                                    total=to_text(rubric.total)))
    return SectionMatch(rubric.ref, tuple(matches), unmatched_sections, unmatched_categories,
                        round(fit, 4), tuple(messages))


def choose_rubric(report: Report, rubrics: Iterable[Rubric]) -> Rubric | None:
    """The rubric whose categories fit the report best (highest
    :attr:`SectionMatch.fit`; the first given wins a tie), or ``None`` when
    none reaches :data:`~civscore.extract.matching.MIN_FIT` (or ``rubrics`` is
    empty)."""
    best: Rubric | None = None
    best_fit = MIN_FIT
    for rubric in rubrics:
        fit = match_categories(report, rubric).fit
        if fit > best_fit or (best is None and fit >= best_fit):
            best, best_fit = rubric, fit
    return best
