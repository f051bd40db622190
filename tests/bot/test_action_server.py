"""The action server's app (bot/action_server.py, rasa-sdk's app behind the shared secret),
served in-process through ASGI: what is refused keeps a 4xx status, never a 500."""

from __future__ import annotations

import asyncio
from typing import Dict, Iterator, List, Tuple

import httpx
import pytest
from sanic import Sanic

from bot.action_server import guarded_app

TOKEN = "action-server-test-secret"


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sanic]:
    monkeypatch.setattr(Sanic, "test_mode", True)  # rasa-sdk names every app "rasa_sdk"
    yield guarded_app(TOKEN)


def statuses(app: Sanic, *requests: Tuple[str, str, bytes]) -> List[int]:
    async def send() -> List[int]:
        await app._startup()  # what Sanic's own server does before serving
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://actions") as client:
            return [(await client.request(m, path, content=body)).status_code for m, path, body in requests]

    return asyncio.run(send())


def test_wrong_methods_unknown_paths_and_bodies_that_are_not_json_get_a_4xx(app: Sanic) -> None:
    assert statuses(
        app,
        ("POST", "/health", b"{}"),  # open path, wrong method: was a 500
        ("DELETE", "/health", b""),
        ("GET", f"/nothing?token={TOKEN}", b""),
        ("PUT", f"/webhook?token={TOKEN}", b"{}"),
        ("POST", f"/webhook?token={TOKEN}", b"\xff not json"),
        ("GET", "/health", b""),
        ("POST", "/webhook", b"{}"),
    ) == [405, 405, 404, 405, 400, 200, 401]


def test_a_body_that_is_not_an_action_call_gets_a_400_with_the_reason(app: Sanic) -> None:
    async def send(body: bytes, headers: Dict[str, str]) -> Tuple[int, Dict[str, str]]:
        await app._startup()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://actions") as client:
            answer = await client.post("/webhook", params={"token": TOKEN}, content=body, headers=headers)
            return answer.status_code, answer.json()

    shape = "the body must be an action call: a JSON object with 'next_action' and 'tracker'"
    assert [asyncio.run(send(body, headers)) for body, headers in [
        (b"[]", {}),  # was 500 AttributeError
        (b'{"next_action": "action_set_language", "tracker": {}}', {}),  # was 500 KeyError
        (b'{"next_action": "action_set_language", "tracker": {"sender_id": "a", "latest_message": "hi"}}', {}),
        (b'{"next_action": "action_set_language", "tracker": {"sender_id": "a", "events": [1]}}', {}),
        (b'{"next_action": 5, "tracker": {"sender_id": "a"}}', {}),
        (b"x\x9c\x03\x00\x00\x00\x00\x01", {"Content-Encoding": "deflate"}),  # rasa-sdk would inflate any size
    ]] == [
        (400, {"error": shape}),
        (400, {"error": "'sender_id' is missing from 'tracker'"}),
        (400, {"error": "'latest_message' must be dict or null"}),
        (400, {"error": "'events' must be a list of objects"}),
        (400, {"error": "'next_action' must be str"}),
        (415, {"error": "compressed action calls are not taken"}),
    ]  # fmt: skip
