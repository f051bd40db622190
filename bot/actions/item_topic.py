"""action_answer_topic_for_item: a topic on a kind of waste, asked about one item it covers.

「布団を捨てたい」: the classifier is sure of the bulky-waste topic, and the NLU rule
(bot/nlu/item_question.py) marks the one item named (entity `waste_item`). The answer is
the topic's, as staff wrote it (how to apply, the fee, where to take it), after one line
on the item in the city's own words (「布団は「粗大ごみ」です。…」), so the resident sees that
the answer is about their 布団. The slots record the item and its kind, as the item skill
does. On the phone the topic's spoken answer is read (its `faq_id`), as for any topic.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import corpus, latest_entity
from bot.actions.language import conversation_language, heard
from bot.actions.waste_item import item_particles, item_words
from bot.actions.waste_unavailable import waste_data_usable
from madoguchi.waste_items import default_dictionary


def selected_topic(tracker: Tracker) -> str:
    """The topic the response selector chose for the latest message: `waste/bulky_waste`."""
    selector = ((tracker.latest_message or {}).get("response_selector") or {}).get("default") or {}
    return str((selector.get("response") or {}).get("intent_response_key") or "")


class ActionAnswerTopicForItem(Action):
    def name(self) -> str:
        return "action_answer_topic_for_item"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        topic = selected_topic(tracker)
        if topic not in corpus().by_id():  # no topic chosen: nothing staff wrote to say
            dispatcher.utter_message(response="utter_rephrase")
            return []
        item = default_dictionary().get(latest_entity(tracker, "waste_item") or "") if waste_data_usable() else None
        if item is None:  # the waste data changed or broke since the message was read: the topic alone
            dispatcher.utter_message(response=f"utter_{topic}")
            return []
        name, label, how = item_words(item, conversation_language(tracker), heard(tracker))
        dispatcher.utter_message(
            response="utter_waste_item_answer", item=name, category_label=label, how=how, **item_particles(name)
        )
        dispatcher.utter_message(response=f"utter_{topic}")
        return [SlotSet("waste_item", item.name), SlotSet("waste_category", item.category)]
