"""The gateway as `make run` starts it (madoguchi/services.py, a real uvicorn process): a local
client cannot pick the address that the rate limits and login lockouts count by sending
X-Forwarded-For; only a reverse proxy named in MADOGUCHI_FORWARDED_ALLOW_IPS is believed. Its
access log holds no phone number sent in a URL."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Iterator, List

import httpx
import pytest

from devtools.servers import free_port, wait_for
from gateway.settings import Settings
from madoguchi.paths import ROOT
from madoguchi.services import service_commands, service_env

# three gateway processes, each importing the app and compiling its settings: not make test-fast's
# (the app's own tests there run it in-process)
pytestmark = pytest.mark.slow

PER_ADDRESS = 3


def gateway(tmp_path: Path, **settings: str) -> Iterator[str]:
    port = free_port()
    config = Settings(gateway_port=port, var_dir=tmp_path, **settings)
    command = service_commands(config, tmp_path / "no-model.tar.gz")["gateway"]
    env = service_env(config, MADOGUCHI_CHAT_TURNS_PER_MINUTE_PER_ADDRESS=str(PER_ADDRESS))
    with (tmp_path / "gateway.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", 60, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def direct(tmp_path: Path) -> Iterator[str]:
    yield from gateway(tmp_path)


def feedback_from_many_addresses(base: str) -> List[int]:
    """Feedback (rate-limited per address) from one client, claiming another address each time."""
    return [
        httpx.post(f"{base}/api/feedback", json={"session": uuid.uuid4().hex, "faq_id": "waste/bulky_waste", "helpful": True},
                   headers={"X-Forwarded-For": f"192.0.2.{n}"}, timeout=30).status_code
        for n in range(PER_ADDRESS + 1)
    ]  # fmt: skip


def test_x_forwarded_for_from_a_local_client_is_not_believed(direct: str) -> None:
    # 404: no such answer was given; the last is over the limit of the one real address
    assert feedback_from_many_addresses(direct) == [404] * PER_ADDRESS + [429]


def test_a_named_reverse_proxy_is_believed(tmp_path: Path) -> None:
    for base in gateway(tmp_path, forwarded_allow_ips="127.0.0.1"):
        assert feedback_from_many_addresses(base) == [404] * (PER_ADDRESS + 1)


def test_the_access_log_holds_no_phone_number_sent_in_a_url(direct: str, tmp_path: Path) -> None:
    for target in ("/api/chat/config?tel=090-2468-1357&language=ja", "/widget/09024681357.js",
                   "/console/queue?q=%EF%BC%90%EF%BC%99%EF%BC%90%EF%BC%92%EF%BC%94%EF%BC%96%EF%BC%98%EF%BC%91%EF%BC%93%EF%BC%95%EF%BC%97",
                   "/api/chat/config?step=3&tel=%2B819024681357%0Aforged"):  # fmt: skip
        httpx.get(direct + target, timeout=30)
    httpx.get(direct + "/healthz?step=3", timeout=30)
    log = (tmp_path / "gateway.log").read_text()
    assert '"GET /healthz?step=3 HTTP/1.1" 200' in log  # what holds nothing personal is logged as it came
    assert "language=ja" in log and "/widget/" in log
    for digits in ("2468", "1357", "%EF%BC%92%EF%BC%94"):
        assert digits not in log
    assert "\nforged" not in log
