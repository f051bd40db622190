"""Rasa's REST channel, its HTTP API and the action server, straight (the real servers of
`make run`, token or secret given): no body gives a 5xx, and Rasa keeps answering.

The chat fuzzing reaches Rasa only through the gateway, which sends well-formed turns; these
are what a token holder, or anyone on the machine with the token, could send instead."""

from __future__ import annotations

import asyncio
import json
from typing import Iterator

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sanic import Sanic

from bot.action_server import guarded_app
from tests.fuzz.strategies import any_text, json_values

ACTIONS_TOKEN = "fuzz-actions-secret"
INTENTS = ["moving_checklist", "choose_faq", "waste_collection_day", "restart", "session_start", "nlu_fallback", "x"]
# A button's payload as Rasa reads it (`/intent{"entity": value}`), nested up to far past any button's.
payloads = st.builds(
    lambda intent, value, depth: f'/{intent}{{"v": ' + "[" * depth + "]" * depth + f', "w": {json.dumps(value)}}}',
    st.sampled_from(INTENTS), json_values, st.integers(0, 2000),
) | st.builds(lambda intent, text: f"/{intent}{text}", st.sampled_from(INTENTS), any_text)  # fmt: skip
REST_BODIES = st.one_of(
    st.fixed_dictionaries(
        {"sender": st.one_of(any_text, json_values), "message": st.one_of(any_text, payloads, json_values)},
        optional={"metadata": json_values, "input_channel": json_values},
    ),
    json_values,
)  # fmt: skip
PARSE_BODIES = st.one_of(
    st.fixed_dictionaries({"text": st.one_of(any_text, payloads, json_values)}, optional={"message_id": json_values}),
    json_values,
)
TRACKERS = st.fixed_dictionaries(
    {},
    optional={"sender_id": st.one_of(any_text, json_values), "slots": json_values, "latest_message": json_values,
              "events": st.lists(json_values, max_size=3), "paused": json_values, "followup_action": json_values,
              "active_loop": json_values, "latest_action_name": json_values},
)  # fmt: skip
ACTION_CALLS = st.one_of(
    st.fixed_dictionaries(
        {"next_action": st.one_of(st.sampled_from(["action_set_language", "validate_moving_form", "action_collection_day"]),
                                  any_text, json_values),
         "tracker": st.one_of(TRACKERS, json_values)},
        optional={"domain": json_values, "version": json_values},
    ),
    json_values,
)  # fmt: skip


@pytest.fixture(scope="module")
def rasa(servers):
    with httpx.Client(base_url=servers.rasa_url, params={"token": servers.rasa_token}, timeout=60) as client:
        yield client
    assert any("粗大ごみ" in reply.get("text", "") for reply in servers.say("fuzz-after", "粗大ごみを出したい"))


def _post(client: httpx.Client, path: str, body, url: str = "") -> httpx.Response:
    # json.dumps escapes a lone surrogate as \udc18, as a client's JSON encoder does
    return client.post(url or path, content=json.dumps(body), headers={"Content-Type": "application/json"})


@given(REST_BODIES)
def test_no_rest_body_gives_a_server_error(rasa, body) -> None:
    response = _post(rasa, "/webhooks/rest/webhook", body)
    assert response.status_code in (200, 400), (body, response.text)
    if response.status_code == 200:
        assert isinstance(response.json(), list)


@given(PARSE_BODIES)
def test_no_parse_body_gives_a_server_error(rasa, body) -> None:
    response = _post(rasa, "/model/parse", body)
    assert response.status_code in (200, 400), (body, response.text)


@given(st.binary(max_size=300))
def test_no_raw_bytes_give_rasa_a_server_error(rasa, content) -> None:
    for path in ("/webhooks/rest/webhook", "/model/parse"):
        assert rasa.post(path, content=content).status_code < 500


@pytest.fixture(scope="module")
def actions() -> Iterator[Sanic]:
    """The action server's app (bot/action_server.py) in-process, served through ASGI."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Sanic, "test_mode", True)  # rasa-sdk names every app "rasa_sdk"
        app = guarded_app(ACTIONS_TOKEN)
        asyncio.run(app._startup())
        yield app


@given(ACTION_CALLS)
def test_no_action_call_gives_the_action_server_a_server_error(actions, body) -> None:
    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=actions), base_url="http://actions") as client:
            return await client.post("/webhook", params={"token": ACTIONS_TOKEN}, content=json.dumps(body))

    response = asyncio.run(send())
    assert response.status_code < 500, (body, response.text)
