"""`make run`: train if the model is stale, then run the Rasa server, the action server and
the gateway together. Ctrl-C (or SIGTERM) stops all three cleanly.

Ports and the endpoints file come from the environment (MADOGUCHI_RASA_PORT,
MADOGUCHI_ACTIONS_PORT, MADOGUCHI_GATEWAY_PORT, MADOGUCHI_ENDPOINTS).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Dict, List

from madoguchi.model import CorpusInvalid, ensure_model
from madoguchi.paths import ROOT, VAR_DIR, project_env


def _commands(model: str) -> Dict[str, List[str]]:
    rasa_port = os.environ.get("MADOGUCHI_RASA_PORT", "5005")
    actions_port = os.environ.get("MADOGUCHI_ACTIONS_PORT", "5055")
    gateway_port = os.environ.get("MADOGUCHI_GATEWAY_PORT", "8000")
    endpoints = os.environ.get("MADOGUCHI_ENDPOINTS", "bot/endpoints.yml")
    py = sys.executable
    return {
        "actions": [py, "-m", "rasa_sdk", "--actions", "bot.actions", "--port", actions_port],
        "rasa": [
            py, "-m", "rasa", "run", "--model", model, "--enable-api",
            "--interface", "127.0.0.1", "--port", rasa_port, "--cors", "*",
            "--endpoints", endpoints, "--credentials", "bot/credentials.yml",
        ],
        "gateway": [py, "-m", "uvicorn", "ivr.app:app", "--ws", "none", "--host", "127.0.0.1", "--port", gateway_port],
    }  # fmt: skip


def main() -> int:
    try:
        model = ensure_model()
    except CorpusInvalid as error:
        print(error, file=sys.stderr)
        print("The corpus has problems: fix them (make validate) and run again.", file=sys.stderr)
        return 1
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    env = project_env()
    rasa_port = os.environ.get("MADOGUCHI_RASA_PORT", "5005")
    env.setdefault("MADOGUCHI_RASA_URL", f"http://127.0.0.1:{rasa_port}")
    if env.get("MADOGUCHI_ENVIRONMENT", "development") == "development":
        # SMS go to the simulator's fake Twilio API (python -m ivr.simulate), never to Twilio
        env.setdefault("MADOGUCHI_TWILIO_API_BASE", "http://127.0.0.1:8099")
    children = {name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in _commands(str(model)).items()}
    print(f"model {model.name}; Rasa on :5005 (REST /webhooks/rest/webhook), actions on :5055, gateway on :8000")

    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True
        for child in children.values():
            if child.poll() is None:
                child.terminate()

    # Ctrl-C reaches the whole process group; SIGTERM only us: both stop everything.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping and all(child.poll() is None for child in children.values()):
        time.sleep(0.5)
    if not stopping:
        died = [name for name, child in children.items() if child.poll() is not None]
        print(f"{', '.join(died)} stopped unexpectedly; stopping the others", file=sys.stderr)
        stop()
    for child in children.values():
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
