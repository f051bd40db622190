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
    "text", ["PETボトルって資源ごみ？", "かみくずは燃えるごみでいいの", "木の枝は何ごみになりますか", "テレビの捨て方"]
)
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
