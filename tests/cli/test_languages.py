"""One language per output: the command speaks Chinese by default, English
with ``--lang en`` or an English locale (the catalogues themselves are
tested in tests/messages/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civscore import cli
from civscore.messages import language

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def _bad_assessment(tmp_path: Path) -> Path:
    path = tmp_path / "a.toml"
    path.write_text('rubric = "example.full@2024"\nunti = "某局"\n', encoding="utf-8")
    return path


def test_errors_are_chinese_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _bad_assessment(tmp_path)
    assert cli.main(["score", str(path), "--rubric", str(DATA / "cli-rubric.toml")]) == 2
    err = capsys.readouterr().err
    assert f"{path}: $.unti: 测评记录中没有键 'unti'；是否应为 'unit'？" in err
    assert "unknown key" not in err
    assert language() == "en"  # the command's language does not stay behind


def test_errors_are_english_with_lang_en(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = _bad_assessment(tmp_path)
    assert cli.main(["--lang", "en", "score", str(path), "--rubric",
                     str(DATA / "cli-rubric.toml")]) == 2
    assert f"{path}: $.unti: unknown key 'unti' in Assessment; did you mean 'unit'?" in (
        capsys.readouterr().err)


def test_english_from_the_locale(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert cli.main(["check", str(tmp_path / "missing.toml")]) == 2
    assert "no such file; check the path" in capsys.readouterr().err


def test_check_findings_in_each_language(capsys: pytest.CaptureFixture[str]) -> None:
    rubric = str(DATA / "cli-rubric.toml")
    cli.main(["check", rubric])
    zh = capsys.readouterr().out
    # the summary line: no errors in the test rubric
    assert f"{rubric}: 测评体系：错误 0 项，" in zh
    cli.main(["--lang", "en", "check", rubric])
    en = capsys.readouterr().out
    assert f"{rubric}: rubric: 0 errors, " in en




RUBRIC_OFF_BY_ONE = """\
id = "t"
version = "1"
title = "测试评分细则"
provenance = "quoted"
source = "written for the civscore tests"
total = 11

