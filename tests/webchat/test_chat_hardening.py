"""The chat API and the static files against abuse: queued turns, feedback limits, paths the
file system cannot take, and what production does not serve."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings
from tests.gateway.fake_rasa import FakeRasa


@pytest.fixture
def client_for(tmp_path, gateway_with):
    def make(**settings) -> TestClient:
        return gateway_with(Settings(data_dir=tmp_path / "gateway", **settings))

    return make


def test_turns_of_one_conversation_sent_together_are_queued_not_refused(client_for) -> None:
    # Rasa answers one turn of a conversation at a time: 0.5 s each, 1.5 s allowed per turn,
    # so the last of four is answered 2 s after it was sent.
    # One event loop for all requests, as under uvicorn (TestClient's context manager).
    with (
        FakeRasa([{"text": "はい。"}], {}, seconds_per_turn=0.5) as rasa,
        client_for(rasa_url=rasa.url, rasa_timeout_seconds=0.5) as client,
    ):
        session, statuses = uuid.uuid4().hex, []

        def send(n: int) -> None:
            statuses.append(client.post("/api/chat", json={"session": session, "message": f"質問{n}"}).status_code)

        threads = [threading.Thread(target=send, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 4
    assert sorted(rasa.turns) == [f"質問{n}" for n in range(4)]


def test_feedback_is_rate_limited(client_for) -> None:
    client = client_for(chat_turns_per_minute=3)
    session = uuid.uuid4().hex
    body = {"session": session, "faq_id": "waste/bulky_waste", "helpful": True}
    statuses = [client.post("/api/feedback", json=body).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


@pytest.mark.parametrize("path", ["/widget/%00", "/demo/%00", "/console/static/%00", "/widget/" + "a" * 5000])
def test_paths_the_file_system_cannot_take_are_404(client_for, path) -> None:
    assert client_for().get(path).status_code == 404


def test_the_api_description_is_not_served_in_production(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MADOGUCHI_FIXED_NOW", raising=False)
    production = Settings(environment="production", twilio_auth_token="a-real-token", console_secret="s", data_dir=tmp_path,
                          rasa_token="r", actions_token="a")  # fmt: skip
    client = TestClient(build_app(production))
    assert [client.get(p).status_code for p in ("/docs", "/redoc", "/openapi.json")] == [404, 404, 404]
    development = TestClient(build_app(Settings(data_dir=tmp_path)))
    assert development.get("/openapi.json").status_code == 200
