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
- A store that is down is an error, not amnesia. Rasa wraps the tracker store in a
  FailSafeTrackerStore that, on a database error, starts a fresh conversation and keeps it
  in memory (lost, and the resident's half-filled form forgotten). Here the store errors
  reach the channel, which answers 503 with the reason; the turn is not stored, so the
  resident simply sends it again once the store is back.
- The lock store (Redis) down is a 503 too: no turn runs without its conversation's lock.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Dict, List, Optional

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, TrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.channels import GuardedRestInput

logger = logging.getLogger(__name__)


class _RunOnceRestInput(RestInput):
    """The routes; GuardedRestInput puts its guard (token, text only) in front of them."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable) -> Blueprint:
        webhook = Blueprint("cluster_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not isinstance(request.json, dict) or not isinstance(request.json.get("message"), str):
                return response.json({"error": 'send {"sender": "...", "message": "..."}'}, status=400)
            agent: Optional[Agent] = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return response.json({"error": "no model is loaded yet"}, status=503)
            message = UserMessage(
                self._extract_message(request), CollectingOutputChannel(), await self._extract_sender(request),
                input_channel=self._extract_input_channel(request), metadata=self.get_metadata(request),
                message_id=request.headers.get("X-Request-Id") or None,
            )  # fmt: skip
            try:
                return response.json(await _run_once(agent, message))
            except LockError as error:
                logger.error("lock store unavailable: %s", error)
                return response.json({"error": "the conversation lock store is unavailable; try again"}, status=503)
            except SQLAlchemyError as error:
                logger.error("conversation store unavailable: %s", type(error).__name__)
                return response.json({"error": "the conversation store is unavailable; try again"}, status=503)

        return webhook


class ClusterRestInput(GuardedRestInput, _RunOnceRestInput):
    """Named in deploy/cluster/credentials.yml, with the same `token:` as bot.channels'."""


async def _run_once(agent: Agent, message: UserMessage) -> List[Dict[str, Any]]:
    store = _without_fallback(agent)
    async with agent.lock_store.lock(message.sender_id):
        if message.message_id and isinstance(store, SQLTrackerStore):
            stored = _stored_answer(store, message.sender_id or "", message.message_id)
            if stored is not None:
                logger.warning("turn %s was already answered: sent again from the store", message.message_id)
                return await _as_sent(message.sender_id or "", stored)
        await agent.processor.handle_message(message)  # type: ignore[union-attr]
    return list(message.output_channel.messages)  # type: ignore[attr-defined]


def _without_fallback(agent: Agent) -> TrackerStore:
    """The real store, for the agent and its processor: errors reach the channel (see above)."""
    if isinstance(agent.tracker_store, FailSafeTrackerStore):
        agent.tracker_store = agent.tracker_store._tracker_store
    if agent.processor is not None and isinstance(agent.processor.tracker_store, FailSafeTrackerStore):
        agent.processor.tracker_store = agent.tracker_store
    return agent.tracker_store


def _stored_answer(store: SQLTrackerStore, sender_id: str, message_id: str) -> Optional[List[Dict[str, Any]]]:
    """The bot messages stored after the user message with this id, or None if there is none."""
    event = store.SQLEvent
    stored_sender = getattr(store, "stored_sender", None)  # the masking store's id for a sender
    sender_id = stored_sender(sender_id) if stored_sender else sender_id
    with store.session_scope() as session:
        user_event_id = (
            session.query(event.id)
            .filter(event.sender_id == sender_id, event.type_name == "user", event.data.contains(message_id))
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
