"""X-Twilio-Signature on every Twilio webhook, checked against the public URL.

Twilio signs the full URL it called plus the sorted POST parameters. Behind a
TLS-terminating proxy the app sees http:// and another host, so the URL is rebuilt from
the configured public base URL and the request's path and query.
"""

from __future__ import annotations

from typing import Annotated, Dict

from fastapi import Depends, HTTPException, Request
from twilio.request_validator import RequestValidator

from gateway.settings import Settings, SettingsDep


def public_url(request: Request, settings: Settings) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return settings.public_base_url.rstrip("/") + request.url.path + query


async def twilio_form(request: Request, settings: SettingsDep) -> Dict[str, str]:
    """The webhook's form fields, once the signature proves Twilio sent them (else 403)."""
    signature = request.headers.get("X-Twilio-Signature")
    if not signature:
        raise HTTPException(status_code=403, detail="missing X-Twilio-Signature")
    form = await request.form()
    params = {key: str(value) for key, value in form.items()}
    if not RequestValidator(settings.twilio_auth_token).validate(public_url(request, settings), params, signature):
        raise HTTPException(status_code=403, detail="invalid X-Twilio-Signature")
    return params


TwilioForm = Annotated[Dict[str, str], Depends(twilio_form)]
