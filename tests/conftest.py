"""Shared fixtures. The model is trained at most once per session (and reused across
sessions while corpus, config and NLU code are unchanged: its name is their hash)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, List, Tuple

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from devtools.fake_twilio import FakeTwilio
    from gateway.settings import Settings as GatewaySettings
    from madoguchi.corpus.model import Corpus
    from madoguchi.corpus.validate import Problem

# Tests write what staff would see (unknown items, caches) to a scratch folder, not var/.
os.environ.setdefault("MADOGUCHI_VAR_DIR", tempfile.mkdtemp(prefix="madoguchi-test-var-"))

from madoguchi.paths import ROOT
from tests.store_backends import postgres_server, store_url  # noqa: F401 - fixtures: SQLite and PostgreSQL stores

FIXTURES = ROOT / "tests" / "fixtures"

# Office hours decide what hand-offs say: conversations in tests happen on a Tuesday at
# 10:00 Japan time (action tests inject their own clocks).
TEST_NOW = "2026-12-01T10:00:00+09:00"
os.environ["MADOGUCHI_FIXED_NOW"] = TEST_NOW


def pytest_configure(config: pytest.Config) -> None:
    """Sudachi user dictionaries compiled in an earlier session are copied into this session's
    scratch var/: compiling one takes about 3 s of CPU, and its name is the hash of what it is
    made of (words, Sudachi's versions), so a copy is never stale."""
    cache = getattr(config, "cache", None)  # None under -p no:cacheprovider
    if cache is not None:
        shutil.copytree(cache.mkdir("sudachi"), Path(os.environ["MADOGUCHI_VAR_DIR"]) / "sudachi", dirs_exist_ok=True)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collecting imported (Rasa, TensorFlow, the app: half a million objects) stays for
    the session: frozen, Python's full garbage collections stop walking it again and again,
    and they come less often (each corpus load makes a hundred thousand objects): 9 s of
    make test-fast's CPU went to them, 1 s now."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def pytest_sessionfinish(session: pytest.Session) -> None:
    cache = getattr(session.config, "cache", None)
    if cache is not None:
        for compiled in (Path(os.environ["MADOGUCHI_VAR_DIR"]) / "sudachi").glob("user-*.dic"):
            if not (cache.mkdir("sudachi") / compiled.name).exists():
                shutil.copy2(compiled, cache.mkdir("sudachi") / compiled.name)


@pytest.fixture(autouse=True)
def cheap_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Staff passwords are hashed with argon2id at argon2's cheapest parameters: with the
    production ones (64 MiB, 3 passes) each account added and each login costs 0.15 s of CPU,
    and the console's tests add and log in hundreds of times. The same library and code run;
    a test marked `production_password_hashing` (and every server a test starts) keeps them."""
    if request.node.get_closest_marker("production_password_hashing"):
        return
    from argon2 import PasswordHasher, profiles

    from console import accounts

    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("not a password of anyone"))


@pytest.fixture
def fake_twilio() -> Iterator["FakeTwilio"]:
    """Twilio's REST API on loopback (the real twilio client talks to it): phone, SMS and console tests."""
    from devtools.fake_twilio import FakeTwilio

    with FakeTwilio() as fake:
        yield fake


@pytest.fixture(scope="session")
def checked_corpus() -> "Tuple[Corpus, List[Problem]]":
    """faq_corpus/ loaded and validated once per session (a full Sudachi pass takes seconds)."""
    from madoguchi.corpus.validate import check_corpus

    return check_corpus()


@pytest.fixture(scope="session")
def corpus(checked_corpus: "Tuple[Corpus, List[Problem]]") -> "Corpus":
    """The project's corpus, as the bot and the gateway answer from it; refused when it has problems."""
    corpus, problems = checked_corpus
    assert not problems, "faq_corpus/ has problems (make validate):\n" + "\n".join(map(str, problems))
    return corpus


@contextlib.contextmanager
def gateway_serving(settings: "GatewaySettings", **client_options: Any) -> "Iterator[TestClient]":
    """The gateway app answering with these settings (where it would call get_settings), for a
    `with` block or a fixture of any scope; the override is undone when the block ends."""
    from fastapi.testclient import TestClient

    from gateway.app import app
    from gateway.settings import get_settings

    app.dependency_overrides[get_settings] = lambda: settings
    try:
        yield TestClient(app, **client_options)
    finally:
        app.dependency_overrides.pop(get_settings, None)


@pytest.fixture
def gateway_with() -> "Iterator[Callable[..., TestClient]]":
    """`client = gateway_with(Settings(...))`: the gateway with these settings for this test (the
    last call wins); undone after the test, so no test sees another's settings."""
    with contextlib.ExitStack() as stack:
        yield lambda settings, **options: stack.enter_context(gateway_serving(settings, **options))


@pytest.fixture(scope="session")
def model_path() -> Path:
    from madoguchi.model import ensure_model

    return ensure_model()


@pytest.fixture(scope="session")
def event_loop_session() -> Iterator[asyncio.AbstractEventLoop]:
    from bot import speedups

    loop = asyncio.new_event_loop()
    yield loop
    # as the Rasa server does when it stops (bot/rasa_server.py): the action endpoints' kept
    # connections are closed, not left to warn "Unclosed client session" at exit
    loop.run_until_complete(speedups.close_sessions(loop))
    loop.close()


@pytest.fixture(scope="session")
def assistant(model_path: Path):
    from bot.agent import Assistant

    return Assistant.load(model_path)


@pytest.fixture
def ask(assistant, event_loop_session):
    """Send one message in a conversation and get the Turn back: ask(text, conversation)."""

    def send(text: str, conversation: str = ""):
        # a fresh conversation each time: an id built from id() of a test's object came back
        # in a later test (memory is reused) and continued that test's conversation
        conversation = conversation or f"test-{uuid.uuid4().hex}"
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
