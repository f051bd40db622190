"""The REST channel (bot/channels.py) in Rasa's real Sanic app (`rasa.core.run.configure_app`,
the app `rasa run` serves, with bot/rasa_server.py's guard): a turn that fails inside Rasa is
a 503 with the reason and an exact Retry-After, never Rasa's `200 []` or a fresh conversation
started in memory behind the resident's back."""

from __future__ import annotations

import copy
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, Dict

import httpx
import pytest
from rasa.core.agent import Agent
from rasa.core.tracker_store import create_tracker_store
from rasa.utils.endpoints import EndpointConfig
from sanic import Sanic

from bot.actions import handoff, waste_item
from bot.actions.fallback import choose_payload
from bot.agent import InProcessActionEndpoint
from bot.in_process_actions import in_process
from madoguchi.corpus.model import fill_placeholders
from madoguchi.japanese import DataFileError
from tests.bot.conftest import TOKEN


def post_turns(app: Sanic, loop: Any, *bodies: Dict[str, Any]) -> list:
    async def send() -> list:
        await app._startup()  # what Sanic's own server (and ASGI lifespan) does before serving
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://rasa", timeout=60) as client:
            return [await client.post("/webhooks/rest/webhook", params={"token": TOKEN}, json=body) for body in bodies]

    return loop.run_until_complete(send())


def move_events(db: Path, table: str, to: str) -> None:
    with closing(sqlite3.connect(db)) as other, other:  # another process on the same file
        other.execute(f"ALTER TABLE {table} RENAME TO {to}")


def test_a_turn_without_a_loaded_model_gets_a_503_with_retry_after(rasa_app: Sanic, event_loop_session: Any) -> None:
    rasa_app.ctx.agent = Agent()  # as after `DELETE /model`, or while a model is loading
    (answer,) = post_turns(rasa_app, event_loop_session, {"sender": "no-model", "message": "粗大ごみ"})
    assert answer.status_code == 503  # Rasa's own channel: 200 []
    assert answer.headers["Retry-After"] == "5"  # bot.channels.RETRY_AFTER_SECONDS
    assert answer.json() == {"error": "no model is loaded yet; try again"}


def serve_with_sqlite_store(rasa_app: Sanic, assistant: Any, db: Path) -> Agent:
    """The served model, with a masking SQLite store at `db` wrapped as `rasa run` wraps it
    (FailSafeTrackerStore), answering on `rasa_app`."""
    store = create_tracker_store(EndpointConfig(type="bot.tracker_store.MaskingSQLTrackerStore", dialect="sqlite", db=str(db)))
    agent = Agent(domain=assistant.agent.domain, tracker_store=store, action_endpoint=InProcessActionEndpoint())
    agent.processor = copy.copy(assistant.agent.processor)
    agent.processor.tracker_store, agent.processor.lock_store = agent.tracker_store, agent.lock_store
    rasa_app.ctx.agent = agent
    return agent


