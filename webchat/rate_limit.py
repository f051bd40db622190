"""How many chat turns one conversation, and one network address, may send per minute.

The chat API is public and every turn costs the Rasa server work: a script posting in a loop
would slow the assistant down for every resident. A person types far fewer than these
limits; a city library or school behind one address gets the larger, per-address one.

Where the counts live (`MADOGUCHI_LIMITS_URL`):
- empty (`make run`, one gateway process): in the process's memory (`RateLimiter`);
- a `redis://` URL (`make cluster`, two gateway workers behind nginx): in Redis, shared by
  every worker, so a client gets the limit once and not once per worker (`SharedRateLimiter`,
  the `limits` library's moving window: one Lua script checks and counts a request, so two
  workers never both take the last place of a minute).

Redis not answering: each worker counts in its own memory again until Redis is back, so a
client gets at most the limit per worker (what one worker alone would give it), a resident's
chat goes on, and a script still cannot flood the assistant; a limit check never waits more
than SHARED_TIMEOUT_SECONDS and the outage is logged once. Failing closed would stop every
resident's chat because Redis blinked; failing fully open would let one script flood Rasa
exactly when the cluster is already in trouble.

Not here because they are shared already: staff login failures and lockouts are rows in the
gateway's store (console/accounts.py; PostgreSQL in the cluster); the phone needs no limit
of its own (only Twilio's signed webhooks reach it, and a call's retries and SMS are kept in
the call's stored state and the shared outbox).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Deque, Dict, Optional, Protocol, Tuple, TypeVar

from redis import RedisError

from gateway.settings import LIMITS_SCHEMES

if TYPE_CHECKING:  # imported where the counts are shared: limits 2.4 loads pkg_resources (0.4 s)
    from limits.strategies import MovingWindowRateLimiter

WINDOW_SECONDS = 60.0
# A limit check waits at most this long for Redis (connect, and each answer); a turn costs more.
SHARED_TIMEOUT_SECONDS = 0.25
# After Redis failed, the workers count in memory this long before they ask Redis again: an
# outage costs each worker one wait per this many seconds, not one per turn.
RETRY_SHARED_AFTER_SECONDS = 5.0
# Every key the gateway writes to Redis starts with this (limits adds its own LIMITER/ prefix).
NAMESPACE = "madoguchi"
log = logging.getLogger(__name__)
T = TypeVar("T")


class Limiter(Protocol):
    def allow(self, key: str) -> bool: ...

    def retry_after(self, key: str) -> int: ...


class RateLimiter:
    """A sliding window of the last minute's requests per key, in this process's memory."""

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


class SharedCounts:
    """The Redis every shared limiter of this process counts in, and whether it answers."""

    def __init__(self, url: str) -> None:
        from limits.storage import RedisStorage
        from limits.strategies import MovingWindowRateLimiter

        # limits' Redis storage (redis-py underneath); no retries: a failed call falls back at once
        self.storage = RedisStorage(url, socket_connect_timeout=SHARED_TIMEOUT_SECONDS, socket_timeout=SHARED_TIMEOUT_SECONDS)
        self.strategy = MovingWindowRateLimiter(self.storage)
        self._lock = threading.Lock()
        self._skip_until = 0.0  # time.monotonic(): Redis failed; counted in memory until then
        self._answering = True

    def ask(self, call: Callable[[MovingWindowRateLimiter], T]) -> Optional[T]:
        """The answer of Redis, or None when it does not answer (or failed a moment ago)."""
        if time.monotonic() < self._skip_until:
            return None
        try:
            answer = call(self.strategy)
        except (RedisError, OSError) as error:
            with self._lock:
                self._skip_until = time.monotonic() + RETRY_SHARED_AFTER_SECONDS
                first, self._answering = self._answering, False
            if first:
                log.warning("the chat's shared rate limits are not reachable (%s): each worker counts alone until Redis answers",
                            type(error).__name__)  # fmt: skip
            return None
        with self._lock:
            back, self._answering = not self._answering, True
        if back:
            log.warning("the chat's shared rate limits answer again: counted in Redis for every worker")
        return answer


class SharedRateLimiter:
    """The same sliding minute per key, counted in Redis for every gateway worker; in this
    worker's memory (`RateLimiter`) while Redis does not answer."""

    def __init__(self, per_minute: int, counts: SharedCounts, kind: str) -> None:
        from limits import RateLimitItemPerMinute

        self.item = RateLimitItemPerMinute(per_minute)
        self.counts = counts
        self.kind = kind
        self.alone = RateLimiter(per_minute)

    def _identifiers(self, key: str) -> Tuple[str, str, str]:
        return NAMESPACE, self.kind, key

    def allow(self, key: str) -> bool:
        shared = self.counts.ask(lambda strategy: strategy.hit(self.item, *self._identifiers(key)))
        return self.alone.allow(key) if shared is None else shared

    def retry_after(self, key: str) -> int:
        """Seconds until the window is clear again: limits 2.4 dates a moving window from its
        newest request, so this is at most a minute, and never too early."""
        stats = self.counts.ask(lambda strategy: strategy.get_window_stats(self.item, *self._identifiers(key)))
        if stats is None:
            return max(1, self.alone.retry_after(key))
        reset, _remaining = stats
        return max(1, math.ceil(reset - time.time()))


@lru_cache(maxsize=4)
def shared_counts(url: str) -> SharedCounts:
    """One connection pool per Redis for the process's life."""
    return SharedCounts(url)


@lru_cache(maxsize=32)
def limiter(kind: str, per_minute: int, limits_url: str = "") -> Limiter:
    """One limiter per kind and limit for the gateway's life: in memory, or shared in Redis."""
    if limits_url.startswith(LIMITS_SCHEMES):
        return SharedRateLimiter(per_minute, shared_counts(limits_url), kind)
    return RateLimiter(per_minute)
