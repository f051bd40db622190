"""waste_collection_day: 「燃やすごみの日はいつ？」 from the 5374 calendar (the sample city's,
or an imported city's: madoguchi/waste_data.py).

The form `collection_day_form` asks for the district when it is missing, or which row when
the address fits several (緑が丘 alone is offered as its 丁目 buttons; 「稲葉荘」 as the row for
homes on 国道2号 and the row for the others). The waste kind is optional: when named, only
that kind is answered, else all of them. The next date is computed from today in Japan
(the injectable clock), skipping the days the district's centre is closed; a collection is
missed once it is past 8:30 on the day.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import intent_of, latest_entity
from bot.actions.forms import FormWithSideSlots, ask_with_candidates, is_unsure
from bot.actions.language import conversation_language, heard
from bot.actions.waste_unavailable import apologise, stop_form_early, waste_data_usable
from madoguchi.calendar5374 import CollectionCalendar
from madoguchi.clock import Clock, clock_from_env
from madoguchi.districts import district_payload
from madoguchi.hangul import particle
from madoguchi.item_names import item_texts
from madoguchi.languages import JAPANESE
from madoguchi.skill_texts import SkillTexts, skill_texts
from madoguchi.waste_data import current, load_categories

DISTRICT, CANDIDATES, KIND = "district", "district_candidates", "waste_kind"
PUT_OUT_BY = datetime.time(8, 30)
_WEEKDAYS = "月火水木金土日"


def calendar() -> CollectionCalendar:
    return current().calendar


def waste_kind(text: str) -> Optional[str]:
    found = current().kinds_in(text)
    return found[0] if len(found) == 1 else None


def resolve_district(text: str, chosen: Optional[str], offered: Optional[List[str]] = None) -> Dict[str, Any]:
    """The district named (a button, or words), or the rows to choose from.

    After the assistant offered rows (「稲葉荘」: the homes on 国道2号 or the others), an answer
    that only tells the condition (「国道2号に面してます」) or the 丁目 picks among them."""
    if chosen in calendar().districts:
        return {DISTRICT: chosen, CANDIDATES: None}
    districts = current().districts
    found = districts.find(text)
    if offered and not found:
        found = districts.choose(offered, text)
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


def schedule_lines(
    district: str, kind: Optional[str], now: datetime.datetime, language: str = JAPANESE, spoken: bool = False
) -> List[str]:
    texts = skill_texts(language)
    if texts is not None:
        return _local_schedule_lines(texts, district, kind, now, language, spoken)
    lines = []
    known = calendar()
    for name in [kind] if kind in known.kinds else known.kinds:
        schedule = known.schedule(district, name)
        days = schedule.describe() or "決まった収集日はありません"
        upcoming = known.next_dates(district, name, first_date(now), 1)
        following = f"次は{describe_date(upcoming[0], now.date())}" if upcoming else "次の予定はまだありません"
        notes = "".join(f"※{remark}" for remark in schedule.remarks)
        lines.append(f"・{name}：{days}（{following}）{notes}")
    return lines


def kind_label(kind: str, language: str, spoken: bool = False) -> str:
    """「Burnable waste (燃やすごみ)」: the kind in the resident's language by its category code,
    beside the city's own label that the calendar and the collection point use (not on the phone)."""
    texts = item_texts(language)
    if texts is None:
        return kind
    local = texts.categories[load_categories().code_of(kind)]
    if language == "ja-easy" or spoken:
        return local
    return f"{local}（{kind}）" if language == "zh" else f"{local}({kind})" if language == "ko" else f"{local} ({kind})"


def _local_schedule_lines(
    texts: SkillTexts, district: str, kind: Optional[str], now: datetime.datetime, language: str, spoken: bool
) -> List[str]:
    """schedule_lines in another language: the same calendar, its words translated."""
    lines = []
    known = calendar()
    for name in [kind] if kind in known.kinds else known.kinds:
        schedule = known.schedule(district, name)
        days = texts.schedule(schedule) or texts.formats["no_fixed_day"]
        upcoming = known.next_dates(district, name, first_date(now), 1)
        following = (
            texts.formats["next"].format(date=texts.date_from_today(upcoming[0], now.date()))
            if upcoming
            else texts.formats["no_next"]
        )
        line = texts.formats["collection_line"].format(kind=kind_label(name, language, spoken), days=days, next=following)
        lines.append(line + "".join(texts.formats["remark"].format(remark=texts.remark(remark)) for remark in schedule.remarks))
    return lines


def district_label(district: str, language: str, spoken: bool = False) -> str:
    """「Higashimachi (東町)」: the district in the resident's letters beside the sign's name
    (skills.yml `districts`); on the phone the resident's letters alone, as the voice reads them."""
    texts = skill_texts(language)
    if texts is None:
        return district
    return texts.spoken_district(district) if spoken else texts.district(district)


def tell_closures(dispatcher: CollectingDispatcher, district: str, today: datetime.date, language: str = JAPANESE) -> None:
    """The days without collection: the sample city's New Year rule, or the district's
    centre closures (center.csv) that are not over yet."""
    known = calendar()
    if known.year_end_break:
        dispatcher.utter_message(response="utter_collection_year_end")
    center = known.centers.get(district, "")
    texts = skill_texts(language)
    for closure in known.closures.get(center, ()):
        if closure.end >= today:
            period = f"{describe_date(closure.start, today)}から{describe_date(closure.end, today)}"
            if texts is not None:
                start, end = (texts.date_from_today(day, today) for day in (closure.start, closure.end))
                period = texts.formats["closure_period"].format(start=start, end=end)
            dispatcher.utter_message(
                response="utter_collection_closure", center=center, period=period,
                center_subject_particle=particle(center, "이", "가"),
            )  # fmt: skip


class ValidateCollectionDayForm(FormWithSideSlots):
    side_slots = [CANDIDATES, KIND]

    def name(self) -> str:
        return "validate_collection_day_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if not waste_data_usable():  # no district can be found: the answer action apologises
            return stop_form_early(self.side_slots)
        return await super().run(dispatcher, tracker, domain)

    async def extract_district(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("requested_slot") == DISTRICT and is_unsure(text):
            dispatcher.utter_message(response="utter_district_unsure")
            return {CANDIDATES: None}  # an answer: explained, and the question stays
        slots = resolve_district(text, latest_entity(tracker, DISTRICT), tracker.get_slot(CANDIDATES))
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
        language = conversation_language(tracker)
        ask_with_candidates(
            dispatcher, candidates, "utter_district_which", "utter_ask_district", district_payload, language,
            title=lambda name: district_label(name, language),
        )  # fmt: skip
        return []


class ActionCollectionDay(Action):
    def __init__(self, clock: Optional[Clock] = None) -> None:
        self._clock = clock or clock_from_env()

    def name(self) -> str:
        return "action_collection_day"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        if not waste_data_usable():
            apologise(dispatcher, tracker, "collection_day_form", self._clock)
            return [SlotSet(KIND, None), SlotSet(CANDIDATES, None)]
        district = tracker.get_slot(DISTRICT)
        kind = tracker.get_slot(KIND)
        language = conversation_language(tracker)
        lines = schedule_lines(district, kind, self._clock(), language, heard(tracker))
        dispatcher.utter_message(
            response="utter_collection_days",
            district=district_label(district, language, heard(tracker)),
            days="\n".join(lines),
            json_message={"district": district, "waste_kind": kind},
        )
        tell_closures(dispatcher, district, self._clock().date(), language)
        # the district stays for follow-up questions; the kind is asked anew each time
        return [SlotSet(KIND, None), SlotSet(CANDIDATES, None)]
