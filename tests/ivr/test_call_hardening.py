"""Phone calls against what an attacker or a changing corpus does: replays, bad headers and
fields, a topic added while calls go on, and what the store could give away about callers."""

from __future__ import annotations

import shutil
import time
import xml.etree.ElementTree as ET
from typing import Dict

import pytest
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from devtools.simulate import Simulator, Step
from gateway.settings import Settings
from gateway.store import Store
from ivr.calls import NO_SUCH_ANSWER
from madoguchi.corpus.edit import NewTopic, add_topic
from madoguchi.paths import CORPUS_DIR
from tests.conftest import gateway_serving
from tests.gateway.fake_rasa import FakeRasa
from tests.ivr.conftest import BASE, CLOSED, LANDLINE, MOBILE, OPEN, TOKEN, keys, said


def _signed(client: TestClient, path: str, params: Dict[str, str], **headers: str):
    signature = RequestValidator(TOKEN).compute_signature(f"{BASE}{path}", params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature, **headers})


def test_a_replayed_request_does_not_move_the_call_on(call, gateway, gateway_store, fake_twilio) -> None:
    result = call(keys("2", "3", "0"))  # to the waste department, in office hours
    assert [r["status"] for r in gateway_store.rows("transfers")] == ["dialled", "completed"]
    client = gateway()
    pressed_zero = result.turns[3]["request"]
    assert pressed_zero["params"] == {"Digits": "0"}
    sim = Simulator(client, BASE, TOKEN, MOBILE, "+81012340000", OPEN)
    sim.call_sid = _call_sid(gateway_store)
    before = gateway_store.load(sim.call_sid)
    for request in (pressed_zero, result.turns[0]["request"]):  # the key press, and the call's start
        _, root, _ = sim._post(request["url"], request["params"])
        assert root.find("Dial") is None
    assert gateway_store.load(sim.call_sid) == before  # nothing moved
    assert [r["status"] for r in gateway_store.rows("transfers")] == ["dialled", "completed"]


def _call_sid(store: Store) -> str:
    [row] = store.rows("calls")
    return row["sid"]


@pytest.mark.parametrize("clock", ["not a date", "2026-12-01T10:00", "2026-13-01T10:00+09:00"])
def test_an_invalid_simulation_clock_is_refused_at_once(gateway, clock) -> None:
    response = _signed(gateway(), "/voice/incoming", {"CallSid": "CA1", "From": MOBILE}, **{"X-Madoguchi-Clock": clock})
    assert response.status_code == 400
    assert "X-Madoguchi-Clock must be ISO 8601 with a time zone" in response.json()["detail"]


@pytest.mark.parametrize("duration", ["99999999999999999999", "²", "-5", ""])
def test_any_recording_duration_is_handled(call, gateway, gateway_store, duration) -> None:
    call(keys("0"), at=CLOSED)  # out of hours: the caller may leave a message (2)
    sid = _call_sid(gateway_store)
    client = gateway()
    step = gateway_store.load(sid).step
    record = _signed(client, f"/voice/closed?step={step}", {"CallSid": sid, "From": MOBILE, "Digits": "2"})
    action = ET.fromstring(record.text).find("Record").get("action")
    params = {"CallSid": sid, "From": MOBILE, "RecordingUrl": "https://api.twilio.com/x", "RecordingDuration": duration}
    response = _signed(client, action[len(BASE) :], params)
    assert response.status_code == 200
    assert [row["seconds"] for row in gateway_store.rows("recordings")] == [None]


# --- the corpus follows the model --------------------------------------------------------

LEAVES = NewTopic(
    id="waste/fallen_leaves", title="落ち葉の出し方", department="gomi", url="/kurashi/gomi/ochiba.html",
    examples=[f"落ち葉を出す方法その{n}" for n in range(12)],
    answer="落ち葉は燃やすごみの日に出せます。\n詳しくは {url} をご覧ください。",
    voice="落ち葉は燃やすごみの日に、透明な袋でも出せます。", sms="落ち葉は燃やすごみの日に透明な袋で出せます。",
)  # fmt: skip


def _speak(client: TestClient, text: str):
    sim = Simulator(client, BASE, TOKEN, MOBILE, "+81012340000", OPEN)
    return sim.run([Step("say", text, "0.95")])


