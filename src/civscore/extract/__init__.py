"""Extracting point statements from narrative work reports (工作总结 / 汇报).

Units that apply for or hold a 文明单位 title hand in prose reports.  Some of
them state, for each category of the rubric, the points allotted (应得分) and
earned (实得分), and an overall claim for the whole unit
(``我局应得分100分，实得分为98分``).  This module turns such text into data:

1. :func:`read_report_text` reads a file: UTF-8 (with or without BOM) or
   GB18030 text, detected or named, or a ``.docx`` document (needs the
   ``docx`` extra: ``pip install civscore[docx]``).
2. :func:`split_reports` cuts a file holding several reports (``第一篇``,
   ``第二篇`` …) into its reports; :func:`parse_report` /
   :func:`parse_reports` find each report's sections (``(一)`` / ``（一）`` and
   ``一、``), their titles and every statement of points.
3. :func:`match_categories` pairs the report's sections with a rubric's
   categories (by order and title similarity), :func:`choose_rubric` picks
   the best fitting rubric among several.
4. :func:`report_to_assessment` builds an :class:`~civscore.model.Assessment`
   (each earned figure becomes a ``direct`` score and the unit's claim) and
   :func:`assessment_to_toml` writes it as an assessment file.

:func:`extract` and :func:`extract_file` run the whole pipeline.

Only numbers tied to a point keyword (应得分, 实得分, 满分, 得分, 自评得分,
自查得分, 自评总分 …) are read: a year (``2010年``), a head count
(``27人``), a rate (``上线率48.8%``) or an exam score (``600分以上``) never
is.  All points are :class:`decimal.Decimal`.  Offsets and line numbers in the
results refer to the text with line ends normalised to ``\\n``.
"""

from __future__ import annotations

import bisect
import codecs
import datetime
import difflib
import importlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from civscore.exceptions import CivscoreError, FileFormatError
from civscore.model import Assessment, Category, Finding, Rubric
from civscore.model.points import to_text
from civscore.scoring import assessment_problems, score
from civscore.scoring.methods import ScoringMethod

__all__ = [
    "MIN_FIT",
    "STRONG_SIMILARITY",
    "TITLE_SIMILARITY",
    "CategoryMatch",
    "ConsistencyFinding",
    "Extraction",
    "MissingDependencyError",
    "PointStatement",
    "Report",
    "ReportSection",
    "SectionMatch",
    "assessment_to_toml",
    "choose_rubric",
    "consistency_report",
    "extract",
    "extract_file",
    "match_categories",
    "parse_chinese_number",
    "parse_number",
    "parse_report",
    "parse_reports",
    "read_docx_text",
    "read_report_text",
    "report_to_assessment",
    "split_reports",
    "title_similarity",
]

StatementKind = Literal["allotted", "earned"]

#: A section title whose similarity (see :func:`title_similarity`) to its
#: category's title is at least this is matched "by title"; below it the pair
#: rests on order alone.
TITLE_SIMILARITY: Final = 0.5

#: A pair whose section has at least this similarity with another category,
#: and much less with its own, is reported as doubtful.
STRONG_SIMILARITY: Final = 0.8

#: :func:`choose_rubric` returns no rubric whose fit is below this.
MIN_FIT: Final = 0.3


class MissingDependencyError(CivscoreError, ImportError):
    """An optional dependency is not installed (e.g. python-docx for ``.docx``)."""


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

_CN_DIGITS: Final[dict[str, int]] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_UNITS: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1000}
_FULL_WIDTH: Final = str.maketrans("０１２３４５６７８９．", "0123456789.")


def _chinese_integer(text: str) -> int:
    if not text:
        raise ValueError("empty Chinese numeral")
    if not any(ch in _CN_UNITS for ch in text):
        # positional digits: 二〇一一 → 2011
        value = 0
        for ch in text:
            if ch not in _CN_DIGITS:
                raise ValueError(f"not a Chinese numeral: {text!r}")
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0 and digit != 0:
                raise ValueError(f"malformed Chinese numeral: {text!r}")
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"malformed Chinese numeral: {text!r}")
            total += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def parse_chinese_number(text: str) -> Decimal:
    """The value of a Chinese numeral, exactly.

    Handles 零/〇, 一 … 九, 两, 十, 百, 千 and a decimal part after 点:
    ``十五`` → 15, ``二十`` → 20, ``一百`` → 100, ``九十八`` → 98,
    ``一百零五`` → 105, ``八点五`` → 8.5, ``二〇一一`` → 2011.

    :raises ValueError: ``text`` is not a well-formed Chinese numeral.
    """
    whole, sep, fraction = text.partition("点")
    value = Decimal(_chinese_integer(whole))
    if sep:
        if not fraction or any(ch not in _CN_DIGITS for ch in fraction):
            raise ValueError(f"malformed decimal part in Chinese numeral: {text!r}")
        digits = "".join(str(_CN_DIGITS[ch]) for ch in fraction)
        value += Decimal(f"0.{digits}")
    return value