def test_a_store_that_fails_gets_a_503_and_the_conversation_goes_on_after(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, tmp_path: Path
) -> None:
    db = tmp_path / "conversations.db"
    agent = serve_with_sqlite_store(rasa_app, assistant, db)
    sender = "store-down"

    (first,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": "粗大ごみを出したい"})
    assert first.status_code == 200 and any("粗大ごみ" in m.get("text", "") for m in first.json())
    move_events(db, "events", "events_away")  # the store fails (as a botched migration would)
    (failed,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": "こんにちは"})
    # Rasa's own channel: 200 and an answer from a fresh in-memory conversation (amnesia)
    assert failed.status_code == 503
    assert failed.headers["Retry-After"] == "5"
    assert failed.json() == {"error": "the conversation store is unavailable; try again"}

    move_events(db, "events_away", "events")
    (again,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": "こんにちは"})
    assert again.status_code == 200 and again.json()
    tracker = event_loop_session.run_until_complete(agent.tracker_store.retrieve(sender))
    said = [event.text for event in tracker.events if event.type_name == "user"]
    assert said == ["粗大ごみを出したい", "こんにちは"]  # the failed turn was not stored


def dead_action_servers() -> Any:
    """The action endpoint a Rasa server of `make cluster` reads (bot/rasa_server.py's reader)
    while every action server is down: nothing listens at the address."""
    return in_process(EndpointConfig(url="http://127.0.0.1:9/webhook", token="action-secret"))


def user_turns(agent: Agent, sender: str, loop: Any) -> list:
    tracker = loop.run_until_complete(agent.tracker_store.retrieve(sender))
    return [event.text for event in tracker.events if event.type_name == "user"]


def test_a_turn_whose_action_server_is_down_gets_a_503_and_the_form_goes_on_after(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, tmp_path: Path
) -> None:
    db = tmp_path / "conversations.db"
    agent = serve_with_sqlite_store(rasa_app, assistant, db)
    sender = "actions-down"

    (started,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": "引っ越すけど何の手続きが要る？"})
    assert started.status_code == 200 and "どちらの引っ越しですか" in started.json()[0]["text"]
    chosen = '/moving_checklist{"move_type": "out"}'
    agent.processor.action_endpoint = dead_action_servers()
    (failed,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": chosen})
    # Rasa's own handling: 200 [] and the turn stored without the form's events (move type forgotten)
    assert failed.status_code == 503
    assert failed.headers["Retry-After"] == "5"
    assert failed.json() == {"error": "the action server is unavailable; try again"}

    agent.processor.action_endpoint = InProcessActionEndpoint()
    (again,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": chosen})
    assert again.status_code == 200 and "引っ越しの日はいつですか" in again.json()[0]["text"]
    # the failed turn was not stored
    assert user_turns(agent, sender, event_loop_session) == ["引っ越すけど何の手続きが要る？", chosen]


def texts_and_ids(answer: Any) -> tuple:
    messages = answer.json()
    return [m["text"] for m in messages if "text" in m], [m["custom"].get("faq_id") for m in messages if "custom" in m]


def test_with_every_action_server_down_an_faq_is_answered_and_a_skill_refused_unstored(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, corpus: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    agent.processor.action_endpoint = dead_action_servers()
    called: list = []  # the actions Rasa sent towards the action servers, turn after turn
    send = EndpointConfig.request

    async def noted(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
        called.append(kwargs["json"]["next_action"])
        return await send(self, *args, **kwargs)

    monkeypatch.setattr(EndpointConfig, "request", noted)
    sender = "two-in-the-morning"
    faq, item, handoff = post_turns(
        rasa_app, event_loop_session,
        *({"sender": sender, "message": text} for text in ("粗大ごみの出し方", "ソファは何ごみ？", "職員につないで")),
    )  # fmt: skip
    # the language is decided in the Rasa server; the answer is a plain response
    assert faq.status_code == 200
    assert texts_and_ids(faq) == ([corpus.render(corpus.by_id()["waste/bulky_waste"], "answer")], ["waste/bulky_waste"])
    # a form: the action servers are needed
    assert item.status_code == 503 and item.headers["Retry-After"] == "5"
    assert item.json() == {"error": "the action server is unavailable; try again"}
    # staff need no action server: the department of the last topic (bulky waste: ごみ対策課)
    assert handoff.status_code == 200
    assert handoff.json() == [
        {
            "recipient_id": sender,
            "text": "ごみ対策課の職員がお答えします。お電話ください（電話 00-1234-0201）。\n受付時間は平日8時30分から17時15分です。",
        },
        {"recipient_id": sender, "custom": {"handoff": {"department": "gomi", "tel": "00-1234-0201", "open": True}}},
    ]
    assert user_turns(agent, sender, event_loop_session) == ["粗大ごみの出し方", "職員につないで"]  # nothing half stored
    # the FAQ and the hand-off called none; the skill turn one, not also the form's answer after it failed
    assert called == ["validate_waste_item_form"]


def test_with_every_action_server_down_a_resident_not_understood_gets_candidates_then_staff_in_their_language(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, corpus: Any, tmp_path: Path
) -> None:
    agent = serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    agent.processor.action_endpoint = dead_action_servers()
    english = {"language": "en"}  # the widget's language switch
    unsure, chosen, unsure_in_english, again_in_english = post_turns(
        rasa_app, event_loop_session,
        {"sender": "unsure", "message": "届出をしたい"},  # a broad word (faq_corpus/broad_words.tsv): not understood
        {"sender": "unsure", "message": choose_payload("procedure/move_in")},
        {"sender": "unsure-en", "message": "届出をしたい", "metadata": english},
        {"sender": "unsure-en", "message": "手続きについて", "metadata": english},  # the second miss in a row
    )  # fmt: skip
    offered = ["procedure/move_in", "procedure/move_out", "childcare/birth_registration", "procedure/marriage_registration"]
    topics = corpus.by_id()

    def candidates(sender: str, language: str) -> list:
        buttons = [{"title": corpus.title(topics[faq_id], language), "payload": choose_payload(faq_id)} for faq_id in offered]
        return [
            {"recipient_id": sender, "text": corpus.message("utter_did_you_mean", language), "buttons": buttons},
            {"recipient_id": sender, "custom": {"candidates": offered}},
        ]

    assert unsure.status_code == 200 and unsure.json() == candidates("unsure", "ja")
    assert chosen.status_code == 200
    assert texts_and_ids(chosen) == ([corpus.render(topics["procedure/move_in"], "answer")], ["procedure/move_in"])
    assert unsure_in_english.status_code == 200 and unsure_in_english.json() == candidates("unsure-en", "en")
    # the best listed topic's department (転入届: 市民課), named and with its hours in English
    residents_division = corpus.profile.department_name("shimin", "en", corpus.profile.languages["en"].main_office)
    handoff = fill_placeholders(
        corpus.message("utter_handoff_open", "en"), {"department_name": residents_division, "tel": "00-1234-0301"}
    )
    assert again_in_english.status_code == 200
    assert again_in_english.json() == [
        {"recipient_id": "unsure-en", "text": corpus.message("utter_handoff_after_fallback", "en")},
        {"recipient_id": "unsure-en", "text": handoff},
        {"recipient_id": "unsure-en", "custom": {"handoff": {"department": "shimin", "tel": "00-1234-0301", "open": True}}},
    ]
    assert residents_division == "Residents Division" and "00-1234-0301" in handoff  # filled, not left as placeholders
    assert user_turns(agent, "unsure-en", event_loop_session) == ["届出をしたい", "手続きについて"]


def test_with_every_action_server_down_the_conversations_language_is_kept_and_a_new_one_detected(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, corpus: Any, tmp_path: Path
) -> None:
    agent = serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    office = corpus.render(corpus.by_id()["general/office_hours"], "answer", "en")
    (before,) = post_turns(rasa_app, event_loop_session, {"sender": "english", "message": "What time does city hall close?"})
    assert texts_and_ids(before) == ([office], ["general/office_hours"])

    agent.processor.action_endpoint = dead_action_servers()
    ok, fresh, switched = post_turns(
        rasa_app, event_loop_session,
        {"sender": "english", "message": "OK"},  # tells no language: the conversation's is kept
        {"sender": "new-english", "message": "What time does city hall close?"},
        {"sender": "english", "message": "市役所は何時まで開いていますか"},
    )  # fmt: skip
    assert [m["text"] for m in ok.json()] == [corpus.message("utter_how_can_i_help", "en")]
    assert texts_and_ids(fresh) == ([office], ["general/office_hours"])
    assert texts_and_ids(switched)[0] == [corpus.render(corpus.by_id()["general/office_hours"], "answer")]
    tracker = event_loop_session.run_until_complete(agent.tracker_store.retrieve("english"))
    assert [(e.key, e.value) for e in tracker.events if e.type_name == "slot" and e.key == "language"] == [
        ("language", "en"),
        ("language", "ja"),
    ]


def broken_item_dictionary() -> None:
    # what the item lookup's dictionary raises when a data file it reads was broken while the
    # server runs (the NLU reads its own copy, so the message is still understood)
    raise DataFileError("faq_corpus/waste_items.csv:12: a row needs a name and a kind")


def test_an_action_that_raises_gets_a_503_with_the_reason_and_the_turn_is_not_stored(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    sender = "broken-data"
    (faq,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": "粗大ごみの出し方"})
    assert texts_and_ids(faq)[1] == ["waste/bulky_waste"]

    with monkeypatch.context() as broken:
        broken.setattr(waste_item, "default_dictionary", broken_item_dictionary)
        (item,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": "ソファは何ごみ？"})
    # Rasa's own handling: 200 [] (the widget showed an error, a caller heard nothing before 「9を押すと」)
    assert item.status_code == 503 and item.headers["Retry-After"] == "5"
    assert item.json() == {"error": "a custom action failed; try again"}
    assert user_turns(agent, sender, event_loop_session) == ["粗大ごみの出し方"]  # not stored half

    # mended: the same question is answered
    (again,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": "ソファは何ごみ？"})
    assert again.status_code == 200 and again.json()[0]["text"].startswith("ソファ")
    assert user_turns(agent, sender, event_loop_session) == ["粗大ごみの出し方", "ソファは何ごみ？"]


def test_with_the_action_servers_down_a_local_action_that_raises_gets_a_503_too(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    agent.processor.action_endpoint = dead_action_servers()

    def broken_office_hours(*args: Any) -> None:
        raise KeyError("hours")  # as a city profile edited by hand without its hours

    monkeypatch.setattr(handoff, "send_handoff", broken_office_hours)
    (answer,) = post_turns(rasa_app, event_loop_session, {"sender": "local-broken", "message": "職員につないで"})
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert answer.json() == {"error": "a custom action failed; try again"}  # not "unavailable": it was reached
    assert event_loop_session.run_until_complete(agent.tracker_store.retrieve("local-broken")) is None  # nothing stored


DEEP = 3000  # within the 10,000 characters of a message
REFUSED_BODIES = {
    "metadata 100 levels deep": (
        {"sender": "deep", "message": "x", "metadata": json.loads('{"a": ' * 100 + "1" + "}" * 100)},
        "body.metadata.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a: nested more than 20 levels deep",
    ),  # a 500 (RecursionError in masking) from about 450 levels
    "metadata a list": ({"sender": "deep", "message": "x", "metadata": [[1]]}, "'metadata' must be a JSON object"),
    "a button's payload 3,000 levels deep": (
        {"sender": "deep", "message": '/moving_checklist{"dog": ' + "[" * DEEP + "]" * DEEP + "}"},
        "'message': the payload of /moving_checklist is nested more than 20 levels deep",
    ),  # was 503 "the turn failed"
}


@pytest.mark.parametrize("case", list(REFUSED_BODIES))
def test_a_body_nested_deeper_than_any_the_project_sends_gets_a_400_with_the_reason(
    rasa_app: Sanic, event_loop_session: Any, case: str
) -> None:
    body, reason = REFUSED_BODIES[case]
    (answer,) = post_turns(rasa_app, event_loop_session, body)
    assert answer.status_code == 400
    assert answer.json() == {"error": reason}


def test_a_body_too_deep_for_the_json_parser_gets_a_400(rasa_app: Sanic, event_loop_session: Any) -> None:
    async def send() -> httpx.Response:
        await rasa_app._startup()
        transport = httpx.ASGITransport(app=rasa_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://rasa") as client:
            body = b'{"sender": "deep", "message": "x", "metadata": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001
            return await client.post("/webhooks/rest/webhook", params={"token": TOKEN}, content=body)

    answer = event_loop_session.run_until_complete(send())
    assert answer.status_code == 400
    assert answer.json() == {"error": "the body is nested more than 20 levels deep"}


def test_model_parse_refuses_a_payload_nested_too_deep_with_a_400(rasa_app: Sanic, event_loop_session: Any) -> None:
    async def send() -> httpx.Response:
        await rasa_app._startup()
        transport = httpx.ASGITransport(app=rasa_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://rasa") as client:
            text = '/moving_checklist{"dog": ' + "[" * DEEP + "]" * DEEP + "}"
            return await client.post("/model/parse", params={"token": TOKEN}, json={"text": text})

    answer = event_loop_session.run_until_complete(send())
    assert answer.status_code == 400  # Rasa's own parser: 500 ParsingError
    assert answer.json() == {"error": "'message': the payload of /moving_checklist is nested more than 20 levels deep"}


def test_invisible_format_characters_are_taken_out_before_rasa_reads_and_stores_the_message(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, tmp_path: Path
) -> None:
    store = create_tracker_store(
        EndpointConfig(type="bot.tracker_store.MaskingSQLTrackerStore", dialect="sqlite", db=str(tmp_path / "c.db"))
    )
    agent = Agent(domain=assistant.agent.domain, tracker_store=store, action_endpoint=InProcessActionEndpoint())
    agent.processor = copy.copy(assistant.agent.processor)
    agent.processor.tracker_store, agent.processor.lock_store = agent.tracker_store, agent.lock_store
    rasa_app.ctx.agent = agent
    pasted = "\u202e粗大ごみ\u202c\u200f\u200e を出\u200bしたい\ufeff"  # a bidi override, marks, a zero-width space, a BOM
    (answer,) = post_turns(rasa_app, event_loop_session, {"sender": "pasted", "message": pasted})
    assert answer.status_code == 200
    assert answer.json()[0]["text"].startswith("粗大ごみは事前申し込み制です。")  # was the out-of-scope refusal
    tracker = event_loop_session.run_until_complete(agent.tracker_store.retrieve("pasted"))
    assert [event.text for event in tracker.events if event.type_name == "user"] == ["粗大ごみ を出したい"]


def test_strange_but_readable_messages_get_a_normal_answer_and_a_longer_one_a_400(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, corpus: Any, tmp_path: Path
) -> None:
    serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    emoji, family, controls, longer = post_turns(
        rasa_app, event_loop_session,
        {"sender": "emoji", "message": "😀" * 10_000},  # took 6 s of the Rasa server's CPU (question_point)
        {"sender": "family", "message": "👨‍👩‍👧‍👦" * 1_400},  # ZWJ sequences: 9,800 characters
        {"sender": "controls", "message": "\x07\x1b[31m粗大ごみの出し方\x7f"},
        {"sender": "longer", "message": "😀" * 10_001},
    )  # fmt: skip
    rephrase = corpus.message("utter_rephrase")
    assert emoji.status_code == 200 and emoji.json() == [{"recipient_id": "emoji", "text": rephrase}]
    assert family.status_code == 200 and family.json() == [{"recipient_id": "family", "text": rephrase}]
    assert controls.status_code == 200 and texts_and_ids(controls)[1] == ["waste/bulky_waste"]
    assert longer.status_code == 400
    assert longer.json() == {"error": "'message' must be a string of at most 10000 characters"}
