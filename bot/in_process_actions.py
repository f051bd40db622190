"""Custom actions run inside the Rasa server, without the HTTP round trip to an action server.

Rasa calls an action server over HTTP for every custom action: `action_set_language` after
each message, and two or three calls on a form turn. Measured on the single node
(2026-12-03), each call cost the Rasa server 5-6 ms of CPU (serialising the tracker, aiohttp,
checking the answer) and the action server 2-4 ms (Sanic, parsing), against 0.1-2 ms for the
action itself. With the action endpoint URL `in-process:bot.actions` (the default of
`make run`, MADOGUCHI_ACTIONS_URL) the Rasa server started by bot/rasa_server.py hands the
call to rasa-sdk's own `ActionExecutor`, the code an action server runs, in its own process.
Rasa still checks every answer against its schema; a rejected or unknown action comes back
as the action server would send it (HTTP 400 and 404). `make cluster` keeps separate action
servers (MADOGUCHI_ACTIONS_URL set to their address), but even then the actions that need
no other service (LOCAL_ACTIONS) run here. `action_set_language` runs on every turn, so
with every action server down every turn was refused (503, bot/action_outage.py), an FAQ
answer too, which is a plain response. The 「もしかして」 candidates, the answer to a chosen
candidate and the hand-off to staff read only the corpus, the waste dictionary and the
city's office hours, files the Rasa server has too (it loads the models the console
trains from them): run here, a resident who is not understood during an outage still gets
candidates or the right department's number, never a refusal. Only a turn that needs a
skill (a form) is refused, and every turn saves one HTTP call.

bot/agent.py (tests, `make ask`, `make shell`) uses the same endpoint.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

import aiohttp
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

from bot.actions.context import one_corpus_per_action
from bot.actions.fallback import ActionAnswerChosenFaq, ActionSuggestTopics
from bot.actions.forms import ActionStopForm
from bot.actions.handoff import ActionHumanHandoff
from bot.actions.item_topic import ActionAnswerTopicForItem
from bot.actions.language import ActionSetLanguage
from bot.actions.prepare import prepare

PREFIX = "in-process:"
PACKAGE = "bot.actions"
# Actions that need no store and no other service (the tracker Rasa sends, the corpus and
# data files, the clock), so they run in the Rasa server whatever the endpoint: the language
# of each message, what a resident who was not understood is offered (candidates, the
# chosen one's answer, staff), a topic on a kind of waste asked about one item (an FAQ
# answer), and 「やめる」, which stops a form (the tracker and the domain only): a resident is
# never held in a form by an outage (bot/action_outage.py). The skills' forms and answers
# stay on the action servers.
LOCAL_ACTIONS = (
    ActionSetLanguage,
    ActionSuggestTopics,
    ActionAnswerChosenFaq,
    ActionAnswerTopicForItem,
    ActionHumanHandoff,
    ActionStopForm,
)
# How long a call to an action server may take (Rasa waits 5 minutes). An action takes
# milliseconds; with the action servers hung (kill -STOP) a skill turn waited out nginx's
# timeouts for 60 s, far past the cluster's 10 s conversation lock, and was answered "lock
# store unavailable". With a bound it is refused as with a dead server (bot/action_outage.py).
ACTION_CALL_SECONDS = 5.0


async def run_here(executor: ActionExecutor, call: Dict[str, Any]) -> Any:
    """Rasa's action call run by rasa-sdk's executor, answered as an action server would."""
    try:
        with one_corpus_per_action():  # its corpus() calls look at the files once
            result = await executor.run(call)
    except (ActionExecutionRejection, ActionNotFoundException) as error:
        status = 400 if isinstance(error, ActionExecutionRejection) else 404
        body = {"error": error.message, "action_name": error.action_name}
        raise ClientResponseError(status, type(error).__name__, json.dumps(body)) from None
    # through JSON, as from an action server: an answer that is not JSON fails here, in
    # the action's turn, not later in the conversation store
    return json.loads(json.dumps(result)) if result is not None else None


class InProcessActionEndpoint(EndpointConfig):
    """An action endpoint that runs rasa-sdk actions in this process instead of over HTTP."""

    def __init__(self, package: str = PACKAGE) -> None:
        super().__init__(url=f"{PREFIX}{package}")
        self.executor = ActionExecutor()
        self.executor.register_package(package)
        prepare()

    async def request(
        self,
        method: str = "post",
        subpath: Optional[str] = None,
        content_type: Optional[str] = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any:
        return await run_here(self.executor, kwargs["json"])


class LocalFirstActionEndpoint(EndpointConfig):
    """The action servers' endpoint, except for LOCAL_ACTIONS, which run in this process."""

    def __init__(self, remote: EndpointConfig) -> None:
        super().__init__(
            remote.url,
            remote.params,
            remote.headers,
            remote.basic_auth,
            remote.token,
            remote.token_name,
            remote.cafile,
            type=remote.type,
            **remote.kwargs,
        )
        self.local = ActionExecutor()
        for action in LOCAL_ACTIONS:
            self.local.register_action(action)
        prepare()  # the candidates read the waste dictionary: loaded before the first turn

    async def request(
        self,
        method: str = "post",
        subpath: Optional[str] = None,
        content_type: Optional[str] = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any:
        call = kwargs.get("json")
        if isinstance(call, dict) and call.get("next_action") in self.local.actions:
            return await run_here(self.local, call)
        kwargs["timeout"] = aiohttp.ClientTimeout(total=ACTION_CALL_SECONDS)
        return await super().request(method, subpath, content_type, compress, **kwargs)


def in_process(endpoint: Optional[EndpointConfig]) -> Optional[EndpointConfig]:
    """The action endpoint the Rasa server uses: ours in-process for an `in-process:` URL,
    else the action servers' with LOCAL_ACTIONS run here."""
    if endpoint is None or not endpoint.url:
        return endpoint
    if str(endpoint.url).startswith(PREFIX):
        return InProcessActionEndpoint(str(endpoint.url)[len(PREFIX) :] or PACKAGE)
    return LocalFirstActionEndpoint(endpoint)
