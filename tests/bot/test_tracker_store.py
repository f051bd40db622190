"""The conversation store never stops Rasa and never keeps a phone number (issue 10: 1, 10)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import MaskingSQLTrackerStore, UnstorableEvent


@pytest.fixture
def store(tmp_path: Path) -> MaskingSQLTrackerStore:
    return MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))


def rows(store: MaskingSQLTrackerStore) -> list:
    with sqlite3.connect(store.engine.url.database) as db:
        return db.execute("SELECT sender_id, intent_name, action_name, data FROM events").fetchall()


def save(store: MaskingSQLTrackerStore, sender: str, *events) -> None:
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, list(events))))


def test_a_lone_surrogate_in_sender_or_text_is_stored_not_fatal(store) -> None:
    save(store, "\udc18", UserUttered("a\udc18b", metadata={"k": "\udc18"}))
    ((sender, _, _, data),) = rows(store)
    assert sender.startswith("masked-") and json.loads(data)["text"] == "a\udc18b"
    tracker = asyncio.run(store.retrieve("\udc18"))
    assert tracker is not None and tracker.latest_message.text == "a\udc18b"


def test_a_value_the_database_cannot_encode_fails_one_save_and_rasa_goes_on(store) -> None:
    with pytest.raises(UnstorableEvent):  # Rasa's own store calls sys.exit here
        save(store, "s1", ActionExecuted("action_\udc18"))
    save(store, "s2", UserUttered("粗大ごみ"))
    assert [row[0] for row in rows(store)] == ["s2"]


def test_sender_text_and_metadata_with_a_phone_number_are_stored_masked(store) -> None:
    save(store, "090-1234-5678", UserUttered("折り返しは 090.1234.5678 へ", metadata={"from": "+819012345678"}))
    again = asyncio.run(store.retrieve("090-1234-5678"))  # the conversation goes on
    assert again is not None
    again.update(UserUttered("もう一度"))
    asyncio.run(store.save(again))
    stored = rows(store)
    assert len({sender for sender, *_ in stored}) == 1  # one conversation, under one pseudonym
    events = [json.loads(data) for *_, data in stored]
    everything = json.dumps(stored, ensure_ascii=False) + json.dumps(events, ensure_ascii=False)
    assert "1234" not in everything and "5678" not in everything
    assert events[0]["text"] == "折り返しは [電話番号] へ" and events[0]["metadata"] == {"from": "[電話番号]"}
    tracker = asyncio.run(store.retrieve("090-1234-5678"))
    assert tracker is not None and [e.text for e in tracker.events if isinstance(e, UserUttered)][-1] == "もう一度"


def test_a_slot_holding_the_residents_words_is_stored_masked(store) -> None:
    save(
        store, "s1", UserUttered("1234 5678 9012のカードは何ごみ"),
        SlotSet("waste_item_query", "?1234 5678 9012のカード"), SlotSet("waste_item_candidates", ["090-1234-5678", "電池"]),
        SlotSet("waste_item", None), SlotSet("district", "東町"),
    )  # fmt: skip
    slots = [json.loads(data) for *_, data in rows(store) if json.loads(data)["event"] == "slot"]
    assert [(slot["name"], slot["value"]) for slot in slots] == [
        ("waste_item_query", "?[12桁の番号]のカード"), ("waste_item_candidates", ["[電話番号]", "電池"]),
        ("waste_item", None), ("district", "東町"),
    ]  # fmt: skip


def test_sql_errors_do_not_carry_what_residents_typed(store) -> None:
    import sqlalchemy as sa

    insert = sa.text("INSERT INTO events (sender_id, type_name, data) VALUES (:sender, NULL, :data)")
    with pytest.raises(sa.exc.StatementError) as error, store.engine.connect() as connection:
        connection.execute(insert, {"sender": "s", "data": "電話は09012345678"})
    assert "09012345678" not in str(error.value)


def test_sqlite_conversations_are_written_in_wal_mode_on_one_kept_connection(store) -> None:
    save(store, "s1", UserUttered("粗大ごみ"))
    tracker = asyncio.run(store.retrieve("s1"))
    assert tracker is not None
    tracker.update(UserUttered("ソファ"))
    asyncio.run(store.save(tracker))
    assert store.engine.pool.checkedin() == 1  # Rasa's own store opens a connection per read and write
    with sqlite3.connect(store.engine.url.database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    again = asyncio.run(store.retrieve("s1"))
    assert again is not None and [e.text for e in again.events if isinstance(e, UserUttered)] == ["粗大ごみ", "ソファ"]


def test_turns_saved_once_or_twice_are_stored_once_each(store) -> None:
    from rasa.shared.core.events import SessionStarted

    start = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    asyncio.run(store.save(DialogueStateTracker.from_events("s1", start)))
    expected = ["action", "session_started", "action"]
    for turn in range(3):
        tracker = asyncio.run(store.retrieve("s1"))  # knows how many of its events are stored
        assert tracker is not None
        tracker.update(UserUttered(f"質問{turn}"))
        tracker.update(ActionExecuted("utter_greet"))
        asyncio.run(store.save(tracker))
        tracker.update(ActionExecuted("action_listen"))
        asyncio.run(store.save(tracker))  # the same tracker again: counted in the database
        expected += ["user", "action", "action"]
    assert [event["event"] for event in (json.loads(row[3]) for row in rows(store))] == expected
    again = asyncio.run(store.retrieve("s1"))
    # the session as Rasa reads it: from its session_started event on
    assert again is not None and [e.as_dict()["event"] for e in again.events] == expected[1:]


def stored_kinds(database: str) -> list:
    with sqlite3.connect(database) as db:
        return [
            (json.loads(data)["event"], json.loads(data).get("name"))
            for (data,) in db.execute("SELECT data FROM events ORDER BY id")
        ]


def count_queries(store: MaskingSQLTrackerStore) -> list:
    import sqlalchemy as sa

    seen: list = []
    sa.event.listen(
        store.engine, "before_cursor_execute", lambda *args: seen.append(args[2]) if "count(" in args[2].lower() else None
    )
    return seen


def test_a_new_conversation_saved_twice_is_counted_once_and_stored_as_rasas_store_stores_it(tmp_path: Path) -> None:
    """A new conversation is saved when it is created and again at the end of its first turn;
    the second save knows the count (no session start stored), and later saves go on as Rasa's."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted

    ours = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "ours.db"))
    rasas = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "rasa.db"))
    counted = count_queries(ours)

    async def conversation(store: SQLTrackerStore) -> None:
        tracker = await store.get_or_create_tracker("s1")  # none stored; saved once: [action_listen]
        for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                      UserUttered("粗大ごみ"), ActionExecuted("utter_greet")):  # fmt: skip
            tracker.update(event)
        await store.save(tracker)  # saved again, a session start among the new events
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)  # and again: now counted in the database, as Rasa does
        again = await store.retrieve("s1")
        assert again is not None
        again.update(UserUttered("ソファ"))
        await store.save(again)

    asyncio.run(conversation(rasas))
    asyncio.run(conversation(ours))
    assert stored_kinds(str(tmp_path / "ours.db")) == stored_kinds(str(tmp_path / "rasa.db"))
    assert len(counted) == 1  # Rasa's store counts at each of its 4 saves; here only the third


