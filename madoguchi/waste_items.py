"""The waste sorting dictionary: the sample city's (faq_corpus/waste_items.csv: item,
category code, how to put it out, aliases separated by `|`), or an imported city's 5374
target.csv (madoguchi/waste_data.py builds it from the city's own labels and notices).

The sample city's dictionary extends the official rule in spec/waste_items.csv and may
never contradict it: loading fails with `file:line: message` when an official item is
missing or sorted differently.

An item named in English, Chinese, Korean or Vietnamese (faq_corpus/waste_item_names.tsv,
madoguchi/item_names.py) is found as the Japanese item it names, when the text names no
Japanese item: the category is always this dictionary's.

An item listed with a qualifier (「いす（金属製）」「いす（木製）」) is also found by its
name without it (「いす」): the resident is then offered the variants to choose from.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from madoguchi.corpus.model import display_path
from madoguchi.item_names import item_names
from madoguchi.japanese import Analyzer, DataFileError, default_analyzer
from madoguchi.languages import JAPANESE, detect
from madoguchi.paths import CORPUS_DIR, SPEC_DIR
from madoguchi.phrases import Match, PhraseIndex
from madoguchi.spec import default_spec

WASTE_ITEMS_FILE = CORPUS_DIR / "waste_items.csv"
OFFICIAL_FILE = SPEC_DIR / "waste_items.csv"
HEADER = ["item", "category", "how", "aliases"]
OFFICIAL_HEADER = ["item", "category", "note"]

# Words that name no item: what is left of 「〇〇は何ごみ？」 once the item is gone.
_NOT_ITEMS = {
    "ごみ", "何", "なに", "なん", "捨て方", "捨てる", "出し方", "出す", "分別", "種類", "日", "方法", "方",
    "これ", "それ", "あれ", "どれ", "こちら", "燃やす", "燃やさない", "資源物", "粗大ごみ", "区分", "分け方",
    "こと", "もの", "物", "やつ", "品目", "場合", "曜日", "ところ", "家", "うち", "今日", "明日",
}  # fmt: skip


_QUALIFIER = re.compile(r"[（(][^（）()]*[)）]|[（(][^（）()]*$")


def base_name(name: str) -> str:
    """The item without its qualifiers: 「いす（金属以外、７０㎝以下）」 -> 「いす」."""
    return _QUALIFIER.sub("", unicodedata.normalize("NFKC", name)).strip()


@dataclass(frozen=True)
class WasteItem:
    name: str
    category: str  # the project's code (spec/topics.yml waste_categories): slots, phone, analytics
    how: str  # the city's notice
    aliases: Tuple[str, ...]
    label: str = ""  # the city's own category label; empty: the project's label for the code

    @property
    def category_label(self) -> str:
        return self.label or default_spec().waste_categories[self.category]


class WasteDictionary:
    def __init__(self, items: List[WasteItem], analyzer: Analyzer) -> None:
        self.items = {item.name: item for item in items}
        self._analyzer = analyzer
        self._index: PhraseIndex[str] = PhraseIndex(analyzer)
        self._variants: PhraseIndex[str] = PhraseIndex(analyzer)  # names without their qualifier
        for item in items:
            self._index.add_all((item.name, *item.aliases), item.name)
            base = base_name(item.name)
            if base and base != item.name:
                self._variants.add(base, item.name)

    def get(self, name: str) -> Optional[WasteItem]:
        return self.items.get(name)

    def matches(self, text: str) -> List[Match[str]]:
        """Names and aliases first; a name without its qualifier only where none matched
        (「毛布」 is the item 毛布, not also 毛布（電気）; 「いす」 is every いす（…）)."""
        language = detect(text)
        if language not in (None, JAPANESE):  # 「打火机」 is a lighter, not the 机 (desk) inside it
            named = self._named_in_other_languages(text)
            if named:
                return named
        found = [m for m in self._index.find(text) if _written_in_japanese(m.phrase, language)]
        taken = [(m.begin, m.end) for m in found]
        variants = [m for m in self._variants.find(text) if not any(b < m.end and m.begin < e for b, e in taken)]
        return _asked_about(text, found + variants) or self._named_in_other_languages(text)

    def _named_in_other_languages(self, text: str) -> List[Match[str]]:
        """「How do I throw away a frying pan?」: the items named in another language, as this dictionary's items."""
        found = []
        for match in item_names().find(text):
            name = self._own_name(match.value)
            if name:
                found.append(Match(name, match.phrase, match.begin, match.end, False))
        return found

    def _own_name(self, sample_name: str) -> Optional[str]:
        """The sample city's item in this dictionary: itself, or an imported city's one item with that word."""
        if sample_name in self.items:
            return sample_name
        values = {m.value for m in self._index.find(sample_name)}
        return values.pop() if len(values) == 1 else None

    def names(self, word: str) -> bool:
        """Whether the word, whole, is an item's name or alias (「カイロ」, a hand warmer)."""
        return any(m.begin == 0 and m.end == len(word) for m in self._index.find(word))

    def find(self, text: str) -> List[WasteItem]:
        """The items mentioned in the text, best match first."""
        return [self.items[m.value] for m in self.matches(text)]

    def mentions(self, text: str) -> int:
        """How many places of the text name an item (the variants of one name count once)."""
        return len({(m.begin, m.end) for m in self.matches(text)})

    def item_phrase(self, text: str) -> Optional[str]:
        """The words that name an item in the text, whether or not the dictionary knows it."""
        if detect(text) not in (None, JAPANESE):  # Sudachi's nouns of an English sentence name nothing
            return _short_answer(text)
        runs: List[str] = []
        current = ""
        for m in self._analyzer.morphs(text):
            if m.pos in ("名詞", "接頭辞", "接尾辞") and m.lemma not in _NOT_ITEMS:
                current += m.surface
                continue
            if current:
                runs.append(current)
            current = ""
        if current:
            runs.append(current)
        return max(runs, key=len) if runs else None


