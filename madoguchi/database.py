"""The gateway's own databases through SQLAlchemy Core: SQLite files by default, one shared
database (PostgreSQL in `make cluster`) when MADOGUCHI_STORE_URL names one.

The same tables and statements run on both: tables are declared with SQLAlchemy (an
integer id is SQLite's rowid or PostgreSQL's serial), and statements keep to SQL both
know (an upsert is INSERT ... ON CONFLICT, never INSERT OR REPLACE; no PRAGMA).
Engines are made once per database and process (a webhook opens a store every time).

A SQLite store keeps its connections and writes in WAL mode with `synchronous=NORMAL`, as the
conversation store does (bot/tracker_store.py): a new connection and a rollback journal
made every webhook wait for the disk (a call's load and save: 32 ms p50 on the shared
2-core machine, 0.2 ms so). Nothing is lost when a process or the gateway crashes; a
power cut can lose the last writes, never corrupt the file.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Set, Tuple, Union

import sqlalchemy as sa

# A SQLite file (a Path) or a SQLAlchemy database URL (a str).
Location = Union[Path, str]
SQLITE_BUSY_SECONDS = 30  # a writer waits this long for another process's write lock
KEPT_ENGINES = 32  # tests open many scratch stores: the oldest give their connections back
CONNECT_SECONDS = 5  # a database server that does not answer is an error, not a hang

_engines: Dict[str, sa.engine.Engine] = {}
_prepared: Set[Tuple[str, int]] = set()
_lock = threading.Lock()


def url_of(location: Location) -> str:
    return f"sqlite:///{location}" if isinstance(location, Path) else location


def sqlite_file(location: Location) -> Optional[Path]:
    """The file of a SQLite database; None for a database server."""
    url = sa.engine.make_url(url_of(location))
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def is_sqlite(engine: sa.engine.Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _new_engine(url: str) -> sa.engine.Engine:
    if sa.engine.make_url(url).get_backend_name() == "sqlite":
        file = sqlite_file(url)
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        kept = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, pool_size=5, max_overflow=10,
            connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False},  # a pool hands each to one thread
        )  # fmt: skip
        sa.event.listen(kept, "connect", _write_ahead_log)
        return kept
    # pre-ping: a connection the server dropped (a restart) is replaced, not handed out
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_SECONDS})


def _write_ahead_log(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def engine(
    location: Location, metadata: Optional[sa.MetaData] = None, upgrade: Optional[Callable[[sa.engine.Engine], None]] = None
) -> sa.engine.Engine:
    """The database's engine, with `metadata`'s tables created (and `upgrade` run on them)
    once per process."""
    url = url_of(location)
    with _lock:
        found = _engines.get(url)
        if found is None:
            found = _engines[url] = _new_engine(url)
            while len(_engines) > KEPT_ENGINES:  # still usable by whoever holds one: it reconnects
                _engines.pop(next(iter(_engines))).dispose()
        key = (url, id(metadata))
        if metadata is not None and key not in _prepared:
            _create_tables(found, metadata)
            if upgrade is not None:
                upgrade(found)
            _prepared.add(key)
    return found


def _create_tables(engine: sa.engine.Engine, metadata: sa.MetaData) -> None:
    try:
        metadata.create_all(engine)
    except (sa.exc.ProgrammingError, sa.exc.IntegrityError):
        # Another worker created the same table at the same moment (PostgreSQL reports it
        # as a duplicate); they exist now, and a second pass only checks.
        metadata.create_all(engine)


def columns(connection: sa.engine.Connection, table: str) -> Set[str]:
    """The columns a table has now (an older store may lack some); empty when it is absent."""
    inspector = sa.inspect(connection)
    return {column["name"] for column in inspector.get_columns(table)} if inspector.has_table(table) else set()


def forget(location: Location) -> None:
    """Drop the cached engine (tests that delete a database file and start again)."""
    url = url_of(location)
    with _lock:
        found = _engines.pop(url, None)
        _prepared.difference_update({key for key in _prepared if key[0] == url})
    if found is not None:
        found.dispose()
