"""The font embedded in the HTML report (civscore.results.fonts): a subset
holding exactly the page's characters, its licence records kept, the same
bytes on every run, and a clear error for a font that cannot be embedded.

The fonts are made by tests/fontmaker.py, so these tests need no font
installed; one test reads the system's Noto Sans CJK when it is there."""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import attrs
import pytest

import civscore
from civscore import cli
from civscore.exceptions import FontError, MissingExtraError
from civscore.files.loader import load_assessment, load_rubric
from civscore.results import Scorecard, fonts
from civscore.results.html import STYLE, render_html, render_html_batch

pytest.importorskip("fontTools", reason="the extra fonts (fontTools) is not installed")
pytest.importorskip("brotli", reason="the extra fonts (Brotli, for WOFF2) is not installed")

from fontmaker import COPYRIGHT, LICENCE, MODIFIED, save_collection, save_font
from fontTools.ttLib import TTFont

DATA = Path(__file__).resolve().parents[1] / "data"
ASSESSMENT = DATA / "cli-assessment.toml"
RUBRIC = DATA / "cli-rubric.toml"
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
ASCII = {chr(c) for c in range(0x20, 0x7F)}
FACE = re.compile(r'@font-face \{ font-family: "civscore-cjk"; font-display: block; '
                  r'src: url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\); \}')


@pytest.fixture(scope="module")
def card() -> Scorecard:
    return civscore.score(load_rubric(RUBRIC), load_assessment(ASSESSMENT))


@pytest.fixture
def font(tmp_path: Path, card: Scorecard) -> Path:
    """A font with every character of the card's page, of the batch report of
    it and a second unit (:func:`_batch`), and of ASCII."""
    return save_font(tmp_path / "page.ttf", render_html(card, font=False)
                     + render_html_batch(_batch(card), font=False) + "".join(sorted(ASCII)))


def _batch(card: Scorecard) -> list[Scorecard]:
    return [card, attrs.evolve(card, unit="示例市第二局")]


def _embedded(page: str) -> TTFont:
    found = FACE.findall(page)
    assert len(found) == 1, "one @font-face"
    data = base64.b64decode(found[0])
    assert data.startswith(b"wOF2")
    return TTFont(io.BytesIO(data))


def _names(face: TTFont) -> dict[int, str]:
    return {r.nameID: r.toUnicode() for r in face["name"].names if r.platformID == 3}


def test_the_subset_holds_exactly_the_pages_characters(card: Scorecard, font: Path) -> None:
    page = render_html(card, font=font)
    used = {c for c in page if c > "\x7f"}
    assert {"测", "评", "结", "果", "领", "导", "班", "子", "："} <= used  # 测评结果, 领导班子
    cmap = set(map(chr, _embedded(page).getBestCmap()))
    assert cmap == used | ASCII  # every character on the page, nothing else
    assert page.index("@font-face") < page.index("body { font-family: \"civscore-cjk\"")


def test_the_subset_keeps_the_licence_and_the_fonts_dates(card: Scorecard, font: Path) -> None:
    face = _embedded(render_html(card, font=font))
    names = _names(face)
    assert names[0] == COPYRIGHT
    assert names[13] == LICENCE
    assert names[1] == "Test Sans SC"
    assert face["head"].modified == MODIFIED  # the font's own, not the time of writing


def test_same_inputs_give_the_same_bytes(tmp_path: Path, font: Path) -> None:
    """Two runs of the command in processes of their own (nothing cached), a
    minute's worth of SOURCE_DATE_EPOCH apart."""
    outputs = []
    for n, epoch in enumerate(("1700000000", "1700000060")):
        out = tmp_path / f"report{n}.html"
        subprocess.run([sys.executable, "-m", "civscore", "score", str(ASSESSMENT), "--rubric",
                        str(RUBRIC), "--format", "html", "--font", str(font), "-o", str(out)],
                       check=True, env={**os.environ, "SOURCE_DATE_EPOCH": epoch})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"@font-face" in outputs[0]


