"""When the city hall counters are open: weekdays within the profile's hours, except
national holidays (jpholiday) and the year-end break 12/29–1/3."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import jpholiday

from madoguchi.clock import JST
from madoguchi.profile import CityProfile

_WEEKDAYS = "月火水木金土日"


def is_year_end_break(day: date) -> bool:
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and not jpholiday.is_holiday(day) and not is_year_end_break(day)


def is_open(moment: datetime, profile: CityProfile) -> bool:
    local = moment.astimezone(JST)
    return is_business_day(local.date()) and profile.opens <= local.time() < profile.closes


def next_opening(moment: datetime, profile: CityProfile) -> datetime:
    """The next time the counters open (now, if they are open)."""
    local = moment.astimezone(JST)
    if is_open(local, profile):
        return local
    day = local.date()
    if is_business_day(day) and local.time() < profile.opens:
        return datetime.combine(day, profile.opens, JST)
    day += timedelta(days=1)
    while not is_business_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, profile.opens, JST)


def describe_opening(opening: datetime, now: datetime, language: str = "ja") -> str:
    """「明日11月24日（火）8時30分」: when the office opens, as a resident reads it.

    In English: "tomorrow, Tuesday, November 24, at 8:30 a.m."; other languages read the Japanese form.
    """
    local_now = now.astimezone(JST)
    days = (opening.date() - local_now.date()).days
    if language == "en":
        return _describe_opening_en(opening, days)
    prefix = {0: "本日", 1: "明日"}.get(days, "")
    minute = f"{opening.minute}分" if opening.minute else ""
    weekday = _WEEKDAYS[opening.weekday()]
    return f"{prefix}{opening.month}月{opening.day}日（{weekday}）{opening.hour}時{minute}"


def _describe_opening_en(opening: datetime, days: int) -> str:
    prefix = {0: "today, ", 1: "tomorrow, "}.get(days, "")
    hour = opening.hour % 12 or 12
    clock = f"{hour}:{opening.minute:02d}" if opening.minute else f"{hour}"
    noon = "a.m." if opening.hour < 12 else "p.m."
    return f"{prefix}{opening:%A, %B} {opening.day}, at {clock} {noon}"
