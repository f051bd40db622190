"""English and Vietnamese text for the classifier: words, English ones stemmed.

Sudachi reads Latin text as Japanese and gives the English words its dictionary knows a
katakana normal form: "just" became ジャスト, "the" ザ, "throw" スロー (the same as "slow"),
"city" シティー, while "moved" stayed "moved" and "move" became ムーブ. English questions were
matched on a mixture of katakana loanwords and raw inflected forms. Here a Latin-script
message is cut into its words, lowercased, and English words are reduced to their Snowball
stem (snowballstemmer, BSD: moved / moving / moves → move); Vietnamese is written in
syllables that do not inflect and is only lowercased. Punctuation is left out.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List

import snowballstemmer

from madoguchi.japanese import Morph

# A word of Latin letters (with Vietnamese marks) and digits (2nd, 3F), an apostrophe inside
# (I'm, don't). Japanese words quoted in the message (粗大ごみ) are left to Sudachi.
_LETTERS = "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff"
LATIN_WORD = re.compile(rf"[{_LETTERS}]+(?:['’][{_LETTERS}]+)*")
_ENGLISH = snowballstemmer.stemmer("english")


def _stem(word: str, language: str) -> str:
    word = unicodedata.normalize("NFC", word).lower().replace("’", "'")
    if language != "en" or not word.isascii():
        return word
    return str(_ENGLISH.stemWord(word.split("'")[0] or word))


def latin_morphs(text: str, language: str, offset: int = 0) -> List[Morph]:
    """The Latin words of a span of an English (`en`) or Vietnamese (`vi`) message, offsets shifted by `offset`."""
    return [
        Morph(m.group(0), offset + m.start(), offset + m.end(), _stem(m.group(0), language), reading="", pos="word")
        for m in LATIN_WORD.finditer(text)
    ]
