"""``civscore extract``: the command line over civscore.extract.

The report texts here are written for these tests.  The figures expected
from the seed report were read off the report by hand: eight sections
allotted 15, 16, 13, 12, 9, 9, 8, 18 (= 100) and earned 15, 16, 13, 12, 8,
8, 8, 17 (= 97), an overall claim of 98.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from civscore import cli, load_assessment
from civscore.plugins import default_registry

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_2e7c61cab5a262cb.txt"

TWO_REPORTS = """第一篇:甲单位创建工作总结
甲单位2012年度文明单位工作总结，我单位应得分100分，实得分为96分。
(一)领导班子。应得分15分，实得分14分。
(二)业务工作实绩。应得分16分，实得分16分。
(三)思想道德风尚。应得分13分，实得分13分。
(四)遵纪守法。应得分12分，实得分12分。
(五)科技文化。应得分9分，实得分9分。
(六)卫生创建。应得分9分，实得分8分。
(七)未成年人思想道德建设。应得分8分，实得分8分。
(八)创建工作。应得分18分，实得分16分。
第二篇:乙单位创建工作总结
(一)领导班子。应得分为十五分，实得分为十五分。
(二)业务工作实绩。应得分16，实得分十六。
(三)思想道德风尚。应得分13分，实得分13分。
(四)遵纪守法。应得分12分，实得分12分。
(五)科技文化。应得分9分，实得分9分。
(六)卫生创建。应得分9分，实得分9分。
(七)未成年人思想道德建设。应得分8分，实得分8分。
(八)创建工作。应得分18分，实得分18分。
第三篇:丙单位创建工作汇报
一、基本情况
全局共有职工27人，2011年本科上线率48.8%，理科600分以上考生22人。
"""

NO_SCORES = "第一篇:某单位工作汇报\n一、基本情况\n全局共有职工27人，2011年完成各项任务。\n"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "civscore", "extract", *args],
                          capture_output=True, text=True, encoding="utf-8", check=False)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not beside the repository")
def test_seed_report_claims_are_extracted_and_checked(tmp_path: Path) -> None:
    out = tmp_path / "claims.toml"
    run = _run(str(SEED), "--format", "json", "-o", str(out))
    assert run.returncode == 0, run.stderr
    reports = json.loads(run.stdout)
    first, *others = reports
    assert first["rubric"] == "danjiangkou@2010-2011"
    assert [s["allotted"] for s in first["sections"]] == ["15", "16", "13", "12", "9", "9", "8",
                                                          "18"]
    assert [s["earned"] for s in first["sections"]] == ["15", "16", "13", "12", "8", "8", "8",
                                                        "17"]
    assert (first["overall_allotted"], first["overall_earned"]) == ("100", "98")
    verdicts = {c["code"]: c["ok"] for c in first["consistency"]}
    # 15+16+13+12+8+8+8+17 = 97 ≠ 98: the claim does not add up; the rest holds.
    assert verdicts == {"sum": False, "within": True, "allotted": True, "total": True}
    assert others
    assert all(not r["has_scores"] for r in others)
    assert all(r["assessment_file"] is None for r in others)
    card = default_registry().score(load_assessment(out))
    assert card.total.raw == Decimal(97)
    assert card.claimed_total == Decimal(98)


def test_two_scored_reports_get_two_files_and_the_third_says_no_scores(tmp_path: Path) -> None:
    report = tmp_path / "reports.txt"
    report.write_text(TWO_REPORTS, encoding="utf-8")
    out = tmp_path / "a.toml"
    run = _run(str(report), "--rubric", "danjiangkou@2010-2011", "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert "报告3" in run.stdout
    assert "未说明任何得分" in run.stdout
    first = load_assessment(tmp_path / "a-1.toml")
    second = load_assessment(tmp_path / "a-2.toml")
    assert not out.exists()
    registry = default_registry()
    # 14+16+13+12+9+8+8+16 = 96, as claimed.
    assert registry.score(first).total.raw == Decimal(96)
    assert registry.score(first).discrepancies == ()
    # Chinese numerals: 十五, 十六; all full marks: 100, no overall claim stated.
    assert registry.score(second).total.raw == Decimal(100)
    assert second.claimed_total is None


def test_report_without_scores_exits_1_and_writes_nothing(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          ) -> None:
    report = tmp_path / "plain.txt"
    report.write_bytes(NO_SCORES.encode("gb18030"))
    out = tmp_path / "never.toml"
    status = cli.main(["extract", str(report), "-o", str(out)])
    assert status == 1
    assert not out.exists()
    assert "未说明任何得分" in capsys.readouterr().out


def test_claim_above_allotted_is_capped_and_reported(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = TWO_REPORTS.split("第二篇", maxsplit=1)[0].replace("实得分14分", "实得分17分")
    report = tmp_path / "over.txt"
    report.write_text(text, encoding="utf-8")
    out = tmp_path / "over.toml"
    assert cli.main(["extract", str(report), "--rubric", "danjiangkou", "-o", str(out),
                     "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    verdicts = {c["code"]: c["ok"] for c in data[0]["consistency"]}
    assert verdicts["within"] is False
    card = default_registry().score(load_assessment(out))
    # 领导班子 is capped at its 15 points: 15+16+13+12+9+8+8+16 = 97,
    # while the claimed figure 17 stays and shows as a discrepancy.
    assert card.total.raw == Decimal(97)
    assert any(d.path == "leadership" and d.claimed == Decimal(17) for d in card.discrepancies)


def test_missing_report_is_a_usage_error(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["extract", str(tmp_path / "absent.txt")]) == 2
    err = capsys.readouterr().err
    assert "absent.txt" in err
    assert "Traceback" not in err


def test_an_output_in_the_way_leaves_none_written(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A directory named like report 2's file: report 1's file was written
    before the error; now every target is checked before the first is."""
    report = tmp_path / "reports.txt"
    report.write_text(TWO_REPORTS, encoding="utf-8")
    (tmp_path / "a-2.toml").mkdir()
    status = cli.main(["--lang", "en", "extract", str(report), "--rubric", "danjiangkou", "-o",
                       str(tmp_path / "a.toml")])
    assert status == 2
    assert capsys.readouterr().err == (
        f"civscore: error: {tmp_path / 'a-2.toml'}: cannot write: is a directory; name a file\n")
    assert cli.main(["extract", str(report), "--rubric", "danjiangkou", "-o",
                     str(tmp_path / "a.toml")]) == 2
    assert capsys.readouterr().err == (
        f"civscore: error: {tmp_path / 'a-2.toml'}：无法写入：这是目录；请指定文件\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.toml", "reports.txt"]


