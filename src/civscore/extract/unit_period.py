"""The unit (单位) and the period a report names."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["find_period", "find_unit"]

_UNIT_SUFFIX: Final = (
    r"(?:局|所|院|校|中心|委员会|委|办公室|办|站|队|厅|部|公司|银行|支行|分行|镇|乡|街道|村|"
    r"社区|处|科|馆|会|中学|小学|幼儿园|政府|集团)"
)
_DATE_TEXT: Final = r"[0-9０-９零〇○O一二三四五六七八九]{4}[ \t]*年.{1,8}日"
_SIGNATURE: Final = re.compile(
    rf"^[ \t\u3000]*(?P<unit>[^\s，,。；;：:]{{2,30}}?{_UNIT_SUFFIX})"
    rf"[ \t\u3000]*{_DATE_TEXT}[ \t]*$"
)
_DATE_LINE: Final = re.compile(rf"^[ \t\u3000]*{_DATE_TEXT}[ \t]*$")
_UNIT_LINE: Final = re.compile(
    rf"^[ \t\u3000]*(?P<unit>[^\s，,。；;：:]{{2,30}}{_UNIT_SUFFIX})[ \t\u3000]*$"
)
_TITLE_UNIT: Final = re.compile(
    r"^(?P<unit>[^\s，,。；;：:（(]{2,30}?)"
    r"(?:创建|争创|关于|申报|[0-9]{4}|文明单位|精神文明|工作总结|工作汇报|工作情况|汇报|总结)"
)
_PERIOD_RANGE: Final = re.compile(
    r"((?:19|20)[0-9]{2})[ \t]*(?:年度?)?[ \t]*[-—–－~～至到][ \t]*((?:19|20)[0-9]{2})[ \t]*年"
)
_PERIOD_YEAR: Final = re.compile(r"((?:19|20)[0-9]{2})[ \t]*年度")


def find_unit(title: str, body: str) -> str:
    """The unit (单位) a report names: in its signature (落款, a unit and a
    date on the last lines), else at the start of its title or first lines;
    ``""`` when none is found."""
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    tail = lines[-4:]
    for i in range(len(tail) - 1, -1, -1):
        m = _SIGNATURE.match(tail[i])
        if m:
            return m.group("unit")
        if _DATE_LINE.match(tail[i]) and i > 0:
            m = _UNIT_LINE.match(tail[i - 1])
            if m:
                return m.group("unit")
    for candidate in (title, *lines[:3]):
        m = _TITLE_UNIT.match(candidate.strip())
        if m and re.search(f"{_UNIT_SUFFIX}$", m.group("unit")):
            return m.group("unit")
        m = _UNIT_LINE.match(candidate)
        if m:
            return m.group("unit")
    return ""


def find_period(title: str, body: str) -> str:
    """The period a report's title or opening names: ``2010-2011`` for a
    range of years, ``2011`` for ``2011年度``; ``""`` when none is found."""
    for scope in (title, body[:500]):
        m = _PERIOD_RANGE.search(scope)
        if m:
            return f"{m.group(1)}-{m.group(2)}"
        m = _PERIOD_YEAR.search(scope)
        if m:
            return m.group(1)
    return ""
