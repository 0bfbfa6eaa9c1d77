"""The workbook route and the HTML report on the command line: template
--format xlsx, score sheet.xlsx, --format html (one unit or a batch); bad
workbooks exit 2 with the cell named, no traceback and nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from workbooks import ASSESSMENT, CLI_ENTRIES, RUBRIC, fill, locate

from civscore.files.loader import load_rubric
from civscore.scoring import rubric_hash


def civscore(*args: object, block_openpyxl: bool = False) -> subprocess.CompletedProcess[str]:
    """``civscore ARGS`` in a child (without openpyxl importable when
    ``block_openpyxl``); no run may print a traceback."""
    probe = ("import sys\n"
             + ("sys.modules['openpyxl'] = None\n" if block_openpyxl else "")
             + "from civscore.cli import main\nraise SystemExit(main(sys.argv[1:]))\n")
    proc = subprocess.run([sys.executable, "-c", probe, *map(str, args)], capture_output=True,
                          encoding="utf-8", timeout=120, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_template_fill_score(tmp_path: Path) -> None:
    """The README's three commands: template, fill (here by a program), score."""
    sheet = tmp_path / "sheet.xlsx"
    proc = civscore("template", RUBRIC, "--format", "xlsx", "-o", sheet)
    assert proc.returncode == 0, proc.stderr
    meta = openpyxl.load_workbook(sheet)["civscore"]
    assert (meta["B2"].value, meta["B3"].value) == ("example.full@2024",
                                                    rubric_hash(load_rubric(RUBRIC)))
    fill(sheet, CLI_ENTRIES)
    from_sheet = civscore("score", sheet, "--rubric", RUBRIC, "--format", "json")
    from_toml = civscore("score", ASSESSMENT, "--rubric", RUBRIC, "--format", "json")
    assert from_sheet.returncode == 0, from_sheet.stderr
    assert from_sheet.stdout == from_toml.stdout
    assert '"raw": "11.2"' in from_sheet.stdout  # by hand: tests/data/cli-assessment.toml


