"""Waste collection calendar in Code for Japan 5374's `area_days.csv` format.

Header: 地名, センター (or a district group, or blank), then one column per waste kind. A cell
is a space-separated list, as the 5374 app reads it:

    月 木                  every Monday and Thursday
    水2                    the 2nd Wednesday of each month (also written 2水)
    火2 金4:4 6 8 10 12 2  2nd Tuesday and 4th Friday, only in the months after the colon
                           (the 5374 app applies the month list to the whole cell)
    20261205               an extra, irregular date (YYYYMMDD)
    *1                     remark 1 of remarks.csv (shown with the days; alone: no fixed day)
    (empty)                no collection of this kind in the district

Cities publish full-width digits (火２), full-width spaces and 曜/曜日 suffixes: they are
read as the same. No collection on a day the district's centre is closed (center.csv); the
sample city's own rule is no collection from 12/31 to 1/3 (holiday_schedule FAQ).
"""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, FrozenSet, List, Mapping, Optional, Tuple

from madoguchi.corpus.model import display_path
from madoguchi.japanese import DataFileError

WEEKDAYS = "月火水木金土日"
_ENGLISH_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = re.compile(r"^(?:([1-5])([月火水木金土日])|([月火水木金土日])(?:曜日?)?([1-5])?)$")
_ENGLISH_DAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?([1-5])?$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})/?(\d{1,2})/?(\d{1,2})$")
_REMARK = re.compile(r"^\*(\w+)$")

Closed = Callable[[datetime.date], bool]


@dataclass(frozen=True)
class DayRule:
    weekday: int  # Monday = 0
    nth: Optional[int] = None  # None: every week
    months: FrozenSet[int] = frozenset()  # empty: every month

    def matches(self, day: datetime.date) -> bool:
        if day.weekday() != self.weekday:
            return False
        if self.months and day.month not in self.months:
            return False
        return self.nth is None or (day.day - 1) // 7 + 1 == self.nth


def is_collection_break(day: datetime.date) -> bool:
    """The sample city's rule: no collection from 12/31 to 1/3."""
    return (day.month == 12 and day.day == 31) or (day.month == 1 and day.day <= 3)


def _months_text(months: FrozenSet[int]) -> str:
    return "・".join(str(m) for m in sorted(months, key=lambda m: (m - 4) % 12)) + "月の"


@dataclass(frozen=True)
class Schedule:
    rules: Tuple[DayRule, ...] = ()
    extra_dates: FrozenSet[datetime.date] = frozenset()
    remarks: Tuple[str, ...] = ()  # the city's remark texts for this cell

    def is_collection_day(self, day: datetime.date, closed: Closed = is_collection_break) -> bool:
        if closed(day):
            return False
        return day in self.extra_dates or any(rule.matches(day) for rule in self.rules)

    def next_dates(
        self, start: datetime.date, count: int = 1, horizon_days: int = 400, closed: Closed = is_collection_break
    ) -> List[datetime.date]:
        found: List[datetime.date] = []
        if not self.rules and not self.extra_dates:
            return found
        for offset in range(horizon_days):
            day = start + datetime.timedelta(days=offset)
            if self.is_collection_day(day, closed):
                found.append(day)
                if len(found) == count:
                    break
        return found

    def describe(self) -> str:
        """「毎週月曜日・木曜日」「第2・第4水曜日」 as a resident reads it."""
        parts = []
        weekly: Dict[FrozenSet[int], List[int]] = {}
        monthly: Dict[Tuple[int, FrozenSet[int]], List[int]] = {}
        for rule in self.rules:
            if rule.nth is None:
                weekly.setdefault(rule.months, []).append(rule.weekday)
            else:
                monthly.setdefault((rule.weekday, rule.months), []).append(rule.nth)
        for months, weekdays in weekly.items():
            text = "毎週" + "・".join(f"{WEEKDAYS[w]}曜日" for w in weekdays)
            parts.append(_months_text(months) + text if months else text)
        for (weekday, months), nths in monthly.items():
            text = "・".join(f"第{n}" for n in sorted(nths)) + f"{WEEKDAYS[weekday]}曜日"
            parts.append(_months_text(months) + text if months else text)
        if self.extra_dates:
            extra = "・".join(f"{d.month}月{d.day}日" for d in sorted(self.extra_dates))
            parts.append(f"臨時に{extra}" if self.rules else extra)
        return "、".join(parts)


