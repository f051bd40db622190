"""SMS follow-ups through the real twilio client, to Japanese mobile numbers only, sent off
the request path from a durable outbox.

Japanese SMS are one-way and reach mobiles only (+81 70/80/90); a landline fails with
Twilio error 21614, so the caller is told instead. A call step only puts the message in the
outbox (a row in the gateway's store) and tells the caller it was accepted; a worker thread
sends it with the twilio client (with a timeout), retries what can succeed later with a
growing wait, and the rows survive a restart. Sent or finally failed, a row keeps the kind
of number and the outcome for staff (the console lists failures), never the number: while
it waits, the number is kept encrypted (Fernet, a key derived from the Twilio auth token),
and it is erased once the message is sent or refused. A message given up after an error that
may pass (an outage) keeps it for RETRY_WINDOW_HOURS, so that an editor can send it again
from the console. Twilio's error texts name the number: they are stored and logged masked.

Several gateway workers (`make cluster`) share one outbox: a worker claims a due row by one
conditional UPDATE (`claim_sms`: still queued, still due at the moment it read), so exactly
one worker sends it; the others see the claim fail and skip the row.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, List, Optional
from urllib.parse import urlsplit, urlunsplit

from cryptography.fernet import Fernet, InvalidToken
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from gateway.settings import Settings
from gateway.store import Store, number_kind
from madoguchi.pii import mask_pii

MOBILE = re.compile(r"^\+81[789]0\d{8}$")
MAX_ATTEMPTS = 5
# Seconds to wait before attempt 2, 3, ...: a Twilio outage of a few minutes is ridden out.
BACKOFF_SECONDS = (2.0, 10.0, 60.0, 300.0)
TWILIO_TIMEOUT_SECONDS = 10.0
# A claimed row is not taken by another worker for this long (the send has a timeout).
LEASE_SECONDS = 60.0
POLL_SECONDS = 5.0
# How long a message given up after an outage can still be sent again by staff (its
# encrypted number is kept that long); a follow-up SMS a day late is no longer useful.
RETRY_WINDOW_HOURS = 24
log = logging.getLogger(__name__)


def is_mobile(number: str) -> bool:
    return bool(MOBILE.match(number))


class RedirectingHttpClient(TwilioHttpClient):
    """Twilio's own HTTP client, sending to another host (a local fake of the REST API)."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._base = urlsplit(base_url)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(url)
        redirected = urlunsplit((self._base.scheme, self._base.netloc, parts.path, parts.query, parts.fragment))
        return super().request(method, redirected, *args, **kwargs)


def twilio_client(settings: Settings) -> Client:
    if settings.twilio_api_base:
        http_client: TwilioHttpClient = RedirectingHttpClient(settings.twilio_api_base, timeout=TWILIO_TIMEOUT_SECONDS)
    else:
        http_client = TwilioHttpClient(timeout=TWILIO_TIMEOUT_SECONDS)
    return Client(settings.twilio_account_sid, settings.twilio_auth_token, http_client=http_client)


