"""The conversation store, with personal information masked before anything is written.

Rasa's SQL tracker store (SQLite by default, PostgreSQL by configuration) keeps every
event; this subclass writes masked copies of what residents typed (text and metadata, and
slots, which may hold their words), so a phone number or a 12-digit number never reaches the database, and stores a sender id that
holds one under a keyed pseudonym. The bot's own messages are corpus text (the city's numbers
among them) and are stored as they are. The live conversation is not changed: the turn in
progress still sees what was typed.

It also never stops Rasa: Rasa's store turns any ValueError raised while a session is open
(an encoding error from a lone surrogate is one) into `print_error_and_exit`; here such an
error fails that one request only, and SQL errors never carry the stored values into logs.

On SQLite (the embedded default) it keeps its connection and writes in WAL mode: Rasa's
store opens a new connection for every read and write (SQLAlchemy's NullPool), and every
commit waits for the disk twice (rollback journal, `synchronous=FULL`); a turn reads once and
writes once. WAL with `synchronous=NORMAL` survives a crash of Rasa or of the machine's
processes with nothing lost; a power cut can lose the last turns, never corrupt the file.
Readers (the staff console's question log) no longer block the writer. A turn's read, and
its write when the store knows how many events are stored (nearly always), go straight to
that SQLite connection with the statements SQLAlchemy compiled for them (`DirectSQLite`):
the ORM session, its connection handling and the statement's execution cost as much as the
database's own work (in-process profile, 2026-12-04); the rows written and read are the same.

Named in bot/endpoints.yml as `type: bot.tracker_store.MaskingSQLTrackerStore`.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
from typing import Any, Dict, Generator, Iterator, List, Optional, Tuple

import rasa.shared.utils.cli
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, ensure_schema_exists
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from madoguchi.pii import mask_pii, mask_tree, pseudonym, pseudonymous_id
from madoguchi.settings import Settings

# Set on a tracker read or saved by this store: how many events of its session are stored,
# and whether no session start is stored (see `_stored_count`).
_STORED_EVENTS = "_madoguchi_stored_events"


class UnstorableEvent(RuntimeError):
    """An event that cannot be written (not text); the turn fails, Rasa keeps running."""


def masked_event(event: Event) -> Event:
    if isinstance(event, SlotSet) and event.value is not None:
        # a slot may hold the resident's own words (the item asked about, 「1234 5678 9012 の
        # カード」 taken as an item): masked as the message is
        masked_slot = copy.copy(event)
        masked_slot.value = mask_tree(event.value)
        return masked_slot
    if isinstance(event, UserUttered) and (event.text or event.metadata):
        masked = copy.copy(event)  # what differs is replaced below by new, masked values
        masked.text = mask_pii(event.text) if event.text else event.text
        # parse_data repeats the text and metadata, and entity values are pieces of the text
        masked.parse_data = mask_tree(event.parse_data)
        masked.metadata = mask_tree(event.metadata)
        return masked
    return event


def kept_sqlite_engine(engine: sa.engine.Engine) -> sa.engine.Engine:
    """The same SQLite file with one kept connection, in WAL mode (see the module's text)."""
    url = engine.url
    engine.dispose()
    # Rasa runs the store on its event loop's thread; the pool hands the connection to one
    # session at a time, so sharing it across threads (if ever) stays safe.
    kept = sa.create_engine(
        url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=4, connect_args={"check_same_thread": False}
    )
    sa.event.listen(kept, "connect", _write_ahead_log)
    return kept


def _write_ahead_log(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def latest_session_statement(table: sa.Table, *columns: Any) -> Any:
    """Rasa's `SQLTrackerStore._event_query` for the latest session (the events from the
    latest stored `session_started` on, or all of them when none is stored; in the order
    stored), as one Core statement built once, the sender a bound parameter. Rasa builds
    that ORM query anew at every read and count: a twentieth of a turn's CPU (py-spy,
    2026-12-03), where SQLAlchemy reuses a built statement's compiled form."""
    sender = sa.bindparam("sender_id")
    session_start = (
        sa.select(sa.func.max(table.c.timestamp).label("session_start"))
        .where(table.c.sender_id == sender, table.c.type_name == SessionStarted.type_name)
        .subquery()
    )
    latest = sa.or_(table.c.timestamp >= session_start.c.session_start, session_start.c.session_start.is_(None))
    return sa.select(*columns).where(table.c.sender_id == sender, latest).order_by(table.c.id)


# the columns a stored event's row is written with, in this order
ROW_COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")


class DirectSQLite:
    """The store's two statements of a turn, compiled once by SQLAlchemy for SQLite and run on
    a connection of the store's pool through the DB-API (sqlite3)."""

    def __init__(self, engine: sa.engine.Engine, table: sa.Table, latest_session_data: Any) -> None:
        self.engine = engine
        self.insert = str(table.insert().compile(dialect=engine.dialect, column_keys=list(ROW_COLUMNS)))
        select = latest_session_data.compile(dialect=engine.dialect)
        self.select = str(select)
        self._select_parameters = dict(select.params)
        self._select_order = list(select.positiontup or ())

    def latest_session(self, sender: str) -> List[str]:
        """The stored data of the sender's latest session (the compiled `latest_session_statement`)."""
        parameters = {**self._select_parameters, "sender_id": sender}
        with self._database_errors(self.select):
            connection = self.engine.raw_connection()
            try:
                cursor = connection.cursor()
                return [data for (data,) in cursor.execute(self.select, [parameters[n] for n in self._select_order])]
            finally:
                connection.close()

    def write(self, rows: List[Dict[str, Any]]) -> None:
        with self._database_errors(self.insert):
            connection = self.engine.raw_connection()
            try:
                if rows:
                    connection.cursor().executemany(self.insert, [tuple(row[c] for c in ROW_COLUMNS) for row in rows])
                connection.commit()
            except (UnicodeError, ValueError) as error:  # as the session's scope: this turn fails, Rasa goes on
                connection.rollback()
                raise UnstorableEvent(type(error).__name__) from None
            finally:
                connection.close()

    @contextlib.contextmanager
    def _database_errors(self, statement: str) -> Generator[None, None, None]:
        """The database's errors as SQLAlchemy raises them (the REST channel answers those
        with a 503), without the values (`hide_parameters`)."""
        dbapi_error = self.engine.dialect.dbapi.Error
        try:
            yield
        except dbapi_error as error:
            raise sa.exc.DBAPIError.instance(
                statement, None, error, dbapi_error, hide_parameters=True, dialect=self.engine.dialect
            ) from error


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            self.engine = kept_sqlite_engine(engine)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.engine.hide_parameters = True  # SQL errors would print residents' messages
        self._pseudonym_key = Settings().rasa_token
        table = self.SQLEvent.__table__
        self._latest_session_data = latest_session_statement(table, table.c.data)
        self._latest_session_count = sa.select(sa.func.count()).select_from(
            latest_session_statement(table, table.c.id).subquery()
        )
        self._direct = DirectSQLite(self.engine, table, self._latest_session_data) if self.engine is not engine else None

    def stored_sender(self, sender_id: str) -> str:
        """The id under which a conversation is stored: a sender id with a phone number in it,
        or one that is not text, never reaches the database."""
        try:
            sender_id.encode("utf-8")
        except UnicodeEncodeError:
            return pseudonym(sender_id, self._pseudonym_key)
        return pseudonymous_id(sender_id, self._pseudonym_key)

    @contextlib.contextmanager
    def session_scope(self) -> Generator[Any, None, None]:
        session = self.sessionmaker()
        try:
            try:
                ensure_schema_exists(session)
            except ValueError as missing_schema:  # only this stops Rasa, as in Rasa's own store
                rasa.shared.utils.cli.print_error_and_exit(f"PostgreSQL schema '{missing_schema}' was not found.")
            try:
                yield session
            except (UnicodeError, ValueError) as error:
                session.rollback()
                raise UnstorableEvent(type(error).__name__) from None
        finally:
            session.close()

    def _event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        return super()._event_query(session, self.stored_sender(sender_id), fetch_events_from_all_sessions)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        """Rasa's, reading only the events' data (not whole rows as objects), and noting on the
        tracker how many events of its session are stored (see `_additional_events`)."""
        if self._direct is not None and not fetch_events_from_all_sessions:
            events = [json.loads(data) for data in self._direct.latest_session(self.stored_sender(sender_id))]
        else:
            with self.session_scope() as session:
                if fetch_events_from_all_sessions:
                    query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
                    rows = query.with_entities(self.SQLEvent.data).all()
                else:
                    rows = session.execute(self._latest_session_data, {"sender_id": self.stored_sender(sender_id)}).all()
                events = [json.loads(data) for (data,) in rows]
        if not self.domain or not events:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            no_session_start = all(event.get("event") != SessionStarted.type_name for event in events)
            setattr(tracker, _STORED_EVENTS, (len(events), no_session_start))
        return tracker

    async def get_or_create_tracker(
        self, sender_id: str, max_event_history: Optional[int] = None, append_action_listen: bool = True
    ) -> DialogueStateTracker:
        """Rasa's. A conversation that `retrieve` found without events (the domain is set) has
        none stored, which its first save then knows without counting."""
        self.max_event_history = max_event_history
        tracker = await self.retrieve(sender_id)
        if tracker is None:
            tracker = await self.create_tracker(sender_id, append_action_listen, none_stored=bool(self.domain))
        return tracker

    async def create_tracker(
        self, sender_id: str, append_action_listen: bool = True, none_stored: bool = False
    ) -> DialogueStateTracker:
        """Rasa's `TrackerStore.create_tracker`; `none_stored` when no event of it is stored."""
        tracker = self.init_tracker(sender_id)
        if none_stored:
            setattr(tracker, _STORED_EVENTS, (0, True))
        if append_action_listen:
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        await self.save(tracker)
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The tracker's events not stored yet, masked. Rasa counts the stored events of the
        session with a query at every save; a tracker this store just read or saved knows the
        count (the conversation's lock keeps other writers out meanwhile), see `_stored_count`."""
        stored, _ = self._stored_count(session, tracker)
        return (masked_event(event) for event in itertools.islice(tracker.events, stored, len(tracker.events)))

    def _stored_count(self, session: Any, tracker: DialogueStateTracker) -> Tuple[int, bool]:
        """(Rasa's count of the stored events of the latest session, whether no session start
        is stored at all). Rasa counts the events whose timestamp is at least the latest stored
        `session_started`'s, or every event when none is stored. A note left by `_retrieve` or
        by the last `save` is used once; without one, the count is Rasa's query, and a count of
        0 means no session start is stored (a stored one would count itself)."""
        known: Optional[Tuple[int, bool]] = tracker.__dict__.pop(_STORED_EVENTS, None)
        if known is not None:
            return known
        parameters = {"sender_id": self.stored_sender(tracker.sender_id)}
        count = int(session.execute(self._latest_session_count, parameters).scalar_one())
        return count, count == 0

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's SQLTrackerStore.save, storing under `stored_sender` (its own uses the raw id),
        in one INSERT for the turn's events."""
        await self.stream_events(tracker)
        if self._direct is not None and _STORED_EVENTS in tracker.__dict__:  # no count to query
            stored, no_session_start = self._stored_count(None, tracker)
            new_events = list(itertools.islice(tracker.events, stored, len(tracker.events)))
            self._direct.write(self._rows(tracker.sender_id, new_events))
        else:
            with self.session_scope() as session:
                stored, no_session_start = self._stored_count(session, tracker)
                new_events = list(itertools.islice(tracker.events, stored, len(tracker.events)))
                rows = self._rows(tracker.sender_id, new_events)
                if rows:
                    session.execute(self.SQLEvent.__table__.insert(), rows)
                session.commit()
        # With no session start stored before or now, Rasa's next count is every stored event,
        # whatever their timestamps: the same tracker saved again (a new conversation is saved
        # when it is created and again at the end of its first turn) needs no query.
        if no_session_start and not any(isinstance(event, SessionStarted) for event in new_events):
            setattr(tracker, _STORED_EVENTS, (stored + len(new_events), True))

    def _rows(self, sender_id: str, events: List[Event]) -> List[Dict[str, Any]]:
        """The events' rows, masked, as Rasa's store writes them (under `stored_sender`)."""
        sender = self.stored_sender(sender_id)
        rows = []
        for event in (masked_event(event) for event in events):
            data = event.as_dict()
            intent: Optional[str] = data.get("parse_data", {}).get("intent", {}).get("name")
            rows.append(
                {
                    "sender_id": sender,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": intent,
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
            )
        return rows
