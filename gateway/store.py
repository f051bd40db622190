"""What the gateway keeps (SQLite): the state of each call, the SMS outbox, recorded messages.

Phone numbers are personal information. The store keeps only the kind of a number
(mobile, other, withheld), and the Rasa conversation of a call is an HMAC of the call's
id alone: a masked number beside a hash of it would give the number back in 10^4 guesses
to anyone holding the store and the key. An SMS waiting in the outbox keeps its number
encrypted (ivr/sms.py) until it is sent or given up.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (sid TEXT PRIMARY KEY, state TEXT NOT NULL, updated TEXT NOT NULL);
-- status: queued (next_at is when to try; to_sealed the encrypted number), sent or failed
-- (to_sealed kept for a while when the failure may pass, so that staff can send it again)
CREATE TABLE IF NOT EXISTS sms_outbox (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation TEXT NOT NULL, to_kind TEXT NOT NULL,
    body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, error TEXT,
    to_sealed TEXT, next_at DOUBLE PRECISION
);
-- transfers to staff: status is dialled, closed (out of hours) or Twilio's DialCallStatus
CREATE TABLE IF NOT EXISTS transfers (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation TEXT NOT NULL, department TEXT NOT NULL, status TEXT NOT NULL
);
-- the website chat's answers, so feedback is taken only on an answer that was given
CREATE TABLE IF NOT EXISTS web_answers (
    conversation TEXT NOT NULL, faq_id TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (conversation, faq_id)
);
CREATE TABLE IF NOT EXISTS recordings (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation TEXT NOT NULL, from_kind TEXT NOT NULL,
    department TEXT NOT NULL, url TEXT NOT NULL, seconds INTEGER
);
"""


MOBILE = re.compile(r"^\+81[789]0\d{8}$")


def number_kind(number: str) -> str:
    """All the store keeps of a number: mobile (SMS possible), other, or withheld."""
    if MOBILE.match(number):
        return "mobile"
    return "other" if re.search(r"\d", number) else "withheld"


def conversation_key(secret: str, call_sid: str) -> str:
    """The Rasa conversation of a call: the call's id, keyed, and nothing of the caller."""
    return "call-" + hmac.new(secret.encode(), call_sid.encode(), hashlib.sha256).hexdigest()[:24]


def _forget_masked_numbers(db: sqlite3.Connection) -> bool:
    """Stores from before 2026-12 kept masked numbers (+8190****5678): keep only their kind.
    True when something was forgotten (the file is then rewritten, so no old page keeps it)."""
    forgot = False
    for table, old, new in [("sms_outbox", "to_masked", "to_kind"), ("recordings", "from_masked", "from_kind")]:
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if old in columns:
            forgot = True
            db.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
            db.execute(f"UPDATE {table} SET {new} = CASE WHEN {new} LIKE '+81_0%' THEN 'mobile' ELSE 'other' END")  # noqa: S608
    columns = {row[1] for row in db.execute("PRAGMA table_info(sms_outbox)")}
    for column, kind in [("to_sealed", "TEXT"), ("next_at", "DOUBLE PRECISION")]:
        if column not in columns:
            db.execute(f"ALTER TABLE sms_outbox ADD COLUMN {column} {kind}")
    old_calls = db.execute("DELETE FROM calls WHERE state LIKE '%caller_masked%'").rowcount  # keyed the old way
    return forgot or old_calls > 0


