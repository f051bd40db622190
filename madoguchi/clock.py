"""Time in Japan, from one injectable clock so that tests and simulations are exact."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(JST)


def clock_from_env() -> Clock:
    """The system clock, unless MADOGUCHI_FIXED_NOW (ISO 8601) pins it for tests and simulations."""
    fixed = os.environ.get("MADOGUCHI_FIXED_NOW")
    if not fixed:
        return system_clock
    if os.environ.get("MADOGUCHI_ENVIRONMENT", "development") == "production":
        raise RuntimeError("MADOGUCHI_FIXED_NOW is for tests and simulations; it is refused in production")
    pinned = datetime.fromisoformat(fixed)
    pinned = pinned if pinned.tzinfo else pinned.replace(tzinfo=JST)
    return lambda: pinned.astimezone(JST)
