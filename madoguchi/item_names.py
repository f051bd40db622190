"""Waste items named in English, Chinese, Korean or Vietnamese, and what the item lookup
says about them in those languages.

- faq_corpus/waste_item_names.tsv: a Japanese item of faq_corpus/waste_items.csv and its
  names in each language (`|` between names; the first is the one answered with), and in an
  optional last column the kana phrases やさしい日本語 writers use for it where the Japanese
  dictionary, which finds an item by its reading (でんち, れいぞうこ), knows no such phrase
  (「つかった あぶら」 for 食用油). They only find the item; the answer names it in Japanese.
- faq_corpus/translations/<language>/waste_items.yml: the category labels, a sentence per
  category for items whose own note is not translated, the notes that are, and the words
  that make a message a question about an item (「How do I throw away …」).

The sorting rule always comes from the Japanese dictionary (and so from spec/waste_items.csv):
a name in another language only finds the Japanese item, never a category of its own.

Names are found as words, not as any substring: Latin names (en, vi) between word
boundaries, ignoring case ("fan" is not inside "fancy", "ô" not inside "ô tô"), and a
Vietnamese message typed without marks by the names without theirs ("noi com dien"); Korean names
at the start of a word, with any particle after them (냉장고는, 냉장고를); Chinese names
anywhere, since Chinese is written without spaces; the kana phrases anywhere in Japanese text,
with or without the spaces やさしい日本語 puts between words. The longest name wins where names overlap
("frying pan" over "pan").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Pattern, Tuple, TypeVar

import yaml

from madoguchi.corpus.model import display_path
from madoguchi.corpus.yamlines import safe_load
from madoguchi.file_stamps import files_in_folders, modification_times
from madoguchi.japanese import DataFileError, data_lines
from madoguchi.languages import JAPANESE, detect
from madoguchi.paths import CORPUS_DIR
from madoguchi.phrases import Match
from madoguchi.traditional_chinese import as_simplified

logger = logging.getLogger(__name__)

ITEM_NAMES_FILE = CORPUS_DIR / "waste_item_names.tsv"
TRANSLATIONS_DIR = CORPUS_DIR / "translations"
TEXTS_FILE_NAME = "waste_items.yml"
LANGUAGES = ("en", "zh", "ko", "vi")  # the columns after the item, in this order
KANA = "ja-easy"  # the optional last column: kana phrases found in Japanese text
CATEGORY_CODES = ("burnable", "non_burnable", "recyclable", "hazardous", "bulky", "not_collected")
_HANGUL_BEFORE = r"(?<![\w가-힣])"


def _read_as_simplified(text: str, language: Optional[str]) -> str:
    """Chinese in traditional characters as the simplified the names and cues are written in
    (「電飯煲是什麼垃圾」 names 电饭煲 and asks 什么垃圾); of the same length, so offsets hold."""
    return as_simplified(text) if language == "zh" else text


def without_marks(text: str) -> str:
    """The text with its Latin letters' marks taken off (nồi → noi, đ → d), letter for letter:
    the same length, so an offset in one is an offset in the other; other scripts unchanged."""
    return "".join(_base_letter(ch) if not ch.isascii() and unicodedata.name(ch, "").startswith("LATIN") else ch for ch in text)


def _base_letter(letter: str) -> str:
    if letter in "đĐ":
        return "d" if letter == "đ" else "D"
    base = "".join(ch for ch in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(ch))
    return base if len(base) == 1 else letter  # 「ǆ」 would become two letters: kept, the length holds


def name_pattern(name: str, language: str) -> Pattern[str]:
    """A name as a word of its language (see above), to search in NFKC-folded, casefolded text."""
    escaped = re.escape(unicodedata.normalize("NFKC", name).casefold())
    if language == KANA:  # 「つかった あぶら」 also written 「つかったあぶら」
        return re.compile(r"\s*".join(re.escape(word) for word in unicodedata.normalize("NFKC", name).casefold().split()))
    if language == "zh":
        return re.compile(escaped)
    if language == "ko":
        return re.compile(_HANGUL_BEFORE + escaped)
    return re.compile(r"(?<!\w)" + escaped + r"(?!\w)")


class ItemNames:
    """Every item's names in the other languages: item -> language -> names (answered with the first)."""

    def __init__(self, names: Dict[str, Dict[str, Tuple[str, ...]]]) -> None:
        self.names = names
        patterns: Dict[bool, List[Tuple[int, Pattern[str], str]]] = {True: [], False: []}
        for item, by_language in names.items():
            for language, words in by_language.items():
                patterns[language == KANA] += [(len(word), name_pattern(word, language), item) for word in words]
        self._patterns = {kana: sorted(found, key=lambda entry: -entry[0]) for kana, found in patterns.items()}
        # Vietnamese typed without marks: the names without theirs, searched only in such text
        # (with marks, "nồi" and "nói" stay apart)
        unmarked = [
            (len(word), name_pattern(without_marks(word), "vi"), item)
            for item, by_language in names.items()
            for word in by_language.get("vi", ())
        ]
        self._unmarked = sorted(self._patterns[False] + unmarked, key=lambda entry: -entry[0])

    def display_name(self, item: str, language: str) -> Optional[str]:
        """The name answered with; none in やさしい日本語, whose kana phrases only find the item."""
        words = self.names.get(item, {}).get(language) if language != KANA else None
        return words[0] if words else None

    def find(self, text: str) -> List[Match[str]]:
        """The items named in a message, longest names first: in Japanese text only by the kana
        phrases (「床」 is a floor in Japanese, a bed in Chinese: Japanese has its own dictionary)."""
        language = detect(text)
        folded = _read_as_simplified(unicodedata.normalize("NFKC", text).casefold(), language)
        typed_without_marks = language == "vi" and without_marks(folded) == folded
        patterns = self._unmarked if typed_without_marks else self._patterns[language == JAPANESE]
        taken: List[Tuple[int, int]] = []
        found: List[Match[str]] = []
        for _, pattern, item in patterns:
            for hit in pattern.finditer(folded):
                if any(b < hit.end() and hit.start() < e for b, e in taken):
                    continue
                taken.append((hit.start(), hit.end()))
                found.append(Match(item, text[hit.start() : hit.end()], hit.start(), hit.end(), False))
        return sorted(found, key=lambda m: m.begin)


