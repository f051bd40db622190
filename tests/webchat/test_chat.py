"""The website chat API against the real Rasa server and model."""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest

from gateway.settings import Settings
from madoguchi import staff_log
from madoguchi.corpus.live import current_corpus
from tests.conftest import gateway_serving
from webchat.api import NOT_ANSWERED
from webchat.text import UNREADABLE


@pytest.fixture
def chat(servers, tmp_path, gateway_with):
    return gateway_with(Settings(rasa_url=servers.rasa_url, data_dir=tmp_path / "gateway"))


# Hex digits as letters: a random hex id holds a run of digits that reads as a phone number
# in about one id of sixty, and the store then keeps it under a pseudonym the test cannot look up.
LETTERS_FOR_DIGITS = str.maketrans("0123456789", "ghijklmnop")


def session() -> str:
    return uuid.uuid4().hex.translate(LETTERS_FOR_DIGITS)


def test_a_question_gets_the_corpus_answer_with_its_faq_id_and_link(chat) -> None:
    response = chat.post("/api/chat", json={"session": session(), "message": "粗大ごみを出したい"})
    assert response.status_code == 200
    [message] = response.json()["messages"]
    assert message["faq_id"] == "waste/bulky_waste"
    assert message["url"] == "https://www.city.midorino.example/kurashi/gomi/sodai.html"
    assert message["text"].startswith("粗大ごみは")
    assert message["buttons"] == []


def test_an_unclear_question_gets_candidate_buttons_that_answer_when_pressed(chat) -> None:
    sid = session()
    [suggestion] = chat.post("/api/chat", json={"session": sid, "message": "届出をしたい"}).json()["messages"]
    assert suggestion["faq_id"] is None
    assert len(suggestion["buttons"]) >= 2
    first = next(b for b in suggestion["buttons"] if b["payload"].startswith("/choose_faq"))
    [answer] = chat.post("/api/chat", json={"session": sid, "message": first["payload"]}).json()["messages"]
    assert answer["faq_id"] == json.loads(first["payload"][len("/choose_faq") :])["faq_id"]


def test_personal_information_is_masked_before_rasa_stores_it(chat, servers) -> None:
    sid = session()
    chat.post("/api/chat", json={"session": sid, "message": "粗大ごみの件で090-1234-5678に電話ください"})
    with sqlite3.connect(servers.tracker_db) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (f"web-{sid}",)).fetchall()
    [data] = [json.loads(row[0]) for row in rows]
    assert data["text"] == "粗大ごみの件で[電話番号]に電話ください"
    assert data["input_channel"] == "web"


def test_the_store_masks_even_what_reaches_rasa_directly(servers) -> None:
    sender = f"direct-{session()}"
    servers.say(sender, "マイナンバーは1234 5678 9012です")
    with sqlite3.connect(servers.tracker_db) as db:
        events = [json.loads(row[0]) for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]
    [user] = [event for event in events if event["event"] == "user"]
    assert (user["text"], user["parse_data"]["text"]) == ("マイナンバーは[12桁の番号]です", "マイナンバーは[12桁の番号]です")
    assert not any("5678" in json.dumps(event, ensure_ascii=False) for event in events)


