"""The commands and environment of the three services, built from the one settings object.

`make run` (devtools/run.py) and the test and benchmark servers (devtools/servers.py)
both start the services from here, so they cannot drift apart. Secrets travel in the
environment (readable by the owner only), never on a command line that `ps` shows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List

from madoguchi.paths import ROOT, project_env
from madoguchi.settings import Settings

CREDENTIALS = ROOT / "bot" / "credentials.yml"
SERVICES = ("actions", "rasa", "gateway")


def service_commands(settings: Settings, model: Path) -> Dict[str, List[str]]:
    """name -> command line, for the action server, the Rasa server and the gateway."""
    py = sys.executable
    return {
        # bot.action_server reads host, port and the shared secret from the settings.
        "actions": [py, "-m", "bot.action_server"],
        # bot.rasa_server is `rasa run` with the API token added from the settings; no --cors:
        # browsers talk to the gateway, never to Rasa.
        "rasa": [
            py, "-m", "bot.rasa_server", "--model", str(model), "--enable-api",
            "--interface", settings.host, "--port", str(settings.rasa_port),
            "--endpoints", str(settings.endpoints), "--credentials", str(CREDENTIALS),
        ],
        "gateway": [
            py, "-m", "uvicorn", "gateway.app:app", "--ws", "none",
            "--host", settings.host, "--port", str(settings.gateway_port), *proxy_options(settings),
        ],
    }  # fmt: skip


def proxy_options(settings: Settings) -> List[str]:
    """uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise: only from the
    reverse proxy the settings name (MADOGUCHI_FORWARDED_ALLOW_IPS), else from nobody."""
    if settings.forwarded_allow_ips:
        return ["--proxy-headers", "--forwarded-allow-ips", settings.forwarded_allow_ips]
    return ["--no-proxy-headers"]


def service_env(settings: Settings, **extra: str) -> Dict[str, str]:
    """The environment of every service: the settings written out as MADOGUCHI_* variables
    (endpoints.yml and credentials.yml read them through `${…}`), plus `extra`."""
    return project_env(**{**settings.environ(), **extra})
