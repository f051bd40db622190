"""waste_item_lookup: 「〇〇は何ごみ？」 answered from the waste sorting dictionary.

The form `waste_item_form` asks for the item only when none was named. What the resident
named goes to `waste_item_query`: a dictionary item (button or unique match), or the words
of an item the dictionary does not know. Several matches are offered as buttons. The
answer sets `waste_item` (canonical name) and `waste_category` (code); an unknown item gets
an honest answer and is recorded for staff, never a guess.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import corpus, intent_of, latest_entity
from bot.actions.fallback import choose_payload
from bot.actions.forms import FormWithSideSlots, ask_with_candidates, asks_something_else, is_unsure
from bot.actions.language import conversation_language, heard
from bot.actions.waste_unavailable import apologise, stop_form_early, waste_data_usable
from madoguchi.clock import clock_from_env
from madoguchi.district_reading import kanji_with_readings
from madoguchi.hangul import particle
from madoguchi.item_names import item_names, item_texts
from madoguchi.languages import EASY_JAPANESE, JAPANESE
from madoguchi.pii import mask_pii
from madoguchi.staff_log import record_unknown_item
from madoguchi.waste_data import current
from madoguchi.waste_items import WasteItem, default_dictionary
from madoguchi.waste_topics import new_sentences, topic_of

QUERY = "waste_item_query"
CANDIDATES = "waste_item_candidates"
UNKNOWN_PREFIX = "?"  # a query that names no dictionary item
MAX_UNKNOWN_PHRASE = 20
MAX_CHOICES = 4


def is_payload(text: str) -> bool:
    """A button's payload (/intent{...}) rather than words the resident typed or said."""
    return text.startswith("/")


def item_payload(name: str) -> str:
    return "/waste_item_lookup" + json.dumps({"waste_item": name}, ensure_ascii=False)


def resolve(text: str, chosen: Optional[str]) -> Dict[str, Any]:
    """Slot values for what the resident named: one item, several candidates, or unknown words."""
    dictionary = default_dictionary()
    if chosen:  # a button: a dictionary item, or the words of an item it does not know
        return {QUERY: chosen if dictionary.get(chosen) else UNKNOWN_PREFIX + chosen, CANDIDATES: None}
    items = dictionary.find(text)
    if len(items) == 1:
        return {QUERY: items[0].name, CANDIDATES: None}
    if len(items) > 1:  # the variants of one name (いす（金属製）, いす（木製）), or several items
        return {CANDIDATES: [item.name for item in items[:MAX_CHOICES]]}
    phrase = dictionary.item_phrase(text)
    if phrase and len(phrase) <= MAX_UNKNOWN_PHRASE:
        return {QUERY: UNKNOWN_PREFIX + phrase, CANDIDATES: None}
    return {}


