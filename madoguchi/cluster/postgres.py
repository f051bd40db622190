"""Debian's PostgreSQL for the cluster: one database cluster under var/cluster/postgres.

PostgreSQL refuses to run as root, so when we are root its files belong to the `postgres`
user (created by Debian's package) and its commands run through `runuser`. It listens on
127.0.0.1 only, with passwords (scram-sha-256); its socket stays in its own folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path
from typing import List, Optional

from madoguchi.cluster.layout import HOST, Layout

ADMIN = "postgres"


def binary(name: str) -> str:
    """Debian keeps PostgreSQL's server programs out of PATH, one folder per major version."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if found:
        return str(found[-1])
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise FileNotFoundError(f"{name}: PostgreSQL is not installed (make cluster installs Debian's postgresql)")


def _as_owner(command: List[str]) -> List[str]:
    return ["runuser", "-u", ADMIN, "--", *command] if os.geteuid() == 0 else command


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam(ADMIN)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _data(layout: Layout) -> Path:
    return layout.postgres_dir / "data"


def _initialise(layout: Layout) -> None:
    layout.postgres_dir.mkdir(parents=True, exist_ok=True)
    layout.postgres_dir.chmod(0o700)
    _own(layout.postgres_dir)
    password_file = layout.postgres_dir / "admin-password"
    password_file.write_text(layout.secrets.postgres_admin + "\n")
    password_file.chmod(0o600)
    _own(password_file)
    subprocess.run(
        _as_owner([binary("initdb"), "-D", str(_data(layout)), "-U", ADMIN, "--auth=scram-sha-256",
                   f"--pwfile={password_file}", "--encoding=UTF8", "--no-locale"]),
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    password_file.unlink()


def _pg_ctl(layout: Layout, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        _as_owner([binary("pg_ctl"), "-D", str(_data(layout)), *args]),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def running(layout: Layout) -> bool:
    return postmaster_pid(_data(layout)) is not None


def postmaster_pid(data: Path) -> Optional[int]:
    """The pid in `postmaster.pid` when that process is this data folder's PostgreSQL.

    `pg_ctl status` and PostgreSQL itself only ask whether the pid is alive: after a crash or
    a reboot another process may have it, and then the cluster was taken for running (and
    Rasa waited for a database that is not there), or PostgreSQL refused to start ("lock file
    postmaster.pid already exists")."""
    try:
        pid = int((data / "postmaster.pid").read_text().split("\n", 1)[0])
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    if not command or not command[0].endswith(b"postgres") or str(data).encode() not in command:
        return None
    return pid


def _remove_stale_lock(data: Path) -> None:
    """A `postmaster.pid` whose process is gone or is not ours (see postmaster_pid), and the
    socket's lock beside the data folder (`-k`), which names the same pid and blocks the same."""
    if postmaster_pid(data) is None:
        (data / "postmaster.pid").unlink(missing_ok=True)
        for socket_file in data.parent.glob(".s.PGSQL.*"):
            socket_file.unlink(missing_ok=True)


def start(layout: Layout) -> None:
    if not (_data(layout) / "PG_VERSION").exists():
        _initialise(layout)
    if running(layout):
        return
    _remove_stale_lock(_data(layout))
    options = f"-p {layout.ports.postgres} -c listen_addresses={HOST} -k {layout.postgres_dir} -c max_connections=300"
    result = _pg_ctl(layout, "-w", "-t", "60", "-l", str(layout.postgres_dir / "server.log"), "-o", options, "start")
    if result.returncode != 0:
        raise RuntimeError(f"PostgreSQL did not start:\n{result.stdout}\nsee {layout.postgres_dir / 'server.log'}")
    _create_database(layout)


def stop(layout: Layout) -> None:
    if running(layout):
        _pg_ctl(layout, "-w", "-t", "60", "-m", "fast", "stop")


def _create_database(layout: Layout) -> None:
    """The application's role and database, once; the admin account is kept for this only."""
    connection = _connect(layout, "postgres", ADMIN, layout.secrets.postgres_admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (layout.database_user,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE ROLE "{layout.database_user}" LOGIN PASSWORD %s', (layout.secrets.database,))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (layout.database,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{layout.database}" OWNER "{layout.database_user}" ENCODING \'UTF8\'')
    connection.close()


def _connect(layout: Layout, database: str, user: str, password: str, seconds: float = 30):  # type: ignore[no-untyped-def]
    import psycopg2

    deadline = time.monotonic() + seconds
    while True:
        try:
            return psycopg2.connect(
                host=HOST, port=layout.ports.postgres, dbname=database, user=user, password=password, connect_timeout=3
            )
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def accepts_connections(layout: Layout) -> bool:
    import psycopg2

    try:
        psycopg2.connect(layout.database_url, connect_timeout=2).close()
        return True
    except psycopg2.OperationalError:
        return False
