"""Processes that outlive `make cluster`: started in their own session, found by pid file.

A pid file holds the pid and the process's identity (the boot and its start time, from
/proc), so that a pid file left by a crash or a reboot never names another process that
got the same pid: `make cluster` would take it for running, `make cluster-stop` would
signal it. A service is its whole process group: when its first process dies (kill -9 of
nginx's master) its other processes (nginx's worker, still listening on the public ports)
are stopped too, before the service starts again and by `make cluster-stop`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Tuple

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def _stat(pid: int) -> Optional[List[str]]:
    """/proc/PID/stat's fields from the state on (field 3), None when the process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _boot() -> str:
    try:
        return BOOT_ID.read_text().strip()
    except OSError:
        return ""


def identity(pid: int) -> Optional[str]:
    """`<boot id>:<start time in clock ticks>`: the same pid names the same process only with it."""
    fields = _stat(pid)
    return None if fields is None else f"{_boot()}:{fields[19]}"


def recorded(pid_file: Path) -> Optional[Tuple[int, Optional[str]]]:
    """The pid file's pid and identity (None in a pid file written before identities)."""
    try:
        parts = pid_file.read_text().split()
        return int(parts[0]), (parts[1] if len(parts) > 1 else None)
    except (OSError, ValueError, IndexError):
        return None


def pid_of(pid_file: Path) -> Optional[int]:
    """The pid in the file when that process is still alive (and is still the one started)."""
    found = recorded(pid_file)
    if found is None:
        return None
    pid, started_as = found
    fields = _stat(pid)
    if fields is None or fields[0] == "Z":
        return None
    if started_as is not None and identity(pid) != started_as:
        return None  # the pid belongs to another process now
    return pid


def leftovers(pid_file: Path) -> List[int]:
    """Processes of the service's group still running when its first process is gone."""
    found = recorded(pid_file)
    if found is None or not found[1]:
        return []  # no identity to tell its processes from others: left alone
    group, started_as = found[0], found[1]
    boot, _, ticks = started_as.partition(":")
    if boot != _boot() or not ticks.isdigit():
        return []  # rebooted since: nothing of it can be left
    leader = identity(group)
    if leader is not None and leader != started_as:
        return []  # the pid is another process's: Linux reuses no pid a process group still has
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == group:
            continue
        fields = _stat(int(entry.name))
        if fields is not None and fields[0] != "Z" and fields[2] == str(group) and int(fields[19]) >= int(ticks):
            members.append(int(entry.name))
    return members


def start_detached(command: List[str], env: Dict[str, str], cwd: Path, log: Path, pid_file: Path) -> int:
    log.parent.mkdir(parents=True, exist_ok=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped as a whole, untouched by Ctrl-C
        )  # fmt: skip
    pid_file.write_text(f"{process.pid} {identity(process.pid) or ''}\n")
    return process.pid


def stop(*pid_files: Path, seconds: float = 20) -> None:
    """SIGTERM the services' processes together, SIGKILL what is left after `seconds`."""
    running = {pid_file: pid for pid_file in pid_files if (pid := pid_of(pid_file)) is not None}
    left = [pid for pid_file in pid_files if pid_file not in running for pid in leftovers(pid_file)]
    for pid in running.values():
        _signal_group(pid, signal.SIGTERM)
    _signal(left, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (
        any(pid_of(pid_file) is not None for pid_file in running) or any(_alive(pid) for pid in left)
    ):
        time.sleep(0.1)
    for pid_file, pid in running.items():
        if pid_of(pid_file) is not None:
            _signal_group(pid, signal.SIGKILL)
    _signal([pid for pid in left if _alive(pid)], signal.SIGKILL)
    for pid_file in pid_files:
        pid_file.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def _signal(pids: List[int], sig: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return bool(response.status == 200)
    except OSError:
        return False


def wait_until(check, what: str, seconds: float, pid_file: Optional[Path] = None) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        if pid_file is not None and pid_of(pid_file) is None:
            raise RuntimeError(f"{what} stopped while starting")
        time.sleep(0.5)
    raise TimeoutError(f"{what} did not come up in {seconds:.0f} s")
