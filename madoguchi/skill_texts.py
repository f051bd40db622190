"""The collection-day and moving-checklist skills in the resident's language.

faq_corpus/translations/<language>/skills.yml holds the words (weekdays, months, how a
date and a collection rule are written, each line of the answers) and the moving
checklist's procedures, keyed by their Japanese name in faq_corpus/moving_checklist.yml.
The facts stay the Japanese data's: the calendar's rules and dates, the districts, which
procedures a household needs and by when. A language without the file is answered with the
Japanese texts, as before.

District names are the Japanese ones, as on the city's signs and the collection point's
board, with the name in the resident's letters beside them (`districts`: 東町 →
Higashimachi, 히가시마치), as a city's multilingual page writes 「Higashimachi (東町)」; the
residents may type either. A district without such a name (an imported city's) is read by
Sudachi where the language says how (`district_reading`: `romaji` 「Honcho 1–3-chome (本町１～３丁目)」,
`hangul` 「혼초 1~3초메(本町１～３丁目)」, `kana` 「本町（ほんちょう）１～３丁目」;
madoguchi/district_reading.py), else shown as on the sign.
Remarks of the calendar (`remarks`, keyed by their Japanese text) are translated where
staff wrote them, and said in Japanese otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from madoguchi import district_reading
from madoguchi.calendar5374 import Schedule
from madoguchi.corpus.model import display_path
from madoguchi.corpus.yamlines import safe_load
from madoguchi.file_stamps import files_in_folders, modification_times
from madoguchi.japanese import DataFileError
from madoguchi.paths import CORPUS_DIR

TRANSLATIONS_DIR = CORPUS_DIR / "translations"
FILE_NAME = "skills.yml"
LISTS = {"weekdays": 7, "weekdays_short": 7, "months": 12, "ordinals": 5}
# `district_reading`: Latin letters, Hangul (Korean), or kana after the kanji (やさしい日本語)
READINGS = ("romaji", "hangul", "kana")
FORMATS = (
    "and", "list", "date", "date_weekday", "today", "tomorrow", "every_week", "nth_weekday", "in_months",
    "extra_dates", "only_dates", "no_fixed_day", "next", "no_next", "collection_line", "remark",
    "closure_period", "until", "from", "checklist_line",
)  # fmt: skip


@dataclass(frozen=True)
class SkillTexts:
    lists: Dict[str, Tuple[str, ...]]
    formats: Dict[str, str]
    moving: Dict[str, Tuple[str, str]]  # Japanese procedure name -> (name, deadline text)
    districts: Dict[str, str] = field(default_factory=dict)  # Japanese district name -> in this language's letters
    remarks: Dict[str, str] = field(default_factory=dict)  # a calendar remark in Japanese -> translated
    district_reading: str = ""  # how a district without a name in `districts` is read: romaji, hangul, kana, or not

    def date(self, day: datetime.date, weekday: bool = False) -> str:
        fields = {
            "day": day.day, "month": day.month, "month_name": self.lists["months"][day.month - 1],
            "weekday": self.lists["weekdays"][day.weekday()], "weekday_short": self.lists["weekdays_short"][day.weekday()],
        }  # fmt: skip
        return self.formats["date_weekday" if weekday else "date"].format(**fields)

    def date_from_today(self, day: datetime.date, today: datetime.date) -> str:
        """「today (Tue, December 1)」: today and tomorrow said so, other days by date and weekday."""
        text = self.date(day, weekday=True)
        relative = {0: "today", 1: "tomorrow"}.get((day - today).days)
        return self.formats[relative].format(date=text) if relative else text

    def _joined(self, words: List[str]) -> str:
        if len(words) <= 2:
            return self.formats["and"].join(words)
        return self.formats["list"].join(words[:-1]) + self.formats["and"] + words[-1]

    def schedule(self, schedule: Schedule) -> str:
        """The calendar rule as Schedule.describe() says it in Japanese: every Tuesday and
        Friday; the 2nd and 4th Thursday of the month; also on January 9."""
        weekly: Dict[FrozenSet[int], List[int]] = {}
        monthly: Dict[Tuple[int, FrozenSet[int]], List[int]] = {}
        for rule in schedule.rules:
            if rule.nth is None:
                weekly.setdefault(rule.months, []).append(rule.weekday)
            else:
                monthly.setdefault((rule.weekday, rule.months), []).append(rule.nth)
        parts = []
        for months, weekdays in weekly.items():
            rule_text = self.formats["every_week"].format(weekdays=self._joined([self.lists["weekdays"][w] for w in weekdays]))
            parts.append(self._in_months(months, rule_text))
        for (weekday, months), nths in monthly.items():
            ordinals = self._joined([self.lists["ordinals"][n - 1] for n in sorted(nths)])
            rule_text = self.formats["nth_weekday"].format(nths=ordinals, weekday=self.lists["weekdays"][weekday])
            parts.append(self._in_months(months, rule_text))
        if schedule.extra_dates:
            dates = self._joined([self.date(d) for d in sorted(schedule.extra_dates)])
            parts.append(self.formats["extra_dates" if schedule.rules else "only_dates"].format(dates=dates))
        return self.formats["list"].join(parts)

    def _in_months(self, months: FrozenSet[int], rule_text: str) -> str:
        if not months:
            return rule_text
        names = self._joined([self.lists["months"][m - 1] for m in sorted(months, key=lambda m: (m - 4) % 12)])
        return self.formats["in_months"].format(months=names, rule=rule_text)

    def district(self, name: str) -> str:
        """「Higashimachi (東町)」: the name in the resident's letters beside the sign's, or the sign's alone."""
        if self.district_reading == "kana" and name not in self.districts:
            return district_reading.with_readings(name)
        local = self._local(name, spoken=False)
        return self.formats["district"].format(local=local, name=name) if local != name else name

    def spoken_district(self, name: str) -> str:
        """The district as the language's voice reads it: the resident's letters alone."""
        return self._local(name, spoken=True)

    def _local(self, name: str, spoken: bool) -> str:
        local = self.districts.get(name)
        if local is None and self.district_reading == "romaji":
            local = district_reading.romanized(name)
        elif local is None and self.district_reading == "hangul":  # the Korean voice says 1~3 as 1에서 3
            local = district_reading.in_hangul(name, spoken)
        return local or name

    def remark(self, text: str) -> str:
        return self.remarks.get(text, text)

    def procedure(self, name: str, deadline: str) -> Tuple[str, str]:
        """A checklist procedure's name and deadline text; the Japanese ones where none is written."""
        return self.moving.get(name, (name, deadline))


