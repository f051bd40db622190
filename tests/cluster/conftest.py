"""A real cluster for the fault tests: Debian's PostgreSQL, Redis and nginx, two Rasa
servers, two action servers and two gateway workers, on free loopback ports in a scratch
folder (so it runs beside a developer's `make run` or `make cluster`)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

from devtools.fake_twilio import FakeTwilio
from devtools.servers import free_port
from madoguchi.cluster import services
from madoguchi.cluster.layout import Layout, Ports
from madoguchi.cluster.processes import pid_of
from madoguchi.paths import ROOT
from madoguchi.settings import Settings

ARTIFACTS = ROOT / "test-artifacts" / "cluster-logs"
TWILIO_PORT = free_port()


def missing_packages() -> Optional[str]:
    missing = [name for name in ("redis-server", "nginx") if not shutil.which(name) and not Path(f"/usr/sbin/{name}").exists()]
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        missing.append("postgresql")
    return f"the cluster profile needs Debian's {', '.join(missing)} (make cluster-packages installs them)" if missing else None


@dataclass
class Cluster:
    layout: Layout
    model: Path

    @property
    def rasa_url(self) -> str:
        return self.layout.url(self.layout.ports.rasa)

    @property
    def gateway_url(self) -> str:
        return self.layout.url(self.layout.ports.gateway)

    def say(self, sender: str, message: str, url: str = "", request_id: str = "", timeout: float = 30) -> Tuple[int, Any]:
        """One REST turn (through nginx unless `url` names a server): status and JSON body."""
        headers = {"Content-Type": "application/json"}
        if request_id:
            headers["X-Request-Id"] = request_id
        request = urllib.request.Request(
            f"{url or self.rasa_url}/webhooks/rest/webhook?token={Settings().rasa_token}",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers=headers,
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def pid(self, name: str) -> int:
        pid = pid_of(self.layout.pids / f"{name}.pid")
        assert pid is not None, f"{name} is not running"
        return pid

    def kill_9(self, name: str) -> None:
        os.kill(self.pid(name), signal.SIGKILL)
        deadline = time.monotonic() + 10
        while pid_of(self.layout.pids / f"{name}.pid") is not None and time.monotonic() < deadline:
            time.sleep(0.1)

    def whole(self) -> None:
        """What `make cluster` does after a crash: start what is not running, wait for it all."""
        services.start(self.layout, self.model)

    def bring_back(self, name: str, wait: bool = True) -> None:
        """Start one stopped service again; without waiting, the next tests go on meanwhile
        (a test that needs every server calls whole() first)."""
        found = {s.name: s for s in [services.redis_service(self.layout), *services.python_services(self.layout, self.model)]}
        services.start_service(self.layout, found[name])
        if wait:
            services.wait_for_service(self.layout, found[name])

    def events(self, sender: str) -> List[Dict[str, Any]]:
        import psycopg2

        with psycopg2.connect(self.layout.database_url) as db, db.cursor() as cursor:
            cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
            return [{"type": kind, **json.loads(data)} for kind, data in cursor.fetchall()]

    def user_turns(self, sender: str) -> List[str]:
        return [event["text"] for event in self.events(sender) if event["type"] == "user"]


# The cluster's processes read the fake Twilio's address from the environment while the
# cluster tests run (a restarted gateway too); the tests after them must not see it
# (production settings refuse it), so it is put back when this package's tests end.
TWILIO_API_BASE = "MADOGUCHI_TWILIO_API_BASE"
_environment_before: Dict[str, Optional[str]] = {}


@pytest.fixture(scope="package", autouse=True)
def _environment_restored_after_the_cluster_tests() -> Iterator[None]:
    yield
    for key, value in _environment_before.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def cluster(model_path: Path) -> Iterator[Cluster]:
    reason = missing_packages()
    if reason:
        pytest.skip(reason)
    if os.geteuid() != 0 and not os.access("/usr/lib/postgresql", os.X_OK):
        pytest.skip("PostgreSQL cannot be run here")
    # the gateways send SMS to a local fake of Twilio's API (tests/cluster: the outbox test)
    _environment_before.setdefault(TWILIO_API_BASE, os.environ.get(TWILIO_API_BASE))
    os.environ[TWILIO_API_BASE] = f"http://127.0.0.1:{TWILIO_PORT}"
    base = Path(tempfile.mkdtemp(prefix="madoguchi-cluster-"))
    base.chmod(0o755)  # PostgreSQL runs as the postgres user and must reach its folder
    layout = Layout.for_folder(base, Ports.free(free_port))
    try:
        services.start(layout, model_path)
        yield Cluster(layout, model_path)
    finally:
        services.stop_all(layout)
        # the servers' logs stay for a look after a failure (CI keeps test-artifacts/)
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        shutil.copytree(layout.logs, ARTIFACTS, dirs_exist_ok=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """Twilio's REST API as the cluster's gateways reach it (a local fake: nothing is sent)."""
    with FakeTwilio(TWILIO_PORT) as fake:
        yield fake