def test_template_from_an_assessment(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.xlsx"
    assert civscore("template", RUBRIC, "--format", "xlsx", "--from", ASSESSMENT,
                    "-o", sheet).returncode == 0
    assert openpyxl.load_workbook(sheet)["测评表"]["H11"].value == 1.5  # leadership.review


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_workbook_is_not_written_to_the_terminal() -> None:
    import pty  # POSIX only

    leader, follower = pty.openpty()  # standard output is a terminal
    try:
        proc = subprocess.run([sys.executable, "-m", "civscore", "template", str(RUBRIC),
                               "--format", "xlsx"], stdout=follower, stderr=subprocess.PIPE,
                              encoding="utf-8", timeout=120, check=False)
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert "-o FILE.xlsx" in proc.stderr


def test_a_workbook_goes_down_a_pipe_or_into_a_redirected_file(tmp_path: Path) -> None:
    # `civscore template … --format xlsx > sheet.xlsx` writes the workbook
    proc = subprocess.run([sys.executable, "-m", "civscore", "template", str(RUBRIC),
                           "--format", "xlsx"], capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    sheet = tmp_path / "piped.xlsx"
    sheet.write_bytes(proc.stdout)
    assert {"封面", "测评表"} <= set(openpyxl.load_workbook(sheet).sheetnames)


def test_without_the_extra_says_what_to_install(tmp_path: Path) -> None:
    proc = civscore("template", RUBRIC, "--format", "xlsx", "-o", tmp_path / "s.xlsx",
                    block_openpyxl=True)
    assert proc.returncode == 2
    assert "pip install 'civscore[xlsx]'" in proc.stderr
    assert not (tmp_path / "s.xlsx").exists()
    toml = civscore("score", ASSESSMENT, "--rubric", RUBRIC, block_openpyxl=True)
    assert toml.returncode == 0  # TOML needs no extra


def test_a_bad_workbook_exits_2_naming_the_cell_and_writes_nothing(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.xlsx"
    civscore("template", RUBRIC, "--format", "xlsx", "-o", sheet)
    fill(sheet, {**CLI_ENTRIES, ("测评表", "leadership.review", "测评结果"): 3.5})
    out = tmp_path / "report.html"
    proc = civscore("score", sheet, "--rubric", RUBRIC, "--format", "html", "-o", out)
    assert proc.returncode == 2
    assert f"{sheet}: 测评表!H11: 应不超过该项分值 2，实为 3.5" in proc.stderr
    assert not out.exists()


def test_html_report_and_batch(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.xlsx"
    assert civscore("template", RUBRIC, "--format", "xlsx", "-o", sheet).returncode == 0
    fill(sheet, CLI_ENTRIES)
    report = tmp_path / "report.html"
    assert civscore("score", ASSESSMENT, "--rubric", RUBRIC, "--format", "html",
                    "-o", report).returncode == 0
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "示例市某局 测评结果" in page
    batch = tmp_path / "batch.html"
    proc = civscore("score", ASSESSMENT, sheet, "--rubric", RUBRIC, "--format", "html",
                    "-o", batch)
    assert proc.returncode == 0, proc.stderr
    assert batch.read_text(encoding="utf-8").count('class="page unit"') == 2


def test_several_assessments_need_the_batch_report() -> None:
    proc = civscore("score", ASSESSMENT, ASSESSMENT, "--rubric", RUBRIC)
    assert proc.returncode == 2
    assert "--format html" in proc.stderr


def test_check_names_the_cells(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.xlsx"
    assert civscore("template", RUBRIC, "--format", "xlsx", "-o", sheet).returncode == 0
    fill(sheet, {**CLI_ENTRIES, ("测评表", "leadership.review", "测评结果"): 3.5})
    proc = civscore("check", sheet, "--rubric", RUBRIC)
    assert proc.returncode == 1
    assert f"{sheet} (示例市某局): 错误: 测评表!H11: " in proc.stdout
    fill(sheet, {("测评表", "leadership.review", "测评结果"): 1.5})
    assert civscore("check", sheet, "--rubric", RUBRIC).returncode == 0


def test_check_names_every_unreadable_cell(tmp_path: Path) -> None:
    """An assessor fixes a workbook in one go: ``check`` names each cell
    that cannot be read (text where a number goes, a tier that is not one,
    on the cover, an item's row and a rule's row under it), ``score`` the
    first; both exit 2, and the JSON report lists them."""
    sheet = tmp_path / "sheet.xlsx"
    assert civscore("template", RUBRIC, "--format", "xlsx", "-o", sheet).returncode == 0
    bad: dict[tuple[str, str, str], object] = {
        ("封面", "测评日期", ""): "去年", ("封面", "自评总分", ""): "很多",
        ("测评表", "leadership.plan#missed-meeting", "测评结果"): "好几次",
        ("测评表", "leadership.style", "测评结果"): "很好",
        ("测评表", "leadership.review", "测评结果"): "一分半"}
    fill(sheet, {**CLI_ENTRIES, **bad})
    book = openpyxl.load_workbook(sheet)
    cells = sorted(((name, *locate(book[name], key, header)) for name, key, header in bad),
                   key=lambda where: (where[0] != "封面", where[1]))
    expected = [f"{name}!{openpyxl.utils.get_column_letter(column)}{row}"
                for name, row, column in cells]
    proc = civscore("--lang", "en", "check", sheet, "--rubric", RUBRIC)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert all(line.startswith(f"civscore: error: {sheet}: ") for line in lines)
    assert [line.split(": ")[3] for line in lines] == expected, proc.stderr
    first = civscore("--lang", "en", "score", sheet, "--rubric", RUBRIC)
    assert first.returncode == 2
    assert first.stderr == lines[0] + "\n"
    report = civscore("check", sheet, "--rubric", RUBRIC, "--format", "json")
    assert [p["path"] for p in json.loads(report.stdout)[0]["problems"]] == expected


def test_a_workbook_of_a_rubric_not_installed_is_named_at_its_cell(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.xlsx"
    civscore("template", RUBRIC, "--format", "xlsx", "-o", sheet)
    fill(sheet, CLI_ENTRIES)
    for args in (("score", sheet), ("check", sheet), ("whatif", sheet)):
        zh, en = civscore(*args), civscore("--lang", "en", *args)
        assert (zh.returncode, en.returncode) == (2, 2), zh.stderr
        assert f"{sheet}: civscore!B2: 没有已安装的测评体系 'example.full@2024'" in zh.stderr
        assert f"{sheet}: civscore!B2: no installed rubric 'example.full@2024'" in en.stderr


def test_whatif_checks_a_workbook_naming_the_cell(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.xlsx"
    civscore("template", RUBRIC, "--format", "xlsx", "-o", sheet)
    fill(sheet, {**CLI_ENTRIES, ("测评表", "leadership.review", "测评结果"): 3.5})
    proc = civscore("whatif", sheet, "--rubric", RUBRIC)
    assert proc.returncode == 2
    assert f"{sheet}: 测评表!H11: 应不超过该项分值 2，实为 3.5" in proc.stderr


def test_an_old_xls_exits_2_and_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    old = tmp_path / "测评表.xls"
    old.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(512))
    out = tmp_path / "report.html"
    out.write_text("before", encoding="utf-8")
    zh = civscore("score", old, "--rubric", RUBRIC, "--format", "html", "-o", out)
    en = civscore("--lang", "en", "score", old, "--rubric", RUBRIC)
    assert (zh.returncode, en.returncode) == (2, 2)
    assert f"{old}: $: 是旧版 Excel 文件（.xls）或设了打开密码的工作簿" in zh.stderr
    assert f"{old}: $: is an old Excel file (.xls) or a workbook saved with a password" in en.stderr
    assert out.read_text(encoding="utf-8") == "before"
