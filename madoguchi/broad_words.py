"""Words that, asked alone, cover several topics (faq_corpus/broad_words.tsv, and a
language's own in faq_corpus/translations/<language>/broad_words.tsv: 「baby」).

A resident who types only 「証明書」 may want 住民票 or 所得証明: the assistant offers the
listed topics as 「もしかして…」 buttons rather than guessing one. Staff keep the list.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, List

from madoguchi.japanese import DataFileError, data_lines
from madoguchi.paths import CORPUS_DIR

BROAD_WORDS_FILE = CORPUS_DIR / "broad_words.tsv"
TRANSLATED_BROAD_WORDS = "translations/*/broad_words.tsv"
MAX_CANDIDATES = 4
_TRIM = " 　。、．，？?！!「」『』"
# A broad word with only a polite frame around it is still the broad word alone:
# 「手続きについて」「証明書がほしい」 name no topic either. Longest first.
_ASKING_ENDINGS = ("について知りたい", "について教えて", "を知りたい", "について", "がほしい", "をしたい", "のこと", "したい")


def load_broad_words(path: Path = BROAD_WORDS_FILE) -> Dict[str, List[str]]:
    words: Dict[str, List[str]] = {}
    for number, fields in data_lines(path):
        candidates = fields[1].split("|") if len(fields) == 2 else []
        if not fields[0] or not all(candidates) or not 0 < len(candidates) <= MAX_CANDIDATES:
            raise DataFileError(f"{path}:{number}: expected 'word<TAB>one to {MAX_CANDIDATES} candidates separated by |'")
        words[_normal(fields[0])] = candidates
    return words


def broad_words_files() -> List[Path]:
    """The Japanese list first, then each language's own (a word is one language's)."""
    return [BROAD_WORDS_FILE, *sorted(CORPUS_DIR.glob(TRANSLATED_BROAD_WORDS))]


@lru_cache(maxsize=1)
def default_broad_words() -> Dict[str, List[str]]:
    words: Dict[str, List[str]] = {}
    for path in broad_words_files():
        words.update(load_broad_words(path))
    return words


def _normal(text: str) -> str:
    """Width, case and spaces do not tell a word apart: やさしい日本語 puts spaces between
    words (「あかちゃんの こと」) and residents type 「Baby」 or 「baby」."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).strip(_TRIM).casefold())


def broad_word_candidates(text: str) -> List[str]:
    """The listed candidates when the whole message is one broad word, else none."""
    words = default_broad_words()
    text = _normal(text)
    for ending in _ASKING_ENDINGS:
        if text.endswith(ending) and text[: -len(ending)] in words:
            return list(words[text[: -len(ending)]])
    return list(words.get(text, []))
