"""Tests of civscore.extract: reading, splitting and parsing work reports,
matching them to a rubric and writing the assessment as TOML.

The sentences below are written for these tests; only the last group reads
the seed file.
"""

from __future__ import annotations

import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civscore.exceptions import CivscoreError, FileFormatError
from civscore.extract import (
    MissingDependencyError,
    PointStatement,
    Report,
    assessment_to_toml,
    choose_rubric,
    extract,
    match_categories,
    parse_chinese_number,
    parse_number,
    parse_report,
    parse_reports,
    read_report_text,
    report_to_assessment,
    split_reports,
    title_similarity,
)
from civscore.files import parse_toml
from civscore.model import Assessment, Category, Finding, Rubric, RuleHit

D = Decimal
SEED = Path(__file__).parents[2].parent / "shared" / "seeds" / "000_2e7c61cab5a262cb.txt"

SHORT_TITLES = ("领导班子", "业务工作", "思想道德", "遵纪守法", "科技文化", "卫生创建",
                "未成年人思想道德建设", "创建工作")
POINTS = (15, 16, 13, 12, 9, 9, 8, 18)


def make_rubric(
    titles: tuple[str, ...] = SHORT_TITLES,
    points: tuple[int, ...] = POINTS,
    rubric_id: str = "test-city",
    method: str = "direct",
) -> Rubric:
    categories = tuple(
        Category(id=f"c{i}", title=title, points=D(p), method=method)
        for i, (title, p) in enumerate(zip(titles, points, strict=True), start=1)
    )
    return Rubric(id=rubric_id, version="2010-2011", title="测试评分细则",
                  total=D(sum(points)), provenance="illustrative", source="tests",
                  categories=categories)


def pairs(text: str) -> list[tuple[str, Decimal]]:
    return [(s.kind, s.value) for s in parse_report(text).statements]


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("零", "0"), ("一", "1"), ("二", "2"), ("两", "2"), ("三", "3"), ("四", "4"),
    ("五", "5"), ("六", "6"), ("七", "7"), ("八", "8"), ("九", "9"), ("十", "10"),
    ("十五", "15"), ("二十", "20"), ("九十八", "98"), ("一百", "100"),
    ("一百零五", "105"), ("八点五", "8.5"), ("十二点二五", "12.25"), ("二〇一一", "2011"),
])
def test_chinese_numerals(text: str, value: str) -> None:
    assert parse_chinese_number(text) == D(value)


@pytest.mark.parametrize("text", ["十十", "百十百", "", "八点", "五个"])
def test_malformed_chinese_numerals(text: str) -> None:
    with pytest.raises(ValueError, match="numeral"):
        parse_chinese_number(text)


@pytest.mark.parametrize(("text", "value"), [
    ("15", "15"), ("8.5", "8.5"), ("１５", "15"), ("８．５", "8.5"), ("十五", "15"),
])
def test_numbers_in_any_script(text: str, value: str) -> None:
    result = parse_number(text)
    assert result == D(value)
    assert isinstance(result, Decimal)


# --------------------------------------------------------------------------
# Point statements: the forms people write
# --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # 为 / 是 / nothing between keyword and number; 分 present or missing
    ("班子团结有力，本项应得分为20分，实得分19分。", [("allotted", 20), ("earned", 19)]),
    ("机关作风扎实，应得分20，实得分为18。", [("allotted", 20), ("earned", 18)]),
    ("机关作风扎实，应得分是20分，实得分是18分。", [("allotted", 20), ("earned", 18)]),
    ("机关作风扎实，应得分：20分，实得分：18分。", [("allotted", 20), ("earned", 18)]),
    # spaces (ASCII and ideographic)
    ("环境整洁，应得分为7 分，实得分为 6 分。", [("allotted", 7), ("earned", 6)]),
    ("环境整洁，应得分\u30007分，实得分6\u3000分。", [("allotted", 7), ("earned", 6)]),
    # Chinese numerals
    ("文化活动丰富，应得分十五分，实得分十四分。", [("allotted", 15), ("earned", 14)]),
    ("文化活动丰富，应得分为二十分，实得分为九分。", [("allotted", 20), ("earned", 9)]),
    ("全年综合应得分一百分，实得分九十八分。", [("allotted", 100), ("earned", 98)]),
    ("宣传工作到位，应得分十分，实得分八点五分。", [("allotted", 10), ("earned", "8.5")]),
    ("安全生产无事故，应得分两分，实得分零分。", [("allotted", 2), ("earned", 0)]),
    # full-width digits and decimals
    ("窗口服务规范，应得分１５分，实得分１４．５分。", [("allotted", 15), ("earned", "14.5")]),
    ("窗口服务规范，应得分为8.5分，实得分为7.5分。", [("allotted", "8.5"), ("earned", "7.5")]),
    # earned first, allotted second
    ("制度建设完善，实得分11分，应得分12分。", [("earned", 11), ("allotted", 12)]),
    # variants of the keywords
    ("学习教育扎实，满分10分，得分9分。", [("allotted", 10), ("earned", 9)]),
    ("学习教育扎实，应得10分，实得9分。", [("allotted", 10), ("earned", 9)]),
    ("经对照细则自评得分9.5分。", [("earned", "9.5")]),
    ("经对照细则自查得分9分。", [("earned", 9)]),
    ("本项分值6分，自评分5分。", [("allotted", 6), ("earned", 5)]),
])
def test_statement_forms(text: str, expected: list[tuple[str, int | str]]) -> None:
    assert pairs(text) == [(kind, D(value)) for kind, value in expected]


