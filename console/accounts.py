"""Staff accounts: one per person, a hashed password (argon2id), a role, and login lockouts.

Accounts live in the gateway's store, so the audit log's names are people who logged in,
not names typed at a shared password. Roles:

- viewer: the dashboard and the unanswered questions;
- editor: also corpus edits, imports and retraining.

Wrong passwords are counted per account and per network address (rows in the store, so
a restart or a second gateway process sees them): one person's typos lock only that
account, and one address guessing many names is stopped without locking everyone out.

The command line adds and disables staff (the password is read from a prompt or stdin,
never from the command line, where `ps` and shell history would show it):

    python -m console.accounts add 山田 --role editor
    python -m console.accounts disable 山田
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, List, Optional, Sequence

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from gateway.store import Store
from madoguchi import staff_log
from madoguchi.database import engine

VIEWER, EDITOR = "viewer", "editor"
ROLES = (VIEWER, EDITOR)
MIN_PASSWORD_CHARS = 10
MAX_NAME_CHARS = 40
# Wrong passwords within FAILURE_WINDOW seconds before further tries are refused (429).
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = 300.0
# Created on the first start in development only, so `make run` needs no setup.
DEVELOPMENT_ACCOUNT = "development"
DEVELOPMENT_PASSWORD = "development"  # noqa: S105 - refused outside development

metadata = sa.MetaData()
staff_accounts = sa.Table(
    "staff_accounts", metadata,
    sa.Column("name", sa.String(40), primary_key=True), sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(10), nullable=False), sa.Column("active", sa.Integer, nullable=False),
    sa.Column("created", sa.Text, nullable=False),
)  # fmt: skip
login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("subject", sa.Text, nullable=False), sa.Column("at", sa.Float, nullable=False),
    sa.Index("login_failures_subject", "subject", "at"),
)  # fmt: skip
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """A refused account change, with a message for the person at the command line or console."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    active: bool

    @property
    def can_edit(self) -> bool:
        return self.role == EDITOR


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def clean_name(name: str) -> str:
    """The account name as stored: NFC, no surrounding spaces, no control characters."""
    name = unicodedata.normalize("NFC", name.strip())
    if not name or len(name) > MAX_NAME_CHARS:
        raise AccountError(f"名前は1〜{MAX_NAME_CHARS}文字にしてください。")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise AccountError("名前に制御文字は使えません。")
    return name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"パスワードは{MIN_PASSWORD_CHARS}文字以上にしてください。")