def load_skill_texts(path: Path) -> SkillTexts:
    where = display_path(path)
    data: Any = safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise DataFileError(f"{where}:1: expected a mapping")
    lists: Dict[str, Tuple[str, ...]] = {}
    for key, length in LISTS.items():
        value = data.get(key)
        if not isinstance(value, list) or len(value) != length or not all(isinstance(v, str) and v for v in value):
            raise DataFileError(f"{where}: '{key}' must list {length} texts")
        lists[key] = tuple(value)
    missing = [key for key in FORMATS if not isinstance(data.get(key), str)]
    if missing:
        raise DataFileError(f"{where}: missing {', '.join(missing)}")
    moving = data.get("moving") or {}
    if not isinstance(moving, dict) or not all(isinstance(v, list) and len(v) == 2 for v in moving.values()):
        raise DataFileError(f"{where}: 'moving' must map each procedure to [name, deadline]")
    formats = {key: str(data[key]) for key in FORMATS}
    formats["district"] = str(data.get("district") or "{local} ({name})")
    reading = data.get("district_reading") or ""
    if reading and reading not in READINGS:
        raise DataFileError(f"{where}: 'district_reading' must be one of {', '.join(READINGS)}, not {reading!r}")
    return SkillTexts(
        lists, formats, {str(k): (str(v[0]), str(v[1])) for k, v in moving.items()},
        _names(data, "districts", where), _names(data, "remarks", where), str(reading),
    )  # fmt: skip


def _names(data: Dict[str, Any], key: str, where: str) -> Dict[str, str]:
    """An optional mapping of Japanese texts to this language's."""
    value = data.get(key) or {}
    if not isinstance(value, dict) or not all(isinstance(v, str) and v for v in value.values()):
        raise DataFileError(f"{where}: '{key}' must map each Japanese name to a text")
    return {str(k): v for k, v in value.items()}


def _stamp(folder: Path) -> Tuple[Tuple[str, int], ...]:
    return modification_times(files_in_folders(folder, FILE_NAME))


@lru_cache(maxsize=2)
def _load(folder: Path, stamp: Tuple[Tuple[str, int], ...]) -> Dict[str, SkillTexts]:
    return {path.parent.name: load_skill_texts(path) for path in sorted(folder.glob(f"*/{FILE_NAME}"))}


def district_names(folder: Path = TRANSLATIONS_DIR) -> Dict[str, List[Tuple[str, str]]]:
    """Every language's names of each district (東町 → [(en, Higashimachi), (ko, 히가시마치) …]),
    for finding a district typed so."""
    names: Dict[str, List[Tuple[str, str]]] = {}
    for language, texts in _load(folder, _stamp(folder)).items():
        for district, local in texts.districts.items():
            names.setdefault(district, []).append((language, local))
    return names


def skill_texts(language: Optional[str], folder: Path = TRANSLATIONS_DIR) -> Optional[SkillTexts]:
    """The skills' words in a language; None for Japanese and languages without them."""
    return _load(folder, _stamp(folder)).get(language or "")
