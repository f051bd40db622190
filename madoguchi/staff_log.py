"""What staff should see: unknown waste items, residents' feedback, and who changed the corpus.

Kept in SQLite beside the conversation store (var/staff.db). Conversation ids are stored as
given: the phone channel already uses a hash of the caller and the call, never a number.
Residents' words are masked (madoguchi.pii) before they are written.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from madoguchi.paths import VAR_DIR
from madoguchi.pii import mask_pii

STAFF_DB = VAR_DIR / "staff.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unknown_items (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    item TEXT NOT NULL,
    question TEXT NOT NULL,
    conversation TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    conversation TEXT NOT NULL,
    channel TEXT NOT NULL,
    faq_id TEXT NOT NULL,
    question TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS corpus_changes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    staff TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.executescript(_SCHEMA)
    columns = {row[1] for row in connection.execute("PRAGMA table_info(feedback)")}
    if "reason" not in columns:  # a staff log written before feedback had a reason
        connection.execute("ALTER TABLE feedback ADD COLUMN reason TEXT NOT NULL DEFAULT ''")
    return connection


def record_unknown_item(item: str, question: str, conversation: str, path: Optional[Path] = None) -> None:
    with closing(_connect(path or STAFF_DB)) as connection, connection:
        connection.execute(
            "INSERT INTO unknown_items (at, item, question, conversation) VALUES (?, ?, ?, ?)",
            (_now(), mask_pii(item), mask_pii(question), conversation),
        )


def unknown_items(path: Optional[Path] = None) -> List[Tuple[str, str, str]]:
    with closing(_connect(path or STAFF_DB)) as connection:
        return connection.execute("SELECT item, question, conversation FROM unknown_items ORDER BY id").fetchall()


def record_feedback(
    conversation: str, channel: str, faq_id: str, question: str, helpful: bool, path: Optional[Path] = None
) -> None:
    with closing(_connect(path or STAFF_DB)) as connection, connection:
        connection.execute(
            "INSERT INTO feedback (at, conversation, channel, faq_id, question, helpful) VALUES (?, ?, ?, ?, ?, ?)",
            (_now(), conversation, channel, faq_id, mask_pii(question), int(helpful)),
        )


def record_feedback_reason(conversation: str, faq_id: str, reason: str, path: Optional[Path] = None) -> bool:
    """The resident's optional reason, masked, joins their latest feedback on that answer."""
    with closing(_connect(path or STAFF_DB)) as connection, connection:
        cursor = connection.execute(
            "UPDATE feedback SET reason = ? WHERE id = (SELECT MAX(id) FROM feedback WHERE conversation = ? AND faq_id = ?)",
            (mask_pii(reason), conversation, faq_id),
        )
        return cursor.rowcount == 1


def record_change(staff: str, action: str, detail: str, path: Optional[Path] = None) -> None:
    with closing(_connect(path or STAFF_DB)) as connection, connection:
        connection.execute(
            "INSERT INTO corpus_changes (at, staff, action, detail) VALUES (?, ?, ?, ?)", (_now(), staff, action, detail)
        )


def rows(table: str, since: str = "", path: Optional[Path] = None) -> List[Dict[str, Any]]:
    """Every row of a table recorded at or after `since` (ISO 8601, UTC), oldest first."""
    if table not in {"unknown_items", "feedback", "corpus_changes"}:
        raise ValueError(table)
    with closing(_connect(path or STAFF_DB)) as connection:
        connection.row_factory = sqlite3.Row
        query = f"SELECT * FROM {table} WHERE at >= ? ORDER BY id"  # noqa: S608 - fixed names
        return [dict(row) for row in connection.execute(query, (since,))]


def rows_after(table: str, last_id: int, limit: int = 50_000, path: Optional[Path] = None) -> List[Dict[str, Any]]:
    """Rows with an id above `last_id`, oldest first: what an incremental reader has not seen yet."""
    if table not in {"unknown_items", "feedback"}:
        raise ValueError(table)
    with closing(_connect(path or STAFF_DB)) as connection:
        connection.row_factory = sqlite3.Row
        query = f"SELECT * FROM {table} WHERE id > ? ORDER BY id LIMIT ?"  # noqa: S608 - fixed names
        return [dict(row) for row in connection.execute(query, (last_id, limit))]


def feedback_counts(since: str, until: str, path: Optional[Path] = None) -> Tuple[int, int]:
    """(helpful, not helpful) feedback between two ISO 8601 UTC moments, counted by the database."""
    with closing(_connect(path or STAFF_DB)) as connection:
        query = "SELECT COALESCE(SUM(helpful), 0), COUNT(*) FROM feedback WHERE at >= ? AND at < ?"
        helpful, total = connection.execute(query, (since, until)).fetchone()
    return int(helpful), int(total) - int(helpful)