def test_statement_records_where_and_what() -> None:
    text = "开头一行\n卫生工作，应得分为9 分，实得分为8分。"
    report = parse_report(text, first_line=41)
    first, second = report.statements
    assert first == PointStatement("allotted", D(9), "应得分", "应得分为9 分",
                                   text.index("应得分"), 42, overall=True)
    assert second.text == "实得分为8分"
    assert second.keyword == "实得分"
    assert all(isinstance(s.value, Decimal) for s in report.statements)


@pytest.mark.parametrize("text", [
    "2010年以来，全局共有干部职工27人参加了业务培训。",            # a year, a head count
    "今年全县本科上线率48.8%，比上年提高了3.2个百分点。",           # a rate next to 分
    "理科600分以上考生22人，文科550分以上考生9人。",               # exam scores, not rubric points
    "全市中考平均得分85分，比上年提高4分。",                       # an exam score after 得分
    "高考满分750分，我校有三名学生超过700分。",                    # 满分 of an exam
    "各科室的得分率为92%，实得分为95%。",                          # rates after the keywords
    "评比中得分十分接近，本项即不得分。",                          # 十分 = "very"; 不得分
    "对照应得分情况逐项自查3次，形成自查报告2份。",                 # keywords without points
    "第二季度共开展活动15次，投入资金8.5万元。",
])
def test_numbers_that_are_not_point_statements(text: str) -> None:
    report = parse_report(text)
    assert report.statements == ()
    assert not report.has_scores


def test_a_statement_among_exam_figures_is_still_found() -> None:
    text = "全校理科600分以上考生31人，上线率达52.5%。对照细则，本项应得分8分，实得分7分。"
    assert pairs(text) == [("allotted", D(8)), ("earned", D(7))]


# --------------------------------------------------------------------------
# Sections, overall claim, unit, period
# --------------------------------------------------------------------------

REPORT = """\
某县卫生局创建2012-2013年度文明单位工作总结
2012-2013年，我局按照县文明委的部署开展创建活动。对照考核细则，我局应得分50分，实得分为47分。
一、基本情况
全局现有干部职工36人，设科室8个。
二、主要作法和自查得分
(一)班子建设坚强有力，团结协作。应得分为20，实得分20分。
班子成员认真履行职责。
（二）服务窗口规范高效。实得分十八分，应得分二十分。
窗口实行一次告知。
（ 三 ）环境卫生整洁优美，应得分10分，我局此项实得分9分。
三、存在的不足
今后我们将再接再厉。
某县卫生局
二〇一三年十一月八日
"""


def test_sections_titles_levels_and_parents() -> None:
    report = parse_report(REPORT)
    assert report.title == "某县卫生局创建2012-2013年度文明单位工作总结"
    assert [(s.marker, s.level, s.number) for s in report.sections] == [
        ("一、", 1, 1), ("二、", 1, 2), ("(一)", 2, 1), ("（二）", 2, 2), ("（三）", 2, 3),
        ("三、", 1, 3),
    ]
    assert [s.title for s in report.sections] == [
        "基本情况", "主要作法和自查得分", "班子建设坚强有力，团结协作", "服务窗口规范高效",
        "环境卫生整洁优美", "存在的不足",
    ]
    assert [s.parent for s in report.sections] == [None, None, 1, 1, 1, None]
    assert [s.line for s in report.sections] == [3, 5, 6, 8, 10, 11]
    assert report.sections[2].heading.startswith("(一)班子建设")


