"""Whether a value is text that can be stored and written out: no lone UTF-16 surrogate (which
no UTF-8 database or file takes), no NUL (which PostgreSQL refuses), and no nesting deeper
than anything the project sends (the code that walks a value, such as masking, recurses: a
few hundred levels of metadata gave Rasa a RecursionError and a 500)."""

from __future__ import annotations

import unicodedata
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


def without_format_characters(text: str) -> str:
    """The text without Unicode's invisible format characters (category Cf: bidi controls such
    as U+202E, zero-width spaces and joiners, the BOM, soft hyphens, tag characters).

    A resident never means them, but a pasted question brings them: the tokenizer then cut
    「\u202e粗大ごみ\u202c を出したい」 apart and the question was refused as out of scope, and
    shown in the staff console a bidi override turns the text around."""
    if text.isascii():
        return text
    return "".join(character for character in text if unicodedata.category(character) != "Cf")
