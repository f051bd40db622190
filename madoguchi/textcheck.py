"""Whether a value is text that can be stored and written out: no lone UTF-16 surrogate (which
no UTF-8 database or file takes), no NUL (which PostgreSQL refuses), and no nesting deeper
than anything the project sends (the code that walks a value, such as masking, recurses: a
few hundred levels of metadata gave Rasa a RecursionError and a 500)."""

from __future__ import annotations

from typing import Any, Optional

MAX_DEPTH = 20  # the metadata and intent payloads the project sends are two or three deep


def text_problem(value: Any, where: str, depth: int = 0) -> Optional[str]:
    """Why a JSON value holds something that is not storable text, or None."""
    if depth > MAX_DEPTH:
        return f"{where}: nested more than {MAX_DEPTH} levels deep"
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
            problem = text_problem(key, where) or text_problem(item, f"{where}.{key}", depth + 1)
            if problem:
                return problem
    if isinstance(value, list):
        for index, item in enumerate(value):
            problem = text_problem(item, f"{where}[{index}]", depth + 1)
            if problem:
                return problem
    return None
