"""SMS through the real twilio client against the local fake API: mobiles only, retried, recorded."""

from __future__ import annotations

import pytest

from ivr.settings import Settings
from ivr.sms import is_mobile, send_sms
from ivr.store import Store, mask_number


@pytest.fixture
def settings(fake_twilio, tmp_path):
    return Settings(twilio_account_sid="ACtest", twilio_auth_token="t", twilio_api_base=fake_twilio.base_url,
                    sms_from="+81012349999", data_dir=tmp_path)  # fmt: skip


@pytest.mark.parametrize(
    "number, mobile",
    [("+819012345678", True), ("+818012345678", True), ("+817012345678", True), ("+81312345678", False),
     ("+8190123456", False), ("+12025550123", False)],
)  # fmt: skip
def test_only_japanese_mobiles_get_sms(number, mobile):
    assert is_mobile(number) is mobile


def test_sent_sms_is_captured_and_recorded_masked(settings, fake_twilio, tmp_path):
    store = Store(tmp_path)
    result = send_sms(settings, store, "call-abc", "+819012345678", "粗大ごみの案内\nhttps://example")
    assert (result.sent, result.attempts) == (True, 1)
    assert fake_twilio.messages == [{"to": "+819012345678", "from": "+81012349999", "body": "粗大ごみの案内\nhttps://example"}]
    rows = store.rows("sms_outbox")
    assert [(r["to_masked"], r["status"], r["attempts"]) for r in rows] == [("+8190****5678", "sent", 1)]
    assert "12345678" not in str(rows)


def test_a_server_error_is_retried(settings, fake_twilio, tmp_path):
    fake_twilio.fail_next = 2
    result = send_sms(settings, Store(tmp_path), "call-abc", "+819012345678", "本文")
    assert (result.sent, result.attempts) == (True, 3)
    assert len(fake_twilio.messages) == 1


def test_a_refused_number_is_not_retried_and_the_failure_is_kept(settings, fake_twilio, tmp_path):
    store = Store(tmp_path)
    result = send_sms(settings, store, "call-abc", "+81312345678", "本文")
    assert (result.sent, result.attempts) == (False, 1)
    assert result.error.startswith("21614: ")
    assert [(r["to_masked"], r["status"]) for r in store.rows("sms_outbox")] == [("+8131***5678", "failed")]


def test_mask_number():
    assert mask_number("+819012345678") == "+8190****5678"
    assert mask_number("03-1234-5678") == "03****5678"
    assert mask_number("+81312345678") == "+8131***5678"
    assert mask_number("12345") == "*****"
