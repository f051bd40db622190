"""Residents' questions as the console reads them: kept up to date incrementally.

Reading Rasa's tracker store and grouping every question with Sudachi on each page view
costs seconds at a city's volume (100,000 questions: minutes). Instead each turn is read
once: `sync` takes the tracker events (and the staff log's feedback and unknown items)
added since its last run, writes one row per turn into `question_log`, and puts each new
missed question into a group of `question_groups` (madoguchi.grouping: content words and
Jaccard similarity), finding candidate groups through the words they share rather than
comparing with every group. Pages then only run aggregate SQL over these tables.

The tables live in the gateway's store (gateway/store.py's database). The SQL is plain
(no INSERT OR REPLACE, no JSON functions), so it runs on SQLite and PostgreSQL alike;
SQLAlchemy takes care of the driver's parameter style.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import sqlalchemy as sa

from madoguchi import analytics, database, staff_log
from madoguchi.clock import JST
from madoguchi.grouping import SAME_QUESTION, features

# Events read again below the last position: on PostgreSQL two Rasa servers may commit
# ids out of order, so a turn committed late with a lower id is still found.
OVERLAP_EVENTS = 500
BATCH_EVENTS = 50_000  # per sync when catching up (the command line, the background job)
PAGE_VIEW_EVENTS = 10_000  # per page view: the store is never locked for long while calls write
EVERY_SECONDS = 30  # the gateway's background job keeps the log this close to the conversations
UNKNOWN_ITEM_REASON = "品目が辞書にない"
FEEDBACK_REASON = "役に立たなかった"

SCHEMA = [
    # one row per resident turn (source 'turn'), negative feedback ('feedback') or unknown
    # waste item ('unknown_item'); reason is set for what staff should look at.
    """CREATE TABLE IF NOT EXISTS question_log (
        source VARCHAR(16) NOT NULL, source_id BIGINT NOT NULL, at DOUBLE PRECISION NOT NULL, day VARCHAR(10) NOT NULL,
        conversation VARCHAR(255) NOT NULL, channel VARCHAR(32) NOT NULL, language VARCHAR(16) NOT NULL,
        text TEXT NOT NULL, is_question INTEGER NOT NULL, outcome VARCHAR(16) NOT NULL, faq_id VARCHAR(255),
        topic VARCHAR(255), reason VARCHAR(64), group_id INTEGER, PRIMARY KEY (source, source_id))""",
    # what the period figures count, read from the index alone
    "DROP INDEX IF EXISTS question_log_period",  # of a development version: (at, source, ...) was not chosen
    "CREATE INDEX IF NOT EXISTS question_log_turns ON question_log (source, at, is_question, channel, outcome, day, faq_id)",
    "CREATE INDEX IF NOT EXISTS question_log_group ON question_log (group_id, at)",
    "CREATE INDEX IF NOT EXISTS question_log_conversation ON question_log (conversation, source_id)",
    # what the queue's pages aggregate, read from the index alone
    "CREATE INDEX IF NOT EXISTS question_log_missed ON question_log (group_id, at, reason, channel, topic, language)"
    " WHERE group_id IS NOT NULL",
    # each group's distinct wordings: searching these is searching every question of the queue
    "CREATE TABLE IF NOT EXISTS question_wordings (group_id INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (group_id, text))",
    # handled_at: the moment it was marked done or ignored (0: never); only members after it count
    """CREATE TABLE IF NOT EXISTS question_groups (
        id INTEGER PRIMARY KEY, text TEXT NOT NULL, features TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
        status VARCHAR(16) NOT NULL, handled_by VARCHAR(40), handled_at DOUBLE PRECISION NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS question_sync (name VARCHAR(32) PRIMARY KEY, position BIGINT NOT NULL)",
]


def store_url(data_dir: Path) -> str:
    """The embedded gateway store's database (gateway.db in data_dir; settings.gateway_store
    names the one in use)."""
    return f"sqlite:///{Path(data_dir) / 'gateway.db'}"


@lru_cache(maxsize=8)
def engine_for(url: str) -> sa.engine.Engine:
    """One engine per database (shared with the gateway's store), with the tables created."""
    engine = database.engine(url)
    with engine.begin() as db:
        for statement in SCHEMA:
            db.execute(sa.text(statement))
    return engine