def test_a_conversation_sending_too_fast_gets_a_429_with_a_reason_to_show(servers, tmp_path, gateway_with) -> None:
    client = gateway_with(Settings(rasa_url=servers.rasa_url, data_dir=tmp_path / "gateway", chat_turns_per_minute=2))
    sid = session()
    statuses = [client.post("/api/chat", json={"session": sid, "message": "こんにちは"}).status_code for _ in range(3)]
    refused = client.post("/api/chat", json={"session": sid, "message": "こんにちは"})
    other = client.post("/api/chat", json={"session": session(), "message": "こんにちは"})
    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert refused.json() == {"detail": "短い間にたくさんの質問が送られました。少し待ってから、もう一度送ってください。"}
    assert 1 <= int(refused.headers["Retry-After"]) <= 61
    assert other.status_code == 200  # another conversation is not held up


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"session": "abcdefgh", "message": "   "}, "ensure this value has at least 1 characters"),
        ({"session": "abcdefgh", "message": "あ" * 501}, "ensure this value has at most 500 characters"),
        ({"session": "bad id!", "message": "こんにちは"}, 'string does not match regex "^[A-Za-z0-9_-]{8,64}\\Z"'),
        ({"session": "abcdefgh\n", "message": "こんにちは"}, 'string does not match regex "^[A-Za-z0-9_-]{8,64}\\Z"'),
        ({"session": "abcdefgh", "message": 123}, "str type expected"),
        ({"session": "abcdefgh", "message": "粗大ごみ\udc18"}, UNREADABLE),
        ({"session": "abcdefgh", "message": "粗大\x00ごみ"}, UNREADABLE),
        ({"session": "abcdefgh", "message": "😀" * 10_000}, "ensure this value has at most 500 characters"),
    ],
)
def test_malformed_messages_get_a_422_with_the_reason(chat, body, reason) -> None:
    response = chat.post("/api/chat", content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert [error["msg"] for error in response.json()["detail"]] == [reason]


@pytest.mark.parametrize(
    ("body", "reasons"),
    [
        (["粗大ごみ"], ["value is not a valid dict"]),
        ({"session": ["abcdefgh"], "message": {"text": "粗大ごみ"}}, ["str type expected", "str type expected"]),
    ],
)
def test_json_of_the_wrong_shape_gets_a_422_with_the_reasons(chat, body, reasons) -> None:
    response = chat.post("/api/chat", content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert [error["msg"] for error in response.json()["detail"]] == reasons


def test_500_emoji_get_a_normal_answer(chat) -> None:
    response = chat.post("/api/chat", json={"session": session(), "message": "😀" * 500})
    assert response.status_code == 200
    assert [m["text"] for m in response.json()["messages"]] == [current_corpus().message("utter_rephrase")]


def test_rasa_down_gives_503(tmp_path) -> None:
    with gateway_serving(Settings(rasa_url="http://127.0.0.1:9", rasa_timeout_seconds=0.5)) as client:
        response = client.post("/api/chat", json={"session": session(), "message": "粗大ごみ"})
    assert response.status_code == 503
    assert response.json() == {"detail": "the assistant is not available right now"}


def test_a_lone_surrogate_as_raw_bytes_is_refused_with_a_4xx(chat) -> None:
    body = b'{"session": "abcdefgh", "message": "\xed\xb0\x98"}'
    response = chat.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500


def test_feedback_is_stored_with_the_faq_id_and_the_masked_question(chat) -> None:
    sid = session()
    chat.post("/api/chat", json={"session": sid, "message": "粗大ごみを出したい"})
    response = chat.post("/api/feedback", json={
        "session": sid, "faq_id": "waste/bulky_waste", "question": "粗大ごみ 090-1234-5678", "helpful": False,
    })  # fmt: skip
    assert response.status_code == 201
    [row] = [r for r in staff_log.rows("feedback") if r["conversation"] == f"web-{sid}"]
    assert (row["faq_id"], row["question"], row["helpful"], row["channel"]) == (
        "waste/bulky_waste",
        "粗大ごみ [電話番号]",
        0,
        "web",
    )


def test_feedback_on_an_unknown_topic_is_refused(chat) -> None:
    response = chat.post("/api/feedback", json={"session": session(), "faq_id": "waste/nothing", "helpful": True})
    assert response.status_code == 422
    assert response.json() == {"detail": "unknown faq_id 'waste/nothing'"}


def test_feedback_for_an_answer_the_conversation_never_got_is_refused(chat) -> None:
    sid = session()
    response = chat.post("/api/feedback", json={"session": sid, "faq_id": "waste/bulky_waste", "helpful": True})
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_ANSWERED}
    assert not [r for r in staff_log.rows("feedback") if r["conversation"] == f"web-{sid}"]


def test_the_widget_settings_offer_the_three_quick_starts(chat) -> None:
    config = chat.get("/api/chat/config").json()
    assert [q["label"] for q in config["quick_start"]] == ["子育て", "ごみ", "届出・証明"]
    assert config["contact"] == "代表電話 00-1234-0000（平日8時30分から17時15分）"
    ごみ = config["quick_start"][1]["buttons"]
    assert ごみ[0] == {"title": "品物ごとのごみの出し方を調べる", "payload": "/waste_item_lookup"}
    assert ごみ[2] == {"title": "粗大ごみの申し込み・手数料・出し方", "payload": '/choose_faq{"faq_id": "waste/bulky_waste"}'}


def test_the_demo_page_embeds_the_widget_with_one_script_tag(chat) -> None:
    page = chat.get("/demo/").text
    assert page.count("<script") == 1
    assert '<script src="/widget/madoguchi-chat.js" defer></script>' in page
    assert chat.get("/widget/madoguchi-chat.js").status_code == 200
    assert chat.get("/widget/madoguchi-chat.css").status_code == 200


def test_a_reason_after_not_helpful_joins_that_feedback_masked(chat) -> None:
    sid = session()
    chat.post("/api/chat", json={"session": sid, "message": "粗大ごみを出したい"})  # feedback is on answers given
    first = {"session": sid, "faq_id": "waste/bulky_waste", "question": "粗大ごみ", "helpful": False}
    assert chat.post("/api/feedback", json=first).status_code == 201
    reason = {**first, "reason": "料金が書いていない。090-1234-5678 に電話ください"}
    assert chat.post("/api/feedback", json=reason).status_code == 201
    [row] = [r for r in staff_log.rows("feedback") if r["conversation"] == f"web-{sid}"]  # one feedback, not two
    assert row["reason"] == "料金が書いていない。[電話番号] に電話ください"
    too_long = chat.post("/api/feedback", json={**first, "reason": "あ" * 201})
    assert too_long.status_code == 422


def test_item_and_collection_day_answers_can_be_rated(chat) -> None:
    for question, skill in (("ソファは何ごみ？", "waste_item_lookup"), ("東町の燃やすごみの日はいつ？", "waste_collection_day")):
        sid = session()
        messages = chat.post("/api/chat", json={"session": sid, "message": question}).json()["messages"]
        assert messages[0]["faq_id"] == skill
        rated = chat.post("/api/feedback", json={"session": sid, "faq_id": skill, "helpful": True})
        assert rated.status_code == 201


def test_an_answer_carries_its_page_title_for_the_link() -> None:
    from webchat.api import to_messages

    [message] = to_messages([{"text": "粗大ごみは…"}, {"custom": {"faq_id": "waste/bulky_waste", "url": "https://x.example/a",
                                                          "title": "粗大ごみの申し込み"}}])  # fmt: skip
    assert (message.faq_id, message.url, message.title) == ("waste/bulky_waste", "https://x.example/a", "粗大ごみの申し込み")
