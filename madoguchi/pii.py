"""Masking personal information that residents type: phone numbers, 12-digit numbers, e-mail.

Applied before anything is stored or shown (conversation store, feedback, staff lists), and
before the gateway passes a message on to Rasa. The patterns are plain data below, most
specific first: an e-mail may contain digits, and a 12-digit マイナンバー must not be
read as a phone number.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any, List, Tuple

# Full-width ASCII (０-９, ＠, Ａ-Ｚ …) and the dashes people type map one character to one
# character, so positions found in the folded text are positions in the original.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({ord(dash): ord("-") for dash in "ー－―‐−–—"})
_FOLD[ord("\u3000")] = ord(" ")

# (pattern, replacement). Separators inside numbers: hyphen, space, brackets.
PII_PATTERNS: List[Tuple[re.Pattern, str]] = [
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[メールアドレス]"),
    # マイナンバー and other 12-digit numbers, written 4-4-4 or run together
    (re.compile(r"(?<!\d)\d{4}[- ]?\d{4}[- ]?\d{4}(?!\d)"), "[12桁の番号]"),
    # Japanese phone numbers: 0 or +81, then 9-10 more digits in up to three groups
    (re.compile(r"(?<!\d)(?:\+81[- ]?|\(?0)\d{1,4}[- ()]{0,2}\d{1,4}[- ()]{0,2}\d{3,4}(?!\d)"), "[電話番号]"),
]

_PHONE_DIGITS = range(10, 12)  # 03-1234-5678 (10), 090-1234-5678 (11), +81 forms counted without 0


def _is_phone(found: str) -> bool:
    digits = re.sub(r"\D", "", found)
    if found.startswith("+81"):
        digits = "0" + digits[2:]
    return len(digits) in _PHONE_DIGITS


def mask_pii(text: str) -> str:
    """The text with every phone number, 12-digit number and e-mail address replaced."""
    folded = text.translate(_FOLD)
    spans: List[Tuple[int, int, str]] = []
    for pattern, replacement in PII_PATTERNS:
        for match in pattern.finditer(folded):
            overlaps = any(start < match.end() and match.start() < end for start, end, _ in spans)
            if overlaps or (replacement == "[電話番号]" and not _is_phone(match.group())):
                continue
            spans.append((match.start(), match.end(), replacement))
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def mask_tree(value: Any) -> Any:
    """Every string inside a JSON value (metadata, a message) masked; other values as they are."""
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, dict):
        return {key: mask_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_tree(item) for item in value]
    return value


# Hex digits written as letters: a pseudonym must never look like a number mask_pii would take.
_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def pseudonymous_id(identifier: str, key: str) -> str:
    """The identifier itself when it holds no personal information; else a keyed pseudonym
    (the same one each time, so the conversation goes on, but not the number)."""
    if mask_pii(identifier) == identifier:
        return identifier
    digest = hmac.new(key.encode(), identifier.encode("utf-8", "replace"), hashlib.sha256).hexdigest()
    return "masked-" + digest[:32].translate(_LETTERS)
