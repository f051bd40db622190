"""SMS follow-ups through the real twilio client, to Japanese mobile numbers only.

Japanese SMS are one-way and reach mobiles only (+81 70/80/90); a landline fails with
Twilio error 21614, so the caller is told instead. A failed send is retried, and every
outcome, sent or failed, is recorded in the outbox with the masked number.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import urlsplit, urlunsplit

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from ivr.settings import Settings
from ivr.store import Store, mask_number

MOBILE = re.compile(r"^\+81[789]0\d{8}$")
ATTEMPTS = 3
BACKOFF_SECONDS = 0.3


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
    http_client = RedirectingHttpClient(settings.twilio_api_base) if settings.twilio_api_base else None
    return Client(settings.twilio_account_sid, settings.twilio_auth_token, http_client=http_client)


@dataclass
class SmsResult:
    sent: bool
    attempts: int
    error: str = ""


def send_sms(
    settings: Settings, store: Store, conversation: str, to: str, body: str, client: Optional[Client] = None
) -> SmsResult:
    client = client or twilio_client(settings)
    error = ""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            client.messages.create(to=to, from_=settings.sms_from, body=body)
            store.record_sms(conversation, mask_number(to), body, "sent", attempt)
            return SmsResult(True, attempt)
        except TwilioRestException as exc:
            error = f"{exc.code}: {exc.msg}"[:200]
            if exc.status < 500:
                break  # refused (e.g. 21614, not a mobile): a retry cannot succeed
        except (TwilioException, OSError) as exc:  # the network or Twilio's side: retry
            error = str(exc)[:200]
        if attempt < ATTEMPTS:
            time.sleep(BACKOFF_SECONDS * attempt)
    store.record_sms(conversation, mask_number(to), body, "failed", attempt, error)
    return SmsResult(False, attempt, error)
