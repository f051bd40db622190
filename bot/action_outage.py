"""A turn whose custom action could not reach the action server is refused, not half stored.

Rasa catches every failure of a custom action ("Bot will continue, but the actions events are
lost"): with the action servers of `make cluster` unreachable, a form turn was answered
`200 []` and stored without the form's events, so the resident's half-filled form was
forgotten (checked from outside on 2026-12-03: the move type chosen, both action servers
killed, the next answer read as a new question). Here an action that could not reach its
server (refused or dropped connection, timeout, a 502/503/504 from nginx) is noted for the
turn, and the turn is not saved: the REST channel (bot/channels.py) answers 503 with the
reason, as for a store that is down, and the resident's next try goes on from the form's
last stored step. An action that was reached but ran and raised (a 500 from the action
server, an exception in the in-process executor, an answer that breaks Rasa's schema) is
refused the same way, as ActionFailed: Rasa answered `200 []`, which the widget showed as
an error and a caller heard as a bare 「9を押すと…」 with nothing before it. Refused, the
widget shows its apology with the city's number in the resident's language and a caller
hears the `skill_down` apology and the main menu (ivr/calls.py); the exception is logged.
A rejected form value (ActionExecutionRejection) is not a failure: Rasa's form asks again.
After the first failed action the turn's other custom actions are not called (Rasa goes on
after a failed form and runs the skill's answer action): with the action servers hung
rather than dead, each call would wait out nginx's timeouts (30 s, tried on both servers),
and the turn is refused anyway.

A resident in the middle of a form is not held in it by an outage. Every message in a form
first goes to the form's validation action (validate_<form>), on the action servers: with
them down, 「やめる」 and an FAQ question were refused too, turn after turn. When that call
fails and the message is one the form's rules answer in its stead (「やめる」, a category's
FAQ, staff, a greeting …: madoguchi/corpus/generate.py's interrupting_intents), it is taken
as the form's own answer to such a message would be, a rejection ("not an answer to my
question"): Rasa's rules then answer it in this process (the FAQ, then 「続けますか」; or the
form stopped by action_stop_form, a LOCAL_ACTION), and the form's answers so far are kept
for when the servers are back. Nothing of the skill is run here: an answer to the form's
question still needs the action servers and is refused as above.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator, List, Optional, Tuple

import aiohttp
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError

logger = logging.getLogger(__name__)

# What nginx answers when no action server took the call.
UNAVAILABLE_STATUSES = {502, 503, 504}

VALIDATE_PREFIX = "validate_"  # Rasa's name of a form's validation action: validate_<form>

# The custom actions of this turn that failed: (name, whether their server was not reached).
_failed: ContextVar[Optional[List[Tuple[str, bool]]]] = ContextVar("failed_actions", default=None)


class ActionServerUnreachable(Exception):
    """Raised instead of saving a turn in which these actions could not reach their server."""

    def __init__(self, actions: List[str]) -> None:
        super().__init__(f"the action server did not answer for {', '.join(actions)}")
        self.actions = actions


class ActionFailed(Exception):
    """Raised instead of saving a turn in which this action ran and raised."""

    def __init__(self, action: str) -> None:
        super().__init__(f"the custom action {action} failed")
        self.action = action


@contextmanager
def watching() -> Iterator[None]:
    """One turn: an action that cannot reach its server, or fails there, stops it from being saved."""
    token = _failed.set([])
    try:
        yield
    finally:
        _failed.reset(token)


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


def leaves_the_form(action: str, tracker: DialogueStateTracker) -> bool:
    """Whether the failed action is a form's validation and the message asks for something the
    form's rules answer instead (stop, an FAQ category, staff …), so that it needs no skill."""
    from madoguchi.corpus.generate import interrupting_intents
    from madoguchi.corpus.live import current_corpus

    if not action.startswith(VALIDATE_PREFIX) or tracker.active_loop_name != action[len(VALIDATE_PREFIX) :]:
        return False
    intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
    return intent in interrupting_intents(current_corpus())


def refusal(failed: List[Tuple[str, bool]]) -> Exception:
    """Why the turn is not stored: servers not reached, else the action that raised."""
    unreached = [name for name, not_reached in failed if not_reached]
    return ActionServerUnreachable(unreached) if unreached else ActionFailed(failed[0][0])


def install() -> None:
    if getattr(RemoteAction.run, "notes_unreached_servers", False):
        return
    run_action = RemoteAction.run
    save_tracker = MessageProcessor.save_tracker

    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        failed = _failed.get()
        if failed:  # the turn will not be stored: its next actions are not waited for too
            raise RasaException(f"Failed to execute custom action '{self.name()}': not called after {failed[0][0]}")
        try:
            return await run_action(self, *args, **kwargs)
        except ActionExecutionRejection:  # a form value refused: the form asks again
            raise
        except Exception as error:
            tracker = args[2] if len(args) > 2 else kwargs.get("tracker")
            if isinstance(tracker, DialogueStateTracker) and leaves_the_form(self.name(), tracker):
                logger.warning("%s failed (%s); the message is not an answer to the form: answered here", self.name(), error)
                raise ActionExecutionRejection(self.name(), "the validation failed on a message that leaves the form") from error
            if failed is not None:
                failed.append((self.name(), unreachable(error)))
            raise

    async def save(self: MessageProcessor, tracker: DialogueStateTracker) -> None:
        failed = _failed.get()
        if failed:
            raise refusal(failed)
        await save_tracker(self, tracker)

    run.notes_unreached_servers = True  # type: ignore[attr-defined]
    RemoteAction.run = run  # type: ignore[method-assign]
    MessageProcessor.save_tracker = save  # type: ignore[method-assign]
