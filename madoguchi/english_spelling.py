"""English words misspelt by residents, read as the word they meant (issue 16).

Foreign residents type fast and often in their second language: 「how to seperate garbege」,
「residense certificat」, 「national pention」. The misspelt word matches no example, and
the question meets the wrong topic through its other words (national → health insurance) or
none. A word that is neither English (pyspellchecker's frequency list, MIT) nor a word of
the corpus's English examples is read also as the known word one edit away: a word of the
corpus's English examples first (pention → pension, not the more frequent mention), else
the most frequent English word. The typed word stays, so a romanized Japanese word the
list does not know (tohon) only gains a guess beside it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Collection, Optional

# Shorter words have too many neighbours one edit away (fee, bag, tax).
_SHORTEST = 4


@lru_cache(maxsize=1)
def _english() -> Any:
    """pyspellchecker's English list, read once per process (about half a second)."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


class EnglishSpelling:
    """Corrections for misspelt words, preferring the words the corpus's examples use."""

    def __init__(self, corpus_words: Collection[str]) -> None:
        self._corpus = frozenset(word.lower() for word in corpus_words)

    def correction(self, word: str) -> Optional[str]:
        """The word meant, or None for a known, short, or unguessable word."""
        word = word.lower()
        if len(word) < _SHORTEST or not word.isalpha() or not word.isascii() or word in self._corpus:
            return None
        english = _english()
        if word in english:
            return None
        candidates = english.edit_distance_1(word)
        from_corpus = sorted(candidates & self._corpus)
        if from_corpus:
            return max(from_corpus, key=lambda candidate: english.word_usage_frequency(candidate))
        known = english.known(candidates)
        return max(sorted(known), key=lambda candidate: english.word_usage_frequency(candidate)) if known else None
