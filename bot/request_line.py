"""A request line whose URL is not UTF-8 gets a 400, not a dropped connection (Sanic 21.12).

Sanic decodes the request line with `surrogateescape` and then encodes the URL back as
strict UTF-8 (`http1_request_header`); raw bytes such as `ED B0 98` (a lone surrogate) or
`FF FE` in the path raise there, and again in the error handler's own `url.encode()`
(`create_empty_request`), so the connection is closed without an answer. Behind nginx
(`make cluster`) a closed connection counts as a failed server: one such request passed
both Rasa servers over for 5 s, every resident's turn a 502 meanwhile (checked from outside
on 2026-12-03). Here such a request gets a 400 with the reason, and the connection closes.
Installed by the Rasa server (bot/rasa_server.py) and the action server
(bot/action_server.py), both Sanic 21.12.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from sanic.http import Http

ANSWER = b'{"error": "the URL is not valid UTF-8"}'
REFUSAL = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n%s" % (
    len(ANSWER),
    ANSWER,
)


def install() -> None:
    if getattr(Http.error_response, "refuses_non_utf8_urls", False):
        return
    Http.error_response = _refusing_non_utf8_urls(Http.error_response)  # type: ignore[method-assign, assignment]


def _refusing_non_utf8_urls(
    error_response: Callable[[Http, Exception], Awaitable[None]],
) -> Callable[[Http, Exception], Awaitable[None]]:
    async def answer(self: Http, exception: Exception) -> None:
        # Answered here, not through the app: its request middleware (the token checks) would
        # run first on Sanic's stand-in request and refuse with their own reason.
        if isinstance(exception, UnicodeError) and getattr(self, "request", None) is None:
            self.keep_alive = False
            transport: Any = self.protocol.transport
            if transport is not None and not transport.is_closing():
                transport.write(REFUSAL)
            return
        await error_response(self, exception)

    answer.refuses_non_utf8_urls = True  # type: ignore[attr-defined]
    return answer
