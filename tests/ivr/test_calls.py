"""Calls by key presses, through the real gateway and the real twilio library (no Rasa needed:
menu leaves that are FAQ topics are answered from the corpus)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from twilio.request_validator import RequestValidator

from devtools.simulate import Step
from gateway.settings import Settings
from ivr.calls import AFTER_ANSWER, NOT_HEARD, RASA_DOWN, SKILL_DOWN, SLOW_FALLBACK, SMS_ACCEPTED, WRONG_KEY
from madoguchi.corpus.live import current_corpus
from tests.ivr.conftest import BASE, CLOSED, LANDLINE, MOBILE, TOKEN, keys, said

# What the gateway answers from (its own cached loader); faq_corpus is validated once, in tests/madoguchi/corpus.
CORPUS = current_corpus()
BULKY = CORPUS.by_id()["waste/bulky_waste"]


def gathers(call):
    return [verb["gather"] for turn in call.turns for verb in turn["verbs"] if "gather" in verb]


def test_greeting_menu_and_a_faq_answer_by_keys_with_sms(call, fake_twilio):
    result = call(keys("2", "3", "1"))
    texts = said(result)
    assert texts[0] == "お電話ありがとうございます。みどり野市の自動案内です。"
    assert texts[1].startswith("子育てについては1、ごみについては2")
    assert CORPUS.render(BULKY, "voice") in texts
    assert texts[-2:] == [SMS_ACCEPTED, AFTER_ANSWER]
    assert result.faq_id == "waste/bulky_waste"
    assert fake_twilio.messages == [{"to": MOBILE, "from": "+81012349999", "body": CORPUS.sms_text(BULKY)}]
    assert result.hung_up_by == "caller"
    gather = gathers(result)[0]
    assert (gather["input"], gather["language"], gather["numDigits"], gather["actionOnEmptyResult"]) == (
        "dtmf speech", "ja-JP", "1", "false")  # fmt: skip
    assert len(gather["hints"].split(",")) > 40


def test_landline_callers_are_told_sms_is_not_possible(call, fake_twilio):
    result = call(keys("2", "3", "1"), caller=LANDLINE)
    assert said(result)[-2] == "このお電話にはショートメッセージをお送りできません。携帯電話からおかけいただくとお送りできます。"
    assert fake_twilio.messages == []


def test_hear_it_again_and_star_repeats(call):
    result = call(keys("2", "3", "2", "*"))
    texts = said(result)
    assert texts.count(CORPUS.render(BULKY, "voice")) == 2
    assert texts[-1] == AFTER_ANSWER and texts[-2] == AFTER_ANSWER


def test_zero_transfers_to_the_department_in_office_hours(call):
    result = call(keys("2", "3", "0"))
    assert result.transfer == {"department": "gomi", "number": "+81012340201"}
    dial = [verb["dial"] for turn in result.turns for verb in turn["verbs"] if "dial" in verb]
    assert len(dial) == 1
    assert dial[0]["callerId"] == "+81012349999"
    assert urlsplit(dial[0]["action"]).path == "/voice/dial-status"
    assert said(result)[-1] == "ごみ対策課におつなぎします。そのままお待ちください。"
    assert result.hung_up_by == "system"  # the transferred call ended normally


def test_busy_department_gets_an_apology_and_the_main_number(call):
    result = call(keys("2", "3", "0"), dial_status="busy")
    assert said(result)[-2] == "申し訳ありません。ただいま担当につながりませんでした。代表電話は00-1234-0000です。"


def test_outside_office_hours_the_caller_hears_when_it_opens_and_can_leave_a_message(call, gateway_store):
    result = call(keys("0", "2"), at=CLOSED)
    texts = said(result)
    assert "ただいま受付時間外です。みどり野市役所は明日12月2日（水）8時30分から受け付けます。" in texts
    record = [verb["record"] for turn in result.turns for verb in turn["verbs"] if "record" in verb]
    assert len(record) == 1 and record[0]["maxLength"] == "90"
    assert texts[-2] == "伝言をお預かりしました。受付時間内に担当からご連絡します。"
    assert texts[-1].startswith("子育てについては1")  # the main menu again (the languages are offered after the greeting)
    rows = gateway_store.rows("recordings")
    assert [(r["from_kind"], r["department"], r["seconds"]) for r in rows] == [("mobile", "main", 12)]


def test_silence_and_wrong_keys_are_guided_then_offered_staff(call):
    result = call([Step("silence"), Step("input", "7"), Step("silence")])
    texts = said(result)
    assert NOT_HEARD in texts and WRONG_KEY in texts
    assert SLOW_FALLBACK in texts
    assert result.transfer == {"department": "main", "number": "+81012340000"}  # third miss: staff


def test_speech_when_rasa_is_down_falls_back_to_the_key_menu(call):
    result = call([Step("say", "粗大ごみを出したい"), Step("input", "2"), Step("input", "3")])
    texts = said(result)
    assert RASA_DOWN in texts
    assert result.faq_id == "waste/bulky_waste"  # the keys still work


def test_a_skills_key_when_the_assistant_cannot_take_it_gets_an_apology_and_the_menu_never_a_hang_up(call):
    # 2 ごみ, 2 品物ごとの出し方 (a skill: Rasa, and its action servers, are needed); then 2, 3: 粗大ごみ
    result = call(keys("2", "2", "2", "3"))
    texts = said(result)
    at = texts.index(SKILL_DOWN)
    assert texts[at + 1].startswith("子育てについては1")  # the main menu, right after the apology
    assert RASA_DOWN not in texts  # the caller pressed a key: not "spoken questions cannot be taken"
    assert result.faq_id == "waste/bulky_waste"  # an FAQ's key is answered from the corpus
    assert result.hung_up_by == "caller"


def test_every_top_level_menu_path_reaches_an_answer(call):
    paths = {("1", "2"): "childcare/child_allowance", ("2", "3"): "waste/bulky_waste",
             ("3", "2"): "procedure/resident_certificate", ("4",): "general/office_hours"}  # fmt: skip
    for path, faq_id in paths.items():
        result = call(keys(*path))
        assert result.faq_id == faq_id
        assert said(result)[-2] == CORPUS.render(CORPUS.by_id()[faq_id], "voice")


@pytest.mark.slow  # waits out the phone's 3 s Rasa timeout, as a call would (an absent Rasa: above)
def test_a_slow_rasa_is_given_up_on_in_time(call):
    class Slow(BaseHTTPRequestHandler):
        def do_POST(self):
            time.sleep(4)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        result = call([Step("say", "粗大ごみを出したい")], rasa_url=f"http://127.0.0.1:{server.server_address[1]}")
        elapsed = time.monotonic() - started
    finally:
        server.shutdown()
    assert RASA_DOWN in said(result)
    assert elapsed < 10  # well inside Twilio's 15 s for the whole call so far


def test_the_simulation_clock_is_refused_in_production(monkeypatch, tmp_path, gateway_with):
    monkeypatch.delenv("MADOGUCHI_FIXED_NOW", raising=False)
    production = Settings(environment="production", twilio_auth_token=TOKEN, public_base_url=BASE, data_dir=tmp_path,
                          console_secret="s", rasa_token="r", actions_token="a")  # fmt: skip
    params = {"CallSid": "CA9", "From": MOBILE}
    headers = {
        "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(f"{BASE}/voice/incoming", params),
        "X-Madoguchi-Clock": "2026-12-01T10:00+09:00",
    }
    response = gateway_with(production).post("/voice/incoming", data=params, headers=headers)
    assert response.status_code == 400
    assert response.json() == {"detail": "X-Madoguchi-Clock is for simulations; it is refused in production"}
