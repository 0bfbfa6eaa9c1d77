"""One language per output: Chinese by default, English with ``--lang en``
or an English locale; the two catalogues hold the same messages."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from civscore import cli
from civscore.messages import CATALOGUES, language, language_from_environment, message

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_the_catalogues_have_the_same_ids_and_fields() -> None:
    zh, en = CATALOGUES["zh"], CATALOGUES["en"]
    assert set(zh) == set(en)
    # Chinese needs no plural ending ({s}); otherwise the same fields
    assert {k: _fields(v) for k, v in zh.items()} == {k: _fields(v) - {"s"}
                                                      for k, v in en.items()}


@pytest.mark.parametrize(("env", "lang"), [
    ({}, "zh"), ({"LANG": "C.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB"}, "en"), ({"LC_ALL": "", "LANG": "en"}, "en"),
    ({"LC_MESSAGES": "zh_TW", "LANG": "en_US"}, "zh")])
def test_the_locale_chooses(env: dict[str, str], lang: str) -> None:
    assert language_from_environment(env) == lang


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


def test_message_falls_back_to_nothing_unknown() -> None:
    with pytest.raises(KeyError):
        message("no.such.message")
