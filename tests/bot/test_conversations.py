"""Conversations through the real trained model and the real actions."""

from __future__ import annotations

import pytest

from bot.actions.fallback import choose_payload


def faq_ids(turn):
    return [m["custom"]["faq_id"] for m in turn.messages if "faq_id" in (m.get("custom") or {})]


def test_bulky_waste_question_gets_the_corpus_answer_and_its_faq_id(ask, corpus):
    turn = ask("粗大ごみを出したい")
    topic = corpus.by_id()["waste/bulky_waste"]
    assert turn.intent == "waste/bulky_waste"
    assert turn.replies == [corpus.render(topic, "answer")]
    assert faq_ids(turn) == ["waste/bulky_waste"]
    assert turn.ranking[0] == {"intent": "waste/bulky_waste", "confidence": turn.confidence}


@pytest.mark.parametrize(
    "text, faq_id",
    [
        ("児童手当の申請をしたい", "childcare/child_allowance"),
        ("住民票の写しがほしいです", "procedure/resident_certificate"),
        ("えっと引っ越してきたんですけど転入の手続きは", "procedure/move_in"),
        ("指定ごみ袋はどこで売ってますか", "waste/designated_bags"),
        ("市役所は何時まで開いてますか", "general/office_hours"),
    ],
)
def test_questions_from_each_category_are_answered_with_their_topic(ask, corpus, text, faq_id):
    turn = ask(text)
    assert turn.intent == faq_id
    assert turn.replies == [corpus.render(corpus.by_id()[faq_id], "answer")]


@pytest.mark.parametrize(
    "text, intent, message",
    [
        ("こんにちは", "greet", "utter_greet"),
        ("ありがとうございました", "thank", "utter_thank"),
        ("さようなら", "goodbye", "utter_goodbye"),
        ("あなたはロボットですか", "bot_challenge", "utter_bot_challenge"),
        ("明日の天気を教えて", "out_of_scope", "utter_out_of_scope"),
    ],
)
def test_conversation_intents_get_their_message(ask, corpus, text, intent, message):
    turn = ask(text)
    assert turn.intent == intent
    assert turn.replies == [corpus.message(message)]


def test_a_chosen_candidate_is_answered(ask, corpus):
    turn = ask(choose_payload("childcare/vaccination"))
    assert turn.intent == "choose_faq"
    assert turn.replies == [corpus.render(corpus.by_id()["childcare/vaccination"], "answer")]
    assert faq_ids(turn) == ["childcare/vaccination"]


def test_unsure_twice_suggests_then_hands_off(ask, corpus):
    first = ask("届出をしたい", "unsure")
    assert first.intent == "nlu_fallback"
    assert first.replies == [corpus.message("utter_did_you_mean")]
    # 届出 is a broad word: its listed topics (faq_corpus/broad_words.tsv), in that order
    assert [b["payload"] for b in first.messages[0]["buttons"]] == [
        choose_payload(faq_id)
        for faq_id in (
            "procedure/move_in",
            "procedure/move_out",
            "childcare/birth_registration",
            "procedure/marriage_registration",
        )
    ]
    second = ask("手続きについて", "unsure")
    assert second.intent == "nlu_fallback"
    assert second.replies == [
        corpus.message("utter_handoff_after_fallback"),
        # the department of the best listed topic for 手続き (住民票: 市民課), not a guess
        "市民課の職員がお答えします。お電話ください（電話 00-1234-0301）。\n受付時間は平日8時30分から17時15分です。",
    ]


def test_handoff_after_a_topic_names_its_department(ask):
    ask("予防接種のスケジュールを知りたい", "handoff")
    turn = ask("担当の人と話したい", "handoff")
    assert turn.intent == "human_handoff"
    assert len(turn.replies) == 1
    assert "健康推進課" in turn.replies[0] and "00-1234-0103" in turn.replies[0]
