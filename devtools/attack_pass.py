"""`make attack` (with `make run` up): requests an attacker on this machine could send, to
every port the settings name, written as raw bytes so that nothing a client library would
refuse is left out: lone surrogates (raw `ED B0 98` and `\\udc18`), NUL and invalid UTF-8 in
paths, queries, headers and bodies; wrong and broken content types; chunked bodies; HTTP/1.0;
huge headers and bodies; Rasa's HTTP API and the staff console without credentials.

A finding is a 5xx, a request left hanging, a request the server closed without an answer
(behind `make cluster`'s nginx a closed connection counts as a dead server: Sanic closing
on a URL that was not UTF-8 passed every Rasa server over for 5 s), a service that no
longer answers, or a conversation read or changed without the token. Exit status 1 when there is one. Bounded:
about 3,000 requests, a few minutes on a loaded 2-core machine.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Tuple

from madoguchi.settings import Settings

RAW = b"\xed\xb0\x98"  # a lone UTF-16 surrogate, as UTF-8-like bytes
TIMEOUT_SECONDS = 20.0
GATEWAY_PATHS = [b"/api/chat", b"/api/feedback", b"/api/chat/config", b"/voice/incoming", b"/voice/menu?step=1",
                 b"/console/login", b"/console/", b"/console/queue", b"/widget/x", b"/demo/", b"/console/static/x",
                 b"/healthz"]  # fmt: skip
RASA_PATHS = [b"/webhooks/rest/webhook", b"/model/parse", b"/model", b"/conversations/x/tracker",
              b"/conversations/x/tracker/events", b"/conversations/x/messages", b"/status", b"/version", b"/domain",
              b"/"]  # fmt: skip
ACTIONS_PATHS = [b"/webhook", b"/actions", b"/health"]
TARGET_VARIANTS = {
    "raw surrogate in path": lambda p: p + RAW, "escaped surrogate in path": lambda p: p + b"%ED%B0%98",
    "NUL in path": lambda p: p + b"%00", "raw NUL in path": lambda p: p + b"\x00",
    "invalid UTF-8 in path": lambda p: p + b"\xff\xfe",
    "escaped invalid UTF-8": lambda p: p + b"%FF%FE", "raw surrogate in query": lambda p: p + b"?q=" + RAW + b"&token=" + RAW,
    "escaped surrogate in query": lambda p: p + b"?q=%ED%B0%98&token=%ED%B0%98&days=%00&language=%ED%B0%98",
}  # fmt: skip
HEADER_VARIANTS = {
    "raw surrogate": b"X-Test: " + RAW, "NUL": b"X-Test: a\x00b", "invalid UTF-8": b"X-Test: \xff\xfe",
    "surrogate cookie": b"Cookie: madoguchi_staff=" + RAW, "surrogate charset": b"Content-Type: application/json; charset=" + RAW,
    "surrogate forwarded-for": b"X-Forwarded-For: " + RAW, "surrogate request id": b"X-Request-Id: " + RAW,
    "surrogate signature": b"X-Twilio-Signature: " + RAW, "200 kB header": b"X-Test: " + b"a" * 200_000,
}  # fmt: skip
BODIES = {
    "escaped surrogates": b'{"session": "\\udc18", "message": "\\udc18", "sender": "\\udc18", "text": "\\udc18"}',
    "raw surrogates": b'{"session": "' + RAW + b'", "message": "' + RAW + b'", "sender": "' + RAW + b'", "text": "' + RAW + b'"}',
    "NUL": b'{"session": "a\\u0000", "message": "a\\u0000b", "sender": "a\\u0000", "text": "a\\u0000"}',
    "surrogate key": b'{"\\udc18": 1, "message": "x"}',
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "not JSON": b"\x00\xff\xfe" * 1000,
    "invalid UTF-8": b'{"message": "\xff\xfe"}',
    "huge number": b'{"session": "0123456789abcdef0123456789abcdef", "message": 1e999}',
    "deep metadata": b'{"sender": "x", "message": "hi", "metadata": ' + b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"}",
    "form with surrogates": b"CallSid=" + RAW + b"&From=" + RAW + b"&Digits=" + RAW + b"&SpeechResult=%ED%B0%98&name=" + RAW,
}  # fmt: skip
CONTENT_TYPES = [
    b"application/json",
    b"text/plain",
    b"application/x-www-form-urlencoded",
    b"multipart/form-data; boundary=" + RAW,
]


@dataclass
class Pass:
    findings: List[str] = field(default_factory=list)
    sent: int = 0

    def check(self, name: str, port: int, data: bytes, allowed: Callable[[str], bool] = lambda status: True,
              may_hang: bool = False, may_close: bool = False, timeout: float = TIMEOUT_SECONDS) -> str:  # fmt: skip
        self.sent += 1
        status, took = send(port, data, timeout)
        server_error = status.isdigit() and int(status) >= 500
        unanswered = status in ("CLOSED", "RESET") and not may_close
        if (status == "TIMEOUT" and not may_hang) or unanswered or server_error or not allowed(status):
            self.findings.append(f":{port} {name}: {status} after {took:.1f} s")
        return status


def send(port: int, data: bytes, timeout: float) -> Tuple[str, float]:
    """The status code of the answer (or TIMEOUT, CLOSED, RESET) and how long it took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            connection.sendall(data)  # stopped early: the server read no further (a body too large)
        try:
            head = connection.recv(64)
        except socket.timeout:
            return "TIMEOUT", time.monotonic() - started
        except ConnectionResetError:
            return "RESET", time.monotonic() - started
    parts = head.split(b" ")
    status = parts[1].decode("latin-1") if head.startswith(b"HTTP/") and len(parts) > 1 else "CLOSED"
    return status, time.monotonic() - started


