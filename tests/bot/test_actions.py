"""Custom actions run with a CollectingDispatcher and a tracker: exact responses and events."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.fallback import ActionAnswerChosenFaq, ActionSuggestTopics, choose_payload
from bot.actions.handoff import ActionHumanHandoff
from madoguchi.clock import JST

OPEN = datetime(2026, 12, 1, 10, 0, tzinfo=JST)  # Tuesday morning
CLOSED = datetime(2026, 12, 1, 20, 0, tzinfo=JST)  # Tuesday evening

UNSURE_ABOUT_BULKY_WASTE = {
    "text": "大きいものを片付けたい",  # names no item of the waste dictionary
    "intent": {"name": "nlu_fallback", "confidence": 0.45},
    "intent_ranking": [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "waste", "confidence": 0.7},
        {"name": "greet", "confidence": 0.3},
    ],
    "response_selector": {
        "all_retrieval_intents": ["waste"],
        "default": {
            "ranking": [
                {"intent_response_key": "waste/bulky_waste", "confidence": 0.5},
                {"intent_response_key": "waste/self_delivery", "confidence": 0.3},
                {"intent_response_key": "waste/moving_waste", "confidence": 0.19},
                {"intent_response_key": "waste/garden_waste", "confidence": 0.01},
            ]
        },
    },
    "entities": [],
}
NOTHING_CLOSE = {
    "text": "ほげほげ",
    "intent": {"name": "nlu_fallback", "confidence": 0.45},
    "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "greet", "confidence": 0.3}],
    "entities": [],
}


def user(parse_data: Dict[str, Any]) -> Dict[str, Any]:
    return {"event": "user", "text": parse_data["text"], "parse_data": parse_data}


def bot_answer(faq_id: str) -> Dict[str, Any]:
    return {"event": "bot", "text": "…", "data": {"custom": {"faq_id": faq_id}}}


def tracker(latest: Dict[str, Any], events: Optional[List[Dict[str, Any]]] = None) -> Tracker:
    return Tracker("resident", {}, latest, events if events is not None else [user(latest)], False, None, {}, "action_listen")


def run(action, latest, events=None):
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker(latest, events), {})
    return result, dispatcher.messages


def test_first_failure_offers_the_closest_topics_as_buttons():
    events, messages = run(ActionSuggestTopics(clock=lambda: OPEN), UNSURE_ABOUT_BULKY_WASTE)
    assert events == []
    assert len(messages) == 1
    message = messages[0]
    assert message["response"] == "utter_did_you_mean"
    assert message["custom"] == {"candidates": ["waste/bulky_waste", "waste/self_delivery", "waste/moving_waste"]}
    assert [b["payload"] for b in message["buttons"]] == [
        '/choose_faq{"faq_id": "waste/bulky_waste"}',
        '/choose_faq{"faq_id": "waste/self_delivery"}',
        '/choose_faq{"faq_id": "waste/moving_waste"}',
    ]
    assert message["buttons"][0]["title"] == "粗大ごみの申し込み・手数料・出し方"


def test_one_candidate_is_asked_about_as_one():
    # the next topic is under a fifth of the best: only 粗大ごみ is offered
    one = {**UNSURE_ABOUT_BULKY_WASTE, "response_selector": {
        "all_retrieval_intents": ["waste"],
        "default": {"ranking": [{"intent_response_key": "waste/bulky_waste", "confidence": 0.9},
                                {"intent_response_key": "waste/self_delivery", "confidence": 0.1}]},
    }}  # fmt: skip
    _, messages = run(ActionSuggestTopics(clock=lambda: OPEN), one)
    assert [(m["response"], m["custom"]) for m in messages] == [("utter_did_you_mean_one", {"candidates": ["waste/bulky_waste"]})]
    assert [b["title"] for b in messages[0]["buttons"]] == ["粗大ごみの申し込み・手数料・出し方"]


def test_a_named_item_puts_its_lookup_and_the_faq_on_its_kind_of_waste_first():
    events, messages = run(ActionSuggestTopics(clock=lambda: OPEN), {**UNSURE_ABOUT_BULKY_WASTE, "text": "大きい家具"})
    assert messages[0]["custom"] == {"candidates": ["waste_item_lookup", "waste/bulky_waste", "waste/self_delivery"]}


def test_nothing_close_asks_to_rephrase():
    events, messages = run(ActionSuggestTopics(clock=lambda: OPEN), NOTHING_CLOSE)
    assert events == []
    assert [m["response"] for m in messages] == ["utter_rephrase"]


def test_second_failure_in_a_row_hands_off_to_the_likely_department():
    history = [user(NOTHING_CLOSE), {"event": "bot", "text": "すみません"}, user(UNSURE_ABOUT_BULKY_WASTE)]
    events, messages = run(ActionSuggestTopics(clock=lambda: OPEN), UNSURE_ABOUT_BULKY_WASTE, history)
    assert events == []
    assert [m["response"] for m in messages] == ["utter_handoff_after_fallback", "utter_handoff_open"]
    assert messages[1]["department_name"] == "ごみ対策課"
    assert messages[1]["tel"] == "00-1234-0201"
    assert messages[1]["custom"] == {"handoff": {"department": "gomi", "tel": "00-1234-0201", "open": True}}


def test_a_understood_message_in_between_resets_the_count():
    greet = {"text": "こんにちは", "intent": {"name": "greet", "confidence": 0.99}, "entities": []}
    history = [user(NOTHING_CLOSE), user(greet), user(UNSURE_ABOUT_BULKY_WASTE)]
    _, messages = run(ActionSuggestTopics(clock=lambda: OPEN), UNSURE_ABOUT_BULKY_WASTE, history)
    assert [m["response"] for m in messages] == ["utter_did_you_mean"]


def test_chosen_candidate_is_answered_with_its_corpus_response():
    chosen = {
        "text": choose_payload("waste/bulky_waste"),
        "intent": {"name": "choose_faq", "confidence": 1.0},
        "entities": [{"entity": "faq_id", "value": "waste/bulky_waste"}],
    }
    events, messages = run(ActionAnswerChosenFaq(), chosen)
    assert events == []
    assert [m["response"] for m in messages] == ["utter_waste/bulky_waste"]


def test_an_unknown_chosen_id_is_not_guessed():
    chosen = {"text": "/choose_faq", "intent": {"name": "choose_faq", "confidence": 1.0},
              "entities": [{"entity": "faq_id", "value": "waste/no_such_topic"}]}  # fmt: skip
    _, messages = run(ActionAnswerChosenFaq(), chosen)
    assert [m["response"] for m in messages] == ["utter_rephrase"]


def test_handoff_in_office_hours_names_the_department_of_the_last_topic():
    wants_person = {"text": "担当の人と話したい", "intent": {"name": "human_handoff", "confidence": 0.98}, "entities": []}
    history = [bot_answer("childcare/vaccination"), user(wants_person)]
    events, messages = run(ActionHumanHandoff(clock=lambda: OPEN), wants_person, history)
    assert events == []
    assert len(messages) == 1
    assert messages[0]["response"] == "utter_handoff_open"
    assert (messages[0]["department_name"], messages[0]["tel"]) == ("健康推進課", "00-1234-0103")


def test_handoff_outside_office_hours_says_when_the_office_opens():
    wants_person = {"text": "職員と話したい", "intent": {"name": "human_handoff", "confidence": 0.98}, "entities": []}
    _, messages = run(ActionHumanHandoff(clock=lambda: CLOSED), wants_person)
    assert len(messages) == 1
    assert messages[0]["response"] == "utter_handoff_closed"
    assert messages[0]["department_name"] == "みどり野市役所代表"
    assert messages[0]["tel"] == "00-1234-0000"
    assert messages[0]["next_open"] == "明日12月2日（水）8時30分"


def test_a_skill_candidate_carries_the_words_of_the_item():
    unsure_item = {
        "text": "ホバーボードは何ごみ？",
        "intent": {"name": "nlu_fallback", "confidence": 0.45},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.45},
            {"name": "waste_item_lookup", "confidence": 0.32},
            {"name": "procedure", "confidence": 0.05},
        ],
        "response_selector": {"all_retrieval_intents": ["procedure"],
                              "default": {"ranking": [{"intent_response_key": "procedure/move_out", "confidence": 1.0}]}},
        "entities": [],
    }  # fmt: skip
    _, messages = run(ActionSuggestTopics(clock=lambda: OPEN), unsure_item)
    assert len(messages) == 1
    assert messages[0]["custom"] == {"candidates": ["waste_item_lookup"]}  # 0.05 is under a fifth of 0.32
    assert messages[0]["buttons"] == [
        {"title": "品物ごとのごみの出し方を調べる", "payload": '/waste_item_lookup{"waste_item": "ホバーボード"}'}
    ]
