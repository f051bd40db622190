"""Texts from outside (chat messages, feedback, form fields) that every store can keep.

A lone UTF-16 surrogate (JSON `"\\udc18"`) cannot be encoded as UTF-8: Rasa's tracker store
fails on it, so it is refused here with a reason, like a NUL or another control character,
which PostgreSQL refuses in text and which no resident types.
"""

from __future__ import annotations

import unicodedata

UNREADABLE = "読み取れない文字が含まれています。文字を確かめて、もう一度送ってください。"
KEPT_CONTROLS = "\t\n\r"


def is_readable(text: str) -> bool:
    return not any(unicodedata.category(ch) in ("Cs", "Cc") and ch not in KEPT_CONTROLS for ch in text)


def readable_text(value: str) -> str:
    """A pydantic validator: the text as it is, or a ValueError with the reason in Japanese."""
    if not is_readable(value):
        raise ValueError(UNREADABLE)
    return value
