"""Statements of points in a report's text (``应得分15分``, ``实得分为14.5分``,
``自评总分98分``): the keywords, what may surround them, and what they mean."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final, Literal

import attrs

from civscore.extract.numbers import CHINESE_NUMERALS, parse_number
from civscore.model.serde import MAX_MAGNITUDE

__all__ = ["FigureProblem", "PointStatement", "RawStatement", "StatementKind",
           "find_statements", "malformed_figures"]

StatementKind = Literal["allotted", "earned"]


@attrs.frozen
class PointStatement:
    """One statement of points in a report, e.g. ``应得分为15分``.

    :ivar kind: ``"allotted"`` (应得分, 满分 …) or ``"earned"`` (实得分,
        得分, 自评得分, 自查得分 …).
    :ivar value: the points, exact.
    :ivar keyword: the keyword as written (``应得分``, ``自评总分`` …).
    :ivar text: the whole matched text (``应得分为9 分``).
    :ivar offset: character offset of ``text`` in :attr:`Report.text`.
    :ivar line: 1-based line number in the source text (the whole file when the
        report came from :func:`parse_reports`).
    :ivar overall: true when the statement is about the whole unit (the
        overall claim), false when it belongs to a section.
    """

    kind: StatementKind
    value: Decimal
    keyword: str
    text: str
    offset: int
    line: int
    overall: bool = False


# Longest first, so that 应得分 wins over 应得 and 得分.
_ALLOTTED: Final = ("应得总分", "应得分值", "应得分", "总分值", "标准分", "满分", "分值", "应得")
_EARNED: Final = (
    "自评总得分", "自查总得分", "自评总分", "自查总分", "自评得分", "自查得分", "自评分",
    "自查分", "实得总分", "实际得分", "实得分", "考核得分", "测评得分", "总得分", "得分",
    "实得", "自评", "自查",
)
_AMBIGUOUS: Final = ("总分",)
#: Keywords that count only with 分 after the number.
_NEEDS_FEN: Final = frozenset({"应得", "实得", "自评", "自查"})
#: Keywords also common outside rubric statements (exam scores …): rejected
#: when their clause mentions an exam or students.
_GENERIC: Final = frozenset({"得分", "满分", "总分", "总得分", "分值", "总分值"})
_EXAM_CONTEXT: Final = re.compile(r"高考|中考|会考|考试|考生|学生|成绩|竞赛|比赛|试卷|平均|学科")
_KEYWORDS: Final = sorted((*_ALLOTTED, *_EARNED, *_AMBIGUOUS), key=len, reverse=True)
_SPACE: Final = "[ \\t\\u3000]*"
_STATEMENT: Final = re.compile(
    rf"(?P<kw>{'|'.join(_KEYWORDS)}){_SPACE}(?:共计|合计|为|是|共|计|:|：)?{_SPACE}"
    rf"(?P<sign>[-−－﹣]{_SPACE})?"
    r"(?P<num>[0-9０-９]+(?:[.．][0-9０-９]+)?"
    rf"|[{CHINESE_NUMERALS}]+(?:点[零〇一二两三四五六七八九]+)?)"
    rf"(?P<fen>{_SPACE}分)?"
)
#: What may not follow a number without 分: it is then a rate, count or date.
_NOT_POINTS_AFTER: Final = re.compile(
    r"[%％‰]|个|人|名|年|岁|元|万|亿|次|项|条|户|天|月|日|号|位|所"
)
#: What may not follow ``…分``: a threshold or a fraction, not a statement.
_NOT_POINTS_AFTER_FEN: Final = re.compile(r"以上|以下|左右|之|多|[%％]|率|数")
_CLAUSE_BREAK: Final = re.compile(r"[，,。！？!?；;\n]")
#: What makes the figure just read a malformed one (``15..5分``, ``9.5.5分``,
#: ``15.分``, ``15. 5分``, ``1e400分``): more of a number after it, which the
#: statement pattern stops short of; an exponent is never read as a figure.
_MALFORMED_TAIL: Final = re.compile(
    r"[.．][.．0-9０-９ \t\u3000]*[0-9０-９分]|[eEｅＥ][+\-]?[0-9０-９][0-9０-９.．]*分?"
)
_WHOLE_UNIT: Final = re.compile(
    r"(?:我|本|全)(?:局|单位|所|院|校|站|中心|镇|乡|委|办|厅|处|公司|行|馆|队|部|系统)"
    r"|合计|累计|共计|总计|综合|整体|全年"
)
_THIS_ITEM: Final = re.compile(r"此项|该项|本项|这一项|本类")
_CJK: Final = re.compile(r"[\u4e00-\u9fff]")
_KEYWORD_START: Final = frozenset("应实自满得总标分考测")


@attrs.frozen
class RawStatement:
    """A statement of points as found, before :func:`civscore.extract.parse_report`
    places it in a section or the overall claim.

    :ivar kind: ``None`` for a bare 总分, whose kind its sentence decides.
    :ivar start: offset of ``text`` in the text searched.
    :ivar whole_unit: the keyword says 总, or the clause names the whole unit.
    """

    kind: StatementKind | None
    value: Decimal
    keyword: str
    text: str
    start: int
    whole_unit: bool


def _clause_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and not _CLAUSE_BREAK.match(text[start - 1]):
        start -= 1
    return text[start:pos]


def find_statements(text: str) -> list[RawStatement]:
    """Every statement of points in ``text``, in order: a point keyword and a
    number, with what surrounds them telling a score from a year, a count, a
    rate or an exam result."""
    found: list[RawStatement] = []
    for m in _STATEMENT.finditer(text):
        if _malformed(text, m) is not None:
            continue
        keyword, number, fen = m.group("kw"), m.group("num"), m.group("fen")
        after = text[m.end():m.end() + 4]
        chinese = number[0] in CHINESE_NUMERALS
        if fen is None:
            # A Chinese numeral without 分 counts only when the clause ends
            # right after it (实得分十六。), never inside running text.
            ends = not after or bool(_CLAUSE_BREAK.match(after[0]))
            if (chinese and not ends) or keyword in _NEEDS_FEN or _NOT_POINTS_AFTER.match(after):
                continue
        else:
            if _NOT_POINTS_AFTER_FEN.match(after):
                continue
            # 得分十分重要: 十分 is "very", not ten points
            if chinese and after[:1] and _CJK.match(after[:1]) and after[0] not in _KEYWORD_START:
                continue
        clause = _clause_before(text, m.start())
        if keyword in _GENERIC and _EXAM_CONTEXT.search(clause):
            continue
        try:
            value = parse_number(number)
        except ValueError:  # a Chinese numeral without 分 in running text
            continue
        kind: StatementKind | None
        if keyword in _AMBIGUOUS:
            kind = None
        elif keyword in _ALLOTTED:
            kind = "allotted"
        else:
            kind = "earned"
        whole_unit = "总" in keyword or (
            bool(_WHOLE_UNIT.search(clause)) and not _THIS_ITEM.search(clause)
        )
        found.append(RawStatement(kind, value, keyword, m.group(0).rstrip(), m.start(), whole_unit))
    return found


#: Why a figure is refused, as :func:`malformed_figures` gives it.
FigureProblem = Literal["malformed", "negative", "too-big"]


def _malformed(text: str, m: re.Match[str]) -> FigureProblem | None:
    """Why the figure of the statement ``m`` found in ``text`` is refused, or
    ``None``: ``"malformed"`` for more of a number right after its digits
    (``15..5分``, ``9.5.5分``, ``15.分``, ``1e400分``) or a Chinese numeral
    before 分 that does not parse (``十十分``); ``"negative"`` for a sign
    before it (``-3分``); ``"too-big"`` for a figure above
    :data:`~civscore.model.serde.MAX_MAGNITUDE`, which no assessment holds."""
    if m.group("fen") is None and m.group("num")[0] not in CHINESE_NUMERALS \
            and _MALFORMED_TAIL.match(text, m.end()) is not None:
        return "malformed"
    try:
        value = parse_number(m.group("num"))
    except ValueError:
        # a Chinese numeral without 分 in running text is not a statement
        return "malformed" if m.group("fen") is not None else None
    if m.group("sign") is not None:
        return "negative"
    return "too-big" if value > MAX_MAGNITUDE else None


def malformed_figures(text: str) -> list[tuple[int, str, FigureProblem]]:
    """The point statements of ``text`` whose figure is refused (see
    :func:`find_statements`, which skips them), as ``(offset, text, problem)``:
    the keyword and the figure as written, up to its 分 (``实得分15..5分``,
    ``实得分-3分``), and why (:data:`FigureProblem`)."""
    found = []
    for m in _STATEMENT.finditer(text):
        problem = _malformed(text, m)
        if problem is not None:
            tail = _MALFORMED_TAIL.match(text, m.end()) if problem == "malformed" else None
            found.append((m.start(), text[m.start():tail.end() if tail else m.end()], problem))
    return found
