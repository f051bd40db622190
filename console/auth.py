"""Staff login: a personal account, a signed session cookie, a CSRF token for every form.

The cookie holds the account name and an expiry, signed with HMAC-SHA256 under
`console_secret`; every request reads the account again, so a disabled account or a
changed role takes effect at once. Forms carry a token derived from the cookie, and the
cookie is SameSite=Strict, so another site cannot post on a staff member's behalf.
Wrong passwords are counted per account and per address (console.accounts).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from functools import lru_cache
from typing import Annotated, Optional

from fastapi import Depends, Form, HTTPException, Request

from console.accounts import (
    DEVELOPMENT_ACCOUNT,
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ADDRESS,
    Account,
    Accounts,
)
from gateway.settings import Settings, SettingsDep
from gateway.store import Store

COOKIE = "madoguchi_staff"
TOO_MANY_FAILURES = "パスワードの誤りが続いたため、しばらくログインできません。数分待ってからやり直してください。"
EDITORS_ONLY = "この操作は編集者（editor）の職員だけができます。"


@lru_cache(maxsize=4)
def _accounts(location: str, environment: str) -> Accounts:
    accounts = Accounts(Store(location))
    accounts.ensure_development_account(environment)
    return accounts


def get_accounts(settings: SettingsDep) -> Accounts:
    return _accounts(settings.gateway_store, settings.environment)


AccountsDep = Annotated[Accounts, Depends(get_accounts)]


def _sign(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison that also takes non-ASCII input (str compare_digest raises on it)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode())


def session_cookie(settings: Settings, name: str, now: Optional[float] = None) -> str:
    expires = int((now or time.time()) + settings.console_session_hours * 3600)
    body = base64.urlsafe_b64encode(name.encode()).decode() + f".{expires}"
    return f"{body}.{_sign(settings.console_secret, body)}"


def staff_from_cookie(settings: Settings, cookie: Optional[str], now: Optional[float] = None) -> Optional[str]:
    if not cookie or cookie.count(".") != 2:
        return None
    encoded, expires, signature = cookie.split(".")
    if not _same(signature, _sign(settings.console_secret, f"{encoded}.{expires}")):
        return None
    if not expires.isdigit() or int(expires) < (now or time.time()):
        return None
    try:
        return base64.urlsafe_b64decode(encoded.encode()).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None


def csrf_token(settings: Settings, cookie: str) -> str:
    return _sign(settings.console_secret, "csrf:" + cookie)[:32]


class LockedOut(Exception):
    """Too many wrong passwords for this account or from this address lately."""


def log_in(accounts: Accounts, settings: Settings, name: str, password: str, address: str) -> Optional[Account]:
    """The account when name and password match; LockedOut while the account or the address is locked."""
    # Failures are rows in the gateway's store, so every worker sees them (make cluster:
    # PostgreSQL): unlike the chat's limits (webchat/rate_limit.py), they need no Redis.
    subjects = {account_subject(settings, name): MAX_FAILURES_PER_ACCOUNT, f"address:{address}": MAX_FAILURES_PER_ADDRESS}
    if any(accounts.recent_failures(subject) >= limit for subject, limit in subjects.items()):
        raise LockedOut(TOO_MANY_FAILURES)
    account = accounts.verify(name, password)
    if account is not None and settings.environment != "development" and account.name == DEVELOPMENT_ACCOUNT:
        account = None  # a development store copied to a server must not open the console
    if account is None:
        accounts.record_failure(subjects)
        return None
    accounts.clear_failures(account_subject(settings, name))
    return account


def account_subject(settings: Settings, name: str) -> str:
    """What the failure count of a typed name is kept under: a keyed hash, never the name as
    typed (people type a password, or anything, into the name field)."""
    typed = name.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return "account:" + _sign(settings.console_secret, "login name\0" + typed)[:32]


class Staff:
    """The logged-in staff member of a request: account, cookie and the forms' CSRF token."""

    def __init__(self, account: Account, cookie: str, csrf: str) -> None:
        self.account, self.cookie, self.csrf = account, cookie, csrf
        self.name, self.role, self.can_edit = account.name, account.role, account.can_edit


def current_staff(request: Request, settings: SettingsDep, accounts: AccountsDep) -> Staff:
    """The logged-in staff member; pages redirect to the login form otherwise."""
    cookie = request.cookies.get(COOKIE, "")
    name = staff_from_cookie(settings, cookie)
    account = accounts.get(name) if name else None
    if account is None or not account.active:
        raise HTTPException(status_code=303, headers={"Location": "/console/login"}, detail="login required")
    return Staff(account, cookie, csrf_token(settings, cookie))


StaffDep = Annotated[Staff, Depends(current_staff)]


def checked_staff(staff: StaffDep, csrf: Annotated[str, Form()]) -> Staff:
    """A logged-in staff member posting a form that came from the console (CSRF token)."""
    if not _same(csrf, staff.csrf):
        raise HTTPException(status_code=403, detail="フォームの有効期限が切れました。ページを読み込み直してください。")
    return staff


PostingStaffDep = Annotated[Staff, Depends(checked_staff)]


def editor(staff: StaffDep) -> Staff:
    if not staff.can_edit:
        raise HTTPException(status_code=403, detail=EDITORS_ONLY)
    return staff


def posting_editor(staff: PostingStaffDep) -> Staff:
    return editor(staff)


EditorDep = Annotated[Staff, Depends(editor)]
PostingEditorDep = Annotated[Staff, Depends(posting_editor)]