def test_a_batch_report_embeds_one_face(card: Scorecard, font: Path) -> None:
    page = render_html_batch(_batch(card), font=font)
    cmap = set(map(chr, _embedded(page).getBestCmap()))
    assert {"第", "二", "汇", "总"} <= cmap  # 示例市第二局, the summary's 测评结果汇总
    assert cmap == {c for c in page if c > "\x7f"} | ASCII


def test_a_collection_gives_its_simplified_chinese_face(tmp_path: Path, card: Scorecard) -> None:
    chars = render_html(card, font=False)
    path = save_collection(tmp_path / "cjk.ttc", [
        ("Test Sans JP", chars), ("Test Sans Mono SC", chars), ("Test Sans SC", chars),
        ("Test Sans TC", chars)])
    assert _names(_embedded(render_html(card, font=path)))[1] == "Test Sans SC"
    # a face given by its index is used as it is
    given = fonts.FontFile(path, 3)
    assert _names(_embedded(render_html(card, font=given)))[1] == "Test Sans TC"


def test_a_collection_face_that_covers_the_page_wins(tmp_path: Path, card: Scorecard) -> None:
    chars = render_html(card, font=False)
    path = save_collection(tmp_path / "cjk.ttc", [
        ("Test Sans SC", "ABC"), ("Test Sans JP", chars)])
    assert _names(_embedded(render_html(card, font=path)))[1] == "Test Sans JP"


def test_the_system_noto_font(card: Scorecard) -> None:
    if not NOTO.is_file():
        pytest.skip(f"no {NOTO} (apt-get install fonts-noto-cjk)")
    face = _embedded(render_html(card, font=NOTO))
    names = _names(face)
    assert names[1] == "Noto Sans CJK SC"  # the collection's face for Simplified Chinese
    assert "SIL Open Font License" in names[13]
    assert {"测", "评"} <= set(map(chr, face.getBestCmap()))


def test_no_font_leaves_the_stack_alone(card: Scorecard) -> None:
    page = render_html(card, font=False)
    assert "@font-face" not in page
    assert STYLE in page
    assert '"civscore-cjk", "Noto Sans CJK SC"' in STYLE
    assert fonts.FAMILY == "civscore-cjk"


@pytest.mark.parametrize(("content", "expected"), [
    (None, "no such font file; check the path"),
    (b"not a font at all", "not a font file that can be read (TTLibError: "),
])
def test_a_bad_font_is_refused(tmp_path: Path, card: Scorecard, content: bytes | None,
                               expected: str) -> None:
    path = tmp_path / "font.ttf"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(FontError) as caught:
        render_html(card, font=path)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(f"{path}: {expected}")


def test_a_font_damaged_inside_is_refused(font: Path, card: Scorecard) -> None:
    # the table directory reads, the glyphs do not: fontTools fails while subsetting
    entry = TTFont(font).reader.tables["glyf"]
    data = bytearray(font.read_bytes())
    data[entry.offset:entry.offset + entry.length] = b"\xff" * entry.length
    font.write_bytes(bytes(data))
    with pytest.raises(FontError) as caught:
        render_html(card, font=font)
    assert str(caught.value).startswith(f"{font}: not a font file that can be read (")


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null here")
def test_a_device_given_as_the_font_is_named_as_one(card: Scorecard) -> None:
    with pytest.raises(FontError) as caught:
        render_html(card, font=Path("/dev/null"))
    assert str(caught.value) == "/dev/null: cannot read the font file: is a device or a pipe, " \
        "not a file"


def test_a_font_lacking_characters_is_refused(tmp_path: Path, card: Scorecard) -> None:
    path = save_font(tmp_path / "latin.ttf", "".join(ASCII) + "测评")
    with pytest.raises(FontError) as caught:
        render_html(card, font=path)
    page = render_html(card, font=False)
    lacking = {c for c in page if c > "\x7f"} - {"测", "评"}
    text = str(caught.value)
    assert text.startswith(f"{path}: the font lacks {len(lacking)} characters the report uses: ")
    assert " U+3000 " in text  # the ideographic space (年度：…　测评日期), by its code point
    assert text.endswith(" …; use a Chinese font that has them (such as Noto Sans CJK SC)")