def test_section_figures_and_overall_claim() -> None:
    report = parse_report(REPORT)
    scored = report.scored_sections
    assert [(s.marker, s.allotted, s.earned) for s in scored] == [
        ("(一)", D(20), D(20)), ("（二）", D(20), D(18)), ("（三）", D(10), D(9)),
    ]
    # 我局 … 应得分50分，实得分为47分 in the preamble is the overall claim,
    # 我局此项 inside a section is not.
    assert (report.overall_allotted, report.overall_earned) == (D(50), D(47))
    assert [s.overall for s in report.statements] == [True, True] + [False] * 6
    assert report.has_scores
    assert report.warnings == ()


def test_unit_and_period_from_signature_and_title() -> None:
    report = parse_report(REPORT)
    assert report.unit == "某县卫生局"
    assert report.period == "2012-2013"
    titled = parse_report("正文没有落款。", title="市交通局创建2014年度文明单位工作汇报")
    assert titled.unit == "市交通局"
    assert titled.period == "2014"
    assert parse_report("创建工作总结\n正文。").unit == ""


@pytest.mark.parametrize(("text", "allotted", "earned"), [
    ("一、概况\n正文。\n二、结语\n综上，我单位自评总分96.5分。", None, "96.5"),
    ("一、概况\n正文。\n二、结语\n按细则总分100分，自评总分95分。", "100", "95"),
    ("一、概况\n正文。\n二、结语\n本单位测评总分为92分。", None, "92"),
    ("一、概况\n正文。\n二、结语\n各项合计应得分100分，实得分97分。", "100", "97"),
])
def test_overall_claim_phrasings(text: str, allotted: str | None, earned: str) -> None:
    report = parse_report(text)
    assert report.overall_allotted == (None if allotted is None else D(allotted))
    assert report.overall_earned == D(earned)
    assert all(not s.statements for s in report.sections)


def test_warnings_for_sums_and_restarted_numbering() -> None:
    text = ("我所应得分30分，实得分为29分。\n(一)甲。应得分10分，实得分9分。\n"
            "(二)乙。应得分20分，实得分21分。\n一、丙\n二、丁\n一、戊\n")
    warnings = parse_report(text).warnings
    assert any("add up to 30" in w and "29" in w for w in warnings)
    assert any("claims 21 earned of 20 allotted" in w for w in warnings)
    assert any("restarts at 一、" in w and "line 6" in w for w in warnings)


@pytest.mark.parametrize("figure", ["15..5分", "15.5.5分", "15.分", "１５．．５分", "15. 5分"])
def test_a_malformed_figure_is_refused_not_read_in_part(figure: str) -> None:
    """``实得分15..5分`` was read as 15: it is not read at all, and a warning
    names its line and the figure as written."""
    text = (f"测试单位工作总结\n一、甲（应得分20分，实得分{figure}）\n"
            "二、乙（应得分10分，实得分9分）\n")
    report = parse_report(text)
    assert [(s.kind, s.value) for s in report.sections[0].statements] == [("allotted", 20)]
    assert [(s.kind, s.value) for s in report.sections[1].statements] == [
        ("allotted", 10), ("earned", 9)]
    assert [w for w in report.warnings if "well-formed" in w] == [
        f"line 2: '实得分{figure}' is not a well-formed figure, so it is not read; correct it "
        "in the report"]


@pytest.mark.parametrize("figure", ["1e400分", "1E3分", "2e-3分", "１ｅ５分"])
def test_a_figure_in_exponent_form_is_refused_not_read_as_its_first_digits(figure: str) -> None:
    """``实得分1e400分`` was read as 1, the overall claim too."""
    text = (f"测试单位工作总结\n我单位应得分30分，实得分为{figure}。\n"
            f"一、甲（应得分20分，实得分{figure}）\n二、乙（应得分10分，实得分9分）\n")
    report = parse_report(text)
    assert report.overall_earned is None
    assert [(s.kind, s.value) for s in report.sections[0].statements] == [("allotted", 20)]
    assert [w for w in report.warnings if "well-formed" in w] == [
        f"line 2: '实得分为{figure}' is not a well-formed figure, so it is not read; correct it "
        "in the report",
        f"line 3: '实得分{figure}' is not a well-formed figure, so it is not read; correct it "
        "in the report"]


