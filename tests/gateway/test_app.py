from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.settings import Settings
from tests.conftest import gateway_serving


def test_health_reports_rasa_down_when_nothing_listens():
    with gateway_serving(Settings(rasa_url="http://127.0.0.1:9", rasa_timeout_seconds=0.5)) as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"gateway": "up", "rasa": "down"}


def test_placeholder_secrets_are_refused_outside_development(monkeypatch):
    monkeypatch.delenv("MADOGUCHI_FIXED_NOW", raising=False)
    with pytest.raises(ValidationError, match="placeholder secrets are refused outside development"):
        Settings(environment="production", twilio_auth_token="development")
    real = Settings(environment="production", twilio_auth_token="a-real-token", console_secret="s",
                    rasa_token="r", actions_token="a")  # fmt: skip
    assert real.twilio_auth_token == "a-real-token"


def test_test_only_settings_are_refused_in_production(monkeypatch):
    monkeypatch.delenv("MADOGUCHI_FIXED_NOW", raising=False)
    with pytest.raises(ValidationError, match="fixed_now is for tests and simulations"):
        Settings(environment="production", twilio_auth_token="a-real-token", console_secret="s",
                 rasa_token="r", actions_token="a", fixed_now="2026-12-01T10:00:00+09:00")  # fmt: skip
