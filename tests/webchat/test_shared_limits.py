"""The chat's turn limits shared by every gateway worker: two real gateway processes (as
`make cluster` starts them, madoguchi/services.py) counting in one real Redis (configured as
make cluster runs it), and what a Redis that stops answering does to a resident's chat."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator, List, Tuple

import httpx
import pytest
import redis

from devtools.servers import free_port, wait_for
from gateway.settings import Settings
from madoguchi.cluster.layout import Layout
from madoguchi.cluster.processes import pid_of
from madoguchi.paths import ROOT
from madoguchi.services import service_commands, service_env
from tests.gateway.fake_rasa import FakeRasa
from tests.store_backends import redis_server  # noqa: F401 - fixture
from webchat import rate_limit
from webchat.rate_limit import SHARED_TIMEOUT_SECONDS, SharedCounts, SharedRateLimiter

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

PER_SESSION = 3
PER_ADDRESS = 6


@pytest.fixture(autouse=True)
def counts_from_zero(redis_server: Layout) -> None:  # noqa: F811 - the fixture imported above
    """make cluster's limits database, emptied: every test counts from zero."""
    redis.Redis.from_url(redis_server.limits_url).flushdb()


@contextmanager
def gateway(tmp_path: Path, name: str, rasa_url: str, limits_url: str) -> Iterator[Tuple[str, subprocess.Popen]]:
    port = free_port()
    config = Settings(gateway_port=port, var_dir=tmp_path / name, rasa_url=rasa_url)
    command = service_commands(config, tmp_path / "no-model.tar.gz")["gateway"]
    env = service_env(config, MADOGUCHI_LIMITS_URL=limits_url, MADOGUCHI_CHAT_TURNS_PER_MINUTE=str(PER_SESSION),
                      MADOGUCHI_CHAT_TURNS_PER_MINUTE_PER_ADDRESS=str(PER_ADDRESS))  # fmt: skip
    with (tmp_path / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def two_gateways(tmp_path_factory: pytest.TempPathFactory, redis_server: Layout) -> Iterator[List[str]]:  # noqa: F811
    """Two gateway workers sharing the limits (started once: 15 s under load); Rasa is a
    stand-in (the turn's answer is not what these tests look at)."""
    tmp_path = tmp_path_factory.mktemp("gateways")
    with FakeRasa([{"text": "はい。"}], {}) as rasa, ExitStack() as stack:
        started = [
            stack.enter_context(gateway(tmp_path, name, rasa.url, redis_server.limits_url)) for name in ("gateway-1", "gateway-2")
        ]
        for base, process in started:  # they start together; wait for both
            wait_for(f"{base}/healthz", 90, process)
        yield [base for base, _ in started]


def turn(base: str, session: str) -> httpx.Response:
    return httpx.post(f"{base}/api/chat", json={"session": session, "message": "粗大ごみの出し方"}, timeout=30)


def test_two_gateways_give_a_conversation_its_limit_once_not_once_each(two_gateways: List[str]) -> None:
    first, second = two_gateways
    session = uuid.uuid4().hex
    statuses = [turn(base, session).status_code for base in (first, second, first, second, first)]
    # counted per worker, each would let 3 through: 5 turns all answered
    assert statuses == [200, 200, 200, 429, 429]


def test_two_gateways_give_an_address_its_limit_once(two_gateways: List[str]) -> None:
    first, second = two_gateways
    statuses = [turn(base, uuid.uuid4().hex).status_code for base in [first, second] * (PER_ADDRESS // 2 + 1)]
    assert statuses == [200] * PER_ADDRESS + [429, 429]


def test_a_paused_redis_does_not_stop_the_chat_and_the_limit_still_holds_per_worker(
    two_gateways: List[str],
    redis_server: Layout,  # noqa: F811 - the fixture imported above
) -> None:
    first, second = two_gateways
    session = uuid.uuid4().hex
    assert turn(first, session).status_code == 200  # counted in Redis
    with paused(redis_server):  # connections taken, nothing answered: a hung Redis
        started = time.monotonic()
        during = [turn(first, session) for _ in range(PER_SESSION + 1)]
        took = time.monotonic() - started
    # this worker counts alone from the outage on: its own limit of 3, then 429; never a 5xx
    assert [r.status_code for r in during] == [200, 200, 200, 429]
    assert during[0].json()["messages"][0]["text"] == "はい。"
    assert took < 3.0  # one short wait for Redis (0.25 s per connection), not one per turn
    # once Redis answers, the workers ask it again (after RETRY_SHARED_AFTER_SECONDS) and share
    time.sleep(rate_limit.RETRY_SHARED_AFTER_SECONDS + 0.5)
    again = uuid.uuid4().hex
    assert [turn(base, again).status_code for base in (first, second, first, second)] == [200, 200, 200, 429]


def test_counting_goes_back_to_redis_when_it_answers_again(monkeypatch, redis_server: Layout) -> None:  # noqa: F811
    monkeypatch.setattr(rate_limit, "RETRY_SHARED_AFTER_SECONDS", 0.2)
    limits_url = redis_server.limits_url
    counts = SharedCounts(limits_url)
    worker = SharedRateLimiter(2, counts, f"test:{uuid.uuid4().hex}")
    other_worker = SharedRateLimiter(2, SharedCounts(limits_url), worker.kind)
    assert worker.allow("session:a") is True
    with paused(redis_server):
        started = time.monotonic()
        assert [worker.allow("session:a") for _ in range(3)] == [True, True, False]  # alone: 2 of its own
        assert time.monotonic() - started < SHARED_TIMEOUT_SECONDS * 4
    time.sleep(0.3)
    # Redis again: two workers share the 2 turns of a new conversation (alone, the worker would
    # take both). The old one is not asked: a check that timed out is still counted by Redis
    # when it wakes up, which only errs on the side of the limit.
    assert [worker.allow("session:b"), other_worker.allow("session:b"), worker.allow("session:b")] == [True, True, False]


@contextmanager
def paused(layout: Layout) -> Iterator[None]:
    pid = pid_of(layout.pids / "redis.pid")
    assert pid is not None, "Redis is not running"
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)
