"""The gateway's settings: the project's one settings object (madoguchi/settings.py) plus what
only the gateway needs (Twilio, the chat, the console), read from MADOGUCHI_* variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Dict, List, Optional
from urllib.parse import urlsplit

from fastapi import Depends
from pydantic import Field, validator
from pydantic.fields import ModelField

from madoguchi.settings import PLACEHOLDER_SECRETS
from madoguchi.settings import Settings as ProjectSettings

__all__ = ["PLACEHOLDER_SECRETS", "Settings", "get_settings"]
PLACEHOLDER_SIDS = {"ACdevelopment"}
LIMITS_SCHEMES = ("redis://", "rediss://")  # where the chat's limits can be shared (webchat/rate_limit.py)


class Settings(ProjectSettings):
    # Twilio gives a webhook 15 s in all; Rasa gets at most this much of it.
    rasa_timeout_seconds: float = 3.0
    # Behind a load balancer (make cluster): every Rasa server's own address (a JSON list), so
    # that retraining loads the new model into each; empty: rasa_url is the one server.
    rasa_servers: List[str] = []
    # The URL Twilio calls, as Twilio sees it (behind a TLS proxy the app sees http://).
    public_base_url: str = "http://127.0.0.1:8000"
    twilio_account_sid: str = "ACdevelopment"
    twilio_auth_token: str = "development"  # noqa: S105 - a placeholder, refused in production
    # Numbers the city owns on Twilio: SMS sender and caller id for transfers (placeholders).
    sms_from: str = "+81012349999"
    caller_id: str = "+81012349999"
    # Only tests and the simulator point the Twilio client at a fake API.
    twilio_api_base: Optional[str] = None
    # The phone's voices and speech languages are in the city profile (faq_corpus/city.yml `phone_voices`).
    # Speech below this confidence is confirmed before it is answered.
    speech_confirm_below: float = 0.6
    gather_timeout_seconds: int = 6
    # The gateway's own store (calls, SMS outbox); default: var_dir/gateway.
    data_dir: Path = Field(default=None)
    # A fixed "now" for office hours (ISO 8601): tests and simulations only.
    fixed_now: Optional[str] = None
    # Website chat: origins allowed to call /api (the city's site); empty = the profile's website.
    chat_allowed_origins: List[str] = []
    # Chat turns allowed per minute: one conversation, and one network address.
    chat_turns_per_minute: int = 20
    chat_turns_per_minute_per_address: int = 120
    # Where those turns are counted: empty = this process's memory (one gateway, make run); a
    # redis:// URL = shared by every gateway worker behind a load balancer (make cluster sets it).
    limits_url: str = Field(default="", repr=False)  # may hold Redis's password
    # Staff console: the key that signs session cookies (accounts: python -m console.accounts).
    console_secret: str = "development"  # noqa: S105 - a placeholder, refused in production
    console_session_hours: int = 8
    # Conversations and call records older than this many days are deleted (madoguchi/retention.py); 0 keeps them.
    retention_days: int = 90

    @property
    def gateway_store(self) -> str:
        """The gateway's database: MADOGUCHI_STORE_URL, else SQLite's gateway.db in data_dir."""
        return self.store_url or f"sqlite:///{self.data_dir / 'gateway.db'}"

    @validator("data_dir", always=True)
    def gateway_store_in_var(cls, value: Optional[Path], values: dict) -> Path:
        return value or values["var_dir"] / "gateway"

    @validator("limits_url")
    def limits_in_memory_or_redis(cls, value: str) -> str:
        value = value.strip()
        if value in ("", "memory://"):
            return ""
        parts = urlsplit(value)
        if not value.startswith(LIMITS_SCHEMES) or not parts.hostname:
            shown = f"{parts.scheme}://…" if parts.scheme else "a URL without a scheme"  # never the password
            raise ValueError(f"MADOGUCHI_LIMITS_URL must be empty (this process's memory) or redis://host:port/db, not {shown}")
        return value

    @validator("twilio_auth_token", "console_secret")
    def no_placeholder_secret_in_production(cls, value: str, values: Dict[str, Any], field: ModelField) -> str:
        if values.get("environment") != "development" and value in PLACEHOLDER_SECRETS:
            name = f"MADOGUCHI_{field.name.upper()}"
            raise ValueError(f"set {name}: placeholder secrets are refused outside development")
        return value

    @validator("fixed_now", "twilio_api_base")
    def test_only_settings_refused_in_production(
        cls, value: Optional[str], values: Dict[str, Any], field: ModelField
    ) -> Optional[str]:
        if value and values.get("environment") == "production":
            raise ValueError(f"{field.name} is for tests and simulations; it is refused in production")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


# A route's settings (tests override get_settings through the app's dependency_overrides).
SettingsDep = Annotated[Settings, Depends(get_settings)]