def parse_number(text: str) -> Decimal:
    """The value of a number as reports write it: Arabic (``15``, ``8.5``),
    full-width (``１５``, ``８．５``) or Chinese (``十五``, ``八点五``).

    :raises ValueError: ``text`` is not a number in one of these forms.
    """
    ascii_text = text.strip().translate(_FULL_WIDTH)
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", ascii_text):
        try:
            return Decimal(ascii_text)
        except InvalidOperation as exc:  # pragma: no cover - guarded by the pattern
            raise ValueError(f"not a number: {text!r}") from exc
    return parse_chinese_number(ascii_text)


# --------------------------------------------------------------------------
# Result classes
# --------------------------------------------------------------------------


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


@attrs.frozen
class CategoryMatch:
    """A rubric category paired with a report section.

    :ivar category: the category's id.
    :ivar category_title: the category's title.
    :ivar points: the category's allotted points in the rubric.
    :ivar section: the report section.
    :ivar similarity: title similarity in ``[0, 1]`` (:func:`title_similarity`).
    :ivar by: ``"title"`` when the similarity reaches :data:`TITLE_SIMILARITY`,
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


@attrs.frozen
class Extraction:
    """The result of :func:`extract` for one report.

    ``rubric``, ``match`` and ``assessment`` are ``None`` when no rubric fits;
    ``assessment`` is also ``None`` when the report states no scores.
    """

    report: Report
    rubric: Rubric | None = None
    match: SectionMatch | None = None
    assessment: Assessment | None = None

    @property
    def messages(self) -> tuple[str, ...]:
        """The report's warnings followed by the match's messages."""
        return self.report.warnings + (self.match.messages if self.match else ())


# --------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decode_error(exc: UnicodeDecodeError) -> str:
    bad = exc.object[exc.start:exc.start + 1]
    return f"byte 0x{bad.hex()} at offset {exc.start} ({exc.reason})"


def read_docx_text(path: str | Path) -> str:
    """The text of a ``.docx`` document: paragraphs one a line, table rows with
    cells separated by tabs, in document order.

    Needs python-docx (imported only when called).

    :raises MissingDependencyError: python-docx is not installed; install it
        with ``pip install civscore[docx]``.
    :raises FileFormatError: the file is not a readable ``.docx`` document.
    """
    try:
        docx: Any = importlib.import_module("docx")
    except ImportError as exc:
        raise MissingDependencyError(
            f"{path}: reading .docx files needs python-docx, which is not installed; "
            "install it with: pip install civscore[docx]  "
            "(or save the report as UTF-8 text)"
        ) from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types
        raise FileFormatError(
            f"not a readable .docx document ({type(exc).__name__}: {exc}); "
            "open it in Word or WPS and save it again as .docx, or save it as UTF-8 text",
            source=str(path),
        ) from exc
    blocks: Iterable[Any]
    if hasattr(document, "iter_inner_content"):
        blocks = document.iter_inner_content()
    else:  # pragma: no cover - python-docx < 1.0
        blocks = document.paragraphs
    lines: list[str] = []
    for block in blocks:
        if hasattr(block, "rows"):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = str(cell.text).strip()
                    if not cells or cells[-1] != text:  # merged cells repeat
                        cells.append(text)
                lines.append("\t".join(cells))
        else:
            lines.append(str(block.text))
    return _normalise("\n".join(lines))


def read_report_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a report file as text with ``\\n`` line ends and no BOM.

    A ``.docx`` file (recognised by its suffix or its ZIP signature) is read
    with :func:`read_docx_text`; ``encoding`` is then ignored.  Otherwise the
    bytes are decoded with ``encoding`` when given (``"utf-8"`` also accepts a
    BOM), else detected: a UTF-8 or UTF-16 BOM, then strict UTF-8, then
    GB18030 (which covers GBK and GB2312).

    :raises FileFormatError: (``source`` is the file name) the bytes do not
        decode with the named or any detected encoding, the encoding name is
        unknown, or the file is binary (e.g. a legacy ``.doc``).  The message
        names the offending byte and says which encoding to pass.
    :raises MissingDependencyError: a ``.docx`` file and no python-docx.
    :raises FileFormatError: also when the file is missing or cannot be read.
    """
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileFormatError("no such file; check the path", source=source) from None
    except OSError as exc:
        raise FileFormatError(f"cannot be read: {exc.strerror}", source=source) from None
    if path.suffix.lower() == ".docx" or data.startswith(b"PK\x03\x04"):
        return read_docx_text(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileFormatError(
            "this is a legacy Word (.doc) or other OLE file, which civscore cannot read; "
            "save it as .docx (pip install civscore[docx]) or as UTF-8 text",
            source=source,
        )
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError as exc:
            raise FileFormatError(
                f"unknown encoding {encoding!r}; use e.g. 'utf-8' or 'gb18030'", source=source
            ) from exc
        codec = "utf-8-sig" if name == "utf-8" else name
        try:
            return _normalise(data.decode(codec))
        except UnicodeDecodeError as exc:
            hint = ("try encoding='gb18030' (GBK/GB2312 text) or 'utf-8', or omit the "
                    "encoding to detect it")
            raise FileFormatError(
                f"cannot decode the file as {encoding}: {_decode_error(exc)}; {hint}",
                source=source,
            ) from exc
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _normalise(data.decode(codec))
            except UnicodeDecodeError as exc:
                raise FileFormatError(
                    f"the file starts with a {codec} byte-order mark but does not decode as "
                    f"{codec}: {_decode_error(exc)}; re-save it as UTF-8 or pass the right "
                    "encoding",
                    source=source,
                ) from exc
    if b"\x00" in data:
        raise FileFormatError(
            "the file holds NUL bytes, so it is not UTF-8 or GB18030 text (a binary or "
            "UTF-16 file without a byte-order mark?); save the report as UTF-8 text or "
            ".docx, or pass encoding='utf-16-le'",
            source=source,
        )
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError as utf8_error:
        try:
            return _normalise(data.decode("gb18030"))
        except UnicodeDecodeError as gb_error:
            raise FileFormatError(
                "the file is neither UTF-8 nor GB18030 text (as UTF-8: "
                f"{_decode_error(utf8_error)}; as GB18030: {_decode_error(gb_error)}); "
                "pass the encoding it was saved in, e.g. encoding='big5', or re-save it "
                "as UTF-8",
                source=source,
            ) from gb_error


# --------------------------------------------------------------------------
# Splitting a file into reports
# --------------------------------------------------------------------------

_CN_NUM_CHARS: Final = "零〇一二两三四五六七八九十百"
_REPORT_MARK: Final = re.compile(
    rf"^[ \t\u3000]*第[ \t]*([{_CN_NUM_CHARS}0-9０-９]+)[ \t]*篇"
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
    text = _normalise(text)
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


# --------------------------------------------------------------------------
# Point statements
# --------------------------------------------------------------------------

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
    r"(?P<num>[0-9０-９]+(?:[.．][0-9０-９]+)?"
    rf"|[{_CN_NUM_CHARS}]+(?:点[零〇一二两三四五六七八九]+)?)"
    rf"(?P<fen>{_SPACE}分)?"
)
#: What may not follow a number without 分: it is then a rate, count or date.
_NOT_POINTS_AFTER: Final = re.compile(
    r"[%％‰]|个|人|名|年|岁|元|万|亿|次|项|条|户|天|月|日|号|位|所"
)
#: What may not follow ``…分``: a threshold or a fraction, not a statement.
_NOT_POINTS_AFTER_FEN: Final = re.compile(r"以上|以下|左右|之|多|[%％]|率|数")
_CLAUSE_BREAK: Final = re.compile(r"[，,。！？!?；;\n]")
_SENTENCE_BREAK: Final = re.compile(r"[。！？!?；;\n]")
_WHOLE_UNIT: Final = re.compile(
    r"(?:我|本|全)(?:局|单位|所|院|校|站|中心|镇|乡|委|办|厅|处|公司|行|馆|队|部|系统)"
    r"|合计|累计|共计|总计|综合|整体|全年"
)
_THIS_ITEM: Final = re.compile(r"此项|该项|本项|这一项|本类")
_CJK: Final = re.compile(r"[\u4e00-\u9fff]")
_KEYWORD_START: Final = frozenset("应实自满得总标分考测")


@attrs.frozen
class _Raw:
    kind: StatementKind | None  # None: 总分, resolved from its sentence
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


def _find_statements(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    for m in _STATEMENT.finditer(text):
        keyword, number, fen = m.group("kw"), m.group("num"), m.group("fen")
        after = text[m.end():m.end() + 4]
        chinese = number[0] in _CN_NUM_CHARS
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
        except ValueError:
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
        found.append(_Raw(kind, value, keyword, m.group(0).rstrip(), m.start(), whole_unit))
    return found


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------

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
class _Heading:
    level: int
    marker: str
    number: int
    start: int
    body_start: int
    line_end: int


def _find_headings(text: str) -> list[_Heading]:
    headings: list[_Heading] = []
    for level, pattern in ((1, _SECTION_L1), (2, _SECTION_L2)):
        for m in pattern.finditer(text):
            try:
                number = _chinese_integer(m.group("num"))
            except ValueError:
                continue
            line_end = text.find("\n", m.end())
            headings.append(_Heading(
                level, m.group("marker").replace(" ", ""), number,
                m.start(), m.end(), len(text) if line_end < 0 else line_end,
            ))
    headings.sort(key=lambda h: h.start)
    return headings


def _title_of(text: str, heading: _Heading, statements: Sequence[_Raw]) -> str:
    stop = heading.line_end
    full_stop = _TITLE_END.search(text, heading.body_start, stop)
    if full_stop:
        stop = full_stop.start()
    for raw in statements:
        if heading.body_start <= raw.start < stop:
            stop = raw.start
            break
    return text[heading.body_start:stop].strip(_TITLE_STRIP)


# --------------------------------------------------------------------------
# Unit and period
# --------------------------------------------------------------------------

_UNIT_SUFFIX: Final = (
    r"(?:局|所|院|校|中心|委员会|委|办公室|办|站|队|厅|部|公司|银行|支行|分行|镇|乡|街道|村|"
    r"社区|处|科|馆|会|中学|小学|幼儿园|政府|集团)"
)
_DATE_TEXT: Final = r"[0-9０-９零〇○O一二三四五六七八九]{4}[ \t]*年.{1,8}日"
_SIGNATURE: Final = re.compile(
    rf"^[ \t\u3000]*(?P<unit>[^\s，,。；;：:]{{2,30}}?{_UNIT_SUFFIX})"
    rf"[ \t\u3000]*{_DATE_TEXT}[ \t]*$"
)
_DATE_LINE: Final = re.compile(rf"^[ \t\u3000]*{_DATE_TEXT}[ \t]*$")
_UNIT_LINE: Final = re.compile(
    rf"^[ \t\u3000]*(?P<unit>[^\s，,。；;：:]{{2,30}}{_UNIT_SUFFIX})[ \t\u3000]*$"
)
_TITLE_UNIT: Final = re.compile(
    r"^(?P<unit>[^\s，,。；;：:（(]{2,30}?)"
    r"(?:创建|争创|关于|申报|[0-9]{4}|文明单位|精神文明|工作总结|工作汇报|工作情况|汇报|总结)"
)
_PERIOD_RANGE: Final = re.compile(
    r"((?:19|20)[0-9]{2})[ \t]*(?:年度?)?[ \t]*[-—–－~～至到][ \t]*((?:19|20)[0-9]{2})[ \t]*年"
)
_PERIOD_YEAR: Final = re.compile(r"((?:19|20)[0-9]{2})[ \t]*年度")


def _find_unit(title: str, body: str) -> str:
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    tail = lines[-4:]
    for i in range(len(tail) - 1, -1, -1):
        m = _SIGNATURE.match(tail[i])
        if m:
            return m.group("unit")
        if _DATE_LINE.match(tail[i]) and i > 0:
            m = _UNIT_LINE.match(tail[i - 1])
            if m:
                return m.group("unit")
    for candidate in (title, *lines[:3]):
        m = _TITLE_UNIT.match(candidate.strip())
        if m and re.search(f"{_UNIT_SUFFIX}$", m.group("unit")):
            return m.group("unit")
        m = _UNIT_LINE.match(candidate)
        if m:
            return m.group("unit")
    return ""


def _find_period(title: str, body: str) -> str:
    for scope in (title, body[:500]):
        m = _PERIOD_RANGE.search(scope)
        if m:
            return f"{m.group(1)}-{m.group(2)}"
        m = _PERIOD_YEAR.search(scope)
        if m:
            return m.group(1)
    return ""


# --------------------------------------------------------------------------
# Parsing a report
# --------------------------------------------------------------------------


def _fmt(value: Decimal) -> str:
    return to_text(value)


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
    text = _normalise(text)
    if title is None:
        title = _first_line_text(text)
        mark = _REPORT_MARK.match(title)
        if mark:
            title = mark.group(2).strip()
    raw = _find_statements(text)
    headings = _find_headings(text)
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(newlines, offset - 1) + first_line

    # section spans and parents
    spans: list[tuple[int, int | None]] = []  # (end, parent)
    last_l1: int | None = None
    for i, h in enumerate(headings):
        end = next((o.start for o in headings[i + 1:] if o.level <= h.level), len(text))
        if h.level == 1:
            last_l1 = i
            spans.append((end, None))
        else:
            parent = last_l1 if last_l1 is not None and spans[last_l1][0] > h.start else None
            spans.append((end, parent))

    def innermost(offset: int) -> int | None:
        best: int | None = None
        for i, h in enumerate(headings):
            if h.start <= offset < spans[i][0] and (best is None
                                                     or h.level >= headings[best].level):
                best = i
        return best

    breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]
    sentence = [bisect.bisect_left(breaks, r.start) for r in raw]
    owner = [innermost(r.start) for r in raw]
    # Outside every section is the overall claim (preamble, closing words);
    # but in a report without sections, statements spread over several
    # sentences are per-item figures that have nowhere to go.
    outside = {sentence[i] for i in range(len(raw)) if owner[i] is None}
    outside_is_overall = bool(headings) or len(outside) <= 1
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

    sections: list[ReportSection] = []
    for i, h in enumerate(headings):
        own = tuple(s for s, o in zip(statements, owner, strict=True) if o == i and not s.overall)
        heading_text = text[h.start:h.line_end].strip()
        sections.append(ReportSection(
            marker=h.marker, number=h.number, level=h.level,
            title=_title_of(text, h, raw), heading=heading_text, line=line_of(h.start),
            start=h.start, end=spans[i][0], parent=spans[i][1], statements=own,
        ))

    overall = [s for s in statements if s.overall]
    overall_allotted = next((s.value for s in overall if s.kind == "allotted"), None)
    overall_earned = next((s.value for s in overall if s.kind == "earned"), None)
    warnings = _report_warnings(sections, overall, overall_allotted, overall_earned)
    stray = [s for s, o in zip(statements, owner, strict=True) if o is None and not s.overall]
    if stray:
        lines = ", ".join(str(s.line) for s in stray)
        warnings.append(f"{len(stray)} point statements (lines {lines}) lie outside any "
                        "numbered section and name no whole unit; they are not assigned")
    return Report(
        index=index, title=title, text=text, unit=_find_unit(title, text),
        period=_find_period(title, text), first_line=first_line, sections=tuple(sections),
        statements=tuple(statements), overall_allotted=overall_allotted,
        overall_earned=overall_earned, warnings=tuple(warnings),
    )


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
            warnings.append(
                f"line {s.line}: section numbering restarts at {s.marker} after "
                f"{previous.marker}; the text from here on may be another report without "
                "a 第N篇 heading"
            )
        previous = s
    for s in sections:
        for kind, word in (("allotted", "应得分"), ("earned", "实得分")):
            values = {st.value for st in s.statements if st.kind == kind}
            if len(values) > 1:
                shown = ", ".join(_fmt(v) for v in sorted(values))
                warnings.append(f"line {s.line}: section {s.marker} states several {word} "
                                f"({shown}); the first is used")
        if s.allotted is not None and s.earned is not None and s.earned > s.allotted:
            warnings.append(f"line {s.line}: section {s.marker} claims {_fmt(s.earned)} "
                            f"earned of {_fmt(s.allotted)} allotted")
    for kind, word in (("allotted", "应得分"), ("earned", "实得分")):
        values = {st.value for st in overall if st.kind == kind}
        if len(values) > 1:
            shown = ", ".join(_fmt(v) for v in sorted(values))
            warnings.append(f"the overall {word} is stated with different values ({shown}); "
                            "the first is used")
    scored = [s for s in sections if s.statements]
    if len(scored) >= 2:
        for total, attr, word in ((overall_allotted, "allotted", "应得分"),
                                  (overall_earned, "earned", "实得分")):
            parts = [getattr(s, attr) for s in scored]
            if total is not None and all(p is not None for p in parts):
                added = sum(parts, Decimal(0))
                if added != total:
                    warnings.append(
                        f"the sections' {word} add up to {_fmt(added)}, "
                        f"but the overall {word} stated is {_fmt(total)}"
                    )
    if (overall_allotted is not None and overall_earned is not None
            and overall_earned > overall_allotted):
        warnings.append(f"the overall claim {_fmt(overall_earned)} exceeds the "
                        f"{_fmt(overall_allotted)} allotted")
    return warnings


def parse_reports(text: str) -> list[Report]:
    """Split ``text`` with :func:`split_reports` and parse each report with
    :func:`parse_report`; line numbers refer to ``text``."""
    return [
        parse_report(c.body, i, title=c.title, first_line=c.first_line)
        for i, c in enumerate(_split(text), start=1)
    ]


# --------------------------------------------------------------------------
# Matching sections to categories
# --------------------------------------------------------------------------

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
    :data:`TITLE_SIMILARITY` is marked ``by="order"``.  ``messages`` names the
    sections and categories left unmatched, the pairs resting on order alone,
    sections that look more like another category, and stated 应得分 that
    differ from the rubric's points.
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
            messages.append(f"section {section.label} (line {section.line}) is matched to "
                            f"category {category.id} ({category.title}) by order only "
                            f"(title similarity {similarity:.2f})")
        other = max(range(len(categories)), key=lambda k: sim[si][k])
        if (other != ci and sim[si][other] >= STRONG_SIMILARITY
                and sim[si][other] - similarity >= TITLE_SIMILARITY):
            messages.append(f"section {section.label} (line {section.line}) reads more like "
                            f"category {categories[other].id} ({categories[other].title}) "
                            f"than its match {category.id}")
        if match.points_agree is False:
            assert section.allotted is not None
            messages.append(f"section {section.label} (line {section.line}) states 应得分 "
                            f"{_fmt(section.allotted)}, category {category.id} has "
                            f"{_fmt(category.points)} points")
        elif match.points_agree:
            bonus += 1.0
    paired_sections = {si for si, _ in pairs}
    paired_categories = {ci for _, ci in pairs}
    unmatched_sections = tuple(s for k, s in enumerate(sections) if k not in paired_sections)
    unmatched_categories = tuple(c.id for k, c in enumerate(categories)
                                 if k not in paired_categories)
    messages.extend(f"section {s.label} (line {s.line}) matches no category of {rubric.ref}"
                    for s in unmatched_sections)
    messages.extend(f"category {cid} of {rubric.ref} matches no section of the report"
                    for cid in unmatched_categories)
    if not sections:
        messages.append("the report has no numbered sections to match")
    fit = 0.0
    if pairs:
        fit = (sum(sim[si][ci] for si, ci in pairs) + bonus) / max(len(sections),
                                                                    len(categories))
    if report.overall_allotted is not None:
        if report.overall_allotted == rubric.total:
            fit += 0.5
        else:
            messages.append(f"the report's overall 应得分 {_fmt(report.overall_allotted)} "
                            f"differs from the rubric total {_fmt(rubric.total)}")
    return SectionMatch(rubric.ref, tuple(matches), unmatched_sections, unmatched_categories,
                        round(fit, 4), tuple(messages))


def choose_rubric(report: Report, rubrics: Iterable[Rubric]) -> Rubric | None:
    """The rubric whose categories fit the report best (highest
    :attr:`SectionMatch.fit`; the first given wins a tie), or ``None`` when
    none reaches :data:`MIN_FIT` (or ``rubrics`` is empty)."""
    best: Rubric | None = None
    best_fit = MIN_FIT
    for rubric in rubrics:
        fit = match_categories(report, rubric).fit
        if fit > best_fit or (best is None and fit >= best_fit):
            best, best_fit = rubric, fit
    return best


# --------------------------------------------------------------------------
# Building the assessment
# --------------------------------------------------------------------------


def _short(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"


def report_to_assessment(
    report: Report,
    rubric: Rubric,
    match: SectionMatch | None = None,
    *,
    unit: str | None = None,
    period: str | None = None,
) -> Assessment:
    """The assessment the report claims, against ``rubric``.

    One :class:`~civscore.model.Finding` per matched category whose section
    states an earned figure: ``criterion`` is the category id, ``claimed`` the
    earned figure, ``points`` the same figure when the category is scored
    ``direct``, capped at its points (else left out: another method needs
    other input), and
    ``note`` where it came from.  ``claimed_total`` is the overall claim,
    ``unit``/``period`` those stated in the report unless given, ``rubric``
    is ``rubric.ref``; ``notes`` names the report and lists the report's
    warnings and the match's messages, one a line.

    :param match: from :func:`match_categories`; computed when omitted.
    """
    if match is None:
        match = match_categories(report, rubric)
    categories = {c.id: c for c in rubric.categories}
    findings: list[Finding] = []
    for m in match.matches:
        earned = m.section.earned
        if earned is None:
            continue
        note = f"报告第{m.section.line}行 {_short(m.section.label)}"
        allotted = m.section.allotted
        note += f": 应得分{_fmt(allotted)}" if allotted is not None else ":"
        note += f" 实得分{_fmt(earned)}"
        if m.by == "order":
            note += " (matched by order only)"
        category = categories[m.category]
        points = None
        if category.method == "direct":
            # A claim above the category's points cannot be a score; the
            # score is capped and the claim kept, so the excess shows as a
            # discrepancy instead of making the file unscorable.
            points = min(earned, category.points)
            if earned > category.points:
                note += f" (超过应得分{_fmt(category.points)}，按{_fmt(category.points)}计)"
        findings.append(Finding(criterion=m.category, points=points, claimed=earned, note=note))
    notes = [f"extracted from report {report.index} 《{report.title}》"]
    notes.extend(report.warnings)
    notes.extend(match.messages)
    return Assessment(
        rubric=rubric.ref,
        unit=report.unit if unit is None else unit,
        period=report.period if period is None else period,
        claimed_total=report.overall_earned,
        findings=tuple(findings),
        notes="\n".join(notes),
    )


# --------------------------------------------------------------------------
# TOML output
# --------------------------------------------------------------------------

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES: Final = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n",
                   "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write the non-finite number {value} as TOML")
        return to_text(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if attrs.has(type(value)):
        return _toml_value(_plain_fields(value))
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _is_default(field: attrs.Attribute[Any], value: Any) -> bool:
    default: Any = field.default
    if default is attrs.NOTHING:
        return False
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return bool(value == default.factory())
    return bool(value == default)


def _plain_fields(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj))
            if not _is_default(f, getattr(obj, f.name))}