def test_dash_writes_the_assessment_to_stdout_and_the_summary_to_stderr(tmp_path: Path) -> None:
    report = tmp_path / "one.txt"
    report.write_text(TWO_REPORTS.split("第二篇", maxsplit=1)[0], encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "civscore", "extract", "one.txt", "--rubric",
                          "danjiangkou", "-o", "-"], cwd=tmp_path, capture_output=True,
                         text=True, encoding="utf-8", check=False)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.txt"]  # no file named '-'
    saved = tmp_path / "saved" / "a.toml"
    saved.parent.mkdir()
    saved.write_text(run.stdout, encoding="utf-8")
    card = default_registry().score(load_assessment(saved))
    # 应得分100分，实得分为96分 and 14+16+13+12+9+8+8+16 = 96
    assert (card.total.raw, card.claimed_total) == (Decimal(96), Decimal(96))
    assert "报告1《甲单位创建工作总结》" in run.stderr
    assert "已写入测评文件：<stdout>" in run.stderr


def test_dash_with_several_scored_reports_is_refused(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "reports.txt"
    report.write_text(TWO_REPORTS, encoding="utf-8")
    assert cli.main(["extract", str(report), "--rubric", "danjiangkou", "-o", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("civscore: error: 报告 1, 2 都说明了得分，标准输出只能容纳一份测评"
                            "记录；请用 -o FILE（报告 N 写入 FILE-N）\n")
    assert [p.name for p in tmp_path.iterdir()] == ["reports.txt"]


@pytest.mark.parametrize("content", ["", "\n  \n\u3000\n"])
def test_an_empty_report_says_nothing_was_found(tmp_path: Path, content: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "empty.txt"
    report.write_text(content, encoding="utf-8")
    assert cli.main(["extract", str(report)]) == 1
    assert capsys.readouterr().err == f"{report}: 没有找到报告：文件为空或只有空白\n"


def test_a_directory_named_docx_is_said_to_be_one(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dir.docx").mkdir()
    assert cli.main(["extract", str(tmp_path / "dir.docx")]) == 2
    assert capsys.readouterr().err == (
        f"civscore: error: {tmp_path / 'dir.docx'}: $: 是目录，不是文件\n")


def test_an_existing_output_is_refused_unless_forced(tmp_path: Path) -> None:
    """The assessment ``extract`` writes is edited by hand afterwards: an
    existing ``-o`` file (or one of the numbered files of several reports)
    is refused, exit 2 and untouched, unless ``--force``."""
    report = tmp_path / "reports.txt"
    report.write_text(TWO_REPORTS, encoding="utf-8")
    out = tmp_path / "a.toml"
    numbered = tmp_path / "a-2.toml"
    numbered.write_text("# edited by hand\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "civscore", "--lang", "en", "extract",
                          str(report), "-o", str(out)], capture_output=True, text=True,
                         encoding="utf-8", check=False)
    assert run.returncode == 2
    assert run.stderr == (f"civscore: error: {numbered}: the file exists and may be a "
                          "filled-in assessment: give another -o FILE, or add --force to "
                          "overwrite it\n")
    assert numbered.read_text(encoding="utf-8") == "# edited by hand\n"
    assert not out.exists()
    assert not (tmp_path / "a-1.toml").exists()
    assert _run(str(report), "-o", str(out), "--force").returncode == 0
    assert 'rubric = "danjiangkou@2010-2011"' in numbered.read_text(encoding="utf-8")
