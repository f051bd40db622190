"""What staff should see later: questions the assistant could not answer well.

Kept in SQLite beside the conversation store (var/staff.db). Conversation ids are stored as
given: the phone channel already uses a hash of the caller and the call, never a number.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional, Tuple

from madoguchi.paths import VAR_DIR

STAFF_DB = VAR_DIR / "staff.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unknown_items (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    item TEXT NOT NULL,
    question TEXT NOT NULL,
    conversation TEXT NOT NULL
)
"""


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.execute(_SCHEMA)
    return connection


def record_unknown_item(item: str, question: str, conversation: str, path: Optional[Path] = None) -> None:
    with closing(_connect(path or STAFF_DB)) as connection, connection:
        connection.execute(
            "INSERT INTO unknown_items (at, item, question, conversation) VALUES (?, ?, ?, ?)",
            (datetime.now(timezone.utc).isoformat(timespec="seconds"), item, question, conversation),
        )


def unknown_items(path: Optional[Path] = None) -> List[Tuple[str, str, str]]:
    with closing(_connect(path or STAFF_DB)) as connection:
        return connection.execute("SELECT item, question, conversation FROM unknown_items ORDER BY id").fetchall()
