"""The language of each message, the 「もしかして」 candidates, a chosen candidate's answer and the
hand-off to staff run in the Rasa server even when the other actions go to action servers
(bot/in_process_actions.py), so a resident who is not understood during an outage is still
offered something: exact events from the actions, and the routing of each call with nothing
listening at the servers' address."""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any, Dict, List, Optional

import aiohttp
import pytest
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import in_process_actions
from bot.actions.language import ActionSetLanguage
from bot.in_process_actions import InProcessActionEndpoint, LocalFirstActionEndpoint, in_process

DEAD = "http://127.0.0.1:9/webhook"  # nothing listens there


def tracker(text: str, language: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None) -> Tracker:
    slots = {"language": language} if language else {}
    events = [{"event": "user", "text": text, "metadata": metadata or {}}]
    return Tracker("resident", slots, {"text": text}, events, False, None, {}, "action_listen")


def set_language(text: str, language: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = ActionSetLanguage().run(dispatcher, tracker(text, language, metadata), {})
    assert dispatcher.messages == []  # it only sets the slot; the answer is the response's
    return events


def test_the_language_action_sets_the_slot_only_when_the_language_changes() -> None:
    assert set_language("粗大ごみの出し方") == []  # Japanese: the default variation, no slot
    assert set_language("How do I put out bulky waste?") == [SlotSet("language", "en")]
    assert set_language("OK", language="en") == []  # tells nothing: the conversation's kept
    assert set_language("/greet", language="ko") == []  # a button's payload
    assert set_language("市役所は何時まで", language="en") == [SlotSet("language", "ja")]
    assert set_language("市役所は何時まで", metadata={"language": "en"}) == [SlotSet("language", "en")]


def action_call(action: str, text: str) -> Dict[str, Any]:
    """Rasa's call to an action server, as RemoteAction sends it."""
    events = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text, "metadata": {}}]
    tracker = {"sender_id": "resident", "slots": {}, "latest_message": {"text": text}, "events": events}
    return {"next_action": action, "sender_id": "resident", "tracker": tracker, "domain": {}, "version": "3.6.0"}


def test_with_the_action_servers_down_the_language_is_still_set_and_a_skill_fails_to_connect() -> None:
    endpoint = in_process(EndpointConfig(url=DEAD, token="action-secret"))
    assert isinstance(endpoint, LocalFirstActionEndpoint)
    assert endpoint.url == DEAD and endpoint.combine_parameters() == {"token": "action-secret"}  # the servers' own
    assert list(endpoint.local.actions) == [
        "action_set_language",
        "action_suggest_topics",
        "action_answer_chosen_faq",
        "action_answer_topic_for_item",
        "action_human_handoff",
        "action_stop_form",
    ]

    async def calls() -> Any:
        answer = await endpoint.request(json=action_call("action_set_language", "Where do I get a resident card?"))
        with pytest.raises(aiohttp.ClientConnectionError):  # Rasa's RemoteAction: "Couldn't connect"
            await endpoint.request(json=action_call("validate_moving_form", "引っ越します"), method="post")
        return answer

    answer = asyncio.run(calls())
    assert answer == {"events": [{"event": "slot", "timestamp": None, "name": "language", "value": "en"}], "responses": []}


def dispatched(response: str, **fields: Any) -> Dict[str, Any]:
    """One message of a CollectingDispatcher as the action server sends it back."""
    empty = {"text": None, "buttons": [], "elements": [], "custom": {}, "image": None, "attachment": None}
    return {**empty, "template": response, "response": response, **fields}


def candidate_button(title: str, faq_id: str) -> Dict[str, str]:
    return {"title": title, "payload": f'/choose_faq{{"faq_id": "{faq_id}"}}'}


def test_with_the_action_servers_down_candidates_a_chosen_answer_and_staff_are_still_offered() -> None:
    endpoint = in_process(EndpointConfig(url=DEAD, token="action-secret"))
    assert endpoint is not None
    chosen = action_call("action_answer_chosen_faq", '/choose_faq{"faq_id": "procedure/move_in"}')
    chosen["tracker"]["latest_message"]["entities"] = [{"entity": "faq_id", "value": "procedure/move_in"}]

    async def calls() -> List[Any]:
        return [
            await endpoint.request(json=action_call("action_suggest_topics", "届出をしたい")),  # a broad word
            await endpoint.request(json=chosen),
            await endpoint.request(json=action_call("action_human_handoff", "職員につないで")),
        ]

    offered = ["procedure/move_in", "procedure/move_out", "childcare/birth_registration", "procedure/marriage_registration"]
    titles = ["転入届（市外から引っ越してきたとき）", "転出届（市外へ引っ越すとき）", "出生届", "婚姻届"]
    buttons = [candidate_button(title, faq_id) for title, faq_id in zip(titles, offered)]
    # the test clock (tests/conftest.py) is a weekday morning: the main office is open
    handoff = {"handoff": {"department": "main", "tel": "00-1234-0000", "open": True}}
    assert asyncio.run(calls()) == [
        {"events": [], "responses": [dispatched("utter_did_you_mean", buttons=buttons, custom={"candidates": offered})]},
        {"events": [], "responses": [dispatched("utter_procedure/move_in")]},
        {
            "events": [],
            "responses": [
                dispatched("utter_handoff_open", custom=handoff, department_name="みどり野市役所代表", tel="00-1234-0000")
            ],
        },
    ]


def test_a_hung_action_server_is_given_up_on_within_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(in_process_actions, "ACTION_CALL_SECONDS", 0.3)
    with socket.create_server(("127.0.0.1", 0)) as hung:  # takes connections, never answers
        endpoint = in_process(EndpointConfig(url=f"http://127.0.0.1:{hung.getsockname()[1]}/webhook"))
        assert endpoint is not None

        async def call() -> float:
            started = time.monotonic()
            with pytest.raises(asyncio.TimeoutError):  # bot/action_outage.py: the server was not reached
                request = endpoint.request(json=action_call("validate_moving_form", "引っ越します"), method="post")
                await asyncio.wait_for(request, 5)  # without the bound: 5 s, and the check below fails
            return time.monotonic() - started

        assert asyncio.run(call()) < 2  # Rasa's own wait: 5 minutes


def test_make_run_keeps_every_action_in_process() -> None:
    assert isinstance(in_process(EndpointConfig(url="in-process:bot.actions")), InProcessActionEndpoint)
    assert in_process(None) is None
