"""Run the Rasa server and the action server on free loopback ports (tests, benchmarks)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

from madoguchi.paths import ROOT
from madoguchi.services import service_commands, service_env
from madoguchi.settings import IN_PROCESS_ACTIONS, Settings


@dataclass
class Servers:
    rasa_url: str
    tracker_db: Path
    rasa_pid: int
    actions_pid: int
    seconds_to_start: float
    settings: Settings

    @property
    def rasa_token(self) -> str:
        return self.settings.rasa_token

    def say(self, sender: str, message: str, timeout: float = 30) -> List[Dict[str, Any]]:
        """One message through the REST channel, as the gateway sends it (with the token)."""
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"{self.rasa_url}/webhooks/rest/webhook?token={self.rasa_token}",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float, process: Optional[subprocess.Popen] = None) -> None:
    """Until `url` answers 200; fails at once when `process` (the server) has exited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with code {process.returncode} (see its log)")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {seconds} s")


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms(pids: List[int]) -> float:
    """CPU time (user + system) the processes have used so far, from /proc (Linux); a process
    that is gone counts 0."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total * 1000 / _CLOCK_TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def running_servers(
    model: Path, workdir: Path, start_timeout: float = 240, actions_in_process: bool = False
) -> Iterator[Servers]:
    """`rasa run` and the action server, started as `make run` starts them (the same commands
    and settings), on free ports with the conversations in `workdir`. With
    `actions_in_process` (what `make run` does by default) the Rasa server runs the actions
    itself and no action server starts (`actions_pid` is then the Rasa server's); without,
    the tests reach the action server, as `make cluster`'s Rasa servers do."""
    rasa_port, actions_port = free_port(), free_port()
    actions_url = IN_PROCESS_ACTIONS if actions_in_process else f"http://127.0.0.1:{actions_port}/webhook"
    settings = Settings(
        host="127.0.0.1", rasa_port=rasa_port, actions_port=actions_port, tracker_db=workdir / "tracker.db",
        rasa_url=f"http://127.0.0.1:{rasa_port}", actions_url=actions_url,
    )  # fmt: skip
    commands, env = service_commands(settings, model), service_env(settings)
    names = ("rasa",) if actions_in_process else ("rasa", "actions")
    started = time.monotonic()
    with open(workdir / "servers.log", "w") as log:
        procs = {
            name: subprocess.Popen(commands[name], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT) for name in names
        }
        try:
            if not actions_in_process:
                wait_for(f"http://127.0.0.1:{actions_port}/health", 60, procs["actions"])
            wait_for(f"{settings.rasa_url}/", start_timeout, procs["rasa"])
            rasa_pid = procs["rasa"].pid
            actions_pid = procs["actions"].pid if "actions" in procs else rasa_pid
            yield Servers(settings.rasa_url, settings.tracker_db, rasa_pid, actions_pid, time.monotonic() - started, settings)
        finally:
            for proc in procs.values():
                proc.terminate()
            for proc in procs.values():
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
