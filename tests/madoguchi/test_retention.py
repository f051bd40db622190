"""Retention: old conversations and call records go, recent ones and waiting SMS stay."""

from __future__ import annotations

import io
import json
import logging
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from gateway.store import Store
from madoguchi import retention, staff_log
from madoguchi.retention import purge, show_job_log

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)
OLD = NOW - timedelta(days=100)
RECENT = NOW - timedelta(days=10)


def tracker_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    SQLTrackerStore.Base.metadata.create_all(engine)
    with engine.begin() as db:
        for sender, times in {"old": [OLD, OLD], "recent": [RECENT], "spans": [OLD, RECENT]}.items():
            for at in times:
                db.execute(
                    sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, :d)"),
                    {"s": sender, "t": at.timestamp(), "d": json.dumps({"text": "粗大ごみ"})},
                )
    engine.dispose()
    return url


def insert(db: sqlite3.Connection, table: str, **values: object) -> None:
    """A row with the given values, every other NOT NULL column filled (the schema grows)."""
    for _, name, kind, not_null, _, key in db.execute(f"PRAGMA table_info({table})"):
        if not_null and not key and name not in values:
            values[name] = 0 if "INT" in kind.upper() else "x"
    db.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})", list(values.values()))


def test_old_conversations_and_call_records_go_and_recent_ones_stay(tmp_path: Path) -> None:
    url = tracker_db(tmp_path / "tracker.db")
    store = Store(tmp_path / "gateway")
    with closing(sqlite3.connect(store.path)) as db, db:
        insert(db, "calls", sid="CAold", state="{}", updated=OLD.isoformat())
        insert(db, "calls", sid="CAnew", state="{}", updated=RECENT.isoformat())
        insert(db, "transfers", at=OLD.isoformat(), conversation="call-a", department="gomi", status="completed")
        insert(db, "sms_outbox", at=OLD.isoformat(), conversation="call-a", body="sent", status="sent", attempts=1)
        insert(db, "sms_outbox", at=OLD.isoformat(), conversation="call-a", body="waiting", status="queued", attempts=1)
    staff = tmp_path / "staff.db"
    staff_log.record_feedback("web-abc", "web", "waste/bulky_waste", "粗大ごみ", False, path=staff)
    staff_log.record_feedback("web-new", "web", "waste/bulky_waste", "粗大ごみ", True, path=staff)
    with closing(sqlite3.connect(staff)) as db, db:
        db.execute("UPDATE feedback SET at = ? WHERE conversation = 'web-abc'", (OLD.isoformat(),))

    purged = purge(90, url, store.path, staff, now=NOW)

    assert purged is not None and purged.conversations == 1
    engine = sa.create_engine(url)
    with engine.connect() as db:
        left = sorted({row[0] for row in db.execute(sa.text("SELECT sender_id FROM events"))})
    assert left == ["recent", "spans"]  # a conversation that went on recently is kept whole
    with closing(sqlite3.connect(store.path)) as db:
        assert [r[0] for r in db.execute("SELECT sid FROM calls")] == ["CAnew"]
        assert db.execute("SELECT COUNT(*) FROM transfers").fetchone()[0] == 0
        assert [r[0] for r in db.execute("SELECT body FROM sms_outbox")] == ["waiting"]
    feedback = staff_log.rows("feedback", path=staff)
    assert sorted(row["conversation"] for row in feedback) == ["", "web-new"]  # kept for statistics, unlinked


def test_zero_days_keeps_everything(tmp_path: Path) -> None:
    url = tracker_db(tmp_path / "tracker.db")
    assert purge(0, url, tmp_path / "none.db", tmp_path / "none-staff.db", now=NOW) is None
    with sa.create_engine(url).connect() as db:
        assert db.execute(sa.text("SELECT COUNT(*) FROM events")).scalar() == 5


def test_the_jobs_line_reaches_the_gateways_log_and_nothing_else_is_raised_to_info() -> None:
    stream = io.StringIO()
    kept = list(retention.logger.handlers)  # a gateway started by another test set it up already
    retention.logger.handlers.clear()
    try:
        show_job_log(stream)
        show_job_log(stream)  # once: each gateway start would add another handler
        retention.logger.info("retention (%d days): %s", 90, "2 conversations")
        assert len(retention.logger.handlers) == 1
        assert stream.getvalue().endswith("INFO madoguchi.retention: retention (90 days): 2 conversations\n")
        assert logging.getLogger().level == logging.WARNING  # httpx's INFO lines carry the token
    finally:
        retention.logger.handlers[:] = kept
        retention.logger.propagate = not kept
        retention.logger.setLevel(logging.INFO if kept else logging.NOTSET)