def request(method: bytes, target: bytes, headers: Iterable[bytes] = (), body: bytes = b"", version: bytes = b"HTTP/1.1",
            chunked: bool = False) -> bytes:  # fmt: skip
    lines = [method + b" " + target + b" " + version, b"Host: 127.0.0.1", b"Connection: close", *headers]
    if chunked:
        lines.append(b"Transfer-Encoding: chunked")
        body = b"".join(b"%x\r\n%s\r\n" % (len(body[i : i + 7]), body[i : i + 7]) for i in range(0, len(body), 7)) + b"0\r\n\r\n"
    elif body or method in (b"POST", b"PUT"):
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def malformed(run: Pass, name: str, port: int, paths: List[bytes]) -> None:
    for path in paths:
        for method in (b"GET", b"POST"):
            for variant, target in TARGET_VARIANTS.items():
                run.check(f"{name} {method.decode()} {variant} {path!r}", port, request(method, target(path)))
            for variant, header in HEADER_VARIANTS.items():
                run.check(f"{name} {method.decode()} {variant} header {path!r}", port, request(method, path, [header]))
            run.check(f"{name} {method.decode()} HTTP/1.0 {path!r}", port, request(method, path, version=b"HTTP/1.0"))
        for body_name, body in BODIES.items():
            for content_type in CONTENT_TYPES:
                for chunked in (False, True):
                    run.check(f"{name} POST {body_name} as {content_type[:20]!r} chunked={chunked} {path!r}", port,
                              request(b"POST", path, [b"Content-Type: " + content_type], body, chunked=chunked))  # fmt: skip
        huge = b'{"message": "' + b"a" * 30_000_000 + b'"}'
        run.check(
            f"{name} POST 30 MB {path!r}", port, request(b"POST", path, [b"Content-Type: application/json"], huge),
            may_close=True, timeout=60,  # refused before it is read: the rest of the upload is cut off
        )  # fmt: skip
        short = b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}"
        run.check(f"{name} POST a body shorter than announced {path!r}", port, short, may_hang=True, may_close=True, timeout=3)


def credentials(run: Pass, settings: Settings) -> None:
    """Without a token or a login, nothing is read or changed: 401, 403, 404, 405 or the login page."""
    refused = {"401", "403", "404", "405"}
    for path in RASA_PATHS:
        for method in (b"GET", b"PUT", b"POST", b"DELETE"):
            open_ok = path == b"/" and method == b"GET"
            run.check(f"rasa {method.decode()} {path!r} without the token", settings.rasa_port,
                      request(method, path, [b"Content-Type: application/json"], b'{"event": "bot", "text": "x"}'),
                      allowed=(lambda s: s == "200") if open_ok else refused.__contains__)  # fmt: skip
    for path in (b"/console/", b"/console/queue", b"/console/queue.csv", b"/console/reports", b"/console/corpus.xlsx"):
        run.check(
            f"console GET {path!r} without a login", settings.gateway_port, request(b"GET", path), allowed=lambda s: s == "303"
        )
    for path in (b"/console/examples", b"/console/retrain", b"/console/sms/1/retry", b"/console/queue/1/mark"):
        run.check(f"console POST {path!r} without a login", settings.gateway_port,
                  request(b"POST", path, [b"Content-Type: application/x-www-form-urlencoded"], b"csrf=x"),
                  allowed=lambda s: s in {"303", "403", "422"})  # fmt: skip


def answering(run: Pass, ports: Dict[str, Tuple[int, bytes]]) -> None:
    for name, (port, path) in ports.items():
        status, _ = send(port, request(b"GET", path), 60)
        if status != "200":
            run.findings.append(f"{name} on :{port} no longer answers ({status})")


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def main() -> int:
    settings = Settings()
    health = {"gateway": (settings.gateway_port, b"/healthz"), "rasa": (settings.rasa_port, b"/")}
    paths = {"gateway": GATEWAY_PATHS, "rasa": RASA_PATHS}
    if not settings.actions_url.startswith("in-process:"):
        port = int(settings.actions_url.split(":")[2].split("/")[0])
        health["actions"], paths["actions"] = (port, b"/health"), ACTIONS_PATHS
    missing = [f"{name} :{port}" for name, (port, _) in health.items() if not listening(port)]
    if missing:
        print(f"not listening: {', '.join(missing)} (start `make run` first)", file=sys.stderr)
        return 2
    run = Pass()
    for name, (port, _) in health.items():
        malformed(run, name, port, paths[name])
        answering(run, health)
    credentials(run, settings)
    answering(run, health)
    print(json.dumps({"requests": run.sent, "findings": run.findings}, ensure_ascii=False, indent=1))
    return 1 if run.findings else 0


if __name__ == "__main__":
    sys.exit(main())
