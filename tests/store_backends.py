"""The gateway's stores on both databases they run on: SQLite (the embedded default) always,
and PostgreSQL (make cluster's) when Debian's postgresql is installed (`make test` installs
it as root; CI runs as root). Each PostgreSQL test gets a schema of its own on one server
started for the session on a free loopback port."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Iterator, Optional

import pytest

from madoguchi import database

NO_POSTGRES = "the PostgreSQL store tests need Debian's postgresql (make cluster-packages installs it; make test does, as root)"


def postgres_missing() -> Optional[str]:
    if list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or shutil.which("initdb"):
        return None
    return NO_POSTGRES


@pytest.fixture(scope="session")
def postgres_server():  # type: ignore[no-untyped-def]
    """A PostgreSQL of its own (as make cluster runs it), for the whole session."""
    reason = postgres_missing()
    if reason:
        pytest.skip(reason)
    from devtools.servers import free_port
    from madoguchi.cluster import postgres
    from madoguchi.cluster.layout import Layout, Ports

    base = Path(tempfile.mkdtemp(prefix="madoguchi-postgres-"))
    base.chmod(0o755)  # PostgreSQL runs as the postgres user when we are root
    layout = Layout.for_folder(base, Ports.free(free_port))
    try:
        postgres.start(layout)
        yield layout
    finally:
        postgres.stop(layout)
        shutil.rmtree(base, ignore_errors=True)


# PostgreSQL is a server of its own (5 s to start and as long to stop): `slow`, so make test-fast
# runs each store test on SQLite only and make test on both.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for the gateway's stores, as a SQLAlchemy URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    import psycopg2

    layout = request.getfixturevalue("postgres_server")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg2.connect(layout.database_url) as db, db.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {schema}")
    url = f"{layout.database_url}?options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        database.forget(url)
        with psycopg2.connect(layout.database_url) as db, db.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")


NO_REDIS = "the shared rate limit tests need Debian's redis-server (make cluster-packages installs it; make test does, as root)"


@pytest.fixture(scope="session")
def redis_server():  # type: ignore[no-untyped-def]
    """A Redis of its own, configured as make cluster runs it (password, loopback), for the
    whole session; `layout.limits_url` is what make cluster gives the gateway workers."""
    if not shutil.which("redis-server"):
        pytest.skip(NO_REDIS)
    from devtools.servers import free_port
    from madoguchi.cluster import services
    from madoguchi.cluster.layout import Layout, Ports
    from madoguchi.cluster.processes import stop

    base = Path(tempfile.mkdtemp(prefix="madoguchi-redis-"))
    layout = Layout.for_folder(base, Ports.free(free_port))
    redis = services.redis_service(layout)
    try:
        services.start_service(layout, redis)
        services.wait_for_service(layout, redis)
        yield layout
    finally:
        stop(redis.pid_file(layout))
        shutil.rmtree(base, ignore_errors=True)
