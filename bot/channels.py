"""Rasa's REST channel behind a token, refusing what is not text before Rasa sees it.

Named in bot/credentials.yml. Only the gateway (which holds MADOGUCHI_RASA_TOKEN) may post
messages; a request with a lone UTF-16 surrogate (raw bytes `ED B0 98` or the JSON escape
`\\udc18`), a NUL character or a body that is not a JSON object gets a 400 with the reason,
instead of reaching the conversation store, whose encoding error would stop Rasa. The message
and metadata are masked (madoguchi/pii.py) and a sender id holding personal information is
replaced by a keyed pseudonym, so neither the store nor Rasa's logs ever hold them raw.
"""

from __future__ import annotations

import hmac
import json
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from madoguchi.pii import mask_tree, pseudonymous_id
from madoguchi.textcheck import text_problem

MAX_SENDER_CHARS = 255  # the SQL store's sender_id column
MAX_MESSAGE_CHARS = 10_000  # the gateway sends at most 500; a bound keeps one turn cheap


def body_problem(body: bytes) -> Optional[str]:
    """Why a message body cannot be taken, or None."""
    try:
        record = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return "the body is not valid UTF-8"
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
    return text_problem(record, "body")


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
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
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

        return blueprint

    async def _extract_sender(self, req: Request) -> Optional[str]:
        sender = await super()._extract_sender(req)
        return pseudonymous_id(sender, self.token) if sender else sender

    def _extract_message(self, req: Request) -> Optional[str]:
        message = super()._extract_message(req)
        return mask_tree(message)

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        return mask_tree(super().get_metadata(request))