def test_a_topic_added_after_the_gateway_started_is_answered_on_the_phone(tmp_path, fake_twilio, gateway_with) -> None:
    corpus = tmp_path / "faq_corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    leaves = [{"text": "落ち葉は燃やすごみの日に出せます。"}, {"custom": {"faq_id": LEAVES.id, "department": "gomi"}}]
    with FakeRasa(leaves, {"intent": {"name": "waste", "confidence": 0.97}}) as rasa:
        settings = Settings(public_base_url=BASE, twilio_auth_token=TOKEN, twilio_api_base=fake_twilio.base_url,
                            rasa_url=rasa.url, data_dir=tmp_path / "gateway", corpus_dir=corpus)  # fmt: skip
        client = gateway_with(settings)
        before = _speak(client, "落ち葉を出したい")  # the gateway has loaded the corpus
        assert NO_SUCH_ANSWER in said(before)  # not in the corpus yet: a polite answer, no 500
        add_topic(LEAVES, corpus)  # staff add it; the Rasa server switches to a model that knows it
        after = _speak(client, "落ち葉を出したい")
        edited = corpus / "faq" / "waste.yml"
        time.sleep(0.01)  # a later modification time
        edited.write_text(edited.read_text(encoding="utf-8").replace(LEAVES.voice, "落ち葉は燃やすごみの日に出せます。"),
                          encoding="utf-8")  # fmt: skip
        again = _speak(client, "落ち葉を出したい")
    assert after.faq_id == LEAVES.id and LEAVES.voice in said(after)
    assert "落ち葉は燃やすごみの日に出せます。" in said(again)  # the edited answer, without a restart


# --- privacy -------------------------------------------------------------------------------


def _stored_call(tmp_path, fake_twilio, caller: str, name: str) -> Dict[str, list]:
    """Everything the store keeps after one call with an SMS, with the call's own id fixed."""
    settings = Settings(public_base_url=BASE, twilio_auth_token=TOKEN, twilio_api_base=fake_twilio.base_url,
                        rasa_url="http://127.0.0.1:9", data_dir=tmp_path / name)  # fmt: skip
    with gateway_serving(settings) as client:
        sim = Simulator(client, BASE, TOKEN, caller, "+81012340000", OPEN, "completed", fake_twilio)
        sim.call_sid = "CA" + "0" * 32
        sim.run(keys("2", "3", "1", "0"))
    store = Store(tmp_path / name)
    deadline = time.monotonic() + 10
    while any(row["status"] == "queued" for row in store.rows("sms_outbox")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the outbox worker records the send just after Twilio took it
    dropped = {"at", "updated", "id"}
    return {t: [{k: v for k, v in row.items() if k not in dropped} for row in store.rows(t)]
            for t in ("calls", "sms_outbox", "recordings", "transfers")}  # fmt: skip


def test_the_store_keeps_no_more_of_a_number_than_its_kind(tmp_path, fake_twilio) -> None:
    first = _stored_call(tmp_path, fake_twilio, "+819012345678", "first")
    other = _stored_call(tmp_path, fake_twilio, "+818087654321", "other")
    assert len(fake_twilio.messages) == 2  # both SMS went out
    assert first["sms_outbox"][0]["to_kind"] == "mobile" and first["sms_outbox"][0]["status"] == "sent"
    assert first == other  # two callers of the same kind leave the same rows
    landline = _stored_call(tmp_path, fake_twilio, LANDLINE, "landline")
    assert '"caller_kind": "other"' in landline["calls"][0]["state"]


def test_a_store_from_before_keeps_only_the_kind_of_its_numbers(tmp_path) -> None:
    import sqlite3

    (tmp_path / "old").mkdir()
    with sqlite3.connect(tmp_path / "old" / "gateway.db") as db:
        db.executescript("""
            CREATE TABLE calls (sid TEXT PRIMARY KEY, state TEXT NOT NULL, updated TEXT NOT NULL);
            CREATE TABLE sms_outbox (id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation TEXT NOT NULL,
                to_masked TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, error TEXT);
            CREATE TABLE recordings (id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation TEXT NOT NULL,
                from_masked TEXT NOT NULL, department TEXT NOT NULL, url TEXT NOT NULL, seconds INTEGER);
            INSERT INTO calls VALUES ('CA1', '{"sid": "CA1", "caller_masked": "+8190****5678"}', 'x');
            INSERT INTO sms_outbox VALUES (1, 'x', 'call-1', '+8190****5678', 'b', 'sent', 1, NULL);
            INSERT INTO recordings VALUES (1, 'x', 'call-1', '+8131***5678', 'main', 'u', 3);
        """)
    store = Store(tmp_path / "old")
    assert [r["to_kind"] for r in store.rows("sms_outbox")] == ["mobile"]
    assert [r["from_kind"] for r in store.rows("recordings")] == ["other"]
    assert store.rows("calls") == []
    assert b"5678" not in b"".join(str(store.rows(t)).encode() for t in ("calls", "sms_outbox", "recordings"))
    assert b"5678" not in (tmp_path / "old" / "gateway.db").read_bytes()  # not even in freed pages
