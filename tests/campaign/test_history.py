"""The history of titles held (civscore.campaign.history): read from CSV or
TOML, bad records refused with their place."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from civscore.campaign.history import load_history
from civscore.exceptions import CampaignError

CSV = """unit,title,level,period,outcome,date
甲,市级文明单位,city,2022,awarded,2022-12-20
甲,市级文明单位,city,2023,kept,2023-12-20
乙,市级文明单位,city,2022,awarded,2022-12-20
乙,市级文明单位,city,2023,warned,2023-12-20
丙,市级文明单位,city,2023,revoked,2023-12-20
丁,市级文明单位,city,2021,awarded,2021-12-20
丁,市级文明单位,city,2023,kept,2023-12-20
"""
UNITS = {"甲", "乙", "丙", "丁"}


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_holders_years_held_and_warnings(tmp_path: Path) -> None:
    history = load_history(write(tmp_path, "h.csv", CSV), units=UNITS)
    assert history.records[0].date == datetime.date(2022, 12, 20)
    # 2023: 甲 kept, 乙 warned, 丁 kept hold the title; 丙 was revoked
    assert history.holders("市级文明单位", 2023) == ("丁", "乙", "甲")
    # before 2024: 甲 held 2023 and 2022 → 2 years; 丁 held 2023 but not 2022 → 1
    assert history.years_held("甲", "市级文明单位", 2024) == 2
    assert history.years_held("丁", "市级文明单位", 2024) == 1
    assert history.years_held("丙", "市级文明单位", 2024) == 0
    # 乙 was warned in 2023 only
    assert history.warnings("乙", "市级文明单位", 2024) == 1
    assert history.warnings("甲", "市级文明单位", 2024) == 0


def test_the_same_history_in_toml(tmp_path: Path) -> None:
    toml = "\n".join(
        f'[[records]]\nunit = "{u}"\ntitle = "{t}"\nlevel = "{lv}"\nperiod = {p}\n'
        f'outcome = "{o}"\ndate = {d}\n'
        for u, t, lv, p, o, d in (line.split(",") for line in CSV.splitlines()[1:]))
    history = load_history(write(tmp_path, "h.toml", toml), units=UNITS)
    assert history.holders("市级文明单位", 2023) == ("丁", "乙", "甲")


def test_a_malformed_date_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", CSV.replace("2023-12-20", "2023-13-20", 1))
    with pytest.raises(CampaignError, match="'2023-13-20' is not a date") as info:
        load_history(path, units=UNITS)
    assert (info.value.source, info.value.path) == (path, "line 3.date")
    toml = ('[[records]]\nunit = "甲"\ntitle = "t"\nperiod = 2023\noutcome = "kept"\n'
            'date = "2023/12/20"\n')
    with pytest.raises(CampaignError) as info:
        load_history(write(tmp_path, "h.toml", toml))
    assert info.value.path == "$.records[0].date"


def test_an_unknown_unit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", CSV.replace("丙", "丙丙"))
    with pytest.raises(CampaignError, match="'丙丙' is not among the campaign's units") as info:
        load_history(path, units=UNITS)
    assert info.value.path == "line 6.unit"


def test_other_bad_records(tmp_path: Path) -> None:
    with pytest.raises(CampaignError, match="starts with the header"):
        load_history(write(tmp_path, "a.csv", "unit,title\n"))
    with pytest.raises(CampaignError, match="expected 6 columns, found 5") as info:
        load_history(write(tmp_path, "b.csv", CSV + "甲,t,city,2024,kept\n"))
    assert info.value.path == "line 9"
    with pytest.raises(CampaignError, match="not a year") as info:
        load_history(write(tmp_path, "c.csv", CSV.replace(",2021,", ",21年,")))
    with pytest.raises(CampaignError) as info:
        load_history(write(tmp_path, "d.csv", CSV.replace("revoked", "removed")))
    assert info.value.path == "line 6.outcome"


def test_a_title_lapses_after_its_term() -> None:
    from civscore.campaign.history import History, TitleRecord

    def record(year: int, outcome: str, unit: str = "甲") -> TitleRecord:
        return TitleRecord(unit, "市级文明单位", year, outcome,  # type: ignore[arg-type]
                           datetime.date(year, 12, 20))

    # 五年届满 shortened to 3: awarded 2020 (kept 2021) holds 2020, 2021, 2022; lapses 2023
    history = History((record(2020, "awarded"), record(2021, "kept"),
                       record(2021, "awarded", "乙"), record(2022, "revoked", "乙")))
    assert [history.held("甲", "市级文明单位", y, lapse=3) for y in range(2019, 2024)] == [
        False, True, True, True, False]
    # yearly records alone: 甲 holds only in the years it has a record (2020, 2021)
    assert [history.held("甲", "市级文明单位", y) for y in range(2019, 2024)] == [
        False, True, True, False, False]
    # 乙 awarded 2021, revoked 2022: not held in 2022 nor after
    assert [history.held("乙", "市级文明单位", y, lapse=3) for y in (2021, 2022, 2023)] == [
        True, False, False]
    assert history.years_held("甲", "市级文明单位", 2023, lapse=3) == 3
    assert history.holders("市级文明单位", 2022, lapse=3) == ("甲",)


def test_two_records_of_one_unit_title_and_year_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text("unit,title,level,period,outcome,date\n"
                    "某局,市级文明单位,city,2023,kept,2023-12-20\n"
                    "某局,市级文明单位,city,2023,revoked,2023-12-21\n", encoding="utf-8")
    with pytest.raises(CampaignError) as info:
        load_history(str(path))
    # kept and revoked in the same year: which is it?
    assert (info.value.source, info.value.path) == (str(path), "line 3")
    assert "line 2" in info.value.message
