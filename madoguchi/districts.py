"""District names as residents say them, matched to the calendar's rows.

A calendar row may name several 丁目 and a condition, as cities write them:
「昭和通3～9丁目」「境１・３丁目」「稲葉荘（国道2号に面した家庭は除く）」
「稲葉荘の国道2号に面した家庭」「新橋２丁目 6～9・15～17番」. A resident names a place
(「昭和通5丁目」, 「ひがしまち」): its base name is found in the text, the 丁目 number
(5, ５, 五) picks the rows that include it, and a row with a condition wins over the
general row only when the resident mentions the condition (「国道2号に面してる」); when the
rows cannot be told apart, they are all returned and the assistant asks which one.

The sample city's readings and aliases are in faq_corpus/districts.csv (地名,よみ,別名).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Pattern, Set, Tuple

from madoguchi.corpus.model import display_path
from madoguchi.district_reading import in_hangul, romanized
from madoguchi.item_names import name_pattern
from madoguchi.japanese import Analyzer, DataFileError, default_analyzer
from madoguchi.languages import EASY_JAPANESE, JAPANESE, detect
from madoguchi.paths import CORPUS_DIR
from madoguchi.phrases import PhraseIndex
from madoguchi.skill_texts import district_names

DISTRICTS_FILE = CORPUS_DIR / "districts.csv"
CALENDAR_FILE = CORPUS_DIR / "collection_calendar.csv"

_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = r"[0-9〇一二三四五六七八九十]+"
_RANGE = re.compile(rf"^({_NUMBER})\s*[~〜～\-－‐―ー]\s*({_NUMBER})$")
# 「3～9丁目」, and 「一丁目～三丁目」 with 丁目 after each number (5374 lists write both)
_CHOME = re.compile(rf"^(.*?)\s*({_NUMBER}(?:\s*(?:丁目)?\s*[~〜～\-－‐―ー・,、]\s*{_NUMBER})*)\s*丁目(.*)$")
_CONDITION_WORDS = re.compile(r"面した|面する|沿い|沿線|側|番地|番|号|以外|家庭|世帯|地域|地区|区域")
_EXCLUDED = re.compile(r"^(.*?)(?:は|を)?(?:除く|除き|以外)$")
_ASKED_NUMBER = re.compile(rf"^\s*の?\s*({_NUMBER})\s*(?:丁目|ちょうめ|(?=[のはでにへ、。?？!！\s]|$))")
_ANY_CHOME = re.compile(rf"({_NUMBER})\s*(?:丁目|ちょうめ)")
_NEGATION = re.compile(r"ない|ません|違う|ちがう|じゃない")
# Words of a condition that say nothing about where (「国道2号に面した家庭」: 国道, 2, 号 count).
_GENERIC = {"家庭", "世帯", "家", "地域", "地区", "区域", "方", "所", "こと", "もの", "の", "に", "は", "を", "面する", "た"}


def to_number(text: str) -> int:
    """「5」「５」「五」「十二」 as an int."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (_KANJI_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for char in text:
        value = value * 10 + _KANJI_DIGITS[char]
    return value


def parse_numbers(text: str) -> FrozenSet[int]:
    """「3～9」「1・3」「2・4・5」 as the set of numbers they name."""
    numbers: Set[int] = set()
    for piece in re.split(r"[・,、]", text):
        piece = piece.strip()
        ranged = _RANGE.match(piece)
        if ranged:
            numbers.update(range(to_number(ranged.group(1)), to_number(ranged.group(2)) + 1))
        elif piece:
            numbers.add(to_number(piece))
    return frozenset(numbers)


@dataclass(frozen=True)
class DistrictName:
    """One calendar row's name, read as an address."""

    row: str  # as written in the calendar
    base: str  # 「昭和通」
    chome: Optional[FrozenSet[int]] = None  # None: the whole place
    condition: str = ""  # the row is only for these homes (「国道2号に面した家庭」「6～9番」)
    excluded: str = ""  # the row is for every home but these


def parse_district(row: str) -> DistrictName:
    text = unicodedata.normalize("NFKC", row).strip()
    condition = excluded = ""
    bracket = re.search(r"[（(]([^（）()]*)[)）]", text)
    if bracket:
        inner = bracket.group(1).strip()
        text = (text[: bracket.start()] + text[bracket.end() :]).strip()
        without = _EXCLUDED.match(inner)
        if without and without.group(1):
            excluded = without.group(1)
        else:
            condition = inner
    head, sep, tail = text.partition("の")
    if sep and head and _CONDITION_WORDS.search(tail):
        text, condition = head, tail
    if " " in text:
        text, _, rest = text.partition(" ")
        condition = (condition + " " + rest.strip()).strip()
    chome = _CHOME.match(text)
    if chome and chome.group(1):
        base = chome.group(1).strip()
        numbers = parse_numbers(chome.group(2).replace("丁目", ""))
        return DistrictName(row, base, numbers, (condition + chome.group(3)).strip(), excluded)
    return DistrictName(row, text, None, condition, excluded)


