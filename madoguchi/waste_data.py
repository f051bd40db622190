"""The waste data the assistant answers from: an imported city's 5374 folder when there is
one (faq_corpus/waste_5374/, written by `make import-5374`), else the sample city's files.

Long-running processes (action server, Rasa's NLU rule, the phone gateway) call `current()`
on each use: it is cached by the files' modification times, so an import is picked up on
the next question without a restart.

Broken files (area_days.csv missing, a row that cannot be read, a sample file edited by
hand) are staff's to mend: `make validate`, the import and training name them as
`file:line: message`. While the assistant runs, broken data is an empty WasteData whose
`problem` names the first of them, logged once: the NLU and the phone find no item and
no district in it, and only the skills that need it say so (bot/actions/waste_unavailable.py),
so one bad file never stops the turns that do not need it (FAQs, the other skills).

The city's category labels are kept as written and answered as they are; the project's
category codes (for slots, the phone and analytics) come from faq_corpus/waste_categories.tsv.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from madoguchi.calendar5374 import CollectionCalendar, load_calendar
from madoguchi.city5374 import City5374, read_city
from madoguchi.districts import CALENDAR_FILE, DISTRICTS_FILE, DistrictIndex, index_of, load_districts, sample_districts
from madoguchi.item_names import ITEM_NAMES_FILE, load_item_names
from madoguchi.japanese import DataFileError, data_lines, default_analyzer
from madoguchi.paths import CORPUS_DIR
from madoguchi.phrases import PhraseIndex
from madoguchi.spec import default_spec
from madoguchi.waste_items import (
    OFFICIAL_FILE,
    WASTE_ITEMS_FILE,
    WasteDictionary,
    WasteItem,
    base_name,
    load_items,
    sample_dictionary,
)

logger = logging.getLogger(__name__)

IMPORTED_DIR = CORPUS_DIR / "waste_5374"
CATEGORIES_FILE = CORPUS_DIR / "waste_categories.tsv"
KINDS_FILE = CORPUS_DIR / "waste_kinds.tsv"
SAMPLE_FILES = (WASTE_ITEMS_FILE, OFFICIAL_FILE, CALENDAR_FILE, DISTRICTS_FILE, KINDS_FILE)
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
    problem: Optional[str] = None  # `file:line: message` when the files could not be used

    @property
    def usable(self) -> bool:
        return self.problem is None

    def kinds_in(self, text: str) -> List[str]:
        """The calendar columns a question names (「燃えるごみの日」), or none."""
        return list(dict.fromkeys(m.value for m in self.kinds.find(text)))


def load_kinds(path: Path = KINDS_FILE) -> List[Tuple[str, List[str]]]:
    """faq_corpus/waste_kinds.tsv: a calendar column and residents' words for it."""
    kinds = []
    for number, fields in data_lines(path):
        if len(fields) != 2 or not fields[0] or not fields[1]:
            raise DataFileError(f"{path}:{number}: expected 'kind<TAB>word|word|…'")
        kinds.append((fields[0], fields[1].split("|")))
    return kinds


def _sample() -> WasteData:
    load_categories(CATEGORIES_FILE)  # read by the skills in other languages: broken, no skill answers
    calendar = load_calendar(CALENDAR_FILE)
    kinds: PhraseIndex[str] = PhraseIndex(default_analyzer())
    for kind, words in load_kinds():
        kinds.add_all([kind, *words], kind)
    return WasteData(sample_dictionary(), calendar, sample_districts(), kinds)


def sample_problems(corpus_dir: Path = CORPUS_DIR) -> List[str]:
    """The sample city's waste files in `corpus_dir`, checked as `make validate` checks the
    corpus: the first problem of each file as `file:line: message` (the loaders stop at it).
    They are read whatever city is imported (the imported items' other words come from them)."""
    checks: List[Tuple[Path, Callable[[Path], object]]] = [
        (corpus_dir / WASTE_ITEMS_FILE.name, lambda path: load_items(path, OFFICIAL_FILE)),
        (corpus_dir / CALENDAR_FILE.name, load_calendar),
        (corpus_dir / DISTRICTS_FILE.name, load_districts),
        (corpus_dir / KINDS_FILE.name, load_kinds),
        (corpus_dir / ITEM_NAMES_FILE.name, load_item_names),
    ]
    problems = []
    for path, load in checks:
        if not path.exists():
            continue  # a corpus without the sample city's files (tests' small corpora)
        try:
            path.read_bytes().decode("utf-8")
            load(path)
        except UnicodeDecodeError as error:
            problems.append(f"{path}:1: not UTF-8 (byte {error.start}); save the file as UTF-8")
        except DataFileError as error:
            problems.append(str(error))
        except csv.Error as error:
            problems.append(f"{path}:1: {error}")
    return problems


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
    table = load_categories(CATEGORIES_FILE)
    dictionary = WasteDictionary(city_items(city, table), default_analyzer())
    districts = index_of(list(city.calendar.districts))
    return WasteData(dictionary, city.calendar, districts, _kind_words(city.calendar, table), imported=city)


def _stamp(folder: Path) -> Tuple[Tuple[str, int], ...]:
    """The files the data is read from, and their times: the imported folder (itself first:
    a folder whose files were all removed is a broken import, not the sample city), else the
    sample city's files, so that a mended file is read again."""
    files = [folder, *sorted(folder.rglob("*.csv"))] if folder.is_dir() else list(SAMPLE_FILES)
    return tuple((str(p), p.stat().st_mtime_ns) for p in [*files, CATEGORIES_FILE] if p.exists())


def unavailable(problem: str) -> WasteData:
    """Waste data that knows no item, district or kind: what broken files give while running."""
    analyzer = default_analyzer()
    calendar = CollectionCalendar(kinds=[], year_end_break=False)
    return WasteData(WasteDictionary([], analyzer), calendar, DistrictIndex(analyzer), PhraseIndex(analyzer), problem=problem)


# What a broken file raises while it is read: its own message (DataFileError: file:line), or
# the reader's when the bytes are not what it expects (not UTF-8, a bad quote, a file gone).
_UNREADABLE = (DataFileError, OSError, UnicodeDecodeError, csv.Error)


@lru_cache(maxsize=2)
def _load(folder: Path, stamp: Tuple[Tuple[str, int], ...]) -> WasteData:
    """Cached by the files' times, broken data too: it is read and logged once, not per message."""
    try:
        return _imported(folder) if stamp and stamp[0][0] == str(folder) else _sample()
    except _UNREADABLE as error:
        problem = str(error) if isinstance(error, DataFileError) else f"{folder}: {type(error).__name__}: {error}"
        logger.error("the waste data cannot be used; the item and collection-day skills apologise: %s", problem)
        return unavailable(problem)


def current(folder: Optional[Path] = None) -> WasteData:
    folder = folder or IMPORTED_DIR
    return _load(folder, _stamp(folder))
