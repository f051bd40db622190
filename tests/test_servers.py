"""`make run`'s servers for real: `rasa run` with the REST channel and the action server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from madoguchi.paths import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise TimeoutError(f"{url} did not come up in {seconds} s")


def post(url: str, body: dict) -> list:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


@pytest.fixture(scope="module")
def servers(model_path: Path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("servers")
    rasa_port, actions_port = free_port(), free_port()
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {tmp / 'tracker.db'}\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    logs = open(tmp / "servers.log", "w")  # noqa: SIM115 - closed in teardown
    procs = [
        subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions", "--port", str(actions_port)],
                         cwd=ROOT, env=env, stdout=logs, stderr=subprocess.STDOUT),
        subprocess.Popen([sys.executable, "-m", "rasa", "run", "--model", str(model_path), "--interface", "127.0.0.1",
                          "--port", str(rasa_port), "--endpoints", str(endpoints), "--credentials", "bot/credentials.yml"],
                         cwd=ROOT, env=env, stdout=logs, stderr=subprocess.STDOUT),
    ]  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{actions_port}/health", 60)
        wait_for(f"http://127.0.0.1:{rasa_port}/", 240)
        yield {"rasa": f"http://127.0.0.1:{rasa_port}", "db": tmp / "tracker.db"}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
        logs.close()


def test_rest_channel_answers_bulky_waste_with_its_faq_id(servers):
    replies = post(f"{servers['rasa']}/webhooks/rest/webhook", {"sender": "curl-1", "message": "粗大ごみを出したい"})
    texts = [r["text"] for r in replies if "text" in r]
    customs = [r["custom"] for r in replies if "custom" in r]
    assert len(texts) == 1 and "粗大ごみ" in texts[0]
    assert len(customs) == 1 and customs[0]["faq_id"] == "waste/bulky_waste"


def test_custom_actions_run_on_the_action_server(servers):
    post(f"{servers['rasa']}/webhooks/rest/webhook", {"sender": "curl-2", "message": "予防接種のスケジュールを知りたい"})
    replies = post(f"{servers['rasa']}/webhooks/rest/webhook", {"sender": "curl-2", "message": "担当の人と話したい"})
    texts = [r["text"] for r in replies if "text" in r]
    assert len(texts) == 1 and "健康推進課" in texts[0]
    assert servers["db"].exists()
