"""Staff accounts: hashed passwords, the command line, roles, lockouts and the audit log."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from console import auth
from console.accounts import (
    DEVELOPMENT_ACCOUNT,
    DEVELOPMENT_PASSWORD,
    EDITOR,
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ADDRESS,
    VIEWER,
    AccountError,
    Accounts,
)
from gateway.settings import Settings
from gateway.store import Store
from madoguchi import staff_log
from madoguchi.paths import ROOT, project_env

PASSWORD = "staff-test-password"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "gateway", console_secret="test-secret",
                    tracker_db_url=f"sqlite:///{tmp_path / 'no-tracker.db'}")  # fmt: skip


@pytest.fixture
def accounts(settings) -> Accounts:
    accounts = Accounts(Store(settings.data_dir))
    accounts.add("山田", PASSWORD, EDITOR)
    accounts.add("鈴木", PASSWORD, VIEWER)
    return accounts


@pytest.fixture
def client_at(settings, accounts, gateway_with):
    """A TestClient whose requests come from a given address: client_at("192.0.2.1")."""
    return lambda address="192.0.2.1": gateway_with(settings, client=(address, 50000))


def _login(client: TestClient, name: str, password: str = PASSWORD) -> int:
    return client.post("/console/login", data={"name": name, "password": password}, follow_redirects=False).status_code


def _csrf(client: TestClient) -> str:
    [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{32})"', client.get("/console/").text))
    return csrf


@pytest.mark.production_password_hashing
def test_passwords_are_stored_as_argon2_hashes(accounts) -> None:
    with sqlite3.connect(accounts.store.path) as db:
        hashes = [row[0] for row in db.execute("SELECT password_hash FROM staff_accounts")]
    # argon2id with RFC 9106's second recommended parameters (64 MiB, 3 passes, 4 lanes)
    assert all(h.startswith("$argon2id$v=19$m=65536,t=3,p=4$") for h in hashes)
    assert PASSWORD.encode() not in accounts.store.path.read_bytes()
    assert accounts.verify("山田", PASSWORD) is not None
    assert accounts.verify("山田", PASSWORD + "x") is None
    assert accounts.verify("誰か", PASSWORD) is None


def test_accounts_refuse_short_passwords_duplicates_and_control_characters(accounts) -> None:
    with pytest.raises(AccountError, match="10文字以上"):
        accounts.add("田中", "short", EDITOR)
    with pytest.raises(AccountError, match="すでに登録"):
        accounts.add(" 山田 ", PASSWORD, EDITOR)
    with pytest.raises(AccountError, match="制御文字"):
        accounts.add("田\x00中", PASSWORD, EDITOR)


@pytest.mark.slow  # four processes of the command, each importing the gateway's store
def test_the_command_adds_and_disables_staff_with_the_password_from_stdin(tmp_path) -> None:
    env = project_env(MADOGUCHI_DATA_DIR=str(tmp_path / "gateway"), MADOGUCHI_VAR_DIR=str(tmp_path / "var"))

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "console.accounts", *args], input=stdin, text=True,
                              capture_output=True, cwd=ROOT, env=env, timeout=60)  # fmt: skip

    assert run("add", "高橋", "--role", "editor", stdin=PASSWORD + "\n").returncode == 0
    accounts = Accounts(Store(tmp_path / "gateway"))
    assert accounts.verify("高橋", PASSWORD).role == EDITOR  # type: ignore[union-attr]
    assert "--password" not in run("add", "--help").stdout  # never on the command line
    assert run("disable", "高橋").returncode == 0
    assert accounts.verify("高橋", PASSWORD) is None
    refused = run("add", "伊藤", stdin="short\n")
    assert refused.returncode == 1 and "10文字以上" in refused.stderr
    changes = staff_log.rows("corpus_changes", path=tmp_path / "var" / "staff.db")
    assert [(c["action"], c["staff"].startswith("cli:")) for c in changes] == [("add_account", True), ("disable_account", True)]


def test_wrong_passwords_lock_that_account_only(client_at) -> None:
    client = client_at()
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert _login(client, "山田", "wrong-password") == 401
    assert _login(client, "山田") == 429  # locked, even with the right password
    assert _login(client_at("192.0.2.2"), "山田") == 429  # from anywhere
    assert _login(client_at("192.0.2.3"), "鈴木") == 303  # the others still log in


def test_an_address_guessing_many_names_is_locked_without_locking_the_staff(client_at) -> None:
    guesser = client_at("198.51.100.7")
    for n in range(MAX_FAILURES_PER_ADDRESS):
        assert _login(guesser, f"guess{n}", "wrong-password") == 401
    response = guesser.post("/console/login", data={"name": "山田", "password": PASSWORD})
    assert response.status_code == 429 and "しばらくログインできません" in response.text
    assert int(response.headers["Retry-After"]) > 0
    assert _login(client_at("192.0.2.3"), "山田") == 303


def test_a_viewer_sees_the_dashboard_but_cannot_change_the_bot(client_at, accounts) -> None:
    viewer = client_at()
    assert _login(viewer, "鈴木") == 303
    page = viewer.get("/console/")
    assert page.status_code == 200 and 'action="/console/retrain"' not in page.text
    csrf = _csrf(viewer)
    for path, data in [("/console/retrain", {}), ("/console/examples", {"topic_id": "waste/bulky_waste", "question": "粗大ごみ"}),
                       ("/console/topics", {"category": "waste", "name": "x"})]:  # fmt: skip
        response = viewer.post(path, data={"csrf": csrf, **data})
        assert response.status_code == 403, path
        assert "編集者" in response.json()["detail"]
    assert viewer.get("/console/topics/new").status_code == 403
    assert all(change["staff"] != "鈴木" for change in staff_log.rows("corpus_changes"))


def test_a_disabled_account_is_logged_out_at_once(client_at, accounts) -> None:
    client = client_at()
    assert _login(client, "山田") == 303
    assert client.get("/console/", follow_redirects=False).status_code == 200
    accounts.set_active("山田", False)
    assert client.get("/console/", follow_redirects=False).status_code == 303
    assert _login(client, "山田") == 401


def test_the_development_account_exists_in_development_only(tmp_path) -> None:
    development = Accounts(Store(tmp_path / "dev"))
    assert development.ensure_development_account("development") is not None
    assert development.verify(DEVELOPMENT_ACCOUNT, DEVELOPMENT_PASSWORD) is not None
    assert development.ensure_development_account("development") is None  # once
    production = Accounts(Store(tmp_path / "prod"))
    assert production.ensure_development_account("production") is None
    assert production.all() == []


def test_the_development_account_cannot_log_in_outside_development(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("MADOGUCHI_FIXED_NOW", raising=False)
    copied = Accounts(Store(tmp_path / "gateway"))
    copied.ensure_development_account("development")  # a development store copied to a server
    production = Settings(environment="production", twilio_auth_token="t", console_secret="s", data_dir=tmp_path / "gateway",
                          rasa_token="r", actions_token="a")  # fmt: skip
    assert auth.log_in(copied, production, DEVELOPMENT_ACCOUNT, DEVELOPMENT_PASSWORD, "192.0.2.1") is None


def test_a_tampered_or_expired_cookie_is_not_a_login() -> None:
    settings = Settings(console_secret="s")
    cookie = auth.session_cookie(settings, "山田", now=1000)
    assert auth.staff_from_cookie(settings, cookie, now=1001) == "山田"
    assert auth.staff_from_cookie(settings, cookie, now=1000 + 8 * 3600 + 1) is None
    assert auth.staff_from_cookie(settings, cookie.replace("5bGx55Sw", "5bGx55Sx"), now=1001) is None
    assert auth.staff_from_cookie(settings, "é.1.é", now=1001) is None  # non-ASCII: no TypeError (500)


def test_a_failed_login_keeps_no_trace_of_the_name_as_typed(client_at, accounts, settings) -> None:
    client = client_at()
    for typed in ("my-secret-passw0rd", "090-2468-1357"):
        assert _login(client, typed, "wrong password") == 401
    stored = accounts.store.path.read_bytes() + b"".join(p.read_bytes() for p in accounts.store.path.parent.glob("*-wal"))
    for typed in (b"my-secret-passw0rd", b"2468"):
        assert typed not in stored
    for _ in range(MAX_FAILURES_PER_ACCOUNT):  # the count per account still holds
        assert _login(client, "山田", "wrong password") == 401
    assert _login(client, "山田") == 429
