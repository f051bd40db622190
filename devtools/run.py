"""`make run`: train if the model is stale, then run the Rasa server, the action server and
the gateway together, under a supervisor: a service that stops is logged and restarted with
backoff while the others keep serving. Ctrl-C (or SIGTERM) stops all three cleanly.

Ports, addresses, paths and secrets come from the settings (madoguchi/settings.py); the
commands from madoguchi/services.py, which the test servers use too.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from madoguchi.model import CorpusInvalid, ensure_model
from madoguchi.paths import ROOT
from madoguchi.services import service_commands, service_env
from madoguchi.settings import Settings

logger = logging.getLogger("devtools.run")

FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 30.0
# A service that ran this long before it stopped is restarted at once again next time.
STABLE_SECONDS = 60.0


@dataclass
class Service:
    name: str
    command: List[str]
    process: Optional[subprocess.Popen] = None
    started: float = 0.0
    quick_failures: int = 0  # stops in a row, each within STABLE_SECONDS of its start
    restart_at: Optional[float] = None

    @property
    def pid(self) -> Optional[int]:
        return self.process.pid if self.process else None


@dataclass
class Supervisor:
    commands: Dict[str, List[str]]
    env: Dict[str, str]
    cwd: Path = ROOT
    first_delay: float = FIRST_DELAY_SECONDS
    max_delay: float = MAX_DELAY_SECONDS
    services: Dict[str, Service] = field(default_factory=dict)
    stopping: bool = False

    def __post_init__(self) -> None:
        self.services = {name: Service(name, command) for name, command in self.commands.items()}

    def _start(self, service: Service) -> None:
        service.process = subprocess.Popen(service.command, cwd=self.cwd, env=self.env)
        service.started, service.restart_at = time.monotonic(), None

    def start_all(self) -> None:
        for service in self.services.values():
            self._start(service)

    def delay(self, service: Service) -> float:
        return min(self.max_delay, self.first_delay * 2 ** max(0, service.quick_failures - 1))

    def check(self) -> None:
        """Notice stopped services and restart those whose backoff has passed."""
        now = time.monotonic()
        for service in self.services.values():
            if service.process is None or self.stopping:
                continue
            code = service.process.poll()
            if code is not None and service.restart_at is None:
                ran = now - service.started
                service.quick_failures = service.quick_failures + 1 if ran < STABLE_SECONDS else 1
                service.restart_at = now + self.delay(service)
                logger.error("%s stopped (exit code %s after %.0f s); restarting in %.0f s; the others keep serving",
                             service.name, code, ran, service.restart_at - now)  # fmt: skip
            if service.restart_at is not None and now >= service.restart_at:
                self._start(service)
                logger.warning("%s restarted (pid %s)", service.name, service.pid)

    def request_stop(self, *_: object) -> None:
        self.stopping = True

    def stop_all(self, timeout: float = 20) -> None:
        processes = [s.process for s in self.services.values() if s.process is not None]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def run(self, poll_seconds: float = 0.5, handle_signals: bool = True) -> int:
        if handle_signals:
            # Ctrl-C reaches the whole process group; SIGTERM only us: both stop everything.
            signal.signal(signal.SIGTERM, self.request_stop)
            signal.signal(signal.SIGINT, self.request_stop)
        self.start_all()
        try:
            while not self.stopping:
                self.check()
                time.sleep(poll_seconds)
        finally:
            self.stop_all()
        return 0


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        model = ensure_model()
    except CorpusInvalid as error:
        print(error, file=sys.stderr)
        print("The corpus has problems: fix them (make validate) and run again.", file=sys.stderr)
        return 1
    settings = Settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    extra = {}
    if settings.environment == "development":
        # SMS go to the simulator's fake Twilio API (python -m devtools.simulate), never to Twilio
        extra["MADOGUCHI_TWILIO_API_BASE"] = os.environ.get("MADOGUCHI_TWILIO_API_BASE", "http://127.0.0.1:8099")
    host = settings.host
    commands = service_commands(settings, model)
    if settings.actions_in_process:
        del commands["actions"]  # the Rasa server runs them (bot/in_process_actions.py)
    actions = "in the Rasa server" if settings.actions_in_process else f"on {settings.actions_url}"
    print(
        f"model {model.name}; Rasa on {host}:{settings.rasa_port} (REST /webhooks/rest/webhook, token needed), "
        f"actions {actions}, gateway on http://{host}:{settings.gateway_port}"
    )
    return Supervisor(commands, service_env(settings, **extra)).run()


if __name__ == "__main__":
    sys.exit(main())
