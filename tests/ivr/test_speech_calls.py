"""Calls that speak, through the gateway and the real trained model on a real Rasa server."""

from __future__ import annotations

import pytest

from devtools.simulate import Step
from ivr.calls import AFTER_ANSWER, LEAVE_SKILL
from madoguchi.corpus.live import current_corpus
from tests.ivr.conftest import MOBILE, keys, said

# What the gateway answers from (its own cached loader); faq_corpus is validated once, in tests/madoguchi/corpus.
CORPUS = current_corpus()


def say(text: str, confidence: str = "0.92") -> Step:
    return Step("say", text, confidence)


@pytest.fixture
def speak(call, servers):
    def place(steps, **kwargs):
        return call(steps, rasa_url=servers.rasa_url, **kwargs)

    return place


def test_the_issue_example_call(speak, fake_twilio):
    # --input 2 --input 1 --say "粗大ごみを出したい" --input 1
    result = speak(keys("2", "1") + [say("粗大ごみを出したい")] + keys("1"))
    bulky = CORPUS.by_id()["waste/bulky_waste"]
    assert result.faq_id == "waste/bulky_waste"
    assert CORPUS.render(bulky, "voice") in said(result)
    assert fake_twilio.messages == [{"to": MOBILE, "from": "+81012349999", "body": CORPUS.sms_text(bulky)}]


@pytest.mark.parametrize(
    "speech, faq_id",
    [
        ("児童手当はいつ振り込まれますか", "childcare/child_allowance"),
        ("粗大ごみを出したいんですけど", "waste/bulky_waste"),
        ("冷蔵庫を処分したいです", "waste/appliance_recycling"),  # one item, sure of the topic on its kind
        ("住民票の写しを取りたいです", "procedure/resident_certificate"),
        ("市役所は何時まで開いていますか", "general/office_hours"),
    ],
)
def test_speech_in_each_category_gets_its_voice_answer(speak, speech, faq_id):
    result = speak([say(speech)])
    assert result.faq_id == faq_id
    assert said(result)[-2:] == [CORPUS.render(CORPUS.by_id()[faq_id], "voice"), AFTER_ANSWER]


def test_unsure_speech_is_confirmed_before_it_is_answered(speak):
    result = speak([say("粗大ごみを出したい", confidence="0.3"), Step("input", "1")])
    assert "粗大ごみの申し込み・手数料・出し方についてですね。よろしければ1を、違う場合は2を押してください。" in said(result)
    assert result.faq_id == "waste/bulky_waste"


def test_collection_day_by_voice_with_an_sms_summary(speak, fake_twilio):
    result = speak([say("ごみの収集日を知りたい"), say("東町です"), Step("input", "1")])
    texts = said(result)
    # the main menu: greeting, menu, the other languages offered in theirs (the last: やさしい日本語)
    assert texts[2] == "For English and other languages, press 8." and texts[6] == "やさしい 日本語は 8を おして ください。"
    assert texts[7].startswith("お住まいの地区をお話しください。番号で選ぶ場合は、中央町は1、")
    assert any(t.startswith("東町のごみの収集日です。燃やすごみ、毎週火曜日、金曜日、次は12月4日、金曜日。") for t in texts)
    assert len(fake_twilio.messages) == 1 and fake_twilio.messages[0]["body"].startswith("みどり野市：東町のごみの収集日です。")


def test_waste_item_spoken(speak):
    result = speak([say("スプレー缶は何ごみですか")])
    assert any(t.startswith("スプレー缶は有害、危険ごみです。") for t in said(result))


def test_moving_checklist_answered_with_keys(speak, fake_twilio):
    # main 3 (届出) → 1 (引っ越し) → 2 (市外へ) → date → 4 (子どもいない) → 2 → 2 → 1 → SMS
    result = speak(keys("3", "1", "2") + [say("来月の10日です")] + keys("4", "2", "2", "1", "1"))
    texts = said(result)
    assert (
        "引っ越しに必要な手続きをご案内します。どちらの引っ越しですか。市外から引っ越してくるは1、市外へ引っ越すは2、市内で引っ越すは3を押してください。"
        + LEAVE_SKILL
        in texts
    )
    assert any(
        t.startswith("お引っ越しで必要な手続きは次のとおりです。転出届、引っ越しの14日前から引っ越し後14日以内") for t in texts
    )
    assert len(fake_twilio.messages) == 1
    assert fake_twilio.messages[0]["body"].startswith("みどり野市・引っ越しの手続き：転出届、印鑑登録証返却")


def test_the_district_can_be_chosen_by_keys_page_by_page(speak):
    # main 2 (ごみ) → 1 (収集日): the districts are offered four at a time; 5 turns the page
    result = speak(keys("2", "1", "5", "3"))
    texts = said(result)
    assert (
        "お住まいの地区をお話しください。番号で選ぶ場合は、中央町は1、本町は2、東町は3、西町は4、そのほかの地区は5を押してください。"
        + LEAVE_SKILL
        in texts
    )
    assert (
        "お住まいの地区をお話しください。番号で選ぶ場合は、南町は1、北町は2、旭町は3、栄町は4、そのほかの地区は5を押してください。"
        + LEAVE_SKILL
        in texts
    )
    assert any(t.startswith("旭町のごみの収集日です。") for t in texts)


