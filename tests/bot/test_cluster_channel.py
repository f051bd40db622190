"""A turn retried on another Rasa server is answered from the store only when its own id is
there (bot/cluster_channel.py; the id may be the client's own X-Request-Id)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cluster_channel import _stored_answer
from bot.tracker_store import MaskingSQLTrackerStore


@pytest.fixture
def store(tmp_path: Path) -> MaskingSQLTrackerStore:
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    events = [
        UserUttered("粗大ごみ 100%", message_id="turn-1"),
        BotUttered("粗大ごみは予約制です。"),
        UserUttered("turn-2 の前に", message_id="turn-2_b"),
        BotUttered("ほかにご質問はありますか。"),
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events("resident-1", events)))
    return store


def test_a_stored_turn_is_found_by_its_own_id(store) -> None:
    assert _stored_answer(store, "resident-1", "turn-1") == [{"text": "粗大ごみは予約制です。"}]
    assert _stored_answer(store, "resident-1", "turn-2_b") == [{"text": "ほかにご質問はありますか。"}]


@pytest.mark.parametrize("message_id", ["%", "_", "turn-", "turn-2", "turn-2%", "100%", "粗大ごみ", '"'])
def test_an_id_that_is_only_part_of_a_stored_one_or_of_the_text_finds_nothing(store, message_id) -> None:
    assert _stored_answer(store, "resident-1", message_id) is None


def test_another_conversations_turn_is_not_found(store) -> None:
    assert _stored_answer(store, "resident-2", "turn-1") is None
