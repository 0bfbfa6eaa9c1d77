"""Numbered sections of a report: ``一、…`` (level 1) and ``(一)…`` /
``（一）…`` (level 2), their headings, titles and extent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from civscore.extract.numbers import chinese_integer
from civscore.extract.statements import PointStatement, RawStatement

__all__ = [
    "Heading",
    "ReportSection",
    "find_headings",
    "heading_title",
    "innermost_section",
    "section_spans",
]


@attrs.frozen
class ReportSection:
    """A numbered section of a report: ``一、…`` (level 1) or ``(一)…`` /
    ``（一）…`` (level 2).

    :ivar marker: the marker as written, e.g. ``(一)`` or ``二、``.
    :ivar number: its number (``(三)`` → 3).
    :ivar level: 1 for ``一、``, 2 for ``(一)``.
    :ivar title: the heading up to its first full stop or point statement,
        without trailing punctuation.
    :ivar heading: the whole heading line.
    :ivar line: 1-based line number of the heading in the source text.
    :ivar start: offset of the heading in :attr:`Report.text`; ``end`` is where
        the section stops (the next heading of the same or a higher level).
    :ivar parent: index in :attr:`Report.sections` of the enclosing level-1
        section, or ``None``.
    :ivar statements: the point statements of this section (not those of its
        subsections, not overall claims).
    """

    marker: str
    number: int
    level: int
    title: str
    heading: str
    line: int
    start: int
    end: int
    parent: int | None = None
    statements: tuple[PointStatement, ...] = ()

    @property
    def label(self) -> str:
        """Marker and title, e.g. ``(五)科技文化稳步发展``."""
        return f"{self.marker}{self.title}"

    @property
    def allotted(self) -> Decimal | None:
        """The first allotted figure (应得分) stated in the section, if any."""
        return next((s.value for s in self.statements if s.kind == "allotted"), None)

    @property
    def earned(self) -> Decimal | None:
        """The first earned figure (实得分) stated in the section, if any."""
        return next((s.value for s in self.statements if s.kind == "earned"), None)


_CN_SMALL: Final = "一二三四五六七八九十"
_SECTION_L2: Final = re.compile(
    rf"^[ \t\u3000]*(?P<marker>[(（][ \t]*(?P<num>[{_CN_SMALL}]+)[ \t]*[)）])", re.MULTILINE
)
_SECTION_L1: Final = re.compile(
    rf"^[ \t\u3000]*(?P<marker>(?P<num>[{_CN_SMALL}]+)[ \t]*[、．.])", re.MULTILINE
)
_TITLE_END: Final = re.compile(r"[。！？!?]")
_TITLE_STRIP: Final = " \t\u3000,，、:：;；.。(（"


@attrs.frozen
class Heading:
    """A section heading as found: ``level`` and ``number`` as in
    :class:`ReportSection`; ``start`` is the offset of the line's start,
    ``body_start`` that of the text after the marker, ``line_end`` that of the
    line's end."""

    level: int
    marker: str
    number: int
    start: int
    body_start: int
    line_end: int


def find_headings(text: str) -> list[Heading]:
    """Every numbered section heading in ``text`` (``一、`` and ``(一)`` /
    ``（一）`` opening a line), in order."""
    headings: list[Heading] = []
    for level, pattern in ((1, _SECTION_L1), (2, _SECTION_L2)):
        for m in pattern.finditer(text):
            try:
                number = chinese_integer(m.group("num"))
            except ValueError:
                continue
            line_end = text.find("\n", m.end())
            headings.append(Heading(
                level, m.group("marker").replace(" ", ""), number,
                m.start(), m.end(), len(text) if line_end < 0 else line_end,
            ))
    headings.sort(key=lambda h: h.start)
    return headings


def heading_title(text: str, heading: Heading, statements: Sequence[RawStatement]) -> str:
    """The section's title: its heading up to the first full stop or point
    statement, without trailing punctuation."""
    stop = heading.line_end
    full_stop = _TITLE_END.search(text, heading.body_start, stop)
    if full_stop:
        stop = full_stop.start()
    for raw in statements:
        if heading.body_start <= raw.start < stop:
            stop = raw.start
            break
    return text[heading.body_start:stop].strip(_TITLE_STRIP)


def section_spans(headings: Sequence[Heading], size: int) -> list[tuple[int, int | None]]:
    """``(end, parent)`` of each heading's section in a text of ``size``
    characters: a section ends at the next heading of the same or a higher
    level; a level-2 section's parent is the index of the level-1 section it
    lies in (``None`` when there is none)."""
    spans: list[tuple[int, int | None]] = []
    last_l1: int | None = None
    for i, h in enumerate(headings):
        end = next((o.start for o in headings[i + 1:] if o.level <= h.level), size)
        if h.level == 1:
            last_l1 = i
            spans.append((end, None))
        else:
            parent = last_l1 if last_l1 is not None and spans[last_l1][0] > h.start else None
            spans.append((end, parent))
    return spans


def innermost_section(headings: Sequence[Heading], spans: Sequence[tuple[int, int | None]],
                      offset: int) -> int | None:
    """The index of the innermost section holding ``offset``, or ``None``."""
    best: int | None = None
    for i, h in enumerate(headings):
        if h.start <= offset < spans[i][0] and (best is None
                                                 or h.level >= headings[best].level):
            best = i
    return best