# Issue 11: every question of a skill can be left (9) or handed to staff (0) on the phone.
# The keys that reach each question of each skill from the main menu.
SKILL_STEPS = {
    "moving": [keys("3", "1"), keys("2"), [say("来月の10日です")], keys("4"), keys("2"), keys("2")],
    "item": [keys("2", "2")],
    "collection_day": [keys("2", "1")],
}
SKILL_DEPARTMENT = {"moving": ("shimin", "市民課"), "item": ("gomi", "ごみ対策課"), "collection_day": ("gomi", "ごみ対策課")}
PHONE_STEPS = [(skill, n) for skill, steps in SKILL_STEPS.items() for n in range(len(steps))]


def reach(skill: str, step: int):
    return [s for part in SKILL_STEPS[skill][: step + 1] for s in part]


@pytest.mark.parametrize("skill,step", PHONE_STEPS)
def test_nine_leaves_the_skill_at_every_question(speak, skill, step):
    result = speak(reach(skill, step) + keys("9") + [say("児童手当はいつ振り込まれますか")])
    texts = said(result)
    stopped = texts.index(CORPUS.message("utter_cancelled"))
    assert texts[stopped - 1].endswith(LEAVE_SKILL)  # the question told how to leave
    # the skill no longer catches what the caller says next
    assert result.faq_id == "childcare/child_allowance"


@pytest.mark.parametrize("skill,step", [(skill, 0) for skill in SKILL_STEPS] + [("moving", 3)])
def test_zero_inside_a_skill_goes_to_the_skills_department(speak, skill, step):
    result = speak(reach(skill, step) + keys("0"))
    key, name = SKILL_DEPARTMENT[skill]
    assert result.transfer["department"] == key
    assert said(result)[-1] == f"{name}におつなぎします。そのままお待ちください。"


@pytest.mark.parametrize("skill,step", PHONE_STEPS)
def test_another_question_inside_a_skill_is_answered_on_the_phone(speak, skill, step):
    result = speak(reach(skill, step) + [say("児童手当はいつ振り込まれますか")])
    assert result.faq_id == "childcare/child_allowance"
    assert said(result)[-2:] == [CORPUS.render(CORPUS.by_id()["childcare/child_allowance"], "voice"), AFTER_ANSWER]


def test_speech_in_chinese_korean_and_vietnamese_is_answered_in_that_language(speak):
    bulky = CORPUS.by_id()["waste/bulky_waste"]
    speak([say("粗大ごみを出したい")])  # a first turn wakes the server (its first parse may take longer than a call waits)
    spoken = (("2", "我想扔大件垃圾", "zh"), ("3", "소파를 버리고 싶어요", "ko"), ("4", "Tôi muốn vứt ghế sofa", "vi"))
    for key, question, language in spoken:
        result = speak(keys("8", key) + [say(question)] + keys("1"))  # 1: yes if confirmed, else the SMS
        assert result.faq_id == "waste/bulky_waste", (language, said(result)[-4:])
        assert CORPUS.render(bulky, "voice", language) in said(result)


def test_not_understood_speech_gets_the_candidates_as_keys_and_a_chosen_one_is_started(speak):
    # its only reading is a skill (0.37, the next 0.001), so there is no topic to confirm:
    # the assistant's 「もしかして」 with the skill as key 1, and key 1 starts it
    result = speak([say("いつですか"), Step("input", "1")])
    offered, started = said(result)[-2:]
    assert offered == (
        "もしかして、次のことについてのご質問でしょうか。当てはまる場合は選んでください。違う場合は、別の言葉で言い換えてください。"
        "ごみの収集日を調べるは1を押してください。" + LEAVE_SKILL
    )
    assert started.startswith("お住まいの地区をお話しください。番号で選ぶ場合は、中央町は1、")
    assert result.transfer is None


def test_not_understood_twice_in_a_row_the_caller_is_put_through_to_staff(speak):
    result = speak([say("いつですか"), say("えーと")])
    assert result.transfer == {"department": "main", "number": "+81012340000"}  # nothing closer than the main number
    assert said(result)[-1] == "みどり野市役所におつなぎします。そのままお待ちください。"


@pytest.mark.parametrize("speech", ["😀" * 10_000, "粗大\x07ごみ\x1b[31m" * 2], ids=["10,000 emoji", "control characters"])
def test_strange_speech_gets_an_answer_or_the_menu_and_the_call_goes_on(speak, speech):
    result = speak([say(speech), say("粗大ごみを出したい")])
    assert result.faq_id == "waste/bulky_waste"  # the call went on to the next question
    assert CORPUS.render(CORPUS.by_id()["waste/bulky_waste"], "voice") in said(result)