def test_the_command_refuses_a_bad_font(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    out = tmp_path / "report.html"
    font = tmp_path / "no.ttf"
    argv = ["score", str(ASSESSMENT), "--rubric", str(RUBRIC), "--format", "html", "-o", str(out)]
    assert cli.main([*argv, "--font", str(font)]) == 2
    err = capsys.readouterr().err
    assert err == f"civscore: error: {font}: 字体文件不存在，请检查路径\n"
    assert not out.exists()
    assert cli.main(["--lang", "en", *argv, "--font", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == (f"civscore: error: {tmp_path}: cannot read the font file: is a directory, "
                   "not a file\n")
    assert not out.exists()


def test_without_fonttools_the_report_is_written_and_says_what_to_install(
        tmp_path: Path, card: Scorecard, font: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(fonts, "_fonttools", lambda: None)
    with pytest.warns(fonts.FontWarning, match=re.escape("pip install 'civscore[fonts]'")):
        page = render_html(card)
    assert "@font-face" not in page
    with pytest.raises(MissingExtraError, match=re.escape("pip install 'civscore[fonts]'")):
        render_html(card, font=font)
    out = tmp_path / "batch.html"
    assert cli.main(["score", str(ASSESSMENT), str(ASSESSMENT), "--rubric", str(RUBRIC),
                     "--format", "html", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    said = ("civscore: warning: HTML 报告未嵌入中文字体：嵌入字体需要可选扩展 'fonts'"
            "（fontTools），但未安装；在未装中文字体的电脑上，中文可能显示为方框。"
            "安装方法：pip install 'civscore[fonts]'\n")
    assert err.count(said) == 1  # once, for a batch of two
    assert "测评结果汇总" in out.read_text(encoding="utf-8")


def test_no_font_found_is_a_warning(tmp_path: Path, card: Scorecard,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    with pytest.warns(fonts.FontWarning, match="none was found on this computer"):
        page = render_html(card)
    assert "@font-face" not in page
    assert "Microsoft YaHei" in page


def test_a_found_font_lacking_characters_is_embedded_with_a_warning(
        tmp_path: Path, card: Scorecard, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save_font(tmp_path / "some.ttf", "".join(ASCII) + "测评结果")
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: fonts.FontFile(path))
    with pytest.warns(fonts.FontWarning, match=r"some\.ttf lacks \d+ characters the report uses"):
        page = render_html(card)
    assert {"测", "评", "结", "果"} <= set(map(chr, _embedded(page).getBestCmap()))


def test_finding_a_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(f"<?xml version='1.0'?><fontconfig><dir>{tmp_path / 'none'}</dir>"
                      f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))  # fontconfig sees no font at all
    monkeypatch.delenv("WINDIR", raising=False)
    assert fonts.find_cjk_font(()) is None
    there = save_font(tmp_path / "there.ttf", "测")
    assert fonts.find_cjk_font([tmp_path / "missing.ttc", there]) == fonts.FontFile(there)
    windows = tmp_path / "Windows"
    (windows / "Fonts").mkdir(parents=True)
    save_font(windows / "Fonts" / "simsun.ttc", "测")
    monkeypatch.setenv("WINDIR", str(windows))
    assert fonts.find_cjk_font(()) == fonts.FontFile(windows / "Fonts" / "simsun.ttc")


def test_fontconfig_gives_its_chinese_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    found = subprocess.run(["fc-list", ":lang=zh-cn", "file"], capture_output=True, text=True,
                           check=False).stdout if Path("/usr/bin/fc-list").exists() else ""
    if not found.strip():
        pytest.skip("no fontconfig, or it knows no Chinese font")
    font = fonts.find_cjk_font(())
    assert font is not None
    assert f"{font.path}:" in found


def test_a_font_covering_the_page_warns_nothing(card: Scorecard, font: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_html(card, font=font)
