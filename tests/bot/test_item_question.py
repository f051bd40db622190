"""The NLU rule: a known item + a sorting question is a waste_item_lookup question."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.item_question import WasteItemQuestionClassifier


def classify(text: str, intent: str = "waste", confidence: float = 0.6) -> Message:
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": confidence},
                            "intent_ranking": [{"name": intent, "confidence": confidence},
                                               {"name": "waste_item_lookup", "confidence": 0.2}]})  # fmt: skip
    return WasteItemQuestionClassifier({}).process([message])[0]


@pytest.mark.parametrize(
    "text",
    ["PETボトルって資源ごみ？", "かみくずは燃えるごみでいいの", "木の枝は何ごみになりますか", "テレビの捨て方",
     "じてんしゃを すてる ほうほう", "ペットボトルは もえる ごみ ですか"],  # やさしい日本語, in kana with spaces
)  # fmt: skip
def test_item_questions_become_waste_item_lookup(text):
    message = classify(text)
    assert message.get("intent") == {"name": "waste_item_lookup", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == ["waste_item_lookup", "waste"]


@pytest.mark.parametrize(
    "text",
    ["粗大ごみを出したい", "ソファ", "使い切れなかったカセットボンベやスプレー缶の扱い", "保育園の申し込み",
     '/choose_faq{"faq_id": "waste/bulky_waste"}'],
)  # fmt: skip
def test_other_messages_are_left_alone(text):
    assert classify(text).get("intent") == {"name": "waste", "confidence": 0.6}


def test_several_items_are_a_question_about_a_kind_of_waste():
    assert classify("古着や衣類は資源物で出せますか").get("intent")["name"] == "waste"


def test_a_disposal_question_stays_with_a_waste_faq_the_classifier_is_sure_of():
    message = Message(data={
        "text": "不要になったパソコンの処分方法を教えてください",
        "intent": {"name": "waste", "confidence": 0.9},
        "intent_ranking": [{"name": "waste", "confidence": 0.9}],
        "response_selector": {"all_retrieval_intents": ["waste"],
                              "default": {"ranking": [{"intent_response_key": "waste/pc_recycling", "confidence": 0.9},
                                                      {"intent_response_key": "waste/appliance_recycling", "confidence": 0.1}]}},
    })  # fmt: skip
    assert WasteItemQuestionClassifier({}).process([message])[0].get("intent")["name"] == "waste"
    unsure = classify("パソコンを処分したい", confidence=0.3)
    assert unsure.get("intent")["name"] == "waste_item_lookup"


@pytest.mark.parametrize(
    "text",
    ["How do I throw away a frying pan?", "Is a frying pan burnable?", "냉장고는 무슨 쓰레기예요?", "Vứt xe đạp cũ thế nào?"],
)
def test_item_questions_in_other_languages_become_waste_item_lookup(text):
    assert classify(text, confidence=0.3).get("intent")["name"] == "waste_item_lookup"


def _sure_of(text: str, faq_id: str) -> Message:
    message = Message(data={
        "text": text, "intent": {"name": "waste", "confidence": 0.9}, "intent_ranking": [{"name": "waste", "confidence": 0.9}],
        "response_selector": {"all_retrieval_intents": ["waste"],
                              "default": {"ranking": [{"intent_response_key": faq_id, "confidence": 0.9}]}},
    })  # fmt: skip
    return WasteItemQuestionClassifier({}).process([message])[0]


def test_in_another_language_a_sure_faq_keeps_a_disposal_question_only_when_it_is_about_the_items_kind():
    assert _sure_of("沙发怎么扔？", "waste/bulky_waste").get("intent")["name"] == "waste"
    assert _sure_of("沙发怎么扔？", "waste/recyclables").get("intent")["name"] == "waste_item_lookup"
    assert _sure_of("How do I throw away my old fridge?", "waste/appliance_recycling").get("intent")["name"] == "waste"
    assert _sure_of("How do I throw away a frying pan?", "waste/sorting_rules").get("intent")["name"] == "waste_item_lookup"
