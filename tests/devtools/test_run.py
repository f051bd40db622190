"""`make run`'s supervisor with real processes: a killed service comes back (with backoff and a
log line), the others keep running, and Ctrl-C or SIGTERM still stops them all."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Dict

import pytest

from devtools.run import Supervisor
from madoguchi.paths import ROOT, project_env

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_killed_service_is_restarted_and_logged_while_the_others_keep_running(caplog) -> None:
    supervisor = Supervisor({"rasa": SLEEPER, "actions": SLEEPER, "gateway": SLEEPER}, dict(os.environ), first_delay=0.2)
    runner = threading.Thread(target=supervisor.run, kwargs={"poll_seconds": 0.05, "handle_signals": False})
    with caplog.at_level(logging.INFO, logger="devtools.run"):
        runner.start()
        try:
            until(lambda: all(s.pid for s in supervisor.services.values()))
            before: Dict[str, int] = {name: s.pid for name, s in supervisor.services.items()}  # type: ignore[misc]
            os.kill(before["rasa"], signal.SIGKILL)
            until(lambda: supervisor.services["rasa"].pid != before["rasa"])
            assert alive(supervisor.services["rasa"].pid or 0)
            assert {n: s.pid for n, s in supervisor.services.items() if n != "rasa"} == {
                n: pid for n, pid in before.items() if n != "rasa"
            }
            assert alive(before["actions"]) and alive(before["gateway"])
        finally:
            supervisor.request_stop()
            runner.join(30)
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("rasa stopped (exit code -9") and "restarting in" in m for m in messages)
    assert any(m.startswith("rasa restarted (pid") for m in messages)
    assert not any(alive(s.pid or 0) for s in supervisor.services.values())


def test_a_service_that_keeps_failing_is_restarted_with_growing_delays() -> None:
    failing = [sys.executable, "-c", "raise SystemExit(3)"]
    supervisor = Supervisor({"actions": failing}, dict(os.environ), first_delay=0.1, max_delay=0.4)
    runner = threading.Thread(target=supervisor.run, kwargs={"poll_seconds": 0.02, "handle_signals": False})
    runner.start()
    try:
        until(lambda: supervisor.services["actions"].quick_failures >= 4, 15)
    finally:
        supervisor.request_stop()
        runner.join(30)
    service = supervisor.services["actions"]
    assert [supervisor.delay(_with_failures(service, n)) for n in range(1, 6)] == [0.1, 0.2, 0.4, 0.4, 0.4]


def _with_failures(service, failures: int):
    service.quick_failures = failures
    return service


SUPERVISED = """
import os, sys
from devtools.run import Supervisor
child = [sys.executable, "-c", "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(120)"]
Supervisor({name: child + [os.path.join(sys.argv[1], name)] for name in ("rasa", "actions", "gateway")}, dict(os.environ)).run(0.05)
"""


@pytest.mark.parametrize("how", ["Ctrl-C", "SIGTERM"])
def test_ctrl_c_or_sigterm_stops_every_service(tmp_path: Path, how: str) -> None:
    runner = subprocess.Popen([sys.executable, "-c", SUPERVISED, str(tmp_path)], cwd=ROOT, env=project_env(),
                              start_new_session=True)  # fmt: skip
    try:
        until(lambda: len([p for p in tmp_path.iterdir() if p.read_text()]) == 3)
        pids = [int(p.read_text()) for p in tmp_path.iterdir()]
        if how == "Ctrl-C":  # the terminal sends SIGINT to the whole process group
            os.killpg(runner.pid, signal.SIGINT)
        else:  # only the runner is told
            runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=30) == 0
        until(lambda: not any(alive(pid) for pid in pids))
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
