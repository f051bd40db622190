"""A local fake of the one part of Twilio's REST API the gateway uses: sending messages.

The gateway's real twilio client is pointed here (MADOGUCHI_TWILIO_API_BASE), so the
library's own request building and error handling run; only the network edge is fake.
Like Twilio, it refuses landlines with error 21614, and it can be told to fail with 500s.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qs

_MESSAGES = re.compile(r"^/2010-04-01/Accounts/(\w+)/Messages\.json$")
_MOBILE = re.compile(r"^\+81[789]0\d{8}$")


class FakeTwilio:
    def __init__(self, port: int = 0) -> None:
        self.messages: List[Dict[str, str]] = []
        self.fail_next = 0  # answer this many sends with a 500 first
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                status, body = fake.handle(self.path, form)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:  # quiet: numbers must not reach logs
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        # shutdown() waits for the loop to look up (0.5 s by default): tests start one a test
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def handle(self, path: str, form: Dict[str, str]) -> Tuple[int, Dict[str, Any]]:
        match = _MESSAGES.match(path.split("?")[0])
        if not match:
            return 404, {"code": 20404, "message": "The requested resource was not found", "status": 404}
        with self._lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return 500, {"code": 20500, "message": "Internal Server Error", "status": 500}
            to = form.get("To", "")
            if not _MOBILE.match(to):
                return 400, {"code": 21614, "message": f"'To' number {to} is not a valid mobile number", "status": 400}
            self.messages.append({"to": to, "from": form.get("From", ""), "body": form.get("Body", "")})
            sid = f"SM{len(self.messages):032d}"
        return 201, {
            "sid": sid,
            "account_sid": match.group(1),
            "to": to,
            "from": form.get("From"),
            "body": form.get("Body"),
            "status": "queued",
        }

    def __enter__(self) -> "FakeTwilio":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
