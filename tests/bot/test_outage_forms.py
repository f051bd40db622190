"""A resident in the middle of a form while every action server is down (bot/action_outage.py):
「やめる」 stops the form and an FAQ question is answered, both in the Rasa server, in the
conversation's language; the form's answers so far are kept for when the servers are back,
and an answer to the form's question is still refused unstored. The real model, Rasa's real
Sanic app and REST channel, nothing listening at the action servers' address."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import yaml
from rasa.core.agent import Agent
from sanic import Sanic

from bot.agent import InProcessActionEndpoint
from madoguchi.corpus.generate import form_rules_data, forms_in, interrupting_intents
from madoguchi.paths import BOT_DIR
from tests.bot.test_rest_channel import (
    dead_action_servers,
    post_turns,
    serve_with_sqlite_store,
    texts_and_ids,
    user_turns,
)

MOVING = "引っ越すけど何の手続きが要る？"


def start_moving_form(app: Sanic, loop: Any, sender: str, **metadata: str) -> None:
    """The moving checklist started while the servers are up: it asks which move."""
    body: Dict[str, Any] = {"sender": sender, "message": MOVING, "metadata": metadata}
    (started,) = post_turns(app, loop, body)
    assert started.status_code == 200 and started.json()[0]["buttons"][0]["payload"] == '/moving_checklist{"move_type": "in"}'


def form_state(agent: Agent, sender: str, loop: Any) -> Dict[str, Any]:
    tracker = loop.run_until_complete(agent.tracker_store.retrieve(sender))
    return {"active_loop": tracker.active_loop_name, **{s: tracker.get_slot(s) for s in ("move_type", "requested_slot")}}


def test_with_the_action_servers_down_cancel_stops_the_form_in_the_residents_language(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, corpus: Any, tmp_path: Path
) -> None:
    agent = serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    start_moving_form(rasa_app, event_loop_session, "cancel-ja")
    start_moving_form(rasa_app, event_loop_session, "cancel-en", language="en")
    agent.processor.action_endpoint = dead_action_servers()

    typed, button = post_turns(
        rasa_app, event_loop_session,
        {"sender": "cancel-ja", "message": "やめます"},
        {"sender": "cancel-en", "message": "/cancel", "metadata": {"language": "en"}},  # the 「やめる」 button
    )  # fmt: skip
    # was 503 "the action server is unavailable" for every message until the servers were back
    assert typed.status_code == 200
    assert typed.json() == [{"recipient_id": "cancel-ja", "text": corpus.message("utter_cancelled")}]
    assert button.status_code == 200
    assert button.json() == [{"recipient_id": "cancel-en", "text": corpus.message("utter_cancelled", "en")}]
    assert corpus.message("utter_cancelled", "en") == "All right, I have stopped. If you have another question, please ask."
    for sender in ("cancel-ja", "cancel-en"):
        assert form_state(agent, sender, event_loop_session) == {"active_loop": None, "move_type": None, "requested_slot": None}
    assert user_turns(agent, "cancel-ja", event_loop_session) == [MOVING, "やめます"]  # stored


def test_with_the_action_servers_down_an_faq_is_answered_in_a_form_which_goes_on_when_they_are_back(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, corpus: Any, tmp_path: Path
) -> None:
    agent = serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    sender = "faq-in-form"
    start_moving_form(rasa_app, event_loop_session, sender)
    (chosen,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": '/moving_checklist{"move_type": "out"}'})
    assert chosen.status_code == 200 and "引っ越しの日はいつですか" in chosen.json()[0]["text"]

    agent.processor.action_endpoint = dead_action_servers()
    faq, resume = post_turns(
        rasa_app, event_loop_session,
        {"sender": sender, "message": "住民票の写しはどこで取れますか"},
        {"sender": sender, "message": "/moving_checklist"},  # 「続ける」: the skill is needed
    )  # fmt: skip
    topic = corpus.by_id()["procedure/resident_certificate"]
    assert faq.status_code == 200
    assert texts_and_ids(faq) == ([corpus.render(topic, "answer"), corpus.message("utter_resume_moving_form")], [topic.id])
    assert [b["payload"] for m in faq.json() for b in m.get("buttons", [])] == ["/moving_checklist", "/cancel"]
    assert resume.status_code == 503 and resume.json() == {"error": "the action server is unavailable; try again"}
    # paused, not forgotten: the move type chosen before the outage is kept
    assert form_state(agent, sender, event_loop_session) == {"active_loop": None, "move_type": "out", "requested_slot": None}

    agent.processor.action_endpoint = InProcessActionEndpoint()
    (resumed,) = post_turns(rasa_app, event_loop_session, {"sender": sender, "message": "/moving_checklist"})
    assert resumed.status_code == 200 and "引っ越しの日はいつですか" in resumed.json()[0]["text"]  # not the move type again
    said = user_turns(agent, sender, event_loop_session)
    assert said == [MOVING, '/moving_checklist{"move_type": "out"}', "住民票の写しはどこで取れますか", "/moving_checklist"]


def test_the_intents_let_through_a_form_are_those_its_rules_answer(corpus: Any) -> None:
    rules: List[Dict[str, Any]] = yaml.safe_load(form_rules_data(corpus, ["moving_form"]))["rules"]
    assert {rule["steps"][0]["intent"] for rule in rules} == interrupting_intents(corpus)
    assert {"cancel", "human_handoff", "nlu_fallback", "childcare", "procedure"} <= interrupting_intents(corpus)
    assert "moving_form" in forms_in(BOT_DIR / "domain" / "core.yml")
