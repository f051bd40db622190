"""简体中文, 한국어, Tiếng Việt, やさしい日本語 and English by phone: key 8 in the main menu leads to
a language menu said in each language; after a choice every menu, answer, SMS, reprompt and
hand-off is in that language, in its voice, and speech is heard in it.

Requests are signed with the real twilio RequestValidator and sent to the real FastAPI app;
the TwiML is parsed and its elements and attributes checked exactly.
"""

from __future__ import annotations

import re
import time
import uuid
import xml.etree.ElementTree as ET
from typing import Dict, List, Tuple
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from gateway.settings import Settings
from ivr.languages import default_language_menu, opening_in
from madoguchi.clock import JST
from madoguchi.corpus.live import current_corpus
from madoguchi.corpus.model import fill_placeholders
from madoguchi.corpus.translations import sms_limit
from tests.gateway.fake_rasa import FakeRasa
from tests.ivr.conftest import BASE, CLOSED, LANDLINE, MOBILE, OPEN, TOKEN

# What the gateway answers from (its own cached loader); faq_corpus is validated once, in tests/madoguchi/corpus.
CORPUS = current_corpus()
BULKY = CORPUS.by_id()["waste/bulky_waste"]
WORDS = {code: t.phone for code, t in CORPUS.translations.items() if t.phone}
# (language, key in the language menu, <Say voice>, <Say language>, <Gather language>)
LANGUAGES = [
    ("en", "1", "Polly.Joanna", "en-US", "en-US"),
    ("zh", "2", "Polly.Zhiyu", "cmn-CN", "cmn-Hans-CN"),
    ("ko", "3", "Polly.Seoyeon", "ko-KR", "ko-KR"),
    ("vi", "4", "Google.vi-VN-Standard-A", "vi-VN", "vi-VN"),
    ("ja-easy", "5", "Polly.Mizuki", "ja-JP", "ja-JP"),
]
JAPANESE_VOICE = ("Polly.Mizuki", "ja-JP")
EASY_RATE = "85%"  # faq_corpus/city.yml: やさしい日本語 is read more slowly


