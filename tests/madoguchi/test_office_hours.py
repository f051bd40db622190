from __future__ import annotations

from datetime import datetime

import pytest

from madoguchi.clock import JST
from madoguchi.office_hours import describe_opening, is_open, next_opening
from madoguchi.profile import default_profile


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=JST)


@pytest.mark.parametrize(
    "moment, expected",
    [
        ("2026-12-01 08:29", False),  # Tuesday, before opening
        ("2026-12-01 08:30", True),
        ("2026-12-01 17:14", True),
        ("2026-12-01 17:15", False),
        ("2026-11-28 10:00", False),  # Saturday
        ("2026-11-23 10:00", False),  # 勤労感謝の日
        ("2026-12-29 10:00", False),  # year-end break, a Tuesday
        ("2027-01-04 10:00", True),  # first working day of the year
    ],
)
def test_is_open(moment, expected):
    assert is_open(at(moment), default_profile()) is expected


@pytest.mark.parametrize(
    "moment, opening, text",
    [
        ("2026-12-01 07:00", "2026-12-01 08:30", "本日12月1日（火）8時30分"),
        ("2026-12-01 18:00", "2026-12-02 08:30", "明日12月2日（水）8時30分"),
        ("2026-11-21 12:00", "2026-11-24 08:30", "11月24日（火）8時30分"),  # Sat, Sun, then a holiday Monday
        ("2026-12-28 18:00", "2027-01-04 08:30", "1月4日（月）8時30分"),
    ],
)
def test_next_opening(moment, opening, text):
    now = at(moment)
    result = next_opening(now, default_profile())
    assert result == at(opening)
    assert describe_opening(result, now) == text
