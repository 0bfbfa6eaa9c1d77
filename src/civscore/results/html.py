"""A scorecard as one self-contained HTML page to print and hand on, and a
campaign's scorecards as one report (a page per unit and a summary).

The page needs nothing from the network: its style and charts
(:mod:`civscore.results.charts`, inline SVG) are in the file, and so is a
subset of a Chinese font holding the characters it uses
(:mod:`civscore.results.fonts`), first in its font stack, so it renders
wherever it is opened without fonts being installed; the Chinese system
fonts of Windows, macOS and Linux follow, named in turn, for a page written
without one.  Print CSS lays it out on A4, one unit a page.

Written with the standard library's :func:`html.escape`: the report has one
fixed layout, so a template engine would add a dependency and a second
language without removing any code (``docs/sheets.md``).  Every figure is
printed as the text rendering prints it (:func:`civscore.results.render.shown`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from civscore.model.points import to_text
from civscore.results.charts import category_bars, total_distribution
from civscore.results.fonts import FontChoice, font_face
from civscore.results.render import (
    ILLUSTRATIVE_LEGEND,
    STATUS_LABELS,
    marks_illustrative,
    rank,
    rows,
    shown,
)
from civscore.results.scorecard import Scorecard

__all__ = ["PROVENANCE_LABELS", "STYLE", "render_html", "render_html_batch"]

#: Chinese labels of a rubric's provenance.
PROVENANCE_LABELS = {
    "official": "正式（据发布机关文件）",
    "quoted": "引用（据报告或公开转载）",
    "illustrative": "示意（分值为虚构，仅供演示）",
}

#: The page's style sheet: the embedded font (:data:`~civscore.results.fonts.FAMILY`), then
#: system CJK fonts; A4 print layout.
STYLE = """
body { font-family: "civscore-cjk", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
  "PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei", "SimHei", "SimSun", sans-serif;
  color: #1b1b1b; margin: 0; background: #f4f6f8; font-size: 14px; }
.page { background: #fff; max-width: 190mm; margin: 12px auto; padding: 12mm 14mm;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-size: 20px; margin: 0 0 6px; } h2 { font-size: 16px; margin: 18px 0 6px;
  border-left: 4px solid #2f6690; padding-left: 6px; }
.meta { color: #444; margin: 2px 0; }
.outcome { font-size: 18px; font-weight: bold; margin: 10px 0; }
.outcome.awarded { color: #1e7b34; } .outcome.not_awarded, .outcome.vetoed,
.outcome.ineligible { color: #b03a2e; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; }
th, td { border: 1px solid #b8c2cc; padding: 3px 6px; text-align: left; }
th { background: #e8eef3; } td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; } tr { page-break-inside: avoid; }
.warning { color: #8a5300; } svg text { font-size: 12px; font-family: inherit; }
footer { margin-top: 18px; border-top: 1px solid #ccc; padding-top: 6px; color: #555;
  font-size: 11px; word-break: break-all; }
@page { size: A4; margin: 12mm; }
@media print { body { background: #fff; } .page { box-shadow: none; margin: 0; padding: 0;
  max-width: none; page-break-after: always; } .page:last-child { page-break-after: auto; } }
"""

_HEADER = ("项目", "应得分", "实得分", "自评分", "差异")


def _page(title: str, body: Iterable[str], font: FontChoice) -> str:
    text = "\n".join(body)
    face = font_face(title + text, font)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{face}{STYLE}</style></head><body>\n"
            + text + "\n</body></html>\n")


def _table(header: Sequence[str], body: Iterable[Sequence[str]], numeric: Iterable[int] = (),
           css: str = "") -> str:
    right = set(numeric)
    head = "".join(f'<th{" class=num" if i in right else ""}>{escape(h)}</th>'
                   for i, h in enumerate(header))
    lines = []
    for row in body:
        cells = "".join(f'<td{" class=num" if i in right else ""}>{escape(c)}</td>'
                        for i, c in enumerate(row))
        lines.append(f"<tr>{cells}</tr>")
    return (f'<table class="{css}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(lines)}</tbody></table>')


def _outcome(card: Scorecard) -> str:
    outcome = card.outcome
    text = STATUS_LABELS[outcome.status]
    if outcome.status == "awarded":
        text += f"：{outcome.title}"
    return (f'<p class="outcome {outcome.status}" data-status="{outcome.status}">结果：'
            f"{escape(text)}</p>")


def _scores(card: Scorecard) -> str:
    """The table of items and totals, the text rendering's rows."""
    body = []
    for row in rows(card):
        name = row[0]
        depth = (len(name) - len(name.lstrip(" "))) // 2
        cells = "".join(f"<td class=num>{escape(c)}</td>" for c in row[1:])
        css = ' class="total"' if name in ("总分", "基本分合计") else ""
        body.append(f'<tr{css}><td style="padding-left:{6 + 14 * depth}px">'
                    f"{escape(name.strip())}</td>{cells}</tr>")
    head = "".join(f'<th{" class=num" if i else ""}>{h}</th>' for i, h in enumerate(_HEADER))
    return (f'<table class="scores"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _card_sections(card: Scorecard) -> list[str]:
    info = card.rubric
    total = card.total
    places = format(total.rounded.quantize(type(total.rounded)(1).scaleb(-total.places)), "f")
    when = f"　测评日期：{card.assessed_on.isoformat()}" if card.assessed_on else ""
    out = [f"<h1>{escape(card.unit)} 测评结果</h1>",
           f'<p class="meta">测评体系：{escape(info.title)}（{escape(info.id)}@'
           f"{escape(info.version)}）　满分 {to_text(info.total)}</p>",
           f'<p class="meta">年度：{escape(card.period or "—")}{when}　分值来源：'
           f"{escape(PROVENANCE_LABELS.get(info.provenance, info.provenance))}</p>",
           f'<p class="total" data-raw="{to_text(total.raw)}">总分：<strong>{places}</strong>'
           f"（精确值 {shown(total.raw)}，{escape(total.mode)} 保留{total.places}位小数）</p>",
           _outcome(card)]
    if card.outcome.reasons:
        out.append("<ul class=\"reasons\">" + "".join(
            f"<li>{escape(r)}</li>" for r in card.outcome.reasons) + "</ul>")
    out += ["<h2>得分表</h2>", _scores(card)]
    if marks_illustrative(card):
        out.append(f'<p class="legend">{escape(ILLUSTRATIVE_LEGEND)}</p>')
    out += ["<h2>各测评项目得分</h2>", category_bars(card)]
    if card.losses:
        out += ["<h2>失分（从多到少）</h2>", _table(
            ("项目", "扣分依据", "失分"),
            ((f"{loss.title}（{loss.path}）", loss.text or loss.ref, "-" + shown(loss.points))
             for loss in card.losses), numeric=(2,), css="losses")]
    if card.discrepancies:
        out += ["<h2>自评与核算不符</h2>", _table(
            ("项目", "自评", "核算", "差异"),
            ((d.path + ("（核算为自评各项之和）" if d.level == "claimed-sum" else ""),
              shown(d.claimed), shown(d.computed), shown(d.difference))
             for d in card.discrepancies), numeric=(1, 2, 3), css="discrepancies")]
    findings = [(f"一票否决：{v.text}", v.date.isoformat() if v.date else "", v.note)
                for v in card.vetoes]
    findings += [(f"不得申报：{b.text}", b.date.isoformat(),
                  ("在回溯期内" if b.inside else "已过回溯期") + (f"；{b.note}" if b.note else ""))
                 for b in card.bars]
    findings += [(f"前置条件：{g.text}", "", "满足" if g.passed else "不满足") for g in card.gates]
    if findings:
        out += ["<h2>否决、申报条件</h2>", _table(("情形", "日期", "说明"), findings)]
    out += [f'<p class="warning">注意：{escape(w)}</p>' for w in card.warnings]
    plugins = "，".join(f"{escape(k)} {escape(v)}" for k, v in card.plugins.items())
    out.append(f"<footer>测评体系哈希：<code>{escape(info.hash)}</code>　civscore "
               f"{escape(card.civscore_version)}" + (f"　插件：{plugins}" if plugins else "")
               + "</footer>")
    return out


def render_html(card: Scorecard, *, font: FontChoice = None) -> str:
    """One scorecard as a self-contained HTML page (UTF-8 text): the unit,
    the rubric and its provenance, the items with 应得分/实得分/自评分/差异,
    a bar chart per category, the points lost (largest first; present when
    the card was scored with explanations), the outcome and its reasons,
    discrepancies, and the rubric hash and civscore version in the footer.

    ``font`` is the Chinese font to embed a subset of
    (:func:`civscore.results.fonts.font_face`): a font file (.ttf, .otf,
    .ttc, .woff, .woff2), ``None`` (the default) for one found on this
    computer, ``False`` for none.  The same card and font give the same bytes.

    :raises FontError: for a ``font`` given that is missing, not a font, or
        lacks characters the page uses.
    :raises MissingExtraError: for a ``font`` given, without fontTools (the
        extra ``fonts``).  Without it and ``font=None``, the page has no
        embedded font and a :class:`~civscore.results.fonts.FontWarning`
        says what to install; so it does when no Chinese font is found.
    """
    return _page(f"{card.unit} 测评结果",
                 [f'<section class="page unit" data-unit="{escape(card.unit)}">',
                  *_card_sections(card), "</section>"], font)


def render_html_batch(cards: Sequence[Scorecard], title: str = "测评结果汇总", *,
                      font: FontChoice = None) -> str:
    """A campaign's scorecards (all against one rubric) as one HTML report:
    a summary page (a row per unit, ranked by total, and a histogram of the
    totals with the level thresholds marked), then a page per unit as
    :func:`render_html` draws it, with its ``font`` and errors."""
    summary = _table(
        ("名次", "被测评单位", "总分", "结果", "自评总分", "不符项"),
        ((str(n), c.unit, shown(c.total.raw),
          STATUS_LABELS[c.outcome.status] + (f"：{c.outcome.title}" if c.outcome.title else ""),
          shown(c.claimed_total), str(len(c.discrepancies))) for n, c in rank(cards)),
        numeric=(0, 2, 4, 5), css="summary")
    info = cards[0].rubric if cards else None
    head = (f'<p class="meta">测评体系：{escape(info.title)}（{escape(info.id)}@'
            f"{escape(info.version)}）　共 {len(cards)} 个单位</p>" if info else "")
    pages = [f'<section class="page summary"><h1>{escape(title)}</h1>{head}'
             f"<h2>汇总</h2>{summary}<h2>总分分布</h2>{total_distribution(cards)}</section>"]
    for card in cards:
        pages += [f'<section class="page unit" data-unit="{escape(card.unit)}">',
                  *_card_sections(card), "</section>"]
    return _page(title, pages, font)

