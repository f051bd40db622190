"""action_answer_topic_for_item: the topic on an item's kind, after a line on the item."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.item_topic import ActionAnswerTopicForItem


def asked(text: str, topic: str, item: Optional[str], language: str = "ja") -> Tracker:
    entities = [{"entity": "waste_item", "value": item}] if item else []
    latest = {
        "text": text,
        "intent": {"name": topic.split("/")[0], "confidence": 0.99},
        "entities": entities,
        "response_selector": {"default": {"response": {"intent_response_key": topic}}},
    }
    events = [{"event": "user", "text": text, "parse_data": latest}]
    return Tracker("resident", {"language": language}, latest, events, False, None, {}, "action_listen")


def run(t: Tracker) -> "tuple[List[Any], List[Dict[str, Any]]]":
    dispatcher = CollectingDispatcher()
    return ActionAnswerTopicForItem().run(dispatcher, t, {}), dispatcher.messages


def test_the_items_line_comes_before_the_topic_and_the_slots_record_the_item():
    events, messages = run(asked("布団を捨てたい", "waste/bulky_waste", "布団"))
    assert events == [SlotSet("waste_item", "布団"), SlotSet("waste_category", "bulky")]
    assert [m["response"] for m in messages] == ["utter_waste_item_answer", "utter_waste/bulky_waste"]
    line = messages[0]
    assert (line["item"], line["category_label"]) == ("布団", "粗大ごみ")
    assert line["buttons"] == []  # the topic itself follows: no button to it


def test_in_english_the_item_and_its_kind_are_named_in_english():
    _, messages = run(asked("How do I throw away a sofa?", "waste/bulky_waste", "ソファ", language="en"))
    assert (messages[0]["item"], messages[0]["category_label"]) == ("Sofa (ソファ)", "Bulky waste (large items)")


def test_an_item_the_dictionary_no_longer_has_gets_the_topic_alone():
    events, messages = run(asked("ホバーボードを捨てたい", "waste/bulky_waste", "ホバーボード"))
    assert events == []
    assert [m["response"] for m in messages] == ["utter_waste/bulky_waste"]


def test_no_topic_chosen_is_not_guessed():
    events, messages = run(asked("布団を捨てたい", "", "布団"))
    assert events == []
    assert [m["response"] for m in messages] == ["utter_rephrase"]