def _is_table_array(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and all(attrs.has(type(v)) for v in value)


def _emit_table(obj: Any, path: str, lines: list[str], first: Sequence[str] = ()) -> None:
    fields = list(attrs.fields(type(obj)))
    fields.sort(key=lambda f: (f.name not in first, first.index(f.name) if f.name in first
                               else 0))
    arrays: list[tuple[str, tuple[Any, ...]]] = []
    for f in fields:
        value = getattr(obj, f.name)
        if f.name != "format" and (value is None or _is_default(f, value)):
            continue
        if _is_table_array(value):
            arrays.append((f.name, value))
        else:
            lines.append(f"{_toml_key(f.name)} = {_toml_value(value)}")
    for name, items in arrays:
        header = f"{path}.{_toml_key(name)}" if path else _toml_key(name)
        for item in items:
            lines.append("")
            lines.append(f"[[{header}]]")
            _emit_table(item, header, lines)


def assessment_to_toml(assessment: Assessment) -> str:
    """The assessment as the text of an assessment file (TOML, UTF-8).

    Keys are the model's field names: first ``format``, ``rubric``, ``unit``,
    ``period``, ``claimed_total``, then the other set fields, then one
    ``[[findings]]`` table per finding (``criterion``, ``points``, ``claimed``,
    ``note`` …; nested ``[[findings.hits]]`` where present) and the other
    arrays of tables.  Fields left at their defaults are omitted (``period``
    when empty, ``claimed_total`` when ``None``).  Decimals are bare numbers
    without exponent (``points = 15``, ``claimed = 8.5``); strings are TOML
    basic strings with escapes.

    :raises ValueError: a point value is NaN or infinite.
    """
    lines: list[str] = []
    _emit_table(assessment, "", lines,
                first=("format", "rubric", "unit", "period", "claimed_total"))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# The whole pipeline
# --------------------------------------------------------------------------


def extract(
    text: str, rubrics: Iterable[Rubric] = (), *, rubric: Rubric | None = None
) -> list[Extraction]:
    """Parse every report in ``text`` and, for each, use ``rubric`` or choose
    among ``rubrics`` (:func:`choose_rubric`), match its sections and, when it
    states scores, build its assessment."""
    choices = tuple(rubrics)
    results: list[Extraction] = []
    for report in parse_reports(text):
        chosen = rubric if rubric is not None else choose_rubric(report, choices)
        if chosen is None:
            results.append(Extraction(report))
            continue
        match = match_categories(report, chosen)
        assessment = report_to_assessment(report, chosen, match) if report.has_scores else None
        results.append(Extraction(report, chosen, match, assessment))
    return results


def extract_file(
    path: str | Path,
    rubrics: Iterable[Rubric] = (),
    *,
    rubric: Rubric | None = None,
    encoding: str | None = None,
) -> list[Extraction]:
    """:func:`read_report_text` then :func:`extract`; raises what they raise."""
    return extract(read_report_text(path, encoding), rubrics, rubric=rubric)


# --------------------------------------------------------------------------
# Checking what a report claims
# --------------------------------------------------------------------------


@attrs.frozen
class ConsistencyFinding:
    """One line of the consistency report on a report's claims.

    :ivar code: ``sum`` (earned figures vs the overall claim), ``within``
        (each earned figure at most its allotted), ``allotted`` (the report's
        应得分 vs the rubric's points), ``total`` (the overall 应得分 vs the
        rubric's total), ``unmatched`` (sections or categories left over),
        ``assessment`` (a problem the engine found with the built assessment).
    :ivar ok: whether the claim holds.
    :ivar message: the finding in words, with the figures.
    """

    code: str
    ok: bool
    message: str


def consistency_report(
    extraction: Extraction, methods: Mapping[str, ScoringMethod] | None = None
) -> tuple[ConsistencyFinding, ...]:
    """Check a report's claims with the scoring engine.

    The assessment built from the report is scored against the matched
    rubric: the computed total and the sum of the earned figures are
    compared with the overall claim; each earned figure with its category's
    points; each stated 应得分 with the rubric.

    :return: findings, ``ok`` or not; empty when the report states no scores
        or no rubric was matched.
    """
    report, rubric, match = extraction.report, extraction.rubric, extraction.match
    assessment = extraction.assessment
    if rubric is None or match is None or assessment is None:
        return ()
    out: list[ConsistencyFinding] = []
    problems = [p for p in assessment_problems(rubric, assessment, methods)
                if p.severity == "error"]
    out.extend(ConsistencyFinding("assessment", False, f"{p.path}: {p.message}")
               for p in problems)
    if not problems:
        card = score(rubric, assessment, methods=methods, explain=False)
        parts = sum((m.section.earned for m in match.matches if m.section.earned is not None),
                    Decimal(0))
        claim = report.overall_earned
        if claim is None:
            out.append(ConsistencyFinding(
                "sum", True, f"no overall claim stated; the engine computes "
                             f"{_fmt(card.total.raw)}"))
        else:
            holds = parts == claim and card.total.raw == claim
            out.append(ConsistencyFinding(
                "sum", holds,
                f"the earned figures add up to {_fmt(parts)} and the engine computes "
                f"{_fmt(card.total.raw)}; the overall claim is {_fmt(claim)}"))
    over = [m for m in match.matches
            if m.section.earned is not None and m.section.earned > m.points]
    out.append(ConsistencyFinding(
        "within", not over,
        "; ".join(f"{m.category_title}: earned {_fmt(m.section.earned or Decimal(0))} exceeds "
                  f"its {_fmt(m.points)} points" for m in over)
        or "every earned figure is at most its category's points"))
    disagree = [m for m in match.matches if m.points_agree is False]
    out.append(ConsistencyFinding(
        "allotted", not disagree,
        "; ".join(f"{m.category_title}: the report says {_fmt(m.section.allotted or Decimal(0))}"
                  f", the rubric {_fmt(m.points)}" for m in disagree)
        or "every stated 应得分 agrees with the rubric"))
    if report.overall_allotted is not None:
        agree = report.overall_allotted == rubric.total
        out.append(ConsistencyFinding(
            "total", agree,
            f"the overall 应得分 {_fmt(report.overall_allotted)} "
            + ("equals" if agree else "differs from")
            + f" the rubric's total {_fmt(rubric.total)}"))
    if match.unmatched_sections or match.unmatched_categories:
        left = [s.label for s in match.unmatched_sections] + list(match.unmatched_categories)
        out.append(ConsistencyFinding("unmatched", False, "not matched: " + ", ".join(left)))
    return tuple(out)
