"""Skill actions with a CollectingDispatcher and a tracker: exact responses and events."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.collection_day import ActionAskDistrict, ActionCollectionDay, ValidateCollectionDayForm
from bot.actions.moving import ActionMovingChecklist, ValidateMovingForm
from bot.actions.waste_item import ActionAskWasteItemQuery, ActionWasteItemLookup, ValidateWasteItemForm
from madoguchi.clock import JST
from madoguchi.staff_log import unknown_items

TUESDAY_10AM = datetime(2026, 12, 1, 10, 0, tzinfo=JST)


def tracker(text: str = "", intent: str = "", slots: Optional[Dict[str, Any]] = None,
            entities: Optional[List[Dict[str, Any]]] = None, active_loop: str = "") -> Tracker:  # fmt: skip
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    return Tracker(
        "resident-1", slots or {}, latest, [], False, None, {"name": active_loop} if active_loop else {}, "action_listen"
    )


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, t, {})
    return events, dispatcher.messages


def extract(coroutine):
    return asyncio.run(coroutine)


# --- waste_item_lookup ---


def test_known_item_is_answered_from_the_dictionary_and_slots_are_set():
    events, messages = run(ActionWasteItemLookup(), tracker(slots={"waste_item_query": "ソファ"}))
    assert events == [SlotSet("waste_item_query", None), SlotSet("waste_item_candidates", None),
                      SlotSet("waste_item", "ソファ"), SlotSet("waste_category", "bulky")]  # fmt: skip
    assert len(messages) == 1
    message = messages[0]
    assert message["response"] == "utter_waste_item_answer"
    assert (message["item"], message["category_label"]) == ("ソファ", "粗大ごみ")
    assert message["custom"] == {"waste_item": "ソファ", "waste_category": "bulky", "related_faq": "waste/bulky_waste"}
    assert message["buttons"] == [
        {"title": "粗大ごみの申し込み・手数料・出し方の案内を見る", "payload": '/choose_faq{"faq_id": "waste/bulky_waste"}'}
    ]


@pytest.mark.parametrize(
    "item, how, related",
    [
        # the note says to apply; the bulky-waste topic says where, and what the ticket costs
        ("布団", "ひもで縛り、粗大ごみとして申し込んでください。\n粗大ごみは粗大ごみ受付センターへ、電話かインターネットで事前に"
         "申し込みます。1点400円から1600円の処理券をコンビニやスーパーで買って品物に貼り、収集日の朝8時30分までに出してください。",
         "waste/bulky_waste"),
        # the appliance-recycling topic: the recycling fee and the designated site
        ("冷蔵庫", "家電リサイクル法の対象のため、販売店に引き取りを依頼してください。\nテレビ、冷蔵庫、洗濯機、エアコンなどは"
         "家電リサイクル法の対象で、市では収集できません。購入した販売店に引き取りを頼むか、リサイクル料金を払って指定引取場所へ"
         "持ち込んでください。", "waste/appliance_recycling"),
        # the PC topic's sentence on the maker and the box repeats the note and is left out
        ("パソコン", "メーカー回収か、市役所1階の小型家電回収ボックスを利用してください。\nパソコンは市のごみ収集では出せません。"
         "データは事前に必ず消去してください。", "waste/pc_recycling"),
        # a note that says it all; a piano is not an appliance of the recycling law
        ("乾電池", "端子にテープを貼って出してください。", "waste/hazardous_waste"),
        ("ピアノ", "専門業者に相談してください。", "waste/sorting_rules"),
    ],
)  # fmt: skip
def test_an_items_answer_says_what_its_topic_adds_and_offers_the_topic(item, how, related):
    _, [message] = run(ActionWasteItemLookup(), tracker(slots={"waste_item_query": item}))
    assert message["how"] == how
    assert message["custom"]["related_faq"] == related
    assert message["buttons"][0]["payload"] == f'/choose_faq{{"faq_id": "{related}"}}'


# A bulky item's note says to apply; the answer adds the topic's spoken summary (where to
# apply, the ticket's price), in the resident's language.
@pytest.mark.parametrize(
    "language, item, label, how, button",
    [
        ("en", "Sofa (ソファ)", "Bulky waste (large items)",
         "Apply in advance for bulky waste collection, stick a bulky waste ticket on it and put it out.\n"
         "Apply to the Bulky Waste Reception Center by phone or online. Buy a ticket of 400 to 1600 yen per item at a "
         "convenience store or supermarket, stick it on the item, and put it out by 8:30 a.m. on the collection day.",
         "Large items"),
        ("zh", "沙发（ソファ）", "大件垃圾",
         "请提前申请大件垃圾回收，贴上处理券后再扔。\n大件垃圾需要事先通过电话或网上向大件垃圾受理中心申请。"
         "请在便利店或超市购买每件400日元到1600日元的处理券贴在物品上，并在收集日早上8点30分之前投放。", None),
        ("ko", "소파(ソファ)", "대형 쓰레기",
         "대형 쓰레기로 미리 신청하고 처리권을 붙여서 내놓아 주세요.\n대형 쓰레기는 대형 쓰레기 접수센터에 전화나 인터넷으로 "
         "미리 신청합니다. 1점당 400엔에서 1600엔의 처리권을 편의점이나 슈퍼마켓에서 사서 물건에 붙이고, 수거일 아침 8시 30분까지 "
         "배출해 주세요.", None),
        ("vi", "Ghế sofa (ソファ)", "Rác cỡ lớn",
         "Hãy đăng ký trước để thu gom rác cỡ lớn, dán phiếu xử lý rồi mang ra bỏ.\nRác cỡ lớn cần đăng ký trước với "
         "Trung tâm Tiếp nhận Rác cỡ lớn qua điện thoại hoặc Internet. Bạn mua phiếu xử lý từ 400 đến 1600 yên mỗi món "
         "tại cửa hàng tiện lợi hoặc siêu thị, dán lên đồ vật và đặt ra trước 8 giờ 30 sáng ngày thu gom.", None),
        ("ja-easy", "ソファ", "そだいごみ（おおきい ごみ）",
         "まえに もうしこみを して、けん（処理券）を はって だして ください。\nおおきい ごみは、さきに そだいごみ "
         "うけつけセンターに 電話か インターネットで もうしこんで ください。コンビニや スーパーで 1つ 400円から 1600円の "
         "しょりけんを 買って、ごみに はって ください。集める 日の 朝 8時30分までに 出して ください。", None),
    ],
)  # fmt: skip
def test_a_known_item_is_answered_in_the_residents_language_with_the_same_category(language, item, label, how, button):
    slots = {"waste_item_query": "ソファ", "language": language}
    events, [message] = run(ActionWasteItemLookup(), tracker(slots=slots))
    assert SlotSet("waste_item", "ソファ") in events and SlotSet("waste_category", "bulky") in events
    assert (message["item"], message["category_label"], message["how"]) == (item, label, how)
    assert message["custom"]["related_faq"] == "waste/bulky_waste"
    assert "案内を見る" not in message["buttons"][0]["title"]
    if button:
        assert message["buttons"][0]["title"] == button


def test_on_the_phone_the_japanese_names_are_left_out_for_the_other_languages_voice():
    t = tracker(slots={"waste_item_query": "フライパン", "language": "en"})
    t.events.append({"event": "user", "text": "frying pan", "input_channel": "phone"})
    _, [message] = run(ActionWasteItemLookup(), t)
    assert message["item"] == "Frying pan"
    t = tracker(slots={"district": "東町", "language": "en", "waste_kind": "燃やすごみ"})
    t.events.append({"event": "user", "text": "Higashimachi", "input_channel": "phone"})
    _, messages = run(ActionCollectionDay(clock=lambda: TUESDAY_10AM), t)
    assert messages[0]["days"] == "• Burnable waste: every Tuesday and Friday (next: Fri, December 4)"


def test_an_item_without_its_own_translated_note_gets_its_categorys_rule():
    events, [message] = run(ActionWasteItemLookup(), tracker(slots={"waste_item_query": "フライパン", "language": "en"}))
    assert (message["item"], message["category_label"]) == ("Frying pan (フライパン)", "Non-burnable waste")
    assert message["how"] == "Put it out as non-burnable waste."
    # an item with no English name keeps its Japanese name, and still gets an English rule
    events, [message] = run(ActionWasteItemLookup(), tracker(slots={"waste_item_query": "一斗缶", "language": "en"}))
    assert message["item"] == "一斗缶" and message["category_label"] == "Non-burnable waste"
    assert message["how"].isascii()


def test_unknown_item_gets_an_honest_answer_and_is_recorded_for_staff():
    t = tracker("ホバーボードは何ごみ", "waste_item_lookup", {"waste_item_query": "?ホバーボード"})
    events, messages = run(ActionWasteItemLookup(), t)
    assert [m["response"] for m in messages] == ["utter_waste_item_unknown"]
    assert messages[0]["item"] == "ホバーボード"
    assert SlotSet("waste_item", None) in events and SlotSet("waste_category", None) in events
    assert ("ホバーボード", "ホバーボードは何ごみ", "resident-1") in unknown_items()


def test_an_unknown_item_holding_a_phone_number_is_echoed_and_recorded_masked():
    t = tracker("09012345678の充電器は何ごみ", "waste_item_lookup", {"waste_item_query": "?09012345678の充電器"})
    _, messages = run(ActionWasteItemLookup(), t)
    assert (messages[0]["item"], messages[0]["custom"]) == ("[電話番号]の充電器", {"waste_item_unknown": "[電話番号]の充電器"})
    assert ("[電話番号]の充電器", "[電話番号]の充電器は何ごみ", "resident-1") in unknown_items()


def test_extraction_resolves_one_item_several_items_or_unknown_words():
    form = ValidateWasteItemForm()
    d = CollectingDispatcher()
    assert extract(form.extract_waste_item_query(d, tracker("PETボトルは資源ごみ？", "waste_item_lookup"), {})) == {
        "waste_item_query": "ペットボトル", "waste_item_candidates": None}  # fmt: skip
    assert extract(form.extract_waste_item_query(d, tracker("電池とスプレー缶", "waste_item_lookup"), {})) == {
        "waste_item_candidates": ["スプレー缶", "乾電池"]}  # fmt: skip
    chosen = tracker("/waste_item_lookup", "waste_item_lookup", entities=[{"entity": "waste_item", "value": "乾電池"}])
    assert extract(form.extract_waste_item_query(d, chosen, {}))["waste_item_query"] == "乾電池"
    assert extract(form.extract_waste_item_query(d, tracker("これ何ごみ？", "waste_item_lookup"), {})) == {}
    # a question about something else while the form waits is left to the rules
    assert extract(form.extract_waste_item_query(d, tracker("ソファ", "greet"), {})) == {}


def test_ask_offers_the_candidates_as_buttons():
    _, messages = run(ActionAskWasteItemQuery(), tracker(slots={"waste_item_candidates": ["スプレー缶", "乾電池"]}))
    assert messages[0]["response"] == "utter_waste_item_which"
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/waste_item_lookup{"waste_item": "スプレー缶"}', '/waste_item_lookup{"waste_item": "乾電池"}', "/cancel"]  # fmt: skip
    _, messages = run(ActionAskWasteItemQuery(), tracker())
    assert [m["response"] for m in messages] == ["utter_ask_waste_item_query"]


def test_the_candidates_and_the_way_out_are_titled_in_the_residents_language():
    slots = {"waste_item_candidates": ["スプレー缶", "乾電池"], "language": "en"}
    _, messages = run(ActionAskWasteItemQuery(), tracker(slots=slots))
    assert [b["title"] for b in messages[0]["buttons"]] == ["Spray can (スプレー缶)", "Battery (乾電池)", "Stop"]
    assert messages[0]["buttons"][0]["payload"] == '/waste_item_lookup{"waste_item": "スプレー缶"}'
    _, messages = run(ActionAskWasteItemQuery(), tracker(slots={"waste_item_candidates": ["スプレー缶"]}))
    assert [b["title"] for b in messages[0]["buttons"]] == ["スプレー缶", "やめる"]


# --- waste_collection_day ---


def test_collection_days_of_a_district_with_the_next_dates():
    events, messages = run(ActionCollectionDay(clock=lambda: TUESDAY_10AM), tracker(slots={"district": "東町"}))
    assert events == [SlotSet("waste_kind", None), SlotSet("district_candidates", None)]
    assert messages[0]["response"] == "utter_collection_days"
    assert messages[0]["district"] == "東町"
    assert messages[0]["days"].split("\n") == [
        "・燃やすごみ：毎週火曜日・金曜日（次は12月4日（金））",
        "・燃やさないごみ：第2・第4木曜日、臨時に1月9日（次は12月10日（木））",
        "・資源物：毎週月曜日（次は12月7日（月））",
        "・有害・危険ごみ：第3水曜日（次は12月16日（水））",
    ]


def test_a_collection_today_is_offered_until_8_30():
    early = datetime(2026, 12, 1, 7, 0, tzinfo=JST)
    _, messages = run(ActionCollectionDay(clock=lambda: early), tracker(slots={"district": "東町", "waste_kind": "燃やすごみ"}))
    assert messages[0]["days"] == "・燃やすごみ：毎週火曜日・金曜日（次は今日12月1日（火））"


def test_district_and_kind_extraction():
    form = ValidateCollectionDayForm()
    d = CollectingDispatcher()
    assert extract(form.extract_district(d, tracker("ひがしまちの燃えるゴミの日", "waste_collection_day"), {})) == {
        "district": "東町", "district_candidates": None, "waste_kind": "燃やすごみ"}  # fmt: skip
    assert extract(form.extract_district(d, tracker("緑が丘です"), {})) == {
        "district_candidates": ["緑が丘一丁目", "緑が丘二丁目"]
    }
    _, messages = run(ActionAskDistrict(), tracker(slots={"district_candidates": ["緑が丘一丁目", "緑が丘二丁目"]}))
    assert [b["title"] for b in messages[0]["buttons"]] == ["緑が丘一丁目", "緑が丘二丁目", "やめる"]


# --- moving_checklist ---


def test_moving_facts_from_one_sentence_and_yes_no_answers():
    form = ValidateMovingForm(clock=lambda: TUESDAY_10AM)
    d = CollectingDispatcher()
    first = tracker("来月市外に引っ越します、子どもが2人と犬がいます", "moving_checklist")
    assert extract(form.extract_move_type(d, first, {})) == {
        "move_type": "out", "move_date": "2027-01", "children": "yes", "dog": True}  # fmt: skip
    answer = tracker("いいえ", "deny", slots={"requested_slot": "national_insurance"}, active_loop="moving_form")
    assert extract(form.extract_move_type(d, answer, {})) == {"national_insurance": False}
    button = tracker("/moving_checklist", "moving_checklist", entities=[{"entity": "move_type", "value": "within"}])
    assert extract(form.extract_move_type(d, button, {})) == {"move_type": "within"}


def test_collection_days_in_the_residents_language_from_the_same_calendar():
    t = tracker(slots={"district": "東町", "language": "en"})
    events, messages = run(ActionCollectionDay(clock=lambda: TUESDAY_10AM), t)
    assert messages[0]["days"].split("\n") == [
        "• Burnable waste (燃やすごみ): every Tuesday and Friday (next: Fri, December 4)",
        "• Non-burnable waste (燃やさないごみ): 2nd and 4th Thursday of the month, also on January 9 (next: Thu, December 10)",
        "• Recyclables (資源物): every Monday (next: Mon, December 7)",
        "• Hazardous waste (有害・危険ごみ): 3rd Wednesday of the month (next: Wed, December 16)",
    ]
    t = tracker(slots={"district": "東町", "language": "ko", "waste_kind": "燃やすごみ"})
    events, messages = run(ActionCollectionDay(clock=lambda: datetime(2026, 12, 4, 7, 0, tzinfo=JST)), t)
    assert messages[0]["days"] == "• 타는 쓰레기(燃やすごみ): 매주 화요일·금요일(다음은 오늘 12월 4일(금))"
    assert messages[0]["district"] == "히가시마치(東町)"


@pytest.mark.parametrize(
    ("language", "district", "buttons"),
    [
        # the sign's name beside the resident's letters, as a city's multilingual page writes it
        ("en", "Higashimachi (東町)", ["Midorigaoka 1-chome (緑が丘一丁目)", "Midorigaoka 2-chome (緑が丘二丁目)"]),
        ("vi", "Higashimachi (東町)", ["Midorigaoka 1-chome (緑が丘一丁目)", "Midorigaoka 2-chome (緑が丘二丁目)"]),
        ("ko", "히가시마치(東町)", ["미도리가오카 1초메(緑が丘一丁目)", "미도리가오카 2초메(緑が丘二丁目)"]),
        ("ja-easy", "東町（ひがしまち）", ["緑が丘一丁目（みどりがおかいっちょうめ）", "緑が丘二丁目（みどりがおかにちょうめ）"]),
        ("zh", "東町", ["緑が丘一丁目", "緑が丘二丁目"]),  # Chinese readers read the kanji on the sign
    ],
)
def test_district_names_in_the_residents_letters_beside_the_signs(language, district, buttons):
    t = tracker(slots={"district": "東町", "language": language, "waste_kind": "燃やすごみ"})
    _, messages = run(ActionCollectionDay(clock=lambda: TUESDAY_10AM), t)
    assert messages[0]["district"] == district
    candidates = {"district_candidates": ["緑が丘一丁目", "緑が丘二丁目"], "language": language}
    _, messages = run(ActionAskDistrict(), tracker(slots=candidates))
    assert [b["title"] for b in messages[0]["buttons"]][:2] == buttons


def test_a_district_typed_in_the_residents_letters_is_found():
    form = ValidateCollectionDayForm()
    d = CollectingDispatcher()
    for text in ("I live in Higashimachi", "히가시마치에 살아요", "Tôi sống ở Higashimachi"):
        assert extract(form.extract_district(d, tracker(text, "waste_collection_day"), {}))["district"] == "東町"
    assert extract(form.extract_district(d, tracker("Midorigaoka 2-chome"), {}))["district"] == "緑が丘二丁目"


def test_the_checklist_in_the_residents_language_with_its_dates_and_departments():
    slots = {"move_type": "in", "move_date": "2026-12-20", "children": "none", "dog": False,
             "national_insurance": False, "seal_registration": True, "language": "vi"}  # fmt: skip
    events, messages = run(ActionMovingChecklist(), tracker(slots=slots))
    assert messages[0]["items"].split("\n") == [
        "• Khai báo chuyển đến: trong vòng 14 ngày sau khi chuyển nhà (trước ngày 3 tháng 1) (Phòng Thị dân)",
        "• Đổi địa chỉ trên thẻ My Number: cùng lúc với khai báo địa chỉ, trong vòng 14 ngày (trước ngày 3 tháng 1) (Phòng Thị dân)",
        "• Đăng ký con dấu (đăng ký ở thành phố cũ đã hết hiệu lực khi chuyển đi): khi cần (Phòng Thị dân)",
    ]
    slots.update(move_type="out", language="zh")
    events, messages = run(ActionMovingChecklist(), tracker(slots=slots))
    assert messages[0]["items"].split("\n")[0] == "• 迁出申报（转出届）：搬家前14天至搬家后14天内（12月6日起）（市民课）"


def test_the_checklist_and_its_sms_summary():
    slots = {"move_type": "in", "move_date": "2026-12-20", "children": "none", "dog": False,
             "national_insurance": False, "seal_registration": True}  # fmt: skip
    events, messages = run(ActionMovingChecklist(), tracker(slots=slots))
    assert messages[0]["response"] == "utter_moving_checklist"
    assert messages[0]["items"].split("\n") == [
        "・転入届：引っ越しから14日以内（1月3日まで）（市民課）",
        "・マイナンバーカードの住所変更：住所の届け出と同時に、14日以内（1月3日まで）（市民課）",
        "・印鑑登録（前の市の登録は転出で廃止されます）：必要になったときに（市民課）",
    ]
    summary = messages[0]["custom"]["sms"]
    assert summary == ("みどり野市・引っ越しの手続き：転入届(1月3日まで)、マイナカード(1月3日まで)、印鑑登録\n"
                       "詳しくは https://www.city.midorino.example/kurashi/hikkoshi.html")  # fmt: skip
    assert events[0] == SlotSet("moving_summary", summary)
    assert all(e["value"] is None for e in events[1:]) and len(events) == 7


def test_in_easy_japanese_the_item_has_its_reading_and_its_own_note():
    _, [message] = run(ActionWasteItemLookup(), tracker(slots={"waste_item_query": "食用油", "language": "ja-easy"}))
    assert message["item"] == "食用油（しょくようあぶら）"  # shown as ruby by the widget
    assert message["how"].startswith("かみや ぬのに すわせるか、かためて")  # not just "put it in a bag"
