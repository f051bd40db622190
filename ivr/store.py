"""What the gateway keeps (SQLite): the state of each call, the SMS outbox, recorded messages.

Phone numbers are personal information: only masked numbers are stored, and the Rasa
conversation of a call is keyed by an HMAC of the caller's number and the call, so no
stored value leads back to a number.
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
CREATE TABLE IF NOT EXISTS sms_outbox (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation TEXT NOT NULL, to_masked TEXT NOT NULL,
    body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, error TEXT
);
-- transfers to staff: status is dialled, closed (out of hours) or Twilio's DialCallStatus
CREATE TABLE IF NOT EXISTS transfers (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation TEXT NOT NULL, department TEXT NOT NULL, status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS recordings (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, conversation TEXT NOT NULL, from_masked TEXT NOT NULL,
    department TEXT NOT NULL, url TEXT NOT NULL, seconds INTEGER
);
"""


def mask_number(number: str) -> str:
    """+819012345678 -> +8190****5678: enough for staff to tell calls apart, no more."""
    digits = re.sub(r"[^\d+]", "", number)
    prefix = 5 if digits.startswith("+81") else 2  # country code and the first two digits
    hidden = len(digits) - prefix - 4
    if hidden < 3:  # too short to show anything safely
        return "*" * len(digits)
    return digits[:prefix] + "*" * hidden + digits[-4:]


def conversation_key(secret: str, number: str, call_sid: str) -> str:
    return "call-" + hmac.new(secret.encode(), f"{number}|{call_sid}".encode(), hashlib.sha256).hexdigest()[:24]


@dataclass
class CallState:
    sid: str
    conversation: str
    caller_masked: str
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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "gateway.db"
        with closing(self.connect()) as db:
            db.executescript(_SCHEMA)

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

    def record_sms(self, conversation: str, to_masked: str, body: str, status: str, attempts: int, error: str = "") -> None:
        with closing(self.connect()) as db, db:
            db.execute(
                "INSERT INTO sms_outbox (at, conversation, to_masked, body, status, attempts, error)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_now(), conversation, to_masked, body, status, attempts, error or None),
            )

    def record_message(self, conversation: str, from_masked: str, department: str, url: str, seconds: Optional[int]) -> None:
        with closing(self.connect()) as db, db:
            db.execute(
                "INSERT INTO recordings (at, conversation, from_masked, department, url, seconds) VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), conversation, from_masked, department, url, seconds),
            )

    def record_transfer(self, conversation: str, department: str, status: str) -> None:
        with closing(self.connect()) as db, db:
            db.execute(
                "INSERT INTO transfers (at, conversation, department, status) VALUES (?, ?, ?, ?)",
                (_now(), conversation, department, status),
            )

    def rows(self, table: str) -> List[Dict[str, Any]]:
        if table not in {"calls", "sms_outbox", "recordings", "transfers"}:
            raise ValueError(table)
        with closing(self.connect()) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]  # noqa: S608 - fixed names
