"""The history of titles held (称号记录): who held which title in which year,
and how each year's review ended.

A history is a TOML file of ``[[records]]`` or a CSV file with the header
``unit,title,level,period,outcome,date``; each record is one unit's title
for one year (``period``, a year such as 2023) with the year's ``outcome``
(``awarded`` 授予, ``kept`` 保留, ``warned`` 限期整改, ``revoked`` 撤销) and the
``date`` of the decision.  A unit *holds* a title in a year when that year's
record is awarded, kept or warned — or, when the campaign declares a
``lapse`` (届满 after so many years), when it was awarded fewer than that many
years before and not revoked since.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Collection
from typing import Any, Literal

import attrs

from civscore.exceptions import CampaignError
from civscore.files.text import parse_toml, read_text
from civscore.messages import message
from civscore.model.fields import doc
from civscore.model.serde import structure

__all__ = ["HELD", "History", "TitleRecord", "history_from_dict", "load_history"]

Decision = Literal["awarded", "kept", "warned", "revoked"]

#: The outcomes under which a unit holds its title that year.
HELD = frozenset({"awarded", "kept", "warned"})

CSV_HEADER = ("unit", "title", "level", "period", "outcome", "date")


@attrs.frozen
class TitleRecord:
    """One unit's title in one year."""

    unit: str = attrs.field(metadata=doc("单位名称, as its assessments write it"))
    title: str = attrs.field(metadata=doc("称号, e.g. 市级文明单位"))
    period: int = attrs.field(metadata=doc("年度, a year such as 2023"))
    outcome: Decision = attrs.field(
        metadata=doc("awarded (授予), kept (保留), warned (限期整改) or revoked (撤销)",
                     zh="结果：awarded（授予）、kept（保留）、warned（限期整改）或 "
                        "revoked（撤销）"))
    date: datetime.date = attrs.field(metadata=doc("决定日期 (YYYY-MM-DD)"))
    level: str = attrs.field(default="", metadata=doc("级别, e.g. city"))


@attrs.frozen
class History:
    """Every record read, in file order."""

    records: tuple[TitleRecord, ...] = attrs.field(default=(), metadata=doc("称号记录"))

    def record(self, unit: str, title: str, year: int) -> TitleRecord | None:
        """The record of ``unit``'s ``title`` for ``year`` (the last one given), if any."""
        found = None
        for record in self.records:
            if (record.unit, record.title, record.period) == (unit, title, year):
                found = record
        return found

    def held(self, unit: str, title: str, year: int, *, lapse: int = 0) -> bool:
        """Whether ``unit`` held ``title`` in ``year``.

        :param lapse: 0: held when that year's record is awarded, kept or
            warned; else the title lapses this many years after it was last
            awarded (届满) — held in ``year`` when the last award was fewer
            than ``lapse`` years before and no later record revoked it.
        """
        if not lapse:
            record = self.record(unit, title, year)
            return record is not None and record.outcome in HELD
        mine = sorted((r for r in self.records
                       if (r.unit, r.title) == (unit, title) and r.period <= year),
                      key=lambda r: (r.period, r.date))
        awarded = [r for r in mine if r.outcome == "awarded"]
        if not awarded or mine[-1].outcome == "revoked":
            return False
        return year - awarded[-1].period < lapse

    def years_held(self, unit: str, title: str, before: int, *, lapse: int = 0) -> int:
        """How many consecutive years just before ``before`` ``unit`` held ``title``."""
        years = 0
        while self.held(unit, title, before - 1 - years, lapse=lapse):
            years += 1
        return years

    def warnings(self, unit: str, title: str, before: int) -> int:
        """How many consecutive years just before ``before`` ended in a warning (限期整改)."""
        years = 0
        while (record := self.record(unit, title, before - 1 - years)) is not None \
                and record.outcome == "warned":
            years += 1
        return years

    def holders(self, title: str, year: int, *, lapse: int = 0) -> tuple[str, ...]:
        """The units holding ``title`` in ``year`` (see :meth:`held`), sorted."""
        return tuple(sorted({r.unit for r in self.records if r.title == title
                             and self.held(r.unit, title, year, lapse=lapse)}))


def _check(history: History, units: Collection[str] | None, source: str,
           where: list[str]) -> History:
    first: dict[tuple[str, str, int], int] = {}
    for i, record in enumerate(history.records):
        before = first.setdefault((record.unit, record.title, record.period), i)
        if before != i:
            raise CampaignError(message("camp.record-twice", unit=record.unit,
                                        title=record.title, year=record.period,
                                        first=where[before]), source=source, path=where[i])
        if not 1900 <= record.period <= 2999:
            raise CampaignError(message("camp.history-period", period=record.period),
                                source=source, path=f"{where[i]}.period")
        if units is not None and record.unit not in units:
            raise CampaignError(message("camp.history-unit", unit=record.unit, n=len(units)),
                                source=source, path=f"{where[i]}.unit")
    return history


def history_from_dict(data: Any, *, source: str = "<history>",
                      units: Collection[str] | None = None) -> History:
    """A history from parsed TOML (``{"records": [...]}``).

    :param units: the campaign's units; a record naming another is refused.
    :raises CampaignError: naming ``source`` and the key path (``$.records[2].date``).
    """
    history = structure(data, History, error=CampaignError, source=source)
    return _check(history, units, source, [f"$.records[{i}]" for i in range(len(history.records))])


def _from_csv(text: str, source: str, units: Collection[str] | None) -> History:
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise CampaignError(message("camp.bad-csv", error=exc), source=source,
                            path=f"line {reader.line_num}") from None
    if not rows or tuple(c.strip() for c in rows[0]) != CSV_HEADER:
        raise CampaignError(message("camp.csv-header", header=",".join(CSV_HEADER)),
                            source=source, path="line 1")
    records, where = [], []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSV_HEADER):
            raise CampaignError(message("camp.csv-columns", expected=len(CSV_HEADER),
                                        found=len(row)),
                                source=source, path=f"line {n}")
        record = dict(zip(CSV_HEADER, (cell.strip() for cell in row), strict=True))
        try:
            record["date"] = datetime.date.fromisoformat(record["date"])  # type: ignore[assignment]
        except ValueError:
            raise CampaignError(message("camp.csv-date", date=record["date"]), source=source,
                                path=f"line {n}.date") from None
        if not record["period"].isdigit():
            raise CampaignError(message("camp.history-period", period=repr(record["period"])),
                                source=source, path=f"line {n}.period")
        record["period"] = int(record["period"])  # type: ignore[assignment]
        records.append(structure(record, TitleRecord, error=CampaignError, source=source,
                                 path=f"line {n}"))
        where.append(f"line {n}")
    return _check(History(tuple(records)), units, source, where)


def load_history(path: str, *, encoding: str | None = None,
                 units: Collection[str] | None = None) -> History:
    """Read a history file: CSV when its name ends in ``.csv``, else TOML.

    :param units: the campaign's units; a record naming another is refused.
    :raises CampaignError: naming the file and the key path or CSV line.
    """
    text = read_text(path, encoding=encoding, error=CampaignError)
    if path.lower().endswith(".csv"):
        return _from_csv(text, path, units)
    return history_from_dict(parse_toml(text, source=path, error=CampaignError), source=path,
                             units=units)
