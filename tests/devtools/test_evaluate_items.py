"""make eval's count "for the resident": an item's answer and the topic on its kind answer the same question."""

from __future__ import annotations

from devtools.evaluate import kind_right_for_resident, right_for_resident


def test_an_faq_question_is_answered_right_by_the_answer_of_an_item_whose_topic_it_is():
    item = {"intent": "waste_item_lookup", "slots": {"waste_item": "パソコン", "waste_category": "not_collected"}}
    assert right_for_resident({**item, "expected": "waste/pc_recycling"})
    assert not right_for_resident({**item, "expected": "waste/appliance_recycling"})
    assert not right_for_resident({**item, "expected": "waste_item_lookup"} | {"intent": "greet"})
    assert right_for_resident({"intent": "waste/pc_recycling", "expected": "waste/pc_recycling", "slots": {}})


def test_an_item_question_is_answered_with_the_right_kind_by_the_topic_on_it_but_not_by_the_general_rules():
    futon = {"item": "布団", "category": "bulky"}
    assert kind_right_for_resident({"intent": "waste/bulky_waste", "slots": {}}, futon)
    assert not kind_right_for_resident({"intent": "waste/appliance_recycling", "slots": {}}, futon)
    assert kind_right_for_resident({"intent": "waste_item_lookup", "slots": {"waste_category": "bulky"}}, futon)
    paper = {"item": "紙くず", "category": "burnable"}
    assert not kind_right_for_resident({"intent": "waste/sorting_rules", "slots": {}}, paper)
