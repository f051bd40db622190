"""PostgreSQL's `postmaster.pid` after a crash (madoguchi/cluster/postgres.py): a pid that
another process got since is not taken for the cluster's database."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator, List

import pytest

from madoguchi.cluster.postgres import _remove_stale_lock, postmaster_pid


def started(command: List[str]) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(command)
    time.sleep(0.2)  # exec done: /proc shows its command line
    yield process
    process.kill()
    process.wait()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "postgres" / "data"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def other_process() -> Iterator[subprocess.Popen]:
    yield from started(["sleep", "120"])


@pytest.fixture
def postmaster(data: Path) -> Iterator[subprocess.Popen]:
    """A process named as Debian's postgres with this data folder (bash's exec -a)."""
    name = "/usr/lib/postgresql/15/bin/postgres"
    yield from started(["bash", "-c", f"exec -a {name} {sys.executable} -c 'import time; time.sleep(120)' -D {data}"])


def lock(data: Path, pid: int) -> None:
    (data / "postmaster.pid").write_text(f"{pid}\n{data}\n1796316486\n55432\n")


def test_a_lock_naming_another_process_is_stale_and_removed(data: Path, other_process) -> None:
    lock(data, other_process.pid)
    socket_lock = data.parent / ".s.PGSQL.55432.lock"  # beside the socket (-k), naming the same pid
    socket_lock.write_text(f"{other_process.pid}\n")
    assert postmaster_pid(data) is None  # pg_ctl status: "server is running"; postgres: refuses to start
    _remove_stale_lock(data)
    assert not (data / "postmaster.pid").exists() and not socket_lock.exists()
    assert other_process.poll() is None


def test_a_lock_naming_a_dead_process_is_removed(data: Path) -> None:
    process = subprocess.Popen(["true"])
    process.wait()
    lock(data, process.pid)
    _remove_stale_lock(data)
    assert not (data / "postmaster.pid").exists()


def test_the_lock_of_this_folders_running_postgres_is_kept(data: Path, postmaster) -> None:
    lock(data, postmaster.pid)
    (data.parent / ".s.PGSQL.55432.lock").write_text(f"{postmaster.pid}\n")
    assert postmaster_pid(data) == postmaster.pid
    _remove_stale_lock(data)
    assert (data / "postmaster.pid").exists() and (data.parent / ".s.PGSQL.55432.lock").exists()