def load_item_names(path: Path = ITEM_NAMES_FILE) -> ItemNames:
    where = display_path(path)
    names: Dict[str, Dict[str, Tuple[str, ...]]] = {}
    first_line: Dict[Tuple[str, str], int] = {}
    for number, fields in data_lines(path):
        if len(fields) not in (1 + len(LANGUAGES), 2 + len(LANGUAGES)) or not fields[0]:
            columns = "<TAB>".join(LANGUAGES)
            raise DataFileError(f"{where}:{number}: expected 'item<TAB>{columns}[<TAB>{KANA}]', got {len(fields)} field(s)")
        item = fields[0]
        if item in names:
            raise DataFileError(f"{where}:{number}: '{item}' is already listed")
        names[item] = {}
        for language, cell in zip((*LANGUAGES, KANA), fields[1:]):
            words = tuple(w.strip() for w in cell.split("|") if w.strip())
            for word in words:
                key = (language, unicodedata.normalize("NFKC", word).casefold())
                if key in first_line:
                    raise DataFileError(f"{where}:{number}: {language} name '{word}' is already used on line {first_line[key]}")
                first_line[key] = number
            if words:
                names[item][language] = words
    return ItemNames(names)


@dataclass(frozen=True)
class ItemTexts:
    """What the item lookup says in one language (translations/<language>/waste_items.yml)."""

    categories: Dict[str, str]  # category code -> label
    by_category: Dict[str, str]  # category code -> how to put it out, for items without their own note
    notes: Dict[str, str]  # the Japanese note of waste_items.csv -> this language
    asks_kind: Optional[Pattern[str]]  # 「which garbage is …」: always the item skill
    asks_disposal: Optional[Pattern[str]]  # 「how do I throw away …」: the item skill unless an FAQ is sure

    def how(self, note: str, category: str) -> str:
        return self.notes.get(note) or self.by_category[category]


