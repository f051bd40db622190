"""Twilio webhooks with valid signatures and any fields: no 5xx, whatever the order."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from gateway.settings import Settings
from tests.conftest import gateway_serving
from tests.fuzz.strategies import form_text, header_text
from tests.ivr.conftest import BASE, TOKEN

ROUTES = ["incoming", "menu", "confirm", "question", "dialogue", "after", "closed", "dial-status", "recorded"]
FIELDS = ["Digits", "SpeechResult", "Confidence", "From", "RecordingDuration", "RecordingUrl", "DialCallStatus"]
PARAMS = st.dictionaries(st.sampled_from(FIELDS), form_text | st.sampled_from(["0", "1", "2", "9", "*", "#"]),
                         max_size=6)  # fmt: skip
REQUESTS = st.lists(
    st.tuples(st.sampled_from(ROUTES), st.sampled_from(["CA1", "CA2", ""]) | form_text, PARAMS,
              st.none() | st.integers(0, 12).map(str) | form_text, st.none() | header_text),
    min_size=1, max_size=6,
)  # fmt: skip


@pytest.fixture(scope="module")
def voice(tmp_path_factory):
    # Rasa absent: speech falls back to the key menu (the servers' own paths have their tests)
    settings = Settings(public_base_url=BASE, twilio_auth_token=TOKEN, twilio_api_base="http://127.0.0.1:9",
                        rasa_url="http://127.0.0.1:9", rasa_timeout_seconds=0.5, data_dir=tmp_path_factory.mktemp("gateway"))  # fmt: skip
    with gateway_serving(settings) as client:
        yield client


@given(REQUESTS)
def test_no_signed_webhook_gives_a_server_error(voice, requests) -> None:
    validator = RequestValidator(TOKEN)
    for route, call_sid, params, step, clock in requests:
        fields = {**params, "CallSid": call_sid}
        path = f"/voice/{route}" + ("" if step is None else f"?step={quote(step, safe='')}")
        url = str(voice.build_request("POST", BASE + path).url)  # the URL as Twilio would have signed it
        headers = {"X-Twilio-Signature": validator.compute_signature(url, fields)}
        if clock is not None:
            headers["X-Madoguchi-Clock"] = clock
        response = voice.post(url, data=fields, headers=headers)
        assert response.status_code < 500, (route, fields, step, clock)
        assert response.status_code != 403, "the signature must hold"  # else the fuzzing tests nothing
