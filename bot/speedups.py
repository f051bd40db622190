"""Speed-ups for the Rasa server, installed before it starts (bot/rasa_server.py, which
`make run`, `make cluster` and the test servers use, and bot/agent.py in-process).

What they remove, measured with py-spy on the Rasa and action servers (2026-12-03):

- The action result schema: Rasa calls `jsonschema.validate(result, schema)`, which first
  validates the *schema* against the JSON Schema meta-schema, at every custom action call
  (a form turn makes two or three): two thirds of the Rasa server's time on a form turn.
  Here the validator is built and the schema checked once; every answer is still
  validated, each event against its own kind of event only (bot/action_results.py), with
  Rasa's own error message when it is wrong.
- The domain in every action call: Rasa sends the whole domain (600 kB of JSON here, nearly
  all of it the FAQ answers) with each call, a fifth of the Rasa server's time in
  `json.dumps` and a quarter of the action server's in parsing it. The action server reads
  only slots and forms (rasa-sdk's form validation) and never a response (Rasa itself
  renders them), so the calls carry the domain without `responses`.
- A new HTTP connection per action call: Rasa opens an aiohttp session for every request.
  Here each endpoint keeps one session (and its connections) per event loop.
- Reading a stored event: `Event.resolve_by_type` walks every subclass of Event (with an
  `inspect.isabstract` check each) to find the class of one event; loading a 60-event
  conversation spent half its time there. Here each type name is resolved once, by Rasa's
  own function, and remembered (event classes do not change while the server runs).
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Dict, Optional, Tuple, Type

import aiohttp
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

from bot import action_results, debug_copies, graph_runner, once_computed, per_message, plain_copies, rule_lookup, sparse_rows

# What the action server never reads: Rasa renders responses itself from their names.
NOT_FOR_ACTIONS = ("responses",)
# Idle connections are dropped before the action server's own keep-alive (Sanic: 5 s) ends,
# so that a request never goes out on a connection the server is closing.
KEEPALIVE_SECONDS = 4.0

_installed = False
_sessions: Dict[Tuple[int, str], Tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = {}


def install() -> None:
    global _installed
    if _installed:
        return
    RemoteAction._validate_action_result = _cached_validator()  # type: ignore[method-assign]
    original_call_format = RemoteAction._action_call_format

    def action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> Dict[str, Any]:
        result = original_call_format(self, tracker, domain)
        if "domain" in result:
            result["domain"] = action_domain(result["domain"])
        return result

    RemoteAction._action_call_format = action_call_format  # type: ignore[method-assign]
    EndpointConfig.session = kept_session  # type: ignore[method-assign, assignment]
    Event.resolve_by_type = staticmethod(_remembered_resolver(Event.resolve_by_type))  # type: ignore[method-assign]
    rule_lookup.install()
    graph_runner.install()
    per_message.install()
    plain_copies.install()
    once_computed.install()
    sparse_rows.install()
    debug_copies.install()
    _installed = True


def _remembered_resolver(resolve: Callable[..., Optional[Type[Event]]]) -> Callable[..., Optional[Type[Event]]]:
    found: Dict[str, Type[Event]] = {}

    def resolve_by_type(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        cls = found.get(type_name)
        if cls is None:
            cls = resolve(type_name, default)
            if cls is not None and cls is not default:  # only what Rasa found by the name
                found[type_name] = cls
        return cls

    return resolve_by_type


def _cached_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    is_valid = action_results.checker(schema)

    def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        if is_valid(result):
            return True
        try:  # not valid: Rasa's validator on the whole answer, for Rasa's own error
            validator.validate(result)
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your response from the Action "
                f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise
        return True

    return validate_action_result


_action_domains: Dict[int, Tuple[Dict[str, Any], Dict[str, Any]]] = {}


def action_domain(domain: Dict[str, Any]) -> Dict[str, Any]:
    """The domain as the action server gets it: without what it never reads. Built once per
    domain (`Domain.as_dict` returns the loaded domain's own dictionary; a new model, a new one)."""
    cached = _action_domains.get(id(domain))
    if cached is None or cached[0] is not domain:
        slim = {key: value for key, value in domain.items() if key not in NOT_FOR_ACTIONS}
        _action_domains.clear()  # one model at a time: the old domain's entry goes
        _action_domains[id(domain)] = cached = (domain, slim)
    return cached[1]


class _KeptSession:
    """`async with endpoint.session()` on a kept session: the block leaves it open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


def kept_session(self: EndpointConfig) -> _KeptSession:
    """Rasa's `EndpointConfig.session`, kept open per event loop and per headers and auth."""
    loop = asyncio.get_running_loop()
    key = (id(loop), repr((sorted(self.headers.items()), sorted(self.basic_auth.items()))))
    kept = _sessions.get(key)
    if kept is None or kept[0] is not loop or kept[1].closed:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
        )
        _sessions[key] = kept = (loop, session)
    return _KeptSession(kept[1])


async def close_sessions(loop: Optional[asyncio.AbstractEventLoop] = None) -> None:
    """Close the kept sessions of this event loop (the server stops)."""
    loop = loop or asyncio.get_running_loop()
    for key, (owner, session) in list(_sessions.items()):
        if owner is loop:
            del _sessions[key]
            await session.close()