class ValidateWasteItemForm(FormWithSideSlots):
    side_slots = [CANDIDATES]

    def name(self) -> str:
        return "validate_waste_item_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if not waste_data_usable():  # no item can be found: the answer action apologises
            return stop_form_early(self.side_slots)
        return await super().run(dispatcher, tracker, domain)

    async def extract_waste_item_query(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        asked = tracker.get_slot("requested_slot") == QUERY
        triggered = intent_of(tracker) == "waste_item_lookup"
        if not (asked or triggered):
            return {}  # a message about something else: let the rules answer it
        text = tracker.latest_message.get("text") or ""
        chosen = latest_entity(tracker, "waste_item")
        if chosen:
            return resolve(text, chosen)
        if is_payload(text):
            return {}  # a bare button (/waste_item_lookup) names no item: ask for one
        if asked and not triggered:
            if is_unsure(text):
                dispatcher.utter_message(response="utter_waste_item_unsure")
                return {CANDIDATES: None}  # an answer: explained, and the question stays
            if asks_something_else(intent_of(tracker)) and not default_dictionary().find(text):
                return {}  # 「保育園に入りたい」 is another question, not an item: the rules answer it
        return resolve(text, chosen)


class ActionAskWasteItemQuery(Action):
    """Asks for the item, or which of several matches was meant."""

    def name(self) -> str:
        return "action_ask_waste_item_query"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        candidates = tracker.get_slot(CANDIDATES) or []
        language = conversation_language(tracker)
        ask_with_candidates(
            dispatcher, candidates, "utter_waste_item_which", "utter_ask_waste_item_query", item_payload,
            language, lambda name: local_name(name, language) if item_texts(language) else name,
        )  # fmt: skip
        return []


class ActionWasteItemLookup(Action):
    def name(self) -> str:
        return "action_waste_item_lookup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        query = tracker.get_slot(QUERY) or ""
        reset = [SlotSet(QUERY, None), SlotSet(CANDIDATES, None)]
        if not waste_data_usable():
            apologise(dispatcher, tracker, "waste_item_form", clock_from_env())
            return reset + [SlotSet("waste_item", None), SlotSet("waste_category", None)]
        item = default_dictionary().get(query)
        if item is None:
            # echoed in the reply, which is stored as the bot's own text: masked as the question is
            phrase = mask_pii(query.lstrip(UNKNOWN_PREFIX))
            record_unknown_item(phrase, tracker.latest_message.get("text") or "", tracker.sender_id)
            language = conversation_language(tracker)
            basics = (
                "ごみの分け方の基本"
                if language == JAPANESE
                else corpus().short_title(corpus().by_id()["waste/sorting_rules"], language)
            )
            dispatcher.utter_message(
                response="utter_waste_item_unknown",
                item=phrase,
                buttons=[{"title": basics, "payload": choose_payload("waste/sorting_rules")}],
                json_message={"waste_item_unknown": phrase},
            )
            return reset + [SlotSet("waste_item", None), SlotSet("waste_category", None)]
        answer(dispatcher, item, conversation_language(tracker), heard(tracker))
        return reset + [SlotSet("waste_item", item.name), SlotSet("waste_category", item.category)]


def item_words(item: WasteItem, language: str = JAPANESE, spoken: bool = False) -> Tuple[str, str, str]:
    """The item's name, its category's label and its note, in the resident's language:
    the city's own words in Japanese (「たんす」「粗大ごみ」「中を空にして、…」)."""
    texts = item_texts(language)
    if texts is None:
        return item.name, item.category_label, item.how
    # the same item and category, said in the resident's language
    name = local_name(item.name, language, with_japanese=not spoken)
    return name, texts.categories[item.category], texts.how(item.how, item.category)


def item_particles(name: str) -> Dict[str, str]:
    """The particle Korean puts after the item's name (utter_waste_item_answer in ko): 「자전거(自転車)는」,
    「책상은」; the other languages' texts do not use it."""
    return {"item_topic_particle": particle(name, "은", "는")}


def answer(dispatcher: CollectingDispatcher, item: WasteItem, language: str = JAPANESE, spoken: bool = False) -> None:
    row = topic_of(item)
    related = row.topic
    topic = corpus().by_id()[related]
    name, label, how = item_words(item, language, spoken)
    # the button says where it goes: 「粗大ごみの申し込み・手数料・出し方の案内を見る」
    title = f"{topic.short_title}の案内を見る" if item_texts(language) is None else corpus().short_title(topic, language)
    # how to apply, where, the fee: what the topic says and the note does not; an imported
    # city's notice is its own word, and the topics may still be the sample city's
    if row.summary and current().imported is None:
        summary = new_sentences(corpus().render(topic, "voice", language), how)
        how = f"{how}\n{summary}" if summary else how
    dispatcher.utter_message(
        response="utter_waste_item_answer",
        item=name,
        category_label=label,
        how=how,
        **item_particles(name),
        buttons=[{"title": title, "payload": choose_payload(related)}],
        json_message={"waste_item": item.name, "waste_category": item.category, "related_faq": related},
    )


def local_name(name: str, language: str, with_japanese: bool = True) -> str:
    """「Frying pan (フライパン)」: the item in the resident's language, with the Japanese name
    they will see on the city's lists (not on the phone); the Japanese name alone where it has none,
    in やさしい日本語 with the reading after its kanji (「食用油（しょくようあぶら）」; not said on the phone)."""
    if language == EASY_JAPANESE:
        return kanji_with_readings(name)
    local = item_names().display_name(name, language)
    if not local:
        return name
    if not with_japanese:
        return f"{local[:1].upper()}{local[1:]}" if language in ("en", "vi") else local
    if language in ("zh", "ko"):
        return f"{local}（{name}）" if language == "zh" else f"{local}({name})"
    return f"{local[:1].upper()}{local[1:]} ({name})"
