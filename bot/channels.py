"""Rasa's REST channel behind a token, refusing what is not text before Rasa sees it.

Named in bot/credentials.yml. Only the gateway (which holds MADOGUCHI_RASA_TOKEN) may post
messages; a request with a lone UTF-16 surrogate (raw bytes `ED B0 98` or the JSON escape
`\\udc18`), a NUL character or a body that is not a JSON object gets a 400 with the reason,
instead of reaching the conversation store, whose encoding error would stop Rasa. The message
and metadata are masked (madoguchi/pii.py), invisible format characters (bidi controls,
zero-width spaces) are taken out of the message, and a sender id holding personal information is
replaced by a keyed pseudonym, so neither the store nor Rasa's logs ever hold them raw.

A turn that fails inside Rasa is told, not hidden: Rasa's own route answers `200 []` (and
logs the text) whatever went wrong, and its FailSafeTrackerStore starts a fresh in-memory
conversation when the database fails (the resident's half-filled form forgotten, the turn
never stored). Here no model loaded, the store or the lock store down, or any other error
in the turn is a 503 with the reason and `Retry-After: 5`; the turn is not stored, so the
caller (the gateway) may simply send it again. So is a turn whose custom action could not
reach the action server, or that ran and raised (bot/action_outage.py), which Rasa would
store without the action's events (a form's step lost) and answer with nothing.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.lock_store import LockError
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from bot import action_outage
from madoguchi.pii import mask_tree, pseudonymous_id
from madoguchi.textcheck import MAX_DEPTH, text_problem, without_format_characters

MAX_SENDER_CHARS = 255  # the SQL store's sender_id column
MAX_MESSAGE_CHARS = 10_000  # the gateway sends at most 500; a bound keeps one turn cheap
# A model loading, PostgreSQL or Redis restarting (`make cluster`) take seconds: asked to wait
# 5 s, a client retries once or twice instead of hammering a server that is coming back.
RETRY_AFTER_SECONDS = 5

logger = logging.getLogger(__name__)


def body_problem(body: bytes) -> Optional[str]:
    """Why a message body cannot be taken, or None."""
    try:
        record = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return "the body is not valid UTF-8"
    except RecursionError:
        return f"the body is nested more than {MAX_DEPTH} levels deep"
    except ValueError:
        return "the body must be a JSON object"
    if not isinstance(record, dict):
        return "the body must be a JSON object"
    message = record.get("message")
    if not isinstance(message, str) or len(message) > MAX_MESSAGE_CHARS:
        return f"'message' must be a string of at most {MAX_MESSAGE_CHARS} characters"
    sender = record.get("sender")
    if sender is not None and (not isinstance(sender, str) or not sender or len(sender) > MAX_SENDER_CHARS):
        return f"'sender' must be a string of 1 to {MAX_SENDER_CHARS} characters"
    if record.get("metadata") is not None and not isinstance(record["metadata"], dict):
        return "'metadata' must be a JSON object"  # Rasa's turn failed on any other
    return text_problem(record, "body") or payload_problem(message)


def payload_problem(message: str) -> Optional[str]:
    """An intent payload (`/intent{...}`, as buttons send) whose entities Rasa could not
    take: nested deeper than any button's, which Rasa's own parsing and masking recurse into."""
    name, brace, entities = message.partition("{")
    if not message.startswith("/") or not brace:
        return None
    try:
        value = json.loads(brace + entities)
    except RecursionError:
        return f"'message': the payload of {name} is nested more than {MAX_DEPTH} levels deep"
    except ValueError:
        return None  # not JSON: Rasa reads it as text
    return text_problem(value, f"'message': the payload of {name}")


class GuardedRestInput(RestInput):
    def __init__(self, token: str) -> None:
        self.token = token

    @classmethod
    def name(cls) -> str:
        return "rest"  # the same URL as Rasa's own: /webhooks/rest/webhook

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "GuardedRestInput":
        token = str((credentials or {}).get("token") or "")
        if not token:
            raise RasaException("bot.channels.GuardedRestInput needs `token:` in credentials.yml")
        return cls(token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's routes (`/` health, `/webhook`), behind the guard, with failures told (see above).
        Rasa's `?stream=true` is not offered: the gateway waits for the whole answer."""
        webhook = Blueprint(f"guarded_rest_{type(self).__name__}", __name__)

        @webhook.middleware("request")
        async def guard(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST":
                return None  # the health check
            provided = request.args.get("token") or ""
            if not hmac.compare_digest(provided.encode(), self.token.encode()):
                return response.json({"error": "a valid token is needed (?token=)"}, status=401)
            problem = body_problem(request.body)
            if problem:
                return response.json({"error": problem}, status=400)
            return None

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            agent: Optional[Agent] = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return unavailable("no model is loaded yet")
            message = UserMessage(
                self._extract_message(request), CollectingOutputChannel(), await self._extract_sender(request),
                input_channel=self._extract_input_channel(request), metadata=self.get_metadata(request),
                message_id=request.headers.get("X-Request-Id") or None,
            )  # fmt: skip
            try:
                with action_outage.watching():
                    return response.json(await self.run_turn(agent, message))
            except action_outage.ActionServerUnreachable as error:
                logger.error("%s: the turn is not stored", error)
                return unavailable("the action server is unavailable")
            except action_outage.ActionFailed as error:  # Rasa logged its exception
                logger.error("%s: the turn is not stored", error)
                return unavailable("a custom action failed")
            except LockError as error:
                logger.error("lock store unavailable: %s", type(error).__name__)
                return unavailable("the conversation lock store is unavailable")
            except SQLAlchemyError as error:
                logger.error("conversation store unavailable: %s", type(error).__name__)
                return unavailable("the conversation store is unavailable")
            except Exception:  # any other failure of the turn: told, logged, Rasa keeps serving
                logger.exception("the turn failed")
                return unavailable("the turn failed")

        return webhook

    async def run_turn(self, agent: Agent, message: UserMessage) -> List[Dict[str, Any]]:
        """The bot's messages for one user message, under the conversation's lock (as
        Rasa's Agent.handle_message), with the store's errors reaching the channel."""
        without_fallback(agent)
        async with agent.lock_store.lock(message.sender_id):
            await agent.processor.handle_message(message)  # type: ignore[union-attr]
        return list(message.output_channel.messages)  # type: ignore[attr-defined]

    async def _extract_sender(self, req: Request) -> Optional[str]:
        sender = await super()._extract_sender(req)
        return pseudonymous_id(sender, self.token) if sender else sender

    def _extract_message(self, req: Request) -> Optional[str]:
        message = super()._extract_message(req)
        return mask_tree(without_format_characters(message) if isinstance(message, str) else message)

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        return mask_tree(super().get_metadata(request))


def unavailable(reason: str) -> HTTPResponse:
    return response.json({"error": f"{reason}; try again"}, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def without_fallback(agent: Agent) -> TrackerStore:
    """The real store, for the agent and its processor: errors reach the channel (see above)."""
    if isinstance(agent.tracker_store, FailSafeTrackerStore):
        agent.tracker_store = agent.tracker_store._tracker_store
    if agent.processor is not None and isinstance(agent.processor.tracker_store, FailSafeTrackerStore):
        agent.processor.tracker_store = agent.tracker_store
    return agent.tracker_store