def _normalize(cell: str) -> str:
    """Full-width digits, colons and spaces as ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", cell).strip()


def _day_rule(token: str) -> Optional[DayRule]:
    match = _DAY.match(token)
    if match:
        nth_first, day_after, day, nth = match.groups()
        weekday = WEEKDAYS.index(day_after or day)
        number = nth_first or nth
        return DayRule(weekday, int(number) if number else None)
    english = _ENGLISH_DAY.match(token)
    if english:
        weekday = _ENGLISH_WEEKDAYS.index(english.group(1).lower())
        return DayRule(weekday, int(english.group(2)) if english.group(2) else None)
    return None


def _date(token: str) -> Optional[datetime.date]:
    match = _DATE.match(token)
    if not match or ("/" not in token and len(token) != 8):
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(f"'{token}' is not a date") from None


def _month_list(text: str, whole: str) -> FrozenSet[int]:
    months = set()
    for token in text.replace(",", " ").split():
        if not token.isdigit() or not 1 <= int(token) <= 12:
            raise ValueError(f"'{whole}': months must be 1 to 12")
        months.add(int(token))
    if not months:
        raise ValueError(f"'{whole}': no month after ':'")
    return frozenset(months)


def parse_cell(cell: str, remarks: Mapping[str, str] = {}) -> Schedule:
    """One calendar cell; raises ValueError naming the token it cannot read."""
    text = _normalize(cell)
    days_part, colon, months_part = text.partition(":")
    months = _month_list(months_part, text) if colon else frozenset()
    rules: List[DayRule] = []
    dates = set()
    notes: List[str] = []
    for token in days_part.split():
        rule = _day_rule(token)
        if rule is not None:
            rules.append(DayRule(rule.weekday, rule.nth, months))
            continue
        day = _date(token)
        if day is not None:
            dates.add(day)
            continue
        remark = _REMARK.match(token)
        if remark:
            if remark.group(1) not in remarks:
                raise ValueError(f"'{token}': remarks.csv has no remark {remark.group(1)}")
            notes.append(remarks[remark.group(1)])
            continue
        raise ValueError(f"cannot read '{token}'")
    return Schedule(tuple(dict.fromkeys(rules)), frozenset(dates), tuple(notes))


@dataclass(frozen=True)
class Closure:
    """A centre's closed days (center.csv): no collection from start to end, both included."""

    start: datetime.date
    end: datetime.date


@dataclass
class CollectionCalendar:
    kinds: List[str]  # column names: 燃やすごみ, 燃やさないごみ, ...
    districts: Dict[str, Dict[str, Schedule]] = field(default_factory=dict)
    centers: Dict[str, str] = field(default_factory=dict)
    closures: Dict[str, Tuple[Closure, ...]] = field(default_factory=dict)  # by centre name
    year_end_break: bool = True  # the sample city's 12/31-1/3 rule; imported cities use center.csv

    def schedule(self, district: str, kind: str) -> Schedule:
        return self.districts[district][kind]

    def closed(self, district: str) -> Closed:
        closures = self.closures.get(self.centers.get(district, ""), ())
        year_end = self.year_end_break

        def is_closed(day: datetime.date) -> bool:
            return (year_end and is_collection_break(day)) or any(c.start <= day <= c.end for c in closures)

        return is_closed

    def next_dates(self, district: str, kind: str, start: datetime.date, count: int = 1) -> List[datetime.date]:
        return self.schedule(district, kind).next_dates(start, count, closed=self.closed(district))


def load_calendar(path: Path) -> CollectionCalendar:
    """The sample city's calendar (faq_corpus/collection_calendar.csv, UTF-8, strict)."""
    where = display_path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or rows[0][:2] != ["地名", "センター"] or len(rows[0]) < 3:
        raise DataFileError(f"{where}:1: header must be 地名,センター, then one column per waste kind")
    kinds = rows[0][2:]
    calendar = CollectionCalendar(kinds=kinds)
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(rows[0]):
            raise DataFileError(f"{where}:{number}: expected {len(rows[0])} columns, got {len(row)}")
        district, center = row[0].strip(), row[1].strip()
        if district in calendar.districts:
            raise DataFileError(f"{where}:{number}: district '{district}' appears twice")
        schedules = {}
        for kind, cell in zip(kinds, row[2:]):
            try:
                schedules[kind] = parse_cell(cell)
            except ValueError as error:
                raise DataFileError(f"{where}:{number}: {kind}: {error}") from None
            if not schedules[kind].rules and not schedules[kind].extra_dates:
                raise DataFileError(f"{where}:{number}: {kind}: empty cell")
        calendar.districts[district] = schedules
        calendar.centers[district] = center
    return calendar