[[categories]]
id = "a"
title = "甲"
points = 10
method = "direct"
"""


def test_a_rubric_finding_in_each_language(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.toml"
    path.write_text(RUBRIC_OFF_BY_ONE, encoding="utf-8")
    assert cli.main(["check", str(path)]) == 1
    # the one category has 10 points; the total says 11
    assert (f"{path}: 错误: $.total: 各类别分值合计 10，不等于所定总分 11；请修改某类别的分值或"
            "总分 [sum-total]") in capsys.readouterr().out
    assert cli.main(["--lang", "en", "check", str(path)]) == 1
    assert (f"{path}: error: $.total: the categories' points add up to 10, not the declared "
            "total 11; fix a category's points or the total [sum-total]"
            ) in capsys.readouterr().out


def test_an_assessment_finding_in_each_language(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.toml"
    path.write_text((DATA / "cli-assessment.toml").read_text(encoding="utf-8").replace(
        'tier = "fair"', 'tier = "meh"'), encoding="utf-8")
    rubric = str(DATA / "cli-rubric.toml")
    assert cli.main(["check", str(path), "--rubric", rubric]) == 1
    out = capsys.readouterr().out
    # leadership.style is the fourth finding; its tiers are good, fair, poor, bad
    assert ("错误: $.findings[3].tier: 未知的档次 'meh'（可用的档次：good, fair, poor, bad）"
            ) in out
    assert cli.main(["--lang", "en", "check", str(path), "--rubric", rubric]) == 1
    assert ("error: $.findings[3].tier: unknown tier 'meh' (tiers: good, fair, poor, bad)"
            ) in capsys.readouterr().out


def test_extract_speaks_one_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.txt"
    report.write_text("某单位工作汇报\n\n今年我们做了很多工作。\n", encoding="utf-8")
    assert cli.main(["extract", str(report)]) == 1
    zh = capsys.readouterr().out
    assert "  未说明任何得分；未写入文件\n" in zh
    assert "no scores" not in zh
    assert cli.main(["--lang", "en", "extract", str(report)]) == 1
    en = capsys.readouterr().out
    assert "  no scores stated; nothing written\n" in en
    assert "未说明" not in en


# ------------------------------------------------------ one language per output

CAMPAIGN = Path(__file__).resolve().parents[2] / "examples" / "campaign"
#: a run of three or more English words: a sentence, not an id or a code
ENGLISH = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")
#: what a message quotes (ids, values, TOML), paths, key paths and options
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|“[^”]*”|\S*[/\\$]\S*|--\S+")
#: the prefixes that stay the same in every language (argparse's too)
PREFIX = re.compile(r"^civscore(?: [a-z]+)?: (?:error|warning): (?:argument \S+ )?")


def english_runs(stderr: str) -> list[str]:
    """The English sentences in ``stderr``'s civscore lines (argparse's
    usage lines are its own, in English, and left out)."""
    lines = [PREFIX.sub("", line) for line in stderr.splitlines()
             if line.startswith("civscore")]
    return [run for line in lines for run in ENGLISH.findall(QUOTED.sub(" ", line))]


def _assessment(tmp_path: Path, change: tuple[str, str] = ("", "")) -> str:
    path = tmp_path / "a.toml"
    path.write_text((DATA / "cli-assessment.toml").read_text(encoding="utf-8").replace(*change),
                    encoding="utf-8")
    return str(path)


def _workbook(tmp_path: Path) -> str:
    """A filled-in workbook whose first 编号 was edited to one the rubric lacks."""
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "a.xlsx"
    assert cli.main(["template", str(DATA / "cli-rubric.toml"), "--format", "xlsx",
                     "-o", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    sheet = book["测评表"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "编号":
                sheet.cell(cell.row + 1, cell.column).value = "no.such.row"
                book.save(path)
                return str(path)
    raise AssertionError("no 编号 column")


def _campaign(tmp_path: Path, old: str, new: str) -> str:
    path = tmp_path / "campaign.toml"
    path.write_text((CAMPAIGN / "campaign.toml").read_text(encoding="utf-8").replace(old, new, 1),
                    encoding="utf-8")
    return str(path)


RUBRIC = str(DATA / "cli-rubric.toml")
#: failing commands, one for each part of civscore that speaks: the file
#: readers, the scoring checks (dates, claims), the CLI's own options and
#: errors, workbooks and campaigns
FAILING = {
    "unknown key": lambda t: ["score", str(_bad_assessment(t)), "--rubric", RUBRIC],
    "date in the future": lambda t: ["score", _assessment(t, ("2024-12-01", "2999-01-01")),
                                     "--rubric", RUBRIC],
    "several assessments": lambda t: ["score", _assessment(t), _assessment(t), "--rubric",
                                      RUBRIC],
    "--from without xlsx": lambda t: ["template", RUBRIC, "--from", _assessment(t)],
    "--batch without xlsx": lambda t: ["template", RUBRIC, "--batch"],
    "--encoding": lambda t: ["score", "--encoding", "nothing=gbk", _assessment(t)],
    "--fail-under": lambda t: ["score", "--fail-under", "much", _assessment(t)],
    "no such directory": lambda t: ["panel", str(t / "missing")],
    "workbook": lambda t: ["score", _workbook(t), "--rubric", RUBRIC],
    "campaign file": lambda t: ["rank", str(CAMPAIGN / "assessments"), "--campaign",
                                _campaign(t, "trim = 1", "trim = 0")],
    "campaign quota": lambda t: ["rank", str(CAMPAIGN / "assessments"), "--campaign",
                                 _campaign(t, "fraction = 0.9\nexpiring = 10", "places = 30"),
                                 "--history", str(CAMPAIGN / "history.csv"),
                                 "--rubric", str(CAMPAIGN / "rubric-2023.toml"),
                                 "--rubric", str(CAMPAIGN / "rubric-2024.toml")],
}


@pytest.mark.parametrize("case", sorted(FAILING))
def test_a_failing_command_speaks_one_language(case: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    argv = FAILING[case](tmp_path)
    capsys.readouterr()  # what making the inputs said
    assert cli.main(argv) == 2
    zh = capsys.readouterr().err
    assert "civscore" in zh  # something was said
    assert english_runs(zh) == [], zh
    assert cli.main(["--lang", "en", *argv]) == 2
    en = capsys.readouterr().err
    assert english_runs(en), en


def test_the_heuristic_finds_english_but_not_quotes_paths_or_codes() -> None:
    assert english_runs("civscore: error: a.toml: $.x: the date is in the future") == [
        "the date is in the future"]
    assert english_runs("civscore: error: /tmp/a b/c.toml: $.rubric: 所注测评体系为 "
                        "'example full edition'，请用 'civscore template RUBRIC'") == []
    assert english_runs("usage: civscore score [-h] [--rubric FILE]") == []
    assert english_runs("civscore score: error: argument --fail-under: 应为分数") == []
