"""`python -m devtools.simulate --json`: the scripted contract, against a real gateway server."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from devtools.servers import free_port, wait_for
from devtools.simulate import espeak_voice
from madoguchi.paths import ROOT, project_env


@pytest.fixture
def gateway_server(servers, tmp_path):
    port, fake_port = free_port(), free_port()
    env = project_env(
        MADOGUCHI_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        MADOGUCHI_TWILIO_AUTH_TOKEN="cli-test-token",
        MADOGUCHI_RASA_URL=servers.rasa_url,
        MADOGUCHI_TWILIO_API_BASE=f"http://127.0.0.1:{fake_port}",
        MADOGUCHI_DATA_DIR=str(tmp_path),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "gateway.app:app", "--ws", "none", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", 60)
        yield {"url": f"http://127.0.0.1:{port}", "fake_port": fake_port, "env": env}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_scripted_call_prints_turns_and_outcome(gateway_server):
    command = [
        sys.executable, "-m", "devtools.simulate", "--gateway", gateway_server["url"],
        "--fake-twilio-port", str(gateway_server["fake_port"]), "--auth-token", "cli-test-token",
        "--from", "+819012345678", "--at", "2026-12-01T10:00+09:00",
        "--input", "2", "--input", "1", "--say", "粗大ごみを出したい", "--input", "1", "--json",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=gateway_server["env"], capture_output=True, text=True, timeout=120, check=True)
    call = json.loads(result.stdout)
    assert call["outcome"]["faq_id"] == "waste/bulky_waste"
    assert call["outcome"]["transfer"] is None
    assert call["outcome"]["hung_up_by"] == "caller"
    assert len(call["outcome"]["sms"]) == 1 and call["outcome"]["sms"][0]["to"] == "+819012345678"
    assert [turn["request"]["params"] for turn in call["turns"]] == [
        {},
        {"Digits": "2"},
        {"Digits": "1"},
        {"SpeechResult": "粗大ごみを出したい", "Confidence": "0.92"},
        {"Digits": "1"},
    ]
    assert call["turns"][0]["verbs"][0] == {"say": "お電話ありがとうございます。みどり野市の自動案内です。", "language": "ja-JP"}
    assert "gather" in call["turns"][0]["verbs"][1]


@pytest.mark.parametrize(
    ("say_language", "voice"),
    [("ja-JP", "ja"), ("en-US", "en-us"), ("cmn-CN", "cmn"), ("ko-KR", "ko"), ("vi-VN", "vi"), (None, "ja"), ("tlh", "ja")],
)
def test_the_voice_speaks_the_say_verbs_language(say_language, voice) -> None:
    # <Say language="…"> names what Twilio would speak: espeak-ng gets that language's voice
    assert espeak_voice(say_language) == voice
