"""Finding known phrases (waste items, district names) inside what a resident wrote or said.

Matching is on Sudachi morphemes, never on raw substrings, so 東 does not match inside 東京.
A phrase matches a run of consecutive morphemes when their normalized lemmas, or their
readings, spell the same as the phrase's: 布団/ふとん/フトン, ﾍﾟｯﾄﾎﾞﾄﾙ/PETボトル/ペットボトル,
粗大ゴミ/粗大ごみ all meet. Longer matches win over shorter ones inside them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Dict, Generic, Iterable, List, Set, Tuple, TypeVar

from madoguchi.japanese import Analyzer, Morph

T = TypeVar("T")

MAX_SPAN = 6  # morphemes in the longest phrase we look for
MIN_READING_CHARS = 3  # shorter readings are too often homophones (かみ: 紙/髪)


def _katakana(text: str) -> str:
    """Hiragana to katakana, after NFKC (half-width katakana, full-width letters)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _keys(morphs: List[Morph]) -> Tuple[str, str]:
    lemma = "".join(m.lemma for m in morphs)
    reading = _katakana("".join(m.reading for m in morphs))
    return lemma, reading


@dataclass(frozen=True)
class Match(Generic[T]):
    value: T
    phrase: str  # as written in the text
    begin: int
    end: int
    by_reading: bool


class PhraseIndex(Generic[T]):
    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self._by_lemma: Dict[str, Set[T]] = {}
        self._by_reading: Dict[str, Set[T]] = {}

    def add(self, phrase: str, value: T) -> None:
        morphs = [m for m in self._analyzer.morphs(phrase) if m.is_content]
        if not morphs:
            return
        lemma, reading = _keys(morphs)
        self._by_lemma.setdefault(lemma, set()).add(value)
        if len(reading) >= MIN_READING_CHARS:
            self._by_reading.setdefault(reading, set()).add(value)

    def add_all(self, phrases: Iterable[str], value: T) -> None:
        for phrase in phrases:
            self.add(phrase, value)

    def find(self, text: str) -> List[Match[T]]:
        """Matches in the text, longest first; a match inside a longer one is dropped."""
        morphs = self._analyzer.morphs(text)
        found: List[Match[T]] = []
        for start in range(len(morphs)):
            for stop in range(min(len(morphs), start + MAX_SPAN), start, -1):
                span = morphs[start:stop]
                if not span[0].is_content or not span[-1].is_content:
                    continue
                lemma, reading = _keys(span)
                values, by_reading = self._by_lemma.get(lemma), False
                if not values:
                    values, by_reading = self._by_reading.get(reading), True
                for value in sorted(values or (), key=str):
                    found.append(Match(value, text[span[0].begin : span[-1].end], span[0].begin, span[-1].end, by_reading))
        found.sort(key=lambda m: (-(m.end - m.begin), m.by_reading, m.begin))
        kept: List[Match[T]] = []
        for match in found:
            inside = any(
                k.begin <= match.begin
                and match.end <= k.end
                and k.value != match.value
                and (k.end - k.begin) > (match.end - match.begin)
                for k in kept
            )
            if not inside and all(k.value != match.value for k in kept):
                kept.append(match)
        return kept
