"""Text every store and file format can keep: no lone UTF-16 surrogates, no control characters.

A lone surrogate (JSON `"\\udc18"`) cannot be encoded as UTF-8; NUL is refused by PostgreSQL
in text; C0/C1 control characters (NUL, U+0080 …) are refused by openpyxl, so one of them in
the corpus would break the Excel export. Tabs and line breaks are ordinary text.
"""

from __future__ import annotations

import unicodedata
from typing import List

KEPT_CONTROLS = "\t\n\r"


def unreadable_characters(text: str) -> List[str]:
    """The characters of `text` that no store or export should get, as U+XXXX names."""
    found = {ch for ch in text if unicodedata.category(ch) in ("Cs", "Cc") and ch not in KEPT_CONTROLS}
    return [f"U+{ord(ch):04X}" for ch in sorted(found)]


def is_readable(text: str) -> bool:
    return not unreadable_characters(text)
