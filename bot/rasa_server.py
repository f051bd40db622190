"""`python -m bot.rasa_server <rasa run options>`: `rasa run` with the HTTP API token from the
settings (MADOGUCHI_RASA_TOKEN), so the token never appears on a command line, and with every
request body checked before Rasa reads it: a body that is not UTF-8, or JSON holding a lone
surrogate or a NUL, gets a 400 with the reason on any endpoint (the REST channel checks again,
bot/channels.py), never a 500 or a store error. The speed-ups of bot/speedups.py are installed,
and an action endpoint `in-process:bot.actions` runs the custom actions in this process
(bot/in_process_actions.py)."""

from __future__ import annotations

import json
import sys
from typing import Any, Optional

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import speedups
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


def guard(app: Sanic) -> Sanic:
    @app.middleware("request")
    async def refuse_what_is_not_text(request: Request) -> Optional[HTTPResponse]:
        problem = body_problem(request.body) if request.body else None
        return response.json({"error": problem}, status=400) if problem else None

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
    import rasa.core.run

    configure_app = rasa.core.run.configure_app

    def guarded_app(*args: Any, **kwargs: Any) -> Sanic:
        return guard(configure_app(*args, **kwargs))

    rasa.core.run.configure_app = guarded_app  # serve_application builds the app through it
    install_in_process_actions()
    token = Settings().rasa_token
    # one word: a token may begin with "-", which argparse would take for an option
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={token}"]
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
