"""The command line: every subcommand, format and documented exit status.

Most tests run ``python -m civscore`` as a subprocess, the way users do
(about 30 calls in all, ~0.3 s each); pure functions and the cases a
subprocess cannot reach (Ctrl-C, an encoding-less stdout) run in-process
through :func:`civscore.cli.main`.

Expected figures are computed by hand from the files: the 丹江口 report's
categories add up to 97 against its claimed 98 (seed 1); the test rubric's
worked example is in ``tests/data/cli-assessment.toml``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fakes import write_distribution, write_rubric_plugin

from civscore import cli
from civscore.cli.output import write_all_atomic
from civscore.files.loader import parse_toml, rubric_from_dict
from civscore.results.render import display_width

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
RUBRIC = DATA / "cli-rubric.toml"
ASSESSMENT = DATA / "cli-assessment.toml"
EXAMPLE = ROOT / "examples" / "danjiangkou-education-2010-2011.toml"
DOCS = ROOT / "docs" / "cli.md"


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read English messages (``LC_ALL=en_US.UTF-8``), in this
    process and in the subprocesses they run; tests/cli/test_languages.py
    reads the Chinese ones."""
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")


def civscore(*args: object, env: dict[str, str] | None = None,
             ) -> subprocess.CompletedProcess[str]:
    """Run ``python -m civscore ARGS``; no run may print a traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "civscore", *map(str, args)],
        capture_output=True, encoding="utf-8", env=env, timeout=120, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def scored_assessment(tmp_path: Path, extra: str = "", name: str = "a.toml") -> Path:
    """The test assessment with ``extra`` TOML appended."""
    path = tmp_path / name
    path.write_text(ASSESSMENT.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


# ------------------------------------------------------------------ usage


def test_version_runs_as_module() -> None:
    proc = civscore("--version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("civscore ")


def test_no_command_is_a_usage_error() -> None:
    proc = civscore()
    assert proc.returncode == 2
    assert "usage: civscore" in proc.stderr
    assert "COMMAND" in proc.stderr


def test_bad_option_value_is_a_usage_error() -> None:
    proc = civscore("score", EXAMPLE, "--fail-under", "lots")
    assert proc.returncode == 2
    assert "expected points such as 85" in proc.stderr


def test_help_lists_every_command_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in cli.COMMANDS:
        assert command.name in out
    for status in ("0 ", "1 ", "2 ", "130 "):
        assert f"\n  {status}" in out


# ------------------------------------------------------------------ rubrics


def test_rubrics_table() -> None:
    proc = civscore("rubrics")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["测评体系", "名称", "地区", "级别", "来源", "提供者"]
    row = next(line for line in lines if line.startswith("danjiangkou@2010-2011"))
    assert "丹江口市文明单位考核验收评分细则" in row
    assert "湖北省丹江口市（420381）" in row
    assert "quoted" in row
    # Columns line up by display width: each title cell starts where the header's does.
    start = display_width(lines[0][:lines[0].index("名称")])
    assert display_width(row[:row.index("丹江口市文明")]) == start


def test_rubrics_json() -> None:
    proc = civscore("rubrics", "--format", "json")
    assert proc.returncode == 0
    (entry,) = [e for e in json.loads(proc.stdout) if e["ref"] == "danjiangkou@2010-2011"]
    assert entry["locality"] == {"name": "丹江口市", "province": "湖北省", "code": "420381"}
    assert entry["level"] == "county"
    assert entry["provenance"] == "quoted"
    assert entry["provider"] == "danjiangkou"
    assert entry["distribution"] == "civscore-danjiangkou"
    assert entry["hash"].startswith("sha256:")


def test_rubrics_name_the_provenance_of_their_parts() -> None:
    rows = {line.split()[0]: line for line in civscore("rubrics").stdout.splitlines()[2:]}
    # national@2012: 学雷锋活动 14 = 4 + 4 + … read, the rest invented
    assert "illustrative（部分 quoted）" in rows["national@2012"]
    assert "illustrative（部分 official）" in rows["hefei@2013"]
    assert rows["ezhou@2017"].split()[-3] == "official"  # read throughout
    entries = {e["ref"]: e for e in json.loads(civscore("rubrics", "--format", "json").stdout)}
    assert entries["national@2012"]["provenance"] == "illustrative"
    assert entries["national@2012"]["part_provenances"] == ["quoted", "illustrative"]
    assert entries["danjiangkou@2010-2011"]["part_provenances"] == ["quoted"]


def test_show_marks_every_invented_point_of_the_national_system() -> None:
    out = civscore("show", "national@2012").stdout
    rows = [line for line in out.splitlines() if "直接赋分" in line or "子项合计" in line]
    marked = [row for row in rows if "※" in row]
    # 13 items and 3 sub-items; 学雷锋活动 and its two read contents are not marked
    assert (len(rows), len(marked)) == (16, 13)
    assert all("※" not in row for row in rows if "[leifeng]" in row or "[plan]" in row
               or "[code]" in row)
    assert "※ 示例分值" in out


def test_output_survives_a_stdout_that_cannot_encode_chinese(
        monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stdout)
    assert cli.main(["rubrics"]) == 0
    stdout.flush()
    assert "丹江口市" in raw.getvalue().decode("utf-8")


# ------------------------------------------------------------------ show


def test_show_installed_rubric() -> None:
    proc = civscore("show", "danjiangkou")
    assert proc.returncode == 0
    out = proc.stdout
    assert out.startswith("丹江口市文明单位考核验收评分细则\n")
    assert "danjiangkou@2010-2011" in out
    assert "civscore-danjiangkou 0.1.0" in out
    rows = [line for line in out.splitlines() if "[" in line and "direct" in line]
    assert len(rows) == 8
    # The points column is right-aligned by display width whatever the title's length.
    ends = {display_width(r[:r.index("直接赋分")].rstrip()) for r in rows}
    assert len(ends) == 1
    points = [r[:r.index("直接赋分")].split()[-1] for r in rows]
    assert points == ["15", "16", "13", "12", "9", "9", "8", "18"]


def test_show_file_has_every_part(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", str(RUBRIC)]) == 0
    out = capsys.readouterr().out
    for text in ("创建工作计划 [plan]", "扣分制 deduct",
                 "扣分 missed-meeting：专题会议少一次（最多扣1.5）", "-0.1~0.5",
                 "得分 session", "档次 fair：较好", "直接赋分 direct（步长0.5）",
                 "比例 >90%", "目标 95%，每低1个百分点扣1分", "达标得分 all_or_nothing",
                 "加分（上限2）", "national-honor：获全国表彰（组 honors）", "负面清单",
                 "一票否决", "criminal-case", "不得申报情形", "（回溯2年）", "前置条件",
                 "qualified：文明单位", "≥11", "每类得分率≥60%", "问卷调查", str(RUBRIC)):
        assert text in out, text
    # Sub-items are indented under their item.
    assert re.search(r"^  环境卫生 \[sanitation\]", out, re.M)
    assert re.search(r"^    办公区 \[office\]", out, re.M)


# ------------------------------------------------------------------ check


def test_check_rubrics_and_assessments() -> None:
    proc = civscore("check", "danjiangkou", RUBRIC, ASSESSMENT, "--rubric", RUBRIC)
    assert proc.returncode == 0
    out = proc.stdout
    assert "danjiangkou@2010-2011: rubric: 0 errors, 0 warnings, 0 info" in out
    assert f"{RUBRIC}: info: $.provenance:" in out
    assert f"{ASSESSMENT}: warning: $.claimed_total: claimed 12 but the items give 11.2" in out
    assert f"{ASSESSMENT}: warning: $.findings[0].claimed: claimed 5" in out


def test_check_error_finding_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(RUBRIC.read_text(encoding="utf-8").replace("total = 20", "total = 25"),
                   encoding="utf-8")
    proc = civscore("check", bad, "--format", "json")
    assert proc.returncode == 1
    (report,) = json.loads(proc.stdout)
    assert report["kind"] == "rubric"
    assert report["source"] == str(bad)
    (error,) = [f for f in report["findings"] if f["severity"] == "error"]
    assert error["code"] == "sum-total"
    assert error["path"] == "$.total"
    assert "add up to 20" in error["message"]


def test_check_assessment_error_finding(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    path = scored_assessment(tmp_path, '\n[[findings]]\ncriterion = "leadership.nope"\n')
    assert cli.main(["check", str(path), "--rubric", str(RUBRIC)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: error: $.findings[10].criterion: " in out


def test_check_reports_a_bad_target_and_goes_on(tmp_path: Path) -> None:
    proc = civscore("check", tmp_path / "missing.toml", "danjiangkou")
    assert proc.returncode == 2
    assert f"civscore: error: {tmp_path / 'missing.toml'}: $: no such file" in proc.stderr
    assert "danjiangkou@2010-2011: rubric:" in proc.stdout


# ------------------------------------------------------------------ score


def test_score_table() -> None:
    proc = civscore("score", EXAMPLE)
    assert proc.returncode == 0
    out = proc.stdout
    assert "被测评单位：丹江口市教育局" in out
    assert re.search(r"^总分\s+100\s+97\s+98\s+\+1$", out, re.M)
    assert "结果：未评定等次" in out
    assert proc.stderr == ""  # a quoted rubric: no warning


def test_score_json_with_level_and_warning() -> None:
    proc = civscore("score", ASSESSMENT, "--rubric", RUBRIC, "--format", "json")
    assert proc.returncode == 0
    card = json.loads(proc.stdout)
    assert card["level"] == "qualified"
    assert card["outcome"]["status"] == "awarded"
    assert card["total"]["raw"] == "11.2"
    assert card["total"]["rounded"] == "11.2"
    assert card["claimed_total"] == "12"
    assert card["rubric"]["id"] == "example.full"
    assert card["rubric"]["version"] == "2024"
    assert card["rubric"]["hash"].startswith("sha256:")
    assert {(d["path"], d["claimed"], d["computed"]) for d in card["discrepancies"]} == {
        ("leadership", "5", "4.2"), ("$.claimed_total", "12", "11.2")}
    assert card["audit"] == []  # only with --explain
    assert "civscore: warning: 测评体系 example.full@2024 为示例（illustrative）" in proc.stderr


def test_score_markdown() -> None:
    proc = civscore("score", EXAMPLE, "--format", "markdown")
    assert proc.returncode == 0
    assert proc.stdout.startswith("## 丹江口市文明单位考核验收评分细则\n")
    assert "| 总分 | 100 | 97 | 98 | +1 |" in proc.stdout


def test_score_csv() -> None:
    proc = civscore("score", EXAMPLE, "--format", "csv")
    assert proc.returncode == 0
    # A UTF-8 byte-order mark first, so that Excel on Chinese Windows reads UTF-8.
    assert proc.stdout.startswith("\ufeffpath,title,")
    rows = {r["path"]: r for r in csv.DictReader(io.StringIO(proc.stdout.removeprefix("\ufeff")))}
    assert rows["culture"]["score"] == "8"
    assert rows["culture"]["points"] == "9"
    assert rows["$total"]["score"] == "97"
    assert rows["$total"]["claimed"] == "98"


def test_score_csv_file_has_a_bom_unless_no_bom(tmp_path: Path) -> None:
    with_bom, without = tmp_path / "a.csv", tmp_path / "b.csv"
    assert civscore("score", EXAMPLE, "--format", "csv", "-o", str(with_bom)).returncode == 0
    assert civscore("score", EXAMPLE, "--format", "csv", "--no-bom",
                    "-o", str(without)).returncode == 0
    assert with_bom.read_bytes().startswith(b"\xef\xbb\xbfpath,")
    assert without.read_bytes().startswith(b"path,")
    assert with_bom.read_bytes()[3:] == without.read_bytes()
    assert "$total,总分," in with_bom.read_text(encoding="utf-8-sig")


def test_score_writes_the_format_its_output_file_names(tmp_path: Path) -> None:
    written = {}
    for name in ("card.json", "card.CSV", "card.md", "card.html", "card.txt"):
        assert civscore("score", EXAMPLE, "-o", str(tmp_path / name)).returncode == 0
        written[name] = (tmp_path / name).read_bytes()
    assert written["card.json"].startswith(b'{\n  "rubric": {')
    assert written["card.CSV"].startswith(b"\xef\xbb\xbfpath,")
    assert written["card.md"].startswith(b"## ")
    assert written["card.html"].startswith(b"<!DOCTYPE html>")
    assert written["card.txt"] == civscore("score", EXAMPLE).stdout.encode("utf-8")
    # --format, when given, wins over the name
    assert civscore("score", EXAMPLE, "--format", "json", "-o",
                    str(tmp_path / "card.html")).returncode == 0
    assert (tmp_path / "card.html").read_bytes() == written["card.json"]


def test_score_explain_to_file(tmp_path: Path) -> None:
    out = tmp_path / "card.txt"
    proc = civscore("score", ASSESSMENT, "--rubric", RUBRIC, "--explain", "-o", out)
    assert proc.returncode == 0
    assert proc.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "结果：达标，评定为“文明单位”" in text
    assert "距“文明单位标兵”（17分）还差 5.8 分" in text
    assert "-2.5  public.satisfaction" in text  # the largest loss comes first
    assert "计算记录：" in text
    assert [p.name for p in tmp_path.iterdir()] == ["card.txt"]  # no temporary left


def test_score_reads_each_file_once_and_checks_the_rubric_once(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    from civscore.checks import CheckSpec
    from civscore.plugins import builtin, default_registry

    checked: list[str] = []

    def counting(rubric: Any, _methods: object) -> list[object]:
        checked.append(rubric.ref)
        return []

    monkeypatch.setattr(builtin, "BUILTIN_CHECKS", (*builtin.BUILTIN_CHECKS,
                                                    CheckSpec("counting", counting)))
    opened: list[str] = []
    real_open = io.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and os.fspath(file).endswith(".toml"):
            opened.append(os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)  # what pathlib opens with
    monkeypatch.setattr("builtins.open", spy)
    monkeypatch.setenv("CIVSCORE_CACHE_DIR", str(tmp_path))
    for _run in ("without the plugin index", "with it"):
        default_registry.cache_clear()
        try:
            assert cli.main(["score", str(EXAMPLE)]) == 0
            assert cli.main(["score", str(ASSESSMENT), "--rubric", str(RUBRIC)]) == 0
        finally:
            default_registry.cache_clear()
        inputs = [path for path in opened if path in (str(EXAMPLE), str(ASSESSMENT), str(RUBRIC))]
        assert inputs == [str(EXAMPLE), str(ASSESSMENT), str(RUBRIC)]
        assert checked == ["danjiangkou@2010-2011", "example.full@2024"]
        opened.clear()
        checked.clear()


def test_score_imports_only_what_it_needs(tmp_path: Path) -> None:
    """With a current plugin index, ``civscore score`` reads no distribution's
    metadata and imports nothing only other commands, formats or ``-o`` need."""
    work = tmp_path / "work"  # the working directory is on sys.path: an old one
    work.mkdir()
    past = time.time() - 3600
    os.utime(work, (past, past))
    env = {k: v for k, v in os.environ.items() if k != "CIVSCORE_NO_CACHE"}
    env["CIVSCORE_CACHE_DIR"] = str(tmp_path / "cache")
    probe = ("import sys; before = set(sys.modules); from civscore.cli import main; "
             "status = main(sys.argv[1:]); "
             "sys.stderr.write(repr(sorted(set(sys.modules) - before))); raise SystemExit(status)")
    for _run in ("writes the index", "uses it"):
        proc = subprocess.run([sys.executable, "-c", probe, "score", str(EXAMPLE)], cwd=work,
                              env=env, capture_output=True, encoding="utf-8", timeout=120,
                              check=False)
        assert proc.returncode == 0, proc.stderr
    imported = set(ast.literal_eval(proc.stderr))
    assert "civscore.scoring" in imported
    assert not imported & {
        "importlib.metadata", "importlib.resources", "email", "zipfile",  # plugin discovery
        "pathlib", "tempfile", "shutil", "csv", "typing_extensions",
        "civscore.checks.diff", "civscore.plugins.overlay", "civscore_danjiangkou"}


def test_fail_under_exits_1() -> None:
    proc = civscore("score", ASSESSMENT, "--rubric", RUBRIC, "--fail-under", "11.3")
    assert proc.returncode == 1
    assert "total 11.2 is under 11.3 (--fail-under)" in proc.stderr
    assert "总分" in proc.stdout  # the scorecard is still printed


def test_fail_under_met_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["score", str(ASSESSMENT), "--rubric", str(RUBRIC),
                     "--fail-under", "11.2"]) == 0


def test_fail_on_discrepancy_exits_1() -> None:
    proc = civscore("score", EXAMPLE, "--fail-on-discrepancy", "--format", "json")
    assert proc.returncode == 1
    assert "claimed figure(s) differ" in proc.stderr
    assert "$.claimed_total" in proc.stderr
    assert json.loads(proc.stdout)["total"]["raw"] == "97"


def test_veto_is_reported_with_status_0(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    path = scored_assessment(tmp_path, '\n[[vetoes]]\nveto = "criminal-case"\n')
    assert cli.main(["score", str(path), "--rubric", str(RUBRIC)]) == 0
    out = capsys.readouterr().out
    assert "结果：一票否决（一票否决：员工发生刑事案件）" in out


def test_fail_on_veto_exits_1(tmp_path: Path) -> None:
    path = scored_assessment(tmp_path, '\n[[vetoes]]\nveto = "criminal-case"\n')
    proc = civscore("score", path, "--rubric", RUBRIC, "--fail-on-veto", "--format", "json")
    assert proc.returncode == 1
    assert "the outcome is vetoed" in proc.stderr
    card = json.loads(proc.stdout)
    assert card["level"] is None
    assert card["total"]["raw"] == "11.2"  # the score is still computed


def test_ineligible_fails_on_veto(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = scored_assessment(tmp_path, '\n[[bars]]\nbar = "accident"\ndate = 2023-06-01\n')
    assert cli.main(["score", str(path), "--rubric", str(RUBRIC), "--fail-on-veto"]) == 1
    assert "the outcome is ineligible" in capsys.readouterr().err



def _install_broken_plugin(tmp_path: Path) -> dict[str, str]:
    """An installed plugin (package and dist-info on PYTHONPATH) whose rubric
    file does not load; the environment that finds it."""
    write_rubric_plugin(tmp_path, "civscore_brokenfake",
                        'id = "brokenfake"\nversion = "1"\n[[categories]]\nid = "a"\n')
    write_distribution(tmp_path, "civscore_brokenfake")
    path = os.pathsep.join(p for p in (str(tmp_path), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


def test_a_broken_plugin_does_not_concern_scoring_with_another(tmp_path: Path) -> None:
    env = _install_broken_plugin(tmp_path)
    warning = "civscore: warning: civscore plugin 'brokenfake': "
    for strict in ("0", "1"):
        env["CIVSCORE_PLUGINS_STRICT"] = strict
        proc = civscore("score", EXAMPLE, env=env)  # only the rubric it names is loaded
        assert (proc.returncode, proc.stderr) == (0, "")
        assert "97" in proc.stdout
    # listing and checking load every installed rubric, and say what is wrong
    env["CIVSCORE_PLUGINS_STRICT"] = "0"
    for args in (["rubrics"], ["check", "danjiangkou@2010-2011"]):
        proc = civscore(*args, env=env)
        assert proc.returncode == 0
        assert warning in proc.stderr
        assert "rubric skipped" in proc.stderr
    env["CIVSCORE_PLUGINS_STRICT"] = "1"
    for args in (["rubrics"], ["check", "danjiangkou@2010-2011"]):
        proc = civscore(*args, env=env)
        assert proc.returncode == 2
        assert "civscore: error: civscore plugin 'brokenfake': " in proc.stderr


# ------------------------------------------------------------------ template


def test_template_refuses_an_existing_file(tmp_path: Path) -> None:
    """A blank form is not written over an existing file, which may be a
    filled-in assessment: exit 2, one line naming the file and --force, and
    the file as it was; --force overwrites it; /dev/null is no file to lose."""
    filled = tmp_path / "filled.toml"
    filled.write_text("# filled in by hand\n", encoding="utf-8")
    for fmt in ("toml", "xlsx"):
        proc = civscore("template", RUBRIC, "--format", fmt, "-o", filled)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1
        assert "Traceback" not in proc.stderr
        assert str(filled) in proc.stderr
        assert "--force" in proc.stderr
        assert filled.read_text(encoding="utf-8") == "# filled in by hand\n"
    proc = civscore("template", RUBRIC, "-o", filled, "--force")
    assert proc.returncode == 0, proc.stderr
    assert 'rubric = "example.full@2024"' in filled.read_text(encoding="utf-8")
    assert civscore("template", RUBRIC, "-o", os.devnull).returncode == 0


def test_template_filled_in_scores(tmp_path: Path) -> None:
    """Generate a template, fill it in the way an assessor would (uncomment
    each required entry, keep its example value: full marks; record the
    study sessions held), and score it."""
    blank = tmp_path / "blank.toml"
    assert civscore("template", RUBRIC, "-o", blank).returncode == 0
    text = blank.read_text(encoding="utf-8")
    filled = re.sub(r"^# ((?:tier|points|rate|met) = \S+)  # .*必填$", r"\1", text,
                    flags=re.M)
    filled = filled.replace('unit = ""', 'unit = "示例单位"')
    filled = filled.replace("standards = []", 'standards = [{ standard = "session", count = 4 }]')
    path = tmp_path / "filled.toml"
    path.write_text(filled, encoding="utf-8")
    proc = civscore("score", path, "--rubric", RUBRIC, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    card = json.loads(proc.stdout)
    assert card["unit"] == "示例单位"
    assert card["total"]["raw"] == "20"  # every item at full marks, no bonus
    assert card["level"] == "qualified"  # 标兵 also needs the city-title gate


def test_template_of_installed_rubric() -> None:
    proc = civscore("template", "danjiangkou")
    assert proc.returncode == 0
    assert 'rubric = "danjiangkou@2010-2011"' in proc.stdout
    assert len(re.findall(r"^\[\[findings\]\]$", proc.stdout, re.M)) == 8
    assert "# 领导班子：应得分 15，直接赋分（direct）" in proc.stdout


# ------------------------------------------------------------------ diff


def test_diff_text(tmp_path: Path) -> None:
    new = tmp_path / "new.toml"
    new.write_text(RUBRIC.read_text(encoding="utf-8")
                   .replace('version = "2024"', 'version = "2025"')
                   .replace("min_total = 11", "min_total = 12"), encoding="utf-8")
    proc = civscore("diff", RUBRIC, new)
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        "example.full@2024 → example.full@2025：2 处变化",
        '~ $.version："2024" → "2025"',
        "~ $.levels[qualified].min_total  文明单位：11 → 12（+1）",
    ]


def test_diff_json_same_rubric() -> None:
    proc = civscore("diff", "danjiangkou", "danjiangkou@2010-2011", "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"old": "danjiangkou@2010-2011",
                                       "new": "danjiangkou@2010-2011", "changes": []}


# ------------------------------------------------------------------ schema


def test_schema_command_prints_the_shipped_schema() -> None:
    proc = civscore("schema", "assessment")
    assert proc.returncode == 0
    shipped = ROOT / "src" / "civscore" / "files" / "schemas" / "assessment.schema.json"
    assert proc.stdout == shipped.read_text(encoding="utf-8")


def test_schema_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "result.schema.json"
    assert cli.main(["schema", "result", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["$ref"] == "#/$defs/Scorecard"


# ------------------------------------------------------------------ bad input: status 2


def test_malformed_toml(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('rubric = "danjiangkou@2010-2011"\nunit = \n', encoding="utf-8")
    proc = civscore("score", path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"civscore: error: {path}: $: is not valid TOML")
    assert "line 2" in proc.stderr


def test_unknown_key(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace("claimed = 16", "claimd = 16"),
                    encoding="utf-8")
    proc = civscore("score", path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"civscore: error: {path}: $.findings[1].claimd: unknown key")
    assert "did you mean 'claimed'?" in proc.stderr


def test_gbk_file_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    proc = civscore("score", path)
    assert proc.returncode == 2
    assert f"civscore: error: {path}: $: is encoded in GBK/GB18030" in proc.stderr
    assert "--encoding gb18030" in proc.stderr


def test_gbk_file_with_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    proc = civscore("score", path, "--encoding", "gb18030")
    assert proc.returncode == 0
    assert "丹江口市教育局" in proc.stdout


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    proc = civscore("check", path)
    assert proc.returncode == 0
    assert f"{path}: assessment: 0 errors, 2 warnings" in proc.stdout


def test_missing_file(tmp_path: Path) -> None:
    proc = civscore("score", tmp_path / "nope.toml")
    assert proc.returncode == 2
    assert proc.stderr == (
        f"civscore: error: {tmp_path / 'nope.toml'}: $: no such file; check the path\n")


def test_unknown_rubric_id() -> None:
    proc = civscore("show", "atlantis@1999")
    assert proc.returncode == 2
    assert "civscore: error: no installed rubric 'atlantis@1999'" in proc.stderr
    assert "danjiangkou@2010-2011" in proc.stderr  # it lists what is installed


def test_assessment_naming_an_unknown_rubric(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "danjiangkou@2010-2011", "atlantis@1999"), encoding="utf-8")
    proc = civscore("score", path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"civscore: error: {path}: $.rubric: no installed rubric")
    assert "--rubric FILE" in proc.stderr


def test_assessment_that_does_not_fit_names_file_and_path(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace("points = 16", "points = 17"),
                    encoding="utf-8")
    assert cli.main(["score", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"civscore: error: {path}: $.findings[1].points: must be at most")


def test_error_leaves_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "card.json"
    out.write_text("previous", encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text("rubric = [", encoding="utf-8")
    proc = civscore("score", bad, "-o", out)
    assert proc.returncode == 2
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml", "card.json"]


def test_rubric_file_that_is_an_assessment(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", str(EXAMPLE)]) == 2
    assert "$.rubric: is an assessment of 'danjiangkou@2010-2011', not a rubric" in (
        capsys.readouterr().err)


def test_an_assessment_without_its_rubric_is_taken_as_an_assessment(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file with findings or a unit but no ``rubric`` key is an assessment
    that forgot its rubric, not a rubric with stray keys: ``check`` names the
    missing key, and given where a rubric goes it is refused as an
    assessment, in one line."""
    bad = tmp_path / "no-rubric.toml"
    bad.write_text('unit = "某单位"\n\n[[findings]]\ncriterion = "a"\n', encoding="utf-8")
    assert cli.main(["--lang", "en", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"civscore: error: {bad}: $: missing required key 'rubric'"), err
    assert "Rubric" not in err
    for argv in (["show", str(bad)], ["score", str(EXAMPLE), "--rubric", str(bad)]):
        assert cli.main(["--lang", "en", *argv]) == 2
        err = capsys.readouterr().err
        assert err == (f"civscore: error: {bad}: $.findings: is an assessment (it has "
                       "findings), not a rubric; give a rubric file or an installed rubric "
                       "id\n"), err


def test_a_rubric_where_an_assessment_goes(capsys: pytest.CaptureFixture[str]) -> None:
    """A rubric file scored is named as a rubric, not as an assessment with
    stray keys."""
    assert cli.main(["--lang", "en", "score", str(RUBRIC)]) == 2
    assert capsys.readouterr().err == (
        f"civscore: error: {RUBRIC}: $.categories: is a rubric (it has categories and names no "
        "rubric), not an assessment: give the assessment, or see the rubric with 'civscore show "
        "FILE'\n")


def test_a_campaign_file_where_a_rubric_or_an_assessment_goes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A campaign file is named as one, with the commands that take it."""
    campaign = tmp_path / "campaign.toml"
    campaign.write_text('id = "c"\ntitle = "评选"\naward = "文明单位"\nyear = 2024\n'
                        'rubric = "danjiangkou@2010-2011"\n', encoding="utf-8")
    for argv, what in ((["check", str(campaign)], "a rubric or an assessment"),
                       (["show", str(campaign)], "a rubric"),
                       (["score", str(campaign)], "an assessment"),
                       (["score", str(EXAMPLE), "--rubric", str(campaign)], "a rubric")):
        assert cli.main(["--lang", "en", *argv]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"civscore: error: {campaign}: $.award: is a campaign file (it has "
                              f"award and year), not {what}: give it to 'civscore rank' or "
                              "'civscore review' as --campaign FILE"), err
        assert err.count("\n") == 1


def test_unwritable_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "no-such-dir" / "x.json"
    assert cli.main(["schema", "rubric", "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"civscore: error: {out}: cannot write:")


def test_keyboard_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(_text: str, _path: str | None) -> None:
        raise KeyboardInterrupt

    from civscore.cli import schema

    monkeypatch.setattr(schema, "write_output", interrupted)
    assert cli.main(["schema", "rubric"]) == 130
    assert capsys.readouterr().err == "civscore: interrupted\n"


# ------------------------------------------------------------------ write_atomic


def test_write_atomic_replaces_whole_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    cli.write_atomic(target, "新内容\n")
    assert target.read_bytes() == "新内容\n".encode()
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_failure_leaves_no_temporary(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def fail(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(cli.CivscoreError, match="cannot write: No space left on device"):
        cli.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_all_atomic_writes_none_when_one_fails(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The second target's directory is missing: the first is not written
    either (checked first); the disk full at the second: no temporary left."""
    first, second = tmp_path / "a.txt", tmp_path / "no-such-dir" / "b.txt"
    with pytest.raises(cli.CivscoreError, match=r"b\.txt: cannot write: the directory does "
                       "not exist, create it first"):
        write_all_atomic([(first, "1"), (second, "2")])
    assert [p.name for p in tmp_path.iterdir()] == []
    calls = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    first.write_text("old", encoding="utf-8")
    with pytest.raises(cli.CivscoreError, match=r"b\.txt: cannot write: No space left on device"):
        write_all_atomic([(first, "new"), (tmp_path / "b.txt", "2")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert first.read_text(encoding="utf-8") == "old"
    monkeypatch.undo()
    write_all_atomic([(first, "new"), (tmp_path / "b.txt", "2")])
    assert (first.read_text(encoding="utf-8"), (tmp_path / "b.txt").read_text(encoding="utf-8")
            ) == ("new", "2")


# ------------------------------------------------------------------ docs/cli.md


def test_docs_reference_is_current() -> None:
    document = DOCS.read_text(encoding="utf-8")
    fix = ("docs/cli.md is stale; regenerate its reference section with\n"
           "  python -c \"import pathlib, civscore.cli as c; p = pathlib.Path('docs/cli.md'); "
           "p.write_text(c.update_reference(p.read_text('utf-8')), 'utf-8')\"")
    assert cli.update_reference(document) == document, fix


def test_docs_name_every_command_and_option() -> None:
    document = DOCS.read_text(encoding="utf-8")
    parser = cli.build_parser()
    for command in cli.COMMANDS:
        assert f"### `civscore {command.name}`" in document
    for action in parser._actions:
        for option in action.option_strings:
            if option not in ("-h", "--help"):
                assert f"`{option}" in document, option
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for child in sub.choices.values():
        for action in child._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert f"`{option}" in document, option
    for status in ("0", "1", "2", "130"):
        assert f"\n  {status} " in document


def test_output_to_a_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    assert cli.main(["score", str(EXAMPLE), "--format", "csv", "-o", str(fifo)]) == 0
    out, _ = reader.communicate(timeout=30)
    assert b"$total" in out
    assert fifo.is_fifo()  # still a pipe, not a regular file put in its place


def test_scoring_against_an_inconsistent_rubric_warns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = (ROOT / "plugins" / "civscore-danjiangkou" / "src" / "civscore_danjiangkou" /
              "rubrics" / "danjiangkou-2010-2011.toml").read_text(encoding="utf-8")
    broken = tmp_path / "r.toml"
    # 领导班子 15 → 14: the categories add up to 99, not the declared 100.
    broken.write_text(rubric.replace("points = 15", "points = 14", 1), encoding="utf-8")
    assessment = tmp_path / "a.toml"
    assessment.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "points = 15\nclaimed = 15", "points = 14\nclaimed = 15"), encoding="utf-8")
    assert cli.main(["score", str(assessment), "--rubric", str(broken), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    # 14 + the other categories' 85 = 99, said once on stderr and kept in the result.
    said = ("测评体系 danjiangkou@2010-2011 自身不一致，此得分可能有误：$.total："
            "各类别分值合计 99，不等于所定总分 100；请修改某类别的分值或总分 [sum-total]")
    assert err.count("[sum-total]") == 1
    assert f"civscore: warning: {said}" in err
    assert said in json.loads(out)["warnings"]
    # Two units of one rubric in a batch report: the rubric's warning is said once.
    second = tmp_path / "b.toml"
    second.write_text(assessment.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["score", str(assessment), str(second), "--rubric", str(broken),
                     "--format", "html", "-o", str(tmp_path / "out.html")]) == 0
    assert capsys.readouterr().err.count("[sum-total]") == 1


def _without(finding: str) -> str:
    """The test assessment less the finding of the item at ``finding``."""
    blocks = ASSESSMENT.read_text(encoding="utf-8").split("\n\n")
    return "\n\n".join(b for b in blocks if f'criterion = "{finding}"\n' not in b + "\n")


def test_require_all_refuses_an_item_without_a_finding(tmp_path: Path) -> None:
    # Every item of the test assessment has its finding: --require-all passes.
    assert civscore("score", ASSESSMENT, "--rubric", RUBRIC, "--require-all").returncode == 0
    path = tmp_path / "a.toml"
    path.write_text(_without("leadership.plan"), encoding="utf-8")
    out = tmp_path / "card.txt"
    proc = civscore("score", path, "--rubric", RUBRIC, "--require-all", "-o", out)
    assert proc.returncode == 2
    assert f"{path}: $.findings: leadership.plan: 未评" in proc.stderr
    assert not out.exists()  # nothing half-written
    # Without the option the rubric's policy (full) scores the plan 2 of 2.
    proc = civscore("score", path, "--rubric", RUBRIC, "--format", "csv")
    assert proc.returncode == 0
    assert "leadership.plan,创建工作计划,2,2,2,,false,illustrative,false" in proc.stdout


def test_score_exits_3_when_nothing_is_assessable(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    findings = "".join(f'\n[[findings]]\ncriterion = "{c}"\nnot_applicable = true\n'
                       f'reason = "本单位无此项"\n' for c in ("leadership", "public",
                                                             "environment"))
    path.write_text('rubric = "example.full@2024"\nunit = "某单位"\n' + findings,
                    encoding="utf-8")
    proc = civscore("score", path, "--rubric", RUBRIC)
    assert proc.returncode == 3
    assert "结果：未能测评（所有测评项目均不适用，未能测评）" in proc.stdout
    proc = civscore("score", path, "--rubric", RUBRIC, "--fail-under", "1")
    assert proc.returncode == 1  # a --fail-* condition that holds says 1


def test_show_gives_a_limiting_rule_its_limit() -> None:
    text = RUBRIC.read_text(encoding="utf-8").replace(
        '{ id = "no-plan", text = "无年度计划", deduct = 1 },',
        '{ id = "no-plan", text = "无年度计划的，本项最高得1分", at_most = 1 },')
    shown = cli.render_rubric(rubric_from_dict(parse_toml(text)))
    assert re.search(r"≤1\s+扣分 no-plan：无年度计划的，本项最高得1分", shown), shown


def test_the_reference_shows_required_options_without_brackets() -> None:
    reference = cli.markdown_reference()
    assert ("civscore review DIR [DIR ...] --campaign FILE --history FILE [--rubric FILE]"
            in reference)
    assert "[--campaign FILE]" not in reference.split("### `civscore rank`")[1].split("###")[0]


def test_a_batch_names_the_file_of_each_warning(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    early = tmp_path / "early.toml"  # dated years before the 2010–2011 rubric's period
    early.write_text(text.replace('unit = "丹江口市教育局"',
                                  'unit = "另一单位"\nassessed_on = 2001-06-30'), encoding="utf-8")
    proc = civscore("score", EXAMPLE, early, "--format", "html", "-o", tmp_path / "batch.html",
                    "--no-font")
    assert proc.returncode == 0, proc.stderr
    said = [line for line in proc.stderr.splitlines() if "$.assessed_on" in line]
    assert len(said) == 1
    assert said[0].startswith(f"civscore: warning: {early}: $.assessed_on: ")


def test_an_empty_output_name_is_refused() -> None:
    proc = civscore("score", EXAMPLE, "-o", "", env={**os.environ, "LC_ALL": "en_US.UTF-8"})
    assert proc.returncode == 2
    assert proc.stderr == ("civscore: error: -o names no file; give a file name, or - for "
                           "standard output\n")
