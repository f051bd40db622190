"""Skills through the real trained model: forms, buttons, changes of mind, digressions.

Conversations happen on Tuesday 2026-12-01 at 10:00 Japan time (conftest pins the clock).
"""

from __future__ import annotations

import pytest


def buttons(turn):
    return [b for m in turn.messages for b in (m.get("buttons") or [])]


def test_item_named_in_the_question_is_answered_at_once(ask):
    turn = ask("ソファは何ごみ？")
    assert turn.intent == "waste_item_lookup"
    assert len(turn.replies) == 1
    assert turn.replies[0].startswith("ソファは「粗大ごみ」です。\n")
    assert turn.slots["waste_item"] == "ソファ" and turn.slots["waste_category"] == "bulky"


def test_several_items_are_offered_and_the_chosen_one_answered(ask):
    first = ask("フライパンと傘の捨て方", "items")
    assert first.replies == ["次のうち、どれのことでしょうか。"]
    assert [b["title"] for b in buttons(first)] == ["フライパン", "傘", "やめる"]
    second = ask(buttons(first)[1]["payload"], "items")
    assert second.replies[0].startswith("傘は「燃やさないごみ」です。")
    assert second.slots["waste_category"] == "non_burnable"


def test_the_item_is_asked_for_when_none_was_named(ask, corpus):
    first = ask("これって何ごみですか", "ask-item")
    assert first.replies == [corpus.message("utter_ask_waste_item_query")]
    second = ask("フライパン", "ask-item")
    assert second.replies[0].startswith("フライパンは「燃やさないごみ」です。")
    assert second.slots["waste_item"] == "フライパン"


def test_an_unknown_item_is_not_guessed(ask):
    turn = ask("ホバーボードの捨て方", "unknown")
    assert turn.intent == "waste_item_lookup"
    assert len(turn.replies) == 1
    assert turn.replies[0].startswith("「ホバーボード」の出し方は、まだ品目の辞書に載っていません。")
    assert "waste_item" not in turn.slots


def test_an_unknown_item_no_longer_wanted_gets_the_honest_answer(ask):
    # 「いらなくなった」 asks how to get rid of it, like 「捨て方」 (bot/data/skills.yml)
    turn = ask("ホバーボード いらなくなった", "unknown-not-wanted")
    assert turn.intent == "waste_item_lookup"
    assert len(turn.replies) == 1
    assert turn.replies[0].startswith("「ホバーボード」の出し方は、まだ品目の辞書に載っていません。")


def test_collection_day_with_district_and_kind_in_one_question(ask):
    turn = ask("東町の燃やすごみの日はいつ？")
    assert turn.intent == "waste_collection_day"
    assert turn.replies[0].split("\n")[:2] == [
        "東町のごみの収集日です。",
        "・燃やすごみ：毎週火曜日・金曜日（次は12月4日（金））",
    ]
    assert turn.slots["district"] == "東町"


def test_collection_day_asks_the_district_and_which_緑が丘(ask, corpus):
    first = ask("ごみの収集日を知りたい", "days")
    assert first.replies == [corpus.message("utter_ask_district")]
    second = ask("緑が丘です", "days")
    assert second.replies == ["次のうち、どちらの地区でしょうか。"]
    third = ask(buttons(second)[1]["payload"], "days")
    lines = third.replies[0].split("\n")
    assert lines[0] == "緑が丘二丁目のごみの収集日です。"
    assert len([line for line in lines if line.startswith("・")]) == 4


def test_moving_checklist_from_one_sentence_and_two_answers(ask, corpus):
    first = ask("来月市外に引っ越します、子どもが2人と犬がいます", "move")
    assert first.intent == "moving_checklist"
    assert first.replies == [corpus.message("utter_ask_national_insurance")]
    second = ask("いいえ", "move")
    assert second.replies == [corpus.message("utter_ask_seal_registration")]
    third = ask("はい", "move")
    text = third.replies[0]
    assert text.startswith(
        "お引っ越しで必要な手続きは次のとおりです。\n・転出届：引っ越しの14日前から引っ越し後14日以内（市民課）"
    )
    assert "・児童手当の受給事由消滅届：転出届と同時に（子育て支援課）" in text
    assert "・犬の登録の変更は引っ越し先の市区町村で：引っ越し先で30日以内（市民課）" in text
    assert "国民健康保険" not in text
    assert third.slots["moving_summary"].startswith("みどり野市・引っ越しの手続き：転出届、")


@pytest.mark.parametrize("answer", ["来週の月曜日", "今週の金曜日です", "2週間後"])
def test_a_moving_day_said_as_a_weekday_or_days_ahead_answers_the_forms_question(ask, corpus, answer):
    # 「来週の月曜日」 was no date, and the form gave way to the collection-day question
    conversation = f"move-weekday-{answer}"
    assert ask("引っ越すけど何の手続きが要る？", conversation).replies == [corpus.message("utter_ask_move_type")]
    chosen = '/moving_checklist{"move_type": "in"}'  # the button 「市外から引っ越してくる」
    assert ask(chosen, conversation).replies == [corpus.message("utter_ask_move_date")]
    assert ask(answer, conversation).replies[0] == corpus.message("utter_ask_children")


def test_a_resident_who_changes_their_mind_stops_the_form(ask, corpus):
    first = ask("引っ越しの手続きを全部教えてください", "cancel")
    assert first.replies == [corpus.message("utter_ask_move_type")]
    second = ask("やっぱりやめます", "cancel")
    assert second.replies == [corpus.message("utter_cancelled")]
    third = ask("粗大ごみを出したい", "cancel")
    assert third.intent == "waste/bulky_waste"


def test_an_unrelated_question_in_the_middle_is_answered_and_the_form_goes_on(ask, corpus):
    ask("引っ越しの手続きを全部教えてください", "digress")
    turn = ask("ところで粗大ごみはどうやって出せばいいですか", "digress")
    assert turn.intent == "waste/bulky_waste"
    # the question is not asked again after the answer: the resident chooses to go on
    assert turn.replies == [
        corpus.render(corpus.by_id()["waste/bulky_waste"], "answer"),
        corpus.message("utter_resume_moving_form"),
    ]
    ask(buttons(turn)[0]["payload"], "digress")
    back = ask("市内で引っ越します", "digress")
    assert back.replies == [corpus.message("utter_ask_move_date")]
