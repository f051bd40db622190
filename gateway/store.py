"""What the gateway keeps: the state of each call, the SMS outbox, recorded messages; in
SQLite (`make run`) or in the database MADOGUCHI_STORE_URL names, shared by every worker.

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
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from madoguchi.database import Location, columns, engine, is_sqlite, sqlite_file

metadata = sa.MetaData()
calls = sa.Table(
    "calls", metadata,
    sa.Column("sid", sa.Text, primary_key=True), sa.Column("state", sa.Text, nullable=False),
    sa.Column("updated", sa.Text, nullable=False),
)  # fmt: skip
# status: queued (next_at is when to try; to_sealed the encrypted number), sent or failed
# (to_sealed kept for a while when the failure may pass, so that staff can send it again)
sms_outbox = sa.Table(
    "sms_outbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True), sa.Column("at", sa.Text, nullable=False),
    sa.Column("conversation", sa.Text, nullable=False), sa.Column("to_kind", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False), sa.Column("status", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False), sa.Column("error", sa.Text),
    sa.Column("to_sealed", sa.Text), sa.Column("next_at", sa.Float),
)  # fmt: skip
# transfers to staff: status is dialled, closed (out of hours) or Twilio's DialCallStatus
transfers = sa.Table(
    "transfers", metadata,
    sa.Column("id", sa.Integer, primary_key=True), sa.Column("at", sa.Text, nullable=False),
    sa.Column("conversation", sa.Text, nullable=False), sa.Column("department", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
)  # fmt: skip
# the website chat's answers, so feedback is taken only on an answer that was given
web_answers = sa.Table(
    "web_answers", metadata,
    sa.Column("conversation", sa.Text, primary_key=True), sa.Column("faq_id", sa.Text, primary_key=True),
    sa.Column("at", sa.Text, nullable=False),
)  # fmt: skip
recordings = sa.Table(
    "recordings", metadata,
    sa.Column("id", sa.Integer, primary_key=True), sa.Column("at", sa.Text, nullable=False),
    sa.Column("conversation", sa.Text, nullable=False), sa.Column("from_kind", sa.Text, nullable=False),
    sa.Column("department", sa.Text, nullable=False), sa.Column("url", sa.Text, nullable=False),
    sa.Column("seconds", sa.Integer),
)  # fmt: skip
TABLES = {table.name: table for table in (calls, sms_outbox, recordings, transfers, web_answers)}


MOBILE = re.compile(r"^\+81[789]0\d{8}$")


def number_kind(number: str) -> str:
    """All the store keeps of a number: mobile (SMS possible), other, or withheld."""
    if MOBILE.match(number):
        return "mobile"
    return "other" if re.search(r"\d", number) else "withheld"


def conversation_key(secret: str, call_sid: str) -> str:
    """The Rasa conversation of a call: the call's id, keyed, and nothing of the caller."""
    return "call-" + hmac.new(secret.encode(), call_sid.encode(), hashlib.sha256).hexdigest()[:24]