def _written_in_japanese(phrase: str, language: Optional[str]) -> bool:
    """Whether a phrase the Japanese index found is Japanese as the resident wrote it: in an
    English question Sudachi reads "bag" as バッグ (かばん) and "light" as ライト, which name
    nothing the resident meant; a Chinese question's Han characters are Chinese words (打火机's 机)."""
    if language in (None, JAPANESE):
        return True
    kana = any("\u3040" <= ch <= "\u30ff" for ch in phrase)
    han = any("\u4e00" <= ch <= "\u9fff" for ch in phrase)
    return kana or (han and language != "zh")


# A reply in another language taken as an item's name as it is (「widget」, 「소파 커버」):
# at most this many words (Chinese: characters), else it is a question, not a name.
MAX_NAME_WORDS = 3
MAX_NAME_CHINESE = 8


def _short_answer(text: str) -> Optional[str]:
    name = text.strip().strip("?？.。!！")
    short = len(name) <= MAX_NAME_CHINESE if detect(name) == "zh" else len(name.split()) <= MAX_NAME_WORDS
    return name if name and short else None


# After an item, words that make it the context of another one (「灰皿にたまった吸殻」,
# 「お弁当に入っていた保冷剤」), not an item asked about in a list (「電池とスプレー缶」).
_CONTEXT_AFTER = re.compile(r"^\s*(に|で|から|が|を使|の中|についてた|に入って)")


def _asked_about(text: str, matches: List[Match[str]]) -> List[Match[str]]:
    """The item asked about when others are only its context: the last one named."""
    spans = sorted({(m.begin, m.end) for m in matches})
    if len(spans) < 2 or not all(_CONTEXT_AFTER.match(text[end:]) for _, end in spans[:-1]):
        return matches
    last = spans[-1]
    return [m for m in matches if (m.begin, m.end) == last]


def _rows(path: Path, expected: List[str]) -> List[Tuple[int, Dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if [h.strip() for h in header] != expected:
            raise DataFileError(f"{display_path(path)}:1: header must be {','.join(expected)}")
        return [
            (number, dict(zip(expected, (cell.strip() for cell in row))))
            for number, row in enumerate(reader, start=2)
            if any(cell.strip() for cell in row)
        ]


def load_items(path: Path = WASTE_ITEMS_FILE, official: Path = OFFICIAL_FILE) -> List[WasteItem]:
    where = display_path(path)
    categories = default_spec().waste_categories
    items: List[WasteItem] = []
    first_line: Dict[str, int] = {}
    for number, row in _rows(path, HEADER):
        name, category, how = row.get("item", ""), row.get("category", ""), row.get("how", "")
        if not name or not how:
            raise DataFileError(f"{where}:{number}: 'item' and 'how' must not be empty")
        if category not in categories:
            raise DataFileError(f"{where}:{number}: unknown category '{category}' (one of {', '.join(categories)})")
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        for word in (name, *aliases):
            if word in first_line:
                raise DataFileError(f"{where}:{number}: '{word}' is already used on line {first_line[word]}")
            first_line[word] = number
        items.append(WasteItem(name, category, how, aliases))
    by_name = {item.name: item for item in items}
    for number, row in _rows(official, OFFICIAL_HEADER):
        name, category = row["item"], row["category"]
        if name not in by_name:
            raise DataFileError(f"{where}: official item '{name}' ({display_path(official)}:{number}) is missing")
        if by_name[name].category != category:
            raise DataFileError(
                f"{where}:{first_line[name]}: '{name}' is '{by_name[name].category}' here but "
                f"'{category}' in the official rule ({display_path(official)}:{number})"
            )
    return items


@lru_cache(maxsize=1)
def sample_dictionary() -> WasteDictionary:
    """The sample city's dictionary, whatever city is imported."""
    return WasteDictionary(load_items(), default_analyzer())


def default_dictionary() -> WasteDictionary:
    """The dictionary the assistant answers from now: an imported city's, else the sample's."""
    from madoguchi.waste_data import current

    return current().dictionary
