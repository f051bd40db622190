"""Run the Rasa server and the action server on free loopback ports (tests, benchmarks)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List

from madoguchi.paths import ROOT, project_env


@dataclass
class Servers:
    rasa_url: str
    tracker_db: Path
    rasa_pid: int
    actions_pid: int
    seconds_to_start: float

    def say(self, sender: str, message: str, timeout: float = 30) -> List[Dict[str, Any]]:
        """One message through the REST channel, as a website or curl sends it."""
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {seconds} s")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def running_servers(model: Path, workdir: Path, start_timeout: float = 240) -> Iterator[Servers]:
    rasa_port, actions_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    db = workdir / "tracker.db"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f"tracker_store:\n  type: bot.tracker_store.MaskingSQLTrackerStore\n  dialect: sqlite\n  db: {db}\n"
    )
    env = project_env()
    py = sys.executable
    started = time.monotonic()
    with open(workdir / "servers.log", "w") as log:
        procs = [
            subprocess.Popen([py, "-m", "rasa_sdk", "--actions", "bot.actions", "--port", str(actions_port)],
                             cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT),
            subprocess.Popen([py, "-m", "rasa", "run", "--model", str(model), "--interface", "127.0.0.1",
                              "--port", str(rasa_port), "--enable-api", "--endpoints", str(endpoints),
                              "--credentials", "bot/credentials.yml"],
                             cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT),
        ]  # fmt: skip
        try:
            wait_for(f"http://127.0.0.1:{actions_port}/health", 60)
            wait_for(f"http://127.0.0.1:{rasa_port}/", start_timeout)
            yield Servers(f"http://127.0.0.1:{rasa_port}", db, procs[1].pid, procs[0].pid, time.monotonic() - started)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
