"""One validated settings object for the gateway, read from MADOGUCHI_* environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseSettings, validator

PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "development"}


class Settings(BaseSettings):
    environment: str = "development"  # development | production
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_seconds: float = 3.0
    public_base_url: str = "http://127.0.0.1:8000"
    twilio_account_sid: str = "ACdevelopment"
    twilio_auth_token: str = "development"

    class Config:
        env_prefix = "MADOGUCHI_"

    @validator("twilio_auth_token")
    def no_placeholder_secret_in_production(cls, value: str, values: dict) -> str:  # noqa: N805
        if values.get("environment") != "development" and value in PLACEHOLDER_SECRETS:
            raise ValueError("set MADOGUCHI_TWILIO_AUTH_TOKEN: placeholder secrets are refused outside development")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
