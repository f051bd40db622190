"""A request line Sanic cannot read gets a 400, not a dropped connection (Sanic 21.12).

Sanic decodes the request line with `surrogateescape` and then encodes the URL back as
strict UTF-8 (`http1_request_header`); raw bytes such as `ED B0 98` (a lone surrogate) or
`FF FE` in the path raise there, a raw NUL in httptools' URL parser, and both again when
the error handler builds its stand-in request from the same URL (`create_empty_request`),
so the connection is closed without an answer. Behind nginx
(`make cluster`) a closed connection counts as a failed server: one such request passed
both Rasa servers over for 5 s, every resident's turn a 502 meanwhile (checked from outside
on 2026-12-03). Here such a request gets a 400 with the reason, and the connection closes.
Installed by the Rasa server (bot/rasa_server.py) and the action server
(bot/action_server.py), both Sanic 21.12.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from sanic.http import Http, Stage

ANSWER = b'{"error": "the request line cannot be read: a URL that is not UTF-8, or a NUL"}'
REFUSAL = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n%s" % (
    len(ANSWER),
    ANSWER,
)


def install() -> None:
    if getattr(Http.error_response, "refuses_unreadable_request_lines", False):
        return
    Http.error_response = _refusing_unreadable_request_lines(Http.error_response)  # type: ignore[method-assign, assignment]


def _refusing_unreadable_request_lines(
    error_response: Callable[[Http, Exception], Awaitable[None]],
) -> Callable[[Http, Exception], Awaitable[None]]:
    async def answer(self: Http, exception: Exception) -> None:
        if self.stage is Stage.REQUEST and getattr(self, "request", None) is None:
            try:
                self.create_empty_request()  # what Sanic's handler does first
            except Exception:
                # Answered here, not through the app: there is no request to give it.
                self.keep_alive = False
                transport: Any = self.protocol.transport
                if transport is not None and not transport.is_closing():
                    transport.write(REFUSAL)
                return
        await error_response(self, exception)

    answer.refuses_unreadable_request_lines = True  # type: ignore[attr-defined]
    return answer
