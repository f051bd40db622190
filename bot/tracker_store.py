"""The conversation store, with personal information masked before anything is written.

Rasa's SQL tracker store (SQLite by default, PostgreSQL by configuration) keeps every
event; this subclass writes masked copies of what residents typed, so a phone number or a
12-digit number never reaches the database. The bot's own messages are corpus text (the
city's numbers among them) and are stored as they are. The live
conversation is not changed: the turn in progress still sees what was typed.

Named in bot/endpoints.yml as `type: bot.tracker_store.MaskingSQLTrackerStore`.
"""

from __future__ import annotations

import copy
from typing import Any, Iterator

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from madoguchi.pii import mask_pii


def masked_event(event: Event) -> Event:
    if isinstance(event, UserUttered) and event.text:
        masked = copy.deepcopy(event)
        masked.text = mask_pii(event.text)
        if masked.parse_data.get("text"):
            masked.parse_data["text"] = masked.text
        return masked
    return event


class MaskingSQLTrackerStore(SQLTrackerStore):
    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        return (masked_event(event) for event in super()._additional_events(session, tracker))
