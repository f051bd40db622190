"""Finding known phrases (waste items, district names) inside what a resident wrote or said.

Matching is on Sudachi morphemes, never on raw substrings, so 東 does not match inside 東京.
A phrase matches a run of consecutive morphemes when their normalized lemmas, or their
readings, spell the same as the phrase's: 布団/ふとん/フトン, ﾍﾟｯﾄﾎﾞﾄﾙ/PETボトル/ペットボトル,
粗大ゴミ/粗大ごみ all meet. Readings are compared without voicing marks, because a compound
is read with rendaku (ビニール傘 ビニールガサ) and a wrong kanji is not (ビニール笠 ビニールカサ).
Two nouns a few words apart also match the phrase they make together (天ぷら…油 in
「天ぷらに使った油」 is 天ぷら油). Longer matches win over shorter ones inside them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Dict, Generic, Iterable, List, Set, Tuple, TypeVar

from madoguchi.japanese import Analyzer, Morph

T = TypeVar("T")

MAX_SPAN = 6  # morphemes in the longest phrase we look for
MIN_READING_CHARS = 3  # shorter readings are too often homophones (かみ: 紙/髪)
PAIR_WINDOW = 6  # morphemes between two nouns that may still make one phrase
_UNVOICED = str.maketrans(
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ", "カキクケコサシスセソタチツテトハヒフヘホハヒフヘホウ"
)
_CLAUSE_BREAK = {"、", "。", "と", "や", "か", "?", "!", "？", "！"}


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
        self._by_unvoiced: Dict[str, Set[T]] = {}

    def add(self, phrase: str, value: T) -> None:
        morphs = [m for m in self._analyzer.morphs(phrase) if m.is_content]
        if not morphs:
            return
        lemma, reading = _keys(morphs)
        self._by_lemma.setdefault(lemma, set()).add(value)
        if len(reading) >= MIN_READING_CHARS:
            self._by_reading.setdefault(reading, set()).add(value)
            self._by_unvoiced.setdefault(reading.translate(_UNVOICED), set()).add(value)

    def add_all(self, phrases: Iterable[str], value: T) -> None:
        for phrase in phrases:
            self.add(phrase, value)

    def _lookup(self, morphs: List[Morph]) -> Tuple[Set[T], bool]:
        lemma, reading = _keys(morphs)
        values = self._by_lemma.get(lemma)
        if values:
            return values, False
        if len(reading) < MIN_READING_CHARS:
            return set(), False
        values = self._by_reading.get(reading)
        if not values and len(morphs) > 1:  # ビニール+笠 for ビニール傘 (read ビニールガサ)
            values = self._by_unvoiced.get(reading.translate(_UNVOICED))
        return values or set(), True

    def _pairs(self, text: str, morphs: List[Morph]) -> List[Match[T]]:
        """Two nouns of one clause that make a known phrase (天ぷら…油 -> 天ぷら油, 天ぷらの油)."""
        found: List[Match[T]] = []
        for i, first in enumerate(morphs):
            if first.pos != "名詞":
                continue
            for j in range(i + 2, min(len(morphs), i + 2 + PAIR_WINDOW)):
                if morphs[j - 1].surface in _CLAUSE_BREAK:
                    break
                last = morphs[j]
                if last.pos != "名詞":
                    continue
                values, by_reading = self._lookup([first, last])
                if not values:
                    joined = Morph("の", 0, 0, "の", "ノ", "助詞")
                    values, by_reading = self._lookup([first, joined, last])
                for value in sorted(values, key=str):
                    found.append(Match(value, text[first.begin : last.end], first.begin, last.end, by_reading))
        return found

    def find(self, text: str) -> List[Match[T]]:
        """Matches in the text, longest first; a match inside a longer one is dropped."""
        morphs = self._analyzer.morphs(text)
        found: List[Match[T]] = []
        for start in range(len(morphs)):
            for stop in range(min(len(morphs), start + MAX_SPAN), start, -1):
                span = morphs[start:stop]
                if not span[0].is_content or not span[-1].is_content:
                    continue
                values, by_reading = self._lookup(span)
                for value in sorted(values, key=str):
                    found.append(Match(value, text[span[0].begin : span[-1].end], span[0].begin, span[-1].end, by_reading))
        direct = [(m.begin, m.end) for m in found]
        # a pair may hold direct matches (天ぷら…油 over 天ぷら) but never cut through one
        # (庭…木 in 「庭で切った木の枝」 is not 庭木)
        found.extend(
            pair
            for pair in self._pairs(text, morphs)
            if not any(b < pair.end and pair.begin < e and not (pair.begin <= b and e <= pair.end) for b, e in direct)
        )
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
