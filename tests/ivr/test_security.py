"""Every webhook checks X-Twilio-Signature against the public URL; a bad one does nothing."""

from __future__ import annotations

from twilio.request_validator import RequestValidator

from tests.ivr.conftest import BASE, TOKEN

PARAMS = {"CallSid": "CA1", "From": "+819012345678", "To": "+81012340000"}


def test_missing_or_wrong_signature_is_refused_with_403(gateway):
    client = gateway()
    assert client.post("/voice/incoming", data=PARAMS).status_code == 403
    response = client.post("/voice/incoming", data=PARAMS, headers={"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"})
    assert response.status_code == 403
    assert response.json() == {"detail": "invalid X-Twilio-Signature"}


def test_signature_over_the_public_url_is_accepted_behind_a_proxy(gateway):
    client = gateway()  # the app itself is reached as http://testserver
    signature = RequestValidator(TOKEN).compute_signature(f"{BASE}/voice/incoming", PARAMS)
    response = client.post("/voice/incoming", data=PARAMS, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml"


def test_a_signed_request_without_callsid_gets_a_reason(gateway):
    client = gateway()
    params = {"From": "+819012345678"}
    signature = RequestValidator(TOKEN).compute_signature(f"{BASE}/voice/menu", params)
    response = client.post("/voice/menu", data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 400
    assert response.json() == {"detail": "CallSid is required"}
