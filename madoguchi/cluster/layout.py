"""Where a cluster lives: its folder under var/, its loopback ports and its generated secrets.

`make cluster` serves the same public addresses as `make run` (Rasa REST on 5005, the action
server on 5055, the gateway on 8000, all through nginx); the processes behind nginx listen
on ports of their own. Tests start a cluster on free ports in a scratch folder instead.
The layout is written to `layout.json` so that `make cluster-stop` finds what it started.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Dict, List
from urllib.parse import quote

from madoguchi.paths import VAR_DIR

CLUSTER_DIR = Path(os.environ.get("MADOGUCHI_CLUSTER_DIR", VAR_DIR / "cluster"))
HOST = "127.0.0.1"


@dataclass
class Ports:
    rasa: int = 5005  # nginx -> rasa_servers
    actions: int = 5055  # nginx -> action_servers
    gateway: int = 8000  # nginx -> gateway_workers
    rasa_servers: List[int] = field(default_factory=lambda: [5101, 5102])
    action_servers: List[int] = field(default_factory=lambda: [5151, 5152])
    gateway_workers: List[int] = field(default_factory=lambda: [8101, 8102])
    postgres: int = 55432
    redis: int = 56379

    @classmethod
    def free(cls, free_port: Callable[[], int]) -> "Ports":
        """Every port a free one: for tests beside a running `make run` or `make cluster`."""
        return cls(
            rasa=free_port(), actions=free_port(), gateway=free_port(),
            rasa_servers=[free_port(), free_port()], action_servers=[free_port(), free_port()],
            gateway_workers=[free_port(), free_port()], postgres=free_port(), redis=free_port(),
        )  # fmt: skip


@dataclass
class Secrets:
    """Generated once per cluster folder; the files that hold them are readable by root only."""

    postgres_admin: str
    database: str
    redis: str

    @classmethod
    def generate(cls) -> "Secrets":
        return cls(secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(24))


@dataclass
class Layout:
    base: Path
    ports: Ports
    secrets: Secrets
    database: str = "madoguchi"
    database_user: str = "madoguchi"

    @property
    def logs(self) -> Path:
        return self.base / "logs"

    @property
    def pids(self) -> Path:
        return self.base / "pids"

    @property
    def postgres_dir(self) -> Path:
        """Owned by the postgres user (PostgreSQL refuses to run as root)."""
        return self.base / "postgres"

    @property
    def database_url(self) -> str:
        return f"postgresql://{self.database_user}:{self.secrets.database}@{HOST}:{self.ports.postgres}/{self.database}"

    @property
    def limits_url(self) -> str:
        """The chat's rate limits, shared by the gateway workers: Redis's database 2 (Rasa's
        conversation locks are in database 1)."""
        return f"redis://:{quote(self.secrets.redis, safe='')}@{HOST}:{self.ports.redis}/2"

    def url(self, port: int) -> str:
        return f"http://{HOST}:{port}"

    def save(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        path = self.base / "layout.json"
        path.write_text(json.dumps(asdict(self), default=str, indent=2))
        path.chmod(0o600)

    @classmethod
    def load(cls, base: Path) -> "Layout":
        data: Dict = json.loads((base / "layout.json").read_text())
        return cls(
            base=Path(data["base"]), ports=Ports(**data["ports"]), secrets=Secrets(**data["secrets"]),
            database=data["database"], database_user=data["database_user"],
        )  # fmt: skip

    @classmethod
    def for_folder(cls, base: Path, ports: "Ports | None" = None) -> "Layout":
        """The folder's saved layout (same secrets as the data), or a new one with these ports."""
        if (base / "layout.json").exists():
            layout = cls.load(base)
            if ports is not None:
                layout.ports = ports
            return layout
        return cls(base=base, ports=ports or Ports(), secrets=Secrets.generate())
