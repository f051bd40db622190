"""Waste collection calendar in Code for Japan 5374's `area_days.csv` format.

Header: 地名,センター, then one column per waste kind. A cell is a space-separated list:

    月 木                  every Monday and Thursday
    水2                    the 2nd Wednesday of each month
    金4:4 6 8 10 12 2      the 4th Friday, only in the listed months
    20261205               an extra, irregular date (YYYYMMDD)

City rule (holiday_schedule FAQ): no collection from 12/31 to 1/3; national holidays are
collected as usual.
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple

from madoguchi.corpus.model import display_path
from madoguchi.japanese import DataFileError

WEEKDAYS = "月火水木金土日"
_DAY = re.compile(r"^([月火水木金土日])([1-5])?(?::(\d{1,2}))?$")
_DATE = re.compile(r"^\d{8}$")
_MONTH = re.compile(r"^\d{1,2}$")


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


@dataclass(frozen=True)
class Schedule:
    rules: Tuple[DayRule, ...] = ()
    extra_dates: FrozenSet[datetime.date] = frozenset()

    def is_collection_day(self, day: datetime.date) -> bool:
        if is_collection_break(day):
            return False
        return day in self.extra_dates or any(rule.matches(day) for rule in self.rules)

    def next_dates(self, start: datetime.date, count: int = 1, horizon_days: int = 400) -> List[datetime.date]:
        found = []
        for offset in range(horizon_days):
            day = start + datetime.timedelta(days=offset)
            if self.is_collection_day(day):
                found.append(day)
                if len(found) == count:
                    break
        return found

    def describe(self) -> str:
        """「毎週月曜日・木曜日」「第2・第4水曜日」 as a resident reads it."""
        weekly = [r for r in self.rules if r.nth is None]
        monthly = [r for r in self.rules if r.nth is not None]
        parts = []
        if weekly:
            parts.append("毎週" + "・".join(f"{WEEKDAYS[r.weekday]}曜日" for r in weekly))
        by_day: Dict[Tuple[int, FrozenSet[int]], List[int]] = {}
        for rule in monthly:
            by_day.setdefault((rule.weekday, rule.months), []).append(rule.nth or 0)
        for (weekday, months), nths in by_day.items():
            text = "・".join(f"第{n}" for n in sorted(nths)) + f"{WEEKDAYS[weekday]}曜日"
            if months:
                text = "・".join(str(m) for m in sorted(months, key=lambda m: (m - 4) % 12)) + "月の" + text
            parts.append(text)
        if self.extra_dates:
            extra = "・".join(f"{d.month}月{d.day}日" for d in sorted(self.extra_dates))
            parts.append(f"臨時に{extra}")
        return "、".join(parts)


def is_collection_break(day: datetime.date) -> bool:
    return (day.month == 12 and day.day == 31) or (day.month == 1 and day.day <= 3)


def parse_cell(cell: str) -> Schedule:
    """One calendar cell; raises ValueError with the offending token."""
    rules: List[DayRule] = []
    dates = set()
    tokens = cell.split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if _DATE.match(token):
            try:
                dates.add(datetime.datetime.strptime(token, "%Y%m%d").date())
            except ValueError:
                raise ValueError(f"'{token}' is not a date") from None
            i += 1
            continue
        match = _DAY.match(token)
        if not match:
            raise ValueError(f"cannot read '{token}'")
        weekday, nth, first_month = match.groups()
        months = set()
        i += 1
        if first_month is not None:
            if nth is None:
                raise ValueError(f"'{token}': a month list needs a week number (e.g. 火2:4 6)")
            months.add(int(first_month))
            while i < len(tokens) and _MONTH.match(tokens[i]):
                months.add(int(tokens[i]))
                i += 1
            if not all(1 <= m <= 12 for m in months):
                raise ValueError(f"'{token}': months must be 1 to 12")
        rules.append(DayRule(WEEKDAYS.index(weekday), int(nth) if nth else None, frozenset(months)))
    if not rules and not dates:
        raise ValueError("empty cell")
    return Schedule(tuple(rules), frozenset(dates))


@dataclass
class CollectionCalendar:
    kinds: List[str]  # column names: 燃やすごみ, 燃やさないごみ, ...
    districts: Dict[str, Dict[str, Schedule]] = field(default_factory=dict)
    centers: Dict[str, str] = field(default_factory=dict)

    def schedule(self, district: str, kind: str) -> Schedule:
        return self.districts[district][kind]


def load_calendar(path: Path) -> CollectionCalendar:
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
        calendar.districts[district] = schedules
        calendar.centers[district] = center
    return calendar
