"""One validated settings object for the gateway, read from MADOGUCHI_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from pydantic import BaseSettings, validator

from madoguchi.paths import VAR_DIR

PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "development"}
PLACEHOLDER_SIDS = {"ACdevelopment"}


class Settings(BaseSettings):
    environment: str = "development"  # development | production
    rasa_url: str = "http://127.0.0.1:5005"
    # Twilio gives a webhook 15 s in all; Rasa gets at most this much of it.
    rasa_timeout_seconds: float = 3.0
    # The URL Twilio calls, as Twilio sees it (behind a TLS proxy the app sees http://).
    public_base_url: str = "http://127.0.0.1:8000"
    twilio_account_sid: str = "ACdevelopment"
    twilio_auth_token: str = "development"  # noqa: S105 - a placeholder, refused in production
    # Numbers the city owns on Twilio: SMS sender and caller id for transfers (placeholders).
    sms_from: str = "+81012349999"
    caller_id: str = "+81012349999"
    # Only tests and the simulator point the Twilio client at a fake API.
    twilio_api_base: Optional[str] = None
    voice: str = "Polly.Mizuki"
    language: str = "ja-JP"
    # Speech below this confidence is confirmed before it is answered.
    speech_confirm_below: float = 0.6
    gather_timeout_seconds: int = 6
    data_dir: Path = VAR_DIR / "gateway"
    # A fixed "now" for office hours (ISO 8601): tests and simulations only.
    fixed_now: Optional[str] = None

    class Config:
        env_prefix = "MADOGUCHI_"

    @validator("twilio_auth_token")
    def no_placeholder_secret_in_production(cls, value: str, values: dict) -> str:  # noqa: N805
        if values.get("environment") != "development" and value in PLACEHOLDER_SECRETS:
            raise ValueError("set MADOGUCHI_TWILIO_AUTH_TOKEN: placeholder secrets are refused outside development")
        return value

    @validator("fixed_now", "twilio_api_base")
    def test_only_settings_refused_in_production(cls, value: Optional[str], values: dict, field) -> Optional[str]:  # noqa: N805
        if value and values.get("environment") == "production":
            raise ValueError(f"{field.name} is for tests and simulations; it is refused in production")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
