"""The chat's per-minute limits: in memory on a clock the test moves, and how the shared
(Redis) limits behave when Redis does not answer. Counting in a real Redis shared by two
gateways: test_shared_limits.py."""

from __future__ import annotations

import logging
import socket
import time
import uuid
from typing import Iterator

import pytest
from pydantic import ValidationError

from devtools.servers import free_port
from gateway.settings import Settings
from tests.gateway.fake_rasa import FakeRasa
from webchat.rate_limit import SHARED_TIMEOUT_SECONDS, RateLimiter, SharedCounts, SharedRateLimiter, limiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_limit_per_minute_and_then_waits() -> None:
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.retry_after("a") == 60  # the first of the three leaves the window in 60 s
    clock.now += 30
    assert limiter.allow("a") is False
    assert limiter.retry_after("a") == 30
    clock.now += 29.5
    assert limiter.retry_after("a") == 1  # half a second, rounded up
    assert limiter.allow("a") is False
    clock.now += 0.5  # exactly when Retry-After said
    assert limiter.allow("a") is True


def test_keys_are_counted_apart() -> None:
    limiter = RateLimiter(1, clock=Clock())
    assert (limiter.allow("a"), limiter.allow("b"), limiter.allow("a")) == (True, True, False)


def test_a_refused_request_is_not_counted() -> None:
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    limiter.allow("a")
    clock.now += 59
    assert limiter.allow("a") is False
    clock.now += 1.5  # a minute after the one counted request, however many were refused
    assert limiter.allow("a") is True


# --- where the counts live ---------------------------------------------------------------


def test_without_a_limits_url_the_counts_stay_in_this_process() -> None:
    assert isinstance(limiter("turn:session", 3, ""), RateLimiter)
    assert isinstance(limiter("turn:session", 3, "redis://127.0.0.1:1/2"), SharedRateLimiter)


def test_the_limits_url_is_memory_or_redis_and_a_wrong_one_is_named_without_its_password() -> None:
    assert Settings(limits_url="memory://").limits_url == ""
    assert Settings(limits_url="redis://:pw@127.0.0.1:6379/2").limits_url == "redis://:pw@127.0.0.1:6379/2"
    for wrong in ("mongodb://admin:hunter2@127.0.0.1/", "redis://", "127.0.0.1:6379"):
        with pytest.raises(ValidationError) as error:
            Settings(limits_url=wrong)
        assert "MADOGUCHI_LIMITS_URL" in str(error.value) and "hunter2" not in str(error.value)


# --- Redis not answering: each worker counts alone, quickly, and says so once ---------------


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """An address that takes the connection and never answers (a Redis stopped by SIGSTOP)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/2"


def test_a_redis_that_is_not_there_falls_back_to_this_workers_own_counts(caplog) -> None:
    shared = SharedRateLimiter(3, SharedCounts(f"redis://127.0.0.1:{free_port()}/2"), "turn:session")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="webchat.rate_limit"):
        allowed = [shared.allow("session:a") for _ in range(4)]
    assert allowed == [True, True, True, False]  # the limit still holds, per worker
    assert 1 <= shared.retry_after("session:a") <= 60
    assert time.monotonic() - started < 1.0
    assert [r.getMessage() for r in caplog.records] == [
        "the chat's shared rate limits are not reachable (ConnectionError): each worker counts alone until Redis answers"
    ]  # once per outage, not once per turn


def test_a_redis_that_never_answers_costs_one_short_wait_not_one_per_turn(silent_redis: str) -> None:
    shared = SharedRateLimiter(3, SharedCounts(silent_redis), "turn:session")
    started = time.monotonic()
    assert shared.allow("session:a") is True
    first = time.monotonic() - started
    assert SHARED_TIMEOUT_SECONDS * 0.9 <= first < SHARED_TIMEOUT_SECONDS * 4
    assert [shared.allow("session:a") for _ in range(3)] == [True, True, False]
    assert time.monotonic() - started - first < 0.1  # the next checks do not ask Redis again


def test_a_residents_chat_goes_on_while_redis_does_not_answer(tmp_path, gateway_with, silent_redis: str) -> None:
    with FakeRasa([{"text": "はい。"}], {}) as rasa:
        client = gateway_with(Settings(rasa_url=rasa.url, data_dir=tmp_path / "gateway", chat_turns_per_minute=2,
                                       limits_url=silent_redis))  # fmt: skip
        session = uuid.uuid4().hex
        answers = [client.post("/api/chat", json={"session": session, "message": "粗大ごみ"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].json()["messages"][0]["text"] == "はい。"
    assert 1 <= int(answers[2].headers["Retry-After"]) <= 60
