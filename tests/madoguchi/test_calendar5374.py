"""The 5374 calendar: every cell syntax, exact dates, and exact errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from madoguchi.calendar5374 import DayRule, Schedule, load_calendar, parse_cell
from madoguchi.districts import CALENDAR_FILE, DISTRICTS_FILE
from madoguchi.japanese import DataFileError


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_weekly_days():
    schedule = parse_cell("月 木")
    assert schedule == Schedule((DayRule(0), DayRule(3)), frozenset())
    assert schedule.next_dates(d("2026-12-01"), 3) == [d("2026-12-03"), d("2026-12-07"), d("2026-12-10")]
    assert schedule.describe() == "毎週月曜日・木曜日"


def test_nth_weekday_of_the_month():
    schedule = parse_cell("水2 水4")
    assert schedule.next_dates(d("2026-12-01"), 3) == [d("2026-12-09"), d("2026-12-23"), d("2027-01-13")]
    assert schedule.describe() == "第2・第4水曜日"


def test_the_month_list_applies_to_the_whole_cell_as_in_the_5374_app():
    schedule = parse_cell("火2 金4:4 6 8 10 12 2")
    even = frozenset({4, 6, 8, 10, 12, 2})
    assert schedule.rules == (DayRule(1, 2, even), DayRule(4, 4, even))
    # January is not listed: nothing from 12/25 to 2/9
    assert schedule.next_dates(d("2026-12-01"), 4) == [d("2026-12-08"), d("2026-12-25"), d("2027-02-09"), d("2027-02-26")]
    assert schedule.describe() == "4・6・8・10・12・2月の第2火曜日、4・6・8・10・12・2月の第4金曜日"


@pytest.mark.parametrize(
    "cell, rules",
    [
        ("火２", (DayRule(1, 2),)),  # full-width digit
        ("2土 4土", (DayRule(5, 2), DayRule(5, 4))),  # number first, as some cities write it
        ("月曜　木曜日", (DayRule(0), DayRule(3))),  # full-width space, 曜/曜日
        ("Mon Thu3", (DayRule(0), DayRule(3, 3))),  # the en-US folder
        ("金4：4 6", (DayRule(4, 4, frozenset({4, 6})),)),  # full-width colon
        ("月 月", (DayRule(0),)),  # a day written twice counts once
    ],
)
def test_cells_as_cities_write_them(cell, rules):
    assert parse_cell(cell).rules == rules


def test_remark_rows_and_empty_cells():
    remarks = {"1": "一部の集合住宅では曜日が異なります。"}
    noted = parse_cell("火 木 *1", remarks)
    assert noted.rules == (DayRule(1), DayRule(3)) and noted.remarks == ("一部の集合住宅では曜日が異なります。",)
    only_remark = parse_cell("*1", remarks)
    assert only_remark.rules == () and only_remark.next_dates(d("2026-12-01")) == []
    assert parse_cell("").describe() == ""  # no collection of this kind in the district
    with pytest.raises(ValueError, match="remarks.csv has no remark 2"):
        parse_cell("*2", remarks)


def test_irregular_dates_are_added():
    schedule = parse_cell("水2 20261205")
    assert schedule.next_dates(d("2026-12-01"), 2) == [d("2026-12-05"), d("2026-12-09")]


def test_no_collection_over_the_new_year():
    schedule = parse_cell("月 木")
    # 12/31 (Thu) and 1/1 (Fri) are skipped; the next Monday is 1/4
    assert schedule.next_dates(d("2026-12-29"), 2) == [d("2027-01-04"), d("2027-01-07")]


@pytest.mark.parametrize(
    "cell, message",
    [
        ("月 x", "cannot read 'x'"),
        ("月6", "cannot read '月6'"),
        ("土 管路", "cannot read '管路'"),
        ("金4:13", "'金4:13': months must be 1 to 12"),
        ("金4:", "'金4:': no month after ':'"),
        ("20261341", "'20261341' is not a date"),
    ],
)
def test_malformed_cells_are_rejected(cell, message):
    with pytest.raises(ValueError) as error:
        parse_cell(cell)
    assert str(error.value) == message


def test_a_malformed_file_is_reported_with_file_and_line(tmp_path: Path):
    path = tmp_path / "area_days.csv"
    path.write_text("地名,センター,燃やすごみ\n東町,センター,月 木\n西町,センター,月 x\n", encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_calendar(path)
    assert str(error.value) == f"{path}:3: 燃やすごみ: cannot read 'x'"


def test_the_city_calendar_loads_and_every_district_has_a_reading():
    calendar = load_calendar(CALENDAR_FILE)
    assert len(calendar.districts) >= 10
    assert calendar.kinds == ["燃やすごみ", "燃やさないごみ", "資源物", "有害・危険ごみ"]
    names = {line.split(",")[0] for line in DISTRICTS_FILE.read_text(encoding="utf-8").splitlines()[1:] if line}
    assert names == set(calendar.districts)
