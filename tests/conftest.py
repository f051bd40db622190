"""Shared fixtures. The model is trained at most once per session (and reused across
sessions while corpus, config and NLU code are unchanged: its name is their hash)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest

if TYPE_CHECKING:
    from devtools.fake_twilio import FakeTwilio

# Tests write what staff would see (unknown items, caches) to a scratch folder, not var/.
os.environ.setdefault("MADOGUCHI_VAR_DIR", tempfile.mkdtemp(prefix="madoguchi-test-var-"))

from madoguchi.paths import ROOT
from tests.store_backends import postgres_server, store_url  # noqa: F401 - fixtures: SQLite and PostgreSQL stores

FIXTURES = ROOT / "tests" / "fixtures"

# Office hours decide what hand-offs say: conversations in tests happen on a Tuesday at
# 10:00 Japan time (action tests inject their own clocks).
TEST_NOW = "2026-12-01T10:00:00+09:00"
os.environ["MADOGUCHI_FIXED_NOW"] = TEST_NOW


@pytest.fixture
def fake_twilio() -> Iterator["FakeTwilio"]:
    """Twilio's REST API on loopback (the real twilio client talks to it): phone, SMS and console tests."""
    from devtools.fake_twilio import FakeTwilio

    with FakeTwilio() as fake:
        yield fake


@pytest.fixture(scope="session")
def model_path() -> Path:
    from madoguchi.model import ensure_model

    return ensure_model()


@pytest.fixture(scope="session")
def event_loop_session() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def assistant(model_path: Path):
    from bot.agent import Assistant

    return Assistant.load(model_path)


@pytest.fixture
def ask(assistant, event_loop_session):
    """Send one message in a conversation and get the Turn back: ask(text, conversation)."""
    counter = {"n": 0}

    def send(text: str, conversation: str = ""):
        if not conversation:
            counter["n"] += 1
            conversation = f"test-{id(counter)}-{counter['n']}"
        return event_loop_session.run_until_complete(assistant.send(text, conversation))

    return send


@pytest.fixture(scope="session")
def servers(model_path: Path, tmp_path_factory):
    """`rasa run` (REST, HTTP API) and the action server, as `make run` starts them."""
    from devtools.servers import running_servers

    with running_servers(model_path, tmp_path_factory.mktemp("servers")) as running:
        yield running


# Tiers: a test that asks for the trained model (directly or through a server or the
# browser stack) is marked `model`, a test under tests/web `browser`, so that
# `make test-fast` (-m "not model and not browser and not slow") needs no training.
MODEL_FIXTURES = {"model_path", "assistant", "ask", "servers", "stack"}


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)
        if "tests/web/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