class Accounts:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = engine(store.location, metadata)

    def add(self, name: str, password: str, role: str) -> Account:
        name = clean_name(name)
        if role not in ROLES:
            raise AccountError(f"役割は {' / '.join(ROLES)} のどれかです。")
        _check_password(password)
        if self.get(name) is not None:
            raise AccountError(f"{name} はすでに登録されています。")
        row = {"name": name, "password_hash": _hasher.hash(password), "role": role, "active": 1, "created": _now()}
        try:
            with self.engine.begin() as db:
                db.execute(staff_accounts.insert().values(**row))
        except sa.exc.IntegrityError:  # added by another gateway worker a moment ago
            raise AccountError(f"{name} はすでに登録されています。") from None
        return Account(name, role, True)

    def set_password(self, name: str, password: str) -> None:
        _check_password(password)
        self._update(name, password_hash=_hasher.hash(password))

    def set_active(self, name: str, active: bool) -> None:
        self._update(name, active=int(active))

    def set_role(self, name: str, role: str) -> None:
        if role not in ROLES:
            raise AccountError(f"役割は {' / '.join(ROLES)} のどれかです。")
        self._update(name, role=role)

    def _update(self, name: str, **values: object) -> None:
        with self.engine.begin() as db:
            changed = db.execute(staff_accounts.update().where(staff_accounts.c.name == name).values(**values)).rowcount
        if not changed:
            raise AccountError(f"{name} という職員は登録されていません。")

    def get(self, name: str) -> Optional[Account]:
        query = sa.select(staff_accounts.c.name, staff_accounts.c.role, staff_accounts.c.active).where(
            staff_accounts.c.name == name
        )
        with self.engine.connect() as db:
            row = db.execute(query).first()
        return Account(row[0], row[1], bool(row[2])) if row else None

    def all(self) -> List[Account]:
        query = sa.select(staff_accounts.c.name, staff_accounts.c.role, staff_accounts.c.active).order_by(staff_accounts.c.name)
        with self.engine.connect() as db:
            rows = db.execute(query).fetchall()
        return [Account(name, role, bool(active)) for name, role, active in rows]

    def verify(self, name: str, password: str) -> Optional[Account]:
        """The active account when the password is its own; None otherwise (same cost either way)."""
        with self.engine.connect() as db:
            found = db.execute(sa.select(staff_accounts.c.password_hash).where(staff_accounts.c.name == name)).scalar()
        stored = found if found is not None else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if found is None:
            return None
        if _hasher.check_needs_rehash(stored):  # parameters were raised since it was set
            self._update(name, password_hash=_hasher.hash(password))
        account = self.get(name)
        return account if account and account.active else None

    # --- lockout -------------------------------------------------------------------

    def recent_failures(self, subject: str, now: Optional[float] = None) -> int:
        since = (now or time.time()) - FAILURE_WINDOW
        query = sa.select(sa.func.count()).where(login_failures.c.subject == subject, login_failures.c.at > since)
        with self.engine.connect() as db:
            return int(db.execute(query).scalar() or 0)

    def record_failure(self, subjects: Iterable[str], now: Optional[float] = None) -> None:
        now = now or time.time()
        rows = [{"subject": subject, "at": now} for subject in subjects]
        with self.engine.begin() as db:
            db.execute(login_failures.delete().where(login_failures.c.at <= now - FAILURE_WINDOW))
            if rows:
                db.execute(login_failures.insert(), rows)

    def clear_failures(self, subject: str) -> None:
        with self.engine.begin() as db:
            db.execute(login_failures.delete().where(login_failures.c.subject == subject))

    def ensure_development_account(self, environment: str) -> Optional[Account]:
        """In development, with no account yet, the `development` editor (password `development`)."""
        if environment != "development" or self.all():
            return None
        try:
            account = self.add(DEVELOPMENT_ACCOUNT, DEVELOPMENT_PASSWORD, EDITOR)
        except AccountError:  # the other gateway worker, starting at the same moment, made it
            return None
        staff_log.record_change("system", "add_account", json.dumps({"name": account.name, "role": EDITOR, "development": True}))
        return account


# --- command line ----------------------------------------------------------------------


def _read_password(confirm: bool) -> str:
    """From a prompt (asked twice) at a terminal, else the first line of stdin."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("パスワード: ")
    if confirm and getpass.getpass("もう一度: ") != password:
        raise AccountError("二つのパスワードが違います。")
    return password


def _actor() -> str:
    """Who ran the command, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return f"cli:uid{os.getuid()}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m console.accounts", description="職員アカウントの管理")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="職員を追加（パスワードはプロンプトまたは標準入力から）")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default=VIEWER)
    simple = {"password": "パスワードを変更", "disable": "ログインできなくする", "enable": "再びログインできるようにする"}
    for command, text in simple.items():
        commands.add_parser(command, help=text).add_argument("name")
    role = commands.add_parser("role", help="役割を変更")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    commands.add_parser("list", help="職員の一覧")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    from gateway.settings import get_settings  # the same store the gateway uses

    args = _parser().parse_args(argv)
    accounts = Accounts(Store(get_settings().gateway_store))
    try:
        if args.command == "list":
            for account in accounts.all():
                print(f"{account.name}\t{account.role}\t{'有効' if account.active else '無効'}")
            return 0
        name = clean_name(args.name)
        if args.command == "add":
            accounts.add(name, _read_password(confirm=True), args.role)
            detail = {"name": name, "role": args.role}
        elif args.command == "password":
            accounts.set_password(name, _read_password(confirm=True))
            detail = {"name": name}
        elif args.command == "role":
            accounts.set_role(name, args.role)
            detail = {"name": name, "role": args.role}
        else:
            accounts.set_active(name, args.command == "enable")
            detail = {"name": name}
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    staff_log.record_change(_actor(), f"{args.command}_account", json.dumps(detail, ensure_ascii=False))
    print(f"{name}: {args.command} done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
