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


def test_the_corpus_is_read_when_the_gateway_starts():
    from fastapi.testclient import TestClient

    from gateway.app import app
    from madoguchi.corpus import live

    live._load.cache_clear()
    with TestClient(app):
        assert live._load.cache_info().currsize == 1


def test_a_broken_corpus_at_start_is_logged_and_the_gateway_still_starts(monkeypatch, caplog):
    import logging

    from gateway.app import read_corpus
    from madoguchi.corpus import live

    live._load.cache_clear()
    monkeypatch.setattr(live, "load_corpus", lambda corpus_dir: (object(), ["faq_corpus/faq/waste.yml:3: no answer"]))
    with caplog.at_level(logging.ERROR, logger="gateway.app"):
        read_corpus()
    live._load.cache_clear()
    assert [r.getMessage() for r in caplog.records] == [
        "faq_corpus not read at start: faq_corpus has problems (make validate): faq_corpus/faq/waste.yml:3: no answer"
    ]
