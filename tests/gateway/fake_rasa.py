"""A stand-in for the Rasa server where a test needs an answer the trained model cannot give
on demand (a topic added a moment ago) or a slow server. Like Rasa, it handles one turn of a
conversation at a time (Rasa's lock store), so turns of one sender wait for each other."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List


class FakeRasa:
    def __init__(self, replies: List[Dict[str, Any]], parse: Dict[str, Any], seconds_per_turn: float = 0.0) -> None:
        self.replies, self.parse, self.seconds_per_turn = replies, parse, seconds_per_turn
        self.turns: List[str] = []
        locks: Dict[str, threading.Lock] = defaultdict(threading.Lock)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                if self.path.startswith("/model/parse"):
                    answer: Any = fake.parse
                else:
                    with locks[body.get("sender", "")]:
                        time.sleep(fake.seconds_per_turn)
                        fake.turns.append(body.get("message", ""))
                    answer = [{"recipient_id": body.get("sender"), **reply} for reply in fake.replies]
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "FakeRasa":
        # shutdown() waits for the loop to look up (0.5 s by default): tests start one a test
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