def _words(data: Dict[str, Any], key: str, where: str) -> Optional[Pattern[str]]:
    words = data.get(key) or []
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise DataFileError(f"{where}: '{key}' must be a list of words")
    if not words:
        return None
    # each word also without its marks, as Vietnamese is often typed ("vut" for "vứt")
    folded = {unicodedata.normalize("NFKC", w).casefold() for w in words}
    alternatives = sorted(folded | {without_marks(w) for w in folded}, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in alternatives))


def _mapping(data: Dict[str, Any], key: str, where: str, required: Tuple[str, ...] = ()) -> Dict[str, str]:
    value = data.get(key) or {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()):
        raise DataFileError(f"{where}: '{key}' must map texts to non-empty texts")
    missing = [code for code in required if code not in value]
    if missing:
        raise DataFileError(f"{where}: '{key}' lacks {', '.join(missing)}")
    return {str(k): str(v).strip() for k, v in value.items()}


def load_item_texts(path: Path) -> ItemTexts:
    where = display_path(path)
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise DataFileError(f"{where}:1: expected a mapping")
    return ItemTexts(
        categories=_mapping(data, "categories", where, CATEGORY_CODES),
        by_category=_mapping(data, "by_category", where, CATEGORY_CODES),
        notes=_mapping(data, "notes", where),
        asks_kind=_words(data, "asks_kind", where),
        asks_disposal=_words(data, "asks_disposal", where),
    )


def _stamp(folder: Path) -> Tuple[Tuple[str, int], ...]:
    return modification_times([ITEM_NAMES_FILE, *files_in_folders(folder, TEXTS_FILE_NAME)])


@lru_cache(maxsize=2)
def _load(folder: Path, stamp: Tuple[Tuple[str, int], ...]) -> Tuple[ItemNames, Dict[str, ItemTexts]]:
    """Read once per change of the files. The NLU reads them for every message: a file broken
    while the assistant runs (`make validate` names it as file:line) is left out and logged
    once, so that items are found and answered without it (in Japanese where a language's
    texts are missing) instead of every turn failing."""
    names = _or_logged(load_item_names, ITEM_NAMES_FILE) if ITEM_NAMES_FILE.exists() else None
    texts = {path.parent.name: _or_logged(load_item_texts, path) for path in sorted(folder.glob(f"*/{TEXTS_FILE_NAME}"))}
    return names or ItemNames({}), {language: found for language, found in texts.items() if found is not None}


_T = TypeVar("_T")


def _or_logged(load: Callable[[Path], _T], path: Path) -> Optional[_T]:
    try:
        return load(path)
    except (DataFileError, yaml.YAMLError, OSError, UnicodeDecodeError) as error:
        logger.error("%s is left out until it is mended: %s", display_path(path), error)
        return None


def item_names() -> ItemNames:
    """The names in other languages (re-read when the file changes, like the dictionary)."""
    return _load(TRANSLATIONS_DIR, _stamp(TRANSLATIONS_DIR))[0]


def item_texts(language: Optional[str]) -> Optional[ItemTexts]:
    """The item lookup's texts in a language, None where there are none (Japanese)."""
    return _load(TRANSLATIONS_DIR, _stamp(TRANSLATIONS_DIR))[1].get(language or "")


def asks_about_item(text: str) -> Tuple[bool, bool]:
    """(asks which kind of waste, asks how to throw away), from the words of any translated language."""
    folded = _read_as_simplified(unicodedata.normalize("NFKC", text).casefold(), detect(text))
    texts = _load(TRANSLATIONS_DIR, _stamp(TRANSLATIONS_DIR))[1].values()
    kind = any(t.asks_kind is not None and t.asks_kind.search(folded) for t in texts)
    disposal = any(t.asks_disposal is not None and t.asks_disposal.search(folded) for t in texts)
    return kind, disposal
