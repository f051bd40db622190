"""Processes that outlive `make cluster`: started in their own session, found by pid file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional


def pid_of(pid_file: Path) -> Optional[int]:
    """The pid in the file when that process is still alive."""
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return None if _is_zombie(pid) else pid


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return False


def start_detached(command: List[str], env: Dict[str, str], cwd: Path, log: Path, pid_file: Path) -> int:
    log.parent.mkdir(parents=True, exist_ok=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped as a whole, untouched by Ctrl-C
        )  # fmt: skip
    pid_file.write_text(f"{process.pid}\n")
    return process.pid


def stop(*pid_files: Path, seconds: float = 20) -> None:
    """SIGTERM the process groups together, SIGKILL what is left after `seconds`."""
    running = {pid_file: pid for pid_file in pid_files if (pid := pid_of(pid_file)) is not None}
    for pid in running.values():
        _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(pid_of(pid_file) is not None for pid_file in running):
        time.sleep(0.1)
    for pid_file, pid in running.items():
        if pid_of(pid_file) is not None:
            _signal_group(pid, signal.SIGKILL)
    for pid_file in pid_files:
        pid_file.unlink(missing_ok=True)


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
