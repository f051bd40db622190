"""A turn whose custom action could not reach the action server is refused, not half stored.

Rasa catches every failure of a custom action ("Bot will continue, but the actions events are
lost"): with the action servers of `make cluster` unreachable, a form turn was answered
`200 []` and stored without the form's events, so the resident's half-filled form was
forgotten (checked from outside on 2026-12-03: the move type chosen, both action servers
killed, the next answer read as a new question). Here an action that could not reach its
server (refused or dropped connection, timeout, a 502/503/504 from nginx) is noted for the
turn, and the turn is not saved: the REST channel (bot/channels.py) answers 503 with the
reason, as for a store that is down, and the resident's next try goes on from the form's
last stored step. An action that ran and failed (a 500, a rejected form value) keeps Rasa's
own handling. After the first unreached action the turn's other custom actions are not
called (Rasa goes on after a failed form and runs the skill's answer action): with the
action servers hung rather than dead, each call would wait out nginx's timeouts (30 s, tried
on both servers), and the turn is refused anyway.
"""

from __future__ import annotations

import asyncio
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator, List, Optional

import aiohttp
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError

# What nginx answers when no action server took the call.
UNAVAILABLE_STATUSES = {502, 503, 504}

_unreached: ContextVar[Optional[List[str]]] = ContextVar("unreached_actions", default=None)


class ActionServerUnreachable(Exception):
    """Raised instead of saving a turn in which these actions could not reach their server."""

    def __init__(self, actions: List[str]) -> None:
        super().__init__(f"the action server did not answer for {', '.join(actions)}")
        self.actions = actions


@contextmanager
def watching() -> Iterator[None]:
    """One turn: its actions that cannot reach their server stop it from being saved."""
    token = _unreached.set([])
    try:
        yield
    finally:
        _unreached.reset(token)


def unreachable(error: BaseException) -> bool:
    """Whether this failure (or the one Rasa wrapped in it) means the server was not reached."""
    seen: Optional[BaseException] = error
    for _ in range(5):  # Rasa wraps aiohttp's error once (`raise RasaException(...) from e`)
        if seen is None:
            return False
        if isinstance(seen, (ClientResponseError, aiohttp.ClientResponseError)):  # Rasa's own, and aiohttp's
            return seen.status in UNAVAILABLE_STATUSES
        if isinstance(seen, (aiohttp.ClientConnectionError, asyncio.TimeoutError)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def install() -> None:
    if getattr(RemoteAction.run, "notes_unreached_servers", False):
        return
    run_action = RemoteAction.run
    save_tracker = MessageProcessor.save_tracker

    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        failed = _unreached.get()
        if failed:  # the turn will not be stored: its next actions are not waited for too
            raise RasaException(f"Failed to execute custom action '{self.name()}': not called after {failed[0]}")
        try:
            return await run_action(self, *args, **kwargs)
        except Exception as error:
            if failed is not None and unreachable(error):
                failed.append(self.name())
            raise

    async def save(self: MessageProcessor, tracker: DialogueStateTracker) -> None:
        failed = _unreached.get()
        if failed:
            raise ActionServerUnreachable(failed)
        await save_tracker(self, tracker)

    run.notes_unreached_servers = True  # type: ignore[attr-defined]
    RemoteAction.run = run  # type: ignore[method-assign]
    MessageProcessor.save_tracker = save  # type: ignore[method-assign]
