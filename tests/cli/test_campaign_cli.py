"""``civscore panel``, ``rank`` and ``review`` on the example campaign and on
broken inputs (exit 2, a located message, no traceback, nothing written).

Hand calculation for 南湖区人民医院 (unit 19 of examples/campaign; its level is
0.70 + (18 × 37 mod 29) / 100 = 0.98 of the points, see generate.py):

* 2023 (two categories of 20): 自评 1.02 × 20 = 20.4 → 20.5 → capped 20 each, 40;
  测评组 0.95, 0.97, 0.98, 1.00 × 20 = 19, 19.4 → 19.5, 19.6 → 19.5, 20: totals 38, 39,
  39, 40; drop 38 and 40: 39; 0.1 × 40 + 0.9 × 39 = 4 + 35.1 = 39.1
* 2024 (three categories of 20): 自评 60; 测评组 57, 58.5, 58.5, 60 → 58.5;
  0.1 × 60 + 0.9 × 58.5 = 6 + 52.65 = 58.65
* term: 39.1 + 58.65 = 97.75, the highest of the campaign: rank 1, awarded.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from civscore.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
CAMPAIGN = ROOT / "examples" / "campaign"
RUBRICS = ["--rubric", str(CAMPAIGN / "rubric-2023.toml"),
           "--rubric", str(CAMPAIGN / "rubric-2024.toml")]
RANK = ["rank", str(CAMPAIGN / "assessments"), "--campaign", str(CAMPAIGN / "campaign.toml"),
        "--history", str(CAMPAIGN / "history.csv"), *RUBRICS]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``civscore ARGS`` in Chinese, the language locality staff read (and
    the default), whatever the locale of the machine running the tests."""
    status = main(["--lang", "zh", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_example_campaign_runs_end_to_end() -> None:
    proc = subprocess.run([sys.executable, "-m", "civscore", *RANK], capture_output=True,
                          encoding="utf-8", timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1] == ("名额：名额 = 到期单位数10 × 0.9 = 9，取整（down）为9个；达标线 80；"
                        "入选线 85.5")
    assert any(line.split()[:5] == ["1", "南湖区人民医院", "97.75", "授予", "第1名，总分97.75"]
               for line in lines)
    assert "  南湖区人民医院：2023年 39.1 + 2024年 58.65 = 97.75（届期达标线80）" in lines


def test_every_unit_has_an_outcome_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, *RANK, "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert len(data["outcomes"]) == 32
    assert len({o["unit"] for o in data["outcomes"]}) == 32
    first = next(o for o in data["outcomes"] if o["unit"] == "南湖区人民医院")
    assert (first["total"], first["rank"], first["status"]) == ("97.75", 1, "awarded")
    assert all(o["reasons"] for o in data["outcomes"])


def test_csv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    _status, out, _err = run(capsys, *RANK, "--format", "csv")
    assert out.startswith("\ufeffrank,")  # the byte-order mark Excel needs
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == 32
    _status, plain, err = run(capsys, *RANK, "--format", "csv", "--no-bom")
    assert plain == out.removeprefix("\ufeff")
    # the rows alone in the file; the example's rubrics are illustrative, said on stderr
    assert err.splitlines() == [
        f"civscore: warning: 测评体系 example.campaign@{year} 为示例（illustrative）：分值系虚构，"
        "并非任何地方的正式标准" for year in (2023, 2024)]
    assert rows[0].keys() == {"rank", "unit", "total", "status", "label", "reasons", "flags"}
    _status, out, _err = run(capsys, *RANK, "--format", "markdown")
    assert out.startswith("## 示例市2023—2024年度市级文明单位评选")
    assert "| 1 | 南湖区人民医院 | 97.75 | 授予 |" in out


def test_review_lists_the_holders_alone(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "review", *RANK[1:], "--format", "csv", "--no-bom")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    # history.csv: eight units held the title in 2023
    assert len(rows) == 8
    assert {r["rank"] for r in rows} == {"复查"}


def test_panel_of_one_unit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = sorted(str(p) for p in (CAMPAIGN / "assessments" / "19").glob("2024-*.toml"))
    status, out, _err = run(capsys, "panel", *files, "--campaign",
                            str(CAMPAIGN / "campaign.toml"), *RUBRICS, "--format", "json")
    assert status == 0
    panel = json.loads(out)
    assert panel["total_raw"] == "58.65"
    dropped = {f["assessor"]: f["reason"] for f in panel["assessors"] if not f["used"]}
    assert dropped == {"第一测评组": "去掉最低分", "第四测评组": "去掉最高分"}
    target = tmp_path / "panel.md"
    status, _out, _err = run(capsys, "panel", *files, "--campaign",
                             str(CAMPAIGN / "campaign.toml"), *RUBRICS, "--format", "markdown",
                             "-o", str(target))
    assert status == 0
    assert "合议总分：58.65" in target.read_text(encoding="utf-8")


def copy_example(tmp_path: Path) -> Path:
    target = tmp_path / "campaign"
    shutil.copytree(CAMPAIGN, target)
    return target


def rank_args(root: Path, *extra: str) -> list[str]:
    return ["rank", str(root / "assessments"), "--campaign", str(root / "campaign.toml"),
            "--history", str(root / "history.csv"), "--rubric", str(root / "rubric-2023.toml"),
            "--rubric", str(root / "rubric-2024.toml"), *extra]


def test_bad_inputs_exit_2_with_a_located_message(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    target = tmp_path / "out.txt"
    # a period missing from the term: unit 05 without any 2023 assessment
    for path in (root / "assessments" / "05").glob("2023-*.toml"):
        path.unlink()
    status, out, err = run(capsys, *rank_args(root, "-o", str(target)))
    assert status == 2
    assert not out
    assert not target.exists()
    first = root / "assessments" / "05" / "2024-group1.toml"
    assert f"{first}: $.period: 单位 '东城区图书馆' 缺少届期中期间 '2023' 的测评记录" in err


def test_an_unknown_role_names_its_file(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    path = root / "assessments" / "03" / "2024-group2.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('role = "测评组"', 'role = "群众"'),
                    encoding="utf-8")
    status, _out, err = run(capsys, *rank_args(root))
    assert status == 2
    assert f"{path}: $.role: 评分人角色 '群众' 不在合议规则的角色中" in err


def test_history_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    history = root / "history.csv"
    text = history.read_text(encoding="utf-8")
    history.write_text(text.replace("2023-12-20", "2023-12-32", 1), encoding="utf-8")
    status, _out, err = run(capsys, *rank_args(root))
    assert status == 2
    assert f"{history}: line 3.date: 日期 '2023-12-32' 不是写作 YYYY-MM-DD 的日期" in err
    history.write_text(text.replace("东城区税务局", "东城区税务所", 1), encoding="utf-8")
    status, _out, err = run(capsys, *rank_args(root))
    assert status == 2
    assert f"{history}: line 2.unit: 单位 '东城区税务所' 不在本次评选的单位中" in err


def test_a_quota_above_the_units_and_a_panel_mixing_units(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    campaign = root / "campaign.toml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace(
        "fraction = 0.9\nexpiring = 10", "places = 30"), encoding="utf-8")
    status, _out, err = run(capsys, *rank_args(root))
    assert status == 2
    # 32 units, 8 of them holders reviewed: 24 to rank
    assert f"{campaign}: $.quota.places: 名额为 30 个，多于参加排名的 24 个单位" in err
    files = [str(root / "assessments" / "01" / "2024-group1.toml"),
             str(root / "assessments" / "02" / "2024-group1.toml")]
    status, _out, err = run(capsys, "panel", *files, *RUBRICS)
    assert status == 2
    assert "$.unit: 此合议混用了不同的单位" in err


def test_whatif(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from campaign_fakes import WHATIF_ASSESSMENT, WHATIF_RUBRIC

    rubric, assessment = tmp_path / "r.toml", tmp_path / "a.toml"
    rubric.write_text(WHATIF_RUBRIC, encoding="utf-8")
    assessment.write_text(WHATIF_ASSESSMENT, encoding="utf-8")
    status, out, _err = run(capsys, "whatif", str(assessment), "--rubric", str(rubric))
    assert status == 0
    # tests/campaign/test_whatif.py: 8.5 now, 12 for the city level; 11 actions (r1, r2, s1,
    # six of s2, the tier, d); the fewest: fix r1 and meet d, 13.5
    assert out.splitlines()[:2] == ["差距分析：测试单位，目标：达到市级文明单位（12分）",
                                    "现有8.5分，还差3.5分；可挽回措施11项"]
    assert out.splitlines()[-1] == "最少2项措施（✓）可挽回5分，完成后总分13.5分"
    status, out, _err = run(capsys, "whatif", str(assessment), "--rubric", str(rubric),
                            "--format", "json", "--target", "16")
    assert json.loads(out)["total_after"] == "16"
    # a target already reached (8.5 ≥ 8): nothing to do, said so
    status, out, _err = run(capsys, "whatif", str(assessment), "--rubric", str(rubric),
                            "--target", "8")
    assert out.splitlines()[1] == "现有8.5分，已达到目标，无需补分"
    assert out.splitlines()[-1] == "可挽回措施11项，都不是达到目标所需的"
    assert "✓" not in out
    # both levels reached: no next level, and no --target
    rubric.write_text(WHATIF_RUBRIC.replace("min_total = 12", "min_total = 1")
                      .replace("min_total = 16", "min_total = 2"), encoding="utf-8")
    status, _out, err = run(capsys, "whatif", str(assessment), "--rubric", str(rubric))
    assert status == 2
    assert f"{assessment}: $: 没有更高的等级可达" in err
    status, _out, err = run(capsys, "--lang", "en", "whatif", str(assessment), "--rubric",
                            str(rubric))
    assert f"{assessment}: $: no next level to reach" in err


UNIT = CAMPAIGN / "assessments" / "01"


@pytest.mark.parametrize("target", ["campaign.toml", "history.csv", "rubric-2024.toml"])
def test_rank_refuses_an_output_naming_an_input(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                target: str) -> None:
    copy = tmp_path / "campaign"
    shutil.copytree(CAMPAIGN, copy)
    victim = copy / target
    before = victim.read_bytes()
    argv = ["rank", str(copy / "assessments"), "--campaign", str(copy / "campaign.toml"),
            "--history", str(copy / "history.csv"),
            "--rubric", str(copy / "rubric-2023.toml"), "--rubric", str(copy / "rubric-2024.toml"),
            "-o", str(victim)]
    status, _out, err = run(capsys, *argv)
    assert status == 2
    assert "Traceback" not in err
    assert victim.read_bytes() == before


def test_panel_and_whatif_refuse_an_output_naming_an_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = sorted(UNIT.glob("2024-*.toml"))[0]
    victim = tmp_path / first.name
    shutil.copy(first, victim)
    before = victim.read_bytes()
    for argv in (["panel", str(victim), *RUBRICS, "-o", str(victim)],
                 ["whatif", str(victim), "--rubric", str(CAMPAIGN / "rubric-2024.toml"),
                  "-o", str(victim)]):
        status, _out, err = run(capsys, *argv)
        assert status == 2, argv
        assert "Traceback" not in err
        assert victim.read_bytes() == before


def test_an_assessment_given_twice_is_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(UNIT.glob("2024-*.toml"))
    status, _out, err = run(capsys, "panel", *map(str, files), str(files[0]), *RUBRICS)
    assert status == 2
    assert "given twice" in err or "两次" in err
    # A copy of one assessor's file under another name: the assessor scored twice.
    copy = tmp_path / "copy.toml"
    shutil.copy(files[1], copy)
    status, _out, err = run(capsys, "panel", *map(str, files), str(copy), *RUBRICS)
    assert status == 2
    assert str(copy) in err or str(files[1]) in err


@pytest.mark.parametrize("option", [["--method", "trimmed", "--trim", "-1"], ["--trim", "1_0"],
                                    ["--places", "-3"], ["--places", "27"]])
def test_panel_options_out_of_range_are_usage_errors(capsys: pytest.CaptureFixture[str],
                                                     option: list[str]) -> None:
    files = sorted(UNIT.glob("2024-*.toml"))
    status, _out, err = run(capsys, "panel", *map(str, files), *RUBRICS, *option)
    assert status == 2
    assert "之间的整数，实为" in err  # in Chinese, as run() asks
    assert "Traceback" not in err


def test_a_campaign_with_too_many_places_is_refused(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    text = (CAMPAIGN / "campaign.toml").read_text(encoding="utf-8")
    assert "[panel]" in text
    changed = tmp_path / "campaign.toml"
    changed.write_text(text.replace("[panel]\n", "[panel]\nplaces = 27\n", 1), encoding="utf-8")
    argv = [*RANK]
    argv[argv.index("--campaign") + 1] = str(changed)
    status, _out, err = run(capsys, *argv)
    assert status == 2
    assert "$.panel.places" in err


def test_an_assessment_without_a_unit_is_refused(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "campaign"
    shutil.copytree(CAMPAIGN, copy)
    blank = copy / "assessments" / "01" / "2024-self.toml"
    text = blank.read_text(encoding="utf-8")
    start = text.index('\nunit = "')
    end = text.index("\n", start + 1)
    blank.write_text(text[:start] + '\nunit = ""' + text[end:], encoding="utf-8")
    argv = ["rank", str(copy / "assessments"), "--campaign", str(copy / "campaign.toml"),
            "--history", str(copy / "history.csv"), *RUBRICS]
    status, _out, err = run(capsys, *argv)
    assert status == 2
    assert f"{blank}: $.unit:" in err


def test_a_panel_too_small_for_the_options_names_the_option(
        capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(UNIT.glob("2024-*.toml"))  # five assessors: trimming 2 needs 6
    status, _out, err = run(capsys, "panel", *map(str, files), *RUBRICS, "--method", "trimmed",
                            "--trim", "2", "--small", "error")
    assert status == 2
    assert err.startswith("civscore: error: --small: ")
    assert "5人，不足6人去掉最高分和最低分" in err
    assert "<mapping>" not in err


def test_rank_writes_the_format_its_output_file_names(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    for name, starts in (("r.csv", "\ufeffrank,unit,"), ("r.json", "{"), ("r.md", "## "),
                         ("r.txt", "示例市2023—2024年度")):
        assert run(capsys, *RANK, "-o", str(tmp_path / name))[0] == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts), name