@pytest.mark.parametrize("figure", ["-3分", "－3分", "- 3分", "-三分", "−0.5分"])
def test_a_negative_figure_is_refused_with_a_warning(figure: str) -> None:
    """``实得分-3分`` was dropped with no word said."""
    report = parse_report(f"一、甲（应得分12分，实得分{figure}）\n")
    assert [(s.kind, s.value) for s in report.statements] == [("allotted", 12)]
    assert [w for w in report.warnings if "negative" in w] == [
        f"line 1: '实得分{figure}' is a negative figure, so it is not read; correct it in the "
        "report"]


def test_a_figure_beyond_what_an_assessment_holds_is_refused() -> None:
    """``99999999999999999999999`` was written as ``claimed``, which ``score``
    refuses (above 1000000); 1000000 itself is kept."""
    report = parse_report("我单位应得分1000000分，实得分为1000001分。\n"
                          "一、甲（应得分13分，实得分99999999999999999999999分）\n")
    assert report.overall_allotted == 1_000_000
    assert report.overall_earned is None
    assert [(s.kind, s.value) for s in report.sections[0].statements] == [("allotted", 13)]
    assert [w for w in report.warnings if "the most an assessment holds" in w] == [
        "line 1: '实得分为1000001分' is above 1000000 (the most an assessment holds), so it is "
        "not read; correct it in the report",
        "line 2: '实得分99999999999999999999999分' is above 1000000 (the most an assessment "
        "holds), so it is not read; correct it in the report"]


@given(st.decimals(min_value=-10**30, max_value=10**30, places=2, allow_nan=False,
                   allow_infinity=False),
       st.sampled_from(["", "e5", "E-2"]))
def test_a_figure_is_read_as_written_or_refused_never_read_as_another(
        value: Decimal, exponent: str) -> None:
    """Whatever figure follows 实得分: it is read as itself (0 to 1000000, no
    sign, no exponent), or it is not read and one warning names line 1."""
    figure = f"{value:f}{exponent}分"
    report = parse_report(f"一、甲（实得分{figure}）\n")
    earned = [s.value for s in report.statements if s.kind == "earned"]
    refused = [w for w in report.warnings if w.startswith("line 1: '实得分")]
    if not exponent and not figure.startswith("-") and value <= 1_000_000:
        assert (earned, refused) == ([value], [])
    else:
        assert (earned, len(refused)) == ([], 1)


def test_a_malformed_chinese_figure_is_refused() -> None:
    report = parse_report("一、甲（应得分十十分，实得分八分）\n")
    assert [(s.kind, s.value) for s in report.statements] == [("earned", 8)]
    assert any("'应得分十十分' is not a well-formed figure" in w for w in report.warnings)


def test_a_figure_ending_a_sentence_with_a_full_stop_is_read() -> None:
    report = parse_report("一、甲（应得分20分，实得分18. 下同）\n")
    assert [(s.kind, s.value) for s in report.statements] == [("allotted", 20), ("earned", 18)]
    assert not [w for w in report.warnings if "well-formed" in w]


def test_statements_without_sections_are_not_taken_for_the_total() -> None:
    report = parse_report("领导班子应得分15分，实得分14分。\n业务工作应得分16分，实得分16分。")
    assert report.has_scores
    assert report.overall_earned is None
    assert any("not assigned" in w for w in report.warnings)


def test_report_without_scores() -> None:
    report = parse_report("创建工作汇报\n一、加强领导\n2011年全局27人参加培训。\n二、改善环境\n")
    assert report.statements == ()
    assert not report.has_scores
    assert report.overall_earned is None
    assert len(report.sections) == 2


# --------------------------------------------------------------------------
# Splitting a file into reports
# --------------------------------------------------------------------------

def test_split_reports() -> None:
    text = ("\ufeff第一篇:甲局工作总结\n正文一。\n第二篇：乙所创建汇报\n正文二。\r\n"
            "第3篇\n丙院工作总结\n正文三。\n")
    assert split_reports(text) == [
        ("甲局工作总结", "正文一。\n"),
        ("乙所创建汇报", "正文二。\n"),
        ("丙院工作总结", "丙院工作总结\n正文三。\n"),
    ]
    assert split_reports("只有一篇\n正文。") == [("只有一篇", "只有一篇\n正文。")]
    assert split_reports(" \n") == []


