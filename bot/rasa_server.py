"""`python -m bot.rasa_server <rasa run options>`: `rasa run` with the HTTP API token from the
settings (MADOGUCHI_RASA_TOKEN), so the token never appears on a command line, and with every
request body checked before Rasa reads it: a body that is not UTF-8, or JSON holding a lone
surrogate or a NUL, gets a 400 with the reason on any endpoint (the REST channel checks again,
bot/channels.py), never a 500 or a store error. The speed-ups of bot/speedups.py are installed,
and an action endpoint `in-process:bot.actions` runs the custom actions in this process
(bot/in_process_actions.py).

Of Rasa's HTTP API only what the project calls is offered, even to the token holder: the
REST channel, `POST /model/parse` (the gateway), `PUT /model` (the console's retraining),
`GET /status` and `/` (health checks). The rest (reading and writing conversations,
training, testing, the domain, `DELETE /model`, `/version`) is a 404: a leaked token reads
and changes less, and Rasa does not check those bodies (malformed ones gave 500s). The two
offered bodies are checked here for the same reason: 400 with the reason, not Rasa's 500."""

from __future__ import annotations

import hmac
import json
import sys
from pathlib import Path
from typing import Any, Optional, Tuple

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import action_outage, request_line, speedups
from bot.channels import MAX_MESSAGE_CHARS, payload_problem
from bot.in_process_actions import in_process
from madoguchi.settings import Settings
from madoguchi.textcheck import text_problem


def body_problem(body: bytes) -> Optional[str]:
    """Why a request body is not text, or None (bodies that are not JSON, e.g. YAML, pass)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "the body is not valid UTF-8"
    try:
        record = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return text_problem(record, "body")


MAX_BODY_BYTES = 1024 * 1024
OFFERED = {("GET", "/"), ("GET", "/status"), ("POST", "/model/parse"), ("PUT", "/model")}
CHANNELS = "/webhooks/"  # the REST channel, which checks its own requests (bot/channels.py)
NOT_OFFERED = "not offered here: this Rasa server answers the REST channel, POST /model/parse, PUT /model and GET /status"
PARSE = f'send {{"text": "..."}} (at most {MAX_MESSAGE_CHARS} characters)'
LOAD = 'send {"model_file": "<path of a trained model, .tar.gz>"} (models are not fetched from elsewhere)'


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return None


def parse_problem(body: bytes) -> Optional[str]:
    record = _json(body)
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or len(record["text"]) > MAX_MESSAGE_CHARS:
        return PARSE
    if not isinstance(record.get("message_id", ""), str):
        return "'message_id' must be a string"
    return payload_problem(record["text"])  # Rasa's parser recursed into it: a 500


def load_problem(body: bytes) -> Optional[str]:
    record = _json(body)
    if not isinstance(record, dict) or set(record) != {"model_file"} or not isinstance(record["model_file"], str):
        return LOAD
    model = Path(record["model_file"])
    return None if model.name.endswith(".tar.gz") and model.is_file() else f"no trained model at {model}: {LOAD}"


def request_problem(method: str, path: str, body: bytes, authorized: bool) -> Optional[Tuple[int, str]]:
    """(status, reason) for a request Rasa is not to see, or None. The offered bodies are
    checked for the token holder only: Rasa tells anyone else 401, and nothing about files."""
    problem = body_problem(body) if body else None
    if problem:
        return 400, problem
    if path.startswith(CHANNELS):
        return None
    if (method, path) not in OFFERED:
        return 404, NOT_OFFERED
    checks = {("POST", "/model/parse"): parse_problem, ("PUT", "/model"): load_problem}
    problem = checks[(method, path)](body) if authorized and (method, path) in checks else None
    return (400, problem) if problem else None


def guard(app: Sanic, token: str) -> Sanic:
    # Sanic takes 100 MB bodies by default, which the check above would decode and parse on
    # the event loop for anyone; nothing the project sends is near 1 MB.
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    action_outage.install()  # a turn whose action server is down: 503, not stored half

    @app.middleware("request")
    async def refuse_what_is_not_offered_or_not_text(request: Request) -> Optional[HTTPResponse]:
        provided = (request.args.get("token") or "").encode("utf-8", "surrogatepass")
        authorized = hmac.compare_digest(provided, token.encode())
        refused = request_problem(request.method, request.path, request.body, authorized)
        return response.json({"error": refused[1]}, status=refused[0]) if refused else None

    async def close_action_connections(app: Sanic, loop: Any) -> None:
        await speedups.close_sessions(loop)

    app.register_listener(close_action_connections, "after_server_stop")
    return app


def install_in_process_actions() -> None:
    """Rasa reads its endpoints through `AvailableEndpoints.read_endpoints`: an action
    endpoint `in-process:<package>` becomes the in-process executor there."""
    from rasa.core.utils import AvailableEndpoints

    read_endpoints = AvailableEndpoints.read_endpoints.__func__  # type: ignore[attr-defined]

    def read_with_in_process_actions(cls: type, endpoint_file: str) -> AvailableEndpoints:
        endpoints: AvailableEndpoints = read_endpoints(cls, endpoint_file)
        endpoints.action = in_process(endpoints.action)
        return endpoints

    AvailableEndpoints.read_endpoints = classmethod(read_with_in_process_actions)  # type: ignore[assignment, method-assign]


def main() -> None:
    speedups.install()
    request_line.install()
    import rasa.core.run

    configure_app = rasa.core.run.configure_app
    token = Settings().rasa_token

    def guarded_app(*args: Any, **kwargs: Any) -> Sanic:
        return guard(configure_app(*args, **kwargs), token)

    rasa.core.run.configure_app = guarded_app  # serve_application builds the app through it
    install_in_process_actions()
    # one word: a token may begin with "-", which argparse would take for an option
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={token}"]
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
