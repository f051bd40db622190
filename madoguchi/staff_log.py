"""What staff should see: unknown waste items, residents' feedback, and who changed the corpus.

Kept in SQLite beside the conversation store (var/staff.db), or with the gateway's other
stores in the database MADOGUCHI_STORE_URL names (the action servers write unknown items,
the gateway workers feedback and changes). Conversation ids are stored as given: the phone
channel already uses a hash of the caller and the call, never a number. Residents' words
are masked (madoguchi.pii) before they are written.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa

from madoguchi.database import Location, columns, engine
from madoguchi.paths import STORE_URL, VAR_DIR
from madoguchi.pii import mask_pii

STAFF_DB = VAR_DIR / "staff.db"
# Where the staff log is unless a caller names another (tests do): a SQLite file or a URL.
STAFF_STORE: Location = STORE_URL or STAFF_DB

metadata = sa.MetaData()
unknown_items_table = sa.Table(
    "unknown_items", metadata,
    sa.Column("id", sa.Integer, primary_key=True), sa.Column("at", sa.Text, nullable=False),
    sa.Column("item", sa.Text, nullable=False), sa.Column("question", sa.Text, nullable=False),
    sa.Column("conversation", sa.Text, nullable=False),
)  # fmt: skip
feedback_table = sa.Table(
    "feedback", metadata,
    sa.Column("id", sa.Integer, primary_key=True), sa.Column("at", sa.Text, nullable=False),
    sa.Column("conversation", sa.Text, nullable=False), sa.Column("channel", sa.Text, nullable=False),
    sa.Column("faq_id", sa.Text, nullable=False), sa.Column("question", sa.Text, nullable=False),
    sa.Column("helpful", sa.Integer, nullable=False), sa.Column("reason", sa.Text, nullable=False, server_default=""),
)  # fmt: skip
corpus_changes_table = sa.Table(
    "corpus_changes", metadata,
    sa.Column("id", sa.Integer, primary_key=True), sa.Column("at", sa.Text, nullable=False),
    sa.Column("staff", sa.Text, nullable=False), sa.Column("action", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
)  # fmt: skip
TABLES = {table.name: table for table in (unknown_items_table, feedback_table, corpus_changes_table)}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _add_reason(found: sa.engine.Engine) -> None:
    with found.begin() as db:
        if "reason" not in columns(db, "feedback"):  # a staff log written before feedback had a reason
            db.execute(sa.text("ALTER TABLE feedback ADD COLUMN reason TEXT NOT NULL DEFAULT ''"))


def _engine(path: Optional[Location]) -> sa.engine.Engine:
    """`path`: a SQLite file or a database URL; None: the staff log in use (STAFF_STORE)."""
    return engine(STAFF_STORE if path is None else path, metadata, upgrade=_add_reason)


def record_unknown_item(item: str, question: str, conversation: str, path: Optional[Location] = None) -> None:
    row = {"at": _now(), "item": mask_pii(item), "question": mask_pii(question), "conversation": conversation}
    with _engine(path).begin() as db:
        db.execute(unknown_items_table.insert().values(**row))


def unknown_items(path: Optional[Location] = None) -> List[Tuple[str, str, str]]:
    table = unknown_items_table
    query = sa.select(table.c.item, table.c.question, table.c.conversation).order_by(table.c.id)
    with _engine(path).connect() as db:
        return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]


def record_feedback(
    conversation: str, channel: str, faq_id: str, question: str, helpful: bool, path: Optional[Location] = None
) -> None:
    row = {"at": _now(), "conversation": conversation, "channel": channel, "faq_id": faq_id,
           "question": mask_pii(question), "helpful": int(helpful)}  # fmt: skip
    with _engine(path).begin() as db:
        db.execute(feedback_table.insert().values(**row))


def record_feedback_reason(conversation: str, faq_id: str, reason: str, path: Optional[Location] = None) -> bool:
    """The resident's optional reason, masked, joins their latest feedback on that answer."""
    earlier = feedback_table.alias("earlier")  # not correlated with the row being updated
    latest = sa.select(sa.func.max(earlier.c.id)).where(earlier.c.conversation == conversation, earlier.c.faq_id == faq_id)
    query = feedback_table.update().where(feedback_table.c.id == latest.scalar_subquery()).values(reason=mask_pii(reason))
    with _engine(path).begin() as db:
        return db.execute(query).rowcount == 1


def record_change(staff: str, action: str, detail: str, path: Optional[Location] = None) -> None:
    with _engine(path).begin() as db:
        db.execute(corpus_changes_table.insert().values(at=_now(), staff=staff, action=action, detail=detail))


def rows(table: str, since: str = "", path: Optional[Location] = None) -> List[Dict[str, Any]]:
    """Every row of a table recorded at or after `since` (ISO 8601, UTC), oldest first."""
    if table not in TABLES:
        raise ValueError(table)
    found = TABLES[table]
    with _engine(path).connect() as db:
        return [dict(row._mapping) for row in db.execute(sa.select(found).where(found.c.at >= since).order_by(found.c.id))]


def rows_after(table: str, last_id: int, limit: int = 50_000, path: Optional[Location] = None) -> List[Dict[str, Any]]:
    """Rows with an id above `last_id`, oldest first: what an incremental reader has not seen yet."""
    if table not in {"unknown_items", "feedback"}:
        raise ValueError(table)
    found = TABLES[table]
    query = sa.select(found).where(found.c.id > last_id).order_by(found.c.id).limit(limit)
    with _engine(path).connect() as db:
        return [dict(row._mapping) for row in db.execute(query)]


def feedback_counts(since: str, until: str, path: Optional[Location] = None) -> Tuple[int, int]:
    """(helpful, not helpful) feedback between two ISO 8601 UTC moments, counted by the database."""
    query = sa.select(sa.func.coalesce(sa.func.sum(feedback_table.c.helpful), 0), sa.func.count()).where(
        feedback_table.c.at >= since, feedback_table.c.at < until
    )
    with _engine(path).connect() as db:
        helpful, total = db.execute(query).one()
    return int(helpful), int(total) - int(helpful)
