"""The tokenizer's morphemes for a message in any of the assistant's languages.

A message's language (madoguchi.languages.detect, its main script) decides who reads what:
Korean messages have their Hangul spans read by Kiwi (madoguchi.korean), Chinese ones are
cut by jieba (madoguchi.chinese), English and Vietnamese ones have their Latin words read by
madoguchi.latin; everything else in them (a quoted 粗大ごみ, numbers next to Hangul) and
every Japanese message is read by Sudachi as before, so the Japanese figures do not move.
A Han-only text that does not tell Chinese from Japanese (「住民票 取得」) stays Sudachi's.
"""

from __future__ import annotations

import re
from typing import Callable, List, Optional

from madoguchi.chinese import chinese_morphs
from madoguchi.english_spelling import EnglishSpelling
from madoguchi.japanese import Analyzer, Morph
from madoguchi.korean import NOT_HANGUL, KoreanReader
from madoguchi.languages import detect
from madoguchi.latin import LATIN_WORD, NO_ROMANIZED_WORDS, NO_SYNONYMS, EnglishSynonyms, RomanizedWords, latin_morphs

SpanReader = Callable[[str, int], List[Morph]]


class LanguageAnalyzer:
    """Sudachi for Japanese, jieba for Chinese, Kiwi for Hangul, words for Latin-script languages."""

    def __init__(
        self, japanese: Analyzer, korean: Optional[KoreanReader], romanized: RomanizedWords = NO_ROMANIZED_WORDS,
        spelling: Optional[EnglishSpelling] = None, synonyms: EnglishSynonyms = NO_SYNONYMS,
    ) -> None:  # fmt: skip
        self._japanese = japanese
        self._korean = korean  # None: Korean is read by Sudachi, as before Kiwi
        self._romanized = romanized  # English: tenshutsu also reads as moving out (madoguchi.latin)
        self._spelling = spelling  # English: garbege also reads as garbage (madoguchi.english_spelling)
        self._synonyms = synonyms  # English: rubbish also reads as garbage (madoguchi.latin)

    def release_korean(self) -> None:
        """Lets Kiwi go until the next Korean text (madoguchi.korean.KoreanReader)."""
        if self._korean is not None:
            self._korean.release()

    def morphs(self, text: str) -> List[Morph]:
        language = detect(text)
        if language == "ko" and self._korean is not None:
            others = [m for run in NOT_HANGUL.finditer(text) for m in self._between(run.group(0), run.start(), True)]
            return sorted(self._korean.morphs(text) + others, key=lambda m: (m.begin, m.end))
        if language == "zh":
            return chinese_morphs(text)
        if language in ("en", "vi"):
            read: SpanReader = lambda span, offset: latin_morphs(  # noqa: E731
                span, language, offset, self._romanized, self._spelling, self._synonyms
            )
            return self._mixed(text, LATIN_WORD, read, keep_symbols=False)
        return self._japanese.morphs(text)

    def _mixed(self, text: str, spans: "re.Pattern[str]", read: SpanReader, keep_symbols: bool) -> List[Morph]:
        """`read` on each span the pattern finds, Sudachi on the text between them."""
        result: List[Morph] = []
        position = 0
        for span in spans.finditer(text):
            result += self._between(text[position : span.start()], position, keep_symbols)
            result += read(span.group(0), span.start())
            position = span.end()
        return result + self._between(text[position:], position, keep_symbols)

    def _between(self, text: str, offset: int, keep_symbols: bool) -> List[Morph]:
        if not text.strip():
            return []
        morphs = self._japanese.morphs(text)
        return [
            Morph(m.surface, offset + m.begin, offset + m.end, m.lemma, m.reading, m.pos)
            for m in morphs
            if keep_symbols or m.is_content
        ]
