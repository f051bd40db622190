"""The gateway in-process (FastAPI TestClient) answering simulated calls (the fake Twilio API: tests/conftest.py)."""

from __future__ import annotations

from typing import List, Optional

import pytest
from fastapi.testclient import TestClient

from devtools.simulate import Simulator, Step
from gateway.settings import Settings
from gateway.store import Store

BASE = "https://madoguchi.city.example"  # the public URL Twilio calls (behind a TLS proxy)
TOKEN = "test-auth-token"
MOBILE, LANDLINE = "+819012345678", "+81312345678"
OPEN, CLOSED = "2026-12-01T10:00:00+09:00", "2026-12-01T20:00:00+09:00"


@pytest.fixture
def gateway(fake_twilio, tmp_path, gateway_with):
    """Configure the gateway; `gateway(rasa_url=...)` returns a TestClient."""

    def make(rasa_url: str = "http://127.0.0.1:9") -> TestClient:
        settings = Settings(
            public_base_url=BASE, twilio_auth_token=TOKEN, twilio_account_sid="ACtest",
            twilio_api_base=fake_twilio.base_url, rasa_url=rasa_url, rasa_timeout_seconds=3.0,
            data_dir=tmp_path / "gateway",
        )  # fmt: skip
        return gateway_with(settings)

    return make


@pytest.fixture
def gateway_store(tmp_path) -> Store:
    """What the gateway stored (the same folder the `gateway` fixture configures)."""
    return Store(tmp_path / "gateway")


@pytest.fixture
def call(gateway, fake_twilio):
    """Place a simulated call: call(steps, caller=..., at=..., rasa_url=...) -> (Call, fake)."""

    def place(steps: List[Step], caller: str = MOBILE, at: Optional[str] = OPEN, rasa_url: str = "http://127.0.0.1:9",
              dial_status: str = "completed"):  # fmt: skip
        client = gateway(rasa_url)
        sim = Simulator(client, BASE, TOKEN, caller, "+81012340000", at, dial_status, fake_twilio)
        return sim.run(steps)

    return place


def keys(*values: str) -> List[Step]:
    return [Step("input", v) for v in values]


def said(call) -> List[str]:
    return [verb["say"] for turn in call.turns for verb in turn["verbs"] if "say" in verb]