def _fernet(settings: Settings) -> Fernet:
    digest = hashlib.sha256(b"madoguchi sms outbox\0" + settings.twilio_auth_token.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


@dataclass
class Outcome:
    status: str  # sent, queued (to be retried) or failed
    error: str = ""


class Outbox:
    """The SMS outbox: rows in the gateway's store, sent by `deliver_due` (the worker calls it)."""

    def __init__(self, settings: Settings, store: Store, client: Optional[Client] = None) -> None:
        self.settings = settings
        self.store = store
        self._client = client
        self._fernet = _fernet(settings)

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = twilio_client(self.settings)
        return self._client

    def enqueue(self, conversation: str, to: str, body: str, now: Optional[float] = None) -> int:
        """Accept a message for sending; the caller can be told at once."""
        sealed = self._fernet.encrypt(to.encode()).decode()
        return self.store.queue_sms(conversation, number_kind(to), sealed, body, now or time.time())

    def deliver_due(self, now: Optional[float] = None) -> List[Outcome]:
        """Send every message whose time has come; returns what happened to each."""
        outcomes = []
        self.store.forget_failed_numbers(_iso((now or time.time()) - RETRY_WINDOW_HOURS * 3600))
        for row in self.store.due_sms(now or time.time()):
            if self.store.claim_sms(row["id"], row["next_at"], (now or time.time()) + LEASE_SECONDS):
                outcomes.append(self._deliver(row, now or time.time()))
        return outcomes

    def _deliver(self, row: dict, now: float) -> Outcome:
        attempts = row["attempts"] + 1
        try:
            to = self._fernet.decrypt(row["to_sealed"].encode()).decode()
        except (InvalidToken, AttributeError):  # the auth token changed since: it cannot be sent
            self.store.finish_sms(row["id"], "failed", attempts, "the number could not be read (auth token changed)")
            return Outcome("failed", "unreadable number")
        error, retry = self._send(to, row["body"])
        if not error:
            self.store.finish_sms(row["id"], "sent", attempts)
            return Outcome("sent")
        if retry and attempts < MAX_ATTEMPTS:
            wait = BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1]
            self.store.retry_sms(row["id"], attempts, now + wait, error)
            return Outcome("queued", error)
        if retry:  # an outage outlasted the attempts: staff may send it again later
            self.store.fail_sms_keeping_number(row["id"], attempts, error)
        else:
            self.store.finish_sms(row["id"], "failed", attempts, error)
        log.warning("SMS %s failed after %d attempts: %s", row["id"], attempts, error)
        return Outcome("failed", error)

    def send_again(self, sms_id: int, now: Optional[float] = None) -> bool:
        """Queue a failed message again (an editor asked); False when it cannot be sent."""
        return self.store.requeue_failed_sms(sms_id, now or time.time())

    def _send(self, to: str, body: str) -> "tuple[str, bool]":
        """('', _) when sent; else the error and whether a later attempt can succeed."""
        try:
            self.client.messages.create(to=to, from_=self.settings.sms_from, body=body)
            return "", False
        except TwilioRestException as exc:
            # refused (e.g. 21614, not a mobile) cannot succeed later; Twilio's 5xx and 429 can
            return mask_pii(f"{exc.code}: {exc.msg}")[:200], exc.status >= 500 or exc.status == 429
        except (TwilioException, OSError) as exc:  # the network, a timeout
            return mask_pii(f"{type(exc).__name__}: {exc}")[:200], True


def _iso(moment: float) -> str:
    """A moment as the store writes it (ISO 8601, UTC, seconds)."""
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="seconds")


class Worker:
    """A thread that sends due messages: woken when a message is queued, else every few seconds."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sms-outbox", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while True:
            try:
                self.outbox.deliver_due()
            except Exception:  # a broken store must not end the worker: it tries again later
                log.exception("SMS outbox: delivery round failed")
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()


def mask_stored_errors(store: Store) -> int:
    """Failures stored before 2026-12-03 keep Twilio's error text with the number in it:
    masked once when a worker starts. Returns how many were masked."""
    masked = 0
    for row in store.rows("sms_outbox"):
        if row["status"] == "failed" and row["error"] and mask_pii(row["error"]) != row["error"] and not row["to_sealed"]:
            store.finish_sms(row["id"], "failed", row["attempts"], mask_pii(row["error"]))
            masked += 1
    return masked


@lru_cache(maxsize=4)
def _worker(settings_json: str, location: str) -> Worker:
    settings = Settings.parse_raw(settings_json)
    store = Store(location)
    mask_stored_errors(store)
    return Worker(Outbox(settings, store))


def worker(settings: Settings) -> Worker:
    """The running worker for these settings (started on first use: at gateway start, or the first SMS)."""
    return _worker(settings.json(), settings.gateway_store)


def queue_sms(settings: Settings, store: Store, conversation: str, to: str, body: str) -> int:
    """Put a message in the outbox and wake the worker; returns the row id."""
    sms_id = Outbox(settings, store).enqueue(conversation, to, body)
    worker(settings).wake()
    return sms_id


def send_again(settings: Settings, store: Store, sms_id: int) -> bool:
    """Queue a failed message again and wake the worker; False when it cannot be sent again."""
    queued = Outbox(settings, store).send_again(sms_id)
    if queued:
        worker(settings).wake()
    return queued