def test_parse_reports_keeps_file_line_numbers() -> None:
    text = "第一篇:甲\n无分数。\n第二篇:乙\n(一)作风。应得分5分，实得分4分。\n"
    first, second = parse_reports(text)
    assert (first.index, second.index) == (1, 2)
    assert not first.has_scores
    assert second.sections[0].line == 4
    assert [s.line for s in second.statements] == [4, 4]


# --------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------

SAMPLE = "第一篇:县教育局工作总结\r\n(一)领导班子。应得分15分，实得分14分。\r\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (SAMPLE.encode("utf-8"), None),
    (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), None),
    (SAMPLE.encode("gb18030"), None),
    (SAMPLE.encode("gb18030"), "gb18030"),
    (SAMPLE.encode("gbk"), "GBK"),
    (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8"),
    (SAMPLE.encode("utf-16"), None),
    (SAMPLE.encode("utf-16-le"), None),  # no byte-order mark (was: "NUL bytes")
    (SAMPLE.encode("utf-16-be"), None),
])
def test_read_report_text_encodings(tmp_path: Path, data: bytes, encoding: str | None) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    assert read_report_text(path, encoding) == SAMPLE.replace("\r\n", "\n")


def test_named_encoding_that_does_not_fit(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(SAMPLE.encode("gb18030"))
    with pytest.raises(FileFormatError, match="gb18030") as info:
        read_report_text(path, encoding="utf-8")
    assert info.value.source == str(path)
    assert "cannot decode the file as utf-8" in info.value.message


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"abc \xff\xff\xff")
    with pytest.raises(FileFormatError, match="neither UTF-8 nor GB18030") as info:
        read_report_text(path)
    assert info.value.source == str(path)
    assert "0xff" in info.value.message
    assert "encoding=" in info.value.message


def test_unknown_encoding_and_binary_files(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    with pytest.raises(FileFormatError, match="unknown encoding 'klingon'"):
        read_report_text(path, encoding="klingon")
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16)
    with pytest.raises(FileFormatError, match=r"legacy Word \(\.doc\)"):
        read_report_text(legacy)
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"a\x00b")
    with pytest.raises(FileFormatError, match="NUL bytes"):
        read_report_text(nul)


def test_docx_without_python_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # makes `import docx` fail
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(MissingDependencyError, match=r"pip install civscore\[docx\]") as info:
        read_report_text(path)
    assert isinstance(info.value, ImportError)
    assert isinstance(info.value, CivscoreError)


