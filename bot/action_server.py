"""`python -m bot.action_server`: rasa-sdk's action server for `bot.actions`, on the settings'
host and port, answering only calls that carry the shared secret (MADOGUCHI_ACTIONS_TOKEN).

Rasa sends the secret as the query parameter `token` (`action_endpoint: token:` in
bot/endpoints.yml). `/health` stays open for the runner's readiness check. rasa-sdk's own
`python -m rasa_sdk` would listen on 0.0.0.0 with no authentication and wildcard CORS.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any, Dict, Optional, Tuple

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import request_line
from bot.actions.prepare import prepare
from madoguchi.settings import Settings

logger = logging.getLogger(__name__)
OPEN_PATHS = {"/health"}


# What rasa-sdk reads of a call (`Tracker.from_dict`, the executor) and the types it needs:
# anything else was an AttributeError or KeyError inside rasa-sdk, a 500.
CALL_FIELDS: Dict[str, Tuple[type, ...]] = {"next_action": (str,), "tracker": (dict,), "domain": (dict,), "version": (str,)}
TRACKER_FIELDS: Dict[str, Tuple[type, ...]] = {
    "sender_id": (str,), "slots": (dict,), "latest_message": (dict, type(None)), "events": (list,), "paused": (bool,),
    "followup_action": (str, type(None)), "active_loop": (dict,), "active_form": (dict,),
    "latest_action_name": (str, type(None)),
}  # fmt: skip


def _type_problem(record: Dict[str, Any], fields: Dict[str, Tuple[type, ...]]) -> Optional[str]:
    for name, types in fields.items():
        if name in record and not isinstance(record[name], types):
            return f"'{name}' must be {' or '.join('null' if t is type(None) else t.__name__ for t in types)}"
    return None


def call_problem(body: bytes) -> Optional[str]:
    """Why a body is not an action call rasa-sdk can read, or None."""
    try:
        call = json.loads(body)
    except (ValueError, RecursionError):
        call = None
    if not isinstance(call, dict) or "next_action" not in call or not isinstance(call.get("tracker"), dict):
        return "the body must be an action call: a JSON object with 'next_action' and 'tracker'"
    tracker: Dict[str, Any] = call["tracker"]
    problem = _type_problem(call, CALL_FIELDS) or _type_problem(tracker, TRACKER_FIELDS)
    if problem:
        return problem
    if "sender_id" not in tracker:
        return "'sender_id' is missing from 'tracker'"
    if not all(isinstance(event, dict) for event in tracker.get("events", [])):
        return "'events' must be a list of objects"
    return None


def guarded_app(token: str, package: str = "bot.actions") -> Sanic:
    app = create_app(package, cors_origins="")  # no CORS: only Rasa calls, never a browser

    @app.middleware("request")
    async def require_secret(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        provided = request.args.get("token") or ""
        if not hmac.compare_digest(provided.encode(), token.encode()):
            return response.json({"error": "the action server needs the shared secret (?token=)"}, status=401)
        if request.method == "POST" and request.path == "/webhook":
            if request.headers.get("Content-Encoding", "identity") != "identity":
                # Rasa compresses only with COMPRESS_ACTION_SERVER_REQUEST (never set here);
                # rasa-sdk would inflate any size into memory
                return response.json({"error": "compressed action calls are not taken"}, status=415)
            problem = call_problem(request.body)
            if problem:
                return response.json({"error": problem}, status=400)
        return None

    @app.exception(Exception)
    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        # rasa-sdk's own handler echoes the request body (the whole conversation) into the
        # response, which Rasa then logs: name the failure only. Sanic's own refusals (a
        # wrong method, an unknown path, a body that is not JSON) keep their 4xx status.
        if isinstance(exception, SanicException) and exception.status_code < 500:
            return response.json({"error": type(exception).__name__}, status=exception.status_code)
        logger.error("action failed: %s", type(exception).__name__, exc_info=exception)
        return response.json({"error": type(exception).__name__}, status=500)

    return app


def main() -> None:
    settings = Settings()
    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    request_line.install()
    app = guarded_app(settings.actions_token)
    prepare()
    logger.info("action server on http://%s:%s (shared secret required)", settings.host, settings.actions_port)
    app.run(settings.host, settings.actions_port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