class DistrictIndex:
    def __init__(self, analyzer: Analyzer) -> None:
        self.names: List[str] = []
        self._analyzer = analyzer
        self._parsed: Dict[str, DistrictName] = {}
        self._by_key: Dict[str, List[str]] = {}  # a phrase's key -> the rows it names
        self._index: PhraseIndex[str] = PhraseIndex(analyzer)
        self._translated: List[Tuple[Pattern[str], str]] = []  # a name in another language, its row

    def _key(self, key: str, row: str, phrases: List[str]) -> None:
        rows = self._by_key.setdefault(key, [])
        if row not in rows:
            rows.append(row)
        self._index.add_all([p for p in phrases if p], key)

    def add(self, name: str, reading: str = "", aliases: Tuple[str, ...] = ()) -> None:
        self.names.append(name)
        parsed = parse_district(name)
        self._parsed[name] = parsed
        self._key("=" + name, name, [name, reading, *aliases])  # the row itself
        self._key(parsed.base, name, [parsed.base])
        if parsed.base.endswith("町"):
            self._key(parsed.base, name, [parsed.base[:-1] + "まち"])

    def add_translated(self, name: str, local: str, language: str) -> None:
        """A row's name in another language's letters (Higashimachi, 히가시마치), found as a word
        of that language (madoguchi.item_names): Sudachi reads Hangul as symbols."""
        if language != EASY_JAPANESE:  # easy Japanese writes the reading, which the row already has
            self._translated.append((name_pattern(local, language), name))

    def find(self, text: str) -> List[str]:
        """The rows the text names: one when it is clear, several when the resident must choose."""
        found = self._find_japanese(text)
        if not found and detect(text) not in (None, JAPANESE):
            folded = unicodedata.normalize("NFKC", text).casefold()
            found = list(dict.fromkeys(row for pattern, row in self._translated if pattern.search(folded)))
        return found

    def _find_japanese(self, text: str) -> List[str]:
        found: List[str] = []
        for match in self._index.find(text):
            rows = self._by_key[match.value]
            if not match.value.startswith("="):
                rows = self._narrow(rows, text, match.end)
            found.extend(r for r in rows if r not in found)
        return found

    def choose(self, offered: List[str], text: str) -> List[str]:
        """Which of the offered rows an answer picks (「5丁目です」「国道2号に面してます」); all
        of them when it cannot tell. Rows no longer in the calendar are dropped."""
        rows = [r for r in offered if r in self._parsed]
        number = _ANY_CHOME.search(unicodedata.normalize("NFKC", text))
        if number:
            rows = self._with_number(rows, to_number(number.group(1)))
        chosen = self._by_condition(rows, text)
        return chosen if len(chosen) < len(offered) else []

    def mentions_condition(self, text: str) -> bool:
        """Whether the text tells a row's condition (「国道2号に面してる」) without a place."""
        conditioned = [r for r, parsed in self._parsed.items() if parsed.condition or parsed.excluded]
        return bool(conditioned) and bool(self._told(conditioned, text))

    def _with_number(self, rows: List[str], number: int) -> List[str]:
        with_number = [r for r in rows if self._parsed[r].chome and number in (self._parsed[r].chome or ())]
        return with_number or [r for r in rows if self._parsed[r].chome is None]

    def _narrow(self, rows: List[str], text: str, end: int) -> List[str]:
        asked = _ASKED_NUMBER.match(unicodedata.normalize("NFKC", text[end:]))
        if asked:
            rows = self._with_number(rows, to_number(asked.group(1)))
        return self._by_condition(rows, text)

    def _by_condition(self, rows: List[str], text: str) -> List[str]:
        """A condition row wins when the resident mentions its condition; 「…ない」 picks the rest."""
        return self._told(rows, text) or rows

    def _told(self, rows: List[str], text: str) -> List[str]:
        """The rows a mentioned condition picks; none when no condition is mentioned."""
        said = set(self._lemmas(text))
        for row in rows:
            condition = self._parsed[row].condition
            words = [w for w in self._lemmas(condition) if w not in _GENERIC]
            if condition and words and all(w in said for w in words):
                if _NEGATION.search(text[text.find(condition[:2]) if condition[:2] in text else 0 :]):
                    excluding = [r for r in rows if self._parsed[r].excluded == condition]
                    others = [r for r in rows if r != row and not self._parsed[r].condition]
                    return excluding or others
                return [row]
        return []

    def _lemmas(self, text: str) -> List[str]:
        return [m.lemma for m in self._analyzer.morphs(unicodedata.normalize("NFKC", text)) if m.is_content]


def district_payload(name: str) -> str:
    """The message that asks for a district's collection days (a button, or a key on the phone)."""
    return "/waste_collection_day" + json.dumps({"district": name}, ensure_ascii=False)


def load_districts(path: Path = DISTRICTS_FILE, analyzer: Optional[Analyzer] = None) -> DistrictIndex:
    index = DistrictIndex(analyzer or default_analyzer())
    translated = district_names()  # Higashimachi, 히가시마치: as the translations write the names
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
        aliases = tuple(a.strip() for a in row[2].split("|") if a.strip())
        index.add(row[0].strip(), row[1].strip(), aliases)
        for language, local in translated.get(row[0].strip(), ()):
            index.add_translated(row[0].strip(), local, language)
    return index


def index_of(names: List[str], analyzer: Optional[Analyzer] = None) -> DistrictIndex:
    """An index of an imported calendar's rows (no readings: Sudachi's are used), also found
    by their place in Latin letters and in Hangul as the answers write it (「I live in
    Honcho」, 「혼초에 살아요」: its rows)."""
    index = DistrictIndex(analyzer or default_analyzer())
    for name in names:
        index.add(name)
        latin = romanized(parse_district(name).base)
        if latin.isascii():
            index.add_translated(name, latin, "en")
        hangul = in_hangul(parse_district(name).base)
        if any("\uac00" <= ch <= "\ud7a3" for ch in hangul):  # Sudachi read it
            index.add_translated(name, hangul, "ko")
    return index


@lru_cache(maxsize=1)
def sample_districts() -> DistrictIndex:
    return load_districts()


def default_districts() -> DistrictIndex:
    """The districts the assistant answers for now: an imported city's, else the sample's."""
    from madoguchi.waste_data import current

    return current().districts
