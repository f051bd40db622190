"""District names as residents say them (faq_corpus/districts.csv: 地名,よみ,別名).

緑が丘 alone names both 緑が丘一丁目 and 緑が丘二丁目: the index returns both, and the
assistant asks which one is meant.
"""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

from madoguchi.corpus.model import display_path
from madoguchi.japanese import Analyzer, DataFileError, default_analyzer
from madoguchi.paths import CORPUS_DIR
from madoguchi.phrases import PhraseIndex

DISTRICTS_FILE = CORPUS_DIR / "districts.csv"
CALENDAR_FILE = CORPUS_DIR / "collection_calendar.csv"
_CHOME = re.compile(r"[一二三四五六七八九十\d]+丁目$")


class DistrictIndex:
    def __init__(self, analyzer: Analyzer) -> None:
        self.names: List[str] = []
        self._index: PhraseIndex[str] = PhraseIndex(analyzer)

    def add(self, name: str, reading: str, aliases: List[str]) -> None:
        self.names.append(name)
        self._index.add_all([name, reading, *aliases], name)
        base = _CHOME.sub("", name)
        if base != name:
            self._index.add(base, name)  # 緑が丘 -> every 丁目 of it
        elif name.endswith("町"):
            self._index.add(name[:-1] + "まち", name)

    def find(self, text: str) -> List[str]:
        return [match.value for match in self._index.find(text)]


def district_payload(name: str) -> str:
    """The message that asks for a district's collection days (a button, or a key on the phone)."""
    return "/waste_collection_day" + json.dumps({"district": name}, ensure_ascii=False)


def load_districts(path: Path = DISTRICTS_FILE, analyzer: Optional[Analyzer] = None) -> DistrictIndex:
    index = DistrictIndex(analyzer or default_analyzer())
    where = display_path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or [c.strip() for c in rows[0]] != ["地名", "よみ", "別名"]:
        raise DataFileError(f"{where}:1: header must be 地名,よみ,別名")
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3 or not row[0].strip():
            raise DataFileError(f"{where}:{number}: expected 地名,よみ,別名")
        aliases = [a.strip() for a in row[2].split("|") if a.strip()]
        index.add(row[0].strip(), row[1].strip(), aliases)
    return index


@lru_cache(maxsize=1)
def default_districts() -> DistrictIndex:
    return load_districts()
