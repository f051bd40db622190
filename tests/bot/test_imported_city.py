"""After `make import-5374`: the same assistant answers from the city's own files, in the
chat (the real model and actions, in-process as `bot.ask` runs them) and on the phone."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import madoguchi.waste_data as waste_data
from bot.actions.collection_day import ActionCollectionDay
from gateway.settings import Settings
from gateway.store import CallState, Store
from ivr.calls import CallFlow
from madoguchi.clock import JST
from madoguchi.corpus.live import current_corpus
from madoguchi.import5374 import import_folder
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Iterator[Path]:
    """The messy fixture city imported into a scratch corpus folder, and made current."""
    corpus = tmp_path_factory.mktemp("corpus")
    assert import_folder(FIXTURES / "city5374" / "messy", corpus, out=io.StringIO(), err=io.StringIO()) is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waste_data, "IMPORTED_DIR", corpus / "waste_5374")
        yield corpus / "waste_5374"


def slots(turn) -> dict:
    return turn.slots


def test_variants_are_offered_and_the_answer_is_in_the_city_words(imported, ask):
    first = ask("いすは何ごみですか？", "variants")
    assert first.intent == "waste_item_lookup"
    buttons = [b for m in first.messages for b in (m.get("buttons") or [])]
    # the variants, then the way out of the question
    assert [b["title"] for b in buttons] == ["いす（木製）", "いす（金属以外、７０㎝以下）", "いす（金属製）", "やめる"]
    chosen = ask(buttons[2]["payload"], "variants")
    assert chosen.replies == ["いす（金属製）は「粗大ごみ」です。\n金属の部分が多いもの"]
    assert (slots(chosen)["waste_item"], slots(chosen)["waste_category"]) == ("いす（金属製）", "bulky")


@pytest.mark.parametrize(
    "text, item, label",
    [
        ("天ぷらに使った油の捨て方を教えて", "天ぷら油", "燃えるごみ"),
        ("いらなくなったビニール笠はどうやって出せばいい？", "かさ", "不燃ごみ"),
        ("テレビの捨て方を教えて", "テレビ", "収集・処理しないごみ"),  # the city's list, not the sample's FAQ
        ("チラシは何ごみですか？", "新聞・チラシ", "資源物（紙類）"),
    ],
)
def test_items_however_they_are_asked(imported, ask, text, item, label):
    turn = ask(text)
    assert slots(turn)["waste_item"] == item
    assert turn.replies[0].startswith(f"{item}は「{label}」です。")


def test_an_unknown_item_gets_an_honest_answer(imported, ask):
    turn = ask("ホバーボードは何ごみ？")
    assert slots(turn).get("waste_item") is None and "まだ品目の辞書に載っていません" in turn.replies[0]


def test_collection_day_by_address(imported, ask):
    turn = ask("昭和通5丁目の燃やすごみは？")
    assert turn.intent == "waste_collection_day"
    assert slots(turn)["district"] == "昭和通3～9丁目"
    assert turn.replies[0].startswith("昭和通3～9丁目のごみの収集日です。\n・燃えるごみ：毎週火曜日・金曜日（次は")


def test_an_exclusion_row_is_asked_then_told(imported, ask):
    asked = ask("稲葉荘のごみの日はいつ？", "inaba")
    assert slots(asked)["district_candidates"] == ["稲葉荘（国道2号に面した家庭は除く）", "稲葉荘の国道2号に面した家庭"]
    told = ask("国道2号に面してます", "inaba")
    assert slots(told)["district"] == "稲葉荘の国道2号に面した家庭"
    assert "・燃えるごみ：毎週火曜日・金曜日" in told.replies[0]


def test_the_answer_tells_the_centre_closure(imported):
    dispatcher = CollectingDispatcher()
    tracker = Tracker("t", {"district": "昭和通3～9丁目", "waste_kind": "燃えるごみ"}, {}, [], False, None, {}, "")
    ActionCollectionDay(clock=lambda: datetime(2026, 12, 28, 10, 0, tzinfo=JST)).run(dispatcher, tracker, {})
    first, closure = dispatcher.messages
    # 12/29 (Tue) and 1/1 (Fri) are inside the closure: the next Tuesday or Friday is 1/5
    assert first["days"] == "・燃えるごみ：毎週火曜日・金曜日（次は1月5日（火））"
    assert (closure["response"], closure["center"], closure["period"]) == (
        "utter_collection_closure",
        "東部クリーンセンター",
        "明日12月29日（火）から1月3日（日）",
    )


def _flow(tmp_path: Path) -> CallFlow:
    settings = Settings(public_base_url="https://madoguchi.city.example", twilio_auth_token="t", twilio_account_sid="ACtest",
                        data_dir=tmp_path)  # fmt: skip
    return CallFlow(settings, Store(tmp_path), current_corpus, rasa=None)  # type: ignore[arg-type]


def _gather_text(response) -> str:
    root = ET.fromstring(response.body)
    gather = root.find("Gather")
    assert gather is not None
    return "".join(say.text or "" for say in gather.findall("Say"))


def test_on_the_phone_variants_are_numbered_keys_and_districts_are_the_city(imported, ask, tmp_path):
    flow = _flow(tmp_path)
    state = CallState(sid="CA1", conversation="phone-variants", caller_kind="mobile")
    turn = ask("いすは何ごみですか？", "phone-variants")
    prompt = _gather_text(flow.speak_replies(state, turn.messages))
    assert prompt.endswith(
        "いす（木製）は1、いす（金属以外、７０㎝以下）は2、いす（金属製）は3を押してください。"
        "やめるときは9、職員におつなぎするには0を押してください。"
    )
    answer = ask(state.choices["3"], "phone-variants")
    response = flow.speak_replies(state, answer.messages)
    said = [say.text for say in ET.fromstring(response.body).iter("Say")]
    assert any(text and text.startswith("いす、金属製は粗大ごみです。") for text in said)  # as read aloud
    districts = _gather_text(flow.district_prompt(state, 0))
    assert "昭和通1～2丁目は1、昭和通3～9丁目は2" in districts
    assert json.loads(state.choices["2"].split("day", 1)[1]) == {"district": "昭和通3～9丁目"}


@pytest.mark.parametrize(
    "language, district",
    [
        ("en", "Showadori 3–9-chome (昭和通3～9丁目)"),  # Sudachi's reading: no staff wrote one
        ("ko", "쇼와도리 3~9초메(昭和通3～9丁目)"),
        ("ja-easy", "昭和通（しょうわどおり）3～9丁目"),
        ("zh", "昭和通3～9丁目"),
    ],
)
def test_an_imported_district_is_named_so_the_resident_can_read_it(imported, language, district):
    dispatcher = CollectingDispatcher()
    tracker = Tracker(
        "t", {"district": "昭和通3～9丁目", "waste_kind": "燃えるごみ", "language": language}, {}, [], False, None, {}, ""
    )
    ActionCollectionDay(clock=lambda: datetime(2026, 12, 1, 10, 0, tzinfo=JST)).run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["district"] == district


def test_on_the_phone_a_korean_caller_hears_the_imported_districts_in_hangul(imported, tmp_path):
    flow = _flow(tmp_path)
    state = CallState(sid="CA2", conversation="phone-ko", caller_kind="mobile", language="ko")
    districts = _gather_text(flow.district_prompt(state, 0))
    # Hangul from Sudachi's reading (大庄中通 おおしょうなかどおり: 오쇼나카도리), not Showadori 1, 2-chome
    assert "쇼와도리 1, 2초메, 1번. 쇼와도리 3에서 9초메, 2번. 오쇼나카도리 1에서 4초메, 3번. 이나바소, 4번." in districts
    gather = ET.fromstring(flow.district_prompt(state, 0).body).find("Gather")
    assert gather is not None and {"쇼와도리", "오쇼나카도리", "이나바소"} <= set(gather.get("hints", "").split(","))
    assert json.loads(state.choices["2"].split("day", 1)[1]) == {"district": "昭和通3～9丁目"}
