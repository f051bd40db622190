"""The moving checklist: household facts from what residents say, and the procedures they need.

Residents often answer several questions at once (「来月市外に引っ越します、子どもが2人と
犬がいます」), so every fact is looked for in every message. The procedures and their texts
come from faq_corpus/moving_checklist.yml.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from madoguchi.paths import CORPUS_DIR

CHECKLIST_FILE = CORPUS_DIR / "moving_checklist.yml"
UNDECIDED = "undecided"

_MOVE_TYPES = [  # checked in this order: the first that matches wins
    ("out", r"市外へ|市外に|県外へ|県外に|他の市へ|他の市に|他県へ|他県に|転出|出ていく|出て行く|よその市へ|実家に戻る"),
    ("in", r"市外から|県外から|他の市から|他県から|引っ越してき|越してき|転入|こちらに来|引っ越して来"),
    ("within", r"市内で|市内の|市内に|同じ市|市内引っ越し|転居"),
]
_NEGATION = (
    r"(い?ない|いません|ありません|おりません|なし|無し|おらず|飼っていない|飼ってない"
    r"|入っていない|入ってない|していない|してない|しない|しません|不要)"
)
_CHILD = r"(子ども|子供|こども|子|息子|娘|赤ちゃん)"
_PRESCHOOL = r"赤ちゃん|乳児|幼児|未就学|保育園|保育所|幼稚園|こども園|(?<![0-9])[0-5]歳"
_SCHOOL = r"小学|中学|高校|(?<![0-9])([6-9]|1[0-8])歳"
_DOG = r"(犬|いぬ|イヌ|わんちゃん|ワンちゃん|愛犬)"
_INSURANCE_YES = r"(国保|国民健康保険|国民年金)"
_INSURANCE_NO = r"会社の(健康)?保険|社会保険|社保|扶養|共済|協会けんぽ"
_SEAL = r"(印鑑登録|実印|印鑑証明)"
# What an unsure answer means for each question: the date is undecided; a procedure that
# may apply is listed (a household can skip it, but should not miss it).
UNSURE_ANSWERS: Dict[str, Any] = {
    "move_date": UNDECIDED,
    "children": "yes",
    "dog": True,
    "national_insurance": True,
    "seal_registration": True,
}


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _negated(text: str, word: str) -> Optional[bool]:
    """None if the word is absent; True if it is followed closely by a negation."""
    match = re.search(word, text)
    if not match:
        return None
    return bool(re.search(_NEGATION, text[match.end() : match.end() + 12]))


_BARE_YES = r"(はい|うん|ええ|いる|います|いた|ある|あります|してる|しています|入ってる|入っています)"
_BARE_NO = r"(いいえ|いえ|ううん|いない|いません|ない|ありません|なし|無し|してない|していない|しません|入ってない|入っていない)"


def bare_answer(text: str) -> Optional[bool]:
    """A yes or no said alone (「いない」「あります」), for the question just asked."""
    text = _normalize(text).strip(" 　。、！!")
    if re.fullmatch(_BARE_NO + r"(です|よ)?", text):
        return False
    if re.fullmatch(_BARE_YES + r"(です|よ)?", text):
        return True
    return None


def move_type(text: str) -> Optional[str]:
    text = _normalize(text)
    return next((kind for kind, pattern in _MOVE_TYPES if re.search(pattern, text)), None)


def move_date(text: str, today: datetime.date) -> Optional[str]:
    """An ISO date, a month ("2026-12"), "undecided", or None when nothing is said."""
    text = _normalize(text)
    if re.search(r"未定|決まっていない|決まってない|まだわから|わかりません|分かりません", text):
        return UNDECIDED
    full = re.search(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", text)
    if full:
        year = int(full.group(1) or today.year)
        try:
            day = datetime.date(year, int(full.group(2)), int(full.group(3)))
        except ValueError:
            return None
        if not full.group(1) and (today - day).days > 60:
            day = day.replace(year=year + 1)  # 「1月10日」 said in December is next year
        return day.isoformat()
    relative = {"今日": 0, "きょう": 0, "本日": 0, "明日": 1, "あした": 1, "明後日": 2, "あさって": 2, "昨日": -1}
    for word, days in relative.items():
        if word in text:
            return (today + datetime.timedelta(days=days)).isoformat()
    ahead = _weekday_or_days_ahead(text, today)
    if ahead is not None:
        return ahead.isoformat()
    months_ahead = 2 if "再来月" in text else 1 if "来月" in text else 0 if "今月" in text else None
    if months_ahead is not None:
        month_index = today.month - 1 + months_ahead
        year, month = today.year + month_index // 12, month_index % 12 + 1
        day_match = re.search(r"(?:来月|今月)の?(\d{1,2})日", text)
        if day_match:
            return datetime.date(year, month, min(int(day_match.group(1)), calendar.monthrange(year, month)[1])).isoformat()
        if re.search(r"末", text):
            return datetime.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
        return f"{year:04d}-{month:02d}"
    return None


_WEEKDAYS = "月火水木金土日"
_WEEKS_AHEAD = {"今週": 0, "来週": 1, "再来週": 2}


def _weekday_or_days_ahead(text: str, today: datetime.date) -> Optional[datetime.date]:
    """「来週の月曜日」「今週金曜」「土曜日」 (the coming one), 「3日後」「2週間後」, or None.

    Residents answer the form's 「引っ越しの日はいつですか」 so as often as with a date:
    without this, 「来週の月曜日」 was no date, and the form gave way to the collection-day
    question its 「月曜日」 looks like."""
    weekday = re.search(r"(今週|再来週|来週)?の?([月火水木金土日])曜", text)
    if weekday:
        index = _WEEKDAYS.index(weekday.group(2))
        if weekday.group(1) is None:  # the coming one; said on that weekday, a week later
            return today + datetime.timedelta(days=(index - today.weekday()) % 7 or 7)
        monday = today - datetime.timedelta(days=today.weekday())
        return monday + datetime.timedelta(weeks=_WEEKS_AHEAD[weekday.group(1)], days=index)
    later = re.search(r"(\d{1,3})(日|週間)後", text)
    if later:
        return today + datetime.timedelta(days=int(later.group(1)) * (7 if later.group(2) == "週間" else 1))
    return None


def children(text: str) -> Optional[str]:
    """none / preschool / school / both / yes (ages not said), or None."""
    text = _normalize(text)
    preschool = bool(re.search(_PRESCHOOL, text))
    school = bool(re.search(_SCHOOL, text))
    if preschool and school:
        return "both"
    if preschool:
        return "preschool"
    if school:
        return "school"
    negated = _negated(text, _CHILD)
    if negated is None:
        return None
    return "none" if negated else "yes"


def dog(text: str) -> Optional[bool]:
    negated = _negated(_normalize(text), _DOG)
    return None if negated is None else not negated


def national_insurance(text: str) -> Optional[bool]:
    text = _normalize(text)
    if re.search(_INSURANCE_NO, text):
        return False
    negated = _negated(text, _INSURANCE_YES)
    return None if negated is None else not negated


def seal_registration(text: str) -> Optional[bool]:
    negated = _negated(_normalize(text), _SEAL)
    return None if negated is None else not negated


def facts(text: str, today: datetime.date) -> Dict[str, Any]:
    """Every household fact the text states, by slot name."""
    found = {
        "move_type": move_type(text),
        "move_date": move_date(text, today),
        "children": children(text),
        "dog": dog(text),
        "national_insurance": national_insurance(text),
        "seal_registration": seal_registration(text),
    }
    return {slot: value for slot, value in found.items() if value is not None}


@dataclass(frozen=True)
class ChecklistItem:
    name: str
    short: str
    moves: Tuple[str, ...]
    needs: str
    faq: str
    deadline_text: str
    days_after: Optional[int] = None
    days_before: Optional[int] = None

    def applies(self, household: Dict[str, Any]) -> bool:
        if household.get("move_type") not in self.moves:
            return False
        kids = household.get("children")
        needs = {
            "": True,
            "children": kids not in (None, "none"),
            "preschool": kids in ("preschool", "both", "yes"),
            "school": kids in ("school", "both", "yes"),
            "dog": household.get("dog") is True,
            "national_insurance": household.get("national_insurance") is True,
            "seal_registration": household.get("seal_registration") is True,
        }
        return needs[self.needs]


@dataclass(frozen=True)
class Checklist:
    items: Tuple[ChecklistItem, ...]
    sms_link: str

    def for_household(self, household: Dict[str, Any]) -> List[ChecklistItem]:
        return [item for item in self.items if item.applies(household)]


def load_checklist(path: Path = CHECKLIST_FILE) -> Checklist:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = tuple(
        ChecklistItem(
            name=entry["name"],
            short=entry.get("short", entry["name"]),
            moves=tuple(entry["moves"]),
            needs=entry.get("needs", ""),
            faq=entry["faq"],
            deadline_text=entry["deadline"]["text"],
            days_after=entry["deadline"].get("days_after"),
            days_before=entry["deadline"].get("days_before"),
        )
        for entry in raw["items"]
    )
    return Checklist(items, raw["sms_link"])


@lru_cache(maxsize=1)
def default_checklist() -> Checklist:
    return load_checklist()


def _md(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日"


def due_date(item: ChecklistItem, moving_day: Optional[str]) -> Optional[datetime.date]:
    """The date a deadline counts to (days_after) or from (days_before), when the moving day is known exactly."""
    if not moving_day or len(moving_day) != 10:
        return None
    day = datetime.date.fromisoformat(moving_day)
    if item.days_after:
        return day + datetime.timedelta(days=item.days_after)
    if item.days_before:
        return day - datetime.timedelta(days=item.days_before)
    return None


def deadline(item: ChecklistItem, moving_day: Optional[str]) -> str:
    """The deadline as text, with the date when the moving day is known exactly."""
    if not moving_day or len(moving_day) != 10:
        return item.deadline_text
    day = datetime.date.fromisoformat(moving_day)
    if item.days_after:
        return f"{item.deadline_text}（{_md(day + datetime.timedelta(days=item.days_after))}まで）"
    if item.days_before:
        return f"{item.deadline_text}（{_md(day - datetime.timedelta(days=item.days_before))}から）"
    return item.deadline_text


def sms_summary(items: List[ChecklistItem], moving_day: Optional[str], link: str, city: str, limit: int) -> str:
    """One SMS: the procedures by short name (dates where known) and the link; fits `limit`."""
    names: List[str] = []
    for item in items:
        label = item.short
        if moving_day and len(moving_day) == 10 and item.days_after:
            label += f"({_md(datetime.date.fromisoformat(moving_day) + datetime.timedelta(days=item.days_after))}まで)"
        if label not in names:
            names.append(label)
    head, tail = f"{city}・引っ越しの手続き：", f"\n詳しくは {link}"
    body = "、".join(names)
    while names and len(head + body + tail) > limit:
        names.pop()
        body = "、".join(names) + "ほか"
    return head + body + tail
