"""The cluster's services and how each is started, checked and stopped.

Order: PostgreSQL and Redis, the action servers, the Rasa servers (they need the stores),
the gateway workers, and nginx in front. Starting again starts only what is not running,
so `make cluster` after a crash brings back what died.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Dict, List

from ivr.outage import unavailable_twiml
from madoguchi.cluster import postgres
from madoguchi.cluster.layout import HOST, Layout
from madoguchi.cluster.processes import answers, pid_of, start_detached, stop, wait_until
from madoguchi.paths import ROOT
from madoguchi.services import CREDENTIALS, service_commands, service_env
from madoguchi.settings import Settings

DEPLOY_DIR = ROOT / "deploy" / "cluster"
# A conversation's lock is given up this many seconds after a server took it (Rasa's
# TICKET_LOCK_LIFETIME, 60 s by default): the time a turn waits when the server that held
# its lock was killed. A turn takes well under a second; 10 s leaves room for a slow one.
LOCK_LIFETIME_SECONDS = 10


@dataclass
class Service:
    name: str
    command: List[str]
    env: Dict[str, str]
    health: Callable[[], bool]
    start_seconds: float = 60

    def pid_file(self, layout: Layout) -> Path:
        return layout.pids / f"{self.name}.pid"


def redis_service(layout: Layout) -> Service:
    folder = layout.base / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "redis.conf"
    config.write_text(
        f"bind {HOST}\nport {layout.ports.redis}\nprotected-mode yes\nrequirepass {layout.secrets.redis}\n"
        f'dir {folder}\nsave ""\nappendonly no\ndaemonize no\n'  # locks and rate counts: nothing worth keeping
    )
    config.chmod(0o600)

    def health() -> bool:
        import redis

        try:
            return bool(redis.Redis(host=HOST, port=layout.ports.redis, password=layout.secrets.redis).ping())
        except redis.RedisError:
            return False

    return Service("redis", [shutil.which("redis-server") or "redis-server", str(config)], dict(os.environ), health)


def endpoints_file(layout: Layout) -> Path:
    """Rasa's endpoints: conversations in PostgreSQL (masked), locks in Redis, actions via nginx
    with the shared secret (from the settings, as in bot/endpoints.yml)."""
    path = layout.base / "endpoints.yml"
    path.write_text(
        "action_endpoint:\n  url: ${MADOGUCHI_ACTIONS_URL}\n  token: ${MADOGUCHI_ACTIONS_TOKEN}\n"
        "tracker_store:\n  type: bot.cluster_store.ClusterTrackerStore\n  dialect: postgresql\n"
        f"  url: {HOST}\n  port: {layout.ports.postgres}\n  db: {layout.database}\n"
        f"  username: {layout.database_user}\n  password: {layout.secrets.database}\n"
        "lock_store:\n  type: bot.lock_store.AtomicRedisLockStore\n"
        f"  url: {HOST}\n  port: {layout.ports.redis}\n  password: {layout.secrets.redis}\n  db: 1\n"
    )
    path.chmod(0o600)
    return path


def python_services(layout: Layout, model: Path) -> List[Service]:
    """The action servers, Rasa servers and gateway workers, each built like `make run`'s
    (madoguchi/services.py) from the settings, with its own port and the cluster's stores."""
    base = Settings()
    rasa_env = {"TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_SECONDS), "SQL_POOL_SIZE": "10", "SQL_MAX_OVERFLOW": "20"}
    endpoints = endpoints_file(layout)
    services: List[Service] = []
    for i, port in enumerate(layout.ports.action_servers):  # they write unknown items to the staff log
        settings = base.copy(update={"host": HOST, "actions_port": port, "store_url": layout.database_url})
        command = service_commands(settings, model)["actions"]
        services.append(
            Service(f"actions-{i + 1}", command, service_env(settings), partial(answers, f"{layout.url(port)}/health"))
        )
    for i, port in enumerate(layout.ports.rasa_servers):
        settings = base.copy(
            update={
                "host": HOST,
                "rasa_port": port,
                "endpoints": endpoints,
                "actions_url": f"{layout.url(layout.ports.actions)}/webhook",
            }
        )
        command = [
            str(DEPLOY_DIR / "credentials.yml") if part == str(CREDENTIALS) else part
            for part in service_commands(settings, model)["rasa"]
        ]
        services.append(
            Service(f"rasa-{i + 1}", command, service_env(settings, **rasa_env), partial(answers, f"{layout.url(port)}/"), 300)
        )
    extra = {
        "MADOGUCHI_PUBLIC_BASE_URL": os.environ.get("MADOGUCHI_PUBLIC_BASE_URL", layout.url(layout.ports.gateway)),
        # the console's retraining loads the new model into each Rasa server, not the one nginx picks
        "MADOGUCHI_RASA_SERVERS": json.dumps([layout.url(port) for port in layout.ports.rasa_servers]),
        # the chat's turn limits counted once for both workers, not once per worker (webchat/rate_limit.py)
        "MADOGUCHI_LIMITS_URL": layout.limits_url,
    }
    if base.environment == "development":  # the simulator's fake Twilio API, never Twilio
        extra["MADOGUCHI_TWILIO_API_BASE"] = os.environ.get("MADOGUCHI_TWILIO_API_BASE", "http://127.0.0.1:8099")
    for i, port in enumerate(layout.ports.gateway_workers):
        settings = base.copy(
            update={
                "host": HOST,
                "gateway_port": port,
                "rasa_url": layout.url(layout.ports.rasa),
                "tracker_db_url": layout.database_url,
                "store_url": layout.database_url,  # calls, outbox, accounts, staff log: shared by both
            }
        )
        command = [*service_commands(settings, model)["gateway"], "--proxy-headers", "--forwarded-allow-ips", HOST]
        services.append(
            Service(f"gateway-{i + 1}", command, service_env(settings, **extra), partial(answers, f"{layout.url(port)}/healthz"))
        )
    return services


def nginx_string(text: str) -> str:
    """Text for a single-quoted nginx string (nginx would read `$` as a variable)."""
    if "$" in text:
        raise ValueError(f"nginx cannot return text with '$': {text[:80]}")
    return text.replace("\\", "\\\\").replace("'", "\\'")


def nginx_service(layout: Layout) -> Service:
    prefix = layout.base / "nginx"
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / folder).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:  # workers run as nobody: they write request bodies here
        for path in [prefix / "tmp", *(prefix / "tmp").iterdir()]:
            shutil.chown(path, "nobody")

    def servers(ports: List[int]) -> str:
        return "\n".join(f"        server {HOST}:{port} max_fails=1 fail_timeout=5s;" for port in ports)

    text = (DEPLOY_DIR / "nginx.conf").read_text()
    for name, value in {
        "@USER@": "user nobody nogroup;" if os.geteuid() == 0 else "",
        "@PREFIX@": str(prefix), "@LOGS@": str(layout.logs), "@HOST@": HOST,
        "@RASA_PORT@": str(layout.ports.rasa), "@ACTIONS_PORT@": str(layout.ports.actions),
        "@GATEWAY_PORT@": str(layout.ports.gateway),
        "@RASA_SERVERS@": servers(layout.ports.rasa_servers),
        "@ACTION_SERVERS@": servers(layout.ports.action_servers),
        "@GATEWAY_WORKERS@": servers(layout.ports.gateway_workers),
        "@VOICE_UNAVAILABLE@": nginx_string(unavailable_twiml()),
    }.items():  # fmt: skip
        text = text.replace(name, value)
    config = prefix / "nginx.conf"
    config.write_text(text)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return Service(
        "nginx", [nginx, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"], dict(os.environ),
        lambda: answers(f"{layout.url(layout.ports.gateway)}/healthz"),
    )  # fmt: skip


def start_service(layout: Layout, service: Service) -> None:
    pid_file = service.pid_file(layout)
    if pid_of(pid_file) is None:
        stop(pid_file, seconds=5)  # what is left of it after a crash (nginx's worker holds the ports)
        start_detached(service.command, service.env, ROOT, layout.logs / f"{service.name}.log", pid_file)


def wait_for_service(layout: Layout, service: Service) -> None:
    wait_until(service.health, f"{service.name} (log: {layout.logs / (service.name + '.log')})",
               service.start_seconds, service.pid_file(layout))  # fmt: skip


def start(layout: Layout, model: Path) -> None:
    layout.save()
    postgres.start(layout)
    redis = redis_service(layout)
    start_service(layout, redis)
    wait_for_service(layout, redis)
    workers = python_services(layout, model)
    for service in workers:  # they load in parallel; Rasa needs the action servers only per turn
        start_service(layout, service)
    nginx = nginx_service(layout)
    start_service(layout, nginx)
    for service in [*workers, nginx]:
        wait_for_service(layout, service)


def stop_all(layout: Layout) -> None:
    """The servers first, then the stores: no turn is left talking to a stopped store."""
    stop(*(p for p in layout.pids.glob("*.pid") if p.stem != "redis"))
    stop(layout.pids / "redis.pid")
    postgres.stop(layout)


def status(layout: Layout) -> Dict[str, str]:
    found = {p.stem: ("running" if pid_of(p) else "stopped") for p in sorted(layout.pids.glob("*.pid"))}
    found["postgres"] = "running" if postgres.running(layout) else "stopped"
    return found
