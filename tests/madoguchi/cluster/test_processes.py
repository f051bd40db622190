"""The cluster's pid files (madoguchi/cluster/processes.py) after crashes, with real processes:
a pid file never names another process, and a service whose first process was killed leaves
nothing running (nginx's worker kept the public ports after kill -9 of its master)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator, List

import pytest

from madoguchi.cluster.processes import identity, leftovers, pid_of, start_detached, stop

# A service with a second process in its group, as nginx's master and its worker.
MASTER_AND_WORKER = [sys.executable, "-c", "import subprocess, time; subprocess.Popen(['sleep', '120']); time.sleep(120)"]


def group_members(group: int) -> List[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[2] == str(group) and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def wait_until(check, seconds: float = 10) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def other_process() -> Iterator[subprocess.Popen]:
    """A process that is not the cluster's (as one that got a crashed service's pid)."""
    process = subprocess.Popen(["sleep", "120"])
    yield process
    process.kill()
    process.wait()


def test_a_pid_file_naming_another_process_is_not_taken_for_the_service(tmp_path: Path, other_process) -> None:
    pid_file = tmp_path / "nginx.pid"
    pid_file.write_text(f"{other_process.pid} 00000000-0000-0000-0000-000000000000:1\n")  # written before a reboot
    assert pid_of(pid_file) is None  # was "running": make cluster started nothing and waited
    stop(pid_file, seconds=1)  # was SIGTERM to that process's group
    assert other_process.poll() is None
    assert not pid_file.exists()


def test_a_pid_file_without_identity_still_names_its_live_process(tmp_path: Path, other_process) -> None:
    pid_file = tmp_path / "redis.pid"
    pid_file.write_text(f"{other_process.pid}\n")  # as written before identities
    assert pid_of(pid_file) == other_process.pid
    assert leftovers(pid_file) == []


def test_what_is_left_of_a_service_whose_first_process_was_killed_is_stopped(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids" / "nginx.pid"
    leader = start_detached(MASTER_AND_WORKER, dict(os.environ), tmp_path, tmp_path / "nginx.log", pid_file)
    assert pid_file.read_text().split() == [str(leader), identity(leader)]
    assert wait_until(lambda: len(group_members(leader)) == 2)
    (worker,) = [pid for pid in group_members(leader) if pid != leader]

    os.kill(leader, signal.SIGKILL)
    assert wait_until(lambda: pid_of(pid_file) is None)
    assert leftovers(pid_file) == [worker]  # still running, as nginx's worker on the ports
    stop(pid_file, seconds=5)  # what make cluster-stop and make cluster (before starting again) do
    assert wait_until(lambda: group_members(leader) == [])
    assert not pid_file.exists()
