"""Reports: splitting a file into its reports (``第一篇``, ``第二篇`` …) and
parsing each into sections and statements of points."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final

import attrs

from civscore.extract.numbers import CHINESE_NUMERALS
from civscore.extract.reading import normalise_text
from civscore.extract.sections import (
    ReportSection,
    find_headings,
    heading_title,
    innermost_section,
    section_spans,
)
from civscore.extract.statements import (
    PointStatement,
    RawStatement,
    find_statements,
    malformed_figures,
)
from civscore.extract.unit_period import find_period, find_unit
from civscore.messages import message
from civscore.model.points import to_text
from civscore.model.serde import MAX_MAGNITUDE

__all__ = ["Report", "parse_report", "parse_reports", "split_reports"]

_SENTENCE_BREAK: Final = re.compile(r"[。！？!?；;\n]")


@attrs.frozen
class Report:
    """One report (一篇工作总结 / 汇报) and what was found in it.

    :ivar index: 1-based position of the report in its file.
    :ivar title: the report's title (after ``第N篇:`` when there is one).
    :ivar text: the report's body, line ends normalised to ``\\n``.
    :ivar unit: the unit (单位) as stated in the signature or title, or ``""``.
    :ivar period: the period as stated (``2010-2011``, ``2011``), or ``""``.
    :ivar first_line: line number in the source text of the body's first line.
    :ivar sections: all numbered sections, in order.
    :ivar statements: every point statement, in order.
    :ivar overall_allotted: the overall allotted figure (e.g. 100), if stated.
    :ivar overall_earned: the overall claim (自评总分 / 实得分), if stated.
    :ivar warnings: things a reader should check (numbering that restarts,
        sections whose figures do not add up to the overall claim …).
    """

    index: int
    title: str
    text: str
    unit: str = ""
    period: str = ""
    first_line: int = 1
    sections: tuple[ReportSection, ...] = ()
    statements: tuple[PointStatement, ...] = ()
    overall_allotted: Decimal | None = None
    overall_earned: Decimal | None = None
    warnings: tuple[str, ...] = ()

    @property
    def has_scores(self) -> bool:
        """True when the report states any points at all."""
        return bool(self.statements)

    @property
    def scored_sections(self) -> tuple[ReportSection, ...]:
        """The sections that carry point statements of their own."""
        return tuple(s for s in self.sections if s.statements)


_REPORT_MARK: Final = re.compile(
    rf"^[ \t\u3000]*第[ \t]*([{CHINESE_NUMERALS}0-9０-９]+)[ \t]*篇"
    r"[ \t\u3000]*[:：.．、]?[ \t\u3000]*(.*)$",
    re.MULTILINE,
)


@attrs.frozen
class _Chunk:
    title: str
    body: str
    first_line: int


def _first_line_text(text: str) -> str:
    return next((ln.strip() for ln in text.split("\n") if ln.strip()), "")


def _split(text: str) -> list[_Chunk]:
    text = normalise_text(text)
    marks = list(_REPORT_MARK.finditer(text))
    if not marks:
        return [_Chunk(_first_line_text(text), text, 1)] if text.strip() else []
    chunks: list[_Chunk] = []
    head = text[:marks[0].start()]
    if head.strip():
        chunks.append(_Chunk(_first_line_text(head), head, 1))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body_start = min(mark.end() + 1, end)
        body = text[body_start:end]
        title = mark.group(2).strip() or _first_line_text(body)
        chunks.append(_Chunk(title, body, text.count("\n", 0, body_start) + 1))
    return chunks


def split_reports(text: str) -> list[tuple[str, str]]:
    """Split a text holding several reports into ``(title, body)`` pairs.

    Reports are introduced by a line ``第一篇:标题`` (``第2篇``, full-width
    colon, or no colon, all accepted); the title is the rest of that line (or
    the body's first line when the rest is empty) and the body is the text up
    to the next such line.  A text without such lines is one report titled by
    its first non-blank line; non-blank text before the first marker is a
    report of its own.  Blank text gives ``[]``.
    """
    return [(c.title, c.body) for c in _split(text)]


def parse_report(
    text: str, index: int = 1, *, title: str | None = None, first_line: int = 1
) -> Report:
    """Parse one report: its sections, point statements, unit and period.

    :param text: the report (its body when ``title`` is given, else the whole
        report whose first non-blank line, less any ``第N篇:``, is the title).
    :param index: the report's 1-based position in its file.
    :param title: the report's title, when known.
    :param first_line: line number of ``text``'s first line in the source,
        used for the ``line`` of sections and statements.

    Statements in a section belong to it; a statement is *overall* (the
    unit's claim) when it lies outside every section, when its keyword says
    总 (自评总分, 总分 …) or when its clause names the whole unit (我局,
    本单位, 合计 …) and not one item (此项, 该项); every statement in a
    sentence with an overall one is overall too (``我局应得分100分，实得分为98分``).
    A bare 总分 is allotted when its sentence also states an earned figure,
    else earned.  A report with no statements has ``has_scores`` false.
    """
    text = normalise_text(text)
    if title is None:
        title = _first_line_text(text)
        mark = _REPORT_MARK.match(title)
        if mark:
            title = mark.group(2).strip()
    raw = find_statements(text)
    headings = find_headings(text)
    line_of = _line_numbers(text, first_line)
    spans = section_spans(headings, len(text))
    owner = [innermost_section(headings, spans, r.start) for r in raw]
    statements = _place_statements(text, raw, owner, bool(headings), line_of)
    sections: list[ReportSection] = []
    for i, h in enumerate(headings):
        own = tuple(s for s, o in zip(statements, owner, strict=True) if o == i and not s.overall)
        heading_text = text[h.start:h.line_end].strip()
        sections.append(ReportSection(
            marker=h.marker, number=h.number, level=h.level,
            title=heading_title(text, h, raw), heading=heading_text, line=line_of(h.start),
            start=h.start, end=spans[i][0], parent=spans[i][1], statements=own,
        ))

    overall = [s for s in statements if s.overall]
    overall_allotted = next((s.value for s in overall if s.kind == "allotted"), None)
    overall_earned = next((s.value for s in overall if s.kind == "earned"), None)
    warnings = _report_warnings(sections, overall, overall_allotted, overall_earned)
    stray = [s for s, o in zip(statements, owner, strict=True) if o is None and not s.overall]
    if stray:
        lines = ", ".join(str(s.line) for s in stray)
        warnings.append(message("report.stray", n=len(stray), lines=lines))
    warnings.extend(message(f"report.{problem}", line=line_of(offset), figure=repr(figure),
                            most=MAX_MAGNITUDE)
                    for offset, figure, problem in malformed_figures(text))
    return Report(
        index=index, title=title, text=text, unit=find_unit(title, text),
        period=find_period(title, text), first_line=first_line, sections=tuple(sections),
        statements=tuple(statements), overall_allotted=overall_allotted,
        overall_earned=overall_earned, warnings=tuple(warnings),
    )


def _line_numbers(text: str, first_line: int) -> Callable[[int], int]:
    """offset in ``text`` → its 1-based line number in the source, whose line
    ``first_line`` is ``text``'s first."""
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(newlines, offset - 1) + first_line

    return line_of


def _place_statements(text: str, raw: Sequence[RawStatement], owner: Sequence[int | None],
                      has_sections: bool, line_of: Callable[[int], int]) -> list[PointStatement]:
    """The statements found, each with its kind (a bare 总分's from its
    sentence), line, and whether it is overall (see :func:`parse_report`);
    ``owner`` is the section each one lies in."""
    breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]
    sentence = [bisect.bisect_left(breaks, r.start) for r in raw]
    # Outside every section is the overall claim (preamble, closing words);
    # but in a report without sections, statements spread over several
    # sentences are per-item figures that have nowhere to go.
    outside = {sentence[i] for i in range(len(raw)) if owner[i] is None}
    outside_is_overall = has_sections or len(outside) <= 1
    overall_sentences = {
        sentence[i] for i, r in enumerate(raw)
        if r.whole_unit or (owner[i] is None and outside_is_overall)
    }
    statements: list[PointStatement] = []
    for i, r in enumerate(raw):
        kind = r.kind
        if kind is None:
            others = {o.kind for j, o in enumerate(raw) if sentence[j] == sentence[i] and j != i}
            kind = "allotted" if "earned" in others and "allotted" not in others else "earned"
        statements.append(PointStatement(
            kind, r.value, r.keyword, r.text, r.start, line_of(r.start),
            overall=sentence[i] in overall_sentences,
        ))
    return statements


def _report_warnings(
    sections: Sequence[ReportSection],
    overall: Sequence[PointStatement],
    overall_allotted: Decimal | None,
    overall_earned: Decimal | None,
) -> list[str]:
    warnings: list[str] = []
    previous: ReportSection | None = None
    for s in sections:
        if s.level != 1:
            continue
        if previous is not None and s.number == 1 and previous.number > 1:
            warnings.append(message("report.restarts", line=s.line, marker=s.marker,
                                    previous=previous.marker))
        previous = s
    for s in sections:
        for kind, word in (("allotted", "应得分"), ("earned", "实得分")):
            values = {st.value for st in s.statements if st.kind == kind}
            if len(values) > 1:
                shown = ", ".join(to_text(v) for v in sorted(values))
                warnings.append(message("report.several", line=s.line, marker=s.marker,
                                        word=word, shown=shown))
        if s.allotted is not None and s.earned is not None and s.earned > s.allotted:
            warnings.append(message("report.over", line=s.line, marker=s.marker,
                                    earned=to_text(s.earned), allotted=to_text(s.allotted)))
    for kind, word in (("allotted", "应得分"), ("earned", "实得分")):
        values = {st.value for st in overall if st.kind == kind}
        if len(values) > 1:
            shown = ", ".join(to_text(v) for v in sorted(values))
            warnings.append(message("report.overall-several", word=word, shown=shown))
    scored = [s for s in sections if s.statements]
    if len(scored) >= 2:
        for total, attr, word in ((overall_allotted, "allotted", "应得分"),
                                  (overall_earned, "earned", "实得分")):
            parts = [getattr(s, attr) for s in scored]
            if total is not None and all(p is not None for p in parts):
                added = sum(parts, Decimal(0))
                if added != total:
                    warnings.append(message("report.sum", word=word, added=to_text(added),
                                            total=to_text(total)))
    if (overall_allotted is not None and overall_earned is not None
            and overall_earned > overall_allotted):
        warnings.append(message("report.overall-over", earned=to_text(overall_earned),
                                allotted=to_text(overall_allotted)))
    return warnings


def parse_reports(text: str) -> list[Report]:
    """Split ``text`` with :func:`split_reports` and parse each report with
    :func:`parse_report`; line numbers refer to ``text``."""
    return [
        parse_report(c.body, i, title=c.title, first_line=c.first_line)
        for i, c in enumerate(_split(text), start=1)
    ]
