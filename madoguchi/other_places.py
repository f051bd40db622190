"""Questions about another municipality's own services (faq_corpus/other_places.tsv).

「大阪市の粗大ごみの申し込み」 shares every word but one with this city's bulky-waste topic,
and the classifier and retrieval both answer it with this city's fees. The one word is a
place: Sudachi reads place names as 名詞,固有名詞,地名, so a place that is neither this city
nor one of its districts nor the country it lies in (「日本の役所」), followed by 「の」「で」
(a municipality) or by 「区役所」「市役所」 (any place), makes the question another city's. Moving in or out, a visit or a family
register kept elsewhere (「大阪から越してきた」「本籍が京都市」) keep it this city's; the
words for each are plain data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from madoguchi.japanese import Analyzer, DataFileError, data_lines, default_analyzer, without_word_spaces
from madoguchi.paths import CORPUS_DIR

OTHER_PLACES_FILE = CORPUS_DIR / "other_places.tsv"
KINDS = ("place", "after", "office", "unless", "service", "within")
_MUNICIPAL_ENDINGS = ("市", "区", "町", "村", "都", "府", "県")
# a municipality typed in kana (「よこはまし の ごみ」): Sudachi reads よこはま as a place and
# the ending apart (し as a particle); と and ふ are left out, as と is also "and"
_KANA_ENDING = re.compile(r"(?:し|く|ちょう|まち|むら|けん)(?=[\sのでにはっ]|$)")
# this city's own name is masked with a word Sudachi does not read as a place
_THIS_CITY = "この市"


@dataclass(frozen=True)
class PlaceWords:
    place: Tuple[str, ...]
    after: Tuple[str, ...]
    office: Tuple[str, ...]
    unless: Tuple[str, ...]
    service: Tuple[str, ...] = ()
    within: Tuple[str, ...] = ()  # places this city lies in (日本): never another municipality


def load_place_words(path: Path = OTHER_PLACES_FILE) -> PlaceWords:
    words: Dict[str, List[str]] = {kind: [] for kind in KINDS}
    for number, fields in data_lines(path):
        if len(fields) != 2 or fields[0] not in words or not fields[1]:
            raise DataFileError(f"{path}:{number}: expected 'kind<TAB>words', kind one of {', '.join(KINDS)}")
        words[fields[0]].extend(word for word in fields[1].split("|") if word)
    return PlaceWords(**{kind: tuple(found) for kind, found in words.items()})


class OtherPlaces:
    """Finds the other municipality a question asks about, if any."""

    def __init__(self, words: PlaceWords, own_names: Tuple[str, ...], is_ours: Callable[[str], bool], analyzer: Analyzer) -> None:
        self._words = words
        # longest first: 「みどり野市」 before 「みどり野」
        self._own_names = tuple(sorted((n for n in own_names if n), key=len, reverse=True))
        self._is_ours = is_ours  # a district, or a waste item named like a place
        self._analyzer = analyzer

    def named(self, text: str) -> Optional[str]:
        """The other place the question is about, or None when it is about this city."""
        text = unicodedata.normalize("NFKC", text)
        for name in self._own_names:
            text = text.replace(name, _THIS_CITY)
        if any(word in text for word in self._words.unless):
            return None
        for place, end in self._places(text):
            rest = text[end:]
            municipality = place.endswith(_MUNICIPAL_ENDINGS) or place in self._words.place
            kana_ending = _KANA_ENDING.match(rest)
            if kana_ending:  # 「さっぽろし の」: the place, its ending and the spaces a kana question puts
                municipality, rest = True, rest[kana_ending.end() :]
            # a kana question puts spaces between its words: 「おおさか の ごみ」 is 「おおさかのごみ」
            rest = without_word_spaces(rest.lstrip())
            if rest.startswith(self._words.office) or (municipality and rest.startswith(self._words.after)):
                return place
            if self._names_a_service(rest):
                return place
        return None

    def _names_a_service(self, rest: str) -> bool:
        """「札幌のごみ」「神戸で保育園」: a place without 市, straight followed by a service."""
        after = next((word for word in sorted(self._words.after, key=len, reverse=True) if rest.startswith(word)), None)
        return after is not None and rest[len(after) :].startswith(self._words.service)

    def _is_ours_or_around(self, place: str) -> bool:
        return place in self._words.within or self._is_ours(place)

    def _places(self, text: str) -> List[Tuple[str, int]]:
        morphs = self._analyzer.morphs(text)
        found = [(m.surface, m.end) for m in morphs if m.is_place and not self._is_ours_or_around(m.surface)]
        for word in self._words.place:
            start = text.find(word)
            if start >= 0:
                found.append((word, start + len(word)))
        return found


_default: Optional[OtherPlaces] = None


def default_other_places() -> OtherPlaces:
    """This city's profile and districts (an imported calendar's, when there is one)."""
    global _default
    if _default is None:
        from madoguchi.profile import load_profile
        from madoguchi.waste_data import current

        profile = load_profile()
        names = (profile.name, profile.name.removesuffix("市"), profile.reading, profile.reading.removesuffix("し"))

        def is_ours(word: str) -> bool:
            # a place name that is also a waste item is the item: 「使い捨てのカイロは燃えるごみ？」
            # asks about a hand warmer, not about Cairo
            data = current()
            return bool(data.districts.find(word)) or data.dictionary.names(word)

        # the analyzer the districts and waste items are read with: one Sudachi dictionary
        _default = OtherPlaces(load_place_words(), names, is_ours, default_analyzer())
    return _default


@dataclass(frozen=True)
class ListedPlaces:
    """Another municipality named in a language without a place-name reader (English): a
    listed place, an office or service word, and no `unless` word, all as whole words."""

    place: "re.Pattern[str]"
    office_or_service: "re.Pattern[str]"
    unless: "re.Pattern[str]"

    def named(self, text: str) -> Optional[str]:
        text = unicodedata.normalize("NFKC", text)
        found = self.place.search(text)
        if found is None or self.unless.search(text) or not self.office_or_service.search(text):
            return None
        return found.group(0)


def _whole_words(words: List[str]) -> "re.Pattern[str]":
    # longest first, so 「the next city」 is tried before a shorter word it holds
    alternatives = "|".join(_whole(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(f"(?:{alternatives})" if words else r"(?!)", re.IGNORECASE)


def _whole(word: str) -> str:
    """A word bounded where it begins or ends with a Latin letter or digit ("kobe", not
    "kobetsu"); Chinese is written without spaces and Korean adds its particles (东京新宿区役所,
    도쿄에서), so a Han or Hangul edge is found inside the sentence."""
    start = r"\b" if word[:1].isascii() and word[:1].isalnum() else ""
    end = r"\b" if word[-1:].isascii() and word[-1:].isalnum() else ""
    return f"{start}{re.escape(word)}{end}"


def load_listed_places(path: Path) -> ListedPlaces:
    words = load_place_words(path)
    if not words.place:
        raise DataFileError(f"{path}: no `place` line")
    return ListedPlaces(
        _whole_words(list(words.place)), _whole_words(list(words.office + words.service)), _whole_words(list(words.unless))
    )


@cache
def translated_other_places(language: str) -> Optional[ListedPlaces]:
    """A translated language's listed places (faq_corpus/translations/en/other_places.tsv);
    None when it has no such file."""
    path = CORPUS_DIR / "translations" / language / OTHER_PLACES_FILE.name
    return load_listed_places(path) if path.exists() else None
