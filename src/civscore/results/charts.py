"""Charts for the HTML report, as inline SVG drawn from the scorecard's
figures: points earned against points allotted per category, and the
distribution of a campaign's totals with the level thresholds marked.

Geometry is worked out with :class:`~decimal.Decimal` and written with one
decimal place; the figures printed on a chart are the scorecard's, exactly
(:func:`civscore.model.points.to_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from civscore.model.points import ZERO, to_text
from civscore.results.scorecard import Scorecard

__all__ = ["category_bars", "total_distribution"]

_LABEL_WIDTH = 150
_BAR_WIDTH = 400
_ROW = 30


def _px(value: Decimal) -> str:
    """A coordinate, one decimal place."""
    return format(value.quantize(Decimal("0.1")), "f")


def category_bars(card: Scorecard) -> str:
    """A horizontal bar per category: the allotted points (应得分, light) and
    the points earned (实得分, dark), to one scale, each bar labelled
    ``实得分 / 应得分``.

    :return: an ``<svg>`` element (text), ``role="img"`` with a Chinese title.
    """
    categories = card.categories
    top = max((c.points for c in categories), default=ZERO) or Decimal(1)
    height = _ROW * len(categories) + 30
    width = _LABEL_WIDTH + _BAR_WIDTH + 90
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             "<title>各测评项目实得分与应得分</title>"]
    for i, category in enumerate(categories):
        y = Decimal(_ROW * i + 6)
        allotted = Decimal(_BAR_WIDTH) * category.points / top
        earned = Decimal(_BAR_WIDTH) * max(category.score, ZERO) / top
        parts.append(
            f'<g class="bar" data-path="{escape(category.path)}" '
            f'data-points="{to_text(category.points)}" data-score="{to_text(category.score)}">'
            f'<text x="{_LABEL_WIDTH - 8}" y="{_px(y + 15)}" text-anchor="end">'
            f"{escape(category.title)}</text>"
            f'<rect class="allotted" x="{_LABEL_WIDTH}" y="{_px(y)}" width="{_px(allotted)}" '
            f'height="20" fill="#d9e2ec"/>'
            f'<rect class="earned" x="{_LABEL_WIDTH}" y="{_px(y + 4)}" width="{_px(earned)}" '
            f'height="12" fill="#2f6690"/>'
            f'<text class="figure" x="{_px(_LABEL_WIDTH + allotted + 6)}" y="{_px(y + 15)}">'
            f"{to_text(category.score)} / {to_text(category.points)}</text></g>")
    legend_y = _ROW * len(categories) + 20
    parts.append(f'<g class="legend"><rect x="{_LABEL_WIDTH}" y="{legend_y - 10}" width="12" '
                 f'height="12" fill="#2f6690"/><text x="{_LABEL_WIDTH + 16}" y="{legend_y}">'
                 f'实得分</text><rect x="{_LABEL_WIDTH + 80}" y="{legend_y - 10}" width="12" '
                 f'height="12" fill="#d9e2ec"/><text x="{_LABEL_WIDTH + 96}" y="{legend_y}">'
                 "应得分</text></g></svg>")
    return "".join(parts)


def total_distribution(cards: Sequence[Scorecard], bins: int = 20) -> str:
    """A histogram of the cards' totals (the total the levels compare) over
    ``bins`` equal bins from 0 to the highest of the rubric's total and the
    totals, with a dashed line at each level's threshold.

    :return: an ``<svg>`` element (text).
    """
    totals = [card.total.compared for card in cards]
    top = max([cards[0].rubric.total, *totals]) if cards else Decimal(100)
    width, height, left, base = Decimal(640), Decimal(220), Decimal(40), Decimal(180)
    span = (width - left - 20) / bins
    counts = [0] * bins
    for total in totals:
        counts[min(bins - 1, int(max(total, ZERO) * bins / top))] += 1
    tallest = max(counts, default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart distribution" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             "<title>总分分布</title>",
             f'<line x1="{left}" y1="{base}" x2="{width - 20}" y2="{base}" stroke="#333"/>']
    for i, count in enumerate(counts):
        x = left + span * i
        low = top * i / bins
        if count:
            bar = Decimal(140) * count / tallest
            parts.append(f'<rect class="bin" data-from="{to_text(low)}" data-count="{count}" '
                         f'x="{_px(x + 1)}" y="{_px(base - bar)}" width="{_px(span - 2)}" '
                         f'height="{_px(bar)}" fill="#2f6690"><title>{count}</title></rect>')
        if i % 5 == 0:
            parts.append(f'<text x="{_px(x)}" y="{base + 16}" text-anchor="middle">'
                         f"{to_text(low.quantize(Decimal(1)))}</text>")
    parts.append(f'<text x="{_px(width - 20)}" y="{base + 16}" text-anchor="middle">'
                 f"{to_text(top)}</text>")
    for level in cards[0].levels if cards else ():
        x = left + (width - left - 20) * level.min_total / top
        parts.append(f'<g class="threshold" data-level="{escape(level.level)}" '
                     f'data-min="{to_text(level.min_total)}"><line x1="{_px(x)}" y1="20" '
                     f'x2="{_px(x)}" y2="{base}" stroke="#c0392b" stroke-dasharray="4 3"/>'
                     f'<text x="{_px(x + 3)}" y="16" fill="#c0392b">{escape(level.title)} '
                     f"{to_text(level.min_total)}</text></g>")
    parts.append("</svg>")
    return "".join(parts)
