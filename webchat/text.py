"""Texts from outside (chat messages, feedback) that every store can keep (madoguchi.readable):
refused with a reason the widget shows, rather than failing later in Rasa's store."""

from __future__ import annotations

from madoguchi.readable import is_readable

UNREADABLE = "読み取れない文字が含まれています。文字を確かめて、もう一度送ってください。"


def readable_text(value: str) -> str:
    """A pydantic validator: the text as it is, or a ValueError with the reason in Japanese."""
    if not is_readable(value):
        raise ValueError(UNREADABLE)
    return value
