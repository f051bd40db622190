"""Rasa's Redis lock store with every change of a lock made atomic (WATCH/MULTI).

Rasa's RedisLockStore reads a conversation's ticket lock, changes it in Python and writes
it back: two servers taking a ticket for one conversation at the same moment can both get
the same number and both run a turn of that conversation. Here each change is a Redis
transaction that is redone when another server changed the lock in between, so only one
server at a time writes a conversation. Keys expire with their last ticket, so a killed
server leaves nothing behind. Redis down raises LockError: the turn is refused, not run
unlocked.

A waiting turn also renews its own ticket at every look: in Rasa's store a waiting ticket
lapses as the dead holder's does, and a turn that nginx retried right after its server was
killed found the lock gone and failed ("Could not acquire lock").

Named in the cluster's endpoints as `type: bot.lock_store.AtomicRedisLockStore`.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from contextlib import AbstractAsyncContextManager
from typing import Callable, Optional, Tuple, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
# How often a waiting turn looks at its lock (Rasa: every second, a second added to a turn
# that waited behind another turn of its conversation).
POLL_SECONDS = 0.05
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], T]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    def _change(self, conversation_id: str, change: Change[T]) -> T:
        """Apply `change` to the stored lock atomically; None as the new lock deletes it."""
        key = self.key_prefix + conversation_id
        try:
            with self.red.pipeline() as pipe:
                while True:
                    try:
                        pipe.watch(key)
                        raw = pipe.get(key)
                        lock, result = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
                        pipe.multi()
                        if lock is None or not lock.tickets:
                            pipe.delete(key)
                        else:
                            last_expiry = max(ticket.expires for ticket in lock.tickets)
                            pipe.set(key, lock.dumps(), ex=max(1, math.ceil(last_expiry - time.time())))
                        pipe.execute()
                        return result
                    except redis.WatchError:
                        continue  # another server changed this lock: read it again
        except redis.RedisError as error:
            raise LockError(f"the lock store (Redis) is unavailable: {type(error).__name__}") from error

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, take)

    def update_lock(self, conversation_id: str) -> None:
        def expire(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, expire)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def release(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return lock, None  # deleted when no ticket is left

        self._change(conversation_id, release)

    def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = POLL_SECONDS
    ) -> AbstractAsyncContextManager:
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds)

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        def renew(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], Optional[TicketLock]]:
            if lock is None:
                return None, None
            lock.remove_expired_tickets()
            mine = [t for t in lock.tickets if t.number == ticket]
            if not mine:  # lost (Redis restarted): never run without the lock
                return lock, None
            mine[0].expires = time.time() + LOCK_LIFETIME
            return lock, lock

        while True:
            lock = self._change(conversation_id, renew)
            if lock is None:
                raise LockError(f"the lock of conversation '{conversation_id}' was lost")
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait_time_in_seconds)

    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        try:
            return super().get_lock(conversation_id)
        except redis.RedisError as error:
            raise LockError(f"the lock store (Redis) is unavailable: {type(error).__name__}") from error
