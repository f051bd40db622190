"""How many chat turns one conversation, and one network address, may send per minute.

The chat API is public and every turn costs the Rasa server work: a script posting in a loop
would slow the assistant down for every resident. A person types far fewer than these
limits; a city library or school behind one address gets the larger, per-address one.
The gateway runs as one process, so the counts live in memory.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from typing import Callable, Deque, Dict

WINDOW_SECONDS = 60.0


class RateLimiter:
    """A sliding window of the last minute's requests per key."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: Dict[str, Deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count a request for `key`; False when it is over the limit (it is not counted then)."""
        now = self._clock()
        with self._lock:
            recent = self._seen.setdefault(key, deque())
            while recent and recent[0] <= now - WINDOW_SECONDS:
                recent.popleft()
            if len(recent) >= self.per_minute:
                return False
            recent.append(now)
            if len(self._seen) > 10_000:  # forget keys that went quiet, so memory stays small
                self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - WINDOW_SECONDS}
            return True

    def retry_after(self, key: str) -> int:
        """Seconds until `key` may send again."""
        recent = self._seen.get(key)
        if not recent:
            return 0
        return max(1, math.ceil(recent[0] + WINDOW_SECONDS - self._clock()))
