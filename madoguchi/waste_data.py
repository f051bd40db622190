"""The waste data the assistant answers from: an imported city's 5374 folder when there is
one (faq_corpus/waste_5374/, written by `make import-5374`), else the sample city's files.

Long-running processes (action server, Rasa's NLU rule, the phone gateway) call `current()`
on each use: it is cached by the files' modification times, so an import is picked up on
the next question without a restart.

The city's category labels are kept as written and answered as they are; the project's
category codes (for slots, the phone and analytics) come from faq_corpus/waste_categories.tsv.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from madoguchi.calendar5374 import CollectionCalendar, load_calendar
from madoguchi.city5374 import City5374, read_city
from madoguchi.districts import CALENDAR_FILE, DistrictIndex, index_of, sample_districts
from madoguchi.japanese import DataFileError, data_lines, default_analyzer
from madoguchi.paths import CORPUS_DIR
from madoguchi.phrases import PhraseIndex
from madoguchi.spec import default_spec
from madoguchi.waste_items import WasteDictionary, WasteItem, base_name, load_items, sample_dictionary

IMPORTED_DIR = CORPUS_DIR / "waste_5374"
CATEGORIES_FILE = CORPUS_DIR / "waste_categories.tsv"
KINDS_FILE = CORPUS_DIR / "waste_kinds.tsv"
DEFAULT = "*"


@dataclass(frozen=True)
class CategoryTable:
    """faq_corpus/waste_categories.tsv: word -> code; a label takes its longest word's code."""

    words: Tuple[Tuple[str, str], ...]
    default: str

    def code_of(self, label: str) -> str:
        found = [(len(word), -n, code) for n, (word, code) in enumerate(self.words) if word in label]
        return max(found)[2] if found else self.default


def load_categories(path: Path = CATEGORIES_FILE) -> CategoryTable:
    codes = default_spec().waste_categories
    words: List[Tuple[str, str]] = []
    default = ""
    for number, fields in data_lines(path):
        if len(fields) != 2 or not fields[0] or fields[1] not in codes:
            raise DataFileError(f"{path}:{number}: expected 'word<TAB>code' with a code of {', '.join(codes)}")
        if fields[0] == DEFAULT:
            default = fields[1]
        else:
            words.append((fields[0], fields[1]))
    if not default:
        raise DataFileError(f"{path}:1: a '*<TAB>code' line must give the code of labels that match no word")
    return CategoryTable(tuple(words), default)


@dataclass
class WasteData:
    dictionary: WasteDictionary
    calendar: CollectionCalendar
    districts: DistrictIndex
    kinds: PhraseIndex[str]  # residents' words -> calendar column
    imported: Optional[City5374] = None

    def kinds_in(self, text: str) -> List[str]:
        """The calendar columns a question names (「燃えるごみの日」), or none."""
        return list(dict.fromkeys(m.value for m in self.kinds.find(text)))


def _sample() -> WasteData:
    calendar = load_calendar(CALENDAR_FILE)
    kinds: PhraseIndex[str] = PhraseIndex(default_analyzer())
    for _, fields in data_lines(KINDS_FILE):
        kinds.add_all([fields[0], *fields[1].split("|")], fields[0])
    return WasteData(sample_dictionary(), calendar, sample_districts(), kinds)


def _thesaurus() -> Dict[str, Tuple[str, ...]]:
    """The sample dictionary's words for one thing (食用油: 天ぷら油, 揚げ油 …), by each word."""
    groups: Dict[str, Tuple[str, ...]] = {}
    for item in load_items():
        words = (item.name, *item.aliases)
        for word in words:
            groups.setdefault(word, words)
    return groups


def city_items(city: City5374, table: CategoryTable) -> List[WasteItem]:
    """target.csv rows as dictionary items: the city's label and notice, the mapped code, and
    the sample dictionary's other words for the same thing as aliases (天ぷら油: 食用油 …)."""
    thesaurus = _thesaurus()
    labels_of: Dict[str, List[str]] = {}
    for row in city.items:
        labels_of.setdefault(row.name, []).append(row.label)
    own_words = {row.name for row in city.items} | {base_name(row.name) for row in city.items}
    items: List[WasteItem] = []
    for row in city.items:
        name = row.name if len(labels_of[row.name]) == 1 else f"{row.name}（{row.label}）"
        parts = [p for p in base_name(row.name).split("・") if len(p) >= 2] + _qualified(row.name)
        words = [*parts, *[w for p in parts + [row.name] for w in thesaurus.get(p, ())]]
        aliases = tuple(dict.fromkeys(w for w in words if w != name and (w in parts or w not in own_words)))
        items.append(WasteItem(name, table.code_of(row.label), row.notice, aliases, row.label))
    return items


_SHORT_QUALIFIER = re.compile(r"^(.+?)\s*[（(]([一-龥ァ-ヶー]{1,4})[)）]$")
_NOT_A_KIND = ("製", "式", "以外", "以下", "以上", "含む", "入り", "なし", "のみ")


def _qualified(name: str) -> List[str]:
    """「油（食用）」 is 食用油, 「血圧計(水銀)」 水銀血圧計: the qualifier read in front of the name."""
    match = _SHORT_QUALIFIER.match(unicodedata.normalize("NFKC", name).strip())
    if not match or match.group(2).endswith(_NOT_A_KIND):
        return []
    return [match.group(2) + match.group(1)]


def _kind_words(calendar: CollectionCalendar, table: CategoryTable) -> PhraseIndex[str]:
    """A column is named by its label, the words inside it (資源 （ペットボトル、びん…）), or by
    any word of the category table with the column's code (燃えるごみ -> 可燃ごみ)."""
    index: PhraseIndex[str] = PhraseIndex(default_analyzer())
    for kind in calendar.kinds:
        pieces = [p for p in base_name(kind).replace("・", " ").split() + _inside(kind) if p]
        index.add_all([kind, base_name(kind), *pieces], kind)
        code = table.code_of(kind)
        codes = [table.code_of(k) for k in calendar.kinds]
        if codes.count(code) == 1:  # 「資源ごみ」 is the city's only 資源 column
            words = [word for word, c in table.words if c == code]
            index.add_all(words + [w + "ごみ" for w in words if not w.endswith("ごみ")], kind)
    return index


def _inside(label: str) -> List[str]:
    return [w for part in re.findall(r"[（(]([^）)]*)[）)]", label) for w in re.split(r"[、,・\s]+", part)]


def _imported(folder: Path) -> WasteData:
    city = read_city(folder)
    if city.problems:
        raise DataFileError(city.problems[0])
    table = load_categories()
    dictionary = WasteDictionary(city_items(city, table), default_analyzer())
    districts = index_of(list(city.calendar.districts))
    return WasteData(dictionary, city.calendar, districts, _kind_words(city.calendar, table), imported=city)


def _stamp(folder: Path) -> Tuple[Tuple[str, int], ...]:
    files = [*sorted(folder.rglob("*.csv")), CATEGORIES_FILE] if folder.is_dir() else []
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists())


@lru_cache(maxsize=2)
def _load(folder: Path, stamp: Tuple[Tuple[str, int], ...]) -> WasteData:
    return _imported(folder) if stamp else _sample()


def current(folder: Optional[Path] = None) -> WasteData:
    folder = folder or IMPORTED_DIR
    return _load(folder, _stamp(folder))
