"""The chat and feedback API against the real Rasa server: no body gives a 5xx."""

from __future__ import annotations

import hashlib
import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.settings import Settings
from tests.conftest import gateway_serving
from tests.fuzz.conftest import few
from tests.fuzz.strategies import any_text, json_values, session_ids

CHAT_BODIES = st.one_of(
    st.fixed_dictionaries({"session": session_ids, "message": st.one_of(any_text, json_values)}),
    json_values,
)
FEEDBACK_BODIES = st.one_of(
    st.fixed_dictionaries(
        {
            "session": session_ids,
            "faq_id": st.one_of(any_text, st.just("waste/bulky_waste")),
            "question": any_text,
            "helpful": json_values,
        }
    ),  # fmt: skip
    json_values,
)


@pytest.fixture(scope="module")
def chat(servers, tmp_path_factory):
    settings = Settings(rasa_url=servers.rasa_url, data_dir=tmp_path_factory.mktemp("gateway"), rasa_timeout_seconds=5.0,
                        chat_turns_per_minute=10_000, chat_turns_per_minute_per_address=10_000)  # fmt: skip
    with gateway_serving(settings) as client:
        yield client


def _post(client: TestClient, path: str, body) -> int:
    # json.dumps escapes a lone surrogate as \udc18, as a browser's JSON.stringify does
    return client.post(path, content=json.dumps(body), headers={"Content-Type": "application/json"}).status_code


@given(CHAT_BODIES)
def test_no_chat_body_gives_a_server_error(chat, body) -> None:
    status = _post(chat, "/api/chat", body)
    assert status < 500, body


@given(st.binary(max_size=200))
def test_no_raw_bytes_give_a_server_error(chat, content) -> None:
    for path in ("/api/chat", "/api/feedback"):
        assert chat.post(path, content=content, headers={"Content-Type": "application/json"}).status_code < 500


@given(FEEDBACK_BODIES)
def test_no_feedback_body_gives_a_server_error(chat, body) -> None:
    assert _post(chat, "/api/feedback", body) < 500, body


@settings(max_examples=few())
@given(st.lists(any_text.filter(lambda t: t.strip()), min_size=1, max_size=3))
def test_every_accepted_turn_is_answered(chat, messages) -> None:
    """Nothing lost: a turn the API accepts gets the assistant's answer (a list of messages)."""
    session = "fuzz" + hashlib.sha1(repr(messages).encode()).hexdigest()[:20]
    for message in messages:
        response = chat.post("/api/chat", content=json.dumps({"session": session, "message": message}),
                             headers={"Content-Type": "application/json"})  # fmt: skip
        assert response.status_code in (200, 422), message
        if response.status_code == 200:
            assert response.json()["messages"], message
