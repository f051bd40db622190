"""Staff login: one shared password, a signed session cookie, a CSRF token for every form.

The cookie holds the staff member's name and an expiry, signed with HMAC-SHA256 under
`console_secret`; nothing is kept on the server. Forms carry a token derived from the
cookie, and the cookie is SameSite=Strict, so another site cannot post on a staff
member's behalf. Repeated wrong passwords are slowed down (429) rather than counted forever.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections import deque
from typing import Annotated, Deque, Optional

from fastapi import Depends, Form, HTTPException, Request

from ivr.security import SettingsDep
from ivr.settings import Settings

COOKIE = "madoguchi_staff"
MAX_FAILED_LOGINS = 5  # within FAILED_LOGIN_WINDOW seconds
FAILED_LOGIN_WINDOW = 300
_failed_logins: Deque[float] = deque()


def _sign(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def session_cookie(settings: Settings, name: str, now: Optional[float] = None) -> str:
    expires = int((now or time.time()) + settings.console_session_hours * 3600)
    body = base64.urlsafe_b64encode(name.encode()).decode() + f".{expires}"
    return f"{body}.{_sign(settings.console_secret, body)}"


def staff_from_cookie(settings: Settings, cookie: Optional[str], now: Optional[float] = None) -> Optional[str]:
    if not cookie or cookie.count(".") != 2:
        return None
    encoded, expires, signature = cookie.split(".")
    if not hmac.compare_digest(signature, _sign(settings.console_secret, f"{encoded}.{expires}")):
        return None
    if not expires.isdigit() or int(expires) < (now or time.time()):
        return None
    return base64.urlsafe_b64decode(encoded.encode()).decode()


def csrf_token(settings: Settings, cookie: str) -> str:
    return _sign(settings.console_secret, "csrf:" + cookie)[:32]


def password_ok(settings: Settings, password: str, now: Optional[float] = None) -> bool:
    """Check a login password; raises 429 after too many recent failures."""
    now = now or time.time()
    while _failed_logins and _failed_logins[0] < now - FAILED_LOGIN_WINDOW:
        _failed_logins.popleft()
    if len(_failed_logins) >= MAX_FAILED_LOGINS:
        raise HTTPException(status_code=429, detail="too many failed logins; wait a few minutes")
    if hmac.compare_digest(password.encode(), settings.console_password.encode()):
        return True
    _failed_logins.append(now)
    return False


class Staff:
    def __init__(self, name: str, cookie: str, csrf: str) -> None:
        self.name, self.cookie, self.csrf = name, cookie, csrf


def current_staff(request: Request, settings: SettingsDep) -> Staff:
    """The logged-in staff member; pages redirect to the login form otherwise."""
    cookie = request.cookies.get(COOKIE, "")
    name = staff_from_cookie(settings, cookie)
    if name is None:
        raise HTTPException(status_code=303, headers={"Location": "/console/login"}, detail="login required")
    return Staff(name, cookie, csrf_token(settings, cookie))


StaffDep = Annotated[Staff, Depends(current_staff)]


def checked_staff(staff: StaffDep, csrf: Annotated[str, Form()]) -> Staff:
    """A logged-in staff member posting a form that came from the console (CSRF token)."""
    if not hmac.compare_digest(csrf, staff.csrf):
        raise HTTPException(status_code=403, detail="the form has expired; reload the page")
    return staff


PostingStaffDep = Annotated[Staff, Depends(checked_staff)]
