"""The HTML report as a person sees it: opened in a real headless Chromium
(the system's, /usr/bin/chromium, which .ci/run installs), driven by
Playwright.  The page renders without console errors, the figures on the
page are the scorecard's, the bars have the widths the figures give, it
prints on A4, and its screenshot is not blank.

``CIVSCORE_SCREENSHOTS=docs/_static/screenshots`` keeps the screenshots the
docs show (docs/sheets.md); otherwise they go to a temporary folder.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import civscore
from civscore.files.loader import load_assessment, load_rubric
from civscore.results import fonts
from civscore.results.html import render_html, render_html_batch

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DATA = Path(__file__).resolve().parents[1] / "data"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")



@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    """Playwright, to drive the system's Chromium; skipped without it,
    except in CI (``CI=true``), where .ci/run installs it and its absence is
    a failure."""
    if not CHROMIUM.exists():
        reason = ("no Chromium at /usr/bin/chromium: install it with "
                  "'apt-get install -y chromium fonts-noto-cjk' (.ci/run does)")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright import sync_api
    with sync_api.sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    """The system's Chromium, with the system's fonts."""
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def bare_browser(playwright: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium on a machine without Chinese fonts: its fontconfig knows one
    folder, holding DejaVu Sans alone (or nothing), and a cache of its own."""
    pytest.importorskip("fontTools", reason="the extra fonts (fontTools) is not installed")
    pytest.importorskip("brotli", reason="the extra fonts (Brotli, for WOFF2) is not installed")
    folder = tmp_path_factory.mktemp("bare-fonts")
    (folder / "fonts").mkdir()
    if DEJAVU.is_file():
        shutil.copy(DEJAVU, folder / "fonts")
    config = folder / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                      f"<fontconfig><dir>{folder / 'fonts'}</dir>"
                      f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if name != "FONTCONFIG_PATH"}
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS,
                                          env={**env, "FONTCONFIG_FILE": str(config)})
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("CIVSCORE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cards() -> list[civscore.Scorecard]:
    card = civscore.score(load_rubric(DATA / "cli-rubric.toml"),
                          load_assessment(DATA / "cli-assessment.toml"))
    return [card, attrs.evolve(card, unit="示例市第二局")]


def _open(browser: Any, html: str, path: Path) -> tuple[Any, list[str]]:
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 900, "height": 1200})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: errors.append(f"request {r.url}")
            if not r.url.startswith("file:") else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors


def _distinct_colours(page: Any, png: bytes) -> int:
    """Colours in the screenshot, counted by the browser's own canvas."""
    return int(page.evaluate("""async (data) => {
        const image = new Image(); image.src = data; await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width; canvas.height = image.height;
        const context = canvas.getContext('2d'); context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, image.width, image.height).data;
        const seen = new Set();
        for (let i = 0; i < pixels.length; i += 4 * 97) {
            seen.add(pixels[i] << 16 | pixels[i + 1] << 8 | pixels[i + 2]);
        }
        return seen.size; }""", "data:image/png;base64," + base64.b64encode(png).decode()))


def test_one_unit_as_seen(browser: Any, shots: Path, tmp_path: Path) -> None:
    card = _cards()[0]
    page, errors = _open(browser, render_html(card), tmp_path / "report.html")
    try:
        cells = page.eval_on_selector_all(
            "table.scores tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
        rows = {row[0]: row[1:] for row in cells}
        # By hand (tests/data/cli-assessment.toml): leadership 4.2 of 8, claimed 5
        assert rows["领导班子"] == ["8", "4.2", "5", "+0.8"]
        assert rows["总分"] == ["20", "11.2", "12", "+0.8"]
        assert page.inner_text("p.outcome") == "结果：达标：文明单位"
        widths = page.eval_on_selector_all(
            "rect.earned", "rects => rects.map(r => r.getBoundingClientRect().width)")
        assert [round(w) for w in widths] == [210, 175, 125]  # 400 px × 4.2/8, 3.5/8, 2.5/8
        png = page.screenshot(full_page=True, path=str(shots / "report.png"))
        assert _distinct_colours(page, png) > 8  # text, table rules, bars: not a blank page
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        assert errors == []
    finally:
        page.close()


def test_batch_as_seen(browser: Any, shots: Path, tmp_path: Path) -> None:
    cards = _cards()
    page, errors = _open(browser, render_html_batch(cards), tmp_path / "batch.html")
    try:
        units = page.eval_on_selector_all("section.unit", "s => s.map(x => x.dataset.unit)")
        assert units == ["示例市某局", "示例市第二局"]
        summary = page.eval_on_selector_all(
            "table.summary tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText))")
        assert [row[:3] for row in summary] == [["1", "示例市某局", "11.2"],
                                                ["1", "示例市第二局", "11.2"]]
        assert page.locator("g.threshold").count() == 2
        png = page.locator("section.summary").screenshot(path=str(shots / "batch.png"))
        assert _distinct_colours(page, png) > 4
        pdf = page.pdf(format="A4")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert pages >= 3, pages  # the summary, then each unit on pages of its own
        assert errors == []
    finally:
        page.close()


def _drawn(page: Any, text: str, family: str) -> str:
    """``text`` drawn at 40 px in ``family`` on the page's canvas, as a PNG data URL."""
    return str(page.evaluate("""([text, family]) => {
        const canvas = document.createElement('canvas');
        canvas.width = 200; canvas.height = 60;
        const context = canvas.getContext('2d');
        context.font = '40px ' + family; context.fillText(text, 0, 45);
        return canvas.toDataURL(); }""", [text, family]))


def test_the_embedded_font_draws_chinese_without_system_fonts(bare_browser: Any,
                                                             tmp_path: Path) -> None:
    """The font found here (Noto Sans CJK on a Linux with fonts-noto-cjk), or
    one made for the test (tests/fontmaker.py, a triangle per character),
    embedded in the page, draws its Chinese in a browser that has no Chinese
    font: boxes (豆腐块) without it."""
    from fontmaker import save_font

    card = _cards()[0]
    bare = render_html(card, font=False)
    font = fonts.find_cjk_font() or fonts.FontFile(save_font(tmp_path / "made.ttf", bare))
    embedded, errors = _open(bare_browser, render_html(card, font=font), tmp_path / "with.html")
    plain, _ = _open(bare_browser, bare, tmp_path / "without.html")
    try:
        for page in (embedded, plain):
            page.evaluate("document.fonts.ready.then(() => true)")
        faces = embedded.evaluate(
            "[...document.fonts].map(f => [f.family.replace(/\"/g, ''), f.status])")
        assert faces == [["civscore-cjk", "loaded"]]
        assert plain.evaluate("document.fonts.size") == 0
        # Without the embedded font this browser has no glyph for Chinese:
        # two different words draw the same boxes.
        assert _drawn(plain, "测评结果", "sans-serif") == _drawn(plain, "一丁七万", "sans-serif")
        assert _drawn(embedded, "测评结果", '"civscore-cjk"') != _drawn(plain, "测评结果",
                                                                      "sans-serif")
        heading = embedded.locator("h1")
        assert heading.inner_text() == "示例市某局 测评结果"
        assert heading.screenshot() != plain.locator("h1").screenshot()
        assert embedded.pdf(format="A4").startswith(b"%PDF")
        assert errors == []
    finally:
        embedded.close()
        plain.close()