class Call:
    """One phone call: signed POSTs to the gateway, the TwiML parsed."""

    def __init__(self, client: TestClient, caller: str = MOBILE, at: str = OPEN) -> None:
        self.client, self.caller, self.at = client, caller, at
        self.sid = "CA" + uuid.uuid4().hex
        self.validator = RequestValidator(TOKEN)
        self.headers: Dict[str, str] = {}

    def post(self, url: str, **fields: str) -> ET.Element:
        params = {"CallSid": self.sid, "AccountSid": "ACtest", "From": self.caller, "To": "+81012340000", **fields}
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, params), "X-Madoguchi-Clock": self.at}
        response = self.client.post(url, data=params, headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/xml"
        self.headers = dict(response.headers)
        return ET.fromstring(response.text)

    def start(self) -> ET.Element:
        return self.post(BASE + "/voice/incoming")

    def press(self, root: ET.Element, digits: str) -> ET.Element:
        return self.post(gather(root).get("action", ""), Digits=digits)

    def say(self, root: ET.Element, speech: str) -> ET.Element:
        return self.post(gather(root).get("action", ""), SpeechResult=speech, Confidence="0.9")

    def silence(self, root: ET.Element) -> ET.Element:
        [redirect] = root.findall("Redirect")
        return self.post(redirect.text or "")

    def choose(self, language_key: str) -> ET.Element:
        """From the start of the call to the main menu in a language: 8, then its key."""
        return self.press(self.press(self.start(), "8"), language_key)


def gather(root: ET.Element) -> ET.Element:
    gathers = root.findall("Gather")
    assert len(gathers) == 1
    return gathers[0]


def says(element: ET.Element) -> List[Tuple[str, str, str]]:
    """Every <Say> directly under the element: (text, voice, language)."""
    return [("".join(s.itertext()).strip(), s.get("voice", ""), s.get("language", "")) for s in element.findall("Say")]


def rate(element: ET.Element) -> List[str]:
    return [s.find("prosody").get("rate", "") if s.find("prosody") is not None else "" for s in element.findall("Say")]


def words(language: str, name: str, **values: str) -> str:
    """A phone text as written, placeholders filled."""
    return fill_placeholders(WORDS[language][name], {**CORPUS.profile.placeholders(language=language), **values})


def heard(language: str, name: str, **values: str) -> str:
    """A phone text as said: やさしい日本語's readings (「市（し）」) are not read out."""
    text = words(language, name, **values)
    return re.sub("（[ぁ-ん]+）", "", text) if language == "ja-easy" else text


def office(language: str, department: str = "") -> str:
    local = CORPUS.profile.languages[language]
    return local.departments[department] if department else local.main_office


def assert_listens(root: ET.Element, path: str, step: int, speech_language: str) -> None:
    """One Gather for one key or speech in the language, and one Redirect back for silence."""
    node = gather(root)
    url = f"{BASE}{path}?step={step}"
    assert (node.get("action"), node.get("method"), node.get("language")) == (url, "POST", speech_language)
    assert (node.get("input"), node.get("numDigits"), node.get("actionOnEmptyResult")) == ("dtmf speech", "1", "false")
    [redirect] = root.findall("Redirect")
    assert (redirect.text, redirect.get("method")) == (url, "POST")


@pytest.fixture
def client(gateway) -> TestClient:
    return gateway()


def test_the_japanese_main_menu_offers_each_language_in_its_own_voice(client):
    root = Call(client).start()
    assert_listens(root, "/voice/menu", 1, "ja-JP")
    assert len(says(root)) == 1 and says(root)[0][1:] == JAPANESE_VOICE  # the greeting
    menu, *offers = says(gather(root))
    assert menu[0].startswith("子育てについては1、") and menu[1:] == JAPANESE_VOICE
    assert offers == [
        ("For English and other languages, press 8.", "Polly.Joanna", "en-US"),
        ("中文服务请按8。", "Polly.Zhiyu", "cmn-CN"),
        ("한국어 안내는 8번을 눌러 주세요.", "Polly.Seoyeon", "ko-KR"),
        ("Tiếng Việt, xin bấm phím 8.", "Google.vi-VN-Standard-A", "vi-VN"),
        ("やさしい 日本語は 8を おして ください。", "Polly.Mizuki", "ja-JP"),
    ]
    assert rate(gather(root)) == ["", "", "", "", "", EASY_RATE]


def test_key_8_is_the_language_menu_each_choice_said_in_its_language(client):
    call = Call(client)
    root = call.press(call.start(), "8")
    assert_listens(root, "/voice/menu", 2, "en-US")  # names are said in many languages: English ones heard best
    assert says(root) == []
    assert says(gather(root)) == [
        ("For English, press 1.", "Polly.Joanna", "en-US"),
        ("中文服务请按2。", "Polly.Zhiyu", "cmn-CN"),
        ("한국어 안내는 3번을 눌러 주세요.", "Polly.Seoyeon", "ko-KR"),
        ("Tiếng Việt, xin bấm phím 4.", "Google.vi-VN-Standard-A", "vi-VN"),
        ("やさしい 日本語は 5を おして ください。", "Polly.Mizuki", "ja-JP"),
        ("日本語のご案内は9を押してください。", "Polly.Mizuki", "ja-JP"),
    ]
    hints = gather(root).get("hints", "").split(",")
    assert {"korean", "中文", "tiếng việt", "vietnamese"} <= set(hints)


@pytest.mark.parametrize(("language", "key", "voice", "say_language", "speech"), LANGUAGES)
def test_after_the_choice_the_main_menu_is_in_the_language(client, language, key, voice, say_language, speech):
    root = Call(client).choose(key)
    assert_listens(root, "/voice/menu", 3, speech)
    assert says(root) == [(heard(language, "greeting"), voice, say_language)]
    menu, *asides = says(gather(root))
    prompt = WORDS[language]["menus"]["main"]
    separator = "" if language in ("zh", "ja-easy") else " "
    assert menu == (f"{prompt}{separator}{heard(language, 'speak_or_press')}", voice, say_language)
    back = [("日本語のご案内は8を押してください。", *JAPANESE_VOICE)] if language != "ja-easy" else []
    assert asides == [(heard(language, "other_languages"), voice, say_language), *back]
    call_back = Call(client)
    again = call_back.press(call_back.press(call_back.choose(key), "1"), "9")  # 子育て, then 9: the main menu
    assert says(gather(again)) == [menu]  # the languages are offered after the greeting only
    # hints for speech in the language: its own topic titles (Twilio splits hints at commas), not the Japanese ones
    hints = gather(root).get("hints", "")
    assert CORPUS.title(BULKY, language)[:100].replace(",", " ") in hints.split(",")
    assert "粗大ごみの申し込み・手数料・出し方" not in hints


@pytest.mark.parametrize(("language", "key", "voice", "say_language", "speech"), LANGUAGES)
def test_an_answer_and_its_sms_in_the_language(client, fake_twilio, language, key, voice, say_language, speech):
    call = Call(client)
    root = call.press(call.press(call.choose(key), "2"), "3")  # ごみ → 粗大ごみ
    assert call.headers["x-madoguchi-answered"] == "waste/bulky_waste"
    assert_listens(root, "/voice/after", 5, speech)
    spoken = CORPUS.render(BULKY, "voice", language)
    assert says(root) == [(spoken, voice, say_language)]
    assert says(gather(root)) == [(heard(language, "after_answer"), voice, say_language)]

    root = call.press(root, "1")  # the details by SMS
    assert says(root) == [(heard(language, "sms_accepted"), voice, say_language)]
    assert_listens(root, "/voice/after", 6, speech)
    deadline = time.monotonic() + 10  # the outbox worker sends it after the step
    while not fake_twilio.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    body = CORPUS.sms_text(BULKY, language)
    assert fake_twilio.messages == [{"to": MOBILE, "from": "+81012349999", "body": body}]
    assert len(body.encode("utf-16-le")) // 2 <= sms_limit(body)  # two SMS parts at most (134 in UCS-2)


@pytest.mark.parametrize(("language", "key", "voice", "say_language", "speech"), LANGUAGES)
def test_silence_reprompts_slower_then_offers_staff_never_hangs_up(client, language, key, voice, say_language, speech):
    call = Call(client)
    menu = call.choose(key)
    root = call.silence(menu)
    assert says(root) == [(heard(language, "not_heard"), voice, say_language)]
    assert says(gather(root)) == says(gather(menu))[:1]  # the same menu again, without the languages offered
    assert_listens(root, "/voice/menu", 4, speech)

    root = call.silence(root)  # slower and shorter
    assert says(gather(root)) == [(heard(language, "slow_fallback"), voice, say_language)]
    assert rate(gather(root)) == ["slow"]
    assert gather(root).get("timeout") == "10"  # 6 s and 4 more for a slow speaker

    root = call.silence(root)  # then a person: in office hours, the call is put through
    space = " " if language in ("en", "ko", "vi") else ""
    connecting = heard(language, "connecting", department=office(language))
    assert says(root) == [(heard(language, "could_not_help") + space + connecting, voice, say_language)]
    [dial] = root.findall("Dial")
    assert (dial.text, dial.get("callerId"), dial.get("method")) == ("+81012340000", "+81012349999", "POST")
    assert urlsplit(dial.get("action", "")).path == "/voice/dial-status"
    assert root.findall("Hangup") == []


@pytest.mark.parametrize(("language", "key", "voice", "say_language", "speech"), LANGUAGES)
def test_0_reaches_a_person_in_office_hours_and_hears_when_it_opens_outside(client, language, key, voice, say_language, speech):
    call = Call(client)
    root = call.press(call.press(call.choose(key), "2"), "3")  # 粗大ごみ: ごみ対策課
    root = call.press(root, "0")
    assert says(root) == [(heard(language, "connecting", department=office(language, "gomi")), voice, say_language)]
    [dial] = root.findall("Dial")
    assert dial.text == "+81012340201"

    call = Call(client, at=CLOSED)
    root = call.press(call.choose(key), "0")
    opening = {
        "en": "tomorrow, Wednesday, December 2, at 8:30 a.m.",
        "zh": "明天12月2日星期三 上午8点30分",
        "ko": "내일 12월 2일 수요일 오전 8시 30분",
        "vi": "ngày mai, thứ Tư, ngày 2 tháng 12, lúc 8 giờ 30 sáng",
        "ja-easy": "あした 12月2日 水曜日 8時30分",
    }[language]
    assert says(root) == [(heard(language, "closed", department=office(language), opening=opening), voice, say_language)]
    assert says(gather(root)) == [(heard(language, "closed_menu"), voice, say_language)]
    assert_listens(root, "/voice/closed", 4, speech)
    assert root.findall("Dial") == []


def test_the_contact_sms_of_every_department_fits_two_parts():
    for language, *_ in LANGUAGES:
        for department in CORPUS.profile.languages[language].departments.values():
            text = words(language, "contact_sms", department=department, tel="00-1234-0000")
            assert len(text.encode("utf-16-le")) // 2 <= sms_limit(text), (language, text)


def test_the_contact_sms_is_sent_in_the_language(client, fake_twilio):
    call = Call(client, at=CLOSED)
    root = call.press(call.press(call.choose("3"), "0"), "1")  # 한국어, staff (closed), the contact by SMS
    assert says(root) == [(heard("ko", "sms_accepted"), "Polly.Seoyeon", "ko-KR")]
    deadline = time.monotonic() + 10
    while not fake_twilio.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    body = "미도리노시 미도리노 시청 전화 00-1234-0000 업무 시간 평일 오전 8시 30분부터 오후 5시 15분까지"
    assert fake_twilio.messages == [{"to": MOBILE, "from": "+81012349999", "body": body}]


def test_a_landline_hears_that_no_sms_can_be_sent_in_the_language(client, fake_twilio):
    call = Call(client, caller=LANDLINE)
    root = call.press(call.press(call.press(call.choose("4"), "2"), "3"), "1")
    assert says(root) == [(heard("vi", "no_sms"), "Google.vi-VN-Standard-A", "vi-VN")]
    assert fake_twilio.messages == []


def test_the_language_menu_by_speech_and_its_other_keys(client):
    call = Call(client)
    languages = call.press(call.start(), "8")
    root = call.say(languages, "Korean")
    assert says(root) == [(heard("ko", "greeting"), "Polly.Seoyeon", "ko-KR")]

    call = Call(client)
    languages = call.press(call.start(), "8")
    root = call.press(languages, "7")  # no such choice: said again, each line in its voice
    assert says(root) == [("その番号は選べません。", *JAPANESE_VOICE)]
    assert says(gather(root)) == says(gather(languages))
    assert_listens(root, "/voice/menu", 3, "en-US")
    replay = call.post(gather(languages).get("action", ""), Digits="2")  # an old step again: nothing moves
    assert says(gather(replay)) == says(gather(languages)) and says(replay) == []
    root = call.press(root, "9")  # Japanese
    assert says(gather(root))[0][0].startswith("子育てについては1、") and gather(root).get("language") == "ja-JP"

    call = Call(client)
    root = call.press(call.press(call.start(), "8"), "0")  # a person, from the language menu too
    assert len(root.findall("Dial")) == 1


def test_a_language_named_in_the_japanese_main_menu_switches_to_it(client):
    call = Call(client)
    root = call.say(call.start(), "中国語で")  # no assistant needed: the name is recognised first
    assert says(root) == [(heard("zh", "greeting"), "Polly.Zhiyu", "cmn-CN")]
    assert gather(root).get("language") == "cmn-Hans-CN"
    root = call.press(root, "8")  # and from Chinese back to the language menu, then Japanese
    root = call.press(root, "9")
    assert says(root)[0] == ("お電話ありがとうございます。みどり野市の自動案内です。", *JAPANESE_VOICE)


def test_language_names_are_recognised_as_callers_say_them():
    menu = default_language_menu()
    assert menu.heard("English, please.") == "en"
    assert menu.heard("中国語でお願いします") == "zh"
    assert menu.heard("한국어") == "ko"
    assert menu.heard("Tiếng Việt") == "vi"
    assert menu.heard("やさしい日本語") == "ja-easy"
    assert menu.heard("粗大ごみを出したい") is None
    assert menu.heard("Chinese food") is None


def test_when_the_office_opens_is_said_the_way_each_language_says_dates():
    from datetime import datetime

    now = datetime(2026, 12, 1, 20, 0, tzinfo=JST)
    later = datetime(2026, 12, 7, 13, 0, tzinfo=JST)  # a Monday afternoon, on the hour
    assert opening_in(WORDS["zh"]["opening"], later, now) == "12月7日星期一 下午1点"
    assert opening_in(WORDS["ko"]["opening"], later, now) == "12월 7일 월요일 오후 1시"
    assert opening_in(WORDS["vi"]["opening"], later, now) == "thứ Hai, ngày 7 tháng 12, lúc 1 giờ chiều"
    assert opening_in(WORDS["ja-easy"]["opening"], now.replace(hour=21), now) == "きょう 12月1日 火曜日 21時"


@pytest.mark.parametrize(
    ("key", "replies", "expected", "voice"),
    [
        (
            "3",  # 한국어: the assistant asks with buttons; they become keys, read in Korean
            [
                {
                    "text": "이사 유형을 골라 주세요(전입·전출).",
                    "buttons": [
                        {"title": "다른 시에서 이사 왔어요", "payload": '/inform{"move_type":"in"}'},
                        {"title": "다른 시로 이사해요", "payload": '/inform{"move_type":"out"}'},
                        {"title": "그만두기", "payload": "/cancel"},
                    ],
                }
            ],
            "이사 유형을 골라 주세요, 전입·전출. 다른 시에서 이사 왔어요, 1번. 다른 시로 이사해요, 2번. "
            "그만두시려면 9번, 직원과 통화하시려면 0번을 눌러 주세요.",
            ("Polly.Seoyeon", "ko-KR"),
        ),
        (
            "1",  # English: a question without buttons is listened to, with the way out
            [{"text": "When are you moving? (for example: December 20)"}],
            "When are you moving?, for example: December 20. To stop, press 9. To talk to staff, press 0.",
            ("Polly.Joanna", "en-US"),
        ),
    ],
)
def test_a_skill_asks_in_the_language(fake_twilio, tmp_path, gateway_with, key, replies, expected, voice):

    with FakeRasa(replies, {"intent": {"name": "moving_checklist", "confidence": 0.97}}) as rasa:
        settings = Settings(public_base_url=BASE, twilio_auth_token=TOKEN, twilio_api_base=fake_twilio.base_url,
                            rasa_url=rasa.url, data_dir=tmp_path / "gateway")  # fmt: skip
        call = Call(gateway_with(settings))
        root = call.say(call.choose(key), "moving")
        assert says(gather(root)) == [(expected, *voice)]
        assert gather(root).get("language") == voice[1]
        assert urlsplit(gather(root).get("action", "")).path == "/voice/dialogue"
        assert rasa.turns == ["moving"]


def test_a_caller_who_says_goodbye_hears_it_in_the_language(fake_twilio, tmp_path, gateway_with):
    goodbye = CORPUS.message("utter_goodbye", "vi")
    with FakeRasa([{"text": goodbye}], {"intent": {"name": "goodbye", "confidence": 0.99}}) as rasa:
        settings = Settings(public_base_url=BASE, twilio_auth_token=TOKEN, twilio_api_base=fake_twilio.base_url,
                            rasa_url=rasa.url, data_dir=tmp_path / "gateway")  # fmt: skip
        call = Call(gateway_with(settings))
        root = call.say(call.choose("4"), "Tạm biệt")
        assert says(root) == [(goodbye, "Google.vi-VN-Standard-A", "vi-VN")]
        assert [child.tag for child in root] == ["Say", "Hangup"]  # the caller said goodbye first


def test_the_districts_are_read_in_the_callers_letters(fake_twilio, tmp_path, gateway_with):
    """An English voice cannot read 東町: the district menu says 「Higashimachi」 (skills.yml)."""
    ask = CORPUS.message("utter_ask_district", "en")
    with FakeRasa([{"text": ask}], {"intent": {"name": "waste_collection_day", "confidence": 0.97}}) as rasa:
        settings = Settings(public_base_url=BASE, twilio_auth_token=TOKEN, twilio_api_base=fake_twilio.base_url,
                            rasa_url=rasa.url, data_dir=tmp_path / "gateway")  # fmt: skip
        call = Call(gateway_with(settings))
        root = call.say(call.choose("1"), "collection days")
        ((text, voice, language),) = says(gather(root))
        assert "For Chuo-cho, press 1. For Honmachi, press 2. For Higashimachi, press 3." in text
        assert (voice, language) == ("Polly.Joanna", "en-US")
        assert not re.search(r"[\u4e00-\u9fff]", text)  # no kanji for an English voice