def test_docx_document(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("第一篇:县文化馆工作总结")
    document.add_paragraph("(一)阵地建设。应得分为10分，实得分为9.5分。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "合计"
    table.rows[0].cells[1].text = "100"
    path = tmp_path / "report.docx"
    document.save(str(path))
    text = read_report_text(path)
    assert text.splitlines()[:3] == ["第一篇:县文化馆工作总结",
                                     "(一)阵地建设。应得分为10分，实得分为9.5分。", "合计\t100"]
    (report,) = parse_reports(text)
    assert report.sections[0].earned == D("9.5")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(FileFormatError, match=r"not a readable \.docx"):
        read_report_text(broken)


def _zip(path: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, data)
    return path


def test_a_docx_above_64_mib_of_xml_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    """A zip bomb (a few hundred KB holding hundreds of MiB of XML) was parsed
    whole: 1.46 GB of memory.  64 MiB + 1 byte is refused, naming the part."""
    pytest.importorskip("docx")
    bomb = _zip(tmp_path / "bomb.docx", "word/document.xml", b" " * (64 * 1024 * 1024 + 1))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(FileFormatError, match=r"holds 64 MiB of XML once uncompressed "
                       r"\(the largest part: word/document\.xml\), above the 64 MiB") as info:
        read_report_text(bomb)
    assert info.value.source == str(bomb)


def test_a_docx_part_with_an_absurd_compression_ratio_is_refused(tmp_path: Path) -> None:
    """2 MiB of one byte deflates to about 2 KiB: a ratio near 1000:1, above 100:1."""
    pytest.importorskip("docx")
    bomb = _zip(tmp_path / "r.docx", "word/styles.xml", b"<" * (2 * 1024 * 1024))
    with pytest.raises(FileFormatError, match=r"its part word/styles\.xml grows to 2 MiB "
                       r"uncompressed, a ratio of [0-9]+:1, above the 100:1"):
        read_report_text(bomb)


def test_a_directory_or_missing_file_named_docx_is_said_so(tmp_path: Path) -> None:
    (tmp_path / "dir.docx").mkdir()
    with pytest.raises(FileFormatError, match=r"dir\.docx: \$: is a directory, not a file$"):
        read_report_text(tmp_path / "dir.docx")
    with pytest.raises(FileFormatError, match=r"no\.docx: \$: no such file; check the path$"):
        read_report_text(tmp_path / "no.docx")


# --------------------------------------------------------------------------
# Matching sections to categories, choosing a rubric
# --------------------------------------------------------------------------

def test_title_similarity() -> None:
    assert title_similarity("卫生单位创建工作扎实而有成效", "卫生创建") == 1.0
    assert title_similarity("班子建设坚强有力", "领导班子") == 0.5
    assert title_similarity("遵纪守法，安定团结", "法纪") == 0.0
    assert title_similarity("", "法纪") == 0.0


SCORED = """\
我单位应得分40分，实得分为37分。
(一)全体干部职工牢固树立服务意识，班子成员以身作则，领导班子凝聚力不断增强。应得分为10分，实得分10分。
(二)各项业务指标圆满完成，群众满意度逐年提高。应得分为12分，实得分为11分。
(三)坚持开展道德讲堂，干部职工思想觉悟普遍提高。应得分为8分，实得分为7分。
(四)机关大院绿化美化，卫生创建成效明显。应得分为10分，实得分为9分。
"""


def test_match_by_order_when_titles_are_weak() -> None:
    rubric = make_rubric(("领导班子", "工作实绩", "思想道德", "环境整治"), (10, 12, 8, 10))
    match = match_categories(parse_report(SCORED), rubric)
    assert [(m.category, m.section.marker, m.by) for m in match.matches] == [
        ("c1", "(一)", "title"), ("c2", "(二)", "order"), ("c3", "(三)", "title"),
        ("c4", "(四)", "order"),
    ]
    assert [m.category for m in match.by_order] == ["c2", "c4"]
    assert all(m.points_agree for m in match.matches)
    assert match.unmatched_sections == ()
    assert match.unmatched_categories == ()
    assert sum("by order only" in msg for msg in match.messages) == 2
    assert match.rubric == "test-city@2010-2011"


def test_missing_and_extra_sections_are_reported() -> None:
    rubric = make_rubric(("领导班子", "业务指标", "文化活动", "道德讲堂", "卫生创建"),
                         (10, 12, 5, 8, 10))
    match = match_categories(parse_report(SCORED), rubric)
    assert [(m.category, m.section.marker) for m in match.matches] == [
        ("c1", "(一)"), ("c2", "(二)"), ("c4", "(三)"), ("c5", "(四)"),
    ]
    assert match.unmatched_categories == ("c3",)
    assert any("category c3" in msg and "matches no section" in msg for msg in match.messages)
    assert any("differs from the rubric total 45" in msg for msg in match.messages)

    smaller = make_rubric(("领导班子", "业务指标", "卫生创建"), (10, 12, 10))
    match = match_categories(parse_report(SCORED), smaller)
    assert [(m.category, m.section.marker) for m in match.matches] == [
        ("c1", "(一)"), ("c2", "(二)"), ("c3", "(四)"),
    ]
    assert [s.marker for s in match.unmatched_sections] == ["(三)"]
    assert any("(三)" in msg and "matches no category" in msg for msg in match.messages)


def test_points_disagreement_is_reported() -> None:
    rubric = make_rubric(("领导班子", "业务指标", "道德讲堂", "卫生创建"), (10, 12, 9, 10))
    match = match_categories(parse_report(SCORED), rubric)
    assert [m.points_agree for m in match.matches] == [True, True, False, True]
    assert any("states 应得分 8, category c3 has 9 points" in msg for msg in match.messages)


def test_choose_rubric() -> None:
    report = parse_report(SCORED)
    right = make_rubric(("领导班子", "业务指标", "道德讲堂", "卫生创建"), (10, 12, 8, 10),
                        rubric_id="right")
    wrong = make_rubric(("民族团结", "扶贫助学", "宣传报道"), (30, 30, 40), rubric_id="wrong")
    assert choose_rubric(report, [wrong, right]) is right
    assert choose_rubric(report, [wrong]) is None
    assert choose_rubric(report, []) is None
    # a report without scores is matched on its section titles
    plain = parse_report("一、民族团结教育\n正文\n二、扶贫助学工程\n正文\n三、宣传报道工作\n正文")
    assert choose_rubric(plain, [right, wrong]) is wrong


# --------------------------------------------------------------------------
# Assessment and TOML
# --------------------------------------------------------------------------

def test_report_to_assessment() -> None:
    report = parse_report("县文化馆创建2012年度文明单位工作总结\n" + SCORED)
    rubric = make_rubric(("领导班子", "业务指标", "道德讲堂", "卫生创建"), (10, 12, 8, 10))
    assessment = report_to_assessment(report, rubric)
    assert assessment.rubric == "test-city@2010-2011"
    assert assessment.unit == "县文化馆"
    assert assessment.period == "2012"
    assert assessment.claimed_total == D(37)
    assert [(f.criterion, f.points, f.claimed) for f in assessment.findings] == [
        ("c1", D(10), D(10)), ("c2", D(11), D(11)), ("c3", D(7), D(7)), ("c4", D(9), D(9)),
    ]
    assert "报告第3行 (一)" in assessment.findings[0].note
    assert "应得分10 实得分10" in assessment.findings[0].note
    overridden = report_to_assessment(report, rubric, unit="文化馆", period="2012-2013")
    assert (overridden.unit, overridden.period) == ("文化馆", "2012-2013")


def test_non_direct_category_gets_only_the_claim() -> None:
    rubric = make_rubric(("领导班子", "业务指标", "道德讲堂", "卫生创建"), (10, 12, 8, 10),
                         method="deduct")
    assessment = report_to_assessment(parse_report(SCORED), rubric)
    assert [(f.points, f.claimed) for f in assessment.findings] == [
        (None, D(10)), (None, D(11)), (None, D(7)), (None, D(9)),
    ]


def test_assessment_to_toml_round_trip() -> None:
    rubric = make_rubric(("领导班子", "业务指标", "道德讲堂", "卫生创建"), (10, 12, 8, 10))
    assessment = report_to_assessment(parse_report(SCORED), rubric, unit="县文化馆")
    text = assessment_to_toml(assessment)
    assert text.splitlines()[:4] == [
        "format = 1", 'rubric = "test-city@2010-2011"', 'unit = "县文化馆"',
        "claimed_total = 37",
    ]
    assert "\n[[findings]]\ncriterion = \"c1\"\npoints = 10\nclaimed = 10\nnote = " in text
    data = parse_toml(text)
    assert data["format"] == 1
    assert [(f["criterion"], f["points"], f["claimed"]) for f in data["findings"]] == [
        ("c1", 10, 10), ("c2", 11, 11), ("c3", 7, 7), ("c4", 9, 9),
    ]
    assert data["findings"][0]["note"] == assessment.findings[0].note
    assert data["notes"] == assessment.notes


def test_toml_numbers_strings_and_nested_tables() -> None:
    assessment = Assessment(
        rubric="x@1", unit='单位 "甲"\\乙\n第二行\t\x01\x7f', period="2011",
        claimed_total=D("97.50"),
        findings=(
            Finding(criterion="a.b", points=D("8.5"), claimed=D("1E+1"), note="说明",
                    hits=(RuleHit(rule="r1", count=2),), options={"key with space": True}),
            Finding(criterion="c", not_applicable=True, reason="无此业务"),
        ),
        gates={"two-years": True},
    )
    text = assessment_to_toml(assessment)
    assert "claimed_total = 97.5\n" in text
    assert "points = 8.5\nclaimed = 10\n" in text
    assert "[[findings.hits]]" in text
    data = parse_toml(text)
    assert data["unit"] == assessment.unit
    assert data["claimed_total"] == D("97.5")
    assert data["gates"] == {"two-years": True}
    assert data["findings"][0]["hits"] == [{"rule": "r1", "count": 2}]
    assert data["findings"][0]["options"] == {"key with space": True}
    assert data["findings"][1] == {"criterion": "c", "not_applicable": True, "reason": "无此业务"}
    assert "period" not in assessment_to_toml(Assessment(rubric="x@1", unit="u"))
    assert "claimed_total" not in assessment_to_toml(Assessment(rubric="x@1", unit="u"))
    with pytest.raises(ValueError, match="non-finite"):
        assessment_to_toml(Assessment(rubric="x@1", unit="u", claimed_total=D("NaN")))


def test_extract_pipeline() -> None:
    rubric = make_rubric(("领导班子", "业务指标", "道德讲堂", "卫生创建"), (10, 12, 8, 10))
    text = "第一篇:甲单位汇报\n" + SCORED + "第二篇:乙单位汇报\n一、概况\n正文。\n"
    first, second = extract(text, [rubric])
    assert first.rubric is rubric
    assert first.assessment is not None
    assert first.assessment.claimed_total == D(37)
    assert second.assessment is None
    assert second.rubric is None  # nothing in it fits
    forced = extract(text, rubric=rubric)
    assert forced[1].rubric is rubric
    assert forced[1].assessment is None


# --------------------------------------------------------------------------
# The seed file
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_reports() -> list[Report]:
    if not SEED.exists():
        pytest.skip(f"seed file {SEED} not present")
    return parse_reports(read_report_text(SEED))


def test_seed_first_report(seed_reports: list[Report]) -> None:
    assert len(seed_reports) == 5  # 第一篇 … 第五篇 (a sixth, unheaded one hides in 第五篇)
    first = seed_reports[0]
    assert first.unit == "丹江口市教育局"
    assert first.period == "2010-2011"
    scored = first.scored_sections
    assert [s.marker for s in scored] == [f"({n})" for n in "一二三四五六七八"]
    assert all(s.level == 2 for s in scored)
    assert [s.allotted for s in scored] == [D(n) for n in (15, 16, 13, 12, 9, 9, 8, 18)]
    assert [s.earned for s in scored] == [D(n) for n in (15, 16, 13, 12, 8, 8, 8, 17)]
    assert (first.overall_allotted, first.overall_earned) == (D(100), D(98))
    # the items add up to 97, not the 98 claimed
    assert any("add up to 97" in w for w in first.warnings)


def test_seed_other_reports_state_no_scores(seed_reports: list[Report]) -> None:
    for report in seed_reports[1:]:
        assert not report.has_scores
        assert report.statements == ()
    assert any("restarts at 一、" in w for w in seed_reports[4].warnings)


def test_seed_assessment(seed_reports: list[Report]) -> None:
    rubric = make_rubric()
    first = seed_reports[0]
    assert choose_rubric(first, [make_rubric(("民族团结", "扶贫助学"), (50, 50), "other"),
                                 rubric]) is rubric
    match = match_categories(first, rubric)
    assert [m.category for m in match.matches] == [f"c{i}" for i in range(1, 9)]
    assert all(m.points_agree for m in match.matches)
    weak = make_rubric(("班子建设", "工作实绩", "道德风尚", "法纪", "文体", "环境",
                        "青少年", "创建"))
    by_order = match_categories(first, weak).by_order
    assert [m.category for m in by_order] == ["c4", "c5", "c7"]
    assessment = report_to_assessment(first, rubric, match)
    assert assessment.claimed_total == D(98)
    assert [f.points for f in assessment.findings] == [
        D(n) for n in (15, 16, 13, 12, 8, 8, 8, 17)
    ]
    data = parse_toml(assessment_to_toml(assessment))
    assert data["unit"] == "丹江口市教育局"
    assert data["period"] == "2010-2011"
    assert data["claimed_total"] == 98
    assert len(data["findings"]) == 8


def test_a_report_is_read_within_the_size_limit(tmp_path: Path) -> None:
    """The reader was ``Path.read_bytes``: a huge file was read whole and
    ``/dev/zero`` for ever."""
    from civscore.files.text import MAX_FILE_BYTES

    big = tmp_path / "big.txt"
    big.write_bytes("应得分10分\n".encode() * (MAX_FILE_BYTES // 10))
    with pytest.raises(FileFormatError, match="larger than 8 MiB"):
        read_report_text(big)
    if Path("/dev/zero").exists():
        with pytest.raises(FileFormatError, match="larger than 8 MiB"):
            read_report_text("/dev/zero")
