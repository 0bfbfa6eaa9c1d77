"""Numbers as reports write them: Arabic, full-width and Chinese (中文数字)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

__all__ = ["CHINESE_NUMERALS", "chinese_integer", "parse_chinese_number", "parse_number"]

#: The characters of the Chinese numerals that report markers and point figures
#: are written with (``第十二篇``, ``十五分``).
CHINESE_NUMERALS: Final = "零〇一二两三四五六七八九十百"

_CN_DIGITS: Final[dict[str, int]] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_UNITS: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1000}
_FULL_WIDTH: Final = str.maketrans("０１２３４５６７８９．", "0123456789.")


def chinese_integer(text: str) -> int:
    """The value of a Chinese whole number: positional digits (``二〇一一`` →
    2011) or with 十, 百 and 千 (``一百零五`` → 105).

    :raises ValueError: ``text`` is not a well-formed Chinese numeral.
    """
    if not text:
        raise ValueError("empty Chinese numeral")
    if not any(ch in _CN_UNITS for ch in text):
        # positional digits: 二〇一一 → 2011
        value = 0
        for ch in text:
            if ch not in _CN_DIGITS:
                raise ValueError(f"not a Chinese numeral: {text!r}")
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0 and digit != 0:
                raise ValueError(f"malformed Chinese numeral: {text!r}")
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"malformed Chinese numeral: {text!r}")
            total += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def parse_chinese_number(text: str) -> Decimal:
    """The value of a Chinese numeral, exactly.

    Handles 零/〇, 一 … 九, 两, 十, 百, 千 and a decimal part after 点:
    ``十五`` → 15, ``二十`` → 20, ``一百`` → 100, ``九十八`` → 98,
    ``一百零五`` → 105, ``八点五`` → 8.5, ``二〇一一`` → 2011.

    :raises ValueError: ``text`` is not a well-formed Chinese numeral.
    """
    whole, sep, fraction = text.partition("点")
    value = Decimal(chinese_integer(whole))
    if sep:
        if not fraction or any(ch not in _CN_DIGITS for ch in fraction):
            raise ValueError(f"malformed decimal part in Chinese numeral: {text!r}")
        digits = "".join(str(_CN_DIGITS[ch]) for ch in fraction)
        value += Decimal(f"0.{digits}")
    return value


def parse_number(text: str) -> Decimal:
    """The value of a number as reports write it: Arabic (``15``, ``8.5``),
    full-width (``１５``, ``８．５``) or Chinese (``十五``, ``八点五``).

    :raises ValueError: ``text`` is not a number in one of these forms.
    """
    ascii_text = text.strip().translate(_FULL_WIDTH)
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", ascii_text):
        try:
            return Decimal(ascii_text)
        except InvalidOperation as exc:  # pragma: no cover - guarded by the pattern
            raise ValueError(f"not a number: {text!r}") from exc
    return parse_chinese_number(ascii_text)
