"""The command line reads JSON rubrics and assessments as it reads TOML ones.

``ASSESSMENT_JSON`` is ``tests/data/cli-assessment.toml`` written in JSON by
hand; its total, 11.2, is worked out in that file's header.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civscore import cli

DATA = Path(__file__).resolve().parents[1] / "data"

ASSESSMENT_JSON = """\
{
  "format": 1, "rubric": "example.full@2024", "unit": "示例市某局", "period": "2024",
  "assessed_on": "2024-12-01", "claimed_total": 12,
  "findings": [
    {"criterion": "leadership", "claimed": 5},
    {"criterion": "leadership.plan", "hits": [
      {"rule": "missed-meeting", "count": 4},
      {"rule": "vague", "deduct": 0.3, "note": "计划未列出时间表"}]},
    {"criterion": "leadership.study", "standards": [{"standard": "session", "count": 3}]},
    {"criterion": "leadership.style", "tier": "fair"},
    {"criterion": "leadership.review", "points": 1.5},
    {"criterion": "public.awareness", "rate": 85},
    {"criterion": "public.satisfaction", "rate": 92.5},
    {"criterion": "environment.sanitation", "hits": [{"rule": "litter"}]},
    {"criterion": "environment.sanitation.office", "met": true},
    {"criterion": "environment.sanitation.yard", "points": 1}
  ],
  "bonus": [{"item": "national-honor"}, {"item": "provincial-honor"},
            {"item": "volunteer", "count": 3}],
  "penalties": [{"item": "complaint"}],
  "bars": [{"bar": "accident", "date": "2020-05-01"}]
}
"""


def test_score_reads_a_json_assessment(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       ) -> None:
    path = tmp_path / "a.json"
    path.write_text(ASSESSMENT_JSON, encoding="utf-8")
    status = cli.main(["score", str(path), "--rubric", str(DATA / "cli-rubric.toml"),
                       "--format", "json"])
    assert status == 0
    card = json.loads(capsys.readouterr().out)
    assert card["total"]["raw"] == "11.2"
    assert card["outcome"]["level"] == "qualified"  # 文明单位, min_total 11


def test_check_places_a_json_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "upload"  # no suffix: the text says it is JSON
    path.write_text(ASSESSMENT_JSON.replace('"rate": 85', '"rate": NaN'), encoding="utf-8")
    status = cli.main(["check", str(path), "--rubric", str(DATA / "cli-rubric.toml")])
    assert status == 2
    err = capsys.readouterr().err
    # line 12: '    {"criterion": "public.awareness", "rate": NaN},'
    assert f"{path}: $.findings[5].rate: " in err
    assert "（第 12 行第 39 列）" in err  # the place in the output's language


def test_check_json_gives_the_error_as_data(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.json"
    path.write_text(ASSESSMENT_JSON.replace('"unit"', '"unti"'), encoding="utf-8")
    status = cli.main(["--lang", "en", "check", str(path), "--rubric",
                       str(DATA / "cli-rubric.toml"), "--format", "json"])
    assert status == 2
    (entry,) = json.loads(capsys.readouterr().out)
    # line 2: '  "format": 1, "rubric": "example.full@2024", "unti": …'
    assert entry["problem"] == {
        "code": "unknown-key", "path": "$.unti", "source": str(path), "line": 2,
        "column": 47, "message": entry["problem"]["message"]}
    assert entry["problem"]["message"].startswith("unknown key 'unti' in Assessment")


def test_a_directory_gives_its_json_assessments_not_excel_lock_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "unit"
    folder.mkdir()
    (folder / "a.json").write_text(ASSESSMENT_JSON, encoding="utf-8")
    (folder / "~$sheet.xlsx").write_bytes(b"\x00Excel owner file")  # Excel's lock file
    (folder / "notes.txt").write_text("not an assessment", encoding="utf-8")
    status = cli.main(["panel", str(folder), "--rubric", str(DATA / "cli-rubric.toml"),
                       "--format", "json"])
    assert status == 0, capsys.readouterr().err
    panel = json.loads(capsys.readouterr().out)
    # one assessor's scorecard, as the JSON file scores alone (11.2)
    assert panel["total_raw"] == "11.2"
