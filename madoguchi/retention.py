"""Retention: conversations and call records older than a set number of days are removed.

What a resident said is kept only as long as staff need it (MADOGUCHI_RETENTION_DAYS,
90 by default; 0 keeps everything). A scheduled job in the gateway (gateway/app.py) runs
`purge` every hour; `python -m madoguchi.retention` runs it once.

- Conversations (Rasa's tracker store, SQLite or PostgreSQL): a conversation whose last
  event is older than the limit is deleted whole, so no half conversation is left.
- Call records (the gateway's store: SQLite, or the database MADOGUCHI_STORE_URL names,
  PostgreSQL in `make cluster`): call states, transfers, recorded messages, sent or
  given-up SMS, and the chat's answer log older than the limit are deleted; an SMS still
  waiting in the outbox is kept until it is sent or given up.
- What staff learn from (unknown waste items, feedback, the console's question log; already
  masked): kept for the statistics, but anonymised: the conversation id that linked them to
  a resident is cleared.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Dict, Optional, TextIO

import sqlalchemy as sa

from madoguchi.database import Location, engine, sqlite_file

# The gateway's tables and the column that dates a row; absent tables are skipped (older stores).
GATEWAY_TABLES: Dict[str, str] = {
    "calls": "updated",
    "transfers": "at",
    "recordings": "at",
    "sms_outbox": "at",
    "web_answers": "at",
}
ANONYMISED_TABLES = ("unknown_items", "feedback")


logger = logging.getLogger(__name__)
FIRST_RUN_SECONDS = 60  # after the gateway starts: not in the way of starting up
EVERY_SECONDS = 3600


@dataclass
class Purged:
    conversations: int = 0
    rows: Dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        rows = ", ".join(f"{table} {count}" for table, count in self.rows.items() if count)
        return f"{self.conversations} conversations deleted" + (f"; {rows}" if rows else "")


def purge_conversations(tracker_db_url: str, before: datetime) -> int:
    """Delete every conversation whose last event is older than `before`; their number."""
    engine = sa.create_engine(tracker_db_url)
    try:
        with engine.begin() as db:
            if not sa.inspect(db).has_table("events"):
                return 0
            old = sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :before")
            senders = [row[0] for row in db.execute(old, {"before": before.timestamp()})]
            delete = sa.text("DELETE FROM events WHERE sender_id = :sender")
            for start in range(0, len(senders), 500):
                db.execute(delete, [{"sender": sender} for sender in senders[start : start + 500]])
            return len(senders)
    finally:
        engine.dispose()


def _present(location: Location) -> Optional[sa.engine.Engine]:
    """The store's engine; None for a SQLite file not written yet (nothing to delete)."""
    file = sqlite_file(location)
    if file is not None and not file.exists():
        return None
    return engine(location)


def purge_gateway(gateway_store: Location, before: datetime) -> Dict[str, int]:
    """`gateway_store`: its SQLite file or its database URL (gateway.settings: gateway_store)."""
    found = _present(gateway_store)
    if found is None:
        return {}
    cutoff = before.isoformat(timespec="seconds")
    counts: Dict[str, int] = {}
    with found.begin() as db:
        present = set(sa.inspect(db).get_table_names())
        for table, column in GATEWAY_TABLES.items():
            if table in present:
                waiting = " AND status != 'queued'" if table == "sms_outbox" else ""
                query = f"DELETE FROM {table} WHERE {column} < :cutoff{waiting}"  # noqa: S608 - fixed names
                counts[table] = db.execute(sa.text(query), {"cutoff": cutoff}).rowcount
        if "question_log" in present:  # the console's copy of the questions (madoguchi/question_log.py): anonymised
            query = "UPDATE question_log SET conversation = '' WHERE at < :cutoff AND conversation != ''"
            counts["question_log anonymised"] = db.execute(sa.text(query), {"cutoff": before.timestamp()}).rowcount
    return counts


def anonymise_staff_log(staff_store: Location, before: datetime) -> Dict[str, int]:
    found = _present(staff_store)
    if found is None:
        return {}
    cutoff = before.isoformat(timespec="seconds")
    counts: Dict[str, int] = {}
    with found.begin() as db:
        present = set(sa.inspect(db).get_table_names())
        for table in ANONYMISED_TABLES:
            if table in present:
                query = f"UPDATE {table} SET conversation = '' WHERE at < :cutoff AND conversation != ''"  # noqa: S608
                counts[f"{table} anonymised"] = db.execute(sa.text(query), {"cutoff": cutoff}).rowcount
    return counts


def purge(
    days: int, tracker_db_url: str, gateway_store: Location, staff_store: Location, now: Optional[datetime] = None
) -> Optional[Purged]:
    """Everything older than `days` days; None when retention is off (days <= 0). The stores are
    SQLite files (Paths) or database URLs; on one shared database each table is purged once."""
    if days <= 0:
        return None
    before = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    purged = Purged(conversations=purge_conversations(tracker_db_url, before))
    purged.rows.update(purge_gateway(gateway_store, before))
    purged.rows.update(anonymise_staff_log(staff_store, before))
    return purged


def show_job_log(stream: Optional[TextIO] = None) -> None:
    """The gateway's log shows what the job deleted: uvicorn sets up its own loggers only, so
    this module's INFO line went nowhere. Only this logger: the root logger at INFO would also
    print httpx's request lines, whose URLs carry the Rasa token."""
    if logger.handlers:
        return
    handler = logging.StreamHandler(stream)  # standard error by default
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


async def every_hour() -> None:
    """The gateway's scheduled job (started with the app); an error is logged, never fatal.
    With several gateway workers each runs it: deleting what is already deleted is harmless."""
    from gateway.settings import get_settings
    from madoguchi.staff_log import STAFF_STORE

    show_job_log()
    await asyncio.sleep(FIRST_RUN_SECONDS)
    while True:
        settings = get_settings()
        try:
            purged = await asyncio.to_thread(
                purge, settings.retention_days, settings.tracker_db_url, settings.gateway_store, STAFF_STORE
            )
            if purged is not None:
                logger.info("retention (%d days): %s", settings.retention_days, purged)
        except Exception:  # a store that is down now is tried again in an hour
            logger.exception("retention job failed")
        await asyncio.sleep(EVERY_SECONDS)


def main(argv: "list[str] | None" = None) -> int:
    from gateway.settings import get_settings
    from madoguchi.staff_log import STAFF_STORE

    parser = argparse.ArgumentParser(prog="python -m madoguchi.retention", description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, help="override MADOGUCHI_RETENTION_DAYS")
    args = parser.parse_args(argv)
    settings = get_settings()
    days = settings.retention_days if args.days is None else args.days
    started = time.monotonic()
    purged = purge(days, settings.tracker_db_url, settings.gateway_store, STAFF_STORE)
    print("retention is off (0 days)" if purged is None else f"{purged} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
