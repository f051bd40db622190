"""Rasa's REST channel for several Rasa servers behind nginx (`make cluster`).

The URL, the token and the guard are those of the project's REST channel
(bot/channels.py: `/webhooks/rest/webhook?token=`, non-text refused, personal information
masked). Three things differ, each because a turn may reach a server that is not the one that
started it:

- A retried turn is not run twice. nginx retries a turn on the other server when the first
  one died (`proxy_next_upstream ... non_idempotent`), with the same `X-Request-Id`; it is
  stored as the user message's id. Under the conversation's lock, a message id that is
  already in the store means the first server finished the turn before it died: the stored
  answer is sent again. A turn the first server did not store is run once, here.
- A store that is down is an error, not amnesia, and the lock store (Redis) down too: as on
  a single node (bot/channels.py), a 503 with the reason and Retry-After; the turn is not
  stored, so the resident simply sends it again once the store is back.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import SQLTrackerStore

from bot.channels import GuardedRestInput, without_fallback

logger = logging.getLogger(__name__)


class ClusterRestInput(GuardedRestInput):
    """Named in deploy/cluster/credentials.yml, with the same `token:` as bot.channels'."""

    async def run_turn(self, agent: Agent, message: UserMessage) -> List[Dict[str, Any]]:
        store = without_fallback(agent)
        async with agent.lock_store.lock(message.sender_id):
            if message.message_id and isinstance(store, SQLTrackerStore):
                stored = _stored_answer(store, message.sender_id or "", message.message_id)
                if stored is not None:
                    logger.warning("turn %s was already answered: sent again from the store", message.message_id)
                    return await _as_sent(message.sender_id or "", stored)
            await agent.processor.handle_message(message)  # type: ignore[union-attr]
        return list(message.output_channel.messages)  # type: ignore[attr-defined]


def _stored_answer(store: SQLTrackerStore, sender_id: str, message_id: str) -> Optional[List[Dict[str, Any]]]:
    """The bot messages stored after the user message with this id, or None if there is none."""
    event = store.SQLEvent
    stored_sender = getattr(store, "stored_sender", None)  # the masking store's id for a sender
    sender_id = stored_sender(sender_id) if stored_sender else sender_id
    # The id is the client's own X-Request-Id when it sends one (deploy/cluster/nginx.conf):
    # match the stored field exactly, as json.dumps wrote it, so that an id such as "%" or a
    # word of the resident's own text never finds another turn.
    stored_field = f'"message_id": {json.dumps(message_id)}'
    with store.session_scope() as session:
        user_event_id = (
            session.query(event.id)
            .filter(
                event.sender_id == sender_id,
                event.type_name == "user",
                event.data.contains(stored_field, autoescape=True),
            )
            .order_by(event.id.desc())
            .limit(1)
            .scalar()
        )
        if user_event_id is None:
            return None
        later = (
            session.query(event.type_name, event.data)
            .filter(event.sender_id == sender_id, event.id > user_event_id)
            .order_by(event.id)
            .all()
        )
    answer: List[Dict[str, Any]] = []
    for type_name, data in later:
        if type_name == "user":
            break
        if type_name == "bot":
            event_data = json.loads(data)
            answer.append({"text": event_data.get("text"), **(event_data.get("data") or {})})
    return answer


async def _as_sent(sender_id: str, stored: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Stored bot messages in the shapes the REST channel sent them (Rasa's own code)."""
    collector = CollectingOutputChannel()
    for message in stored:
        await collector.send_response(sender_id, message)
    return list(collector.messages)
