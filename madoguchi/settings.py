"""The one validated settings object: paths, ports, URLs and secrets, from MADOGUCHI_* variables.

Every process reads it: the runner (`make run`) and the test servers build their commands
and environments from it (madoguchi/services.py), `bot/endpoints.yml` and
`bot/credentials.yml` take its values through Rasa's `${MADOGUCHI_…}` substitution, and the
gateway's settings (gateway/settings.py) extend it. One variable per setting; README's
"Settings" table lists them.

`PathSettings` is the part that never refuses to load (no secrets): madoguchi/paths.py reads
it at import time, so `make validate` works without any secret set.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional

from pydantic import BaseSettings, Field, validator

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "development"}
ENVIRONMENTS = ("development", "production")


def _absolute(path: Path) -> Path:
    """Relative paths in the environment are read from the project root, as `make` runs."""
    return path if path.is_absolute() else ROOT / path


class PathSettings(BaseSettings):
    # Old names (MADOGUCHI_CORPUS, _MODELS, _VAR) are still read, after the documented ones.
    corpus_dir: Path = Field(default=ROOT / "faq_corpus", env=["MADOGUCHI_CORPUS_DIR", "MADOGUCHI_CORPUS"])
    bot_dir: Path = ROOT / "bot"
    models_dir: Path = Field(default=None, env=["MADOGUCHI_MODELS_DIR", "MADOGUCHI_MODELS"])
    # Residents' data (conversations, staff log, the gateway's store) and development secrets.
    var_dir: Path = Field(default=ROOT / "var", env=["MADOGUCHI_VAR_DIR", "MADOGUCHI_VAR"])
    # Where the gateway's own stores live (calls, SMS outbox, accounts, staff log, the console's
    # question log): empty = SQLite files under var/ (embedded, one host); a SQLAlchemy URL
    # (postgresql://...) puts them all in that database, shared by every worker (make cluster).
    store_url: str = Field(default="", repr=False)

    class Config:
        env_prefix = "MADOGUCHI_"

    @validator("corpus_dir", "bot_dir", "var_dir")
    def absolute(cls, value: Path) -> Path:
        return _absolute(value)

    @validator("models_dir", always=True)
    def models_beside_the_bot(cls, value: Optional[Path], values: Dict[str, Any]) -> Path:
        return _absolute(value) if value else values.get("bot_dir", ROOT / "bot") / "models"


def development_secret(var_dir: Path, name: str) -> str:
    """A random secret kept in var/secrets/ (created once, readable by its owner only), so that
    development needs no configuration and still never uses a guessable token."""
    folder = var_dir / "secrets"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    if not path.exists():
        # Written aside, then linked into place: two processes starting at once agree on one
        # secret, and neither reads a half-written file.
        descriptor, draft = tempfile.mkstemp(dir=folder, prefix=f".{name}-")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(32))
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_text().strip()


IN_PROCESS_ACTIONS = "in-process:bot.actions"  # bot.in_process_actions.PREFIX + the package


class Settings(PathSettings):
    environment: str = "development"  # development | production
    # Where every service listens; loopback unless a reverse proxy on another host needs more.
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    actions_port: int = 5055
    gateway_port: int = 8000
    # Addresses whose X-Forwarded-For the gateway believes (a reverse proxy in front of it,
    # e.g. "127.0.0.1" for nginx on this host). Empty: none, so that a local client cannot
    # pick the address that rate limits and login lockouts count (and logs show).
    forwarded_allow_ips: str = ""
    # The Rasa server the gateway talks to, and where Rasa runs custom actions: by default
    # inside the Rasa server (`in-process:bot.actions`, bot/in_process_actions.py: no HTTP
    # round trip per action); an action server's URL (…/webhook) to run them there.
    rasa_url: str = ""
    actions_url: str = ""
    endpoints: Path = ROOT / "bot" / "endpoints.yml"
    # Conversations (Rasa's SQL tracker store) in SQLite; for PostgreSQL see endpoints.postgres.yml.
    tracker_db: Path = Field(default=None)
    # The conversation store as the staff console reads it (SQLAlchemy URL).
    tracker_db_url: str = ""
    # The Rasa HTTP API and REST channel need this token (only the gateway holds it); the action
    # server only answers calls carrying the actions token. Empty in development: generated.
    rasa_token: str = Field(default="", repr=False)
    actions_token: str = Field(default="", repr=False)

    @validator("environment")
    def known_environment(cls, value: str) -> str:
        if value not in ENVIRONMENTS:
            raise ValueError(f"MADOGUCHI_ENVIRONMENT must be one of {', '.join(ENVIRONMENTS)}, not {value!r}")
        return value

    @validator("rasa_url", always=True)
    def our_rasa(cls, value: str, values: Dict[str, Any]) -> str:
        return (value or f"http://127.0.0.1:{values.get('rasa_port', 5005)}").rstrip("/")

    @validator("actions_url", always=True)
    def our_actions(cls, value: str, values: Dict[str, Any]) -> str:
        return value or IN_PROCESS_ACTIONS

    @validator("endpoints")
    def endpoints_absolute(cls, value: Path) -> Path:
        return _absolute(value)

    @validator("tracker_db", always=True)
    def tracker_in_var(cls, value: Optional[Path], values: Dict[str, Any]) -> Path:
        return _absolute(value) if value else values.get("var_dir", ROOT / "var") / "tracker.db"

    @validator("tracker_db_url", always=True)
    def tracker_url(cls, value: str, values: Dict[str, Any]) -> str:
        return value or f"sqlite:///{values.get('tracker_db')}"

    @validator("rasa_token", "actions_token", always=True)
    def service_token(cls, value: str, values: Dict[str, Any], field: Any) -> str:
        if values.get("environment", "development") == "development" and not value:
            return development_secret(values.get("var_dir", ROOT / "var"), field.name)
        if value in PLACEHOLDER_SECRETS:
            raise ValueError(f"set MADOGUCHI_{field.name.upper()}: placeholder secrets are refused outside development")
        return value

    @property
    def actions_in_process(self) -> bool:
        """The Rasa server runs the custom actions itself: no action server to start."""
        return self.actions_url.startswith("in-process:")

    def environ(self) -> Dict[str, str]:
        """These settings as MADOGUCHI_* variables, for the processes we start: they read the
        very same values (endpoints.yml and credentials.yml through `${…}` too)."""
        shared = self.dict(include=set(Settings.__fields__))
        return {f"MADOGUCHI_{name.upper()}": str(value) for name, value in shared.items() if value is not None}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