@dataclass
class CallState:
    sid: str
    conversation: str
    caller_kind: str  # mobile, other or withheld: never the number
    now: Optional[str] = None  # the simulator's clock for this call (never in production)
    menu: str = "main"
    prompt: str = ""  # what was said last, for * (repeat)
    retries: int = 0
    faq_id: Optional[str] = None  # the last answer, for SMS and "hear it again"
    department: Optional[str] = None
    choices: Dict[str, str] = field(default_factory=dict)  # key -> payload for Rasa buttons
    page: int = 0  # which districts the keys stand for
    pending_intent: Optional[str] = None  # speech that waits for confirmation
    in_dialogue: bool = False  # a skill is asking questions: speech goes to Rasa
    sms_text: Optional[str] = None  # what key 1 would send
    step: int = 0  # how many prompts the call has had: requests name it, so replays are known
    path: str = ""  # the route the current prompt posts to
    language: str = "ja"  # ja, or en after key 8 in the main menu


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "gateway.db"
        with closing(self.connect()) as db, db:
            db.executescript(_SCHEMA)
            forgot = _forget_masked_numbers(db)
        if forgot:
            with closing(self.connect()) as db:
                db.execute("VACUUM")

    def connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def load(self, sid: str) -> Optional[CallState]:
        with closing(self.connect()) as db:
            row = db.execute("SELECT state FROM calls WHERE sid = ?", (sid,)).fetchone()
        return CallState(**json.loads(row[0])) if row else None

    def save(self, state: CallState) -> None:
        with closing(self.connect()) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO calls (sid, state, updated) VALUES (?, ?, ?)",
                (state.sid, json.dumps(asdict(state), ensure_ascii=False), _now()),
            )

    # --- the SMS outbox (ivr/sms.py sends) -------------------------------------------

    def queue_sms(self, conversation: str, to_kind: str, to_sealed: str, body: str, next_at: float) -> int:
        with closing(self.connect()) as db, db:
            cursor = db.execute(
                "INSERT INTO sms_outbox (at, conversation, to_kind, body, status, attempts, to_sealed, next_at)"
                " VALUES (?, ?, ?, ?, 'queued', 0, ?, ?)",
                (_now(), conversation, to_kind, body, to_sealed, next_at),
            )
            return int(cursor.lastrowid or 0)

    def due_sms(self, now: float, limit: int = 20) -> List[Dict[str, Any]]:
        with closing(self.connect()) as db:
            db.row_factory = sqlite3.Row
            query = "SELECT * FROM sms_outbox WHERE status = 'queued' AND next_at <= ? ORDER BY next_at LIMIT ?"
            return [dict(row) for row in db.execute(query, (now, limit))]

    def claim_sms(self, sms_id: int, seen_next_at: float, lease_until: float) -> bool:
        """Take a due message for sending; False when another worker took it first."""
        with closing(self.connect()) as db, db:
            query = "UPDATE sms_outbox SET next_at = ? WHERE id = ? AND status = 'queued' AND next_at = ?"
            return db.execute(query, (lease_until, sms_id, seen_next_at)).rowcount == 1

    def retry_sms(self, sms_id: int, attempts: int, next_at: float, error: str) -> None:
        with closing(self.connect()) as db, db:
            query = "UPDATE sms_outbox SET attempts = ?, next_at = ?, error = ? WHERE id = ?"
            db.execute(query, (attempts, next_at, error, sms_id))

    def finish_sms(self, sms_id: int, status: str, attempts: int, error: str = "") -> None:
        """Sent or given up: the encrypted number is erased."""
        with closing(self.connect()) as db, db:
            query = "UPDATE sms_outbox SET status = ?, attempts = ?, error = ?, to_sealed = NULL, next_at = NULL WHERE id = ?"
            db.execute(query, (status, attempts, error or None, sms_id))

    # Failed messages for staff (the console lists them and may send one again). Only a
    # failure that may pass (an outage) keeps its encrypted number, for a retry window.

    def fail_sms_keeping_number(self, sms_id: int, attempts: int, error: str) -> None:
        with closing(self.connect()) as db, db:
            query = "UPDATE sms_outbox SET status = 'failed', attempts = ?, error = ?, next_at = NULL WHERE id = ?"
            db.execute(query, (attempts, error, sms_id))

    def failed_sms(self, limit: int = 50) -> List[Dict[str, Any]]:
        """The latest failures, newest first, without the number: id, at, to_kind, error,
        attempts, can_retry (the encrypted number is still kept)."""
        with closing(self.connect()) as db:
            db.row_factory = sqlite3.Row
            query = (
                "SELECT id, at, to_kind, error, attempts, to_sealed IS NOT NULL AS can_retry"
                " FROM sms_outbox WHERE status = 'failed' ORDER BY id DESC LIMIT ?"
            )
            return [dict(row) for row in db.execute(query, (limit,))]

    def requeue_failed_sms(self, sms_id: int, next_at: float) -> bool:
        """Queue a failed message again (its attempts start anew); False when it is not a
        failed message that still has its number (sent, erased, or queued by someone else)."""
        with closing(self.connect()) as db, db:
            query = (
                "UPDATE sms_outbox SET status = 'queued', attempts = 0, error = NULL, next_at = ?"
                " WHERE id = ? AND status = 'failed' AND to_sealed IS NOT NULL"
            )
            return db.execute(query, (next_at, sms_id)).rowcount == 1

    def forget_failed_numbers(self, queued_before: str) -> int:
        """Erase the encrypted numbers of failed messages queued before this moment (ISO, UTC)."""
        with closing(self.connect()) as db, db:
            query = "UPDATE sms_outbox SET to_sealed = NULL WHERE status = 'failed' AND to_sealed IS NOT NULL AND at < ?"
            return int(db.execute(query, (queued_before,)).rowcount)

    # --- calls ---------------------------------------------------------------------

    def record_message(self, conversation: str, from_kind: str, department: str, url: str, seconds: Optional[int]) -> None:
        with closing(self.connect()) as db, db:
            db.execute(
                "INSERT INTO recordings (at, conversation, from_kind, department, url, seconds) VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), conversation, from_kind, department, url, seconds),
            )

    def record_transfer(self, conversation: str, department: str, status: str) -> None:
        with closing(self.connect()) as db, db:
            db.execute(
                "INSERT INTO transfers (at, conversation, department, status) VALUES (?, ?, ?, ?)",
                (_now(), conversation, department, status),
            )

    def record_web_answer(self, conversation: str, faq_id: str) -> None:
        with closing(self.connect()) as db, db:
            db.execute(
                "INSERT INTO web_answers (conversation, faq_id, at) VALUES (?, ?, ?)"
                " ON CONFLICT (conversation, faq_id) DO UPDATE SET at = excluded.at",
                (conversation, faq_id, _now()),
            )

    def was_answered(self, conversation: str, faq_id: str) -> bool:
        with closing(self.connect()) as db:
            query = "SELECT 1 FROM web_answers WHERE conversation = ? AND faq_id = ?"
            return db.execute(query, (conversation, faq_id)).fetchone() is not None

    def rows(self, table: str) -> List[Dict[str, Any]]:
        if table not in {"calls", "sms_outbox", "recordings", "transfers", "web_answers"}:
            raise ValueError(table)
        with closing(self.connect()) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]  # noqa: S608 - fixed names
