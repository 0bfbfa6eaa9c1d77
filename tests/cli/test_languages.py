"""One language per output: the command speaks Chinese by default, English
with ``--lang en`` or an English locale (the catalogues themselves are
tested in tests/messages/)."""

from __future__ import annotations

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
    assert f"{path}: $.unti: Assessment 中没有键 'unti'；是否应为 'unit'？" in err
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
