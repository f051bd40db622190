"""Whether a value is text that can be stored and written out: no lone UTF-16 surrogate (which
no UTF-8 database or file takes) and no NUL (which PostgreSQL refuses)."""

from __future__ import annotations

from typing import Any, Optional


def text_problem(value: Any, where: str) -> Optional[str]:
    """Why a JSON value holds something that is not storable text, or None."""
    if isinstance(value, str):
        if "\x00" in value:
            return f"{where}: a NUL character is not text"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{where}: a lone UTF-16 surrogate is not text"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key, where) or text_problem(item, f"{where}.{key}")
            if problem:
                return problem
    if isinstance(value, list):
        for index, item in enumerate(value):
            problem = text_problem(item, f"{where}[{index}]")
            if problem:
                return problem
    return None