def _forget_masked_numbers(engine: sa.engine.Engine) -> None:
    """Stores from before 2026-12 (SQLite files) kept masked numbers (+8190****5678): keep only
    their kind. When something was forgotten the file is rewritten, so no old page keeps it."""
    with engine.begin() as db:
        forgot = False
        for table, old, new in [("sms_outbox", "to_masked", "to_kind"), ("recordings", "from_masked", "from_kind")]:
            if old in columns(db, table):
                forgot = True
                db.execute(sa.text(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}"))
                kind = f"CASE WHEN {new} LIKE '+81_0%' THEN 'mobile' ELSE 'other' END"
                db.execute(sa.text(f"UPDATE {table} SET {new} = {kind}"))  # noqa: S608 - fixed names
        present = columns(db, "sms_outbox")
        for column, kind in [("to_sealed", "TEXT"), ("next_at", "DOUBLE PRECISION")]:
            if column not in present:
                db.execute(sa.text(f"ALTER TABLE sms_outbox ADD COLUMN {column} {kind}"))
        # calls keyed the old way
        forgot = db.execute(sa.text("DELETE FROM calls WHERE state LIKE '%caller_masked%'")).rowcount > 0 or forgot
    if forgot and is_sqlite(engine):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(sa.text("VACUUM"))
            db.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))  # the rewritten pages into the file now


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
    language: str = "ja"  # ja, or the language chosen in the language menu (key 8)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """The gateway's store: a folder (its gateway.db, SQLite: `make run`) or a database URL
    (MADOGUCHI_STORE_URL: every gateway worker shares it)."""

    def __init__(self, location: Location) -> None:
        self.location = location / "gateway.db" if isinstance(location, Path) else location
        self.path = sqlite_file(self.location)  # None on a database server
        self.engine = engine(self.location, metadata, upgrade=_forget_masked_numbers)

    def load(self, sid: str) -> Optional[CallState]:
        with self.engine.connect() as db:
            state = db.execute(sa.select(calls.c.state).where(calls.c.sid == sid)).scalar()
        return CallState(**json.loads(state)) if state is not None else None

    def save(self, state: CallState) -> None:
        with self.engine.begin() as db:
            db.execute(
                sa.text(
                    "INSERT INTO calls (sid, state, updated) VALUES (:sid, :state, :updated)"
                    " ON CONFLICT (sid) DO UPDATE SET state = excluded.state, updated = excluded.updated"
                ),
                {"sid": state.sid, "state": json.dumps(asdict(state), ensure_ascii=False), "updated": _now()},
            )

    # --- the SMS outbox (ivr/sms.py sends) -------------------------------------------

    def queue_sms(self, conversation: str, to_kind: str, to_sealed: str, body: str, next_at: float) -> int:
        row = {"at": _now(), "conversation": conversation, "to_kind": to_kind, "body": body, "status": "queued",
               "attempts": 0, "to_sealed": to_sealed, "next_at": next_at}  # fmt: skip
        with self.engine.begin() as db:
            return int(db.execute(sms_outbox.insert().values(**row)).inserted_primary_key[0])

    def due_sms(self, now: float, limit: int = 20) -> List[Dict[str, Any]]:
        query = (
            sa.select(sms_outbox)
            .where(sms_outbox.c.status == "queued", sms_outbox.c.next_at <= now)
            .order_by(sms_outbox.c.next_at)
            .limit(limit)
        )
        with self.engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(query)]

    def claim_sms(self, sms_id: int, seen_next_at: float, lease_until: float) -> bool:
        """Take a due message for sending; False when another worker took it first."""
        query = (
            sms_outbox.update()
            .where(sms_outbox.c.id == sms_id, sms_outbox.c.status == "queued", sms_outbox.c.next_at == seen_next_at)
            .values(next_at=lease_until)
        )
        with self.engine.begin() as db:
            return db.execute(query).rowcount == 1

    def retry_sms(self, sms_id: int, attempts: int, next_at: float, error: str) -> None:
        query = sms_outbox.update().where(sms_outbox.c.id == sms_id).values(attempts=attempts, next_at=next_at, error=error)
        with self.engine.begin() as db:
            db.execute(query)

    def finish_sms(self, sms_id: int, status: str, attempts: int, error: str = "") -> None:
        """Sent or given up: the encrypted number is erased."""
        query = (
            sms_outbox.update()
            .where(sms_outbox.c.id == sms_id)
            .values(status=status, attempts=attempts, error=error or None, to_sealed=None, next_at=None)
        )
        with self.engine.begin() as db:
            db.execute(query)

    # Failed messages for staff (the console lists them and may send one again). Only a
    # failure that may pass (an outage) keeps its encrypted number, for a retry window.

    def fail_sms_keeping_number(self, sms_id: int, attempts: int, error: str) -> None:
        query = (
            sms_outbox.update()
            .where(sms_outbox.c.id == sms_id)
            .values(status="failed", attempts=attempts, error=error, next_at=None)
        )
        with self.engine.begin() as db:
            db.execute(query)

    def failed_sms(self, limit: int = 50) -> List[Dict[str, Any]]:
        """The latest failures, newest first, without the number: id, at, to_kind, error,
        attempts, can_retry (the encrypted number is still kept)."""
        box = sms_outbox.c
        query = (
            sa.select(box.id, box.at, box.to_kind, box.error, box.attempts, box.to_sealed.isnot(None).label("can_retry"))
            .where(box.status == "failed")
            .order_by(box.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as db:
            return [{**row._mapping, "can_retry": bool(row.can_retry)} for row in db.execute(query)]

    def requeue_failed_sms(self, sms_id: int, next_at: float) -> bool:
        """Queue a failed message again (its attempts start anew); False when it is not a
        failed message that still has its number (sent, erased, or queued by someone else)."""
        box = sms_outbox.c
        query = (
            sms_outbox.update()
            .where(box.id == sms_id, box.status == "failed", box.to_sealed.isnot(None))
            .values(status="queued", attempts=0, error=None, next_at=next_at)
        )
        with self.engine.begin() as db:
            return db.execute(query).rowcount == 1

    def forget_failed_numbers(self, queued_before: str) -> int:
        """Erase the encrypted numbers of failed messages queued before this moment (ISO, UTC)."""
        box = sms_outbox.c
        query = (
            sms_outbox.update()
            .where(box.status == "failed", box.to_sealed.isnot(None), box.at < queued_before)
            .values(to_sealed=None)
        )
        with self.engine.begin() as db:
            return int(db.execute(query).rowcount)

    # --- calls ---------------------------------------------------------------------

    def record_message(self, conversation: str, from_kind: str, department: str, url: str, seconds: Optional[int]) -> None:
        row = {"at": _now(), "conversation": conversation, "from_kind": from_kind, "department": department,
               "url": url, "seconds": seconds}  # fmt: skip
        with self.engine.begin() as db:
            db.execute(recordings.insert().values(**row))

    def record_transfer(self, conversation: str, department: str, status: str) -> None:
        row = {"at": _now(), "conversation": conversation, "department": department, "status": status}
        with self.engine.begin() as db:
            db.execute(transfers.insert().values(**row))

    def record_web_answer(self, conversation: str, faq_id: str) -> None:
        with self.engine.begin() as db:
            db.execute(
                sa.text(
                    "INSERT INTO web_answers (conversation, faq_id, at) VALUES (:conversation, :faq_id, :at)"
                    " ON CONFLICT (conversation, faq_id) DO UPDATE SET at = excluded.at"
                ),
                {"conversation": conversation, "faq_id": faq_id, "at": _now()},
            )

    def was_answered(self, conversation: str, faq_id: str) -> bool:
        query = sa.select(web_answers.c.at).where(web_answers.c.conversation == conversation, web_answers.c.faq_id == faq_id)
        with self.engine.connect() as db:
            return db.execute(query).first() is not None

    def rows(self, table: str) -> List[Dict[str, Any]]:
        """Every row of one of the store's tables, in the order of its key."""
        if table not in TABLES:
            raise ValueError(table)
        found = TABLES[table]
        with self.engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(sa.select(found).order_by(*found.primary_key.columns))]
