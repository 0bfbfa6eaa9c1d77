"""The command line with a rubric of indicators without points
(``tests/data/indicators.toml``) and the overlay that weights it
(``indicators-overlay.toml``): shown, listed and checked; scoring it, or a
blank assessment of it, refused with exit status 2; scored through the
overlay when a plugin installs both."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from fakes import run_civscore, write_code_plugin

from civscore import cli

DATA = Path(__file__).resolve().parents[1] / "data"
BASE = DATA / "indicators.toml"
OVERLAY = DATA / "indicators-overlay.toml"
REFUSAL = ("测评体系 example.indicators@2020 只列测评指标、不设分值，不能直接评分；"
           "请通过为各指标赋分的省级叠加（overlay）评分")

PLUGIN = """\
import civscore
from civscore import RubricSpec


@civscore.hookimpl
def civscore_rubrics():
    return [RubricSpec(package=__name__, resource="indicators.toml"),
            RubricSpec(package=__name__, resource="indicators-overlay.toml")]
"""


def assessment(tmp_path: Path, rubric: str, findings: str = "") -> Path:
    path = tmp_path / f"{rubric.partition('@')[0]}.toml"
    path.write_text(f'format = 1\nrubric = "{rubric}"\nunit = "示例单位"\nperiod = "2021"\n'
                    f"assessed_on = 2021-12-01\n{findings}", encoding="utf-8")
    return path


def test_show_marks_every_indicator_and_the_total_unweighted(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", str(BASE)]) == 0
    out = capsys.readouterr().out
    assert "满分      未赋分（只列测评指标，各指标的分值由叠加 overlay 赋予；不能直接评分）" in out
    rows = [line.split() for line in out.splitlines() if "[" in line]
    assert [row[-2:] if len(row) > 3 else row[-1:] for row in rows] == [
        ["未赋分", "材料审核"], ["未赋分"], ["未赋分", "材料审核"], ["未赋分", "实地考察"],
        ["未赋分", "实地考察"]]
    assert "crime：员工发生刑事案件（回溯2年）" in out


def test_check_finds_no_error_and_says_why_nothing_is_scored(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(BASE)]) == 0
    out = capsys.readouterr().out
    assert "$.weighted: 只列测评指标、不设分值（weighted = false）" in out
    assert "错误 0 项" in out


def test_scoring_and_a_blank_assessment_are_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = assessment(tmp_path, "example.indicators@2020")
    written = tmp_path / "blank.toml"
    for args in (["score", str(path), "--rubric", str(BASE)],
                 ["template", str(BASE), "-o", str(written)]):
        assert cli.main(args) == 2
        err = capsys.readouterr().err
        assert err == f"civscore: error: {BASE}: $.weighted: {REFUSAL}\n"
    assert not written.exists()


def test_an_installed_base_and_overlay_list_and_score(tmp_path: Path) -> None:
    package = write_code_plugin(tmp_path, "civscore_indicatorsfake", PLUGIN)
    for source in (BASE, OVERLAY):
        shutil.copy(source, package / source.name)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(tmp_path), os.environ.get("PYTHONPATH")) if p)}
    env.pop("LC_ALL", None)
    env.pop("LANG", None)
    listed = {e["ref"]: e for e in json.loads(
        run_civscore("rubrics", "--format", "json", env=env).stdout)}
    assert listed["example.indicators@2020"]["weighted"] is False
    assert listed["example.province@2021"]["weighted"] is True
    assert listed["example.province@2021"]["extends"] == "example.indicators@2020"
    table = run_civscore("rubrics", env=env).stdout
    assert "示例文明单位测评体系（只列测评指标）（测评指标，未赋分）" in table
    assert "示例省文明单位测评体系（示例赋分）（测评指标" not in table
    refused = run_civscore("score", assessment(tmp_path, "example.indicators@2020"), env=env)
    assert refused.returncode == 2
    assert REFUSAL in refused.stderr
    # 3 (no deduction) + 1.5 (both standards) + 2.5 (好) + 2.5 (entered) = 9.5 ≥ 8.5
    scored = run_civscore("score", "--format", "json", assessment(tmp_path,
        "example.province@2021", """
[[findings]]
criterion = "organization"
hits = []

[[findings]]
criterion = "volunteer.team"
standards = [{ standard = "registered" }, { standard = "squad" }]

[[findings]]
criterion = "volunteer.activities"
tier = "good"

[[findings]]
criterion = "environment"
points = 2.5
"""), env=env)
    assert scored.returncode == 0, scored.stderr
    card = json.loads(scored.stdout)
    assert card["total"]["raw"] == "9.5"
    assert card["outcome"]["level"] == "provincial"
