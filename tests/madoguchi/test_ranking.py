from __future__ import annotations

import pytest

from madoguchi.ranking import joint_ranking

PARSE = {
    "intent_ranking": [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "waste", "confidence": 0.8},
        {"name": "greet", "confidence": 0.15},
        {"name": "procedure", "confidence": 0.05},
    ],
    "response_selector": {
        "all_retrieval_intents": ["waste", "procedure"],
        "default": {
            "ranking": [
                {"intent_response_key": "waste/bulky_waste", "confidence": 0.6},
                {"intent_response_key": "procedure/move_in", "confidence": 0.2},
                {"intent_response_key": "waste/self_delivery", "confidence": 0.2},
            ]
        },
    },
}


def test_topic_confidence_is_category_times_its_share_within_the_category():
    ranking = joint_ranking(PARSE)
    assert [r["intent"] for r in ranking] == ["waste/bulky_waste", "waste/self_delivery", "greet", "procedure/move_in"]
    assert [r["confidence"] for r in ranking] == pytest.approx([0.6, 0.2, 0.15, 0.05])


def test_no_selector_leaves_intents_as_they_are():
    assert joint_ranking({"intent_ranking": [{"name": "greet", "confidence": 0.9}]}) == [{"intent": "greet", "confidence": 0.9}]
    assert joint_ranking({}) == []
