"""A bound on request bodies, before the gateway reads them.

uvicorn and FastAPI read a whole body into memory before anything checks it: one 300 MB
post to the chat API took the gateway from 0.3 to 0.9 GB, and a few at once (any web page
can send them) would exhaust the machine. A body larger than its route needs is refused
with 413, by its Content-Length before a byte is read, or once a chunked body passes the
bound. The console's uploads get their 20 MB (and the form around them); everything else,
chat turns, feedback and Twilio's webhooks, is a few kilobytes.
"""

from __future__ import annotations

from typing import Dict, Optional

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_BYTES = 256 * 1024
UPLOAD_BYTES = 21 * 1024 * 1024  # the console's 20 MB files (console/routes.py) and their form
LARGER = {"/console/corpus.xlsx": UPLOAD_BYTES, "/console/faq-import": UPLOAD_BYTES}


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"the request body is larger than {limit // 1024} KB")


def declared_length(scope: Scope) -> Optional[int]:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class BodyLimit:
    def __init__(self, app: ASGIApp, default: int = DEFAULT_BYTES, larger: Optional[Dict[str, int]] = None) -> None:
        self.app, self.default, self.larger = app, default, LARGER if larger is None else larger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.default)
        declared = declared_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(limit, scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)  # FastAPI passes it on; answered below if not before
            return message

        started = False

        async def noted(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, noted)
        except BodyTooLarge:
            if not started:
                await self._refuse(limit, scope, receive, send)

    @staticmethod
    async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        error = BodyTooLarge(limit)
        response = JSONResponse({"detail": error.detail}, status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)
