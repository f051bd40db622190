"""When the assistant is unsure: 「もしかして…」 candidates, then the right staff.

First time: the closest FAQ topics as buttons (payload `/choose_faq{"faq_id": ...}`), or
a request to rephrase when nothing comes close. Second time in a row: the contact of the
department the question most likely belongs to. Nothing is ever guessed: a candidate is
only answered once the resident picks it.

Both actions run in the Rasa server even when the skills go to action servers (LOCAL_ACTIONS
in bot/in_process_actions.py), so a resident who is not understood during an outage is still
offered candidates or staff: keep them to the corpus, data files and the clock (no store, no
other service).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import candidates as closest
from bot.actions.context import consecutive_fallbacks, corpus, last_faq_id
from bot.actions.handoff import department_for, send_handoff, skill_department
from bot.actions.language import conversation_language
from madoguchi.broad_words import broad_word_candidates
from madoguchi.clock import Clock, clock_from_env
from madoguchi.waste_items import default_dictionary
from madoguchi.waste_topics import topic_of

HANDOFF_AFTER_FAILURES = 2
CANDIDATE_LIMIT = 3


def choose_payload(faq_id: str) -> str:
    return "/choose_faq" + json.dumps({"faq_id": faq_id}, ensure_ascii=False)


def button(candidate: str, text: str, language: str = "ja") -> Dict[str, str]:
    """A 「もしかして…」 button: an FAQ topic by its title, or a skill carrying what was named."""
    topics = corpus().by_id()
    if candidate in topics:
        return {"title": corpus().title(topics[candidate], language), "payload": choose_payload(candidate)}
    payload = f"/{candidate}"
    if candidate == "waste_item_lookup":
        item = default_dictionary().item_phrase(text)
        if item:
            payload += json.dumps({"waste_item": item}, ensure_ascii=False)
    return {"title": corpus().message(f"utter_title_{candidate}", language), "payload": payload}


def candidates_for(parse_data: Dict[str, Any]) -> List[str]:
    """What to offer: a broad word's listed topics; for a named waste item, its lookup and
    the FAQ on its kind of waste first (「ソファ」: not 一時預かり for sounding alike);
    else the closest topics and skills of the ranking."""
    text = parse_data.get("text") or ""
    listed = broad_word_candidates(text)
    if listed:
        return listed
    ranked = closest(parse_data)
    items = default_dictionary().find(text)
    if len(items) != 1:
        return ranked
    item_first = ["waste_item_lookup", topic_of(items[0]).topic]
    same_kind = [c for c in ranked if c.startswith("waste/") and c not in item_first]
    return (item_first + same_kind)[:CANDIDATE_LIMIT]


class ActionSuggestTopics(Action):
    def __init__(self, clock: Optional[Clock] = None) -> None:
        self._clock = clock or clock_from_env()

    def name(self) -> str:
        return "action_suggest_topics"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        candidates = candidates_for(tracker.latest_message)
        if consecutive_fallbacks(tracker) >= HANDOFF_AFTER_FAILURES:
            dispatcher.utter_message(response="utter_handoff_after_fallback")
            topics = [c for c in candidates if "/" in c]
            department = skill_department(tracker) or department_for(topics[0] if topics else last_faq_id(tracker))
            send_handoff(dispatcher, department, self._clock, conversation_language(tracker))
            return []
        if not candidates:
            dispatcher.utter_message(response="utter_rephrase")
            return []
        text = tracker.latest_message.get("text") or ""
        buttons = [button(candidate, text, conversation_language(tracker)) for candidate in candidates]
        # one candidate is asked about as one (「次のことについてのご質問でしょうか」), not as 「次のどれか」
        response = "utter_did_you_mean_one" if len(buttons) == 1 else "utter_did_you_mean"
        dispatcher.utter_message(response=response, buttons=buttons, json_message={"candidates": candidates})
        return []


class ActionAnswerChosenFaq(Action):
    """Answers the candidate the resident picked, with the corpus answer and its FAQ id."""

    def name(self) -> str:
        return "action_answer_chosen_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        faq_id = next(tracker.get_latest_entity_values("faq_id"), None)
        if faq_id not in corpus().by_id():
            dispatcher.utter_message(response="utter_rephrase")
            return []
        dispatcher.utter_message(response=f"utter_{faq_id}")
        return []