def test_the_latest_session_is_read_and_counted_as_rasas_query_reads_it(store) -> None:
    """Events before, at and after the latest session start, one stored later with an older
    timestamp, one without a timestamp, other conversations beside: the same rows as Rasa's."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted

    def stamped(event, timestamp):
        event.timestamp = timestamp
        return event

    conversations = {
        "a": [stamped(UserUttered("一"), 1.0), stamped(SessionStarted(), 3.0), stamped(UserUttered("二"), 4.0),
              stamped(SessionStarted(), 5.0), stamped(UserUttered("三"), 6.0), stamped(UserUttered("四"), 4.5),
              stamped(UserUttered("五"), 5.0)],
        "b": [stamped(SessionStarted(), 9.0), stamped(UserUttered("六"), 10.0)],
        "c": [stamped(UserUttered("七"), 2.0), stamped(ActionExecuted("action_listen"), 1.0)],
    }  # fmt: skip
    for sender, events in conversations.items():
        save(store, sender, *events)
    with sqlite3.connect(store.engine.url.database) as db:
        db.execute("UPDATE events SET timestamp = NULL WHERE data LIKE '%u4e94%'")  # 五, as JSON escapes it
    for sender in [*conversations, "nobody"]:
        with store.session_scope() as session:
            rasas = SQLTrackerStore._event_query(store, session, store.stored_sender(sender), False)
            expected = [data for (data,) in rasas.with_entities(store.SQLEvent.data).all()]
            ours = [data for (data,) in session.execute(store._latest_session_data, {"sender_id": store.stored_sender(sender)})]
            counted = session.execute(store._latest_session_count, {"sender_id": store.stored_sender(sender)}).scalar_one()
        assert ours == expected and counted == len(expected)
        assert store._direct is not None and store._direct.latest_session(store.stored_sender(sender)) == expected
    assert [json.loads(data)["text"] for data in expected_for(store, "a") if "text" in json.loads(data)] == ["三"]


def expected_for(store: MaskingSQLTrackerStore, sender: str) -> list:
    with store.session_scope() as session:
        return [data for (data,) in session.execute(store._latest_session_data, {"sender_id": store.stored_sender(sender)})]


def all_rows(database: str) -> list:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT id, sender_id, type_name, timestamp, intent_name, action_name, data FROM events").fetchall()


def test_turns_go_straight_to_sqlite_and_are_stored_and_read_as_through_the_session(tmp_path: Path, monkeypatch) -> None:
    """The direct path (the count known, SQLite) writes and reads the very rows the ORM session
    writes and reads; a save that must count, and every other database, take the session."""
    import time

    import sqlalchemy as sa
    from rasa.shared.core.events import BotUttered, SessionStarted

    monkeypatch.setattr(time, "time", lambda: 1.0)  # the new conversations' first event
    direct = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "direct.db"))
    session = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "session.db"))
    session._direct = None
    statements: list = []
    sa.event.listen(direct.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    parse = {"intent": {"name": "waste", "confidence": 0.9}, "entities": [], "text": "電話は090-1234-5678です"}

    async def conversation(store: MaskingSQLTrackerStore) -> list:
        tracker = await store.get_or_create_tracker("+819012345678")
        for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                      UserUttered("電話は090-1234-5678です", parse_data=parse, metadata={"from": "a@b.jp"}),
                      BotUttered("はい"), ActionExecuted("utter_greet")):  # fmt: skip
            event.timestamp = 1.0 + len(tracker.events)
            tracker.update(event)
        await store.save(tracker)
        tracker.update(ActionExecuted("action_listen", timestamp=99.0))
        await store.save(tracker)  # counted: through the session
        again = await store.retrieve("+819012345678")
        assert again is not None
        again.update(UserUttered("ソファ", timestamp=100.0))
        await store.save(again)
        final = await store.retrieve("+819012345678")
        assert final is not None
        return [event.as_dict() for event in final.events]

    assert asyncio.run(conversation(direct)) == asyncio.run(conversation(session))
    assert all_rows(str(tmp_path / "direct.db")) == all_rows(str(tmp_path / "session.db"))
    assert "090-1234-5678" not in str(all_rows(str(tmp_path / "direct.db")))
    assert len(statements) == 2  # the counted save's count and insert; the other saves and reads go direct
    with pytest.raises(UnstorableEvent):
        tracker = asyncio.run(direct.retrieve("+819012345678"))
        assert tracker is not None
        tracker.update(ActionExecuted("\udc18"))  # not text: this save fails, the store goes on
        asyncio.run(direct.save(tracker))
    assert all_rows(str(tmp_path / "direct.db")) == all_rows(str(tmp_path / "session.db"))
    with sqlite3.connect(str(tmp_path / "direct.db")) as db:
        db.execute("ALTER TABLE events RENAME TO events_away")  # the store fails
    with pytest.raises(sa.exc.OperationalError):  # as through the session: the REST channel's 503
        asyncio.run(direct.retrieve("+819012345678"))
    in_memory = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=":memory:")  # no kept connection
    assert in_memory._direct is None
