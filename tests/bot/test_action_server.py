"""The action server's app (bot/action_server.py, rasa-sdk's app behind the shared secret),
served in-process through ASGI: what is refused keeps a 4xx status, never a 500."""

from __future__ import annotations

import asyncio
from typing import Iterator, List, Tuple

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
