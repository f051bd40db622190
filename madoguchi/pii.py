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

# Full-width ASCII (０-９, ＠, Ａ-Ｚ …), the dashes people type and the kanji digits (〇一二…九)
# map one character to one character, so positions found in the folded text are positions
# in the original.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({ord(dash): ord("-") for dash in "ー－―‐−–—"})
_FOLD.update({ord(kanji): ord(str(digit)) for digit, kanji in enumerate("〇一二三四五六七八九")})
_FOLD[ord("\u3000")] = ord(" ")

# Between the groups of a number: nothing, one or two spaces, or a dash, dot, slash or bracket
# with spaces around it (090-1234-5678, 090.1234.5678, 090 - 1234 - 5678, 090/1234/5678).
_SEP = r"(?:[ \t]*[-./()][ \t]*|[ \t]{1,2})?"
# E-mail: an ASCII local part; domain labels in any script (みどり野.jp), an ASCII or 日本 TLD.
_EMAIL = r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:[\w-]+\.)+(?:[A-Za-z]{2,}(?![A-Za-z])|xn--[a-z0-9-]+|日本)"
_PHONE = rf"(?<!\d)(?:\+81(?:[ \t]*\(0\))?{_SEP}|\(?0)\d{{1,4}}{_SEP}\d{{1,4}}{_SEP}\d{{3,4}}(?!\d)"
_TWELVE = rf"(?<!\d)(?:\d{{4}}{_SEP}\d{{4}}{_SEP}\d{{4}}|\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}})(?!\d)"

# (pattern, replacement), most specific first: an e-mail may contain digits, and +81 90 … is
# a phone number although it has 12 digits. A 12-digit マイナンバー is never a phone number:
# _is_phone counts the digits.
PII_PATTERNS: List[Tuple[re.Pattern, str]] = [
    (re.compile(_EMAIL), "[メールアドレス]"),
    (re.compile(_PHONE), "[電話番号]"),
    (re.compile(_TWELVE), "[12桁の番号]"),
]

_PHONE_DIGITS = range(10, 12)  # 03-1234-5678 (10), 090-1234-5678 (11), +81 forms counted with their 0


def _is_phone(found: str) -> bool:
    digits = re.sub(r"\D", "", found)
    if found.startswith("+81"):
        digits = "0" + digits[2:].lstrip("0")
    return len(digits) in _PHONE_DIGITS


# Every pattern needs a digit (`\d`, as they use it) or an "@": a text without either holds
# none, and most strings masked (a message's whole parse data, its rankings) have neither.
_MAY_HOLD_PII = re.compile(r"[\d@]")


def mask_pii(text: str) -> str:
    """The text with every phone number, 12-digit number and e-mail address replaced."""
    folded = text.translate(_FOLD)
    if not _MAY_HOLD_PII.search(folded):
        return text
    return _masked(text, folded)


def _masked(text: str, folded: str) -> str:
    spans: List[Tuple[int, int, str]] = []
    taken = bytearray(len(folded))  # characters already inside a found span
    for pattern, replacement in PII_PATTERNS:
        for match in pattern.finditer(folded):
            if any(taken[match.start() : match.end()]):
                continue
            if replacement == "[電話番号]" and not _is_phone(match.group()):
                continue
            taken[match.start() : match.end()] = b"\1" * (match.end() - match.start())
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


def pseudonym(identifier: str, key: str) -> str:
    """A keyed pseudonym: the same for the same identifier, so a conversation goes on, but
    neither the identifier nor anything that narrows it down."""
    digest = hmac.new(key.encode(), identifier.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
    return "masked-" + digest[:32].translate(_LETTERS)


def pseudonymous_id(identifier: str, key: str) -> str:
    """The identifier itself when it holds no personal information; else its pseudonym."""
    return identifier if mask_pii(identifier) == identifier else pseudonym(identifier, key)
