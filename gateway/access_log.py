"""The gateway's access log (uvicorn's) without personal information: a request line whose
path or query holds a phone number (or anything madoguchi.pii masks) is logged masked.

Residents' words never travel in URLs the gateway builds, but anyone can send one (a search
in the console, a typo, a probe), and the log is read by more people than the store.
"""

from __future__ import annotations

import logging
from urllib.parse import quote, unquote

from madoguchi.pii import mask_pii

ACCESS_LOGGER = "uvicorn.access"
TARGET = 2  # uvicorn's access record: (client address, method, path?query, HTTP version, status)


def masked_target(target: str) -> str:
    """The request target as logged: as it came, or, when it holds personal information,
    masked and percent-encoded again (so that no decoded control character reaches the log)."""
    decoded = unquote(target)
    masked = mask_pii(decoded)
    return target if masked == decoded else quote(masked, safe="/?&=")


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > TARGET:
            target = args[TARGET]
            if isinstance(target, str):
                record.args = (*args[:TARGET], masked_target(target), *args[TARGET + 1 :])
        return True


def install() -> None:
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, MaskingFilter) for f in logger.filters):
        logger.addFilter(MaskingFilter())
