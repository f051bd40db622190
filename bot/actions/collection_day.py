"""waste_collection_day: 「燃やすごみの日はいつ？」 from the 5374 calendar.

The form `collection_day_form` asks for the district when it is missing (緑が丘 alone is
offered as its 丁目 buttons). The waste kind is optional: when named, only that kind is
answered, else all of them. The next date is computed from today in Japan (the
injectable clock); a collection is missed once it is past 8:30 on the day.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import intent_of, latest_entity
from bot.actions.forms import FormWithSideSlots, ask_with_candidates, is_unsure
from madoguchi.calendar5374 import CollectionCalendar, load_calendar
from madoguchi.clock import Clock, clock_from_env
from madoguchi.districts import CALENDAR_FILE, default_districts, district_payload
from madoguchi.japanese import data_lines, default_analyzer
from madoguchi.paths import CORPUS_DIR
from madoguchi.phrases import PhraseIndex

DISTRICT, CANDIDATES, KIND = "district", "district_candidates", "waste_kind"
KINDS_FILE = CORPUS_DIR / "waste_kinds.tsv"
PUT_OUT_BY = datetime.time(8, 30)
_WEEKDAYS = "月火水木金土日"


@lru_cache(maxsize=1)
def calendar() -> CollectionCalendar:
    return load_calendar(CALENDAR_FILE)


@lru_cache(maxsize=1)
def kinds_index() -> PhraseIndex[str]:
    index: PhraseIndex[str] = PhraseIndex(default_analyzer())
    for _, fields in data_lines(KINDS_FILE):
        index.add_all([fields[0], *fields[1].split("|")], fields[0])
    return index


def waste_kind(text: str) -> Optional[str]:
    found = kinds_index().find(text)
    return found[0].value if len(found) == 1 else None


def resolve_district(text: str, chosen: Optional[str]) -> Dict[str, Any]:
    if chosen in calendar().districts:
        return {DISTRICT: chosen, CANDIDATES: None}
    found = default_districts().find(text)
    if len(found) == 1:
        return {DISTRICT: found[0], CANDIDATES: None}
    if len(found) > 1:
        return {CANDIDATES: found}
    return {}


def first_date(now: datetime.datetime) -> datetime.date:
    """From when a collection can still be caught: today until 8:30, else tomorrow."""
    return now.date() if now.time() < PUT_OUT_BY else now.date() + datetime.timedelta(days=1)


def describe_date(day: datetime.date, today: datetime.date) -> str:
    prefix = {0: "今日", 1: "明日"}.get((day - today).days, "")
    text = f"{day.month}月{day.day}日（{_WEEKDAYS[day.weekday()]}）"
    return f"{prefix}{text}" if prefix else text


def schedule_lines(district: str, kind: Optional[str], now: datetime.datetime) -> List[str]:
    lines = []
    for name in [kind] if kind else calendar().kinds:
        schedule = calendar().schedule(district, name)
        upcoming = schedule.next_dates(first_date(now), 1)
        following = f"次は{describe_date(upcoming[0], now.date())}" if upcoming else "次の予定はまだありません"
        lines.append(f"・{name}：{schedule.describe()}（{following}）")
    return lines


class ValidateCollectionDayForm(FormWithSideSlots):
    side_slots = [CANDIDATES, KIND]

    def name(self) -> str:
        return "validate_collection_day_form"

    async def extract_district(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("requested_slot") == DISTRICT and is_unsure(text):
            dispatcher.utter_message(response="utter_district_unsure")
            return {CANDIDATES: None}  # an answer: explained, and the question stays
        slots = resolve_district(text, latest_entity(tracker, DISTRICT))
        if not slots and intent_of(tracker) != "waste_collection_day":
            return {}  # another question (「粗大ごみを出したい」 names a kind, not a district)
        kind = latest_entity(tracker, KIND) or waste_kind(text)
        if kind:
            slots[KIND] = kind
        return slots


class ActionAskDistrict(Action):
    def name(self) -> str:
        return "action_ask_district"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        candidates = tracker.get_slot(CANDIDATES) or []
        ask_with_candidates(dispatcher, candidates, "utter_district_which", "utter_ask_district", district_payload)
        return []


class ActionCollectionDay(Action):
    def __init__(self, clock: Optional[Clock] = None) -> None:
        self._clock = clock or clock_from_env()

    def name(self) -> str:
        return "action_collection_day"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        district = tracker.get_slot(DISTRICT)
        kind = tracker.get_slot(KIND)
        lines = schedule_lines(district, kind, self._clock())
        dispatcher.utter_message(
            response="utter_collection_days",
            district=district,
            days="\n".join(lines),
            json_message={"district": district, "waste_kind": kind},
        )
        # the district stays for follow-up questions; the kind is asked anew each time
        return [SlotSet(KIND, None), SlotSet(CANDIDATES, None)]