@dataclass
class SyncResult:
    turns: int = 0
    missed: int = 0
    new_groups: int = 0
    more: bool = False  # a batch limit was reached: call again


# --- reading the sources ------------------------------------------------------------------


def _epoch(iso: str) -> float:
    moment = datetime.fromisoformat(iso)
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def _day(at: float) -> str:
    return datetime.fromtimestamp(at, tz=JST).date().isoformat()


def _tracker_rows(tracker_url: str, after: int, limit: int) -> List[Any]:
    url = sa.engine.make_url(tracker_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return []  # no conversation yet: Rasa creates the file on the first message
    engine = sa.create_engine(url)
    query = sa.text("SELECT id, sender_id, type_name, action_name, data FROM events WHERE id > :after ORDER BY id LIMIT :limit")
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("events"):
                return []
            return list(connection.execute(query, {"after": after, "limit": limit}).fetchall())
    finally:
        engine.dispose()


def _turn_row(turn: analytics.Turn) -> Dict[str, Any]:
    missed = analytics.is_missed(turn)
    at = turn.at.timestamp()
    return {
        "source": "turn", "source_id": turn.event_id, "at": at, "day": _day(at), "conversation": turn.conversation,
        "channel": turn.channel, "language": turn.language, "text": turn.text, "is_question": int(turn.is_question),
        "outcome": turn.outcome, "faq_id": turn.faq_id, "topic": turn.chosen or turn.suggestion or turn.faq_id,
        "reason": analytics.reason(turn) if missed else None,
    }  # fmt: skip


def _channel_of(conversation: str) -> str:
    return "phone" if conversation.startswith("call-") else "web"  # the gateway's conversation keys


def _feedback_reason(row: Dict[str, Any]) -> str:
    """「役に立たなかった」, with the reason the resident added (masked) when there is one."""
    said = row.get("reason") or ""
    return f"{FEEDBACK_REASON}：{said}" if said else FEEDBACK_REASON


def _staff_rows(source: str, rows: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    found = []
    for row in rows:
        if source == "feedback" and row["helpful"]:
            continue
        at = _epoch(row["at"])
        channel = row["channel"] if source == "feedback" else _channel_of(row["conversation"])
        topic = row["faq_id"] if source == "feedback" else "waste/sorting_rules"
        found.append({
            "source": source, "source_id": row["id"], "at": at, "day": _day(at), "conversation": row["conversation"],
            "channel": channel, "language": "ja", "text": row["question"], "is_question": 0, "outcome": "other",
            "faq_id": None, "topic": topic, "reason": _feedback_reason(row) if source == "feedback" else UNKNOWN_ITEM_REASON,
        })  # fmt: skip
    return found


# --- writing ------------------------------------------------------------------------------

_INSERT = sa.text(
    "INSERT INTO question_log (source, source_id, at, day, conversation, channel, language, text, is_question, outcome,"
    " faq_id, topic, reason) VALUES (:source, :source_id, :at, :day, :conversation, :channel, :language, :text,"
    " :is_question, :outcome, :faq_id, :topic, :reason)"
)


def _position(db: sa.engine.Connection, name: str) -> int:
    found = db.execute(sa.text("SELECT position FROM question_sync WHERE name = :name"), {"name": name}).scalar()
    return int(found) if found is not None else 0


def _set_position(db: sa.engine.Connection, name: str, position: int) -> None:
    params = {"name": name, "position": position}
    if not db.execute(sa.text("UPDATE question_sync SET position = :position WHERE name = :name"), params).rowcount:
        db.execute(sa.text("INSERT INTO question_sync (name, position) VALUES (:name, :position)"), params)


def _insert_new(db: sa.engine.Connection, source: str, rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Insert the rows not stored yet (the overlap is read twice); the new ones."""
    if not rows:
        return []
    low = min(row["source_id"] for row in rows)
    query = sa.text("SELECT source_id FROM question_log WHERE source = :source AND source_id >= :low")
    known = {int(found) for found in db.execute(query, {"source": source, "low": low}).scalars()}
    new = [row for row in rows if row["source_id"] not in known]
    if new:
        db.execute(_INSERT, new)
    return new


def _link_picked_candidates(db: sa.engine.Connection, turns: List[analytics.Turn]) -> None:
    """A 「もしかして…」 pick in this batch whose question came in an earlier one: the pick says what was meant."""
    firsts: Dict[str, analytics.Turn] = {}
    for turn in turns:
        firsts.setdefault(turn.conversation, turn)
    update = sa.text(
        "UPDATE question_log SET topic = :faq WHERE source = 'turn' AND outcome = 'fallback' AND source_id = ("
        " SELECT MAX(source_id) FROM question_log WHERE source = 'turn' AND conversation = :conversation"
        " AND source_id < :before)"
    )
    for turn in firsts.values():
        if turn.is_button and turn.faq_id:
            db.execute(update, {"faq": turn.faq_id, "conversation": turn.conversation, "before": turn.event_id})


def _sync_turns(db: sa.engine.Connection, tracker_url: str, limit: int) -> Tuple[List[Dict[str, Any]], bool]:
    position = _position(db, "tracker")
    rows = _tracker_rows(tracker_url, max(0, position - OVERLAP_EVENTS), limit)
    more = len(rows) == limit
    if more:  # the last turn may continue in the next batch: leave it for then
        last_user = max((int(r[0]) for r in rows if r[2] == "user"), default=int(rows[-1][0]) + 1)
        rows = [r for r in rows if int(r[0]) < last_user]
    if not rows:
        return [], more
    turns = analytics.turns_from_event_rows(rows)
    new = _insert_new(db, "turn", [_turn_row(t) for t in turns])
    _link_picked_candidates(db, turns)
    _set_position(db, "tracker", max(position, max(int(r[0]) for r in rows)))
    return new, more


def _sync_staff_log(db: sa.engine.Connection, source: str, table: str, staff_db: Optional[Path]) -> List[Dict[str, Any]]:
    position = _position(db, source)
    rows = staff_log.rows_after(table, position, path=staff_db)
    if not rows:
        return []
    new = _insert_new(db, source, _staff_rows(source, rows))
    _set_position(db, source, max(int(row["id"]) for row in rows))
    return new


# --- grouping -----------------------------------------------------------------------------


class GroupIndex:
    """Each group's content words, and which groups contain each word."""

    def __init__(self, groups: Iterable[Tuple[int, Set[str]]]) -> None:
        self.features: Dict[int, Set[str]] = {}
        self.by_feature: Dict[str, Set[int]] = defaultdict(set)
        for group_id, found in groups:
            self.add(group_id, found)

    def add(self, group_id: int, found: Set[str]) -> None:
        self.features[group_id] = found
        for feature in found:
            self.by_feature[feature].add(group_id)

    def home(self, found: Set[str], threshold: float = SAME_QUESTION) -> Optional[int]:
        """The first group (lowest id) close enough; only groups sharing a word can be.

        Jaccard from shared counts (|a∩b| / (|a| + |b| - |a∩b|)): no set is built per candidate.
        """
        shared: Dict[int, int] = defaultdict(int)
        for feature in found:
            for group_id in self.by_feature.get(feature, ()):
                shared[group_id] += 1
        for group_id in sorted(shared):
            both = shared[group_id]
            if both / (len(found) + len(self.features[group_id]) - both) >= threshold:
                return group_id
        return None

    @property
    def next_id(self) -> int:
        return max(self.features, default=0) + 1


def _load_index(db: sa.engine.Connection) -> GroupIndex:
    rows = db.execute(sa.text("SELECT id, features FROM question_groups")).fetchall()
    return GroupIndex((int(group_id), set(json.loads(found))) for group_id, found in rows)


def _group_new(db: sa.engine.Connection, missed: Sequence[Dict[str, Any]]) -> int:
    """Put each new missed question into its group; the number of groups started."""
    if not missed:
        return 0
    index = _load_index(db)
    homes: Dict[str, int] = dict(db.execute(sa.text("SELECT text, group_id FROM question_wordings")).fetchall())
    new_groups: List[Dict[str, Any]] = []
    wordings: List[Dict[str, Any]] = []  # wordings not seen before: the same wording goes where it went before
    members: List[Dict[str, Any]] = []
    for row in sorted(missed, key=lambda r: r["at"]):
        group_id = homes.get(row["text"])
        found = features(row["text"]) if group_id is None else set()
        group_id = group_id or index.home(found)
        if group_id is None:
            group_id = index.next_id
            index.add(group_id, found)
            new_groups.append({"id": group_id, "text": row["text"], "features": json.dumps(sorted(found), ensure_ascii=False),
                               "created_at": row["at"]})  # fmt: skip
        if row["text"] not in homes:
            wordings.append({"group_id": group_id, "text": row["text"]})
            homes[row["text"]] = group_id
        members.append({"group_id": group_id, "source": row["source"], "source_id": row["source_id"]})
    if new_groups:
        db.execute(
            sa.text("INSERT INTO question_groups (id, text, features, created_at, status, handled_by, handled_at)"
                    " VALUES (:id, :text, :features, :created_at, 'open', NULL, 0)"),
            new_groups,
        )  # fmt: skip
    if wordings:
        db.execute(sa.text("INSERT INTO question_wordings (group_id, text) VALUES (:group_id, :text)"), wordings)
    db.execute(sa.text("UPDATE question_log SET group_id = :group_id WHERE source = :source AND source_id = :source_id"), members)
    return len(new_groups)


def sync(engine: sa.engine.Engine, tracker_url: str, staff_db: Optional[Path] = None, limit: int = BATCH_EVENTS) -> SyncResult:
    """Read what was added since the last sync, in one transaction (a second gateway process waits)."""
    with engine.begin() as db:
        turns, more = _sync_turns(db, tracker_url, limit)
        staff = _sync_staff_log(db, "feedback", "feedback", staff_db) + _sync_staff_log(
            db, "unknown_item", "unknown_items", staff_db
        )
        missed = [row for row in turns + staff if row["reason"]]
        started = _group_new(db, missed)
    return SyncResult(turns=len(turns), missed=len(missed), new_groups=started, more=more)


def refresh(engine: sa.engine.Engine, tracker_url: str, staff_db: Optional[Path] = None,
            limit: int = PAGE_VIEW_EVENTS) -> Optional[SyncResult]:  # fmt: skip
    """A page view's sync: None when another process is syncing at the same moment (its result will do)."""
    try:
        return sync(engine, tracker_url, staff_db, limit)
    except sa.exc.IntegrityError:  # the other one wrote the same rows first
        return None
    except sa.exc.OperationalError as error:
        if "locked" in str(error):  # SQLite: the other one holds the write lock
            return None
        raise


def sync_all(engine: sa.engine.Engine, tracker_url: str, staff_db: Optional[Path] = None) -> SyncResult:
    """Catch up completely (a first run on a large store takes several batches)."""
    total = SyncResult()
    while True:
        result = sync(engine, tracker_url, staff_db)
        total.turns, total.missed, total.new_groups = (
            total.turns + result.turns, total.missed + result.missed, total.new_groups + result.new_groups,
        )  # fmt: skip
        if not result.more:
            return total


async def every_half_minute() -> None:
    """The gateway's background job: read new questions in batches, so page views find little to do.
    An error is logged and tried again; with several gateway processes the first to write wins."""
    import asyncio
    import logging

    from gateway.settings import get_settings

    while True:
        settings = get_settings()
        try:
            engine = engine_for(settings.gateway_store)
            while True:
                result = await asyncio.to_thread(refresh, engine, settings.tracker_db_url, None, BATCH_EVENTS // 5)
                if result is None or not result.more:
                    break
                await asyncio.sleep(0.5)  # let calls write between batches
        except Exception:  # a store that is down now is read again next time
            logging.getLogger(__name__).exception("reading new questions for the console failed")
        await asyncio.sleep(EVERY_SECONDS)


def main() -> None:
    """`python -m madoguchi.question_log`: catch up with the conversation store now."""
    from gateway.settings import get_settings

    settings = get_settings()
    result = sync_all(engine_for(settings.gateway_store), settings.tracker_db_url)
    print(f"{result.turns} turns read, {result.missed} to look at, {result.new_groups} new groups")


if __name__ == "__main__":
    main()
